"""The sinks never lose or corrupt a row: real files, real SQLite and PostgreSQL databases."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from extractor import extract_bytes
from extractor.batch import Outcome
from extractor.sinks import open_sink
from extractor.sinks.csv import COLUMNS, cell, uncell
from tests.archive import post_text, write_posts
from tests.conftest import ROOT, new_database

FILE_TARGETS = ["jsonl", "csv", "parquet", "sqlite"]
DATABASES = ["sqlite", "postgres"]
HUGE = 99999999999999999999  # beyond int64 (and PostgreSQL's BIGINT)


def run_batch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "batch", *args, "--no-progress", "--engine", "rules"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)


@pytest.fixture
def target(request, tmp_path):
    """A fresh target of a kind: a path under tmp_path, or a new PostgreSQL database's URL."""
    def make(kind: str) -> str:
        if kind != "postgres":
            return str(tmp_path / f"out.{kind}")
        return new_database(request.getfixturevalue("postgres_url"))
    return make


def query(target: str, sql: str, *params) -> list[tuple]:
    """Rows of ``sql`` ("?" placeholders) in a SQLite file or a PostgreSQL URL."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as db:
            return [tuple(row) for row in db.execute(sql.replace("?", "%s"), params)]
    db = sqlite3.connect(target)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def record_json(key: str, **changes) -> str:
    """The JSON of a real record of a generated post, read from ``key``, with top-level ``changes``."""
    record = json.loads(extract_bytes(post_text(random.Random(key), 1).encode("utf-8"), key, "rules").model_dump_json())
    record.update(changes)
    return json.dumps(record, ensure_ascii=False)


def huge_count(key: str) -> str:
    count = json.loads(record_json(key))["attendee_count"]
    return record_json(key, attendee_count={**count, "value": HUGE})


def write_all(target: str, outcomes: list[Outcome], resume: bool = False):
    sink = open_sink(target, resume)
    for outcome in outcomes:
        sink.write(outcome)
    sink.close(complete=True)
    return sink


def records_and_errors(kind: str, target: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(paths of the records, (path, kind) of the errors) a target holds, read as a user would."""
    if kind in DATABASES:
        return ([p for (p,) in query(target, "SELECT path FROM documents ORDER BY path")],
                query(target, "SELECT path, kind FROM errors ORDER BY path"))
    stem = target.rsplit(".", 1)[0]
    if kind == "jsonl":
        records = [json.loads(line)["source"]["path"] for line in _text(target).split("\n") if line]
        errors = [json.loads(line) for line in _text(f"{stem}.errors.jsonl").split("\n") if line]
        return sorted(records), sorted((e["path"], e["kind"]) for e in errors)
    if kind == "csv":
        records = [uncell(r["path"]) for r in csv.DictReader(io.StringIO(_text(target, "utf-8-sig"), newline=""))]
        errors = list(csv.DictReader(io.StringIO(_text(f"{stem}.errors.csv", "utf-8-sig"), newline="")))
        return sorted(records), sorted((uncell(e["path"]), e["kind"]) for e in errors)
    import pyarrow.dataset as ds

    records = ds.dataset(target).to_table().column("source").to_pylist()
    errors = ds.dataset(f"{stem}.errors.parquet").to_table().to_pylist()
    return sorted(s["path"] for s in records), sorted((e["path"], e["kind"]) for e in errors)


def _text(path: str, encoding: str = "utf-8") -> str:
    with open(path, encoding=encoding, newline="") as handle:  # newline="": CR inside a CSV cell is kept
        return handle.read()


# 1. Parquet: records and errors each read back whole.

@pytest.mark.issue(10)
def test_sinks_parquet_records_and_errors_read_back_whole(tmp_path):
    import pyarrow.dataset as ds

    good, bad = write_posts(tmp_path / "posts", 12, bad_slots=(3, 7))
    out = tmp_path / "records.parquet"
    result = run_batch(str(tmp_path / "posts"), "--out", str(out), "--jobs", "1")
    assert result.returncode == 3, result.stderr
    records = ds.dataset(out).to_table()
    errors = ds.dataset(tmp_path / "records.errors.parquet").to_table()
    assert records.num_rows == good and "persons" in records.schema.names
    assert errors.num_rows == bad and errors.schema.names == ["path", "kind", "message"]


