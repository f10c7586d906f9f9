"""Centrality: who sits at the middle of the influence network.

Every measure takes a projection (:func:`influencegraph.analysis.projection.project`, or any networkx graph whose
nodes may carry ``label``, ``type`` and ``country``) and returns a pandas DataFrame indexed by node id, with the
node's ``label`` and ``type``, the score, and ``df.attrs["method"]`` saying how the score was computed.
:func:`centrality` joins them in one table; :func:`~.centrality_graph.write_back` stores that table in the named
graph ``igg:centrality`` so that SPARQL can use the scores (both importable from here).

**Which ties.** :func:`centrality` ranks on influence ties by default: capital, project leadership, ownership,
supply, dependence and trade, the ontology's ``ig:influenceRelation`` (see :mod:`.influence`); membership,
location, partnership, rivalry, agreement, event and position ties are left out, so that a body cited once or a
summit's agreements do not outrank a state. ``relations="all"`` ranks on every tie. The single measures below
measure the graph they are given (``influence.ranked_graph(G)`` is the one the table ranks).

How each measure reads the graph:

- **Degree** counts the edges of the multigraph as they are: one per fact, so two facts between the same two
  nodes count twice; ``by_relation=True`` adds an ``in:``/``out:`` column per relation.
- **PageRank**, **eigenvector** and **Katz** weigh ties: see :mod:`.spectral`, which says how figures that
  contain one another, and the ties of regions and actor groups, are weighed.
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

from ..errors import AnalysisError
from .centrality_graph import PROPERTIES, write_back
from .common import label, require_nodes
from .scoring import EXACT_LIMIT, best_first, check_count, collapsed, score_frame
from .spectral import WEIGHED, eigenvector, pagerank

log = logging.getLogger(__name__)

__all__ = ["degree", "pagerank", "betweenness", "eigenvector", "closeness", "centrality", "write_back",
           "EXACT_LIMIT", "SAMPLE_PIVOTS", "PROPERTIES", "WEIGHED"]

#: Pivot nodes sampled for betweenness and closeness above :data:`EXACT_LIMIT`.
SAMPLE_PIVOTS = 200


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
    df = best_first(df, "degree")
    df.attrs["method"] = "degree: edges of the multigraph (one per fact), parallel edges counted"
    return df

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
    check_count(limit, "exact_limit")
    check_count(pivots, "k")
    if pivots < 1:
        raise AnalysisError("betweenness: k must be at least 1")
    D = collapsed(G, None)
    n = D.number_of_nodes()
    if n <= limit or pivots >= n:
        scores = nx.betweenness_centrality(D, normalized=True)
        method, exact = f"exact ({n} nodes, at most {limit} for exact)", True
    else:
        scores = _sampled_betweenness(D, _pivots(D, pivots, seed))
        method, exact = f"sampled ({pivots} of {n} nodes as pivots, seed {seed}; exact up to {limit} nodes)", False
    df = score_frame(G, scores, "betweenness", method)
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
    D = collapsed(G, None)
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
    return score_frame(G, scores, "closeness", method)


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
    check_count(top, "top")
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
    table = best_first(table, "pagerank")
    if top is not None:
        table = table.head(top)
    table.attrs = {"methods": methods, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                   "relations": counted, "ranked_on": sentence}
    return table
