"""Batch conversion of a generated archive of 2,000 posts: every target, repeat runs, kill and resume."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
import zipfile

import pytest

from extractor import batch
from tests.archive import write_posts
from tests.conftest import ROOT, new_database

POSTS = 2000


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive") / "posts"
    good, bad = write_posts(folder, POSTS)
    return folder, good, bad


def run_batch(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "batch", *args, "--no-progress"],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def sqlite_counts(path) -> tuple[int, int]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM documents").fetchone()[0], db.execute("SELECT count(*) FROM errors").fetchone()[0]
    finally:
        db.close()


def jsonl_counts(path) -> tuple[int, int]:
    errors = path.with_name(path.name.removesuffix(".jsonl") + ".errors.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["source"]["path"] for r in records}) == len(records)  # one record a post
    return len(records), len(errors.read_text(encoding="utf-8").splitlines())


def csv_counts(path) -> tuple[int, int]:
    import csv

    errors = path.with_name(path.name.removesuffix(".csv") + ".errors.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that spreadsheets show the Thai
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len({r["path"] for r in rows}) == len(rows)
    return len(rows), len(errors.read_text(encoding="utf-8-sig").splitlines()) - 1


def parquet_counts(path) -> tuple[int, int]:
    import pyarrow.dataset as ds

    # Read as the README says: each dataset folder whole.
    records = ds.dataset(path).to_table()
    errors = ds.dataset(path.with_name(path.name.removesuffix(".parquet") + ".errors.parquet")).to_table()
    keys = [s["path"] for s in records.column("source").to_pylist()]
    assert len(set(keys)) == len(keys)
    if keys:  # nested fields kept: persons with their roles and spans
        person = next(p for row in records.column("persons").to_pylist() for p in row)
        assert {"full_name", "roles", "mentions"} <= set(person)
    return len(keys), errors.num_rows


def postgres_counts(url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(url) as db:
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        errors = db.execute("SELECT count(*) FROM errors").fetchone()[0]
        orphans = db.execute("SELECT count(*) FROM persons WHERE post_id NOT IN (SELECT post_id FROM documents)")
        assert orphans.fetchone()[0] == 0
    return documents, errors


COUNTS = {"jsonl": jsonl_counts, "sqlite": sqlite_counts, "csv": csv_counts, "parquet": parquet_counts,
          "postgres": postgres_counts}
TARGETS = sorted(COUNTS)


@pytest.fixture
def make_target(request, tmp_path):
    """A fresh target of a kind: a file or folder under tmp_path, or a new PostgreSQL database."""
    def make(suffix: str):
        if suffix != "postgres":
            return tmp_path / f"out.{suffix}"
        return new_database(request.getfixturevalue("postgres_url"))
    return make


@pytest.mark.issue(5)
@pytest.mark.slow
@pytest.mark.parametrize("suffix", TARGETS)
def test_batch_every_post_once_and_a_second_run_adds_nothing(archive, make_target, suffix):
    folder, good, bad = archive
    target = make_target(suffix)
    counts = COUNTS[suffix]
    first = run_batch(str(folder), "--out", str(target), "--jobs", "2")
    assert first.returncode == 3, first.stderr  # some posts failed
    assert counts(target) == (good, bad)
    second = run_batch(str(folder), "--out", str(target), "--jobs", "2")
    assert second.returncode == 3
    assert counts(target) == (good, bad)


@pytest.mark.issue(5)
@pytest.mark.parametrize("suffix", ["sqlite", "postgres"])
def test_batch_database_changed_post_replaces_its_rows(tmp_path, make_target, suffix):
    folder = tmp_path / "posts"
    write_posts(folder, 40)
    target = make_target(suffix)
    run_batch(str(folder), "--out", str(target), "--jobs", "1")
    before = COUNTS[suffix](target)
    post = folder / "post00001.txt"
    post.write_text(post.read_text(encoding="utf-8") + " นางสาวใหม่ เพิ่มเติม ปลัดอำเภอ", encoding="utf-8")
    run_batch(str(folder), "--out", str(target), "--jobs", "1")
    assert COUNTS[suffix](target) == before
    query = "SELECT full_name FROM persons JOIN documents USING (post_id) WHERE path = {}"
    if suffix == "sqlite":
        db = sqlite3.connect(target)
        names = {n for (n,) in db.execute(query.format("?"), (str(post),))}
    else:
        import psycopg

        with psycopg.connect(target) as db:
            names = {n for (n,) in db.execute(query.format("%s"), (str(post),))}
    assert "นางสาวใหม่ เพิ่มเติม" in names


@pytest.mark.issue(5)
@pytest.mark.slow
@pytest.mark.parametrize("suffix", TARGETS)
def test_batch_sigkill_then_resume_ends_exact(archive, make_target, suffix):
    folder, good, bad = archive
    target = make_target(suffix)
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(folder), "--out", str(target),
                             "--jobs", "1", "--no-progress"], cwd=ROOT, stderr=subprocess.DEVNULL)
    written = _written_so_far(target, suffix)
    deadline = time.monotonic() + 300
    while written() < 400 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < written() < good  # killed in the middle
    if suffix not in ("sqlite", "postgres"):
        assert not target.exists()  # never a half-written file under the final name
    resumed = run_batch(str(folder), "--out", str(target), "--jobs", "2", "--resume")
    assert resumed.returncode in (0, 3), resumed.stderr
    assert "already done" in resumed.stderr
    assert COUNTS[suffix](target) == (good, bad)


def _written_so_far(target, suffix):
    """How many records the running batch has written (committed, for SQLite)."""
    def count() -> int:
        if suffix == "postgres":
            try:
                return postgres_counts(target)[0]
            except Exception:  # noqa: BLE001 - tables not created yet
                return 0
        if suffix == "parquet":
            partial = target.with_name(target.name + ".partial")
            return 500 * len(list(partial.glob("part-*.parquet"))) if partial.exists() else 0
        if suffix != "sqlite":
            partial = target.with_name(target.name + ".partial")
            return partial.read_bytes().count(b"\n") if partial.exists() else 0
        if not target.exists():
            return 0
        try:
            return sqlite_counts(target)[0]
        except sqlite3.OperationalError:  # tables not created yet
            return 0
    return count


@pytest.mark.issue(5)
def test_batch_shards_split_the_archive_exactly(archive):
    folder, _, _ = archive
    keys = [item.key for item in batch.iter_items([folder])]
    shards = [{k for k in keys if batch.in_shard(k, (i, 3))} for i in (1, 2, 3)]
    assert set().union(*shards) == set(keys)
    assert sum(len(s) for s in shards) == len(keys)


@pytest.mark.issue(5)
def test_batch_reads_zip_and_tar_gz(tmp_path):
    folder = tmp_path / "posts"
    good, bad = write_posts(folder, 30, bad_slots=(3, 13, 23))
    with zipfile.ZipFile(tmp_path / "posts.zip", "w") as z:
        for p in sorted(folder.iterdir()):
            z.write(p, f"inner/{p.name}")
    with tarfile.open(tmp_path / "posts.tar.gz", "w:gz") as t:
        t.add(folder, arcname="inner")
    for archive_name in ("posts.zip", "posts.tar.gz"):
        target = tmp_path / f"{archive_name}.jsonl"
        result = run_batch(str(tmp_path / archive_name), "--out", str(target), "--jobs", "1")
        assert result.returncode == 3, result.stderr
        assert jsonl_counts(target) == (good, bad)
        first = json.loads(target.read_text(encoding="utf-8").splitlines()[0])
        assert "!inner/" in first["source"]["path"]


@pytest.mark.issue(5)
def test_batch_unknown_target_is_a_usage_error(tmp_path):
    result = run_batch(str(tmp_path), "--out", str(tmp_path / "out.xlsx"))
    assert result.returncode == 2 and "unsupported target" in result.stderr
