"""The endpoint's SPARQL 1.1 Service Description, served at ``GET /sparql`` without a query.

The description is data: the packaged Turtle file ``service.ttl`` (what the endpoint is and does: SPARQL 1.1
Query only, the union default graph, simple entailment, how relative IRIs resolve), parsed with the endpoint's
URL as its base, plus what depends on the running server, built here from rdflib terms: one
``sd:resultFormat`` per result format the endpoint writes (from :data:`~influencegraph.sparql.results.RESULT_FORMATS`)
and one ``sd:namedGraph`` per graph of the dataset.

It is offered as Turtle (the default), RDF/XML, JSON-LD and N-Triples; a client that prefers HTML (a browser) is
sent to the query page with ``303 See Other``.

Examples
--------
>>> g = description("http://127.0.0.1:7878/sparql", {"urn:x:g"})
>>> from rdflib import URIRef
>>> (None, SD.endpoint, URIRef("http://127.0.0.1:7878/sparql")) in g, (None, SD.name, URIRef("urn:x:g")) in g
(True, True)
>>> respond("http://127.0.0.1:7878/sparql", {"urn:x:g"}, "text/html")[:2]
(303, 'text/plain')
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import RDF, BNode, Graph, Namespace, URIRef

from .protocol import preferred
from .results import formats_for

__all__ = ["SD", "description", "respond", "SYNTAXES"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
# The W3C's names (http://www.w3.org/ns/formats/) of the media types the endpoint writes.
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
}
# name → (media type, rdflib serializer), in order of preference
SYNTAXES = {
    "turtle": ("text/turtle", "turtle"),
    "rdfxml": ("application/rdf+xml", "xml"),
    "jsonld": ("application/ld+json", "json-ld"),
    "ntriples": ("application/n-triples", "nt"),
}


def description(endpoint: str, graphs) -> Graph:
    """The service description of the endpoint at ``endpoint`` serving the named ``graphs``."""
    template = resources.files("influencegraph.sparql").joinpath("service.ttl").read_text(encoding="utf-8")
    g = Graph().parse(data=template.replace("{endpoint}", endpoint), format="turtle", publicID=endpoint)
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = URIRef(f"{endpoint}#service")
    for form in ("SELECT", "CONSTRUCT"):
        for f in formats_for(form):
            if f.media_type in FORMAT_IRIS:
                g.add((service, SD.resultFormat, FORMAT_IRIS[f.media_type]))
    dataset = g.value(service, SD.defaultDataset)
    for name in sorted(graphs):
        node, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, node))
        g.add((node, RDF.type, SD.NamedGraph))
        g.add((node, SD.name, URIRef(name)))
        g.add((node, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
    return g


@lru_cache(maxsize=16)
def _serialized(endpoint: str, graphs: frozenset, syntax: str) -> str:
    return description(endpoint, graphs).serialize(format=SYNTAXES[syntax][1])


def respond(endpoint: str, graphs, accept: str | None) -> tuple[int, str, str, dict]:
    """(status, content type, body, extra headers) answering ``GET`` on the endpoint without a query."""
    offers = [(name, (media,)) for name, (media, _) in SYNTAXES.items()] + [("html", ("text/html",))]
    choice = preferred(accept, offers)
    if choice is None:
        offered = ", ".join(media for media, _ in SYNTAXES.values())
        return 406, "text/plain", f"the service description is offered as {offered}\n", {}
    if choice == "html":
        return 303, "text/plain", "the query page is at /\n", {"Location": "/"}
    return 200, SYNTAXES[choice][0], _serialized(endpoint, frozenset(graphs), choice), {"Vary": "Accept"}
