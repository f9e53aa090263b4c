"""Generated archives of posts for the batch tests and benchmark: real files in real encodings.

Posts are built from a few sentence patterns with names, provinces, dates and counts drawn by
a seeded random generator, so every post has different text. Exactly 3% are bad: empty, binary
or corrupt (bytes that are no encoding of Thai).
"""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ["สมชาย", "กนกพร", "วรพล", "อัจฉรา", "ธีรวัฒน์", "ปวีณา", "สุรเชษฐ์", "มาลัย", "ณัฐพล", "ศิริพร"]
LAST = ["ใจดี", "แสงทอง", "ศรีสุวรรณ", "บุญมา", "ทองคำ", "มีสุข", "วงศ์ใหญ่", "พรหมมา", "แก้วมณี", "สายทอง"]
TITLES = ["นาย", "นาง", "นางสาว", "ดร.", "ผศ.ดร."]
ROLES = ["พัฒนาการจังหวัด", "นายอำเภอเมือง", "รองผู้ว่าราชการจังหวัด", "ปลัดจังหวัด", "เกษตรจังหวัด"]
PROVINCES = ["ขอนแก่น", "มหาสารคาม", "ร้อยเอ็ด", "กาฬสินธุ์", "ยโสธร", "ลำปาง", "ชลบุรี", "สงขลา"]
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน"]
# Body sentences, so that a post is about the size of a real one (about 3,000 characters, like the seed post).
BODY = [
    "ที่ประชุมได้รับฟังรายงานผลการดำเนินงานไตรมาสที่ผ่านมาและพิจารณาแนวทางการขับเคลื่อนงานในพื้นที่",
    "ผู้เข้าร่วมประชุมได้แลกเปลี่ยนความคิดเห็นเกี่ยวกับปัญหาอุปสรรคและข้อเสนอแนะในการปฏิบัติงาน",
    "ประธานได้เน้นย้ำให้ทุกหน่วยงานบูรณาการการทำงานร่วมกันและรายงานผลให้จังหวัดทราบเป็นประจำทุกเดือน",
    "ฝ่ายเลขานุการได้ชี้แจงกรอบระยะเวลาการดำเนินงานและการเบิกจ่ายงบประมาณให้เป็นไปตามแผน",
    "ทั้งนี้ที่ประชุมมีมติเห็นชอบให้จัดทำแผนปฏิบัติการร่วมกับภาคีเครือข่ายในระดับอำเภอและตำบล",
    "ในช่วงท้ายได้มีการติดตามความก้าวหน้าของกิจกรรมที่ยังไม่แล้วเสร็จและกำหนดวันประชุมครั้งต่อไป",
]


def post_text(rng: random.Random, n: int) -> str:
    province = rng.choice(PROVINCES)
    return (
        f"วันที่ {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.choice([2565, 2566, 2567])} เวลา 09.{rng.randint(10, 59)} น. "
        f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(ROLES)}{province} "
        f"เป็นประธานการประชุมครั้งที่ {n} ณ ห้องประชุมศาลากลางจังหวัด{province} "
        f"มีผู้เข้าร่วมประชุม {rng.randint(20, 300)} คน\nโครงการพัฒนาหมู่บ้านต้นแบบ ลำดับที่ {n}\n"
        + "\n".join(rng.choice(BODY) + f" ({rng.randint(1, 99)})" for _ in range(rng.randint(28, 36)))
    )


BAD_SLOTS = (32, 65, 98)  # of every 100 posts, these are bad: exactly 3%


def write_posts(folder: Path, count: int, bad_slots: tuple[int, ...] = BAD_SLOTS, seed: int = 7) -> tuple[int, int]:
    """Write ``count`` posts into ``folder``; returns (good, bad). Posts ``n % 100 in bad_slots`` are bad."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    good = bad = 0
    for n in range(count):
        name = f"post{n:05d}"
        if n % 100 in bad_slots:
            kind = n // 100 % 3 if len(bad_slots) == 1 else bad_slots.index(n % 100) % 3
            raw = [b"", bytes(rng.randrange(256) for _ in range(600)) + b"\x00", "ประชุม".encode("cp874") + b"\xdb\xfc\xfd"][kind]
            (folder / f"{name}.txt").write_bytes(raw)
            bad += 1
            continue
        text = post_text(rng, n)
        form = n % 10
        if form < 6:
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        elif form < 8:
            (folder / f"{name}.txt").write_text(text, encoding="cp874")
        elif form < 9:
            (folder / f"{name}.txt").write_text(text, encoding="utf-16")
        else:
            body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
            page = f"<html><body><nav>เมนู จังหวัดน่าน</nav><article>{body}</article></body></html>"
            (folder / f"{name}.html").write_text(page, encoding="utf-8")
        good += 1
    return good, bad
