"""SQLite: one row a post in ``documents``, its values in normalized tables keyed by doc_id.

A post is upserted: its earlier rows (same path, or same text) are deleted with everything
that hangs on them, then written again, so a second run adds no duplicates and a post whose
text changed replaces its rows. Rows are committed in batches; a kill loses at most the
batch in flight, which ``--resume`` converts again.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks.tables import CHILD_COLUMNS, DOCUMENT_COLUMNS, SCHEMA, encode, errors_upsert, quoted

BATCH = 200


def _marks(columns: tuple[str, ...]) -> str:
    return ", ".join("?" * len(columns))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqliteSink:
    encode = staticmethod(encode)

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(SCHEMA)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.pending = 0

    def done_keys(self) -> set[str]:
        rows = self.db.execute("SELECT path FROM documents UNION SELECT path FROM errors")
        return {path for (path,) in rows}

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is None:
            self.db.execute("DELETE FROM documents WHERE path = ?", (outcome.key,))
            self.db.execute(errors_upsert("?"), (outcome.key, outcome.error_kind, outcome.error_message, _now()))
        else:
            self._upsert(outcome.key, outcome.encoded(encode))
        self.pending += 1
        if self.pending >= BATCH:
            self.db.commit()
            self.pending = 0

    def _upsert(self, path: str, payload: tuple) -> None:
        doc_id, document, children = payload
        db = self.db
        db.execute("DELETE FROM documents WHERE path = ? OR doc_id = ?", (path, doc_id))
        db.execute("DELETE FROM errors WHERE path = ?", (path,))
        db.execute(f"INSERT INTO documents ({quoted(DOCUMENT_COLUMNS)}) VALUES ({_marks(DOCUMENT_COLUMNS)})", document)
        for table, rows in children.items():
            columns = CHILD_COLUMNS[table]
            db.executemany(f"INSERT INTO {table} ({quoted(columns)}) VALUES ({_marks(columns)})", rows)

    def close(self, complete: bool) -> None:
        self.db.commit()
        self.db.close()
