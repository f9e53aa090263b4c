"""Persons: a title, a given name and a surname; the roles and organizations written beside them.

A mention starts at a title (``data/titles.txt``, stacked: "ผศ.ดร.", "ว่าที่ ร.ต."). The given name
runs to the next space; the next word is the surname unless it is a role, a stop word or a
place. Roles follow the name ("นายสมชาย ใจดี นายอำเภอเมือง") or come right before it ("โดยมี
นายอำเภอเมือง นายสมชาย ใจดี"); they split on "และ", "/" and "ในฐานะ". Mentions of the same
person are merged later, in ``record.py``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from extractor.components.base import THAI, Component, TextView
from extractor.gazetteers import alternation, dictionary_words, district_provinces, province_names, word_list

TITLE_WORDS = tuple(sorted(word_list("titles.txt"), key=len, reverse=True))
TITLE = alternation(TITLE_WORDS)
# A stack holds a few titles ("ว่าที่ ร.ต.หญิง ดร."); bounding it keeps a run of titles
# ("นายนายนาย…") from making every title in it try every shorter stack.
MAX_STACK = 4  # the corpus and ThaiNER stack three at most ("รศ.น.สพ.ดร.")
TITLE_STACK = re.compile(rf"(?:{TITLE})(?:\s?(?:{TITLE})){{0,{MAX_STACK - 1}}}")
TITLE_AT = re.compile(rf"(?:{TITLE})")
PLACE_WORD = re.compile(alternation([w for w in word_list("place_heads.txt") if not w.endswith(".")]))
PLACE_ABBREVIATION = re.compile(alternation([w for w in word_list("place_heads.txt") if w.endswith(".")]))
PLACE_LOOKBACK = 40  # characters before a find searched for the place word that owns it
GLUED_PLACE_LETTERS = 3  # "โรงเรียนเส|นางคนิคม": at most this many letters of a place's name before a title in it
PLACE_GAP = 8  # at most this many letters between that word and the find ("ราชภัฏ|รำไพ|พรรณี")
COMPOUND = re.compile("|".join(f"(?:{p})" for p in word_list("title_compounds.txt")))
# An acting role: "รักษาราชการแทนผู้ว่าราชการจังหวัด…", "รักษาการในตำแหน่งผู้อำนวยการ…".
ACTING = re.compile(alternation(word_list("role_acting_words.txt")))
# "รอง" and "ผู้ช่วย" make a deputy or an assistant of any role: "รองศึกษาธิการจังหวัด"; an
# acting word before it makes an acting role ("รักษาการรองนายแพทย์…").
# Roles that take another role as their object: "ผู้แทน" + "รักษาราชการแทนอธิการบดี" is one role.
REPRESENTATIVES = frozenset({"ผู้แทน", "ตัวแทน"})
ROLE_HEAD = re.compile(rf"(?:อดีต ?)?(?:{ACTING.pattern} ?)?(?:รอง ?|ผู้ช่วย)?(?:{alternation(word_list('roles.txt'))})")
# A plural group of offices is no one's role: "หัวหน้าส่วนราชการที่เกี่ยวข้อง", "นายอำเภอทุกอำเภอ".
GROUP_ROLE = re.compile(rf"{alternation(word_list('group_roles.txt'))}|ทั้ง ?\d")
# Bare heads that take an office abbreviation as part of the role: "นายก อบต.หนองแวง".
NEEDS_OFFICE = re.compile(rf"(?:{ACTING.pattern} ?)?(?:รอง ?)?(?:นายก|ปลัด|ผอ\.|สมาชิก|สมาชิกสภา|ประธานสภา|กำนัน|ผู้ใหญ่บ้าน)")
# What continues a role across a space: an office abbreviation, a number, a province.
ROLE_CONTINUES = re.compile(r" (?:ต\.|อบต\.|อบจ\.|ทต\.|ทม\.|ทน\.|รพ\.สต\.|รพ\.|สพป\.|สพม\.|สสอ\.|สสจ\.|กศน\.)[^\s,()]*")
# Words that continue a role across a space: " จำกัด", " เขต ๒", " ในพระบรมราชูปถัมภ์".
ROLE_TAIL = re.compile(rf" {alternation(word_list('role_tails.txt'))}(?=[\s,(]|\d|$)")
DANGLING_WORDS = word_list("role_dangling_words.txt")
ROLE_COUNT_AFTER = re.compile(r" ?\d+\s?(?:คน|ราย|ท่าน|แห่ง|อำเภอ|จังหวัด|หมู่บ้าน|ตำบล)")
ORG_HEAD = re.compile(alternation(word_list("org_heads.txt")))
# A group of people that opens like an organization ("คณะเจ้าหน้าที่", "คณะผู้บริหาร"): no office.
ORG_GROUP = re.compile(alternation(word_list("org_groups.txt")))
STOPWORDS = frozenset(word_list("name_stopwords.txt"))
BLOCKERS = re.compile(alternation(word_list("name_blockers.txt")))
PARTICLE_WORDS = frozenset(word_list("surname_particles.txt"))
# Name letters: Thai letters and marks, without ฯ and ๆ ("นายปกรณ์ฯ" is the name ปกรณ์).
NAME_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
# Read at most this many letters of a name's word: anything longer than MAX_NAME_CHARS is
# glued text anyway, and reading a whole run made every title inside a long run cost its length.
NAME_SCAN = 128
THAI_RUN = re.compile(rf"[ก-ฮเ-ไ][{NAME_LETTERS}]{{0,{NAME_SCAN}}}")
GLUE_STOP = re.compile(alternation(word_list("name_glue_stops.txt")))
LONG_ROLE_HEAD = re.compile(alternation([w for w in word_list("roles.txt") if len(w) >= 5]))
SEGMENT_END = re.compile(r"[\s()\[\],;:\"“”]")
# "เขต 1", "ที่ 15", "ที่ 1 เชียงใหม่": a number (and a province) that completes a role.
ROLE_NUMBER = re.compile(r" ?\d+(?![\d.:]|/\d)|(?: (?:เขต|ภาค|รุ่น)) ?\d+")
# What joins two roles of one person; an acting role joins with a space or none at all
# ("รองผู้ว่าราชการจังหวัด รักษาราชการแทนผู้ว่าราชการจังหวัด"), "ทำหน้าที่" like "ในฐานะ".
ROLE_JOIN = re.compile(rf" ?ในฐานะ ?|/| ?และ ?| ?ทำหน้าที่ ?| ?(?={ACTING.pattern})")
# What closes an office's name: a province, a district, a number. "และ" after an office opened
# and not closed is part of its name ("สำนักงานส่งเสริมและพัฒนาการเกษตรที่ 3").
OFFICE_CLOSE = re.compile(r"จังหวัด|อำเภอ|ตำบล|\d")
# An abbreviated office written as its own segment after a bare role: "เลขาธิการ กอ.รมน.".
ABBREVIATED_OFFICE = re.compile(r"[ก-ฮ]{1,5}\.[^\s,()]*")
INNER_SPLIT = re.compile(r"และ(?=\S)|/(?!\d)|ในฐานะ")
# Who come along, joined by "และ" after a person's role: a group, no further role of that person
# ("… และคณะกรรมการ…", "… และผู้บริหาร…").
JOINED_GROUP = re.compile(alternation(word_list("joined_groups.txt")))
# A nickname in brackets between a name and its role: "นางสมศรี ใจดี (นายกแดง) นายก…".
# A monk's temple after his name ("พระครูสมชาย วัดบ้านนา เจ้าคณะ…"): no surname, and his role
# follows it. A given name may begin with "วัด" ("นายวัดชัย"): only the word after the name counts.
TEMPLE = re.compile(r"วัด[ก-ฮเ-ไ][\u0e01-\u0e4e]* ?")
# A bracketed abbreviation of the role just written: "ผู้บัญชาการทหารบก(ผบ.ทบ.)".
BRACKETED = re.compile(r" ?\([^()\s]{1,20}\.\)")
# A title that is also a place word ("อ." is อาจารย์ and อำเภอ): data/ambiguous_titles.txt.
AMBIGUOUS_TITLE = re.compile(alternation(word_list("ambiguous_titles.txt")))
AMBIGUOUS_TITLE_BEFORE = re.compile(rf"(?:{AMBIGUOUS_TITLE.pattern})$")
NAME_WORD = re.compile(r"[\u0e01-\u0e4eA-Za-z]+")
THAI_OR_LATIN = re.compile(r"[\u0e01-\u0e4eA-Za-z]")  # a letter or a mark: what glues a name to a word
NICKNAME = re.compile(r"\([^()\s]{1,20}\) ?")
# A nickname is letters only: "(ผบ.ทบ.)" is an office, "(1)" and "(ก)" are list marks.
NICKNAME_WORD = re.compile(r"[\u0e01-\u0e4eA-Za-z]{3,}")
ROLE_END = re.compile(alternation(word_list("role_end_words.txt")))
ROLE_STOP = re.compile(rf"(?=(?:{ROLE_END.pattern})|(?:{ACTING.pattern})|(?:{TITLE}))")
NAME_JOIN = re.compile(r"\s*(?:และ|,|กับ)\s*")
BEFORE_ROLE_LEAD = re.compile(r"[^ก-๛A-Za-z0-9]*(?:โดยมี|โดย|มี|ร่วมกับ|และ|พร้อมด้วย|นำโดย|ให้|กับ)?")
PROVINCE_AFTER = re.compile(rf" (?:จังหวัด)?([ก-ฮเ-ไ][{THAI}]*)")
PARTICLE = re.compile(rf" ณ ([ก-ฮเ-ไ][{NAME_LETTERS}]*)")
MIN_NAME_CHARS = 2
NAME_PART = re.compile(r"\S+")
MAX_NAME_CHARS = 24  # a longer run of letters is a name glued to what follows it
TYPICAL_NAME_CHARS = 10
COUNT_BEFORE = re.compile(r"\d\s?$")  # "500 นาย": a classifier of soldiers, not a title


@dataclass
class RoleFound:
    text: str
    start: int
    end: int
    organization: str | None = None
    org_start: int | None = None
    org_end: int | None = None
    source: str = "rule"  # "rule" | "model"


@dataclass
class NameMention:
    title: str | None
    first_name: str
    last_name: str | None
    start: int
    end: int
    roles: list[RoleFound] = field(default_factory=list)
    glued: bool = False  # the name ran into the following text and was cut by guess
    source: str = "rule"  # "rule" | "model" | "both"
    probability: float | None = None  # the model's, when it gives one (the person tagger)

    @property
    def confidence(self) -> float:
        if self.source == "both":
            return 0.97
        if self.source == "model":
            return 0.6 if self.probability is None else round(self.probability, 3)
        if self.glued:
            return 0.4
        return 0.9 if self.last_name else 0.7


class PersonsComponent(Component):
    key = "persons"

    def match(self, view: TextView, found: dict) -> list[NameMention]:
        mentions: list[NameMention] = []
        claimed_end = 0  # roles before a name may not reach into the previous mention's roles
        pos = 0
        while (m := TITLE_STACK.search(view.norm, pos)) is not None:
            mention = _titled_mention(view, m.start(), m.end())
            if mention is None:
                pos = m.start() + 1  # a title may start inside a failed one: "น.พ.ญ.สุรภี" is "พ.ญ."
                continue
            pos = mention.end
            mention.roles = roles_after(view, mention.end)
            before = _role_before(view, mention.start, claimed_end)
            if before is not None:
                mention.roles[:0] = _split_role(view, before.start, before.end) or [before]
            claimed_end = max(_end_of_roles(mention), mention.end)
            mentions.append(mention)
            view.taken.add(mention.start, mention.end)
        _share_roles_of_joined_names(view, mentions)
        return sorted(mentions + _nickname_mentions(view, mentions), key=lambda m: m.start)


def _nickname_mentions(view: TextView, mentions: list[NameMention]) -> list[NameMention]:
    """Later uses of a bracketed nickname, each a mention of its person: after "นางสมศรี ใจดี
    (นายกแดง)" a post goes on with "นายกแดง กล่าวว่า…"; that is her, not a new name."""
    found = []
    for mention in mentions:
        nickname = nickname_after(view, mention.end)
        if nickname is None or not mention.last_name or not NICKNAME_WORD.fullmatch(nickname):
            continue
        pos = view.norm.index(nickname, mention.end) + len(nickname)
        while (at := view.norm.find(nickname, pos)) != -1:
            pos = at + len(nickname)
            if view.in_taken(at, pos) or not view.is_boundary_start(at):
                continue
            found.append(NameMention(mention.title, mention.first_name, mention.last_name, at, pos))
            view.taken.add(at, pos)
    return found


