"""The statistical NER model (persons, roles, organizations, projects) and how it joins the rules.

The model ships in ``extractor/models/meeting_ner`` (rebuilt by ``extract train``) and is
loaded lazily, once per process, with no download. It runs line by line over the whole post:
about 25 ms on a seed-sized post, five times the rules, which is why ``rules`` stays the
default engine (windows around unexplained cues were tried and lost more recall than they
saved time; see the README's ablation).

Engines:
- ``model``: persons (with roles and organizations) and projects come from the model alone;
- ``hybrid``: the rules' findings stay; a model person the rules missed is added, with the
  roles the rules find after it; a rule person the model also found is marked "both"; a
  model project is added where no rule project overlaps it.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

from extractor.components.base import TextView
from extractor.components.persons import NameMention, RoleFound, mention_in_span, roles_after
from extractor.errors import DataFileError

MODEL_DIR = "models/meeting_ner"
# A model folder built by 'extract train', used instead of the shipped one (also by batch
# workers, which inherit the environment).
MODEL_ENV = "EXTRACT_NER_MODEL"


def model_path() -> Path:
    override = os.environ.get(MODEL_ENV)
    return Path(override) if override else Path(str(files("extractor").joinpath(MODEL_DIR)))


@cache
def load():
    """The shipped model, loaded once per process (each worker loads its own)."""
    import spacy

    import extractor.pipeline  # noqa: F401 - registers the tokenizer the model's config names

    path = model_path()
    if not (path / "config.cfg").exists():
        raise DataFileError(f"the NER model is missing at {path}; rebuild it with 'extract train'")
    return spacy.load(path)


def _lines(view: TextView) -> list[tuple[int, int]]:
    found = []
    start = 0
    for line in view.text.split("\n"):
        if line.strip():
            found.append((start, start + len(line)))
        start += len(line) + 1
    return found


def predict(view: TextView, regions: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, label) of every entity the model finds in ``regions`` of the text."""
    nlp = load()
    spans = []
    for (offset, _), doc in zip(regions, nlp.pipe(view.text[s:e] for s, e in regions), strict=True):
        spans += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
    return spans


def _attach(view: TextView, mentions: list[NameMention], spans: list[tuple[int, int, str]]) -> None:
    """Give each model ROLE the person right before it (same line), and each ORG the role before it."""
    roles = sorted((s, e) for s, e, label in spans if label == "ROLE")
    orgs = sorted((s, e) for s, e, label in spans if label == "ORG")
    for mention in mentions:
        last_end = mention.end
        for s, e in roles:
            gap = view.norm[last_end:s]
            if s >= last_end and len(gap) <= 3 and "\n" not in gap:
                role = RoleFound(view.text[s:e], s, e, source="model")
                org = next(((os, oe) for os, oe in orgs if 0 <= os - e <= 2), None)
                if org:
                    role.organization, role.org_start, role.org_end = view.text[org[0] : org[1]], *org
                mention.roles.append(role)
                last_end = org[1] if org else e


def model_findings(view: TextView, regions: list[tuple[int, int]]) -> tuple[list[NameMention], list[tuple[int, int]]]:
    """Persons (with roles) and project spans found by the model in ``regions``."""
    spans = predict(view, regions)
    mentions = [m for s, e, label in spans if label == "PERSON" and (m := mention_in_span(view, s, e, "model"))]
    _attach(view, mentions, spans)
    projects = [(s, e) for s, e, label in spans if label == "PROJECT"]
    return mentions, projects


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def apply(doc, engine: str) -> None:
    """Replace (``model``) or extend (``hybrid``) the rules' persons and projects on ``doc``."""
    import schemas

    view: TextView = doc.user_data["view"]
    found = doc.user_data["found"]
    mentions, project_spans = model_findings(view, _lines(view))
    model_projects = [schemas.Project(name=(sp := view.span(s, e)).text, span=sp, source="model", confidence=0.6)
                      for s, e in project_spans]
    if engine == "model":
        found["persons"] = mentions
        found["projects"] = model_projects
        return
    rule_mentions: list[NameMention] = found["persons"]
    for mention in mentions:
        twin = next((r for r in rule_mentions if _overlaps(r.start, r.end, mention.start, mention.end)), None)
        if twin is not None:
            if twin.source == "rule":
                twin.source = "both"
            continue
        mention.roles = roles_after(view, mention.end) or mention.roles
        rule_mentions.append(mention)
    rule_mentions.sort(key=lambda m: m.start)
    for project in model_projects:
        if not any(_overlaps(p.span.start, p.span.end, project.span.start, project.span.end) for p in found["projects"]):
            found["projects"].append(project)
    found["projects"].sort(key=lambda p: p.span.start)
