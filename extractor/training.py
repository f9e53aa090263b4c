"""Rebuild the shipped NER model (``extractor/models/meeting_ner``) from its config and data.

Training data: the corpus train split (persons, roles, organizations and projects located
in each post from its gold record) and, when given, ThaiNER's tagged text (PERSON and
ORGANIZATION), except its held-out blocks (whole stretches of the file, ``is_heldout``) and
the lines guarding their edges: they stay out of training and tuning, and every ThaiNER
figure is measured on the held-out blocks alone. The dev set that picks the best checkpoint
is the corpus dev split plus one other block in five of ThaiNER.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from extractor.evaluate import GoldPost, load_gold

LABELS = ("PERSON", "ROLE", "ORG", "PROJECT")
# ThaiNER's neighbouring lines come from one article and name the same people, so a held-out
# part made of every n-th line shares its names with training and overstates. The file is cut
# into blocks of whole stretches instead: every fifth block is held out (never trained or tuned
# on), one other block in five picks the NER model's best checkpoint, and the lines within
# ``GUARD`` of a held-out block's edges train nothing (an article may straddle the edge).
BLOCK_LINES = 250
HELDOUT_BLOCK, DEV_BLOCK = 4, 2  # block number modulo 5
GUARD = 25
THAINER_LABELS = {"PERSON": "PERSON", "ORGANIZATION": "ORG"}
CONFIG = "ner.cfg"


def block_of(line_number: int) -> int:
    """The block a ThaiNER line (numbered from 1) belongs to."""
    return (line_number - 1) // BLOCK_LINES


def is_heldout(line_number: int) -> bool:
    """True for the held-out blocks: lines 1001-1250, 2251-2500, … (whole stretches of the file).

    >>> [is_heldout(n) for n in (1000, 1001, 1250, 1251)]
    [False, True, True, False]
    """
    return block_of(line_number) % 5 == HELDOUT_BLOCK


def trains(line_number: int) -> bool:
    """True for a line that may train or tune a model: outside the held-out blocks and their guard."""
    return not any(is_heldout(line_number + d) for d in (-GUARD, 0, GUARD))


def _occurrences(text: str, needle: str | None) -> Iterator[tuple[int, int]]:
    if not needle:
        return
    # Gold strings collapse whitespace; the post may have doubled spaces or line breaks there.
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    for m in re.finditer(pattern, text):
        yield m.span()


def corpus_spans(text: str, gold: dict) -> list[tuple[int, int, str]]:
    """Every occurrence in ``text`` of the persons, roles, organizations and projects of ``gold``."""
    spans: list[tuple[int, int, str]] = []
    for person in gold["persons"]:
        full = f"{person['title'] or ''}{person['first_name']}"
        names = [full + (f" {person['last_name']}" if person["last_name"] else ""), full]
        for name in names:
            spans += [(s, e, "PERSON") for s, e in _occurrences(text, name)]
        for role in person["roles"]:
            spans += [(s, e, "ROLE") for s, e in _occurrences(text, role)]
        spans += [(s, e, "ORG") for s, e in _occurrences(text, person["organization"])]
    for project in gold["projects"]:
        spans += [(s, e, "PROJECT") for s, e in _occurrences(text, project)]
    return spans


def _blank(text: str) -> bool:
    """Only spaces and invisible format characters (a zero-width no-break space)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def _entity(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The tokens of ``start:end`` (partial tokens dropped) without blank tokens at the edges:
    ThaiNER's spans sometimes end with a zero-width no-break space, a token of its own, and no
    entity may start or end with a blank token."""
    span = doc.char_span(start, end, label=label, alignment_mode="contract")
    if span is None:
        return None
    first, last = span.start, span.end
    while first < last and _blank(doc[first].text):
        first += 1
    while last > first and _blank(doc[last - 1].text):
        last -= 1
    return Span(doc, first, last, label=label) if first < last else None


def _doc(nlp, text: str, spans: Iterable[tuple[int, int, str]]) -> Doc:
    doc = nlp.make_doc(text)
    ents = [_entity(doc, s, e, label) for s, e, label in spans]
    doc.ents = filter_spans([span for span in ents if span is not None])
    return doc


def corpus_docs(nlp, posts: Iterable[GoldPost]) -> Iterator[Doc]:
    from extractor.decode import read_path

    for post in posts:
        text = read_path(post.path).text
        yield _doc(nlp, text, corpus_spans(text, post.gold))


def thainer_docs(nlp, path: str | Path, part: str) -> Iterator[Doc]:
    """Docs of ThaiNER lines: ``part`` is "train", "dev" (a slice of train) or "heldout"."""
    from extractor.thainer import read_lines

    for line in read_lines(path):
        if part == "heldout":
            if not is_heldout(line.number):
                continue
        elif not trains(line.number) or (block_of(line.number) % 5 == DEV_BLOCK) != (part == "dev"):
            continue
        spans = [(s, e, THAINER_LABELS[label]) for label, s, e in line.spans if label in THAINER_LABELS]
        yield _doc(nlp, line.text, spans)


def train(corpus: Path, thainer: Path | None, out: Path, epochs: int = 12, log=print) -> Path:
    """Build the training data, train with ``data/ner.cfg`` and copy the best model to ``out``."""
    from spacy.cli.train import train as spacy_train

    from extractor import pipeline

    nlp = pipeline.build()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        train_docs = list(corpus_docs(nlp, load_gold(corpus / "train")))
        dev_docs = list(corpus_docs(nlp, load_gold(corpus / "dev")))
        if thainer is not None:
            train_docs += list(thainer_docs(nlp, thainer, "train"))
            dev_docs += list(thainer_docs(nlp, thainer, "dev"))
        log(f"training docs: {len(train_docs)}, dev docs: {len(dev_docs)}")
        DocBin(docs=train_docs).to_disk(work / "train.spacy")
        DocBin(docs=dev_docs).to_disk(work / "dev.spacy")
        config = work / CONFIG
        config.write_text(files("extractor").joinpath("data", CONFIG).read_text(encoding="utf-8"), encoding="utf-8")
        spacy_train(
            config,
            work / "output",
            overrides={
                "paths.train": str(work / "train.spacy"),
                "paths.dev": str(work / "dev.spacy"),
                "training.max_epochs": epochs,
            },
        )
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(work / "output" / "model-best", out)
    return out


# --- the person tagger (extractor/components/person_tagger.py) ---------------------------------

# ThaiNER tags a king or a princess named only by royal title as a PERSON; the record does not
# (SCHEMA.md: "a royal named only by royal title is not a person"). Such spans teach the tagger
# neither way.
ROYAL_OPENING = re.compile(r"(?:พระบาทสมเด็จ|สมเด็จ|ในหลวง|เจ้าฟ้า|พระองค์เจ้า|พระเจ้า)")
EXTEND_RATIO = 0.5  # a run of names reaches over neighbours at half the threshold ("ทอม เค|ลฟ|เวอร์")
THRESHOLDS = np.arange(0.3, 0.95, 0.05)
DEFAULT_THRESHOLD = 0.7
TAGGER_C = 3.0  # inverse regularization: 0.3, 1, 3 and 10 were cross-validated as below; 3 scored best


@dataclass
class TaggerDoc:
    """What picking the threshold needs of one text: the tagger's view of it and the gold names."""

    starts: list[int]
    tokens: list[str]
    rule_persons: list[tuple[int, int]]  # the names the rules found
    claimed: list[tuple[int, int]]  # all the rules found that the tagger stays out of
    persons: list[tuple[int, int]]
    left_out: list[tuple[int, int]]
    first_row: int  # where its tokens' examples start in ``rows`` (every token has a row)


@dataclass
class TaggerExamples:
    rows: list[dict[str, str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    trained: list[bool] = field(default_factory=list)  # False: inside a rule name or left out
    docs: list[TaggerDoc] = field(default_factory=list)


def _tagger_texts(corpus: Path, thainer: Path | None) -> Iterator[tuple[str, str, list, list]]:
    """(fold, text, person spans, spans to leave out) of the corpus train and dev splits (fold
    "corpus") and ThaiNER's lines outside the held-out blocks and their guard (folds "a" and
    "b", alternating blocks of ``BLOCK_LINES`` lines: neighbouring lines name the same people)."""
    from extractor.decode import read_path
    from extractor.thainer import read_lines

    for split in ("train", "dev"):
        for post in load_gold(corpus / split):
            text = read_path(post.path).text
            yield "corpus", text, [(s, e) for s, e, label in corpus_spans(text, post.gold) if label == "PERSON"], []
    if thainer is None:
        return
    for line in read_lines(thainer):
        if not trains(line.number):
            continue
        persons = [(s, e) for label, s, e in line.spans if label == "PERSON"]
        royal = [(s, e) for s, e in persons if ROYAL_OPENING.match(line.text, s)]
        yield "ab"[block_of(line.number) % 2], line.text, [p for p in persons if p not in royal], royal


def tagger_examples(corpus: Path, thainer: Path | None) -> dict[str, TaggerExamples]:
    """Examples by fold: one per token, with its features and whether a gold person span holds
    it; tokens inside the rules' names (or left out) are kept for scoring but not trained on."""
    from extractor import pipeline
    from extractor.components import person_tagger
    from extractor.components.base import TextView

    nlp = pipeline.get()
    folds: dict[str, TaggerExamples] = {}
    for fold, text, persons, left_out in _tagger_texts(corpus, thainer):
        examples = folds.setdefault(fold, TaggerExamples())
        doc = nlp(text, disable=[pipeline.TAGGER])
        view: TextView = doc.user_data["view"]
        starts, tokens = person_tagger.view_tokens(view)
        found = doc.user_data["found"]
        claimed = person_tagger.claimed_spans(found)
        free = person_tagger.outside(starts, tokens, claimed)
        rule_persons = [(m.start, m.end) for m in found["persons"]]
        examples.docs.append(TaggerDoc(starts, tokens, rule_persons, claimed, persons, left_out, len(examples.rows)))
        examples.rows += person_tagger.token_features(tokens)
        for i, start in enumerate(starts):
            end = start + len(tokens[i])
            examples.trained.append(bool(free[i]) and not any(s < end and start < e for s, e in left_out))
            examples.labels.append(int(any(s <= start < e for s, e in persons)))
    return folds


def _fit(parts: list[TaggerExamples]):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [row for part in parts for row, keep in zip(part.rows, part.trained, strict=True) if keep]
    labels = [label for part in parts for label, keep in zip(part.labels, part.trained, strict=True) if keep]
    vectorizer = DictVectorizer()
    classifier = LogisticRegression(C=TAGGER_C, max_iter=3000)
    classifier.fit(vectorizer.fit_transform(rows), labels)
    return vectorizer, classifier


def train_person_tagger(corpus: Path, thainer: Path | None, out: Path, log=print) -> Path:
    """Fit the tagger's logistic regression on every example; its threshold is the one that
    scores best in two-fold cross-validation over ThaiNER's lines (person F1, by overlap, of the
    rules and the tagger together). Without ThaiNER the threshold is ``DEFAULT_THRESHOLD``."""
    import json

    folds = tagger_examples(corpus, thainer)
    log("tagger examples: " + ", ".join(
        f"{name} {sum(f.trained)} ({sum(k and label for k, label in zip(f.trained, f.labels))} in names)"
        for name, f in folds.items()))
    threshold = DEFAULT_THRESHOLD
    if "a" in folds and "b" in folds:
        scores = {float(t): 0.0 for t in THRESHOLDS}
        for held, other in (("a", "b"), ("b", "a")):
            vectorizer, classifier = _fit([folds["corpus"], folds[other]])
            p = classifier.predict_proba(vectorizer.transform(folds[held].rows))[:, 1]
            for t in scores:
                scores[t] += _overlap_f1(folds[held], p, t) / 2
        threshold = max(scores, key=scores.get)
        log(f"tagger: cross-validated person F1 {scores[threshold]:.3f} at threshold {threshold:.2f} "
            f"(rules alone {_rules_f1([folds['a'], folds['b']]):.3f})")
    vectorizer, classifier = _fit(list(folds.values()))
    weights: dict[str, dict[str, float]] = {}
    for name, weight in zip(vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True):
        if abs(weight) >= 1e-4:
            template, value = name.split("=", 1)
            weights.setdefault(template, {})[value] = round(float(weight), 4)
    model = {"bias": round(float(classifier.intercept_[0]), 4), "threshold": round(threshold, 3),
             "extend": round(threshold * EXTEND_RATIO, 3), "weights": weights}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    return out


def _rules_f1(parts: list[TaggerExamples]) -> float:
    return sum(_overlap_f1(part, np.zeros(len(part.rows)), 1.0) for part in parts) / len(parts)


def _overlap_f1(examples: TaggerExamples, p: np.ndarray, threshold: float) -> float:
    """Person F1 of the rules and the tagger at ``threshold`` (a gold name counts when a found one
    overlaps it), as ``extract eval`` scores ThaiNER."""
    from extractor.components import person_tagger

    tp = fp = fn = 0
    for doc in examples.docs:
        probabilities = p[doc.first_row : doc.first_row + len(doc.tokens)]
        found = doc.rule_persons + [
            (s, e) for s, e, _ in person_tagger.decode(doc.starts, doc.tokens, probabilities, doc.claimed,
                                                       threshold, threshold * EXTEND_RATIO)
        ]
        hits = [g for g in doc.persons if any(s < g[1] and g[0] < e for s, e in found)]
        tp += len(hits)
        fn += len(doc.persons) - len(hits)
        fp += sum(1 for s, e in found
                  if not any(s < g[1] and g[0] < e for g in doc.persons + doc.left_out))
    return 2 * tp / max(1, 2 * tp + fp + fn)
