"""Competition: the rivalries the sources state, and the sectors where actors of different states both work.

**Rivalries** are the ``competesWith`` edges (stored in both directions), one row per unordered pair of actors,
with the domains the sources name and every source. A rival's *state* is its own state, the home state of a
firm, or nothing for a bloc without one (the European Union, "Western countries").

**Contested sectors** are sectors in which actors of two or more *sides* each work — lead, build, operate,
partner in, invest in, finance or own — in projects of their own. A side is the actor's state, or, for an actor
with no state (a bloc), the actor itself. Two sides contest a sector when each works in a project of that sector
the other does not work in: sides that only work *together*, as partners in the same projects, co-operate
rather than compete (``joint=True`` counts them too). A project's sectors are those the claims about it name
(node ``sectors``) and those of the investments into it, the most specific ones only (aluminium rather than
non-ferrous metals); projects whose sources name no sector are left out. A project's host is its ``country``,
else where an ``inHostCountry`` edge places it; the host state's own actors do not contest a sector in their
own country unless ``include_host`` is true.

**State pairs** (:func:`state_pairs`) join the two: for each pair of sides, the sectors they contest and the
domains of the rivalries the sources state between them (between the states themselves, their firms or blocs).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sector_broader={})
>>> for n, lab, t, c in [("kz", "Kazakhstan", ["State", "Actor"], "kz"), ("ru", "Russia", ["State", "Actor"], "ru"),
...                      ("cn", "China", ["State", "Actor"], "cn"), ("r", "Rosatom", ["Company", "Actor"], "ru"),
...                      ("c", "CNNC", ["Company", "Actor"], "cn"), ("p1", "Plant 1", ["Project"], "kz"),
...                      ("p2", "Plant 2", ["Project"], "kz")]:
...     G.add_node(n, label=lab, types=t, type=t[0], country=c, sectors=["nuclear energy"] if n[0] == "p" else [])
>>> _ = G.add_edge("r", "p1", relation="leads", sources=[("003_x", 25)])
>>> _ = G.add_edge("c", "p2", relation="leads", sources=[("003_x", 22)])
>>> _ = G.add_edge("kz", "p2", relation="partnerIn", sources=[("003_x", 22)])
>>> for a, b in [("cn", "ru"), ("ru", "cn")]:
...     _ = G.add_edge(a, b, relation="competesWith", domains=["nuclear energy"], sources=[("003_x", 24)])
>>> contested_sectors(G)[["sector", "states", "actors"]].to_dict("records")
[{'sector': 'nuclear energy', 'states': ['China', 'Russia'], 'actors': {'China': ['CNNC'], 'Russia': ['Rosatom']}}]
>>> rivalries(G)[["actor_a", "actor_b", "domains", "sources"]].to_dict("records")
[{'actor_a': 'China', 'actor_b': 'Russia', 'domains': ['nuclear energy'], 'sources': ['003 ¶24']}]
"""

from __future__ import annotations

from .investments import sector_group
from ..vocab import NAME
from .common import family, find_node, host_of, is_a, label, locators, merge_sources, require_nodes, state_of

__all__ = ["rivalries", "contested_sectors", "state_pairs", "RIVALRY_COLUMNS", "SECTOR_COLUMNS", "PAIR_COLUMNS"]

RIVALRY_COLUMNS = ["actor_a", "state_a", "actor_b", "state_b", "domains", "regions", "facts", "sources"]
SECTOR_COLUMNS = ["sector", "states", "n_states", "actors", "projects", "countries", "sources"]
PAIR_COLUMNS = ["state_a", "state_b", "contested_sectors", "rivalry_domains", "sources"]


def _name(G, node) -> str | None:
    """Label of a node that may lie outside the graph (a home state no edge reaches)."""
    if node is None:
        return None
    return label(G, node) if node in G else str(node).rsplit("/", 1)[-1]


def _key(text) -> str:
    return (text or "").casefold()