def add_mentions(view: TextView, persons: list[NameMention], mentions: list[NameMention]) -> list[NameMention]:
    """``persons`` and ``mentions`` in text order, each of ``mentions`` with the roles written
    after it (how the royal, untitled and tagger steps add to the titled persons)."""
    for mention in mentions:
        mention.roles = roles_after(view, mention.end)
    return sorted(persons + mentions, key=lambda m: m.start)


def _titled_mention(view: TextView, start: int, stack_end: int) -> NameMention | None:
    """The name after a title stack, trying shorter stacks when the longest leaves no name:
    "นางสาวิณี" is นาง + สาวิณี, "นางคุณัญญา" is นาง + คุณัญญา."""
    if not view.is_boundary_start(start) and not _glued_rank(view, start, stack_end):
        return None
    if _title_inside_word(view, start):
        return None
    if _glued_in_place(view, start, stack_end):
        return None
    for title_end in _title_ends(view, start, stack_end):
        mention = mention_at(view, start, title_end)
        if mention is not None:
            return mention
    return None


def _title_inside_word(view: TextView, start: int) -> bool:
    """A title that only begins a longer dictionary word, itself followed by a dictionary word,
    is no title: "นายก|หน่อย" (the mayor's nickname). "นายกฤษดา" (นายก|ฤษดา) stays นาย + กฤษดา."""
    first_end = _next_boundary(view, start)
    if not TITLE_AT.fullmatch(view.norm, start, first_end - 1):
        return False  # the title is no title word minus one letter: "นายก", "นางร"
    words = dictionary_words()
    second_end = _next_boundary(view, first_end)
    whole = not re.match(f"[{THAI}]", view.norm[second_end : second_end + 1])  # "นายก|ล้า|นรงค์" reads on
    return whole and view.norm[start:first_end] in words and view.norm[first_end:second_end] in words


