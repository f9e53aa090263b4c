"""Batch conversion: walk folders and archives, convert posts in worker processes, feed a sink.

Inputs are listed in a fixed order (sorted paths; archive members sorted by name), so
``--shard i/N`` (every post whose key hashes to i modulo N) splits an archive the same way on
every machine. Each worker builds its own pipeline (a loaded pipeline does not survive
pickling). A post that fails becomes an error record; the batch goes on.

What is not a post is never dropped in silence: a file that the selection (``--include`` /
``--exclude``, hidden names) leaves out is counted in ``Listing.skipped``; what cannot be read
safely (a link out of the input folder, a FIFO, a dangling link, a ``../`` member, a damaged
archive) becomes an error record. Every read is bounded by ``max_bytes``.

Archives are read once, in the main process and in stream order (a .tar.gz cannot seek
cheaply): the members' bytes travel to the workers with the post. Workers are recycled after
``RECYCLE_AFTER`` posts, because spaCy's string store grows with every new word; a worker that
dies (OOM killer, a signal) costs a retry of the posts it held, never a hung batch.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import tarfile
import zipfile
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from itertools import groupby, islice
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path, PurePosixPath

from extractor.decode import DEFAULT_MAX_BYTES, is_url, open_url, read_limited
from extractor.errors import (
    ArchiveError,
    ExtractorError,
    MissingPathError,
    NotAFileError,
    SpecialFileError,
    TooLargeError,
    UnsafeInputError,
    WorkerDiedError,
)

POST_SUFFIXES = {".txt", ".html", ".htm", ".xml", ".text", ""}
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")
CHUNK = 32  # posts a worker takes at a time: few round trips, and a lost worker costs little
RECYCLE_AFTER = 1000  # posts, then a fresh worker (bench_memory.py: RSS stays under 300 MB)
MAX_DEATHS = 2  # a post whose worker dies this often, alone, becomes a worker_died error record
# Errors of reading a damaged archive: zipfile and tarfile raise these, not one base class.
ARCHIVE_FAILURES = (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, OSError, ValueError,
                    NotImplementedError, RuntimeError, KeyError)


@dataclass(frozen=True, slots=True)
class Item:
    """One post to convert: ``key`` names it (a path, or "archive!member") and stays stable."""

    key: str
    path: str  # the file on disk (the archive, for a member)
    member: str | None = None
    data: bytes | None = None  # an archive member's bytes, read in the main process
    error: tuple[str, str] | None = None  # (kind, message): known unreadable while listing


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


@dataclass(frozen=True, slots=True)
class Selection:
    """Which files of a folder (or members of an archive) are posts.

    :param include: globs a post's name or relative path matches; empty: the post suffixes
        (``POST_SUFFIXES``: .txt, .html, .htm, .xml, .text, or none).
    :param exclude: globs that leave a file out even when included.

    >>> Selection().skip_reason("photos/a.JPG"), Selection(exclude=("draft*",)).skip_reason("draft1.txt")
    ('suffix .jpg', 'excluded')
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def skip_reason(self, relative: str) -> str | None:
        """Why the file at ``relative`` is not a post, or None when it is one."""
        path = PurePosixPath(relative)
        if any(part.startswith(".") for part in path.parts):
            return "hidden"
        if self.include:
            if not _matches(path, self.include):
                return "not included"
        elif path.suffix.lower() not in POST_SUFFIXES:
            return f"suffix {path.suffix.lower()}"
        if _matches(path, self.exclude):
            return "excluded"
        return None


def _matches(path: PurePosixPath, globs: tuple[str, ...]) -> bool:
    return any(fnmatch(path.name, glob) or fnmatch(str(path), glob) for glob in globs)


@dataclass
class Listing:
    """The posts of a batch, and what was seen and left out, counted by reason."""

    items: list[Item] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def list_inputs(paths: Iterable[str | Path], selection: Selection = Selection()) -> Listing:
    """Every post under ``paths`` (files, folders, archive members), and the skips counted."""
    listing = Listing()
    listing.items = list(iter_items(paths, selection, listing.skipped))
    return listing


