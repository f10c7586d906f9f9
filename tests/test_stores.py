"""Stores: the same API and the same answers in memory, in an Oxigraph store on disk, and from a SPARQL server
(a real `oxigraph serve` filled by `influencegraph push`)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from click.testing import CliRunner

import influencegraph
from influencegraph.cli import main
from influencegraph.errors import QueryRefused, StoreError
from influencegraph.sparql import library as lib
from influencegraph.stores import parse_spec

from conftest import answers
from test_queries import _number_or_text, normalise

NAMES = list(lib.library())
STORE_KINDS = ["build", "oxigraph", "sparql"]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        pytest.fail("the `oxigraph` server (pip package oxigraph, a test dependency) is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_oxigraph(folder: Path, union: bool = True):
    port = _free_port()
    args = [_oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(args + (["--union-default-graph"] if union else []),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    if answers(f"{base}/query?query=ASK%7B%7D", proc, timeout=30):
        return proc, base
    proc.kill()
    raise AssertionError(f"oxigraph serve did not start: {proc.stderr.read().decode()}")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """`oxigraph serve --union-default-graph` on a free port, empty."""
    proc, base = _start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    yield base
    proc.kill()
    proc.wait(10)


@pytest.fixture(scope="session")
def stores(kg, oxigraph_server, tmp_path_factory):
    """The seed graph in each store: in memory, the build's store (the default), Oxigraph on disk, and the server
    after a push."""
    built = influencegraph.load()
    assert built.store.scheme == "build"
    on_disk = influencegraph.load(store=f"oxigraph:{tmp_path_factory.mktemp('store') / 'kg'}")
    kg.push(f"{oxigraph_server}/store")
    remote = influencegraph.load(store=f"sparql:{oxigraph_server}/query")
    return {"memory": kg, "build": built, "oxigraph": on_disk, "sparql": remote}


# ----------------------------------------------------------------------------- same answers
@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_answers_alike_on_every_store(stores, name):
    q = lib.get(name)
    expected = stores["memory"].query(q, raw=True)
    assert len(expected) > 0, name
    for kind in STORE_KINDS:
        answer = stores[kind].query(q, raw=True)
        assert normalise(answer) == normalise(expected), (kind, name)
        if answer.form == "SELECT":
            assert answer.vars == expected.vars


def test_each_store_runs_queries_in_its_own_engine(stores):
    from influencegraph.sparql.engines import native
    assert {kind: native(kg.dataset) for kind, kg in stores.items()} == {
        "memory": "rdflib", "build": "oxigraph", "oxigraph": "oxigraph", "sparql": "sparql"}
    assert stores["oxigraph"].store.engine == "oxigraph"


@pytest.mark.parametrize("name", ["investments-in-country", "capital-by-sector", "conflicting-claims"])
def test_rdflib_engine_on_an_oxigraph_store_is_rdflib(stores, name):
    """oxrdflib would run plain-string queries in Oxigraph and fall back to rdflib otherwise; ours never runs a
    query itself, so engine="rdflib" means rdflib and "oxigraph" means Oxigraph, with the same answers."""
    on_disk = stores["oxigraph"]
    with pytest.raises(NotImplementedError):
        on_disk.dataset.store.query("SELECT * WHERE { ?s ?p ?o }", {}, {}, None)
    a = on_disk.query(name, engine="rdflib", raw=True)
    b = on_disk.query(name, engine="oxigraph", raw=True)
    assert normalise(a) == normalise(b) == normalise(stores["memory"].query(name, raw=True))


def test_the_cli_questions_answer_alike_on_every_store(stores):
    memory = stores["memory"]
    for kind in STORE_KINDS:
        kg = stores[kind]
        assert kg.stats() == memory.stats(), kind
        assert kg.conflicts() == memory.conflicts(), kind
        assert kg.corroborated(only=False) == memory.corroborated(only=False), kind
        assert kg.sources("East Hope Group") == memory.sources("East Hope Group"), kind
        assert kg.resolve("Rosatom") == memory.resolve("Rosatom")


def _edges(G):
    return sorted((u, v, k, json.dumps(d, sort_keys=True, default=str)) for u, v, k, d in G.edges(keys=True, data=True))


def test_analyses_and_views_come_out_the_same_on_every_store(stores):
    memory = stores["memory"]
    G = memory.network()
    profile = memory.dependency("Kazakhstan").to_markdown()
    ranks = memory.centrality(write=False)
    view = memory.view(ego="East Hope Group", depth=2).html
    for kind in STORE_KINDS:
        kg = stores[kind]
        H = kg.network()
        assert dict(H.nodes(data=True)) == dict(G.nodes(data=True)), kind
        assert _edges(H) == _edges(G), kind
        assert H.graph == G.graph
        assert kg.dependency("Kazakhstan").to_markdown() == profile, kind
        assert kg.centrality(write=False).round(12).equals(ranks.round(12)), kind
        assert kg.view(ego="East Hope Group", depth=2).html == view, kind


# ----------------------------------------------------------------------------- Oxigraph on disk
def test_an_oxigraph_store_is_kept_and_read_without_the_project(stores, tmp_path):
    """A second process opens the store as it is (read-only, since this one holds it for writing)."""
    folder = stores["oxigraph"].store.path
    elsewhere = tmp_path / "no-project"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-m", "influencegraph", "stats", "--json", "--store", f"oxigraph:{folder}"],
                          capture_output=True, text=True, cwd=elsewhere, timeout=120,
                          env={**os.environ, "INFLUENCEGRAPH_ROOT": str(elsewhere)})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["statements"] == stores["memory"].stats()["statements"]


def test_a_bad_file_leaves_the_oxigraph_store_as_it_was(kg, tmp_path, dataset_file):
    store = f"oxigraph:{tmp_path / 'kg'}"
    good = influencegraph.load(dataset_file, store=store)
    count = len(good.store.ox)
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> \"unclosed <http://g> .\n")
    with pytest.raises(StoreError) as err:
        influencegraph.load(bad, store=store)
    assert "bad.nq" in str(err.value) and "line 2" in str(err.value)
    again = influencegraph.load(store=store)
    assert len(again.store.ox) == count
    assert again.stats() == kg.stats()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq", "kg"]      # no staging folder left behind


def test_build_into_an_oxigraph_store(project_copy, tmp_path):
    runner = CliRunner()
    folder = tmp_path / "store"
    result = runner.invoke(main, ["build", "--root", str(project_copy), "--store", f"oxigraph:{folder}",
                                  "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"writing the dataset into oxigraph:{folder}" in result.output
    stats = runner.invoke(main, ["stats", "--json", "--root", str(project_copy), "--store", f"oxigraph:{folder}"])
    built = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert json.loads(stats.output)["statements"] == built["statements"]


# ----------------------------------------------------------------------------- a SPARQL server
def test_push_replaces_each_graph_rather_than_adding_to_it(stores, oxigraph_server):
    kg = stores["memory"]
    sent = kg.push(f"{oxigraph_server}/store")
    assert sent == {"endpoint": f"{oxigraph_server}/store", "graphs": 9, "statements": len(kg.dataset)}
    remote = influencegraph.load(store=f"sparql:{oxigraph_server}/query")
    assert len(remote.dataset) == len(kg.dataset)
    answer = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", raw=True)
    assert int(answer.rows[0][0]) == len(kg.dataset)


def test_the_cli_pushes_and_queries_through_a_server(stores, oxigraph_server, root):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", "--quiet", "--endpoint", f"{oxigraph_server}/store"])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith(f"pushed {len(stores['memory'].dataset):,} statements in 9 graphs")
    args = ["query", "capital-by-origin", "-p", "host=Kazakhstan", "--format", "csv"]   # engines may write
    # a decimal sum as 25000000000.0 or 25000000000: cells compare by value
    remote = runner.invoke(main, [*args, "--store", f"sparql:{oxigraph_server}/query"])
    local = runner.invoke(main, args)
    assert remote.exit_code == 0, remote.output
    assert "China" in local.output
    assert [[_number_or_text(cell) for cell in line.split(",")] for line in remote.output.splitlines()] == \
        [[_number_or_text(cell) for cell in line.split(",")] for line in local.output.splitlines()]


def test_a_sparql_store_is_read_only(stores, dataset_file, oxigraph_server):
    remote = stores["sparql"]
    with pytest.raises(StoreError, match="read-only"):
        influencegraph.load(dataset_file, store=f"sparql:{oxigraph_server}/query")
    with pytest.raises(StoreError, match="read-only"):
        influencegraph.build(store=f"sparql:{oxigraph_server}/query")
    with pytest.raises(StoreError, match="read-only"):
        remote.centrality(write=True)
    assert len(remote.centrality()) == len(stores["memory"].centrality(write=False))   # scores, nothing written


def test_queries_are_guarded_before_they_reach_any_store(stores):
    for kind, kg in stores.items():
        with pytest.raises(QueryRefused):
            kg.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        with pytest.raises(QueryRefused):
            kg.query("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_a_server_without_a_union_default_graph_is_explained(kg, tmp_path):
    proc, base = _start_oxigraph(tmp_path / "plain", union=False)
    try:
        kg.push(f"{base}/store")
        with pytest.raises(StoreError, match="--union-default-graph"):
            influencegraph.load(store=f"sparql:{base}/query")
    finally:
        proc.kill()
        proc.wait(10)


def test_unreachable_servers_and_bad_specs_are_clear_errors():
    runner = CliRunner()
    port = _free_port()
    result = runner.invoke(main, ["stats", "--store", f"sparql:http://127.0.0.1:{port}/query"])
    assert result.exit_code == 2 and "cannot reach the server" in result.output
    result = runner.invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 2 and "cannot reach the server" in result.output
    for spec, message in [("postgres:db", "unknown store"), ("oxigraph:", "needs a location"),
                          ("sparql:ftp://example.org/q", "not an http(s) URL")]:
        result = runner.invoke(main, ["stats", "--store", spec])
        assert result.exit_code == 2 and message in result.output, (spec, result.output)
    assert parse_spec("memory") == ("memory", None)


def test_derivation_rules_give_the_same_edges_in_rdflib_and_oxigraph(kg):
    """The build derives edges in Oxigraph (rdflib's joins are too slow at scale); rdflib agrees, rule by rule."""
    from influencegraph.derive import rules
    from influencegraph.sparql.engines import run
    for name, text in rules():
        expected = set(run(kg.dataset, text, engine_name="rdflib").triples)
        assert set(run(kg.dataset, text, engine_name="oxigraph").triples) == expected, name


def test_serve_answers_from_an_oxigraph_store(stores):
    from conftest import start_server
    folder = stores["oxigraph"].store.path
    proc, base = start_server(["--store", f"oxigraph:{folder}"])
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        with urlopen(f"{base}sparql?query={quote(query)}", timeout=30) as response:
            answer = json.loads(response.read())
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(stores["memory"].dataset)
    finally:
        proc.kill()
        proc.wait(10)


def _count(dataset, engine: str) -> int:
    from influencegraph.sparql.engines import run
    return int(run(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", engine_name=engine).rows[0][0])


def test_an_engine_is_built_once_and_rebuilt_after_its_dataset_is_invalidated():
    from rdflib import Dataset, URIRef

    from influencegraph.sparql.engines import engine
    from influencegraph.stores.cache import invalidate
    ds = Dataset()
    g = ds.graph(URIRef("urn:g"))
    g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    first = engine("oxigraph", ds)
    assert engine("oxigraph", ds) is first and _count(ds, "oxigraph") == 1
    g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:c")))
    invalidate(ds)
    assert engine("oxigraph", ds) is not first and _count(ds, "oxigraph") == 2 == _count(ds, "rdflib")


def test_the_store_that_opened_a_dataset_says_which_engine_runs_it(tmp_path):
    from rdflib import Dataset

    from influencegraph.stores import engine_of, open_store
    memory, disk = open_store(None), open_store(f"oxigraph:{tmp_path / 'store'}")
    engines = (engine_of(Dataset()), engine_of(memory.dataset), engine_of(disk.dataset))
    assert engines == ("rdflib", "rdflib", "oxigraph")
    assert disk.engine == "oxigraph" and not hasattr(disk.dataset.store, "native_engine")
    disk.close()
