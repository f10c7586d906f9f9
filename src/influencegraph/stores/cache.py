"""The query engines built over a dataset, kept in one place: :class:`EngineCache`.

An engine can be costly to build (the ``oxigraph`` engine over an in-memory dataset copies it into Oxigraph), so
each dataset keeps the engines built over it. Whoever changes a dataset behind an engine's back (the rules that
derive ``igg:derived``, the scores written to ``igg:centrality``, a store that reloads) calls :func:`invalidate`,
and the next query builds its engine afresh.

Examples
--------
>>> from rdflib import Dataset
>>> ds = Dataset()
>>> built = []
>>> cache = EngineCache.of(ds)
>>> cache.get("demo", lambda: built.append(1) or "engine")
'engine'
>>> cache.get("demo", lambda: built.append(1) or "engine"), len(built)     # built once
('engine', 1)
>>> invalidate(ds)
>>> EngineCache.of(ds).get("demo", lambda: built.append(1) or "engine"), len(built)
('engine', 2)
"""

from __future__ import annotations

from typing import Callable

__all__ = ["EngineCache", "invalidate"]

#: The attribute of an rdflib dataset that holds its cache (only this module reads or writes it).
_ATTRIBUTE = "_influencegraph_engines"


class EngineCache:
    """The engines built over one rdflib dataset, by engine name; the dataset owns it."""

    def __init__(self):
        self._engines: dict[str, object] = {}

    @classmethod
    def of(cls, dataset) -> "EngineCache":
        """The cache of ``dataset`` (made on first use)."""
        cache = dataset.__dict__.get(_ATTRIBUTE)
        if not isinstance(cache, cls):
            cache = dataset.__dict__[_ATTRIBUTE] = cls()
        return cache

    def get(self, name: str, build: Callable[[], object]):
        """The engine ``name``, built by ``build()`` if this cache has none yet."""
        if name not in self._engines:
            self._engines[name] = build()
        return self._engines[name]

    def invalidate(self) -> None:
        """Forget every engine: the dataset changed, so copies of it are stale."""
        self._engines.clear()


def invalidate(dataset) -> None:
    """Forget the engines built over ``dataset`` (call after changing it)."""
    cache = dataset.__dict__.get(_ATTRIBUTE)
    if isinstance(cache, EngineCache):
        cache.invalidate()
