"""The ``extract`` command: a thin click group over the library.

``extract FILE...`` is short for ``extract run FILE...``, and ``extract`` alone with a post
piped in is short for ``extract run -``; other verbs are subcommands. The exit statuses are
listed once, in ``EXIT_STATUSES``, for the help text and the code alike.
"""

from __future__ import annotations

import inspect
import json
import os
import sys

import click

import schemas
from extractor import DEFAULT_ENGINE, ENGINES
from extractor.decode import DEFAULT_MAX_BYTES

# Nothing may be downloaded at run time: PyThaiNLP must use what is bundled.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
# Keep in sync with the README's "Use" section; the group's help is built from this table.
EXIT_STATUSES = (
    (EXIT_OK, "every input converted"),
    (EXIT_INPUT, "some input could not be converted (one line each on stderr)"),
    (EXIT_USAGE, "usage error, or no argument and nothing piped in (after the help)"),
    (EXIT_SOME_FAILED, "a batch ran, but some posts became error records"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
)
STDIN_NAME = "<stdin>"
# What to do when stdin, rather than a file, is empty: the library's hint speaks of files.
STDIN_HINTS = {"empty": "pipe a post in, e.g. cat post.txt | extract"}


def _stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


class _DefaultRun(click.Group):
    """A group whose first argument, when it is neither a subcommand nor one of the group's own
    options, is a file for ``run``; with no argument and a post piped in, ``run`` reads stdin."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in self._own_options(ctx):
            args = ["run", *args]
        elif not args and not _stdin_is_terminal():
            args = ["run"]
        return super().parse_args(ctx, args)

    def _own_options(self, ctx: click.Context) -> set[str]:
        return {opt for param in self.get_params(ctx) for opt in (*param.opts, *param.secondary_opts)}

    def invoke(self, ctx: click.Context):
        # click turns Ctrl-C into "Aborted!" and status 1; the documented status is 130.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("extract: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


def _exit_status_help() -> str:
    return "\n".join(f"  {code:<4}{meaning}" for code, meaning in EXIT_STATUSES)


@click.group(cls=_DefaultRun, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="thai-meeting-extractor")
def cli() -> None:
    """Turn Thai meeting-report posts into JSON records.

    \b
    Examples:
      extract post.txt                  one post -> one JSON record
      extract a.txt b.html c.txt        several -> JSON Lines, one record a line
      extract a.txt b.txt --pretty      several -> one indented JSON array
      cat post.txt | extract            read the post from stdin (or: extract -)
      extract text post.html            the text every span's start and end index into
      extract show post.txt             a review page: post.txt.html, values marked in the text
      extract report r.sqlite           a page of charts over a batch target: r.sqlite.html
      extract schema > record.json      the JSON Schema of the record
      extract eval --split test         accuracy per field on the corpus test split
      extract post.txt --engine rules   the rules alone (fastest)
      extract train --thainer PATH      rebuild the NER model and the person tagger
      extract batch dir/ --out r.sqlite convert an archive in parallel

    Files may be UTF-8 (with or without BOM), UTF-16 with BOM or cp874 (TIS-620), as text
    or HTML. With no argument and nothing piped in, this help is printed (status 2).
    """


cli.help = f"{inspect.cleandoc(cli.help)}\n\n\b\nExit status:\n{_exit_status_help()}"


@cli.command("run")
@click.argument("paths", nargs=-1, metavar="[FILE]...")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="rules (the rules alone), model (the NER model alone), hybrid (the rules and the "
                   "person tagger) or hybrid-ner (hybrid and the NER model: most accurate, slowest).")
@click.option("--jsonl/--pretty", "jsonl", default=None,
              help="One record a line (default for several files) or indented JSON (default for one; "
                   "for several, one JSON array of records).")
def run_command(paths: tuple[str, ...], engine: str, jsonl: bool | None) -> None:
    """Extract the record of each FILE ('-' reads stdin; with no FILE, a post piped in is read).

    \b
    Examples:
      extract run post.txt        (the same as: extract post.txt)
      cat post.txt | extract      (the same as: extract run -)
      extract a.txt b.txt --pretty > records.json
    """
    from extractor import extract_bytes, extract_file

    if not paths:
        if _stdin_is_terminal():
            raise click.UsageError("give a FILE, or pipe a post in: cat post.txt | extract")
        paths = ("-",)
    failed = 0
    writer = _RecordWriter(_layout(jsonl, len(paths)))
    for path in paths:
        try:
            record = extract_bytes(_read_stdin(), None, engine) if path == "-" else extract_file(path, engine)
        except Exception as exc:  # noqa: BLE001 - one bad post must not stop the others
            failed += 1
            _error(_input_error_line(path, exc))
            continue
        writer.write(record.model_dump(mode="json"))
    writer.close()
    sys.exit(EXIT_INPUT if failed else EXIT_OK)


@cli.command("text")
@click.argument("path", metavar="FILE")
def text_command(path: str) -> None:
    """Print FILE's text as the record's spans see it ('-' reads stdin).

    This is the text after decoding (UTF-8, UTF-16 or cp874) and, for HTML, after reducing
    the page to its article text; every span's start and end index into it, counting
    characters (a CRLF line end is two). It is written as UTF-8, unchanged: no newline is
    added and '\\r' is kept.

    \b
    Examples:
      extract text post.html > post.txt
      cat post.txt | extract text -
    """
    from extractor.decode import decode_bytes, read_path

    try:
        decoded = decode_bytes(_read_stdin()) if path == "-" else read_path(path)
    except Exception as exc:  # noqa: BLE001 - reported on one line like run's errors
        _error(_input_error_line(path, exc))
        sys.exit(EXIT_INPUT)
    _out(decoded.text)


def _input_error_line(path: str, exc: Exception) -> str:
    """One line for stderr: where, what went wrong, and what to do about it."""
    from extractor.errors import ExtractorError

    if not isinstance(exc, ExtractorError):
        return f"{path}: internal error ({type(exc).__name__}: {exc}); please report it with the file"
    if path != "-":
        return exc.one_line()
    hint = STDIN_HINTS.get(exc.kind, exc.hint)
    return f"{STDIN_NAME}: {exc}" + (f" ({hint})" if hint else "")


def _page_target(path: str, out: str | None) -> str:
    """Where ``show`` writes: ``-o`` when given, else stdout for stdin, else ``FILE.html`` beside FILE."""
    if out:
        return out
    return "-" if path == "-" else path + ".html"


def _write_page(html: str, target: str) -> None:
    if target == "-":
        _out(html)
    else:
        with open(target, "w", encoding="utf-8") as f:
            f.write(html)
        click.echo(f"extract: wrote {target}", err=True)


@cli.command("show")
@click.argument("path", metavar="FILE")
@click.option("-o", "--out", metavar="PAGE", help="Write the page here ('-': stdout) [default: FILE.html beside "
                                                 "FILE, e.g. post.txt -> post.txt.html; stdout when FILE is '-'].")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="rules, model, hybrid or hybrid-ner, as for extract.")
def show_command(path: str, out: str | None, engine: str) -> None:
    """Write a review page of one post: FILE's text with every value of its record marked.

    One self-contained HTML file that works offline: hover over or select a mark to see its
    normalized value; the record is a table beside the text, with its warnings. FILE is read
    as extract reads it ('-' reads stdin; HTML and legacy encodings too). Without -o the page
    is written beside FILE as FILE.html (post.txt -> post.txt.html), or to stdout for '-'.

    \b
    Examples:
      extract show post.txt                  writes post.txt.html
      extract show page.html -o review.html
      cat post.txt | extract show - > review.html
    """
    from extractor import _from_decoded
    from extractor.decode import decode_bytes, read_path
    from extractor.show import render

    try:
        decoded = decode_bytes(_read_stdin()) if path == "-" else read_path(path)
        record = _from_decoded(decoded, engine)
    except Exception as exc:  # noqa: BLE001 - reported on one line like run's errors
        _error(_input_error_line(path, exc))
        sys.exit(EXIT_INPUT)
    _write_page(render(decoded.text, record, engine), _page_target(path, out))


@cli.command("report")
@click.argument("target", metavar="TARGET")
@click.option("-o", "--out", metavar="PAGE", help="Write the page here ('-': stdout) [default: TARGET.html beside "
                                                 "the target, e.g. records.sqlite -> records.sqlite.html; "
                                                 "report.html in the working directory for a postgresql:// URL].")
def report_command(target: str, out: str | None) -> None:
    """Write a page of charts over a batch target (what extract batch --out wrote).

    TARGET is a .sqlite file, a .jsonl file, a .parquet dataset folder or a postgresql://
    URL. The page is one self-contained HTML file (plotly.js inside, nothing fetched when it
    opens): posts converted and failed by error kind, posts per month of the event date, per
    province, online share and platforms, the most frequent roles and chairs, attendee counts
    and the most mentioned projects. The figures are counted in the database (SQL) or with
    Arrow; a target without the event's columns falls back, and the chart says how.

    \b
    Examples:
      extract report records.sqlite                 writes records.sqlite.html
      extract report records.parquet -o report.html
      extract report postgresql://localhost/posts -o report.html
    """
    from extractor import report

    try:
        summary = report.summarize(target)
    except report.ReportTargetError as exc:
        raise click.UsageError(exc.one_line()) from None
    default = "report.html" if report.target_kind(target) == "postgresql" else target.rstrip("/") + ".html"
    _write_page(report.render(summary), out or default)


@cli.command("eval")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default="test", show_default=True,
              help="Corpus split to score when PATH is not given (corpus/<split>).")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="rules, model or hybrid.")
@click.option("--misses", is_flag=True, help="Also list every missed and spurious value.")
@click.option("--thainer-lines", type=click.Choice(["heldout", "tune", "all"]), default="heldout", show_default=True,
              help="ThaiNER lines to score: the held-out blocks (lines 1001-1250, 2251-2500, …: never trained or tuned on), "
                   "the rest (to tune rules on), or all.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, writable=True),
              help="Write the figures as JSON to this file.")
def eval_command(path: str | None, split: str, engine: str, misses: bool, thainer_lines: str,
                 json_out: str | None) -> None:
    """Score the extractor: precision, recall and F1 per field.

    PATH is a folder of posts with gold records (corpus/README.md), or ThaiNER's tagged
    text (persons against PERSON spans, provinces against LOCATION spans naming a
    province, times and dates against TIME/DATE spans holding a digit).

    \b
    Examples:
      extract eval --split test
      extract eval corpus/dev --misses
      extract eval ../shared/eval/thainer/train.txt --json thainer.json
    """
    from pathlib import Path

    from extractor import evaluate, thainer

    target = Path(path) if path else Path("corpus") / ("" if split == "all" else split)
    is_thainer = thainer.is_thainer_file(target)
    if is_thainer:
        lines = thainer.read_lines(target)
        if thainer_lines != "all":
            from extractor.training import is_heldout, trains

            keep = is_heldout if thainer_lines == "heldout" else trains
            lines = (line for line in lines if keep(line.number))
        report = thainer.evaluate_thainer(lines, engine)
        _out(_thainer_table(report) + "\n")
        if misses:
            _out("".join(f"line {n}\t{f}\t{k}\t{t}\n" for n, f, k, t in report.misses))
        figures = report.as_dict()
    else:
        posts = evaluate.load_gold(target)
        if not posts:
            raise click.UsageError(f"no posts with gold records under {target}; give a corpus folder or ThaiNER file")
        report = evaluate.evaluate_corpus(posts, engine)
        _out(evaluate.format_table(report) + "\n")
        if misses:
            _out("".join(f"{m.post}\t{m.field}\t{m.kind}\t{m.item}\n" for m in report.misses))
        figures = report.as_dict()
    figures.update(path=str(target), engine=engine)
    if is_thainer:
        figures["thainer_lines"] = thainer_lines
    if json_out:
        Path(json_out).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _thainer_table(report) -> str:
    from extractor.evaluate import Report, format_table

    table = format_table(Report(scores=report.scores, posts=report.lines)).replace(" posts)", " lines)")
    guide = Report(scores=report.guide_scores, posts=report.lines)
    aligned = format_table(guide).splitlines()[1:-1]
    return table + "\nwithout durations and years alone (the record's guide):\n" + "\n".join(aligned)


# Where 'extract train' writes by default: the working directory, never the installed package.
TRAINED_NER = os.path.join("models", "meeting_ner")
TRAINED_TAGGER = os.path.join("models", "person_tagger.json")
# Named here, not imported: the components import spaCy, which would slow every command's start.
# Keep in sync with model_ner.MODEL_ENV and person_tagger.MODEL_ENV (a test checks).
NER_MODEL_ENV, TAGGER_MODEL_ENV = "EXTRACT_NER_MODEL", "EXTRACT_PERSON_TAGGER"


@cli.command("train")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), default="corpus", show_default=True,
              help="Corpus folder with train/ and dev/ splits.")
@click.option("--thainer", type=click.Path(exists=True, dir_okay=False),
              help="ThaiNER's train.txt: its lines outside the held-out blocks join the training data.")
@click.option("--out", type=click.Path(file_okay=False), default=TRAINED_NER, show_default=True,
              help=f"Where to write the NER model; use it with {NER_MODEL_ENV}=PATH.")
@click.option("--tagger-out", type=click.Path(dir_okay=False), default=TRAINED_TAGGER, show_default=True,
              help=f"Where to write the person tagger; use it with {TAGGER_MODEL_ENV}=PATH.")
@click.option("--only", type=click.Choice(["ner", "tagger"]), default=None,
              help="Rebuild one model only (the tagger takes seconds, the NER model minutes).")
@click.option("--epochs", type=int, default=12, show_default=True, help="NER training epochs.")
def train_command(corpus: str, thainer: str | None, out: str | None, tagger_out: str | None, only: str | None,
                  epochs: int) -> None:
    """Rebuild the NER model (from extractor/data/ner.cfg) and the person tagger from the corpus
    train split and, when given, ThaiNER's lines outside its held-out blocks. The tagger needs
    scikit-learn: pip install 'thai-meeting-extractor[train]'.

    The models are written under ./models, not over the ones the package ships. extract
    uses them when EXTRACT_NER_MODEL and EXTRACT_PERSON_TAGGER name them (batch workers
    too); without these it loads the shipped ones from the package's extractor/models/.

    \b
    Examples:
      extract train --thainer ../shared/eval/thainer/train.txt
      extract train --thainer ../shared/eval/thainer/train.txt --only tagger
      EXTRACT_PERSON_TAGGER=models/person_tagger.json extract eval --split test
    """
    from pathlib import Path

    from extractor import training

    thainer_path = Path(thainer) if thainer else None

    def log(message: str) -> None:
        click.echo(message, err=True)

    if only != "ner":  # checked first: the NER model takes minutes to train before the tagger
        try:
            import sklearn  # noqa: F401
        except ImportError:
            raise click.ClickException("the tagger's training needs scikit-learn: "
                                       "pip install 'thai-meeting-extractor[train]'") from None
    if only != "tagger":
        target = Path(out)
        training.train(Path(corpus), thainer_path, target, epochs, log=log)
        log(f"NER model written to {target}; use it with: {NER_MODEL_ENV}={target} extract ...")
    if only != "ner":
        target = Path(tagger_out)
        training.train_person_tagger(Path(corpus), thainer_path, target, log=log)
        log(f"person tagger written to {target}; use it with: {TAGGER_MODEL_ENV}={target} extract ...")


def _shard(_ctx, _param, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(x) for x in value.split("/"))
    except ValueError:
        raise click.BadParameter("write it as i/N, e.g. 2/4") from None
    if not 1 <= index <= count:
        raise click.BadParameter("i must be between 1 and N")
    return index, count


DASK_LOCAL = "local"  # keep in sync with extractor.dask.LOCAL (not imported: Dask is optional and slow to import)


def _dask_address(_ctx, _param, value: str | None) -> str | None:
    """--dask's value: "local", or a scheduler address (a path given right after --dask is no address)."""
    if value is None or value == DASK_LOCAL or "://" in value or value.rpartition(":")[2].isdigit():
        return value
    raise click.BadParameter(f"{value!r} is no scheduler address: give tcp://host:8786, or put --dask after the paths")


@cli.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--out", "target", required=True,
              help="Target: a .jsonl, .csv, .parquet or .sqlite path, a postgresql:// URL, or '-' (JSON Lines on stdout).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: every core].")
