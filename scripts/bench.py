"""Benchmark the whole extraction (tokenize + every component + record) on one core.

Usage: python scripts/bench.py [POST] [--runs N]
POST defaults to ../shared/seed/seed_post.txt when present, else examples/meeting_post.txt.
Prints milliseconds per post after start-up, posts per second and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "seed_post.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", default=str(SEED if SEED.exists() else ROOT / "examples" / "meeting_post.txt"))
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()

    import extractor

    text = Path(args.post).read_text(encoding="utf-8")
    started = time.perf_counter()
    extractor.extract(text)  # start-up: imports, data files, pipeline
    startup = time.perf_counter() - started
    timings = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        extractor.extract(text)
        timings.append(time.perf_counter() - t0)
    timings.sort()
    mean = sum(timings) / len(timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"post: {args.post} ({len(text)} chars)")
    print(f"start-up: {startup * 1000:.0f} ms")
    print(f"per post: mean {mean * 1000:.2f} ms, median {timings[len(timings) // 2] * 1000:.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms over {args.runs} runs")
    print(f"throughput: {1 / mean:.0f} posts/s on one core")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
