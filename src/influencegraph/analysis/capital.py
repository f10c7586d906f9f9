"""Capital dependency of a host country: committed capital by origin state and by sector, the largest partner's
share, and Herfindahl–Hirschman concentration per sector.

**What counts.** Every ``investsIn`` or ``finances`` edge into the host (its ``host`` is the country, or its
target is the country or lies in it) with a USD figure; commitments (pledged capital) count with investments and
are marked. An edge is one fact, however many sources state it, so no figure is counted twice.

**Levels.** A figure is a *project* figure when its target is a project or facility, a *sector* figure when it
names no project but a sector (e.g. USD 7.5 bn for copper in the first half of 2025), and a *total* otherwise
(all Chinese investment in the country over a period). Sources do not say which projects a sector figure or a
total contains, so nothing is added across levels: for each origin state and sector, **capital is the larger
of the sum of the project figures and the largest sector figure**; for each origin state it is the larger of the
sum over its sectors and its largest total. A figure with several sectors is placed under the most specific one
(aluminium rather than non-ferrous metals, by the ontology's sector hierarchy).

**Concentration.** For each sector, the shares of the origin states in its capital and the
Herfindahl–Hirschman index, the sum of the squared percentage shares (0–10,000; 10,000 is a single partner).
The bands are those of the 2023 US Merger Guidelines: above 1,800 *highly concentrated*, 1,000–1,800
*moderately concentrated*, below 1,000 *unconcentrated*. Shares are shares of the capital the sources list,
not of all foreign investment.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sector_broader={})
>>> G.add_node("kz", label="Kazakhstan", type="State", types=["State"], country="kz")
>>> G.add_node("cn", label="China", type="State", types=["State"], country="cn")
>>> G.add_node("ru", label="Russia", type="State", types=["State"], country="ru")
>>> G.add_node("a", label="Firm A", type="Company", types=["Company"], country="cn")
>>> G.add_node("b", label="Firm B", type="Company", types=["Company"], country="ru")
>>> G.add_node("p", label="Mine P", type="Mine", types=["Mine", "Project"], country="kz")
>>> G.add_node("q", label="Mine Q", type="Mine", types=["Mine", "Project"], country="kz")
>>> _ = G.add_edge("a", "p", relation="investsIn", weight=300e6, measure="usd", host="kz", sectors=["copper"],
...                sources=[("000_x", 4)], kind="Investment")
>>> _ = G.add_edge("b", "q", relation="investsIn", weight=100e6, measure="usd", host="kz", sectors=["copper"],
...                sources=[("001_y", 7)], kind="Investment")
>>> inv = investments(G, "Kazakhstan")
>>> concentration(by_sector(inv))[["sector", "total_usd", "largest_origin", "largest_share", "hhi"]]
   sector    total_usd largest_origin  largest_share     hhi
0  copper  400000000.0          China           0.75  6250.0
"""

from __future__ import annotations

from .common import (
    AnalysisError, find_node, is_a, label, locator_key, locators, merge_sources, require_nodes, state_of,
)

__all__ = ["investments", "by_origin", "by_sector", "concentration", "most_specific", "sector_group", "HHI_BANDS"]

CAPITAL_RELATIONS = ("investsIn", "finances")
#: (lower bound, band), from the highest; 2023 US Merger Guidelines.
HHI_BANDS = ((1800, "highly concentrated"), (1000, "moderately concentrated"), (0, "unconcentrated"))
NO_SECTOR = "(no sector stated)"
INVESTMENT_COLUMNS = ["fact", "investor", "origin", "target", "level", "sector", "sector_group", "kind",
                      "amount_usd", "date", "period_start", "period_end", "disputed", "sources"]


def most_specific(sectors, broader: dict) -> list[str]:
    """Drop every sector that is broader than another one given.

    Examples
    --------
    >>> most_specific(["non-ferrous metals", "aluminium"], {"aluminium": "non-ferrous metals"})
    ['aluminium']
    """
    def ancestors(s):
        seen = []
        while s in broader and broader[s] not in seen:
            s = broader[s]
            seen.append(s)
        return seen
    covered = {a for s in sectors for a in ancestors(s)}
    return sorted(s for s in set(sectors) if s not in covered)


def sector_group(sector: str, broader: dict) -> str:
    """The top of a sector's hierarchy (copper → non-ferrous metals → metals and mining).

    Examples
    --------
    >>> sector_group("copper", {"copper": "non-ferrous metals", "non-ferrous metals": "metals and mining"})
    'metals and mining'
    """
    seen = {sector}
    while sector in broader and broader[sector] not in seen:
        sector = broader[sector]
        seen.add(sector)
    return sector


def _host_of(G, target, data, country) -> bool:
    if data.get("host") == country or target == country:
        return True
    return G.nodes[target].get("country") == country and not is_a(G, target, "State")


