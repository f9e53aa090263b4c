"""A linear person tagger: the names the rules leave, at a fraction of a microsecond a token.

The rules need a cue (a title, a listed given name with a surname, a prefix such as "น้อง").
This tagger learns what the rest look like: every token outside what the rules found gets the
probability that it belongs to a person's name, from a logistic regression over

- the token's *word class*: whether PyThaiNLP lists it as a given name, a family name, a word of
  the Royal Institute dictionary or of its tokenizer's word list; how often the Thai National
  Corpus has it; its length; its script; a thanthakhat ("์", frequent in names and
  transliterations);
- the token itself only when it is a common word that names nobody ("ประชุม"); else its first
  two and last three letters (names share endings: "…ศักดิ์", "…พงษ์");
- the word classes of the two tokens before and after it, pairs of neighbouring classes, and
  the lists that hold the token joined to its neighbour (the tokenizer splits unknown names:
  "ธนา|ธร");
- the neighbours themselves when they are common words ("น้อง", "กล่าว", "ว่า", a quote).

No name is ever a feature, only what it looks like: the tagger learns the shape and the place
of names, not which names it saw, so it carries over to names nobody trained it on. Runs of
tokens above the threshold (joined over single spaces) become mentions, unless a place's or an
institution's name owns them.

The weights ship in ``models/person_tagger.json`` (rebuilt by ``extract train``); scoring is a
handful of NumPy operations on rows cached per token.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

import numpy as np

from extractor.components.base import Component, TextView
from extractor.components.persons import (
    AMBIGUOUS_TITLE,
    THAI_OR_LATIN,
    TITLE_STACK,
    NameMention,
    add_mentions,
    in_place_name,
    mention_at,
    mention_in_span,
    names_a_district,
    nickname_after,
    roles_after,
)
from extractor.errors import DataFileError
from extractor.gazetteers import (
    corpus_frequencies,
    dictionary_words,
    family_names,
    given_names,
    royal_institute_words,
)

MODEL_FILE = "models/person_tagger.json"
# A tagger built by 'extract train', used instead of the shipped one (also by batch workers,
# which inherit the environment).
MODEL_ENV = "EXTRACT_PERSON_TAGGER"
PAD = 2  # neighbours on each side
# A run of fewer letters is no name but a piece of one; consonants and vowels count,
# tone marks do not.
MIN_NAME_LETTERS = 2
MAX_CHUNK_LOOKBACK = 30  # letters looked back for the start of the word a run begins inside
OPENING_QUOTES = frozenset("“\"'‘«")
MIN_GLUED_LETTERS = 3  # a shorter run glued to words on both sides is a syllable of a word
NAME_LETTER = re.compile(r"[ก-ฮะ-ฺเ-ๅA-Za-z]")
# Feature templates: the token's class, its neighbours' classes (-2…+2), neighbouring words, and
# class pairs. Every template maps one value per token to a weight.
CLASS_TEMPLATES = {"c0": 0, "c-1": -1, "c-2": -2, "c+1": 1, "c+2": 2}
WORD_TEMPLATES = {"w0": 0, "w-1": -1, "w-2": -2, "w+1": 1, "w+2": 2}
AFFIX_TEMPLATES = {"s0": lambda t: t[-3:], "p0": lambda t: t[:2]}  # name morphology: "…ศักดิ์", "…พงษ์"
PAIR_TEMPLATES = {"c-1c0": (-1, 0), "c0c+1": (0, 1)}
# The lists again for a token joined to its neighbour: the tokenizer splits names it does not
# know ("ธนา|ธร"), and the two pieces together may be a listed given name.
JOIN_TEMPLATES = {"j-1": -1, "j+1": 1}
NO_JOIN = "-"  # the join value where either side is no Thai word, or is the text's edge
EDGE = "<edge>"  # the class and word of a position before the first or after the last token
FREQUENCY_STEPS = (1, 30, 300, 3000, 30000)  # TNC counts: rare to very common
LENGTH_STEPS = (1, 2, 3, 5, 8)
THAI = re.compile(r"[ก-๛]")
LATIN = re.compile(r"[A-Za-z]")
DIGITS = re.compile(r"^[0-9๐-๙.,:/-]+$")
QUOTES = frozenset("\"'“”‘’«»")
MAX_CACHE = 300_000  # token strings remembered across posts (a batch's vocabulary)


def _step(value: int, steps: tuple[int, ...]) -> int:
    return sum(value >= s for s in steps)


def word_class(token: str) -> str:
    """What the tagger knows of a token, as a short code: "T:GO f3 l2" is a Thai given name that
    is also a dictionary word, fairly common, three or four letters long."""
    if token.isspace():
        return "NL" if "\n" in token else "SP"
    if token in QUOTES:
        return "Q"
    if DIGITS.match(token):
        return "D"
    if not THAI.search(token):
        return ("L" if LATIN.search(token) else "P") + str(_step(len(token), LENGTH_STEPS))
    flags = list_flags(token) + ("W" if token in dictionary_words() else "")
    frequency = _step(corpus_frequencies().get(token, 0), FREQUENCY_STEPS)
    mark = "k" if "์" in token else ""
    mixed = "" if all(THAI.match(ch) for ch in token) else "x"
    return f"T:{flags} f{frequency} l{_step(len(token), LENGTH_STEPS)}{mark}{mixed}"


def context_word(token: str) -> str:
    """A neighbour as a feature: itself when it is a common word that names nobody ("น้อง",
    "กล่าว", a quote), else its class (a neighbour's name must not become a feature)."""
    if token.isspace() or token in QUOTES or not THAI.search(token):
        return word_class(token)
    if token in royal_institute_words() and token not in given_names() and token not in family_names():
        return token
    return word_class(token)


def list_flags(text: str) -> str:
    """Which of the name and word lists hold ``text``: "GF", "O", ""."""
    return "".join(flag for flag, words in (("G", given_names()), ("F", family_names()), ("O", royal_institute_words()))
                   if text in words)


def joins(tokens: list[str]) -> list[str]:
    """``list_flags`` of each token joined to the next (the last token: no join)."""
    return [list_flags(a + b) if THAI.search(a) and THAI.search(b) else NO_JOIN for a, b in pairwise(tokens)] + [NO_JOIN]


def affixes(token: str) -> dict[str, str]:
    """The token's first and last letters when it is no common word (names share endings)."""
    if not THAI.search(token) or context_word(token) == token:
        return {t: "" for t in AFFIX_TEMPLATES}
    return {t: cut(token) for t, cut in AFFIX_TEMPLATES.items()}


@dataclass
class TaggerModel:
    """Weights by template, as arrays indexed by the ids of classes, words and affixes."""

    bias: float
    threshold: float  # a run of name tokens holds one at this probability or more
    extend: float  # and reaches over its neighbours at this one or more
    class_ids: dict[str, int]  # 0: unseen
    word_ids: dict[str, int]
    affix_ids: dict[str, dict[str, int]]
    class_weights: dict[str, np.ndarray]
    word_weights: dict[str, np.ndarray]
    affix_weights: dict[str, np.ndarray]
    join_ids: dict[str, int]
    join_weights: dict[str, np.ndarray]
    pair_weights: dict[str, np.ndarray]  # flattened (class, class) tables

    def row(self, word_class_: str, word: str, affix: dict[str, str], thai: bool) -> tuple[float, ...]:
        """A token's contributions: to its own score, and to the tokens 1 and 2 after and before it."""
        c, w = self.class_ids.get(word_class_, 0), self.word_ids.get(word, 0)

        def at(offset: int) -> float:
            class_t = next(t for t, d in CLASS_TEMPLATES.items() if d == offset)
            word_t = next(t for t, d in WORD_TEMPLATES.items() if d == offset)
            return float(self.class_weights[class_t][c] + self.word_weights[word_t][w])

        own = at(0) + sum(float(self.affix_weights[t][self.affix_ids[t].get(affix[t], 0)]) for t in AFFIX_TEMPLATES)
        # As a neighbour: the token before i is at offset -1 from i, so it adds its "-1" weights.
        return own, at(-1), at(-2), at(1), at(2), float(c), float(thai)

    @cached_property
    def edge_row(self) -> tuple[float, ...]:
        """What the positions before the first and after the last token add (asked per post)."""
        return self.row(EDGE, EDGE, {t: "" for t in AFFIX_TEMPLATES}, False)

    @property
    def edge_class(self) -> int:
        return self.class_ids.get(EDGE, 0)

    @classmethod
    def from_json(cls, data: dict) -> TaggerModel:
        weights: dict[str, dict[str, float]] = data["weights"]
        classes = sorted({v for t in CLASS_TEMPLATES for v in weights.get(t, {})}
                         | {v for t in PAIR_TEMPLATES for pair in weights.get(t, {}) for v in pair.split("|")})
        words = sorted({v for t in WORD_TEMPLATES for v in weights.get(t, {})})
        class_ids = {c: i + 1 for i, c in enumerate(classes)}
        word_ids = {w: i + 1 for i, w in enumerate(words)}
        affix_ids = {t: {v: i + 1 for i, v in enumerate(sorted(weights.get(t, {})))} for t in AFFIX_TEMPLATES}
        join_ids = {v: i + 1 for i, v in enumerate(sorted({v for t in JOIN_TEMPLATES for v in weights.get(t, {})}))}

        def table(template: str, ids: dict[str, int]) -> np.ndarray:
            array = np.zeros(len(ids) + 1)
            for value, weight in weights.get(template, {}).items():
                array[ids[value]] = weight
            return array

        n = len(class_ids) + 1
        pairs = {}
        for template in PAIR_TEMPLATES:
            array = np.zeros(n * n)
            for pair, weight in weights.get(template, {}).items():
                a, b = pair.split("|")
                array[class_ids[a] * n + class_ids[b]] = weight
            pairs[template] = array
        return cls(
            bias=data["bias"],
            threshold=data["threshold"],
            extend=data["extend"],
            class_ids=class_ids,
            word_ids=word_ids,
            affix_ids=affix_ids,
            class_weights={t: table(t, class_ids) for t in CLASS_TEMPLATES},
            word_weights={t: table(t, word_ids) for t in WORD_TEMPLATES},
            affix_weights={t: table(t, affix_ids[t]) for t in AFFIX_TEMPLATES},
            join_ids=join_ids,
            join_weights={t: table(t, join_ids) for t in JOIN_TEMPLATES},
            pair_weights=pairs,
        )


def model_path() -> Path:
    override = os.environ.get(MODEL_ENV)
    return Path(override) if override else Path(str(files("extractor").joinpath(MODEL_FILE)))


@cache
def load() -> TaggerModel:
    path = model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"the person tagger is missing or broken at {path}; rebuild it with 'extract train'") from exc
    return TaggerModel.from_json(data)


