"""Royals named by title and name: "พระบาทสมเด็จพระปรมินทรมหาภูมิพลอดุลยเดช", "เจ้าฟ้าสิรินธร".

SCHEMA.md counts a royal as a person when a name follows the title; a title alone
("สมเด็จพระเจ้าอยู่หัว") is no person. Royal names are a short, closed list
(``royal_names.txt``), matched only right after a royal title (``royal_titles.txt``): alone,
several name hospitals, dams and universities.
"""

from __future__ import annotations

import re

from extractor.components.base import Component, TextView
from extractor.components.persons import NameMention, add_mentions
from extractor.gazetteers import alternation, word_list

# A name that runs on into "เกล้า" is a reign title ("พระบาทสมเด็จพระมงกุฎเกล้าเจ้าอยู่หัว"): a title
# alone, no named royal.
ROYAL = re.compile(
    rf"(?P<title>{alternation(word_list('royal_titles.txt'))}) ?(?P<name>{alternation(word_list('royal_names.txt'))})"
    r"(?!เกล้า)"
)


class RoyalPersonsComponent(Component):
    """Adds named royals to the persons found so far (before the untitled rules and the tagger)."""

    key = "persons"

    def match(self, view: TextView, found: dict) -> list[NameMention]:
        mentions = [m for m in royal_mentions(view) if not view.in_taken(m.start, m.end)]
        for m in mentions:
            view.taken.add(m.start, m.end)
        return add_mentions(view, found["persons"], mentions)


def royal_mentions(view: TextView) -> list[NameMention]:
    """Every royal title followed by a royal name, at a word start.

    >>> from extractor.components.base import TextView
    >>> text = "พระบาทสมเด็จพระปรมินทรมหาภูมิพลอดุลยเดช ทรงพระกรุณา"
    >>> [(m.title, m.first_name) for m in royal_mentions(TextView(text, text, frozenset(), frozenset()))]
    [('พระบาทสมเด็จพระ', 'ปรมินทรมหาภูมิพลอดุลยเดช')]
    """
    return [
        NameMention(
            title=view.text[m.start("title") : m.end("title")],
            first_name=view.text[m.start("name") : m.end()],
            last_name=None,
            start=m.start(),
            end=m.end(),
        )
        for m in ROYAL.finditer(view.norm)
        if view.is_boundary_start(m.start())
    ]
