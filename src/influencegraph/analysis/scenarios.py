"""What-if scenarios: take actors out of the graph and see which projects lose their lead or their finance,
how much capital and capacity hang on them, which sectors are left with no foreign partner, and who depends on
them, round after round.

**Who is removed.** ``actors``: the actors named. ``state``: the state, every actor whose ``country`` it is
(its firms, public bodies, people and groups such as "Chinese companies"), and every actor those own
(``owns``, ``parentOrganisation``), whatever its registered country.

**Roles.** A project *loses* its lead when every actor that ``leads``, ``builds`` or ``operates`` it is removed,
and its finance when every actor that ``investsIn``, ``finances`` or ``owns`` it is removed; projects where a
removed actor held the role but others remain are listed too, as *kept*. Facilities ``locatedIn`` a project
share its fate. A role counts whether or not a figure is stated: an edge without an amount, or with 0, is a lost
role worth USD 0.

**Capital at risk.** Every ``investsIn`` and ``finances`` edge of a removed actor, one row per fact, with its
``level`` as in :mod:`.investments`: *project* (into a project or facility), *sector* (into a state, naming a
sector) or *total*. Sources do not say which projects a total contains, so ``summary["capital_at_risk_usd"]``
adds the project figures only.

**Capacity at risk.** The ``produces`` edges of the projects that lose their lead or finance and of the
facilities within them; quantities in their UN/CEFACT unit, with a readable ``unit_name`` (``TNE`` → ``t/yr``,
``A90`` → ``GW``). Figures of another measure (a grade stated as a share) are not capacities and show no value.

**Sectors without a partner.** For each host country, the sectors of its projects in which some foreign actor
(one whose state is known and is not the host) leads, builds, operates, finances or partners in a project, and
in which none would after the removal.

**Cascade.** Round 1: the actors that depend on a removed actor (``dependsOn``, ``importsFrom``) or that it
supplies (``supplies``, ``exportsTo``). Round *n*: those that depend on an actor first reached in round *n − 1*.
Each row's ``tie`` says it in plain words, the dependant first and the direction right (a ``supplies`` edge
Russia → Kazakhstan reads "Kazakhstan is supplied arms by Russia"; see :mod:`.ties`).

``country`` narrows every consequence to one host country: the projects there, the capital into it, their
capacity, its sectors, and the cascade rows of the country itself and of the actors whose country it is (rounds
still run through actors elsewhere, so a round-2 row may depend on an actor of another country, named in
``on``). Only who is removed does not depend on it.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, lab, t, c in [("ru", "Russia", ["Actor", "State"], "ru"), ("kz", "Kazakhstan", ["Actor", "State"], "kz"),
...                      ("r", "Rosatom", ["Actor", "Company"], "ru"), ("p", "Plant 1", ["Project"], "kz")]:
...     G.add_node(n, label=lab, type=t[-1], types=t, country=c, sectors=["nuclear energy"] if n == "p" else [])
>>> _ = G.add_edge("r", "p", relation="leads", sources=[("003_x", 25)])
>>> _ = G.add_edge("kz", "ru", relation="dependsOn", weight=0.81, measure="share", domains=["copper"],
...                sources=[("002_y", 19)])
>>> s = remove(G, state="Russia")
>>> s.projects_losing_lead[["project", "status", "lost", "sources"]]
   project status       lost    sources
0  Plant 1   lost  [Rosatom]  [003 ¶25]
>>> s.cascade[["round", "actor", "on", "what", "share", "sources"]]
   round       actor      on    what  share    sources
0      1  Kazakhstan  Russia  copper   0.81  [002 ¶19]
>>> s.cascade.loc[0, "tie"]
'Kazakhstan depends on Russia for 81% of its copper'
>>> s.summary["projects_losing_lead"], s.summary["sectors_without_partner"]
(1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import NAME
from .common import AnalysisError, family, find_node, host_of, is_a, label, locators, require_nodes, state_of
from .failure import KINDS
from .ties import CASCADE_COLUMNS, cascade as _cascade

__all__ = ["Scenario", "remove", "UNIT_NAMES"]

#: UN/CEFACT unit code → how a capacity in it reads.
UNIT_NAMES = {
    "TNE": "t/yr", "KTN": "kt/yr", "KGM": "kg/yr", "A90": "GW", "MAW": "MW", "KWT": "kW", "WTT": "W",
    "GWH": "GWh/yr", "MWH": "MWh/yr", "KWH": "kWh/yr", "MTQ": "m³/yr", "BLL": "bbl/yr", "LTR": "l/yr",
}
REMOVED_COLUMNS = ["actor", "type", "actor_state", "reason", "sources"]
ROLE_COLUMNS = ["project", "project_country", "status", "lost", "remaining", "relations", "facilities", "usd",
                "sources"]
CAPITAL_COLUMNS = ["actor", "actor_state", "target", "target_country", "level", "relation", "sectors", "usd",
                   "stated", "sources"]
CAPACITY_COLUMNS = ["project", "facility", "commodity", "value", "unit", "unit_name", "losing", "sources"]
SECTOR_COLUMNS = ["host_country", "sector", "projects", "lost_partners", "sources"]


@dataclass
class Scenario:
    """What :func:`remove` found: DataFrames, each with a ``sources`` column, and a ``summary`` of counts."""

    removed: object
    projects_losing_lead: object
    projects_losing_finance: object
    capital_at_risk: object
    capacity_at_risk: object
    sectors_without_partner: object
    cascade: object
    summary: dict = field(default_factory=dict)

    TABLES = ("removed", "projects_losing_lead", "projects_losing_finance", "capital_at_risk",
              "capacity_at_risk", "sectors_without_partner", "cascade")

    def tables(self) -> dict:
        """Table name → DataFrame, in reading order."""
        return {name: getattr(self, name) for name in self.TABLES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.TABLES)
        return f"Scenario({counts}, capital_at_risk_usd={self.summary.get('capital_at_risk_usd', 0.0):g})"


def _names(G, nodes) -> list[str]:
    return sorted(label(G, n) for n in nodes)


def _name(G, node):
    return label(G, node) if node is not None and node in G else None


def _state_name(G, node):
    s = state_of(G, node)
    return label(G, s) if s is not None and s in G else None


def _usd(d) -> float:
    """The edge's USD figure; NaN (unknown, never 0) when none (or another measure) is stated."""
    w = d.get("weight")
    if w is None or d.get("measure") != "usd" or d.get("unit") not in (None, "USD"):
        return float("nan")
    return float(w)


