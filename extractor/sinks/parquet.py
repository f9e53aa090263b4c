"""Parquet: a dataset folder (``<target>/``) of part files with the record's nested fields kept
(persons as a list of structs with their roles, spans as structs, …), read back whole by
``pyarrow.dataset`` or ``pandas.read_parquet``. The Arrow schema is derived from the Pydantic
models, so it follows ``schemas`` by itself. Parts are written in ``<target>.partial/`` (each
under a temporary name, renamed when whole) and the folder takes the target's name when the
batch completes: a kill loses at most the part in flight, and ``--resume`` goes on from the
parts already written. Errors go to ``errors-*.parquet`` parts in the same folder."""

from __future__ import annotations

import io
import shutil
import types
import typing
from pathlib import Path

from pydantic import BaseModel

import schemas
from extractor.batch import Outcome

PART_ROWS = 500
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


class ParquetSink:
    def __init__(self, target: str, resume: bool) -> None:
        import pyarrow as pa

        self.final = Path(target)
        self.folder = self.final.with_name(self.final.name + ".partial")
        if resume and not self.folder.exists() and self.final.exists():
            self.final.rename(self.folder)
        if not resume and self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob("*.tmp"):
            leftover.unlink()  # a part cut by a kill
        self.schema = record_schema()
        self.error_schema = pa.schema([pa.field(name, pa.string()) for name in ERROR_FIELDS])
        self.records: list[str] = []  # record JSON, parsed by Arrow's own reader at each part
        self.errors: list[dict] = []
        self.parts = len(list(self.folder.glob("*.parquet")))

    def done_keys(self) -> set[str]:
        import pyarrow.parquet as pq

        keys: set[str] = set()
        for part in sorted(self.folder.glob("records-*.parquet")):
            keys |= {source["path"] for source in pq.read_table(part, columns=["source"]).column("source").to_pylist()}
        for part in sorted(self.folder.glob("errors-*.parquet")):
            keys |= set(pq.read_table(part, columns=["path"]).column("path").to_pylist())
        return keys

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records.append(outcome.record_json)
        else:
            self.errors.append({"path": outcome.key, "kind": outcome.error_kind, "message": outcome.error_message})
        if len(self.records) + len(self.errors) >= PART_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.records:
            # Arrow parses the JSON in C++ against the schema: far cheaper than Python dicts.
            from pyarrow import json as pa_json

            lines = io.BytesIO("\n".join(self.records).encode("utf-8"))
            options = pa_json.ParseOptions(explicit_schema=self.schema, unexpected_field_behavior="error")
            self._write_part("records", pa_json.read_json(lines, parse_options=options))
            self.records.clear()
        if self.errors:
            self._write_part("errors", pa.Table.from_pylist(self.errors, schema=self.error_schema))
            self.errors.clear()

    def _write_part(self, stem: str, table) -> None:
        import pyarrow.parquet as pq

        self.parts += 1
        final = self.folder / f"{stem}-{self.parts:05d}.parquet"
        temporary = final.with_suffix(".tmp")
        pq.write_table(table.cast(self.schema) if stem == "records" else table, temporary)
        temporary.replace(final)

    def close(self, complete: bool) -> None:
        self._flush()
        if complete:
            if self.final.exists():
                shutil.rmtree(self.final)
            self.folder.rename(self.final)