@pytest.mark.issue(10)
def test_sinks_parquet_reads_back_whole_in_pandas(tmp_path):
    pd = pytest.importorskip("pandas")
    good, bad = write_posts(tmp_path / "posts", 12, bad_slots=(3, 7))
    out = tmp_path / "records.parquet"
    run_batch(str(tmp_path / "posts"), "--out", str(out), "--jobs", "1")
    assert len(pd.read_parquet(out)) == good
    assert len(pd.read_parquet(tmp_path / "records.errors.parquet")) == bad


# 2. Two files with the same text are two posts; resume is exact.

@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", DATABASES)
def test_sinks_same_text_in_two_files_is_two_posts(tmp_path, target, kind):
    folder = tmp_path / "posts"
    write_posts(folder, 3)
    (folder / "cross_posted.txt").write_bytes((folder / "post00001.txt").read_bytes())
    out = target(kind)
    assert run_batch(str(folder), "--out", out, "--jobs", "1").returncode == 0
    rows = query(out, "SELECT post_id, path, doc_id FROM documents ORDER BY path")
    assert len(rows) == 4 and len({doc_id for _, _, doc_id in rows}) == 3
    persons = query(out, "SELECT d.path, count(*) FROM persons p JOIN documents d USING (post_id) GROUP BY d.path")
    assert {path for path, n in persons if n} == {path for _, path, _ in rows}
    resumed = run_batch(str(folder), "--out", out, "--jobs", "1", "--resume")
    assert "0 converted" in resumed.stderr and "4 already done" in resumed.stderr, resumed.stderr
    again = run_batch(str(folder), "--out", out, "--jobs", "1")
    assert again.returncode == 0
    assert query(out, "SELECT post_id, path, doc_id FROM documents ORDER BY path") == rows  # ids kept


# 3. A target in a folder that does not exist yet.

