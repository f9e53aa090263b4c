"""Benchmark and check batch conversion on a generated archive (default 10,000 posts, exactly 3% bad).

Usage: python scripts/bench_batch.py [--posts 10000] [--targets jsonl csv parquet sqlite postgres]
       [--postgres postgresql://…]   (postgres: a server URL; each run gets a new database)

For each target: --jobs 1 and --jobs 2 runs, the best of two each (time, rate, speed-up; a
shared machine's speed drifts between runs), a second run over the same archive, and a run killed with SIGKILL mid-way then finished with --resume; after each, the
record and error counts, which must be exact.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_batch import COUNTS  # noqa: E402
from tests.archive import write_posts  # noqa: E402


def batch(folder: Path, target: str, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extractor", "batch", str(folder), "--out", target, "--no-progress", *extra],
                   cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - started


def killed_then_resumed(folder: Path, target: str, after: float) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(folder), "--out", target,
                             "--jobs", "2", "--no-progress"], cwd=ROOT, stderr=subprocess.DEVNULL)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    batch(folder, target, "--jobs", "2", "--resume")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--targets", nargs="+", default=["jsonl", "csv", "parquet", "sqlite"], choices=sorted(COUNTS))
    parser.add_argument("--postgres", help="server URL for the postgres target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "posts"
        good, bad = write_posts(folder, args.posts)
        print(f"{args.posts} posts: {good} good, {bad} bad")

        def new_target(kind: str, name: str) -> str:
            if kind != "postgres":
                return str(Path(tmp) / f"{name}.{kind}")
            import psycopg

            db = f"bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {db}")
            return args.postgres.rsplit("/", 1)[0] + "/" + db

        def counts(kind: str, target: str) -> tuple[int, int]:
            return COUNTS[kind](target if kind == "postgres" else Path(target))

        for kind in args.targets:
            t1 = min(batch(folder, new_target(kind, f"one{i}"), "--jobs", "1") for i in range(2))
            t2 = min(batch(folder, new_target(kind, f"two{i}"), "--jobs", "2") for i in range(2))
            two = new_target(kind, "two")
            batch(folder, two, "--jobs", "2")
            first = counts(kind, two)
            batch(folder, two, "--jobs", "2")
            second = counts(kind, two)
            killed = new_target(kind, "killed")
            killed_then_resumed(folder, killed, after=t2 / 2)
            print(f"{kind}: --jobs 1 {t1:.1f} s ({args.posts / t1:.0f}/s), --jobs 2 {t2:.1f} s ({args.posts / t2:.0f}/s), "
                  f"speed-up {t1 / t2:.2f}x; records/errors first {first}, second run {second}, "
                  f"killed+resumed {counts(kind, killed)}; exact: {first == second == counts(kind, killed) == (good, bad)}")


if __name__ == "__main__":
    main()
