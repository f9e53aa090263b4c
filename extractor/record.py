"""Doc -> MeetingReport: merge person mentions into persons, gather organizations, attach source."""

from __future__ import annotations

import hashlib
import re

from spacy.tokens import Doc

import schemas
from extractor.components.base import WARNINGS, TextView
from extractor.components.event import EventFound
from extractor.components.persons import NameMention

WHITESPACE = re.compile(r"\s+")


def doc_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_record(doc: Doc, source: schemas.Source | None = None) -> schemas.MeetingReport:
    view: TextView = doc.user_data["view"]
    found = doc.user_data["found"]
    groups = group_mentions(found["persons"])
    persons = [_person(view, group) for group in groups]
    warnings = found[WARNINGS] + [f"no year for the date {d.span.text!r}" for d in found["dates"] if d.date is None]
    return schemas.MeetingReport(
        doc_id=doc_id(view.text),
        source=source,
        persons=persons,
        organizations=_organizations(view, found["persons"]),
        provinces=found["provinces"],
        times=found["times"],
        dates=found["dates"],
        attendee_count=found["attendee_count"],
        projects=found["projects"],
        venue=found["venue"],
        online=found["online"],
        event=_event(view, found.get("event"), groups),
        warnings=warnings,
    )


def _event(view: TextView, event: EventFound | None, groups: list[list[NameMention]]) -> schemas.Event | None:
    if event is None:
        return None
    return schemas.Event(
        type=event.type,
        type_span=view.span(event.type_start, event.type_end) if event.type_start is not None else None,
        chair=_chair_index(event.chair, groups),
        host_province=event.host_province,
        date=event.date,
        time=event.time,
        mode=event.mode,
    )


def _chair_index(chair: NameMention | None, groups: list[list[NameMention]]) -> int | None:
    """The person whose mention is (or overlaps: the NER engines replace the rules' mentions
    after the event step) the chair's."""
    if chair is None:
        return None
    return next((i for i, group in enumerate(groups)
                 if any(m.start < chair.end and chair.start < m.end for m in group)), None)


def _same_person(a: NameMention, b: NameMention) -> bool:
    return a.first_name == b.first_name and (a.last_name is None or b.last_name is None or a.last_name == b.last_name)


def group_mentions(mentions: list[NameMention]) -> list[list[NameMention]]:
    """Mentions of the same person (``_same_person``) together, each joining the earliest group
    that holds a mention of them. Indexed by name: comparing every mention with every group
    made a post that names thousands of people quadratic."""
    groups: list[list[NameMention]] = []
    by_name: dict[tuple[str, str | None], int] = {}  # (given, surname or None) -> earliest group
    by_first: dict[str, int] = {}  # given name -> earliest group
    for mention in mentions:
        first, last = mention.first_name, mention.last_name
        if last is None:
            index = by_first.get(first)
        else:
            found = [i for i in (by_name.get((first, None)), by_name.get((first, last))) if i is not None]
            index = min(found, default=None)
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(mention)
        by_name[first, last] = min(index, by_name.get((first, last), index))
        by_first.setdefault(first, index)
    return groups


def _person(view: TextView, group: list[NameMention]) -> schemas.Person:
    fullest = max(group, key=lambda m: (m.last_name is not None, m.title is not None, -m.start))
    roles: list[schemas.Role] = []
    seen: set[str] = set()
    for mention in group:
        for role in mention.roles:
            if role.text not in seen:
                seen.add(role.text)
                roles.append(schemas.Role(
                    text=role.text, organization=role.organization, span=view.span(role.start, role.end),
                    source=role.source, confidence=0.9 if role.source == "rule" else 0.6,
                ))
    parts = [fullest.title or "", fullest.first_name, " " + fullest.last_name if fullest.last_name else ""]
    return schemas.Person(
        full_name=WHITESPACE.sub(" ", "".join(parts)).strip(),
        title=fullest.title,
        first_name=fullest.first_name,
        last_name=fullest.last_name,
        roles=roles,
        mentions=[view.span(m.start, m.end) for m in group],
        confidence=max(m.confidence for m in group),
        source=_source({m.source for m in group}),
    )


def _source(sources: set[str]) -> str:
    """"both" when the rules and the model agree on any mention of the person."""
    if "both" in sources or sources >= {"rule", "model"}:
        return "both"
    return sources.pop()


def _organizations(view: TextView, mentions: list[NameMention]) -> list[schemas.Organization]:
    by_name: dict[str, schemas.Organization] = {}
    for mention in mentions:
        for role in mention.roles:
            if role.organization and role.org_start is not None:
                org = by_name.setdefault(role.organization, schemas.Organization(
                    name=role.organization, source=role.source, confidence=0.9 if role.source == "rule" else 0.6))
                org.mentions.append(view.span(role.org_start, role.org_end))
    return list(by_name.values())
