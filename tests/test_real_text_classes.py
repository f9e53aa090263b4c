"""Classes of error found by reading real posts (issue 11), each held by sentences written for
these tests (no real post is quoted here)."""

from __future__ import annotations

import pytest

import extractor

pytestmark = pytest.mark.issue(11)


def projects(text: str) -> list[str]:
    return [p.name for p in extractor.extract(text).projects]


@pytest.mark.parametrize("text, expected", [
    # ends before the person who follows it
    ("เปิดโครงการอบรมอาสาสมัครดูแลผู้สูงอายุ นายสมพร ใจงาม นายอำเภอบ้านนา กล่าวรายงาน",
     ["โครงการอบรมอาสาสมัครดูแลผู้สูงอายุ"]),
    # ends before a place tail
    ("ตรวจรับงานโครงการก่อสร้างถนนคอนกรีตสายบ้านดอน หมู่ที่ 5 ต.นาดี อ.เมือง จ.ยโสธร",
     ["โครงการก่อสร้างถนนคอนกรีตสายบ้านดอน"]),
    # ends before a year and before the office that owns it
    ("ขับเคลื่อนโครงการชุมชนปลอดภัยไร้อาชญากรรมของสถานีตำรวจภูธรนาดี 2567",
     ["โครงการชุมชนปลอดภัยไร้อาชญากรรม"]),
    # an irrigation office is no project
    ("นายวิชิต แก้วดี ผู้อำนวยการโครงการชลประทานยโสธร ร่วมประชุม", []),
    # "แผนงาน/โครงการ" is generic
    ("ติดตามแผนงาน/โครงการกำกับติดตามงบประมาณ", []),
])
def test_project_name_ends_where_the_name_ends(text, expected):
    assert projects(text) == expected


def test_one_project_written_thrice_is_one_project_in_its_fullest_body_form():
    text = ("อบต.นาดี จัดโครงการหมู่บ้านสะอาด ปลอดขยะ มุ่งสู่ชุมชนน่าอยู่\n"
            "เปิดโครงการ “หมู่บ้านสะอาดปลอดขยะ” ณ ศาลาประชาคม ทั้งนี้ โครงการหมู่บ้านสะอาดฯ จะติดตามผลทุกเดือน")
    assert projects(text) == ["โครงการ “หมู่บ้านสะอาดปลอดขยะ”"]


@pytest.mark.parametrize("text, title, first, last", [
    ("พันโทหญิง วาสนา ดวงดี ผู้อำนวยการกองคลัง เป็นประธาน", "พันโทหญิง", "วาสนา", "ดวงดี"),
    ("ศาสตราจารย์พิเศษ ดร.กิตติ มั่นคง อธิบดี กล่าว", "ศาสตราจารย์พิเศษ ดร.", "กิตติ", "มั่นคง"),
    ("ได้รับเกียรติจาก ฯพณฯ ประเสริฐ ใจงาม มาเป็นประธาน", "ฯพณฯ", "ประเสริฐ", "ใจงาม"),
    ("อ.ดร.สมศรี ทองดี อาจารย์ประจำคณะ บรรยาย", "อ.ดร.", "สมศรี", "ทองดี"),
])
def test_less_common_titles_open_a_name(text, title, first, last):
    person = extractor.extract(text).persons[0]
    assert (person.title, person.first_name, person.last_name) == (title, first, last)


def test_every_platform_is_kept_and_the_brand_answers():
    text = "ประชุมผ่านระบบประชุมทางไกล Zoom Meeting และถ่ายทอดสดทาง Facebook Live"
    record = extractor.extract(text)
    assert record.online.platform == "ZOOM"
    assert [p.name for p in record.online.platforms] == ["Video Conference", "ZOOM", "Facebook Live"]
    assert [text[p.span.start : p.span.end] for p in record.online.platforms] == [
        "ระบบประชุมทางไกล", "Zoom", "ถ่ายทอดสดทาง Facebook"]


@pytest.mark.parametrize("text, platform", [
    ("ประชุมผ่านโปรแกรม Hangouts Meet", "Google Meet"),
    ("ประชุมผ่านระบบ Web Conference", "Video Conference"),
    ("ประชุมผ่านระบบ Cisco Webex Meetings", "Cisco Webex"),
])
def test_named_systems_are_platforms(text, platform):
    assert extractor.extract(text).online.platform == platform


