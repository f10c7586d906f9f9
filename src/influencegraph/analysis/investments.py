"""Capital edges into a host country as rows, one per fact, and those rows as figures of the adding-up rule
(:mod:`influencegraph.figures`); the tables of :mod:`.capital` are made from them.

**What counts.** Every ``investsIn`` or ``finances`` edge into the host (its ``host`` is the country, or its target
is the country or lies in it) with a USD figure; commitments (pledged capital) count with investments and are
marked. An edge is one fact, however many sources state it. Only what sources state as fact, unless the projection
was made with ``hedged=True``.

A figure about several sectors stands under its most specific one (aluminium rather than non-ferrous metals;
where several remain, the first by name, the others named in ``other_sectors``).
"""

from __future__ import annotations

from ..figures import Figure
from ..vocab import NAME
from .common import family, find_node, is_a, label, locators, merge_sources, require_nodes, state_of

__all__ = ["investments", "most_specific", "sector_group", "INVESTMENT_COLUMNS"]

NO_SECTOR = "(no sector stated)"
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
