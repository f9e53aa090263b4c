"""Batch conversion on a Dask cluster (the ``[dask]`` extra): ``extract batch ... --dask [ADDRESS]``
and a Python API over ``dask.bag``.

The client lists the inputs (``batch.list_inputs``, as a local batch does; archive members are
read there, once and in stream order, and travel with their partition) and sends them to the
workers in partitions of ``PARTITION_POSTS``. Each worker process builds the pipeline once
(``pipeline.get()`` keeps it) and converts its partitions. Where each partition goes:

- JSON Lines, Parquet: the worker writes it as one part, under a temporary name renamed to a
  name made from the partition's keys, so a task Dask retries (its worker died) replaces its
  part rather than adding one; the client joins (JSON Lines) or renames (Parquet) at the end;
- PostgreSQL: the worker loads it with COPY and upserts it on the post's path;
- SQLite, CSV, stdout: one writer only, so the worker sends the outcomes back (the rows made
  by the sink's ``encode`` already) and the client writes them as partitions complete.

A partition whose workers Dask saw die too often (``KilledWorker``) is tried again one post at
a time, each alone on the cluster (a death kills every task its worker held, so only then does
a death name its post); a post that kills its worker alone becomes a ``worker_died`` error
record, as locally.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from extractor import DEFAULT_ENGINE, batch
from extractor.decode import DEFAULT_MAX_BYTES
from extractor.errors import ExtractorError, WorkerDiedError

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import distributed

LOCAL = "local"  # --dask without an address: a local cluster of worker processes
# Posts a task converts: small enough that the last tasks leave no worker idle for long (a
# second or two) and a lost worker costs little; large enough that a Parquet part (about 1 MB)
# reads well and the scheduler's cost per task (about a millisecond) stays negligible.
PARTITION_POSTS = 100
CONNECT_TIMEOUT = "20s"
TASKS_PER_THREAD = 3  # partitions in flight per worker thread: each has its next ones waiting


class ClusterError(ExtractorError):
    kind = "cluster"
    hint = "start a scheduler ('dask scheduler') and give its address, and install the [dask] extra"


@dataclass(frozen=True, slots=True)
class Done:
    """What a worker sends back for a partition: counts when it wrote the partition itself,
    the outcomes when the client is the target's one writer."""

    posts: int
    failed: int
    rejected: int = 0  # converted, but refused by the target: error records of kind "sink" now
    outcomes: list[batch.Outcome] | None = None
    # Worker seconds spent converting and writing the partition: where the time goes as workers
    # are added (scripts/bench_dask.py), the target's share growing when it becomes the limit.
    converting: float = 0.0
    writing: float = 0.0


# Worker side ---------------------------------------------------------------------------------

