"""The W3C SPARQL 1.1 Protocol and Service Description tests, run against a real `influencegraph serve`.

The tests come from the W3C manifests in ``../shared/w3c-sparql11-protocol/`` (one pytest case per manifest
entry, named by the entry); they skip only where that folder is absent. The served dataset is built from the
suite's ``protocol-data*.nt`` files under the graph names the manifest gives them (``ut:graphData``), plus the
graph ``data0.rdf`` that the tests name but the suite ships no data for.

The endpoint is read-only by design: every update test, whose manifest expects the update to succeed, must be
answered 403 instead, and the query that follows it must see the data unchanged. Every query test must pass as
the manifest says. The hand-written tests below pin what the manifests leave open: conflicting parameters get
400, the protocol dataset replaces ``FROM``, relative IRIs resolve against the endpoint's URL, and the service
description is offered in several RDF syntaxes.
"""

from __future__ import annotations

import http.client
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, start_server
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.query import Result

W3C = ROOT.parent / "shared" / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DATA = "http://kasei.us/2009/09/sparql/data/"

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


# ----------------------------------------------------------------------------- reading the manifests
def _manifest(name: str) -> Graph | None:
    path = W3C / name
    return Graph().parse(path, format="turtle") if path.is_file() else None


def _entries(g: Graph) -> list:
    manifest = g.value(predicate=RDF.type, object=MF.Manifest)
    return list(Collection(g, g.value(manifest, MF.entries)))


def _request(g: Graph, node) -> dict:
    body = g.value(node, HT.body)
    headers = g.value(node, HT.headers)
    resp = g.value(node, HT.resp)
    boolean = g.value(resp, MF.expectedBoolean)
    return {
        "method": str(g.value(node, HT.methodName)),
        "path": str(g.value(node, HT.absolutePath)),
        "body": None if body is None else str(g.value(body, CNT.chars)).encode(
            str(g.value(body, CNT.characterEncoding) or "UTF-8")),
        "headers": {} if headers is None else {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                                               for h in Collection(g, headers)},
        "classes": sorted(str(s).rsplit("StatusCode", 1)[1][0] for s in g.objects(resp, MF.expectedStatus)),
        "boolean": None if boolean is None else boolean.toPython(),
        "format": None if g.value(resp, MF.expectedFormat) is None else str(g.value(resp, MF.expectedFormat)),
    }


def _protocol_cases() -> list:
    g = _manifest("protocol-manifest.ttl")
    if g is None:
        return [pytest.param(None, id="protocol-tests", marks=pytest.mark.skip(reason=f"no W3C tests at {W3C}"))]
    cases = []
    for test in _entries(g):
        action = g.value(test, MF.action)
        requests = [_request(g, r) for r in Collection(g, g.value(action, HT.requests))]
        cases.append(pytest.param({"name": str(g.value(test, MF.name)), "requests": requests},
                                  id=str(test).rsplit("#", 1)[1]))
    return cases


def _sd_cases() -> list:
    g = _manifest("service-description-manifest.ttl")
    if g is None:
        return [pytest.param(None, id="sd-tests", marks=pytest.mark.skip(reason=f"no W3C tests at {W3C}"))]
    return [pytest.param(str(t).rsplit("#", 1)[1], id=str(t).rsplit("#", 1)[1]) for t in _entries(g)]


def _graph_data() -> dict[str, str]:
    """Graph name → the suite's file holding its data, as the manifest's ``ut:graphData`` gives them."""
    g = _manifest("protocol-manifest.ttl")
    out = {}
    for node in g.objects(None, UT.graphData):
        file = str(g.value(node, UT.graph)).rsplit("/", 1)[1]           # data1.nt, kept as protocol-data1.nt
        out[str(g.value(node, RDFS.label))] = W3C / f"protocol-{file}"
    return out


