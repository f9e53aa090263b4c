"""Review the extractor on real posts kept OUTSIDE this repository (issue 11).

Real posts never enter the repository; this script works on a folder of them elsewhere
(``<id>.txt`` with a gold record ``<id>.json`` in the corpus format, corpus/README.md):

    python scripts/real_review.py draft /path/to/real      # a draft gold record for each new post
    python scripts/real_review.py score /path/to/real      # P/R/F1 and error counts per field
    python scripts/real_review.py compare /path/to/real --base ab00bad   # before and after

``draft`` writes the extractor's answer as a starting point: a reviewer reads the post and
corrects every value by SCHEMA.md before it is gold. ``compare`` checks the base revision out
into a temporary git worktree and scores the same posts with its code, so the table shows
what a change did on text nobody here wrote. Errors are missed plus spurious values.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent


def draft(folder: Path, engine: str) -> int:
    import extractor

    written = 0
    for post in sorted(folder.glob("*.txt")):
        gold_path = post.with_suffix(".json")
        if gold_path.exists():
            continue
        record = extractor.extract_file(post, engine)
        gold = {
            "id": post.stem, "file": post.name, "encoding": record.source.encoding, "format": record.source.format,
            "persons": [{"title": p.title, "first_name": p.first_name, "last_name": p.last_name,
                         "roles": [r.text for r in p.roles],
                         "organization": next((r.organization for r in p.roles if r.organization), None)}
                        for p in record.persons],
            "provinces": [p.name_th for p in record.provinces],
            "times": [{"start": t.start, "end": t.end} for t in record.times],
            "dates": [{"date": d.date, "end_date": d.end_date, "year_inferred": d.year_inferred}
                      for d in record.dates if d.date],
            "attendee_count": ({"value": record.attendee_count.value, "approximate": record.attendee_count.approximate}
                               if record.attendee_count else None),
            "projects": [p.name for p in record.projects],
            "venue": record.venue.text if record.venue else None,
            "online": (record.online.platform or "unnamed") if record.online else None,
            "notes": "DRAFT from the extractor: read the post and correct every value by SCHEMA.md",
        }
        gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += 1
    print(f"{written} draft gold record(s) written; correct each before scoring", file=sys.stderr)
    return 0


def scores(folder: Path, engine: str, code: Path = ROOT) -> dict:
    """The eval figures of the code at ``code`` (a checkout) on ``folder``, run in a fresh process."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, "-m", "extractor", "eval", str(folder), "--engine", engine, "--json", out.name],
                       cwd=code, check=True, stdout=subprocess.DEVNULL)
        return json.loads(Path(out.name).read_text(encoding="utf-8"))


def table(columns: dict[str, dict]) -> str:
    names = list(columns)
    fields = next(iter(columns.values()))["fields"]
    header = f"{'field':<18}" + "".join(f"{n + ' F1':>14}{'errors':>8}" for n in names)
    rows = [header]
    for name in fields:
        cells = ""
        for column in columns.values():
            f = column["fields"][name]
            cells += f"{f['f1']:>14.3f}{f['fp'] + f['fn']:>8}"
        rows.append(f"{name:<18}" + cells)
    posts = next(iter(columns.values()))["posts"]
    return "\n".join(rows) + f"\n({posts} posts; errors = missed + spurious values)"


def compare(folder: Path, base: str, engine: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(checkout), base],
                       check=True, capture_output=True)
        try:
            before = scores(folder, engine, checkout)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)], check=False)
    print(table({base[:9]: before, "now": scores(folder, engine)}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["draft", "score", "compare"])
    parser.add_argument("folder", type=Path, help="real posts with gold records, outside the repository")
    parser.add_argument("--engine", default="hybrid")
    parser.add_argument("--base", default="HEAD~1", help="revision to compare with (compare)")
    args = parser.parse_args()
    folder = args.folder.resolve()
    if ROOT in folder.parents or folder == ROOT:
        parser.error("real posts never enter the repository: keep the folder outside it")
    if args.action == "draft":
        return draft(folder, args.engine)
    if args.action == "score":
        print(table({"now": scores(folder, args.engine)}))
        return 0
    return compare(folder, args.base, args.engine)


if __name__ == "__main__":
    sys.exit(main())
