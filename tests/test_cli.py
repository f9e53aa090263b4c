"""The extract command as a user runs it: a real process, real files, exit codes, stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "meeting_post.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, timeout=120, cwd=ROOT
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