@pytest.mark.parametrize("text, venue", [
    ("ประชุมคณะทำงาน ณ  ห้องประชุมอำเภอนาดี ชั้น 2 โดยมี", "ห้องประชุมอำเภอนาดี ชั้น 2"),
    ("ประชุมคณะทำงาน ณ.หอประชุมอำเภอสองแคว โดยมี", "หอประชุมอำเภอสองแคว"),
    ("วันที่ 2 มีนาคม 2567 ที่ ศูนย์เรียนรู้เกษตรพอเพียงบ้านนา นายสมศักดิ์ ใจดี", "ศูนย์เรียนรู้เกษตรพอเพียงบ้านนา"),
    ("วันที่ 2 มีนาคม 2567 ที่บริเวณลานวัดกลาง เพื่อมอบสิ่งของ", "บริเวณลานวัดกลาง"),
])
def test_venue_cues_as_real_posts_write_them(text, venue):
    assert extractor.extract(text).venue.text == venue


@pytest.mark.parametrize("text", [
    "ส่งตัวอย่างตรวจที่ศูนย์วิทยาศาสตร์การแพทย์ที่ 5 ภายใน 24 ชั่วโมง",  # "at" after a verb: no venue
    "นักเรียนโรงเรียนวิทยาศาสตร์จุฬาภรณราชวิทยาลัย เข้าร่วม",  # "ณ" inside a word
])
def test_no_venue_without_a_place_cue(text):
    assert extractor.extract(text).venue is None


@pytest.mark.parametrize("text, value, approximate", [
    ("มีผู้เข้าร่วมกว่า 2 พันคน", 2000, True),
    ("ผู้เข้าร่วมประชุมหนึ่งร้อยคน", 100, False),
    ("ผู้เข้าอบรม 50-60 คน", 60, True),
    # a limit is no head count; the total wins over the numbers it sums
    ("สำรวจโรงเรียนที่มีนักเรียนต่ำกว่า 60 คน มีผู้เข้าร่วมประชุม 45 คน", 45, False),
    ("ครู 80 คน และผู้ปกครอง 25 คน รวมทั้งสิ้น 105 คน เข้าร่วม", 105, False),
    # monks invited to a ceremony are not its attendees
    ("ร่วมพิธีตักบาตรพระสงฆ์ จำนวน 9 รูป มีข้าราชการเข้าร่วมพิธี 150 คน", 150, False),
    # a quota per unit is no head count; trainees counted after the training are
    ("ผู้เข้าอบรมเป็นครูจาก 12 โรงเรียน โรงเรียนละ 4 คน รวม 48 คน", 48, False),
    ("มีกำลังพลผ่านการฝึกอบรมทั้งสิ้น 120 นาย", 120, False),
])
def test_attendee_count_as_real_posts_write_it(text, value, approximate):
    count = extractor.extract(text).attendee_count
    assert (count.value, count.approximate) == (value, approximate)


@pytest.mark.parametrize("text", ["ผู้เข้าร่วมหลายร้อยคน", "ทั้งสองคนเข้าร่วมประชุม"])
def test_vague_spoken_numbers_are_no_count(text):
    assert extractor.extract(text).attendee_count is None


@pytest.mark.parametrize("text, date, end_date", [
    ("ระหว่างวันจันทร์ที่ 1 ถึงวันพุธที่ 3 เมษายน 2567", "2024-04-01", "2024-04-03"),
    ("ประชุมวันที่ 18-02-2567 เวลา 09.00 น.", "2024-02-18", None),
    ("เมื่อ 18.02.67 ที่ผ่านมา", "2024-02-18", None),
    ("เผยแพร่ 2025-08-28 10:15", "2025-08-28", None),
])
def test_dates_as_real_posts_write_them(text, date, end_date):
    found = extractor.extract(text).dates
    assert [(d.date, d.end_date) for d in found] == [(date, end_date)]


