"""JSON Lines: one record a line, written through ``.partial`` (``files.py``); errors go to
``<stem>.errors.jsonl`` as ``{"path", "kind", "message"}``. On stdout (``-``) only the records
are written; the errors are counted, not kept.

On a Dask cluster (``parallel()``) the workers write one part a partition in
``<target>.parts/`` (records and errors apart); when the batch completes the parts are joined
onto the file, a byte copy, so the target is the same single file as a local batch's."""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks.files import PartialFile, TargetLock, claim_run, end_run, write_part


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
        self.parts = parts_folder(path)
        if not resume:
            shutil.rmtree(self.parts, ignore_errors=True)  # a killed Dask run's parts, as the .partial file

    def done_keys(self) -> set[str]:
        if self.stdout:
            return set()
        records, errors = self._part_rows()
        done = {record_key(row) for row in self.records.rows + records}
        return done | {json.loads(row)["path"] for row in self.errors.rows + errors}

    def parallel(self) -> JsonlPartWriter | None:
        """What a Dask worker calls to write a partition's part (None for stdout: the client writes)."""
        if self.stdout:
            return None
        self.parts.mkdir(exist_ok=True)
        return JsonlPartWriter(str(self.records.path), claim_run(self.records.path))

    def _part_rows(self) -> tuple[list[str], list[str]]:
        """The record rows and error rows of the parts Dask workers wrote."""
        records: list[str] = []
        errors: list[str] = []
        for part in sorted(self.parts.glob("part-*.jsonl")):
            rows = part.read_text(encoding="utf-8").splitlines()
            (errors if part.name.endswith(ERRORS_PART) else records).extend(rows)
        return records, errors

    def _join_parts(self) -> None:
        """Append the workers' parts to the file. A join cut by a kill left some of their rows in
        the file already: on the next run those are skipped, not written twice."""
        records, errors = self._part_rows()
        seen = {record_key(row) for row in self.records.rows}
        for row in records:
            if not seen or record_key(row) not in seen:
                self.records.write_line(row)
        seen = {json.loads(row)["path"] for row in self.errors.rows}
        for row in errors:
            if not seen or json.loads(row)["path"] not in seen:
                self.errors.write_line(row)

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
        if complete and self.parts.exists():
            self._join_parts()
        self.records.close(complete)
        self.errors.close(complete)
        if complete:
            shutil.rmtree(self.parts, ignore_errors=True)
        end_run(self.records.path)
        self.lock.release()


ERRORS_PART = ".errors.jsonl"


def parts_folder(path: Path) -> Path:
    return path.with_name(path.name + ".parts")


def record_key(row: str) -> str:
    return json.loads(row)["source"]["path"]


@dataclass(frozen=True)
class JsonlPartWriter:
    """Writes one partition's records and error records as parts (runs in a Dask worker)."""

    target: str
    token: str

    def __call__(self, name: str, outcomes: list[Outcome]) -> int:
        """Write the part named ``name``; returns how many records the target refused (none here)."""
        target = Path(self.target)
        records = [o.record_json for o in outcomes if o.record_json is not None]
        errors = [error_line(o.key, o.error_kind, o.error_message) for o in outcomes if o.record_json is None]
        for rows, suffix in ((records, ".jsonl"), (errors, ERRORS_PART)):
            if rows:
                write_part(parts_folder(target) / f"part-{name}{suffix}", _lines_writer(rows), target, self.token)
        return 0


def _lines_writer(rows: list[str]):
    def write(path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write("".join(row + "\n" for row in rows))
            handle.flush()
            os.fsync(handle.fileno())
    return write
