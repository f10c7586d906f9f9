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
