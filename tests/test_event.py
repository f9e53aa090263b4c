"""The event a post reports and the kind of every date and time (issue 12), held by sentences
written for these tests, and the event's columns in every target."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys

import pytest

import extractor
from extractor.sinks.tables import ADDED_COLUMNS, schema
from tests.archive import write_posts
from tests.conftest import ROOT, new_database

pytestmark = pytest.mark.issue(12)


def event(text: str):
    record = extractor.extract(text)
    chair = record.persons[record.event.chair].full_name if record.event.chair is not None else None
    return record, chair


@pytest.mark.parametrize("text, kind", [
    ("นายสมชาย ใจดี นายอำเภอนาดี เป็นประธานการประชุมคณะกรรมการหมู่บ้าน", "meeting"),
    # the training a ceremony opens is the event
    ("นางสาวกานดา ศรีสุข พัฒนาการจังหวัด เป็นประธานในพิธีเปิดการฝึกอบรมอาชีพการทำขนม", "training"),
    ("มหาวิทยาลัยจัดสัมมนาวิชาการเรื่องการจัดการน้ำ", "seminar"),
    ("ผู้ว่าราชการจังหวัดลงพื้นที่ตรวจติดตามการก่อสร้างฝายกั้นน้ำ", "inspection"),
    ("นายอำเภอลงพื้นที่เยี่ยมบ้านผู้สูงอายุที่อยู่ลำพัง", "site_visit"),
    ("พิธีลงนามบันทึกข้อตกลงความร่วมมือระหว่างเทศบาลกับโรงเรียน", "signing"),
    ("ผู้ว่าราชการจังหวัดเป็นประธานในพิธีวางพวงมาลาเนื่องในวันปิยมหาราช", "ceremony"),
    # a meeting room names no meeting; a delegation is no handing-over
    ("ปลัดอำเภอมอบหมายให้เจ้าหน้าที่ออกหน่วยบริการประชาชน ณ ห้องประชุมอำเภอ", "other"),
])
def test_event_type_from_the_lead(text, kind):
    record, _ = event(text)
    assert record.event.type == kind
    assert record.event.type_span is not None or kind == "other"


@pytest.mark.parametrize("text, chair", [
    # the person a strong cue names, not the one the lead names first
    ("นายวิชัย ทองดี ร่วมประชุม โดยมี นายประสงค์ ใจงาม รองผู้ว่าราชการจังหวัดสุรินทร์ เป็นประธาน", "นายประสงค์ ใจงาม"),
    # the first of a listed group leads it
    (("นายธวัช สุขใจ ผู้ว่าราชการจังหวัดน่าน พร้อมด้วย นายเกษม ดีมาก และนายสุรพล มั่นคง รองผู้ว่าราชการจังหวัดน่าน "
      "ลงพื้นที่ตรวจติดตามการแจกจ่ายน้ำ"), "นายธวัช สุขใจ"),
    ("กิจกรรมปลูกป่าชายเลน นำโดย นางพรรณี รักษ์ไทย นายกเทศมนตรีตำบลบางปู", "นางพรรณี รักษ์ไทย"),
    # a delegated official ran it
    ("นายมานพ ศรีเมือง ประมงจังหวัด มอบหมายให้ นางสาวอรพิน แก้วใส ประมงอำเภอ ออกตรวจเรือประมง", "นางสาวอรพิน แก้วใส"),
    # one who only took part chaired nothing
    ("นายสมหมาย ใจเย็น ปลัดอำเภอ เข้าร่วมประชุมผ่านระบบ Zoom", None),
])
def test_event_chair(text, chair):
    assert event(text)[1] == chair


def test_event_host_province_from_the_venue_and_a_district():
    record, _ = event("ประชุมคณะทำงาน ณ ห้องประชุมที่ว่าการอำเภอบางพลี ผู้แทนจากจังหวัดชลบุรีและระยองร่วมประชุม")
    assert record.event.host_province == "TH-11"  # บางพลี is in สมุทรปราการ
    record, _ = event("สำนักงานเกษตรจังหวัดยโสธร จัดประชุม ณ ห้องประชุมสำนักงาน ชั้น 2")
    assert record.event.host_province == "TH-35"


def test_an_online_meeting_of_a_region_names_no_host():
    record, _ = event("ประชุมผ่านระบบ Zoom ร่วมกับจังหวัดเชียงใหม่ ลำพูน ลำปาง และแม่ฮ่องสอน")
    assert (record.event.host_province, record.event.mode) == (None, "online")


def test_event_mode():
    assert event("ประชุมผ่านระบบ Zoom ณ ห้องประชุมศาลากลางจังหวัดตาก")[0].event.mode == "hybrid"
    assert event("ประชุม ณ ห้องประชุมศาลากลางจังหวัดตาก")[0].event.mode == "in_person"


def test_date_kinds_stamp_event_and_deadline():
    text = ("อบต.นาดี ประชุมประจำเดือน\n"
            "เผยแพร่เมื่อ 6 มีนาคม 2567 | อ่าน 120 ครั้ง\n"
            "วันที่ 5 มีนาคม 2567 เวลา 09.30 น. นายสมพร ดีงาม นายก อบต.นาดี เป็นประธานการประชุม "
            "ให้ทุกหมู่บ้านส่งแผนภายในวันที่ 20 มีนาคม 2567")
    record, chair = event(text)
    assert [(d.date, d.kind) for d in record.dates] == [
        ("2024-03-06", "metadata"), ("2024-03-05", "event"), ("2024-03-20", "other")]
    assert (record.event.date, record.event.time, chair) == ("2024-03-05", "09:30", "นายสมพร ดีงาม")


def test_a_stamp_date_written_again_in_the_body_is_the_events():
    text = "17/07/2567 16:05\nวันพุธที่ 17 กรกฎาคม 2567 เวลา 10.00 น. จัดหางานจังหวัดจัดประชุมนายจ้าง"
    record, _ = event(text)
    assert [(d.date, d.kind) for d in record.dates] == [("2024-07-17", "event")]
    assert record.dates[0].span.text == "17 กรกฎาคม 2567"  # the body's mention, not the stamp
    assert [(t.start, t.kind) for t in record.times] == [("16:05", "metadata"), ("10:00", "event")]


def test_a_post_without_an_event_cue_is_other_and_validates():
    record, chair = event("ข่าวประชาสัมพันธ์ทั่วไป")
    assert (record.event.type, chair, record.event.date) == ("other", None, None)


# The event's columns in the targets.

def run_batch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "batch", *args, "--no-progress", "--jobs", "1"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)


def test_event_columns_in_sqlite_and_csv(tmp_path):
    write_posts(tmp_path / "posts", 3, bad_slots=())
    out = tmp_path / "out.sqlite"
    assert run_batch(str(tmp_path / "posts"), "--out", str(out)).returncode == 0
    db = sqlite3.connect(out)
    rows = db.execute("SELECT event_type, event_chair, event_chair_position, event_host_province, event_date, "
                      "event_mode, record FROM documents").fetchall()
    chairs = db.execute("SELECT full_name FROM documents d JOIN persons p ON p.post_id = d.post_id "
                        "AND p.position = d.event_chair_position").fetchall()
    kinds = db.execute("SELECT DISTINCT kind FROM dates").fetchall()
    db.close()
    assert len(rows) == 3 and len(chairs) == 3
    for event_type, chair, position, province, date, mode, record in rows:
        # generated posts: "<name> <role> เป็นประธานการประชุม… ณ ห้องประชุมศาลากลางจังหวัด<province>"
        assert (event_type, mode) == ("meeting", "in_person") and chair and position == 0
        assert province.startswith("TH-") and date[:2] == "20" and province in record
    assert kinds == [("event",)]
    assert run_batch(str(tmp_path / "posts"), "--out", str(tmp_path / "out.csv")).returncode == 0
    table = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert {row["event_type"] for row in table} == {"meeting"} and all(row["event_chair"] for row in table)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_database_of_schema_1_2_gets_the_event_columns(tmp_path, request, kind):
    """A database written before the event columns existed takes new posts: the columns are added."""
    dialect = "postgresql" if kind == "postgres" else "sqlite"
    # Today's tables less the columns schema 1.3 added (and their indexes): what 1.2 left.
    older = [f"DROP INDEX IF EXISTS documents_{name}" for name in ADDED_COLUMNS["documents"]]
    older += [f'ALTER TABLE {table} DROP COLUMN "{name}"' for table, columns in ADDED_COLUMNS.items() for name in columns]
    if kind == "postgres":
        import psycopg

        out = new_database(request.getfixturevalue("postgres_url"))
        with psycopg.connect(out, autocommit=True) as db:
            db.execute(schema(dialect))
            for statement in older:
                db.execute(statement)
            assert "event_type" not in {c for (c,) in db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'")}
    else:
        out = str(tmp_path / "old.sqlite")
        db = sqlite3.connect(out)
        db.executescript(schema(dialect))
        for statement in older:
            db.execute(statement)
        assert "event_type" not in {name for (_, name, *_) in db.execute("PRAGMA table_info(documents)")}
        db.close()
    write_posts(tmp_path / "posts", 2, bad_slots=())
    result = run_batch(str(tmp_path / "posts"), "--out", out)
    assert result.returncode == 0, result.stderr
    query = "SELECT count(*) FROM documents WHERE event_type = 'meeting' AND event_host_province IS NOT NULL"
    if kind == "postgres":
        import psycopg

        with psycopg.connect(out) as db:
            assert db.execute(query).fetchone()[0] == 2
    else:
        db = sqlite3.connect(out)
        assert db.execute(query).fetchone()[0] == 2
        db.close()
