"""JSON Lines: one record a line, written through ``.partial`` (``files.py``); errors go to
``<stem>.errors.jsonl`` as ``{"path", "kind", "message"}``. On stdout (``-``) only the records
are written; the errors are counted, not kept."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks.files import PartialFile, TargetLock


def errors_path(path: Path, suffix: str) -> Path:
    return path.with_name(path.name.removesuffix(suffix) + ".errors" + suffix)


def error_line(key: str, kind: str | None, message: str | None) -> str:
    """An error record as one JSON line. A key that is no UTF-8 text (a file name's raw bytes,
    kept by Python as lone surrogates) is written with ASCII escapes, which read back exact."""
    error = {"path": key, "kind": kind, "message": message}
    line = json.dumps(error, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(error)
    return line


class JsonlSink:
    rejected = 0  # a JSON line holds any record

    def __init__(self, target: str, resume: bool) -> None:
        self.stdout = target == "-"
        if self.stdout:
            self.errors_location = "not kept (records go to stdout; write to a file to keep the errors)"
            return
        path = Path(target)
        self.lock = TargetLock(path)
        self.records = PartialFile(path, resume)
        self.errors = PartialFile(errors_path(path, ".jsonl"), resume)
        self.errors_location = str(self.errors.path)

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
            self.errors.write_line(error_line(outcome.key, outcome.error_kind, outcome.error_message))

    def close(self, complete: bool) -> None:
        if self.stdout:
            sys.stdout.buffer.flush()
            return
        self.records.close(complete)
        self.errors.close(complete)
        self.lock.release()
