"""JSON Lines: one record a line. The file is written as ``<target>.partial`` and renamed
when the batch completes, so a reader never sees half a file; ``--resume`` continues the
partial file (a line cut by a kill is dropped). Errors go to ``<stem>.errors.jsonl``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from extractor.batch import Outcome


class _Lines:
    """An append-only JSON Lines file written through ``.partial`` and renamed on completion."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        if resume and not self.partial.exists() and path.exists():
            os.replace(path, self.partial)
        if not resume and self.partial.exists():
            self.partial.unlink()
        self.rows = _complete_lines(self.partial) if resume else []
        self.handle = open(self.partial, "w", encoding="utf-8")
        for row in self.rows:
            self.handle.write(row + "\n")
        self.handle.flush()

    def write(self, data: dict) -> None:
        self.handle.write(json.dumps(data, ensure_ascii=False) + "\n")

    def close(self, complete: bool) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if complete:
            os.replace(self.partial, self.path)


def _complete_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        try:
            json.loads(line)
        except ValueError:
            continue  # empty, or cut by a kill
        rows.append(line)
    return rows


class JsonlSink:
    def __init__(self, target: str, resume: bool) -> None:
        self.stdout = target == "-"
        if self.stdout:
            self.records = self.errors = None
            return
        path = Path(target)
        self.records = _Lines(path, resume)
        self.errors = _Lines(path.with_name(path.name.removesuffix(".jsonl") + ".errors.jsonl"), resume)

    def done_keys(self) -> set[str]:
        if self.stdout:
            return set()
        done = {json.loads(row)["source"]["path"] for row in self.records.rows}
        return done | {json.loads(row)["path"] for row in self.errors.rows}

    def write(self, outcome: Outcome) -> None:
        if outcome.record is not None:
            if self.stdout:
                sys.stdout.buffer.write((json.dumps(outcome.record, ensure_ascii=False) + "\n").encode("utf-8"))
            else:
                self.records.write(outcome.record)
        elif not self.stdout:
            self.errors.write({"path": outcome.key, "kind": outcome.error_kind, "message": outcome.error_message})

    def close(self, complete: bool) -> None:
        if self.stdout:
            sys.stdout.buffer.flush()
            return
        self.records.close(complete)
        self.errors.close(complete)
