"""Centrality: who sits at the middle of the influence network.

Every measure takes a projection (:func:`influencegraph.analysis.projection.project`, or any networkx graph whose
nodes may carry ``label``, ``type`` and ``country``) and returns a pandas DataFrame indexed by node id, with the
node's ``label`` and ``type``, the score, and ``df.attrs["method"]`` saying how the score was computed.
:func:`centrality` joins them in one table; :func:`write_back` stores that table in the named graph
``igg:centrality`` so that SPARQL can use the scores.

**Which ties.** :func:`centrality` ranks on influence ties by default: capital, project leadership, ownership,
supply, dependence and trade, the ontology's ``ig:influenceRelation`` (see :mod:`.influence`); membership,
location, partnership, rivalry, agreement, event and position ties are left out, so that a body cited once or a
summit's agreements do not outrank a state. ``relations="all"`` ranks on every tie. The single measures below
measure the graph they are given (``influence.ranked_graph(G)`` is the one the table ranks).

How each measure reads the graph:

- **Degree** counts the edges of the multigraph as they are: one per fact, so two facts between the same two
  nodes count twice; ``by_relation=True`` adds an ``in:``/``out:`` column per relation.
- **PageRank**, **eigenvector** and **Katz** run on the collapsed graph (:func:`~.projection.collapse`):
  parallel edges become one whose weight is the sum of their ``strength`` (the unit-free edge weight of the
  projection: larger for larger sums of money). PageRank spreads the rank of a node without out-edges evenly
  over all nodes; its scores sum to 1.
- **Figures that contain one another are not added** (:data:`WEIGHED`). The USD figures of one relation between
  two nodes weigh, as one edge, what the adding-up rule of :mod:`influencegraph.figures` gives for them
  (:mod:`.pair_figures`, as influence paths weigh a hop): the flows it adds, or the stock where the relation has
  no flows between the two, never a stock and flows together. China → Kazakhstan ``investsIn`` weighs the strength
  of USD 48.3 bn (25.3 bn over 2005–2023, 004 ¶8, and 23 bn in the first half of 2025, 000 ¶2, 003 ¶20; the
  7.5 bn for copper inside the 23 bn, 000 ¶13, and the 50 bn stock, 004 ¶10, not added): 5.68, where the four
  figures' strengths added to 21.34. Shares, quantities and ties without a figure weigh as before.
- **Regions and actor groups stay in the ranking, without their members' money.** Central Asia (a region) and
  the five Central Asian states (an actor group) are what sources name as the party to ties no member carries:
  China's investment in the region's energy, transport and digital sectors (001 ¶31), the five states' dependence
  on China (001 ¶44). Leaving them out would lose those ties. But where a source puts a member's figure inside
  the aggregate's (the 23 bn China invested in Kazakhstan inside the 25 bn in Central Asia, 003 ¶20; Kazakhstan's
  44 bn trade with China inside the five states' 97 bn, 004 ¶8), the aggregate's tie weighs only what it holds
  beyond (USD 2 bn and 53 bn; :func:`.pair_figures.beyond_parts`), so the same money does not raise both the
  member and the group. On the seed graph Central Asia then ranks fourth, below Russia.
- **Eigenvector** centrality is undefined on a graph without cycles (a DAG, including a graph without edges:
  its adjacency matrix has no positive eigenvalue) and may fail to converge elsewhere. Then the Katz centrality
  is given instead, with ``beta = 1`` and ``alpha = 0.9 / ρ`` for the spectral radius ``ρ`` of the weighted
  adjacency matrix (computed exactly up to :data:`EXACT_LIMIT` nodes, bounded above by the largest weighted
  in- or out-degree beyond), or ``alpha = 0.1`` on a graph without cycles, where any ``alpha`` converges. The
  ``method`` attribute says which was used and why. Both follow in-edges (a node is central when central
  nodes point at it) and are scaled to unit Euclidean length; eigenvector scores below the convergence
  tolerance (what power iteration leaves on nodes no cycle reaches) are 0.
- **Betweenness** and **closeness** count directed hops on the collapsed graph (edge weights would be
  strengths, not distances). Betweenness is normalised by ``(n - 1)(n - 2)``; it is exact up to
  :data:`EXACT_LIMIT` nodes and estimated from :data:`SAMPLE_PIVOTS` pivot nodes drawn with a fixed seed
  beyond (reproducible). Closeness is that of networkx: from the nodes that can reach the node, scaled by
  how many can (Wasserman and Faust), so disconnected graphs give finite scores.

An empty graph raises :class:`~influencegraph.errors.AnalysisError`; a single node, a graph without edges, a
disconnected graph, a DAG and a multigraph all give scores. Undirected graphs are read as directed graphs with
both directions.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edges_from([("cn", "kz"), ("cn", "uz"), ("kz", "cn"), ("uz", "cn")], relation="partnersWith")
[0, 0, 0, 0]
>>> table = centrality(G)
>>> table[["degree", "betweenness"]]  # doctest: +NORMALIZE_WHITESPACE
      degree  betweenness
node
cn         4          1.0
kz         2          0.0
uz         2          0.0
>>> table.attrs["methods"]["betweenness"]
'exact (3 nodes, at most 1000 for exact)'
"""

