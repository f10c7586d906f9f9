"""Oxigraph on disk (``oxigraph:PATH``): pyoxigraph's RocksDB store, seen through rdflib.

Files load with pyoxigraph's bulk loader, which streams from disk; SPARQL runs in Oxigraph on the store itself
(the ``oxigraph`` engine, given plain query text, never a copy). Python code that walks triples (claims, the
projection, views) sees the same store through :class:`OxigraphTriples`, an rdflib ``Store``.

Why not oxrdflib's store as it is? It is the base class here, but two of its behaviours would change answers or
cost: it hands back simple literals typed ``xsd:string`` where rdflib's parsers give plain literals (RDF 1.1 says
they are the same term; rdflib compares them as different), and its ``query`` runs in Oxigraph only for plain
strings, silently falling back to rdflib's evaluator otherwise. Here the ``rdflib`` engine always means rdflib,
and the ``oxigraph`` engine always means Oxigraph.
"""

from __future__ import annotations

import logging
from pathlib import Path

from oxrdflib import OxigraphStore as _OxrdflibStore

from . import OxigraphBacked, StoreError, dataset_format
from .cache import invalidate
from .terms import from_oxigraph, graph_node, to_oxigraph

log = logging.getLogger(__name__)

__all__ = ["OxigraphDiskStore", "OxigraphTriples", "dataset_over"]

_OX_FORMATS = {"nquads": "N_QUADS", "trig": "TRIG"}


class OxigraphTriples(_OxrdflibStore):
    """An rdflib ``Store`` over a pyoxigraph store: triples with RDF 1.1 literals; no query fallback."""

    read_only = False

    #: What a write into a read-only store is told.
    READ_ONLY = "the Oxigraph store is open read-only (another process has it open for writing)"

    def __init__(self, store, read_only: bool = False, why: str | None = None):
        super().__init__(store=store)
        self.read_only = read_only
        self.why = why or self.READ_ONLY
        self._graphs: dict = {}
        self._terms: dict = {}

    # -------------------------------------------------------------- reading
    #: Terms converted to rdflib and remembered (the same IRIs and literals recur across millions of quads).
    TERM_CACHE = 1_000_000

    def _rdflib_term(self, term):
        converted = self._terms.get(term)
        if converted is None:
            if len(self._terms) >= self.TERM_CACHE:
                self._terms.clear()
            converted = self._terms[term] = from_oxigraph(term)
        return converted

    def oxigraph(self):
        """The pyoxigraph store that holds this store's data (the ``oxigraph`` engine queries it directly)."""
        return self._inner

    def triples(self, pattern, context=None):
        convert = self._rdflib_term
        s, p, o = (self._term(t) for t in pattern)
        graph_name = self._graph_name(context)
        if s is False or p is False or o is False or graph_name is False:
            return iter(())
        try:
            quads = self._inner.quads_for_pattern(s, p, o, graph_name)
        except TypeError:                      # a literal as subject or predicate: no triple has one
            return iter(())
        if graph_name is None:                 # the union: each triple once, as rdflib's stores give it
            return self._distinct(quads, convert)
        ctx = self._context(graph_name)
        return (((convert(q.subject), convert(q.predicate), convert(q.object)), iter((ctx,)))
                for q in quads)

    def _distinct(self, quads, convert):
        seen = set()
        for q in quads:
            triple = q.triple
            if triple in seen:
                continue
            seen.add(triple)
            yield ((convert(q.subject), convert(q.predicate), convert(q.object)),
                   iter((self._context(q.graph_name),)))

    def _term(self, term):
        """A pattern term for pyoxigraph: ``None`` stays a wildcard; ``False`` means "matches nothing"."""
        from rdflib.term import Node, Variable
        if term is None or isinstance(term, Variable):
            return None
        if not isinstance(term, Node):
            return False
        try:
            return to_oxigraph(term)
        except (TypeError, ValueError):
            return False

    def _graph_name(self, context):
        import pyoxigraph as ox
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
        if context is None:
            return None
        identifier = getattr(context, "identifier", context)
        if identifier == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        return self._term(identifier)

    def _context(self, graph_name):
        graph = self._graphs.get(graph_name)
        if graph is None:
            from oxrdflib._converter import from_ox_graph_name
            graph = self._graphs[graph_name] = from_ox_graph_name(graph_name, self)
        return graph

    def contexts(self, triple=None):
        if triple is None:
            return (self._context(g) for g in self._inner.named_graphs())
        return super().contexts(triple)

    def query(self, *args, **kwargs):
        """Never evaluate here: rdflib then runs the query itself (the ``oxigraph`` engine calls Oxigraph)."""
        raise NotImplementedError

    def update(self, *args, **kwargs):
        raise NotImplementedError

    # -------------------------------------------------------------- writing
    def add_graph(self, graph) -> None:
        """Naming a graph writes nothing: Oxigraph holds a graph as soon as it holds a statement in it."""

    def _check_writable(self):
        if self.read_only:
            raise StoreError(self.why)

    def add(self, triple, context, quoted=False):
        self._check_writable()
        super().add(triple, context, quoted)

    def addN(self, quads):  # noqa: N802
        self._check_writable()
        super().addN(list(quads))

    def remove(self, triple, context=None):
        self._check_writable()
        super().remove(triple, context)

    def remove_graph(self, graph):
        self._check_writable()
        self.remove((None, None, None), graph)