@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", FILE_TARGETS)
def test_sinks_target_in_a_new_folder(tmp_path, kind):
    write_posts(tmp_path / "posts", 2)
    out = tmp_path / "new" / "deeper" / f"records.{kind}"
    result = run_batch(str(tmp_path / "posts"), "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert len(records_and_errors(kind, str(out))[0]) == 2


# 4, 5. No value stops a sink: a row it cannot hold becomes an error record of kind "sink".

@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet", "sqlite", "postgres"])
def test_sinks_count_beyond_any_column_never_stops_a_sink(target, kind):
    out = target(kind)
    outcomes = [Outcome("a.txt", record_json=record_json("a.txt")), Outcome("huge.txt", record_json=huge_count("huge.txt")),
                Outcome("z.txt", record_json=record_json("z.txt"))]
    sink = write_all(out, outcomes)
    records, errors = records_and_errors(kind, out)
    if kind in ("jsonl", "csv"):  # text holds any number
        assert (records, errors, sink.rejected) == (["a.txt", "huge.txt", "z.txt"], [], 0)
    else:
        assert (records, errors, sink.rejected) == (["a.txt", "z.txt"], [("huge.txt", "sink")], 1)
    resumed = open_sink(out, resume=True)
    assert resumed.done_keys() == {"a.txt", "huge.txt", "z.txt"}
    resumed.close(complete=True)


@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_sinks_huge_count_in_a_batch_through_the_cli(tmp_path, target, kind):
    folder = tmp_path / "posts"
    write_posts(folder, 3)
    text = post_text(random.Random(1), 5).replace("มีผู้เข้าร่วมประชุม", f"มีผู้เข้าร่วมประชุม {HUGE} คน หรือ")
    (folder / "huge.txt").write_text(text, encoding="utf-8")
    record = json.loads(extract_bytes((folder / "huge.txt").read_bytes(), "huge", "rules").model_dump_json())
    if not (record["attendee_count"] and record["attendee_count"]["value"] > 2**63):
        pytest.skip("the extractor rejects this count now: the sink is tested directly above")
    out = target(kind)
    result = run_batch(str(folder), "--out", out, "--jobs", "1")
    assert result.returncode == 3 and "1 failed" in result.stderr, result.stderr
    assert query(out, "SELECT kind FROM errors") == [("sink",)]
    assert len(query(out, "SELECT path FROM documents")) == 3


@pytest.mark.issue(10)
def test_sinks_postgres_holds_any_string(target):
    out = target("postgres")
    base = json.loads(record_json("nul.txt"))
    venue = {"text": "ห้อง\x00ประชุม", "span": {**base["persons"][0]["mentions"][0], "text": "ห้อง\x00ประชุม"}}
    persons = [{**base["persons"][0], "full_name": "นาย\x00สมชาย"}]
    outcomes = [Outcome("nul.txt", record_json=record_json("nul.txt", venue=venue, persons=persons)),
                Outcome("bad.txt", error_kind="decode", error_message="byte \x00 at 3")]
    sink = write_all(out, outcomes)
    assert sink.rejected == 0
    assert query(out, "SELECT venue, record->'venue'->>'text' FROM documents") == [("ห้อง\ufffdประชุม",) * 2]
    assert query(out, "SELECT full_name FROM persons") == [("นาย\ufffdสมชาย",)]
    assert query(out, "SELECT message FROM errors") == [("byte \ufffd at 3",)]


# 6. CSV: no formulas, booleans as databases and spreadsheets read them, every column documented.

@pytest.mark.issue(10)
@pytest.mark.parametrize("value, text", [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"),
                                         ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                         ("'a", "''a"), ("ห้อง 1", "ห้อง 1"), (True, "true"), (False, "false")])
def test_sinks_csv_cells_are_never_formulas(value, text):
    assert cell(value) == text
    if isinstance(value, str):
        assert uncell(cell(value)) == value


@pytest.mark.issue(10)
def test_sinks_csv_file_neutralizes_and_writes_booleans(tmp_path):
    out = str(tmp_path / "out.csv")
    base = json.loads(record_json("x.txt"))
    venue = {"text": "=cmd|' /C calc'!A0", "span": base["persons"][0]["mentions"][0]}
    write_all(out, [Outcome("x.txt", record_json=record_json("x.txt", venue=venue, online=None))])
    row = next(csv.DictReader(io.StringIO(_text(out, "utf-8-sig"), newline="")))
    assert row["venue"] == "'=cmd|' /C calc'!A0"
    assert (row["is_online"], row["attendee_approximate"]) in {("false", "false"), ("false", "true")}


@pytest.mark.issue(10)
def test_sinks_csv_every_column_is_documented():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### CSV columns", 1)[1].split("\n#", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    assert documented == COLUMNS


# 7. A file name with a line break round-trips, so --resume adds nothing.

@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_sinks_file_name_with_a_line_break_resumes_exactly(tmp_path, kind):
    folder = tmp_path / "posts"
    write_posts(folder, 2)
    (folder / "post00001.txt").rename(folder / "two\nlines\r.txt")
    (folder / "-minus.txt").write_bytes((folder / "post00000.txt").read_bytes())
    out = tmp_path / f"out.{kind}"
    assert run_batch(str(folder), "--out", str(out), "--jobs", "1").returncode == 0
    resumed = run_batch(str(folder), "--out", str(out), "--jobs", "1", "--resume")
    assert "0 converted" in resumed.stderr and "3 already done" in resumed.stderr, resumed.stderr
    records, _ = records_and_errors(kind, str(out))
    assert records == sorted(str(p) for p in folder.iterdir())


@pytest.mark.issue(10)
def test_sinks_csv_resume_drops_a_row_cut_inside_quotes(tmp_path):
    out = tmp_path / "out.csv"
    sink = open_sink(str(out), resume=False)
    sink.write(Outcome("a\nb.txt", record_json=record_json("a\nb.txt")))
    sink.records.handle.write('x,"cut\nin the middle')  # what a kill leaves
    sink.close(complete=False)
    resumed = open_sink(str(out), resume=True)
    assert resumed.done_keys() == {"a\nb.txt"}
    resumed.close(complete=True)
    assert records_and_errors("csv", str(out))[0] == ["a\nb.txt"]


# 8. SQLite foreign keys.

@pytest.mark.issue(10)
def test_sinks_sqlite_foreign_keys_on_and_no_orphans(tmp_path):
    out = str(tmp_path / "out.sqlite")
    sink = open_sink(out, resume=False)
    assert sink.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    sink.write(Outcome("a.txt", record_json=record_json("a.txt")))
    sink.write(Outcome("a.txt", error_kind="empty", error_message="no text"))  # the post became an error
    sink.close(complete=True)
    assert query(out, "SELECT count(*) FROM persons") == [(0,)]
    assert query(out, "SELECT count(*) FROM roles") == [(0,)]


# 9. One writer at a time.

@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", ["jsonl", "parquet", "sqlite", "postgres"])
def test_sinks_a_second_batch_into_the_same_target_is_refused(tmp_path, target, kind):
    folder = tmp_path / "posts"
    good, _ = write_posts(folder, 60, bad_slots=())
    out = target(kind)
    first = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(folder), "--out", out, "--jobs", "1",
                              "--no-progress", "--engine", "rules"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    writing = _writing(kind, out)
    deadline = time.monotonic() + 120
    while not writing() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    second = run_batch(str(folder), "--out", out, "--jobs", "1")
    assert first.poll() is None, "the first batch ended before the second started"
    holder = "another batch is writing" if kind == "postgres" else f"another batch (pid {first.pid}) is writing"
    assert second.returncode == 2 and holder in second.stderr, second.stderr
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert len(records_and_errors(kind, out)[0]) == good
    assert not writing()  # the lock went with the run


def _writing(kind: str, out: str):
    """Whether a batch holds the target's lock now."""
    def held() -> bool:
        if kind != "postgres":
            from pathlib import Path

            return Path(out + ".lock").exists()
        try:
            return query(out, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") != [(0,)]
        except Exception:  # noqa: BLE001 - the database is not ready yet
            return False
    return held


@pytest.mark.issue(10)
def test_sinks_a_database_of_the_old_layout_is_refused(tmp_path):
    out = tmp_path / "old.sqlite"
    db = sqlite3.connect(out)
    db.execute("CREATE TABLE documents (doc_id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE)")
    db.close()
    write_posts(tmp_path / "posts", 1)
    result = run_batch(str(tmp_path / "posts"), "--out", str(out), "--jobs", "1")
    assert result.returncode == 2 and "written by an earlier version" in result.stderr, result.stderr


@pytest.mark.issue(10)
def test_sinks_a_killed_batch_leaves_no_lock_that_blocks(tmp_path):
    folder = tmp_path / "posts"
    good, _ = write_posts(folder, 40, bad_slots=())
    out = tmp_path / "out.jsonl"
    first = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(folder), "--out", str(out), "--jobs", "1",
                              "--no-progress", "--engine", "rules"], cwd=ROOT, stderr=subprocess.DEVNULL)
    partial = tmp_path / "out.jsonl.partial"
    deadline = time.monotonic() + 120
    while not (partial.exists() and partial.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert (tmp_path / "out.jsonl.lock").exists()  # left behind, but no longer held
    resumed = run_batch(str(folder), "--out", str(out), "--jobs", "1", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert len(records_and_errors("jsonl", str(out))[0]) == good


# 10. Where the errors went.

@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", FILE_TARGETS + ["postgres"])
def test_sinks_say_where_the_errors_went(target, kind):
    out = target(kind)
    sink = write_all(out, [Outcome("bad.txt", error_kind="empty", error_message="no text")])
    assert records_and_errors(kind, out)[1] == [("bad.txt", "empty")]
    if kind in DATABASES:
        assert sink.errors_location.startswith("table errors in ")
        assert (out.rsplit("/", 1)[1] if kind == "postgres" else out) in sink.errors_location
    else:
        from pathlib import Path

        location = Path(sink.errors_location.rstrip("/"))
        assert location.exists() and location.name.startswith("out.errors.")


@pytest.mark.issue(10)
def test_sinks_csv_reader_round_trip():
    """The CSV module reads back what the sink wrote, line breaks in cells included."""
    from extractor.sinks.csv import _line, whole_rows

    line = _line(["a\nb", 'say "x"', "\r", None, 3])
    rows = whole_rows(line + "\n")
    assert rows == [line]
    assert next(csv.reader(io.StringIO(rows[0], newline=""))) == ["a\nb", 'say "x"', "'\r", "", "3"]


@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet", "sqlite", "postgres"])
def test_sinks_a_key_that_is_no_utf8_never_stops_a_sink(target, kind):
    key = "posts.tar!\udce0\udce1.txt"  # a tar member named in cp874: its raw bytes, as Python keeps them
    out = target(kind)
    write_all(out, [Outcome(key, error_kind="internal", error_message=f"cannot serialize {key}")])
    assert len(records_and_errors(kind, out)[1]) == 1
    resumed = open_sink(out, resume=True)
    assert key in resumed.done_keys() and "posts.tar!other.txt" not in resumed.done_keys()
    resumed.close(complete=True)
