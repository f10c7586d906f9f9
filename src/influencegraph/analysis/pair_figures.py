"""The money figures between two nodes, added up under the one rule of :mod:`influencegraph.figures`.

A projection keeps one edge per fact, so two actors may be joined by several edges of one relation, each with its
own figure: China → Kazakhstan ``investsIn`` carries USD 25.3 bn over 2005–2023 (004 ¶8), USD 23 bn in the first
half of 2025 (000 ¶2, 003 ¶20), USD 7.5 bn for copper within those 23 bn (000 ¶13, 003 ¶20) and a stock of USD
50 bn to mid-2025 (004 ¶10). What weighs the tie between the two is what the rule gives for them: the flows it
adds (48.3 bn), the figures it leaves out and why, and the stock apart, never added to the flows. Each edge
becomes a figure exactly as :mod:`.investments` reads it (its kind, scope, period, ``part_of`` links and bounds), so
influence paths, view tooltips and the capital tables add up alike.

Only amounts in USD are added. Shares and quantities of one relation measure different things (81% of refined
copper, 3 Mt of aluminium a year) and are never added: each stays the figure of its own edge.

**What a pair weighs** (:attr:`PairFigure.weight`, which influence paths and the centrality ranking use): the flows
the rule adds when the relation has flows between the two; else its stock; never a stock and flows together.
China → Kazakhstan weighs USD 48.3 bn; a pair with only a stock weighs that stock.

**Aggregates.** A figure between two nodes may hold, as a source says (``ig:partOf``), a figure of another pair of
the same relation that shares one end with it: China invests USD 25 bn in Central Asia (a region) in the first
half of 2025, of which 23 bn in Kazakhstan (003 ¶20); China and the five Central Asian states (an actor group)
trade USD 97 bn, of which 44 bn with Kazakhstan (004 ¶8). A ranking that weighed both pairs in full would count the
23 bn and the 44 bn twice, at the member and again at the aggregate. :func:`beyond_parts` weighs the aggregate by
what it holds beyond them: its weight less the member pairs' figures the rule counts that a source puts inside its
own counted figures (25 − 23 = USD 2 bn; 97 − 44 = USD 53 bn), never below 0. The money stays with the most
specific pair a source names; across the pairs it adds up to what the rule gives for all their figures together
(48.3 + 2 = 50.3 bn = 25 + 25.3 bn).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sector_broader={})
>>> G.add_node("cn", label="China", type="State", types=["State"], country="cn")
>>> G.add_node("kz", label="Kazakhstan", type="State", types=["State"], country="kz")
>>> usd = dict(relation="investsIn", measure="usd", unit="USD", scope="country total")
>>> _ = G.add_edge("cn", "kz", "h1", fact="kz-h1", weight=23e9, figure_kind="flow", period_start="2025-01",
...                period_end="2025-06", sources=[("000_x", 2)], **usd)
>>> _ = G.add_edge("cn", "kz", "to-date", fact="kz-to-date", weight=50e9, figure_kind="stock",
...                as_of_date="2025-06", sources=[("004_y", 10)], **usd)
>>> [pair.text() for pair in pair_figures(G, "cn", "kz", G["cn"]["kz"].values())]
['USD 23 bn in flows (2025-01 to 2025-06); stock USD 50 bn at 2025-06, not added']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..figures import totals
from .common import locators

__all__ = ["PairFigure", "pair_figures", "merged_edges", "adds_up", "beyond_parts"]


def adds_up(d: dict) -> bool:
    """Whether an edge carries a figure the rule adds: an amount in USD."""
    return d.get("measure") == "usd" and d.get("unit") in (None, "USD") and d.get("weight") is not None


@dataclass
class PairFigure:
    """What the rule gives for one relation between two nodes: the flows' total and the stock, each a
    :class:`~influencegraph.figures.Total` (or None), and the edges they were read from."""

    relation: str
    flows: object = None
    stock: object = None
    edges: list = field(default_factory=list)
    by_fact: dict = field(default_factory=dict, repr=False)      # fact key -> the edges that state it

    @property
    def weight(self) -> float | None:
        """The flows' total (its lower bound where only a range is known), else the stock; None when neither."""
        for total in (self.flows, self.stock):
            if total is not None:
                for x in (total.value, total.low, total.high):
                    if x is not None:
                        return x
        return None

    @property
    def low(self):
        total = self.flows or self.stock
        return total.low if total is not None else None

    @property
    def high(self):
        total = self.flows or self.stock
        return total.high if total is not None else None

    @property
    def counted(self) -> list:
        """Every figure the result shows: the flows it adds, then the stock."""
        return [*(self.flows.counted if self.flows else ()), *(self.stock.counted if self.stock else ())]

    @property
    def counted_edges(self) -> list[dict]:
        """The edges whose figures the result shows (flows added, and the stock)."""
        return [d for f in self.counted for d in self.by_fact.get(f.fact, ())]

    @property
    def sources(self) -> list[str]:
        """The locators of the figures counted (flows and stock), in document and paragraph order."""
        return locators(s for d in self.counted_edges for s in d.get("sources") or ())

    @property
    def simple(self) -> bool:
        """One flow, nothing left out and no stock: the edge's own figure says it all."""
        return self.stock is None and self.flows is not None and len(self.flows.counted) == 1 \
            and not self.flows.left_out

    def text(self) -> str:
        """The result in words: the flows' total with what it adds and leaves out, then the stock apart.

        A single figure reads as itself (``USD 1.5 bn``); a range where the bounds differ (``USD 22.5–25 bn``).
        """
        parts = []
        if self.flows is not None:
            if self.simple:
                return _amount(self.flows)
            added = [f"{_amount(f)} ({_period(f)})" for f in sorted(self.flows.counted,
                                                                     key=lambda f: (f.start or "", f.fact))]
            text = f"{_amount(self.flows)} in flows" + (f" = {' + '.join(added)}" if len(added) > 1
                                                        else f" ({_period(self.flows.counted[0])})")
            if self.flows.left_out:
                by_fact = {f.fact: f for f in self.edges_figures}
                text += ", leaving out " + " and ".join(f"{_amount(f)} ({_reason(reason, by_fact)})"
                                                        for f, reason in self.flows.left_out)
            parts.append(text)
        if self.stock is not None:
            parts += [f"stock {_amount(f)} at {f.as_of or 'a date not stated'}"
                      + (", not added" if self.flows is not None else "") for f in self.stock.counted]
        return "; ".join(parts)

    def role(self, d: dict) -> str | None:
        """What the rule did with the figure of edge ``d`` (one of :attr:`edges`): ``"added"``, ``"the stock, not
        added to the flows"``, or ``"left out (REASON)"``; None for an edge it did not read."""
        fact = next((key for key, ds in self.by_fact.items() if any(x is d for x in ds)), None)
        by_fact = {f.fact: f for f in self.edges_figures}
        for total in (self.flows, self.stock):
            if total is None:
                continue
            if any(f.fact == fact for f in total.counted):
                return "added" if total.kind == "flow" else "the stock, not added to the flows"
            reason = next((r for f, r in total.left_out if f.fact == fact), None)
            if reason is not None:
                return f"left out ({_reason(reason, by_fact)})"
        return None

    @property
    def edges_figures(self) -> list:
        flows = self.flows.counted + [f for f, _r in self.flows.left_out] if self.flows else []
        stocks = self.stock.counted + [f for f, _r in self.stock.left_out] if self.stock else []
        return flows + stocks