# A token's part of the score: what it adds to itself and to each neighbour, its class id, and
# whether it is Thai (joins are looked up only between Thai tokens). Remembered across posts:
# a batch's vocabulary is small, and this makes scoring a few array operations.
ROW_SELF, ROW_AS_PREV, ROW_AS_PREV2, ROW_AS_NEXT, ROW_AS_NEXT2, ROW_CLASS, ROW_THAI = range(7)


class _RowTable:
    """Each token's row, by a per-token index into one array (growing as new tokens come), and
    the join value of each pair of tokens seen, by the pair of indexes."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.pending: list[tuple[float, ...]] = []
        self.table = np.zeros((0, 7))
        self.joins: dict[int, int] = {}

    def rows(self, model: TaggerModel, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The rows of ``tokens`` and their indexes."""
        if len(self.index) > MAX_CACHE:
            self.__init__()
        index = self.index
        ids = [index.get(t, -1) for t in tokens]
        if -1 in ids:
            for k, token in enumerate(tokens):
                if ids[k] == -1:
                    if token not in index:
                        index[token] = len(index)
                        self.pending.append(
                            model.row(word_class(token), context_word(token), affixes(token), bool(THAI.search(token))))
                    ids[k] = index[token]
            self.table = np.vstack([self.table, np.array(self.pending)])
            self.pending = []
        return self.table[ids], np.array(ids, dtype=np.int64)

    def glued(self, model: TaggerModel, tokens: list[str], ids: np.ndarray, thai: np.ndarray) -> np.ndarray:
        """The join id of each token with the next (``NO_JOIN`` unless both are Thai)."""
        out = np.full(len(tokens), model.join_ids.get(NO_JOIN, 0), dtype=np.intp)
        both = np.flatnonzero(thai[:-1] & thai[1:])
        if both.size:
            keys = ((ids[both] << 21) | ids[both + 1]).tolist()  # indexes stay under 2**21 (MAX_CACHE)
            joins = self.joins
            values = [joins.get(k) for k in keys]
            if None in values:
                for j, (key, i) in enumerate(zip(keys, both.tolist(), strict=True)):
                    if values[j] is None:
                        values[j] = joins[key] = model.join_ids.get(list_flags(tokens[i] + tokens[i + 1]), 0)
            out[both] = values
        return out