from __future__ import annotations

import logging
import math

from ..errors import AnalysisError
from ..vocab import IG
from .common import label, require_nodes

log = logging.getLogger(__name__)

__all__ = ["degree", "pagerank", "betweenness", "eigenvector", "closeness", "centrality", "write_back",
           "EXACT_LIMIT", "SAMPLE_PIVOTS", "PROPERTIES", "WEIGHED"]

#: Largest graph (in nodes) on which betweenness is exact and the Katz ``alpha`` uses the exact spectral radius.
EXACT_LIMIT = 1000
#: Pivot nodes sampled for betweenness above :data:`EXACT_LIMIT`.
SAMPLE_PIVOTS = 200
#: Katz ``alpha`` as a fraction of ``1 / spectral radius`` (below 1, so the series converges).
KATZ_FACTOR = 0.9
#: Katz ``alpha`` on a graph without cycles (any value converges there; networkx's default).
KATZ_ACYCLIC_ALPHA = 0.1
#: Power iterations allowed for eigenvector, Katz and PageRank.
MAX_ITER = 1000
#: Table column → the ontology property :func:`write_back` stores it as (integers for degrees, else doubles).
PROPERTIES = {
    "in_degree": IG.inDegree,
    "out_degree": IG.outDegree,
    "pagerank": IG.pageRank,
    "betweenness": IG.betweennessCentrality,
    "eigenvector": IG.eigenvectorCentrality,
    "closeness": IG.closenessCentrality,
}
_INTEGER_COLUMNS = ("in_degree", "out_degree")
#: How the default weight reads figures, in words (``attrs["ranked_on"]`` ends with it when ties are weighed).
WEIGHED = ("Ties are weighed by strength (1 + log10(1 + USD millions) for an amount, 1 + the share for a share, 1 "
           "otherwise); the USD figures of one relation between two nodes weigh what the adding-up rule gives for "
           "them: the flows it adds, or the stock where there are no flows, never a stock and flows together; a "
           "region's or actor group's tie weighs only what its figure holds beyond the figures of its members' "
           "ties that a source puts inside it.")


# ----------------------------------------------------------------------------- helpers
def _collapsed(G, weight):
    """The graph as a weighted ``DiGraph``: parallel edges summed on ``weight`` (``None``: every edge 1)."""
    from .projection import collapse
    if not G.is_directed():
        G = G.to_directed()
    D = collapse(G, weight=weight if weight is not None else "weight")
    if weight is None:
        for _u, _v, d in D.edges(data=True):
            d["weight"] = 1.0
    bad = [(u, v) for u, v, d in D.edges(data=True) if not (math.isfinite(d["weight"]) and d["weight"] >= 0)]
    if bad:
        u, v = bad[0]
        raise AnalysisError(f"edge weights ({weight!r}) must be finite and not negative; "
                            f"{label(G, u)} → {label(G, v)} has {D[u][v]['weight']}")
    return D


