"""extract report: the same figures from every kind of target, and charts that show them in Chromium."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from extractor import report
from scripts.headless import browser_paths, chrome
from tests.conftest import CORPUS, ROOT, new_database

BAD_POSTS = {"empty.txt": b"", "binary.txt": b"\x00\x01\x02" * 200, "also-empty.txt": b"   "}
KINDS = ("sqlite", "jsonl", "parquet", "postgresql")


def batch(folder: Path, target: str) -> None:
    done = subprocess.run([sys.executable, "-m", "extractor", "batch", str(folder), "--out", target, "--jobs", "1",
                           "--engine", "rules", "--no-progress"], cwd=ROOT, capture_output=True, check=False)
    assert done.returncode == 3, done.stderr.decode()  # the bad posts failed, the others converted


@pytest.fixture(scope="module")
def posts(tmp_path_factory) -> Path:
    """The corpus's test posts (online ones, projects, many provinces) and three bad files."""
    folder = tmp_path_factory.mktemp("report") / "posts"
    folder.mkdir()
    for post in sorted((CORPUS / "test").glob("*.txt")):
        shutil.copy(post, folder / post.name)
    for name, raw in BAD_POSTS.items():
        (folder / name).write_bytes(raw)
    return folder


@pytest.fixture(scope="module")
def targets(posts, request) -> dict[str, str]:
    """Every kind of target, each written by a real extract batch from the same posts."""
    made = {}
    for kind in KINDS:
        if kind == "postgresql":
            try:
                made[kind] = new_database(request.getfixturevalue("postgres_url"))
            except pytest.skip.Exception:
                continue
        else:
            made[kind] = str(posts.parent / f"records.{kind}")
        batch(posts, made[kind])
    return made


def expected(jsonl: str, events: bool = False) -> dict:
    """The figures counted the slow, obvious way, record by record in Python; ``events``: from the
    records' event (a target that holds it) rather than the fallbacks."""
    records = [json.loads(line) for line in Path(jsonl).read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in Path(jsonl.replace(".jsonl", ".errors.jsonl")).read_text().splitlines()]
    firsts = [next((d["date"][:7] for d in r["dates"] if d["date"]), None) for r in records]
    if events:
        firsts = [(r.get("event") or {}).get("date") and r["event"]["date"][:7] for r in records]
    return {
        "converted": len(records),
        "failed": Counter(e["kind"] for e in errors),
        "provinces": (Counter(r["event"]["host_province"] for r in records if (r.get("event") or {}).get("host_province"))
                      if events else Counter(f"{p['code']} {p['name_en']}" for r in records for p in r["provinces"])),
        "months": Counter(m for m in firsts if m),
        "online": sum(r["online"] is not None for r in records),
        "roles": Counter(role["text"] for r in records for p in r["persons"] for role in p["roles"]),
        "projects": Counter(p["name"] for r in records for p in r["projects"]),
        "attendees": sum(r["attendee_count"] is not None and r["attendee_count"]["value"] >= 1 for r in records),
    }


def _top(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].encode()))[:report.TOP]


@pytest.mark.issue(13)
@pytest.mark.parametrize("kind", KINDS)
def test_report_counts_every_target_kind_alike(targets, kind):
    if kind not in targets:
        pytest.skip("no PostgreSQL server")
    summary = report.summarize(targets[kind])
    charts = summary.charts
    events = not charts["months"].note  # the target holds the event (records of schema 1.3, or its columns)
    want = expected(targets["jsonl"], events)
    assert summary.converted == want["converted"] > 40
    assert dict(summary.failed) == dict(want["failed"]) == {"empty": 2, "binary": 1}
    assert {label.split()[0]: n for label, n in charts["provinces"].counts} == {
        label.split()[0]: n for label, n in want["provinces"].items()}
    assert dict(charts["months"].counts) == dict(want["months"])
    assert [m for m, _ in charts["months"].counts] == sorted(want["months"])
    if not events:
        assert dict(charts["modes"].counts) == {"online": want["online"], "in person": want["converted"] - want["online"]}
    assert sum(n for _, n in charts["modes"].counts) == want["converted"] and want["online"] > 0
    assert sorted(charts["roles"].counts) == sorted(_top(want["roles"]))
    assert sorted(charts["projects"].counts) == sorted(_top(want["projects"]))
    assert sum(n for _, n in charts["attendees"].counts) == want["attendees"]


