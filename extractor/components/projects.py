"""Projects: "โครงการ…" to the natural end of the name, and quoted initiatives.

A name runs over spaces until a segment opens with a stop word ("ตาม", "เป็น", "ปี", …) and
inside a segment until an inner stop ("โดยมี", "ประจำปี", …), always ending at a line break.
Generic phrases ("โครงการต่าง ๆ", "โครงการ/กิจกรรม", "เป็นโครงการ…") are not projects. A quote is an
initiative when a cue ("นำเสนอ", "กิจกรรม") stands before it, not a lecture title ("หัวข้อ").
Word lists: ``data/projects.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import schemas
from extractor.components.base import Component, Intervals, TextView
from extractor.gazetteers import alternation, dictionary_words, settings

RULES = settings("projects.json")
HEAD = re.compile(alternation(RULES["heads"]))
# A segment that opens with a stop word, or with a year ("… 2565"), ends the name.
SEGMENT_STOP = re.compile(rf"(?:{alternation(RULES['segment_stops'])})|(?:25|20)\d\d(?!\d)")
# Inside a segment: a stop word, or the office that owns the project ("…ครบวงจรของสถานีตำรวจ…").
INNER_STOP = re.compile(f"{alternation(RULES['inner_stops'])}|{alternation(RULES['owners'])}")
OFFICE_NEXT = re.compile(alternation(RULES["office_next"]))  # "โครงการชลประทานสงขลา" is an office
GENERIC_NEXT = re.compile(rf"\s?(?:{alternation(RULES['generic_next'])})", re.I)
GENERIC_BEFORE = re.compile(rf"(?:{alternation(RULES['generic_before'])})\s?$")
QUOTE = re.compile(r"[“\"]([^“”\"\n]{2,120})[”\"]")
QUOTE_CUE = re.compile(rf"(?:{alternation(RULES['quote_cues'])})\s?$")
QUOTE_BLOCKER = re.compile(rf"(?:{alternation(RULES['quote_blockers'])})\s?[^\s]{{0,6}}\s?$")
TRAILING = " ,.:;-"
COUNTED = re.compile(r"\s?\d[\d,]*\s?(?:โครงการ|กิจกรรม|แห่ง|ด้าน)")  # "โครงการ 14 โครงการ" is a count
OPEN_CLOSE = {"(": ")", "“": "”", "\"": "\""}
MIN_CHARS = RULES["min_name_chars"]
MIN_SHARED_KEY = len("โครงการ") + 6  # a shorter shared beginning is a common phrase, not one name
MAX_CHARS = RULES["max_name_chars"]


class ProjectsComponent(Component):
    key = "projects"

    def match(self, view: TextView, found: dict) -> list[schemas.Project]:
        people = _people_spans(found.get("persons", ()))
        spans = [s for m in HEAD.finditer(view.norm) if (s := _named_project(view, m.start(), m.end(), people))]
        named = Intervals(spans)
        spans += [s for s in _quoted_initiatives(view) if not named.covers(s[0])]
        return _distinct([view.span(start, end) for start, end in sorted(spans)], view.line_end(0))


def _people_spans(mentions) -> list[tuple[int, int]]:
    """Where the persons and their roles stand, sorted: a project name never reaches into them, and
    "โครงการ" inside a role ("ผู้อำนวยการโครงการส่งน้ำ…") names the person's office, not a project."""
    spans = []
    for mention in mentions:
        spans.append((mention.start, mention.end))
        spans.extend((role.start, role.org_end or role.end) for role in mention.roles)
    return sorted(spans)


def _distinct(spans: list[schemas.Span], headline_end: int) -> list[schemas.Project]:
    """One project however often the post names it: spaced or quoted otherwise, shortened ("…ฯ"),
    or run on in the headline. Two names are one project when one's letters (``_key``) begin the
    other's; the project is written as its fullest form in the body (the headline's runs on).

    Keys in sorted order put every name right after the names that begin it, so one pass groups
    them (a post naming thousands of projects stays linear after the sort)."""
    keys = [_key(span.text) for span in spans]
    groups: list[list[int]] = []
    for i in sorted(range(len(spans)), key=keys.__getitem__):
        root = keys[groups[-1][0]] if groups else None
        if root is not None and len(root) >= MIN_SHARED_KEY and keys[i].startswith(root):
            groups[-1].append(i)
        else:
            groups.append([i])
    chosen = [max(g, key=lambda i: (spans[i].start >= headline_end, len(keys[i]), -i)) for g in groups]
    return [schemas.Project(name=spans[i].text, span=spans[i]) for i in sorted(chosen)]


def _key(name: str) -> str:
    return re.sub(r"[\s“”\"'‘’ฯ]", "", name)


def _named_project(view: TextView, start: int, head_end: int, people: list[tuple[int, int]]) -> tuple[int, int] | None:
    norm = view.norm
    if GENERIC_BEFORE.search(norm, max(0, start - 8), start) or GENERIC_NEXT.match(norm, head_end):
        return None
    if OFFICE_NEXT.match(norm, head_end):
        return None
    following = bisect_left(people, (start, start))
    if following > 0 and people[following - 1][0] <= start < people[following - 1][1]:
        return None  # inside a person's name or role
    if norm[head_end : head_end + 1] in ("", "\n") or COUNTED.match(norm, head_end):
        return None
    if norm[head_end] == " " and not (norm[head_end + 1 : head_end + 2].isalnum() or norm[head_end + 1 : head_end + 2] in "“\""):
        return None
    next_person = people[following][0] if following < len(people) else len(norm)
    end = _name_end(view, head_end, next_person)
    if end - head_end < MIN_CHARS:
        return None
    return start, end


def _name_end(view: TextView, pos: int, limit: int) -> int:
    norm = view.norm
    limit = min(view.line_end(pos, pos + MAX_CHARS), limit)
    end = pos
    i = pos
    while i < limit:
        ch = norm[i]
        if ch == " ":
            nxt = i + 1
            while nxt < limit and norm[nxt] == " ":
                nxt += 1
            if nxt >= limit or SEGMENT_STOP.match(norm, nxt) and view.is_boundary_end(SEGMENT_STOP.match(norm, nxt).end()):
                break
            i = nxt
            continue
        if ch in OPEN_CLOSE:
            close = norm.find(OPEN_CLOSE[ch], i + 1, limit)
            if close < 0:
                break
            i = end = close + 1
            continue
        if i > pos and i in view.starts and (stop := INNER_STOP.match(norm, i)) and not _inside_longer_word(view, stop):
            break
        i += 1
        end = i
    while end > pos and norm[end - 1] in TRAILING:
        end -= 1
    return end


def _quoted_initiatives(view: TextView) -> list[tuple[int, int]]:
    found = []
    for m in QUOTE.finditer(view.norm):
        before = view.norm[max(0, m.start() - 24) : m.start()]
        if QUOTE_CUE.search(before) and not QUOTE_BLOCKER.search(before):
            found.append((m.start(1), m.end(1)))
    return found


def _inside_longer_word(view: TextView, stop: re.Match) -> bool:
    """True when a stop word only begins a longer word: "ว่า" stops a name, "ว่างงาน" does not."""
    next_boundary = view.boundaries_between(stop.start(), len(view.norm))[:1]
    token = view.norm[stop.start() : next_boundary[0]] if next_boundary else ""
    return len(token) > len(stop.group()) and token in dictionary_words()
