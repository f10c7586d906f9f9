"""Supply and trade dependency of a country: what it imports from, is supplied by and depends on whom, its export
markets, and which of these are technology dependencies — each with the share where a source states one.

Rows come from the edges that touch the country: ``importsFrom`` (import), ``dependsOn`` (stated dependency),
``supplies`` into the country (supply), ``exportsTo`` (export market) and ``tradesWith`` (trade partner). The
``what`` column is the commodity (or, for a dependency without one, its domain); ``technology`` is true when the
commodity is an ``ig:Technology`` or the domain names technology.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("kz", label="Kazakhstan", types=["State"], type="State", country="kz")
>>> G.add_node("ru", label="Russia", types=["State"], type="State", country="ru")
>>> _ = G.add_edge("kz", "ru", relation="importsFrom", weight=0.81, measure="share", date="2023",
...                commodities=["refined copper"], sources=[("002_x", 19)])
>>> supply_dependencies(G, "Kazakhstan")[["kind", "partner", "what", "share", "sources"]]
     kind partner            what  share    sources
0  import  Russia  refined copper   0.81  [002 ¶19]
"""

from __future__ import annotations

from ..vocab import NAME
from .common import find_node, label, locators, merge_sources, require_nodes, state_of

__all__ = ["supply_dependencies", "by_partner", "KINDS"]

#: relation → (kind, whether the country is the edge's source)
KINDS = {
    NAME.importsFrom: ("import", True),
    NAME.dependsOn: ("dependency", True),
    NAME.supplies: ("supply", False),
    NAME.exportsTo: ("export market", True),
    NAME.tradesWith: ("trade partner", True),
}
COLUMNS = ["kind", "partner", "partner_state", "what", "domain", "technology", "share", "amount_usd", "date",
           "sources"]


def _technology(G, d) -> bool:
    technologies = set(G.graph.get("technologies", ()))
    if technologies & {*d.get("commodities", ()), *d.get("purposes", ())}:
        return True
    return any("technolog" in x.casefold() for x in (*d.get("commodities", ()), *d.get("purposes", ()),
                                                     *d.get("domains", ())))


def supply_dependencies(G, country: str, kinds=None):
    """Every import, supply, stated dependency, export market and trade tie of ``country``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country : str
        The country (name, label or id).
    kinds : iterable of str, optional
        Only these kinds (``"import"``, ``"dependency"``, ``"supply"``, ``"export market"``, ``"trade partner"``).

    Returns
    -------
    pandas.DataFrame
        ``kind, partner, partner_state, what, domain, technology, share, amount_usd, date, sources``, sorted by
        kind, share (largest first) and partner. ``partner`` is empty where the source names none.
    """
    import pandas as pd
    require_nodes(G, "supply dependency")
    node = find_node(G, country)
    wanted = None if kinds is None else set(kinds)
    rows = []
    for relation, (kind, outgoing) in KINDS.items():
        if wanted is not None and kind not in wanted:
            continue
        edges = G.out_edges(node, data=True) if outgoing else G.in_edges(node, data=True)
        for u, v, d in edges:
            if d.get("relation") != relation:
                continue
            partner = v if outgoing else u
            state = state_of(G, partner)
            measure = d.get("measure")
            rows.append({
                "kind": kind, "partner": label(G, partner),
                "partner_state": label(G, state) if state in G else None,
                "what": "; ".join(d.get("commodities", ()) or d.get("purposes", ()) or d.get("domains", ())) or None,
                "domain": "; ".join(d.get("domains", ())) or None,
                "technology": _technology(G, d),
                "share": d.get("weight") if measure == "share" else float("nan"),
                "amount_usd": d.get("weight") if measure == "usd" else float("nan"),
                "date": d.get("date") or d.get("period_end"),
                "sources": locators(d.get("sources", ())),
            })
    order = {kind: i for i, (kind, _o) in enumerate(KINDS.values())}
    df = pd.DataFrame(rows, columns=COLUMNS)
    if len(df):
        df["_k"] = df.kind.map(order)
        df = df.sort_values(["_k", "share", "partner", "what"], ascending=[True, False, True, True],
                            na_position="last", kind="stable").drop(columns="_k").reset_index(drop=True)
    df.attrs["country"] = label(G, node)
    return df


def by_partner(deps):
    """Per partner state: how many ties of each kind, the technology ties, and the largest stated share.

    Returns
    -------
    pandas.DataFrame
        ``partner_state, import, dependency, supply, export market, trade partner, technology, largest_share,
        largest_share_of, sources``.
    """
    import pandas as pd
    rows = []
    kinds = [k for k, _o in KINDS.values()]
    for state, part in deps.dropna(subset=["partner_state"]).groupby("partner_state", sort=True):
        row = {"partner_state": state}
        for kind in kinds:
            row[kind] = int((part.kind == kind).sum())
        row["technology"] = int(part.technology.sum())
        shared = part[part.share.notna()]
        if len(shared):
            top = shared.sort_values("share", ascending=False).iloc[0]
            row["largest_share"], row["largest_share_of"] = float(top.share), top.what
        else:
            row["largest_share"], row["largest_share_of"] = float("nan"), None
        row["sources"] = merge_sources(part.sources)
        rows.append(row)
    df = pd.DataFrame(rows, columns=["partner_state", *kinds, "technology", "largest_share", "largest_share_of",
                                     "sources"])
    df.attrs.update(deps.attrs)
    return df
