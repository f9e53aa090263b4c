"""Clock times: "09.00 น. -12.00 น.", "เวลา 13.30 น.", "10.00-12.00 น.", "10:45", "บ่ายสองโมง".

A number like 9.30 is a time only with "น."/"นาฬิกา", a "เวลา" cue before it, a colon, or a
partner in a range that has one: "3.50 ล้านบาท" is not. Durations ("24 ชั่วโมง") never match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import alternation, table

# The hour opens with a digit class (a fast scan, see dates.py) and is "[01]?\d|2[0-4]".
CLOCK = re.compile(r"([0-9](?<![\d.,:/][0-9])(?:(?<=[01])[0-9]|(?<=2)[0-4])?)([.:])([0-5]\d)(?![\d]|\.\d)(\s?(?:น\.|นาฬิกา|น(?![ก-๛])))?")
# Spoken times written with digits: "ตี 4", "5 ทุ่ม", "บ่าย 4 โมงเย็น", "8 โมงเช้า", "10 โมง".
SPOKEN_DIGITS = re.compile(
    r"ตี\s?(?P<night>[1-5])(?!\d)"
    r"|(?P<evening>[1-5])\s?ทุ่ม"
    r"|บ่าย\s?(?P<afternoon>[1-5])\s?โมง(?:เย็น)?"
    r"|(?<!\d)(?P<clock>[1-9]|1[01])\s?โมง\s?(?P<part>เช้า|เย็น)?"
)
NIGHT_DIGIT = re.compile(r"ตี\s?[1-5]")
HALF = re.compile(r"\s?ครึ่ง")
SPOKEN_HOURS = {row["words"]: int(row["hour"]) for row in table("spoken_times.csv")}
SPOKEN = re.compile(rf"({alternation(list(SPOKEN_HOURS))})(\s?ครึ่ง)?(?![ก-๛])")
CUE_BEFORE = re.compile(r"(?:เวลา|ตั้งแต่|ถึง|จนถึง|ช่วง|ราว|ประมาณ|ก่อน|หลัง|เริ่ม)\s?$")
RANGE_JOIN = re.compile(r"\s?(?:-|ถึง|จนถึง|ถึงเวลา|จนถึงเวลา|ไปจนถึง)\s?(?:เวลา\s?)?")


@dataclass
class _Atom:
    start: int
    end: int
    hour: int
    minute: int
    sure: bool  # stands as a time on its own


class TimesComponent(Component):
    key = "times"

    def match(self, view: TextView, found: dict) -> list[schemas.TimeExpr]:
        atoms = sorted(_clock_atoms(view) + _spoken_atoms(view), key=lambda a: a.start)
        times: list[schemas.TimeExpr] = []
        seen: set[tuple[str, str | None]] = set()
        i = 0
        while i < len(atoms):
            first, end = atoms[i], None
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            if nxt and RANGE_JOIN.fullmatch(view.norm, first.end, nxt.start) and (first.sure or nxt.sure):
                end = nxt
                i += 1
            i += 1
            if not first.sure and not (end and end.sure):
                continue
            value = (_hhmm(first), _hhmm(end) if end else None)
            if value in seen:
                continue
            seen.add(value)
            times.append(
                schemas.TimeExpr(start=value[0], end=value[1], span=view.span(first.start, (end or first).end))
            )
        return times


def _hhmm(atom: _Atom) -> str:
    return f"{atom.hour % 24:02d}:{atom.minute:02d}"


def _clock_atoms(view: TextView) -> list[_Atom]:
    atoms = []
    for m in CLOCK.finditer(view.norm):
        before = view.norm[max(0, m.start() - 12) : m.start()]
        sure = bool(m.group(4)) or m.group(2) == ":" or bool(CUE_BEFORE.search(before))
        atoms.append(_Atom(m.start(), m.end(), int(m.group(1)), int(m.group(3)), sure))
    return atoms


def _spoken_atoms(view: TextView) -> list[_Atom]:
    atoms = [
        _Atom(m.start(), m.end(), SPOKEN_HOURS[m.group(1)], 30 if m.group(2) else 0, True)
        for m in SPOKEN.finditer(view.norm)
        if view.is_boundary_start(m.start())
    ]
    for m in _spoken_digits(view.norm):
        hour = _spoken_digit_hour(m)
        if hour is not None:
            half = HALF.match(view.norm, m.end())
            atoms.append(_Atom(m.start(), half.end() if half else m.end(), hour, 30 if half else 0, True))
    return atoms


def _spoken_digits(norm: str) -> Iterator[re.Match]:
    """``SPOKEN_DIGITS`` matches; every one holds "ทุ่ม", "โมง" or "ตี" and a digit, and most posts
    hold none, which these substring tests tell far faster than the pattern's scan."""
    if "ทุ่ม" in norm or "โมง" in norm or NIGHT_DIGIT.search(norm):
        yield from SPOKEN_DIGITS.finditer(norm)


def _spoken_digit_hour(m: re.Match) -> int | None:
    if m.group("night"):
        return int(m.group("night"))
    if m.group("evening"):
        return 18 + int(m.group("evening"))
    if m.group("afternoon"):
        return 12 + int(m.group("afternoon"))
    n = int(m.group("clock"))
    if m.group("part") == "เย็น":
        return 12 + n if n <= 6 else None
    if m.group("part") == "เช้า" or 6 <= n <= 11:  # "สิบโมง" is ten in the morning
        return n
    return None