def _frame(G, scores: dict, column: str, method: str):
    """A DataFrame of one score per node: label, type and the score, best first (ties by label)."""
    import pandas as pd
    df = pd.DataFrame({"label": [label(G, n) for n in G], "type": [G.nodes[n].get("type") for n in G],
                       column: [scores.get(n, 0.0) for n in G]}, index=pd.Index(list(G), name="node"))
    df = _sorted(df, column)
    df.attrs["method"] = method
    return df


def _sorted(df, column: str):
    """Best first; equal scores (to 12 digits) by label, then node id."""
    key = df[column].astype(float).round(12)
    order = sorted(range(len(df)), key=lambda i: (-key.iloc[i], str(df["label"].iloc[i]), str(df.index[i])))
    return df.iloc[order]


def _check_count(value, name: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise AnalysisError(f"{name} must be a whole number, 0 or more (got {value!r})")


# ----------------------------------------------------------------------------- degree
def degree(G, by_relation: bool = False):
    """In- and out-degree of every node, counting each edge (fact) of the multigraph.

    Parameters
    ----------
    G : networkx graph
        A projection.
    by_relation : bool
        Add ``in:<relation>`` and ``out:<relation>`` columns, one pair per relation in the graph.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id: ``label``, ``type``, ``in_degree``, ``out_degree``, ``degree`` (their sum) and the
        per-relation columns; most connected first.

    Raises
    ------
    AnalysisError
        The graph is empty.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("cn", "kz", relation="investsIn")
    0
    >>> G.add_edge("cn", "kz", relation="investsIn")
    1
    >>> G.add_edge("kz", "cn", relation="tradesWith")
    0
    >>> degree(G, by_relation=True)[["in_degree", "out_degree", "out:investsIn", "in:tradesWith"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          in_degree  out_degree  out:investsIn  in:tradesWith
    node
    cn            1           2              2              1
    kz            2           1              0              0
    """
    import pandas as pd
    require_nodes(G, "degree")
    D = G if G.is_directed() else G.to_directed()
    df = pd.DataFrame({"label": [label(G, n) for n in D], "type": [D.nodes[n].get("type") for n in D],
                       "in_degree": [D.in_degree(n) for n in D], "out_degree": [D.out_degree(n) for n in D]},
                      index=pd.Index(list(D), name="node"))
    df["degree"] = df["in_degree"] + df["out_degree"]
    if by_relation:
        index = {n: i for i, n in enumerate(D)}
        names = sorted({str(d.get("relation")) for _u, _v, d in D.edges(data=True)})
        counts = {f"{side}:{r}": [0] * len(index) for r in names for side in ("in", "out")}
        for u, v, d in D.edges(data=True):
            r = str(d.get("relation"))
            counts[f"out:{r}"][index[u]] += 1
            counts[f"in:{r}"][index[v]] += 1
        for column, values in counts.items():
            df[column] = values
    df = _sorted(df, "degree")
    df.attrs["method"] = "degree: edges of the multigraph (one per fact), parallel edges counted"
    return df


# ----------------------------------------------------------------------------- PageRank
def pagerank(G, weight: str | None = "strength", alpha: float = 0.85, max_iter: int = MAX_ITER,
             tol: float = 1.0e-6):
    """Weighted PageRank on the collapsed graph (parallel edges summed on ``weight``).

    The same definition as :func:`networkx.pagerank` (a node without out-edges spreads its rank evenly over
    every node), computed with numpy alone.

    Parameters
    ----------
    G : networkx graph
        A projection.
    weight : str or None
        The edge attribute that weighs an edge; ``"strength"`` by default (see the projection), ``None`` for
        every collapsed edge counting 1.
    alpha : float
        Damping factor, in (0, 1).
    max_iter, tol
        Power iteration limits, as networkx's (converged when the L1 change is below ``n * tol``).

    Returns
    -------
    pandas.DataFrame
        ``label``, ``type``, ``pagerank`` (summing to 1), highest first.

    Raises
    ------
    AnalysisError
        The graph is empty, ``alpha`` is out of range or a weight is negative.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> pagerank(G)["pagerank"].round(4).tolist()
    [0.3333, 0.3333, 0.3333]
    """
    require_nodes(G, "pagerank")
    if not 0 < alpha < 1:
        raise AnalysisError(f"pagerank: alpha must lie between 0 and 1 (got {alpha})")
    D = _collapsed(G, weight)
    scores = _pagerank(D, alpha, max_iter, tol)
    return _frame(G, scores, "pagerank", f"PageRank (alpha={alpha}) on the collapsed graph, parallel edges "
                  f"summed on {weight!r} (the USD figures of one relation between two nodes first merged under "
                  f"the adding-up rule); nodes without out-edges spread their rank evenly")


def _pagerank(D, alpha: float, max_iter: int, tol: float) -> dict:
    import numpy as np
    nodes = list(D)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = list(D.edges(data="weight"))
    src = np.array([index[u] for u, _v, _w in edges], dtype=np.intp)
    dst = np.array([index[v] for _u, v, _w in edges], dtype=np.intp)
    w = np.array([w for _u, _v, w in edges], dtype=float)
    out = np.bincount(src, weights=w, minlength=n)
    share = np.divide(w, out[src], out=np.zeros_like(w), where=out[src] > 0)
    dangling = out <= 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(dst, weights=last[src] * share, minlength=n) + last[dangling].sum() / n)
        x += (1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return dict(zip(nodes, (x / x.sum()).tolist()))
    raise AnalysisError(f"pagerank did not converge in {max_iter} iterations (tolerance {tol}); raise max_iter")


# ----------------------------------------------------------------------------- betweenness
def betweenness(G, exact_limit: int | None = None, k: int | None = None, seed: int = 0):
    """Betweenness centrality in directed hops: exact on small graphs, from sampled pivots on large ones.

    Parameters
    ----------
    G : networkx graph
        A projection.
    exact_limit : int, optional
        Exact up to this many nodes (default :data:`EXACT_LIMIT`, 1,000).
    k : int, optional
        Pivot nodes sampled above the limit (default :data:`SAMPLE_PIVOTS`, 200).
    seed : int
        Seed of the sample: the same seed gives the same scores.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``type``, ``betweenness`` (normalised by ``(n - 1)(n - 2)``), highest first;
        ``attrs["method"]`` starts with ``"exact"`` or ``"sampled"``, and ``attrs["exact"]`` says which.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(G)["betweenness"].to_dict()
    {'b': 0.5, 'a': 0.0, 'c': 0.0}
    """
    import networkx as nx
    require_nodes(G, "betweenness")
    limit = EXACT_LIMIT if exact_limit is None else exact_limit
    pivots = SAMPLE_PIVOTS if k is None else k
    _check_count(limit, "exact_limit")
    _check_count(pivots, "k")
    if pivots < 1:
        raise AnalysisError("betweenness: k must be at least 1")
    D = _collapsed(G, None)
    n = D.number_of_nodes()
    if n <= limit or pivots >= n:
        scores = nx.betweenness_centrality(D, normalized=True)
        method, exact = f"exact ({n} nodes, at most {limit} for exact)", True
    else:
        scores = _sampled_betweenness(D, _pivots(D, pivots, seed))
        method, exact = f"sampled ({pivots} of {n} nodes as pivots, seed {seed}; exact up to {limit} nodes)", False
    df = _frame(G, scores, "betweenness", method)
    df.attrs["exact"] = exact
    return df


def _pivots(D, k: int, seed: int) -> list:
    """The ``k`` pivot nodes networkx's sampled betweenness would pick with ``seed``."""
    import random
    return random.Random(seed).sample(list(D.nodes()), k)


def _to_igraph(D):
    """A networkx ``DiGraph`` as an igraph graph whose vertex ``i`` is ``list(D)[i]``."""
    import igraph
    index = {node: i for i, node in enumerate(D)}
    return igraph.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in D.edges()], directed=True), index


