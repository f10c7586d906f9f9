"""A read-only SPARQL 1.1 Protocol endpoint over the built dataset, that cannot be turned against its host.

``/sparql`` answers queries (GET ``?query=``, POST ``application/sparql-query``, POST form-encoded
``query=``) with content negotiation: SPARQL results JSON, XML, CSV and TSV for SELECT and ASK; Turtle,
N-Triples and JSON-LD for CONSTRUCT and DESCRIBE (``?format=json`` etc. overrides ``Accept``). ``/`` is a
query page that needs no internet; ``/queries.json`` lists the named queries with their defaults bound.
``GET /sparql`` without a query answers the SPARQL 1.1 Service Description (:mod:`.description`). The
protocol's rules are :mod:`.protocol`'s: exactly one query per request (else 400), the protocol's dataset
replaces the query's ``FROM``, and relative IRIs resolve against the endpoint's URL, ``http://HOST:PORT/sparql``.

How it stays safe:

- **Read-only.** Updates, in any form and on any path (``update=``, ``application/sparql-update``,
  ``/update``, PUT / DELETE / PATCH), get 403. The workers only ever call ``Store.query`` on their own
  in-memory copy; nothing is written back.
- **No outbound requests.** Every query passes :func:`~influencegraph.sparql.guard.inspect` before a worker sees
  it: ``SERVICE`` and ``FROM`` / ``FROM NAMED`` / ``default-graph-uri`` / ``named-graph-uri`` naming anything
  but the dataset's own graphs get 403 (``oxigraph serve-read-only`` would still call ``SERVICE``). Behind the
  guard, each worker moves into an empty network namespace and a seccomp filter before it loads the data
  (:mod:`.sandbox`), so no query can open a connection even if the guard were fooled.
- **A good local citizen.** No CORS headers unless ``--cors`` names an origin; a ``Host`` the server was not told
  it serves gets 421; bad ``Content-Length`` is answered before any read; read deadlines and a connection cap
  (:mod:`.http`, :mod:`.connections`). SECURITY.md lists every promise and its tests.
- **Bounded.** Queries run in a pool of worker processes (pyoxigraph; :mod:`.workers`). One that exceeds the time
  limit is killed, its worker replaced, and the client gets 503 with a message (Oxigraph's own timeout answers 200
  with a truncated body); the other workers go on serving. Results over the row cap get 413, query texts over the
  size cap 413 before they are parsed, and a request that waits too long for a free worker 503.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import QueryError, QueryRefused
from .guard import inspect
from .connections import CappedServer, CheckedHandler
from .http import Policy, cors_headers
from .protocol import negotiate
from .results import RESULT_FORMATS, formats_for
from .workers import Limits, WorkerPool, _load_store
from .workers import _worker_main  # noqa: F401 (importable here: the no-network test starts one worker alone)

__all__ = ["Limits", "WorkerPool", "EndpointServer", "serve"]


# ----------------------------------------------------------------------------- HTTP
class EndpointServer(CappedServer, ThreadingHTTPServer):
    """The HTTP server: one thread per connection (at most ``policy.max_connections``), queries evaluated by the
    :class:`WorkerPool`; the transport checks are :mod:`.connections`' and :mod:`.http`'s."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, pool: WorkerPool, graphs: set[str], examples, limits: Limits, log=True,
                 policy: Policy | None = None):
        super().__init__(address, _Handler)
        self.pool = pool
        self.graphs = graphs
        self.prefixes = pool.namespaces
        self.examples = examples
        self.limits = limits
        self.log = log
        self.init_transport(policy)