def _known_sum(values) -> float:
    """The sum of the amounts that are known; NaN (unknown) when none is."""
    known = [v for v in values if v == v]
    return float(sum(known)) if known else float("nan")


def _at_risk(capital) -> float:
    """What the project figures at risk add up to: 0 when no project is at risk, unknown (NaN) when projects are but
    none states an amount. Project figures of different facts never contain one another, so they add."""
    projects = capital[capital["level"] == "project"]
    if projects.empty:
        return 0.0
    return float(projects["usd"].sum(min_count=1))     # each row is one fact: co-investors' figures add


def _removal(G, actors, state) -> dict:
    """Removed node → (reason, source pairs). ``state`` may be one name or several; an actor name that denotes a
    state removes the whole state, as ``state`` does."""
    removed: dict = {}
    if isinstance(actors, str):
        actors = [actors]
    states = [state] if isinstance(state, str) else list(state or ())
    for name in actors or ():
        node = find_node(G, name, kind=NAME.Actor)
        if is_a(G, node, NAME.State):
            states.append(name)
        else:
            removed.setdefault(node, ("named", []))
    for name in states:
        s = find_node(G, name, kind=NAME.State)
        removed.setdefault(s, ("named", []))
        for node, data in G.nodes(data=True):
            if node not in removed and is_a(G, node, NAME.Actor) and data.get("country") == s:
                removed[node] = (f"actor of {label(G, s)}", [])
    if states:
        owned: dict = {}                      # owner → [(held actor, edge)], in the graph's edge order
        control = family(G, NAME.controlRelation)
        for u, v, _k, d in G.edges(keys=True, data=True):
            if d.get("relation") in control:
                parent, child = (u, v) if d["relation"] == NAME.owns else (v, u)
                owned.setdefault(parent, []).append((child, d))
        frontier = list(removed)
        while frontier:
            owner = frontier.pop()
            for child, d in owned.get(owner, ()):
                if child not in removed and is_a(G, child, NAME.Actor):
                    removed[child] = (f"owned by {label(G, owner)}", list(d.get("sources") or ()))
                    frontier.append(child)
    return removed


def _within(G) -> dict:
    """Project → the facilities located in it (transitively)."""
    inside: dict = {}
    for u, v, _k, d in G.edges(keys=True, data=True):
        if d.get("relation") == NAME.locatedIn and is_a(G, u, NAME.Project) and is_a(G, v, NAME.Project):
            inside.setdefault(v, set()).add(u)
    out = {}
    for project, facilities in inside.items():
        seen, stack = set(), list(facilities)
        while stack:
            n = stack.pop()
            if n not in seen and n != project:
                seen.add(n)
                stack.extend(inside.get(n, ()))
        out[project] = seen
    return out