def investments(G, country: str):
    """Every capital edge into ``country`` with USD figure, level, most specific sector and sources.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country : str
        The host: a name, label or id (``"Kazakhstan"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``fact, investor, origin, target, level, sector, sector_group, kind, amount_usd, date,
        period_start, period_end, disputed, sources``; ``amount_usd`` is NaN where no USD figure is stated.
    """
    import pandas as pd
    require_nodes(G, "capital dependency")
    host = find_node(G, country)
    broader = G.graph.get("sector_broader", {})
    rows = []
    for u, v, key, d in G.edges(keys=True, data=True):
        if d.get("relation") not in CAPITAL_RELATIONS or not _host_of(G, v, d, host):
            continue
        origin = state_of(G, u)
        project = v != host and is_a(G, v, "Project")
        sectors = most_specific(d.get("sectors") or G.nodes[v].get("sectors", []) if project
                                else d.get("sectors", []), broader)
        level = "project" if project else ("sector" if sectors else "total")
        sector = "; ".join(sectors) or NO_SECTOR
        amount = d.get("weight") if d.get("measure") == "usd" and (d.get("unit") in (None, "USD")) else None
        rows.append({
            "fact": str(d.get("fact") or f"{u} {v} {key}").rsplit("/", 1)[-1], "investor": label(G, u),
            "origin": label(G, origin) if origin in G else "(unknown)", "target": label(G, v),
            "level": level, "sector": sector,
            "sector_group": sector_group(sectors[0], broader) if sectors else NO_SECTOR,
            "kind": "commitment" if "Commitment" in (d.get("kind") or "") else "investment",
            "amount_usd": float(amount) if amount is not None else float("nan"),
            "date": d.get("date"), "period_start": d.get("period_start"), "period_end": d.get("period_end"),
            "disputed": bool(d.get("disputed")), "sources": locators(d.get("sources", ())),
        })
    df = _one_row_per_fact(pd.DataFrame(rows, columns=INVESTMENT_COLUMNS))
    df = df.sort_values(["amount_usd", "origin", "target", "fact"], ascending=[False, True, True, True],
                        na_position="last", kind="stable").reset_index(drop=True)
    df.attrs["host"] = label(G, host)
    return df


_LEVEL_ORDER = {"project": 0, "sector": 1, "total": 2}


def _one_row_per_fact(df):
    """A fact whose sources name different targets (the country, or an initiative in it) is still one figure:
    keep the most specific row, with the largest amount and every source."""
    if df.empty or not df.fact.duplicated().any():
        return df
    keep = []
    for _fact, part in df.groupby("fact", sort=False):
        part = part.sort_values("level", key=lambda s: s.map(_LEVEL_ORDER), kind="stable")
        row = part.iloc[0].copy()
        row["amount_usd"] = part.amount_usd.max()
        row["disputed"] = bool(part.disputed.any() or part.amount_usd.nunique() > 1)
        row["sources"] = sorted({s for cell in part.sources for s in cell}, key=locator_key)
        keep.append(row)
    return df.__class__(keep, columns=df.columns).reset_index(drop=True)


def _sources(frame) -> list[str]:
    return merge_sources(frame["sources"])


def by_sector(inv):
    """Capital per sector and origin state (see the module's counting rule).

    Returns
    -------
    pandas.DataFrame
        ``sector, sector_group, origin, capital_usd, project_usd, stated_sector_usd, figures, share_of_sector,
        sources``; the capital a sector's figures give, and each origin's share of the sector.
    """
    import pandas as pd
    rows = []
    listed = inv[inv.level != "total"]
    for (sector, origin), part in listed.groupby(["sector", "origin"], sort=True):
        project = part.loc[part.level == "project", "amount_usd"].sum(min_count=1)
        stated = part.loc[part.level == "sector", "amount_usd"].max()
        values = [x for x in (project, stated) if pd.notna(x)]
        with_amount = part[part.amount_usd.notna()]
        rows.append({"sector": sector, "sector_group": part.sector_group.iloc[0], "origin": origin,
                     "capital_usd": max(values) if values else float("nan"),
                     "project_usd": project, "stated_sector_usd": stated,
                     "figures": int(part.amount_usd.notna().sum()), "listed": len(part),
                     "sources": _sources(with_amount if len(with_amount) else part)})
    df = pd.DataFrame(rows, columns=["sector", "sector_group", "origin", "capital_usd", "project_usd",
                                     "stated_sector_usd", "figures", "listed", "sources"])
    totals = df.groupby("sector")["capital_usd"].transform(lambda s: s.sum(min_count=1))
    df.insert(4, "share_of_sector", df.capital_usd / totals.where(totals > 0))
    df = df.sort_values(["capital_usd", "sector", "origin"], ascending=[False, True, True], na_position="last",
                        kind="stable").reset_index(drop=True)
    df.attrs.update(inv.attrs)
    return df


