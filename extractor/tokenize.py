"""PyThaiNLP's nlpo3 (newmm in Rust) as a spaCy tokenizer; whitespace stays a token.

Tokens are cut from the original text at the offsets found on the normalized text, so
``doc.text`` is the input exactly and every character offset holds.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from itertools import accumulate, pairwise

from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractor.normalize import normalize

# nlpo3 glues quotes to the letters beside them ('"จอย"' is one token); a quote is its own token.
QUOTE = re.compile("([\"'“”‘’])")


def segment(text: str) -> list[str]:
    """Words of ``text`` by PyThaiNLP's nlpo3 engine (imported lazily: it loads a dictionary)."""
    # Its bundled dictionary is all it needs: never let it reach for the network.
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.tokenize.nlpo3 import segment as nlpo3_segment

    return nlpo3_segment(text)


def split_quotes(pieces: list[str], text: str) -> list[str]:
    """Tokens of ``text`` with every quote character cut out as a token of its own (only the
    tokens that hold a quote are looked at: a post has a few quotes and hundreds of tokens).

    >>> split_quotes(['"จอย"', ' ', 'กล่าว'], '"จอย" กล่าว')
    ['"', 'จอย', '"', ' ', 'กล่าว']
    """
    bounds = list(accumulate(map(len, pieces), initial=0))
    holding = sorted({bisect_right(bounds, m.start()) - 1 for m in QUOTE.finditer(text)})
    out: list[str] = []
    done = 0
    for i in holding:
        out += pieces[done:i]
        out += [part for part in QUOTE.split(pieces[i]) if part]
        done = i + 1
    out += pieces[done:]
    return out


class ThaiTokenizer:
    """Callable spaCy tokenizer: text -> Doc with one token per nlpo3 word."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        norm = normalize(text)
        pieces = segment(norm)
        if QUOTE.search(norm):
            pieces = split_quotes(pieces, norm)
        bounds = list(accumulate(map(len, pieces), initial=0))
        if bounds[-1] != len(text):  # nlpo3 dropped or added characters: fall back to one token
            pieces, bounds = [norm], [0, len(text)]
        words = pieces if norm is text else [text[a:b] for a, b in pairwise(bounds)]
        starts = bounds[:-1]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        # The rule components need the text, its normalized twin and the token offsets;
        # handing them over here spares rebuilding them from spaCy tokens, which is slow.
        doc.user_data["offsets"] = (text, norm, starts, pieces)
        return doc

    # spaCy serializes tokenizers with the pipeline; this one has no state to save.
    def to_bytes(self, **_kwargs) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs) -> ThaiTokenizer:
        return self

    def to_disk(self, _path, **_kwargs) -> None:
        return None

    def from_disk(self, _path, **_kwargs) -> ThaiTokenizer:
        return self
