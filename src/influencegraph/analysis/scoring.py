"""What every centrality measure shares: the collapsed graph it reads, the one-score table it returns and the
order of a table (best first, ties by label).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")])
>>> D = collapsed(G, None)
>>> sorted(D.edges(data="weight"))
[('a', 'b', 1.0), ('b', 'c', 1.0)]
>>> score_frame(G, {"a": 0.5, "b": 0.5}, "score", "made up")["score"].to_dict()
{'a': 0.5, 'b': 0.5, 'c': 0.0}
"""

from __future__ import annotations

import math

from ..errors import AnalysisError
from .common import label

__all__ = ["collapsed", "score_frame", "best_first", "check_count", "EXACT_LIMIT"]

#: Largest graph (in nodes) on which betweenness is exact and the Katz ``alpha`` uses the exact spectral radius.
EXACT_LIMIT = 1000


def collapsed(G, weight):
    """The graph as a weighted ``DiGraph``: parallel edges summed on ``weight`` (``None``: every edge 1)."""
    from .collapse import collapse
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


def score_frame(G, scores: dict, column: str, method: str):
    """A DataFrame of one score per node: label, type and the score, best first (ties by label)."""
    import pandas as pd
    df = pd.DataFrame({"label": [label(G, n) for n in G], "type": [G.nodes[n].get("type") for n in G],
                       column: [scores.get(n, 0.0) for n in G]}, index=pd.Index(list(G), name="node"))
    df = best_first(df, column)
    df.attrs["method"] = method
    return df


def best_first(df, column: str):
    """Best first; equal scores (to 12 digits) by label, then node id."""
    key = df[column].astype(float).round(12)
    order = sorted(range(len(df)), key=lambda i: (-key.iloc[i], str(df["label"].iloc[i]), str(df.index[i])))
    return df.iloc[order]


def check_count(value, name: str) -> None:
    """Raise :class:`AnalysisError` unless ``value`` is ``None`` or a whole number, 0 or more."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise AnalysisError(f"{name} must be a whole number, 0 or more (got {value!r})")
