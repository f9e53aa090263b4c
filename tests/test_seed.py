"""The seed post: the record holds exactly the facts of its gold record."""

from __future__ import annotations

import json

import pytest

from extractor import extract_file
from extractor.evaluate import Report, score_post
from tests.conftest import shared_path


def _gold_in_corpus_format(seed: dict) -> dict:
    """The seed gold writes plain strings where the corpus format has objects."""
    return {
        "persons": [
            {"title": p["title"], "first_name": p["first_name"], "last_name": p["last_name"],
             "roles": p["roles"], "organization": p["organization"]}
            for p in seed["persons"]
        ],
        "provinces": seed["provinces"],
        "times": [{"start": t["start"], "end": t["end"]} for t in seed["times"]],
        "dates": [{"date": d["iso"], "end_date": None} for d in seed["dates"]],
        "attendee_count": {"value": seed["attendee_count"], "approximate": False},
        "projects": seed["projects"],
        "venue": seed["venue"],
        "online": seed["online_platform"],
    }


@pytest.fixture(scope="module")
def seed():
    post = shared_path("seed", "seed_post.txt")
    gold = json.loads(shared_path("seed", "seed_gold.json").read_text(encoding="utf-8"))
    return extract_file(post), _gold_in_corpus_format(gold), gold


@pytest.mark.issue(2)
def test_seed_every_field_exact(seed):
    record, gold, _ = seed
    report = Report()
    score_post(report, "seed", record, gold)
    wrong = [(m.field, m.kind, m.item) for m in report.misses if m.field != "projects_lenient"]
    assert wrong == []


@pytest.mark.issue(2)
def test_seed_persons_as_written(seed):
    record, _, raw = seed
    assert [p.full_name for p in record.persons] == [p["full_name_as_written"] for p in raw["persons"]]
    assert record.persons[1].roles[0].organization == raw["persons"][1]["organization"]


@pytest.mark.issue(2)
def test_seed_year_inferred_and_platform(seed):
    record, _, raw = seed
    assert [(d.date, d.year_inferred) for d in record.dates] == [("2021-09-30", True)]
    assert record.online.platform == "ZOOM" and record.online.span.text == raw["online_platform_text"]
    assert record.attendee_count.value == 101 and not record.attendee_count.approximate


@pytest.mark.issue(2)
def test_seed_spans_hold(seed):
    record, _, _ = seed
    text = shared_path("seed", "seed_post.txt").read_text(encoding="utf-8")
    assert record.source.n_chars == len(text)
    for span in record.spans():
        assert text[span.start : span.end] == span.text
