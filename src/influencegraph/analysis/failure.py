"""Single points of failure: the actors every chain of leadership or finance reaching a project passes through.

**The support graph.** Support flows from states down to firms and from firms to projects:

* *ownership* — ``owns`` (owner → owned actor) and ``parentOrganisation`` (parent → the body within it);
* *home* — a state supports every actor whose ``country`` it is and that no owner or parent is recorded for
  (Rosatom hangs on Russia; a registry fact, so it cites no source);
* *roles* — ``leads``, ``builds`` and ``operates`` into a project are **leadership**; ``investsIn``,
  ``finances`` and ``owns`` into a project are **finance** (edges into states, regions or initiatives are not
  support of a project);
* *located* — a facility ``locatedIn`` a project (a power station within an industrial complex) inherits the
  project's support.

:func:`support_graph` builds it for one kind of role. A virtual root is linked to every node nothing supports
(and to every cycle of mutual ownership nothing outside supports), and ``networkx.immediate_dominators`` gives,
for each project, the nodes every path from the root passes through. The actors among them are its single
points of failure: remove one and no chain of leadership (or finance) reaches the project any more.
:func:`articulation_points` asks the undirected question on the support graph together with the dependency
edges (``dependsOn``, ``importsFrom``, ``supplies``, ``exportsTo``): which actors hold parts of the network,
with projects in them, to the rest.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, lab, t, c in [("ru", "Russia", ["Actor", "State"], "ru"), ("kz", "Kazakhstan", ["Actor", "State"], "kz"),
...                      ("r", "Rosatom", ["Actor", "Company"], "ru"),
...                      ("p", "Plant 1", ["Project", "NuclearPowerPlant"], "kz")]:
...     G.add_node(n, label=lab, type=t[-1], types=t, country=c, sectors=[])
>>> _ = G.add_edge("r", "p", relation="leads", sources=[("003_x", 25)])
>>> for row in single_points_of_failure(G).itertuples():
...     print(row.actor, "|", row.project, "|", row.kind, "|", row.via, "|", row.sources)
Russia | Plant 1 | leadership | Russia → Rosatom → Plant 1 | ['003 ¶25']
Rosatom | Plant 1 | leadership | Rosatom → Plant 1 | ['003 ¶25']
"""

from __future__ import annotations

from ..vocab import NAME
from .common import family, find_node, host_of, is_a, label, locators, require_nodes, state_of

__all__ = ["support_graph", "dominators", "single_points_of_failure", "articulation_points", "host_of",
           "dependency_side", "KINDS"]

#: Kinds of role into a project → the ontology's relation families that make them: relations into a project that
#: lead it, and that finance it (capital; ``owns`` a project: its owner's capital). By which relations one actor
#: stands behind another is the family ``ig:controlRelation`` (``parentOrganisation`` points from child to parent).
KINDS = {"leadership": (NAME.leadershipRelation,), "finance": (NAME.capitalRelation, NAME.ownershipRelation)}
SPOF_COLUMNS = ["actor", "actor_state", "project", "project_country", "kind", "via", "sources"]
AP_COLUMNS = ["actor", "actor_state", "pieces", "cut_off", "projects_cut_off", "sources"]
_ROOT = ("influencegraph", "virtual root")


def dependency_side(G, relation: str) -> str | None:
    """Which end of a dependency edge depends on the other: ``"source"`` for the ontology's reliance relations
    (``dependsOn``, ``importsFrom``), ``"target"`` for its provision relations (``supplies``, ``exportsTo``),
    ``None`` for any other relation.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> dependency_side(G, "importsFrom"), dependency_side(G, "exportsTo"), dependency_side(G, "owns")
    ('source', 'target', None)
    """
    if relation in family(G, NAME.relianceRelation):
        return "source"
    if relation in family(G, NAME.provisionRelation):
        return "target"
    return None


def _name(G, node) -> str | None:
    return label(G, node) if node is not None and node in G else None


def _add(S, u, v, relation: str, kind: str, sources=()) -> None:
    if S.has_edge(u, v):
        S[u][v]["sources"].extend(sources)
        if relation not in S[u][v]["relations"]:
            S[u][v]["relations"].append(relation)
    else:
        S.add_edge(u, v, relations=[relation], kind=kind, sources=list(sources))


