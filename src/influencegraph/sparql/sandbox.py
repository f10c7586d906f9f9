"""Keep query evaluation off the network, whatever query gets past the guard.

The guard (:mod:`.guard`) refuses ``SERVICE`` before any engine sees a query. This module is the second line, for
the day a query fools it:

- **rdflib**: :func:`refuse_rdflib_service` registers a custom evaluation (rdflib's documented hook,
  ``rdflib.plugins.sparql.CUSTOM_EVALS``) that answers every ``SERVICE`` pattern with :class:`QueryRefused`, so
  rdflib's own SERVICE evaluation (an HTTP request) never runs in this process.
- **Oxigraph** (pyoxigraph 0.5) has no option to switch its SERVICE client off, so queries are evaluated where
  the network cannot be reached (:func:`cut_off`): the endpoint's worker processes cut themselves off at start,
  before loading the data (:func:`isolate_worker`), and the CLI / Python API evaluate queries on one thread that
  has done the same (:func:`offline`; both mechanisms below belong to a thread, so the rest of the process keeps
  its network, e.g. for a ``sparql:URL`` store).

Two mechanisms, each enough on its own, both applied where the system allows:

1. a new, empty **network namespace** (:func:`isolate_network`): only a loopback interface, down, so every
   ``connect`` fails with "Network is unreachable", 127.0.0.1 included. Needs root (CAP_SYS_ADMIN); a
   single-threaded process that is not root may still make one inside a new user namespace (the workers do);
2. a **seccomp filter** (:func:`deny_inet_sockets`) under which ``socket(AF_INET / AF_INET6, …)`` fails with
   EACCES ("Permission denied"). Needs no privilege; Linux on x86_64 or aarch64.

Where neither works (another system) a warning is logged and only the guard and the rdflib refusal stand;
:func:`status` and the workers' ready message say which case holds. tests/security/test_no_network.py requires
isolation as root on Linux (CI) or with ``$INFLUENCEGRAPH_REQUIRE_SANDBOX`` set, and skips, saying why, elsewhere.

Examples
--------
>>> offline(lambda: 6 * 7)
42
>>> offline(lambda: offline(lambda: "nested calls run in place"))
'nested calls run in place'
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import queue
import socket
import sys
import threading
import traceback
from dataclasses import dataclass, field

from ..errors import QueryError, QueryRefused

__all__ = ["isolate_network", "deny_inet_sockets", "cut_off", "offline", "status", "refuse_rdflib_service",
           "network_reachable", "isolate_worker", "QueryTimedOut"]

log = logging.getLogger(__name__)

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def isolate_network(allow_user_namespace: bool = True) -> str:
    """Move the calling thread (a single-threaded process: the whole process) into a new, empty network namespace.

    Parameters
    ----------
    allow_user_namespace : bool
        When ``unshare(CLONE_NEWNET)`` is not permitted (not root), try ``CLONE_NEWUSER | CLONE_NEWNET``; only a
        single-threaded process may do that.

    Returns
    -------
    str
        What was done, e.g. ``"a new network namespace"``.

    Raises
    ------
    OSError
        Not Linux, or the kernel refused (the message says why); nothing was changed.
    """
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, f"network namespaces need Linux (this is {sys.platform})")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) == 0:
        return "a new network namespace"
    first = ctypes.get_errno()
    if allow_user_namespace and libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return "a new user and network namespace"
    raise OSError(first, f"unshare(CLONE_NEWNET) failed: {os.strerror(first)} (root, or user namespaces, needed)")


def network_reachable() -> bool:
    """Whether this thread can open a TCP connection attempt at all (a refused one counts as reachable).

    In an isolated namespace ``connect`` to 127.0.0.1 fails at once with ENETUNREACH; under
    :func:`deny_inet_sockets` the socket cannot even be made.
    """
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):           # refused by the seccomp filter
            return False
        raise
    try:
        sock.settimeout(1)
        sock.connect(("127.0.0.1", 9))
        return True
    except OSError as exc:
        return exc.errno != errno.ENETUNREACH
    finally:
        sock.close()


_AUDIT_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}   # (AUDIT_ARCH_*, __NR_socket)


def deny_inet_sockets() -> str:
    """Install a seccomp filter on the calling thread: ``socket(AF_INET | AF_INET6, …)`` fails with EACCES.

    Needs no privilege (``PR_SET_NO_NEW_PRIVS`` first, as the kernel requires); applies to this thread and the
    threads it starts, for good. Ten BPF instructions, written here rather than through libseccomp.

    Raises
    ------
    OSError
        Not Linux on x86_64 or aarch64, or the kernel refused.
    """
    import platform
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in _AUDIT_ARCH:
        raise OSError(errno.ENOSYS, f"no seccomp filter for {sys.platform} on {machine}")
    arch, nr_socket = _AUDIT_ARCH[machine]
    ld, jeq, ret = 0x20, 0x15, 0x06                     # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, refuse = 0x7FFF0000, 0x00050000 | errno.EACCES        # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    program = [                                         # struct seccomp_data: nr @0, arch @4, args[0] @16
        (ld, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, refuse),
        (ld, 0, 0, 0), (jeq, 0, 4, nr_socket),
        (ld, 0, 0, 16), (jeq, 1, 0, socket.AF_INET), (jeq, 0, 1, socket.AF_INET6),
        (ret, 0, 0, refuse), (ret, 0, 0, allow),
    ]

    class Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    filters = (Filter * len(program))(*[Filter(*f) for f in program])
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0 or \
            libc.prctl(pr_set_seccomp, seccomp_mode_filter, ctypes.byref(Program(len(program), filters)), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"seccomp filter refused: {os.strerror(err)}")
    return "a seccomp filter refusing IPv4 and IPv6 sockets"


def cut_off(whole_process: bool) -> str:
    """Cut the calling thread (or single-threaded process) off the network in every way the system allows.

    A new network namespace (with a user namespace too when ``whole_process`` and not root), then the seccomp
    filter of :func:`deny_inet_sockets`; then a check that a connection attempt fails.

    Returns
    -------
    str
        ``"isolated: how"``, or ``"not isolated: why"``.
    """
    done, failed = [], []
    for step in (lambda: isolate_network(allow_user_namespace=whole_process), deny_inet_sockets):
        try:
            done.append(step())
        except OSError as exc:
            failed.append(exc.strerror or str(exc))
    if not done:
        return "not isolated: " + "; ".join(failed)
    if network_reachable():
        return f"not isolated: {' and '.join(done)}, yet the network is reachable"
    return "isolated: " + " and ".join(done)


# ----------------------------------------------------------------------------- the offline thread (CLI, API)
class QueryTimedOut(QueryError):
    """A query stopped at its time limit."""

    status = 503


class _Interrupted(BaseException):
    """Raised inside the offline thread to stop the query it evaluates (see :meth:`_OfflineThread.run`)."""


@dataclass
class _Job:
    fn: object
    args: tuple
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False
    value: object = None
    cancelled: bool = False           # its caller stopped waiting: never start it


class _OfflineThread:
    """One daemon thread, cut off from the network, that runs the calls it is given in turn."""

    def __init__(self):
        self.jobs: queue.Queue = queue.Queue()
        self.status: str | None = None
        self.current: _Job | None = None
        self.lock = threading.Lock()
        self.abandoned = False
        ready = threading.Event()
        self.thread = threading.Thread(target=self._main, args=(ready,), daemon=True,
                                       name="influencegraph-offline-queries")
        self.thread.start()
        ready.wait()

    def _main(self, ready: threading.Event) -> None:
        self.status = cut_off(whole_process=False)
        if not self.status.startswith("isolated"):
            log.warning("queries run with network access (%s); only the guard and the rdflib SERVICE refusal "
                        "stop a query from reaching other hosts", self.status)
        ready.set()
        while not self.abandoned:
            try:
                self._serve(self.jobs.get())
            except _Interrupted:                              # a stop that came as its job ended: nothing to do
                continue

    def _serve(self, job: _Job) -> None:
        with self.lock:
            if job.cancelled:                                  # timed out while it waited its turn
                job.done.set()
                return
            self.current = job
        try:
            job.value, job.ok = job.fn(*job.args), True
        except BaseException as exc:                          # handed back to the caller's thread
            _clear_frames(exc)
            job.value = exc
        finally:
            with self.lock:
                self.current = None
                _async_raise(self.thread.ident, None)         # a stop not yet delivered is withdrawn
            job.done.set()

    def run(self, fn, *args, timeout: float | None = None):
        if threading.current_thread() is self.thread:          # a call from a query being evaluated: already here
            return fn(*args)
        job = _Job(fn, args)
        self.jobs.put(job)
        if not job.done.wait(timeout):
            with self.lock:
                job.cancelled = True
                if self.current is job:
                    _async_raise(self.thread.ident, _Interrupted)
            if not job.done.wait(_GRACE):                     # stuck in native code: leave it, start another
                self.abandoned = True
            if not job.done.is_set() or not job.ok:
                raise QueryTimedOut(f"query timed out: it ran longer than the {timeout:g} s limit and was stopped; "
                                    "narrow it down or add a LIMIT")
        if job.ok:
            return job.value
        raise job.value


_GRACE = 2.0                     # seconds a stopped query has to unwind before its thread is left behind


def _async_raise(ident: int, exc_type) -> None:
    """Raise ``exc_type`` in thread ``ident`` at its next Python instruction (``None``: withdraw a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                               ctypes.py_object(exc_type) if exc_type else None)