def _roles(G, removed, relations, host, within, money: bool):
    import pandas as pd
    held: dict = {}
    for u, v, _k, d in G.edges(keys=True, data=True):
        if d.get("relation") in relations and is_a(G, v, NAME.Project) and is_a(G, u, NAME.Actor):
            held.setdefault(v, {}).setdefault(u, []).append(d)
    rows = []
    for project, by_actor in held.items():
        lost = [a for a in by_actor if a in removed]
        if not lost or (host is not None and host_of(G, project) != host):
            continue
        remaining = [a for a in by_actor if a not in removed]
        edges = [d for a in lost for d in by_actor[a]]
        rows.append({"project": label(G, project), "project_country": _name(G, host_of(G, project)),
                     "status": "kept" if remaining else "lost", "lost": _names(G, lost),
                     "remaining": _names(G, remaining), "relations": sorted({d["relation"] for d in edges}),
                     "facilities": _names(G, within.get(project, ())),
                     "usd": _known_sum(_usd(d) for d in edges) if money else None,
                     "sources": locators(s for d in edges for s in d.get("sources") or ()), "_node": project})
    df = pd.DataFrame(rows, columns=ROLE_COLUMNS + ["_node"])
    df = df.sort_values(["status", "project"], key=lambda c: c.map({"lost": 0, "kept": 1}) if c.name == "status"
                        else c, kind="stable").reset_index(drop=True)
    if not money:
        df = df.drop(columns="usd")
    return df


def _level(G, target, d) -> str:
    if is_a(G, target, NAME.Project):
        return "project"
    return "sector" if d.get("sectors") else "total"


def _target_host(G, target, d):
    if is_a(G, target, NAME.State):
        return target
    if is_a(G, target, NAME.Project):
        return host_of(G, target)
    return d.get("host") or G.nodes[target].get("country")


def _capital(G, removed, host):
    import pandas as pd
    rows = []
    capital = family(G, NAME.capitalRelation)
    for u, v, _k, d in G.edges(keys=True, data=True):
        if d.get("relation") not in capital or u not in removed:
            continue
        where = _target_host(G, v, d)
        if host is not None and where != host:
            continue
        rows.append({"actor": label(G, u), "actor_state": _state_name(G, u), "target": label(G, v),
                     "target_country": _name(G, where), "level": _level(G, v, d), "relation": d["relation"],
                     "sectors": list((d.get("sectors") or G.nodes[v].get("sectors", [])) if is_a(G, v, NAME.Project)
                                     else (d.get("sectors") or [])),
                     "usd": _usd(d), "stated": _usd(d) == _usd(d), "sources": locators(d.get("sources") or ())})
    df = pd.DataFrame(rows, columns=CAPITAL_COLUMNS)
    order = {"project": 0, "sector": 1, "total": 2}
    df = df.assign(_l=df["level"].map(order)).sort_values(["_l", "usd", "actor", "target"],
                                                          ascending=[True, False, True, True], kind="stable")
    return df.drop(columns="_l").reset_index(drop=True)


def _capacity(G, lead, finance, within):
    import pandas as pd
    losing: dict = {}
    for what, table in (("lead", lead), ("finance", finance)):
        for node in table.loc[table["status"] == "lost", "_node"]:
            losing.setdefault(node, []).append(what)
    rows = []
    for project, what in losing.items():
        for facility in [project, *sorted(within.get(project, ()), key=lambda n: label(G, n))]:
            for _u, v, d in G.out_edges(facility, data=True):
                if d.get("relation") != NAME.produces:
                    continue
                quantity = d.get("measure") == "quantity" and d.get("weight") is not None
                unit = d.get("unit") if quantity else None
                rows.append({"project": label(G, project), "facility": label(G, facility),
                             "commodity": label(G, v), "value": float(d["weight"]) if quantity else None,
                             "unit": unit, "unit_name": UNIT_NAMES.get(unit, unit) if unit else None,
                             "losing": ", ".join(what), "sources": locators(d.get("sources") or ())})
    df = pd.DataFrame(rows, columns=CAPACITY_COLUMNS)
    df["value"] = df["value"].astype(float)
    return df.sort_values(["project", "facility", "commodity"], kind="stable").reset_index(drop=True)


