"""What an edge of the projection rests on: the modality of its claims, the curator's inferences among them, and
what its figure measures (kind, scope, part-of links, bounds).

An edge is *stated* when any claim behind it states it as fact; otherwise its modality lists those of its claims
(planned or expected, possible or at risk, forecast, recommended). It is *inferred* only when every claim behind
it is the curator's inference as far as the edge goes: the whole claim, or a statement naming one of the edge's
ends (its investor, its target, a party); ``inferred`` then gives each reason once, naming what it concerns.
Statements the curator inferred that the edge does not stand on (a part-of link, a date, a commodity) are listed in
``inferred_parts`` when every claim that makes them infers them. Its figure's range runs from the lowest bound any claim allows to the highest;
one open bound leaves the range open on that side.

Examples
--------
>>> edge = new()
>>> edge["_modalities"] += ["possible or at risk", "stated"]
>>> finish(edge); edge["modality"]
'stated'
>>> from types import SimpleNamespace
>>> lead = SimpleNamespace(values={}, inferences=(((), "read from a lead role"),))
>>> edge = new()
>>> edge["_modalities"] += ["possible or at risk"]; edge["_inferred"] += [(lead, set())]
>>> finish(edge); edge["modality"], edge["inferred"]
('possible or at risk', 'the whole claim: read from a lead role')
>>> part = SimpleNamespace(values={IG.partOf: ("h1",)}, inferences=(((IG.partOf,), "same half-year"),))
>>> edge = new()
>>> edge["_modalities"] += ["stated"]; edge["_inferred"] += [(part, {IG.investor})]
>>> finish(edge, lambda p: "part of"); edge["inferred"], edge["inferred_parts"]
(None, ['part of: same half-year'])
"""

from __future__ import annotations

from ..figure_records import claim_bounds, first_value
from ..inferences import NOT_STATEMENTS, SEPARATOR, describe, inferred_statement
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
    return {"modality": STATED, "inferred": None, "inferred_parts": [], "figure_kind": None, "scope": None, "as_of_date": None, "part_of": [],
            "low": None, "high": None, "_modalities": [], "_inferred": [], "_bounds": []}




def add(edge: dict, claim, kg, value, ends=()) -> None:
    """Fold one claim into the edge's qualifiers; ``value`` is the figure the edge takes from it, if any, and
    ``ends`` the edge's two nodes (the statements naming them are those the edge stands on)."""
    modality = first_value(claim, IG.modality)
    edge["_modalities"].append(modality_labels(kg).get(modality, STATED) if modality is not None else STATED)
    ends = {str(e) for e in ends}
    edge["_inferred"].append((claim, {p for p, vals in claim.values.items()
                                      if p not in NOT_STATEMENTS and any(str(v) in ends for v in vals)}))
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


def finish(edge: dict, label=None) -> None:
    """Settle the edge's modality, inference and range from the claims folded in; ``label`` names a property
    (e.g. ``kg.label``; default: its local name)."""
    label = label or (lambda p: str(p).rsplit("#", 1)[-1])
    modalities = edge.pop("_modalities")
    inferred = edge.pop("_inferred")
    bounds = edge.pop("_bounds")
    if modalities and STATED not in modalities:
        edge["modality"] = "; ".join(sorted(set(modalities)))
    _settle_inference(edge, inferred, label)
    if bounds:
        lows, highs = zip(*bounds)
        edge["low"] = None if None in lows else min(lows)
        edge["high"] = None if None in highs else max(highs)
    edge["part_of"].sort()


def _settle_inference(edge: dict, folded: list, label) -> None:
    """``inferred`` when every claim infers what the edge stands on; ``inferred_parts`` for the other statements
    that every claim making them infers."""
    on_edge = [[r for r in c.inferences if not r[0] or set(r[0]) & ends] for c, ends in folded]
    listed = []
    if on_edge and all(on_edge):
        listed = [r for records in on_edge for r in records]
        edge["inferred"] = SEPARATOR.join(describe(listed, label))
    claims = [c for c, _ends in folded]
    parts = [r for c, ends in folded for r in c.inferences if r not in listed
             and any(p not in ends and inferred_statement(claims, p) for p in r[0])]
    edge["inferred_parts"] = describe(parts, label)
