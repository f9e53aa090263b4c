"""Parquet: two dataset folders of part files. ``<target>/`` holds the records with their
nested fields kept (persons as a list of structs with their roles, spans as structs, …);
``<stem>.errors.parquet/`` beside it holds the error records (path, kind, message). Each is
read back whole by ``pyarrow.dataset.dataset(folder)`` or ``pandas.read_parquet(folder)``
(parts of one schema only: two kinds in one folder would leave readers one schema).

The Arrow schema is derived from the Pydantic models, so it follows ``schemas`` by itself.
Parts are written in ``<folder>.partial/`` (each under a temporary name, renamed when whole)
and the folder takes its name when the batch completes: a kill loses at most the part in
flight, and ``--resume`` goes on from the parts already written. A record Arrow cannot hold
(a count beyond int64, …) becomes an error record of kind "sink"; the part goes on."""

from __future__ import annotations

import io
import shutil
import types
import typing
from pathlib import Path

from pydantic import BaseModel

import schemas
from extractor.batch import Outcome
from extractor.sinks import SINK_ERROR_KIND, DoneKeys, rejection_message, storable
from extractor.sinks.files import TargetLock
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
        if not self.parts:  # an empty dataset still tells readers its columns
            self.write(self.schema.empty_table())
        if self.final.exists():
            shutil.rmtree(self.final)
        self.folder.rename(self.final)


class ParquetSink:
    def __init__(self, target: str, resume: bool) -> None:
        final = Path(target)
        self.lock = TargetLock(final)
        self.schema = record_schema()
        self.records_set = PartDataset(final, resume, self.schema)
        self.errors_set = PartDataset(errors_path(final, ".parquet"), resume, error_schema())
        self.errors_location = str(self.errors_set.final) + "/"
        self.records: list[tuple[str, str]] = []  # (key, record JSON), parsed by Arrow's own reader at each part
        self.errors: list[dict] = []
        self.rejected = 0

    def done_keys(self) -> DoneKeys:
        keys = {source["path"] for source in self.records_set.column("source")}
        return DoneKeys(keys | set(self.errors_set.column("path")))

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records.append((outcome.key, outcome.record_json))
        else:
            self._error(outcome.key, outcome.error_kind, outcome.error_message)
        if len(self.records) + len(self.errors) >= PART_ROWS:
            self._flush()

    def _error(self, key: str, kind: str | None, message: str | None) -> None:
        self.errors.append({"path": storable(key), "kind": kind, "message": storable(message)})

    def _flush(self) -> None:
        import pyarrow as pa

        if self.records:
            table = self._records_table(self.records)
            self.records.clear()
            if table is not None:
                self.records_set.write(table)
        if self.errors:
            self.errors_set.write(pa.Table.from_pylist(self.errors, schema=self.errors_set.schema))
            self.errors.clear()

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

    def close(self, complete: bool) -> None:
        self._flush()
        self.records_set.close(complete)
        self.errors_set.close(complete)
        self.lock.release()
