"""Rebuild the shipped NER model (``extractor/models/meeting_ner``) from its config and data.

Training data: the corpus train split (persons, roles, organizations and projects located
in each post from its gold record) and, when given, ThaiNER's tagged text (PERSON and
ORGANIZATION), except its held-out part: every line whose number is a multiple of
``HELDOUT_EVERY`` stays out of training, and every ThaiNER figure is measured on it alone.
The dev set that picks the best checkpoint is the corpus dev split plus a slice of the
ThaiNER training part.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from extractor.evaluate import GoldPost, load_gold

LABELS = ("PERSON", "ROLE", "ORG", "PROJECT")
HELDOUT_EVERY = 5  # ThaiNER lines 5, 10, 15, … never train the model
DEV_EVERY = 10  # of the other lines, numbers ending in 1 pick the best checkpoint
THAINER_LABELS = {"PERSON": "PERSON", "ORGANIZATION": "ORG"}
CONFIG = "ner.cfg"


def is_heldout(line_number: int) -> bool:
    return line_number % HELDOUT_EVERY == 0


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


def _doc(nlp, text: str, spans: Iterable[tuple[int, int, str]]) -> Doc:
    doc = nlp.make_doc(text)
    ents = [doc.char_span(s, e, label=label, alignment_mode="contract") for s, e, label in spans]
    doc.ents = filter_spans([span for span in ents if span is not None and span.text.strip()])
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
        if is_heldout(line.number) != (part == "heldout"):
            continue
        if part != "heldout" and (line.number % DEV_EVERY == 1) != (part == "dev"):
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