def _ready() -> None:
    """Build this worker process's pipeline (once: ``pipeline.get`` keeps it)."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # set before PyThaiNLP is first imported
    from extractor import pipeline

    pipeline.get()


def convert_partition(name: str, items: list[batch.Item], engine: str, max_bytes: int,
                      writer: Callable[[str, list[batch.Outcome]], int] | None = None,
                      encode: Callable[[str], object] | None = None,
                      convert: Callable[..., batch.Outcome] = batch.convert_with) -> Done:
    """Convert one partition in a worker; ``writer`` (the sink's ``parallel()``) writes it, else
    the outcomes go back to the client with each record ``encode``-d for its sink."""
    _ready()
    started = time.perf_counter()
    outcomes = [convert(item, engine, max_bytes, encode) for item in items]
    failed = sum(outcome.record_json is None for outcome in outcomes)
    converted = time.perf_counter()
    if writer is None:
        return Done(len(outcomes), failed, outcomes=outcomes, converting=converted - started)
    rejected = writer(name, outcomes)
    return Done(len(outcomes), failed, rejected, converting=converted - started, writing=time.perf_counter() - converted)


def partition_name(items: list[batch.Item]) -> str:
    """A name made from the partition's keys: the same on a retry, another for other posts."""
    digest = hashlib.sha256("\n".join(item.key for item in items).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:20]


def partitions(items: Iterable[batch.Item], size: int = PARTITION_POSTS) -> Iterator[list[batch.Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Client side ---------------------------------------------------------------------------------

@contextmanager
def connect(address: str = LOCAL, workers: int | None = None) -> Iterator[distributed.Client]:
    """A client of the cluster at ``address`` (``tcp://host:8786``), or of a local cluster of
    ``workers`` processes (default: one per core) with one thread each, closed on leaving."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("Dask is not installed", address) from None
    if address != LOCAL:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError) as exc:  # distributed raises OSError when no scheduler answers in time
            raise ClusterError(f"cannot reach the Dask scheduler: {exc}", address) from None
        with client:
            yield client
        return
    # One thread a worker: the GIL lets one thread convert at a time anyway, and a spaCy
    # pipeline is not shared between threads. The dashboard on any free port: 8787 may be taken.
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def run(client: distributed.Client, items: Iterable[batch.Item], engine: str, on_done: Callable[[Done], None],
        writer: Callable[[str, list[batch.Outcome]], int] | None = None,
        encode: Callable[[str], object] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
        partition_posts: int = PARTITION_POSTS, convert: Callable[..., batch.Outcome] = batch.convert_with) -> None:
    """Convert ``items`` on ``client``'s cluster, calling ``on_done`` as each partition completes.

    :param writer: what the workers call to write a partition (the sink's ``parallel()``);
        None: the outcomes come back in ``Done.outcomes`` for the client to write.
    :param encode: with no writer, what turns each record into the client's sink's payload.
    :param convert: what a worker does with one post (``batch.convert_with``; a test may kill its worker).
    """
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    run_id = uuid.uuid4().hex[:12]  # two batches on one cluster never share a task key
    inflight: dict[str, tuple[list[batch.Item], bool]] = {}
    pending = as_completed()
    # The posts of partitions whose workers died. A death kills every task its worker held, so
    # each suspect runs alone on the cluster, nothing else in flight: a death then names its post.
    suspects: deque[batch.Item] = deque()

    def submit(chunk: list[batch.Item], alone: bool = False) -> None:
        name = partition_name(chunk)
        key = f"extract-{run_id}-{name}{'-alone' if alone else ''}"
        pending.add(client.submit(convert_partition, name, chunk, engine, max_bytes, writer, encode, convert, key=key))
        inflight[key] = (chunk, alone)

    def refill() -> None:
        if suspects:
            if not inflight:
                submit([suspects.popleft()], alone=True)
            return
        for chunk in islice(chunks, max(0, window - len(inflight))):
            submit(chunk)

    chunks = partitions(batch.loaded(items, max_bytes), partition_posts)
    window = TASKS_PER_THREAD * max(1, sum(client.nthreads().values()))
    try:
        refill()
        for future in pending:
            chunk, alone = inflight.pop(future.key)
            try:
                on_done(future.result())
            except KilledWorker:
                if alone:
                    on_done(_died(chunk[0], writer, encode))
                else:
                    suspects.extend(chunk)
            refill()
    except BaseException:
        client.cancel([future for future in pending.futures])
        raise


def run_into(sink, client: distributed.Client, items: Iterable[batch.Item], engine: str,
             on_done: Callable[[Done], None], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """``run`` into an open sink (``sinks.open_sink``): the workers write it when it takes
    parallel writers (its ``parallel()``), else ``on_done`` gets the outcomes for the sink."""
    parallel = getattr(sink, "parallel", None)
    writer = parallel() if parallel else None
    run(client, items, engine, on_done, writer, None if writer else getattr(sink, "encode", None), max_bytes)


def _died(item: batch.Item, writer, encode) -> Done:
    """The error record of a post whose worker died on it alone, written as its partition would be."""
    error = WorkerDiedError("the worker process died on every attempt at this post", item.key)
    outcome = batch.Outcome(item.key, error_kind=error.kind, error_message=batch._message(error))
    if writer is None:
        return Done(1, 1, outcomes=[outcome])
    return Done(1, 1, writer(partition_name([item]), [outcome]))


# Python API for Dask users ------------------------------------------------------------------

def records(posts: dask.bag.Bag, engine: str = DEFAULT_ENGINE, *, texts: bool = False,
            max_bytes: int = DEFAULT_MAX_BYTES) -> dask.bag.Bag:
    """A bag of records from a bag of posts, converted where the bag's partitions are.

    :param posts: paths (files, folders, .zip / .tar.gz archives, fsspec URLs; each worker must
        reach them) or, with ``texts=True``, the posts' texts.
    :param engine: as ``extractor.extract``'s.
    :returns: one dict a post: its record (as the JSON Lines target holds it), or when it
        failed its error record ``{"path", "kind", "message"}`` (``is_record`` tells them apart).

    >>> import dask.bag as db
    >>> post = "นางสาวสมใจ ใจดี พัฒนาการจังหวัดขอนแก่น ประชุมเวลา 09.00 น."
    >>> bag = records(db.from_sequence([post, ""], npartitions=1), texts=True)
    >>> [(r["persons"][0]["full_name"], r["times"][0]["start"]) if is_record(r) else r["kind"]
    ...  for r in bag.compute(scheduler="sync")]
    [('นางสาวสมใจ ใจดี', '09:00'), 'empty']
    """
    return posts.map_partitions(_records_partition, engine, texts, max_bytes)


def is_record(record: dict) -> bool:
    """True for a converted post's record, False for an error record."""
    return "doc_id" in record


def _records_partition(posts: Iterable[str], engine: str, texts: bool, max_bytes: int) -> list[dict]:
    import json

    _ready()
    if texts:
        return [_text_record(text, engine) for text in posts]
    outcomes = (batch.convert_with(item, engine, max_bytes) for item in batch.loaded(batch.iter_items(posts), max_bytes))
    return [json.loads(o.record_json) if o.record_json is not None else
            {"path": o.key, "kind": o.error_kind, "message": o.error_message} for o in outcomes]


def _text_record(text: str, engine: str) -> dict:
    from extractor import extract
    from extractor.errors import ExtractorError

    try:
        return extract(text, engine).model_dump(mode="json")
    except ExtractorError as exc:
        return {"path": None, "kind": exc.kind, "message": batch._message(exc)}


def documents(posts: dask.bag.Bag, engine: str = DEFAULT_ENGINE, *, texts: bool = False,
              max_bytes: int = DEFAULT_MAX_BYTES) -> dask.dataframe.DataFrame:
    """The ``documents`` table of the database targets, as a Dask DataFrame: one row a converted
    post, the columns of ``sinks.tables.DOCUMENT_COLUMNS`` (``record`` is the whole record as JSON).

    >>> import dask.bag as db
    >>> post = "นางสาวสมใจ ใจดี พัฒนาการจังหวัดขอนแก่น มีผู้เข้าร่วมประชุม 40 คน"
    >>> frame = documents(db.from_sequence([post, ""], npartitions=2), texts=True)
    >>> frame[["attendee_count", "is_online"]].compute(scheduler="sync").values.tolist()
    [[40, False]]
    >>> int(frame.attendee_count.sum().compute(scheduler="sync"))
    40
    """
    import pandas as pd

    meta = pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in document_dtypes().items()})
    return records(posts, engine, texts=texts, max_bytes=max_bytes).filter(is_record).map(_document_row).to_dataframe(meta=meta)


# pandas dtypes of the SQL types of tables.py (nullable ones: a post may have no count; a time is its ISO text);
# any other type stays object.
SQL_DTYPES = {"TEXT": "string", "JSONB": "string", "TIMESTAMPTZ": "string", "BIGINT": "Int64", "INTEGER": "Int64",
              "REAL": "Float64", "BOOLEAN": "boolean"}


def document_dtypes() -> dict[str, str]:
    """Each column of ``documents`` (``DOCUMENT_COLUMNS``) with the pandas dtype of its SQL type
    in the DDL, read from ``tables.py`` so that a column added there comes with its type.

    >>> document_dtypes()["attendee_count"], document_dtypes()["is_online"], document_dtypes()["path"]
    ('Int64', 'boolean', 'string')
    """
    import re

    from extractor.sinks.tables import DOCUMENT_COLUMNS, schema

    ddl = schema("sqlite")
    table = ddl[ddl.index("CREATE TABLE IF NOT EXISTS documents"):]
    table = table[:table.index(");")]
    types = {name: kind.upper() for name, kind in re.findall(r"\b(\w+) ([A-Za-z]+)", table)}
    return {column: SQL_DTYPES.get(types.get(column, ""), "object") for column in DOCUMENT_COLUMNS}


def _document_row(record: dict) -> tuple:
    from datetime import datetime, timezone

    from extractor.sinks.tables import document_row

    source = record["source"] or {}
    return document_row(source.get("path") or "", record, datetime.now(timezone.utc).isoformat(timespec="seconds"))
