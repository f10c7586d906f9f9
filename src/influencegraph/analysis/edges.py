"""The edges of the projection: which claims make an edge, one edge per fact, and what an edge carries.

The build's derivation rules (``rules/*.rq``) are the single statement of which claim makes which edge; the
projection runs each rule's pattern as a ``SELECT`` instead of a ``CONSTRUCT``, so that every edge keeps the claims
behind it, and with them its figures, dates and sources. The registry adds the structural edges ``locatedIn`` (a
facility within a complex, a city within a state) and ``parentOrganisation``, without sources.

Edges carry ``relation`` (the property's local name, e.g. ``"investsIn"``), ``weight`` (the figure that measures the
edge, or ``None``; placing relations such as ``inHostCountry`` take none), ``measure`` (``"usd"``, ``"share"`` or
``"quantity"``), ``unit`` (``USD``, UN/CEFACT codes such as ``TNE`` or ``A90``), ``strength`` (a unit-free weight
for centrality: ``1 + log10(1 + USD millions)`` for an amount, ``1 + share`` for a share, 1 otherwise), ``date``
(when the edge was agreed or announced, as the source dates it), ``known_by`` (the date the time filter uses),
``sources`` (``(source id, paragraph)`` pairs), ``claims``, ``fact``, ``kind`` (the claim class), and, where stated,
``sectors``, ``commodities``, ``domains``, ``purposes`` (what a dependency is for), ``role``, ``status``, ``host``,
``period_start``, ``period_end``; and what kind of statement it rests on: ``modality`` (``"stated"`` when any claim
behind it states it as fact, else the modalities of its claims, e.g. ``"possible or at risk"``), ``inferred`` (the
curator's reasons, each naming what it concerns, when every claim behind it is the curator's inference as far as
the edge goes: the whole claim, or a statement naming one of its ends; else ``None``), ``inferred_parts`` (the other
statements the curator inferred, such as a part-of link or a date, each ``"part of: reason"``), and for figures
``figure_kind`` (``"flow"`` or ``"stock"``), ``scope``, ``as_of_date`` (a stock's date), ``part_of`` (fact keys of
larger figures), ``low`` and
``high`` (the range the claims allow; ``None`` is an open bound).

**One edge per fact.** Claims of several sources with the same fact key, subject, relation and object make one edge
listing every source; claims of the same kind and fact key that do not name both ends (a source that gives an
investment's amount without its investor) add their sources and figures to it. When they state different figures the
edge's ``weight`` is the largest, its ``values`` maps each stated figure to the sources that state it, and
``disputed`` is true; the caveats of a report name them. Claims without a fact key are edges of their own.

An edge's ``known_by`` is the claim's ``ig:date``, else the end of the period it reports on, else the publication
date of its earliest source (a claim was known at the latest when it was published); registry edges have none.
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache

from rdflib import Literal, URIRef, Variable

from . import qualifiers
from ..vocab import CATALOGUE_GRAPH, DCTERMS, ENTITIES_GRAPH, FAMILIES, IG, NAME, RDF, SCHEMA

log = logging.getLogger(__name__)

__all__ = ["fact_edges", "strength", "local_name", "WEIGHTS", "UNWEIGHTED", "REGISTRY_RELATIONS"]

#: Which figure of a claim weighs the edge it makes: the first the claim states, in this order.
WEIGHTS = (
    ("usd", IG.amount),
    ("share", IG.share),
    ("quantity", IG.quantity),
)
#: Relations that place a thing rather than measure a tie (the ontology's placement relations), and partnership and
#: rivalry: they keep their sources but take no figure from the claim behind them (an investment's amount measures
#: the investment, not the project's host country).
UNWEIGHTED = FAMILIES[NAME.placementRelation] | {NAME.partnersWith, NAME.competesWith}
#: Registry properties projected as structural edges (no claim, no source).
REGISTRY_RELATIONS = (IG.locatedIn, IG.parentOrganisation)
_CONSTRUCT = re.compile(r"CONSTRUCT\s*\{.*?\}\s*WHERE", re.S | re.I)


def local_name(term) -> str:
    """The end of an IRI: ``"investsIn"`` for ``ig:investsIn``, as edges and node types name terms."""
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ----------------------------------------------------------------------------- the edges, finished
def fact_edges(kg, known: set, wanted: set, engine: str | None = None) -> dict[tuple, dict]:
    """Every edge the rules and the registry make with a ``wanted`` relation, one per fact, finished.

    Parameters
    ----------
    kg : KnowledgeGraph
        From :func:`influencegraph.load`.
    known : set of URIRef
        The properties a projection can hold (:func:`.projection.relations`' values).
    wanted : set of str
        The local names of the relations to keep.
    engine : str, optional
        The SPARQL engine that runs the rule patterns (default: the store's own).

    Returns
    -------
    dict
        ``(subject, object, relation, key)`` → the edge's attributes (see the module docs); the key is the fact key,
        the claim for a claim without one, ``"registry"`` for a registry edge. Every edge, whatever its modality
        and date: the projection filters.
    """
    info = _ClaimInfo(kg)
    edges = _claim_edges(kg, info, known, wanted, engine)
    log.info("projecting the registry")
    _add_registry_edges(kg, edges, wanted)
    for (s, o, _name, _key), edge in edges.items():
        for mate in info.mates(edge):
            _add_claim(edge, mate, info, (s, o))
    for key in sorted(edges):
        _finish(edges[key], info)
    return edges


def _claim_edges(kg, info, known: set, wanted: set, engine) -> dict[tuple, dict]:
    """The edges the rules make, each with the claims the rules matched for it (registry rules: none)."""
    edges: dict[tuple, dict] = {}
    rank = {iri: n for n, iri in enumerate(info.by_iri)}          # claims in source, paragraph, IRI order
    matched = sorted(_rule_edges(kg, known, engine),              # engines order rows differently;
                     key=lambda e: (rank.get(e[3], -1), str(e[0]), str(e[1]), str(e[2])))  # edges must not
    for s, p, o, claim_iri in matched:
        name = local_name(p)
        if name not in wanted:
            continue
        claim = info.by_iri.get(claim_iri) if claim_iri is not None else None
        key = str(claim.fact or claim.iri) if claim is not None else "registry"
        edge = edges.setdefault((str(s), str(o), name, key), _new_edge(name, key))
        if claim is not None:
            _add_claim(edge, claim, info, (s, o))
    return edges


def _add_registry_edges(kg, edges: dict, wanted: set) -> None:
    """The registry's structural edges (:data:`REGISTRY_RELATIONS`), where no rule made them already."""
    registry = kg.dataset.graph(ENTITIES_GRAPH)
    for p in REGISTRY_RELATIONS:
        name = local_name(p)
        if name in wanted:
            for s, o in registry.subject_objects(p):
                edges.setdefault((str(s), str(o), name, "registry"), _new_edge(name, "registry"))


# ----------------------------------------------------------------------------- rules as SELECTs
@lru_cache(maxsize=1)
def _edge_rules() -> tuple:
    """Each derivation rule as ``(name, SELECT text, template)`` for rules whose template makes edges."""
    from rdflib.plugins.sparql import prepareQuery

    from ..derive import rules
    from ..vocab import PREFIXES
    out = []
    for name, text in rules(stated_only=False):              # every claim; the projection filters by modality
        template = prepareQuery(text, initNs=PREFIXES).algebra.template or []
        if all(p == RDF.type for _s, p, _o in template):
            continue
        out.append((name, _CONSTRUCT.sub("SELECT * WHERE", text, count=1), tuple(template)))
    return tuple(out)


def _rule_edges(kg, known: set, engine: str):
    """``(subject, property, object, claim or None)`` for every edge every rule makes with a ``known`` property."""
    from ..sparql.engines import run
    rules = _edge_rules()
    log.info("projecting the network: %d derivation rules, keeping each edge's claims", len(rules))
    for name, text, template in rules:
        result = run(kg.dataset, text, engine_name=engine)
        index = {v: j for j, v in enumerate(result.vars)}
        for row in result.rows:
            def value(term):
                if isinstance(term, Variable):
                    j = index.get(str(term))
                    return row[j] if j is not None else None
                return term
            claim = value(Variable("c"))
            for s, p, o in template:
                s, p, o = value(s), value(p), value(o)
                if s is None or o is None or p not in known or not isinstance(o, URIRef):
                    continue
                yield s, p, o, claim


# ----------------------------------------------------------------------------- claim attributes
class _ClaimInfo:
    """What an edge needs to know of the claims behind it."""

    def __init__(self, kg):
        self.kg = kg
        self.by_iri = {c.iri: c for c in kg.claims()}
        catalogue = kg.dataset.graph(CATALOGUE_GRAPH)
        self.published = {s: str(o) for s, o in catalogue.subject_objects(DCTERMS.issued)}
        self._by_fact: dict | None = None

    def mates(self, edge: dict) -> list:
        """Claims of other sources with the edge's fact key that the rule did not match (e.g. a source that
        gives the amount of an investment without naming the investor another source names)."""
        if not edge["claims"] or edge["fact"] is None:
            return []
        if self._by_fact is None:
            self._by_fact = {}
            for c in self.by_iri.values():
                if c.fact is not None:
                    self._by_fact.setdefault(str(c.fact), []).append(c)
        have = set(edge["claims"])
        kinds = {self.by_iri[URIRef(c)].kind for c in edge["claims"]}
        return [c for c in self._by_fact.get(edge["fact"], []) if str(c.iri) not in have and c.kind in kinds]

    def figure(self, claim) -> tuple:
        """``(measure, value, unit)`` of the first figure the claim states."""
        graph = self.kg.dataset.graph(claim.source)
        for measure, prop in WEIGHTS:
            for node in claim.values.get(prop, ()):
                if isinstance(node, Literal):
                    return measure, float(node.toPython()), None
                value = graph.value(node, SCHEMA.value)
                unit = graph.value(node, SCHEMA.currency) or graph.value(node, SCHEMA.unitCode)
                if value is not None:
                    return measure, float(value.toPython()), str(unit) if unit else None
        return None, None, None

    def labels(self, claim, prop) -> list[str]:
        return [self.kg.label(v) for v in claim.values.get(prop, ())]

    def first(self, claim, prop):
        values = claim.values.get(prop, ())
        return str(values[0]) if values else None


# ----------------------------------------------------------------------------- one edge per fact
def _new_edge(relation: str, key: str) -> dict:
    return {"relation": relation, "fact": None if key == "registry" else key, "kind": None, "weight": None,
            "measure": None, "unit": None, "values": {}, "disputed": False, "date": None, "period_start": None,
            "period_end": None, "known_by": None, "sources": [], "claims": [], "sectors": [],
            "commodities": [], "domains": [], "purposes": [], "role": None, "status": None, "host": None,
            "_published": [], **qualifiers.new()}


def _add_claim(edge: dict, claim, info: _ClaimInfo, ends=()) -> None:
    edge["fact"] = str(claim.fact) if claim.fact is not None else str(claim.iri)
    edge["claims"].append(str(claim.iri))
    edge["sources"].append((claim.source_id, claim.paragraph))
    kind = local_name(claim.kind)
    edge["kind"] = kind if edge["kind"] in (None, kind) else "; ".join(sorted({*edge["kind"].split("; "), kind}))
    measure, value, unit = info.figure(claim) if edge["relation"] not in UNWEIGHTED else (None, None, None)
    qualifiers.add(edge, claim, info.kg, value, ends)
    if value is not None:
        edge["measure"], edge["unit"] = measure, unit
        edge["values"].setdefault(value, []).append((claim.source_id, claim.paragraph))
    for field, prop in (("sectors", IG.sector), ("commodities", IG.commodity), ("domains", IG.domain),
                        ("purposes", IG.purpose)):
        for label in info.labels(claim, prop):
            if label not in edge[field]:
                edge[field].append(label)
    for field, prop in (("role", IG.role), ("status", IG.status), ("host", IG.hostCountry)):
        values = claim.values.get(prop, ())
        if values and edge[field] is None:
            edge[field] = str(values[0]) if field == "host" else info.kg.label(values[0])
    for field, prop in (("date", IG.date), ("period_end", IG.periodEnd)):
        value = info.first(claim, prop)
        if value and (edge[field] is None or value < edge[field]):
            edge[field] = value
    start = info.first(claim, IG.periodStart)
    if start and (edge["period_start"] is None or start < edge["period_start"]):
        edge["period_start"] = start
    if claim.source in info.published:
        edge["_published"].append(info.published[claim.source])


def _known_by(edge: dict, published: list[str]) -> str | None:
    return edge.get("date") or edge.get("period_end") or (min(published) if published else None)


def _finish(edge: dict, info) -> None:
    if edge["values"]:
        edge["weight"] = max(edge["values"])
        edge["disputed"] = len(edge["values"]) > 1
    edge["sources"] = sorted(set(edge["sources"]), key=lambda s: (s[0], s[1] or 0))
    edge["claims"] = sorted(set(edge["claims"]))
    edge["sectors"].sort()
    edge["commodities"].sort()
    edge["domains"].sort()
    edge["purposes"].sort()
    edge["known_by"] = _known_by(edge, edge.pop("_published"))
    qualifiers.finish(edge, info.kg.label)
    edge["strength"] = strength(edge["measure"], edge["weight"])


def strength(measure, weight) -> float:
    """The unit-free weight centrality uses (see the module docs).

    Examples
    --------
    >>> round(strength("usd", 12e9), 3), strength("share", 0.81), strength(None, None)
    (5.079, 1.81, 1.0)
    """
    if weight is None or measure not in ("usd", "share"):
        return 1.0
    if measure == "usd":
        return 1.0 + math.log10(1.0 + weight / 1e6)
    return 1.0 + weight
