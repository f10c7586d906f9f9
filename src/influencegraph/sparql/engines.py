"""SPARQL engines, registered by name: ``rdflib`` (the embedded default) and ``oxigraph`` (pyoxigraph).

Both see the same dataset the same way: the default graph is the **union of all graphs** (the claims of
every source, the registry, the derived edges, the ontology), and each source document's claims are also in
their own named graph for ``GRAPH ?source { … }``. Parameters are bound safely, never pasted as strings: rdflib
pre-binds them (``initBindings``); for Oxigraph, whose ``substitutions`` only accept projected variables, a
``VALUES`` block of rdflib-escaped terms opens the WHERE clause (:func:`~.library.inline_values`). A test
checks that both give the same answers for every named query.

Every query passes :func:`influencegraph.sparql.guard.inspect` first, so neither engine is ever asked to run
an update, a ``SERVICE`` call or a ``FROM`` of a remote graph. Behind the guard (:mod:`.sandbox`): rdflib's
SERVICE evaluation is replaced by a refusal, and both local engines evaluate on a thread without network access
(where the system allows it: root on Linux).
"""

from __future__ import annotations

import re
import time

from ..errors import QuerySyntaxError
from ..registry import Registry
from ..stores import engine_of
from ..stores.cache import EngineCache
from ..stores.terms import from_oxigraph
from .guard import inspect
from .results import QueryResult

__all__ = ["ENGINES", "register", "engine", "run"]

#: Engine factories ``(dataset) -> callable(text, bindings, info) -> QueryResult``, by name.
ENGINES = Registry("engine")


def register(name: str):
    """Register an engine factory ``(dataset) -> callable(text, bindings, info) -> QueryResult`` (a decorator)."""
    return ENGINES.register(name)


def engine(name: str, dataset):
    """The engine ``name`` over an rdflib dataset (kept in the dataset's :class:`~..stores.cache.EngineCache`)."""
    factory = ENGINES.get(name)
    return EngineCache.of(dataset).get(name, lambda: factory(dataset))


def graph_names(dataset) -> set[str]:
    return {str(g.identifier) for g in dataset.graphs() if len(g)}


def native(dataset) -> str:
    """The engine that runs queries on ``dataset``'s own store: ``rdflib`` in memory, ``oxigraph`` for an Oxigraph
    store, ``sparql`` for a remote endpoint (:func:`influencegraph.stores.engine_of`)."""
    return engine_of(dataset)


def run(dataset, text: str, bindings: dict | None = None, engine_name: str | None = None,
        timeout: float | None = None) -> QueryResult:
    """Check ``text`` with the guard, then evaluate it on ``dataset`` in the engine ``engine_name`` (default: the
    store's native engine); with ``timeout`` (seconds), a query still running then is stopped and
    :class:`~.sandbox.QueryTimedOut` raised (see :func:`.sandbox.offline`)."""
    engine_name = engine_name or native(dataset)
    run_ = engine(engine_name, dataset)
    info = inspect(text, graphs=run_.graphs, prefixes=default_prefixes())
    if timeout is None:
        return run_(text, dict(bindings or {}), info)
    return run_(text, dict(bindings or {}), info, timeout=timeout)


def default_prefixes() -> dict[str, str]:
    """Prefixes every query may use without declaring them: the project's (``ig:``, ``igr:``, ``src:``, …)."""
    from ..vocab import CLAIM, PREFIXES
    return {prefix: str(ns) for prefix, ns in {**PREFIXES, "claim": CLAIM}.items()}



# ----------------------------------------------------------------------------- rdflib
@register("rdflib")
class RdflibEngine:
    """rdflib's SPARQL engine on a union-default-graph view of the dataset (same store, no copy)."""

    def __init__(self, dataset):
        from rdflib import Dataset
        from rdflib.plugins import sparql

        from .sandbox import refuse_rdflib_service
        sparql.SPARQL_LOAD_GRAPHS = False          # FROM never downloads (the guard refuses it first anyway)
        refuse_rdflib_service()                    # nor does SERVICE, should a query ever get past the guard
        if engine_of(dataset) == "sparql":         # a sparql:URL store: fetched here, as evaluation is offline
            dataset.store.mirror_all()
        self.view = Dataset(store=dataset.store, default_union=True)
        self.graphs = graph_names(dataset)
        self.namespaces = default_prefixes()

    def __call__(self, text: str, bindings: dict, info, timeout: float | None = None) -> QueryResult:
        from .sandbox import offline
        return offline(self._evaluate, text, bindings, timeout=timeout)

    def _evaluate(self, text: str, bindings: dict) -> QueryResult:
        from pyparsing import ParseBaseException
        from rdflib import Variable
        try:
            result = self.view.query(text, initNs=self.namespaces,
                                     initBindings={Variable(k): v for k, v in bindings.items()})
        except ParseBaseException as exc:
            raise QuerySyntaxError(f"line {exc.lineno}, column {exc.col}: {exc.msg}", exc.lineno, exc.col) from None
        except RecursionError:
            raise QuerySyntaxError("the query nests too deeply for rdflib's parser; flatten it or use the "
                                   "oxigraph engine") from None
        if result.type == "ASK":
            return QueryResult("ASK", boolean=bool(result.askAnswer), namespaces=self.namespaces)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(result.type, triples=list(result.graph), namespaces=self.namespaces)
        names = [str(v) for v in result.vars]
        rows = [tuple(row) for row in result]
        return QueryResult("SELECT", names, rows, namespaces=self.namespaces)


