"""What an edge of the projection rests on: the modality of its claims, the curator's inferences among them, and
what its figure measures (kind, scope, part-of links, bounds).

An edge is *stated* when any claim behind it states it as fact; otherwise its modality lists those of its claims
(planned or expected, possible or at risk, forecast, recommended). It is *inferred* only when every claim behind
it is the curator's inference. Its figure's range runs from the lowest bound any claim allows to the highest;
one open bound leaves the range open on that side.

Examples
--------
>>> edge = new()
>>> edge["_modalities"] += ["possible or at risk", "stated"]
>>> finish(edge); edge["modality"]
'stated'
>>> edge = new()
>>> edge["_modalities"] += ["possible or at risk"]; edge["_inferred"] += ["read from a lead role"]
>>> finish(edge); edge["modality"], edge["inferred"]
('possible or at risk', 'read from a lead role')
"""

from __future__ import annotations

from ..figure_records import claim_bounds, first_value
from ..vocab import IG, ONTOLOGY_GRAPH, RDF, SKOS

__all__ = ["STATED", "new", "add", "finish", "modality_labels"]

STATED = "stated"


def modality_labels(kg) -> dict:
    """Each modality of the ontology with its label (cached on the knowledge graph)."""
    cache = kg.__dict__.setdefault("_modality_labels", {})
    if not cache:
        ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
        cache.update({m: str(ontology.value(m, SKOS.prefLabel)) for m in ontology.subjects(RDF.type, IG.Modality)})
    return cache


def new() -> dict:
    """The qualifier fields of a new edge (the underscored ones are dropped by :func:`finish`)."""
    return {"modality": STATED, "inferred": None, "figure_kind": None, "scope": None, "as_of_date": None, "part_of": [],
            "low": None, "high": None, "_modalities": [], "_inferred": [], "_bounds": []}




def add(edge: dict, claim, kg, value) -> None:
    """Fold one claim into the edge's qualifiers; ``value`` is the figure the edge takes from it, if any."""
    modality = first_value(claim, IG.modality)
    edge["_modalities"].append(modality_labels(kg).get(modality, STATED) if modality is not None else STATED)
    inference = first_value(claim, IG.curatorInference)
    edge["_inferred"].append(str(inference) if inference is not None else None)
    for field, prop in (("figure_kind", IG.figureKind), ("scope", IG.figureScope)):
        term = first_value(claim, prop)
        if term is not None and edge[field] is None:
            edge[field] = kg.label(term)
    as_of = first_value(claim, IG.asOf)
    if as_of is not None and (edge["as_of_date"] is None or str(as_of) > edge["as_of_date"]):
        edge["as_of_date"] = str(as_of)
    for fact in claim.values.get(IG.partOf, ()):
        key = str(fact).rsplit("/", 1)[-1]
        if key not in edge["part_of"]:
            edge["part_of"].append(key)
    if value is not None:
        edge["_bounds"].append(claim_bounds(claim, value))


def finish(edge: dict) -> None:
    """Settle the edge's modality, inference and range from the claims folded in."""
    modalities = edge.pop("_modalities")
    inferred = edge.pop("_inferred")
    bounds = edge.pop("_bounds")
    if modalities and STATED not in modalities:
        edge["modality"] = "; ".join(sorted(set(modalities)))
    if inferred and all(inferred):
        edge["inferred"] = "; ".join(dict.fromkeys(inferred))
    if bounds:
        lows, highs = zip(*bounds)
        edge["low"] = None if None in lows else min(lows)
        edge["high"] = None if None in highs else max(highs)
    edge["part_of"].sort()
