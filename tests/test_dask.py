"""Batch conversion on a real local Dask cluster (worker processes): exact counts in every
target, a worker killed mid-run, the client killed and resumed, the Python API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from extractor.sinks.files import StaleRunError, claim_run, write_part
from extractor.sinks.tables import DOCUMENT_COLUMNS
from tests import test_batch
from tests.archive import write_posts
from tests.conftest import ROOT
from tests.test_batch import COUNTS, POSTS, jsonl_counts, run_batch
from tests.test_batch_inputs import worker_pids

distributed = pytest.importorskip("distributed")
DASK_TARGETS = ["jsonl", "parquet", "sqlite", "postgres"]
make_target = test_batch.make_target  # the fixture of a fresh target of each kind


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive") / "posts"
    good, bad = write_posts(folder, POSTS)
    return folder, good, bad


@pytest.fixture(scope="module")
def cluster():
    """A local cluster as the brief of the tests asks: two worker processes of one thread."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            distributed.Client(local) as client:
        yield client


def batch_on(address: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "batch", *args, "--no-progress", "--dask", address]


def parts_written(target: Path) -> int:
    """Parts the workers have written so far (Parquet: in the .partial folder; JSON Lines: in .parts)."""
    for folder in (target.with_name(target.name + ".partial"), target.with_name(target.name + ".parts")):
        if folder.is_dir():
            return len([p for p in folder.glob("part-*") if not p.name.endswith(".tmp")])
    return 0


