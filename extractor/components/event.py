"""The event a post reports: its type, who chaired it, where and when it took place, and how
people took part; and, for every date and time, whether it is the event's, the page's stamp or
something else's.

It reads what the other steps found (persons with their roles, provinces, dates, times, venue,
online) and the cue words of ``data/event.json``, so it runs last. The chair is kept as the
name mention that the record turns into an index into its persons (record.py).

A post leads with its event: the headline and first sentence say what happened ("…เป็นประธาน
การประชุม…"), who did it and when; the rest is detail, history and page chrome. So the type is
read in the lead, the chair from the cue that names the one who presided, and the event's date
is the first date that is neither the page's stamp nor a deadline or a memory.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import schemas
from extractor.components.base import Component, TextView
from extractor.components.dates import DATE_REPEATS, date_key
from extractor.components.persons import NameMention
from extractor.gazetteers import alternation, district_provinces, provinces, settings

RULES = settings("event.json")
LEAD_CHARS = RULES["lead_chars"]
CHAIR_LEAD_CHARS = RULES["chair_lead_chars"]
CHAIR_REACH = RULES["chair_reach"]  # characters between a name's end and its cue: a role fits
CUE_REACH = RULES["cue_reach"]  # characters before a date searched for its cue
CHROME_LINE_CHARS = RULES["chrome_line_chars"]  # letters of a line of page chrome, digits left out
ALONE_ON_LINE_CHARS = RULES["alone_on_line_chars"]  # letters beside a date alone on its line
TIERS = [{kind: re.compile(alternation(cues)) for kind, cues in tier.items()} for tier in RULES["tiers"]]
NON_CUE = re.compile(alternation(RULES["non_cues"]))
PRESIDED_REACH = RULES["presided_reach"]
NOT_LEADING = re.compile(alternation(RULES["not_leading"]))
MAX_LINE_BREAKS = 1  # a name, its role and its cue may stand on lines of their own
SUBJECT_VERB_REACH = 40  # characters after a name and its roles where its verb stands
CUE_BLOCKER = re.compile(rf"(?:{alternation(RULES['cue_blockers'])})$")
STRONG_BEFORE = re.compile(alternation(RULES["chair_strong_before"]))
STRONG_AFTER = re.compile(rf"(?:{alternation(RULES['chair_strong_after'])})\s*")
LEAD_BEFORE = re.compile(alternation(
    RULES["chair_lead_before"] + [cue for tier in RULES["tiers"] for cues in tier.values() for cue in cues]))
LEAD_AFTER = re.compile(rf"(?:{alternation(RULES['chair_lead_after'])})\s*")
TAKES_PART = re.compile(r"(?:เข้าร่วม|ร่วม)(?!กัน|กับ|มือ)")
TOOK_PART = re.compile(rf"(?:{alternation(RULES['took_part'])})\s*$")
METADATA_BEFORE = re.compile(rf"(?:{alternation(RULES['metadata_before'])})\s*:?\s*(?:วันที่)?\s*$")
OTHER_AFTER = re.compile(rf"\s*(?:{alternation(RULES['other_after'])})")
OTHER_BEFORE = re.compile(rf"(?:{alternation(RULES['other_before'])})\s*(?:วันที่|วัน)?\s*$")
WITH_SECONDS = re.compile(r"\d{1,2}[:.]\d{2}[:.]\d{2}")  # "08:12:33": a machine's stamp
SECONDS_AFTER = re.compile(rf"\s*,?\s*(?:เวลา\s*)?{WITH_SECONDS.pattern}")
NOT_WORDS = re.compile(r"[\s\d๐-๙.,:/()\-–]+|วันที่|วัน|ที่|เวลา|น\.|จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์")
LIST_JOIN = re.compile(rf"[\s,]*(?:{alternation(RULES['list_joins'])})?[\s,]*")
CHROME_MARK = re.compile(alternation(RULES["chrome_marks"]))
CHROME_LINE_MAX = RULES["chrome_line_max"]
BYLINE_MARK = re.compile(alternation(RULES["byline_marks"]))
BYLINE_LINE_MAX = RULES["byline_line_max"]
VENUE_TAIL_CHARS = 40
DISTRICT = re.compile(rf"(?:{alternation(RULES['district_heads'])})\s?([ก-๛]+)")


@dataclass
class EventFound:
    """What the record's ``event`` says, with the chair still a name mention."""

    type: str
    type_start: int | None
    type_end: int | None
    chair: NameMention | None
    host_province: str | None
    date: str | None
    time: str | None
    mode: str


