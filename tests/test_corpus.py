"""The corpus is the test table: every post's spans hold, and every field keeps its floor."""

from __future__ import annotations

import pytest

from extractor import extract_file
from extractor.decode import read_path
from extractor.evaluate import FIELDS, Report, evaluate_corpus, load_gold
from tests.conftest import CORPUS

POSTS = load_gold(CORPUS)
TEST_SPLIT = load_gold(CORPUS / "test")
# F1 floors on the test split, set just under what the rules measure (raise them as they
# improve; `extract eval --split test` prints the figures). organizations is 0.93, not 0.95:
# the h-posts (issue 11) added an abbreviated organization after a role ("กอ.รมน.จังหวัดยะลา",
# h29) that the extractor does not split off yet (0.938 on the test split).
FLOORS = {
    "persons": 0.98,
    "titles": 0.98,
    "roles": 0.95,
    "organizations": 0.93,
    "provinces": 0.98,
    "times": 0.98,
    "dates": 0.98,
    "attendee_count": 0.95,
    "projects_strict": 0.91,
    "projects_lenient": 0.97,
    "venue": 0.98,
    "online": 0.98,
    # issue 12: kinds by F1; the event's fields by accuracy per post (F1 equals it: evaluate.py)
    "date_kinds": 0.95,
    "time_kinds": 0.95,
    "event_type": 0.95,
    "event_chair": 0.95,
    "event_host_province": 0.95,
    "event_date": 0.98,
    "event_time": 0.94,
    "event_mode": 0.98,
}


@pytest.mark.issue(3)
def test_corpus_has_200_posts_split_three_ways():
    assert len(POSTS) >= 200
    assert {p.path.parent.name for p in POSTS} == {"train", "dev", "test"}
    assert len(TEST_SPLIT) >= 40


@pytest.mark.issue(3)
@pytest.mark.parametrize("post", POSTS, ids=[p.id for p in POSTS])
def test_corpus_split_is_fixed_by_hash(post):
    from scripts.split_corpus import split_of

    assert post.path.parent.name == split_of(post.id)


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
    return evaluate_corpus(TEST_SPLIT)


@pytest.mark.issue(3)
@pytest.mark.parametrize("field", FIELDS)
def test_corpus_test_split_field_f1_floor(report, field):
    score = report.scores[field]
    misses = [(m.post, m.kind, m.item) for m in report.misses if m.field == field][:15]
    assert score.f1 >= FLOORS[field], f"{field}: F1 {score.f1:.3f} < {FLOORS[field]}; first misses: {misses}"