def wait_for_parts(target: Path, count: int, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while parts_written(target) < count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    assert parts_written(target) >= count


@pytest.mark.issue(14)
@pytest.mark.slow
@pytest.mark.parametrize("suffix", DASK_TARGETS)
def test_dask_every_post_once_and_a_second_run_adds_nothing(archive, cluster, make_target, suffix):
    folder, good, bad = archive
    target = make_target(suffix)
    counts = COUNTS[suffix]
    for _ in range(2):
        result = subprocess.run(batch_on(cluster.scheduler.address, str(folder), "--out", str(target)),
                                check=False, capture_output=True, text=True, timeout=900, cwd=ROOT)
        assert result.returncode == 3, result.stderr  # some posts failed
        assert f"{good} converted, {bad} failed" in result.stderr
        assert counts(target) == (good, bad)


@pytest.mark.issue(14)
@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["parquet", "postgres"])
def test_dask_worker_killed_mid_run_ends_exact(archive, cluster, make_target, suffix):
    folder, good, bad = archive
    target = make_target(suffix)
    proc = subprocess.Popen(batch_on(cluster.scheduler.address, str(folder), "--out", str(target)),
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    before = cluster.run(os.getpid)
    progress = (lambda: COUNTS[suffix](target)[0]) if suffix == "postgres" else (lambda: parts_written(target))
    deadline = time.monotonic() + 300
    while _safely(progress) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before a worker could be killed"
    victim = next(iter(before.values()))
    os.kill(victim, signal.SIGKILL)  # mid-task: each worker holds partitions still to convert
    _, stderr = proc.communicate(timeout=900)
    assert proc.returncode == 3, stderr
    assert victim not in cluster.run(os.getpid).values()  # the nanny started a new worker
    assert COUNTS[suffix](target) == (good, bad)  # no post lost, none twice


def _safely(count) -> int:
    try:
        return count()
    except Exception:  # noqa: BLE001 - the tables are not made yet
        return 0


@pytest.mark.issue(14)
@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_dask_client_killed_then_resume_ends_exact(archive, tmp_path, suffix):
    folder, good, bad = archive
    target = tmp_path / f"out.{suffix}"
    command = batch_on("local", str(folder), "--out", str(target))[:-1] + ["--jobs", "2"]  # --dask alone: a local cluster
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    wait_for_parts(target, 1, proc)
    workers = worker_pids(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not target.exists()  # never a half-written target under the final name
    deadline = time.monotonic() + 60
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}/cmdline").exists() for pid in workers), "the local cluster outlived its client"
    resumed = run_batch(str(folder), "--out", str(target), "--resume", "--dask", "--jobs", "2")
    assert resumed.returncode == 3, resumed.stderr
    done = int(resumed.stderr.split(" already done")[0].rsplit(", ", 1)[1])
    assert 0 < done < good + bad  # the parts written before the kill were kept, not converted again
    assert COUNTS[suffix](target) == (good, bad)
    assert not target.with_name(target.name + ".parts").exists()


@pytest.mark.issue(14)
def test_dask_a_part_of_an_ended_run_is_not_kept(tmp_path):
    target = tmp_path / "out.jsonl"
    stale = claim_run(target)
    claim_run(target)  # the run that resumed it
    part = tmp_path / "part-x.jsonl"
    with pytest.raises(StaleRunError):
        write_part(part, lambda path: path.write_text("{}\n", encoding="utf-8"), target, stale)
    assert list(tmp_path.iterdir()) == [target.with_name("out.jsonl.run")]  # no part, no temporary file


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Thirty posts (three bad) in a folder, and the same in a zip."""
    root = tmp_path_factory.mktemp("small")
    good, bad = write_posts(root / "posts", 30, bad_slots=(3, 13, 23))
    with zipfile.ZipFile(root / "posts.zip", "w") as z:
        for path in sorted((root / "posts").iterdir()):
            z.write(path, f"inner/{path.name}")
    return root, good, bad


@pytest.mark.issue(14)
@pytest.mark.parametrize("form", ["url", "zip"])
def test_dask_cli_reads_fsspec_urls_and_archives(cluster, small, tmp_path, form):
    root, good, bad = small
    source = (root / "posts").as_uri() if form == "url" else str(root / "posts.zip")
    target = tmp_path / "out.jsonl"
    result = subprocess.run(batch_on(cluster.scheduler.address, source, "--out", str(target)),
                            check=False, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 3, result.stderr
    assert jsonl_counts(target) == (good, bad)
    first = json.loads(target.read_text(encoding="utf-8").splitlines()[0])["source"]["path"]
    assert first.startswith("file://") if form == "url" else "posts.zip!inner/" in first


@pytest.mark.issue(14)
def test_dask_api_records_and_documents_on_the_cluster(cluster, small):
    import dask.bag as db

    from extractor import dask as on_dask

    root, good, bad = small
    bag = db.from_sequence([str(root / "posts"), str(root / "posts.zip")], npartitions=2)
    records = on_dask.records(bag).compute()
    assert sum(map(on_dask.is_record, records)) == 2 * good and len(records) == 2 * (good + bad)
    assert sorted({r["kind"] for r in records if not on_dask.is_record(r)}) == ["binary", "empty", "undecodable"]
    frame = on_dask.documents(bag).compute()
    assert list(frame.columns) == list(DOCUMENT_COLUMNS)  # the table's columns, as tables.py defines them
    assert len(frame) == 2 * good and frame["path"].is_unique


@pytest.mark.issue(14)
def test_dask_a_path_after_the_option_is_no_address(tmp_path):
    result = run_batch(str(tmp_path), "--out", str(tmp_path / "r.jsonl"), "--dask", "posts/")
    assert result.returncode == 2 and "put --dask after the paths" in result.stderr


DEADLY = "post00005.txt"


def convert_or_die(item, engine, max_bytes, encode=None):
    """A worker's conversion that kills its worker process on one post, every time."""
    from extractor import batch

    if item.key.endswith(DEADLY):
        os._exit(1)
    return batch.convert_with(item, engine, max_bytes, encode)


@pytest.mark.issue(14)
@pytest.mark.slow
def test_dask_a_post_that_kills_its_worker_becomes_a_worker_died_record(small):
    import dask

    from extractor import batch
    from extractor import dask as on_dask

    root, good, bad = small
    items = batch.list_inputs([root / "posts"]).items
    outcomes = []
    # No retry of a task whose worker died: KilledWorker at the first death, so the test is short.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            distributed.Client(local) as client:
        on_dask.run(client, items, "rules", lambda done: outcomes.extend(done.outcomes), partition_posts=10,
                    convert=convert_or_die)
    assert sorted(o.key for o in outcomes) == sorted(item.key for item in items)  # every post once
    died = [o.key for o in outcomes if o.error_kind == "worker_died"]
    assert died == [str(root / "posts" / DEADLY)]  # laid at its post alone
    assert sum(o.record_json is not None for o in outcomes) == good - 1
    assert sum(o.record_json is None for o in outcomes) == bad + 1
