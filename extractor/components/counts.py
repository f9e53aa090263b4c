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
from functools import lru_cache

import schemas
from extractor.components.base import WARNINGS, Component, TextView
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
# A number written in words, alone ("หนึ่งร้อยคน", ten or more) or as a multiple of digits
# ("2 พันคน"); not after a word that makes it vague ("หลายร้อยคน", "นับพันคน", "เป็นหมื่นคน").
SPOKEN_UNIT = re.compile(
    r"(?<!หลาย)(?<!นับ)(?<!เป็น)(?<!หลัก)(?<!ทั้ง)(?P<n>\d{1,4}\s?)?(?P<words>(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย|พัน|หมื่น|แสน)+)"
    r"\s?(?P<post>กว่า|เศษ)?\s?(?P<unit>คน|ราย|ท่าน|นาย|รูป)(?!ละ|ไทย|งาน|ขับ)"
)
# Most posts write no number in words: this cheap scan (a word that ends a numeral, then a unit)
# says whether ``SPOKEN_UNIT``, whose lookbehinds make it slow to scan, is worth running.
SPOKEN_HINT = re.compile(r"(?:สิบ|ร้อย|พัน|หมื่น|แสน|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|เอ็ด)\s?(?:กว่า|เศษ)?\s?(?:คน|ราย|ท่าน|นาย|รูป)")
# A number per unit ("อำเภอละ 5 คน", "แห่งละ 20 คน") is a quota, not the head count.
QUOTA_BEFORE = re.compile(r"[ก-๛]ละ\s?$")
QUOTA_PENALTY = -4
APPROX_BEFORE = re.compile(rf"(?P<pre>{alternation(APPROX_WORDS)})\s?$")  # right before the number
RANGE_BEFORE = re.compile(r"\d[\d,]*\s?[-–]\s?$")  # "50-60 คน": a range is an approximate count
APPROX_REACH = max(map(len, APPROX_WORDS)) + 1
CONTEXT_BEFORE = 60
NEGATIVE_BEFORE = 28
NEGATIVE_AFTER = 12
BARE_SCORE = 0.5
# More people than this never attend one meeting; a larger "number" is a code, a phone number
# or garbage, and would overflow the integer columns the record is written to.
MAX_ATTENDEES = 10_000_000


class CountsComponent(Component):
    key = "attendee_count"

    def match(self, view: TextView, found: dict) -> schemas.Count | None:
        best: tuple[float, CountMatch, int] | None = None
        for m in count_matches(view.norm):
            score = _score(view, m)
            if score <= 0 or (best is not None and score <= best[0]):
                continue
            value = m.value
            if value is None:
                span = view.span(m.number_start, m.end)
                found[WARNINGS].append(f"no count: {span.text[:40]!r} is more people than attend a meeting")
                continue
            best = (score, m, value)
        if best is None:
            return None
        _, m, value = best
        approximate = bool(m.pre and m.pre != "ร่วม") or bool(m.post) or m.is_range
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
    value: int | None  # None: more people than attend a meeting (``plausible_count``)
    is_range: bool = False  # "50-60 คน"


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
    for m, value in _numbers_of_people(norm):
        number_start = m.start()
        span_start = number_start
        if is_range := bool(r := RANGE_BEFORE.search(norm, max(previous_end, number_start - 12), number_start)):
            span_start = r.start()
        pre = APPROX_BEFORE.search(norm, max(previous_end, span_start - APPROX_REACH), span_start)
        yield CountMatch(pre.start() if pre else span_start, m.end(), number_start, m.group("n") or m.group(0),
                         pre.group("pre") if pre else None, m.group("post"), m.group("unit"), value, is_range)
        previous_end = m.end()


def _numbers_of_people(norm: str) -> list[tuple[re.Match, int | None]]:
    """Every number of people in digits or in words, in text order, with its value."""
    found = [(m, plausible_count(m.group("n"))) for m in NUMBER_UNIT.finditer(norm)]
    for m in SPOKEN_UNIT.finditer(norm) if SPOKEN_HINT.search(norm) else ():
        if (value := _spoken_value(m)) is not None:
            found.append((m, value))
    return sorted(found, key=lambda found: found[0].start())


def _spoken_value(m: re.Match) -> int | None:
    """ "2 พัน" -> 2000, "หนึ่งร้อยห้าสิบ" -> 150; None for words that make no numeral."""
    from pythainlp.util import thaiword_to_num

    try:
        words = thaiword_to_num(m.group("words"))
    except ValueError:
        return None
    if m.group("n") is None:
        return words if words >= 10 else None  # "สองคน" is a pair of people, not a head count
    if m.group("words") not in ("ร้อย", "พัน", "หมื่น", "แสน"):
        return None  # digits times a multiplier only
    return int(m.group("n")) * words


# The cue scores of a context, remembered: a post of thousands of counts repeats its contexts,
# and a case-blind search of every cue in each cost most of the time such a post took.
@lru_cache(maxsize=4096)
def _penalty(context: str) -> int:
    """The sum of the negative cues in ``context``."""
    return sum(w for c in CUE.finditer(context) if (w := CUES[c.group(0).lower()]) < 0)


@lru_cache(maxsize=4096)
def _best_cue(before: str) -> int:
    """The strongest positive cue in ``before`` (0 when none)."""
    return max((w for c in CUE.finditer(before) if (w := CUES[c.group(0).lower()]) > 0), default=0)


def _score(view: TextView, m: CountMatch) -> float:
    number = m.number_start  # cues inside the match count too: "รวมกว่า 300 คน"
    line_start = view.line_start(m.start, number - max(CONTEXT_BEFORE, NEGATIVE_BEFORE))
    near_before = view.norm[max(line_start, number - NEGATIVE_BEFORE) : number]
    after = view.norm[m.end : view.line_end(m.end, m.end + NEGATIVE_AFTER)]
    penalty = _penalty(near_before + " " + after)
    best = _best_cue(view.norm[max(line_start, number - CONTEXT_BEFORE) : number])
    bare = BARE_SCORE if m.unit in ("คน", "ท่าน") else 0
    quota = QUOTA_PENALTY if QUOTA_BEFORE.search(view.norm, max(line_start, m.start - 12), m.start) else 0
    return (best or bare) + penalty + quota
