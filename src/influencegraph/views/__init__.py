"""Interactive HTML network views: one self-contained file an analyst opens offline, reads and sends on.

The views (registered by name in :data:`VIEWS`): the whole network (the default), an actor's ego network, a sector
or commodity, competition, a host country's dependencies, and one source document's contribution; ask for several
and they intersect. Colour and shape show the entity type, node size its centrality in the whole network, edge
colour and dash the relation, edge width the amount; tooltips give figures, status, dates and the source document
and paragraph of each.

Examples
--------
>>> import influencegraph
>>> kg = influencegraph.load()
>>> view = kg.view(ego="Rosatom", depth=1)
>>> view.views, view.number_of_nodes() == view.graph.number_of_nodes()
(['ego'], True)
>>> "Rosatom" in view.html and "https://cdn" not in view.html
True
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .options import MAX_NODES, ViewOptions

log = logging.getLogger(__name__)

__all__ = ["network_view", "draw", "NetworkView", "ViewOptions", "ViewWarning", "VIEWS", "register_view", "select",
           "selected_views", "MAX_NODES"]


def __getattr__(name):  # the selection (and with it rdflib and the analyses) loads on first use: the CLI starts fast
    if name in ("VIEWS", "register_view", "select", "selected_views"):
        from .select import VIEWS, register_view, select, selected_views
        globals().update(VIEWS=VIEWS, register_view=register_view, select=select, selected_views=selected_views)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ViewWarning(UserWarning):
    """A view was cut to ``max_nodes`` nodes."""


@dataclass
class NetworkView:
    """A drawn view: the graph it shows, the page, and what was left out."""

    graph: object
    html: str
    title: str
    views: list = field(default_factory=list)
    size_by: str = "pagerank"
    warnings: list = field(default_factory=list)

    def number_of_nodes(self) -> int:
        return self.graph.number_of_nodes()

    def number_of_edges(self) -> int:
        return self.graph.number_of_edges()

    def to_html(self) -> str:
        return self.html

    def save(self, path) -> Path:
        """Write the page atomically (a reader never sees half a file); returns the path."""
        from ..formats import atomic_write
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"{path}: a view is an HTML page; give a name ending in .html")
        atomic_write(path, self.html.encode("utf-8"))
        return path

    def _repr_html_(self) -> str:  # pragma: no cover - notebooks
        import html
        return f'<iframe srcdoc="{html.escape(self.html)}" style="width:100%;height:600px;border:0"></iframe>'

    def __repr__(self) -> str:
        return (f"<NetworkView {self.title!r}: {self.number_of_nodes()} nodes, {self.number_of_edges()} edges, "
                f"views {', '.join(self.views)}>")


def network_view(kg, options: ViewOptions | None = None, **kwargs) -> NetworkView:
    """A view of the knowledge graph (see the module docs and :func:`~influencegraph.views.select.select`).

    Parameters
    ----------
    kg : KnowledgeGraph
    options : ViewOptions, optional
        What to show and how (each field's ``metadata["help"]`` says what it does): ``ego``, ``depth``,
        ``sector``, ``country``, ``competition``, ``source``, ``relations`` choose which part (none: the whole
        network; see :func:`~influencegraph.views.select.select`); ``as_of`` keeps only what was agreed or
        announced by then; ``size_by`` is the centrality (in the whole network at ``as_of``, on influence ties as
        :func:`kg.centrality` ranks) behind node size; ``max_nodes`` cuts larger views to the most central nodes,
        with a :class:`ViewWarning` (``None`` or 0: no limit); ``title`` is the page heading (default: says what
        the view shows); ``seed`` is the layout's seed (the same input and seed give the same file); ``hedged``
        also draws ties that rest only on planned, possible, forecast or recommended claims (dashed and lighter;
        their tooltips say which).
    **kwargs
        The same options by keyword (over those of ``options``); an unknown one is a ``TypeError``.
    """
    from ..analysis.catalogue import source_catalogue
    from .select import select
    from .tooltips import node_facts

    if options is not None and not isinstance(options, ViewOptions):
        raise TypeError(f"a view takes a ViewOptions or options by keyword, not {options!r}")
    o = ViewOptions.of(**{**(options.as_dict() if options is not None else {}), **kwargs})
    G = kg.network(as_of=o.as_of, hedged=o.hedged)
    log.info("selecting the view")
    H = select(G, ego=o.ego, depth=o.depth, sector=o.sector, country=o.country, competition=o.competition,
               source=o.source, relations=o.relations, resolve=kg.resolve)
    scores = _scores(G, o.size_by)
    H, notes = _cap(H, scores, o.max_nodes)
    log.info("drawing %d nodes and %d edges", H.number_of_nodes(), H.number_of_edges())
    names = {n: d.get("label") for n, d in G.nodes(data=True)}
    title = o.title or _title(H.graph["views"], ego=o.ego, depth=o.depth, sector=o.sector, country=o.country,
                              source=o.source, names=names, resolve=kg.resolve)
    subtitle = _subtitle(H, o.as_of, o.relations)
    return draw(H, title=title, subtitle=subtitle, catalogue=source_catalogue(kg), facts=node_facts(kg, H.nodes),
                scores=scores, size_by=o.size_by, seed=o.seed, names=names, notes=notes)


def draw(G, title: str = "Network", subtitle: str = "", catalogue=None, facts=None, scores=None,
         size_by: str = "pagerank", max_nodes: int | None = None, seed: int = 7, names=None, notes=(),
         physics_limit: int | None = None) -> NetworkView:
    """Draw any projection-shaped ``MultiDiGraph`` (nodes with ``label`` and ``types``, edges with ``relation``).

    Without ``scores``, node size follows ``size_by`` computed on ``G`` itself.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="<b>A</b>", types=["Company"])
    >>> G.add_node("b", label="B", types=["State"])
    >>> _ = G.add_edge("a", "b", relation="investsIn", measure="usd", weight=2e9, sources=[])
    >>> view = draw(G, title="<script>alert(1)</script>")
    >>> "<script>alert(1)</script>" in view.html, "&lt;script&gt;alert(1)&lt;/script&gt;" in view.html
    (False, True)
    """
    from .render import PHYSICS_LIMIT, render
    if scores is None:
        scores = _scores(G, size_by)
    G, more = _cap(G, scores, max_nodes)
    notes = [*notes, *more]
    html = render(G, title=title, subtitle=subtitle, catalogue=catalogue, facts=facts, scores=scores,
                  size_by=size_by, seed=seed, names=names,
                  physics_limit=PHYSICS_LIMIT if physics_limit is None else physics_limit)
    return NetworkView(graph=G, html=html, title=title, views=list(G.graph.get("views") or ["whole"]),
                       size_by=size_by, warnings=list(notes))


# ----------------------------------------------------------------------------- helpers
def _scores(G, size_by: str) -> dict:
    from ..analysis import centrality
    from .style import SIZE_MEASURES
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"size_by: {size_by!r} is not one of {', '.join(SIZE_MEASURES)}")
    if size_by == "none" or G.number_of_nodes() == 0:
        return {}
    from ..analysis.influence import ranked_graph
    log.info("%s centrality for node size", size_by)
    table = getattr(centrality, size_by)(ranked_graph(G))  # on influence ties, as the centrality table ranks
    return {n: float(v) for n, v in table[size_by].items()}


def _cap(G, scores: dict, max_nodes):
    if not max_nodes or G.number_of_nodes() <= max_nodes:
        return G, []
    ranked = sorted(G.nodes, key=lambda n: (-scores.get(n, 0.0), str(n)))
    keep = set(ranked[:max_nodes])
    message = (f"the view has {G.number_of_nodes():,} nodes; showing the {max_nodes:,} most central "
               f"(raise the limit with max_nodes / --max-nodes, 0 for none)")
    warnings.warn(message, ViewWarning, stacklevel=3)
    H = G.subgraph(keep).copy()
    H.graph.update(G.graph)
    return H, [message]


def _title(views, ego, depth, sector, country, source, names, resolve) -> str:
    def name(x):
        return names.get(str(resolve(x))) or str(x)
    parts = {"whole": lambda: "The influence network",
             "ego": lambda: f"{name(ego)}: ties up to {depth} step{'s' if depth != 1 else ''} away",
             "sector": lambda: f"Sector: {sector}", "competition": lambda: "Competition",
             "dependencies": lambda: f"{name(country)}: who it depends on",
             "source": lambda: f"What source {source} states"}
    return " · ".join(parts[v]() for v in views)


def _subtitle(H, as_of, relations) -> str:
    bits = [f"{H.number_of_nodes():,} entities, {H.number_of_edges():,} ties"]
    bits.append(f"as of {as_of}" if as_of else "all dates")
    if relations:
        bits.append("relations: " + ", ".join(sorted(relations)))
    return "; ".join(bits) + ". Hover for figures and sources."

