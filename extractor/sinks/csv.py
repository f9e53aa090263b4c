"""CSV: one row a post, UTF-8 with a BOM so that spreadsheets show the Thai. Lists are joined
with " | "; line breaks inside values become spaces, so a row is always one line (which is
what lets ``--resume`` drop a row cut by a kill). Errors go to ``<stem>.errors.csv``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from extractor.batch import Outcome
from extractor.sinks.files import PartialFile
from extractor.sinks.jsonl import errors_path

COLUMNS = ["doc_id", "path", "encoding", "format", "persons", "roles", "organizations", "provinces",
           "province_codes", "times", "dates", "attendee_count", "attendee_approximate", "projects",
           "venue", "online_platform", "is_online"]
ERROR_COLUMNS = ["path", "kind", "message"]
JOIN = " | "


def _line(values: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        ["" if v is None else str(v).replace("\r", " ").replace("\n", " ") for v in values]
    )
    return out.getvalue()


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
    ]


def encode(record_json: str) -> str:
    """The CSV line of a record (runs in the batch workers)."""
    return _line(_row(json.loads(record_json)))


class CsvSink:
    encode = staticmethod(encode)

    def __init__(self, target: str, resume: bool) -> None:
        path = Path(target)
        self.records = PartialFile(path, resume, header="\ufeff" + _line(COLUMNS) + "\n")
        self.errors = PartialFile(errors_path(path, ".csv"), resume, header="\ufeff" + _line(ERROR_COLUMNS) + "\n")

    def done_keys(self) -> set[str]:
        keys = set()
        for rows, column in ((self.records.rows, COLUMNS.index("path")), (self.errors.rows, 0)):
            keys |= {fields[column] for fields in csv.reader(rows) if len(fields) > column}
        return keys

    def write(self, outcome: Outcome) -> None:
        if outcome.record_json is not None:
            self.records.write_line(outcome.encoded(encode))
        else:
            self.errors.write_line(_line([outcome.key, outcome.error_kind, outcome.error_message]))

    def close(self, complete: bool) -> None:
        self.records.close(complete)
        self.errors.close(complete)
