"""Assign new corpus posts to train / dev / test, once, by a hash of their id.

Usage: python scripts/split_corpus.py [corpus/incoming]

Every ``<id>.json`` gold record under the incoming folder moves, with its post file, to
``corpus/train``, ``corpus/dev`` or ``corpus/test``: 60 / 20 / 20 by the first byte of
sha256(id). The hash never changes, so a post's split never does; posts already split are
never moved again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def split_of(post_id: str) -> str:
    """The split a post belongs to.

    >>> split_of("a01") in {"train", "dev", "test"}
    True
    """
    bucket = hashlib.sha256(post_id.encode("utf-8")).digest()[0] * 100 // 256
    return "train" if bucket < 60 else "dev" if bucket < 80 else "test"


def main(incoming: Path) -> None:
    moved = 0
    for gold_path in sorted(incoming.rglob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        target = CORPUS / split_of(gold["id"])
        target.mkdir(exist_ok=True)
        for path in (gold_path, gold_path.with_name(gold["file"])):
            if (target / path.name).exists():
                raise SystemExit(f"{target / path.name} exists: ids must be unique")
            shutil.move(str(path), target / path.name)
        moved += 1
    for split in ("train", "dev", "test"):
        print(f"{split}: {len(list((CORPUS / split).glob('*.json')))} posts")
    print(f"moved {moved}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS / "incoming")
