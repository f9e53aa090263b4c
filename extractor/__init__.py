"""Thai meeting-report posts -> validated records (``schemas.MeetingReport``).

>>> record = extract("นางสาวสมใจ ใจดี พัฒนาการจังหวัดขอนแก่น ประชุมเวลา 09.00 น.")
>>> record.persons[0].full_name, record.provinces[0].code, record.times[0].start
('นางสาวสมใจ ใจดี', 'TH-40', '09:00')
"""

from __future__ import annotations

from pathlib import Path

import schemas
from extractor.decode import Decoded, decode_bytes, read_path
from extractor.errors import EmptyInputError, ExtractorError, InputError, TooLargeError
from extractor.limits import MAX_TEXT_CHARS

__all__ = [
    "DEFAULT_ENGINE", "ENGINES", "MAX_TEXT_CHARS", "ExtractorError", "InputError", "TooLargeError",
    "extract", "extract_bytes", "extract_doc", "extract_file",
]
__version__ = "0.1.0"

# rules: the hand-written rules alone. model: the spaCy NER model alone (persons, roles,
# organizations, projects). hybrid: the rules, then the person tagger (a linear model cheap
# enough for every post) on what they leave. hybrid-ner: hybrid, then the NER model as well
# (the most accurate, about five times slower).
ENGINES = ("rules", "model", "hybrid", "hybrid-ner")
DEFAULT_ENGINE = "hybrid"
TAGGER_ENGINES = frozenset({"hybrid", "hybrid-ner"})


def extract(text: str, engine: str = DEFAULT_ENGINE, *, source: schemas.Source | None = None) -> schemas.MeetingReport:
    """Extract the record of one post given as text.

    :param text: the post, already decoded (HTML should go through ``extract_bytes``).
    :param engine: ``rules``, ``model`` (the NER model for persons, roles, organizations and
        projects), ``hybrid`` (the rules and the person tagger) or ``hybrid-ner`` (the rules, the
        tagger and the NER model); see ``ENGINES``.
    :param source: where the text came from, copied into the record.
    :raises ValueError: for an unknown engine.
    :raises EmptyInputError: for an empty or blank text.
    :raises TooLargeError: for a text longer than ``MAX_TEXT_CHARS``.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    path = source.path if source else None
    if len(text) > MAX_TEXT_CHARS:
        raise TooLargeError(f"the text is {len(text):,} characters, more than the {MAX_TEXT_CHARS:,} read", path)
    if not text.strip():
        raise EmptyInputError("the input holds no text", path)
    from extractor.record import to_record

    return to_record(_run(text, engine, spans=False), source)


def extract_doc(text: str, engine: str = DEFAULT_ENGINE):
    """The spaCy ``Doc`` of one post: its record in ``doc.user_data["record"]`` and every value
    as a labelled span in ``doc.spans`` (one group per field, see ``extractor.doc_spans``).

    >>> doc = extract_doc("นางสาวสมใจ ใจดี พัฒนาการจังหวัดขอนแก่น ประชุมเวลา 09.00 น.")
    >>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["times"]]
    [('09.00 น.', 'TIME', '09:00')]
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return _run(text, engine, spans=True)


def _run(text: str, engine: str, spans: bool):
    """The pipeline over ``text``; ``spans``: also the record and ``doc.spans`` (``extract`` needs
    neither: the spans cost a tenth of a post's time, and it builds the record itself)."""
    from extractor import doc_spans, pipeline
    from extractor.record import to_record

    model_engine = engine in ("model", "hybrid-ner")
    disable = [] if engine in TAGGER_ENGINES else [pipeline.TAGGER]
    if not spans or model_engine:  # a model engine changes what was found after the pipeline
        disable.append(pipeline.SPANS)
    doc = pipeline.get()(text, disable=disable)
    if model_engine:
        from extractor.components import model_ner

        model_ner.apply(doc, "model" if engine == "model" else "hybrid")
        if spans:
            doc.user_data["record"] = to_record(doc)
            doc_spans.annotate(doc, doc.user_data["record"])
    return doc


def _from_decoded(decoded: Decoded, engine: str) -> schemas.MeetingReport:
    source = schemas.Source(
        path=decoded.path, encoding=decoded.encoding, format=decoded.format, n_chars=len(decoded.text)
    )
    return extract(decoded.text, engine, source=source)


def extract_bytes(raw: bytes, path: str | None = None, engine: str = DEFAULT_ENGINE) -> schemas.MeetingReport:
    """Decode one post's bytes (any supported encoding, text or HTML) and extract its record."""
    return _from_decoded(decode_bytes(raw, path), engine)


def extract_file(path: str | Path, engine: str = DEFAULT_ENGINE) -> schemas.MeetingReport:
    """Read one post from a file and extract its record."""
    return _from_decoded(read_path(path), engine)