def _sectors(G, removed, host, within):
    import pandas as pd
    partners: dict = {}
    projects: dict = {}
    inherit = {f: p for p, fs in within.items() for f in fs}
    engagement = family(G, NAME.engagementRelation)
    for u, v, _k, d in G.edges(keys=True, data=True):
        if d.get("relation") not in engagement or not is_a(G, v, NAME.Project) or not is_a(G, u, NAME.Actor):
            continue
        where = host_of(G, v)
        origin = state_of(G, u)
        if where is None or origin is None or origin == where or (host is not None and where != host):
            continue
        for sector in G.nodes[v].get("sectors") or G.nodes[inherit.get(v, v)].get("sectors") or ():
            partners.setdefault((where, sector), {}).setdefault(u, []).append(d)
            projects.setdefault((where, sector), set()).add(v)
    rows = []
    for (where, sector), by_actor in partners.items():
        if any(a not in removed for a in by_actor):
            continue
        rows.append({"host_country": label(G, where), "sector": sector,
                     "projects": _names(G, projects[(where, sector)]), "lost_partners": _names(G, by_actor),
                     "sources": locators(s for ds in by_actor.values() for d in ds for s in d.get("sources") or ())})
    df = pd.DataFrame(rows, columns=SECTOR_COLUMNS)
    return df.sort_values(["host_country", "sector"], kind="stable").reset_index(drop=True)


def remove(G, actors=None, state: str | None = None, country: str | None = None, rounds: int | None = None):
    """What if these actors, or every actor of a state, were gone (see the module docs for each table).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    actors : str or iterable of str, optional
        Actors to remove (names, labels or ids); a name of a state counts as ``state``.
    state : str or iterable of str, optional
        Remove this state (or these states), its actors and what they own.
    country : str, optional
        Only the consequences for this host country: its projects, the capital into it, their capacity, its
        sectors, and the cascade rows of the country and its actors.
    rounds : int, optional
        Stop the cascade after this many rounds (default: until no one new is reached).

    Returns
    -------
    Scenario
        ``removed``, ``projects_losing_lead``, ``projects_losing_finance`` (with ``usd``), ``capital_at_risk``,
        ``capacity_at_risk``, ``sectors_without_partner``, ``cascade`` and ``summary``.

    Raises
    ------
    AnalysisError
        The graph is empty, or neither actors nor a state is given.
    UnknownEntity
        A name that matches no actor or state, with suggestions.

    Examples
    --------
    A firm with no edges: nothing is lost.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f", label="Idle Firm", type="Company", types=["Actor", "Company"], country=None)
    >>> s = remove(G, "Idle Firm")
    >>> s
    Scenario(removed=1, projects_losing_lead=0, projects_losing_finance=0, capital_at_risk=0, capacity_at_risk=0, sectors_without_partner=0, cascade=0, capital_at_risk_usd=0)
    """
    import pandas as pd
    require_nodes(G, "what-if scenario")
    if not actors and state is None:
        raise AnalysisError("what-if scenario: name the actors to remove, or a state")
    removed = _removal(G, actors, state)
    host = find_node(G, country, kind=NAME.State) if country is not None else None
    within = _within(G)
    lead = _roles(G, removed, family(G, *KINDS["leadership"]), host, within, money=False)
    finance = _roles(G, removed, family(G, *KINDS["finance"]), host, within, money=True)
    capital = _capital(G, removed, host)
    capacity = _capacity(G, lead, finance, within)
    sectors = _sectors(G, removed, host, within)
    cascade = _cascade(G, removed, rounds, host)
    who = pd.DataFrame([{"actor": label(G, n), "type": G.nodes[n].get("type"), "actor_state": _state_name(G, n),
                         "reason": reason, "sources": locators(sources)}
                        for n, (reason, sources) in removed.items()], columns=REMOVED_COLUMNS)
    who = who.assign(_named=who["reason"] != "named").sort_values(["_named", "actor"], kind="stable")
    who = who.drop(columns="_named").reset_index(drop=True)
    with_value = capacity.dropna(subset=["value"])
    summary = {
        "removed": len(who),
        "projects_losing_lead": int((lead["status"] == "lost").sum()),
        "projects_keeping_lead": int((lead["status"] == "kept").sum()),
        "projects_losing_finance": int((finance["status"] == "lost").sum()),
        "projects_keeping_finance": int((finance["status"] == "kept").sum()),
        "capital_at_risk_usd": _at_risk(capital),
        "capacity_at_risk": {u: float(v) for u, v in with_value.groupby("unit_name")["value"].sum().items()},
        "sectors_without_partner": len(sectors),
        "cascade_actors": int(cascade["actor"].nunique()),
        "cascade_rounds": int(cascade["round"].max()) if len(cascade) else 0,
    }
    return Scenario(removed=who, projects_losing_lead=lead.drop(columns="_node"),
                    projects_losing_finance=finance.drop(columns="_node"), capital_at_risk=capital,
                    capacity_at_risk=capacity, sectors_without_partner=sectors, cascade=cascade, summary=summary)
