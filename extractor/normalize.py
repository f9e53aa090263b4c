"""Length-preserving normalization: every step maps one character to one character.

Rules match on the normalized text and cut spans from the original, so offsets hold.
``normalize()`` applies the public steps in this order:

1. ``thai_digits``: ๐-๙ -> 0-9
2. ``spaces``: no-break, zero-width and other odd spaces, and carriage returns -> " "
3. ``dashes``: en and em dashes, minus signs -> "-"
4. ``controls``: C0 control characters other than tab, line feed, form feed and carriage
   return, and DEL -> " " (a NUL from a UTF-16 file read as bytes, an escape code)

>>> normalize("๐๙.๓๐ น.–๑๒.๐๐ น.")
'09.30 น.-12.00 น.'
"""

from __future__ import annotations

import re

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SPACES = str.maketrans({c: " " for c in "\u00a0\u200b\u200c\u200d\ufeff\u2009\u202f\u3000\u2002\u2003\r\t"})
DASHES = str.maketrans({c: "-" for c in "\u2013\u2014\u2012\u2212\u2010\u2011"})
# Keep in sync with decode.CONTROL, which cleans decoded text the same way.
CONTROLS = str.maketrans({c: " " for c in [*map(chr, range(0x09)), "\x0b", *map(chr, range(0x0e, 0x20)), "\x7f"]})
_ALL = {**THAI_DIGITS, **SPACES, **DASHES, **CONTROLS}


def thai_digits(text: str) -> str:
    return text.translate(THAI_DIGITS)


def spaces(text: str) -> str:
    return text.translate(SPACES)


def dashes(text: str) -> str:
    return text.translate(DASHES)


def controls(text: str) -> str:
    """Control characters -> spaces, one for one.

    >>> controls("นาย\\x00สมชาย\\x1b")
    'นาย สมชาย '
    """
    return text.translate(CONTROLS)


_ANY = re.compile("[" + re.escape("".join(map(chr, _ALL))) + "]")


def normalize(text: str) -> str:
    """All steps at once (one translate call: the steps commute); most texts need none, and
    finding that out by regex is several times faster than translating."""
    return text.translate(_ALL) if _ANY.search(text) else text