def _next_boundary(view: TextView, pos: int) -> int:
    i = bisect.bisect_right(view.boundaries, pos)
    return view.boundaries[i] if i < len(view.boundaries) else len(view.norm)


def _glued_in_place(view: TextView, start: int, stack_end: int) -> bool:
    """A title word glued inside a place's name is no title: "สน.นางเลิ้ง", "อ.เสนางคนิคม"."""
    norm = view.norm
    if start == 0 or "." in norm[start:stack_end] or not re.match(rf"[{THAI}.]", norm[start - 1]):
        return False
    word_start = max(norm.rfind(" ", 0, start), norm.rfind("\n", 0, start)) + 1
    abbreviation = PLACE_ABBREVIATION.match(norm, word_start)
    if abbreviation and abbreviation.end() == start:
        return True
    # A place word (or abbreviation), then a few letters that, with the title's first letters,
    # make a word: the title is inside the place's name ("โรงเรียน|เสนา|งคนิคม", "อ.เสนา…");
    # "ห้องนายเพลิง", "พรรคแทนนาย…", "รพ.ได้เรียนนาย…" stay titles.
    heads = [*PLACE_WORD.finditer(norm, max(word_start, start - PLACE_LOOKBACK), start), abbreviation]
    return any(m and 0 < start - m.end() <= GLUED_PLACE_LETTERS and _word_across(norm, m.end(), start) for m in heads)


