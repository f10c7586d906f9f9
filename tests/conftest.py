"""Shared fixtures: the project, its seed texts, the assembled graph, and throw-away copies for bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__import__("os").environ.get("INFLUENCEGRAPH_SEEDS", ROOT.parent / "shared" / "seeds"))


def pytest_sessionstart(session):
    """Build the project once, where `influencegraph build` writes it (the git-ignored build folder), unless it is
    up to date: every test's `influencegraph` process and `influencegraph.load()` then open its store, as a user's
    would, instead of assembling the graph again."""
    import influencegraph
    influencegraph.build(ROOT)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of source texts; tests that need it skip cleanly where it is absent (CI always has it)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not available at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def kg():
    """The knowledge graph of the working tree's build in rdflib's memory store (SPARQL in rdflib; the build's own
    store, where SPARQL runs in Oxigraph, is what `influencegraph.load()` gives)."""
    import influencegraph
    return influencegraph.load(root=ROOT, store="memory")


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's input files in a temporary folder, free to break."""
    dest = tmp_path / "project"
    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def answers(url: str, proc, timeout: float, pause: float = 0.1) -> bool:
    """Poll ``url`` until it answers (True), or until ``proc`` exits or ``timeout`` seconds pass (False)."""
    from urllib.request import urlopen
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urlopen(url, timeout=1).read()
            return True
        except OSError:
            if proc.poll() is not None:
                return False
            time.sleep(pause)
    return False


def start_server(args, env=None, timeout=120):
    """Start `influencegraph serve --port 0 ARGS`; return (process, base URL) once it listens."""
    proc = subprocess.Popen([sys.executable, "-m", "influencegraph", "serve", "--port", "0", "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "SPARQL endpoint:" in line:
            return proc, line.split("query page:")[1].strip()
    proc.kill()
    raise AssertionError(f"server did not start: {proc.stderr.read()}")


@pytest.fixture(scope="session")
def dataset_file(kg, tmp_path_factory) -> Path:
    """The assembled dataset written as N-Quads, for servers to load."""
    path = tmp_path_factory.mktemp("dataset") / "dataset.nq"
    kg.export("nquads", str(path))
    return path


CHROMIUM = os.environ.get("INFLUENCEGRAPH_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download: executable_path).

    Skipped where chromium is not installed, except when $INFLUENCEGRAPH_REQUIRE_BROWSER is set (CI sets it and
    installs chromium), where its absence fails.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("INFLUENCEGRAPH_REQUIRE_BROWSER"):
            pytest.fail(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts(root) -> Path:
    """Where tests leave screenshots for people to look at (git-ignored)."""
    folder = Path(os.environ.get("INFLUENCEGRAPH_ARTIFACTS", root / "build" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
