"""No query makes the processes that evaluate it connect anywhere: the guard refuses SERVICE as both engines read
it, and behind the guard the engines themselves cannot reach the network.

Every test listens on a loopback TCP port and points SERVICE at it; the port must never see a connection. The
tests that switch the guard off hand the query straight to an endpoint worker (through its pipe, as the server
does after the guard) or to an engine object, and a control shows that the same query, evaluated by a plain
pyoxigraph store in the test process, does connect: the listener would notice.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT, start_server

DEEP = 10_000


def require_isolation(status: str) -> None:
    """Isolation is required where it must work: as root on Linux (CI: Debian, root) or with
    $INFLUENCEGRAPH_REQUIRE_SANDBOX set; elsewhere a test that needs it is skipped, saying why."""
    if status.startswith("isolated"):
        return
    if (sys.platform.startswith("linux") and os.geteuid() == 0) or os.environ.get("INFLUENCEGRAPH_REQUIRE_SANDBOX"):
        pytest.fail(f"query evaluation is not cut off from the network: {status}")
    pytest.skip(f"query evaluation cannot be cut off from the network here: {status}")


def _cut_off(message: str) -> bool:
    """Whether an engine's error says it could not open a connection (what an isolated evaluator answers)."""
    return "permission denied (os error 13)" in message.lower() or "network is unreachable" in message.lower()


