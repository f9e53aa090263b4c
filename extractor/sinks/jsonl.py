"""JSON Lines: one record a line, written through ``.partial`` (``files.py``); errors go to
``<stem>.errors.jsonl`` as ``{"path", "kind", "message"}``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks.files import PartialFile


def errors_path(path: Path, suffix: str) -> Path:
    return path.with_name(path.name.removesuffix(suffix) + ".errors" + suffix)


class JsonlSink:
    def __init__(self, target: str, resume: bool) -> None:
        self.stdout = target == "-"
        if self.stdout:
            return
        path = Path(target)
        self.records = PartialFile(path, resume)
        self.errors = PartialFile(errors_path(path, ".jsonl"), resume)

    def done_keys(self) -> set[str]:
        if self.stdout:
            return set()
        done = {json.loads(row)["source"]["path"] for row in self.records.rows}
        return done | {json.loads(row)["path"] for row in self.errors.rows}

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            line = outcome.record_json
            if self.stdout:
                sys.stdout.buffer.write((line + "\n").encode("utf-8"))
            else:
                self.records.write_line(line)
        elif not self.stdout:
            error = {"path": outcome.key, "kind": outcome.error_kind, "message": outcome.error_message}
            self.errors.write_line(json.dumps(error, ensure_ascii=False))

    def close(self, complete: bool) -> None:
        if self.stdout:
            sys.stdout.buffer.flush()
            return
        self.records.close(complete)
        self.errors.close(complete)
