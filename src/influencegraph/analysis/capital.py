"""Capital dependency of a host country: committed capital by origin state and by sector, the largest partner's
share, and Herfindahl–Hirschman concentration per sector.

The rows these tables add up are :func:`~.investments.investments`' (which edges count, one row per fact); the
concentration of each sector is :func:`~.concentration.concentration`'s. All three are importable from here.

**Adding up.** Every total here follows the one rule of :mod:`influencegraph.figures`: flows and stocks are never
added; a figure that a source puts inside another (``ig:partOf``), or that lies within a broader figure of the same
origin over an overlapping or unknown period, is left out with the reason; approximate figures carry their bounds.
Each table says which figures it added (``counted``, with their periods) and which it left out and why
(``left_out``).

**Headline.** :func:`headline` picks the total a summary leads with: among the country totals of an origin, the
flow stated by the most sources for a stated period (then the latest); the others — the rule's sum, stocks, single
sources — are listed beside it with their sources.

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

from ..figures import add_up, totals
from .common import merge_sources
from .concentration import CAVEAT, HHI_BANDS, concentration
from .investments import _ancestry, _s, investments, most_specific, sector_group

__all__ = ["investments", "by_origin", "by_sector", "concentration", "headline", "most_specific", "sector_group",
           "HHI_BANDS", "CAVEAT"]


def _summary(total) -> dict:
    """What a :class:`~influencegraph.figures.Total` adds and leaves out, as table cells."""
    def period(f):
        if f.kind == "stock":
            return f"as of {f.as_of}" if f.as_of else "date not stated"
        if f.start or f.end:
            return f.start if f.start == f.end else f"{f.start} to {f.end}"
        return "period not stated"
    return {"counted": [f"{f.fact} ({period(f)})" for f in total.counted],
            "left_out": [f"{f.fact}: {reason}" for f, reason in total.left_out],
            "periods": sorted({period(f) for f in total.counted})}


def _capital(total) -> tuple:
    if total is None:
        return (float("nan"),) * 3
    nan = float("nan")
    low = total.low if total.low is not None else nan
    value = total.value if total.value is not None else low
    return value, low, total.high if total.high is not None else nan


def by_sector(inv):
    """Capital per sector and origin state under the adding-up rule (country totals, which name no sector, are
    in :func:`by_origin` only).

    Returns
    -------
    pandas.DataFrame
        ``sector, sector_group, origin, capital_usd, capital_low_usd, capital_high_usd, share_of_sector, figures,
        listed, counted, left_out, sources``. ``capital_usd`` is the total's value, or its lower bound where only
        a range is known; NaN where no figure is stated.
    """
    import pandas as pd
    broader = inv.attrs.get("sector_broader", {})
    rows = []
    listed = inv[(inv.level != "total") & (inv.figure_kind == "flow")]
    for (sector, origin), part in listed.groupby(["sector", "origin"], sort=True):
        figures = _ancestry(part, broader)
        total = add_up(figures) if figures else None
        value, low, high = _capital(total)
        with_amount = part[part.amount_usd.notna()]
        rows.append({"sector": sector, "sector_group": part.sector_group.iloc[0], "origin": origin,
                     "capital_usd": value, "capital_low_usd": low, "capital_high_usd": high,
                     "figures": len(figures), "listed": len(part),
                     **(_summary(total) if total else {"counted": [], "left_out": [], "periods": []}),
                     "sources": merge_sources((with_amount if len(with_amount) else part)["sources"])})
    df = pd.DataFrame(rows, columns=["sector", "sector_group", "origin", "capital_usd", "capital_low_usd",
                                     "capital_high_usd", "figures", "listed", "counted", "left_out", "periods",
                                     "sources"])
    sums = df.groupby("sector")["capital_usd"].transform(lambda s: s.sum(min_count=1))
    df.insert(6, "share_of_sector", df.capital_usd / sums.where(sums > 0))
    df = df.sort_values(["capital_usd", "sector", "origin"], ascending=[False, True, True], na_position="last",
                        kind="stable").reset_index(drop=True)
    df.attrs.update(inv.attrs)
    return df


def by_origin(inv, sectors=None):
    """Capital per origin state under the adding-up rule: the flows it adds (and leaves out), and its latest
    stock, never added to the flows.

    Returns
    -------
    pandas.DataFrame
        ``origin, capital_usd, capital_low_usd, capital_high_usd, share, periods, counted, left_out, stock_usd,
        stock_as_of, investments, figures, capital_sources, sources``; ``share`` is of the flows of every origin
        listed; ``investments`` counts every investment fact (with or without an amount).
    """
    import pandas as pd
    broader = inv.attrs.get("sector_broader", {})
    rows = []
    for origin, part in inv.groupby("origin", sort=True):
        figures = _ancestry(part, broader)
        by_kind = {t.kind: t for t in totals(figures)}
        flows, stocks = by_kind.get("flow"), by_kind.get("stock")
        value, low, high = _capital(flows)
        stock = stocks.counted[0] if stocks else None
        rows.append({"origin": origin, "capital_usd": value, "capital_low_usd": low, "capital_high_usd": high,
                     **(_summary(flows) if flows else {"counted": [], "left_out": [], "periods": []}),
                     "stock_usd": stocks.value if stocks else float("nan"),
                     "stock_as_of": stock.as_of if stock else None,
                     "investments": len(part), "figures": len(figures),
                     "capital_sources": merge_sources([list(s for _d, s in f.sources)
                                                       for f in (flows.counted if flows else [])]),
                     "sources": merge_sources(part["sources"])})
    df = pd.DataFrame(rows, columns=["origin", "capital_usd", "capital_low_usd", "capital_high_usd", "periods",
                                     "counted", "left_out", "stock_usd", "stock_as_of", "investments", "figures",
                                     "capital_sources", "sources"])
    total = df.capital_usd.sum(min_count=1)
    df.insert(4, "share", df.capital_usd / total if pd.notna(total) and total > 0 else float("nan"))
    df = df.sort_values(["capital_usd", "origin"], ascending=[False, True], na_position="last",
                        kind="stable").reset_index(drop=True)
    df.attrs.update(inv.attrs)
    return df


def headline(inv, origin: str) -> dict:
    """The total a summary leads with for ``origin``, and the alternatives beside it.

    The chosen figure is the country total (a flow) stated by the most sources for a stated period, then the one
    whose period ends latest; the alternatives are the other country totals and stocks (each with its sources),
    and the rule's sum of non-overlapping flows when it differs from the chosen figure.

    Returns
    -------
    dict
        ``{"chosen": {...} or None, "alternatives": [...], "rule": str}``; each figure as ``fact, usd, low, high,
        kind, period, sources``.
    """
    part = inv[(inv.origin == origin) & (inv.level == "total") & inv.amount_usd.notna()]
    entries = [{"fact": r.fact, "usd": r.amount_usd, "low": r.low_usd, "high": r.high_usd, "kind": r.figure_kind,
                "period": (f"as of {_s(r.as_of)}" if r.figure_kind == "stock" else
                           " to ".join(dict.fromkeys(x for x in (_s(r.period_start) or _s(r.date),
                                                                 _s(r.period_end) or _s(r.date)) if x))
                           or "period not stated"),
                "sources": list(r.sources), "_end": _s(r.period_end) or _s(r.date) or ""}
               for r in part.itertuples()]
    flows = [e for e in entries if e["kind"] == "flow" and e["period"] != "period not stated"]
    chosen = max(flows, key=lambda e: (len({s.split(" ¶")[0] for s in e["sources"]}), e["_end"], e["usd"]),
                 default=None)
    alternatives = [e for e in entries if e is not chosen]
    mine = by_origin(inv[inv.origin == origin])
    if len(mine) and chosen is not None and mine.capital_usd.iloc[0] != chosen["usd"]:
        row = mine.iloc[0]
        alternatives.append({"fact": "sum of non-overlapping flows (the adding-up rule)", "usd": row.capital_usd,
                             "low": row.capital_low_usd, "high": row.capital_high_usd, "kind": "flow",
                             "period": "; ".join(row.periods), "sources": row.capital_sources, "_end": ""})
    for e in [chosen, *alternatives]:
        if e is not None:
            e.pop("_end", None)
    return {"chosen": chosen, "alternatives": alternatives,
            "rule": "the country total stated by the most sources for a stated period, then the latest"}
