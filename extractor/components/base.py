"""What every component shares: the text view, spans, and the component protocol."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

import schemas
from extractor.normalize import normalize

# The key of a Doc's ``found`` where components leave warnings for the record.
WARNINGS = "warnings"
THAI = r"\u0e01-\u0e4e"  # Thai letters and vowel/tone marks, no digits or ฯ/ๆ
WORD_CHARS = re.compile(rf"[{THAI}A-Za-z0-9]")


class Intervals:
    """Half-open spans, asked whether any overlaps a span, in logarithmic time (a linear scan
    of every span made a post with thousands of names or dates quadratic).

    Spans that overlap are stored merged: the answers are those a scan of the spans would give.

    >>> taken = Intervals([(5, 9)])
    >>> taken.add(0, 2)
    >>> taken.overlaps(1, 3), taken.overlaps(2, 5), taken.covers(8), taken.covers(9)
    (True, False, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        # Stored spans never overlap one another, so starts and ends are both sorted: the
        # spans the new one overlaps are those ending after its start and starting before its end.
        lo = bisect_right(self._ends, start)
        hi = bisect_left(self._starts, end, lo)
        if hi > lo:
            start, end = min(start, self._starts[lo]), max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        """True when a span ``(s, e)`` has ``s < end`` and ``start < e``."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start

    def covers(self, i: int) -> bool:
        """True when a span ``(s, e)`` has ``s <= i < e``."""
        return self.overlaps(i, i + 1)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)


@dataclass
class TextView:
    """The input text, its normalized twin (same length) and the token boundaries."""

    text: str
    norm: str
    starts: frozenset[int]
    ends: frozenset[int]
    taken: Intervals = field(default_factory=Intervals)  # spans claimed by names
    boundaries: tuple[int, ...] = ()  # token starts and the text's end, sorted: for bisect
    tokens: list[str] = field(default_factory=list)  # the tokens of ``norm``, in order

    @classmethod
    def of(cls, doc: Doc) -> TextView:
        if "offsets" in doc.user_data:  # set by extractor.tokenize.ThaiTokenizer
            text, norm, token_starts, tokens = doc.user_data["offsets"]
        else:
            text = doc.text
            norm, token_starts = normalize(text), [t.idx for t in doc]
            tokens = [norm[t.idx : t.idx + len(t.text)] for t in doc]
        starts = frozenset(token_starts)
        ends = frozenset(token_starts[1:]) | {len(text)}
        return cls(text, norm, starts, ends, boundaries=(*token_starts, len(text)), tokens=tokens)

    def boundaries_between(self, start: int, end: int) -> tuple[int, ...]:
        """Token boundaries ``b`` with ``start < b <= end``, in order."""
        lo = bisect_right(self.boundaries, start)
        hi = bisect_right(self.boundaries, end, lo)
        return self.boundaries[lo:hi]

    def token_at(self, position: int) -> str:
        """The token that starts at ``position`` (a token boundary), or "" at the text's end."""
        k = bisect_right(self.boundaries, position)
        return self.norm[position : self.boundaries[k]] if k < len(self.boundaries) else ""

    def token_texts(self, start: int, end: int) -> list[str]:
        """The tokens of ``norm[start:end]``, the first and last cut at ``start`` and ``end``."""
        cuts = (start, *(b for b in self.boundaries_between(start, end) if b < end), end)
        return [self.norm[a:b] for a, b in pairwise(cuts)]

    def span(self, start: int, end: int) -> schemas.Span:
        """A span with surrounding whitespace trimmed."""
        start, end = self.trimmed(start, end)
        return schemas.Span(start=start, end=end, text=self.text[start:end])

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``start`` and ``end`` with surrounding whitespace left out (``span`` without a record)."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def is_boundary_start(self, i: int) -> bool:
        """True where a word may begin: a token start, or not inside a run of word characters."""
        return i in self.starts or i == 0 or not WORD_CHARS.match(self.norm[i - 1])

    def is_boundary_end(self, i: int) -> bool:
        return i in self.ends or i >= len(self.norm) or not WORD_CHARS.match(self.norm[i])

    def in_taken(self, start: int, end: int) -> bool:
        return self.taken.overlaps(start, end)

    def line_end(self, i: int, limit: int | None = None) -> int:
        """The end of the line holding ``i``, or ``limit`` when that comes first (a caller that
        reads a bounded window gives one, or a text without line breaks costs its length)."""
        end = len(self.norm) if limit is None else min(limit, len(self.norm))
        j = self.norm.find("\n", i, end)
        return end if j < 0 else j

    def line_start(self, i: int, limit: int = 0) -> int:
        """The start of the line holding ``i``, or ``limit`` when that comes later (see ``line_end``)."""
        return self.norm.rfind("\n", max(0, limit), i) + 1 or max(0, limit)


class Component:
    """A pipeline step: ``match`` finds values, ``set_annotations`` stores them on the Doc."""

    key: str = ""

    def __call__(self, doc: Doc) -> Doc:
        view: TextView = doc.user_data["view"]
        self.set_annotations(doc, self.match(view, doc.user_data["found"]))
        return doc

    def match(self, view: TextView, found: dict) -> object:
        raise NotImplementedError

    def set_annotations(self, doc: Doc, values: object) -> None:
        doc.user_data["found"][self.key] = values
