"""Persons named without a title: "ประยุทธ์ จันทร์โอชา", "ธนาธร กล่าวว่า", "น้องเต้".

Reports and news often name well-known people bare. A mention here opens a word (after a space,
a line start or punctuation) and ends at a token boundary; its evidence is one of:

- a given name from PyThaiNLP's lists of Thai given names, then a surname: a known family
  name, or, after a given name that is no common word, a word that is no phrase of common
  words (the tokenizer splits it into fragments: "เสส|ะ|เวช", not "เรียก|ประชุม");
- the same glued to the word before it ("อดีตอธิบดีทวีศักดิ์ เสสะเวช"), when neither name nor
  surname is a common word;
- a given name that is no common word, alone ("เนวิน");
- a given name that is also a common word ("สมัคร", "ทักษิณ"), alone, only in quotes;
- a familiar prefix (``name_prefixes.txt``: "น้อง", "ครู", "เสี่ย") and a given name, or a word
  that is no common word and ends where a name ends (a space, a quote, a speech verb or an age
  from ``name_cues.txt``, or a role);
- a given name already found in the text (with a title or a surname) written again alone.

"Common word" means a word of PyThaiNLP's dictionary. Names found here merge with titled
mentions of the same person in ``record.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from extractor.components.base import Component, TextView
from extractor.components.persons import (
    NAME_LETTERS,
    ORG_HEAD,
    PLACE_WORD,
    ROLE_HEAD,
    NameMention,
    _not_a_name_word,
    add_mentions,
    in_place_name,
    not_a_name,
    surname_span,
    with_ambiguous_title,
)
from extractor.gazetteers import alternation, dictionary_words, family_names, given_names, word_list

MAX_NAME_TOKENS = 4  # a given name split by the tokenizer: "ประ|ยุทธ์"
MIN_BARE_NAME_CHARS = 3  # a shorter bare word ("ต้น", "แดง") is too often something else
MAX_NICKNAME_CHARS = 12
LETTERS = frozenset(ch for ch in map(chr, range(0x0E01, 0x0E4F)) if re.match(f"[{NAME_LETTERS}]", ch))
# A word: a run of letters opened by a consonant or a leading vowel, after no letter.
WORD = re.compile(rf"(?<![{NAME_LETTERS}])[ก-ฮเ-ไ][{NAME_LETTERS}]*")
LETTER_RUN = re.compile(rf"[{NAME_LETTERS}]*")
MAX_GLUED_NAME_CHARS = 20
HEAD_CHARS = 3
QUOTES = frozenset("\"'“”‘’")
CUE = re.compile(rf" ?(?:{alternation(word_list('name_cues.txt'))})")
PREFIX = re.compile(alternation(word_list("name_prefixes.txt")))
ROLE_AFTER = re.compile(rf" ?(?:{ROLE_HEAD.pattern})")
# A byline: a credit cue and two words (given name, surname) on a line of their own.
_BYLINE_CUE = alternation(word_list("byline_cues.txt"))
_BYLINE_NAME = rf"(?P<first>[ก-ฮเ-ไ][{NAME_LETTERS}]{{1,30}}) (?P<last>[ก-ฮเ-ไ][{NAME_LETTERS}]{{1,30}})"
BYLINE = re.compile(
    rf"(?m)^[ \t]*(?:(?:{_BYLINE_CUE})[ \t]*:?[ \t]*{_BYLINE_NAME}(?=[ \t]|$)"
    rf"|{_BYLINE_NAME.replace('first', 'first2').replace('last', 'last2')}[ \t]+(?:{_BYLINE_CUE}))"
)


class UntitledPersonsComponent(Component):
    """Adds untitled persons (with the roles written after them) to the titled ones."""

    key = "persons"

    def match(self, view: TextView, found: dict) -> list[NameMention]:
        known = {m.first_name for m in found["persons"] if len(m.first_name) >= MIN_BARE_NAME_CHARS}
        return add_mentions(view, found["persons"], untitled_mentions(view, known))


def untitled_mentions(view: TextView, known: set[str] = frozenset()) -> list[NameMention]:
    """Untitled name mentions outside the spans already taken by titled names. ``known``: given
    names already found in the text, which count alone wherever they stand as a word."""
    found: list[NameMention] = list(byline_mentions(view))
    norm = view.norm
    heads = _name_heads()
    names = given_names()
    known_heads = {name[:HEAD_CHARS] for name in known}  # apart: a union would copy the big set per post
    taken = view.taken
    for word in WORD.finditer(norm):
        start, end = word.span()
        head = norm[start : start + HEAD_CHARS]
        # A mention that would start inside a titled name is dropped below: not read at all
        # (a post of thousands of titled names read each again here).
        if (start in view.starts and (head in heads or head in known_heads or norm[start : start + 2] in heads)
                and not taken.covers(start)):
            ends = _token_ends(view, start, end)
            found.append(_prefixed_at(view, start) or _named_at(view, start, ends, known))
        if norm[end : end + 1] == " ":  # a name glued to the word before it may end here
            for inner in view.boundaries_between(max(start, end - MAX_GLUED_NAME_CHARS - 1), end - MIN_BARE_NAME_CHARS):
                if norm[inner:end] in names and not taken.covers(inner):  # the given name must run to the space
                    found.append(_glued_full_name_at(view, inner, end))
    mentions: list[NameMention] = []
    for mention in sorted((m for m in found if m is not None), key=lambda m: m.start):
        if view.in_taken(mention.start, mention.end) or (mentions and mention.start < mentions[-1].end):
            continue
        if mention.last_name is None and in_place_name(view, mention.start):  # "บริษัท ประชารัฐ"
            continue
        mentions.append(with_ambiguous_title(view, mention))
    return mentions


def byline_mentions(view: TextView) -> Iterator[NameMention]:
    """Reporters and photographers credited at a line start or end ("ข่าวโดย : มานี มีนา",
    "มานี มีนา ถ่ายภาพ/รายงาน"); neither word may be a stop word, a role or a place."""
    for m in BYLINE.finditer(view.norm):
        first = "first" if m.group("first") else "first2"
        last = "last" if m.group("first") else "last2"
        # Whole words only: a surname may open with a stop word ("มี|สุข…"), as bylines are names.
        if any(_not_a_name_word(view, *m.span(g)) or _opens_office(view.norm, m.start(g)) for g in (first, last)):
            continue  # "ข่าว/ภาพ : งานประชาสัมพันธ์ โรงพยาบาล…": a unit's credit
        yield NameMention(
            title=None,
            first_name=view.text[m.start(first) : m.end(first)],
            last_name=view.text[m.start(last) : m.end(last)],
            start=m.start(first),
            end=m.end(last),
        )


def _opens_office(norm: str, start: int) -> bool:
    return bool(ORG_HEAD.match(norm, start) or PLACE_WORD.match(norm, start))


@cache
def _name_heads() -> frozenset[str]:
    """The first letters of every given name and prefix: a word opening otherwise is skipped
    without further lookups (most words are; this keeps the component cheap)."""
    return frozenset(name[:HEAD_CHARS] for name in (*given_names(), *word_list("name_prefixes.txt")))


def _token_ends(view: TextView, start: int, run_end: int) -> tuple[int, ...]:
    """Token ends inside the run of letters ``start:run_end``, nearest first, at most MAX_NAME_TOKENS."""
    return view.boundaries_between(start + 1, run_end)[:MAX_NAME_TOKENS]


def _named_at(view: TextView, start: int, ends: tuple[int, ...], known: set[str]) -> NameMention | None:
    norm = view.norm
    names = given_names()
    first_end = next((e for e in reversed(ends) if norm[start:e] in names), None)  # the longest given name
    if first_end is None:
        return _known_at(view, start, ends, known)
    if not_a_name(view, start, first_end):
        return None
    first = norm[start:first_end]
    is_word = first in dictionary_words()
    last_end = _surname_end(view, first_end, is_word)
    if last_end is not None:
        return _mention(view, None, start, first_end, first_end + 1, last_end)
    if first_end - start < MIN_BARE_NAME_CHARS:
        return None
    if not is_word or first in known or _person_context(view, start, first_end):
        return _mention(view, None, start, first_end)
    return None


def _surname_end(view: TextView, first_end: int, first_is_word: bool) -> int | None:
    """Where the surname after a given name ends: a known family name, or, after an uncommon
    given name, an uncommon word. A family name glued to the next word ("จันทร์โอชาเกิด") is
    cut at the longest family name it starts with."""
    last_start, last_end = surname_span(view, first_end)
    if last_start is None or last_start != first_end + 1:
        return None
    last = view.norm[last_start:last_end]
    if last in family_names() or (not first_is_word and not _phrase(view, last_start, last_end)):
        return last_end
    for e in range(last_end - 1, last_start + MIN_BARE_NAME_CHARS, -1):
        prefix = view.norm[last_start:e]
        if e in view.ends and prefix in family_names() and prefix not in dictionary_words():
            return e
    return None


def _phrase(view: TextView, start: int, end: int) -> bool:
    """Common words, not a surname: the text is a dictionary word, or the tokenizer covers it with
    dictionary words of three letters or more ("เรียก|ประชุม"). A surname the dictionary does
    not know splits into fragments ("เสส|ะ|เวช", "วงษ์|สวรรค์")."""
    words = dictionary_words()
    if view.norm[start:end] in words:
        return True
    return all(len(token) >= 3 and token in words for token in view.token_texts(start, end))


def _glued_full_name_at(view: TextView, start: int, space: int) -> NameMention | None:
    """A given name and surname glued to the word before them: "อดีตอธิบดีทวีศักดิ์ เสสะเวช".
    Both must be uncommon words, and the given name must run from ``start`` to the space at
    ``space`` (one lookup per token, for speed)."""
    norm = view.norm
    first = norm[start:space]
    if first not in given_names() or first in dictionary_words() or not_a_name(view, start, space):
        return None
    last_end = _surname_end(view, space, first_is_word=False)
    if last_end is None or _phrase(view, space + 1, last_end):
        return None
    return _mention(view, None, start, space, space + 1, last_end)


def _known_at(view: TextView, start: int, ends: tuple[int, ...], known: set[str]) -> NameMention | None:
    """A given name found elsewhere in the text (not in the lists), written again as a word."""
    for e in ends:
        if view.norm[start:e] in known and not not_a_name(view, start, e):
            return _mention(view, None, start, e)
    return None


def _person_context(view: TextView, start: int, end: int) -> bool:
    """Quotes around the word alone: headlines quote the people they name ("สมัคร"ท้า…).
    (A cue word after a common word was tried: it found as many wrong persons as right ones.)"""
    norm = view.norm
    return start > 0 and norm[start - 1] in QUOTES and norm[end : end + 1] in QUOTES


def _cue_after(view: TextView, end: int) -> bool:
    cue = CUE.match(view.norm, end)
    return cue is not None and view.is_boundary_end(cue.end())


def _prefixed_at(view: TextView, start: int) -> NameMention | None:
    """ "น้องเต้", "ครูวิภา": a familiar prefix glued to a given name or an uncommon short word."""
    prefix = PREFIX.match(view.norm, start)
    if prefix is None:
        return None
    name_start = prefix.end()
    for e in reversed(_token_ends(view, name_start, LETTER_RUN.match(view.norm, name_start).end())):
        word = view.norm[name_start:e]
        if len(word) > MAX_NICKNAME_CHARS or not_a_name(view, name_start, e):
            continue
        if word in given_names() or (_uncommon(view, name_start, e) and _name_ends(view, e)):
            last_start, last_end = surname_span(view, e)
            if last_start is not None and view.norm[last_start:last_end] not in family_names():
                last_start = last_end = None
            return _mention(view, view.text[start:name_start], name_start, e, last_start, last_end, start)
    return None


def _uncommon(view: TextView, start: int, end: int) -> bool:
    """No common word, and no common word of four letters or more inside ("ตำรวจแดร์" holds ตำรวจ)."""
    words = dictionary_words()
    pieces = view.token_texts(start, end)
    return view.norm[start:end] not in words and not any(len(p) >= 4 and p in words for p in pieces)


def _name_ends(view: TextView, end: int) -> bool:
    """A nickname ends the word: a space, punctuation or quote, a cue or a role follows."""
    norm = view.norm
    return end >= len(norm) or norm[end] not in LETTERS or _cue_after(view, end) or bool(ROLE_AFTER.match(norm, end))


def _mention(
    view: TextView,
    title: str | None,
    first_start: int,
    first_end: int,
    last_start: int | None = None,
    last_end: int | None = None,
    start: int | None = None,
) -> NameMention:
    return NameMention(
        title=title,
        first_name=view.text[first_start:first_end],
        last_name=view.text[last_start:last_end] if last_start is not None else None,
        start=first_start if start is None else start,
        end=last_end if last_start is not None else first_end,
    )
