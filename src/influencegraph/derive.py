"""Materialise the derived network: plain edges computed from claims by the SPARQL rules in ``rules/*.rq``.

Derived edges go to the named graph ``igg:derived`` only, so nobody mistakes one for a source's claim; the
asserted graphs are never touched. Each rule is a CONSTRUCT query, run over the union of the asserted graphs
and the ontology, in file-name order.
"""

from __future__ import annotations

from importlib import resources

from rdflib import Dataset

from .vocab import DERIVED_GRAPH, PREFIXES

__all__ = ["rules", "derive"]


def rules() -> list[tuple[str, str]]:
    """The derivation rules as ``(name, query text)``, in the order they run."""
    folder = resources.files("influencegraph.rules")
    return [(f.name[:-3], f.read_text(encoding="utf-8"))
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".rq")]


def derive(ds: Dataset) -> dict[str, int]:
    """Recompute ``igg:derived`` from the asserted graphs; return the number of triples each rule added."""
    ds.remove_graph(ds.graph(DERIVED_GRAPH))
    derived = ds.graph(DERIVED_GRAPH)
    counts: dict[str, int] = {}
    previous = ds.default_union
    ds.default_union = True
    try:
        results = [(name, list(ds.query(text, initNs=PREFIXES))) for name, text in rules()]
    finally:
        ds.default_union = previous
    for name, triples in results:
        before = len(derived)
        for triple in triples:
            derived.add(triple)
        counts[name] = len(derived) - before
    return counts