_row_tables: dict[int, _RowTable] = {}  # by model (tests may load another)


def token_features(tokens: list[str]) -> list[dict[str, str]]:
    """Every template's value for each token (for training; scoring uses the ids directly)."""
    classes = [EDGE] * PAD + [word_class(t) for t in tokens] + [EDGE] * PAD
    words = [EDGE] * PAD + [context_word(t) for t in tokens] + [EDGE] * PAD
    joined = joins(tokens)
    rows = []
    for i in range(PAD, PAD + len(tokens)):
        row = {t: classes[i + d] for t, d in CLASS_TEMPLATES.items()}
        row |= {t: words[i + d] for t, d in WORD_TEMPLATES.items()}
        row |= {t: f"{classes[i + a]}|{classes[i + b]}" for t, (a, b) in PAIR_TEMPLATES.items()}
        row |= {t: v for t, v in affixes(tokens[i - PAD]).items() if v}
        row["j+1"] = joined[i - PAD]
        row["j-1"] = joined[i - PAD - 1] if i > PAD else NO_JOIN
        rows.append(row)
    return rows


def probabilities(model: TaggerModel, tokens: list[str]) -> np.ndarray:
    """P(the token belongs to a person's name), for each token."""
    table = _row_tables.setdefault(id(model), _RowTable())
    rows, ids = table.rows(model, tokens)
    score = rows[:, ROW_SELF] + model.bias
    score[1:] += rows[:-1, ROW_AS_PREV]
    score[2:] += rows[:-2, ROW_AS_PREV2]
    score[:-1] += rows[1:, ROW_AS_NEXT]
    score[:-2] += rows[2:, ROW_AS_NEXT2]
    edge = model.edge_row
    score[:2] += edge[ROW_AS_PREV2]
    score[:1] += edge[ROW_AS_PREV]
    score[-2:] += edge[ROW_AS_NEXT2]
    score[-1:] += edge[ROW_AS_NEXT]
    classes = np.concatenate(([model.edge_class], rows[:, ROW_CLASS].astype(np.intp), [model.edge_class]))
    width = len(model.class_ids) + 1
    score += model.pair_weights["c-1c0"][classes[:-2] * width + classes[1:-1]]
    score += model.pair_weights["c0c+1"][classes[1:-1] * width + classes[2:]]
    glued = table.glued(model, tokens, ids, rows[:, ROW_THAI] > 0)  # the last token joins nothing
    score += model.join_weights["j+1"][glued]
    score[0] += model.join_weights["j-1"][model.join_ids.get(NO_JOIN, 0)]  # nor does anything join the first
    score[1:] += model.join_weights["j-1"][glued[:-1]]
    return 1.0 / (1.0 + np.exp(-score))


