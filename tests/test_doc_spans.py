"""doc.spans: every value of the record as a labelled spaCy span, exact to the character."""

from __future__ import annotations

import pytest

import extractor
import extractor.pipeline
from extractor import doc_spans
from extractor.decode import read_path
from tests.conftest import CORPUS, ROOT

POSTS = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".html"))[::5]
EXAMPLE = ROOT / "examples" / "meeting_post.txt"


@pytest.mark.issue(13)
@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_doc_spans_hold_every_value_of_the_record_exactly(path):
    text = read_path(path).text
    doc = extractor.extract_doc(text)
    record = doc.user_data["record"]
    assert doc.text == text  # spans index the input text, not its normalized twin
    expected = [(field, v.start, v.end, v.text) for field, v, _ in doc_spans.values(record)]
    got = [(field, s.start_char, s.end_char, s.text) for field in doc_spans.FIELD_LABELS for s in doc.spans[field]]
    assert got == expected
    assert {s.label_ for field in doc_spans.FIELD_LABELS for s in doc.spans[field]} <= set(doc_spans.FIELD_LABELS.values())
    assert len(doc.spans[doc_spans.ALL]) == len(expected)


@pytest.mark.issue(13)
@pytest.mark.parametrize("text, field, value, span_text", [
    ("นายวีระ ผวจ.นฐ. ได้กำชับ", "provinces", "TH-73", "นฐ"),  # "นฐ." is one token: it ends inside
    ("มีผู้เข้าร่วม 27 คน", "attendee_count", "27", "ร่วม 27 คน"),  # "เข้าร่วม" is one token
])
def test_doc_spans_split_a_token_a_value_starts_or_ends_inside(text, field, value, span_text):
    start = text.index(span_text)
    cuts = {t.idx for t in extractor.pipeline.get().make_doc(text)} | {len(text)}
    assert not {start, start + len(span_text)} <= cuts  # the tokenizer alone leaves no span there
    doc = extractor.extract_doc(text)
    [span] = doc.spans[field]
    assert (span.start_char, span.text, span.kb_id_) == (start, span_text, value)
    assert "".join(t.text for t in doc) == text


@pytest.mark.issue(13)
@pytest.mark.parametrize("engine", ["rules", "hybrid-ner"])
def test_doc_spans_follow_the_engine_record(engine):
    """The NER engines change the record after the pipeline: the spans follow the final record."""
    text = read_path(EXAMPLE).text
    doc = extractor.extract_doc(text, engine)
    names = [s.kb_id_ for s in doc.spans["persons"]]
    record = extractor.extract(text, engine)
    assert names == [p.full_name for p in record.persons for _ in p.mentions]


@pytest.mark.issue(13)
@pytest.mark.parametrize("key", ["provinces", doc_spans.ALL])
def test_doc_spans_render_with_displacy(key):
    from spacy import displacy

    doc = extractor.extract_doc(read_path(EXAMPLE).text)
    html = displacy.render(doc, style="span", options={"spans_key": key}, page=False)
    assert "PROVINCE" in html and "มหาสารคาม" in html
