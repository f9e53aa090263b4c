"""The largest input the extractor reads; beyond these it raises ``TooLargeError`` at once.

A meeting post is a few thousand characters; a limit a few hundred times larger leaves every
real post alone and keeps a hostile one within seconds and a few hundred megabytes.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 1_000_000  # the decoded text (also spaCy's ``nlp.max_length``)
MAX_INPUT_BYTES = 8_000_000  # the raw bytes: Thai UTF-8 takes 3 a letter, HTML adds markup
MAX_HTML_DEPTH = 4_096  # elements open at once: the HTML parser slows with depth squared
