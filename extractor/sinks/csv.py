"""CSV: one row a post, UTF-8 with a BOM so that spreadsheets show the Thai. Lists are joined
with " | "; booleans are ``true`` / ``false``; a value with a line break is quoted and kept
whole (a row ends at a line break outside quotes, which is what lets ``--resume`` drop a row
cut by a kill). A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return
or ``'`` gets a ``'`` in front (OWASP's rule against formula injection; the quote of a cell
that began with one keeps the rule reversible): drop one leading ``'`` to get the value back.
Errors go to ``<stem>.errors.csv``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks import DoneKeys, storable
from extractor.sinks.files import PartialFile, TargetLock
from extractor.sinks.jsonl import errors_path

COLUMNS = ["doc_id", "path", "encoding", "format", "persons", "roles", "organizations", "provinces",
           "province_codes", "times", "dates", "attendee_count", "attendee_approximate", "projects",
           "venue", "online_platform", "is_online", "event_type", "event_chair", "event_host_province",
           "event_date", "event_time", "event_mode"]
ERROR_COLUMNS = ["path", "kind", "message"]
JOIN = " | "
# What a spreadsheet reads as the start of a formula (OWASP CSV injection), and our own escape.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def cell(value) -> str:
    """The text of one CSV cell.

    >>> [cell(v) for v in (None, True, 12, "=1+1", "'a", "ขอนแก่น")]
    ['', 'true', '12', "'=1+1", "''a", 'ขอนแก่น']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # what DuckDB, PostgreSQL and spreadsheets read as booleans
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def uncell(text: str) -> str:
    """The value of a cell's text (undoes ``cell`` for text)."""
    return text.removeprefix("'")


def _line(values: list) -> str:
    out = io.StringIO()
    # The writer quotes a cell holding a character of its line terminator, so "\r\n" makes it
    # quote every cell with a line break; the row's own terminator is added by the file.
    csv.writer(out, lineterminator="\r\n").writerow([cell(v) for v in values])
    return out.getvalue().removesuffix("\r\n")


def whole_rows(text: str) -> list[str]:
    """The whole CSV rows of ``text``: a line break ends a row only outside quotes (an even
    count of quotes before it, since a quote inside a cell is doubled); the rest was cut."""
    rows, pending = [], None
    for piece in text.split("\n")[:-1]:
        row = piece if pending is None else pending + "\n" + piece
        if row.count('"') % 2:
            pending = row
        else:
            pending = None
            if row:
                rows.append(row)
    return rows


def _row(r: dict) -> list:
    source, count, venue, online = r["source"] or {}, r["attendee_count"], r["venue"], r["online"]
    return [
        r["doc_id"], source.get("path"), source.get("encoding"), source.get("format"),
        JOIN.join(p["full_name"] for p in r["persons"]),
        JOIN.join(f"{p['full_name']}: {role['text']}" for p in r["persons"] for role in p["roles"]),
        JOIN.join(o["name"] for o in r["organizations"]),
        JOIN.join(p["name_th"] for p in r["provinces"]),
        JOIN.join(p["code"] for p in r["provinces"]),
        JOIN.join(t["start"] + (f"-{t['end']}" if t["end"] else "") for t in r["times"]),
        JOIN.join((d["date"] or "?") + (f"/{d['end_date']}" if d["end_date"] else "") for d in r["dates"]),
        count["value"] if count else None, count["approximate"] if count else None,
        JOIN.join(p["name"] for p in r["projects"]),
        venue["text"] if venue else None, online["platform"] if online else None, online is not None,
        *_event_cells(r),
    ]


def _event_cells(r: dict) -> list:
    """type, chair (full name), host province code, date, time, mode of the record's event."""
    event = r.get("event")
    if event is None:
        return [None] * 6
    chair = r["persons"][event["chair"]]["full_name"] if event["chair"] is not None else None
    return [event["type"], chair, event["host_province"], event["date"], event["time"], event["mode"]]


def encode(record_json: str) -> str:
    """The CSV line of a record (runs in the batch workers)."""
    return _line(_row(json.loads(record_json)))


class CsvSink:
    encode = staticmethod(encode)
    rejected = 0  # a CSV cell holds any text

    def __init__(self, target: str, resume: bool) -> None:
        path = Path(target)
        self.lock = TargetLock(path)
        self.records = PartialFile(path, resume, header="\ufeff" + _line(COLUMNS) + "\n", rows=whole_rows)
        self.errors = PartialFile(errors_path(path, ".csv"), resume, header="\ufeff" + _line(ERROR_COLUMNS) + "\n",
                                  rows=whole_rows)
        self.errors_location = str(self.errors.path)

    def done_keys(self) -> DoneKeys:
        keys = set()
        for rows, column in ((self.records.rows, COLUMNS.index("path")), (self.errors.rows, 0)):
            reader = csv.reader(io.StringIO("".join(row + "\n" for row in rows), newline=""))
            keys |= {uncell(fields[column]) for fields in reader if len(fields) > column}
        return DoneKeys(keys)

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records.write_line(outcome.encoded(encode))
        else:
            self.errors.write_line(_line([storable(outcome.key), outcome.error_kind, storable(outcome.error_message)]))

    def close(self, complete: bool) -> None:
        self.records.close(complete)
        self.errors.close(complete)
        self.lock.release()
