"""The rows of the database tables, shared by the SQLite and PostgreSQL sinks.

A record becomes one ``documents`` row and rows of ``persons``, ``roles``, ``organizations``,
``provinces``, ``times``, ``dates`` and ``projects``, keyed by ``doc_id`` (and a position
where a record has a list). One DDL serves both databases: SQLite takes PostgreSQL's type
names (JSONB, BOOLEAN, TIMESTAMPTZ) as column affinities.
"""

from __future__ import annotations

import json

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
CHILD_COLUMNS = {
    "persons": ("doc_id", "position", "full_name", "title", "first_name", "last_name", "confidence", "source"),
    "roles": ("doc_id", "person_position", "position", "text", "organization", "source"),
    "organizations": ("doc_id", "name"),
    "provinces": ("doc_id", "code", "name_th", "name_en", "mentions"),
    "times": ("doc_id", "position", "start", "end", "text"),
    "dates": ("doc_id", "position", "date", "end_date", "year_inferred", "text"),
    "projects": ("doc_id", "position", "name", "source"),
}


def document_row(path: str, r: dict, converted_at) -> tuple:
    source, count, venue, online = r["source"] or {}, r["attendee_count"], r["venue"], r["online"]
    return (r["doc_id"], path, source.get("encoding"), source.get("format"), source.get("n_chars"),
            count["value"] if count else None, count["approximate"] if count else None,
            venue["text"] if venue else None, online["platform"] if online else None, online is not None,
            json.dumps(r, ensure_ascii=False), converted_at)


def child_rows(r: dict) -> dict[str, list[tuple]]:
    """The rows of every child table for one record, in ``CHILD_COLUMNS`` order."""
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


def encode(record_json: str) -> tuple[str, tuple, dict[str, list[tuple]]]:
    """(doc_id, document row, child rows) of a record (runs in the batch workers; the time of
    conversion is the worker's clock)."""
    from datetime import datetime, timezone

    r = json.loads(record_json)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return r["doc_id"], document_row(r["source"]["path"] if r["source"] else "", r, now), child_rows(r)


def errors_upsert(mark: str) -> str:
    """Insert or refresh an error record; ``mark`` is the driver's placeholder ("?" or "%s")."""
    return (f"INSERT INTO errors (path, kind, message, failed_at) VALUES ({mark}, {mark}, {mark}, {mark}) "
            "ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, message = excluded.message, "
            "failed_at = excluded.failed_at")


def quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{n}"' for n in names)
