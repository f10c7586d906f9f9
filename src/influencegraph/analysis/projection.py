"""RDF → networkx: the one place the influence graph becomes a network.

Edges are the derived relations of the ontology (sub-properties of ``ig:derivedRelation``: invests in,
finances, leads, builds, supplies, depends on, competes with, ...). The build's derivation rules
(``rules/*.rq``) are the single statement of which claim makes which edge; the projection runs each rule's
pattern as a ``SELECT`` instead of a ``CONSTRUCT``, so that every edge keeps the claims behind it, and with
them its figures, dates and sources. The registry adds the structural edges ``locatedIn`` (a facility within
a complex, a city within a state) and ``parentOrganisation``, without sources.

Nodes carry ``type`` (the asserted class, e.g. ``"Company"``), ``types`` (it and every class above it),
``label``, ``country`` (home state of a firm or person, host state of a project or place, the state
itself for a state; an IRI string, or ``None``) and ``sectors`` (the sectors or domains any claim about it
as subject, target or project names, as labels).

The graph's own attributes: ``as_of``, ``relation_labels`` (relation → its label in words, e.g. ``"invests in"``),
``symmetric`` (the relations the ontology declares ``owl:SymmetricProperty``, such as ``competesWith``),
``influence`` (the relations centrality ranks on by default: :func:`influence_relations`), ``families`` (the
ontology's relation families: family → its relations, e.g. ``"capitalRelation"`` → ``{"investsIn", "finances"}``;
analyses, views and reports take their groups of relations from it, see :func:`.common.family`),
``technologies`` (labels of the ``ig:Technology`` entities), ``sector_broader`` (sector label → broader sector
label, from the ontology's ``skos:broader``), and ``names`` (node → its ``aliases`` and ``ids`` from the registry, by
which :func:`~influencegraph.analysis.common.find_node` knows it besides its label).

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

**Stated only, by default.** Edges that rest only on planned, possible, forecast or recommended claims are left out
unless ``hedged=True``; views draw them dashed and lighter, and tooltips say which they are.

**One edge per fact.** Claims of several sources with the same fact key, subject, relation and object make one edge
listing every source; claims of the same kind and fact key that do not name both ends (a source that gives an
investment's amount without its investor) add their sources and figures to it. When they state different figures the
edge's ``weight`` is the largest, its ``values`` maps each stated figure to the sources that state it, and
``disputed`` is true; the caveats of a report name them. Claims without a fact key are edges of their own.

**Time filter.** ``as_of`` keeps what was agreed or announced by that date: an edge's ``known_by`` is the
claim's ``ig:date``, else the end of the period it reports on, else the publication date of its earliest
source (a claim was known at the latest when it was published). Dates are compared at their own precision:
an edge dated ``2025`` counts for any ``as_of`` in 2025. Registry edges have no date and always count.

**Collapse.** :func:`collapse` turns the multigraph into a weighted ``DiGraph`` for algorithms that reject
multigraphs: parallel edges between the same two nodes become one whose ``weight`` is the sum of their
weights (an edge without a figure counts 1, so the sum also counts ties), whose ``relations`` is the sorted set
of their relations, whose ``count`` is how many edges it stands for, and whose ``sources`` is the union of
their sources. The USD amounts of one relation between the two are first merged under the adding-up rule
(:func:`.pair_figures.merged_edges`, as influence paths weigh a hop): they count as one edge weighing the flows
the rule adds, or the stock where the relation has no flows, never the sum of figures that contain one another
or of a stock and flows. China → Kazakhstan ``investsIn`` weighs USD 48.3 bn (25.3 bn over 2005–2023, 004 ¶8,
and 23 bn in the first half of 2025, 000 ¶2, 003 ¶20; the 7.5 bn for copper left out as part of the 23 bn and
the 50 bn stock to mid-2025, 004 ¶10, not added), and its ``strength`` is that of USD 48.3 bn, not the sum of
four strengths; a relation with only a stock between the two weighs the stock. A pair whose figure holds, as a
source says, a figure of another pair sharing one end with it (an aggregate: a region, an actor group) weighs what
it holds beyond them (:func:`.pair_figures.beyond_parts`): China → Central Asia USD 25 − 23 = 2 bn (003 ¶20),
China ↔ the five Central Asian states' trade USD 97 − 44 = 53 bn (004 ¶8), so the money a member's tie carries is
not counted again at the aggregate. Shares, quantities and ties without a figure count as before, one edge each.

Examples
--------
>>> import influencegraph
>>> from influencegraph.analysis.projection import project, collapse
>>> kg = influencegraph.load()
>>> G = project(kg, relations={"investsIn"})
>>> east_hope = G[str(kg.resolve("East Hope Group"))]
>>> [(G.nodes[t]["label"], d["weight"], d["unit"]) for t, edges in east_hope.items() for d in edges.values()]
[('East Hope aluminium complex in Kazakhstan', 12000000000.0, 'USD')]
>>> D = collapse(G)
>>> D.number_of_edges() <= G.number_of_edges()
True
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache

from rdflib import Literal, URIRef, Variable

from . import qualifiers
from ..vocab import (CATALOGUE_GRAPH, DCTERMS, ENTITIES_GRAPH, FAMILIES, IG, NAME, ONTOLOGY_GRAPH, OWL, RDF, RDFS,
                     SCHEMA, SKOS)

log = logging.getLogger(__name__)

__all__ = ["project", "collapse", "strength", "relations", "influence_relations", "edge_rows", "node_rows", "locator",
           "WEIGHTS"]

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


def relations(kg) -> dict[str, URIRef]:
    """The relations a projection can hold: local name → property (derived relations and registry edges)."""
    return _relations(kg)


def influence_relations(kg) -> list[str]:
    """The relations centrality ranks on by default: local names of the ontology's ``ig:influenceRelation``
    sub-properties (capital, project leadership, ownership, supply, dependence and trade), sorted.

    Examples
    --------
    >>> import influencegraph
    >>> names = influence_relations(influencegraph.load())
    >>> "investsIn" in names, "memberOf" in names, "partyTo" in names
    (True, False, False)
    """
    return sorted(_local(p) for p in _edges_under(kg.dataset.graph(ONTOLOGY_GRAPH), IG.influenceRelation))


def _relations(kg) -> dict[str, URIRef]:
    props = _edges_under(kg.dataset.graph(ONTOLOGY_GRAPH), IG.derivedRelation)
    props |= {IG.locatedIn, *REGISTRY_RELATIONS}
    return {_local(p): p for p in sorted(props)}


def _edges_under(ontology, top: URIRef) -> set[URIRef]:
    """The properties below ``top`` that make edges: groupings (``top`` itself, or a property with
    sub-properties, such as ``ig:influenceRelation``) are not edges."""
    from ..ontology import family_members
    return set(family_members(ontology, top))


def _families(kg) -> dict[str, frozenset[str]]:
    from ..ontology import families
    return families(kg.dataset.graph(ONTOLOGY_GRAPH))


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def locator(source_id: str, paragraph) -> str:
    """``"000 ¶5"``: a source's number and the paragraph, as every table and footnote cites them."""
    return f"{source_id[:3]} ¶{paragraph}" if paragraph is not None else source_id[:3]


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


