"""The corpus is the test table: every post's spans hold, and every field keeps its floor."""

from __future__ import annotations

import pytest

from extractor import extract_file
from extractor.decode import read_path
from extractor.evaluate import FIELDS, Report, evaluate_corpus, load_gold
from tests.conftest import CORPUS

POSTS = load_gold(CORPUS)
# F1 floors over the whole corpus, set from what the extractors measure (raise them as they improve).
FLOORS = {
    "persons": 0.85,
    "titles": 0.9,
    "roles": 0.75,
    "organizations": 0.7,
    "provinces": 0.93,
    "times": 0.95,
    "dates": 0.93,
    "attendee_count": 0.85,
    "projects_strict": 0.75,
    "projects_lenient": 0.9,
    "venue": 0.85,
    "online": 0.9,
}


@pytest.mark.issue(2)
def test_corpus_has_at_least_30_posts():
    assert len(POSTS) >= 30


@pytest.mark.issue(2)
@pytest.mark.parametrize("post", POSTS, ids=[p.id for p in POSTS])
def test_corpus_post_spans_hold_and_source_matches(post):
    record = extract_file(post.path)
    text = read_path(post.path).text
    assert (record.source.encoding, record.source.format) == (post.gold["encoding"], post.gold["format"])
    for span in record.spans():
        assert text[span.start : span.end] == span.text


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate_corpus(POSTS)


@pytest.mark.issue(2)
@pytest.mark.parametrize("field", FIELDS)
def test_corpus_field_f1_floor(report, field):
    score = report.scores[field]
    misses = [(m.post, m.kind, m.item) for m in report.misses if m.field == field][:15]
    assert score.f1 >= FLOORS[field], f"{field}: F1 {score.f1:.3f} < {FLOORS[field]}; first misses: {misses}"