def _word_across(norm: str, gap_start: int, title_start: int) -> bool:
    """A dictionary word begins at ``gap_start`` and ends inside the title at ``title_start``."""
    words = dictionary_words()
    return any(norm[gap_start : title_start + k] in words for k in range(1, 4))


def _glued_rank(view: TextView, start: int, end: int) -> bool:
    """An abbreviated title glued to the word before it is still a title: "แทนพ.ต.ต.สุริยา"."""
    return start in view.starts and "." in view.norm[start:end]


def _title_ends(view: TextView, start: int, stack_end: int) -> list[int]:
    """Where a title stack may end, longest first: the whole stack, and the shorter titles that
    are a prefix of one of its titles ("นาง" of "นางสาว")."""
    return [start + n for n in _stack_title_ends(view.norm[start:stack_end])]


@lru_cache(maxsize=4096)
def _stack_title_ends(stack: str) -> tuple[int, ...]:
    """``_title_ends`` of a stack, as offsets into it: they depend on its letters alone, and a
    post repeats its few stacks ("นาย" × 300,000 read the same stack each time)."""
    parts = []
    pos = 0
    while pos < len(stack) and (m := TITLE_AT.match(stack, pos)) is not None:
        parts.append((m.start(), m.end()))
        pos = m.end() + (stack[m.end() : m.end() + 1] == " ")
    ends: list[int] = []
    for k, (part_start, part_end) in enumerate(reversed(parts)):
        # A name never follows an inner title of the stack: the next title opens that "name".
        if k == 0:
            ends.append(part_end)
        ends += [part_start + n for n in _shorter_titles(stack[part_start:part_end])]
    return tuple(dict.fromkeys(ends))


@cache
def _shorter_titles(title: str) -> tuple[int, ...]:
    """The lengths of the titles that are a proper prefix of ``title``, longest first."""
    return tuple(len(t) for t in TITLE_WORDS if len(t) < len(title) and title.startswith(t))


def _end_of_roles(mention: NameMention) -> int:
    if not mention.roles:
        return mention.end
    last = mention.roles[-1]
    return last.org_end or last.end


