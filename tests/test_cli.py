"""The extract command as a user runs it: a real process, real files, exit codes, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "meeting_post.txt"


def run(*args: str, stdin: bytes | None = None, cwd=ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, timeout=300, cwd=cwd, check=False,
        env={**os.environ, **env} if env else None,
    )


@pytest.mark.issue(2)
def test_cli_one_file_prints_one_json_record_with_thai_unescaped():
    result = run(str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    record = json.loads(out)
    assert "นายวรพล" in out  # not \\u escaped
    assert record["persons"][0]["full_name"] == "นายวรพล ศรีสุวรรณ"
    assert record["source"]["encoding"] == "utf-8"


@pytest.mark.issue(2)
def test_cli_several_files_print_json_lines(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("นางสมศรี มีสุข ปลัดอำเภอ ประชุมเวลา 10.00 น.", encoding="cp874")
    result = run(str(EXAMPLE), str(other))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1])["source"]["encoding"] == "cp874"


@pytest.mark.issue(2)
def test_cli_stdin_dash():
    result = run("-", stdin=EXAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["attendee_count"]["value"] == 85


@pytest.mark.issue(2)
def test_cli_schema_subcommand_prints_json_schema():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "MeetingReport"
    assert {"persons", "provinces", "times", "dates", "online"} <= set(schema["properties"])


BAD_INPUTS = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "undecodable": "ประชุม".encode("cp874") + b"\xdb\xfc\xfd",
}


@pytest.mark.issue(2)
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_cli_bad_file_one_line_error_no_traceback(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(BAD_INPUTS[name])
    result = run(str(path))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert err.count("\n") == 1 and err.startswith("extract: error: ") and str(path) in err
    assert "Traceback" not in err and result.stdout == b""


@pytest.mark.issue(2)
@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_cli_missing_path_and_directory(tmp_path, kind):
    path = tmp_path / "nope.txt" if kind == "missing" else tmp_path
    result = run(str(path))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert ("no such file" if kind == "missing" else "is a directory") in err


@pytest.mark.issue(2)
def test_cli_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run(str(bad), str(EXAMPLE))
    assert result.returncode == 1
    assert len(result.stdout.decode("utf-8").splitlines()) == 1


@pytest.mark.issue(2)
@pytest.mark.parametrize("args", [[], ["--help"], ["run", "--help"], ["schema", "--help"]])
def test_cli_help_has_examples(args):
    result = run(*args) if args else run("--help")
    assert result.returncode == 0
    assert "Example" in result.stdout.decode("utf-8")


@pytest.mark.issue(2)
def test_cli_unknown_engine_is_a_usage_error():
    result = run("--engine", "magic", str(EXAMPLE))
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode("utf-8")


# --- Issue 10: the command a new user meets -------------------------------------------------


def run_on_terminal(*args: str) -> subprocess.CompletedProcess:
    """Run extract with stdin a terminal (a pseudo-terminal), as when a user types the command."""
    import pty

    parent, child = pty.openpty()
    try:
        return subprocess.run([sys.executable, "-m", "extractor", *args], stdin=child, capture_output=True,
                              timeout=120, cwd=ROOT, check=False)
    finally:
        os.close(parent)
        os.close(child)


@pytest.mark.issue(10)
@pytest.mark.parametrize("args", [[], ["--engine", "rules"]])
def test_cli_no_file_reads_a_post_piped_in(args):
    result = run(*args, stdin=EXAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["attendee_count"]["value"] == 85


@pytest.mark.issue(10)
def test_cli_no_argument_on_a_terminal_prints_help_with_status_2():
    result = run_on_terminal()
    assert result.returncode == 2
    assert b"Usage: extract" in result.stderr and b"Example" in result.stderr and result.stdout == b""


@pytest.mark.issue(10)
def test_cli_run_without_file_on_a_terminal_says_what_to_give():
    result = run_on_terminal("run")
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "pipe a post in" in err and "Traceback" not in err


@pytest.mark.issue(10)
@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_cli_version_flags_print_the_installed_version(flag):
    from importlib.metadata import version

    result = run(flag)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").split()[-1] == version("thai-meeting-extractor")


@pytest.mark.issue(10)
@pytest.mark.parametrize("n_inputs", [2, 3])
def test_cli_several_inputs_pretty_print_one_json_array(tmp_path, n_inputs):
    paths = []
    for i in range(n_inputs):
        path = tmp_path / f"p{i}.txt"
        path.write_bytes(EXAMPLE.read_bytes())
        paths.append(str(path))
    result = run(*paths, "--pretty")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["source"]["path"] for r in records] == paths
    assert result.stdout.decode("utf-8").count("\n") > 10 * n_inputs  # indented, not one a line


@pytest.mark.issue(10)
def test_cli_pretty_array_stays_valid_when_inputs_fail(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    some = run(str(empty), str(EXAMPLE), str(tmp_path / "missing.txt"), "--pretty")
    none = run(str(empty), str(tmp_path / "missing.txt"), "--pretty")
    assert some.returncode == none.returncode == 1
    assert len(json.loads(some.stdout)) == 1
    assert json.loads(none.stdout) == []


@pytest.mark.issue(10)
def test_cli_help_lists_every_exit_status():
    from extractor.cli import EXIT_STATUSES

    lines = run("--help").stdout.decode("utf-8").splitlines()
    listed = {int(line.split()[0]) for line in lines if line.strip()[:1].isdigit()}
    assert listed == {0, 1, 2, 3, 130} == {code for code, _ in EXIT_STATUSES}


@pytest.mark.issue(10)
def test_cli_interrupt_exits_130(tmp_path):
    """Ctrl-C while reading an input: status 130, one line, no traceback. A FIFO makes the
    moment certain: opening it for writing succeeds only once extract has opened it to read."""
    import signal
    import time

    fifo = tmp_path / "post.txt"
    os.mkfifo(fifo)
    process = subprocess.Popen([sys.executable, "-m", "extractor", str(fifo)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:  # no reader yet
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    try:
        time.sleep(0.2)  # let it enter read()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        os.close(writer)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted" in err and out == b""


def collect_spans(value) -> list[dict]:
    """Every span of a record, wherever it sits: dicts holding start, end and text."""
    if isinstance(value, dict):
        own = [value] if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int) else []
        return own + [span for child in value.values() for span in collect_spans(child)]
    if isinstance(value, list):
        return [span for child in value for span in collect_spans(child)]
    return []


def _crlf(post: str) -> tuple[str, bytes]:
    return "crlf.txt", post.replace("\n", "\r\n").encode("utf-8")


def _html(post: str) -> tuple[str, bytes]:
    import html

    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in post.splitlines() if line.strip())
    page = f"<html><head><title>ข่าว</title></head><body><article>\n{paragraphs}</article></body></html>"
    return "post.html", page.encode("utf-8")


def _cp874(post: str) -> tuple[str, bytes]:
    return "legacy.txt", post.encode("cp874", errors="ignore")  # the emoji has no cp874 byte


@pytest.mark.issue(10)
@pytest.mark.parametrize("make", [_crlf, _html, _cp874], ids=["crlf", "html", "cp874"])
@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
def test_cli_text_is_what_every_span_indexes_into(tmp_path, make, from_stdin):
    name, raw = make(EXAMPLE.read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_bytes(raw)
    record_run = run(str(path))
    text_run = run("text", "-", stdin=raw) if from_stdin else run("text", str(path))
    assert record_run.returncode == 0 and text_run.returncode == 0, (record_run.stderr, text_run.stderr)
    record = json.loads(record_run.stdout)
    text = text_run.stdout.decode("utf-8")
    spans = collect_spans(record)
    assert len(text) == record["source"]["n_chars"] and len(spans) > 10
    assert [text[s["start"]:s["end"]] for s in spans] == [s["text"] for s in spans]
    if name == "crlf.txt":
        assert "\r\n" in text  # spans count the \r


@pytest.mark.issue(10)
def test_cli_text_of_a_bad_file_is_one_line_with_a_hint(tmp_path):
    result = run("text", str(tmp_path / "missing.txt"))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1 and err.count("\n") == 1 and err.rstrip().endswith(")")


# A hint says what to do: it starts with one of these verbs.
HINT_VERBS = {"give", "check", "save", "pipe", "reinstall", "please"}


@pytest.mark.issue(10)
@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "binary", "undecodable", "stdin-empty"])
def test_cli_every_input_error_ends_with_what_to_do(tmp_path, kind):
    if kind == "stdin-empty":
        result = run(stdin=b"")
    else:
        path = tmp_path / "post.txt"
        if kind == "directory":
            path = tmp_path
        elif kind != "missing":
            path.write_bytes({"empty": b"", **BAD_INPUTS}[kind])
        result = run(str(path))
    err = result.stderr.decode("utf-8").strip()
    assert result.returncode == 1 and "\n" not in err
    assert err.endswith(")"), err
    hint = err[err.rindex("(") + 1:-1]
    assert hint.split()[0] in HINT_VERBS, err


@pytest.mark.issue(10)
def test_cli_help_examples_name_every_command():
    from extractor.cli import cli

    help_text = run("--help").stdout.decode("utf-8")
    examples = help_text.split("Examples:")[1].split("Exit status:")[0]
    assert {name for name in cli.commands if name != "run"} <= {line.split()[1] for line in examples.splitlines()
                                                                if line.strip().startswith("extract ")}


@pytest.mark.issue(10)
@pytest.mark.slow
def test_cli_train_writes_under_the_working_directory_and_the_env_var_loads_it(tmp_path):
    """The tagger (seconds to train) stands for both models: same default folder, same kind of variable."""
    from extractor.components import person_tagger

    shipped = person_tagger.model_path()
    shipped_before = shipped.read_bytes()
    trained = run("train", "--only", "tagger", "--corpus", str(ROOT / "corpus"), cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    written = tmp_path / "models" / "person_tagger.json"
    assert written.is_file() and shipped.read_bytes() == shipped_before
    assert f"{person_tagger.MODEL_ENV}=" in trained.stderr.decode("utf-8")  # says how to use it

    used = run(str(EXAMPLE), env={person_tagger.MODEL_ENV: str(written)})
    assert used.returncode == 0, used.stderr
    assert json.loads(used.stdout)["persons"]


@pytest.mark.issue(10)
@pytest.mark.parametrize("which", ["ner", "tagger"])
def test_cli_model_env_vars_choose_the_model_file(tmp_path, which):
    """Pointed at a broken model, extract fails naming that path: it loads from where the variable says."""
    from extractor.components import model_ner, person_tagger

    module, engine = (model_ner, "model") if which == "ner" else (person_tagger, "hybrid")
    broken = tmp_path / "not_a_model"
    broken.mkdir() if which == "ner" else broken.write_text("{", encoding="utf-8")
    result = run(str(EXAMPLE), "--engine", engine, env={module.MODEL_ENV: str(broken)})
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1 and str(broken) in err and "Traceback" not in err


@pytest.mark.issue(10)
def test_cli_train_help_names_the_model_env_vars():
    from extractor.components import model_ner, person_tagger

    help_text = run("train", "--help").stdout.decode("utf-8")
    assert model_ner.MODEL_ENV in help_text and person_tagger.MODEL_ENV in help_text
    assert "models/meeting_ner" in help_text and "models/person_tagger.json" in help_text
