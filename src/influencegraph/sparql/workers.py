"""The endpoint's query workers: processes that each hold a read-only copy of the dataset, evaluate one query at a
time, and are killed and replaced when a query overruns its time limit.

Each worker leaves the network before it loads the data (:func:`.sandbox.isolate_worker`), then answers jobs
(a query, its dataset and the result format) over a pipe until the pipe closes. :class:`WorkerPool` hands a job
to an idle worker, waits at most the time limit for its answer, and turns a stuck or dead worker into a 503 (and
a fresh worker) instead of a hung request. :class:`Limits` is what one request may cost.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError
from .http import check_seconds
from .results import RESULT_FORMATS

__all__ = ["Limits", "WorkerPool"]


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    timeout: float = 5.0                 # seconds of evaluation per query
    max_rows: int = 10_000               # result rows (or triples)
    max_query_bytes: int = 64 * 1024     # query text
    workers: int = 2                     # queries evaluated at once

    def __post_init__(self):
        check_seconds("timeout", self.timeout)
        for name in ("max_rows", "max_query_bytes", "workers"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")


def _load_store(dataset_path: str):
    import pyoxigraph as ox
    path = Path(dataset_path)
    if path.is_dir():                                         # an Oxigraph database folder
        return ox.Store.read_only(str(path))
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    return store


def _worker_main(conn, dataset_path: str, max_rows: int, namespaces: dict) -> None:
    """One query worker: leave the network, load the dataset, then answer jobs until the pipe closes.

    The worker moves into a new, empty network namespace first (:func:`.sandbox.isolate_worker`; it warns when it
    cannot), so no query can make it connect anywhere, whatever got past the guard; the pipe to the server was
    opened before and keeps working. Its ready message says whether it is isolated.
    """
    import pyoxigraph as ox

    from .engines import ox_result, oxigraph_error
    from .sandbox import isolate_worker
    network = isolate_worker()
    try:
        store = _load_store(dataset_path)
    except Exception as exc:                                  # reported to the parent, which exits cleanly
        conn.send(("failed", f"{dataset_path}: {exc}"))
        return
    conn.send(("ready", f"network: {network}"))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            kwargs = {"prefixes": namespaces}
            if job["default_graphs"]:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
            else:
                kwargs["use_default_graph_as_union"] = True
            if job["named_graphs"]:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
            try:
                answer = store.query(job["query"], **kwargs)
            except SyntaxError as exc:
                raise oxigraph_error(exc) from None
            result = ox_result(answer, namespaces, max_rows)
            conn.send(("ok", RESULT_FORMATS[job["format"]].media_type, result.serialize(job["format"])))
        except QueryError as exc:
            conn.send(("error", exc.status, str(exc)))
        except Exception as exc:                              # an engine error: report, keep serving
            conn.send(("error", 500, f"query failed: {type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, ctx, dataset_path: str, limits: Limits, namespaces: dict):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, dataset_path, limits.max_rows, namespaces),
                                   daemon=True, name="influencegraph-query-worker")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"a query worker did not load the dataset within {timeout:.0f} s")
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            status, message = "failed", f"a query worker exited while starting (exit code {self.process.exitcode})"
        if status != "ready":
            self.kill()
            raise RuntimeError(message)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes, each with its own read-only copy of the dataset; a stuck one is killed and replaced."""

    def __init__(self, dataset_path: str | Path, limits: Limits, namespaces: dict, load_timeout: float = 600):
        self.dataset_path = str(dataset_path)
        self.limits = limits
        self.namespaces = namespaces
        self.load_timeout = load_timeout
        self._ctx = multiprocessing.get_context("spawn")      # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        workers = [self._spawn() for _ in range(self.limits.workers)]
        for w in workers:
            w.wait_ready(self.load_timeout)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.dataset_path, self.limits, self.namespaces)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            self._all.discard(dead)
        if self._closed:
            return

        def respawn():
            try:
                w = self._spawn()
                w.wait_ready(self.load_timeout)
                self._idle.put(w)
            except Exception as exc:                          # the next request will wait, then get 503
                print(f"influencegraph serve: could not restart a query worker: {exc}", file=sys.stderr)
        threading.Thread(target=respawn, daemon=True).start()

    def _take(self, wait: float) -> _Worker | None:
        """An idle, live worker within ``wait`` seconds (None: all stayed busy); dead ones found idle are replaced."""
        deadline = time.monotonic() + wait
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                return None
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def _run(self, worker: _Worker, job: dict) -> tuple | None:
        """The worker's reply, a 503 when it overran the timeout, or None when it died before it answered."""
        timeout = self.limits.timeout
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                return 503, "text/plain", (f"query timed out: it ran longer than the {timeout:g} s limit and was "
                                           "stopped; narrow it down or add a LIMIT")
            reply = worker.conn.recv()
        except (EOFError, OSError):                            # killed, or crashed: a new one takes its place
            self._replace(worker)
            return None
        self._idle.put(worker)
        if reply[0] == "ok":
            return 200, reply[1], reply[2]
        return reply[1], "text/plain", reply[2]

    def execute(self, job: dict) -> tuple[int, str, str]:
        """(status, content type, body) for one query job; never waits longer than a few times the timeout.

        A worker that dies before it answers (killed, or crashed) is replaced and the job tried once more on
        another; only a job that loses two workers gets 503.
        """
        timeout = self.limits.timeout
        for _attempt in range(2):
            worker = self._take(timeout)
            if worker is None:
                return 503, "text/plain", (f"all {self.limits.workers} query workers stayed busy for {timeout:g} s; "
                                           "try again shortly")
            answer = self._run(worker, job)
            if answer is not None:
                return answer
        return 503, "text/plain", ("the query workers stopped twice while evaluating this query (they have been "
                                   "restarted); the query may be too complex for the engine")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            w.kill()
