"""Decoding real files in real encodings, HTML reduction, and bad input."""

from __future__ import annotations

import codecs

import pytest

from extractor import extract_file
from extractor.decode import decode_bytes, read_path
from extractor.errors import BinaryInputError, DecodeError, EmptyInputError, MissingPathError, NotAFileError
from extractor.html import html_to_text

POST = "นางสาวกนกพร แสงทอง พัฒนาการจังหวัดยโสธร ประชุม “ติดตามงาน” เมื่อ 5 ก.ย. 65 เวลา 09.00 น. – 12.00 น."

ENCODINGS = [
    ("utf-8", POST.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + POST.encode("utf-8")),
    ("utf-16", POST.encode("utf-16")),  # Python writes a BOM
    ("utf-16", codecs.BOM_UTF16_BE + POST.encode("utf-16-be")),
    ("cp874", POST.encode("cp874")),
]


@pytest.mark.issue(2)
@pytest.mark.parametrize(("encoding", "raw"), ENCODINGS, ids=[e for e, _ in ENCODINGS[:3]] + ["utf-16-be", "cp874"])
def test_decode_encodings_from_real_files(tmp_path, encoding, raw):
    path = tmp_path / "post.txt"
    path.write_bytes(raw)
    decoded = read_path(path)
    assert (decoded.text, decoded.encoding, decoded.format) == (POST, encoding, "text")
    record = extract_file(path)
    assert record.source.encoding == encoding
    assert record.persons[0].full_name == "นางสาวกนกพร แสงทอง"
    assert [(t.start, t.end) for t in record.times] == [("09:00", "12:00")]


@pytest.mark.issue(2)
def test_decode_short_cp874_is_not_misread():
    assert decode_bytes("ประชุม".encode("cp874")).text == "ประชุม"


PAGE = """<!DOCTYPE html><html><head><title>ข่าว</title><script>var x = "นายปลอม ไม่มีจริง";</script></head>
<body><header><nav><a href="/">หน้าแรก</a> <a>จังหวัดเชียงใหม่</a></nav></header>
<aside class="sidebar">ข่าวล่าสุด จังหวัดน่าน</aside>
<article><h1>ประชุมคณะทำงาน</h1><p>นาย<strong>สมชาย</strong> ใจดี นายอำเภอเมืองยโสธร</p>
<p>เป็นประธาน&nbsp;ณ ห้องประชุม 1</p><div class="share">แชร์ Facebook</div></article>
<footer>© สำนักงานจังหวัดลำปาง</footer></body></html>"""


@pytest.mark.issue(2)
def test_html_page_reduced_to_article(tmp_path):
    path = tmp_path / "post.html"
    path.write_text(PAGE, encoding="utf-8")
    record = extract_file(path)
    assert record.source.format == "html"
    assert [p.full_name for p in record.persons] == ["นายสมชาย ใจดี"]
    assert [p.name_th for p in record.provinces] == ["ยโสธร"]  # menus, sidebar and footer dropped
    text = read_path(path).text
    assert text.splitlines()[0] == "ประชุมคณะทำงาน"
    assert "แชร์" not in text and "นายปลอม" not in text


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>เว็บไซต์สำนักงาน</title><item><title>อบรมอาสาสมัคร</title>
<content:encoded><![CDATA[<p>นางวิไล ทองดี ปลัดอำเภอ บรรยาย</p>

มีผู้เข้าร่วม 40 คน]]></content:encoded></item></channel></rss>"""


@pytest.mark.issue(2)
def test_html_wordpress_export():
    decoded = decode_bytes(WXR.encode("utf-8"), "post.xml")
    assert decoded.format == "html"
    assert decoded.text.splitlines() == ["อบรมอาสาสมัคร", "นางวิไล ทองดี ปลัดอำเภอ บรรยาย", "มีผู้เข้าร่วม 40 คน"]


@pytest.mark.issue(2)
def test_html_inline_tags_do_not_break_words():
    assert html_to_text("<html><body><p>นาย<b>สม</b>ชาย</p></body></html>") == "นายสมชาย"


BAD = [
    ("empty", b"", EmptyInputError),
    ("blank", b"  \n\t ", EmptyInputError),
    ("binary", bytes(range(256)) * 4, BinaryInputError),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, BinaryInputError),
    ("undecodable", "ประชุม".encode("cp874") + b"\xdb\xfc\xfd\xfe", DecodeError),
    ("cp874-with-junk", "ประชุมวันนี้ที่จังหวัด".encode("cp874") * 3 + b"\xdb", DecodeError),
    ("truncated-utf8", "สวัสดีครับ ประชุม".encode("utf-8")[:-1] + b"abc", DecodeError),
    ("latin1", b"Meeting in caf\xe9 today with people", DecodeError),
    ("utf16-odd", codecs.BOM_UTF16_LE + b"\x41", DecodeError),
]


@pytest.mark.issue(2)
@pytest.mark.parametrize(("name", "raw", "error"), BAD, ids=[b[0] for b in BAD])
def test_decode_bad_bytes_raise_named_errors(tmp_path, name, raw, error):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(raw)
    with pytest.raises(error):
        read_path(path)


@pytest.mark.issue(2)
def test_decode_missing_and_directory(tmp_path):
    with pytest.raises(MissingPathError):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(NotAFileError):
        read_path(tmp_path)
