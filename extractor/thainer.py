"""Scoring against ThaiNER's tagged text (``../shared/eval/thainer/train.txt``), read in place.

Each line is one sentence or paragraph with inline tags (``[PERSON]…[/PERSON]``). The tags are
removed to give the plain line, the tagged spans are kept, and the extractor runs on the
plain line. Scores are by mention, and a prediction counts when it overlaps a gold span:

- persons: predicted name mentions against PERSON spans;
- provinces: predicted province mentions against LOCATION spans that name a province
  ("ขอนแก่น", "จ.ขอนแก่น", "จังหวัดขอนแก่น"); a prediction inside another LOCATION, an
  ORGANIZATION or a FACILITY span is neither right nor wrong (ThaiNER does not tag a province
  inside "อำเภอเมืองขอนแก่น" or "ศาลากลางจังหวัดขอนแก่น", which the record counts);
- times and dates: predicted spans against TIME and DATE spans that hold a digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.evaluate import FieldScore
from extractor.gazetteers import province_names

TAG = re.compile(r"\[(/?)([A-Z_]+)\]")
NOISE_TAGS = {"AGO", "T"}  # the README: drop the tags, keep the text
PROVINCE_PREFIX = re.compile(r"^(?:จังหวัด|จ\.)\s?")
DIGIT = re.compile(r"[0-9๐-๙]")
FIELDS = ("persons", "provinces", "times", "dates")
DURATION = re.compile(r"\d\s*(?:วัน|ชั่วโมง|ชม\.|นาที|สัปดาห์|เดือน|ปี)(?!ที่)")
YEAR_ONLY = re.compile(r"^(?:ปี|พ\.ศ\.|ค\.ศ\.)?\s*\d{4}$")


@dataclass(frozen=True)
class TaggedLine:
    number: int  # 1-based line number in the file
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (label, start, end) in ``text``


def parse_line(raw: str, number: int = 0) -> TaggedLine:
    """One tagged line -> plain text and spans.

    >>> line = parse_line("ตามที่[PERSON]นางประนอม ทองจันทร์[/PERSON] ป่วย")
    >>> line.text, line.spans
    ('ตามที่นางประนอม ทองจันทร์ ป่วย', (('PERSON', 6, 25),))
    """
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    open_tags: dict[str, int] = {}
    length = 0
    pos = 0
    for m in TAG.finditer(raw):
        piece = raw[pos : m.start()]
        parts.append(piece)
        length += len(piece)
        pos = m.end()
        closing, label = m.group(1) == "/", m.group(2)
        if label in NOISE_TAGS:
            continue
        if not closing:
            open_tags[label] = length
        elif label in open_tags:
            spans.append((label, open_tags.pop(label), length))
    parts.append(raw[pos:])
    return TaggedLine(number, "".join(parts), tuple(spans))


def read_lines(path: str | Path) -> Iterator[TaggedLine]:
    """The non-empty lines of a ThaiNER file (a leading BOM is dropped)."""
    with open(path, encoding="utf-8-sig") as handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.rstrip("\n")
            if raw.strip():
                yield parse_line(raw, number)


def is_thainer_file(path: str | Path) -> bool:
    """True when the file looks like ThaiNER's tagged text."""
    p = Path(path)
    if not p.is_file() or p.suffix != ".txt":
        return False
    with open(p, encoding="utf-8-sig", errors="replace") as handle:
        head = handle.read(20000)
    return bool(re.search(r"\[(PERSON|LOCATION|ORGANIZATION)\]", head))


def names_province(text: str) -> bool:
    return PROVINCE_PREFIX.sub("", text.strip()) in province_names()


@dataclass
class ThaiNerReport:
    scores: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    # Times and dates again, without the gold spans the record's guide excludes (durations
    # such as "72 ชั่วโมง", years alone such as "2546"): what the guide would score.
    guide_scores: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in ("times", "dates")})
    misses: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, field, kind, text)
    lines: int = 0

    def as_dict(self) -> dict:
        return {
            "lines": self.lines,
            "fields": {name: s.as_dict() for name, s in self.scores.items()},
            "guide_aligned": {name: s.as_dict() for name, s in self.guide_scores.items()},
        }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _count(score: FieldScore, predicted: list[tuple[int, int]], gold: list[tuple[int, int]],
           ignored: list[tuple[int, int]] = ()) -> tuple[list, list]:
    """Add overlap counts; return (spurious predictions, missed gold spans). A true positive is
    a gold span some prediction overlaps (two predictions on one span are one hit)."""
    spurious = [p for p in predicted
                if not any(_overlaps(p, g) for g in gold) and not any(_overlaps(p, i) for i in ignored)]
    missed = [g for g in gold if not any(_overlaps(p, g) for p in predicted)]
    score.tp += len(gold) - len(missed)
    score.fp += len(spurious)
    score.fn += len(missed)
    return spurious, missed


def score_line(report: ThaiNerReport, line: TaggedLine, engine: str = "rules") -> None:
    from extractor import extract

    if not line.text.strip():
        return
    record = extract(line.text, engine)
    report.lines += 1
    by_label: dict[str, list[tuple[int, int]]] = {}
    for label, start, end in line.spans:
        by_label.setdefault(label, []).append((start, end))

    def text_of(span: tuple[int, int]) -> str:
        return line.text[span[0] : span[1]]

    locations = by_label.get("LOCATION", [])
    gold = {
        "persons": by_label.get("PERSON", []),
        "provinces": [s for s in locations if names_province(text_of(s))],
        "times": [s for s in by_label.get("TIME", []) if DIGIT.search(text_of(s))],
        "dates": [s for s in by_label.get("DATE", []) if DIGIT.search(text_of(s))],
    }
    ignored = {
        "provinces": [s for s in locations if s not in gold["provinces"]]
        + by_label.get("ORGANIZATION", []) + by_label.get("FACILITY", []),
    }
    predicted = {
        "persons": [(m.start, m.end) for p in record.persons for m in p.mentions],
        "provinces": [(m.start, m.end) for p in record.provinces for m in p.mentions],
        "times": [(t.span.start, t.span.end) for t in record.times],
        "dates": [(d.span.start, d.span.end) for d in record.dates],
    }
    for name in FIELDS:
        spurious, missed = _count(report.scores[name], predicted[name], gold[name], ignored.get(name, []))
        report.misses += [(line.number, name, "spurious", text_of(s)) for s in spurious]
        report.misses += [(line.number, name, "missed", text_of(s)) for s in missed]
    guide_gold = {
        "times": [s for s in gold["times"] if not DURATION.search(text_of(s))],
        "dates": [s for s in gold["dates"] if not YEAR_ONLY.match(text_of(s).strip())],
    }
    for name, spans in guide_gold.items():
        excluded = [s for s in gold[name] if s not in spans]
        _count(report.guide_scores[name], predicted[name], spans, excluded)


def evaluate_thainer(lines: Iterable[TaggedLine], engine: str = "rules") -> ThaiNerReport:
    report = ThaiNerReport()
    for line in lines:
        score_line(report, line, engine)
    return report