class EventComponent(Component):
    key = "event"

    def match(self, view: TextView, found: dict) -> EventFound:
        stamp_lines: set[int] = set()
        event_date = mark_date_kinds(view, found["dates"], found.get(DATE_REPEATS, {}), stamp_lines)
        mark_time_kinds(view, found["times"], stamp_lines)
        event_type, type_start, type_end = event_type_at(view, excluded_spans(found))
        event_time = min((t for t in found["times"] if t.kind == "event"), key=lambda t: t.span.start, default=None)
        return EventFound(
            type=event_type,
            type_start=type_start,
            type_end=type_end,
            chair=chair(view, found["persons"]),
            host_province=host_province(view, found),
            date=event_date.date if event_date else None,
            time=event_time.start if event_time else None,
            mode=mode(found),
        )


def excluded_spans(found: dict) -> list[tuple[int, int]]:
    """Where a cue word is part of a name, not the event: roles and organizations ("ผู้อำนวยการ
    กองตรวจราชการ"), the venue ("ห้องประชุม…")."""
    spans = [(r.start, r.end) for m in found["persons"] for r in m.roles]
    spans += [(r.org_start, r.org_end) for m in found["persons"] for r in m.roles if r.org_start is not None]
    if found.get("venue") is not None:
        spans.append((found["venue"].span.start, found["venue"].span.end))
    return spans


def _cues(view: TextView, pattern: re.Pattern, start: int, end: int, excluded: list[tuple[int, int]]):
    """Matches of ``pattern`` in ``norm[start:end]`` that are no part of a name or a place."""
    for m in pattern.finditer(view.norm, start, end):
        if NON_CUE.match(view.norm, m.start()):
            continue
        if CUE_BLOCKER.search(view.norm, max(0, m.start() - 12), m.start()):
            continue
        if any(s <= m.start() < e for s, e in excluded):
            continue
        yield m


def lead_window(view: TextView, chars: int = LEAD_CHARS) -> tuple[int, int]:
    """The headline and the first sentence: the first ``chars`` characters of the text after
    any lines of page chrome that hold no Thai word of the event (stamps, counters). Worked out
    once per text (the steps below ask for it several times)."""
    start = getattr(view, "_lead_start", None)
    if start is None:
        start = _lead_start(view)
        view._lead_start = start
    return start, min(len(view.norm), start + chars)


def _lead_start(view: TextView) -> int:
    start = 0
    norm = view.norm
    while start < len(norm):
        line_end = view.line_end(start, start + CHROME_LINE_MAX + 1)
        if line_end - start > CHROME_LINE_MAX:
            break  # a long line is the article
        if len(NOT_WORDS.sub("", norm[start:line_end])) > CHROME_LINE_CHARS and not is_chrome_line(view, start):
            break
        start = line_end + 1
    return min(start, len(norm))


def event_type_at(view: TextView, excluded: list[tuple[int, int]]) -> tuple[str, int | None, int | None]:
    """The event's type, with the span of the cue that says so; "other" with none when the lead
    names no event. Read first in what a strong chair cue of the lead says was presided over
    ("เป็นประธานการประชุม…"), then in the whole lead."""
    start, end = lead_window(view)
    windows = [(cue.end(), min(end, cue.end() + PRESIDED_REACH)) for cue in STRONG_BEFORE.finditer(view.norm, start, end)]
    headline = (start, view.line_end(start, end))
    for window in [headline, *windows[:1], (start, end)]:
        found = _type_in(view, *window, excluded)
        if found is not None:
            return found
    return "other", None, None