def iter_items(paths: Iterable[str | Path], selection: Selection = Selection(),
               skipped: Counter | None = None) -> Iterator[Item]:
    """Every post under ``paths``: a file named is taken as it is; folders are walked (sorted,
    links not followed out of the folder) and archives opened; ``skipped`` counts what is left out."""
    skipped = Counter() if skipped is None else skipped
    for root in paths:
        if is_url(str(root)):
            yield from _url_items(str(root), selection, skipped)
            continue
        root = Path(root)
        if not root.is_dir():
            yield from (_archive_items(root, selection, skipped) if _is_archive(root) else [Item(str(root), str(root))])
            continue
        for path, problem in _walk(root, selection, skipped):
            if problem is not None:
                yield _error_item(str(path), problem)
            elif _is_archive(path):
                yield from _archive_items(path, selection, skipped)
            else:
                yield Item(str(path), str(path))


def _is_archive(path: Path | str) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def _url_items(url: str, selection: Selection, skipped: Counter) -> Iterator[Item]:
    """The posts at an fsspec URL: a file, an archive, or a folder listed recursively (sorted),
    with the same selection as a local folder. Listed here; each post is read by its worker."""
    from fsspec.core import url_to_fs

    try:
        fs, root = url_to_fs(url)
        is_dir = fs.isdir(root)
        found = sorted(fs.find(root)) if is_dir else []
    except (OSError, ValueError, ImportError) as exc:
        yield _error_item(url, NotAFileError(f"cannot be listed: {exc}", url))
        return
    if not is_dir:
        yield from (_archive_items(url, selection, skipped) if _is_archive(url) else [Item(url, url)])
        return
    for path in found:
        relative = path[len(root):].lstrip("/")
        name = fs.unstrip_protocol(path)
        reason = _archive_skip_reason(relative, selection) if _is_archive(path) else selection.skip_reason(relative)
        if reason is not None:
            skipped[reason] += 1
        elif _is_archive(path):
            yield from _archive_items(name, selection, skipped)
        else:
            yield Item(name, name)


def _open_archive(path: Path | str):
    """The archive's bytes as a seekable binary file: a local file, or an fsspec URL."""
    return open_url(path) if is_url(str(path)) else open(path, "rb")


def _error_item(key: str, error: ExtractorError, path: str | None = None) -> Item:
    return Item(key, path or key, error=(error.kind, _message(error)))


def _message(error: ExtractorError) -> str:
    return f"{error} ({error.hint})" if error.hint else str(error)


def _walk(root: Path, selection: Selection, skipped: Counter) -> list[tuple[Path, ExtractorError | None]]:
    """The files under ``root`` to read, sorted, each with the reason it cannot be read (or None).

    Checked with lstat/stat before anything is opened: a FIFO would block, a link may point
    anywhere (``/etc/passwd``), a link to a folder may loop.
    """
    real_root = root.resolve()
    found: list[tuple[Path, ExtractorError | None]] = []

    def unlisted(exc: OSError) -> None:  # a folder that cannot be read is said, not passed over
        found.append((Path(exc.filename), NotAFileError(f"a folder that cannot be listed: {exc.strerror}", exc.filename)))

    for folder, dirs, files in os.walk(root, onerror=unlisted, followlinks=False):
        folder = Path(folder)
        for name in list(dirs):
            if name.startswith("."):
                dirs.remove(name)
                skipped["hidden"] += 1
            elif (folder / name).is_symlink():  # os.walk does not descend: say so
                files.append(name)
        for name in files:
            path = folder / name
            relative = path.relative_to(root).as_posix()
            reason = _archive_skip_reason(relative, selection) if _is_archive(path) else selection.skip_reason(relative)
            if reason is not None:
                skipped[reason] += 1
                continue
            problem = _unreadable(path, real_root, skipped)
            if problem is not False:
                found.append((path, problem))
    return sorted(found, key=lambda entry: str(entry[0]))


def _archive_skip_reason(relative: str, selection: Selection) -> str | None:
    """An archive in a folder is opened whatever ``--include`` says (it holds posts), unless hidden or excluded."""
    path = PurePosixPath(relative)
    if any(part.startswith(".") for part in path.parts):
        return "hidden"
    return "excluded" if _matches(path, selection.exclude) else None


