"""Roles, organizations and name boundaries: the error classes a review of real government
posts found (issue 11).

Every sentence here was written for these tests (names and offices made up); each checks a
rule, not a memorized post.
"""

from __future__ import annotations

import pytest

from extractor import extract


def _roles(text: str) -> dict[str, list[str]]:
    return {p.first_name: [r.text for r in p.roles] for p in extract(text).persons}


def _orgs(text: str) -> dict[str, list[str | None]]:
    return {p.first_name: [r.organization for r in p.roles] for p in extract(text).persons}


def _names(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(p.title, p.first_name, p.last_name) for p in extract(text).persons]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # An acting role after a first role, with a space: a role of its own.
        (
            "นายสมปอง ดีงาม รองผู้ว่าราชการจังหวัดตราด รักษาราชการแทนผู้ว่าราชการจังหวัดตราด เป็นประธาน",
            "สมปอง",
            ["รองผู้ว่าราชการจังหวัดตราด", "รักษาราชการแทนผู้ว่าราชการจังหวัดตราด"],
        ),
        # ... glued to the first role.
        (
            "นางวิไล ศรีสุข รองอธิบดีกรมปศุสัตว์รักษาราชการแทนอธิบดีกรมปศุสัตว์ กล่าวว่า",
            "วิไล",
            ["รองอธิบดีกรมปศุสัตว์", "รักษาราชการแทนอธิบดีกรมปศุสัตว์"],
        ),
        # An acting role as the only role.
        (
            "นายเอกชัย มั่นคง รักษาการในตำแหน่งผู้อำนวยการโรงพยาบาลบ้านนา กล่าวว่า",
            "เอกชัย",
            ["รักษาการในตำแหน่งผู้อำนวยการโรงพยาบาลบ้านนา"],
        ),
        # A representative stands for the acting office: one role.
        ("นายธีระ ใจงาม ผู้แทนรักษาราชการแทนอธิการบดีมหาวิทยาลัยบ้านนา กล่าว", "ธีระ", ["ผู้แทนรักษาราชการแทนอธิการบดีมหาวิทยาลัยบ้านนา"]),
        # "และ" inside an office's name that no province or number has closed: no split.
        (
            "นายสุชาติ คำดี ผู้อำนวยการสำนักงานส่งเสริมและพัฒนาการเกษตรที่ 7 เป็นประธาน",
            "สุชาติ",
            ["ผู้อำนวยการสำนักงานส่งเสริมและพัฒนาการเกษตรที่ 7"],
        ),
        # ... while two roles joined by "และ" still split.
        (
            "นายสุชาติ คำดี ผู้อำนวยการสำนักงานเกษตรจังหวัดตราดและประธานชมรมผู้สูงอายุ เป็นประธาน",
            "สุชาติ",
            ["ผู้อำนวยการสำนักงานเกษตรจังหวัดตราด", "ประธานชมรมผู้สูงอายุ"],
        ),
        # A role read on over " จำกัด" and over " เขต ๓".
        ("นายมานพ รักดี ประธานกรรมการสหกรณ์การเกษตรบ้านนา จำกัด กล่าวว่า", "มานพ", ["ประธานกรรมการสหกรณ์การเกษตรบ้านนา จำกัด"]),
        (
            "นายมานพ รักดี ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตราด เขต ๓ กล่าวว่า",
            "มานพ",
            ["ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาตราด เขต ๓"],
        ),
        # An office number after "ที่" is no head count, and the province after it belongs to it.
        ("นายมานพ รักดี ผู้อำนวยการศูนย์วิจัยข้าวที่ 4 จังหวัดตราด กล่าวว่า", "มานพ", ["ผู้อำนวยการศูนย์วิจัยข้าวที่ 4 จังหวัดตราด"]),
        # A role ends before "และคณะ" and before "ทำหน้าที่…", which opens a role of its own.
        ("พ.ต.อ.ชาญ ยิ่งยง รองผู้บังคับการตำรวจภูธรจังหวัดตราดและคณะ ลงพื้นที่", "ชาญ", ["รองผู้บังคับการตำรวจภูธรจังหวัดตราด"]),
        ("ร.ต.อ.ชาญ ยิ่งยง สารวัตรจราจรทำหน้าที่หัวหน้าชุดตรวจ กล่าวว่า", "ชาญ", ["สารวัตรจราจร", "หัวหน้าชุดตรวจ"]),
        # Police abbreviations and offices the word list lacked.
        ("ร.ต.อ.ปกรณ์ สุขใจ รอง สวป. พร้อมกำลัง", "ปกรณ์", ["รอง สวป."]),
        ("พล.อ.ประเสริฐ มั่นคง องคมนตรี เดินทางมา", "ประเสริฐ", ["องคมนตรี"]),
        ("นายบุญมี ทองดี ปศุสัตว์เขต 7 เป็นประธาน", "บุญมี", ["ปศุสัตว์เขต 7"]),
    ],
)
def test_roles(text: str, name: str, expected: list[str]) -> None:
    assert _roles(text)[name] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # A bare role, then an abbreviated office: role + organization.
        ("พล.อ.สมศักดิ์ ทองมา เลขาธิการ กอ.รมน. เป็นประธาน", "สมศักดิ์", ["กอ.รมน."]),
        ("นางพรทิพย์ สายใจ รองเลขาธิการ สผ. เข้าร่วมประชุม", "พรทิพย์", ["สผ."]),
        # A group of people after a role is who came along, not the person's office.
        ("นายมานพ รักดี ประธานชมรมผู้สูงอายุ คณะเจ้าหน้าที่และสมาชิกชมรม ร่วมกิจกรรม", "มานพ", [None]),
        # A title after an abbreviated office is the next person, not an organization.
        ("นายมานพ รักดี อธิการบดี ดร.สมชาย ใจดี คณบดี", "มานพ", [None]),
    ],
)
def test_organizations(text: str, name: str, expected: list) -> None:
    assert _orgs(text)[name] == expected


