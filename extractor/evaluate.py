"""Field-by-field precision, recall and F1 of records against gold records (corpus/README.md).

Each field becomes a list of comparable items per post; predicted and gold items are paired
one to one (exactly, or by a lenient test for projects and venues) and counted over posts.

>>> s = FieldScore(tp=3, fp=1, fn=0)
>>> round(s.precision, 2), s.recall, round(s.f1, 3)
(0.75, 1.0, 0.857)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import schemas
from extractor.gazetteers import provinces

FIELDS = (
    "persons",
    "titles",
    "roles",
    "organizations",
    "provinces",
    "times",
    "dates",
    "attendee_count",
    "projects_strict",
    "projects_lenient",
    "venue",
    "online",
    "date_kinds",
    "time_kinds",
    "event_type",
    "event_chair",
    "event_host_province",
    "event_date",
    "event_time",
    "event_mode",
)
# One value per post (null included): a right one is a true positive, a wrong one both a false
# positive and a false negative, so precision, recall and F1 all equal the accuracy per post.
EVENT_FIELDS = ("event_type", "event_chair", "event_host_province", "event_date", "event_time", "event_mode")
KIND_FIELDS = ("date_kinds", "time_kinds")
SPACES_AND_QUOTES = re.compile(r"[\s“”\"'‘’]+")


def squash(text: str | None) -> str:
    """Text compared without whitespace and quotes ("โคก หนอง นา" == "โคกหนองนา")."""
    return SPACES_AND_QUOTES.sub("", text or "")


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Miss:
    post: str
    field: str
    kind: str  # "missed" (in gold only) or "spurious" (predicted only)
    item: object


@dataclass
class Report:
    scores: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    misses: list[Miss] = field(default_factory=list)
    posts: int = 0

    def as_dict(self) -> dict:
        return {"posts": self.posts, "fields": {name: s.as_dict() for name, s in self.scores.items()}}


def _exact(a: object, b: object) -> bool:
    return a == b


def _overlaps(a: str, b: str) -> bool:
    """Lenient text match: one contains the other, or they share most of the shorter one's start."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    shorter = min(len(a), len(b))
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    return common >= 0.6 * shorter


def _pair(pred: list, gold: list, same: Callable[[object, object], bool]) -> tuple[int, list, list]:
    """Greedy one-to-one pairing: (matched, unmatched predictions, unmatched gold)."""
    unmatched_gold = list(gold)
    spurious = []
    tp = 0
    for item in pred:
        hit = next((i for i, g in enumerate(unmatched_gold) if same(item, g)), None)  # an index: a value may be None
        if hit is None:
            spurious.append(item)
        else:
            del unmatched_gold[hit]
            tp += 1
    return tp, spurious, unmatched_gold


def _unique(items: Iterable) -> list:
    return list(dict.fromkeys(items))


def gold_items(gold: dict) -> dict[str, list]:
    """The comparable items of a gold record (corpus/README.md format)."""
    persons = gold["persons"]
    count = gold["attendee_count"]
    return {
        "persons": _unique((squash(p["first_name"]), squash(p["last_name"])) for p in persons),
        "titles": _unique((squash(p["first_name"]), squash(p["title"])) for p in persons if p["title"]),
        "roles": _unique((squash(p["first_name"]), squash(r)) for p in persons for r in p["roles"]),
        "organizations": _unique(
            (squash(p["first_name"]), squash(p["organization"])) for p in persons if p["organization"]
        ),
        "provinces": _unique(gold["provinces"]),
        "times": _unique((t["start"], t.get("end")) for t in gold["times"]),
        "dates": _unique((d["date"], d.get("end_date")) for d in gold["dates"]),
        "attendee_count": [count["value"]] if count else [],
        "projects_strict": _unique(squash(p) for p in gold["projects"]),
        "projects_lenient": _unique(squash(p) for p in gold["projects"]),
        "venue": [squash(gold["venue"])] if gold["venue"] else [],
        "online": [gold["online"]] if gold["online"] else [],
        **_gold_event_items(gold),
    }


def _gold_event_items(gold: dict) -> dict[str, list]:
    event = gold.get("event")
    if event is None:
        return {}
    return {
        "date_kinds": _unique((d["date"], d.get("end_date"), d["kind"]) for d in gold["dates"]),
        "time_kinds": _unique((t["start"], t.get("end"), t["kind"]) for t in gold["times"]),
        "event_type": [event["type"]],
        "event_chair": [squash(event["chair"]) if event["chair"] else None],
        "event_host_province": [event["host_province"]],
        "event_date": [event["date"]],
        "event_time": [event["time"]],
        "event_mode": [event["mode"]],
    }


