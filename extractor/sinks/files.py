"""A text file written through ``<name>.partial`` and renamed when the batch completes.

A reader never sees half a file under the final name. ``resume`` continues the partial file
(or the finished one, for a repeat run with ``--resume``); a last line cut by a kill has no
line break yet and is dropped, so every row kept is whole.
"""

from __future__ import annotations

import os
from pathlib import Path


class PartialFile:
    def __init__(self, path: Path, resume: bool, header: str = "", encoding: str = "utf-8") -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        if resume and not self.partial.exists() and path.exists():
            os.replace(path, self.partial)
        kept = _whole_lines(self.partial, encoding) if resume else []
        if header and kept and kept[0] == header.rstrip("\n"):
            kept = kept[1:]
        self.rows = kept
        self.handle = open(self.partial, "w", encoding=encoding, newline="")
        self.handle.write(header)
        for row in kept:
            self.handle.write(row + "\n")
        self.handle.flush()

    def write_line(self, line: str) -> None:
        self.handle.write(line + "\n")

    def close(self, complete: bool) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if complete:
            os.replace(self.partial, self.path)


def _whole_lines(path: Path, encoding: str) -> list[str]:
    if not path.exists():
        return []
    text = path.read_text(encoding=encoding)
    return [line for line in text.split("\n")[:-1] if line]  # the part after the last "\n" was cut
