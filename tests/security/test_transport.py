"""The endpoint as a good local citizen, tested at the transport level against a real `influencegraph serve`.

No page from another site may read it (no CORS unless ``--cors`` names the origin; a DNS-rebinding name gets
421), a lying ``Content-Length`` is answered before any of the body is read, slow or idle clients are cut off at
the read timeout, a flood of connections cannot starve a normal client, and a worker that dies is replaced
without any other client seeing an error. Requests are written byte by byte on raw sockets where the point is
what an ordinary client library would not send.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import start_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u }"          # about a second: typed resources squared
ALLOWED = "http://allowed.example:3000"
READ_TIMEOUT = 4.0
CAP = 8


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except Exception:
        proc.kill()
        proc.wait(10)


@pytest.fixture(scope="module")
def plain(dataset_file):
    """A server with the defaults that matter here (no --cors, no --allowed-host, 10 s read timeout)."""
    proc, base = start_server(["--dataset", str(dataset_file), "--timeout", "20", "--workers", "2"])
    yield proc, base
    _stop(proc)


@pytest.fixture(scope="module")
def tuned(dataset_file):
    """A server told to allow one origin and one extra host name, with a short read timeout and a small cap."""
    proc, base = start_server(["--dataset", str(dataset_file), "--cors", ALLOWED, "--allowed-host", "kg.internal",
                               "--read-timeout", str(READ_TIMEOUT), "--max-connections", str(CAP)])
    yield proc, base
    _stop(proc)


def _port(base: str) -> int:
    return urllib.parse.urlsplit(base).port


def _connect(base: str, timeout: float = 5.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", _port(base)), timeout=timeout)


def _read_all(sock: socket.socket, wait: float) -> tuple[bytes, bool]:
    """Everything the server sends within ``wait`` seconds, and whether it closed the connection by then."""
    data, deadline = b"", time.monotonic() + wait
    while time.monotonic() < deadline:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return data, False
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def exchange(base: str, head: str, body: bytes = b"", wait: float = 5.0) -> tuple[int, dict, str, bool]:
    """Send a raw request; (status, headers with lower-case names, body text, connection closed within wait)."""
    with _connect(base, wait) as sock:
        sock.sendall(head.encode("latin-1") + body)
        data, closed = _read_all(sock, wait)
    head_bytes, _, rest = data.partition(b"\r\n\r\n")
    lines = head_bytes.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0] else 0
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers, rest.decode("utf-8", "replace"), closed


def get(base: str, host: str | None = "default", query: str = COUNT, extra: str = "", wait: float = 5.0) -> tuple:
    host_line = "" if host is None else f"Host: {f'127.0.0.1:{_port(base)}' if host == 'default' else host}\r\n"
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    return exchange(base, f"GET {path} HTTP/1.1\r\n{host_line}{extra}Connection: close\r\n\r\n", wait=wait)


def _cors(headers: dict) -> list[str]:
    return [name for name in headers if name.startswith("access-control-")]


# ----------------------------------------------------------------------------- CORS
def test_no_cors_header_on_any_answer_without_the_cors_option(plain):
    _, base = plain
    host = f"Host: 127.0.0.1:{_port(base)}\r\n"
    own = f"Origin: http://127.0.0.1:{_port(base)}\r\n"                      # the query page's own requests
    for answer in (get(base), get(base, extra=own), get(base, query="SELECT nonsense", extra=own),
                   exchange(base, f"GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n"),
                   exchange(base, f"GET /nowhere HTTP/1.1\r\n{host}{own}Connection: close\r\n\r\n")):
        assert answer[0] in (200, 400, 404)
        assert _cors(answer[1]) == [], answer[1]
    status, headers, _, _ = exchange(base, f"OPTIONS /sparql HTTP/1.1\r\n{host}Origin: http://evil.example\r\n"
                                           "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n")
    assert status == 403 and _cors(headers) == []


@pytest.mark.parametrize("extra", ["Origin: http://evil.example\r\n", "Origin: null\r\n",
                                   "Origin: http://127.0.0.1:1\r\n", "Origin: https://127.0.0.1:{port}\r\n",
                                   "Sec-Fetch-Site: cross-site\r\n", "Sec-Fetch-Site: same-site\r\n"])
def test_a_request_made_by_another_sites_page_is_refused_before_any_work(plain, extra):
    _, base = plain
    status, headers, body, _ = get(base, query=SLOW, extra=extra.format(port=_port(base)))
    assert status == 403, body
    assert len(body.strip().splitlines()) == 1 and "--cors" in body
    assert _cors(headers) == []
    status, headers, body, _ = exchange(base, _post_head(base, [str(len(COUNT))], extra.format(port=_port(base))
                                                         + "Connection: close\r\n"), COUNT.encode())
    assert status == 403, body


@pytest.mark.parametrize("host, extra", [("127.0.0.1:{port}", "Origin: http://127.0.0.1:{port}\r\n"),
                                         ("localhost:{port}", "Origin: http://localhost:{port}\r\n"),
                                         ("127.0.0.1:{port}", "Sec-Fetch-Site: same-origin\r\n"),
                                         ("127.0.0.1:{port}", "Sec-Fetch-Site: none\r\n")])
def test_the_servers_own_pages_and_typed_addresses_are_served(plain, host, extra):
    _, base = plain
    port = _port(base)
    status, _, body, _ = get(base, host=host.format(port=port), extra=extra.format(port=port))
    assert status == 200, body


def test_cors_answers_only_the_named_origin_and_says_it_varies(tuned):
    _, base = tuned
    status, headers, _, _ = get(base, extra=f"Origin: {ALLOWED}\r\n")
    assert status == 200
    assert headers["access-control-allow-origin"] == [ALLOWED]
    assert "Origin" in headers["vary"][0]
    for other in ("http://evil.example", "http://allowed.example:3001", "https://allowed.example:3000", "null"):
        status, headers, _, _ = get(base, extra=f"Origin: {other}\r\n")
        assert status == 403
        assert _cors(headers) == [], (other, headers)
        assert "Origin" in headers["vary"][0]
    status, headers, _, _ = get(base)                       # no Origin at all: no grant either
    assert status == 200 and _cors(headers) == []


def test_preflight_passes_for_the_named_origin_only(tuned):
    _, base = tuned
    host = f"Host: 127.0.0.1:{_port(base)}\r\n"

    def preflight(origin, method="POST"):
        return exchange(base, f"OPTIONS /sparql HTTP/1.1\r\n{host}Origin: {origin}\r\n"
                              f"Access-Control-Request-Method: {method}\r\n"
                              "Access-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n")
    status, headers, _, _ = preflight(ALLOWED)
    assert status == 204
    assert headers["access-control-allow-origin"] == [ALLOWED]
    assert "POST" in headers["access-control-allow-methods"][0]
    assert "content-type" in headers["access-control-allow-headers"][0].lower()
    status, headers, body, _ = preflight("http://evil.example")
    assert status == 403 and _cors(headers) == [] and "--cors" in body
    status, _, body, _ = preflight(ALLOWED, "PUT")         # the named origin still cannot write
    assert status == 403 and "read-only" in body


# ----------------------------------------------------------------------------- Host
@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "localhost", "127.0.0.1:1",
                                  "localhost.:{port}", "127.0.0.1:{port}@evil.example", "kg.internal:{port}"])
def test_a_host_the_server_does_not_serve_gets_421(plain, host):
    _, base = plain
    status, headers, body, _ = get(base, host=host.format(port=_port(base)))
    assert status == 421, body
    assert len(body.strip().splitlines()) == 1 and "host" in body
    assert "results" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"])
def test_the_listening_address_and_loopback_names_are_served(plain, host):
    _, base = plain
    status, _, body, _ = get(base, host=host.format(port=_port(base)))
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_allowed_host_adds_a_name(tuned):
    _, base = tuned
    assert get(base, host=f"kg.internal:{_port(base)}")[0] == 200
    assert get(base, host=f"other.internal:{_port(base)}")[0] == 421


def test_a_missing_or_repeated_host_gets_400_on_http_1_1(plain):
    _, base = plain
    status, _, body, closed = get(base, host=None)
    assert status == 400 and "Host" in body and closed
    status, _, _, _ = get(base, extra="Host: evil.example\r\n")            # a second Host header
    assert status == 400
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    status, _, body, _ = exchange(base, f"GET {path} HTTP/1.0\r\n\r\n")    # HTTP/1.0 needs none
    assert status == 200, body


def test_serve_help_documents_allowed_host_cors_and_limits(root):
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "influencegraph", "serve", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for option in ("--allowed-host", "--cors", "--read-timeout", "--max-connections"):
        assert option in out
    assert "421" in out


# ----------------------------------------------------------------------------- Content-Length
def _post_head(base: str, lengths: list[str], extra: str = "") -> str:
    fields = "".join(f"Content-Length: {v}\r\n" for v in lengths)
    return (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{_port(base)}\r\nContent-Type: application/sparql-query\r\n"
            f"{fields}{extra}\r\n")


@pytest.mark.parametrize("lengths, status", [(["-1"], 400), (["abc"], 400), (["1e3"], 400), (["+5"], 400),
                                             (["0x10"], 400), (["5", "6"], 400), (["5, 6"], 400),
                                             (["999999999999"], 413), (["10000000"], 413)])
def test_a_bad_content_length_is_answered_before_the_body_and_the_connection_closed(plain, lengths, status):
    _, base = plain
    started = time.monotonic()
    got, headers, body, closed = exchange(base, _post_head(base, lengths), wait=4)   # no body follows
    assert got == status, body
    assert closed, "the connection must be closed after the answer"
    assert time.monotonic() - started < 3              # not the 10 s read timeout: nothing was waited for
    assert headers.get("connection") == ["close"]
    assert len(body.strip().splitlines()) == 1


def test_an_oversized_body_announced_with_expect_100_continue_is_refused_before_it_is_sent(plain):
    _, base = plain
    status, _, body, closed = exchange(base, _post_head(base, ["10000000"], "Expect: 100-continue\r\n"), wait=4)
    assert status == 413 and closed, body                # a 413, never "100 Continue" first


def test_equal_repeated_content_lengths_are_one_length(plain):
    _, base = plain
    body = COUNT.encode()
    status, _, answer, _ = exchange(base, _post_head(base, [str(len(body))] * 2, "Connection: close\r\n"), body)
    assert status == 200, answer


def test_chunked_bodies_are_refused_with_411(plain):
    _, base = plain
    head = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{_port(base)}\r\nContent-Type: application/sparql-query\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
    status, _, _, closed = exchange(base, head, f"{len(COUNT):x}\r\n{COUNT}\r\n0\r\n\r\n".encode())
    assert status == 411 and closed
    status, _, _, closed = exchange(base, _post_head(base, ["5"], "Transfer-Encoding: chunked\r\n"))
    assert status == 400 and closed


def test_a_body_on_a_get_is_never_read_as_a_second_request(plain):
    _, base = plain
    hidden = f"GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1:{_port(base)}\r\n\r\n".encode()
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{_port(base)}\r\nContent-Length: {len(hidden)}\r\n\r\n"
    with _connect(base) as sock:
        sock.sendall(head.encode() + hidden)
        data, closed = _read_all(sock, 4)
    assert data.startswith(b"HTTP/1.1 200") and closed
    assert data.count(b"HTTP/1.1 ") == 1                  # no 404 for the smuggled request


# ----------------------------------------------------------------------------- time and connections
def test_idle_half_sent_and_trickling_clients_are_cut_off_at_the_read_timeout(tuned):
    _, base = tuned
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    started = time.monotonic()
    idle, half, body, trickle = (_connect(base) for _ in range(4))
    half.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{_port(base)}\r\n".encode())    # no blank line
    body.sendall(_post_head(base, ["100"]).encode() + b"SELECT")                         # 6 of 100 bytes
    closed_at: dict[str, float] = {}
    sockets = {"idle": idle, "half-sent headers": half, "half-sent body": body, "trickle": trickle}
    for sock in sockets.values():
        sock.setblocking(False)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{_port(base)}\r\nX-Pad: {'a' * 200}\r\n\r\n".encode()
    for step in range(int((READ_TIMEOUT + 4) / 0.2)):       # bounded: at most READ_TIMEOUT + 4 s
        if "trickle" not in closed_at and step < len(request):
            try:
                trickle.send(request[step:step + 1])       # a byte every 0.2 s: never idle, never done
            except OSError:
                closed_at["trickle"] = time.monotonic() - started
        for name, sock in sockets.items():
            if name in closed_at:
                continue
            try:
                if sock.recv(65536) == b"":
                    closed_at[name] = time.monotonic() - started
            except BlockingIOError:
                pass
            except OSError:
                closed_at[name] = time.monotonic() - started
        if len(closed_at) == len(sockets):
            break
        time.sleep(0.2)
    for sock in sockets.values():
        sock.close()
    assert set(closed_at) == set(sockets), closed_at
    for name, when in closed_at.items():
        assert READ_TIMEOUT - 1 <= when <= READ_TIMEOUT + 2, (name, when)
    assert get(base)[0] == 200


def test_a_connection_flood_gets_quick_503s_and_cannot_starve_a_normal_client(tuned):
    _, base = tuned
    time.sleep(0.3)                                        # earlier tests' connections are all released
    opened = time.monotonic()
    flood = [_connect(base) for _ in range(CAP + 5)]     # connect, then say nothing
    try:
        time.sleep(0.8)                                    # time for the server to accept and answer them all
        refused, waiting = 0, []
        for sock in flood:
            data, closed = _read_all(sock, 0.05)
            if data:
                assert data.startswith(b"HTTP/1.1 503") and b"connections" in data and closed, data
                refused += 1
            else:
                waiting.append(sock)
        assert refused == 5 and len(waiting) == CAP         # the cap's worth wait; the rest are told at once
        time.sleep(max(0.0, opened + 1.3 - time.monotonic()))   # the waiting ones are past the grace period
        started = time.monotonic()
        status, _, body, _ = get(base)
        assert status == 200, body                         # one idle connection made way for it
        assert time.monotonic() - started < 2
        assert time.monotonic() - opened < READ_TIMEOUT    # well before the idle ones time out
        for sock in waiting:                               # and every idle one is closed by the read timeout
            _, closed = _read_all(sock, max(0.1, opened + READ_TIMEOUT + 2 - time.monotonic()))
            assert closed
    finally:
        for sock in flood:
            sock.close()


# ----------------------------------------------------------------------------- workers
def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo and len(out) < 100:
        parent = todo.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            for child in children.read_text().split():
                out.append(int(child))
                todo.append(int(child))
    return out


def _workers(server_pid: int) -> set[int]:
    found = set()
    for pid in _descendants(server_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.add(pid)
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find the worker processes")
def test_a_killed_worker_is_replaced_and_no_other_client_sees_an_error(plain):
    proc, base = plain
    workers = _workers(proc.pid)
    assert len(workers) == 2, workers
    answers: list[tuple[int, str]] = []

    def client():
        for _ in range(3):
            status, _, body, _ = get(base, query=SLOW, wait=90)
            answers.append((status, body))
    threads = [threading.Thread(target=client) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.5)                                       # both workers are busy with a slow query by now
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    for t in threads:
        t.join(120)
    assert len(answers) == 6
    assert [status for status, _ in answers] == [200] * 6, answers
    values = {json.loads(body)["results"]["bindings"][0]["n"]["value"] for _, body in answers}
    assert len(values) == 1                               # the query caught in the dying worker was answered too
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (len(_workers(proc.pid)) != 2 or victim in _workers(proc.pid)):
        time.sleep(0.2)
    now = _workers(proc.pid)
    assert len(now) == 2 and victim not in now, now
    assert get(base)[0] == 200
