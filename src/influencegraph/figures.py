"""One rule for adding figures up, shared by every total the project shows.

A *figure* is what one fact states about an amount: its value (a range where sources differ or the value is
approximate), what it measures (a flow over a period or a stock at a date), what it covers (its scope: project,
actor total, sector, country, region, world), the larger figures a source puts it in (``ig:partOf``), and its
modality. :func:`add_up` adds a selection of figures under one rule:

1. **Restatements count once.** A figure is a fact, however many sources and paragraphs state it; where sources
   give different values, the figure is the range of them (both claims stay; nothing is picked).
2. **Flows and stocks are never added.** Nor are different units. A total is of one kind and one unit;
   :func:`add_up` refuses a mixed selection, :func:`totals` splits one.
3. **A figure covered by another is left out, with the reason.** A figure *G* covers *F* when a source says *F*
   is part of *G* (``ig:partOf``, followed transitively); or *G*'s scope is broader (ranked by the ontology's
   ``ig:scopeRank``) and contains *F*'s place, sector and — for flows — a period overlapping *F*'s or unknown (a
   sector figure also holds one of a narrower sector: non-ferrous metals holds aluminium); or both have the same
   scope and cover the same thing (same host, project, sector or actor) at overlapping or
   unknown periods (stocks at any dates), and *G* is preferred: stated by more sources, then with a stated
   period, then the larger, then the later, then the first fact key.
4. **Approximate figures carry their bounds.** The total's lower and upper bounds are the sums of the counted
   figures' bounds; an open bound (``None``) makes the total's bound open. The total's value is the sum of the
   stated values when every counted figure has a single value, else ``None`` (a range only).

Examples
--------
Kazakhstan from China, as 003 ¶20 and 000 ¶13 tell it: USD 23 bn in the first half of 2025, of which 7.5 bn for
copper, which holds a 1.5 bn project; and 25.3 bn over 2005–2023.

>>> h1 = dict(kind="flow", unit="USD", host="kz", start="2025-01", end="2025-06")
>>> figures = [
...     Figure("kz-h1-2025", 23e9, scope="country", **h1),
...     Figure("kz-copper-h1-2025", 7.5e9, scope="sector", sectors=("copper",), part_of=("kz-h1-2025",), **h1),
...     Figure("aktogay-smelter", 1.5e9, scope="project", sectors=("copper",), target="smelter", kind="flow",
...            unit="USD", host="kz", part_of=("kz-copper-h1-2025",)),
...     Figure("kz-2005-2023", 25.3e9, scope="country", kind="flow", unit="USD", host="kz", start="2005",
...            end="2023"),
... ]
>>> total = add_up(figures)
>>> total.value, [f.fact for f in total.counted]
(48300000000.0, ['kz-2005-2023', 'kz-h1-2025'])
>>> for figure, reason in total.left_out:
...     print(figure.fact, "--", reason)
aktogay-smelter -- part of kz-copper-h1-2025
kz-copper-h1-2025 -- part of kz-h1-2025
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Figure", "Total", "add_up", "totals", "covers", "SCOPE_RANK", "period_bounds"]

#: Breadth of each scope (the ontology's ``ig:scopeRank``; tests check the two agree).
SCOPE_RANK = {"project": 1, "actor": 2, "sector": 3, "country": 4, "region": 5, "world": 6}


@dataclass(frozen=True)
class Figure:
    """One fact's figure. ``low``/``high`` default to ``value``; ``None`` there means an open bound."""

    fact: str
    value: float | None
    scope: str
    kind: str = "flow"                      # "flow" or "stock"
    unit: str = "USD"
    low: float | None = field(default=..., repr=False)   # type: ignore[assignment]
    high: float | None = field(default=..., repr=False)  # type: ignore[assignment]
    host: str | None = None                 # the country or region the figure is in (None: the world)
    within: tuple = ()                      # the places that contain ``host`` (its region, ...)
    sectors: tuple = ()                     # the sectors it is about, most specific
    sector_ancestors: tuple = ()            # every sector broader than those
    target: str | None = None               # the project or deal (project scope)
    investor: str | None = None
    origin: str | None = None
    start: str | None = None                # flows: period, ISO at the source's precision
    end: str | None = None
    as_of: str | None = None                # stocks
    part_of: tuple = ()                     # fact keys of larger figures, as a source says
    modality: str = "stated"
    inferred: str | None = None
    sources: tuple = ()                     # (source id, paragraph) pairs

    def __post_init__(self):
        if self.low is ...:
            object.__setattr__(self, "low", self.value)
        if self.high is ...:
            object.__setattr__(self, "high", self.value)

    @property
    def rank(self) -> int:
        return SCOPE_RANK[self.scope]