def _type_in(view: TextView, start: int, end: int, excluded: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    """The type of the first tier with a cue in ``norm[start:end]`` (the cue written first
    within a tier)."""
    for tier in TIERS:
        first = None
        for kind, pattern in tier.items():
            m = next(_cues(view, pattern, start, end, excluded), None)
            if m is not None and (first is None or m.start() < first[1]):
                first = (kind, m.start(), m.end())
        if first is not None:
            return first
    return None


def chair(view: TextView, mentions: list[NameMention]) -> NameMention | None:
    """Who chaired: the name a strong cue ties to the event ("… เป็นประธาน", "นำโดย …"),
    else the subject of the lead's verb ("นายสมชาย … เปิดการอบรม"), unless that person only
    took part ("… ร่วมประชุม")."""
    if not mentions:
        return None
    named = Names(mentions)
    for cue in STRONG_BEFORE.finditer(view.norm):
        if (person := _named_before(view, named, cue.start())) is not None:
            return person
    # Past the strong cues, one whose own verb is to take part ("… ร่วมประชุม", "นำโดย … เข้าร่วม
    # พิธี") led nothing the post reports.
    leaders = [m for m in mentions if not _took_part(view, m)]
    leading = Names(leaders)
    for cue in STRONG_AFTER.finditer(view.norm):
        if (person := _named_after(leading, cue.end())) is not None:
            return person
    start, end = lead_window(view, CHAIR_LEAD_CHARS)
    for cue in LEAD_AFTER.finditer(view.norm, start, end):
        if (person := _named_after(leading, cue.end())) is not None:
            return person
    for cue in LEAD_BEFORE.finditer(view.norm, start, end):
        if NON_CUE.match(view.norm, cue.start()) or TOOK_PART.search(view.norm, max(0, cue.start() - 8), cue.start()):
            continue
        if (person := _named_before(view, named, cue.start())) is not None:
            return person if person in leaders else None
    return _lead_subject(view, leaders, start, end)


class Names:
    """Name mentions in the order of their ends and of their starts, for bisection: a post of
    thousands of cues and names asked each cue about every name."""

    def __init__(self, mentions: list[NameMention]) -> None:
        self.by_end = sorted(mentions, key=lambda m: m.end)
        self.ends = [m.end for m in self.by_end]
        self.by_start = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.by_start]


def _took_part(view: TextView, person: NameMention) -> bool:
    """The verb right after the name and its roles is to take part."""
    after = _end_with_roles(person, len(view.norm))
    return TAKES_PART.search(view.norm, after, after + SUBJECT_VERB_REACH) is not None


def _lead_subject(view: TextView, mentions: list[NameMention], start: int, end: int) -> NameMention | None:
    """The first person the lead names, when what follows their name and roles shows no one
    else led ("นายสมชาย ใจดี นายอำเภอ… พร้อมด้วย…"): a post opens with who led the event."""
    first = next((m for m in mentions if start <= m.start < end), None)
    if first is None:
        return None
    after = _end_with_roles(first, end)
    if NOT_LEADING.search(view.norm, after, min(end, after + SUBJECT_VERB_REACH)):
        return None
    return first


def _named_after(named: Names, cue_end: int) -> NameMention | None:
    """The person named right after a cue ("นำโดย นายสมชาย …")."""
    k = bisect_left(named.starts, cue_end)
    return named.by_start[k] if k < len(named.starts) and named.starts[k] - cue_end <= 3 else None


def _named_before(view: TextView, named: Names, cue_start: int) -> NameMention | None:
    """The person named last before ``cue_start`` in the same paragraph, within reach."""
    k = bisect_right(named.ends, cue_start)
    if k == 0:
        return None
    before = named.by_end[:k]
    person = before[-1]
    if cue_start - person.end > CHAIR_REACH or view.norm.count("\n", person.end, cue_start) > MAX_LINE_BREAKS:
        return None
    if TOOK_PART.search(view.norm, max(0, cue_start - 8), cue_start):
        return None
    return _head_of_list(view, before, person)