@pytest.mark.parametrize("text", ["ประชุมวันที่ 31 เม.ย. 67", "ประชุมวันที่ 18 ตุลาคม 3563"])
def test_an_impossible_date_gives_no_date_and_a_warning(text):
    record = extractor.extract(text)
    assert record.dates == []
    assert any("impossible date" in w for w in record.warnings)


def test_a_phone_number_is_no_date():
    record = extractor.extract("ติดต่อ โทร 02-141-4000 หรือ 0-2141-4000")
    assert record.dates == [] and record.warnings == []


@pytest.mark.parametrize("text", [
    "ประชุมประจำเดือน โดยมี นายวิชัย ทองดี ผู้อำนวยการกลุ่",  # a role cut in mid-word
    "ประชุมประจำเดือน ณ ห้องประชุมบ",  # a venue cut in mid-word
    "เปิดโครงการส่งเสริมอาชีพเกษตรกรรุ่นใ",  # a project cut in mid-word
])
def test_a_value_cut_by_the_end_of_the_text_is_left_out(text):
    record = extractor.extract(text)
    assert not record.projects and record.venue is None
    assert all(not p.roles for p in record.persons)
    assert any("mid-word" in w for w in record.warnings)


def test_a_post_ending_in_a_whole_value_keeps_it():
    record = extractor.extract("ประชุมประจำเดือน ณ ห้องประชุมอำเภอ")
    assert record.venue.text == "ห้องประชุมอำเภอ" and record.warnings == []


@pytest.mark.parametrize("text, names", [
    ("อธิการบดีมหาวิทยาลัยขอนแก่น เป็นประธาน", ["ขอนแก่น"]),  # one token for the tokenizer
    ("ผู้อำนวยการโรงพยาบาลสกลนคร ร่วมประชุม", ["สกลนคร"]),
    ("เยี่ยมชมตลาดศรีเชียงใหม่ริมโขง", []),  # a district named with ศรี
    ("ป้องกันการแพร่ระบาดของโรค", []),
])
def test_provinces_inside_institution_names(text, names):
    assert [p.name_th for p in extractor.extract(text).provinces] == names


def test_a_bracketed_nickname_used_later_is_the_same_person():
    text = ("นางวิภาวรรณ สุขประเสริฐ (นายกแป้ง) นายกองค์การบริหารส่วนตำบลนาดี เป็นประธานการประชุม\n"
            "โดยนายกแป้ง กล่าวว่า ตำบลจะเดินหน้าคัดแยกขยะต่อไป")
    persons = extractor.extract(text).persons
    assert [p.full_name for p in persons] == ["นางวิภาวรรณ สุขประเสริฐ"]
    assert len(persons[0].mentions) == 2


def test_a_name_glued_inside_a_military_circle_is_no_person():
    text = "กองทัพภาคที่ 1 มีกองพลที่ 1 มณฑลทหารกรุงเทพ กองพลที่ 2 มณฑลนครไชยศรี และกองพลที่ 3 มณฑลกรุงเก่า"
    assert [p.full_name for p in extractor.extract(text).persons] == []


@pytest.mark.parametrize("text, expected", [
    # "อ." as อาจารย์ before a name the tagger knows is a name: the rules' reader adds the surname
    ("โดยมี อ.ธีรวัฒน์ บุญประคอง อาจารย์ประจำสาขาวิชาเคมี เป็นวิทยากร", [("อ.", "ธีรวัฒน์", "บุญประคอง")]),
    # "อ." as อำเภอ before a district's name is no title
    ("ลงพื้นที่ อ.บางพลี จ.สมุทรปราการ เพื่อติดตามการระบายน้ำ", []),
])
def test_an_ambiguous_title_opens_a_name_but_not_a_district(text, expected):
    persons = extractor.extract(text).persons
    assert [(p.title, p.first_name, p.last_name) for p in persons] == expected


def test_the_tagger_takes_no_piece_of_a_company_name_it_starts_inside():
    text = "ศูนย์ฝึกอบรมแห่งใหม่นี้ได้รับการสนับสนุนจากบริษัท ชไนเดอร์ อิเล็คทริค ประเทศไทย"
    assert [p.full_name for p in extractor.extract(text).persons] == []