def mention_at(view: TextView, start: int, title_end: int) -> NameMention | None:
    """The name after the title ``view.norm[start:title_end]``: a given name and, where the
    text has one, the surname."""
    norm = view.norm
    if COMPOUND.match(norm, start):
        return None
    title = view.text[start:title_end]
    pos = title_end
    if norm[pos : pos + 1] == " ":
        pos += 1
    first = THAI_RUN.match(norm, pos)
    if first is None or _opens_other_word(norm, first.start()):
        return None
    first_end = _cut_glued(view, first.start(), first.end())
    glued = first_end - first.start() > MAX_NAME_CHARS
    if glued:
        first_end = _cut_near(view, first.start(), TYPICAL_NAME_CHARS)
    if first_end - first.start() < MIN_NAME_CHARS:
        return None
    if not_a_name(view, first.start(), first_end) and not _unknown_word_after_stopword(view, first.start(), first_end):
        return None
    last_start, last_end = surname_span(view, first_end) if not glued else (None, None)
    # A title glued to a word that the dictionary keeps whole ("นางรอง") is no title, unless a
    # surname shows it is a name after all.
    if not title.endswith(".") and title_end not in view.ends and last_start is None:
        return None
    if last_start is None and title == "นาย" and COUNT_BEFORE.search(norm, max(0, start - 3), start):
        return None
    end = last_end if last_start is not None else first_end
    return NameMention(
        title=title,
        first_name=view.text[first.start() : first_end],
        last_name=view.text[last_start:last_end] if last_start is not None else None,
        start=start,
        end=end,
        glued=glued,
    )


def mention_in_span(view: TextView, start: int, end: int, source: str) -> NameMention | None:
    """A span a model marked as a person, read as a name: a title stack at its head is the
    title, the first word after it the given name, the rest the surname."""
    title = TITLE_STACK.match(view.norm, start, end)
    pos = title.end() if title else start
    while pos < end and view.norm[pos] == " ":
        pos += 1
    parts = [m.span() for m in NAME_PART.finditer(view.norm, pos, end)]
    if not parts or parts[0][1] - parts[0][0] < MIN_NAME_CHARS or not_a_name(view, *parts[0]):
        return None
    return NameMention(
        title=view.text[start : title.end()] if title else None,
        first_name=view.text[parts[0][0] : parts[0][1]],
        last_name=view.text[parts[1][0] : parts[-1][1]] if len(parts) > 1 else None,
        start=start,
        end=end,
        source=source,
    )


def _cut_near(view: TextView, start: int, length: int) -> int:
    """The token boundary closest to ``start + length``: a guess at where a glued name ends."""
    bounds = [e for e in range(start + MIN_NAME_CHARS, start + MAX_NAME_CHARS) if e in view.ends]
    return min(bounds, key=lambda e: abs(e - start - length), default=start + length)


def _cut_glued(view: TextView, start: int, end: int) -> int:
    """Where a name glued to a following role or verb really ends ("สมชายผู้ว่าราชการ").
    Only long role words and verbs that never occur inside names cut: "ดีพร้อม" is a surname.
    A cut past MAX_NAME_CHARS makes the name glued whatever it is, so the search stops there."""
    for i in range(start + MIN_NAME_CHARS, min(end, start + MAX_NAME_CHARS + 1)):
        if i in view.starts and (LONG_ROLE_HEAD.match(view.norm, i) or GLUE_STOP.match(view.norm, i)):
            return i
    return end


def _stopword_at(view: TextView, i: int) -> bool:
    """A stop word starts at ``i`` as whole tokens ("ได้", "กล่าวว่า"), or a glue word as any prefix."""
    if GLUE_STOP.match(view.norm, i):
        return True
    # Only the token ends within reach (by bisection): trying every letter cost a post of
    # repeated titles thirteen lookups a title.
    return any(view.norm[i:j] in STOPWORDS for j in view.boundaries_between(i, min(i + 14, len(view.norm))))


def not_a_name(view: TextView, start: int, end: int) -> bool:
    return _stopword_at(view, start) or _not_a_name_word(view, start, end)


def _unknown_word_after_stopword(view: TextView, start: int, end: int) -> bool:
    """After a title, a word that opens with a stop word but holds pieces the dictionary does not
    know is a name: "นายมีคาเอล" (มี|คา|เอ|ล). "นายได้กล่าว" is all common words."""
    if _not_a_name_word(view, start, end):
        return False
    words = dictionary_words()
    return any(token not in words for token in view.token_texts(start, end))


def in_place_name(view: TextView, start: int) -> bool:
    """A word that opens a place's or an institution's name stands just before ``start``, in
    the same word or one space before it: "มหาวิทยาลัยราชภัฏ|รำไพพรรณี", "บริษัท |ประชารัฐ".
    An abbreviation ("ถ.", "อ.") counts only where its word begins ("ผอ." holds "อ.")."""
    before = view.norm[max(0, start - PLACE_LOOKBACK) : start]
    word_start = max(before.rfind(" ", 0, len(before) - 1), before.rfind("\n")) + 1
    if PLACE_ABBREVIATION.match(before, word_start):
        return True
    return any(m.end() >= len(before) - PLACE_GAP for m in PLACE_WORD.finditer(before, word_start))


def _opens_other_word(norm: str, start: int) -> bool:
    """A role or a title opens the word at ``start``: no name, whatever its length (checked
    before the costlier reading of where the name ends)."""
    return bool(ROLE_HEAD.match(norm, start)) or bool(TITLE_AT.match(norm, start))