def _sampled_betweenness(D, pivots: list) -> dict:
    """Brandes' pivot estimate (as networkx's ``betweenness_centrality(k=...)``), the paths counted by igraph in C:
    dependencies of shortest paths from the pivots, scaled by ``n / k`` and normalised by ``(n - 1)(n - 2)``."""
    g, index = _to_igraph(D)
    n = len(index)
    raw = g.betweenness(directed=True, sources=[index[p] for p in pivots])
    scale = (n / len(pivots)) / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {node: raw[i] * scale for node, i in index.items()}


def _sampled_closeness(D, pivots: list, batch: int = 25) -> dict:
    """Eppstein–Wang's estimate of Wasserman–Faust closeness (distances from the others to each node): the share
    of pivots that reach a node, over their mean distance to it; breadth-first searches by igraph in C."""
    import numpy as np
    g, index = _to_igraph(D)
    reach = np.zeros(len(index))
    total = np.zeros(len(index))
    sources = [index[p] for p in pivots]
    for start in range(0, len(sources), batch):
        d = np.array(g.distances(source=sources[start:start + batch], mode="out"), dtype=float)
        hit = np.isfinite(d) & (d > 0)
        reach += hit.sum(axis=0)
        total += np.where(hit, d, 0.0).sum(axis=0)
    others = np.full(len(index), float(len(sources)))
    others[sources] -= 1                      # a pivot's own distance 0 is not a sample of the others
    scores = np.divide(reach / np.maximum(others, 1) * reach, total, out=np.zeros(len(index)), where=total > 0)
    return {node: float(scores[i]) for node, i in index.items()}


