"""Time and connection limits of the endpoint: slow or idle clients are cut off, and a flood cannot starve others.

- A request (headers and body) must arrive within the read timeout of the connection falling idle, however
  slowly its bytes trickle in (:class:`DeadlineReader`); otherwise the connection is closed.
- At most ``max_connections`` connections are served at once (:class:`ConnectionSlots`). When they are all
  taken, the one that has waited longest for a request (over :data:`GRACE` seconds) makes way for the newcomer;
  if none has, the newcomer gets a quick 503 and is closed, never left to hang.

:class:`CappedServer` and :class:`CheckedHandler` are mixins for the endpoint's ``ThreadingHTTPServer`` and its
request handler; the handler mixin also runs the Host, foreign-page and Content-Length checks of :mod:`.http`
before any method, and answers OPTIONS (CORS preflight).
"""

from __future__ import annotations

import io
import socket
import sys
import threading
import time
from dataclasses import dataclass, field

from .http import HostCheck, Policy, content_length, foreign_page, preflight

__all__ = ["GRACE", "DeadlineReader", "ConnectionSlots", "refuse_connection", "CappedServer", "CheckedHandler"]

#: Seconds a connection may wait for its request before a newcomer may take its place when all slots are taken.
GRACE = 1.0


class DeadlineReader(io.RawIOBase):
    """A socket reader that refuses to wait past a deadline (TimeoutError), however slowly bytes trickle in."""

    def __init__(self, sock: socket.socket, write_timeout: float):
        self._sock = sock
        self._write_timeout = write_timeout
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request did not arrive within the read timeout")
            self._sock.settimeout(min(left, self._write_timeout))
        try:
            return self._sock.recv_into(buffer)
        finally:
            self._sock.settimeout(self._write_timeout)  # writes get the full timeout


@dataclass(eq=False)
class Slot:
    """One admitted connection; ``waiting_since`` is set while it waits for (the rest of) a request."""

    sock: socket.socket
    waiting_since: float | None = None
    evicted: bool = False


@dataclass
class ConnectionSlots:
    """At most ``cap`` connections; the one waiting longest for a request (over ``grace`` s) makes way for a new one."""

    cap: int
    grace: float = GRACE
    _slots: dict = field(default_factory=dict)               # socket -> Slot
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, sock: socket.socket) -> Slot | None:
        """A slot for a new connection, or None when every slot is busy or newly taken."""
        with self._lock:
            if len(self._slots) >= self.cap:
                now = time.monotonic()
                idle = [s for s in self._slots.values()
                        if s.waiting_since is not None and now - s.waiting_since > self.grace]
                if not idle:
                    return None
                victim = min(idle, key=lambda s: s.waiting_since)
                victim.evicted = True
                del self._slots[victim.sock]
                try:
                    victim.sock.shutdown(socket.SHUT_RDWR)     # its thread sees end of stream and ends
                except OSError:
                    pass
            slot = self._slots[sock] = Slot(sock)
            return slot

    def find(self, sock: socket.socket) -> Slot | None:
        with self._lock:
            return self._slots.get(sock)

    def waiting(self, slot: Slot, flag: bool) -> None:
        with self._lock:
            slot.waiting_since = time.monotonic() if flag else None

    def release(self, sock: socket.socket) -> None:
        with self._lock:
            self._slots.pop(sock, None)

    def __len__(self) -> int:
        return len(self._slots)


def refuse_connection(sock: socket.socket, cap: int) -> None:
    """Answer 503 on a connection over the cap without waiting for it, and close it."""
    body = f"the endpoint is serving its limit of {cap} connections; try again shortly\n".encode()
    head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n").encode()
    try:
        sock.setblocking(False)
        sock.send(head + body)
        sock.shutdown(socket.SHUT_WR)
        sock.recv(65536)                                     # what already came, so closing does not reset
    except OSError:
        pass
    finally:
        sock.close()