def _node_attributes(kg) -> dict[str, dict]:
    registry = kg.dataset.graph(ENTITIES_GRAPH)
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    supers: dict[URIRef, list[str]] = {}
    nodes = {}
    countries = dict(registry.subject_objects(IG.country))        # one scan each, not one lookup per entity
    labels = dict(registry.subject_objects(SKOS.prefLabel))
    for entity, kind in kg.entity_types().items():
        if kind not in supers:
            supers[kind] = sorted({_local(c) for c in ontology.transitive_objects(kind, RDFS.subClassOf)
                                   if isinstance(c, URIRef) and str(c).startswith(str(IG))})
        country = countries.get(entity)
        if country is None and NAME.State in supers[kind]:
            country = entity
        nodes[str(entity)] = {"type": _local(kind), "types": supers[kind],
                              "label": str(labels.get(entity) or kg.label(entity)),
                              "country": str(country) if country is not None else None, "sectors": []}
    sector_class = {s for s in ontology.subjects(RDF.type, IG.Sector)}
    for claim in kg.claims():
        named = [v for p in (IG.sector, IG.domain) for v in claim.values.get(p, ()) if v in sector_class]
        if not named:
            continue
        for p in (IG.subject, IG.target, IG.project):
            for node in claim.values.get(p, ()):
                attrs = nodes.get(str(node))
                if attrs is not None:
                    attrs["sectors"] = sorted({*attrs["sectors"], *(kg.label(s) for s in named)})
    return nodes


def _symmetric(kg, known: dict) -> list[str]:
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    return sorted(name for name, p in known.items() if (p, RDF.type, OWL.SymmetricProperty) in ontology)


def _sector_broader(kg) -> dict[str, str]:
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    return {kg.label(s): kg.label(o) for s in ontology.subjects(RDF.type, IG.Sector)
            for o in ontology.objects(s, SKOS.broader)}


