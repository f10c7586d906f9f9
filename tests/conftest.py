"""Shared fixtures: the project, its seed texts, the assembled graph, and throw-away copies for bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__import__("os").environ.get("INFLUENCEGRAPH_SEEDS", ROOT.parent / "shared" / "seeds"))


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
    """The knowledge graph assembled in memory from the working tree (validated, with derived edges)."""
    from influencegraph.pipeline import assemble
    from influencegraph.graph import KnowledgeGraph
    from influencegraph.project import Project

    project = Project(ROOT)
    return KnowledgeGraph(assemble(ROOT), project=project)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's input files in a temporary folder, free to break."""
    dest = tmp_path / "project"
    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest
