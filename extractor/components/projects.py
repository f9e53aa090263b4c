"""Projects: "โครงการ…" to the natural end of the name, and quoted initiatives.

A name runs over spaces until a segment opens with a stop word ("ตาม", "เป็น", "ปี", …) and
inside a segment until an inner stop ("โดยมี", "ประจำปี", …), always ending at a line break.
Generic phrases ("โครงการต่าง ๆ", "โครงการ/กิจกรรม", "เป็นโครงการ…") are not projects. A quote is an
initiative when a cue ("นำเสนอ", "กิจกรรม") stands before it, not a lecture title ("หัวข้อ").
Word lists: ``data/projects.json``.
"""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, Intervals, TextView
from extractor.gazetteers import alternation, settings

RULES = settings("projects.json")
HEAD = re.compile(alternation(RULES["heads"]))
SEGMENT_STOP = re.compile(rf"(?:{alternation(RULES['segment_stops'])})")
INNER_STOP = re.compile(alternation(RULES["inner_stops"]))
GENERIC_NEXT = re.compile(rf"\s?(?:{alternation(RULES['generic_next'])})", re.I)
GENERIC_BEFORE = re.compile(rf"(?:{alternation(RULES['generic_before'])})\s?$")
QUOTE = re.compile(r"[“\"]([^“”\"\n]{2,120})[”\"]")
QUOTE_CUE = re.compile(rf"(?:{alternation(RULES['quote_cues'])})\s?$")
QUOTE_BLOCKER = re.compile(rf"(?:{alternation(RULES['quote_blockers'])})\s?[^\s]{{0,6}}\s?$")
TRAILING = " ,.:;-"
COUNTED = re.compile(r"\s?\d[\d,]*\s?(?:โครงการ|กิจกรรม|แห่ง|ด้าน)")  # "โครงการ 14 โครงการ" is a count
OPEN_CLOSE = {"(": ")", "“": "”", "\"": "\""}
MIN_CHARS = RULES["min_name_chars"]
MAX_CHARS = RULES["max_name_chars"]


class ProjectsComponent(Component):
    key = "projects"

    def match(self, view: TextView, found: dict) -> list[schemas.Project]:
        spans = [s for m in HEAD.finditer(view.norm) if (s := _named_project(view, m.start(), m.end()))]
        named = Intervals(spans)
        spans += [s for s in _quoted_initiatives(view) if not named.covers(s[0])]
        projects: list[schemas.Project] = []
        seen: set[str] = set()
        for start, end in sorted(spans):
            span = view.span(start, end)
            if span.text not in seen:
                seen.add(span.text)
                projects.append(schemas.Project(name=span.text, span=span))
        return projects


def _named_project(view: TextView, start: int, head_end: int) -> tuple[int, int] | None:
    norm = view.norm
    if GENERIC_BEFORE.search(norm, max(0, start - 8), start) or GENERIC_NEXT.match(norm, head_end):
        return None
    if norm[head_end : head_end + 1] in ("", "\n") or COUNTED.match(norm, head_end):
        return None
    if norm[head_end] == " " and not (norm[head_end + 1 : head_end + 2].isalnum() or norm[head_end + 1 : head_end + 2] in "“\""):
        return None
    end = _name_end(view, head_end)
    if end - head_end < MIN_CHARS:
        return None
    return start, end


def _name_end(view: TextView, pos: int) -> int:
    norm = view.norm
    limit = view.line_end(pos, pos + MAX_CHARS)
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
        if i > pos and i in view.starts and INNER_STOP.match(norm, i):
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