def support_graph(G, kind: str = "leadership"):
    """The support graph of one kind of role (see the module docs), as a ``DiGraph`` without the virtual root.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    kind : {"leadership", "finance", "all"}
        Which roles into projects count (``"all"``: both).

    Returns
    -------
    networkx.DiGraph
        Edges carry ``relations``, ``kind`` (``ownership``, ``home``, ``role``, ``located``) and ``sources``
        (``(source id, paragraph)`` pairs).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("cn", label="China", types=["Actor", "State"], country="cn")
    >>> G.add_node("f", label="Firm", types=["Actor", "Company"], country="cn")
    >>> G.add_node("p", label="Complex", types=["Project"], country="kz")
    >>> G.add_node("q", label="Power station", types=["Project"], country="kz")
    >>> _ = G.add_edge("f", "p", relation="investsIn", weight=12e9, sources=[("000_x", 5)])
    >>> _ = G.add_edge("q", "p", relation="locatedIn", key="registry", sources=[])
    >>> sorted((u, v, d["kind"]) for u, v, d in support_graph(G, "finance").edges(data=True))
    [('cn', 'f', 'home'), ('f', 'p', 'role'), ('p', 'q', 'located')]
    >>> support_graph(G, "leadership").number_of_edges()  # nobody leads the complex
    0
    """
    import networkx as nx
    if kind == "all":
        roles = family(G, *KINDS["leadership"], *KINDS["finance"])
    elif kind in KINDS:
        roles = family(G, *KINDS[kind])
    else:
        raise ValueError(f"kind: {kind!r}; choose leadership, finance or all")
    S = nx.DiGraph()
    owned = set()
    for u, v, _k, d in G.edges(keys=True, data=True):
        relation = d.get("relation")
        sources = d.get("sources") or ()
        if relation in roles and is_a(G, v, NAME.Project) and is_a(G, u, NAME.Actor):
            _add(S, u, v, relation, "role", sources)
        elif relation == NAME.owns and is_a(G, u, NAME.Actor) and is_a(G, v, NAME.Actor):
            _add(S, u, v, relation, "ownership", sources)
            owned.add(v)
        elif relation == NAME.parentOrganisation and is_a(G, u, NAME.Actor) and is_a(G, v, NAME.Actor):
            _add(S, v, u, relation, "ownership", sources)
            owned.add(u)
    for u, v, _k, d in G.edges(keys=True, data=True):
        if d.get("relation") == NAME.locatedIn and v in S and is_a(G, u, NAME.Project) and is_a(G, v, NAME.Project):
            _add(S, v, u, NAME.locatedIn, "located", d.get("sources") or ())
    # facilities within facilities: repeat until no located edge is added
    changed = True
    while changed:
        changed = False
        for u, v, _k, d in G.edges(keys=True, data=True):
            if (d.get("relation") == NAME.locatedIn and v in S and u not in S and is_a(G, u, NAME.Project)
                    and is_a(G, v, NAME.Project)):
                _add(S, v, u, NAME.locatedIn, "located", d.get("sources") or ())
                changed = True
    for node in list(S):
        if node in owned or not is_a(G, node, NAME.Actor) or is_a(G, node, NAME.State):
            continue
        home = state_of(G, node)
        if home is not None and home != node and home in G and is_a(G, home, NAME.State):
            _add(S, home, node, "country", "home")
    return S


def _rooted(S):
    """A copy of ``S`` with the virtual root linked to every source component of its condensation."""
    import networkx as nx
    R = S.copy()
    C = nx.condensation(S)
    for c in C:
        if C.in_degree(c) == 0:
            for node in C.nodes[c]["members"]:
                R.add_edge(_ROOT, node, relations=[], kind="root", sources=[])
    return R


def dominators(S) -> dict:
    """Node → the nodes that dominate it in the support graph ``S``, nearest first (the root left out).

    Examples
    --------
    >>> import networkx as nx
    >>> S = nx.DiGraph([("state", "a"), ("state", "b"), ("a", "p"), ("b", "p"), ("p", "q")])
    >>> dominators(S)["q"]
    ['p', 'state']
    >>> dominators(S)["state"]
    []
    """
    import networkx as nx
    if S.number_of_nodes() == 0:
        return {}
    R = _rooted(S)
    idom = nx.immediate_dominators(R, _ROOT)
    out = {}
    for node in S:
        chain, cur = [], idom.get(node)
        while cur is not None and cur != _ROOT and cur not in chain:
            chain.append(cur)
            nxt = idom.get(cur)
            cur = None if nxt == cur else nxt
        out[node] = chain
    return out


def _path_sources(S, actor, project) -> list:
    """The sources of every support edge on some path from ``actor`` to ``project``."""
    import networkx as nx
    between = (nx.descendants(S, actor) | {actor}) & (nx.ancestors(S, project) | {project})
    return [s for _u, _v, d in S.subgraph(between).edges(data=True) for s in d["sources"]]


