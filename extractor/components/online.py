"""The online platform: the first named platform in the post (``data/platforms.csv``), in
canonical form; a post that only says "ออนไลน์" gets an ``Online`` with no platform."""

from __future__ import annotations

import re

import schemas
from extractor.components.base import Component, TextView
from extractor.gazetteers import table

_ROWS = table("platforms.csv")
_NAMED = [(i, row) for i, row in enumerate(_ROWS) if row["platform"]]
PLATFORM_OF_GROUP = {f"p{i}": row["platform"] for i, row in _NAMED}
# One pass for the named platforms (each row a named group of one alternation), and one for
# the unnamed "online" phrases, kept apart so that a long phrase cannot swallow a name.
NAMED = re.compile("|".join(f"(?P<p{i}>{row['pattern']})" for i, row in _NAMED), re.I)
UNNAMED = re.compile("|".join(f"(?:{row['pattern']})" for row in _ROWS if not row["platform"]), re.I)


class OnlineComponent(Component):
    key = "online"

    def match(self, view: TextView, found: dict) -> schemas.Online | None:
        if m := NAMED.search(view.norm):
            return schemas.Online(platform=PLATFORM_OF_GROUP[m.lastgroup], span=view.span(m.start(), m.end()))
        if m := UNNAMED.search(view.norm):
            return schemas.Online(platform=None, span=view.span(m.start(), m.end()))
        return None