# ----------------------------------------------------------------------------- Oxigraph
_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def oxigraph_error(exc: SyntaxError) -> QuerySyntaxError:
    m = _OX_ERROR.match(str(exc))
    if m:
        line, col = int(m[1]), int(m[2])
        return QuerySyntaxError(f"line {line}, column {col}: {m[3]}", line, col)
    return QuerySyntaxError(str(exc))


def ox_result(results, namespaces: dict, max_rows: int | None = None, deadline: float | None = None) -> QueryResult:
    """A pyoxigraph query answer as a :class:`QueryResult`; more than ``max_rows`` raises QueryTooLarge, and still
    reading rows at ``deadline`` (a ``time.monotonic()`` value) raises QueryTimedOut — a check of its own, so that
    a query whose stop signal came late cannot go on filling memory."""
    import pyoxigraph as ox
    from ..errors import QueryTooLarge
    if isinstance(results, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(results), namespaces=namespaces)
    out = []
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        for solution in results:
            if max_rows is not None and len(out) >= max_rows:
                raise QueryTooLarge(f"the result has more than {max_rows} rows; add a LIMIT (or raise the cap)")
            _check_deadline(deadline, len(out))
            out.append(tuple(from_oxigraph(solution[i]) for i in range(len(names))))
        return QueryResult("SELECT", names, out, namespaces=namespaces)
    for triple in results:
        if max_rows is not None and len(out) >= max_rows:
            raise QueryTooLarge(f"the result has more than {max_rows} triples; add a LIMIT (or raise the cap)")
        _check_deadline(deadline, len(out))
        out.append((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
    return QueryResult("CONSTRUCT", triples=out, namespaces=namespaces)


def _check_deadline(deadline: float | None, done: int) -> None:
    if deadline is not None and done % 256 == 0 and time.monotonic() > deadline:
        from .sandbox import QueryTimedOut
        raise QueryTimedOut("query timed out: it ran past its time limit and was stopped; narrow it down or add a "
                            "LIMIT")


def oxigraph_store(dataset):
    """The pyoxigraph store under an rdflib dataset: its own for an Oxigraph store, the full mirror for a remote
    one, else an in-memory copy."""
    import pyoxigraph as ox
    if engine_of(dataset) != "rdflib":           # an Oxigraph store, or a remote one's mirror
        return dataset.store.oxigraph()
    store = ox.Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return store


@register("oxigraph")
class OxigraphEngine:
    """Oxigraph (pyoxigraph), union default graph: on the store itself when the dataset lives in Oxigraph,
    else on an in-memory copy. Always given the query as text, so Oxigraph evaluates it (never rdflib)."""

    def __init__(self, dataset=None, store=None):
        self.store = store if store is not None else oxigraph_store(dataset)
        self.graphs = {g.value for g in self.store.named_graphs()}
        self.namespaces = default_prefixes()

    def __call__(self, text: str, bindings: dict, info, max_rows: int | None = None,
                 timeout: float | None = None) -> QueryResult:
        from .library import inline_values
        from .sandbox import offline
        if bindings:
            text = inline_values(text, bindings)
        deadline = time.monotonic() + timeout if timeout is not None else None
        return offline(self._evaluate, text, max_rows, deadline, timeout=timeout)

    def _evaluate(self, text: str, max_rows: int | None, deadline: float | None = None) -> QueryResult:
        try:
            results = self.store.query(text, use_default_graph_as_union=True, prefixes=self.namespaces)
        except SyntaxError as exc:
            raise oxigraph_error(exc) from None
        return ox_result(results, self.namespaces, max_rows, deadline)   # Oxigraph evaluates while this iterates


# ----------------------------------------------------------------------------- a remote endpoint
@register("sparql")
class RemoteEngine:
    """A SPARQL 1.1 endpoint (the dataset of a ``sparql:URL`` store): the query runs on the server."""

    def __init__(self, dataset):
        if engine_of(dataset) != "sparql":
            raise ValueError("the sparql engine needs a sparql:URL store; use rdflib or oxigraph here")
        self.store = dataset.store
        self.graphs = {g.value for g in self.store.graph_names()}
        self.namespaces = default_prefixes()

    def __call__(self, text: str, bindings: dict, info, max_rows: int | None = None,
                 timeout: float | None = None) -> QueryResult:
        import pyoxigraph as ox
        from ..stores.remote import TIMEOUT, read_results
        from .library import declare_prefixes, inline_values
        if bindings:
            text = inline_values(text, bindings)
        text = declare_prefixes(text, self.namespaces)
        accept = "application/n-triples" if info.form in ("CONSTRUCT", "DESCRIBE") else \
            "application/sparql-results+json"
        body = self.store.post(text, accept, timeout=timeout if timeout is not None else TIMEOUT)
        if accept == "application/n-triples":
            results = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        else:
            results = read_results(body, ask=info.form == "ASK")
        return ox_result(results, self.namespaces, max_rows)
