"""Which part of the network a view shows. Each view is a function registered by name in :data:`VIEWS`; it takes
the projection and its own parameter and returns the nodes and edges it keeps.

When several views are asked for at once (an ego network within a sector, say), they intersect: a node or an edge
stays when every view keeps it.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(symmetric=["competesWith"], sector_broader={})
>>> for n in "abcd":
...     G.add_node(n, label=n.upper(), types=["Actor"], sectors=[], country=None)
>>> _ = G.add_edge("a", "b", key="f1", relation="competesWith", sources=[("000", 1)])
>>> _ = G.add_edge("b", "a", key="f1", relation="competesWith", sources=[("000", 1)])
>>> _ = G.add_edge("b", "c", key="f2", relation="investsIn", sources=[("001", 2)])
>>> _ = G.add_edge("c", "d", key="f3", relation="leads", sources=[("000", 4)])
>>> sorted(select(G, ego="a", depth=1).nodes)
['a', 'b']
>>> sorted(select(G, competition=True).edges(keys=True))
[('a', 'b', 'f1')]
>>> sorted(select(G, source="001").edges(keys=True))
[('b', 'c', 'f2')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..analysis.common import family, find_node, host_of, is_a
from ..names import key, suggest
from ..registry import Registry
from ..vocab import NAME

__all__ = ["VIEWS", "View", "register_view", "select", "selected_views"]


@dataclass(frozen=True)
class View:
    """A registered view: its name, the parameter that asks for it, and what it shows."""

    name: str
    parameter: str
    function: Callable
    description: str


VIEWS = Registry("view")


def register_view(name: str, parameter: str, description: str):
    """Register ``function(G, value, **context) -> (nodes, edges)`` as the view ``name``, asked for by the
    parameter ``parameter`` of :func:`select` (and the CLI option of the same name)."""
    def wrap(function):
        VIEWS.register(name, View(name, parameter, function, description))
        return function
    return wrap


def _all_edges(G):
    return set(G.edges(keys=True))


@register_view("whole", "whole", "the whole network (the default)")
def whole(G, _value=True, **_context):
    return set(G.nodes), _all_edges(G)


@register_view("ego", "ego", "an actor's neighbourhood, up to DEPTH ties away in either direction")
def ego(G, entity, depth: int = 1, resolve=None, **_context):
    import networkx as nx
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be a whole number, 0 or more (got {depth!r})")
    centre = _node(G, entity, resolve)
    reached = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), centre, cutoff=depth)
    nodes = set(reached)
    return nodes, {(u, v, k) for u, v, k in G.edges(keys=True) if u in nodes and v in nodes}


@register_view("sector", "sector", "one sector or commodity: the ties that name it and what they connect")
def sector(G, name: str, **_context):
    wanted = _sector_names(G, name)
    edges = set()
    for u, v, k, d in G.edges(keys=True, data=True):
        tags = {t.casefold() for f in ("sectors", "commodities", "domains") for t in d.get(f) or ()}
        ends = {(G.nodes[u].get("label") or "").casefold(), (G.nodes[v].get("label") or "").casefold()}
        if tags & wanted or ends & wanted:
            edges.add((u, v, k))
    nodes = {n for u, v, _k in edges for n in (u, v)}
    nodes |= {n for n, d in G.nodes(data=True) if {s.casefold() for s in d.get("sectors") or ()} & wanted}
    edges |= {(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
              if u in nodes and d.get("relation") == NAME.inHostCountry}
    return nodes | {v for _u, v, _k in edges}, edges


@register_view("competition", "competition", "who competes with whom, and in what")
def competition(G, _value=True, **_context):
    edges = {(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("relation") == NAME.competesWith}
    return {n for u, v, _k in edges for n in (u, v)}, edges


#: Ties into a host country's projects (engagement and supply), and the country's own ties of dependence, trade and
#: supply, as relation families: out of the country, what it relies on and its reciprocal ties; into it, capital,
#: provision and reciprocal ties.
_PROJECT_TIES = (NAME.engagementRelation, NAME.supplyRelation)
_COUNTRY_OUT = (NAME.relianceRelation, NAME.reciprocalRelation)
_COUNTRY_IN = (NAME.capitalRelation, NAME.provisionRelation, NAME.reciprocalRelation)


@register_view("dependencies", "country", "a host country's dependencies: who invests in, leads, builds, finances "
               "and supplies its projects, and whom it depends on, imports from and trades with")
def dependencies(G, country: str, resolve=None, **_context):
    state = _node(G, country, resolve)
    if not is_a(G, state, NAME.State):
        raise ValueError(f"{G.nodes[state].get('label')} is not a state; give a host country such as Kazakhstan")
    projects = {n for n in G if is_a(G, n, NAME.Project) and host_of(G, n) == state}
    edges = set()
    project_ties, country_out, country_in = (family(G, *f) for f in (_PROJECT_TIES, _COUNTRY_OUT, _COUNTRY_IN))
    for u, v, k, d in G.edges(keys=True, data=True):
        relation = d.get("relation")
        if ((v in projects and relation in project_ties) or (u == state and relation in country_out)
                or (v == state and relation in country_in)
                or (u in projects and v == state and relation == NAME.inHostCountry)):
            edges.add((u, v, k))
    return {state, *projects, *(n for u, v, _k in edges for n in (u, v))}, edges


@register_view("source", "source", "one source document's contribution: every tie it states")
def source(G, ident: str, **_context):
    ids = sorted({s for _u, _v, d in G.edges(data=True) for s, _p in d.get("sources") or ()})
    key = str(ident).strip()
    matches = [s for s in ids if s == key or s[:3] == key[:3] == key or s.startswith(key)]
    if not matches:
        raise ValueError(f"no source {ident!r} states a tie here; choose from {', '.join(s[:3] for s in ids)}")
    chosen = set(matches)
    edges = {(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
             if any(s in chosen for s, _p in d.get("sources") or ())}
    return {n for u, v, _k in edges for n in (u, v)}, edges


# ----------------------------------------------------------------------------- composing views
def selected_views(**params) -> list[str]:
    """The names of the views the parameters ask for (``["whole"]`` when none)."""
    names = [view.name for view in VIEWS.values() if view.name != "whole" and params.get(view.parameter)
             not in (None, False, "", ())]
    return names or ["whole"]


def select(G, ego=None, depth: int = 1, sector=None, country=None, competition: bool = False, source=None,
           relations=None, resolve=None):
    """The part of ``G`` the parameters ask for, as a new ``MultiDiGraph`` with the same attributes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    ego, depth : str, int
        An entity and how many ties away from it to go.
    sector : str
        A sector or commodity, by label (narrower sectors included).
    country : str
        A host country: its dependencies.
    competition : bool
        Rivalries only.
    source : str
        A source document's number (``"003"``) or id.
    relations : iterable of str, optional
        Keep only these relations (before the views are applied), by name (``investsIn``) or label
        (``invests in``).
    resolve : callable, optional
        Name → node id (e.g. :meth:`KnowledgeGraph.resolve`, which knows aliases); default: labels in ``G``.

    Symmetric relations (the graph's ``symmetric`` attribute) appear once per pair, not once in each direction.
    """
    if relations is not None:
        G = _only_relations(G, relations)
    params = {"ego": ego, "sector": sector, "country": country, "competition": competition, "source": source}
    nodes, edges = None, None
    for name in selected_views(**params):
        view = VIEWS[name]
        kept_nodes, kept_edges = view.function(G, params.get(view.parameter, True), depth=depth, resolve=resolve)
        nodes = set(kept_nodes) if nodes is None else nodes & set(kept_nodes)
        edges = set(kept_edges) if edges is None else edges & set(kept_edges)
    edges = _once_per_pair(G, {(u, v, k) for u, v, k in edges if u in nodes and v in nodes})
    H = G.__class__(**G.graph)
    H.graph["views"] = selected_views(**params)
    H.add_nodes_from((n, G.nodes[n]) for n in sorted(nodes, key=str))
    H.add_edges_from((u, v, k, G.edges[u, v, k]) for u, v, k in sorted(edges, key=lambda e: tuple(map(str, e))))
    return H


def _only_relations(G, relations):
    labels = G.graph.get("relation_labels") or {}
    known = {d.get("relation") for _u, _v, d in G.edges(data=True)} | set(labels)
    by_name = {k.casefold(): k for k in known} | {v.casefold(): k for k, v in labels.items()}
    wanted, unknown = set(), []
    for relation in relations:
        name = by_name.get(str(relation).strip().casefold())
        if name is None:
            unknown.append(str(relation))
        wanted.add(name)
    if unknown:
        raise ValueError(f"unknown relation(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    H = G.__class__(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("relation") in wanted)
    return H


def _once_per_pair(G, edges: set) -> set:
    symmetric = set(G.graph.get("symmetric") or ())
    kept = set()
    for u, v, k in sorted(edges, key=lambda e: tuple(map(str, e))):
        if G.edges[u, v, k].get("relation") in symmetric and (v, u, k) in kept:
            continue
        kept.add((u, v, k))
    return kept


def _node(G, name, resolve):
    if resolve is not None:
        node = str(resolve(name))
        if node not in G:
            raise ValueError(f"{name!r} has no ties in this network (try a wider --as-of or fewer --relation)")
        return node
    return find_node(G, name)


def _sector_names(G, name: str) -> set[str]:
    """The sector or commodity ``name`` and every narrower sector, case-folded."""
    broader = {k.casefold(): v.casefold() for k, v in (G.graph.get("sector_broader") or {}).items()}
    known = {t.casefold() for _u, _v, d in G.edges(data=True) for f in ("sectors", "commodities", "domains")
             for t in d.get(f) or ()}
    known |= {s.casefold() for _n, d in G.nodes(data=True) for s in d.get("sectors") or ()}
    known |= {(d.get("label") or "").casefold() for _n, d in G.nodes(data=True) if NAME.Commodity in d.get("types", ())}
    found = {key(t): t for t in sorted(known, reverse=True)}.get(key(name))   # aluminum finds aluminium
    if found is None:
        close = suggest(name, sorted(known))
        hint = f"; did you mean: {', '.join(close)}?" if close else f"; choose from {', '.join(sorted(known))}"
        raise ValueError(f"no sector or commodity named {name!r}{hint}")
    wanted = {found}
    changed = True
    while changed:
        more = {child for child, parent in broader.items() if parent in wanted} - wanted
        wanted |= more
        changed = bool(more)
    return wanted
