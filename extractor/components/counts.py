"""The attendee count: a number of people whose context says they took part.

Each "<number> คน/ราย/ท่าน/นาย/รูป" is scored by the cue words before it (``data/count_cues.csv``):
the strongest positive cue before it, plus every negative cue close by (readers, views,
beneficiaries, households, winners, money). A bare "<number> คน" with no cue still scores a
little, so a post's only head count is found. The best score above zero wins, the earliest
on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import alternation, table

CUES = {row["cue"]: int(row["weight"]) for row in table("count_cues.csv")}
CUE = re.compile(alternation(list(CUES)), re.I)
APPROX_WORDS = ("กว่า", "ประมาณ", "ราว", "ราวๆ", "เกือบ", "ไม่ต่ำกว่า", "มากกว่า", "รวมกว่า", "ร่วม")
# The number and its unit; the pattern opens with a digit class so that the regex engine can
# skip ahead to digits (several times faster than trying a cue at every character).
NUMBER_UNIT = re.compile(
    r"(?P<n>[0-9](?<![\d.,][0-9])(?:\d{0,2}(?:,\d{3})+|\d*))(?![\d.,]\d)\s?(?P<post>กว่า|เศษ)?\s?"
    r"(?P<unit>คน|ราย|ท่าน|นาย|รูป)(?!ละ|ไทย|งาน|ขับ)"
)
APPROX_BEFORE = re.compile(rf"(?P<pre>{alternation(APPROX_WORDS)})\s?$")  # right before the number
APPROX_REACH = max(map(len, APPROX_WORDS)) + 1
CONTEXT_BEFORE = 60
NEGATIVE_BEFORE = 28
NEGATIVE_AFTER = 12
BARE_SCORE = 0.5
# More people than this never attend one meeting; a larger "number" is a code, a phone number
# or garbage, and would overflow the integer columns the record is written to.
MAX_ATTENDEES = 10_000_000
WARNINGS = "warnings"  # the key of ``found`` where components leave warnings for the record


class CountsComponent(Component):
    key = "attendee_count"

    def match(self, view: TextView, found: dict) -> schemas.Count | None:
        best: tuple[float, CountMatch, int] | None = None
        for m in count_matches(view.norm):
            score = _score(view, m)
            if score <= 0 or (best is not None and score <= best[0]):
                continue
            value = plausible_count(m.number)
            if value is None:
                span = view.span(m.number_start, m.end)
                found.setdefault(WARNINGS, []).append(f"no count: {span.text[:40]!r} is more people than attend a meeting")
                continue
            best = (score, m, value)
        if best is None:
            return None
        _, m, value = best
        approximate = bool(m.pre and m.pre != "ร่วม") or bool(m.post)
        return schemas.Count(value=value, approximate=approximate, span=view.span(m.start, m.end))


@dataclass(frozen=True)
class CountMatch:
    start: int  # of the approximation word when there is one
    end: int
    number_start: int
    number: str
    pre: str | None  # "กว่า 300 คน"
    post: str | None  # "300 กว่าคน"
    unit: str


def plausible_count(number: str) -> int | None:
    """The number of people ``number`` (digits, maybe with thousands commas) says, or None when
    no meeting has that many (the length is checked first: ``int`` refuses over 4,300 digits).

    >>> plausible_count("1,250"), plausible_count("99999999999999999999")
    (1250, None)
    """
    digits = number.replace(",", "").lstrip("0") or "0"
    if len(digits) > len(str(MAX_ATTENDEES)):
        return None
    value = int(digits)
    return value if value <= MAX_ATTENDEES else None


def count_matches(norm: str) -> Iterator[CountMatch]:
    """Every "<number> <unit>", with the approximation word right before it.

    >>> [(m.start, m.number, m.pre, m.unit) for m in count_matches("ผู้เข้าร่วมกว่า 300 คน")]
    [(11, '300', 'กว่า', 'คน')]
    """
    previous_end = 0
    for m in NUMBER_UNIT.finditer(norm):
        pre = APPROX_BEFORE.search(norm, max(previous_end, m.start() - APPROX_REACH), m.start())
        yield CountMatch(pre.start() if pre else m.start(), m.end(), m.start(), m.group("n"),
                         pre.group("pre") if pre else None, m.group("post"), m.group("unit"))
        previous_end = m.end()


def _score(view: TextView, m: CountMatch) -> float:
    number = m.number_start  # cues inside the match count too: "รวมกว่า 300 คน"
    line_start = view.line_start(m.start, number - max(CONTEXT_BEFORE, NEGATIVE_BEFORE))
    near_before = view.norm[max(line_start, number - NEGATIVE_BEFORE) : number]
    after = view.norm[m.end : view.line_end(m.end, m.end + NEGATIVE_AFTER)]
    penalty = sum(w for c in CUE.finditer(near_before + " " + after) if (w := CUES[c.group(0).lower()]) < 0)
    before = view.norm[max(line_start, number - CONTEXT_BEFORE) : number]
    best = max((w for c in CUE.finditer(before) if (w := CUES[c.group(0).lower()]) > 0), default=0)
    bare = BARE_SCORE if m.unit in ("คน", "ท่าน") else 0
    return (best or bare) + penalty