def test_acting_office_keeps_its_abbreviated_office() -> None:
    """ "ปฏิบัติหน้าที่นายก อบจ.ตราด": the acting mayor's office reads on like the mayor's."""
    assert _roles("นายวีระ ใจดี ปฏิบัติหน้าที่นายก อบจ.ตราด กล่าวว่า")["วีระ"] == ["ปฏิบัติหน้าที่นายก อบจ.ตราด"]


@pytest.mark.parametrize(
    "text",
    [
        # "นาง" inside a place's name: after a police station's or a district's abbreviation,
        # and inside a school's name.
        "ตำรวจ สน.นางเลิ้ง ทหารพราน ร่วมตรวจ",
        "ณ โรงเรียนเสนางคนิคม อ.เสนางคนิคม",
        # "นายก" and a word that is whole by itself: the mayor's nickname, no title.
        "#นายกหน่อย เปิดงานอบรม",
    ],
)
def test_no_title_inside_a_word(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Still names: a title after a place word and a common word, a hashtag before a name,
        # and "นายก" + letters that read on.
        ("ทีมงานพรรคแทนนายสมัคร ทองดี ลงพื้นที่", [("นาย", "สมัคร", "ทองดี")]),
        ("#นางยลดา ใจงาม เปิดงาน", [("นาง", "ยลดา", "ใจงาม")]),
        ("พบกับนายกล้านรงค์ จันทร์ดี แล้ว", [("นาย", "กล้านรงค์", "จันทร์ดี")]),
    ],
)
def test_titles_kept(text: str, expected: list) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # "ในฐานะ" glued inside a segment splits two roles and belongs to neither.
        (
            "นายสมชาย ใจดี ผู้อำนวยการสำนักพัฒนาชุมชนในฐานะหัวหน้าศูนย์ข้อมูล กล่าวว่า",
            "สมชาย",
            ["ผู้อำนวยการสำนักพัฒนาชุมชน", "หัวหน้าศูนย์ข้อมูล"],
        ),
        # A "และ" glued to a role's end joins the next person.
        ("นายสมชาย ใจดี ประธานชมรมจังหวัดตราดและ ดร.สมศักดิ์ ทองมา ร่วมงาน", "สมชาย", ["ประธานชมรมจังหวัดตราด"]),
        # "และ" + a group of people after a role: who came along, no further role.
        (
            "นพ.สมชาย ใจดี นายแพทย์สาธารณสุขจังหวัดตราด และคณะกรรมการควบคุมโรคจังหวัดตราด เข้าร่วม",
            "สมชาย",
            ["นายแพทย์สาธารณสุขจังหวัดตราด"],
        ),
        # A nickname in brackets between the name and the role.
        ("นางสมศรี ใจดี (นายกแดง) นายกองค์การบริหารส่วนจังหวัดตราด เป็นประธาน", "สมศรี", ["นายกองค์การบริหารส่วนจังหวัดตราด"]),
        # A surname glued to a long form of a mayor's office is cut there.
        ("นางสมศรี ใจดีนายกองค์การบริหารส่วนตำบลบ้านนา กล่าวว่า", "สมศรี", ["นายกองค์การบริหารส่วนตำบลบ้านนา"]),
        # A village head's office abbreviation after a space; a former office; an abbreviated
        # permanent secretary.
        ("นายสมชาย ใจดี กำนัน ต.บ้านนา กล่าวว่า", "สมชาย", ["กำนัน ต.บ้านนา"]),
        ("นายสมชาย ใจดี อดีตรัฐมนตรีว่าการกระทรวงพาณิชย์ กล่าวว่า", "สมชาย", ["อดีตรัฐมนตรีว่าการกระทรวงพาณิชย์"]),
        ("นายสมชาย ใจดี ปกท.ทส. เป็นประธาน", "สมชาย", ["ปกท.ทส."]),
        # "ณ" + a word that is no known particle is still the surname when a role follows.
        ("พ.ต.อ.สมชาย ณ บ้านนา รองผู้บังคับการตำรวจภูธรจังหวัดตราด เป็นประธาน", "สมชาย", ["รองผู้บังคับการตำรวจภูธรจังหวัดตราด"]),
    ],
)
def test_more_roles(text: str, name: str, expected: list[str]) -> None:
    assert _roles(text)[name] == expected


def test_abbreviated_university_is_an_organization() -> None:
    """ "มทร." opens an institution's name (place_heads.txt), yet after a bare role it is the office."""
    assert _orgs("รศ.ดร.สมชาย ใจดี อธิการบดี มทร.บ้านนา เป็นประธาน")["สมชาย"] == ["มทร.บ้านนา"]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # A role ends where the next person's name is glued to it ...
        ("นายสมชาย ใจดี ปลัดจังหวัดตราดนายสมศักดิ์ ทองมา นายอำเภอเมือง", "สมชาย", ["ปลัดจังหวัดตราด"]),
        # ... but a title word inside a place's name is no name: the role reads on.
        ("นายสมชาย ใจดี ผู้กำกับการสถานีตำรวจภูธรนางรอง ตลอดจนเจ้าหน้าที่", "สมชาย", ["ผู้กำกับการสถานีตำรวจภูธรนางรอง"]),
        # A role ending in a word that wants the body's name takes the next segment.
        ("นายสมชาย ใจดี กรรมการผู้จัดการบริษัท ผ้าดีงาม จำกัด กล่าวว่า", "สมชาย", ["กรรมการผู้จัดการบริษัท ผ้าดีงาม จำกัด"]),
        ("นายสมชาย ใจดี เลขานุการคณะกรรมการ ศพก.บ้านนา กล่าวว่า", "สมชาย", ["เลขานุการคณะกรรมการ ศพก.บ้านนา"]),
    ],
)
def test_role_extent(text: str, name: str, expected: list[str]) -> None:
    assert _roles(text)[name] == expected