def _kinds(values: Iterable[tuple]) -> list[tuple]:
    """(value..., kind) once per value: a value the post writes as the event's and again as
    the page's stamp is the event's (gold records list each date once)."""
    kinds: dict[tuple, str] = {}
    for *value, kind in values:
        if kind == "event" or tuple(value) not in kinds:
            kinds[tuple(value)] = kind
    return [(*value, kind) for value, kind in kinds.items()]


def _record_event_items(record: schemas.MeetingReport) -> dict[str, list]:
    event = record.event
    chair = record.persons[event.chair] if event is not None and event.chair is not None else None
    by_code = {p.code: p.name_th for p in provinces().values()}
    return {
        "date_kinds": _kinds((d.date, d.end_date, d.kind) for d in record.dates if d.date),
        "time_kinds": _kinds((t.start, t.end, t.kind) for t in record.times),
        "event_type": [event.type if event else None],
        "event_chair": [squash(chair.first_name) if chair else None],
        "event_host_province": [by_code.get(event.host_province) if event else None],
        "event_date": [event.date if event else None],
        "event_time": [event.time if event else None],
        "event_mode": [event.mode if event else None],
    }


def record_items(record: schemas.MeetingReport) -> dict[str, list]:
    """The comparable items of an extracted record."""
    persons = record.persons
    return {
        "persons": _unique((squash(p.first_name), squash(p.last_name)) for p in persons),
        "titles": _unique((squash(p.first_name), squash(p.title)) for p in persons if p.title),
        "roles": _unique((squash(p.first_name), squash(r.text)) for p in persons for r in p.roles),
        "organizations": _unique(
            (squash(p.first_name), squash(r.organization)) for p in persons for r in p.roles if r.organization
        ),
        "provinces": _unique(p.name_th for p in record.provinces),
        "times": _unique((t.start, t.end) for t in record.times),
        "dates": _unique((d.date, d.end_date) for d in record.dates),
        "attendee_count": [record.attendee_count.value] if record.attendee_count else [],
        "projects_strict": _unique(squash(p.name) for p in record.projects),
        "projects_lenient": _unique(squash(p.name) for p in record.projects),
        "venue": [squash(record.venue.text)] if record.venue else [],
        "online": [(record.online.platform or "unnamed")] if record.online else [],
        **_record_event_items(record),
    }


def _person_key_match(pred: tuple, gold: tuple) -> bool:
    """A person whose surname the post gives only sometimes still counts by given name."""
    return pred[0] == gold[0] and (pred[1] == gold[1] or not pred[1] or not gold[1])


MATCHERS: dict[str, Callable[[object, object], bool]] = {
    "persons": _person_key_match,
    "projects_lenient": _overlaps,
    "venue": _overlaps,
}


def score_post(report: Report, post_id: str, record: schemas.MeetingReport, gold: dict) -> None:
    """Add one post's counts (and misses) to ``report``."""
    predicted, expected = record_items(record), gold_items(gold)
    report.posts += 1
    for name in FIELDS:
        if name not in expected:
            continue  # a gold record written before the field existed
        tp, spurious, missed = _pair(predicted[name], expected[name], MATCHERS.get(name, _exact))
        s = report.scores[name]
        s.tp += tp
        s.fp += len(spurious)
        s.fn += len(missed)
        report.misses += [Miss(post_id, name, "spurious", item) for item in spurious]
        report.misses += [Miss(post_id, name, "missed", item) for item in missed]


@dataclass(frozen=True)
class GoldPost:
    id: str
    path: Path  # the post file
    gold: dict


def load_gold(folder: str | Path) -> list[GoldPost]:
    """Every post with a gold record under ``folder`` (recursively), sorted by id."""
    posts = []
    for gold_path in sorted(Path(folder).rglob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "file" not in gold or "persons" not in gold:
            continue
        posts.append(GoldPost(gold["id"], gold_path.with_name(gold["file"]), gold))
    return sorted(posts, key=lambda p: p.id)


def evaluate_corpus(posts: Iterable[GoldPost], engine: str = "rules") -> Report:
    """Extract every post from its file and score it against its gold record."""
    from extractor import extract_file

    report = Report()
    for post in posts:
        score_post(report, post.id, extract_file(post.path, engine), post.gold)
    return report


def format_table(report: Report) -> str:
    """A plain-text table: field, precision, recall, F1, counts."""
    lines = [f"{'field':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in report.scores.items():
        if name in EVENT_FIELDS:
            continue
        lines.append(f"{name:<20}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    event_fields = [name for name in EVENT_FIELDS if name in report.scores]  # ThaiNER's report has none
    if event_fields:
        lines.append(f"{'event (per post)':<20}{'accuracy':>21}{'right':>6}{'wrong':>6}")
    for name in event_fields:
        s = report.scores[name]
        lines.append(f"{name:<20}{s.precision:>21.3f}{s.tp:>6}{s.fp:>6}")
    lines.append(f"({report.posts} posts)")
    return "\n".join(lines)