# ----------------------------------------------------------------------------- rivalries
def rivalries(G, actor: str | None = None):
    """Every pair of rivals the sources name, once, with the domains of their rivalry.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    actor : str, optional
        Only the rivalries of this actor (name, label or id).

    Returns
    -------
    pandas.DataFrame
        ``actor_a, state_a, actor_b, state_b, domains, regions, facts, sources``: the pair in alphabetical order
        (``actor`` first when given), the domains (sorted), the regions where the edges name any (else empty),
        how many facts state the rivalry, and their locators. Empty, with these columns, when the graph has no
        ``competesWith`` edge. Sorted by the number of facts, then by names.

    Raises
    ------
    AnalysisError
        An empty graph.
    UnknownEntity
        An ``actor`` that matches no node.
    """
    import pandas as pd
    require_nodes(G, "rivalries")
    focus = find_node(G, actor) if actor is not None else None
    pairs: dict[frozenset, dict] = {}
    for u, v, d in G.edges(data=True):
        if d.get("relation") != NAME.competesWith or u == v:
            continue
        if focus is not None and focus not in (u, v):
            continue
        pair = pairs.setdefault(frozenset((u, v)), {"ends": (u, v), "domains": set(), "regions": set(),
                                                    "facts": set(), "sources": set()})
        pair["domains"].update(d.get("domains", ()) or d.get("sectors", ()))
        regions = d.get("regions") or ([d["host"]] if d.get("host") else [])
        pair["regions"].update(_name(G, r) for r in regions)
        pair["facts"].add(d.get("fact") or id(d))
        pair["sources"].update(tuple(s) for s in d.get("sources", ()))
    rows = []
    for pair in pairs.values():
        a, b = sorted(pair["ends"], key=lambda n: (n != focus, _key(label(G, n))))
        sa, sb = state_of(G, a), state_of(G, b)
        rows.append({"actor_a": label(G, a), "state_a": _name(G, sa), "actor_b": label(G, b),
                     "state_b": _name(G, sb), "domains": sorted(pair["domains"]),
                     "regions": sorted(pair["regions"]), "facts": len(pair["facts"]),
                     "sources": locators(pair["sources"])})
    rows.sort(key=lambda r: (-r["facts"], _key(r["actor_a"]), _key(r["actor_b"])))
    return pd.DataFrame(rows, columns=RIVALRY_COLUMNS)


# ----------------------------------------------------------------------------- contested sectors
def _project_sectors(G, project) -> list[str]:
    from .investments import most_specific
    sectors = set(G.nodes[project].get("sectors", ()))
    capital = family(G, NAME.capitalRelation)
    for _u, _v, d in G.in_edges(project, data=True):
        if d.get("relation") in capital:
            sectors.update(d.get("sectors", ()))
    return most_specific(sectors, G.graph.get("sector_broader", {}))


def _engagements(G, country=None, include_host: bool = False):
    """``(sector, side, actor, project, host, edge data)`` for every actor's work in a project with a sector."""
    host = find_node(G, country, kind=NAME.State) if country is not None else None
    engagements = family(G, NAME.engagementRelation)         # the relations by which an actor works in a project
    for u, v, d in G.edges(data=True):
        if d.get("relation") not in engagements or not is_a(G, v, NAME.Project) or not is_a(G, u, NAME.Actor):
            continue
        where = host_of(G, v)
        if host is not None and where != host:
            continue
        side = state_of(G, u) or u
        if not include_host and where is not None and side == where:
            continue
        for sector in _project_sectors(G, v):
            yield sector, side, u, v, where, d


def _sectors(G, country, include_host: bool, broader: bool) -> dict:
    """Sector → side → ``{"actors", "projects", "hosts", "sources"}``."""
    groups = G.graph.get("sector_broader", {})
    sectors: dict[str, dict] = {}
    for sector, side, actor, project, where, d in _engagements(G, country, include_host):
        if broader:
            sector = sector_group(sector, groups)
        entry = sectors.setdefault(sector, {}).setdefault(side, {"actors": set(), "projects": set(),
                                                                 "hosts": set(), "sources": set()})
        entry["actors"].add(actor)
        entry["projects"].add(project)
        if where is not None:
            entry["hosts"].add(where)
        entry["sources"].update(tuple(x) for x in d.get("sources", ()))
    return sectors


def _rival_pairs(sides: dict, joint: bool) -> list[tuple]:
    """Pairs of sides that contest a sector: each works in a project of it the other does not work in."""
    names = list(sides)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if joint or (sides[a]["projects"] - sides[b]["projects"] and sides[b]["projects"] - sides[a]["projects"])]