@dataclass
class Total:
    """A sum under the rule: its value (None when only a range is known), bounds, and what it added and left."""

    kind: str
    unit: str
    value: float | None
    low: float | None
    high: float | None
    counted: list = field(default_factory=list)
    left_out: list = field(default_factory=list)   # (figure, reason)

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def period_bounds(start: str | None, end: str | None) -> tuple[str, str] | None:
    """A period as first and last ISO day (None when unknown); ``end`` defaults to ``start``.

    Examples
    --------
    >>> period_bounds("2025-01", "2025-06")
    ('2025-01-01', '2025-06-31')
    >>> period_bounds("2024", None)
    ('2024-01-01', '2024-12-31')
    >>> period_bounds(None, None) is None
    True
    """
    if start is None and end is None:
        return None
    start, end = start or end, end or start
    first = start + ("-01-01", "-01", "")[min(2, (len(start) - 4) // 3)]
    last = end + ("-12-31", "-31", "")[min(2, (len(end) - 4) // 3)]   # "-31" only needs to sort last
    return first, last


def _overlap(f: Figure, g: Figure) -> str | None:
    """How the two figures' times may coincide: 'overlapping periods', 'period not stated', or None."""
    if f.kind == "stock":
        return "the same stock"
    a, b = period_bounds(f.start, f.end), period_bounds(g.start, g.end)
    if a is None or b is None:
        return "period not stated"
    return "overlapping periods" if a[0] <= b[1] and b[0] <= a[1] else None


def _place_within(f: Figure, g: Figure) -> bool:
    return g.host is None or f.host == g.host or g.host in f.within


def _sector_within(f: Figure, g: Figure) -> bool:
    if not g.sectors:
        return True
    mine = set(f.sectors) | set(f.sector_ancestors)
    return bool(mine & set(g.sectors))


def _broader_sector(g: Figure, f: Figure) -> bool:
    """Whether ``g`` is about a sector broader than every one of ``f``'s (non-ferrous metals and aluminium)."""
    return bool(g.sectors) and set(g.sectors) <= set(f.sector_ancestors) and not set(g.sectors) & set(f.sectors)


def _same_thing(f: Figure, g: Figure) -> bool:
    if f.host != g.host:
        return False
    if f.scope == "project":
        return f.target is not None and f.target == g.target
    if f.scope == "actor":
        return f.investor == g.investor
    if f.scope == "sector":
        return set(f.sectors) == set(g.sectors)
    return True


def _preferred(g: Figure, f: Figure) -> bool:
    """Of two figures for the same thing at the same time, the one that counts: stated by more sources, then with
    a stated period, then the larger, then the later, then the first fact key."""
    def key(x):
        return (len({s for s, _p in x.sources}), bool(x.start or x.as_of),
                x.high if x.high is not None else float("inf"), x.as_of or x.end or "")
    return key(g) > key(f) or (key(g) == key(f) and g.fact < f.fact)


def covers(g: Figure, f: Figure, parts: dict | None = None) -> str | None:
    """Why ``g`` covers ``f`` (so that ``f`` is left out of a total holding both), or None.

    ``parts`` maps a fact key to every fact key it is part of, transitively (see :func:`_closure`).

    Examples
    --------
    >>> kz = Figure("kz", 23e9, scope="country", host="kz", start="2025-01", end="2025-06")
    >>> mine = Figure("mine", 3e8, scope="project", host="kz", target="m")
    >>> covers(kz, mine)
    'within kz (country total), period not stated'
    >>> covers(mine, kz) is None
    True
    """
    if f is g or f.fact == g.fact:
        return None
    if f.kind != g.kind or f.unit != g.unit:
        return None
    if g.fact in (parts or {}).get(f.fact, set(f.part_of)):
        return f"part of {g.fact}"
    when = _overlap(f, g)
    if when is None:
        return None
    if g.rank > f.rank or (f.scope == g.scope == "sector" and _broader_sector(g, f)):
        if g.scope == "actor" and f.investor != g.investor:
            return None
        if _place_within(f, g) and _sector_within(f, g):
            return f"within {g.fact} ({g.scope if g.scope != 'country' else 'country total'}), {when}"
        return None
    if g.rank == f.rank and _same_thing(f, g) and _preferred(g, f):
        return f"overlaps {g.fact} ({when}); one of them counts"
    return None


def _closure(figures) -> dict:
    """Each fact key with every fact key it lies within, following ``part_of`` transitively."""
    direct = {f.fact: set(f.part_of) for f in figures}
    out = {}
    for fact in direct:
        seen, todo = set(), list(direct[fact])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(direct.get(x, ()))
        out[fact] = seen
    return out


def _sum(values):
    values = list(values)
    return None if any(v is None for v in values) else float(sum(values))


def add_up(figures) -> Total:
    """Add figures of one kind and unit under the rule; see the module's docstring.

    Raises
    ------
    ValueError
        If the figures mix flows and stocks, or units.
    """
    figures = sorted(figures, key=lambda f: (-f.rank, f.fact))
    kinds = {(f.kind, f.unit) for f in figures}
    if len(kinds) > 1:
        raise ValueError(f"cannot add {' and '.join(sorted(f'{k} figures in {u}' for k, u in kinds))}: "
                         "flows and stocks, or different units, are never added")
    kind, unit = next(iter(kinds)) if kinds else ("flow", "USD")
    parts = _closure(figures)
    counted, left_out = [], []
    for f in figures:
        reasons = [(not r.startswith("part of"), g.rank, g.fact, r) for g in figures if (r := covers(g, f, parts))]
        if reasons:                          # say the source's own link first, else the closest container
            left_out.append((f, min(reasons)[3]))
        else:
            counted.append(f)
    counted.sort(key=lambda f: f.fact)
    left_out.sort(key=lambda pair: pair[0].fact)
    single = all(f.value is not None and f.low == f.high == f.value for f in counted)
    return Total(kind, unit, _sum(f.value for f in counted) if single else None,
                 _sum(f.low for f in counted), _sum(f.high for f in counted), counted, left_out)


def totals(figures) -> list[Total]:
    """One :class:`Total` per kind and unit (flows first), for a selection that mixes them.

    Examples
    --------
    >>> both = [Figure("kz-h1", 23e9, scope="country", host="kz", start="2025-01", end="2025-06"),
    ...         Figure("kz-to-date", 50e9, scope="country", kind="stock", host="kz", as_of="2025-06")]
    >>> [(t.kind, t.value) for t in totals(both)]
    [('flow', 23000000000.0), ('stock', 50000000000.0)]
    """
    groups: dict = {}
    for f in figures:
        groups.setdefault((f.kind != "flow", f.unit), []).append(f)
    return [add_up(groups[key]) for key in sorted(groups)]
