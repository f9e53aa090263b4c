"""The largest input the extractor reads; beyond these it raises ``TooLargeError`` at once.

A meeting post is a few thousand characters; a limit a few hundred times larger leaves every
real post alone and keeps a hostile one within seconds and a few hundred megabytes.
"""

from __future__ import annotations

# The decoded text (also spaCy's ``nlp.max_length``). Every step is near-linear, but the worst
# adversarial text measured (a quoted title repeated) costs about 15 s of CPU per million
# characters on the two-core machine this project runs on, under load: at 150,000 characters
# any input takes at most about 2.5 s, so no input of 1 MB takes more than 5 s (a longer one is
# refused at once). The longest real post seen is about 20,000 characters.
MAX_TEXT_CHARS = 150_000
MAX_INPUT_BYTES = 8_000_000  # the raw bytes: Thai UTF-8 takes 3 a letter, HTML adds markup
MAX_HTML_DEPTH = 4_096  # elements open at once: the HTML parser slows with depth squared