def _amount(x) -> str:
    """A figure's or total's amount: its value, or its range where the bounds differ."""
    from ..formatting import usd, usd_range
    if x.low != x.high:
        return usd_range(x.low, x.high)
    return usd(x.value if x.value is not None else x.low)


def _period(f) -> str:
    if f.start or f.end:
        return f.start if f.start == f.end else f"{f.start or '…'} to {f.end or '…'}"
    return "period not stated"


_FACT = re.compile(r"^(part of|within|overlaps) (\S+)")


def _reason(reason: str, by_fact: dict) -> str:
    """A reason of the rule with the other figure's amount for its fact key, where it is one of the pair's."""
    m = _FACT.match(reason)
    if not m or m.group(2) not in by_fact:
        return reason
    other = by_fact[m.group(2)]
    return f"{m.group(1)} the {_amount(other)}{reason[m.end():]}"


def pair_figures(G, u, v, edges) -> list[PairFigure]:
    """The rule's result for each relation whose edges ``u`` → ``v`` carry USD amounts.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (for the nodes' labels, states and the sector hierarchy).
    u, v
        The two nodes; ``edges`` run from ``u`` to ``v``.
    edges : iterable of dict
        The edges' attributes (e.g. ``G[u][v].values()``); those without a USD amount are ignored.

    Returns
    -------
    list of PairFigure
        One per relation, by relation name; none when no edge carries a USD amount.
    """
    import pandas as pd

    from .investments import INVESTMENT_COLUMNS, _ancestry, _one_row_per_fact, _row
    broader = G.graph.get("sector_broader", {})
    groups: dict[str, list] = {}
    for d in edges:
        if adds_up(d):
            groups.setdefault(d.get("relation"), []).append(d)
    out = []
    for relation, ds in sorted(groups.items(), key=lambda kv: str(kv[0])):
        rows = [_row(G, u, v, n, d, None, broader) for n, d in enumerate(ds)]
        by_fact: dict = {}
        for row, d in zip(rows, ds):
            by_fact.setdefault(row["fact"], []).append(d)
        frame = _one_row_per_fact(pd.DataFrame(rows, columns=INVESTMENT_COLUMNS))
        by_kind = {t.kind: t for t in totals(_ancestry(frame, broader))}
        out.append(PairFigure(relation, by_kind.get("flow"), by_kind.get("stock"), list(ds), by_fact))
    return out


