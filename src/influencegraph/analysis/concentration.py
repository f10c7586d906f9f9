"""Concentration of a host country's capital by sector: the largest partner's share and the Herfindahl–Hirschman
index, from the table of :func:`.capital.by_sector`.

**Concentration.** For each sector, the shares of the origin states in its capital and the Herfindahl–Hirschman
index, the sum of the squared percentage shares (0–10,000; 10,000 is a single partner). The bands are those of the
2023 US Merger Guidelines: above 1,800 *highly concentrated*, 1,000–1,800 *moderately concentrated*, below 1,000
*unconcentrated*. Shares are shares of the capital the sources list, not of all foreign investment; every row
says so in ``caveat``. Where figures are ranges, ``hhi_low``/``hhi_high`` bound the index.
"""

from __future__ import annotations

from itertools import product

from .common import merge_sources

__all__ = ["concentration", "band", "HHI_BANDS", "CAVEAT"]

#: (lower bound, band), from the highest; 2023 US Merger Guidelines.
HHI_BANDS = ((1800, "highly concentrated"), (1000, "moderately concentrated"), (0, "unconcentrated"))
CAVEAT = "shares of the capital the sources list only, not of all foreign investment"


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
