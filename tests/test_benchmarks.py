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