def merged_edges(G, u, v, edges) -> list:
    """``(forward, edge)`` pairs between two nodes with the USD amounts of each relation (and direction) merged
    into one edge that stands for them: weighed by what the rule gives (:attr:`PairFigure.weight`, its
    ``strength`` from that), citing the figures it shows, with ``figure_text`` saying what it added and left out
    and ``facts`` naming every fact it stands for. An edge with one exact amount stays as it is, as do edges
    without one.

    ``edges`` are ``(forward, attributes)`` pairs of edges ``u`` → ``v`` (``forward``) or ``v`` → ``u``.
    """
    from .edges import strength
    out = [(forward, d) for forward, d in edges if not adds_up(d)]
    for forward in (True, False):
        mine = [d for f, d in edges if f == forward and adds_up(d)]
        if not mine:
            continue
        a, b = (u, v) if forward else (v, u)
        for pair in pair_figures(G, a, b, mine):
            lead = max(pair.counted_edges or pair.edges, key=lambda d: float(d.get("weight") or 0.0))
            exact = lead.get("low", lead["weight"]) == lead.get("high", lead["weight"])
            if len(pair.edges) == 1 and pair.simple and exact:
                out.append((forward, lead))
                continue
            sources = sorted({tuple(s) for d in pair.counted_edges for s in d.get("sources") or ()},
                             key=lambda s: (s[0], s[1] or 0))
            topics = {field: sorted({t for d in pair.counted_edges for t in d.get(field) or ()})
                      for field in ("sectors", "commodities", "domains")}
            out.append((forward, {**lead, **topics, "weight": pair.weight, "low": pair.low, "high": pair.high,
                                  "strength": strength("usd", pair.weight), "sources": sources,
                                  "facts": [d.get("fact") for d in pair.edges], "figure_text": pair.text()}))
    return out


def _key(fact) -> str:
    """A fact IRI as the short key ``part_of`` names (``.../fact/kz-h1`` → ``kz-h1``)."""
    return str(fact).rsplit("/", 1)[-1]


def beyond_parts(G, pairs: dict) -> dict:
    """What each aggregate pair weighs beyond the pairs it holds (see the module's *Aggregates*).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    pairs : dict
        ``(u, v)`` → the attributes of the edges ``u`` → ``v`` (every pair of the graph, or those to weigh).

    Returns
    -------
    dict
        ``(u, v, relation)`` → the USD weight of that relation's figures between ``u`` and ``v`` beyond those of
        the pairs sharing one end with it whose counted figures a source puts inside its counted figures; only
        for pairs that hold another pair's figure.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(sector_broader={})
    >>> for n in ("cn", "kz", "ca"):
    ...     G.add_node(n, label=n, type="State", types=["State"], country=n)
    >>> h1 = dict(relation="investsIn", measure="usd", unit="USD", figure_kind="flow", period_start="2025-01",
    ...           period_end="2025-06")
    >>> _ = G.add_edge("cn", "ca", fact="f/ca-h1", weight=25e9, scope="region total", **h1)
    >>> _ = G.add_edge("cn", "kz", fact="f/kz-h1", weight=23e9, scope="country total", part_of=["ca-h1"], **h1)
    >>> beyond_parts(G, {(u, v): list(G[u][v].values()) for u, v in G.edges()})
    {('cn', 'ca', 'investsIn'): 2000000000.0}
    """
    usd: dict[tuple, list] = {}
    for (u, v), edges in pairs.items():
        for d in edges:
            if adds_up(d):
                usd.setdefault((u, v, d.get("relation")), []).append(d)
    inside = {key: {p for d in ds for p in d.get("part_of") or ()} for key, ds in usd.items()}
    members = {}
    for key, ds in usd.items():
        mine = {_key(d.get("fact")) for d in ds}
        held = [m for m in usd if m != key and m[2] == key[2] and (m[0] == key[0] or m[1] == key[1])
                and inside[m] & mine]
        if held:
            members[key] = held
    result = {}
    cache: dict[tuple, PairFigure] = {}

    def pair(key):
        if key not in cache:
            cache[key] = pair_figures(G, key[0], key[1], usd[key])[0]
        return cache[key]

    for key, held in members.items():
        whole = pair(key)
        kind = "flow" if whole.flows is not None else "stock"
        mine = {f.fact for f in whole.counted if f.kind == kind}
        parts = [f for m in held for f in pair(m).counted if f.kind == kind and set(f.part_of) & mine]
        result[key] = max(0.0, whole.weight - sum(f.value if f.value is not None else (f.low or 0.0)
                                                  for f in parts))
    return result