@pytest.mark.issue(13)
def test_report_charts_the_event_columns(targets, tmp_path):
    """The charts of months, provinces, chairs, modes and types count the event's columns."""
    target = tmp_path / "events.sqlite"
    shutil.copy(targets["sqlite"], target)
    with sqlite3.connect(target) as db:
        db.execute("UPDATE documents SET event_date = NULL, event_host_province = NULL, event_chair = NULL, "
                   "event_mode = NULL, event_type = NULL")
        db.execute("UPDATE documents SET event_date = '2024-02-03', event_host_province = 'TH-40', "
                   "event_chair = 'นายหนึ่ง', event_mode = 'hybrid', event_type = 'training' WHERE post_id % 2 = 0")
        half = db.execute("SELECT count(*) FROM documents WHERE post_id % 2 = 0").fetchone()[0]
    charts = report.summarize(str(target)).charts
    assert charts["months"].counts == [("2024-02", half)] and not charts["months"].note
    assert charts["provinces"].counts == [("TH-40 Khon Kaen", half)]
    assert charts["people"].counts == [("นายหนึ่ง", half)]
    assert dict(charts["modes"].counts)["hybrid"] == half
    assert charts["event_types"].counts == [("training", half)]


@pytest.mark.issue(13)
@pytest.mark.parametrize("target, message", [("nothing.sqlite", "no such target"), ("posts.txt", "not a target")])
def test_report_refuses_what_is_no_target(tmp_path, target, message):
    (tmp_path / "posts.txt").write_text("x")
    done = subprocess.run([sys.executable, "-m", "extractor", "report", str(tmp_path / target)], cwd=ROOT,
                          capture_output=True, check=False)
    assert done.returncode == 2 and message in done.stderr.decode()


CHART_TOTALS = """
const total = (gd) => gd.data.reduce((s, t) => s + (t.type === 'pie' ? t.values : (t.orientation === 'h' ? t.x : t.y))
                                         .reduce((a, b) => a + b, 0), 0);
return Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')]
  .filter(gd => gd.querySelector('.main-svg'))  // drawn, not only a div
  .map(gd => [gd.id.replace('chart-', ''), total(gd)]));
"""


@pytest.mark.issue(13)
@pytest.mark.skipif(browser_paths() is None, reason="no chromium / chromedriver (apt-get install chromium chromium-driver)")
def test_report_page_draws_its_charts_offline_with_the_totals(targets, tmp_path):
    pytest.importorskip("selenium")
    want = expected(targets["jsonl"], events=True)  # this version's targets hold the event
    page = tmp_path / "report.html"
    subprocess.run([sys.executable, "-m", "extractor", "report", targets["sqlite"], "-o", str(page)], cwd=ROOT,
                   check=True, capture_output=True)
    html = page.read_text(encoding="utf-8")
    assert "<script src" not in html and "cdn." not in html.lower().split("</script>", 1)[1]
    with chrome() as browser:
        browser.get(page.as_uri())
        totals = browser.execute_script(CHART_TOTALS)
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        shown = browser.find_element("id", "total-posts").text
    assert errors == []
    assert totals["status"] == want["converted"] + sum(want["failed"].values()) == int(shown.replace(",", ""))
    assert totals["provinces"] == sum(want["provinces"].values())
    assert totals["months"] == sum(want["months"].values())
    assert totals["modes"] == want["converted"]
    assert totals["attendees"] == want["attendees"]
    assert {"roles", "people", "projects", "platforms"} <= totals.keys()
