"""What every component shares: the text view, spans, and the component protocol."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

import schemas
from extractor.normalize import normalize

THAI = r"\u0e01-\u0e4e"  # Thai letters and vowel/tone marks, no digits or ฯ/ๆ
WORD_CHARS = re.compile(rf"[{THAI}A-Za-z0-9]")


@dataclass
class TextView:
    """The input text, its normalized twin (same length) and the token boundaries."""

    text: str
    norm: str
    starts: frozenset[int]
    ends: frozenset[int]
    taken: list[tuple[int, int]] = field(default_factory=list)  # spans claimed by names
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

    def token_texts(self, start: int, end: int) -> list[str]:
        """The tokens of ``norm[start:end]``, the first and last cut at ``start`` and ``end``."""
        cuts = (start, *(b for b in self.boundaries_between(start, end) if b < end), end)
        return [self.norm[a:b] for a, b in pairwise(cuts)]

    def span(self, start: int, end: int) -> schemas.Span:
        """A span with surrounding whitespace trimmed."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return schemas.Span(start=start, end=end, text=self.text[start:end])

    def is_boundary_start(self, i: int) -> bool:
        """True where a word may begin: a token start, or not inside a run of word characters."""
        return i in self.starts or i == 0 or not WORD_CHARS.match(self.norm[i - 1])

    def is_boundary_end(self, i: int) -> bool:
        return i in self.ends or i >= len(self.norm) or not WORD_CHARS.match(self.norm[i])

    def in_taken(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.taken)

    def line_end(self, i: int) -> int:
        j = self.norm.find("\n", i)
        return len(self.norm) if j < 0 else j

    def line_start(self, i: int) -> int:
        return self.norm.rfind("\n", 0, i) + 1


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
