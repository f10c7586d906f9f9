"""SPARQL over the influence graph: the named-query library, two engines, results, and the endpoint.

Examples
--------
>>> import influencegraph
>>> df = influencegraph.query("reserves", holder="Kazakhstan")
>>> df.loc[df.world_rank.notna(), ["commodity_name", "quantity", "unit", "world_rank", "sources"]]
  commodity_name    quantity unit  world_rank           sources
0         copper  20000000.0  TNE          11  000 ¶18; 002 ¶10
2           lead   2000000.0  TNE           8           002 ¶10
8           zinc   6700000.0  TNE           7           002 ¶10
>>> influencegraph.query("fact-disputed", fact="ca-summit-2025-agreements", raw=True).boolean
True
>>> influencegraph.query("fact-disputed", fact="aktogay-smelter-status", raw=True).boolean   # planned, then agreed
False

Modules: :mod:`.library` (the named ``.rq`` queries and their parameters), :mod:`.guard` (what may run),
:mod:`.engines` (rdflib and Oxigraph, registered by name), :mod:`.results` (rows, DataFrames, result formats),
:mod:`.server` (the read-only SPARQL 1.1 Protocol endpoint).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import QueryError, QueryRefused, QuerySyntaxError, QueryTooLarge, UnknownQuery

__all__ = ["query", "select", "named", "QueryError", "QueryRefused", "QuerySyntaxError", "QueryTooLarge",
           "UnknownQuery"]


def named(name_or_text):
    """The :class:`~.library.NamedQuery` for a library name, a ``.rq`` path, or query text."""
    from . import library
    if isinstance(name_or_text, library.NamedQuery):
        return name_or_text
    if isinstance(name_or_text, Path):
        return library.from_file(name_or_text)
    text = str(name_or_text)
    if text in library.library():
        return library.get(text)
    if text.endswith(".rq") and "\n" not in text:
        if not Path(text).is_file():
            raise FileNotFoundError(f"{text}: no such query file")
        return library.from_file(text)
    if any(c.isspace() for c in text.strip()) or "{" in text:
        return library.adhoc(text)
    return library.get(text)          # raises UnknownQuery with suggestions


def select(kg, name_or_text, engine: str | None = None, timeout: float | None = None, **params):
    """Run a query on ``kg`` (in ``engine``, default the store's own); return the engine-neutral
    :class:`~.results.QueryResult`. With ``timeout`` (seconds), a query still running then is stopped
    (:class:`~.sandbox.QueryTimedOut`)."""
    from .engines import run
    q = named(name_or_text)
    if timeout is not None:
        from .http import check_seconds
        timeout = check_seconds("timeout", timeout)
    return run(kg.dataset, q.text, q.bindings(kg, **params), engine, timeout=timeout)


def query(kg, name_or_text, engine: str | None = None, raw: bool = False, timeout: float | None = None, **params):
    """Run a named query (or a ``.rq`` file, or query text) on ``kg``; a pandas DataFrame, or the raw result."""
    result = select(kg, name_or_text, engine=engine, timeout=timeout, **params)
    return result if raw else result.to_dataframe()