class OxigraphDiskStore(OxigraphBacked):
    """A pyoxigraph store in the folder ``location`` (created if missing)."""

    scheme = "oxigraph"
    location_hint = "PATH (a folder)"
    #: Stores open in this process, by folder: RocksDB lets one handle write, so a second ``load`` shares it.
    _open_stores: dict = {}

    @classmethod
    def open(cls, location: str) -> "OxigraphDiskStore":
        key = Path(location).expanduser().resolve()
        if key not in cls._open_stores:
            cls._open_stores[key] = cls(location)
        return cls._open_stores[key]

    def __init__(self, location: str):
        super().__init__(location)
        self.path = Path(location).expanduser()
        self.ox = self._open_pyoxigraph()

    def _open_pyoxigraph(self):
        import pyoxigraph as ox
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: an Oxigraph store is a folder, and this is a file")
        self.read_only = False
        try:
            return ox.Store(str(self.path))
        except OSError as exc:
            if "lock" not in str(exc).lower():
                raise StoreError(f"{self.path}: cannot open the Oxigraph store: {exc}") from None
        try:                                  # another process writes to it: read what it has written
            self.read_only = True
            return ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the Oxigraph store: {exc}") from None

    @property
    def writable(self) -> bool:  # type: ignore[override]
        return not self.read_only

    def _open(self):
        return dataset_over(self.ox, read_only=self.read_only)

    def _reset(self) -> None:
        if self._dataset is not None:
            invalidate(self._dataset)
            self._dataset.store._graphs.clear()

    def load_file(self, path) -> None:
        """Replace the content with a dataset file, streamed by pyoxigraph's bulk loader.

        The file loads into a new folder beside the store, which takes the store's place only when the whole file
        has loaded: a bad file leaves the store as it was, and the error names the file and line."""
        import pyoxigraph as ox
        path = Path(path)
        fmt = dataset_format(path)
        if fmt == "json-ld":                  # through rdflib, whose reader never fetches remote contexts
            from .memory import MemoryStore
            staging = MemoryStore()
            staging.load_file(path)
            self.replace(staging.dataset)
            return

        def fill(store):
            log.info("bulk-loading %s (%s MB) into Oxigraph", path.name, f"{path.stat().st_size / 1e6:,.1f}")
            try:
                store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]))
            except SyntaxError as exc:
                raise StoreError(f"{path}: {exc}; the store was left as it was") from None
        self._rebuild(fill, "load a file")
        log.info("loaded %s statements into %s", f"{len(self.ox):,}", self.path)

    def replace(self, dataset) -> None:
        """Replace the content with an rdflib dataset, one named graph at a time (atomically, as
        :meth:`load_file`)."""
        import pyoxigraph as ox
        graphs = [g for g in dataset.graphs() if len(g)]

        def fill(store):
            for n, graph in enumerate(graphs, 1):
                data = graph.serialize(format="nt", encoding="utf-8")
                store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph_node(graph.identifier))
                if n % 20 == 0 or n == len(graphs):
                    log.info("writing to %s: %d/%d graphs", self.path, n, len(graphs))
        self._rebuild(fill, "replace its content")

    def _rebuild(self, fill, what: str) -> None:
        """Fill a new store in a staging folder, then swap it in for the old one.

        RocksDB writes through the folder's path, so the old handle must be gone before another database takes
        its place: every graph of this process reads through this object, which lets go of it. If anything
        else still holds the handle, the swap is not safe, and the content is replaced in place instead (not
        atomic: a bad file then leaves the store empty, and the error says so)."""
        import gc
        import shutil

        import pyoxigraph as ox
        if self.read_only:
            raise StoreError(f"{self.path}: cannot {what}: another process has the store open for writing")
        staging = self.path.with_name(self.path.name + ".loading")
        old = self.path.with_name(self.path.name + ".replaced")
        for folder in (staging, old):
            shutil.rmtree(folder, ignore_errors=True)
        if not self._release():
            self.ox.clear()
            try:
                fill(self.ox)
            except StoreError as exc:
                raise StoreError(str(exc).replace("was left as it was", "is now empty")) from None
            return
        new = ox.Store(str(staging))
        try:
            fill(new)
            new.flush()
        except BaseException:
            del new
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
            self._attach(ox.Store(str(self.path)))
            raise
        del new
        gc.collect()
        if self.path.exists():
            self.path.rename(old)
        staging.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._attach(ox.Store(str(self.path)))

    def _release(self) -> bool:
        """Let go of the pyoxigraph handle if only this object (and its rdflib view) holds it."""
        import sys
        self._reset()
        holders = 2 + (self._dataset is not None)      # self.ox, the argument below, the rdflib view
        if sys.getrefcount(self.ox) > holders:
            return False
        if self._dataset is not None:
            self._dataset.store._store = None
        self.ox = None
        return True

    def _attach(self, handle) -> None:
        self.ox = handle
        if self._dataset is not None:
            self._dataset.store._store = handle

    def close(self) -> None:
        self._reset()
        if self.ox is not None and not self.read_only:
            self.ox.flush()


def dataset_over(handle, read_only: bool, why: str | None = None):
    """An rdflib ``Dataset`` over a pyoxigraph store, with the project's prefixes bound."""
    from rdflib import Dataset

    from ..vocab import PREFIXES
    ds = Dataset(store=OxigraphTriples(handle, read_only=read_only, why=why))
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds
