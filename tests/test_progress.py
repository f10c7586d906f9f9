"""Progress goes through `logging`: the library logs, the CLI shows it on stderr, -q silences it, -v adds detail."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from influencegraph.cli import main

SRC = Path(__file__).resolve().parents[1] / "src" / "influencegraph"
STEP = re.compile(r"^\[\s*\d+\.\d+s\] validating against SHACL shapes$", re.M)


def _build(root, out, before=(), after=()):
    result = CliRunner().invoke(main, [*before, "build", "--root", str(root), "--output-dir", str(out), *after])
    assert result.exit_code == 0, result.output
    return result


def test_build_shows_timed_steps_on_stderr_and_only_the_summary_on_stdout(root, tmp_path):
    result = _build(root, tmp_path / "out")

    assert STEP.search(result.stderr)
    assert "deriving the network edges into igg:derived" in result.stderr
    assert "parsing graph/sources/003.trig" not in result.stderr          # detail is for -v
    assert "validating" not in result.stdout and re.match(r"\d+ statements in \d+ graphs", result.stdout)


@pytest.mark.parametrize("before, after", [(["-q"], []), ([], ["-q"]), (["--quiet"], [])],
                         ids=["before", "after", "long"])
def test_quiet_before_or_after_the_command_silences_progress_but_not_what_was_written(root, tmp_path, before, after):
    result = _build(root, tmp_path / "out", before, after)

    assert "validating" not in result.stderr and "parsing" not in result.stderr
    assert f"wrote {tmp_path / 'out' / 'summary.json'}" in result.stderr


def test_verbose_also_names_each_file_parsed(root, tmp_path):
    result = _build(root, tmp_path / "out", before=["-v"])

    assert re.search(r"^\[\s*\d+\.\d+s\] parsing graph/sources/003\.trig$", result.stderr, re.M)
    assert STEP.search(result.stderr)


def test_a_command_leaves_the_package_logger_as_it_found_it(root):
    logger = logging.getLogger("influencegraph")
    before = (list(logger.handlers), logger.level)

    result = CliRunner().invoke(main, ["validate", "--root", str(root)])

    assert result.exit_code == 0, result.output
    assert (list(logger.handlers), logger.level) == before


def test_library_steps_are_log_records_a_caller_can_capture(caplog):
    import networkx as nx

    from influencegraph.analysis.centrality import centrality
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", relation="investsIn")
    with caplog.at_level(logging.INFO, logger="influencegraph"):
        centrality(G)

    assert [r.getMessage() for r in caplog.records] == [
        "centrality 1/5: degree", "centrality 2/5: pagerank", "centrality 3/5: betweenness",
        "centrality 4/5: eigenvector", "centrality 5/5: closeness"]


def _parameters(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            yield node, [p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]]


def test_no_function_takes_a_progress_callback():
    offenders = [f"{path.relative_to(SRC)}:{node.lineno}"
                 for path in sorted(SRC.rglob("*.py"))
                 for node, names in _parameters(ast.parse(path.read_text(encoding="utf-8")))
                 if "progress" in names]

    assert offenders == []


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
            yield node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id


def test_library_modules_never_configure_logging():
    configuring = {"basicConfig", "dictConfig", "fileConfig", "addHandler", "setLevel", "StreamHandler"}
    offenders = [str(path.relative_to(SRC)) for path in sorted(SRC.rglob("*.py"))
                 if path.name not in ("cli.py", "cli_progress.py")
                 and configuring & set(_calls(ast.parse(path.read_text(encoding="utf-8"))))]

    assert offenders == []