# ----------------------------------------------------------------------------- eigenvector / Katz
def eigenvector(G, weight: str | None = "strength", max_iter: int = MAX_ITER, tol: float = 1.0e-6):
    """Eigenvector centrality on the collapsed graph, or Katz centrality where it is undefined or fails.

    Parameters
    ----------
    G : networkx graph
        A projection.
    weight : str or None
        The edge attribute summed over parallel edges (``None``: every collapsed edge 1).
    max_iter, tol
        Power iteration limits; eigenvector scores not above ``tol`` are within the iteration's error of 0 and
        reported as 0.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``type``, ``eigenvector``, highest first. ``attrs["method"]`` names the measure used and,
        for Katz, ``alpha`` and the reason; ``attrs["fallback"]`` is true when Katz was used.

    Raises
    ------
    AnalysisError
        The graph is empty, or Katz centrality did not converge either.

    Examples
    --------
    >>> import networkx as nx
    >>> dag = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> df = eigenvector(dag)
    >>> df.attrs["method"]
    'katz (alpha=0.1, beta=1), because the graph has no cycle, so eigenvector centrality is undefined'
    >>> df["eigenvector"].idxmax()
    'c'
    """
    import networkx as nx
    require_nodes(G, "eigenvector")
    D = _collapsed(G, weight)
    reason = None
    if nx.is_directed_acyclic_graph(D):
        reason = "the graph has no cycle, so eigenvector centrality is undefined"
    else:
        try:
            scores = nx.eigenvector_centrality(D, max_iter=max_iter, tol=tol, weight="weight")
            values = list(scores.values())
            if not all(math.isfinite(x) for x in values) or not any(values):
                reason = "power iteration gave a zero or non-finite vector"
        except nx.PowerIterationFailedConvergence:
            reason = f"power iteration did not converge in {max_iter} iterations"
        except (nx.NetworkXException, ArithmeticError) as exc:
            reason = f"eigenvector centrality failed ({exc})"
    if reason is None:
        # nodes no cycle reaches keep what power iteration leaves (up to tol): indistinguishable from 0
        scores = {n: (x if abs(x) > tol else 0.0) for n, x in scores.items()}
        df = _frame(G, scores, "eigenvector", f"eigenvector (power iteration on in-edges, weight {weight!r})")
        df.attrs["fallback"] = False
        return df
    alpha = KATZ_ACYCLIC_ALPHA if nx.is_directed_acyclic_graph(D) else KATZ_FACTOR / _spectral_radius(D)
    try:
        scores = nx.katz_centrality(D, alpha=alpha, beta=1.0, max_iter=max_iter, tol=tol, weight="weight",
                                    normalized=True)
    except nx.PowerIterationFailedConvergence:
        raise AnalysisError(f"eigenvector: {reason}, and Katz centrality (alpha={alpha:.4g}) did not converge in "
                            f"{max_iter} iterations either; raise max_iter") from None
    df = _frame(G, scores, "eigenvector", f"katz (alpha={alpha:.4g}, beta=1), because {reason}")
    df.attrs["fallback"] = True
    return df