class Listener:
    """A TCP port on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.seen: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.seen.append(conn.recv(4096) or b"(connected)")
            except OSError:
                self.seen.append(b"(connected)")
            conn.close()

    def connections(self, settle: float = 0.3) -> list[bytes]:
        time.sleep(settle)
        return list(self.seen)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lis = Listener()
    yield lis
    lis.close()


def hostile(url: str) -> list[str]:
    """SERVICE calls to ``url``: plain, SILENT, and the forms that fooled the guard."""
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2)SERVICE SILENT#>\n<{url}> {{ ?s ?p ?o }} }}",
        rf"SELECT * WHERE {{ \u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICESILENT <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_the_control_query_does_connect_when_nothing_stops_it(listener):
    """The listener notices a SERVICE call made by pyoxigraph with no guard and no sandbox."""
    import pyoxigraph as ox
    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"))
    seen = listener.connections()
    assert len(seen) == 1 and seen[0].split(b" ")[:2] in ([b"POST", b"/sparql"], [b"GET", b"/sparql"]), seen


# ----------------------------------------------------------------------------- the endpoint's workers
def _worker(dataset_file):
    from influencegraph.sparql.engines import default_prefixes
    from influencegraph.sparql.server import _worker_main
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_worker_main, args=(child, str(dataset_file), 100, default_prefixes()), daemon=True)
    proc.start()
    child.close()
    assert parent.poll(120), "the worker did not start"
    return proc, parent, parent.recv()


def test_an_endpoint_worker_connects_nowhere_even_with_the_guard_switched_off(dataset_file, listener):
    proc, conn, (status, message) = _worker(dataset_file)
    try:
        assert status == "ready"
        require_isolation(message.removeprefix("network: "))
        replies = []
        for query in hostile(listener.url):
            conn.send({"query": query, "format": "json", "default_graphs": [], "named_graphs": []})
            assert conn.poll(30), query
            replies.append(conn.recv())
        conn.send({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "format": "json",
                   "default_graphs": [], "named_graphs": []})
        assert conn.poll(30)
        ok = conn.recv()
    finally:
        conn.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
    assert listener.connections() == []
    # Without SILENT the call fails inside the worker (no socket: the seccomp filter; or "Network is unreachable":
    # the namespace alone); with SILENT, the answer is one empty solution.
    assert replies[0][0] == "error" and _cut_off(replies[0][2]), replies[0]
    assert replies[1][0] == "ok", replies[1]
    assert ok[0] == "ok" and int(json.loads(ok[2])["results"]["bindings"][0]["n"]["value"]) > 100


# ----------------------------------------------------------------------------- the CLI / API engines
@pytest.fixture(scope="module")
def small_dataset():
    from rdflib import Dataset, Literal, URIRef
    ds = Dataset()
    ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), Literal(1)))
    return ds


def test_rdflib_refuses_service_even_with_the_guard_switched_off(small_dataset, listener):
    from influencegraph.errors import QueryRefused, QuerySyntaxError
    from influencegraph.sparql.engines import engine
    run = engine("rdflib", small_dataset)
    *service, glued = hostile(listener.url)
    for query in service:               # rdflib reads each of these as SERVICE (\u0053 decoded, '<' as less-than)
        with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
            run(query, {}, None)
    with pytest.raises(QuerySyntaxError):   # rdflib wants a keyword boundary: SERVICESILENT is no keyword to it
        run(glued, {}, None)
    assert listener.connections() == []


def test_the_local_engines_evaluate_without_network_access(small_dataset, listener):
    """Oxigraph in the CLI / API has no switch for SERVICE: it evaluates on a thread that has no network."""
    from influencegraph.errors import QueryError
    from influencegraph.sparql import sandbox
    from influencegraph.sparql.engines import engine
    require_isolation(sandbox.status())
    run = engine("oxigraph", small_dataset)
    outcomes = []
    for query in hostile(listener.url):
        try:
            outcomes.append(run(query, {}, None).rows)
        except (OSError, QueryError) as exc:          # unreachable, or not SPARQL to Oxigraph (\u0053ERVICE)
            outcomes.append(str(exc))
    assert listener.connections() == []
    assert _cut_off(outcomes[0]), outcomes
    assert run("SELECT ?o WHERE { ?s ?p ?o }", {}, None).rows[0][0].toPython() == 1
    # The rest of the process keeps its network: only the evaluating thread is cut off.
    socket.create_connection(("127.0.0.1", int(listener.url.split(":")[2].split("/")[0])), timeout=2).close()
    assert len(listener.connections()) == 1


# ----------------------------------------------------------------------------- the regression cases, as users meet them
@pytest.fixture(scope="module")
def server(dataset_file):
    proc, base = start_server(["--dataset", str(dataset_file), "--timeout", "5"])
    yield base
    proc.terminate()
    proc.wait(10)


def _get(base, query):
    url = base + "sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _post(base, query):
    req = urllib.request.Request(base + "sparql", data=query.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_the_endpoint_refuses_the_disguised_service_calls_and_deep_nesting(server, listener):
    for query in hostile(listener.url):
        status, body = _post(server, query)
        assert status == 403 and "SERVICE" in body, (query, status, body)
    first = hostile(listener.url)[2]
    assert _post(server, first)[1].startswith("line 1, column 41: '<' here may be read as less-than")
    for deep in ("SELECT * WHERE " + "{" * DEEP + "}" * DEEP,
                 "SELECT * WHERE { BIND(" + "(" * DEEP + "1" + ")" * DEEP + " AS ?x) }",
                 "SELECT * WHERE { ?s ?p " + "[ ?p " * (DEEP // 2) + "1" + " ]" * (DEEP // 2) + " }"):
        status, body = _post(server, deep)
        assert status == 400 and "nesting deeper than 64" in body, (status, body)
    status, body = _get(server, "SELECT (COUNT(*) AS ?n) WHERE " + "{" * 60 + " ?s ?p ?o " + "}" * 60)
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 100
    assert listener.connections() == []


def _cli(*args, query: str):
    return subprocess.run([sys.executable, "-m", "influencegraph", "query", *args, "-"], input=query, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_cli_refuses_the_disguised_service_calls_and_deep_nesting(engine, listener):
    for query in hostile(listener.url)[2:]:
        r = _cli("-e", engine, query=query)
        assert r.returncode == 2 and "SERVICE" in r.stderr + r.stdout and "Traceback" not in r.stderr, r
    r = _cli("-e", engine, query="SELECT * WHERE " + "{" * DEEP + "}" * DEEP)
    assert r.returncode == 2 and "line 1, column 80: nesting deeper than 64 brackets" in r.stderr + r.stdout, r
    assert listener.connections() == []


def test_the_api_refuses_the_disguised_service_calls_and_deep_nesting(kg, listener):
    from influencegraph.errors import QueryRefused, QuerySyntaxError
    for engine in ("rdflib", "oxigraph"):
        for query in hostile(listener.url):
            with pytest.raises(QueryRefused):
                kg.query(query, engine=engine)
        with pytest.raises(QuerySyntaxError, match="nesting deeper than 64"):
            kg.query("SELECT * WHERE { BIND(" + "(" * DEEP + "1" + ")" * DEEP + " AS ?x) }", engine=engine)
    assert listener.connections() == []


UNPRIVILEGED = r"""
import sys
import pyoxigraph as ox
from influencegraph.sparql import sandbox
query = "SELECT * WHERE { SERVICE SILENT <%s> { ?s ?p ?o } }"
print(sandbox.status())
print(len(sandbox.offline(lambda: list(ox.Store().query(query)))))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root (to drop to an unprivileged user) and setpriv, on Linux")
def test_without_root_the_evaluating_thread_is_cut_off_by_a_seccomp_filter(listener):
    """Not root: no network namespace for a thread, but the seccomp filter still stops Oxigraph's SERVICE call."""
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                        UNPRIVILEGED % listener.url], capture_output=True, text=True, timeout=120, cwd="/")
    assert r.returncode == 0, r.stderr
    status, rows = r.stdout.splitlines()
    assert status == "isolated: a seccomp filter refusing IPv4 and IPv6 sockets", r.stdout + r.stderr
    assert rows == "1"                                   # SILENT: one empty solution, and no call made
    assert listener.connections() == []


def test_a_sparql_store_is_fetched_before_rdflib_evaluates_offline(server):
    """engine="rdflib" on a sparql:URL store: the store's graphs are fetched first (network allowed: the user chose
    that server); evaluation, offline, then reads the local copy and agrees with the server."""
    import influencegraph
    remote = influencegraph.load(store=f"sparql:{server}sparql")
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    here, there = (remote.query(query, engine=e, raw=True).rows[0][0].toPython() for e in ("rdflib", "sparql"))
    assert here == there > 100
