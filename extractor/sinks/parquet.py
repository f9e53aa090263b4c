"""Parquet: two dataset folders of part files. ``<target>/`` holds the records with their
nested fields kept (persons as a list of structs with their roles, spans as structs, …);
``<stem>.errors.parquet/`` beside it holds the error records (path, kind, message). Each is
read back whole by ``pyarrow.dataset.dataset(folder)`` or ``pandas.read_parquet(folder)``
(parts of one schema only: two kinds in one folder would leave readers one schema).

The Arrow schema is derived from the Pydantic models, so it follows ``schemas`` by itself.
Parts are written in ``<folder>.partial/`` (each under a temporary name, renamed when whole)
and the folder takes its name when the batch completes: a kill loses at most the part in
flight, and ``--resume`` goes on from the parts already written. A record Arrow cannot hold
(a count beyond int64, …) becomes an error record of kind "sink"; the part goes on.

On a Dask cluster (``parallel()``) each worker writes its partition as one part of each folder,
named after the partition (``part-<hash>.parquet``): a retried task replaces its part."""

from __future__ import annotations

import io
import shutil
import types
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

import schemas
from extractor.batch import Outcome
from extractor.sinks import SINK_ERROR_KIND, DoneKeys, rejection_message, storable
from extractor.sinks.files import TargetLock, claim_run, end_run, write_part
from extractor.sinks.jsonl import errors_path

PART_ROWS = 500
# What Arrow raises for a value it cannot hold (ArrowInvalid is a ValueError, ArrowTypeError a TypeError).
REFUSED = (ValueError, TypeError)
ERROR_FIELDS = ("path", "kind", "message")


def arrow_type(annotation):
    """The Arrow type of a Pydantic field annotation."""
    import pyarrow as pa

    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return arrow_type(args[0])
    if origin is list:
        return pa.list_(arrow_type(args[0]))
    if origin is typing.Literal:
        return pa.string()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(name, arrow_type(f.annotation)) for name, f in annotation.model_fields.items()])
    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[annotation]


@cache
def record_schema():
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(f.annotation)) for name, f in schemas.MeetingReport.model_fields.items()])


def error_schema():
    import pyarrow as pa

    return pa.schema([pa.field(name, pa.string()) for name in ERROR_FIELDS])


class PartDataset:
    """One dataset folder, written part by part in ``<folder>.partial/`` and renamed when complete."""

    def __init__(self, final: Path, resume: bool, schema) -> None:
        self.final = final
        self.folder = final.with_name(final.name + ".partial")
        self.schema = schema
        if resume and not self.folder.exists() and self.final.exists():
            self.final.rename(self.folder)
        if not resume and self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob("*.tmp"):
            leftover.unlink()  # a part cut by a kill
        self.parts = len(self._part_files())

    def _part_files(self) -> list[Path]:
        return sorted(self.folder.glob("part-*.parquet"))

    def column(self, name: str) -> list:
        import pyarrow.parquet as pq

        return [value for part in self._part_files() for value in pq.read_table(part, columns=[name]).column(name).to_pylist()]

    def write(self, table) -> None:
        import pyarrow.parquet as pq

        self.parts += 1
        final = self.folder / f"part-{self.parts:05d}.parquet"
        temporary = final.with_suffix(".tmp")
        pq.write_table(table, temporary)
        temporary.replace(final)

    def close(self, complete: bool) -> None:
        if not complete:
            return
        for leftover in self.folder.glob("*.tmp"):
            leftover.unlink()  # a Dask worker's part cut by a kill
        self.parts = len(self._part_files())  # Dask workers' parts too
        if not self.parts:  # an empty dataset still tells readers its columns
            self.write(self.schema.empty_table())
        if self.final.exists():
            shutil.rmtree(self.final)
        self.folder.rename(self.final)


