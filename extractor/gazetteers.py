"""Cached access to the bundled data files (``extractor/data``) and to geothai's provinces.

Data lives in plain files that people edit; code reads it here, once per process.
Bad rows are skipped with a warning rather than breaking every extraction.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import geothai

from extractor.errors import DataFileError


def _read(name: str) -> str:
    try:
        return files("extractor").joinpath("data", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DataFileError(f"bundled data file {name!r} is missing") from exc


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``data/<name>``, in file order."""
    return tuple(
        line.strip() for line in _read(name).splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of the CSV ``data/<name>`` (comment lines skipped); rows with empty cells but the last are dropped."""
    lines = [line for line in _read(name).splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        if None in row or any(v is None for v in row.values()):
            warnings.warn(f"{name}: skipped malformed row {row}", stacklevel=2)
            continue
        rows.append({k: v.strip() for k, v in row.items()})
    return tuple(rows)


@cache
def settings(name: str) -> dict:
    """The JSON object ``data/<name>``."""
    try:
        return json.loads(_read(name))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"bundled data file {name!r} is not valid JSON: {exc}") from exc


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex matching any of the literal words, the longest that fits first.

    The words are factored by their common prefixes ("นา(?:ง(?:สาว)?|ย)"): Python's regex engine
    tries each branch of a flat alternation at every position, and the lists here hold hundreds
    of words, so the factored form is several times faster.

    >>> alternation(["นาง", "นางสาว", "นาย"])
    '(?:นา(?:ง(?:สาว)?|ย))'
    >>> re.match(alternation(["นาง", "นางสาว"]), "นางสาวสมใจ").group()
    'นางสาว'
    """
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return f"(?:{_trie_pattern(trie)})"


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True, slots=True)
class ProvinceEntry:
    name_th: str
    name_en: str
    code: str  # ISO 3166-2, "TH-45"


@cache
def provinces() -> dict[str, ProvinceEntry]:
    """The 77 provinces by canonical Thai name, from geothai (DOPA codes are ISO 3166-2's numbers)."""
    return {p.name_th: ProvinceEntry(p.name_th, p.name_en, f"TH-{p.code}") for p in geothai.provinces()}


@cache
def province_names() -> dict[str, str]:
    """Every written form of a province (canonical names and aliases) -> canonical Thai name."""
    known = provinces()
    names = {name: name for name in known}
    for row in table("province_aliases.csv"):
        if row["name_th"] not in known:
            warnings.warn(f"province_aliases.csv: unknown province {row['name_th']!r}", stacklevel=2)
            continue
        names[row["alias"]] = row["name_th"]
    return names


@cache
def province_abbreviations() -> dict[str, str]:
    """Two-letter province abbreviations ("นฐ") -> canonical Thai name."""
    known = provinces()
    return {r["abbreviation"]: r["name_th"] for r in table("province_abbreviations.csv") if r["name_th"] in known}


@cache
def district_provinces() -> dict[str, str]:
    """District names as people write them after "อำเภอ"/"อ."/"เขต" -> canonical Thai name of
    their province, from geothai ("บางพลี" -> "สมุทรปราการ"). A name two provinces share
    ("เฉลิมพระเกียรติ") tells no province and is left out; "เมือง" alone names every capital."""
    by_name: dict[str, set[str]] = {}
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            name = district.name_th.removeprefix("เขต") if province.code == "10" else district.name_th
            by_name.setdefault(name, set()).add(province.name_th)
    return {name: next(iter(owners)) for name, owners in by_name.items() if len(owners) == 1}


@cache
def given_names() -> frozenset[str]:
    """Thai given names (PyThaiNLP's bundled lists of female and male names)."""
    from pythainlp.corpus import thai_female_names, thai_male_names

    return frozenset(thai_female_names()) | frozenset(thai_male_names())


@cache
def family_names() -> frozenset[str]:
    """Thai family names (PyThaiNLP's bundled list)."""
    from pythainlp.corpus import thai_family_names

    return frozenset(thai_family_names())


@cache
def royal_institute_words() -> frozenset[str]:
    """The Royal Institute dictionary's words (PyThaiNLP's bundled ORST list): unlike the tokenizer's
    word list, it holds few names ("เนวิน" is not in it, "ทักษิณ" is, as a common word)."""
    from pythainlp.corpus import thai_orst_words

    return frozenset(thai_orst_words())


@cache
def corpus_frequencies() -> dict[str, int]:
    """How often each word occurs in the Thai National Corpus (PyThaiNLP's bundled counts)."""
    from pythainlp.corpus.tnc import word_freqs

    return dict(word_freqs())


@cache
def dictionary_words() -> frozenset[str]:
    """PyThaiNLP's Thai word list (the one its tokenizers use): a name that is also a word is doubtful."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())

