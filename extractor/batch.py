"""Batch conversion: walk folders and archives, convert posts in worker processes, feed a sink.

Inputs are listed in a fixed order (sorted paths; archive members in archive order), so
``--shard i/N`` (every post whose key hashes to i modulo N) splits an archive the same way on
every machine. Each worker builds its own pipeline (a loaded pipeline does not survive
pickling). A post that fails becomes an error record; the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

POST_SUFFIXES = {".txt", ".html", ".htm", ".xml", ".text", ""}
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")


@dataclass(frozen=True, slots=True)
class Item:
    """One post to convert: ``key`` names it (a path, or "archive!member") and stays stable."""

    key: str
    path: str  # the file on disk (the archive, for a member)
    member: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str
    # The record as JSON text, made in the worker: a string crosses the process boundary far
    # faster than a nested dict, and the JSON Lines sink writes it as it is.
    record_json: str | None = None
    error_kind: str | None = None
    error_message: str | None = None
    # What the sink writes, made from the record in the worker by the sink's ``encode`` (a CSV
    # line, database rows): so the main process only writes, and more workers keep scaling.
    payload: object = None

    def encoded(self, encode: Callable[[str], object]) -> object:
        """The sink's payload: made in the worker, or here when the batch ran without the sink's ``encode``."""
        return self.payload if self.payload is not None else encode(self.record_json)


def _is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def iter_items(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every post under ``paths``: files, folders (sorted, dotfiles skipped) and archive members."""
    for root in paths:
        root = Path(root)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and not _hidden(p.relative_to(root)))
        else:
            files = [root]
        for path in files:
            if _is_archive(path):
                yield from _archive_items(path)
            elif path.suffix.lower() in POST_SUFFIXES or not path.exists():
                yield Item(str(path), str(path))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _archive_items(path: Path) -> Iterator[Item]:
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir()]
    else:
        with tarfile.open(path) as archive:
            names = [m.name for m in archive.getmembers() if m.isfile()]
    for name in names:
        if not _hidden(Path(name)):
            yield Item(f"{path}!{name}", str(path), name)


def in_shard(key: str, shard: tuple[int, int] | None) -> bool:
    """True when ``key`` belongs to shard i of N (1-based i), by a hash every machine agrees on."""
    if shard is None:
        return True
    index, count = shard
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def read_item(item: Item) -> bytes:
    if item.member is None:
        return Path(item.path).read_bytes()
    if item.path.lower().endswith(".zip"):
        with zipfile.ZipFile(item.path) as archive:
            return archive.read(item.member)
    with tarfile.open(item.path) as archive:
        handle = archive.extractfile(item.member)
        if handle is None:
            raise OSError(f"{item.member} is not a file")
        return handle.read()


_ENGINE = "rules"
_ENCODE: Callable[[str], object] | None = None


def _init_worker(engine: str, encode: Callable[[str], object] | None = None) -> None:
    global _ENGINE, _ENCODE
    _ENGINE, _ENCODE = engine, encode
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from extractor import pipeline

    pipeline.get()  # build the pipeline once, in this worker


def convert(item: Item) -> Outcome:
    """Convert one post; every failure becomes an error outcome, never an exception."""
    from extractor import extract_bytes, extract_file
    from extractor.errors import ExtractorError

    try:
        if item.member is None:
            record = extract_file(item.path, _ENGINE)
        else:
            record = extract_bytes(read_item(item), item.key, _ENGINE)
        record_json = record.model_dump_json()
        return Outcome(item.key, record_json=record_json, payload=_ENCODE(record_json) if _ENCODE else None)
    except ExtractorError as exc:
        return Outcome(item.key, error_kind=exc.kind, error_message=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad post must not stop a batch
        return Outcome(item.key, error_kind="internal", error_message=f"{type(exc).__name__}: {exc}")


def run(items: list[Item], jobs: int, engine: str, on_outcome: Callable[[Outcome], None],
        encode: Callable[[str], object] | None = None) -> None:
    """Convert ``items`` over ``jobs`` worker processes (1: in this process), in any order;
    ``encode`` (a module-level function) turns each record's JSON into the sink's payload."""
    if jobs <= 1:
        _init_worker(engine, encode)
        for item in items:
            on_outcome(convert(item))
        return
    # forkserver: workers start clean (no copy of this process's state) but start fast.
    context = get_context("forkserver" if "forkserver" in get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(engine, encode)) as pool:
        for outcome in pool.imap_unordered(convert, items, chunksize=32):
            on_outcome(outcome)
