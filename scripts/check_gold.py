"""Check corpus gold records against their posts.

Usage: python scripts/check_gold.py corpus/train [more folders or .json files]

Each problem is printed as ``<gold file>: <problem>``; the exit status is 1 when any was found.
It checks the shape of each gold record (corpus/README.md) and that every string it quotes
can be found in the post as decoded.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geothai
from selectolax.lexbor import LexborHTMLParser as HTMLParser

PROVINCES = {p.name_th for p in geothai.provinces()}
PLATFORMS = {"ZOOM", "Microsoft Teams", "Google Meet", "Cisco Webex", "Video Conference", "LINE",
             "Facebook Live", "YouTube Live", "unnamed"}
ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "cp874"}
KEYS = {"id", "file", "encoding", "format", "persons", "provinces", "times", "dates",
        "attendee_count", "projects", "venue", "online", "event", "notes"}
EVENT_KEYS = {"type", "chair", "host_province", "date", "time", "mode"}
EVENT_TYPES = {"meeting", "training", "seminar", "inspection", "site_visit", "ceremony", "signing", "other"}
MODES = {"in_person", "online", "hybrid"}
KINDS = {"event", "metadata", "other"}
PERSON_KEYS = {"title", "first_name", "last_name", "roles", "organization"}
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ISO = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def post_text(path: Path, encoding: str, fmt: str) -> str:
    raw = path.read_bytes()
    if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("utf-16 file without a BOM")
    if encoding == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError("utf-8-sig file without a BOM")
    text = raw.decode(encoding)
    if fmt == "html":
        text = HTMLParser(text).text(separator=" ")
    return text


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def check(gold_path: Path) -> list[str]:
    problems: list[str] = []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if set(gold) != KEYS:
        problems.append(f"keys differ: missing {KEYS - set(gold)}, extra {set(gold) - KEYS}")
        return problems
    if gold["id"] != gold_path.stem:
        problems.append(f"id {gold['id']!r} is not the file stem")
    if gold["encoding"] not in ENCODINGS:
        problems.append(f"encoding {gold['encoding']!r} not in {ENCODINGS}")
    if gold["format"] not in {"text", "html"}:
        problems.append("format must be text or html")
    post = gold_path.with_name(gold["file"])
    try:
        text = squash(post_text(post, gold["encoding"], gold["format"]))
    except Exception as exc:  # noqa: BLE001 - report any read problem
        return problems + [f"cannot read {post.name}: {exc}"]

    def must_occur(what: str, value: str | None) -> None:
        if value and squash(value) not in text:
            problems.append(f"{what} {value!r} not found in the post")

    for i, person in enumerate(gold["persons"]):
        if set(person) != PERSON_KEYS:
            problems.append(f"person {i} keys differ: {set(person) ^ PERSON_KEYS}")
            continue
        if not person["first_name"]:
            problems.append(f"person {i} has no first_name")
        must_occur("name", (person["title"] or "") + (person["first_name"] or ""))
        must_occur("last_name", person["last_name"])
        for role in person["roles"]:
            must_occur("role", role)
        must_occur("organization", person["organization"])
    for name in gold["provinces"]:
        if name not in PROVINCES:
            problems.append(f"province {name!r} is not a canonical name")
    if len(set(gold["provinces"])) != len(gold["provinces"]):
        problems.append("provinces repeat")
    for t in gold["times"]:
        if not HHMM.match(t.get("start") or "") or (t.get("end") and not HHMM.match(t["end"])):
            problems.append(f"time {t} not HH:MM")
        if t.get("kind") not in KINDS:
            problems.append(f"time {t} kind not in {sorted(KINDS)}")
    for d in gold["dates"]:
        if set(d) != {"date", "end_date", "year_inferred", "kind"} or d["kind"] not in KINDS:
            problems.append(f"date {d} keys differ")
        elif not ISO.match(d["date"] or "") or (d["end_date"] and not ISO.match(d["end_date"])):
            problems.append(f"date {d} not ISO")
    count = gold["attendee_count"]
    if count is not None and (set(count) != {"value", "approximate"} or not isinstance(count["value"], int)):
        problems.append(f"attendee_count {count} malformed")
    for name in gold["projects"]:
        must_occur("project", name)
    must_occur("venue", gold["venue"])
    if gold["online"] is not None and gold["online"] not in PLATFORMS:
        problems.append(f"online {gold['online']!r} not in {sorted(PLATFORMS)}")
    problems += check_event(gold)
    return problems


def check_event(gold: dict) -> list[str]:
    """The event's fields (issue 12) point into the rest of the record: the chair is a gold
    person's given name, the date an event-kind gold date, the time an event-kind gold time."""
    event = gold["event"]
    if set(event) != EVENT_KEYS:
        return [f"event keys differ: {set(event) ^ EVENT_KEYS}"]
    problems = []
    if event["type"] not in EVENT_TYPES:
        problems.append(f"event type {event['type']!r} not in {sorted(EVENT_TYPES)}")
    if event["mode"] not in MODES:
        problems.append(f"event mode {event['mode']!r} not in {sorted(MODES)}")
    if event["chair"] is not None and event["chair"] not in {p["first_name"] for p in gold["persons"]}:
        problems.append(f"event chair {event['chair']!r} is no gold person's first_name")
    if event["host_province"] is not None and event["host_province"] not in PROVINCES:
        problems.append(f"event host_province {event['host_province']!r} is not a canonical name")
    if event["date"] is not None and event["date"] not in {d["date"] for d in gold["dates"] if d["kind"] == "event"}:
        problems.append(f"event date {event['date']!r} is no event-kind gold date")
    if event["time"] is not None and event["time"] not in {t["start"] for t in gold["times"] if t["kind"] == "event"}:
        problems.append(f"event time {event['time']!r} is no event-kind gold time")
    return problems


def gold_files(args: list[str]) -> list[Path]:
    files: list[Path] = []
    for arg in args:
        path = Path(arg)
        files.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    return files


def main(args: list[str]) -> int:
    failed = 0
    files = gold_files(args)
    for gold_path in files:
        for problem in check(gold_path):
            failed += 1
            print(f"{gold_path}: {problem}")
    print(f"{len(files)} gold records, {failed} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