class PartBuffer:
    """The outcomes of one part, as an Arrow table of records and one of errors."""

    def __init__(self) -> None:
        self.schema = record_schema()
        self.records: list[tuple[str, str]] = []  # (key, record JSON), parsed by Arrow's own reader at each part
        self.errors: list[dict] = []
        self.rejected = 0

    def __len__(self) -> int:
        return len(self.records) + len(self.errors)

    def add(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records.append((outcome.key, outcome.record_json))
        else:
            self._error(outcome.key, outcome.error_kind, outcome.error_message)

    def _error(self, key: str, kind: str | None, message: str | None) -> None:
        self.errors.append({"path": storable(key), "kind": kind, "message": storable(message)})

    def take(self) -> tuple:
        """(records table or None, errors table or None), and the buffer emptied."""
        import pyarrow as pa

        records = self._records_table(self.records) if self.records else None
        errors = pa.Table.from_pylist(self.errors, schema=error_schema()) if self.errors else None
        self.records, self.errors = [], []
        return records, errors

    def _records_table(self, records: list[tuple[str, str]]):
        """The part of ``records``; when Arrow refuses one, each alone, the refused ones becoming errors."""
        import pyarrow as pa

        try:
            return self._parse([line for _, line in records])
        except REFUSED:
            pass
        tables = []
        for key, line in records:
            try:
                tables.append(self._parse([line]))
            except REFUSED as exc:
                self.rejected += 1
                self._error(key, SINK_ERROR_KIND, rejection_message("Parquet", exc))
        return pa.concat_tables(tables) if tables else None

    def _parse(self, lines: list[str]):
        # Arrow parses the JSON in C++ against the schema: far cheaper than Python dicts.
        from pyarrow import json as pa_json

        data = io.BytesIO("\n".join(lines).encode("utf-8"))
        options = pa_json.ParseOptions(explicit_schema=self.schema, unexpected_field_behavior="error")
        return pa_json.read_json(data, parse_options=options).cast(self.schema)


class ParquetSink:
    def __init__(self, target: str, resume: bool) -> None:
        final = Path(target)
        self.lock = TargetLock(final)
        self.target = final
        self.records_set = PartDataset(final, resume, record_schema())
        self.errors_set = PartDataset(errors_path(final, ".parquet"), resume, error_schema())
        self.errors_location = str(self.errors_set.final) + "/"
        self.buffer = PartBuffer()

    @property
    def rejected(self) -> int:
        return self.buffer.rejected

    def done_keys(self) -> DoneKeys:
        keys = {source["path"] for source in self.records_set.column("source")}
        return DoneKeys(keys | set(self.errors_set.column("path")))

    def parallel(self) -> ParquetPartWriter:
        """What a Dask worker calls to write a partition's parts."""
        return ParquetPartWriter(str(self.target), claim_run(self.target))

    def write(self, outcome: Outcome) -> None:
        self.buffer.add(outcome)
        if len(self.buffer) >= PART_ROWS:
            self._flush()

    def _flush(self) -> None:
        records, errors = self.buffer.take()
        if records is not None:
            self.records_set.write(records)
        if errors is not None:
            self.errors_set.write(errors)

    def close(self, complete: bool) -> None:
        self._flush()
        self.records_set.close(complete)
        self.errors_set.close(complete)
        end_run(self.target)
        self.lock.release()


@dataclass(frozen=True)
class ParquetPartWriter:
    """Writes one partition as a part of the records dataset and one of the errors dataset (in a Dask worker)."""

    target: str
    token: str

    def __call__(self, name: str, outcomes: list[Outcome]) -> int:
        """Write the parts named ``name``; returns how many records Arrow refused (error records now)."""
        import pyarrow.parquet as pq

        target = Path(self.target)
        buffer = PartBuffer()
        for outcome in outcomes:
            buffer.add(outcome)
        records, errors = buffer.take()
        for table, final in ((records, target), (errors, errors_path(target, ".parquet"))):
            if table is not None:
                part = final.with_name(final.name + ".partial") / f"part-{name}.parquet"
                write_part(part, lambda path, table=table: pq.write_table(table, path), target, self.token)
        return buffer.rejected
