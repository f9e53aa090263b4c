"""Calendar dates: "30 กันยายน", "5 มิ.ย. 66", "12-14 มี.ค. 2566", "มีนาคม 2566", "5/3/2566".

Buddhist-era years become Gregorian (two-digit years are BE: "ก.ย. 65" -> 2022). A year
alone ("ปี 2564") is not a date, but it is context: a yearless date takes the year of the
nearest dated mention before it, else after it, else the nearest year stated alone (fiscal
years mislead, so full dates come first).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import schemas
from extractor.components.base import WARNINGS, Component, Intervals, TextView
from extractor.gazetteers import alternation, table

MONTHS = {row["name"]: int(row["month"]) for row in table("months.csv")}
MONTH = alternation(list(MONTHS))
ERA = r"(?P<era>พ\.ศ\.|พ\.ศ|ค\.ศ\.|ค\.ศ)"
YEAR = rf"(?:{ERA}\s?)?(?P<year>\d{{4}}|\d{{2}})(?![\d.,:]\d|\d|\s?(?:น\.|บาท|คน|ราย|ล้าน|%))"
# Patterns open with a digit class, and check the character before it by a lookbehind after it:
# Python's regex engine skips ahead to a possible first character only when the pattern starts
# with one, which makes these scans several times faster. A day of "45" matches and fails
# validation, as "[0-3]?\d" behind the same lookbehind would not have matched it.
WEEKDAY = r"วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัสฯ|พฤหัส|ศุกร์|เสาร์|อาทิตย์)"
DAY_MONTH = re.compile(
    rf"(?P<day>[0-9](?<![\d.,/][0-9])[0-9]?)"
    rf"(?:\s?(?:-|–|ถึง|และ)\s?(?:{WEEKDAY}\s?)?(?:ที่\s?)?(?P<day2>[0-3]?\d))?\s?"  # "1 ถึงวันพุธที่ 3 เมษายน"
    rf"(?P<month>{MONTH})(?:\s?{YEAR})?"
)
# A month name opens a word (or follows "เดือน"): checked in ``_month_years``, after the match,
# so that the pattern opens with the months' first letters (a fast scan, as above).
MONTH_YEAR = re.compile(rf"(?P<month>{MONTH})\s?{YEAR}")
MONTH_AFTER = re.compile(r"(?<=เดือน)|(?<![ก-๛.])")
# "5/3/2566", "18-02-2567", "18.02.67": one separator twice; an ISO stamp "2025-08-28".
NUMERIC = re.compile(
    r"(?P<day>[0-9](?<![\d/.\-][0-9])[0-9]?)(?P<sep>[/.\-])(?P<month>[0-3]?\d)(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/.\-]?\d)"
)
ISO = re.compile(r"(?P<year>(?:19|20)(?<![\d/.\-]..)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
# Years outside this range are typing errors ("18 ตุลาคม 3563"), never a date.
PLAUSIBLE_YEARS = range(1900, 2201)
STANDALONE_YEAR = re.compile(r"(?P<year>2(?<![\d,.]2)[45]\d\d)(?![\d,]|\s?(?:บาท|คน|ราย|ล้าน))")
RANGE_JOIN = re.compile(r"\s?(?:-|ถึง|ถึงวันที่|จนถึง|จนถึงวันที่)\s?(?:วันที่\s?)?")


@dataclass
class _Atom:
    start: int
    end: int
    day: int | None
    month: int
    year: int | None  # Gregorian
    day2: int | None = None
    month_named: bool = True  # "5 มี.ค." (a date for sure), not "5-3-66" (maybe a number)


DATE_REPEATS = "date_repeats"


class DatesComponent(Component):
    key = "dates"

    def match(self, view: TextView, found: dict) -> list[schemas.DateExpr]:
        atoms = []
        for atom in _atoms(view):
            if _valid(atom):
                atoms.append(atom)
            elif atom.month_named and atom.day is not None:  # "31 เม.ย." makes no date: say so, keep none
                found[WARNINGS].append(f"impossible date {view.text[atom.start : atom.end]!r} left out")
        years = _explicit_years(view, atoms)
        dates: list[schemas.DateExpr] = []
        seen: set[tuple[str | None, str | None]] = set()
        repeats: dict[tuple, list[tuple[int, int]]] = {}  # later mentions of a date: the event step reads them
        i = 0
        while i < len(atoms):
            first, last = atoms[i], None
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            if nxt and first.day2 is None and RANGE_JOIN.fullmatch(view.norm, first.end, nxt.start):
                last = nxt
                i += 1
            i += 1
            dates_value = _value(first, last, years)
            key = dates_value[:2] if dates_value[0] else view.norm[first.start : (last or first).end]
            if key in seen:
                repeats.setdefault(key, []).append((first.start, (last or first).end))
                continue
            seen.add(key)
            date, end_date, inferred = dates_value
            dates.append(
                schemas.DateExpr(
                    date=date, end_date=end_date, year_inferred=inferred, span=view.span(first.start, (last or first).end)
                )
            )
        found[DATE_REPEATS] = repeats
        return dates


def date_key(date: schemas.DateExpr) -> tuple:
    """What makes two mentions one date of the record (the key of ``found[DATE_REPEATS]``)."""
    return (date.date, date.end_date) if date.date else date.span.text


def _year(m: re.Match) -> int | None:
    raw = m.group("year")
    if raw is None:
        return None
    value = int(raw)
    era = m.groupdict().get("era") or ""
    if len(raw) == 2:
        return value + 2000 if era.startswith("ค") else value + 2500 - 543
    if era.startswith("ค") or value < 2300:
        return value
    return value - 543


def _atoms(view: TextView) -> list[_Atom]:
    atoms: list[_Atom] = []
    taken = Intervals()
    for m in DAY_MONTH.finditer(view.norm):
        day2 = int(m.group("day2")) if m.group("day2") else None
        atoms.append(_Atom(m.start(), m.end(), int(m.group("day")), MONTHS[m.group("month")], _year(m), day2))
        taken.add(*m.span())
    for m in _month_years(view.norm):
        if not taken.covers(m.start()):
            start = m.start("month")
            atoms.append(_Atom(start, m.end(), None, MONTHS[m.group("month")], _year(m)))
            taken.add(start, m.end())
    for m in (*NUMERIC.finditer(view.norm), *ISO.finditer(view.norm)):
        year = _year(m)
        if year and not taken.covers(m.start()):
            day, month = int(m.group("day")), int(m.group("month"))
            if month > 12 >= day:  # "9/28/2004": month first, as English text writes it
                day, month = month, day
            atoms.append(_Atom(m.start(), m.end(), day, month, year, month_named=False))
    return sorted(atoms, key=lambda a: a.start)


def _month_years(norm: str) -> Iterator[re.Match]:
    """``MONTH_YEAR`` matches whose month opens a word or follows "เดือน", as ``finditer`` would
    give them had the pattern checked that itself (a failed check resumes one character on)."""
    pos = 0
    while (m := MONTH_YEAR.search(norm, pos)) is not None:
        if MONTH_AFTER.match(norm, m.start()):
            yield m
            pos = m.end()  # never empty: a month and a year
        else:
            pos = m.start() + 1


def _valid(atom: _Atom) -> bool:
    if not 1 <= atom.month <= 12 or (atom.year is not None and atom.year not in PLAUSIBLE_YEARS):
        return False
    if atom.day is None:
        return atom.year is not None
    last_day = calendar.monthrange(atom.year or 2024, atom.month)[1]  # 2024: a leap year allows 29 Feb
    return 1 <= atom.day <= last_day and (atom.day2 is None or atom.day < atom.day2 <= last_day)


def _explicit_years(view: TextView, atoms: list[_Atom]) -> tuple[list[tuple[int, int]], ...]:
    """(position, Gregorian year) of the years the post states: in dates, and alone."""
    in_dates = [(a.start, a.year) for a in atoms if a.year is not None]
    alone = [(m.start(), int(m.group("year")) - 543) for m in STANDALONE_YEAR.finditer(view.norm)]
    return in_dates, alone


def _infer_year(position: int, years: tuple[list[tuple[int, int]], ...]) -> int | None:
    # Each list is in text order: bisect finds the nearest year before, else after, in
    # logarithmic time (a post of thousands of yearless dates was quadratic).
    for found in years:
        before = bisect_left(found, position, key=_position)
        if before:
            return found[before - 1][1]
        after = bisect_right(found, position, key=_position)
        if after < len(found):
            return found[after][1]
    return None


def _position(year: tuple[int, int]) -> int:
    return year[0]


def _iso(year: int | None, month: int, day: int | None) -> str | None:
    if year is None:
        return None
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _value(first: _Atom, last: _Atom | None, years: tuple[list[tuple[int, int]], ...]) -> tuple[str | None, str | None, bool] | None:
    """(date, end_date, year_inferred) of one mention or range."""
    stated = (last.year if last else None) or first.year
    year = stated or _infer_year(first.start, years)
    inferred = stated is None and year is not None
    if last is not None:
        first_year = first.year or year
        if first.year is None and last.year is not None and first.month > last.month:
            first_year = last.year - 1  # "28 ธ.ค. - 2 ม.ค. 67"
        return _iso(first_year, first.month, first.day), _iso(last.year or year, last.month, last.day), inferred
    end = _iso(year, first.month, first.day2) if first.day2 else None
    return _iso(year, first.month, first.day), end, inferred