def _not_a_name_word(view: TextView, start: int, end: int) -> bool:
    word = view.norm[start:end]
    return (
        word in STOPWORDS
        or _opens_other_word(view.norm, start)
        or _whole_word(view, BLOCKERS.match(view.norm, start))
        or word in province_names()
    )


def _whole_word(view: TextView, m: re.Match | None) -> bool:
    return m is not None and view.is_boundary_end(m.end())


def surname_span(view: TextView, first_end: int) -> tuple[int | None, int | None]:
    norm = view.norm
    pos = first_end
    if norm[pos : pos + 1] != " ":
        return None, None
    pos += 2 if norm[pos : pos + 2] == "  " else 1
    whole = PARTICLE.match(norm, pos - 1)  # the whole surname is "ณ ลำปาง"
    if whole and (_is_particle_word(whole.group(1)) or ROLE_HEAD.match(norm, whole.end() + 1)):
        return pos, whole.end()
    word = THAI_RUN.match(norm, pos)
    if word is None or norm[pos : pos + 2] == "ณ " or TEMPLE.match(norm, pos):
        return None, None
    if not_a_name(view, pos, word.end()) and not _short_stopword_before_role(view, pos, word.end()):
        return None, None
    end = _cut_glued(view, pos, word.end())
    if not MIN_NAME_CHARS <= end - pos <= MAX_NAME_CHARS:
        return None, None
    particle = PARTICLE.match(norm, end)
    if particle and _is_particle_word(particle.group(1)):
        end = particle.end()
    return pos, end


def _is_particle_word(word: str) -> bool:
    return word in PARTICLE_WORDS or word in province_names()


def _short_stopword_before_role(view: TextView, start: int, end: int) -> bool:
    """ "มีสมบัติ ปลัดจังหวัด", "ชื่นชม ปลัด…": a surname may be a common word when a role follows."""
    if GLUE_STOP.match(view.norm, start):
        return False
    return bool(ROLE_HEAD.match(view.norm, end + 1)) and view.norm[end : end + 1] == " "


def _segment_end(view: TextView, start: int, role_start: int | None = None) -> int:
    norm = view.norm
    start_of_role = start if role_start is None else role_start
    m = SEGMENT_END.search(norm, start)
    end = m.start() if m else len(norm)
    while True:
        if NEEDS_OFFICE.fullmatch(norm, start_of_role, end) and (cont := ROLE_CONTINUES.match(norm, end)):
            end = cont.end()
        elif (number := ROLE_NUMBER.match(norm, end)) and (
            _ordinal(norm, end) or not ROLE_COUNT_AFTER.match(norm, end)
        ):
            end = number.end()
        elif tail := ROLE_TAIL.match(norm, end):
            end = tail.end()
        elif (place := PROVINCE_AFTER.match(norm, end)) and place.group(1) in province_names():
            end = place.end()
        else:
            return end


def _acting_after(norm: str, head_start: int, i: int) -> bool:
    """An acting role glued after a first role is a role of its own, but not after a role that
    names whom one stands for ("ผู้แทนรักษาราชการแทนอธิการบดี")."""
    return bool(ACTING.match(norm, i)) and norm[head_start:i] not in REPRESENTATIVES


def _ordinal(norm: str, end: int) -> bool:
    """A number after "ที่" is an office's number ("…เกษตรที่ 3 จังหวัดระยอง"), never a count."""
    return norm.endswith("ที่", 0, end)


def _role_end(view: TextView, head_start: int, head_end: int) -> int:
    """A role runs from its head to the end of its segment, or to a glued verb, a glued acting
    role ("…ศึกษาธิการรักษาราชการแทน…") or a glued next name ("…จังหวัดสงขลานายสมชาย")."""
    norm = view.norm
    end = _segment_end(view, head_end, head_start)
    if _dangling(view, head_end, end):
        end = _segment_end(view, end + 1, head_start)
    if norm.endswith("และ", head_end, end):
        end -= len("และ")  # "…จังหวัดชัยภูมิและ ดร.…": the "และ" joins the next person
    # One scan for where any stop word begins (a loop over every letter cost a tenth of the run).
    for m in ROLE_STOP.finditer(norm, head_end, end):
        i = m.start()
        if i in view.starts and (ROLE_END.match(norm, i) or _acting_after(norm, head_start, i)):
            return i
        if (i in view.starts or norm[i - 1] == ".") and TITLE_AT.match(norm, i) and _glued_name_at(view, i):
            return i
    return end


