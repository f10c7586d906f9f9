"""Numbers for people: ``USD 12 bn``, ``81%``, ``3 Mt/yr``, ``4.5 GW``; and the titles of report columns.

Examples
--------
>>> usd(12e9), usd(300e6), usd(1.5e9), usd(float("nan"))
('USD 12 bn', 'USD 300 m', 'USD 1.5 bn', 'unknown')
>>> usd_range(22.5e9, 25e9), usd_range(1e9, None), usd_range(5e9, 5e9)
('USD 22.5–25 bn', 'at least USD 1 bn', 'USD 5 bn')
>>> percent(0.81), percent(2 / 3)
('81%', '66.7%')
>>> quantity(3_000_000, "TNE"), quantity(4.5, "A90"), quantity(300_000, "TNE")
('3 Mt/yr', '4.5 GW', '300 kt/yr')
"""

from __future__ import annotations

import math

__all__ = ["usd", "usd_range", "percent", "quantity", "number", "format_figure", "cell_text", "column_title",
           "UNITS"]

#: UN/CEFACT unit code → (display unit, whether it is a yearly rate in our data)
UNITS = {"TNE": ("t", True), "A90": ("GW", False), "MAW": ("MW", False), "KWH": ("kWh", False),
         "GWH": ("GWh", False)}
_DASH = "–"
_UNKNOWN = "unknown"          # an amount no source states: never 0, never blank


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _short(x: float) -> str:
    text = f"{x:,.1f}".rstrip("0").rstrip(".")
    return text


def _scale(x: float) -> tuple[float, str]:
    for bound, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(x) >= bound:
            return bound, suffix
    return 1.0, ""


def usd(x) -> str:
    if _missing(x):
        return _UNKNOWN
    x = float(x)
    bound, suffix = _scale(x)
    return f"USD {_short(x / bound)} {suffix}" if suffix else f"USD {x:,.0f}"


def usd_range(low, high) -> str:
    """An amount known only within bounds: ``USD 22.5–25 bn``; an open upper bound reads ``at least``."""
    if _missing(low) and _missing(high):
        return _UNKNOWN
    if _missing(high):
        return f"at least {usd(low)}"
    if _missing(low):
        return f"at most {usd(high)}"
    if float(low) == float(high):
        return usd(low)
    bound, suffix = _scale(float(high))
    if not suffix:
        return f"USD {float(low):,.0f}–{float(high):,.0f}"
    return f"USD {_short(float(low) / bound)}–{_short(float(high) / bound)} {suffix}"


def percent(x) -> str:
    if _missing(x):
        return _DASH
    value = float(x) * 100
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def quantity(x, unit: str | None) -> str:
    if _missing(x):
        return _DASH
    x = float(x)
    name, yearly = UNITS.get(unit or "", (unit or "", False))
    if name == "t":
        for bound, prefix in ((1e6, "Mt"), (1e3, "kt")):
            if abs(x) >= bound:
                return f"{_short(x / bound)} {prefix}" + ("/yr" if yearly else "")
        return f"{_short(x)} t" + ("/yr" if yearly else "")
    return f"{_short(x)} {name}".strip()


def number(x) -> str:
    if _missing(x):
        return _DASH
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.3f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


#: Unit → (size, word), largest first: the scales :func:`format_figure` writes figures in.
_SCALES = {
    "usd": ((1e12, "tn"), (1e9, "bn"), (1e6, "m")),
    "TNE": ((1e9, "Gt"), (1e6, "Mt"), (1e3, "kt"), (1, "t")),
    "KWH": ((1e9, "TWh"), (1e6, "GWh"), (1e3, "MWh"), (1, "kWh")),
    "MWH": ((1e6, "TWh"), (1e3, "GWh"), (1, "MWh")),
    "GWH": ((1e3, "TWh"), (1, "GWh")),
    "A90": ((1, "GW"),),
    "MAW": ((1e3, "GW"), (1, "MW")),
    "KWT": ((1e6, "GW"), (1e3, "MW"), (1, "kW")),
    "KGM": ((1e9, "Mt"), (1e6, "kt"), (1e3, "t"), (1, "kg")),
    "KMT": ((1, "km"),),
}


