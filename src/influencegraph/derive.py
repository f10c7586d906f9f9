"""Materialise the derived network: plain edges computed from claims by the SPARQL rules in ``rules/*.rq``.

Derived edges go to the named graph ``igg:derived`` only, so nobody mistakes one for a source's claim; the
asserted graphs are never touched. Each rule is a CONSTRUCT query, run over the union of the asserted graphs
and the ontology, in file-name order. The rules run in Oxigraph on a copy of the dataset: rdflib gives the same
triples (a test compares them) but its joins grow worse than linearly, from 0.4 s on the seed graph to minutes on
a million triples.

**Stated claims only.** Every rule that reads a claim ``?c`` carries the line :data:`STATED_ONLY`, so a claim that
a source only says is planned, possible, forecast or recommended (``ig:modality``) makes no plain edge. The
projection reads the same rules without that line and keeps each edge's modality, so that a user can ask for the
hedged ties too (``hedged=True``).
"""

from __future__ import annotations

from importlib import resources

from rdflib import Dataset

from .vocab import DERIVED_GRAPH

__all__ = ["rules", "derive", "STATED_ONLY"]

#: The filter each claim-reading rule carries: the claim is stated as fact (no ``ig:modality`` other than Stated).
STATED_ONLY = "FILTER NOT EXISTS { ?c ig:modality ?modality FILTER(?modality != ig:Stated) }"


def rules(stated_only: bool = True) -> list[tuple[str, str]]:
    """The derivation rules as ``(name, query text)``, in the order they run; with ``stated_only=False``, without
    their :data:`STATED_ONLY` filter (they then match hedged claims too)."""
    folder = resources.files("influencegraph.rules")
    out = [(f.name[:-3], f.read_text(encoding="utf-8"))
           for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".rq")]
    return out if stated_only else [(name, text.replace(STATED_ONLY, "")) for name, text in out]


def derive(ds: Dataset, engine: str = "oxigraph") -> dict[str, int]:
    """Recompute ``igg:derived`` from the asserted graphs; return the number of triples each rule added.

    ``engine`` names the SPARQL engine that runs the rules (:mod:`influencegraph.sparql.engines`)."""
    from .sparql.engines import run
    from .stores.cache import invalidate
    ds.remove_graph(ds.graph(DERIVED_GRAPH))
    invalidate(ds)                                       # an engine's copy must not hold an old igg:derived
    derived = ds.graph(DERIVED_GRAPH)
    counts: dict[str, int] = {}
    results = [(name, run(ds, text, engine_name=engine).triples) for name, text in rules()]
    invalidate(ds)                                       # ... nor miss the new one
    for name, triples in results:
        before = len(derived)
        for triple in triples:
            derived.add(triple)
        counts[name] = len(derived) - before
    return counts