def _unreadable(path: Path, real_root: Path, skipped: Counter) -> ExtractorError | None | bool:
    """None: a regular file to read; an error: an error record; False: a counted skip."""
    name = str(path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return MissingPathError("a dangling symbolic link", name)
        except (RuntimeError, OSError) as exc:  # Python 3.11 raises RuntimeError on a loop
            return SpecialFileError(f"a symbolic link that cannot be followed ({exc})", name)
        if not target.is_relative_to(real_root):
            return UnsafeInputError("a symbolic link out of the input folder", name)
        if target.is_dir():
            skipped["link to a folder"] += 1  # its files are listed where they are
            return False
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return NotAFileError(f"cannot be read: {exc.strerror or exc}", name)
    if not stat.S_ISREG(mode):
        return SpecialFileError("not a regular file (a FIFO, socket or device)", name)
    return None


def _unsafe_member(name: str) -> bool:
    """A member naming a place outside the archive: absolute, a drive, or climbing with ``..``."""
    posix = PurePosixPath(name.replace("\\", "/"))
    return posix.is_absolute() or ".." in posix.parts or (len(name) > 1 and name[1] == ":")


def _archive_items(path: Path | str, selection: Selection, skipped: Counter) -> Iterator[Item]:
    """The members of one archive that are posts, sorted by name; a damaged archive yields the
    members read before the damage and an error item for the archive itself."""
    names: list[str] = []
    failure: Exception | None = None
    try:
        if str(path).lower().endswith(".zip"):
            with _open_archive(path) as raw, zipfile.ZipFile(raw) as archive:
                names = [i.filename for i in archive.infolist() if not i.is_dir()]
        else:
            with _open_archive(path) as raw, tarfile.open(fileobj=raw) as archive:
                for member in archive:  # one pass in stream order, stopping at the damage
                    if member.isfile():
                        names.append(member.name)
                    elif member.issym() or member.islnk():
                        skipped["link in an archive"] += 1
                    elif not member.isdir():
                        skipped["special file in an archive"] += 1
    except (*ARCHIVE_FAILURES, ExtractorError) as exc:
        failure = exc
    for name in sorted(names):
        key = f"{path}!{name}"
        if _unsafe_member(name):
            yield _error_item(key, UnsafeInputError("an archive member named outside the archive", key), str(path))
            continue
        reason = selection.skip_reason(name)
        if reason is not None:
            skipped[reason] += 1
        else:
            yield Item(key, str(path), name)
    if failure is not None:
        read = f" after {len(names)} members" if names else ""
        error = ArchiveError(f"damaged archive{read}: {type(failure).__name__}: {failure}", str(path))
        yield _error_item(str(path), error)


def in_shard(key: str, shard: tuple[int, int] | None) -> bool:
    """True when ``key`` belongs to shard i of N (1-based i), by a hash every machine agrees on."""
    if shard is None:
        return True
    index, count = shard
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def loaded(items: Iterable[Item], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """``items`` with every archive member's bytes read: each archive opened once and read in
    stream order (reopening it per member made a batch quadratic in the archive's size)."""
    for (path, in_archive), group in groupby(items, key=lambda i: (i.path, i.member is not None and i.error is None)):
        if not in_archive:
            yield from group
        elif path.lower().endswith(".zip"):
            yield from _read_zip(path, list(group), max_bytes)
        else:
            yield from _read_tar(path, list(group), max_bytes)


def _read_zip(path: str, items: list[Item], max_bytes: int) -> Iterator[Item]:
    try:
        raw = _open_archive(path)
        archive = zipfile.ZipFile(raw)
    except (*ARCHIVE_FAILURES, ExtractorError) as exc:
        yield from (_error_item(i.key, ArchiveError(f"cannot open the archive: {exc}", i.key), path) for i in items)
        return
    with raw, archive:
        for item in items:
            try:
                info = archive.getinfo(item.member)
                if info.file_size > max_bytes:  # declared: refused before inflating a byte
                    raise TooLargeError(f"{info.file_size} bytes, more than the limit of {max_bytes}", item.key)
                with archive.open(info) as handle:
                    data = handle.read(max_bytes + 1)  # a lying header still stops here
                if len(data) > max_bytes:
                    raise TooLargeError(f"more than the limit of {max_bytes} bytes", item.key)
                yield replace(item, data=data)
            except ExtractorError as exc:
                yield _error_item(item.key, exc, path)
            except ARCHIVE_FAILURES as exc:
                yield _error_item(item.key, ArchiveError(f"damaged member: {type(exc).__name__}: {exc}", item.key), path)


def _read_tar(path: str, items: list[Item], max_bytes: int) -> Iterator[Item]:
    wanted = {item.member: item for item in items}
    failure = "the member is no longer in the archive"
    try:
        with _open_archive(path) as raw, tarfile.open(fileobj=raw) as archive:
            for member in archive:
                item = wanted.pop(member.name, None) if member.isfile() else None
                if item is None:
                    continue
                if member.size > max_bytes:  # tar headers give the true size: skip without reading
                    yield _error_item(item.key, TooLargeError(
                        f"{member.size} bytes, more than the limit of {max_bytes}", item.key), path)
                else:
                    yield replace(item, data=archive.extractfile(member).read(max_bytes + 1))
                if not wanted:
                    return
    except (*ARCHIVE_FAILURES, ExtractorError) as exc:
        failure = f"damaged archive: {type(exc).__name__}: {exc}"
    for item in wanted.values():
        yield _error_item(item.key, ArchiveError(failure, item.key), path)


_ENGINE = "rules"
_ENCODE: Callable[[str], object] | None = None
_MAX_BYTES = DEFAULT_MAX_BYTES


def _init_worker(engine: str, encode: Callable[[str], object] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 in_worker: bool = True) -> None:
    global _ENGINE, _ENCODE, _MAX_BYTES
    if in_worker:
        # Ctrl-C reaches the whole process group: the main process alone handles it (and stops
        # the workers), so no worker prints a KeyboardInterrupt traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _ENGINE, _ENCODE, _MAX_BYTES = engine, encode, max_bytes
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from extractor import pipeline

    pipeline.get()  # build the pipeline once, in this worker


def convert(item: Item) -> Outcome:
    """Convert one post with this worker's settings (``_init_worker``); every failure becomes an
    error outcome, never an exception."""
    return convert_with(item, _ENGINE, _MAX_BYTES, _ENCODE)


def convert_with(item: Item, engine: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 encode: Callable[[str], object] | None = None) -> Outcome:
    """Convert one post with the settings given (a Dask worker's threads may serve several batches)."""
    from extractor import extract_bytes

    if item.error is not None:
        return Outcome(item.key, error_kind=item.error[0], error_message=item.error[1])
    try:
        raw = item.data if item.data is not None else read_limited(item.path, max_bytes)
        record_json = extract_bytes(raw, item.key, engine).model_dump_json()
        return Outcome(item.key, record_json=record_json, payload=encode(record_json) if encode else None)
    except ExtractorError as exc:
        return Outcome(item.key, error_kind=exc.kind, error_message=_message(exc))
    except Exception as exc:  # noqa: BLE001 - one bad post must not stop a batch
        return Outcome(item.key, error_kind="internal", error_message=f"{type(exc).__name__}: {exc}")


def _convert_chunk(work: Callable[[Item], Outcome], chunk: list[Item]) -> list[Outcome]:
    return [work(item) for item in chunk]


def run(items: Iterable[Item], jobs: int, engine: str, on_outcome: Callable[[Outcome], None],
        encode: Callable[[str], object] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
        recycle_after: int = RECYCLE_AFTER, work: Callable[[Item], Outcome] = convert) -> None:
    """Convert ``items`` over ``jobs`` worker processes (1: in this process), in any order.

    :param encode: a module-level function turning each record's JSON into the sink's payload.
    :param max_bytes: the most a post may hold; a larger one is a ``too_large`` error record.
    :param recycle_after: posts a worker converts before a fresh one replaces it.
    :param work: what a worker does with one item (``convert``; a test may kill its worker).
    """
    if jobs <= 1:
        _init_worker(engine, encode, max_bytes, in_worker=False)
        for item in loaded(items, max_bytes):
            on_outcome(work(item))
        return
    _Pool(jobs, (engine, encode, max_bytes), max(1, recycle_after // CHUNK), work).run(loaded(items, max_bytes),
                                                                                         on_outcome)


def _start_forkserver_deaf_to_ctrl_c(context) -> None:
    """Start the forkserver with SIGINT blocked: every worker it forks inherits the mask, so a
    Ctrl-C to the process group cannot interrupt a worker even while it starts (before
    ``_init_worker`` ignores SIGINT), and the main process alone handles it."""
    if context.get_start_method() != "forkserver" or not hasattr(signal, "pthread_sigmask"):
        return
    from multiprocessing import forkserver

    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Pool:
    """Chunks of posts over worker processes that may die.

    When a worker dies, every chunk in flight is lost (``BrokenProcessPool`` does not say whose
    it was): their posts are retried one at a time, alone in a fresh pool, so a death is then
    laid at the right post; a post that dies alone ``MAX_DEATHS`` times is an error record.
    """

    def __init__(self, jobs: int, initargs: tuple, tasks_per_worker: int, work: Callable[[Item], Outcome]) -> None:
        self.jobs, self.initargs, self.tasks_per_worker, self.work = jobs, initargs, tasks_per_worker, work
        # forkserver: workers start clean (no copy of this process's state) but start fast.
        self.context = get_context("forkserver" if "forkserver" in get_all_start_methods() else "spawn")
        _start_forkserver_deaf_to_ctrl_c(self.context)
        self.executor = self._new_executor()
        self.inflight: dict[Future, list[Item]] = {}
        self.suspects: deque[Item] = deque()
        self.deaths: Counter = Counter()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_init_worker,
                                   initargs=self.initargs, max_tasks_per_child=self.tasks_per_worker)

    def run(self, items: Iterator[Item], on_outcome: Callable[[Outcome], None]) -> None:
        try:
            while True:
                self._fill(items, on_outcome)
                if not self.inflight:
                    break
                done, _ = wait(self.inflight, return_when=FIRST_COMPLETED)
                self._collect(done, on_outcome)
        except BaseException:
            self._stop()
            raise
        self.executor.shutdown(wait=True)

    def _fill(self, items: Iterator[Item], on_outcome: Callable[[Outcome], None]) -> None:
        if self.suspects:  # alone, so that a death names its post
            if not self.inflight:
                self._submit([self.suspects.popleft()])
            return
        while len(self.inflight) < 2 * self.jobs:  # each worker has its next chunk waiting
            chunk = []
            for item in islice(items, CHUNK):
                if item.error is not None:  # known while listing: no worker needed
                    on_outcome(convert(item))
                else:
                    chunk.append(item)
            if not chunk:
                return
            self._submit(chunk)

    def _submit(self, chunk: list[Item]) -> None:
        try:
            future = self.executor.submit(_convert_chunk, self.work, chunk)
        except BrokenProcessPool as exc:  # a worker died since the last wait: lost like the others
            future = Future()
            future.set_exception(exc)
        self.inflight[future] = chunk

    def _collect(self, done: set[Future], on_outcome: Callable[[Outcome], None]) -> None:
        lost: list[list[Item]] = []
        self._take(done, lost, on_outcome)
        if not lost:
            return
        # The pool is broken: every other chunk in flight fails as well (or finished just before).
        rest = list(self.inflight)
        wait(rest)
        self._take(rest, lost, on_outcome)
        self.executor.shutdown(wait=True)
        self.executor = self._new_executor()
        if len(lost) == 1 and len(lost[0]) == 1 and lost[0][0].key in self.deaths:  # a suspect died alone
            self._died_alone(lost[0][0], on_outcome)
            return
        for chunk in lost:
            for item in chunk:
                self.deaths.setdefault(item.key, 0)
                self.suspects.append(item)

    def _take(self, futures: Iterable[Future], lost: list[list[Item]], on_outcome: Callable[[Outcome], None]) -> None:
        """Pass on the outcomes of finished chunks; add the chunks whose worker died to ``lost``."""
        for future in futures:
            chunk = self.inflight.pop(future)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                lost.append(chunk)
                continue
            for outcome in outcomes:
                on_outcome(outcome)

    def _died_alone(self, item: Item, on_outcome: Callable[[Outcome], None]) -> None:
        self.deaths[item.key] += 1
        if self.deaths[item.key] < MAX_DEATHS:
            self.suspects.appendleft(item)
            return
        error = WorkerDiedError(f"the worker process died {self.deaths[item.key]} times on this post", item.key)
        on_outcome(Outcome(item.key, error_kind=error.kind, error_message=_message(error)))

    def _stop(self) -> None:
        """Interrupted: end the workers now rather than after their chunks."""
        # ProcessPoolExecutor has no public way to end its workers at once (terminate_workers
        # comes in Python 3.14); its _processes map is the one handle there is.
        processes = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