def _significant(x: float) -> str:
    """Three significant figures at most, no trailing zeros, thousands separated."""
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    digits = max(0, 2 - math.floor(math.log10(abs(x))))
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_figure(weight, measure=None, unit=None, per: str | None = None) -> str:
    """A figure as people write it: ``USD 12 bn``, ``USD 300 m``, ``81%``, ``3 Mt/yr (TNE)``, ``4.5 GW (A90)``.

    Parameters
    ----------
    weight : float or None
        The value, in the unit of the edge (USD, a share between 0 and 1, or a UN/CEFACT unit).
    measure : {"usd", "share", "quantity"}, optional
        What the figure measures (the edge's ``measure``).
    unit : str, optional
        The edge's ``unit``: a currency for amounts, a UN/CEFACT code for quantities (``TNE`` tonnes, ``A90``
        gigawatts, ``KWH`` kilowatt-hours, ...). Quantities keep their code in brackets.
    per : str, optional
        A period for rates, e.g. ``"yr"``: ``3 Mt/yr``.

    Returns
    -------
    str
        Empty when ``weight`` is ``None``.

    Examples
    --------
    >>> format_figure(12e9, "usd", "USD"), format_figure(300e6, "usd", "USD"), format_figure(1.2e12, "usd")
    ('USD 12 bn', 'USD 300 m', 'USD 1.2 tn')
    >>> format_figure(25.3e9, "usd", "USD"), format_figure(450_000, "usd", "USD")
    ('USD 25.3 bn', 'USD 450,000')
    >>> format_figure(0.81, "share"), format_figure(0.255, "share")
    ('81%', '25.5%')
    >>> format_figure(3e6, "quantity", "TNE", per="yr"), format_figure(600_000, "quantity", "TNE")
    ('3 Mt/yr (TNE)', '600 kt (TNE)')
    >>> format_figure(4.5, "quantity", "A90"), format_figure(5.7e9, "quantity", "KWH")
    ('4.5 GW (A90)', '5.7 TWh (KWH)')
    >>> format_figure(12, "quantity", "XYZ"), format_figure(None, "usd", "USD")
    ('12 XYZ', '')
    """
    if weight is None:
        return ""
    weight = float(weight)
    suffix = f"/{per}" if per else ""
    if measure == "share":
        return f"{_significant(weight * 100)}%{suffix}"
    if measure == "usd":
        currency = unit or "USD"
        for size, word in _SCALES["usd"]:
            if abs(weight) >= size:
                return f"{currency} {_significant(weight / size)} {word}{suffix}"
        return f"{currency} {_significant(weight)}{suffix}"
    if unit in _SCALES:
        scales = _SCALES[unit]
        size, word = next(((s, w) for s, w in scales if abs(weight) >= s), scales[-1])
        return f"{_significant(weight / size)} {word}{suffix} ({unit})"
    return f"{_significant(weight)}{' ' + unit if unit else ''}{suffix}"


_TITLES = {"capital_usd": "capital", "amount_usd": "amount", "capital_low_usd": "at least",
           "capital_high_usd": "at most", "low_usd": "at least", "high_usd": "at most", "stock_usd": "stock",
           "stock_as_of": "stock as of", "total_usd": "capital", "hhi": "HHI", "figure_kind": "flow or stock",
           "share_of_sector": "share of sector", "share_of_projects": "share of projects",
           "largest_share": "largest share", "projects_led": "projects led", "hhi_low": "HHI at least",
           "hhi_high": "HHI at most", "usd": "amount", "tie": "who depends on whom, for what"}


def column_title(name: str) -> str:
    """``capital_usd`` → ``capital``; other names with spaces for underscores."""
    return _TITLES.get(name, name.replace("_", " "))


def _plain(value, column: str, sep: str = "; ") -> str:
    """A value inside a cell as text: never a Python ``repr``. Lists (and sets, tuples) join with ``sep``; a
    dict reads ``key: values``; what sits inside a list joins with ``", "``."""
    if type(value).__name__ == "ndarray":                      # numpy arrays
        value = value.tolist()
    if isinstance(value, dict):
        parts = [f"{_plain(k, column)}: {_plain(v, column, ', ')}" for k, v in value.items()]
        return "; ".join(parts) if parts else _DASH
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        texts = [_plain(v, column, ", ") for v in items]
        texts = [t for t in texts if t != _DASH]
        return sep.join(texts) if texts else _DASH
    return cell_text(column, value)


def cell_text(column: str, value) -> str:
    """A table cell as text, formatted by what its column holds; never a Python ``repr``.

    >>> cell_text("actors", {"China": ["CNNC", "Chinese companies"], "Russia": ["Rosatom"]})
    'China: CNNC, Chinese companies; Russia: Rosatom'
    >>> cell_text("lost", ["Rosatom", "CNNC"]), cell_text("pair", ("003 ¶22", 25)), cell_text("lost", [])
    ('Rosatom; CNNC', '003 ¶22, 25', '–')
    >>> cell_text("usd", float("nan")), cell_text("value", None), cell_text("stated", True)
    ('unknown', '–', 'yes')
    """
    if isinstance(value, (list, tuple, set, frozenset, dict)) or type(value).__name__ == "ndarray":
        return _plain(value, column, ", " if isinstance(value, tuple) else "; ")
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if _missing(value):
        return _UNKNOWN if column.endswith("_usd") or column == "usd" else _DASH
    try:
        import pandas as pd
        if value is pd.NA or value is pd.NaT:
            return _UNKNOWN if column.endswith("_usd") or column == "usd" else _DASH
    except ImportError:  # pragma: no cover
        pass
    if hasattr(value, "item") and not isinstance(value, (int, float, str)):  # numpy scalars
        return cell_text(column, value.item())
    if column.endswith("_usd") or column == "usd":
        return usd(value)
    if column == "share" or column.startswith("share_") or column.endswith("_share"):
        return percent(value)
    if isinstance(value, (int, float)):
        return number(value)
    return str(value)
