"""PostgreSQL (a ``postgresql://`` URL): the tables of ``tables.py``, bulk-loaded with COPY
and upserted on the post's path.

Outcomes are buffered and written a batch at a time, in one transaction: the batch's
documents are copied into a temporary table and upserted into ``documents`` (each post keeps
its post_id); their child rows are deleted and copied again. A kill loses at most the batch
in flight, which ``--resume`` converts again. When PostgreSQL refuses the batch (a count
beyond BIGINT, …) its posts are written again one at a time, and each one refused becomes an
error record of kind "sink". PostgreSQL text cannot hold NUL: every NUL becomes U+FFFD (one
character for one, so spans still match).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

from extractor.batch import Outcome
from extractor.sinks import SINK_ERROR_KIND, DoneKeys, TargetBusyError, TargetLayoutError, rejection_message, storable
from extractor.sinks.tables import (
    ADDED_COLUMNS,
    CHILD_COLUMNS,
    DIRECT_CHILDREN,
    DOCUMENT_COLUMNS,
    OldLayoutError,
    added_columns,
    check_layout,
    document_upsert,
    encode_record,
    errors_upsert,
    keyed,
    quoted,
    schema,
)

BATCH = 500
# Any constant, the same in every run: the session lock that lets one batch at a time write a
# database (PostgreSQL drops it with the connection, so a killed run never blocks the next).
WRITER_LOCK = 0x65787472616374
NUL, REPLACEMENT = "\x00", "\ufffd"


def without_nul(value):
    """``value`` (JSON data) with every NUL in its strings replaced."""
    if isinstance(value, str):
        return value.replace(NUL, REPLACEMENT)
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    return value


def refused() -> tuple[type[Exception], ...]:
    """What PostgreSQL or psycopg raise for a post's values. A lost connection or a deadlock
    (OperationalError) is no fault of the post: it stops the batch, and --resume goes on."""
    import psycopg

    return (psycopg.DataError, psycopg.IntegrityError, ValueError, TypeError, OverflowError)


def encode(record_json: str) -> tuple[tuple, dict[str, list[tuple]]]:
    """(document row, child rows) of a record, NUL-free (runs in the batch workers)."""
    record = json.loads(record_json)
    if "\\u0000" in record_json:  # JSON writes a NUL only so; a rare case, so the walk is rare too
        record = without_nul(record)
    return encode_record(record, datetime.now(timezone.utc).isoformat(timespec="seconds"))


class PostgresSink:
    encode = staticmethod(encode)

    def __init__(self, url: str, claim: bool = True) -> None:
        """:param claim: take the writer lock and make the tables (False: a Dask worker's
            connection, writing for the client that did)."""
        import psycopg

        self.url = url
        self.db = psycopg.connect(url, autocommit=True)  # each batch is its own transaction()
        self.records: dict[str, tuple] = {}
        self.errors: dict[str, tuple] = {}
        self.rejected = 0
        if claim:
            self._claim()

    def _claim(self) -> None:
        where = f"{self.db.info.dbname} on {self.db.info.host}"
        if not self.db.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_LOCK,)).fetchone()[0]:
            self.db.close()
            raise TargetBusyError("another batch is writing this database", where)
        columns = self.db.execute("SELECT column_name FROM information_schema.columns "
                                  "WHERE table_schema = current_schema() AND table_name = 'documents'")
        try:
            check_layout({name for (name,) in columns})
        except OldLayoutError as exc:
            self.db.close()
            raise TargetLayoutError(str(exc), where) from None
        with self.db.transaction():
            for table in ADDED_COLUMNS:  # before the DDL: its indexes name the added columns
                existing = self.db.execute("SELECT column_name FROM information_schema.columns "
                                           "WHERE table_schema = current_schema() AND table_name = %s", (table,))
                for statement in added_columns(table, {name for (name,) in existing}):
                    self.db.execute(statement)
            self.db.execute(schema("postgresql"))
        self.errors_location = f"table errors in {where}"

    def parallel(self) -> PostgresPartWriter:
        """What a Dask worker calls to load a partition."""
        return PostgresPartWriter(self.url)

    def done_keys(self) -> DoneKeys:
        return DoneKeys(path for (path,) in self.db.execute("SELECT path FROM documents UNION SELECT path FROM errors"))

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records[outcome.key] = outcome.encoded(encode)
        else:
            self.errors[storable(outcome.key)] = (outcome.error_kind, storable(outcome.error_message))
        if len(self.records) + len(self.errors) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        records, errors = dict(self.records), dict(self.errors)
        self.records.clear()
        self.errors.clear()
        try:
            self._write(records, errors)
            return
        except refused():
            if not records:
                raise
        # Find the posts PostgreSQL refuses: each alone.
        for key, payload in records.items():
            try:
                self._write({key: payload}, {})
            except refused() as exc:
                self.rejected += 1
                errors[storable(key)] = (SINK_ERROR_KIND, storable(rejection_message("PostgreSQL", exc)))
        self._write({}, errors)

    def _write(self, records: dict[str, tuple], errors: dict[str, tuple]) -> None:
        """Write posts and error records in one transaction (all or nothing)."""
        if not records and not errors:
            return
        now = datetime.now(timezone.utc)
        with self.db.transaction(), self.db.cursor() as cur:
            if records:
                cur.execute("DELETE FROM errors WHERE path = ANY(%s)", (list(records),))
                ids = self._documents(cur, records)
                for table in DIRECT_CHILDREN:
                    cur.execute(f"DELETE FROM {table} WHERE post_id = ANY(%s)", (list(ids.values()),))
                for table, columns in CHILD_COLUMNS.items():
                    with cur.copy(f"COPY {table} ({quoted(columns)}) FROM STDIN") as copy:
                        for key, (_, children) in records.items():
                            for row in children[table]:
                                copy.write_row((ids[key], *row))
            if errors:
                cur.execute("DELETE FROM documents WHERE path = ANY(%s)", (list(errors),))
                cur.executemany(errors_upsert("%s"), [(without_nul(path), kind, without_nul(message), now)
                                                      for path, (kind, message) in errors.items()])

    def _documents(self, cur, records: dict[str, tuple]) -> dict[str, int]:
        """Upsert the document rows; the post_id of each key."""
        cur.execute(f"CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT {quoted(DOCUMENT_COLUMNS)} "
                    "FROM documents WITH NO DATA")
        with cur.copy(f"COPY incoming ({quoted(DOCUMENT_COLUMNS)}) FROM STDIN") as copy:
            for key, (document, _) in records.items():
                copy.write_row(keyed(key, document))
        cur.execute(document_upsert(f"SELECT {quoted(DOCUMENT_COLUMNS)} FROM incoming"))
        return {path: post_id for post_id, path in cur.fetchall()}

    def close(self, complete: bool) -> None:
        self._flush()
        self.db.close()


# One connection per worker thread, kept across partitions (a connection costs more than a partition's COPY).
_CONNECTIONS = threading.local()


@dataclass(frozen=True)
class PostgresPartWriter:
    """Loads one partition's posts and error records (runs in a Dask worker)."""

    url: str

    def __call__(self, name: str, outcomes: list[Outcome]) -> int:
        """Write the partition (``name`` unused: the upsert makes a retry harmless); returns how
        many records PostgreSQL refused (error records now)."""
        sinks = getattr(_CONNECTIONS, "sinks", None)
        if sinks is None:
            sinks = _CONNECTIONS.sinks = {}
        sink = sinks.get(self.url)
        if sink is None or sink.db.closed:
            sink = sinks[self.url] = PostgresSink(self.url, claim=False)
        before = sink.rejected
        try:
            for outcome in outcomes:
                sink.write(outcome)
            sink._flush()
        except BaseException:
            sinks.pop(self.url, None)  # a broken connection is not kept; the buffer goes with it
            sink.db.close()
            raise
        return sink.rejected - before
