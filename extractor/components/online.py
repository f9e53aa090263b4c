"""The online platform: the first named platform in the post (``data/platforms.csv``), in
canonical form; a post that only says "ออนไลน์" gets an ``Online`` with no platform."""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import table

_ROWS = table("platforms.csv")
# Each named platform is searched on its own: one alternation of them all is tried branch by
# branch at every character and cost about three times as much on a post that names none.
NAMED = tuple((re.compile(row["pattern"], re.I), row["platform"]) for row in _ROWS if row["platform"])
UNNAMED = re.compile("|".join(f"(?:{row['pattern']})" for row in _ROWS if not row["platform"]), re.I)
# Once a platform is found, the others are searched only up to a little past it (the first
# mention in the post wins; the margin leaves room for a match's own lookahead).
SEARCH_MARGIN = 200


class OnlineComponent(Component):
    key = "online"

    def match(self, view: TextView, found: dict) -> schemas.Online | None:
        if named := first_named(view.norm):
            m, platform = named
            return schemas.Online(platform=platform, span=view.span(m.start(), m.end()))
        if m := UNNAMED.search(view.norm):
            return schemas.Online(platform=None, span=view.span(m.start(), m.end()))
        return None


def first_named(norm: str) -> tuple[re.Match, str] | None:
    """The earliest named platform in the text (at one position, the first row of
    ``platforms.csv`` wins), with its canonical name."""
    best: tuple[re.Match, str] | None = None
    end = len(norm)
    for pattern, platform in NAMED:
        m = pattern.search(norm, 0, end)
        if m is not None and (best is None or m.start() < best[0].start()):
            best = (m, platform)
            end = min(len(norm), m.start() + SEARCH_MARGIN)
    return best