def _dangling(view: TextView, head_end: int, end: int) -> bool:
    """The role ends in a word that wants the body's name ("…บริษัท"), and the next segment is that
    name: no title, role or stop word opens it."""
    norm = view.norm
    if norm[end : end + 1] != " " or not any(norm.endswith(w, head_end, end) for w in DANGLING_WORDS):
        return False
    nxt = end + 1
    return not (
        nxt >= len(norm)
        or not re.match(r"[ก-ฮเ-ไA-Za-z]", norm[nxt])
        or TITLE_AT.match(norm, nxt)
        or ROLE_HEAD.match(norm, nxt)
        or ROLE_END.match(norm, nxt)
        or _stopword_at(view, nxt)
    )


def _glued_name_at(view: TextView, i: int) -> bool:
    """A name glued to a role's end opens at ``i``: its given name is no dictionary word, which
    a place's name with a title word inside is ("…ภูธรนาง|รอง", "…เดิมบางนาง|บวช")."""
    title = TITLE_STACK.match(view.norm, i)
    mention = _titled_mention(view, i, title.end()) if title else None
    return mention is not None and mention.first_name not in dictionary_words()


def names_a_district(view: TextView, start: int) -> bool:
    """The word at ``start`` is a district's name ("บางพลี", "เมืองยโสธร"): after "อ." it is a place."""
    word = NAME_WORD.match(view.norm, start)
    return word is None or word.group() in district_provinces() or word.group().startswith("เมือง")


def with_ambiguous_title(view: TextView, mention: NameMention) -> NameMention:
    """A full name found without a title, right after a title that is also a place word and
    opens its word ("อ.|ธีรวัฒน์ บุญประคอง"): that title is the person's."""
    before = view.norm[max(0, mention.start - 8) : mention.start]
    title = AMBIGUOUS_TITLE_BEFORE.search(before)
    if title is None or mention.title is not None or mention.last_name is None:
        return mention
    start = mention.start - (len(before) - title.start())
    if start > 0 and THAI_OR_LATIN.match(view.norm, start - 1) or names_a_district(view, mention.start):
        return mention
    mention.title, mention.start = view.text[start : mention.start], start
    return mention


def nickname_after(view: TextView, name_end: int) -> str | None:
    """The nickname bracketed right after a name, brackets left out: "นางสมศรี ใจดี (นายกแดง)"
    -> "นายกแดง"."""
    pos = name_end
    while pos < len(view.norm) and view.norm[pos] == " ":
        pos += 1
    nickname = NICKNAME.match(view.norm, pos)
    return nickname.group().strip(" ()") if nickname else None


def roles_after(view: TextView, name_end: int) -> list[RoleFound]:
    norm = view.norm
    pos = name_end
    while pos < len(norm) and norm[pos] in " ,\n":
        pos += 1
    if nickname := NICKNAME.match(norm, pos) or TEMPLE.match(norm, pos):
        name_end = pos = nickname.end()
    if pos - name_end > 3 or not ROLE_HEAD.match(norm, pos) or _starts_a_name(view, pos):
        return []
    roles: list[RoleFound] = []
    while True:
        end = _role_end(view, pos, ROLE_HEAD.match(norm, pos).end())
        split = _split_role(view, pos, end)
        listed = roles and " และ" in norm[roles[-1].end : pos] and ROLE_HEAD.match(norm, end + 1)
        if not split or listed:  # "… และนายอำเภอ สาธารณสุขอำเภอ": a list of offices, not a role
            return roles
        roles.extend(split)
        org = _organization_after(view, roles[-1].start, end)
        if org is not None:
            roles[-1].organization, roles[-1].org_start, roles[-1].org_end = org
            end = org[2]
        if abbreviation := BRACKETED.match(norm, end):  # "ผู้บัญชาการทหารบก(ผบ.ทบ.) ในฐานะ …"
            end = abbreviation.end()
        join = ROLE_JOIN.match(norm, end)
        if join is None or (join.end() == end and not ACTING.match(norm, end)) or not ROLE_HEAD.match(norm, join.end()):
            return roles
        if _starts_a_name(view, join.end()):
            return roles  # "และนายสมชาย": the next person, not another role
        if "และ" in join.group(0) and JOINED_GROUP.match(norm, join.end()):
            return roles
        pos = join.end()


def _starts_a_name(view: TextView, pos: int) -> bool:
    title = TITLE_STACK.match(view.norm, pos)
    return title is not None and _titled_mention(view, pos, title.end()) is not None


def _split_role(view: TextView, start: int, end: int) -> list[RoleFound]:
    """A role written as one segment may hold several joined by "และ" or "/"."""
    cuts = [start]
    for m in INNER_SPLIT.finditer(view.norm, start, end):
        if m.start() <= cuts[-1] + 2:
            continue
        if m.group(0) in ("/", "ในฐานะ") or (
            ROLE_HEAD.match(view.norm, m.end()) and not _inside_office(view, cuts[-1], m.start())
        ):
            cuts.extend([m.start(), m.end()])
    cuts.append(end)
    return [
        RoleFound(view.text[a:b], a, b)
        for a, b in zip(cuts[::2], cuts[1::2], strict=True)
        if b > a and not GROUP_ROLE.search(view.norm, a, b)
    ]


