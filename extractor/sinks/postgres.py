"""PostgreSQL (a ``postgresql://`` URL): the tables of ``tables.py``, bulk-loaded with COPY
and upserted on ``doc_id``.

Outcomes are buffered and written a batch at a time, in one transaction: the batch's
documents are copied into a temporary table and upserted into ``documents`` (rows of the same
path with other text are deleted first, so a changed post replaces its rows); their child
rows are deleted and copied again. A kill loses at most the batch in flight, which
``--resume`` converts again.
"""

from __future__ import annotations

from datetime import datetime, timezone

from extractor.batch import Outcome
from extractor.sinks.tables import CHILD_COLUMNS, DOCUMENT_COLUMNS, SCHEMA, encode, errors_upsert, quoted

BATCH = 500


class PostgresSink:
    encode = staticmethod(encode)

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
            self.records[outcome.key] = outcome.encoded(encode)
        else:
            self.errors[outcome.key] = (outcome.error_kind, outcome.error_message)
        if len(self.records) + len(self.errors) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.records and not self.errors:
            return
        now = datetime.now(timezone.utc)
        # Two files with the same text are one document: the last one read wins.
        by_doc = {payload[0]: (path, payload) for path, payload in self.records.items()}
        with self.db.transaction(), self.db.cursor() as cur:
            paths = [path for path, _ in by_doc.values()] + list(self.errors)
            cur.execute("DELETE FROM documents WHERE path = ANY(%s) AND NOT doc_id = ANY(%s)",
                        (paths, list(by_doc)))
            cur.execute("DELETE FROM errors WHERE path = ANY(%s)", (list(self.records),))
            cur.execute("CREATE TEMP TABLE incoming (LIKE documents) ON COMMIT DROP")
            with cur.copy(f"COPY incoming ({quoted(DOCUMENT_COLUMNS)}) FROM STDIN") as copy:
                for _, (_, document, _) in by_doc.values():
                    copy.write_row(document)
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in DOCUMENT_COLUMNS if c != "doc_id")
            cur.execute(f"INSERT INTO documents SELECT * FROM incoming ON CONFLICT (doc_id) DO UPDATE SET {updates}")
            cur.execute("DELETE FROM persons WHERE doc_id = ANY(%s)", (list(by_doc),))
            for table in ("organizations", "provinces", "times", "dates", "projects"):
                cur.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%s)", (list(by_doc),))
            rows: dict[str, list[tuple]] = {table: [] for table in CHILD_COLUMNS}
            for _, (_, _, children) in by_doc.values():
                for table, found in children.items():
                    rows[table] += found
            for table, columns in CHILD_COLUMNS.items():
                with cur.copy(f"COPY {table} ({quoted(columns)}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
            cur.executemany(
                errors_upsert("%s"),
                [(path, kind, message, now) for path, (kind, message) in self.errors.items()],
            )
            cur.execute("DELETE FROM documents WHERE path = ANY(%s)", (list(self.errors),))
        self.records.clear()
        self.errors.clear()

    def close(self, complete: bool) -> None:
        self._flush()
        self.db.close()
