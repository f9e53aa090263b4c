"""SQLite: one row a post in ``documents``, its values in normalized tables keyed by doc_id.

A post is upserted: its earlier rows (same path, or same text) are deleted with everything
that hangs on them, then written again, so a second run adds no duplicates and a post whose
text changed replaces its rows. Rows are committed in batches; a kill loses at most the
batch in flight, which ``--resume`` converts again.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from extractor.batch import Outcome

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    encoding TEXT, format TEXT, n_chars INTEGER,
    attendee_count INTEGER, attendee_approximate INTEGER,
    venue TEXT, online_platform TEXT, is_online INTEGER NOT NULL,
    record_json TEXT NOT NULL,
    converted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS persons (
    person_id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    full_name TEXT NOT NULL, title TEXT, first_name TEXT, last_name TEXT,
    confidence REAL, source TEXT,
    UNIQUE (doc_id, position)
);
CREATE INDEX IF NOT EXISTS persons_name ON persons(full_name);
CREATE TABLE IF NOT EXISTS roles (
    role_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(person_id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    text TEXT NOT NULL, organization TEXT, source TEXT
);
CREATE INDEX IF NOT EXISTS roles_doc ON roles(doc_id);
CREATE TABLE IF NOT EXISTS organizations (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    name TEXT NOT NULL, PRIMARY KEY (doc_id, name)
);
CREATE TABLE IF NOT EXISTS provinces (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    code TEXT NOT NULL, name_th TEXT NOT NULL, name_en TEXT NOT NULL, mentions INTEGER,
    PRIMARY KEY (doc_id, code)
);
CREATE INDEX IF NOT EXISTS provinces_code ON provinces(code);
CREATE TABLE IF NOT EXISTS times (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start TEXT NOT NULL, "end" TEXT, text TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE IF NOT EXISTS dates (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL, date TEXT, end_date TEXT, year_inferred INTEGER, text TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX IF NOT EXISTS dates_date ON dates(date);
CREATE TABLE IF NOT EXISTS projects (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL, name TEXT NOT NULL, source TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT PRIMARY KEY, kind TEXT NOT NULL, message TEXT, failed_at TEXT NOT NULL
);
"""
BATCH = 200


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqliteSink:
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
            self.db.execute(
                "INSERT INTO errors (path, kind, message, failed_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, message = excluded.message, "
                "failed_at = excluded.failed_at",
                (outcome.key, outcome.error_kind, outcome.error_message, _now()),
            )
        else:
            self._upsert(outcome.key, outcome.record)
        self.pending += 1
        if self.pending >= BATCH:
            self.db.commit()
            self.pending = 0

    def _upsert(self, path: str, r: dict) -> None:
        db = self.db
        doc_id = r["doc_id"]
        db.execute("DELETE FROM documents WHERE path = ? OR doc_id = ?", (path, doc_id))
        db.execute("DELETE FROM errors WHERE path = ?", (path,))
        count, venue, online, source = r["attendee_count"], r["venue"], r["online"], r["source"] or {}
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, path, source.get("encoding"), source.get("format"), source.get("n_chars"),
             count["value"] if count else None, int(count["approximate"]) if count else None,
             venue["text"] if venue else None, online["platform"] if online else None, int(online is not None),
             json.dumps(r, ensure_ascii=False), _now()),
        )
        for position, p in enumerate(r["persons"]):
            person_id = db.execute(
                "INSERT INTO persons (doc_id, position, full_name, title, first_name, last_name, confidence, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, position, p["full_name"], p["title"], p["first_name"], p["last_name"], p["confidence"],
                 p["source"]),
            ).lastrowid
            db.executemany(
                "INSERT INTO roles (person_id, doc_id, text, organization, source) VALUES (?, ?, ?, ?, ?)",
                [(person_id, doc_id, role["text"], role["organization"], role["source"]) for role in p["roles"]],
            )
        db.executemany("INSERT OR IGNORE INTO organizations VALUES (?, ?)",
                       [(doc_id, o["name"]) for o in r["organizations"]])
        db.executemany("INSERT INTO provinces VALUES (?, ?, ?, ?, ?)",
                       [(doc_id, p["code"], p["name_th"], p["name_en"], len(p["mentions"])) for p in r["provinces"]])
        db.executemany("INSERT INTO times VALUES (?, ?, ?, ?, ?)",
                       [(doc_id, i, t["start"], t["end"], t["span"]["text"]) for i, t in enumerate(r["times"])])
        db.executemany("INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?)",
                       [(doc_id, i, d["date"], d["end_date"], int(d["year_inferred"]), d["span"]["text"])
                        for i, d in enumerate(r["dates"])])
        db.executemany("INSERT INTO projects VALUES (?, ?, ?, ?)",
                       [(doc_id, i, p["name"], p["source"]) for i, p in enumerate(r["projects"])])

    def close(self, complete: bool) -> None:
        self.db.commit()
        self.db.close()
