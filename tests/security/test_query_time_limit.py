"""A time limit for queries in the CLI / API engines (the endpoint's workers have their own, enforced by killing
the process): a query still running at its limit is stopped and reported, and the next query runs as usual."""

from __future__ import annotations

import time

import pytest

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = {  # hours in either engine on the seed graph (about 8,600 triples): a self-join, squared or cubed
    "rdflib": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "oxigraph": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",    # rows come back one by one
}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_query_past_its_time_limit_is_stopped_and_the_next_one_runs(kg, engine):
    from influencegraph.sparql.engines import run
    from influencegraph.sparql.sandbox import QueryTimedOut
    expected = len(kg.dataset)
    run(kg.dataset, COUNT, engine_name=engine)                 # the engine is built before the clock starts
    started = time.monotonic()
    with pytest.raises(QueryTimedOut, match=r"ran longer than the 1 s limit") as exc:
        run(kg.dataset, SLOW[engine], engine_name=engine, timeout=1.0)
    assert 1.0 <= time.monotonic() - started < 2.0             # stopped, not left to run out the grace period
    assert exc.value.status == 503
    answer = run(kg.dataset, COUNT, engine_name=engine, timeout=30)
    assert answer.rows[0][0].toPython() == expected


def test_a_query_within_its_time_limit_is_answered_in_full(kg):
    from influencegraph.sparql.engines import run
    for engine in ("rdflib", "oxigraph"):
        assert run(kg.dataset, COUNT, engine_name=engine, timeout=60).rows[0][0].toPython() == len(kg.dataset)


def test_the_api_and_the_cli_take_a_time_limit(kg, tmp_path):
    import subprocess
    import sys

    from influencegraph.sparql.sandbox import QueryTimedOut
    with pytest.raises(QueryTimedOut):
        kg.query(SLOW["rdflib"], engine="rdflib", timeout=1)
    with pytest.raises(ValueError, match="finite number of seconds"):
        kg.query(COUNT, timeout=float("nan"))
    cli = [sys.executable, "-m", "influencegraph", "query", "-", "--timeout"]
    slow = subprocess.run([*cli, "1", "-e", "oxigraph"], input=SLOW["oxigraph"], capture_output=True, text=True,
                          timeout=120)
    assert slow.returncode == 2 and "ran longer than the 1 s limit" in slow.stderr and "Traceback" not in slow.stderr
    bad = subprocess.run([*cli, "inf"], input=COUNT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "finite number of seconds" in bad.stderr
