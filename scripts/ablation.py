"""Ablation: F1 per field for each engine on the corpus test split and ThaiNER's held-out part,
and the speed of each engine on a seed-sized post.

Usage: python scripts/ablation.py [--thainer ../shared/eval/thainer/train.txt] [--runs 200]
Prints Markdown tables (the README's ablation section is their output).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
THAINER = ROOT.parent / "shared" / "eval" / "thainer" / "train.txt"
SEED = ROOT.parent / "shared" / "seed" / "seed_post.txt"
CORPUS_FIELDS = ("persons", "titles", "roles", "organizations", "provinces", "times", "dates",
                 "attendee_count", "projects_strict", "projects_lenient", "venue", "online")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thainer", default=str(THAINER))
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    import extractor
    from extractor import evaluate, thainer
    from extractor.training import is_heldout

    test = evaluate.load_gold(ROOT / "corpus" / "test")
    corpus = {e: evaluate.evaluate_corpus(test, e) for e in extractor.ENGINES}
    print(f"Corpus test split ({len(test)} posts), F1:\n")
    print("| field | " + " | ".join(extractor.ENGINES) + " |")
    print("|---|" + "---|" * len(extractor.ENGINES))
    for field in CORPUS_FIELDS:
        print(f"| {field} | " + " | ".join(f"{corpus[e].scores[field].f1:.3f}" for e in extractor.ENGINES) + " |")

    if Path(args.thainer).exists():
        lines = [line for line in thainer.read_lines(args.thainer) if is_heldout(line.number)]
        reports = {e: thainer.evaluate_thainer(lines, e) for e in extractor.ENGINES}
        print(f"\nThaiNER held-out part ({len(lines)} lines), F1 (P / R for persons):\n")
        print("| field | " + " | ".join(extractor.ENGINES) + " |")
        print("|---|" + "---|" * len(extractor.ENGINES))
        for field in thainer.FIELDS:
            cells = []
            for e in extractor.ENGINES:
                s = reports[e].scores[field]
                cells.append(f"{s.f1:.3f}" + (f" ({s.precision:.2f} / {s.recall:.2f})" if field == "persons" else ""))
            print(f"| {field} | " + " | ".join(cells) + " |")

    text = (SEED if SEED.exists() else ROOT / "examples" / "meeting_post.txt").read_text(encoding="utf-8")
    print(f"\nSpeed on a {len(text)}-character post, one core:\n")
    print("| engine | ms per post | posts per second |")
    print("|---|---|---|")
    for e in extractor.ENGINES:
        extractor.extract(text, e)
        started = time.perf_counter()
        for _ in range(args.runs):
            extractor.extract(text, e)
        per_post = (time.perf_counter() - started) / args.runs
        print(f"| {e} | {per_post * 1000:.2f} | {1 / per_post:.0f} |")


if __name__ == "__main__":
    main()
