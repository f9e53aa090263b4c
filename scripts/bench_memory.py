"""Peak memory of batch workers over posts full of names never seen before.

spaCy's string store keeps every new word: a worker that never restarts grows without bound.
This writes ``--posts`` short generated posts (each naming people whose names are random Thai
syllables) into a temporary folder, runs ``extract batch`` over them and samples the resident
memory (RSS) of every worker process from /proc, then reports the peak per worker.

Usage: python scripts/bench_memory.py [--posts 20000] [--jobs 2] [--engine hybrid]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSONANTS = "กขคงจฉชซญดตถทธนบปผพฟมยรลวศสหอฮ"
VOWELS = ["า", "ิ", "ี", "ุ", "ู", "ะ", "ำ", "ั", ""]
FINALS = ["น", "ง", "ม", "ย", "ว", "ก", "ด", "บ", ""]


def unseen_name(rng: random.Random) -> str:
    """A made-up Thai name of two to four syllables: almost every one is new to the store."""
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) + rng.choice(FINALS) for _ in range(rng.randint(2, 4)))


def write_posts(folder: Path, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        people = " ".join(f"นาย{unseen_name(rng)} {unseen_name(rng)} ปลัดอำเภอ{unseen_name(rng)}" for _ in range(30))
        text = f"วันที่ 3 มีนาคม 2567 เวลา 09.30 น. {people} ร่วมประชุมโครงการ{unseen_name(rng)} ณ ห้องประชุม{unseen_name(rng)}"
        (folder / f"p{n:05d}.txt").write_text(text, encoding="utf-8")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children() -> dict[int, list[int]]:
    """Every process's children, from one scan of /proc."""
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            found.setdefault(ppid, []).append(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", default="hybrid")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "posts"
        write_posts(folder, args.posts)
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(folder), "--out",
                                 str(Path(tmp) / "out.jsonl"), "--jobs", str(args.jobs), "--engine", args.engine,
                                 "--no-progress"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        peaks: dict[int, float] = {}
        while proc.poll() is None:
            tree = children()
            # The batch's child is the forkserver; the workers are the forkserver's children.
            for pid in (worker for server in tree.get(proc.pid, []) for worker in tree.get(server, [])):
                rss = rss_mb(pid)
                if rss is not None:
                    peaks[pid] = max(peaks.get(pid, 0.0), rss)
            time.sleep(0.5)
        summary = proc.stderr.read().strip().splitlines()
        elapsed = time.perf_counter() - started
    print(f"{args.posts} posts, --jobs {args.jobs}, engine {args.engine}: {elapsed:.0f} s")
    print(summary[-2] if len(summary) > 1 and "error records" in summary[-1] else summary[-1] if summary else "")
    print(f"{len(peaks)} worker processes seen; peak RSS per worker: max {max(peaks.values()):.0f} MB, "
          f"median {sorted(peaks.values())[len(peaks) // 2]:.0f} MB")


if __name__ == "__main__":
    main()
