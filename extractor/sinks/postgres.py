"""PostgreSQL (a ``postgresql://`` URL): the tables of the SQLite sink, bulk-loaded with COPY
and upserted on ``doc_id``.

Outcomes are buffered and written a batch at a time, in one transaction: the batch's
documents are copied into a temporary table and upserted into ``documents`` (rows of the same
path with other text are deleted first, so a changed post replaces its rows); their child
rows are deleted and copied again. A kill loses at most the batch in flight, which
``--resume`` converts again.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from extractor.batch import Outcome

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    encoding TEXT, format TEXT, n_chars INTEGER,
    attendee_count INTEGER, attendee_approximate BOOLEAN,
    venue TEXT, online_platform TEXT, is_online BOOLEAN NOT NULL,
    record JSONB NOT NULL,
    converted_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS persons (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    full_name TEXT NOT NULL, title TEXT, first_name TEXT, last_name TEXT,
    confidence REAL, source TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX IF NOT EXISTS persons_name ON persons(full_name);
CREATE TABLE IF NOT EXISTS roles (
    doc_id TEXT NOT NULL,
    person_position INTEGER NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL, organization TEXT, source TEXT,
    PRIMARY KEY (doc_id, person_position, position),
    FOREIGN KEY (doc_id, person_position) REFERENCES persons(doc_id, position) ON DELETE CASCADE
);
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
    position INTEGER NOT NULL, date TEXT, end_date TEXT, year_inferred BOOLEAN, text TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX IF NOT EXISTS dates_date ON dates(date);
CREATE TABLE IF NOT EXISTS projects (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL, name TEXT NOT NULL, source TEXT,
    PRIMARY KEY (doc_id, position)
);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT PRIMARY KEY, kind TEXT NOT NULL, message TEXT, failed_at TIMESTAMPTZ NOT NULL
);
"""
DOCUMENT_COLUMNS = ("doc_id", "path", "encoding", "format", "n_chars", "attendee_count", "attendee_approximate",
                    "venue", "online_platform", "is_online", "record", "converted_at")
CHILDREN = {
    "persons": ("doc_id", "position", "full_name", "title", "first_name", "last_name", "confidence", "source"),
    "roles": ("doc_id", "person_position", "position", "text", "organization", "source"),
    "organizations": ("doc_id", "name"),
    "provinces": ("doc_id", "code", "name_th", "name_en", "mentions"),
    "times": ("doc_id", "position", "start", "end", "text"),
    "dates": ("doc_id", "position", "date", "end_date", "year_inferred", "text"),
    "projects": ("doc_id", "position", "name", "source"),
}
BATCH = 500


def _child_rows(r: dict) -> dict[str, list[tuple]]:
    doc_id = r["doc_id"]
    persons = r["persons"]
    return {
        "persons": [(doc_id, i, p["full_name"], p["title"], p["first_name"], p["last_name"], p["confidence"],
                     p["source"]) for i, p in enumerate(persons)],
        "roles": [(doc_id, i, j, role["text"], role["organization"], role["source"])
                  for i, p in enumerate(persons) for j, role in enumerate(p["roles"])],
        "organizations": list(dict.fromkeys((doc_id, o["name"]) for o in r["organizations"])),
        "provinces": [(doc_id, p["code"], p["name_th"], p["name_en"], len(p["mentions"])) for p in r["provinces"]],
        "times": [(doc_id, i, t["start"], t["end"], t["span"]["text"]) for i, t in enumerate(r["times"])],
        "dates": [(doc_id, i, d["date"], d["end_date"], d["year_inferred"], d["span"]["text"])
                  for i, d in enumerate(r["dates"])],
        "projects": [(doc_id, i, p["name"], p["source"]) for i, p in enumerate(r["projects"])],
    }


def _document_row(path: str, r: dict, now: datetime) -> tuple:
    source, count, venue, online = r["source"] or {}, r["attendee_count"], r["venue"], r["online"]
    return (r["doc_id"], path, source.get("encoding"), source.get("format"), source.get("n_chars"),
            count["value"] if count else None, count["approximate"] if count else None,
            venue["text"] if venue else None, online["platform"] if online else None, online is not None,
            json.dumps(r, ensure_ascii=False), now)


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{n}"' for n in names)


class PostgresSink:
    def __init__(self, url: str) -> None:
        import psycopg

        self.db = psycopg.connect(url, autocommit=True)  # each batch is its own transaction()
        with self.db.transaction():
            self.db.execute(SCHEMA)
        self.records: dict[str, dict] = {}
        self.errors: dict[str, tuple] = {}

    def done_keys(self) -> set[str]:
        return {path for (path,) in self.db.execute("SELECT path FROM documents UNION SELECT path FROM errors")}

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records[outcome.key] = outcome.record
        else:
            self.errors[outcome.key] = (outcome.error_kind, outcome.error_message)
        if len(self.records) + len(self.errors) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.records and not self.errors:
            return
        now = datetime.now(timezone.utc)
        # Two files with the same text are one document: the last one read wins.
        by_doc = {r["doc_id"]: (path, r) for path, r in self.records.items()}
        with self.db.transaction(), self.db.cursor() as cur:
            paths = [path for path, _ in by_doc.values()] + list(self.errors)
            cur.execute("DELETE FROM documents WHERE path = ANY(%s) AND NOT doc_id = ANY(%s)",
                        (paths, list(by_doc)))
            cur.execute("DELETE FROM errors WHERE path = ANY(%s)", (list(self.records),))
            cur.execute("CREATE TEMP TABLE incoming (LIKE documents) ON COMMIT DROP")
            with cur.copy(f"COPY incoming ({_columns(DOCUMENT_COLUMNS)}) FROM STDIN") as copy:
                for path, r in by_doc.values():
                    copy.write_row(_document_row(path, r, now))
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in DOCUMENT_COLUMNS if c != "doc_id")
            cur.execute(f"INSERT INTO documents SELECT * FROM incoming ON CONFLICT (doc_id) DO UPDATE SET {updates}")
            cur.execute("DELETE FROM persons WHERE doc_id = ANY(%s)", (list(by_doc),))
            for table in ("organizations", "provinces", "times", "dates", "projects"):
                cur.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%s)", (list(by_doc),))
            rows: dict[str, list[tuple]] = {table: [] for table in CHILDREN}
            for _, r in by_doc.values():
                for table, found in _child_rows(r).items():
                    rows[table] += found
            for table, columns in CHILDREN.items():
                with cur.copy(f"COPY {table} ({_columns(columns)}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
            cur.executemany(
                "INSERT INTO errors (path, kind, message, failed_at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, message = excluded.message, "
                "failed_at = excluded.failed_at",
                [(path, kind, message, now) for path, (kind, message) in self.errors.items()],
            )
            cur.execute("DELETE FROM documents WHERE path = ANY(%s)", (list(self.errors),))
        self.records.clear()
        self.errors.clear()

    def close(self, complete: bool) -> None:
        self._flush()
        self.db.close()
