"""PageRank, eigenvector and Katz centrality: the measures that weigh ties, and how they weigh them.

:func:`.centrality.centrality` puts them in its table beside the measures that count hops.

- **PageRank**, **eigenvector** and **Katz** run on the collapsed graph (:func:`~.collapse.collapse`):
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
  adjacency matrix (computed exactly up to :data:`.scoring.EXACT_LIMIT` nodes, bounded above by the largest weighted
  in- or out-degree beyond), or ``alpha = 0.1`` on a graph without cycles, where any ``alpha`` converges. The
  ``method`` attribute says which was used and why. Both follow in-edges (a node is central when central
  nodes point at it) and are scaled to unit Euclidean length; eigenvector scores below the convergence
  tolerance (what power iteration leaves on nodes no cycle reaches) are 0.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
>>> pagerank(G)["pagerank"].idxmax(), eigenvector(G).attrs["fallback"]
('b', False)
"""

from __future__ import annotations

import math

from ..errors import AnalysisError
from .common import require_nodes
from .scoring import EXACT_LIMIT, collapsed, score_frame

__all__ = ["pagerank", "eigenvector", "WEIGHED", "MAX_ITER"]

#: Katz ``alpha`` as a fraction of ``1 / spectral radius`` (below 1, so the series converges).
KATZ_FACTOR = 0.9
#: Katz ``alpha`` on a graph without cycles (any value converges there; networkx's default).
KATZ_ACYCLIC_ALPHA = 0.1
#: Power iterations allowed for eigenvector, Katz and PageRank.
MAX_ITER = 1000
#: How the default weight reads figures, in words (``attrs["ranked_on"]`` ends with it when ties are weighed).
WEIGHED = ("Ties are weighed by strength (1 + log10(1 + USD millions) for an amount, 1 + the share for a share, 1 "
           "otherwise); the USD figures of one relation between two nodes weigh what the adding-up rule gives for "
           "them: the flows it adds, or the stock where there are no flows, never a stock and flows together; a "
           "region's or actor group's tie weighs only what its figure holds beyond the figures of its members' "
           "ties that a source puts inside it.")


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
    D = collapsed(G, weight)
    scores = _pagerank(D, alpha, max_iter, tol)
    return score_frame(G, scores, "pagerank", f"PageRank (alpha={alpha}) on the collapsed graph, parallel edges "
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
    D = collapsed(G, weight)
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
        df = score_frame(G, scores, "eigenvector", f"eigenvector (power iteration on in-edges, weight {weight!r})")
        df.attrs["fallback"] = False
        return df
    alpha = KATZ_ACYCLIC_ALPHA if nx.is_directed_acyclic_graph(D) else KATZ_FACTOR / _spectral_radius(D)
    try:
        scores = nx.katz_centrality(D, alpha=alpha, beta=1.0, max_iter=max_iter, tol=tol, weight="weight",
                                    normalized=True)
    except nx.PowerIterationFailedConvergence:
        raise AnalysisError(f"eigenvector: {reason}, and Katz centrality (alpha={alpha:.4g}) did not converge in "
                            f"{max_iter} iterations either; raise max_iter") from None
    df = score_frame(G, scores, "eigenvector", f"katz (alpha={alpha:.4g}, beta=1), because {reason}")
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

