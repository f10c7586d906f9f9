"""The benchmarks stay runnable: each prints its table (numbers are measurements, not assertions)."""

from __future__ import annotations

import subprocess
import sys


def test_query_benchmark_prints_a_row_per_named_query(root, tmp_path):
    from influencegraph.sparql.library import library
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "queries.py"), "--repeat", "1", "--json", str(out)],
                          capture_output=True, text=True, cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1].split()[:4] == ["query", "rows", "rdflib", "ms"]
    for name in library():
        assert any(line.startswith(name + " ") for line in lines), name
    import json
    data = json.loads(out.read_text())
    assert all(q["rdflib"] > 0 and q["oxigraph"] > 0 for q in data["queries"])


def test_analysis_benchmark_prints_each_step(root, tmp_path):
    import json
    out = tmp_path / "analyses.json"
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "analyses.py"), "--repeat", "1", "--json", str(out)],
                          capture_output=True, text=True, cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "projection + centrality + report" in proc.stdout
    steps = json.loads(out.read_text())["steps"]
    assert [s["step"] for s in steps][:3] == ["projection", "centrality", "dependency profile"]
    assert all(s["median_ms"] > 0 for s in steps)


def test_view_benchmark_prints_ours_and_pyvis(root, tmp_path):
    import json
    import os
    from pathlib import Path

    import pytest
    from conftest import CHROMIUM
    if not Path(CHROMIUM).exists():
        if os.environ.get("INFLUENCEGRAPH_REQUIRE_BROWSER"):
            pytest.fail(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"chromium not installed at {CHROMIUM} (apt-get install chromium)")
    out = tmp_path / "views.json"
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "views.py"), "--sizes", "60", "--timeout", "60",
                           "--repeat", "1", "--json", str(out), "--keep", str(tmp_path / "pages")],
                          capture_output=True, text=True, cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:3] == ["nodes", "edges", "contender"])
    assert [line.split()[2] for line in lines[header + 1:]] == ["ours", "pyvis"]
    rows = json.loads(out.read_text())["rows"]
    assert [(r["nodes"], r["edges"], r["contender"]) for r in rows] == [(60, 154, "ours"), (60, 154, "pyvis defaults")]
    ours, pyvis = rows
    assert ours["first_draw_s"] > 0 and ours["drawn_nodes"] == 60 and ours["file_mb"] > 0
    # the init-script hook that times pyvis's page sees the same event as the page's own timer on ours
    assert ours["hook_first_draw_runs_s"] == pytest.approx(ours["first_draw_runs_s"], abs=0.005)
    assert pyvis["first_draw_s"] > 0 and pyvis["drawn_nodes"] == 60
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["ours-60.html", "pyvis-60.html"]


def test_scale_benchmark_measures_every_step_for_both_project_contenders(root, tmp_path):
    import json
    out = tmp_path / "scale.json"
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "scale.py"), "--sizes", "3000",
                           "--contenders", "default,oxigraph", "--repeat", "1", "--query-timeout", "5",
                           "--workdir", str(tmp_path / "bench"), "--json", str(out)],
                          capture_output=True, text=True, cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "targets" in proc.stdout
    data = json.loads(out.read_text())
    rows = {(r["contender"], r["step"]): r for r in data["results"]}
    for contender in ("default", "oxigraph"):
        for step in ("load", "validate", "queries", "analysis", "view"):
            row = rows[contender, step]
            assert row["seconds"] > 0 and row["peak_mb"] > 0, row
    assert rows["pyoxigraph (raw)", "load"]["seconds"] > 0
    assert data["sizes"][0]["triples"] > 1000 and data["machine"]["cpus"] >= 1
    assert [t["target"] for t in data["targets"]][-1] == "influencegraph --help under 0.3 s"
    assert all(t["status"] in ("met", "not met", "not measured") for t in data["targets"])