def contested_sectors(G, country: str | None = None, include_host: bool = False, min_states: int = 2,
                      broader: bool = False, joint: bool = False):
    """Sectors in which actors of ``min_states`` or more sides work in projects of their own.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country : str, optional
        Only projects hosted by this state (name, label or id).
    include_host : bool
        Count the host state's own actors as a side (default: no).
    min_states : int
        How many sides make a sector contested (default 2).
    broader : bool
        Count each sector under its broadest group (nuclear energy → energy), so that actors of different
        sub-sectors meet.
    joint : bool
        Count sides that only work together in the same projects as contesting the sector too (default: no;
        two sides contest a sector when each works in a project of it that the other does not).

    Returns
    -------
    pandas.DataFrame
        ``sector, states, n_states, actors, projects, countries, sources``: the contesting sides (labels,
        sorted), how many, the actors of each side (side → sorted labels), their projects, the projects' host
        countries, and the locators of the edges that place the actors there. Sorted by ``n_states`` (most
        first), then sector. Empty, with these columns, when no sector is contested.

    Raises
    ------
    AnalysisError
        An empty graph.
    UnknownEntity
        A ``country`` that matches no state.
    """
    import pandas as pd
    require_nodes(G, "contested sectors")
    rows = []
    for sector, sides in _sectors(G, country, include_host, broader).items():
        rivals = {side for pair in _rival_pairs(sides, joint) for side in pair}
        if len(rivals) < max(min_states, 2):
            continue
        order = sorted(rivals, key=lambda n: _key(_name(G, n)))
        rows.append({"sector": sector, "states": [_name(G, n) for n in order], "n_states": len(order),
                     "actors": {_name(G, n): sorted((label(G, a) for a in sides[n]["actors"]), key=_key)
                                for n in order},
                     "projects": sorted({label(G, p) for n in order for p in sides[n]["projects"]}, key=_key),
                     "countries": sorted({_name(G, h) for n in order for h in sides[n]["hosts"]}, key=_key),
                     "sources": locators({x for n in order for x in sides[n]["sources"]})})
    rows.sort(key=lambda r: (-r["n_states"], _key(r["sector"])))
    return pd.DataFrame(rows, columns=SECTOR_COLUMNS)


# ----------------------------------------------------------------------------- by pairs of states
def state_pairs(G, country: str | None = None, include_host: bool = False):
    """For each pair of sides, the sectors they contest and the rivalries the sources state between them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country, include_host
        As for :func:`contested_sectors`.

    Returns
    -------
    pandas.DataFrame
        ``state_a, state_b, contested_sectors, rivalry_domains, sources``, one row per unordered pair of sides
        that contest a sector or have a stated rivalry; sides in alphabetical order. Sorted by the number of
        contested sectors, then of rivalry domains (most first).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(sector_broader={})
    >>> for n, lab in [("cn", "China"), ("us", "United States")]:
    ...     G.add_node(n, label=lab, types=["State", "Actor"], type="State", country=n, sectors=[])
    >>> _ = G.add_edge("cn", "us", relation="competesWith", domains=["trade"], sources=[("000_x", 3)])
    >>> state_pairs(G).values.tolist()
    [['China', 'United States', [], ['trade'], ['000 ¶3']]]
    """
    import pandas as pd
    require_nodes(G, "state pairs")
    pairs: dict[tuple, dict] = {}

    def entry(a, b):
        a, b = sorted((a, b), key=_key)
        return pairs.setdefault((a, b), {"sectors": set(), "domains": set(), "sources": set()})

    for sector, sides in _sectors(G, country, include_host, broader=False).items():
        for a, b in _rival_pairs(sides, joint=False):
            e = entry(_name(G, a), _name(G, b))
            e["sectors"].add(sector)
            e["sources"].update(locators(sides[a]["sources"] | sides[b]["sources"]))
    for u, v, d in G.edges(data=True):
        if d.get("relation") != NAME.competesWith:
            continue
        a, b = (_name(G, state_of(G, n) or n) for n in (u, v))
        if a == b:
            continue
        e = entry(a, b)
        e["domains"].update(d.get("domains", ()) or d.get("sectors", ()))
        e["sources"].update(locators(d.get("sources", ())))
    rows = [{"state_a": a, "state_b": b, "contested_sectors": sorted(e["sectors"]),
             "rivalry_domains": sorted(e["domains"]), "sources": merge_sources([e["sources"]])}
            for (a, b), e in pairs.items()]
    rows.sort(key=lambda r: (-len(r["contested_sectors"]), -len(r["rivalry_domains"]), _key(r["state_a"]),
                             _key(r["state_b"])))
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)
