"""The SPARQL endpoint, tested as a client sees it: a real `influencegraph serve` on 127.0.0.1, real HTTP.

The hostile cases (SERVICE to a listening loopback port, LOAD, updates in every form, a runaway cross join,
deep nesting, a 1 MB query) must be refused or answered with a clean error, leave the data as it was, and
leave the server answering.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from conftest import start_server
from rdflib import Graph
from rdflib.query import Result

TIMEOUT = 2.0
MAX_ROWS = 2000
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
INVESTMENTS = """PREFIX ig: <https://w3id.org/influencegraph/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?claim ?amount WHERE { ?claim a ig:Investment ; ig:amount/schema:value ?amount } ORDER BY ?claim"""
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(dataset_file):
    proc, base = start_server(["--dataset", str(dataset_file), "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)])
    yield base
    proc.terminate()
    proc.wait(10)


def request(base, path="sparql", method="GET", params=None, body=None, headers=None, timeout=30):
    """(status, headers, body text) — errors are answers too."""
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    data = body.encode("utf-8") if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def count(base) -> int:
    status, _, body = request(base, params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ----------------------------------------------------------------------------- protocol and formats
def test_listens_on_loopback_by_default(server):
    assert urllib.parse.urlsplit(server).hostname == "127.0.0.1"


def test_get_post_and_form_give_the_same_answer(server, kg):
    expected = len(kg.dataset)
    assert count(server) == expected
    for kwargs in ({"method": "POST", "body": COUNT, "headers": {"Content-Type": "application/sparql-query"}},
                   {"method": "POST", "body": urllib.parse.urlencode({"query": COUNT}),
                    "headers": {"Content-Type": "application/x-www-form-urlencoded"}}):
        status, headers, body = request(server, **kwargs)
        assert status == 200, body
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected


@pytest.mark.parametrize("accept, fmt", [("application/sparql-results+json", "json"),
                                         ("application/sparql-results+xml", "xml"),
                                         ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_select_in_every_result_format(server, kg, accept, fmt):
    status, headers, body = request(server, params={"query": INVESTMENTS}, headers={"Accept": accept})
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == accept
    expected = [(str(r[0]), float(r[1])) for r in kg.query(INVESTMENTS, raw=True).rows]
    assert expected
    if fmt == "csv":                       # rdflib has no CSV results parser that keeps types; read it as CSV
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["claim", "amount"]
        got = [(r[0], float(r[1])) for r in rows[1:]]
    else:
        parsed = Result.parse(io.StringIO(body), format=fmt)
        got = [(str(r[0]), float(r[1].toPython())) for r in parsed]
    assert got == expected


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_ask_in_every_result_format(server, accept):
    for query, answer in (("ASK { ?s a <https://w3id.org/influencegraph/ontology#Investment> }", "true"),
                          ("ASK { ?s a <https://w3id.org/influencegraph/ontology#NoSuchClass> }", "false")):
        status, _, body = request(server, params={"query": query}, headers={"Accept": accept})
        assert status == 200, body
        if "json" in accept:
            assert json.loads(body)["boolean"] is (answer == "true")
        elif "xml" in accept:
            assert ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == answer
        else:
            assert body.split()[-1] == answer


@pytest.mark.parametrize("accept, rdf_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                ("application/ld+json", "json-ld")])
def test_construct_in_every_graph_format(server, kg, accept, rdf_format):
    query = """PREFIX ig: <https://w3id.org/influencegraph/ontology#>
    CONSTRUCT { ?a ig:investsIn ?b } WHERE { GRAPH <https://w3id.org/influencegraph/graph/derived> { ?a ig:investsIn ?b } }"""
    status, headers, body = request(server, params={"query": query}, headers={"Accept": accept})
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == accept
    got = Graph().parse(data=body, format=rdf_format)
    expected = kg.query(query, raw=True).graph()
    assert len(got) == len(expected) > 0
    assert set(got) == set(expected)


def test_content_negotiation_defaults_and_refusals(server):
    status, headers, _ = request(server, params={"query": COUNT})                         # no Accept
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    status, headers, _ = request(server, params={"query": COUNT, "format": "tsv"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    status, _, body = request(server, params={"query": COUNT}, headers={"Accept": "image/png"})
    assert status == 406 and "application/sparql-results+json" in body
    status, _, body = request(server, params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                              headers={"Accept": "application/sparql-results+json"})
    assert status == 406 and "text/turtle" in body


def test_a_standard_client_can_query(server):
    from SPARQLWrapper import JSON, SPARQLWrapper
    client = SPARQLWrapper(server + "sparql")
    client.setQuery(INVESTMENTS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert rows and {"claim", "amount"} <= set(rows[0])


def test_syntax_error_says_line_and_column(server):
    status, _, body = request(server, params={"query": "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }"})
    assert status == 400
    assert "line 3, column" in body


# ----------------------------------------------------------------------------- read-only
UPDATES = [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CREATE GRAPH <urn:x:g>",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_in_every_form(server, update):
    before = count(server)
    attempts = [
        {"method": "POST", "body": urllib.parse.urlencode({"update": update}),
         "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        {"method": "POST", "body": update, "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "body": update, "headers": {"Content-Type": "application/sparql-query"}},
        {"params": {"query": update}},
        {"params": {"update": update}},
        {"path": "update", "method": "POST", "body": urllib.parse.urlencode({"update": update}),
         "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        {"path": "update", "method": "POST", "body": update, "headers": {"Content-Type": "application/sparql-update"}},
    ]
    for attempt in attempts:
        status, _, body = request(server, **attempt)
        assert status == 403, (attempt, status, body)
    assert count(server) == before


def test_graph_store_writes_are_refused(server):
    before = count(server)
    for method in ("PUT", "DELETE", "PATCH"):
        status, _, _ = request(server, path="sparql", method=method, params={"default": ""},
                               body="<urn:x:a> <urn:x:b> <urn:x:c> .", headers={"Content-Type": "text/turtle"})
        assert status == 403
    assert count(server) == before


# ----------------------------------------------------------------------------- no outbound requests
@pytest.fixture
def listener():
    """A loopback TCP port that records every connection made to it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    seen: list = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            seen.append(conn.recv(4096))
            conn.close()
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", seen
    stop.set()
    thread.join(2)
    sock.close()


def test_service_and_remote_graphs_are_refused_and_nothing_goes_out(server, listener):
    url, seen = listener
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ ?x ?y ?z . {{ SELECT ?s WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # comment\n SERVICE\n<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        for attempt in ({"params": {"query": query}},
                        {"method": "POST", "body": query, "headers": {"Content-Type": "application/sparql-query"}}):
            status, _, body = request(server, **attempt)
            assert status == 403, (query, status, body)
    for param in ("default-graph-uri", "named-graph-uri"):
        status, _, _ = request(server, params={"query": COUNT, param: url})
        assert status == 403
    status, _, body = request(server, params={"query": f"LOAD <{url}>"})
    assert status == 403
    time.sleep(0.5)
    assert seen == []
    assert count(server) > 0


def test_local_named_graphs_may_be_chosen(server, kg):
    source = str(kg.sources_list()[0])
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, body = request(server, params={"query": query, "default-graph-uri": source},
                              headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(kg.dataset.graph(source))
    status, _, body = request(server, params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{source}> WHERE {{ ?s ?p ?o }}"})
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(kg.dataset.graph(source))


# ----------------------------------------------------------------------------- bounded
def test_runaway_query_times_out_with_an_error_and_others_are_still_served(server):
    answers = {}

    def runaway():
        started = time.monotonic()
        answers["runaway"] = request(server, params={"query": CROSS_JOIN}), time.monotonic() - started
    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert count(server) > 0                      # another client, while the runaway query runs
    assert time.monotonic() - started < TIMEOUT
    thread.join(60)
    (status, _, body), elapsed = answers["runaway"]
    assert status == 503, body
    assert "timed out" in body
    assert elapsed < TIMEOUT + 10
    for _ in range(3):                            # the server recovers: a replacement worker answers
        assert count(server) > 0


def test_result_row_cap(server):
    status, _, body = request(server, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert status == 413
    assert str(MAX_ROWS) in body
    status, _, body = request(server, params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"},
                              headers={"Accept": "text/csv"})
    assert status == 200 and len(body.strip().splitlines()) == MAX_ROWS + 1


def test_deeply_nested_groups_get_a_clean_answer(server):
    query = "SELECT * WHERE " + "{ " * 50 + "?s a <https://w3id.org/influencegraph/ontology#Investment> " + "} " * 50
    status, _, body = request(server, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert status in (200, 400), body
    if status == 200:
        assert json.loads(body)["results"]["bindings"]
    assert count(server) > 0


def test_a_one_megabyte_query_is_refused_before_parsing(server):
    query = "SELECT * WHERE { ?s ?p ?o . " + " ".join(f'FILTER(?o != "{i:08d}")' for i in range(40000)) + " }"
    assert len(query) > 1_000_000
    started = time.monotonic()
    status, _, body = request(server, method="POST", body=query, headers={"Content-Type": "application/sparql-query"})
    assert status == 413, body
    assert time.monotonic() - started < 5
    status, _, _ = request(server, params={"query": query[:70000]})
    assert status in (413, 414)
    assert count(server) > 0


# ----------------------------------------------------------------------------- the query page
def test_query_page_is_self_contained(server):
    status, headers, body = request(server, path="")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    import re
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", body, flags=re.I)
    assert external == []
    assert "@import" not in body and "url(http" not in body


def test_query_page_examples_are_the_named_queries_and_all_run(server):
    from influencegraph.sparql.library import library
    status, _, body = request(server, path="queries.json")
    assert status == 200
    examples = json.loads(body)
    assert [e["name"] for e in examples] == list(library())
    for example in examples:
        status, _, answer = request(server, params={"query": example["text"]},
                                    headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
        assert status == 200, (example["name"], answer)


def test_serve_builds_and_serves_the_project_by_default(tmp_path, kg):
    proc, base = start_server([], env={"INFLUENCEGRAPH_BUILD": str(tmp_path)})
    try:
        assert (tmp_path / "influencegraph.nq").is_file()
        assert count(base) == len(kg.dataset)
    finally:
        proc.terminate()
        proc.wait(10)


def test_project_prefixes_need_no_declaration(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a ig:Investment ; ig:hostCountry igr:kazakhstan }"
    status, _, body = request(server, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 10
