"""The README's two commands, as written, and the CLI's documentation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from influencegraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    return [b.strip() for b in blocks[:2]]


def test_readme_gives_the_two_commands():
    build, tests = _commands()
    assert "influencegraph build" in build and "pip install" in build
    assert "pytest" in tests and "pip install" in tests


def test_ci_runs_the_readme_test_command_verbatim():
    _build, tests = _commands()
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_command_is_documented_in_the_readme():
    undocumented = [name for name in main.commands if f"influencegraph {name}" not in README]
    assert not undocumented


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert len(main.commands[name].help or "") > 30


@pytest.mark.skipif(os.environ.get("INFLUENCEGRAPH_SKIP_SLOW") == "1", reason="slow: creates a virtual environment")
def test_readme_build_command_works_on_a_fresh_copy(tmp_path):
    """Runs the README's first command as written, in a copy of the checkout (it creates its own venv)."""
    build, _tests = _commands()
    copy = tmp_path / "main"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    files = tracked.stdout.split() if tracked.returncode == 0 and tracked.stdout else None
    if files:
        for rel in files:
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, copy / rel)
    else:
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "build", ".git", "*.egg-info"))
    # ../shared beside the copy, as on a clean clone
    if (ROOT.parent / "shared").exists():
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFLUENCEGRAPH_", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(["bash", "-c", build], cwd=copy, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "claims from 5 sources" in result.stdout
    assert (copy / "build" / "influencegraph.trig").is_file()


def test_readme_shows_the_current_build_summary(kg):
    stats = kg.stats()
    line = (f"{stats['statements']} statements in {len(stats['graphs'])} graphs; {stats['entities']} entities; "
            f"{stats['claims']} claims from {len(stats['claims_by_source'])} sources")
    assert line in README, "README's build output is stale: rerun `influencegraph build` and paste it"
    assert repr(stats["claims_by_source"]) in README


def test_readme_shows_the_current_conflicts(kg):
    for conflict in kg.conflicts():
        assert f"{conflict['fact']} — {conflict['property']} ({conflict['kind']}" in README
    for difference in kg.differences():
        assert f"{difference['fact']} — {difference['property']}: {difference['reason']}" in README
    s = kg.stats()
    assert f"({s['claims']}, {s['corroborated_facts']}, {s['conflicts']})" in README
