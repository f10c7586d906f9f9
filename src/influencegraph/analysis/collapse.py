"""The projection as a weighted ``DiGraph``, for algorithms that reject multigraphs (centrality, in the main).

**The collapse rule.** Parallel edges between the same two nodes become one whose ``weight`` is the sum of their
weights (an edge without a figure counts 1, so the sum also counts ties), whose ``relations`` is the sorted set
of their relations, whose ``count`` is how many edges it stands for, and whose ``sources`` is the union of
their sources. The USD amounts of one relation between the two are first merged under the adding-up rule
(:func:`.pair_figures.merged_edges`, as influence paths weigh a hop): they count as one edge weighing the flows
the rule adds, or the stock where the relation has no flows, never the sum of figures that contain one another
or of a stock and flows. China → Kazakhstan ``investsIn`` weighs USD 48.3 bn (25.3 bn over 2005–2023, 004 ¶8,
and 23 bn in the first half of 2025, 000 ¶2, 003 ¶20; the 7.5 bn for copper left out as part of the 23 bn and
the 50 bn stock to mid-2025, 004 ¶10, not added), and its ``strength`` is that of USD 48.3 bn, not the sum of
four strengths; a relation with only a stock between the two weighs the stock. A pair whose figure holds, as a
source says, a figure of another pair sharing one end with it (an aggregate: a region, an actor group) weighs what
it holds beyond them (:func:`.pair_figures.beyond_parts`): China → Central Asia USD 25 − 23 = 2 bn (003 ¶20),
China ↔ the five Central Asian states' trade USD 97 − 44 = 53 bn (004 ¶8), so the money a member's tie carries is
not counted again at the aggregate. Shares, quantities and ties without a figure count as before, one edge each.

Examples
--------
>>> import influencegraph
>>> from influencegraph.analysis.projection import project
>>> G = project(influencegraph.load(), relations={"investsIn"})
>>> D = collapse(G)
>>> D.number_of_edges() <= G.number_of_edges()
True
"""

from __future__ import annotations

from .edges import strength

__all__ = ["collapse"]


def collapse(G, weight: str = "weight"):
    """A weighted ``DiGraph`` from a projection (see the module's collapse rule).

    Examples
    --------
    >>> import networkx as nx
    >>> M = nx.MultiDiGraph()
    >>> M.add_edge("a", "b", relation="investsIn", weight=5.0, sources=[("000", 1)])
    0
    >>> M.add_edge("a", "b", relation="leads", weight=None, sources=[("001", 2)])
    1
    >>> D = collapse(M)
    >>> D["a"]["b"]["weight"], D["a"]["b"]["relations"], D["a"]["b"]["count"]
    (6.0, ['investsIn', 'leads'], 2)

    Two USD flows of one relation, one part of the other, weigh what the rule adds (the larger), not their sum:

    >>> usd = dict(relation="investsIn", measure="usd", unit="USD", figure_kind="flow", scope="country total",
    ...            period_start="2025-01", period_end="2025-06")
    >>> _ = M.add_edge("a", "b", fact="a-b-h1", **{**usd, "weight": 23.0, "sources": [("000", 2)]})
    >>> _ = M.add_edge("a", "b", fact="a-b-copper", **{**usd, "weight": 7.5, "scope": "sector",
    ...                                                 "part_of": ["a-b-h1"], "sources": [("000", 13)]})
    >>> D = collapse(M)
    >>> D["a"]["b"]["weight"], D["a"]["b"]["count"]
    (29.0, 4)
    """
    import networkx as nx
    D = nx.DiGraph(**G.graph)
    D.add_nodes_from(G.nodes(data=True))
    pairs: dict[tuple, list] = {}
    for u, v, data in G.edges(data=True):
        pairs.setdefault((u, v), []).append(data)
    from .pair_figures import adds_up, beyond_parts
    aggregates = beyond_parts(G, pairs)
    for (u, v), edges in pairs.items():
        w = []
        for d in _rule_merged(G, u, v, edges):
            held = aggregates.get((u, v, d.get("relation"))) if adds_up(d) else None
            if held is not None and weight in ("weight", "strength"):   # an aggregate: what it holds beyond
                d = {**d, "weight": held, "strength": strength("usd", held)}
            w.append(d.get(weight))
        sources = {tuple(s) for d in edges for s in d.get("sources", ())}
        D.add_edge(u, v, weight=sum(float(x) if x is not None else 1.0 for x in w),
                   relations=sorted({d.get("relation") for d in edges if d.get("relation")}), count=len(edges),
                   sources=sorted(sources, key=lambda s: (s[0], s[1] or 0)))
    return D


def _rule_merged(G, u, v, edges: list) -> list:
    """The edges ``u`` → ``v``, the USD amounts of each relation merged into one edge under the adding-up rule
    (:func:`.pair_figures.merged_edges`); the edges as they are when no relation has two (a single figure, exact
    or approximate, weighs as it always has)."""
    from collections import Counter

    from .pair_figures import adds_up, merged_edges
    if max(Counter(d.get("relation") for d in edges if adds_up(d)).values(), default=0) < 2:
        return edges
    return [d for _forward, d in merged_edges(G, u, v, [(True, d) for d in edges])]