@click.option("--resume", is_flag=True, help="Convert only the posts the target does not hold yet.")
@click.option("--shard", callback=_shard, metavar="i/N", help="Convert only shard i of N (the same split on every machine).")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="rules (the rules alone), model (the NER model alone), hybrid (the rules and the "
                   "person tagger) or hybrid-ner (hybrid and the NER model: most accurate, slowest).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Take the files of folders and archives whose name or relative path matches GLOB "
                   "(repeatable) [default: .txt .html .htm .xml .text and no suffix]. Archives are always opened.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out the files matching GLOB (repeatable).")
@click.option("--max-bytes", type=click.IntRange(min=1, max=DEFAULT_MAX_BYTES), default=DEFAULT_MAX_BYTES,
              show_default=True,
              help="Largest post read, in bytes (at most the extractor's own limit, the default); a larger file "
                   "or archive member becomes a too_large error record.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: when stderr is a terminal].")
@click.option("--dask", "dask_address", is_flag=False, flag_value=DASK_LOCAL, default=None, metavar="[ADDRESS]",
              callback=_dask_address,
              help="Convert on a Dask cluster (needs the [dask] extra): the scheduler at ADDRESS (tcp://host:8786), "
                   "or without one a local cluster of --jobs worker processes. Give it after the paths.")
