"""Provinces: the 77 names from geothai plus aliases, as whole words, in place context.

Not a province: a name inside another word ("แพร่ระบาด": the tokenizer keeps it whole; but a name
glued to an institution's head counts: "มหาวิทยาลัยขอนแก่น" is one token), inside
a person's name ("ณ สกลนคร"), right after a room or building word ("ห้องประชุมชุมพร"). Names
that are also common words ("เลย", "ตาก") need a cue ("จังหวัด", "จ.") or a neighbour in a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import alternation, province_abbreviations, province_names, provinces, word_list

NAMES = province_names()
NAME = re.compile(alternation(list(NAMES)))
ABBREVIATION = re.compile(
    rf"(?:ผวจ\.|ผู้ว่าฯ|จ\.)\s?({alternation(list(province_abbreviations()))})\.?(?![ก-๛])"
)
AMBIGUOUS = frozenset(word_list("province_ambiguous.txt"))
CUE_BEFORE = re.compile(rf"(?:{alternation(word_list('province_cues.txt'))})\s?$")
# A name glued into one token after an institution's head word still names the province.
INSTITUTION_BEFORE = re.compile(rf"(?:{alternation(word_list('province_institution_heads.txt'))})$")
BLOCKER_BEFORE = re.compile(rf"(?:{alternation(word_list('province_blockers.txt'))})\s?$")
LIST_SEPARATOR = re.compile(r"[\s,]*(?:และ|หรือ|กับ|/|,)?\s*")
LOOKBEHIND = 24


@dataclass
class _Hit:
    start: int
    end: int
    name_th: str
    needs_cue: bool


class ProvincesComponent(Component):
    key = "provinces"

    def match(self, view: TextView, found: dict) -> list[schemas.Province]:
        hits = sorted(_name_hits(view) + _abbreviation_hits(view), key=lambda h: h.start)
        kept = _resolve_ambiguous(view, hits)
        by_name: dict[str, schemas.Province] = {}
        table = provinces()
        for hit in kept:
            entry = table[hit.name_th]
            province = by_name.setdefault(
                hit.name_th, schemas.Province(name_th=entry.name_th, name_en=entry.name_en, code=entry.code)
            )
            province.mentions.append(view.span(hit.start, hit.end))
        return list(by_name.values())


def _name_hits(view: TextView) -> list[_Hit]:
    hits = []
    for m in NAME.finditer(view.norm):
        start, end = m.span()
        before = view.norm[max(0, start - LOOKBEHIND) : start]
        opens_word = view.is_boundary_start(start) or INSTITUTION_BEFORE.search(before)
        if not (opens_word and view.is_boundary_end(end)) or view.in_taken(start, end):
            continue
        if BLOCKER_BEFORE.search(before):
            continue
        needs_cue = m.group(0) in AMBIGUOUS and not CUE_BEFORE.search(before)
        hits.append(_Hit(start, end, NAMES[m.group(0)], needs_cue))
    return hits


def _abbreviation_hits(view: TextView) -> list[_Hit]:
    abbreviations = province_abbreviations()
    return [
        _Hit(m.start(1), m.end(1), abbreviations[m.group(1)], False)
        for m in ABBREVIATION.finditer(view.norm)
        if not view.in_taken(m.start(), m.end())
    ]


def _resolve_ambiguous(view: TextView, hits: list[_Hit]) -> list[_Hit]:
    """Keep an ambiguous name only when it is listed with a sure province, directly or through
    other listed names ("เชียงราย พะเยา แพร่ และน่าน")."""
    sure = [not h.needs_cue for h in hits]
    changed = True
    while changed:
        changed = False
        for i in range(len(hits)):
            if sure[i]:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(hits) and sure[j] and _listed_together(view, hits[i], hits[j]):
                    sure[i] = changed = True
                    break
    return [h for h, ok in zip(hits, sure, strict=True) if ok]


def _listed_together(view: TextView, a: _Hit, b: _Hit) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return LIST_SEPARATOR.fullmatch(view.norm, first.end, second.start) is not None