def view_tokens(view: TextView) -> tuple[list[int], list[str]]:
    """Token starts and token strings (of the normalized text)."""
    return list(view.boundaries[:-1]), view.tokens


def runs(starts: list[int], tokens: list[str], positive: np.ndarray) -> list[tuple[int, int, list[int]]]:
    """(start, end, token indexes) of each run of positive name tokens; a single space between two
    positive tokens stays inside the run ("ทักษิณ ชินวัตร")."""
    found: list[tuple[int, int, list[int]]] = []
    members: list[int] = []
    for i in np.flatnonzero(positive).tolist():
        if not _name_token(tokens[i]):
            continue
        if members and not (i == members[-1] + 1 or (i == members[-1] + 2 and tokens[i - 1] == " ")):
            found.append(_run(starts, tokens, members))
            members = []
        members.append(i)
    if members:
        found.append(_run(starts, tokens, members))
    return found


def _run(starts: list[int], tokens: list[str], members: list[int]) -> tuple[int, int, list[int]]:
    return starts[members[0]], starts[members[-1]] + len(tokens[members[-1]]), members


def _name_token(token: str) -> bool:
    return bool(THAI.search(token) or LATIN.search(token))


def decode(starts: list[int], tokens: list[str], p: np.ndarray, rule_spans: list[tuple[int, int]],
           threshold: float, extend: float) -> list[tuple[int, int, list[int]]]:
    """Runs of name tokens outside ``rule_spans``: tokens at ``extend`` or more, joined as in
    ``runs``, that hold at least one token at ``threshold`` or more."""
    candidates = (p >= extend) & outside(starts, tokens, rule_spans)
    if not candidates.any():
        return []
    return [run for run in runs(starts, tokens, candidates) if max(p[i] for i in run[2]) >= threshold]


