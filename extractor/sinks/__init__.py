"""Where batch records go. ``open_sink(target)`` picks a sink by the target's form:

- ``-`` or ``*.jsonl``: JSON Lines (``jsonl.py``); errors beside it in ``*.errors.jsonl``;
- ``*.csv``: CSV with a BOM, one row a post (``csv.py``); errors in ``*.errors.csv``;
- ``*.parquet``: a Parquet dataset folder, nested fields kept (``parquet.py``);
- ``*.sqlite``, ``*.sqlite3``, ``*.db``: SQLite, normalized tables (``sqlite.py``);
- ``postgresql://…``: PostgreSQL, the same tables, bulk COPY and upsert on doc_id (``postgres.py``).

Every sink offers ``done_keys()`` (what a resumed run may skip), ``write(outcome)`` and
``close(complete)``.
"""

from __future__ import annotations

from pathlib import Path

from extractor.errors import ExtractorError


class TargetError(ExtractorError):
    kind = "target"
    hint = "use a .jsonl, .csv, .parquet or .sqlite target, a postgresql:// URL, or '-' for stdout"


def open_sink(target: str, resume: bool):
    if target == "-" or target.endswith((".jsonl", ".ndjson")):
        from extractor.sinks.jsonl import JsonlSink

        return JsonlSink(target, resume)
    if target.endswith(".csv"):
        from extractor.sinks.csv import CsvSink

        return CsvSink(target, resume)
    if target.endswith(".parquet"):
        from extractor.sinks.parquet import ParquetSink

        return ParquetSink(target, resume)
    if target.startswith(("postgresql://", "postgres://")):
        from extractor.sinks.postgres import PostgresSink

        return PostgresSink(target)
    if target.endswith((".sqlite", ".sqlite3", ".db")):
        from extractor.sinks.sqlite import SqliteSink

        return SqliteSink(Path(target))
    raise TargetError(f"unsupported target {target!r}")