def _head_of_list(view: TextView, before: list[NameMention], person: NameMention) -> NameMention:
    """The first of the names listed with ``person`` ("นายก … พร้อมด้วย นายข … และนายค … ลงพื้นที่"):
    a post names the one who leads first."""
    by_end = before  # sorted by end
    i = len(by_end) - 1 - by_end[::-1].index(person)
    while i > 0 and LIST_JOIN.fullmatch(view.norm, _end_with_roles(by_end[i - 1], by_end[i].start), by_end[i].start):
        i -= 1
    return by_end[i]


def _end_with_roles(mention: NameMention, limit: int) -> int:
    """Where the name and the roles written right after it end (a role shared with the names
    after it, written after them, is left out)."""
    ends = [r.org_end or r.end for r in mention.roles if r.start < limit]
    return max([mention.end, *ends])


def host_province(view: TextView, found: dict) -> str | None:
    """The ISO code of the province where the event took place: one named in the venue or
    right after it ("ณ ห้องประชุม… อำเภอเมือง จังหวัดยโสธร"), or the province of a district the
    venue names; else, for a venue the post does not place, the first province of the lead (the
    office that holds the event in its own rooms); else the one province the lead names, else the
    one province the whole post names. With no venue, a lead or post naming several provinces
    (an online meeting of a region) does not say which one hosted."""
    venue = found.get("venue")
    if venue is not None:
        start, end = venue.span.start, venue.span.end
        tail = view.line_end(end, end + VENUE_TAIL_CHARS)  # "… อำเภอเมือง จังหวัดยโสธร" after a venue cut short
        inside = _provinces_between(found, start, end)
        if inside:
            return inside[0].code
        if (district := _district_province(view, start, tail)) is not None:
            return district
        after = _provinces_between(found, end, tail)
        if after:
            return after[0].code
    in_lead = _provinces_between(found, *lead_window(view))
    if venue is not None and in_lead:
        return in_lead[0].code  # a room the lead's first province hosts ("สสจ.X … ณ ห้องประชุม…")
    for named in (in_lead, found["provinces"]):
        if len(named) == 1:
            return named[0].code
        if named:
            return None
    return _district_province(view, *lead_window(view))


def _district_province(view: TextView, start: int, end: int) -> str | None:
    """The province of the first district named in ``norm[start:end]`` ("อ.บางพลี", "เทศบาลเมืองบ้านไผ่")."""
    for m in DISTRICT.finditer(view.norm, start, end):
        name = district_provinces().get(m.group(1)) or _district_prefix(m.group(1))
        if name is not None:
            return provinces()[name].code
    return None


def _district_prefix(word: str) -> str | None:
    """A district's name glued to the words after it ("บ้านไผ่จัด…"): the longest listed prefix."""
    names = district_provinces()
    for cut in range(len(word) - 1, 2, -1):
        if word[:cut] in names:
            return names[word[:cut]]
    return None


def _provinces_between(found: dict, start: int, end: int) -> list[schemas.Province]:
    """The provinces named in ``norm[start:end]``, each once, in the order of their first mention there."""
    firsts = {}
    for province in found["provinces"]:
        at = [m.start for m in province.mentions if start <= m.start < end]
        if at:
            firsts[province.code] = (min(at), province)
    return [province for _, province in sorted(firsts.values(), key=lambda x: x[0])]


def mode(found: dict) -> str:
    """Online with a room people gathered in is hybrid; online with none is online."""
    if found.get("online") is None:
        return "in_person"
    return "hybrid" if found.get("venue") is not None else "online"


