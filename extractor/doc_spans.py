"""The record's values as spaCy spans: ``doc.spans[field]``, one group per field, labelled.

The rule components keep their findings in ``doc.user_data`` and the record is built from
them (``record.to_record``); this last pipeline step puts every value of that record where spaCy
users look: ``doc.spans["persons"]``, ``doc.spans["provinces"]``, … (``FIELD_LABELS``), and all
of them together in ``doc.spans[ALL]``, so ``displacy.render(doc, style="span",
options={"spans_key": "provinces"})`` draws them. Each span's ``label_`` is the field's label
and its ``kb_id_`` the normalized value (ISO date, ``HH:MM``, province code, the full name of
the person a role belongs to, …).

Offsets. The tokenizer cuts its tokens from the *input* text at offsets found on the
normalized twin (``normalize.py`` keeps lengths), so ``doc.text`` is the input exactly and a
record span's ``start``/``end`` are ``Doc`` character offsets as they are. But the rules match
characters, not tokens, and a value may begin or end inside an nlpo3 token ("จังหวัดขอนแก่น"
is one token; its province is the last seven letters). A spaCy ``Span`` is made of whole
tokens, so this step first splits such tokens where a value begins or ends
(``split_at``), then every span is exact: ``span.start_char == value.span.start`` and
``span.text == value.span.text``. The components have run by then on their own ``TextView``
(built from the tokens before the split), so the split changes no value.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc

import schemas

ALL = "meeting"  # the key of the group that holds every field's spans
# The field of the record -> the label of its spans (keep in sync with the show page's legend).
FIELD_LABELS = {
    "persons": "PERSON",
    "roles": "ROLE",
    "organizations": "ORG",
    "provinces": "PROVINCE",
    "times": "TIME",
    "dates": "DATE",
    "attendee_count": "COUNT",
    "projects": "PROJECT",
    "venue": "VENUE",
    "online": "ONLINE",
    "event": "EVENT",  # the words that say what kind of event it was (schema 1.3)
}


def values(record: schemas.MeetingReport) -> Iterator[tuple[str, schemas.Span, str]]:
    """(field, span, normalized value) for every value of the record, in field order; a span
    two values share (a role two persons hold) comes once per field."""
    seen: set[tuple[str, int, int]] = set()
    for field, span, value in _all_values(record):
        if (field, span.start, span.end) not in seen:
            seen.add((field, span.start, span.end))
            yield field, span, value


def _all_values(r: schemas.MeetingReport) -> Iterator[tuple[str, schemas.Span, str]]:
    for person in r.persons:
        for mention in person.mentions:
            yield "persons", mention, person.full_name
    for person in r.persons:
        for role in person.roles:
            yield "roles", role.span, person.full_name
    for org in r.organizations:
        for mention in org.mentions:
            yield "organizations", mention, org.name
    for province in r.provinces:
        for mention in province.mentions:
            yield "provinces", mention, province.code
    for t in r.times:
        yield "times", t.span, t.start + (f"-{t.end}" if t.end else "")
    for d in r.dates:
        yield "dates", d.span, (d.date or "?") + (f"/{d.end_date}" if d.end_date else "")
    if r.attendee_count:
        yield "attendee_count", r.attendee_count.span, str(r.attendee_count.value)
    for p in r.projects:
        yield "projects", p.span, p.name
    if r.venue:
        yield "venue", r.venue.span, r.venue.text
    if r.online:
        yield "online", r.online.span, r.online.platform or ""
        for platform in r.online.platforms:
            yield "online", platform.span, platform.name
    if r.event and r.event.type_span:
        yield "event", r.event.type_span, r.event.type


def split_at(doc: Doc, cuts: set[int]) -> None:
    """Split the tokens of ``doc`` that hold one of the character offsets ``cuts`` inside them."""
    # Offsets from the array, and the text once: iterating a Doc makes a Token object each, and
    # ``doc.text`` joins every token again at each call (the two were half a post's time).
    starts = doc.to_array("IDX").tolist()
    inside: dict[int, list[int]] = {}  # token index -> offsets inside it, sorted
    for cut in sorted(cuts):
        i = bisect_right(starts, cut) - 1
        if i >= 0 and starts[i] < cut < starts[i] + len(doc[i]):
            inside.setdefault(i, []).append(cut)
    if not inside:
        return
    view = doc.user_data.get("view")
    text = view.text if view is not None else doc.text  # the same string; the view's costs nothing
    with doc.retokenize() as retokenizer:
        for i, offsets in inside.items():
            token = doc[i]
            bounds = [token.idx, *offsets, token.idx + len(token)]
            pieces = [text[a:b] for a, b in pairwise(bounds)]
            # No parser here: each piece is attached to the token itself (heads are required).
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))


def annotate(doc: Doc, record: schemas.MeetingReport) -> None:
    """Set ``doc.spans[field]`` (and ``doc.spans[ALL]``) from the record's values."""
    found = list(values(record))
    split_at(doc, {offset for _, span, _ in found for offset in (span.start, span.end)})
    groups: dict[str, list] = {field: [] for field in FIELD_LABELS}
    for field, span, value in found:
        groups[field].append(doc.char_span(span.start, span.end, label=FIELD_LABELS[field], kb_id=value))
    for field, spans in groups.items():
        doc.spans[field] = spans
    doc.spans[ALL] = [span for spans in groups.values() for span in spans]
