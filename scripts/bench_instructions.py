"""Count the CPU instructions one extraction takes, with valgrind's callgrind: unlike a timer,
the count does not drift with the machine's load, so two commits compare exactly.

Usage: python scripts/bench_instructions.py [POST] [--posts N] [--engine E]
Runs the extraction under callgrind twice (after start-up: with no post, and with N posts) and
prints the difference divided by N. Needs valgrind (Debian: apt-get install valgrind); takes a
minute or two (callgrind runs Python some fifty times slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "seed_post.txt"
RUNNER = """
import os, sys
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
import extractor
text = open(sys.argv[1], encoding="utf-8").read()
extractor.extract(text, sys.argv[3])  # start-up: imports, data files, pipeline, models
for _ in range(int(sys.argv[2])):
    extractor.extract(text, sys.argv[3])
"""


def instructions(post: str, posts: int, engine: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "run.py"
        runner.write_text(RUNNER, encoding="utf-8")
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", sys.executable, str(runner), post,
             str(posts), engine],
            capture_output=True, text=True, check=True,
        )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", default=str(SEED if SEED.exists() else ROOT / "examples" / "meeting_post.txt"))
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--engine", default="hybrid")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    base = instructions(args.post, 0, args.engine)
    loaded = instructions(args.post, args.posts, args.engine)
    per_post = (loaded - base) / args.posts
    print(f"post: {args.post}, engine: {args.engine}")
    print(f"instructions per post: {per_post / 1e6:.1f} million (start-up {base / 1e9:.2f} billion)")


if __name__ == "__main__":
    main()
