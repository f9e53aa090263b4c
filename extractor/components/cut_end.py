"""A post cut off in mid-word (a feed teaser, a clipped archive copy): what reaches the cut is
half a value ("นายวิชัย ทองม", "ณ ห้องประชุมบ", "ผู้อำนวยการกลุ่"), so it is left out, with a warning.

The text counts as cut when it ends in a letter and its last word is no word of the dictionary.
A complete post that happens to end in a value keeps it: its last word is a whole word.
Runs last, after every step that finds names.
"""

from __future__ import annotations

import re

from extractor.components.base import WARNINGS, Component, TextView
from extractor.gazetteers import dictionary_words

LETTER_AT_END = re.compile(r"[ก-ฮA-Za-z\u0e30-\u0e4e]")  # matched on the last character alone


class CutEndComponent(Component):
    key = "cut_at"

    def match(self, view: TextView, found: dict) -> int | None:
        cut = cut_position(view)
        if cut is None:
            return None
        left_out = _leave_out_values_at(cut, found)
        if left_out:
            found[WARNINGS].append(f"the text ends in mid-word; {left_out} value(s) cut there were left out")
        return cut


def cut_position(view: TextView) -> int | None:
    """The text's length when the text was cut in mid-word, else None.

    >>> from extractor.pipeline import get
    >>> cut_position(get()("ประชุม ณ ห้องประชุมบ").user_data["view"]), cut_position(get()("ประชุม ณ ห้องประชุม").user_data["view"])
    (20, None)
    """
    if not view.tokens or not LETTER_AT_END.match(view.norm[-1:]):
        return None
    last = view.tokens[-1]
    return None if last in dictionary_words() or last.isascii() and len(last) > 2 else len(view.norm)


def _leave_out_values_at(cut: int, found: dict) -> int:
    """Drop every value that reaches ``cut``; how many were dropped."""
    dropped = 0
    kept_mentions = []
    for mention in found["persons"]:
        if mention.end >= cut:
            dropped += 1
            continue
        whole = [role for role in mention.roles if role.end < cut]
        dropped += len(mention.roles) - len(whole)
        mention.roles = whole
        for role in whole:
            if role.org_end is not None and role.org_end >= cut:
                role.organization = role.org_start = role.org_end = None
                dropped += 1
        kept_mentions.append(mention)
    found["persons"] = kept_mentions
    projects = [p for p in found["projects"] if p.span.end < cut]
    dropped += len(found["projects"]) - len(projects)
    found["projects"] = projects
    if found["venue"] is not None and found["venue"].span.end >= cut:
        found["venue"] = None
        dropped += 1
    return dropped
