"""A SPARQL 1.1 server: ``sparql:URL`` reads from its query endpoint; :func:`push` fills it by the Graph Store
Protocol.

Queries go to the server as they are (after the guard has checked them, with parameters bound as a ``VALUES``
block and the project's prefixes declared). Python code that walks triples reads each named graph it touches once,
with one ``CONSTRUCT``, into a local Oxigraph mirror in memory, and works on that: claims and projections need
whole graphs, and one request per graph beats one per triple pattern. Nothing is ever written to the server
through this store.

The server's default graph must be the union of its named graphs, as it is for the embedded stores: for Oxigraph
start ``oxigraph serve --union-default-graph``; for Fuseki set ``tdb2:unionDefaultGraph true``; Virtuoso does so
out of the box. Opening the store checks this and says so when it is not.

Queries are sent as an URL-encoded ``POST`` (``query=...``), the one form every SPARQL 1.1 server must take
(Virtuoso 7 never answers a ``POST`` of ``application/sparql-query``). A server that also holds graphs outside
the project's namespace (:data:`influencegraph.vocab.BASE`; Virtuoso keeps its own system graphs) is read through
the project's graphs only: each request names them as ``default-graph-uri`` and ``named-graph-uri``.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote, urlsplit

from . import GraphStore, StoreError
from .oxigraph import OxigraphTriples

log = logging.getLogger(__name__)

__all__ = ["SparqlStore", "RemoteTriples", "push", "http", "post_query", "read_results"]

#: Seconds to wait for the server (queries over a million triples can take a while).
TIMEOUT = 300
_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL (e.g. http://localhost:7878/query)")
    return url


def http(method: str, url: str, data: bytes | None = None, headers: dict | None = None,
         timeout: float = TIMEOUT) -> tuple[bytes, str]:
    """One HTTP request; the body and its media type. Failures raise :class:`StoreError` naming URL and cause."""
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen
    request = Request(url, data=data, method=method, headers=headers or {})
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310  (http(s) only, checked above)
            return response.read(), response.headers.get_content_type()
    except HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise StoreError(f"{method} {url}: the server answered {exc.code} {exc.reason}"
                         + (f": {detail}" if detail else "")) from None
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"{method} {url}: cannot reach the server ({reason})") from None


def post_query(endpoint: str, text: str, accept: str, graphs=None, timeout: float = TIMEOUT) -> bytes:
    """Send a query as an URL-encoded ``POST``; the answer's body. ``graphs``: IRIs that make up the dataset.

    Examples
    --------
    >>> post_query("ftp://example.org/q", "ASK {}", _RESULTS)
    Traceback (most recent call last):
    ...
    influencegraph.errors.StoreError: 'ftp://example.org/q' is not an http(s) URL (e.g. http://localhost:7878/query)
    """
    from urllib.parse import urlencode
    fields = [("query", text)]
    for iri in graphs or ():
        fields += [("default-graph-uri", iri), ("named-graph-uri", iri)]
    body, _type = http("POST", _check_url(endpoint), urlencode(fields).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, timeout=timeout)
    return body


def read_results(body: bytes, ask: bool = False):
    """SPARQL JSON results as pyoxigraph reads them; for an ``ASK``, its ``QueryBoolean``.

    Virtuoso 7 answers an ``ASK`` asked for JSON results as a one-row ``SELECT`` of ``__ASK_RETVAL`` (1 or 0, no
    row when false with some datasets) instead of ``{"boolean": ...}``; this reads both.

    Examples
    --------
    >>> bool(read_results(b'{"head": {}, "boolean": true}', ask=True))
    True
    >>> virtuoso = b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"type": '
    >>> virtuoso += b'"typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}}'
    >>> bool(read_results(virtuoso, ask=True))
    True
    """
    import pyoxigraph as ox
    results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if not ask or isinstance(results, ox.QueryBoolean):
        return results
    rows = list(results)
    true = bool(rows) and rows[0][0] is not None and rows[0][0].value not in ("0", "false")
    return ox.parse_query_results(json.dumps({"head": {}, "boolean": true}).encode(),
                                  format=ox.QueryResultsFormat.JSON)


class RemoteTriples(OxigraphTriples):
    """An rdflib ``Store`` over a SPARQL endpoint: named graphs mirrored on first use; read-only."""

    def __init__(self, endpoint: str):
        import pyoxigraph as ox
        super().__init__(ox.Store(), read_only=True)
        self.endpoint = endpoint
        self._mirrored: set = set()
        self._names: list | None = None
        #: The graph IRIs every request names as its dataset, when the server holds graphs of others too.
        self.scope: list | None = None

    def post(self, text: str, accept: str = _RESULTS, timeout: float = TIMEOUT) -> bytes:
        """Send a query over the project's graphs; the answer's body."""
        self.graph_names()
        return post_query(self.endpoint, text, accept, self.scope, timeout)

    def remote_select(self, text: str):
        import pyoxigraph as ox
        return ox.parse_query_results(self.post(text), format=ox.QueryResultsFormat.JSON)

    def graph_names(self) -> list:
        if self._names is None:
            import pyoxigraph as ox

            from ..vocab import BASE
            body = post_query(self.endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", _RESULTS)
            rows = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            names = sorted((row[0] for row in rows if isinstance(row[0], ox.NamedNode)), key=lambda n: n.value)
            self._names = [n for n in names if n.value.startswith(BASE)]
            if len(self._names) < len(names):
                self.scope = [n.value for n in self._names]
        return self._names

    def mirror_all(self):
        """Every named graph mirrored; the local pyoxigraph store that holds them."""
        self._mirror(None)
        return self._inner

    def oxigraph(self):
        """The local pyoxigraph mirror, with every named graph fetched."""
        return self.mirror_all()

    def _mirror(self, graph_name) -> None:
        import pyoxigraph as ox
        names = self.graph_names() if graph_name is None else [graph_name]
        for name in names:
            if name in self._mirrored or not isinstance(name, ox.NamedNode):
                continue
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
            body = self.post(query, _TRIPLES)
            self._inner.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
            self._mirrored.add(name)

    def triples(self, pattern, context=None):
        graph_name = self._graph_name(context)
        if graph_name is not False:
            self._mirror(graph_name)
        return super().triples(pattern, context)

    def contexts(self, triple=None):
        if triple is None:
            return (self._context(g) for g in self.graph_names())
        self._mirror(None)
        return super().contexts(triple)

    def __len__(self, context=None):
        import pyoxigraph as ox
        graph_name = self._graph_name(context)
        if graph_name is False or isinstance(graph_name, ox.DefaultGraph):
            return 0                          # the project keeps everything in named graphs
        where = "{ ?s ?p ?o }" if graph_name is None else f"{{ GRAPH {graph_name} {{ ?s ?p ?o }} }}"
        rows = list(self.remote_select(f"SELECT (COUNT(*) AS ?n) WHERE {where}"))
        return int(rows[0][0].value) if rows else 0


class SparqlStore(GraphStore):
    """A SPARQL 1.1 query endpoint, read-only; SPARQL runs on the server."""

    scheme = "sparql"
    engine = "sparql"
    writable = False
    location_hint = "URL (e.g. http://localhost:7878/query)"

    def __init__(self, location: str):
        super().__init__(_check_url(location))
        self.endpoint = location

    def _open(self):
        from rdflib import Dataset

        from ..vocab import PREFIXES
        triples = RemoteTriples(self.endpoint)
        self._check_union(triples)
        ds = Dataset(store=triples)
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns, override=True, replace=True)
        return ds

    def _check_union(self, triples: RemoteTriples) -> None:
        rows = list(triples.remote_select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"))
        if not rows:
            raise StoreError(f"{self.endpoint}: the server holds no named graphs; fill it with "
                             f"`influencegraph push --endpoint <its graph store URL>`")
        s, p, o = rows[0][0], rows[0][1], rows[0][2]
        seen = triples.remote_select(f"SELECT (1 AS ?seen) WHERE {{ {s} {p} {o} }} LIMIT 1")
        if not list(seen):
            raise StoreError(f"{self.endpoint}: the server's default graph is not the union of its named graphs, "
                             "so queries would see nothing; start Oxigraph with `oxigraph serve "
                             "--union-default-graph` (Fuseki: tdb2:unionDefaultGraph true)")

    def is_empty(self) -> bool:
        return not self.dataset.store.graph_names()


# ----------------------------------------------------------------------------- Graph Store Protocol
def push(store: GraphStore, endpoint: str) -> dict:
    """Send every named graph of ``store`` to a Graph Store Protocol endpoint, replacing each graph there.

    One ``PUT <endpoint>?graph=<IRI>`` per graph, with the graph as N-Triples: memory stays bounded by the largest
    graph, and a failure leaves the graphs already sent complete and the others as they were. Graphs the server
    holds that the store does not are left alone.

    Returns
    -------
    dict
        ``graphs`` sent, ``statements`` sent, and the ``endpoint``.
    """
    _check_url(endpoint)
    names = sorted((g.identifier for g in store.dataset.graphs() if len(g)), key=str)
    sent = 0
    for n, name in enumerate(names, 1):
        data = store.dump_graph(name)
        sep = "&" if "?" in endpoint else "?"
        http("PUT", f"{endpoint}{sep}graph={quote(str(name), safe='')}", data, {"Content-Type": _TRIPLES})
        sent += data.count(b"\n")
        log.info("pushed %d/%d graphs (%s statements) to %s", n, len(names), f"{sent:,}", endpoint)
    return {"endpoint": endpoint, "graphs": len(names), "statements": sent}
