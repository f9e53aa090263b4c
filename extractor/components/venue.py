"""The venue: after "ณ" (or "ณ.", over any run of spaces) any place name ("ณ อ่างเก็บน้ำห้วยตาจู");
after "ที่" only a strong place head ("ที่ห้องประชุม…"), or any head when a space follows "ที่"
("ที่ ศูนย์เรียนรู้…"); then the segments that continue a place name ("ชั้น 3",
"ศาลากลางจังหวัดขอนแก่น"), up to a stop word. Word lists: ``data/venue.json``.
"""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import alternation, province_names, settings

RULES = settings("venue.json")
HEADS = alternation(RULES["heads"])
# "ที่" followed by a space opens a place like "ณ" ("ที่ ศูนย์เรียนรู้…"); glued to the next word it
# is as often a relative pronoun or "at" after a verb ("ส่งตรวจที่ศูนย์…"), so only a strong head.
START = re.compile(
    rf"(?:(?:{alternation(RULES['cues'])})\.?[^\S\n]*(?!{alternation(RULES['not_after_cue'])})(?=[ก-๛A-Za-z])"
    rf"|ที่[^\S\n]+(?={HEADS})|ที่(?={alternation(RULES['strong_heads'])}))"
)
GROUP = re.compile(alternation(RULES["group_words"]))
HEAD = re.compile(HEADS)
STOP = re.compile(alternation(RULES["stops"]))
CONTINUES = re.compile(
    rf"(?:{HEADS}|ชั้น|จังหวัด|อำเภอ|ตำบล|อ\.|จ\.|ต\.|หมู่|ถนน|ถ\.|เลขที่|\d|{alternation(list(province_names()))})"
)
SEGMENT_END = re.compile(r"[\s,()]")
MAX_CHARS = RULES["max_chars"]
THAI_LETTER = re.compile(r"[ก-ฮ]")


class VenueComponent(Component):
    key = "venue"

    def match(self, view: TextView, found: dict) -> schemas.Venue | None:
        for m in START.finditer(view.norm):
            if not view.is_boundary_start(m.start()) or view.in_taken(m.start(), m.end() + 1):
                continue
            if _inside_word(view.norm, m.start(), m.end()):
                continue
            end = _venue_end(view, m.end())
            if end > m.end() and not GROUP.search(view.norm, m.end(), end):
                span = view.span(m.end(), end)
                return schemas.Venue(text=span.text, span=span)
        return None


def _venue_end(view: TextView, start: int) -> int:
    norm = view.norm
    limit = view.line_end(start, start + MAX_CHARS)
    end = _segment_end(view, start, limit)
    while end < limit and norm[end] == " " and CONTINUES.match(norm, end + 1):
        end = _segment_end(view, end + 1, limit)
    return end


def _segment_end(view: TextView, start: int, limit: int) -> int:
    head = HEAD.match(view.norm, start)
    i = head.end() if head else start
    m = SEGMENT_END.search(view.norm, i, limit)
    seg_end = m.start() if m else limit
    for j in range(i, seg_end):
        if j in view.starts and STOP.match(view.norm, j):
            return j
    return seg_end


def _inside_word(norm: str, start: int, end: int) -> bool:
    """A one-letter cue glued to letters on both sides is a letter of a word ("จุฬาภรณราชวิทยาลัย"),
    though the tokenizer may cut it out."""
    return end - start == 1 and start > 0 and THAI_LETTER.match(norm, start - 1) and THAI_LETTER.match(norm, end)