def claimed_spans(found: dict) -> list[tuple[int, int]]:
    """What the rules found that a name cannot overlap: persons, projects, the venue."""
    spans = [(m.start, m.end) for m in found["persons"]]
    spans += [(p.span.start, p.span.end) for p in found.get("projects", [])]
    if found.get("venue") is not None:
        spans.append((found["venue"].span.start, found["venue"].span.end))
    return spans


def tagged_mentions(view: TextView, rule_spans: list[tuple[int, int]]) -> list[NameMention]:
    """Mentions the tagger finds outside ``rule_spans`` (the rules' names)."""
    model = load()
    starts, tokens = view_tokens(view)
    p = probabilities(model, tokens)
    mentions = []
    for start, end, members in decode(starts, tokens, p, rule_spans, model.threshold, model.extend):
        mention = _mention(view, start, end)
        if mention is not None:
            mention.probability = float(max(p[i] for i in members))
            mentions.append(mention)
    return mentions


def outside(starts: list[int], tokens: list[str], spans: list[tuple[int, int]]) -> np.ndarray:
    """For each token: True when it lies outside every span."""
    if not spans:
        return np.ones(len(tokens), dtype=bool)
    begin = np.array(starts, dtype=np.intp)
    end = begin + np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
    # Tokens follow one another, so both ``begin`` and ``end`` are sorted: the tokens a span
    # overlaps (end > s and begin < e) are one slice, found by bisection and marked through a
    # difference array (a pass over every token for every span was quadratic).
    s, e = np.array(spans, dtype=np.intp).reshape(-1, 2).T
    lo, hi = np.searchsorted(end, s, "right"), np.searchsorted(begin, e, "left")
    hit = hi > lo
    marks = np.zeros(len(tokens) + 1, dtype=np.intp)
    np.add.at(marks, lo[hit], 1)
    np.add.at(marks, hi[hit], -1)
    return np.cumsum(marks[:-1]) == 0


def _mention(view: TextView, start: int, end: int) -> NameMention | None:
    """A run as a name, unless a place's or an institution's name owns it or it is a fragment."""
    if in_place_name(view, start) or _inside_owned_word(view, start) or is_fragment(view, start, end):
        return None
    if (title := AMBIGUOUS_TITLE.match(view.norm, start)) is not None:
        return _after_ambiguous_title(view, start, title.end())
    return mention_in_span(view, _given_name_before(view, start), end, "model")


def _inside_owned_word(view: TextView, start: int) -> bool:
    """A run the tagger starts inside a foreign word, after letters that are no word ("บริษัท
    ชไน|เดอร์"), belongs to what owns that word (here the company). After a whole word
    ("อาจารย์|นพพงศ์") the run is a word of its own."""
    i = start
    while i > 0 and i > start - MAX_CHUNK_LOOKBACK and THAI_OR_LATIN.match(view.norm, i - 1):
        i -= 1
    return i < start and view.norm[i:start] not in dictionary_words() and in_place_name(view, i)


def _after_ambiguous_title(view: TextView, start: int, title_end: int) -> NameMention | None:
    """A run the tagger opens with a title that is also a place word ("อ.ศิวพร"): a person unless
    the word after it names a district ("อ.บางพลี"). The rules' reader takes the name, with the
    surname the tagger's run often leaves out."""
    if names_a_district(view, title_end):
        return None
    mention = mention_at(view, start, title_end)
    if mention is not None:
        mention.source = "model"
    return mention


def _given_name_before(view: TextView, start: int) -> int:
    """Where the name starts when the tagger took only the surname: a listed given name one space
    before the run completes it ("ธานี สุขไชย"), since a surname rarely stands alone; the given
    name must be a word of its own ("พ.อ.เฉลิม|พล มีสุข": the rules' name already holds "พล")."""
    before = view.token_texts(max(0, start - 40), start)
    whole_word = len(before) == 2 or len(before) >= 3 and not THAI_OR_LATIN.search(before[-3][-1:])
    if len(before) >= 2 and before[-1] == " " and before[-2] in given_names() and whole_word:
        return start - 1 - len(before[-2])
    return start


