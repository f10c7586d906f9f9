"""Where the graph lives: stores registered by scheme, each behind the same rdflib ``Dataset`` API.

============================  =====================================================================================
the build's store (default)   the Oxigraph database ``influencegraph build`` writes into the build folder, opened
                              read-only in milliseconds (:mod:`.build`); ``build:PATH`` opens another build
                              folder's. SPARQL runs in Oxigraph.
``memory``                    rdflib's in-memory store, filled from the build's N-Quads (or assembled from the
                              project when the build is out of date): right for adding to the graph in Python.
                              SPARQL runs in rdflib.
``oxigraph:PATH``             an Oxigraph store on disk in the folder ``PATH`` (pyoxigraph): loads a million triples
                              in seconds, keeps them between runs, and runs SPARQL natively. Several processes may
                              read one store; the first to open it may write.
``sparql:URL``                any SPARQL 1.1 query endpoint, read-only (fill it with ``influencegraph push``). Its
                              default graph must be the union of its named graphs (Oxigraph:
                              ``oxigraph serve --union-default-graph``; Virtuoso as installed). SPARQL runs on
                              the server; analyses read each named graph they need once and work on that copy.
============================  =====================================================================================

Every store gives :attr:`GraphStore.dataset` (an rdflib ``Dataset`` over the store, so claims, projections and views
run unchanged) and names its native SPARQL engine (:attr:`GraphStore.engine`, the one place that says it; for a
dataset, :func:`engine_of`), which ``kg.query`` uses unless told otherwise. The same questions give the same
answers on every store; ``tests/test_stores.py`` checks it. Store classes are registered by scheme in
:data:`STORES` and imported only when a spec names them.

Examples
--------
>>> parse_spec("oxigraph:/tmp/ig-store")
('oxigraph', '/tmp/ig-store')
>>> parse_spec(None)
('memory', None)
>>> sorted(STORES)
['build', 'memory', 'oxigraph', 'sparql']
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from ..registry import Registry

__all__ = ["STORES", "GraphStore", "register_store", "parse_spec", "open_store", "engine_of", "StoreError",
           "DATASET_FORMATS"]

#: Store classes by scheme, imported on first use.
STORES = Registry("store", {"memory": "influencegraph.stores.memory:MemoryStore",
                            "oxigraph": "influencegraph.stores.oxigraph:OxigraphDiskStore",
                            "sparql": "influencegraph.stores.remote:SparqlStore",
                            "build": "influencegraph.stores.build:BuildStore"})

#: Dataset file suffixes every store can load, with their rdflib format names.
DATASET_FORMATS = {".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld"}


def register_store(scheme: str):
    """Register a store class under ``scheme`` (a decorator), as rdflib registers its plugins."""
    def decorate(cls):
        cls.scheme = scheme
        return STORES.register(scheme)(cls)
    return decorate


def parse_spec(spec) -> tuple[str, str | None]:
    """``"oxigraph:PATH"`` → ``("oxigraph", "PATH")``; ``None`` or ``"memory"`` → ``("memory", None)``."""
    if spec is None or str(spec).strip() in ("", "memory"):
        return "memory", None
    scheme, sep, location = str(spec).partition(":")
    if scheme not in STORES or (not sep and scheme != "memory"):
        raise StoreError(f"unknown store {spec!r}; use memory, oxigraph:PATH or sparql:URL")
    if not location:
        raise StoreError(f"store {spec!r} needs a location: {scheme}:{STORES[scheme].location_hint}")
    return scheme, location


def open_store(spec=None) -> "GraphStore":
    """The store a spec names (``None``: a new in-memory store)."""
    if isinstance(spec, GraphStore):
        return spec
    scheme, location = parse_spec(spec)
    return STORES[scheme].open(location)


def engine_of(dataset) -> str:
    """The SPARQL engine that runs queries natively on an rdflib dataset: the :attr:`GraphStore.engine` of the store
    that opened it, ``rdflib`` for any other dataset.

    Examples
    --------
    >>> from rdflib import Dataset
    >>> engine_of(Dataset())
    'rdflib'
    """
    owner = getattr(dataset.store, "graph_store", None)
    return owner.engine if isinstance(owner, GraphStore) else GraphStore.engine


def dataset_format(path: Path) -> str:
    """The rdflib format name of a dataset file, from its suffix."""
    fmt = DATASET_FORMATS.get(Path(path).suffix)
    if fmt is None:
        raise ValueError(f"{path}: unknown dataset format; use .nq, .trig or .jsonld")
    return fmt


class GraphStore:
    """What every store offers. Subclasses fill in :meth:`_open`, :meth:`load_file`, :meth:`replace`."""

    scheme = ""
    #: The SPARQL engine (:mod:`influencegraph.sparql.engines`) that runs queries on this store natively.
    engine = "rdflib"
    writable = True
    location_hint = "LOCATION"
    #: What names the store's content (the same content gives the same key), or ``None``; the projected network is
    #: cached on disk per key (:mod:`influencegraph.analysis.network_cache`).
    content_key: str | None = None

    def __init__(self, location: str | None = None):
        self.location = location
        self._dataset = None

    @classmethod
    def open(cls, location: str | None) -> "GraphStore":
        """The store at ``location`` (a store class may hand back one already open in this process)."""
        return cls(location)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"

    @property
    def spec(self) -> str:
        return f"{self.scheme}:{self.location}" if self.location else self.scheme

    @property
    def dataset(self):
        """The rdflib ``Dataset`` over this store."""
        if self._dataset is None:
            self._dataset = self._open()
            self._dataset.store.graph_store = self      # so that engine_of(dataset) finds self.engine
        return self._dataset

    def _open(self):
        raise NotImplementedError

    def is_empty(self) -> bool:
        return not any(True for _ in self.dataset.store.contexts())

    def load_file(self, path) -> None:
        """Replace the store's content with a dataset file (``.nq``, ``.trig``, ``.jsonld``)."""
        raise StoreError(f"the {self.scheme} store is read-only; fill the server with `influencegraph push`")

    def replace(self, dataset) -> None:
        """Replace the store's content with an rdflib dataset (e.g. a fresh build)."""
        raise StoreError(f"the {self.scheme} store is read-only; fill the server with `influencegraph push`")

    def dump_graph(self, name) -> bytes:
        """One named graph as N-Triples (for the Graph Store Protocol)."""
        return self.dataset.graph(name).serialize(format="nt", encoding="utf-8")

    def close(self) -> None:
        pass


class OxigraphBacked(GraphStore):
    """A store over a pyoxigraph handle (``self.ox``), writable or not: what both answer the same way."""

    engine = "oxigraph"

    def is_empty(self) -> bool:
        return next(iter(self.ox.quads_for_pattern(None, None, None)), None) is None

    def dump_graph(self, name) -> bytes:
        import pyoxigraph as ox

        from .terms import graph_node
        return self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph_node(name))
