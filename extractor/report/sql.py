"""The report's figures from the SQLite and PostgreSQL tables (``sinks/tables.py``), counted by
the database: one GROUP BY a chart, the same SQL for both (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing

from extractor.report import (
    ATTENDEE_BINS,
    TOP,
    Counts,
    Figures,
    ReportTargetError,
    Summary,
    attendee_bin_labels,
    charts,
    named_codes,
)

# The event's columns another version adds to ``documents``; each chart uses its own when present.
EVENT_COLUMNS = ("event_type", "event_chair", "event_host_province", "event_date", "event_mode")

Query = Callable[[str], list[tuple]]

FIRST_DATES = """
SELECT substr(d.date, 1, 7) AS month, count(*) FROM dates d
JOIN (SELECT post_id, min(position) AS position FROM dates WHERE date IS NOT NULL GROUP BY post_id) f
  ON d.post_id = f.post_id AND d.position = f.position
GROUP BY month ORDER BY month
"""
EVENT_MONTHS = """
SELECT substr(event_date, 1, 7) AS month, count(*) FROM documents WHERE event_date IS NOT NULL
GROUP BY month ORDER BY month
"""
PROVINCES_NAMED = """
SELECT code || ' ' || min(name_en), count(*) AS n FROM provinces GROUP BY code ORDER BY n DESC, code LIMIT 77
"""
HOST_PROVINCES = """
SELECT event_host_province, count(*) AS n FROM documents WHERE event_host_province IS NOT NULL
GROUP BY event_host_province ORDER BY n DESC, event_host_province
"""


def _ranked(column: str, table: str, where: str = "") -> str:
    """The ``TOP`` most frequent values of ``column``, most first (ties by value, for a stable page)."""
    where = f"WHERE {column} IS NOT NULL" + (f" AND {where}" if where else "")
    return f"SELECT {column}, count(*) AS n FROM {table} {where} GROUP BY {column} ORDER BY n DESC, {column} LIMIT {TOP}"


def _attendee_bins() -> str:
    cases = " ".join(f"WHEN attendee_count < {bound} THEN {i}" for i, bound in enumerate(ATTENDEE_BINS[1:]))
    return (f"SELECT CASE {cases} ELSE {len(ATTENDEE_BINS) - 1} END AS bin, count(*) FROM documents "
            f"WHERE attendee_count >= {ATTENDEE_BINS[0]} GROUP BY bin ORDER BY bin")


def _connect(target: str, kind: str):
    if kind == "sqlite":
        import sqlite3
        from pathlib import Path

        return sqlite3.connect(f"{Path(target).resolve().as_uri()}?mode=ro", uri=True)
    import psycopg

    return psycopg.connect(target)


def _columns(query: Query, kind: str) -> set[str]:
    if kind == "sqlite":
        return {row[1] for row in query("PRAGMA table_info(documents)")}
    return {row[0] for row in query("SELECT column_name FROM information_schema.columns "
                                    "WHERE table_name = 'documents' AND table_schema = current_schema()")}


def summarize(target: str, kind: str) -> Summary:
    with closing(_connect(target, kind)) as db:
        def query(sql: str) -> list[tuple]:
            cursor = db.cursor()
            cursor.execute(sql)
            return cursor.fetchall()

        columns = _columns(query, kind)
        if "post_id" not in columns:
            raise ReportTargetError("no documents table of extract batch", target)
        return _summary(target, query, columns)


def _has_values(query: Query, columns: set[str], column: str) -> bool:
    return column in columns and query(f"SELECT count({column}) FROM documents")[0][0] > 0


def _pairs(rows: list[tuple]) -> Counts:
    return [(str(label), int(n)) for label, n in rows]


def _summary(target: str, query: Query, columns: set[str]) -> Summary:
    event = {c: _has_values(query, columns, c) for c in EVENT_COLUMNS}
    modes = (query("SELECT event_mode, count(*) FROM documents GROUP BY event_mode ORDER BY event_mode")
             if event["event_mode"] else
             [("online" if online else "in person", n)
              for online, n in query("SELECT is_online, count(*) FROM documents GROUP BY is_online ORDER BY is_online")])
    bins = dict(query(_attendee_bins()))
    figures = Figures(
        months=_pairs(query(EVENT_MONTHS if event["event_date"] else FIRST_DATES)),
        provinces=(named_codes(_pairs(query(HOST_PROVINCES))) if event["event_host_province"]
                   else _pairs(query(PROVINCES_NAMED))),
        modes=[(str(m or "unknown"), int(n)) for m, n in modes],
        platforms=_pairs(query(_ranked("online_platform", "documents"))),
        roles=_pairs(query(_ranked("text", "roles"))),
        people=_pairs(query(_ranked("event_chair", "documents") if event["event_chair"]
                            else _ranked("full_name", "persons"))),
        attendees=[(label, int(bins.get(i, 0))) for i, label in enumerate(attendee_bin_labels())],
        projects=_pairs(query(_ranked("name", "projects"))),
        event_types=_pairs(query(_ranked("event_type", "documents"))) if event["event_type"] else [],
        month_from_event=event["event_date"], province_from_event=event["event_host_province"],
        mode_from_event=event["event_mode"], chair_from_event=event["event_chair"],
    )
    converted = query("SELECT count(*) FROM documents")[0][0]
    failed = _pairs(query("SELECT kind, count(*) AS n FROM errors GROUP BY kind ORDER BY n DESC, kind"))
    return Summary(target, int(converted), failed, charts(figures))
