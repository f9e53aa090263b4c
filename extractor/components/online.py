"""The online platforms: every named platform in the post (``data/platforms.csv``), in order of
first mention and in canonical form; a post that only says "ออนไลน์" gets an ``Online`` with no
platform.

``platform``, the record's one-word answer, is the first named brand: "ผ่านระบบประชุมทางไกล
Zoom" was held on ZOOM, and the generic "Video Conference" answers only when no brand is named.
"""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import table

GENERIC = "Video Conference"
_ROWS = table("platforms.csv")
# Each named platform is searched on its own: one alternation of them all is tried branch by
# branch at every character and cost about three times as much on a post that names none.
NAMED = tuple((re.compile(row["pattern"], re.I), row["platform"], tuple(row["cues"].split("|")))
              for row in _ROWS if row["platform"])
UNNAMED = re.compile("|".join(f"(?:{row['pattern']})" for row in _ROWS if not row["platform"]), re.I)


class OnlineComponent(Component):
    key = "online"

    def match(self, view: TextView, found: dict) -> schemas.Online | None:
        named = [schemas.Platform(name=platform, span=view.span(m.start(), m.end()))
                 for m, platform in named_platforms(view.norm)]
        if named:
            primary = next((p for p in named if p.name != GENERIC), named[0])
            return schemas.Online(platform=primary.name, span=primary.span, platforms=named)
        if m := UNNAMED.search(view.norm):
            return schemas.Online(platform=None, span=view.span(m.start(), m.end()))
        return None


def named_platforms(norm: str) -> list[tuple[re.Match, str]]:
    """The first mention of every named platform, in text order; mentions that overlap an
    earlier one are dropped (at one position, the first row of ``platforms.csv`` wins).

    >>> [p for _, p in named_platforms("ประชุมผ่าน Zoom และถ่ายทอดสดทาง Facebook Live และ Zoom อีกครั้ง")]
    ['ZOOM', 'Facebook Live']
    """
    lowered = norm.lower()
    firsts = [(m, platform) for pattern, platform, cues in NAMED
              if any(cue in lowered for cue in cues) and (m := pattern.search(norm)) is not None]
    firsts.sort(key=lambda found: found[0].start())  # stable: the row order breaks ties
    kept: list[tuple[re.Match, str]] = []
    for m, platform in firsts:
        if not any(m.start() < k.end() and k.start() < m.end() for k, _ in kept):
            kept.append((m, platform))
    return kept
