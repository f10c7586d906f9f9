"""`serve` and `push` refuse bad options and broken dataset files in one clear line, before anything starts.

A timeout of nan used to make every query answer empty; a truncated dataset file used to end in a traceback.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "influencegraph", *args], capture_output=True, text=True,
                          timeout=timeout)


def _one_clear_error(result, *words) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.lower().startswith("error")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.mark.parametrize("option", ["--timeout", "--read-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e9"])
def test_a_timeout_that_is_not_a_finite_positive_number_is_refused(dataset_file, option, value):
    result = run("serve", "--port", "0", "--dataset", str(dataset_file), option, value)
    assert result.returncode == 2
    _one_clear_error(result, option, "finite")


@pytest.mark.parametrize("option, value, words", [
    ("--cors", "*", ("--cors", "not an origin")),
    ("--cors", "http://example.org/path", ("--cors", "not an origin")),
    ("--cors", "ftp://example.org", ("--cors", "not an origin")),
    ("--allowed-host", "evil.example/x", ("--allowed-host", "not a host name")),
    ("--max-connections", "0", ("--max-connections",)),
])
def test_bad_cors_host_and_connection_options_are_refused(dataset_file, option, value, words):
    result = run("serve", "--port", "0", "--dataset", str(dataset_file), option, value)
    assert result.returncode == 2
    _one_clear_error(result, *words)


@pytest.fixture
def truncated(dataset_file, tmp_path):
    """The built dataset cut off in the middle of a statement (line 101)."""
    lines = dataset_file.read_bytes().splitlines(keepends=True)
    path = tmp_path / "cut.nq"
    path.write_bytes(b"".join(lines[:100]) + lines[100][: len(lines[100]) // 2])
    return path


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["push", "--endpoint", "http://127.0.0.1:9/store"]])
def test_a_truncated_dataset_gives_one_line_naming_file_and_line(truncated, command):
    result = run(*command, "--dataset", str(truncated))
    assert result.returncode == 1
    line = _one_clear_error(result, str(truncated), "line 101", "N-Quads")
    assert "SPARQL endpoint" not in result.stdout and "pushed" not in result.stdout, line


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["push", "--endpoint", "http://127.0.0.1:9/store"]])
def test_a_malformed_trig_or_json_ld_dataset_gives_one_line(tmp_path, command):
    trig = tmp_path / "bad.trig"
    trig.write_text("@prefix ex: <http://example.org/> .\nex:g { ex:s ex:p ex:o .\n", encoding="utf-8")
    _one_clear_error(run(*command, "--dataset", str(trig)), str(trig), "TriG")
    jsonld = tmp_path / "bad.jsonld"
    jsonld.write_text('{"@context": {"ex": "http://example.org/"},\n "@id": "ex:s", "ex:p": [1, 2', encoding="utf-8")
    _one_clear_error(run(*command, "--dataset", str(jsonld)), str(jsonld), "line 2", "JSON-LD")
