"""Projects: "โครงการ…" to the natural end of the name, and quoted initiatives.

A name runs over spaces until a segment opens with a stop word ("ตาม", "เป็น", "ปี", …) and
inside a segment until an inner stop ("โดยมี", "ประจำปี", …), always ending at a line break.
Generic phrases ("โครงการต่าง ๆ", "โครงการ/กิจกรรม", "เป็นโครงการ…") are not projects. A quote is an
initiative when a cue ("นำเสนอ", "กิจกรรม") stands before it, not a lecture title ("หัวข้อ").
Word lists: ``data/projects.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

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
KEY_DROP = re.compile(r"[\s“”\"'‘’ฯ]+")
OPENER = re.compile('[(“"]')
# Every position where a stop matches (a lookahead finds overlapping ones), found in one scan.
SEGMENT_STOP_AFTER_SPACE = re.compile(f" (?=({SEGMENT_STOP.pattern}))")
INNER_STOP_AT = re.compile(f"(?=({INNER_STOP.pattern}))")
MIN_CHARS = RULES["min_name_chars"]
MIN_SHARED_KEY = len("โครงการ") + 6  # a shorter shared beginning is a common phrase, not one name
MAX_CHARS = RULES["max_name_chars"]


class ProjectsComponent(Component):
    key = "projects"

    def match(self, view: TextView, found: dict) -> list[schemas.Project]:
        people = _people_spans(found.get("persons", ()))
        stops = _Stops(view)
        spans = [s for m in HEAD.finditer(view.norm) if (s := _named_project(view, m.start(), m.end(), people, stops))]
        named = Intervals(spans)
        spans += [s for s in _quoted_initiatives(view) if not named.covers(s[0])]
        return _distinct(view, [view.trimmed(start, end) for start, end in sorted(spans)], view.line_end(0))


def _people_spans(mentions) -> list[tuple[int, int]]:
    """Where the persons and their roles stand, sorted: a project name never reaches into them, and
    "โครงการ" inside a role ("ผู้อำนวยการโครงการส่งน้ำ…") names the person's office, not a project."""
    spans = []
    for mention in mentions:
        spans.append((mention.start, mention.end))
        spans.extend((role.start, role.org_end or role.end) for role in mention.roles)
    return sorted(spans)


def _distinct(view: TextView, spans: list[tuple[int, int]], headline_end: int) -> list[schemas.Project]:
    """One project however often the post names it: spaced or quoted otherwise, shortened ("…ฯ"),
    or run on in the headline. Two names are one project when one's letters (``_key``) begin the
    other's; the project is written as its fullest form in the body (the headline's runs on).

    Keys in sorted order put every name right after the names that begin it, so one pass groups
    them (a post naming thousands of projects stays linear after the sort); only the chosen
    names become records (validating every name found cost more than finding it)."""
    keys = [_key(view.text[start:end]) for start, end in spans]
    groups: list[list[int]] = []
    for i in sorted(range(len(spans)), key=keys.__getitem__):
        root = keys[groups[-1][0]] if groups else None
        if root is not None and len(root) >= MIN_SHARED_KEY and keys[i].startswith(root):
            groups[-1].append(i)
        else:
            groups.append([i])
    chosen = [max(g, key=lambda i: (spans[i][0] >= headline_end, len(keys[i]), -i)) for g in groups]
    return [schemas.Project(name=(span := view.span(*spans[i])).text, span=span) for i in sorted(chosen)]


def _key(name: str) -> str:
    return KEY_DROP.sub("", name)


def _named_project(view: TextView, start: int, head_end: int, people: list[tuple[int, int]],
                   stops: _Stops) -> tuple[int, int] | None:
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
    end = _name_end(view, head_end, next_person, stops)
    if end - head_end < MIN_CHARS:
        return None
    return start, end


class _Stops:
    """Where names stop in a post, found once for all its heads (a post made of heads read up to
    ``MAX_CHARS`` letters for each, a letter at a time in Python): the segments after a space
    that open with a stop, and the token starts where an inner stop begins. Built on first use."""

    def __init__(self, view: TextView) -> None:
        self.view = view
        self.segments: list[int] | None = None  # sorted starts of segments that open with a stop
        self.inner: list[int] = []  # sorted token starts where an inner stop matches
        self.inner_ends: list[int] = []  # and where that match ends
        self.longer: dict[int, bool] = {}  # inner stop start -> it only begins a longer word

    def _build(self) -> None:
        view, norm = self.view, self.view.norm
        self.segments = [m.start(1) for m in SEGMENT_STOP_AFTER_SPACE.finditer(norm) if view.is_boundary_end(m.end(1))]
        for m in INNER_STOP_AT.finditer(norm):
            if m.start() in view.starts:
                self.inner.append(m.start())
                self.inner_ends.append(m.end(1))

    def first(self, pos: int, limit: int) -> int:
        """Where the name read from ``pos`` stops before ``limit`` (``limit`` if nowhere), when no
        bracket or quote stands in between (``_name_end`` reads those itself)."""
        if self.segments is None:
            self._build()
        k = bisect_right(self.segments, pos)
        stop = min(limit, self.segments[k]) if k < len(self.segments) else limit
        for k in range(bisect_right(self.inner, pos), len(self.inner)):
            i = self.inner[k]
            if i >= stop:
                break
            if i not in self.longer:
                self.longer[i] = _inside_longer_word(self.view, i, self.inner_ends[k] - i)
            if not self.longer[i]:
                return i
        return stop


def _name_end(view: TextView, pos: int, limit: int, stops: _Stops) -> int:
    norm = view.norm
    limit = min(view.line_end(pos, pos + MAX_CHARS), limit)
    stop = stops.first(pos, limit)
    if not OPENER.search(norm, pos, stop):
        while stop > pos and norm[stop - 1] in TRAILING:
            stop -= 1
        return stop
    # A bracket or a quote: read on letter by letter, over what it encloses.
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
        if i > pos and i in view.starts and (m := INNER_STOP.match(norm, i)) and not _inside_longer_word(view, i, len(m.group())):
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


def _inside_longer_word(view: TextView, start: int, length: int) -> bool:
    """True when the stop word of ``length`` letters at ``start`` only begins a longer word: "ว่า"
    stops a name, "ว่างงาน" does not."""
    token = view.token_at(start)
    return len(token) > length and token in dictionary_words()