def is_fragment(view: TextView, start: int, end: int) -> bool:
    """True for a run that is no whole name: under ``MIN_NAME_LETTERS`` letters, an abbreviation
    ("อบจ."), a run whose edge token is a single letter glued to the word beside it
    ("กฤษพิพัฒ|น|โภคิน": the tokenizer cut a word it did not know, and the tagger took a piece), or
    one word glued to an unknown word after it ("อำพล|ฟูดส์": a company's name), or the first word
    of a quoted title, glued to the rest of it. A name glued to
    common words on both sides is kept: news text writes "…ของอั้มก็…".

    >>> from extractor.pipeline import get
    >>> view = get()("บริษัท อำพลฟูดส์ จำกัด").user_data["view"]
    >>> is_fragment(view, 7, 11), is_fragment(view, 7, 16)
    (True, False)
    """
    text = view.norm
    if len(NAME_LETTER.findall(text, start, end)) < MIN_NAME_LETTERS or text.startswith(".", end):
        return True
    if TITLE_STACK.fullmatch(text, start, end):
        return True  # a title with no name after it ("องค์|พระ|ปฐมเจดีย์")
    glued_before = start > 0 and bool(THAI_OR_LATIN.match(text, start - 1))
    glued_after = end < len(text) and bool(THAI_OR_LATIN.match(text, end))
    if glued_before and glued_after and len(NAME_LETTER.findall(text, start, end)) < MIN_GLUED_LETTERS:
        return True  # "เซลล์|โซ|มาติก"
    tokens = view.token_texts(start, end)
    if (glued_before and len(tokens[0]) == 1) or (glued_after and len(tokens[-1]) == 1):
        return True
    one_word = not any(ch.isspace() for ch in text[start:end])
    if one_word and glued_after and text[start - 1 : start] in OPENING_QUOTES:
        return True  # the first word of a quoted title ("“นครลำดวนเกมส์”")
    return one_word and glued_after and view.token_at(end) not in dictionary_words()


class PersonTaggerComponent(Component):
    """Adds the tagger's persons (with the roles the rules find after them) to the rules' ones."""

    key = "persons"

    def match(self, view: TextView, found: dict) -> list[NameMention]:
        rule_mentions: list[NameMention] = found["persons"]
        ends = {m.end: m for m in rule_mentions}
        nicknames = _nicknames(view, rule_mentions)
        mentions = []
        for mention in tagged_mentions(view, claimed_spans(found)):
            before = ends.get(mention.start - 1)
            if before is not None and _continues(view, before, mention):
                _extend(view, before, mention)
                continue
            if (owner := _nickname_owner(mention, nicknames)) is not None:
                _refer_to(mention, owner)
            mentions.append(mention)
        return add_mentions(view, rule_mentions, mentions)


def _nicknames(view: TextView, mentions: list[NameMention]) -> list[tuple[str, NameMention]]:
    """(nickname, the person) for each bracketed nickname after a rule's full name."""
    return [(nickname, m) for m in mentions if m.last_name and (nickname := nickname_after(view, m.end))]


def _nickname_owner(mention: NameMention, nicknames: list[tuple[str, NameMention]]) -> NameMention | None:
    """The person whose nickname a bare one-word find is: "(นายกจอย)" after her name makes a
    later "นายกจอย" her, not a new person named จอย."""
    if mention.title is not None or mention.last_name is not None:
        return None
    return next((owner for nickname, owner in nicknames if nickname.endswith(mention.first_name)), None)


def _refer_to(mention: NameMention, owner: NameMention) -> None:
    """Make ``mention`` one more mention of ``owner`` (mentions group by name: record.py)."""
    mention.title, mention.first_name, mention.last_name = owner.title, owner.first_name, owner.last_name


def _continues(view: TextView, rule: NameMention, tagged: NameMention) -> bool:
    """A one-word find one space after a rule's full name with no role is the rest of that name:
    "นายมีคาเอล เฮมนีตี| วินเดอร์" (the rules take one surname)."""
    return (view.norm[rule.end] == " " and rule.last_name is not None and not rule.roles
            and tagged.title is None and tagged.last_name is None)


def _extend(view: TextView, rule: NameMention, tagged: NameMention) -> None:
    rule.last_name = view.text[rule.end - len(rule.last_name) : tagged.end]
    rule.end = tagged.end
    rule.roles = roles_after(view, rule.end)
