"""The ``extract`` command: a thin click group over the library.

``extract FILE...`` is short for ``extract run FILE...``; other verbs are subcommands.
Exit status: 0 all converted, 1 some input could not be converted (one line each on
stderr), 2 usage error, 3 a batch converted with some posts failed, 130 interrupted.
"""

from __future__ import annotations

import json
import os
import sys

import click

import schemas
from extractor import DEFAULT_ENGINE, ENGINES

# Nothing may be downloaded at run time: PyThaiNLP must use what is bundled.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _DefaultRun(click.Group):
    """A group whose first argument, when it is not a subcommand, is a file for ``run``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultRun, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thai-meeting-extractor")
def cli() -> None:
    """Turn Thai meeting-report posts into JSON records.

    \b
    Examples:
      extract post.txt                  one post -> one JSON record
      extract a.txt b.html c.txt        several -> JSON Lines, one record a line
      cat post.txt | extract -          read the post from stdin
      extract schema > record.json      the JSON Schema of the record
      extract eval --split test         accuracy per field on the corpus test split
      extract post.txt --engine rules   the rules alone (fastest)
      extract train --thainer PATH      rebuild the NER model and the person tagger
      extract batch dir/ --out r.sqlite convert an archive in parallel

    Files may be UTF-8 (with or without BOM), UTF-16 with BOM or cp874 (TIS-620), as text
    or HTML. Exit status: 0 converted, 1 some input failed (one line each on stderr),
    2 usage error.
    """


@cli.command("run")
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="rules (the rules alone), model (the NER model alone), hybrid (the rules and the "
                   "person tagger) or hybrid-ner (hybrid and the NER model: most accurate, slowest).")
@click.option("--jsonl/--pretty", "jsonl", default=None,
              help="One record a line (default for several files) or indented JSON (default for one).")
def run_command(paths: tuple[str, ...], engine: str, jsonl: bool | None) -> None:
    """Extract the record of each FILE ('-' reads stdin).

    \b
    Example:
      extract run post.txt        (the same as: extract post.txt)
    """
    from extractor import extract_bytes, extract_file
    from extractor.errors import ExtractorError

    one_a_line = jsonl if jsonl is not None else len(paths) > 1
    failed = 0
    for path in paths:
        try:
            if path == "-":
                record = extract_bytes(sys.stdin.buffer.read(), None, engine)
            else:
                record = extract_file(path, engine)
        except ExtractorError as exc:
            failed += 1
            _error(exc.one_line() if path != "-" else f"<stdin>: {exc.one_line()}")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad post must not stop the others
            failed += 1
            _error(f"{path}: internal error ({type(exc).__name__}: {exc}); please report it with the file")
            continue
        _write(record.model_dump(mode="json"), one_a_line)
    sys.exit(EXIT_INPUT if failed else EXIT_OK)


@cli.command("eval")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default="test", show_default=True,
              help="Corpus split to score when PATH is not given (corpus/<split>).")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="rules, model or hybrid.")
@click.option("--misses", is_flag=True, help="Also list every missed and spurious value.")
@click.option("--thainer-lines", type=click.Choice(["heldout", "tune", "all"]), default="heldout", show_default=True,
              help="ThaiNER lines to score: the held-out part (every 5th line, never trained or tuned on), "
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
            from extractor.training import is_heldout

            keep_heldout = thainer_lines == "heldout"
            lines = (line for line in lines if is_heldout(line.number) == keep_heldout)
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


@cli.command("train")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), default="corpus", show_default=True,
              help="Corpus folder with train/ and dev/ splits.")
@click.option("--thainer", type=click.Path(exists=True, dir_okay=False),
              help="ThaiNER's train.txt: its lines outside the held-out fifth join the training data.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Where to write the NER model [default: the package's extractor/models/meeting_ner].")
@click.option("--tagger-out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the person tagger [default: the package's extractor/models/person_tagger.json].")
@click.option("--only", type=click.Choice(["ner", "tagger"]), default=None,
              help="Rebuild one model only (the tagger takes seconds, the NER model minutes).")
@click.option("--epochs", type=int, default=12, show_default=True, help="NER training epochs.")
def train_command(corpus: str, thainer: str | None, out: str | None, tagger_out: str | None, only: str | None,
                  epochs: int) -> None:
    """Rebuild the NER model (from extractor/data/ner.cfg) and the person tagger from the corpus
    train split and, when given, ThaiNER's lines outside its held-out fifth. The tagger needs
    scikit-learn: pip install 'thai-meeting-extractor[train]'.

    \b
    Examples:
      extract train --thainer ../shared/eval/thainer/train.txt
      extract train --thainer ../shared/eval/thainer/train.txt --only tagger
    """
    from pathlib import Path

    from extractor import training
    from extractor.components import model_ner, person_tagger

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
        target = Path(out) if out else model_ner.model_path()
        training.train(Path(corpus), thainer_path, target, epochs, log=log)
        click.echo(f"NER model written to {target}", err=True)
    if only != "ner":
        target = Path(tagger_out) if tagger_out else person_tagger.model_path()
        training.train_person_tagger(Path(corpus), thainer_path, target, log=log)
        click.echo(f"person tagger written to {target}", err=True)


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


@cli.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--out", "target", required=True,
              help="Target: a .jsonl, .csv, .parquet or .sqlite path, a postgresql:// URL, or '-' (JSON Lines on stdout).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: every core].")
@click.option("--resume", is_flag=True, help="Convert only the posts the target does not hold yet.")
@click.option("--shard", callback=_shard, metavar="i/N", help="Convert only shard i of N (the same split on every machine).")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: when stderr is a terminal].")
def batch_command(paths: tuple[str, ...], target: str, jobs: int | None, resume: bool,
                  shard: tuple[int, int] | None, engine: str, progress: bool | None) -> None:
    """Convert folders, files and .zip / .tar.gz archives of posts into a target.

    Every post that fails becomes an error record (path, kind, message) and the batch goes
    on; the exit status is then 3.

    \b
    Examples:
      extract batch archive/ --out records.jsonl
      extract batch posts.zip --out records.sqlite --jobs 2
      extract batch archive/ --out records.sqlite --resume          after an interruption
      extract batch archive/ --out part2.jsonl --shard 2/4          one machine of four
    """
    import time

    from tqdm import tqdm

    from extractor import batch
    from extractor.errors import ExtractorError
    from extractor.sinks import open_sink

    items = [item for item in batch.iter_items(paths) if batch.in_shard(item.key, shard)]
    try:
        sink = open_sink(target, resume)
    except ExtractorError as exc:
        raise click.UsageError(exc.one_line()) from None
    done = sink.done_keys() if resume else set()
    todo = [item for item in items if item.key not in done]
    failed = 0
    started = time.perf_counter()
    bar = tqdm(total=len(todo), unit="post", file=sys.stderr, disable=None if progress is None else not progress)

    def on_outcome(outcome) -> None:
        nonlocal failed
        sink.write(outcome)
        if outcome.record_json is None:
            failed += 1
            bar.set_postfix(failed=failed, refresh=False)
        bar.update()

    try:
        batch.run(todo, jobs or os.cpu_count() or 1, engine, on_outcome, getattr(sink, "encode", None))
    except KeyboardInterrupt:
        bar.close()
        sink.close(complete=False)
        click.echo("extract: interrupted; run again with --resume to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    bar.close()
    sink.close(complete=True)
    failed += sink.rejected  # posts converted but refused by the target: error records of kind "sink"
    elapsed = time.perf_counter() - started
    rate = len(todo) / elapsed if elapsed else 0.0
    click.echo(
        f"extract batch: {len(todo) - failed} converted, {failed} failed, {len(done)} already done, "
        f"{len(items)} in all; {elapsed:.1f} s ({rate:.0f} posts/s) -> {target}",
        err=True,
    )
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the record.

    \b
    Example:
      extract schema > meeting_report.schema.json
    """
    _out(schemas.json_schema() + "\n")


def _write(data: dict, one_a_line: bool) -> None:
    _out(json.dumps(data, ensure_ascii=False, indent=None if one_a_line else 2) + "\n")


def _out(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _error(message: str) -> None:
    sys.stderr.write(f"extract: error: {message}\n")


def main() -> None:
    cli(prog_name="extract")


if __name__ == "__main__":
    main()
