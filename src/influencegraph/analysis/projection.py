"""RDF → networkx: the one place the influence graph becomes a network.

Edges are the derived relations of the ontology (sub-properties of ``ig:derivedRelation``: invests in,
finances, leads, builds, supplies, depends on, competes with, ...), made claim by claim by the build's derivation
rules and the registry; which claims make an edge and what an edge carries is the business of :mod:`.edges`.
:func:`~.collapse.collapse` turns a projection into a weighted ``DiGraph``.

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

**Stated only, by default.** Edges that rest only on planned, possible, forecast or recommended claims are left out
unless ``hedged=True``; views draw them dashed and lighter, and tooltips say which they are.

**Time filter.** ``as_of`` keeps what was agreed or announced by that date: an edge's ``known_by`` is the
claim's ``ig:date``, else the end of the period it reports on, else the publication date of its earliest
source (a claim was known at the latest when it was published). Dates are compared at their own precision:
an edge dated ``2025`` counts for any ``as_of`` in 2025. Registry edges have no date and always count.

Examples
--------
>>> import influencegraph
>>> from influencegraph.analysis.projection import project
>>> kg = influencegraph.load()
>>> G = project(kg, relations={"investsIn"})
>>> east_hope = G[str(kg.resolve("East Hope Group"))]
>>> [(G.nodes[t]["label"], d["weight"], d["unit"]) for t, edges in east_hope.items() for d in edges.values()]
[('East Hope aluminium complex in Kazakhstan', 12000000000.0, 'USD')]
"""

from __future__ import annotations

import logging

from rdflib import URIRef

from . import qualifiers
from .collapse import collapse
from .common import locator
from .edges import REGISTRY_RELATIONS, fact_edges, local_name, strength
from ..vocab import ENTITIES_GRAPH, IG, NAME, ONTOLOGY_GRAPH, OWL, RDF, RDFS, SKOS

log = logging.getLogger(__name__)

__all__ = ["project", "collapse", "strength", "relations", "influence_relations", "edge_rows", "node_rows"]


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
    return sorted(local_name(p) for p in _edges_under(kg.dataset.graph(ONTOLOGY_GRAPH), IG.influenceRelation))


def _relations(kg) -> dict[str, URIRef]:
    props = _edges_under(kg.dataset.graph(ONTOLOGY_GRAPH), IG.derivedRelation)
    props |= {IG.locatedIn, *REGISTRY_RELATIONS}
    return {local_name(p): p for p in sorted(props)}


def _edges_under(ontology, top: URIRef) -> set[URIRef]:
    """The properties below ``top`` that make edges: groupings (``top`` itself, or a property with
    sub-properties, such as ``ig:influenceRelation``) are not edges."""
    from ..ontology import family_members
    return set(family_members(ontology, top))


def _families(kg) -> dict[str, frozenset[str]]:
    from ..ontology import families
    return families(kg.dataset.graph(ONTOLOGY_GRAPH))


# ----------------------------------------------------------------------------- nodes
def _node_attributes(kg) -> dict[str, dict]:
    registry = kg.dataset.graph(ENTITIES_GRAPH)
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    supers: dict[URIRef, list[str]] = {}
    nodes = {}
    countries = dict(registry.subject_objects(IG.country))        # one scan each, not one lookup per entity
    labels = dict(registry.subject_objects(SKOS.prefLabel))
    for entity, kind in kg.entity_types().items():
        if kind not in supers:
            supers[kind] = sorted({local_name(c) for c in ontology.transitive_objects(kind, RDFS.subClassOf)
                                   if isinstance(c, URIRef) and str(c).startswith(str(IG))})
        country = countries.get(entity)
        if country is None and NAME.State in supers[kind]:
            country = entity
        nodes[str(entity)] = {"type": local_name(kind), "types": supers[kind],
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
    edges = fact_edges(kg, set(known.values()), wanted, engine)
    G = nx.MultiDiGraph(name="influencegraph", as_of=as_of, hedged=hedged, sector_broader=_sector_broader(kg),
                        relation_labels={name: kg.label(p) for name, p in known.items()},
                        symmetric=_symmetric(kg, known), influence=influence_relations(kg), families=_families(kg),
                        technologies=sorted(a["label"] for a in nodes.values() if NAME.Technology in a["types"]))
    for (s, o, _name, key), edge in sorted(edges.items()):
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

