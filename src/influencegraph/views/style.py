"""How a view encodes the graph: colour and shape by entity type, edge colour and dash by relation, node size by
centrality, edge width by amount.

The encodings are keyed by the ontology's own names (classes such as ``Company``, relations such as
``investsIn``); a test fails when the ontology gains a class or relation that no family here covers.

Examples
--------
>>> node_family(["Actor", "Company", "Entity", "Organisation"])
'Company'
>>> node_family(["Entity", "Facility", "Mine", "Project"])
'Facility'
>>> relation_family("investsIn"), relation_family("competesWith")
('Capital', 'Rivalry')
>>> edge_width("usd", 12e9) > edge_width("usd", 300e6) > edge_width(None, None)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..vocab import FAMILIES, NAME
from .options import SIZE_MEASURES

__all__ = ["NodeFamily", "RelationFamily", "NODE_FAMILIES", "RELATION_FAMILIES", "node_family", "relation_family",
           "node_sizes", "edge_width", "SIZE_MEASURES"]


@dataclass(frozen=True)
class NodeFamily:
    """A legend entry for nodes: the ontology classes it covers (a node belongs to the first family one of whose
    classes is among its types), a colour and a vis-network shape."""

    name: str
    classes: tuple[str, ...]
    colour: str
    shape: str


@dataclass(frozen=True)
class RelationFamily:
    """A legend entry for edges: the ontology's relation family it draws (``NAME.capitalRelation``; its relations
    are those the ontology puts below it), a colour and a dash pattern (``False`` for solid)."""

    name: str
    family: str
    colour: str
    dashes: object = False

    @property
    def relations(self) -> frozenset[str]:
        """The relations this entry covers."""
        return FAMILIES.get(self.family, frozenset())


#: In order of precedence; colours from a colour-blind-safe palette (Okabe–Ito and Tol), shapes add a second cue.
NODE_FAMILIES = (
    NodeFamily(NAME.State, (NAME.State,), "#D55E00", "diamond"),
    NodeFamily("Finance", (NAME.Bank, NAME.DevelopmentFinanceInstitution), "#009E73", "square"),
    NodeFamily(NAME.Company, (NAME.Company,), "#0072B2", "dot"),
    NodeFamily("Government body", (NAME.GovernmentBody,), "#CC79A7", "square"),
    NodeFamily(NAME.Person, (NAME.Person,), "#E69F00", "triangle"),
    NodeFamily(NAME.Organisation, (NAME.Organisation, NAME.SupranationalUnion, NAME.ActorGroup, NAME.Actor), "#882255",
               "square"),
    NodeFamily(NAME.Facility, (NAME.Facility,), "#56B4E9", "hexagon"),
    NodeFamily(NAME.Project, (NAME.Project,), "#44AA99", "hexagon"),
    NodeFamily(NAME.Commodity, (NAME.Commodity, NAME.Technology), "#999933", "star"),
    NodeFamily(NAME.Agreement, (NAME.Agreement,), "#332288", "triangleDown"),
    NodeFamily(NAME.Event, (NAME.Event,), "#AA4499", "triangleDown"),
    NodeFamily("Policy and measure", (NAME.Initiative, NAME.Policy, NAME.TradeMeasure), "#661100", "star"),
    NodeFamily(NAME.Place, (NAME.Place,), "#888888", "dot"),
    NodeFamily("Other", (NAME.Entity,), "#BBBBBB", "dot"),
)

#: One entry per top family of the ontology's relations; each relation is in exactly one.
RELATION_FAMILIES = (
    RelationFamily("Capital", NAME.capitalRelation, "#009E73"),
    RelationFamily("Leadership and ownership", NAME.stakeRelation, "#0072B2"),
    RelationFamily("Dependence", NAME.dependenceRelation, "#D55E00", [10, 5]),
    RelationFamily("Supply and trade", NAME.commerceRelation, "#E69F00"),
    RelationFamily("Rivalry", NAME.rivalryRelation, "#CC3311", [4, 4]),
    RelationFamily("Cooperation", NAME.cooperationRelation, "#882255", [2, 6]),
    RelationFamily("Events and posts", NAME.appearanceRelation, "#AA4499", [2, 6]),
    RelationFamily("Measures", NAME.measureRelation, "#661100", [12, 4, 2, 4]),
    RelationFamily("Place and structure", NAME.structureRelation, "#AAAAAA", [1, 5]),
)
_OTHER_RELATIONS = RelationFamily("Other relations", "", "#777777", [3, 3])
_BY_RELATION = {r: f for f in RELATION_FAMILIES for r in f.relations}
_BY_NAME = {f.name: f for f in (*NODE_FAMILIES, *RELATION_FAMILIES, _OTHER_RELATIONS)}

MIN_SIZE, MAX_SIZE = 8.0, 40.0


#: How a tie that rests only on planned, possible, forecast or recommended claims is drawn (``hedged=True``).
HEDGED_DASHES = (2, 6)
HEDGED_OPACITY = 0.45
#: How a tie the curator inferred (every claim behind it an ``ig:curatorInference``) is marked: a halo behind it.
INFERRED_HALO = {"enabled": True, "color": "rgba(120, 120, 120, 0.3)", "size": 7, "dashes": False}


def node_family(types) -> str:
    """The legend family of a node with these classes (``types`` as the projection gives them)."""
    types = set(types or ())
    for family in NODE_FAMILIES:
        if types.intersection(family.classes):
            return family.name
    return NODE_FAMILIES[-1].name


def relation_family(relation: str) -> str:
    """The legend family of a relation (``"Other relations"`` for one no family names)."""
    return _BY_RELATION.get(relation, _OTHER_RELATIONS).name


def family(name: str):
    """The :class:`NodeFamily` or :class:`RelationFamily` called ``name``."""
    return _BY_NAME[name]


def node_sizes(scores: dict) -> dict:
    """Node sizes between ``MIN_SIZE`` and ``MAX_SIZE``, by the square root of each score over the largest.

    Examples
    --------
    >>> sizes = node_sizes({"a": 0.0, "b": 0.25, "c": 1.0})
    >>> sizes["a"], sizes["b"], sizes["c"]
    (8.0, 24.0, 40.0)
    """
    top = max((v for v in scores.values() if v is not None and not math.isnan(v)), default=0.0)
    out = {}
    for node, value in scores.items():
        share = 0.0 if not top or value is None or math.isnan(value) else max(value, 0.0) / top
        out[node] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(share), 2)
    return out


def edge_width(measure, weight) -> float:
    """Edge width by amount: ``1 + 1.2·log10(1 + USD millions)`` for money, ``1 + 6·share`` for a share, 1 otherwise.

    Examples
    --------
    >>> edge_width("usd", 12e9), edge_width("share", 0.81), edge_width("quantity", 3e6)
    (5.9, 5.86, 1.0)
    """
    if weight is None or (isinstance(weight, float) and math.isnan(weight)):
        return 1.0
    if measure == "usd":
        return round(1.0 + 1.2 * math.log10(1.0 + weight / 1e6), 2)
    if measure == "share":
        return round(1.0 + 6.0 * float(weight), 2)
    return 1.0