def _inside_office(view: TextView, role_start: int, pos: int) -> bool:
    """An office's name opens after the role word and is still open at ``pos``: no province,
    district or number closes it ("ผู้อำนวยการสำนักวิจัย|และพัฒนาการเกษตร…")."""
    norm = view.norm
    head = ROLE_HEAD.match(norm, role_start)
    last = None
    for i in range(head.end() if head else role_start, pos):
        if i in view.starts and (m := ORG_HEAD.match(norm, i)):
            last = m
    if last is None:
        return False
    tail = norm[last.end() : pos]
    return not OFFICE_CLOSE.search(tail) and not any(p in tail for p in province_names())


def _abbreviated_office(view: TextView, role_start: int, role_end: int) -> bool:
    """A role followed by an abbreviated office that is no title, no place abbreviation and
    opens no name: "เลขาธิการ กอ.รมน.", "อธิการบดี มทร.…", "หัวหน้าฝ่ายกิจการพลเรือน กอ.รมน.…"."""
    norm = view.norm
    start = role_end + 1
    if not ABBREVIATED_OFFICE.match(norm, start):
        return False
    place = PLACE_ABBREVIATION.match(norm, start)  # "อ.", "ต.": a place; "มทร.", "สน.": an office
    return not (TITLE_AT.match(norm, start) or (place and len(place.group()) <= 2) or ROLE_HEAD.match(norm, start))


def _organization_after(view: TextView, role_start: int, role_end: int) -> tuple[str, int, int] | None:
    norm = view.norm
    if norm[role_end : role_end + 1] != " ":
        return None
    if not ORG_HEAD.match(norm, role_end + 1) and not _abbreviated_office(view, role_start, role_end):
        return None
    if ORG_GROUP.match(norm, role_end + 1):
        return None
    start = role_end + 1
    end = _segment_end(view, start)
    while norm[end : end + 1] == " " and ORG_HEAD.match(norm, end + 1):
        end = _segment_end(view, end + 1)
    return view.text[start:end], start, end


def _role_before(view: TextView, title_start: int, claimed_end: int) -> RoleFound | None:
    """A role in the segment right before the title: "โดยมีนายอำเภอเมือง นายสมชาย"."""
    norm = view.norm
    # "รัฐมนตรีว่าการกระทรวงแรงงาน (พลเอกสมชาย ใจดี)": a name in brackets after its role.
    bracket = title_start >= 3 and norm[title_start - 2 : title_start] == " ("
    if title_start < 2 or (norm[title_start - 1] != " " and not bracket):
        return None
    seg_end = title_start - 2 if bracket else title_start - 1
    seg_start = _segment_start(norm, seg_end)
    if ROLE_CONTINUES.match(norm, seg_start - 1):  # "นายก อบต.บ้านเป้า": the head is one segment back
        head_start = _segment_start(norm, seg_start - 1)
        if NEEDS_OFFICE.fullmatch(norm, head_start, seg_start - 1):
            seg_start = head_start
    if seg_start < claimed_end:
        return None
    for i in range(seg_start, seg_end):
        if i in view.starts and (head := ROLE_HEAD.match(norm, i)):
            whole = _role_end(view, i, head.end()) >= seg_end and not GROUP_ROLE.search(norm, i, seg_end)
            if whole and BEFORE_ROLE_LEAD.fullmatch(norm, seg_start, i):
                if i == seg_start and norm[i - 4 : i] == "รอง ":  # "รอง ผวจ.อ่างทอง นางสาว…"
                    i -= 4
                return RoleFound(view.text[i:seg_end], i, seg_end)
            return None
    return None


def _segment_start(norm: str, end: int) -> int:
    """Where the word that ends at ``end`` begins: after the last space or line break before it.
    The line break is looked for after the space only (looking back to the text's start for
    it made a post of many names without line breaks quadratic)."""
    space = norm.rfind(" ", 0, end)
    return max(space, norm.rfind("\n", space + 1, end)) + 1


def _share_roles_of_joined_names(view: TextView, mentions: list[NameMention]) -> None:
    """A role written after two names belongs to both: "นายก ใจดี และนายข มีสุข ปลัดอำเภอ"."""
    for left, right in zip(reversed(mentions[:-1]), reversed(mentions[1:]), strict=True):
        if left.roles or not right.roles:
            continue
        if NAME_JOIN.fullmatch(view.norm, left.end, right.start):
            left.roles = [r for r in right.roles if r.start > right.end]
