"""Node positions, computed in Python before the page is written, so the browser draws at once.

igraph's Fruchterman–Reingold layout places a 5,000-node, 12,800-edge graph in well under a second (networkx's
spring layout takes about 46 s and ForceAtlas2 about 112 s on the same graph). The layout is seeded: the same
graph and seed give the same positions, and so the same file.

Examples
--------
>>> import networkx as nx
>>> G = nx.path_graph(4, create_using=nx.MultiDiGraph)
>>> pos = positions(G, seed=1)
>>> sorted(pos) == [0, 1, 2, 3], pos == positions(G, seed=1)
(True, True)
"""

from __future__ import annotations

import math
import random

__all__ = ["positions", "SPACING"]

#: Roughly how far apart, in screen pixels at zoom 1, neighbouring nodes end up.
SPACING = 90.0


def positions(G, seed: int = 7, spacing: float = SPACING) -> dict:
    """``{node: (x, y)}`` for every node of ``G``, centred on 0 and scaled so that the drawing's side grows with
    the square root of the node count.

    Parameters
    ----------
    G : networkx graph
        Directions and parallel edges are ignored; each connected piece is laid out together with the others.
    seed : int
        Seeds igraph's random numbers for this call; afterwards igraph uses its default generator (Python's
        ``random`` module) again, whatever it used before.
    spacing : float
        Pixels per unit of the unit-area layout, times ``sqrt(n)``.

    Nodes without ties go in rows under the drawing.
    """
    nodes = list(G.nodes)
    linked = {n for u, v in G.edges() if u != v for n in (u, v)}
    alone = [n for n in nodes if n not in linked]
    placed = _force_layout([n for n in nodes if n in linked], G, seed, spacing)
    return {**placed, **_shelf(alone, placed, spacing)}


def _force_layout(nodes: list, G, seed: int, spacing: float) -> dict:
    import igraph

    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges()
                    if u != v and u in index and v in index})
    graph = igraph.Graph(n=n, edges=pairs, directed=False)
    rng = random.Random(seed)
    half = math.sqrt(n) / 2  # igraph's own starting square; a smaller one defeats its grid and is 40x slower
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(n)]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(seed=start, niter=500, grid="auto")
    finally:  # igraph cannot say which generator it had: it goes back to its default, Python's ``random``
        igraph.set_random_number_generator(random)
    coords = layout.coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = spacing * math.sqrt(n) / extent
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, (x, y) in zip(nodes, coords)}


def _shelf(alone: list, placed: dict, spacing: float) -> dict:
    """Nodes without ties in rows under the drawing, instead of flung far out by the force layout (which would
    shrink everything else when the browser fits the view)."""
    if not alone:
        return {}
    xs = [x for x, _y in placed.values()] or [0.0]
    ys = [y for _x, y in placed.values()] or [0.0]
    width = max(max(xs) - min(xs), spacing * math.sqrt(len(alone)))
    per_row = max(1, int(width // spacing) + 1)
    top = max(ys) + (spacing if placed else 0.0)
    return {node: (round(min(xs) + (i % per_row) * spacing, 1), round(top + (i // per_row) * spacing, 1))
            for i, node in enumerate(alone)}
