"""Where batch records go. ``open_sink(target)`` picks a sink by the target's form:

- ``-`` or ``*.jsonl``: JSON Lines (``jsonl.py``); errors beside it in ``*.errors.jsonl``;
- ``*.csv``: CSV with a BOM, one row a post (``csv.py``); errors in ``*.errors.csv``;
- ``*.parquet``: a Parquet dataset folder, nested fields kept (``parquet.py``); errors in the
  sibling dataset ``*.errors.parquet``;
- ``*.sqlite``, ``*.sqlite3``, ``*.db``: SQLite, normalized tables (``sqlite.py``);
- ``postgresql://…``: PostgreSQL, the same tables, bulk COPY and upsert on the post's path
  (``postgres.py``).

Every sink offers ``done_keys()`` (what a resumed run may skip), ``write(outcome)``,
``close(complete)``, ``errors_location`` (where its error records go, for people) and
``rejected`` (how many posts it could not write: each became an error record of kind "sink";
no value stops a sink). File and SQLite targets are locked for the run (``files.TargetLock``).
"""

from __future__ import annotations

from pathlib import Path

from extractor.errors import ExtractorError

SINK_ERROR_KIND = "sink"


class TargetError(ExtractorError):
    kind = "target"
    hint = "use a .jsonl, .csv, .parquet or .sqlite target, a postgresql:// URL, or '-' for stdout"


class TargetBusyError(TargetError):
    hint = "wait for that batch to end, or write to another target"


class TargetLayoutError(TargetError):
    hint = "convert into a new database (or drop its tables)"


def storable(text: str | None) -> str | None:
    """``text`` as UTF-8 can hold it. A file name that is no UTF-8 (a tar member's raw bytes,
    kept by Python as lone surrogates) shows its bytes as ``\\xNN`` escapes; other text is unchanged.

    >>> storable("posts.tar!\\udce0.txt"), storable("ขอนแก่น")
    ('posts.tar!\\\\xe0.txt', 'ขอนแก่น')
    """
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")


class DoneKeys(frozenset):
    """The keys a target holds, as stored: ``key in done`` asks for the key's stored form."""

    def __contains__(self, key) -> bool:
        return super().__contains__(storable(key))


def rejection_message(target_kind: str, exc: BaseException) -> str:
    """The message of the error record of a post a sink could not write."""
    return f"the {target_kind} target cannot hold this record: {type(exc).__name__}: {exc}"


FILE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet", ".sqlite", ".sqlite3", ".db")


def open_sink(target: str, resume: bool):
    is_url = target.startswith(("postgresql://", "postgres://"))
    if target != "-" and not is_url:
        if not target.endswith(FILE_SUFFIXES):
            raise TargetError(f"unsupported target {target!r}")
        _make_parent(Path(target))
    if target == "-" or target.endswith((".jsonl", ".ndjson")):
        from extractor.sinks.jsonl import JsonlSink

        return JsonlSink(target, resume)
    if target.endswith(".csv"):
        from extractor.sinks.csv import CsvSink

        return CsvSink(target, resume)
    if target.endswith(".parquet"):
        from extractor.sinks.parquet import ParquetSink

        return ParquetSink(target, resume)
    if is_url:
        from extractor.sinks.postgres import PostgresSink

        return PostgresSink(target)
    if target.endswith((".sqlite", ".sqlite3", ".db")):
        from extractor.sinks.sqlite import SqliteSink

        return SqliteSink(Path(target))
    raise TargetError(f"unsupported target {target!r}")  # keep in sync with FILE_SUFFIXES


def _make_parent(path: Path) -> None:
    """A target in a folder that does not exist yet gets the folder, as ``mkdir -p`` would."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TargetError(f"cannot create the folder {str(path.parent)!r}: {exc.strerror or exc}", str(path)) from None
