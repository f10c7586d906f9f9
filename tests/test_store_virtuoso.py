"""A second real SPARQL server: Virtuoso open source (Debian's ``virtuoso-opensource``), filled by
`influencegraph push` through its Graph Store Protocol endpoint and read as a ``sparql:`` store, with the same
answers as in memory. One server for the session; skipped where ``virtuoso-t`` is not installed, except when
$INFLUENCEGRAPH_REQUIRE_VIRTUOSO is set (CI sets it and installs the package), where its absence fails."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

import influencegraph
from influencegraph.cli import main
from influencegraph.sparql import library as lib

from conftest import answers
from test_queries import normalise
from test_stores import NAMES, _free_port

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
DirsAllowed = {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


def _binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        message = f"`{name}` not found (apt-get install virtuoso-opensource)"
        if os.environ.get("INFLUENCEGRAPH_REQUIRE_VIRTUOSO"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _wait_for(base: str, proc, log) -> None:
    if answers(f"{base}/sparql?query=ASK%7B%7D", proc, timeout=60, pause=0.2):
        return
    proc.kill()
    raise AssertionError(f"virtuoso-t did not start: {log.read_text() if log.exists() else ''}")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """An empty Virtuoso on free ports bound to 127.0.0.1, its anonymous SPARQL user allowed to update (so that the
    Graph Store Protocol endpoint /sparql-graph-crud takes a PUT without authentication): its base URL."""
    server, isql = _binary("virtuoso-t"), _binary("isql-vt")
    folder = tmp_path_factory.mktemp("virtuoso")
    ports = {"isql": _free_port(), "http": _free_port()}
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, **ports))
    proc = subprocess.Popen([server, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{ports['http']}"
    try:
        _wait_for(base, proc, folder / "virtuoso.log")
        granted = subprocess.run([isql, f"127.0.0.1:{ports['isql']}", "dba", "dba",
                                  'exec=grant SPARQL_UPDATE to "SPARQL";'], capture_output=True, text=True,
                                 timeout=60)
        assert granted.returncode == 0, granted.stdout + granted.stderr
        yield base
    finally:
        proc.kill()
        proc.wait(30)


@pytest.fixture(scope="session")
def on_virtuoso(kg, virtuoso):
    """The seed graph pushed to Virtuoso and read back as a ``sparql:`` store."""
    kg.push(f"{virtuoso}/sparql-graph-crud")
    return influencegraph.load(store=f"sparql:{virtuoso}/sparql")


#: Where Virtuoso 7.2.5 (Debian 12) answers otherwise, and why: each case is expected to fail (strictly, so a fix
#: shows up). Found by running the queries there; the first three reproduce with a one-line query.
GROUP_CONCAT = ("Virtuoso 7.2 GROUP_CONCAT turns non-ASCII characters into '?' in strings computed by the query: "
                "GROUP_CONCAT(CONCAT(\"x ¶\", STR(?paragraph))) gives 'x ?28' (stored literals, and the same "
                "string made an RDF literal by STRLANG(..., \"en\"), keep them), so locators read '003 ?28'")
PATHS = ("Virtuoso refuses a property path with * or + whose two ends are both unbound: 'TR...: transitive start "
         "not given'")
SQ074 = "Virtuoso's SPARQL-to-SQL compiler fails on this query with SQ074 and no message (aggregates over IF())"
ROWS = "Virtuoso gives other rows (not diagnosed yet)"
VIRTUOSO_DIFFERS = {
    **{name: GROUP_CONCAT for name in [
        "agreements-signed", "bilateral-trade", "capacities-by-commodity", "circumvention", "competitors",
        "event-participants", "facts-by-source", "financing-by-lender", "footprint-by-state", "headline-figures",
        "import-dependencies", "jobs-created", "lead-partners-by-sector", "memberships", "ownership",
        "partnerships", "people-positions", "project-status", "projects-by-commodity", "projects-by-sector",
        "reserves", "supply-dependencies", "trade-measures"]},
    **{name: PATHS for name in ["conflicting-claims", "corroborated-facts", "fact-disputed"]},
    **{name: SQ074 for name in ["capital-by-origin", "capital-by-sector"]},
    "investment-network": ("Virtuoso's CONSTRUCT drops every template triple of a solution in which a template "
                           "variable was left unbound by BIND(IF(?actor != ?origin, ?origin, ?unset)) over stored "
                           "data (a state's own rows: China's label and two of its investsIn edges); the SELECT "
                           "of the same WHERE gives those rows"),
    "investments-in-country": ROWS + ": 18 rows instead of 20, besides the GROUP_CONCAT '?'",
    "projects-by-region": ("Virtuoso gives one solution per path for (ig:locatedIn|ig:inHostCountry|ig:country)+, "
                           "where SPARQL 1.1 gives each reachable node once (102 solutions for 40 distinct "
                           "project-region pairs), so 87 rows instead of 26; besides the GROUP_CONCAT '?'"),
    "timeline": GROUP_CONCAT + "; and Virtuoso's CONCAT(\": \", STR(?unbound)) gives ': ' where SPARQL 1.1 "
                "gives an error, so COALESCE(..., \"\") keeps it: 'description: : ', not 'description'",
}


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.xfail(reason=VIRTUOSO_DIFFERS[name],
                                                                             strict=True))
                                  if name in VIRTUOSO_DIFFERS else name for name in NAMES])
def test_every_named_query_answers_on_virtuoso_as_in_memory(kg, on_virtuoso, name):
    q = lib.get(name)
    expected = kg.query(q, raw=True, engine="oxigraph")     # as rdflib's (test_stores.py), and faster
    answer = on_virtuoso.query(q, raw=True)
    assert normalise(answer) == normalise(expected), name
    if answer.form == "SELECT":
        assert answer.vars == expected.vars


def test_push_to_virtuoso_replaces_each_graph_and_counts_come_back(kg, on_virtuoso, virtuoso):
    sent = kg.push(f"{virtuoso}/sparql-graph-crud")          # a second push: PUT replaces, it does not add
    assert sent == {"endpoint": f"{virtuoso}/sparql-graph-crud", "graphs": 9, "statements": len(kg.dataset)}
    remote = influencegraph.load(store=f"sparql:{virtuoso}/sparql")
    assert len(remote.dataset) == len(kg.dataset)
    per_graph = remote.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", raw=True)
    assert {str(g): int(n) for g, n in per_graph.rows} == {str(g.identifier): len(g) for g in kg.dataset.graphs()
                                                           if len(g)}


def test_virtuoso_system_graphs_stay_out_of_the_project(on_virtuoso, virtuoso):
    """Virtuoso keeps its own graphs (virtrdf#, ...) beside ours; the store reads only the project's."""
    names = [n.value for n in on_virtuoso.dataset.store.graph_names()]
    assert len(names) == 9 and all(n.startswith("https://w3id.org/influencegraph/") for n in names)
    assert "http://www.openlinksw.com/schemas/virtrdf#" not in {str(g) for g in on_virtuoso.dataset.store.scope}


def test_the_cli_questions_answer_alike_on_virtuoso(kg, on_virtuoso):
    assert on_virtuoso.stats() == kg.stats()
    assert on_virtuoso.sources("East Hope Group") == kg.sources("East Hope Group")
    assert on_virtuoso.resolve("Rosatom") == kg.resolve("Rosatom")


def test_conflicts_and_corroboration_answer_alike_on_virtuoso(kg, on_virtuoso):
    assert on_virtuoso.conflicts() == kg.conflicts()
    assert on_virtuoso.corroborated(only=False) == kg.corroborated(only=False)


def test_virtuoso_gives_back_every_statement_pushed(kg, on_virtuoso):
    """The local mirror (one CONSTRUCT per graph) holds exactly the quads pushed: no literal, language tag,
    datatype or non-ASCII character changed on the way through Virtuoso."""
    import pyoxigraph as ox
    pushed = ox.Store()
    pushed.load(kg.dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    assert {str(q) for q in on_virtuoso.dataset.store.mirror_all()} == {str(q) for q in pushed}


@pytest.mark.xfail(reason="the projection runs its rule patterns on the server, and Virtuoso answers some "
                          "otherwise: 6 nodes fewer (Africa, ...); not diagnosed yet", strict=True)
def test_the_network_comes_out_the_same_from_virtuoso(kg, on_virtuoso):
    G, H = kg.network(), on_virtuoso.network()
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))


def test_the_cli_pushes_to_virtuoso_and_queries_it(kg, on_virtuoso, virtuoso):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", "--quiet", "--endpoint", f"{virtuoso}/sparql-graph-crud"])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith(f"pushed {len(kg.dataset):,} statements in 9 graphs")
    result = runner.invoke(main, ["stats", "--json", "--store", f"sparql:{virtuoso}/sparql"])
    assert result.exit_code == 0, result.output
    assert f'"statements": {len(kg.dataset)}' in result.output
