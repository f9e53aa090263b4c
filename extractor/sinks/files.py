"""File targets: a text file written through ``<name>.partial`` and renamed when the batch
completes, and the lock a run holds on its target.

A reader never sees half a file under the final name. ``resume`` continues the partial file
(or the finished one, for a repeat run with ``--resume``); a last row cut by a kill has no
row end yet and is dropped, so every row kept is whole.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

from extractor.sinks import TargetBusyError


def whole_lines(text: str) -> list[str]:
    """The rows of a file of one row a line; the part after the last line break was cut."""
    return [line for line in text.split("\n")[:-1] if line]


class PartialFile:
    def __init__(self, path: Path, resume: bool, header: str = "", encoding: str = "utf-8",
                 rows: Callable[[str], list[str]] = whole_lines) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        if resume and not self.partial.exists() and path.exists():
            os.replace(path, self.partial)
        kept = rows(_read(self.partial, encoding)) if resume else []
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


def _read(path: Path, encoding: str) -> str:
    if not path.exists():
        return ""
    # newline="": a carriage return inside a quoted CSV cell is part of the value.
    with open(path, encoding=encoding, newline="") as handle:
        return handle.read()


class TargetLock:
    """An exclusive ``flock`` on ``<target>.lock``, held for the whole run.

    A second batch into the same target would truncate or interleave the first one's rows, so
    it is refused at once with the holder's pid. The kernel drops the lock when its process
    dies (SIGKILL included), so the file a killed run leaves behind never blocks the next run.
    """

    def __init__(self, target: Path) -> None:
        self.path = target.with_name(target.name + ".lock")
        while True:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the run, closed by release()
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                handle.close()
                raise TargetBusyError(f"another batch (pid {holder}) is writing this target", str(target)) from None
            # The holder before us may have removed the file between our open and our flock:
            # our lock would then be on a file nobody else sees, so take the new one.
            if _same_file(handle, self.path):
                break
            handle.close()
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is None:
            return
        self.path.unlink(missing_ok=True)  # while still held, so no one else locks this inode
        self.handle.close()
        self.handle = None


def _same_file(handle, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle.fileno())
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


# Parts written by the workers of a Dask batch (``extractor.dask``): each partition's part is
# written under a temporary name and renamed to a name of its own, so a task Dask retries (its
# worker died) writes the same part again rather than a second one.

class StaleRunError(Exception):
    """A worker of a batch that has ended (its client was killed) tried to write a part."""


def run_file(target: Path) -> Path:
    return target.with_name(target.name + ".run")


def claim_run(target: Path) -> str:
    """Mark ``target`` as written by a new run (under its lock); its workers carry the token."""
    import uuid

    token = uuid.uuid4().hex
    run_file(target).write_text(token, encoding="utf-8")
    return token


def end_run(target: Path) -> None:
    run_file(target).unlink(missing_ok=True)


def write_part(path: Path, write: Callable[[Path], None], target: Path, token: str) -> None:
    """Write ``path`` through ``write(temporary)``, then rename it into place, unless the run
    ``token`` has ended: a task left running by a killed client must not add a part beside the
    parts of the run that resumed it (the same posts twice)."""
    import threading

    temporary = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    write(temporary)
    try:
        current = run_file(target).read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    if current != token:
        temporary.unlink(missing_ok=True)
        raise StaleRunError(f"the run that wrote {path.name} has ended")
    os.replace(temporary, path)