def mark_date_kinds(view: TextView, dates: list[schemas.DateExpr], repeats: dict,
                    stamp_lines: set[int]) -> schemas.DateExpr | None:
    """Set ``kind`` on every date: the page's stamp; the event's (the first date of the body
    with a day, and every date inside its range or month); or something else's. A date the post
    writes as its stamp and again in the body is the event's, its span moved to the body."""
    candidates = []
    for d in dates:
        if is_stamp(view, d.span.start, d.span.end):
            stamp_lines.add(_line(view, d.span.start, d.span.start)[0])
            body = next((s for s in repeats.get(date_key(d), ()) if not is_stamp(view, *s)), None)
            if body is None:
                d.kind = "metadata"
                continue
            d.span = view.span(*body)
        if d.date is None or OTHER_BEFORE.search(view.norm, max(0, d.span.start - CUE_REACH), d.span.start) \
                or OTHER_AFTER.match(view.norm, d.span.end):
            d.kind = "other"
        else:
            candidates.append(d)
    candidates.sort(key=lambda d: d.span.start)
    event = next((d for d in candidates if len(d.date) == len("YYYY-MM-DD")), candidates[0] if candidates else None)
    for d in candidates:
        d.kind = "event" if _within(d, event) else "other"
    return event


def _within(d: schemas.DateExpr, event: schemas.DateExpr) -> bool:
    """``d`` falls on the event's days, or is the month they fall in."""
    last = event.end_date or event.date
    return event.date <= d.date <= last or event.date.startswith(d.date)


def is_stamp(view: TextView, start: int, end: int) -> bool:
    """A page's stamp: after a publishing cue, followed by a clock time with seconds, alone on
    its line, or on a short line of page chrome ("27 มิ.ย. 2566 | 14:20 น. | หมวด: ข่าว")."""
    norm = view.norm
    if METADATA_BEFORE.search(norm, max(0, start - CUE_REACH), start) or SECONDS_AFTER.match(norm, end):
        return True
    line_start, line_end = _line(view, start, end)
    if line_end - line_start > CHROME_LINE_MAX:
        return False  # a long line is the article (and a bounded look keeps a huge line linear)
    rest = norm[line_start:start] + norm[end:line_end]
    return len(NOT_WORDS.sub("", rest)) <= ALONE_ON_LINE_CHARS or is_chrome_line(view, start)


def _line(view: TextView, start: int, end: int) -> tuple[int, int]:
    """The line holding ``norm[start:end]``, looked for at most ``CHROME_LINE_MAX`` characters
    each way (a longer line comes back longer than that, cut)."""
    reach = CHROME_LINE_MAX + 1
    return view.line_start(start, start - reach), view.line_end(end, end + reach)


def is_chrome_line(view: TextView, i: int) -> bool:
    """The line holding ``i`` is page chrome: short, with a byline, counter or separator mark."""
    start, end = _line(view, i, i)
    if end - start <= BYLINE_LINE_MAX and BYLINE_MARK.search(view.norm, start, end):
        return True
    return end - start <= CHROME_LINE_MAX and CHROME_MARK.search(view.norm, start, end) is not None


def mark_time_kinds(view: TextView, times: list[schemas.TimeExpr], stamp_lines: set[int]) -> None:
    """A time on a stamp's line (``stamp_lines``: their starts), or one with seconds, is the
    stamp's; one after a deadline cue is another thing's; the rest are the event's (posts give
    times for little else)."""
    for t in times:
        start = t.span.start
        on_stamp_line = is_chrome_line(view, start) or _line(view, start, start)[0] in stamp_lines and _short_line(view, start)
        if on_stamp_line or WITH_SECONDS.match(view.norm, start):
            t.kind = "metadata"
        elif OTHER_BEFORE.search(view.norm, max(0, start - CUE_REACH), start):
            t.kind = "other"
        else:
            t.kind = "event"


def _short_line(view: TextView, i: int) -> bool:
    start, end = _line(view, i, i)
    return end - start <= CHROME_LINE_MAX and len(NOT_WORDS.sub("", view.norm[start:end])) <= CHROME_LINE_CHARS