def by_origin(inv, sectors=None):
    """Capital per origin state: the sum over its sectors, its largest stated total, and its share.

    Parameters
    ----------
    inv : pandas.DataFrame
        From :func:`investments`.
    sectors : pandas.DataFrame, optional
        From :func:`by_sector` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        ``origin, capital_usd, share, project_usd, sector_sum_usd, largest_total_usd, largest_total_period,
        investments, capital_from, capital_sources, project_sources, sources``; ``share`` is of the capital of
        every origin listed; ``capital_sources`` cite the figure the capital comes from, ``project_sources`` the
        project figures, ``sources`` every investment listed.
    """
    import pandas as pd
    sectors = by_sector(inv) if sectors is None else sectors
    rows = []
    for origin, part in inv.groupby("origin", sort=True):
        mine = sectors[sectors.origin == origin]
        sector_sum = mine.capital_usd.sum(min_count=1)
        totals = part[(part.level == "total") & part.amount_usd.notna()]
        largest = totals.loc[totals.amount_usd.idxmax()] if len(totals) else None
        largest_usd = largest.amount_usd if largest is not None else float("nan")
        values = [x for x in (sector_sum, largest_usd) if pd.notna(x)]
        capital = max(values) if values else float("nan")
        from_total = largest is not None and not (pd.notna(sector_sum) and largest_usd < sector_sum)
        projects = part[(part.level == "project") & part.amount_usd.notna()]
        capital_sources = list(largest.sources) if from_total else _sources(mine[mine.capital_usd.notna()])
        period = None
        if largest is not None:
            period = largest.date or " to ".join(x for x in (largest.period_start, largest.period_end) if x) or None
        rows.append({"origin": origin, "capital_usd": capital,
                     "project_usd": part.loc[part.level == "project", "amount_usd"].sum(min_count=1),
                     "sector_sum_usd": sector_sum, "largest_total_usd": largest_usd,
                     "largest_total_period": period, "investments": len(part),
                     "capital_from": "largest total" if from_total else "sum over sectors",
                     "capital_sources": capital_sources, "project_sources": _sources(projects),
                     "sources": _sources(part)})
    df = pd.DataFrame(rows, columns=["origin", "capital_usd", "project_usd", "sector_sum_usd", "largest_total_usd",
                                     "largest_total_period", "investments", "capital_from", "capital_sources",
                                     "project_sources", "sources"])
    total = df.capital_usd.sum(min_count=1)
    df.insert(2, "share", df.capital_usd / total if pd.notna(total) and total > 0 else float("nan"))
    df = df.sort_values(["capital_usd", "origin"], ascending=[False, True], na_position="last",
                        kind="stable").reset_index(drop=True)
    df.attrs.update(inv.attrs)
    return df


def band(hhi: float) -> str:
    """The concentration band of an HHI value (``"n/a"`` when there is none).

    Examples
    --------
    >>> band(10000), band(1200), band(400)
    ('highly concentrated', 'moderately concentrated', 'unconcentrated')
    """
    if hhi != hhi:  # NaN
        return "n/a"
    return next(name for bound, name in HHI_BANDS if hhi > bound or bound == 0)


def concentration(sectors):
    """Per sector: capital, number of origin states, the largest one and its share, and the HHI.

    Returns
    -------
    pandas.DataFrame
        ``sector, sector_group, total_usd, partners, largest_origin, largest_share, hhi, band, sources``;
        sectors without any USD figure have NaN shares and HHI, band ``n/a``.
    """
    import pandas as pd
    rows = []
    for sector, part in sectors.groupby("sector", sort=True):
        with_amount = part[part.capital_usd.fillna(0) > 0]
        total = with_amount.capital_usd.sum()
        if len(with_amount):
            top = with_amount.sort_values(["capital_usd", "origin"], ascending=[False, True]).iloc[0]
            shares = with_amount.capital_usd / total
            hhi = float(((shares * 100) ** 2).sum())
            largest, largest_share = top.origin, float(top.capital_usd / total)
        else:
            hhi, largest, largest_share = float("nan"), None, float("nan")
        rows.append({"sector": sector, "sector_group": part.sector_group.iloc[0],
                     "total_usd": total if len(with_amount) else float("nan"),
                     "partners": int(part.origin.nunique()), "largest_origin": largest,
                     "largest_share": largest_share, "hhi": round(hhi, 1) if hhi == hhi else hhi,
                     "band": band(hhi), "sources": _sources(part)})
    df = pd.DataFrame(rows, columns=["sector", "sector_group", "total_usd", "partners", "largest_origin",
                                     "largest_share", "hhi", "band", "sources"])
    df = df.sort_values(["total_usd", "sector"], ascending=[False, True], na_position="last",
                        kind="stable").reset_index(drop=True)
    df.attrs.update(sectors.attrs)
    return df


def check_country(G, country: str):
    """The host node for ``country``; an :class:`AnalysisError` when it receives no capital at all."""
    host = find_node(G, country)
    if not any(d.get("relation") in CAPITAL_RELATIONS and _host_of(G, v, d, host) for _u, v, d in G.edges(data=True)):
        raise AnalysisError(f"no investment or financing into {label(G, host)} in this graph")
    return host
