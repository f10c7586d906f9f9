"""benchmarks/generate.py: a synthetic project that the pipeline accepts unchanged, of about the size asked, the
same files for the same seed, with a host country whose dependency report has something to say."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "generate.py"
TARGET = 5000


@pytest.fixture(scope="module")
def generator():
    """The benchmark module, imported from its file as the benchmark runner does."""
    spec = importlib.util.spec_from_file_location("generate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def project(generator, tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "project"
    return out, generator.generate(out, TARGET, seed=1)


@pytest.fixture(scope="module")
def built(project):
    import influencegraph
    out, summary = project
    return influencegraph.build(root=out, output_dir=out / "build")


def _inputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "build" not in p.relative_to(folder).parts}


def _run(*args, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_layout_and_summary(project):
    out, summary = project
    files = _inputs(out)
    assert {"ontology/influence.ttl", "ontology/shapes.ttl", "seeds/catalogue.ttl", "graph/entities.trig",
            "graph/sources/000.trig"} <= set(files)
    assert files["ontology/shapes.ttl"] == (ROOT / "ontology" / "shapes.ttl").read_bytes()
    assert summary["files"] == len(files) == 4 + summary["sources"]
    assert summary["host"] == "State 001" and summary["claims"] > summary["facts"] > 0 and summary["entities"] > 0


def test_generated_project_validates(project):
    import influencegraph
    out, _ = project
    assert influencegraph.validate(root=out) == []


def test_built_triples_within_tolerance(project, built):
    out, summary = project
    with open(out / "build" / "influencegraph.nq", encoding="utf-8") as fh:
        quads = sum(1 for _ in fh)
    assert abs(quads - TARGET) <= 0.15 * TARGET
    assert abs(summary["approx_triples"] - quads) <= 0.05 * quads


def test_claims_make_every_kind_of_edge_and_some_facts_are_corroborated(built):
    stats = built.stats()
    for relation in ("invests in", "finances", "leads", "builds", "supplies", "depends on", "imports from",
                     "competes with", "partners with", "member of", "holds position in", "in host country"):
        assert stats["derived_edges"].get(relation, 0) > 0, relation
    assert stats["corroborated_facts"] > 0


def test_dependency_report_of_the_host_has_investments_leads_and_supply(project, built):
    _, summary = project
    profile = built.dependency(summary["host"], scenarios=False)
    assert len(profile.investments) and len(profile.lead_partners) and len(profile.supply)
    assert profile.capital_by_origin.origin.nunique() >= 2
    assert len(built.query("capital-by-origin", host=summary["host"]))
    assert len(built.query("import-dependencies"))  # default parameter: an alias of the host


def test_same_seed_same_files_whatever_the_hash_seed_other_seed_other_files(project, tmp_path):
    out, _ = project
    same, other = tmp_path / "same", tmp_path / "other"
    for folder, seed, hash_seed in ((same, 1, "12345"), (other, 2, "0")):
        proc = _run("--triples", TARGET, "--seed", seed, "--out", folder, env={"PYTHONHASHSEED": hash_seed})
        assert proc.returncode == 0, proc.stderr
        assert "host country 'State 001'" in proc.stdout
    assert _inputs(same) == _inputs(out)
    theirs = _inputs(other)
    assert any(theirs.get(name) != data for name, data in _inputs(out).items() if name.startswith("graph/"))


def test_refuses_a_non_empty_folder_without_force(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    proc = _run("--triples", TARGET, "--out", tmp_path)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert not (tmp_path / "graph").exists()
    proc = _run("--triples", TARGET, "--out", tmp_path, "--force")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "graph" / "entities.trig").is_file() and (tmp_path / "notes.txt").read_text() == "keep me"


def test_the_1m_preset_is_calibrated_to_at_least_a_million_triples(generator):
    sources = generator.sources_for(generator.PRESETS["1m"])
    assert generator.FIXED_TRIPLES + generator.TRIPLES_PER_SOURCE * sources >= 1_000_000