def test_abbreviated_office_after_a_longer_role() -> None:
    orgs = _orgs("นางสมศรี ใจดี หัวหน้าฝ่ายกิจการพลเรือน กอ.รมน.จังหวัดตราด กล่าวว่า")
    assert orgs["สมศรี"] == ["กอ.รมน.จังหวัดตราด"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A reign title ("…มงกุฎเกล้าเจ้าอยู่หัว") names no royal person.
        ("ในสมัยพระบาทสมเด็จพระมงกุฎเกล้าเจ้าอยู่หัว ทรงก่อตั้ง", []),
        # The king's name written with a space inside it is still the named king.
        ("พระบาทสมเด็จพระปรมินทรมหาภูมิพล อดุลยเดช ทรงพระราชทาน", [("พระบาทสมเด็จพระ", "ปรมินทรมหาภูมิพล อดุลยเดช", None)]),
    ],
)
def test_royals(text: str, expected: list) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A monk's temple is no surname; his role after the temple is still his.
        ("พระครูสุนทรธรรมโกวิท วัดป่าแดง เจ้าคณะอำเภอเมือง กล่าว", [("พระครู", "สุนทรธรรมโกวิท", None, ["เจ้าคณะอำเภอเมือง"])]),
        ("โดยมีหลวงพ่อสมชาย วัดบ้านนา เป็นประธานสงฆ์", [("หลวงพ่อ", "สมชาย", None, [])]),
        # A given name may begin with "วัด".
        ("นายวัดชัย ทองมา เป็นประธาน", [("นาย", "วัดชัย", "ทองมา", [])]),
    ],
)
def test_monks(text: str, expected: list) -> None:
    found = [(p.title, p.first_name, p.last_name, [r.text for r in p.roles]) for p in extract(text).persons]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A credit before the name, with or without a colon; the surname may open with a stop word.
        ("ประชุมเสร็จสิ้น\nข่าวโดย : มานี มีนา\n", [(None, "มานี", "มีนา")]),
        ("ประชุมเสร็จสิ้น\nภาพ/ข่าว สมชายวงศ์ศักดิ์ มีสุขสวัสดิ์ ทีมข่าวภาคกลาง\n", [(None, "สมชายวงศ์ศักดิ์", "มีสุขสวัสดิ์")]),
        # A credit after the name.
        ("ประชุมเสร็จสิ้น\nสมหญิง ทองมาก ถ่ายภาพ/รายงาน", [(None, "สมหญิง", "ทองมาก")]),
        # A unit's credit is no name.
        ("ประชุมเสร็จสิ้น\nข่าว/ภาพ : งานประชาสัมพันธ์ โรงพยาบาลบ้านนา\n", []),
        # An office before a credit word is no name.
        ("ประชุมเสร็จสิ้น\nผู้ว่าราชการ จังหวัด ถ่ายภาพ", []),
    ],
)
def test_bylines(text: str, expected: list) -> None:
    assert _names(text) == expected


def test_bracketed_abbreviation_between_two_roles() -> None:
    roles = _roles("พล.อ.สมชาย ใจดี ผู้บัญชาการทหารบก(ผบ.ทบ.) ในฐานะ รองผู้อำนวยการศูนย์ป้องกันภัย กล่าวว่า")
    assert roles["สมชาย"] == ["ผู้บัญชาการทหารบก", "รองผู้อำนวยการศูนย์ป้องกันภัย"]


def test_role_before_a_bracketed_name() -> None:
    roles = _roles("โดยมี นายอำเภอบ้านนา (นายสมชาย ใจดี) เป็นประธาน")
    assert roles["สมชาย"] == ["นายอำเภอบ้านนา"]


def test_role_before_a_name_splits_on_and() -> None:
    roles = _roles("โดยมี รองนายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงพาณิชย์ (นายสมชาย ใจดี) เป็นประธาน")
    assert roles["สมชาย"] == ["รองนายกรัฐมนตรี", "รัฐมนตรีว่าการกระทรวงพาณิชย์"]