# ----------------------------------------------------------------------------- the server
def _quads() -> list[str]:
    """The suite's protocol-data*.nt triples, each in the graph the manifest names (where the suite is absent,
    the same three triples, so that the hand-written tests below still run)."""
    if not W3C.is_dir():
        return [f"<{DATA}data{i}.rdf> <{RDF.type}> <http://xmlns.com/foaf/0.1/Document> <{DATA}data{i}.rdf> ."
                for i in (1, 2, 3)]
    return [line.rstrip().removesuffix(".").rstrip() + f" <{graph}> ."
            for graph, path in sorted(_graph_data().items())
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def protocol_dataset(tmp_path_factory):
    """N-Quads: the protocol data in its graphs, and a marker triple in data0.rdf (which must exist)."""
    lines = _quads() + [f'<{DATA}data0.rdf> <{RDFS.comment}> "named by the protocol tests; the suite has no data '
                        f'for it" <{DATA}data0.rdf> .']
    path = tmp_path_factory.mktemp("protocol") / "protocol.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def endpoint(protocol_dataset):
    proc, base = start_server(["--dataset", str(protocol_dataset), "--timeout", "5"])
    yield base + "sparql"
    proc.terminate()
    proc.wait(10)


def send(endpoint: str, method: str, path: str = "", body: bytes | str | None = None, headers=None):
    """One raw HTTP request (no header added but Host and Content-Length): (status, headers, body bytes)."""
    url = urllib.parse.urlsplit(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request(method, url.path + path, body=body.encode("utf-8") if isinstance(body, str) else body,
                     headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def run(endpoint: str, request: dict):
    """Send a manifest request; its ``/sparql/`` path prefix is replaced by the endpoint's own path."""
    assert request["path"].startswith("/sparql/"), request["path"]
    return send(endpoint, request["method"], request["path"][len("/sparql/"):], request["body"], request["headers"])


def media_type(headers) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()


def boolean_of(headers, body: bytes) -> bool:
    ctype = media_type(headers)
    assert ctype in BOOLEAN_TYPES, ctype
    if ctype.endswith("json"):
        return json.loads(body)["boolean"]
    text = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean").text
    return {"true": True, "false": False}[text]


def is_update(request: dict) -> bool:
    form = urllib.parse.parse_qs((request["body"] or b"").decode("utf-8", "replace"))
    return (request["headers"].get("content-type", "").startswith("application/sparql-update")
            or "update" in form or "update=" in request["path"])


def check(request: dict, status: int, headers, body: bytes) -> None:
    """The response is what the manifest expects: status class, result format, boolean."""
    assert str(status)[0] in request["classes"], (status, body[:300])
    if request["format"] == "boolean":
        assert media_type(headers) in BOOLEAN_TYPES, media_type(headers)
    if request["boolean"] is not None:
        assert boolean_of(headers, body) is request["boolean"]
    if request["format"] == "tabular":
        ctype = media_type(headers)
        assert ctype in TABULAR_TYPES, ctype
        parsed = Result.parse(io.BytesIO(body), format={"application/sparql-results+json": "json",
                                                        "application/sparql-results+xml": "xml", "text/csv": "csv",
                                                        "text/tab-separated-values": "tsv"}[ctype])
        assert parsed.type == "SELECT"
    if request["format"] == "RDF":
        ctype = media_type(headers)
        assert ctype in RDF_TYPES, ctype
        Graph().parse(data=body, format=RDF_TYPES[ctype])


# ----------------------------------------------------------------------------- the W3C tests
@pytest.mark.parametrize("case", _protocol_cases())
def test_w3c_protocol(endpoint, case):
    first, *rest = case["requests"]
    if is_update(first) and "2" in first["classes"]:
        # Read-only by design: the update is refused with 403 and what follows sees the data unchanged.
        status, _, body = run(endpoint, first)
        assert status == 403, (status, body)
        for request in rest:
            status, headers, body = run(endpoint, request)
            assert status == 200, body
            assert request["boolean"] is True and boolean_of(headers, body) is False
        return
    for request in case["requests"]:
        check(request, *run(endpoint, request))


REFUSED_BY_DESIGN = {"update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
                     "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}


def test_w3c_update_tests_are_the_seven_refused_by_design():
    cases = [c for c in _protocol_cases() if c.values[0] is not None]
    if not cases:
        pytest.skip(f"no W3C tests at {W3C}")
    firsts = {c.id: c.values[0]["requests"][0] for c in cases}
    refused = {name for name, first in firsts.items() if is_update(first) and "2" in first["classes"]}
    assert len(cases) == 34
    assert refused == REFUSED_BY_DESIGN


def service_description(endpoint: str, accept: str = "text/turtle") -> Graph:
    status, headers, body = send(endpoint, "GET", headers={"Accept": accept})
    assert status == 200, body
    assert media_type(headers) == accept
    return Graph().parse(data=body, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                            "application/ld+json": "json-ld", "application/n-triples": "nt"}[accept],
                         publicID=endpoint)


SD_CLASSES = {"Service", "Feature", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile",
              "GraphCollection", "Dataset", "Graph", "NamedGraph"}
SD_PROPERTIES = {"endpoint", "feature", "defaultEntailmentRegime", "entailmentRegime",
                 "defaultSupportedEntailmentProfile", "supportedEntailmentProfile", "extensionFunction",
                 "extensionAggregate", "languageExtension", "supportedLanguage", "propertyFeature", "defaultDataset",
                 "availableGraphs", "resultFormat", "inputFormat", "defaultGraph", "namedGraph", "name", "graph"}


def _conforms_to_schema(g: Graph, endpoint: str) -> None:
    # The W3C validator's check: every sd:NamedGraph has an sd:name (here: exactly one, an IRI).
    named = set(g.subjects(RDF.type, SD.NamedGraph))
    assert named
    for n in named:
        names = list(g.objects(n, SD.name))
        assert len(names) == 1 and isinstance(names[0], URIRef), (n, names)
    # The vocabulary's terms only, each subject typed as the domain (and object as the range) says.
    for _, p, _ in g:
        if str(p).startswith(str(SD)):
            assert str(p)[len(str(SD)):] in SD_PROPERTIES, p
    for _, _, c in g.triples((None, RDF.type, None)):
        if str(c).startswith(str(SD)):
            assert str(c)[len(str(SD)):] in SD_CLASSES, c
    typed = {SD.Service: [SD.endpoint, SD.feature, SD.supportedLanguage, SD.resultFormat, SD.defaultDataset],
             SD.Dataset: [SD.defaultGraph, SD.namedGraph], SD.NamedGraph: [SD.name, SD.graph]}
    for cls, props in typed.items():
        for prop in props:
            for s in g.subjects(prop, None):
                assert (s, RDF.type, cls) in g, (s, prop, cls)
    for o in g.objects(None, SD.defaultDataset):
        assert (o, RDF.type, SD.Dataset) in g
    for prop in (SD.defaultGraph, SD.graph):
        for o in g.objects(None, prop):
            assert (o, RDF.type, SD.Graph) in g
    for language in g.objects(None, SD.supportedLanguage):
        assert language in (SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update)


SD_CHECKS = {
    "returns-rdf": lambda g, endpoint: len(g) > 0,
    "has-endpoint-triple": lambda g, endpoint: (None, SD.endpoint, URIRef(endpoint)) in g,
    "conforms-to-schema": lambda g, endpoint: _conforms_to_schema(g, endpoint) is None,
}


@pytest.mark.parametrize("name", _sd_cases())
def test_w3c_service_description(endpoint, name):
    g = service_description(endpoint)
    assert SD_CHECKS[name](g, endpoint)


# ----------------------------------------------------------------------------- the service description
def test_service_description_says_what_the_endpoint_does(endpoint):
    g = service_description(endpoint)
    service = g.value(predicate=SD.endpoint, object=URIRef(endpoint))
    assert (service, RDF.type, SD.Service) in g
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}       # no update language
    assert set(g.objects(service, SD.feature)) == {SD.UnionDefaultGraph}             # no federation, no fetching
    assert set(g.objects(service, SD.resultFormat)) == {
        FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
        FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"]}
    dataset = g.value(service, SD.defaultDataset)
    names = {g.value(n, SD.name) for n in g.objects(dataset, SD.namedGraph)}
    assert names == {URIRef(f"{DATA}data{i}.rdf") for i in range(4)}
    comment = " ".join(str(c) for c in g.objects(service, RDFS.comment))
    assert f"<{endpoint}>" in comment and "relative iris" in comment.lower()


@pytest.mark.parametrize("accept", ["application/rdf+xml", "application/ld+json", "application/n-triples"])
def test_service_description_in_other_rdf_syntaxes_is_the_same_graph(endpoint, accept):
    assert isomorphic(service_description(endpoint, accept), service_description(endpoint))


def test_service_description_negotiation(endpoint):
    status, headers, body = send(endpoint, "GET")                                   # no Accept: Turtle
    assert status == 200 and media_type(headers) == "text/turtle"
    status, headers, body = send(endpoint, "GET", headers={"Accept": "text/html,*/*;q=0.8"})   # a browser
    assert status == 303 and headers["Location"] == "/"
    status, headers, body = send(endpoint, "GET", headers={"Accept": "application/pdf"})
    assert status == 406 and b"text/turtle" in body
    status, headers, body = send(endpoint, "HEAD", headers={"Accept": "text/turtle"})
    assert status == 200 and media_type(headers) == "text/turtle" and body == b""


# ----------------------------------------------------------------------------- conflicting parameters
ASK = urllib.parse.quote("ASK {}")
CONFLICTS = {
    "two query parameters": ("GET", f"?query={ASK}&query={ASK}", None, None),
    "query and update": ("GET", f"?query={ASK}&update=CLEAR%20ALL", None, None),
    "two queries in a form": ("POST", "", f"query={ASK}&query={ASK}", "application/x-www-form-urlencoded"),
    "query and update in a form": ("POST", "", f"query={ASK}&update=CLEAR%20ALL",
                                   "application/x-www-form-urlencoded"),
    "form query and URL query": ("POST", f"?query={ASK}", f"query={ASK}", "application/x-www-form-urlencoded"),
    "direct query and URL query": ("POST", f"?query={ASK}", "ASK {}", "application/sparql-query"),
    "direct query and URL update": ("POST", "?update=CLEAR%20ALL", "ASK {}", "application/sparql-query"),
    "two updates in a form": ("POST", "", "update=CLEAR%20ALL&update=CLEAR%20ALL",
                              "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize("method, query, body, ctype", CONFLICTS.values(), ids=CONFLICTS.keys())
def test_conflicting_or_repeated_parameters_get_400(endpoint, method, query, body, ctype):
    status, _, answer = send(endpoint, method, query, body, {"Content-Type": ctype} if ctype else {})
    assert status == 400, answer
    assert answer.strip() and b"\n" == answer[-1:]                          # a one-line reason


@pytest.mark.parametrize("ctype", ["application/sparql-query; charset=ISO-8859-1",
                                   "application/x-www-form-urlencoded; charset=UTF-16"])
def test_a_charset_other_than_utf8_gets_415(endpoint, ctype):
    status, _, answer = send(endpoint, "POST", "", "ASK {}" if "query" in ctype else f"query={ASK}",
                             {"Content-Type": ctype})
    assert status == 415, answer
    assert b"UTF-8" in answer


def test_a_lone_query_parameter_still_works_beside_dataset_parameters(endpoint):
    status, headers, body = send(endpoint, "GET", f"?query={ASK}&default-graph-uri={DATA}data1.rdf")
    assert status == 200 and boolean_of(headers, body) is True


# ----------------------------------------------------------------------------- dataset
def ask(endpoint: str, query: str, **params) -> bool:
    qs = urllib.parse.urlencode({"query": query, **params}, doseq=True)
    status, headers, body = send(endpoint, "GET", "?" + qs)
    assert status == 200, body
    return boolean_of(headers, body)


def test_the_protocol_dataset_replaces_the_querys_from(endpoint):
    query = f"ASK FROM <{DATA}data3.rdf> {{ <{DATA}data3.rdf> a ?type }}"
    assert ask(endpoint, query) is True                                     # FROM alone: data3 is the default
    assert ask(endpoint, query, **{"default-graph-uri": f"{DATA}data1.rdf"}) is False
    assert ask(endpoint, f"ASK {{ <{DATA}data1.rdf> a ?type }}", **{"default-graph-uri": f"{DATA}data1.rdf"}) is True


def test_without_a_dataset_the_default_graph_is_the_union_of_the_named_graphs(endpoint):
    assert ask(endpoint, f"ASK {{ <{DATA}data1.rdf> a ?t . <{DATA}data2.rdf> a ?t . <{DATA}data3.rdf> a ?t }}")


# ----------------------------------------------------------------------------- base IRI
def test_relative_iris_resolve_against_the_endpoint_url(endpoint):
    origin = endpoint.rsplit("/", 1)[0]                                     # http://127.0.0.1:PORT
    status, headers, body = send(endpoint, "POST", body="CONSTRUCT { <s> <p> <#o> } WHERE {}",
                                 headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert status == 200, body
    g = Graph().parse(data=body, format="turtle")
    assert set(g) == {(URIRef(f"{origin}/s"), URIRef(f"{origin}/p"), URIRef(f"{endpoint}#o"))}
    status, headers, body = send(endpoint, "GET", "?" + urllib.parse.urlencode(
        {"query": "SELECT ?x WHERE { BIND(<data/x> AS ?x) }"}))
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == [{"x": {"type": "uri", "value": f"{origin}/data/x"}}]


def test_the_querys_own_base_wins(endpoint):
    status, _, body = send(endpoint, "POST", body="BASE <http://example.org/a/> CONSTRUCT { <s> <p> 1 } WHERE {}",
                           headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert status == 200, body
    assert body.decode().strip() == '<http://example.org/a/s> <http://example.org/a/p> ' \
                                    '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .'


def test_errors_in_a_query_with_relative_iris_give_the_right_line(endpoint):
    query = "SELECT ?x\nWHERE { BIND(<x> AS ?x)\n  FILTER( }"
    status, _, body = send(endpoint, "GET", "?" + urllib.parse.urlencode({"query": query}))
    assert status == 400
    assert b"line 3, column" in body, body


def test_a_relative_from_is_still_refused(endpoint):
    status, _, body = send(endpoint, "GET", "?" + urllib.parse.urlencode(
        {"query": "SELECT * FROM <data1.rdf> WHERE { ?s ?p ?o }"}))
    assert status == 403, body


def test_a_relative_iri_is_an_iri_not_its_text(endpoint):
    status, _, body = send(endpoint, "GET", "?" + urllib.parse.urlencode(
        {"query": 'ASK { BIND(<s> AS ?x) FILTER(isIRI(?x) && STR(?x) != "s") }'}))
    assert status == 200 and json.loads(body)["boolean"] is True, body
