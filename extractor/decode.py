"""Bytes -> text: BOM, strict UTF-8, then cp874 for legacy Thai, then HTML -> article text.

cp874 is tried before any statistical guess because charset-normalizer misreads short
cp874 text; it is taken only when the result is mostly Thai letters.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    MissingPathError,
    NotAFileError,
    SpecialFileError,
    TooLargeError,
)
from extractor.html import html_to_text, looks_like_html
from extractor.limits import MAX_INPUT_BYTES
from extractor.normalize import controls

THAI_LETTER = re.compile(r"[\u0e01-\u0e5b]")
LETTER = re.compile(r"[^\W\d_]")
# C0 controls other than tab, newline, form feed and carriage return: a text post has none,
# so more than a few of them mean binary data (a few are replaced, see ``decode_bytes``).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UTF8_THAI = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")
# An fsspec URL: a protocol of two characters or more (so "C:/" is a drive, not a protocol).
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".xml"}
# A post is a few kilobytes; the largest real ones are well under a megabyte. The bound keeps a
# stray video, /dev/zero or a zip bomb from filling memory (``extract batch --max-bytes``).
DEFAULT_MAX_BYTES = MAX_INPUT_BYTES  # one limit for every read; --max-bytes may lower it


@dataclass(frozen=True, slots=True)
class Decoded:
    """A post as text, with how it was read."""

    text: str
    encoding: str
    format: str  # "text" | "html"
    path: str | None = None


def decode_bytes(raw: bytes, path: str | None = None) -> Decoded:
    """Decode one post's bytes and reduce HTML to its article text.

    >>> decode_bytes("ประชุม".encode("cp874")).encoding
    'cp874'
    """
    if len(raw) > MAX_INPUT_BYTES:
        raise TooLargeError(f"the input is {len(raw):,} bytes, more than the {MAX_INPUT_BYTES:,} read", path)
    if not raw.strip():
        raise EmptyInputError("the input is empty", path)
    text, encoding = _decode(raw, path)
    fmt = "text"
    if (path and Path(path).suffix.lower() in HTML_SUFFIXES) or looks_like_html(text):
        text, fmt = html_to_text(text, path), "html"
    # Last, so that every path (BOM, UTF-8, UTF-16, cp874, a guess, HTML and its character
    # references) is covered: a few stray controls (a NUL) become spaces, one for one, so
    # that no record carries them (PostgreSQL text cannot hold a NUL).
    text = controls(text)
    if not text.strip():
        raise EmptyInputError("the input holds no text", path)
    return Decoded(text=text, encoding=encoding, format=fmt, path=path)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one post from a file."""
    return decode_bytes(read_limited(path, max_bytes, regular_only=False), str(path))


def is_url(path: str | Path) -> bool:
    """True for an fsspec URL (``s3://…``, ``file:///…``), read through fsspec rather than the OS.

    >>> is_url("s3://bucket/posts/a.txt"), is_url("posts/a.txt")
    (True, False)
    """
    return isinstance(path, str) and URL.match(path) is not None


def open_url(url: str):
    """A binary file object of ``url``, opened through fsspec (installed with the [dask] extra)."""
    try:
        import fsspec
    except ImportError:
        raise NotAFileError("a URL needs fsspec: pip install 'thai-meeting-extractor[dask]'", url) from None
    try:
        return fsspec.open(url, "rb").open()
    except FileNotFoundError:
        raise MissingPathError("no such file", url) from None
    except (OSError, ValueError, ImportError) as exc:  # ImportError: the protocol's own package is missing
        raise NotAFileError(f"cannot be read: {exc}", url) from exc


def read_limited(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, *, regular_only: bool = True) -> bytes:
    """The bytes of one file (or fsspec URL), never more than ``max_bytes``: reads at most ``max_bytes + 1``.

    :param regular_only: refuse FIFOs, sockets and devices before opening them for reading
        (a FIFO would block a batch forever); a single named input (``extract <(cmd)``) may be one.
    :raises MissingPathError: no such file (or a dangling link).
    :raises NotAFileError: a folder, a special file with ``regular_only``, or unreadable.
    :raises TooLargeError: more than ``max_bytes`` bytes.
    """
    name = str(path)
    if is_url(path):
        try:
            with open_url(name) as handle:
                raw = handle.read(max_bytes + 1)
        except OSError as exc:
            raise NotAFileError(f"cannot be read: {exc}", name) from exc
        if len(raw) > max_bytes:
            raise TooLargeError(f"more than the limit of {max_bytes} bytes", name)
        return raw
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise MissingPathError("no such file", name) from None
    except OSError as exc:  # a link loop, a name too long, no permission on the folder
        raise NotAFileError(f"cannot be read: {exc.strerror or exc}", name) from exc
    if stat.S_ISDIR(status.st_mode):
        raise NotAFileError("is a directory", name)
    if regular_only and not stat.S_ISREG(status.st_mode):
        raise SpecialFileError("not a regular file (a FIFO, socket or device)", name)
    if stat.S_ISREG(status.st_mode) and status.st_size > max_bytes:
        raise TooLargeError(f"{status.st_size} bytes, more than the limit of {max_bytes}", name)
    try:
        # O_NONBLOCK: should the file have become a FIFO since the stat, opening it cannot hang.
        flags = os.O_RDONLY | (os.O_NONBLOCK if regular_only else 0)
        with open(os.open(path, flags), "rb") as handle:
            if regular_only and not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SpecialFileError("not a regular file (a FIFO, socket or device)", name)
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise NotAFileError(f"cannot be read: {exc.strerror or exc}", name) from exc
    if len(raw) > max_bytes:
        raise TooLargeError(f"more than the limit of {max_bytes} bytes", name)
    return raw


def _decode(raw: bytes, path: str | None) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw.decode(encoding), path), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"bytes after the {encoding} byte-order mark are not {encoding}", path) from exc
    if b"\x00" in raw:
        raise BinaryInputError("binary data, not text", path)
    try:
        return _checked(raw.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError as exc:
        if _is_broken_utf8_thai(raw):
            raise DecodeError(f"invalid UTF-8 at byte {exc.start} of Thai UTF-8 text", path) from exc
    try:
        text = raw.decode("cp874")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_thai(text):
        return _checked(text, path), "cp874"
    guess = _guess(raw)
    if guess is not None:
        return _checked(guess[0], path), guess[1]
    raise DecodeError("not UTF-8, UTF-16 or cp874 Thai text", path)


def _is_broken_utf8_thai(raw: bytes) -> bool:
    """Thai in UTF-8 is E0 B8/B9 xx triples; when nearly all high bytes form them, the file is
    damaged UTF-8, not cp874 (whose high bytes are letters in any order)."""
    high = sum(1 for b in raw if b >= 0x80)
    return high > 0 and 3 * len(UTF8_THAI.findall(raw)) >= 0.9 * high


def _guess(raw: bytes) -> tuple[str, str] | None:
    """Last resort for other Thai legacy encodings: charset-normalizer, taken only when it
    is sure and what it reads is Thai (it misreads cp874 as CJK encodings otherwise)."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.1:
        return None
    text = str(best)
    return (text, best.encoding) if _mostly_thai(text) else None


def _checked(text: str, path: str | None) -> str:
    if len(CONTROL.findall(text[:4096])) > 2:
        raise BinaryInputError("binary data, not text", path)
    return text.lstrip("\ufeff")


def _mostly_thai(text: str) -> bool:
    letters = LETTER.findall(text)
    return bool(letters) and len(THAI_LETTER.findall(text)) >= 0.5 * len(letters)
