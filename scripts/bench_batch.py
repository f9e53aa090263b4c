"""Benchmark batch conversion: a generated archive of N posts (3% bad), --jobs 1 against --jobs 2.

Usage: python scripts/bench_batch.py [--posts 10000] [--out sqlite|jsonl]
Prints the time and rate of each run and the speed-up, and checks the record counts.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.archive import write_posts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--out", choices=["sqlite", "jsonl"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "posts"
        good, bad = write_posts(folder, args.posts)
        print(f"{args.posts} posts: {good} good, {bad} bad")
        times = {}
        for jobs in (1, 2):
            target = Path(tmp) / f"out{jobs}.{args.out}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "extractor", "batch", str(folder), "--out", str(target),
                            "--jobs", str(jobs), "--no-progress"], cwd=ROOT, check=False, capture_output=True)
            times[jobs] = time.perf_counter() - started
            if args.out == "sqlite":
                db = sqlite3.connect(target)
                counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "errors")]
            else:
                errors = target.with_name(target.name.removesuffix(".jsonl") + ".errors.jsonl")
                counts = [len(target.read_text(encoding="utf-8").splitlines()),
                          len(errors.read_text(encoding="utf-8").splitlines())]
            print(f"--jobs {jobs}: {times[jobs]:.1f} s, {args.posts / times[jobs]:.0f} posts/s, "
                  f"records {counts[0]}, errors {counts[1]}")
        print(f"speed-up of --jobs 2: {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
