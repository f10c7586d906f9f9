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
    assert 1.0 <= time.monotonic() - started < 3.5             # stopped within the limit and its grace (2 s)
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


def test_a_query_that_timed_out_while_waiting_its_turn_never_starts(kg):
    """Two callers share the engines' one thread: a query whose caller gave up while an earlier one was still
    running must not start afterwards (it would run with no one to stop it)."""
    import threading

    from influencegraph.sparql.sandbox import QueryTimedOut
    from influencegraph.sparql.engines import run
    first = threading.Thread(target=lambda: _quietly(run, kg.dataset, SLOW["rdflib"], "rdflib", 3.0))
    first.start()
    time.sleep(0.5)                                        # the slow one holds the thread
    with pytest.raises(QueryTimedOut):                     # this one waits its turn past its own limit
        run(kg.dataset, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", engine_name="rdflib", timeout=0.5)
    first.join(10)
    assert not first.is_alive()
    assert run(kg.dataset, COUNT, engine_name="rdflib", timeout=30).rows[0][0].toPython() == len(kg.dataset)


def _quietly(run, dataset, text, engine, timeout):
    from influencegraph.sparql.sandbox import QueryTimedOut
    try:
        run(dataset, text, engine_name=engine, timeout=timeout)
    except QueryTimedOut:
        pass