def _known_by(edge: dict, published: list[str]) -> str | None:
    return edge.get("date") or edge.get("period_end") or (min(published) if published else None)


def _at_precision(date: str, as_of: str) -> bool:
    n = min(len(date), len(as_of))
    return date[:n] <= as_of[:n]


# ----------------------------------------------------------------------------- the projection
def project(kg, relations=None, node_types=None, as_of=None, engine: str | None = None, hedged: bool = False):
    """The knowledge graph as a networkx ``MultiDiGraph`` of actors, projects, places and commodities.

    Parameters
    ----------
    kg : KnowledgeGraph
        From :func:`influencegraph.load`.
    relations : iterable of str, optional
        Keep only these relations (local names such as ``"investsIn"``; see :func:`relations`).
    node_types : iterable of str, optional
        Keep only nodes of these classes or their sub-classes (e.g. ``{"Actor", "Project"}``).
    as_of : str or datetime.date, optional
        Keep only what was agreed or announced by this date (``"2024-12-31"``, ``"2025-06"``).
    engine : {"rdflib", "oxigraph", "sparql"}, optional
        The SPARQL engine that runs the rule patterns (default: the store's own).
    hedged : bool
        Also keep edges that rest only on planned or expected, possible, forecast or recommended claims (by
        default only what a source states as fact makes an edge).

    Returns
    -------
    networkx.MultiDiGraph
        Edge keys are the fact key (or the claim, for a claim without one; ``registry`` for registry edges).

    Raises
    ------
    ValueError
        An unknown relation or node type, or a malformed date.
    """
    import networkx as nx

    known = _relations(kg)
    wanted = set(known) if relations is None else set(relations)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise ValueError(f"unknown relation(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    as_of = _check_date(as_of)
    log.info("reading the registry and every source's claims")
    nodes = _node_attributes(kg)
    if node_types is not None:
        all_types = {t for attrs in nodes.values() for t in attrs["types"]}
        missing = sorted(set(node_types) - all_types)
        if missing:
            raise ValueError(f"unknown node type(s) {', '.join(missing)}; e.g. Actor, State, Company, Project, "
                             f"Commodity, Place")
    info = _ClaimInfo(kg)
    edges: dict[tuple, dict] = {}
    rank = {iri: n for n, iri in enumerate(info.by_iri)}          # claims in source, paragraph, IRI order
    matched = sorted(_rule_edges(kg, set(known.values()), engine),   # engines order rows differently;
                     key=lambda e: (rank.get(e[3], -1), str(e[0]), str(e[1]), str(e[2])))  # edges must not
    for s, p, o, claim_iri in matched:
        name = _local(p)
        if name not in wanted:
            continue
        claim = info.by_iri.get(claim_iri) if claim_iri is not None else None
        key = str(claim.fact or claim.iri) if claim is not None else "registry"
        edge = edges.setdefault((str(s), str(o), name, key), _new_edge(name, key))
        if claim is not None:
            _add_claim(edge, claim, info, (s, o))
    log.info("projecting the registry")
    registry = kg.dataset.graph(ENTITIES_GRAPH)
    for p in REGISTRY_RELATIONS:
        if _local(p) in wanted:
            for s, o in registry.subject_objects(p):
                edges.setdefault((str(s), str(o), _local(p), "registry"), _new_edge(_local(p), "registry"))
    for (s, o, _name, _key), edge in edges.items():
        for mate in info.mates(edge):
            _add_claim(edge, mate, info, (s, o))
    G = nx.MultiDiGraph(name="influencegraph", as_of=as_of, hedged=hedged, sector_broader=_sector_broader(kg),
                        relation_labels={name: kg.label(p) for name, p in known.items()},
                        symmetric=_symmetric(kg, known), influence=influence_relations(kg), families=_families(kg),
                        technologies=sorted(a["label"] for a in nodes.values() if NAME.Technology in a["types"]))
    for (s, o, _name, key), edge in sorted(edges.items()):
        _finish(edge, info)
        if as_of is not None and edge["known_by"] is not None and not _at_precision(edge["known_by"], as_of):
            continue
        if not hedged and edge["modality"] != qualifiers.STATED:
            continue
        for node in (s, o):
            if node not in G:
                G.add_node(node, **nodes.get(node, _unregistered(kg, node)))
        G.add_edge(s, o, key=key, **edge)
    if node_types is not None:
        wanted_types = set(node_types)
        G.remove_nodes_from([n for n, d in list(G.nodes(data=True)) if not wanted_types & set(d["types"])])
    G.graph["names"] = {n: names for n, names in kg.resolver().as_dict().items() if n in G}
    log.info("projected %d nodes, %d edges", G.number_of_nodes(), G.number_of_edges())
    return G


def _check_date(as_of) -> str | None:
    from ..dates import as_of_date  # the one validator the CLI's --as-of shares
    return as_of_date(as_of)


def _unregistered(kg, node: str) -> dict:
    return {"type": NAME.Entity, "types": [NAME.Entity], "label": kg.label(URIRef(node)), "country": None}


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
    kind = _local(claim.kind)
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


# ----------------------------------------------------------------------------- collapse and tables
def collapse(G, weight: str = "weight"):
    """A weighted ``DiGraph`` from a projection (see the module's collapse rule).

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiDiGraph()
    >>> M.add_edge("a", "b", relation="investsIn", weight=5.0, sources=[("000", 1)])
    0
    >>> M.add_edge("a", "b", relation="leads", weight=None, sources=[("001", 2)])
    1
    >>> D = collapse(M)
    >>> D["a"]["b"]["weight"], D["a"]["b"]["relations"], D["a"]["b"]["count"]
    (6.0, ['investsIn', 'leads'], 2)

    Two USD flows of one relation, one part of the other, weigh what the rule adds (the larger), not their sum:

    >>> usd = dict(relation="investsIn", measure="usd", unit="USD", figure_kind="flow", scope="country total",
    ...            period_start="2025-01", period_end="2025-06")
    >>> _ = M.add_edge("a", "b", fact="a-b-h1", **{**usd, "weight": 23.0, "sources": [("000", 2)]})
    >>> _ = M.add_edge("a", "b", fact="a-b-copper", **{**usd, "weight": 7.5, "scope": "sector",
    ...                                                 "part_of": ["a-b-h1"], "sources": [("000", 13)]})
    >>> D = collapse(M)
    >>> D["a"]["b"]["weight"], D["a"]["b"]["count"]
    (29.0, 4)
    """
    import networkx as nx
    D = nx.DiGraph(**G.graph)
    D.add_nodes_from(G.nodes(data=True))
    pairs: dict[tuple, list] = {}
    for u, v, data in G.edges(data=True):
        pairs.setdefault((u, v), []).append(data)
    from .pair_figures import adds_up, beyond_parts
    aggregates = beyond_parts(G, pairs)
    for (u, v), edges in pairs.items():
        w = []
        for d in _rule_merged(G, u, v, edges):
            held = aggregates.get((u, v, d.get("relation"))) if adds_up(d) else None
            if held is not None and weight in ("weight", "strength"):   # an aggregate: what it holds beyond
                d = {**d, "weight": held, "strength": strength("usd", held)}
            w.append(d.get(weight))
        sources = {tuple(s) for d in edges for s in d.get("sources", ())}
        D.add_edge(u, v, weight=sum(float(x) if x is not None else 1.0 for x in w),
                   relations=sorted({d.get("relation") for d in edges if d.get("relation")}), count=len(edges),
                   sources=sorted(sources, key=lambda s: (s[0], s[1] or 0)))
    return D


def _rule_merged(G, u, v, edges: list) -> list:
    """The edges ``u`` → ``v``, the USD amounts of each relation merged into one edge under the adding-up rule
    (:func:`.pair_figures.merged_edges`); the edges as they are when no relation has two (a single figure, exact
    or approximate, weighs as it always has)."""
    from collections import Counter

    from .pair_figures import adds_up, merged_edges
    if max(Counter(d.get("relation") for d in edges if adds_up(d)).values(), default=0) < 2:
        return edges
    return [d for _forward, d in merged_edges(G, u, v, [(True, d) for d in edges])]


def node_rows(G):
    """The nodes as a DataFrame: id, label, type, country."""
    import pandas as pd
    return pd.DataFrame([{"id": n, "label": d.get("label"), "type": d.get("type"), "country": d.get("country")}
                         for n, d in G.nodes(data=True)], columns=["id", "label", "type", "country"])


def edge_rows(G):
    """The edges as a DataFrame: source, target, relation, weight, unit, date and sources as locators."""
    import pandas as pd
    rows = []
    for u, v, key, d in G.edges(keys=True, data=True):
        rows.append({"source": G.nodes[u].get("label", u), "target": G.nodes[v].get("label", v),
                     "relation": d.get("relation"), "weight": d.get("weight"), "unit": d.get("unit"),
                     "date": d.get("date") or d.get("period_end"), "fact": key,
                     "sources": "; ".join(locator(s, p) for s, p in d.get("sources", ()))})
    return pd.DataFrame(rows, columns=["source", "target", "relation", "weight", "unit", "date", "fact", "sources"])