def batch_command(paths: tuple[str, ...], target: str, jobs: int | None, resume: bool,
                  shard: tuple[int, int] | None, engine: str, include: tuple[str, ...], exclude: tuple[str, ...],
                  max_bytes: int, progress: bool | None, dask_address: str | None) -> None:
    """Convert folders, files and .zip / .tar.gz archives of posts into a target.

    Every post that fails becomes an error record (path, kind, message) and the batch goes
    on; the exit status is then 3. Files that are not posts (by --include / --exclude) are
    counted in the summary. Interrupted (Ctrl-C), it prints the command that resumes it and
    exits with status 130.

    \b
    Examples:
      extract batch archive/ --out records.jsonl
      extract batch posts.zip --out records.sqlite --jobs 2
      extract batch scraped/ --out r.jsonl --include '*.html' --exclude 'menu*'
      extract batch archive/ --out records.sqlite --resume          after an interruption
      extract batch archive/ --out part2.jsonl --shard 2/4          one machine of four
      extract batch archive/ --out records.parquet --dask            a local Dask cluster
      extract batch /shared/archive/ --out r.parquet --dask tcp://scheduler:8786
    """
    import time

    from tqdm import tqdm

    from extractor import batch
    from extractor.errors import ExtractorError
    from extractor.sinks import open_sink

    try:
        listing = batch.list_inputs(paths, batch.Selection(include, exclude))
    except KeyboardInterrupt:  # listing a large archive takes a while: Ctrl-C there too
        click.echo(f"extract: interrupted while listing the inputs; to start again, run:\n  {_resume_command()}",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    items = [item for item in listing.items if batch.in_shard(item.key, shard)]
    try:
        sink = open_sink(target, resume)
    except ExtractorError as exc:
        raise click.UsageError(exc.one_line()) from None
    done = sink.done_keys() if resume else set()
    todo = [item for item in items if item.key not in done]
    failed = finished = rejected = 0
    started = time.perf_counter()
    bar = tqdm(total=len(todo), unit="post", file=sys.stderr, disable=None if progress is None else not progress)

    def on_outcome(outcome) -> None:
        nonlocal failed, finished
        sink.write(outcome)
        finished += 1
        if outcome.record_json is None:
            failed += 1
            bar.set_postfix(failed=failed, refresh=False)
        bar.update()

    def on_partition(done) -> None:  # Dask: a partition the workers wrote, or its outcomes to write here
        nonlocal failed, finished, rejected
        if done.outcomes is not None:
            for outcome in done.outcomes:
                on_outcome(outcome)
            return
        finished += done.posts
        failed += done.failed
        rejected += done.rejected
        bar.set_postfix(failed=failed + rejected, refresh=False)
        bar.update(done.posts)

    try:
        if dask_address is None:
            batch.run(todo, jobs or os.cpu_count() or 1, engine, on_outcome, getattr(sink, "encode", None), max_bytes)
        else:
            _run_on_dask(todo, dask_address, jobs, engine, max_bytes, sink, on_partition)
    except KeyboardInterrupt:
        bar.close()
        sink.close(complete=False)
        click.echo(f"extract: interrupted after {finished} of {len(todo)} posts; to finish, run:\n  {_resume_command()}",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    bar.close()
    sink.close(complete=True)
    failed += sink.rejected + rejected  # posts converted but refused by the target: error records of kind "sink"
    elapsed = time.perf_counter() - started
    rate = len(todo) / elapsed if elapsed else 0.0
    click.echo(
        f"extract batch: {len(todo) - failed} converted, {failed} failed, {len(done)} already done, "
        f"{len(items)} in all{_skipped_note(listing.skipped)}; {elapsed:.1f} s ({rate:.0f} posts/s) -> {target}",
        err=True,
    )
    if failed:
        click.echo(f"extract batch: error records in {_errors_location(sink, target)}", err=True)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _run_on_dask(todo, address: str, jobs: int | None, engine: str, max_bytes: int, sink, on_partition) -> None:
    """Convert ``todo`` on a Dask cluster (the local one of ``jobs`` workers, or the one at ``address``)."""
    from contextlib import ExitStack

    from extractor import dask as on_dask

    with ExitStack() as stack:
        try:
            client = stack.enter_context(on_dask.connect(address, jobs))
        except on_dask.ClusterError as exc:
            sink.close(complete=False)
            raise click.UsageError(exc.one_line()) from None
        on_dask.run_into(sink, client, todo, engine, on_partition, max_bytes)


def _resume_command() -> str:
    """The command line of this run with --resume: what a user pastes to finish the batch."""
    import shlex

    args = sys.argv[1:]
    return shlex.join(["extract", *args, *([] if "--resume" in args else ["--resume"])])


def _skipped_note(skipped) -> str:
    if not skipped:
        return ""
    reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"; {sum(skipped.values())} skipped ({reasons})"


def _errors_location(sink, target: str) -> str:
    """Where the sink put its error records (``errors_location``), or the target itself."""
    location = getattr(sink, "errors_location", None)
    if callable(location):
        location = location()
    return str(location) if location else target


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the record.

    \b
    Example:
      extract schema > meeting_report.schema.json
    """
    _out(schemas.json_schema() + "\n")


# How run prints its records: one a line, one indented object, or one indented array.
LINES, PRETTY, ARRAY = "lines", "pretty", "array"


def _layout(jsonl: bool | None, n_inputs: int) -> str:
    if jsonl is None:
        jsonl = n_inputs > 1
    if jsonl:
        return LINES
    return ARRAY if n_inputs > 1 else PRETTY


class _RecordWriter:
    """Writes records as they come; in the array layout the output is one valid JSON array
    (``[]`` when every input failed), so ``--pretty`` output always parses."""

    def __init__(self, layout: str) -> None:
        self.layout = layout
        self.count = 0

    def write(self, data: dict) -> None:
        if self.layout == LINES:
            _out(json.dumps(data, ensure_ascii=False) + "\n")
        elif self.layout == PRETTY:
            _out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            item = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            _out(("[\n  " if self.count == 0 else ",\n  ") + item)
        self.count += 1

    def close(self) -> None:
        # Not called on Ctrl-C: a half-written array must not pass for a whole one.
        if self.layout == ARRAY:
            _out("\n]\n" if self.count else "[]\n")


def _out(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _error(message: str) -> None:
    sys.stderr.write(f"extract: error: {message}\n")


def main() -> None:
    cli(prog_name="extract")


if __name__ == "__main__":
    main()