def _spectral_radius(D) -> float:
    """The weighted adjacency matrix's spectral radius: exact up to EXACT_LIMIT nodes, else an upper bound."""
    import networkx as nx
    import numpy as np
    if D.number_of_nodes() <= EXACT_LIMIT:
        A = nx.to_numpy_array(D, weight="weight")
        rho = float(np.max(np.abs(np.linalg.eigvals(A))))
    else:  # spectral radius <= any induced matrix norm: the largest weighted out- or in-degree
        rho = min(max(dict(D.out_degree(weight="weight")).values()), max(dict(D.in_degree(weight="weight")).values()))
    return rho if rho > 1e-12 else KATZ_FACTOR / KATZ_ACYCLIC_ALPHA


# ----------------------------------------------------------------------------- closeness
def closeness(G, outward: bool = False, exact_limit: int | None = None, k: int | None = None, seed: int = 0):
    """Closeness centrality in directed hops on the collapsed graph: exact on small graphs, estimated from
    sampled pivots on large ones (as :func:`betweenness`).

    Parameters
    ----------
    G : networkx graph
        A projection.
    outward : bool
        Measure distances from the node to the others (how near it is to reaching them) instead of networkx's
        default, from the others to the node.
    exact_limit, k, seed
        As for :func:`betweenness`: exact up to ``exact_limit`` nodes, else from ``k`` pivots chosen with ``seed``.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``type``, ``closeness``, highest first. Nodes that nothing reaches score 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> closeness(G)["closeness"].round(3).to_dict()
    {'c': 0.667, 'b': 0.5, 'a': 0.0}
    >>> closeness(G, outward=True)["closeness"].round(3).to_dict()
    {'a': 0.667, 'b': 0.5, 'c': 0.0}
    """
    import networkx as nx
    require_nodes(G, "closeness")
    limit = EXACT_LIMIT if exact_limit is None else exact_limit
    pivots = SAMPLE_PIVOTS if k is None else k
    D = _collapsed(G, None)
    if outward:
        D = D.reverse(copy=False)
    n = D.number_of_nodes()
    side = "from the node to the others" if outward else "from the others to the node"
    method = f"closeness in directed hops {side}, scaled by the share of nodes that are reachable (Wasserman-Faust)"
    if n <= limit or pivots >= n:
        scores = nx.closeness_centrality(D, wf_improved=True)
    else:
        scores = _sampled_closeness(D, _pivots(D, pivots, seed))
        method += f"; estimated from {pivots} of {n} nodes as pivots, seed {seed} (Eppstein-Wang)"
    return _frame(G, scores, "closeness", method)


# ----------------------------------------------------------------------------- all together
def centrality(G, top: int | None = None, weight: str | None = "strength",
               exact_limit: int | None = None, k: int | None = None, seed: int = 0, relations=None):
    """Every centrality measure in one table, ranked on influence ties by default.

    Parameters
    ----------
    G : networkx graph
        A projection.
    relations : None, "all" or iterable of str
        The ties every measure counts (see :mod:`.influence`): by default the graph's influence relations
        (capital, project leadership, ownership, supply, dependence and trade; every relation on a graph that does
        not name them), ``"all"`` every relation, or the names given. Every node of ``G`` stays in the table.
    top : int, optional
        Keep only the first ``top`` rows.
    weight : str or None
        Edge weight for PageRank and eigenvector/Katz (see :func:`pagerank`).
    exact_limit, k, seed
        Passed to :func:`betweenness`.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id: ``label``, ``type``, ``country``, ``in_degree``, ``out_degree``, ``degree``,
        ``pagerank``, ``betweenness``, ``eigenvector``, ``closeness``; highest PageRank first, ties by label.
        ``attrs["methods"]`` maps each measure to how it was computed, ``attrs["relations"]`` lists the relations
        counted (``None``: every one) and ``attrs["ranked_on"]`` says so in a sentence.

    Raises
    ------
    AnalysisError
        The graph is empty, or ``top`` is not a whole number.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("solo", label="Solo", type="Company")
    >>> centrality(G)[["degree", "pagerank", "betweenness", "closeness"]]  # doctest: +NORMALIZE_WHITESPACE
          degree  pagerank  betweenness  closeness
    node
    solo       0       1.0          0.0        0.0
    """
    from .influence import ranked_graph, ranked_on, ranking_relations
    require_nodes(G, "centrality")
    _check_count(top, "top")
    counted, sentence = ranking_relations(G, relations), ranked_on(G, relations)
    if weight == "strength":
        sentence += " " + WEIGHED
    G = ranked_graph(G, relations)
    steps = [("degree", lambda: degree(G)),
             ("pagerank", lambda: pagerank(G, weight=weight)),
             ("betweenness", lambda: betweenness(G, exact_limit=exact_limit, k=k, seed=seed)),
             ("eigenvector", lambda: eigenvector(G, weight=weight)),
             ("closeness", lambda: closeness(G, exact_limit=exact_limit, k=k, seed=seed))]
    frames, methods = {}, {}
    for i, (name, compute) in enumerate(steps, 1):
        log.info("centrality %d/%d: %s", i, len(steps), name)
        frames[name] = compute()
        methods[name] = frames[name].attrs["method"]
    nodes = list(G)
    table = frames["degree"].loc[nodes, ["label", "type"]]
    table.insert(2, "country", [G.nodes[n].get("country") for n in nodes])
    for column in ("in_degree", "out_degree", "degree"):
        table[column] = frames["degree"].loc[nodes, column]
    for name in ("pagerank", "betweenness", "eigenvector", "closeness"):
        table[name] = frames[name].loc[nodes, name]
    table = _sorted(table, "pagerank")
    if top is not None:
        table = table.head(top)
    table.attrs = {"methods": methods, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                   "relations": counted, "ranked_on": sentence}
    return table