class _Handler(CheckedHandler, BaseHTTPRequestHandler):
    server: EndpointServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        from .. import __version__
        return f"influencegraph/{__version__}"

    # -------------------------------------------------------------- plumbing
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, status: int, content_type: str, body: str | bytes, extra: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        headers = getattr(self, "headers", None)
        for k, v in {**cors_headers(self.server.policy, headers and headers.get("Origin")), **(extra or {})}.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain", message.rstrip() + "\n")

    def _read_body(self) -> bytes | None:
        """The request body, whose length :meth:`parse_request` checked; None after answering 400."""
        self._body_read = True
        if not self.body_size:
            return b""
        data = self.rfile.read(self.body_size)
        if len(data) < self.body_size:
            self.close_connection = True
            self._error(400, f"the request body ended after {len(data)} of its {self.body_size} bytes")
            return None
        return data

    # -------------------------------------------------------------- methods
    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            page = resources.files("influencegraph.sparql").joinpath("page.html").read_bytes()
            return self._send(200, "text/html", page, {
                "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                           "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                                           "form-action 'self'"})
        if url.path == "/queries.json":
            return self._send(200, "application/json", json.dumps(self.server.examples(), ensure_ascii=False))
        if url.path == "/sparql":
            from .description import respond
            from .protocol import ProtocolError, endpoint_url, from_get
            try:
                operation = from_get(url.query)
            except ProtocolError as exc:
                return self._error(exc.status, exc.message)
            if operation is None:                             # no query: the service description
                endpoint = endpoint_url(self.headers.get("Host"), self.server.server_address)
                return self._send(*respond(endpoint, self.server.graphs, self.headers.get("Accept")))
            return self._query(operation.query, operation.params)
        if url.path == "/update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        return self._error(404, f"no such page: {url.path} (the endpoint is /sparql, the query page /)")

    def do_HEAD(self):  # noqa: N802
        return self.do_GET()

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        body = self._read_body()
        if body is None:
            return
        if url.path == "/update":
            return self._error(403, "updates are refused: this endpoint is read-only")
        if url.path != "/sparql":
            return self._error(404, f"no such endpoint: {url.path} (use /sparql)")
        from .protocol import ProtocolError, from_post
        try:
            operation = from_post(url.query, self.headers.get("Content-Type"), body)
        except ProtocolError as exc:
            return self._error(exc.status, exc.message)
        return self._query(operation.query, operation.params)

    def _refuse_write(self):
        self._read_body()
        return self._error(403, "this endpoint is read-only: no graph can be created, changed or deleted")

    do_PUT = do_DELETE = do_PATCH = _refuse_write  # noqa: N815

    # -------------------------------------------------------------- the query
    def _query(self, text: str, params: dict) -> None:
        limits = self.server.limits
        if len(text.encode("utf-8")) > limits.max_query_bytes:
            return self._error(413, f"the query is longer than the {limits.max_query_bytes}-byte limit")
        try:
            info = inspect(text, graphs=self.server.graphs, prefixes=self.server.prefixes)
        except QueryRefused as exc:
            return self._error(403, str(exc))
        except QueryError as exc:
            return self._error(exc.status, str(exc))
        requested = params.get("default-graph-uri", []) + params.get("named-graph-uri", [])
        for iri in requested:                                # FROM / FROM NAMED were checked by inspect()
            if iri not in self.server.graphs:
                return self._error(403, f"<{iri}> is not a graph of this dataset; the endpoint never fetches "
                                        "remote data")
        override = (params.get("format") or [None])[0]
        if override and override not in RESULT_FORMATS:
            return self._error(400, f"unknown format {override!r}; use one of "
                                    f"{', '.join(f.name for f in formats_for(info.form))}")
        fmt = negotiate(info.form, self.headers.get("Accept"), override)
        if fmt is None:
            offered = ", ".join(f.media_type for f in formats_for(info.form))
            return self._error(406, f"cannot answer a {info.form} query in the requested type; offered: {offered}")
        from .protocol import dataset, endpoint_url, unshift_lines, with_base
        defaults, named = dataset(params, info.default_graphs, info.named_graphs)
        query, added = with_base(text, endpoint_url(self.headers.get("Host"), self.server.server_address))
        started = time.perf_counter()
        status, ctype, body = self.server.pool.execute(
            {"query": query, "format": fmt, "default_graphs": defaults, "named_graphs": named})
        elapsed = time.perf_counter() - started
        if status == 400:                                    # positions in the client's text, not ours
            body = unshift_lines(body, added)
        self._send(status, ctype, body, {"Server-Timing": f"query;dur={elapsed * 1000:.1f}"})


# ----------------------------------------------------------------------------- entry point
def serve(host: str = "127.0.0.1", port: int = 7878, dataset: str | Path | None = None, root=None,
          limits: Limits = Limits(), log=True, ready=None, policy: Policy | None = None) -> None:
    """Serve the dataset at ``http://HOST:PORT/sparql`` until interrupted; each step of starting up (building,
    loading, starting workers) is logged.

    Parameters
    ----------
    host, port : str, int
        Where to listen; loopback unless told otherwise. Port 0 picks a free port.
    dataset : path, optional
        An N-Quads or TriG file, or an Oxigraph database folder. Default: the project's build store (the workers
        open it read-only), built first when missing or older than the inputs. A build while the server runs
        swaps in a new store beside it; the server goes on serving the one it opened until restarted.
    limits : Limits
        Timeout, row cap, query size cap, worker count.
    policy : Policy, optional
        CORS origins, extra Host names, read timeout and connection cap (:mod:`influencegraph.sparql.http`).
    ready : callable, optional
        Called with the base URL once the server listens (the CLI prints it).
    """
    from .. import load
    from .engines import default_prefixes

    say = logging.getLogger(__name__).info
    if dataset is None:
        from ..pipeline import build
        from ..stores.build import STORE
        kg = build(root)       # nothing to do when up to date; the build's store, held while the server runs
        dataset = kg.store.held.folder / STORE
    else:
        kg = load(dataset) if not Path(dataset).is_dir() else None
    graphs = {str(g.identifier) for g in kg.dataset.graphs() if len(g)} if kg is not None else set()
    namespaces = default_prefixes()
    pool = WorkerPool(dataset, limits, namespaces)
    say(f"starting {limits.workers} query worker(s) on {dataset}")
    pool.start()
    if kg is None:
        graphs = {g.value for g in _load_store(str(dataset)).named_graphs()}

    cached: list = []

    def examples():
        if not cached:
            cached.append(_examples(kg))
        return cached[0]

    server = EndpointServer((host, port), pool, graphs, examples, limits, log=log, policy=policy)
    try:
        if ready:
            ready(f"http://{_url_host(server.server_address[0])}:{server.server_address[1]}/")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _examples(kg) -> list[dict]:
    from .library import library
    out = []
    for q in library().values():
        entry = q.as_dict()
        try:
            entry["text"] = q.inline(kg) if kg is not None else q.text
        except QueryError:
            entry["text"] = q.text
        out.append(entry)
    return out

