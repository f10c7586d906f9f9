"""Lead-partner dependency: who leads, builds, operates or partners in each project of a host country, for
which state, by sector — and, per sector, how the projects' leadership splits between partner states.

A project's sectors are those the claims about it name (node ``sectors``) and those of the investments into it.
Roles: ``leads`` → lead, ``builds`` → builder, ``operates`` → operator, ``partnerIn`` → partner. A project
counts for a state in :func:`by_state` when an actor of that state leads it, or, where no source names a lead,
builds or operates it.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, lab, t, c in [("kz", "Kazakhstan", ["State"], "kz"), ("ru", "Russia", ["State"], "ru"),
...                      ("cn", "China", ["State"], "cn"), ("r", "Rosatom", ["Company"], "ru"),
...                      ("c", "CNNC", ["Company"], "cn"), ("p1", "Plant 1", ["Project"], "kz"),
...                      ("p2", "Plant 2", ["Project"], "kz")]:
...     G.add_node(n, label=lab, types=t, type=t[0], country=c, sectors=["nuclear energy"] if n[0] == "p" else [])
>>> _ = G.add_edge("r", "p1", relation="leads", sources=[("003_x", 25)])
>>> _ = G.add_edge("c", "p2", relation="leads", sources=[("003_x", 22)])
>>> by_state(project_roles(G, "Kazakhstan"))[["sector", "state", "projects", "share_of_projects"]]
           sector   state  projects  share_of_projects
0  nuclear energy   China         1                0.5
1  nuclear energy  Russia         1                0.5
"""

from __future__ import annotations

from ..vocab import NAME
from .common import family, find_node, is_a, label, locators, merge_sources, require_nodes, state_of

__all__ = ["project_roles", "by_state", "ROLES"]

#: Relation → role, in order of precedence for :func:`by_state`.
ROLES = {NAME.leads: "lead", NAME.builds: "builder", NAME.operates: "operator", NAME.partnerIn: "partner"}
NO_SECTOR = "(no sector stated)"
COLUMNS = ["sector", "project", "role", "actor", "actor_state", "foreign", "date", "sources"]


def _project_sectors(G, project) -> list[str]:
    sectors = set(G.nodes[project].get("sectors", ()))
    capital = family(G, NAME.capitalRelation)
    for _u, _v, d in G.in_edges(project, data=True):
        if d.get("relation") in capital:
            sectors.update(d.get("sectors", ()))
    from .investments import most_specific
    return most_specific(sectors, G.graph.get("sector_broader", {})) or [NO_SECTOR]


def project_roles(G, country: str, sector: str | None = None):
    """One row per sector, project of ``country``, role and actor, with the actor's state and sources.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country : str
        The host country (name, label or id).
    sector : str, optional
        Only this sector (its label, e.g. ``"nuclear energy"``).

    Returns
    -------
    pandas.DataFrame
        ``sector, project, role, actor, actor_state, foreign, date, sources``; ``foreign`` is whether the actor
        belongs to another state than the host.
    """
    import pandas as pd
    require_nodes(G, "lead partners")
    host = find_node(G, country)
    rows: dict[tuple, dict] = {}
    for u, v, d in G.edges(data=True):
        role = ROLES.get(d.get("relation"))
        if role is None or not is_a(G, v, NAME.Project) or G.nodes[v].get("country") != host:
            continue
        state = state_of(G, u)
        for s in _project_sectors(G, v):
            if sector is not None and s.casefold() != sector.casefold():
                continue
            row = rows.setdefault((s, v, role, u), {
                "sector": s, "project": label(G, v), "role": role, "actor": label(G, u),
                "actor_state": label(G, state) if state in G else "(unknown)",
                "foreign": state is not None and state != host, "date": None, "sources": []})
            if d.get("date") and (row["date"] is None or d["date"] < row["date"]):
                row["date"] = d["date"]
            row["sources"].extend(d.get("sources", ()))
    order = {r: i for i, r in enumerate(ROLES.values())}
    for row in rows.values():
        row["sources"] = locators(row["sources"])
    df = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    if len(df):
        df = df.sort_values(["sector", "project", "role", "actor"], key=lambda s: s.map(order) if s.name == "role"
                            else s, kind="stable").reset_index(drop=True)
    df.attrs["host"] = label(G, host)
    return df


def by_state(roles):
    """Per sector and partner state: the projects it leads (or, without a named lead, builds or operates).

    Returns
    -------
    pandas.DataFrame
        ``sector, state, projects, share_of_projects, project_names, actors, sources``.
    """
    import pandas as pd
    rows = []
    for sector, part in roles.groupby("sector", sort=True):
        deciding = []
        for project, roles_of in part.groupby("project", sort=True):
            for role in ROLES.values():
                held = roles_of[roles_of.role == role]
                if len(held) and role != "partner":
                    deciding.append(held)
                    break
        if not deciding:
            continue
        held = pd.concat(deciding)
        n_projects = held.project.nunique()
        for state, mine in held.groupby("actor_state", sort=True):
            rows.append({"sector": sector, "state": state, "projects": int(mine.project.nunique()),
                         "share_of_projects": mine.project.nunique() / n_projects,
                         "project_names": sorted(mine.project.unique()),
                         "actors": sorted(mine.actor.unique()),
                         "sources": merge_sources(mine.sources)})
    df = pd.DataFrame(rows, columns=["sector", "state", "projects", "share_of_projects", "project_names",
                                     "actors", "sources"])
    df.attrs.update(roles.attrs)
    return df