# ----------------------------------------------------------------------------- into the dataset
def write_back(kg, table) -> int:
    """Store the scores of a centrality table in the named graph ``igg:centrality``, replacing its content.

    Each score becomes a typed literal on the node's IRI: ``ig:inDegree`` and ``ig:outDegree`` (``xsd:integer``),
    ``ig:pageRank``, ``ig:betweennessCentrality``, ``ig:eigenvectorCentrality`` and ``ig:closenessCentrality``
    (``xsd:double``); see :data:`PROPERTIES`. Columns the table lacks are left out, and so are missing or
    non-finite values. The previous content of the graph goes, even for nodes the table does not list (a table
    of a filtered projection or of the ``top`` rows replaces a full one). Cached SPARQL engines are dropped so
    that the next query sees the new graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph whose dataset receives the scores (in memory; nothing is written to disk).
    table : pandas.DataFrame
        From :func:`centrality` (or any single-measure function), indexed by node IRI.

    Returns
    -------
    int
        The number of triples written.

    Raises
    ------
    AnalysisError
        The table has none of the score columns.

    Examples
    --------
    >>> import influencegraph
    >>> from influencegraph.analysis.projection import project
    >>> kg = influencegraph.load()
    >>> table = centrality(project(kg, relations={"investsIn"}))
    >>> write_back(kg, table) == 6 * len(table)
    True
    >>> top = kg.query("SELECT ?n WHERE { GRAPH igg:centrality { ?n ig:pageRank ?r } } ORDER BY DESC(?r) LIMIT 1")
    >>> str(top["n"][0]) == table.index[0]
    True
    """
    import pandas as pd
    from rdflib import Literal, URIRef

    from ..stores.cache import invalidate
    from ..vocab import CENTRALITY_GRAPH, XSD
    columns = [c for c in PROPERTIES if c in table.columns]
    if not columns:
        raise AnalysisError(f"write_back: the table has none of the score columns {', '.join(PROPERTIES)}")
    ds = kg.dataset
    ds.remove_graph(ds.graph(CENTRALITY_GRAPH))
    graph = ds.graph(CENTRALITY_GRAPH)
    written = 0
    for column in columns:
        prop = PROPERTIES[column]
        integer = column in _INTEGER_COLUMNS
        for node, value in table[column].items():
            if pd.isna(value) or not math.isfinite(float(value)):
                continue
            literal = (Literal(int(value), datatype=XSD.integer) if integer
                       else Literal(float(value), datatype=XSD.double))
            graph.add((URIRef(str(node)), prop, literal))
            written += 1
    invalidate(ds)
    return written