class CappedServer:
    """Mixin for a ``ThreadingHTTPServer``: the connection cap, and quiet handling of clients that go away."""

    request_queue_size = 128                 # connections over the cap are accepted and refused, not left to hang
    block_on_close = False                   # Ctrl+C does not wait for idle connections to time out

    def init_transport(self, policy: Policy | None) -> None:
        """Set up the policy, the Host check and the connection slots (call after the socket is bound)."""
        self.policy = policy or Policy()
        self.hosts = HostCheck(self.server_address, self.policy.allowed_hosts)
        self.slots = ConnectionSlots(self.policy.max_connections)

    def process_request(self, request, client_address):
        if self.slots.admit(request) is None:
            if self.log:
                sys.stderr.write(f"{client_address[0]} - refused: {self.policy.max_connections} connections open\n")
            refuse_connection(request, self.policy.max_connections)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release(request)

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], OSError):           # a client that went away, or was timed out
            return
        super().handle_error(request, client_address)


class CheckedHandler:
    """Mixin for the request handler: read deadline, connection slot, Host and Content-Length checks, OPTIONS.

    The handler provides ``_error(status, message)``; its body reader reads ``body_size`` bytes and sets
    ``_body_read``.
    """

    def setup(self) -> None:
        """Reads that give up at the request's deadline, however slowly the bytes come; this connection's slot."""
        super().setup()
        timeout = self.server.policy.read_timeout
        self.connection.settimeout(timeout)
        self.rfile.close()
        self._reader = DeadlineReader(self.connection, timeout)
        self.rfile = io.BufferedReader(self._reader)
        self.slot = self.server.slots.find(self.connection)

    def handle_one_request(self) -> None:
        """One request, which must arrive (headers and body) within the read timeout of the connection idling."""
        slots = self.server.slots
        self._reader.deadline = time.monotonic() + self.server.policy.read_timeout
        self.body_size, self._body_read = 0, True
        if self.slot is not None:
            slots.waiting(self.slot, True)
        try:
            super().handle_one_request()
        except OSError:                                       # the client went away, or gave way to another
            self.close_connection = True
        finally:
            if self.slot is not None:
                slots.waiting(self.slot, False)
        if not self._body_read:                               # a body nobody read must not pass for a request
            self.close_connection = True

    def parse_request(self) -> bool:
        """The request line and headers, then the Host and Content-Length checks, before any method runs."""
        return super().parse_request() and self._checked()

    def handle_expect_100(self) -> bool:
        """Check the request before telling the client to send its body (``Expect: 100-continue``)."""
        return self._checked() and super().handle_expect_100()

    def _checked(self) -> bool:
        """False after answering a request whose Host or Content-Length is refused (the connection then closes)."""
        if self.slot is not None:
            if self.slot.evicted:
                self.close_connection = True
                return False
            self.server.slots.waiting(self.slot, False)
        problem = self.server.hosts.problem(self.headers.get_all("Host") or [], self.request_version)
        if problem is None:
            problem = foreign_page(self.server.policy, self.headers.get("Origin"),
                                   self.headers.get("Sec-Fetch-Site"), self.headers.get("Host"))
        if problem is None:
            size, problem = content_length(self.headers.get_all("Content-Length") or [],
                                           self.headers.get_all("Transfer-Encoding") or [],
                                           self.server.limits.max_query_bytes)
        if problem is not None:
            self.close_connection = True
            self._error(*problem)
            if problem[0] == 413:
                self._discard(size)
            return False
        self.body_size, self._body_read = size, size == 0
        return True

    def _discard(self, size: int) -> None:
        """After a 413, read and drop what the client goes on sending (up to 16 MB, within the read timeout, and
        only while it keeps coming) so that it sees the answer rather than a reset connection; nothing is kept."""
        left, deadline = min(size, 16 * 1024 * 1024), self._reader.deadline or time.monotonic()
        try:
            self.wfile.flush()
            while left > 0:
                self._reader.deadline = min(deadline, time.monotonic() + 1.0)
                chunk = self.rfile.read1(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def do_OPTIONS(self):  # noqa: N802 (http.server's naming)
        """CORS preflight: passes only for an origin named by ``serve --cors``; a plain OPTIONS lists the methods."""
        status, message, headers = preflight(self.server.policy, self.headers.get("Origin"),
                                             self.headers.get("Access-Control-Request-Method"))
        if status != 204:
            return self._error(status, message)
        self.send_response(204)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
