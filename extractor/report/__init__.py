"""``extract report``: a page of charts over a batch target, self-contained and offline.

``summarize(target)`` aggregates the target where it lives: SQL in SQLite and PostgreSQL
(``sql.py``), Arrow compute over JSON Lines and Parquet (``arrow.py``); no loop over records in
Python, so 100,000 records take seconds. ``render(summary)`` draws it with plotly, whose
JavaScript (plotly.js, MIT) is embedded once in the page: nothing is fetched when it opens.

The event's own columns (``event_date``, ``event_host_province``, ``event_chair``,
``event_type``, ``event_mode``; the record's ``event``) are used where the target has them
with a value; a target written before them falls back to the post's first date, every
province it names, the persons named most and whether it was online (each chart says which).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from extractor.errors import ExtractorError

TOP = 15  # bars in a ranked chart
# Attendee counts are drawn in these bins: a bin holds counts from its bound up to the next.
ATTENDEE_BINS = (1, 10, 25, 50, 100, 200, 500, 1000)


class ReportTargetError(ExtractorError):
    kind = "target"
    hint = "give a .sqlite, .jsonl or .parquet target that extract batch wrote, or a postgresql:// URL"


Counts = list[tuple[str, int]]


@dataclass
class Chart:
    """One chart's data: ranked or ordered (label, count) pairs, and what they count."""

    title: str
    counts: Counts
    note: str = ""  # which column it came from, when a fallback was taken
    kind: str = "bar"  # "bar" (vertical, in order), "rank" (horizontal, largest first) or "pie"


@dataclass
class Summary:
    target: str
    converted: int
    failed: Counts  # error kind -> posts
    charts: dict[str, Chart] = field(default_factory=dict)  # in the page's order

    @property
    def total(self) -> int:
        return self.converted + sum(n for _, n in self.failed)


def attendee_bin_labels() -> list[str]:
    """'1-9', '10-24', …, '1000+': the labels of ``ATTENDEE_BINS``."""
    bounds = ATTENDEE_BINS
    return [f"{a}-{b - 1}" for a, b in pairwise(bounds)] + [f"{bounds[-1]}+"]


def named_codes(counts: Counts) -> Counts:
    """"TH-44" -> "TH-44 Maha Sarakham" (at most 77 labels, not records)."""
    from extractor.gazetteers import provinces

    english = {p.code: p.name_en for p in provinces().values()}
    return [(f"{code} {english.get(code, '')}".strip(), n) for code, n in counts]


def target_kind(target: str) -> str:
    """"postgresql", "sqlite", "jsonl" or "parquet", by the target's form (as ``extract batch`` names them)."""
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql"
    suffix = Path(target).suffix.lower()
    kinds = {".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite", ".jsonl": "jsonl", ".parquet": "parquet"}
    if suffix not in kinds:
        raise ReportTargetError("not a target extract report reads", target)
    if not Path(target).exists():
        raise ReportTargetError("no such target", target)
    return kinds[suffix]


def summarize(target: str) -> Summary:
    """Aggregate a batch target into the report's figures."""
    kind = target_kind(target)
    if kind in ("sqlite", "postgresql"):
        from extractor.report import sql

        return sql.summarize(target, kind)
    from extractor.report import arrow

    return arrow.summarize(target, kind)


def render(summary: Summary) -> str:
    from extractor.report.page import render_page

    return render_page(summary)


@dataclass
class Figures:
    """What a backend counts; ``*_from_event`` says whether the event's own column gave it."""

    months: Counts
    provinces: Counts  # "TH-44 Maha Sarakham" -> posts
    modes: Counts  # "online" / "in person" (or the event's mode) -> posts
    platforms: Counts
    roles: Counts
    people: Counts  # chairs, or the persons named in most posts
    attendees: Counts  # in ATTENDEE_BINS order
    projects: Counts
    event_types: Counts = field(default_factory=list)
    month_from_event: bool = False
    province_from_event: bool = False
    mode_from_event: bool = False
    chair_from_event: bool = False


def charts(f: Figures) -> dict[str, Chart]:
    """The page's charts, in order, from a backend's figures (titles and notes said once, here)."""
    out = {
        "months": Chart("Posts per month of the event date" if f.month_from_event
                        else "Posts per month of their first date", f.months,
                        "" if f.month_from_event else "no event date in this target: each post's first dated mention"),
        "provinces": Chart("Posts per host province" if f.province_from_event else "Posts per province named",
                           f.provinces, "" if f.province_from_event else
                           "no host province in this target: a post counts for every province it names", "rank"),
        "modes": Chart("Event mode" if f.mode_from_event else "Online or not", f.modes, "", "pie"),
        "platforms": Chart("Online platforms (the first one a post names)", f.platforms, "", "rank"),
        "roles": Chart(f"The {TOP} most frequent roles", f.roles, "", "rank"),
        "people": Chart(f"The {TOP} most frequent chairs" if f.chair_from_event
                        else f"The {TOP} persons named in most posts", f.people,
                        "" if f.chair_from_event else "no event chair in this target: persons named, not chairs", "rank"),
        "attendees": Chart("Attendee counts", f.attendees, "posts by the number of people who took part"),
        "projects": Chart(f"The {TOP} most mentioned projects", f.projects, "", "rank"),
    }
    if f.event_types:
        out["event_types"] = Chart("Posts per event type", f.event_types, "", "rank")
    return out
