"""The attendee count: a number of people whose context says they took part.

Each "<number> คน/ราย/ท่าน/นาย/รูป" is scored by the cue words before it (``data/count_cues.csv``):
the strongest positive cue before it, plus every negative cue close by (readers, views,
beneficiaries, households, winners, money). A bare "<number> คน" with no cue still scores a
little, so a post's only head count is found. The best score above zero wins, the earliest
on a tie.
"""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import alternation, table

CUES = {row["cue"]: int(row["weight"]) for row in table("count_cues.csv")}
CUE = re.compile(alternation(list(CUES)), re.I)
APPROX_BEFORE = r"(?P<pre>กว่า|ประมาณ|ราว|ราวๆ|เกือบ|ไม่ต่ำกว่า|มากกว่า|รวมกว่า|ร่วม)"
COUNT = re.compile(
    rf"(?:{APPROX_BEFORE}\s?)?(?<![\d.,])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.,]\d)\s?(?P<post>กว่า|เศษ)?\s?"
    r"(?P<unit>คน|ราย|ท่าน|นาย|รูป)(?!ละ|ไทย|งาน|ขับ)"
)
CONTEXT_BEFORE = 60
NEGATIVE_BEFORE = 28
NEGATIVE_AFTER = 12
BARE_SCORE = 0.5


class CountsComponent(Component):
    key = "attendee_count"

    def match(self, view: TextView, found: dict) -> schemas.Count | None:
        best: tuple[float, re.Match] | None = None
        for m in COUNT.finditer(view.norm):
            score = _score(view, m)
            if score > 0 and (best is None or score > best[0]):
                best = (score, m)
        if best is None:
            return None
        m = best[1]
        value = int(m.group("n").replace(",", ""))
        approximate = bool(m.group("pre") and m.group("pre") != "ร่วม") or bool(m.group("post"))
        return schemas.Count(value=value, approximate=approximate, span=view.span(m.start(), m.end()))


def _score(view: TextView, m: re.Match) -> float:
    number = m.start("n")  # cues inside the match count too: "รวมกว่า 300 คน"
    line_start = view.line_start(m.start())
    near_before = view.norm[max(line_start, number - NEGATIVE_BEFORE) : number]
    after = view.norm[m.end() : min(view.line_end(m.end()), m.end() + NEGATIVE_AFTER)]
    penalty = sum(w for c in CUE.finditer(near_before + " " + after) if (w := CUES[c.group(0).lower()]) < 0)
    before = view.norm[max(line_start, number - CONTEXT_BEFORE) : number]
    best = max((w for c in CUE.finditer(before) if (w := CUES[c.group(0).lower()]) > 0), default=0)
    bare = BARE_SCORE if m.group("unit") in ("คน", "ท่าน") else 0
    return (best or bare) + penalty