def single_points_of_failure(G, country: str | None = None, kinds=("leadership", "finance")):
    """Per project, the actors that dominate it: every chain of leadership (or finance) reaching it passes them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country : str, optional
        Only projects hosted in this state (name, label or id).
    kinds : iterable of {"leadership", "finance"}
        Which roles to follow.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor, actor_state, project, project_country, kind, via, sources``: one row per project, kind
        and dominating actor, farthest first; ``via`` is a shortest chain from the actor to the project and
        ``sources`` cites every support edge on a path between them. Facilities within a project inherit it.

    Raises
    ------
    AnalysisError
        The graph is empty.
    UnknownEntity
        ``country`` names no state.

    Examples
    --------
    Two firms of one state build a project: neither alone is a single point of failure, their state is.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("cn", label="China", types=["Actor", "State"], country="cn")
    >>> G.add_node("a", label="CNNC", types=["Actor", "Company"], country="cn")
    >>> G.add_node("b", label="Chinese companies", types=["Actor", "ActorGroup"], country="cn")
    >>> G.add_node("p", label="Plant 2", types=["Project"], country="kz")
    >>> _ = G.add_edge("a", "p", relation="leads", sources=[("003_x", 22)])
    >>> _ = G.add_edge("b", "p", relation="builds", sources=[("003_x", 25)])
    >>> single_points_of_failure(G)[["actor", "project", "kind", "sources"]]
       actor  project        kind             sources
    0  China  Plant 2  leadership  [003 ¶22, 003 ¶25]
    """
    import networkx as nx
    import pandas as pd
    require_nodes(G, "single points of failure")
    host = find_node(G, country, kind=NAME.State) if country is not None else None
    rows = []
    for kind in kinds:
        S = support_graph(G, kind)
        for project, chain in dominators(S).items():
            if not is_a(G, project, NAME.Project) or (host is not None and host_of(G, project) != host):
                continue
            for actor in reversed(chain):
                if not is_a(G, actor, NAME.Actor):
                    continue
                path = nx.shortest_path(S, actor, project)
                rows.append({"actor": label(G, actor), "actor_state": _name(G, state_of(G, actor)),
                             "project": label(G, project), "project_country": _name(G, host_of(G, project)),
                             "kind": kind, "via": " → ".join(label(G, n) for n in path),
                             "sources": locators(_path_sources(S, actor, project)), "_depth": -len(path)})
    df = pd.DataFrame(rows, columns=SPOF_COLUMNS + ["_depth"])
    df = df.sort_values(["project", "kind", "_depth"], kind="stable").drop(columns="_depth")
    return df.reset_index(drop=True)


def _dependency_edges(G):
    dependency = family(G, NAME.relianceRelation, NAME.provisionRelation)
    for u, v, _k, d in G.edges(keys=True, data=True):
        if d.get("relation") in dependency:
            yield u, v, d


def articulation_points(G):
    """Actors whose removal splits the network of support and dependency, and what each would cut off.

    The network is :func:`support_graph` (``"all"`` roles) together with the ``dependsOn``, ``importsFrom``,
    ``supplies`` and ``exportsTo`` edges, taken as undirected.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor, actor_state, pieces`` (how many parts its connected piece falls into without it),
        ``cut_off`` (the nodes outside the largest of those parts), ``projects_cut_off`` (the projects among
        them) and ``sources`` (of the actor's edges into the cut-off parts). Most projects cut off first.

    Raises
    ------
    AnalysisError
        The graph is empty.

    Examples
    --------
    A firm is the only link between its state and two projects; a chain a – b – c has b in the middle.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ru", label="Russia", types=["Actor", "State"], country="ru")
    >>> G.add_node("kz", label="Kazakhstan", types=["Actor", "State"], country="kz")
    >>> G.add_node("r", label="Rosatom", types=["Actor", "Company"], country="ru")
    >>> G.add_node("p", label="Plant 1", types=["Project"], country="kz")
    >>> G.add_node("q", label="Plant 4", types=["Project"], country="kz")
    >>> _ = G.add_edge("r", "p", relation="leads", sources=[("003_x", 25)])
    >>> _ = G.add_edge("r", "q", relation="leads", sources=[("003_x", 26)])
    >>> _ = G.add_edge("kz", "ru", relation="dependsOn", sources=[("002_y", 19)])
    >>> articulation_points(G)[["actor", "pieces", "projects_cut_off", "sources"]]
         actor  pieces    projects_cut_off             sources
    0  Rosatom       3  [Plant 1, Plant 4]  [003 ¶25, 003 ¶26]
    1   Russia       2                  []           [002 ¶19]
    """
    import networkx as nx
    import pandas as pd
    require_nodes(G, "articulation points")
    U = nx.Graph()
    for u, v, d in support_graph(G, "all").edges(data=True):
        U.add_edge(u, v)
        U[u][v].setdefault("sources", []).extend(d["sources"])
    for u, v, d in _dependency_edges(G):
        if u == v:
            continue
        U.add_edge(u, v)
        U[u][v].setdefault("sources", []).extend(d.get("sources") or ())
    rows = []
    for node in nx.articulation_points(U):
        if not is_a(G, node, NAME.Actor):
            continue
        rest = U.subgraph(n for n in nx.node_connected_component(U, node) if n != node)
        parts = sorted(nx.connected_components(rest), key=lambda c: (-len(c), sorted(map(str, c))))
        cut = set().union(*parts[1:])
        sources = [s for n in U[node] if n in cut for s in U[node][n].get("sources", ())]
        rows.append({"actor": label(G, node), "actor_state": _name(G, state_of(G, node)), "pieces": len(parts),
                     "cut_off": sorted(label(G, n) for n in cut),
                     "projects_cut_off": sorted(label(G, n) for n in cut if is_a(G, n, NAME.Project)),
                     "sources": locators(sources)})
    df = pd.DataFrame(rows, columns=AP_COLUMNS)
    if df.empty:
        return df
    order = df.assign(_p=-df["projects_cut_off"].map(len), _c=-df["cut_off"].map(len))
    return order.sort_values(["_p", "_c", "actor"], kind="stable").drop(columns=["_p", "_c"]).reset_index(drop=True)
