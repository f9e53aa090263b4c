"""Persons the title rule alone missed: untitled names, glued ranks, shorter title stacks.

Every sentence here was written for these tests; the names are made up from PyThaiNLP's
name lists, so each case checks the rule, not a memorized example.
"""

from __future__ import annotations

import pytest

from extractor import extract


def _names(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(p.title, p.first_name, p.last_name) for p in extract(text).persons]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An untitled given name and surname, before a role.
        ("ที่ประชุมมี ธนากร วงษ์สุวรรณ์ รองนายกรัฐมนตรี ร่วมด้วย",
         [(None, "ธนากร", "วงษ์สุวรรณ์")]),
        # A given name glued to the word before it, then its surname.
        ("ทีมงานของอดีตอธิบดีทวีศักดิ์ เสสะเวช ลงพื้นที่", [(None, "ทวีศักดิ์", "เสสะเวช")]),
        # A title glued to the word before it still opens a name when it is an abbreviation.
        ("แต่งตั้งแทนพ.ต.ต.สุริยา คงมั่น ที่ย้ายไป", [("พ.ต.ต.", "สุริยา", "คงมั่น")]),
        # The longest title stack leaves no name: นางสาว + "ิณี" is นาง + สาวิณี.
        ("นางสาวิณี ทองมา กล่าวว่า", [("นาง", "สาวิณี", "ทองมา")]),
        # A title inside a failed one: "น.พ.ญ." after a time is "น." and then พ.ญ.
        ("เวลา 20.20 น.พ.ญ.สุรภี ใจงาม แถลง", [("พ.ญ.", "สุรภี", "ใจงาม")]),
        # "นายกอบ…" is a name, "นายกอบต." a mayor.
        ("นายกอบศักดิ์ ทองดี และนายกอบต.หนองแวง", [("นาย", "กอบศักดิ์", "ทองดี")]),
        # A familiar prefix and a given name.
        ("ครูวิภา สอนหนังสือมานาน", [("ครู", "วิภา", None)]),
        # A written-out air force rank.
        ("พลอากาศเอก ประจิน ทองคำ เป็นประธาน", [("พลอากาศเอก", "ประจิน", "ทองคำ")]),
    ],
)
def test_finds(text: str, expected: list) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        # Given names that are also common words, alone: a day, peace, a period.
        ("วัน จันทร์ที่ 5 มีการประชุม", "วัน"),
        ("ขอให้เกิดสันติภาพ ในพื้นที่", "สันติภาพ"),
        ("ช่วงท้าย ที่ประชุมได้ร่วมกันกำหนดแนวทาง", "ช่วง"),
        # Abbreviations and group words after a familiar prefix.
        ("สภ.เมือง ร่วมกับ อบต.หนองแวง", "สภ"),
        ("น้องๆ นักเรียนเข้าร่วม 50 คน", "นักเรียน"),
    ],
)
def test_leaves_common_words_alone(text: str, not_a_name: str) -> None:
    assert not_a_name not in [first for _, first, _ in _names(text)]


def test_a_phrase_of_common_words_is_no_surname() -> None:
    assert _names("นายกฯ สั่ง สมคิด เรียกประชุม") == [(None, "สมคิด", None)]


def test_bare_given_name_found_earlier_with_a_title_merges() -> None:
    record = extract("นายเนติ วงศ์ใหญ่ ประธานชมรม กล่าวว่า ... ต่อมาเนติ ได้มอบรางวัล และ เนติ กล่าวปิด")
    persons = [p for p in record.persons if p.first_name == "เนติ"]
    assert len(persons) == 1
    assert len(persons[0].mentions) >= 2
