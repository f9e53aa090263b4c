"""Batch conversion on a local Dask cluster against the local process pool (generated posts, exactly 3% bad).

Usage: python scripts/bench_dask.py [--posts 10000] [--workers 2] [--targets jsonl parquet sqlite postgres]
       [--postgres postgresql://…]   (postgres: a server URL; each run gets a new database)

For each target, back to back and once each (a shared machine's speed drifts): ``extract batch
--jobs N``, then the same batch on a local Dask cluster of N worker processes of one thread
(the CLI's own functions, in this process, so that the run also tells where its time went);
then each target's record and error counts, which must be exact. The Dask run's time is
split into the workers' seconds converting, the workers' seconds writing the target (parts,
COPY) and the client's seconds writing it (SQLite): the per-worker rate, and the target's
share, which bound the throughput as workers are added.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_batch import batch  # noqa: E402
from tests.archive import write_posts  # noqa: E402
from tests.test_batch import COUNTS  # noqa: E402


def on_dask(folder: Path, target: str, workers: int) -> tuple[float, Counter]:
    """The time of a batch on a local cluster of ``workers``, and its seconds by kind of work."""
    from extractor import DEFAULT_ENGINE, batch as local
    from extractor import dask as on_dask
    from extractor.sinks import open_sink

    started = time.perf_counter()
    items = local.list_inputs([folder]).items
    sink = open_sink(target, False)
    seconds: Counter = Counter()

    def on_done(done) -> None:
        seconds["converting"] += done.converting
        seconds["writing"] += done.writing
        seconds["posts"] += done.posts
        if done.outcomes is not None:
            writing = time.perf_counter()
            for outcome in done.outcomes:
                sink.write(outcome)
            seconds["client writing"] += time.perf_counter() - writing

    with on_dask.connect(on_dask.LOCAL, workers) as client:
        on_dask.run_into(sink, client, items, DEFAULT_ENGINE, on_done)
    closing = time.perf_counter()
    sink.close(complete=True)
    seconds["client writing"] += time.perf_counter() - closing
    return time.perf_counter() - started, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--targets", nargs="+", default=["jsonl", "parquet", "sqlite", "postgres"], choices=sorted(COUNTS))
    parser.add_argument("--postgres", help="server URL for the postgres target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "posts"
        good, bad = write_posts(folder, args.posts)
        print(f"{args.posts} posts: {good} good, {bad} bad; {args.workers} workers")

        def new_target(kind: str, name: str) -> str:
            if kind != "postgres":
                return str(Path(tmp) / f"{name}.{kind}")
            import uuid

            import psycopg

            db = f"bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {db}")
            return args.postgres.rsplit("/", 1)[0] + "/" + db

        def counts(kind: str, target: str) -> tuple[int, int]:
            return COUNTS[kind](target if kind == "postgres" else Path(target))

        for kind in args.targets:
            pool_target, dask_target = new_target(kind, "pool"), new_target(kind, "dask")
            t_pool = batch(folder, pool_target, "--jobs", str(args.workers))
            t_dask, seconds = on_dask(folder, dask_target, args.workers)
            worker_seconds = seconds["converting"] + seconds["writing"]
            per_worker = seconds["posts"] / worker_seconds
            client = seconds["client writing"]
            print(f"{kind}: --jobs {args.workers} {t_pool:.1f} s ({args.posts / t_pool:.0f}/s), "
                  f"dask {t_dask:.1f} s ({args.posts / t_dask:.0f}/s), ratio {t_pool / t_dask:.2f}; "
                  f"counts pool {counts(kind, pool_target)}, dask {counts(kind, dask_target)}, "
                  f"exact: {counts(kind, pool_target) == counts(kind, dask_target) == (good, bad)}; "
                  f"dask workers {per_worker:.0f} posts/s each, writing {seconds['writing'] / worker_seconds:.1%} "
                  f"of their time ({seconds['posts'] / seconds['writing'] if seconds['writing'] else 0:.0f} posts per "
                  f"writing second), client writing {client:.1f} s ({seconds['posts'] / client if client else 0:.0f} posts/s)")


if __name__ == "__main__":
    main()
