"""The online platform: the first named platform in the post (``data/platforms.csv``), in
canonical form; a post that only says "ออนไลน์" gets an ``Online`` with no platform."""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import table

PLATFORMS = [(re.compile(row["pattern"], re.I), row["platform"] or None) for row in table("platforms.csv")]


class OnlineComponent(Component):
    key = "online"

    def match(self, view: TextView, found: dict) -> schemas.Online | None:
        named: list[tuple[int, int, str]] = []
        unnamed: list[tuple[int, int]] = []
        for pattern, platform in PLATFORMS:
            for m in pattern.finditer(view.norm):
                if platform:
                    named.append((m.start(), m.end(), platform))
                else:
                    unnamed.append(m.span())
        if named:
            start, end, platform = min(named)
            return schemas.Online(platform=platform, span=view.span(start, end))
        if unnamed:
            start, end = min(unnamed)
            return schemas.Online(platform=None, span=view.span(start, end))
        return None
