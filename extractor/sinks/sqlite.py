"""SQLite: one row a post in ``documents`` (its own ``post_id``, keyed by its path), its values
in normalized tables that reference it.

A post is upserted on its path: its document row is refreshed (keeping its post_id) and its
child rows are written again, so a second run adds no duplicates and a post whose text changed
replaces its rows. Rows are committed in batches; a kill loses at most the batch in flight,
which ``--resume`` converts again. Each post is written inside a savepoint: a row SQLite
refuses (an integer beyond 64 bits, …) is rolled back alone and becomes an error record of
kind "sink".
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks import SINK_ERROR_KIND, DoneKeys, TargetLayoutError, rejection_message, storable
from extractor.sinks.files import TargetLock
from extractor.sinks.tables import (
    ADDED_COLUMNS,
    CHILD_COLUMNS,
    DIRECT_CHILDREN,
    OldLayoutError,
    added_columns,
    check_layout,
    document_upsert,
    encode,
    errors_upsert,
    keyed,
    quoted,
    schema,
)

BATCH = 200


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection as the tool uses it: foreign keys on (SQLite leaves them off in every new
    connection, and ON DELETE CASCADE needs them), transactions begun explicitly."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _marks(columns: tuple[str, ...]) -> str:
    return ", ".join("?" * len(columns))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqliteSink:
    encode = staticmethod(encode)

    def __init__(self, path: Path) -> None:
        self.lock = TargetLock(path)
        self.db = connect(path)
        try:
            check_layout({name for (_, name, *_) in self.db.execute("PRAGMA table_info(documents)")})
        except OldLayoutError as exc:
            self.db.close()
            self.lock.release()
            raise TargetLayoutError(str(exc), str(path)) from None
        for table in ADDED_COLUMNS:  # before the DDL: its indexes name the added columns
            for statement in added_columns(table, {name for (_, name, *_) in self.db.execute(f"PRAGMA table_info({table})")}):
                self.db.execute(statement)
        self.db.executescript(schema("sqlite"))
        self.db.execute("PRAGMA journal_mode = WAL")
        self.errors_location = f"table errors in {path}"
        self.pending = 0
        self.rejected = 0

    def done_keys(self) -> DoneKeys:
        rows = self.db.execute("SELECT path FROM documents UNION SELECT path FROM errors")
        return DoneKeys(path for (path,) in rows)

    def write(self, outcome: Outcome) -> None:
        if self.pending == 0:
            self.db.execute("BEGIN")
        if outcome.record_json is None:
            self._error(outcome.key, outcome.error_kind, outcome.error_message)
        else:
            self._post(outcome)
        self.pending += 1
        if self.pending >= BATCH:
            self.db.execute("COMMIT")
            self.pending = 0

    def _post(self, outcome: Outcome) -> None:
        """Write one post in a savepoint; a post SQLite refuses becomes an error record."""
        self.db.execute("SAVEPOINT post")
        try:
            self._upsert(outcome.key, outcome.encoded(encode))
        except (sqlite3.IntegrityError, sqlite3.DataError, OverflowError, ValueError, TypeError) as exc:
            # The post's values (not the database: a locked or full disk stops the batch, and --resume goes on)
            self.db.execute("ROLLBACK TO post")
            self.rejected += 1
            self._error(outcome.key, SINK_ERROR_KIND, rejection_message("SQLite", exc))
        self.db.execute("RELEASE post")

    def _error(self, key: str, kind: str | None, message: str | None) -> None:
        key = storable(key)
        self.db.execute("DELETE FROM documents WHERE path = ?", (key,))
        self.db.execute(errors_upsert("?"), (key, kind, storable(message), _now()))

    def _upsert(self, key: str, payload: tuple) -> None:
        document, children = payload
        db = self.db
        (post_id, _), = db.execute(document_upsert(f"VALUES ({_marks(document)})"), keyed(key, document))
        for table in DIRECT_CHILDREN:
            db.execute(f"DELETE FROM {table} WHERE post_id = ?", (post_id,))
        db.execute("DELETE FROM errors WHERE path = ?", (key,))
        for table, rows in children.items():
            columns = CHILD_COLUMNS[table]
            db.executemany(f"INSERT INTO {table} ({quoted(columns)}) VALUES ({_marks(columns)})",
                           [(post_id, *row) for row in rows])

    def close(self, complete: bool) -> None:
        if self.pending:
            self.db.execute("COMMIT")
            self.pending = 0
        self.db.close()
        self.lock.release()