def _clear_frames(exc: BaseException | None) -> None:
    """Free the locals of the frames an exception holds (pyoxigraph's result iterators must be dropped on the
    thread that made them), keeping file and line for the traceback."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


_offline: _OfflineThread | None = None
_offline_lock = threading.Lock()


def _thread() -> _OfflineThread:
    global _offline
    with _offline_lock:
        if _offline is None or _offline.abandoned or not _offline.thread.is_alive():
            _offline = _OfflineThread()
        return _offline


def offline(fn, *args, timeout: float | None = None):
    """``fn(*args)`` evaluated on the offline thread (no network when :func:`status` says isolated).

    With ``timeout`` (seconds), a call still running then is stopped and :class:`QueryTimedOut` raised: the
    thread gets an exception at its next Python instruction (rdflib, pure Python, stops at once; Oxigraph when it
    next hands a row back); one that has not stopped within two more seconds is left to finish alone, and later
    calls go to a new thread.
    """
    return _thread().run(fn, *args, timeout=timeout)


def status() -> str:
    """``"isolated: …"`` or ``"not isolated: reason"``, for the thread :func:`offline` uses."""
    return _thread().status


# ----------------------------------------------------------------------------- rdflib
_RDFLIB_HOOK = "influencegraph-refuse-service"


def _refuse_service(ctx, part):
    if part.name == "ServiceGraphPattern":
        raise QueryRefused("SERVICE is not allowed: queries never reach out to other endpoints")
    raise NotImplementedError                                 # rdflib's own evaluation handles every other part


def refuse_rdflib_service() -> None:
    """Make rdflib answer every ``SERVICE`` with :class:`QueryRefused` in this process, instead of calling out.

    Registered first in ``rdflib.plugins.sparql.CUSTOM_EVALS`` (rdflib tries those before its own evaluation of
    each algebra part); idempotent.
    """
    from rdflib.plugins import sparql
    if sparql.CUSTOM_EVALS.get(_RDFLIB_HOOK) is not _refuse_service:
        others = {k: v for k, v in sparql.CUSTOM_EVALS.items() if k != _RDFLIB_HOOK}
        sparql.CUSTOM_EVALS.clear()
        sparql.CUSTOM_EVALS.update({_RDFLIB_HOOK: _refuse_service, **others})


# ----------------------------------------------------------------------------- endpoint workers
def isolate_worker() -> str:
    """Cut the calling worker process off the network before it loads any data; say how (for its ready message).

    Returns ``"isolated: …"``, or ``"not isolated: reason"`` after logging a warning (to stderr when logging is
    not configured), so that an endpoint that cannot isolate its workers says so at start.
    """
    status = cut_off(whole_process=True)
    if not status.startswith("isolated"):
        log.warning("influencegraph serve: a query worker could NOT be cut off from the network (%s); only the "
                    "guard stops a query from reaching other hosts. Run the server on Linux (x86_64 or aarch64), "
                    "as root or where user namespaces are allowed.", status)
    return status
