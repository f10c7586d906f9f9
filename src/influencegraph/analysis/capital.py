"""Capital dependency of a host country: committed capital by origin state and by sector, the largest partner's
share, and Herfindahl–Hirschman concentration per sector.

**What counts.** Every ``investsIn`` or ``finances`` edge into the host (its ``host`` is the country, or its target
is the country or lies in it) with a USD figure; commitments (pledged capital) count with investments and are
marked. An edge is one fact, however many sources state it. Only what sources state as fact, unless the projection
was made with ``hedged=True``.

**Adding up.** Every total here follows the one rule of :mod:`influencegraph.figures`: flows and stocks are never
added; a figure that a source puts inside another (``ig:partOf``), or that lies within a broader figure of the same
origin over an overlapping or unknown period, is left out with the reason; approximate figures carry their bounds.
Each table says which figures it added (``counted``, with their periods) and which it left out and why
(``left_out``). A figure about several sectors stands under its most specific one (aluminium rather than
non-ferrous metals; where several remain, the first by name, the others named in ``other_sectors``).

**Headline.** :func:`headline` picks the total a summary leads with: among the country totals of an origin, the
flow stated by the most sources for a stated period (then the latest); the others — the rule's sum, stocks, single
sources — are listed beside it with their sources.

**Concentration.** For each sector, the shares of the origin states in its capital and the Herfindahl–Hirschman
index, the sum of the squared percentage shares (0–10,000; 10,000 is a single partner). The bands are those of the
2023 US Merger Guidelines: above 1,800 *highly concentrated*, 1,000–1,800 *moderately concentrated*, below 1,000
*unconcentrated*. Shares are shares of the capital the sources list, not of all foreign investment; every row
says so in ``caveat``. Where figures are ranges, ``hhi_low``/``hhi_high`` bound the index.

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

from itertools import product

from ..figures import Figure, add_up, totals
from ..vocab import NAME
from .common import family, find_node, is_a, label, locators, merge_sources, require_nodes, state_of

__all__ = ["investments", "by_origin", "by_sector", "concentration", "headline", "most_specific", "sector_group",
           "HHI_BANDS", "CAVEAT"]

#: (lower bound, band), from the highest; 2023 US Merger Guidelines.
HHI_BANDS = ((1800, "highly concentrated"), (1000, "moderately concentrated"), (0, "unconcentrated"))
NO_SECTOR = "(no sector stated)"
CAVEAT = "shares of the capital the sources list only, not of all foreign investment"
INVESTMENT_COLUMNS = ["fact", "investor", "origin", "target", "level", "scope", "figure_kind", "sector",
                      "other_sectors", "sector_group", "kind", "amount_usd", "low_usd", "high_usd", "date",
                      "period_start", "period_end", "as_of", "part_of", "modality", "inferred", "disputed", "sources"]
_LEVEL = {"project": "project", "actor": "actor", "sector": "sector", "country": "total", "region": "total",
          "world": "total"}
_SCOPE_OF_LEVEL = {"project": "project", "sector": "sector", "total": "country"}


def most_specific(sectors, broader: dict) -> list[str]:
    """Drop every sector that is broader than another one given.

    Examples
    --------
    >>> most_specific(["non-ferrous metals", "aluminium"], {"aluminium": "non-ferrous metals"})
    ['aluminium']
    """
    covered = {a for s in sectors for a in _ancestors(s, broader)}
    return sorted(s for s in set(sectors) if s not in covered)


def _ancestors(sector: str, broader: dict) -> list[str]:
    seen = []
    while sector in broader and broader[sector] not in seen:
        sector = broader[sector]
        seen.append(sector)
    return seen


def sector_group(sector: str, broader: dict) -> str:
    """The top of a sector's hierarchy (copper → non-ferrous metals → metals and mining).

    Examples
    --------
    >>> sector_group("copper", {"copper": "non-ferrous metals", "non-ferrous metals": "metals and mining"})
    'metals and mining'
    """
    return (_ancestors(sector, broader) or [sector])[-1]


def _host_of(G, target, data, country) -> bool:
    if data.get("host") == country or target == country:
        return True
    return G.nodes[target].get("country") == country and not is_a(G, target, NAME.State)


def investments(G, country: str):
    """Every capital edge into ``country``: one row per fact, with its figure and what the figure measures.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    country : str
        The host: a name, label or id (``"Kazakhstan"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``fact, investor, origin, target, level, scope, figure_kind, sector, other_sectors, sector_group,
        kind, amount_usd, low_usd, high_usd, date, period_start, period_end, as_of, part_of, modality, inferred,
        disputed, sources``. ``amount_usd`` is NaN where no USD figure is stated (unknown, never 0); ``low_usd`` /
        ``high_usd`` bound an approximate or disputed figure (NaN: open); ``level`` is ``project``, ``actor``,
        ``sector`` or ``total``.
    """
    import pandas as pd
    require_nodes(G, "capital dependency")
    host = find_node(G, country)
    broader = G.graph.get("sector_broader", {})
    capital = family(G, NAME.capitalRelation)
    rows = [_row(G, u, v, key, d, host, broader) for u, v, key, d in G.edges(keys=True, data=True)
            if d.get("relation") in capital and _host_of(G, v, d, host)]
    df = _one_row_per_fact(pd.DataFrame(rows, columns=INVESTMENT_COLUMNS))
    df = df.sort_values(["amount_usd", "origin", "target", "fact"], ascending=[False, True, True, True],
                        na_position="last", kind="stable").reset_index(drop=True)
    df.attrs["host"] = label(G, host)
    df.attrs["sector_broader"] = broader
    return df


def _row(G, u, v, key, d, host, broader) -> dict:
    nan = float("nan")
    origin = state_of(G, u)
    project = v != host and is_a(G, v, NAME.Project)
    sectors = most_specific(d.get("sectors") or G.nodes[v].get("sectors", []) if project else d.get("sectors", []),
                            broader)
    scope = d.get("scope")
    level = _LEVEL.get(_scope_key(scope)) if scope else ("project" if project else ("sector" if sectors else "total"))
    usd = d.get("measure") == "usd" and d.get("unit") in (None, "USD") and d.get("weight") is not None
    low, high = (d.get("low"), d.get("high")) if "low" in d else (d.get("weight"), d.get("weight"))
    values = sorted(d.get("values") or ())
    if usd and len(values) > 1:                             # sources disagree: the range of what they state
        low = min(values) if low is None else min(low, values[0])
        high = None if high is None else max(high, values[-1])
    return {
        "fact": str(d.get("fact") or f"{u} {v} {key}").rsplit("/", 1)[-1], "investor": label(G, u),
        "origin": label(G, origin) if origin in G else "(unknown)", "target": label(G, v), "level": level,
        "scope": _scope_key(scope) if scope else _SCOPE_OF_LEVEL[level if level in _SCOPE_OF_LEVEL else "total"],
        "figure_kind": d.get("figure_kind") or "flow", "sector": sectors[0] if sectors else NO_SECTOR,
        "other_sectors": "; ".join(sectors[1:]),
        "sector_group": sector_group(sectors[0], broader) if sectors else NO_SECTOR,
        "kind": "commitment" if NAME.Commitment in (d.get("kind") or "") else "investment",
        "amount_usd": float(d["weight"]) if usd else nan,
        "low_usd": float(low) if usd and low is not None else nan,
        "high_usd": float(high) if usd and high is not None else nan,
        "date": d.get("date"), "period_start": d.get("period_start"), "period_end": d.get("period_end"),
        "as_of": d.get("as_of_date"), "part_of": list(d.get("part_of") or ()),
        "modality": d.get("modality") or "stated", "inferred": d.get("inferred"),
        "disputed": bool(d.get("disputed")), "sources": locators(d.get("sources", ())),
    }


def _scope_key(scope: str) -> str:
    """``"country total"`` → ``"country"``: the ontology's scope label to the rule's scope name."""
    return scope.split()[0] if scope else scope


def _one_row_per_fact(df):
    """A fact whose sources name different targets (the country, or an initiative in it) is still one figure:
    keep the most specific row, with the widest range and every source."""
    if df.empty or not df.fact.duplicated().any():
        return df
    order = {"project": 0, "actor": 1, "sector": 2, "total": 3}
    keep = []
    for _fact, part in df.groupby("fact", sort=False):
        part = part.sort_values("level", key=lambda s: s.map(order), kind="stable")
        row = part.iloc[0].copy()
        row["amount_usd"] = part.amount_usd.max()
        row["low_usd"], row["high_usd"] = part.low_usd.min(), part.high_usd.max()
        row["disputed"] = bool(part.disputed.any() or part.amount_usd.nunique() > 1)
        row["sources"] = merge_sources(part.sources)
        keep.append(row)
    return df.__class__(keep, columns=df.columns).reset_index(drop=True)


def _na(x):
    return None if x != x or x is None else float(x)


def _s(x):
    return None if x is None or x != x else x


def _figure(row) -> Figure:
    """A row of :func:`investments` as a figure of the adding-up rule (host-level: every row is in the host)."""
    amount, low, high = _na(row.amount_usd), _na(row.low_usd), _na(row.high_usd)
    sources = tuple((s.split(" ¶")[0], s) for s in row.sources)
    return Figure(row.fact, amount, low=low if amount is not None else None, high=high if amount is not None else None,
                  scope=row.scope, kind=row.figure_kind, unit="USD", host="host",
                  sectors=() if row.sector == NO_SECTOR else (row.sector,), target=row.target if row.level == "project"
                  else None, investor=row.investor, origin=row.origin, start=_s(row.period_start) or _s(row.date),
                  end=_s(row.period_end) or _s(row.date), as_of=_s(row.as_of), part_of=tuple(row.part_of),
                  sources=sources)


def _ancestry(inv, broader: dict):
    """Figures for ``inv``'s rows, with each sector's broader sectors so a sector figure holds narrower ones."""
    out = []
    for row in inv.itertuples():
        if row.amount_usd != row.amount_usd:
            continue
        f = _figure(row)
        out.append(Figure(**{**f.__dict__, "sector_ancestors": tuple(_ancestors(row.sector, broader))}))
    return out


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


def _hhi(values) -> float:
    total = sum(values)
    return float(sum((v / total * 100) ** 2 for v in values)) if total > 0 else float("nan")


def _hhi_range(lows, highs) -> tuple[float, float]:
    """Least and greatest HHI over every corner of the origins' ranges (exact for up to 12 origins; an open upper
    bound leaves the range unbounded: NaN)."""
    if any(h != h for h in highs) or len(lows) > 12:
        return float("nan"), float("nan")
    corners = [_hhi(c) for c in product(*[(lo, hi) if lo != hi else (lo,) for lo, hi in zip(lows, highs)])]
    corners = [c for c in corners if c == c]
    return (min(corners), max(corners)) if corners else (float("nan"), float("nan"))


def concentration(sectors):
    """Per sector: capital, number of origin states, the largest one and its share, and the HHI with its bounds.

    Returns
    -------
    pandas.DataFrame
        ``sector, sector_group, total_usd, partners, largest_origin, largest_share, hhi, hhi_low, hhi_high, band,
        caveat, sources``; sectors without any USD figure have NaN shares and HHI, band ``n/a``.
    """
    import pandas as pd
    rows = []
    for sector, part in sectors.groupby("sector", sort=True):
        with_amount = part[part.capital_usd.fillna(0) > 0]
        total = with_amount.capital_usd.sum()
        if len(with_amount):
            top = with_amount.sort_values(["capital_usd", "origin"], ascending=[False, True]).iloc[0]
            hhi = _hhi(list(with_amount.capital_usd))
            low, high = _hhi_range(list(with_amount.capital_low_usd.fillna(with_amount.capital_usd)),
                                   list(with_amount.capital_high_usd))
            largest, largest_share = top.origin, float(top.capital_usd / total)
        else:
            hhi = low = high = float("nan")
            largest, largest_share = None, float("nan")
        rows.append({"sector": sector, "sector_group": part.sector_group.iloc[0],
                     "total_usd": total if len(with_amount) else float("nan"),
                     "partners": int(part.origin.nunique()), "largest_origin": largest,
                     "largest_share": largest_share, "hhi": round(hhi, 1) if hhi == hhi else hhi,
                     "hhi_low": round(low, 1) if low == low else low, "hhi_high": round(high, 1) if high == high else high,
                     "band": band(hhi), "caveat": CAVEAT, "sources": merge_sources(part["sources"])})
    df = pd.DataFrame(rows, columns=["sector", "sector_group", "total_usd", "partners", "largest_origin",
                                     "largest_share", "hhi", "hhi_low", "hhi_high", "band", "caveat", "sources"])
    df = df.sort_values(["total_usd", "sector"], ascending=[False, True], na_position="last",
                        kind="stable").reset_index(drop=True)
    df.attrs.update(sectors.attrs)
    return df
