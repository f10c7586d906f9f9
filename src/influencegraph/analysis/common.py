"""Small helpers every analysis family shares: finding nodes by name, reading node attributes, citing sources.

Analyses work on a projection (:func:`influencegraph.analysis.projection.project`): a networkx
``MultiDiGraph`` whose nodes are IRI strings with ``label``, ``type``, ``types``, ``country`` and ``sectors``,
and whose edges carry ``relation``, ``weight``, ``sources`` (``(source id, paragraph)`` pairs) and more. Tables
are pandas DataFrames; a ``sources`` column holds a list of locators such as ``"000 ¶5"``.
"""

from __future__ import annotations

from ..errors import AnalysisError
from ..vocab import FAMILIES, NAME

__all__ = ["find_node", "label", "locator", "locator_key", "merge_sources", "state_of", "host_of", "is_a", "locators",
           "edges_of", "require_nodes", "family", "AnalysisError"]


def label(G, node) -> str:
    """The node's label (the end of its id when it has none or is not in the graph)."""
    data = G.nodes[node] if node in G else {}
    return data.get("label") or str(node).rsplit("/", 1)[-1]


def family(G, *names: str) -> frozenset[str]:
    """The relations of the ontology's relation families ``names`` (``NAME.capitalRelation``, ...), together: as
    the projection recorded them in ``G.graph["families"]``, or for a graph without them, as the package's
    ontology gives them.

    Examples
    --------
    >>> import networkx as nx
    >>> sorted(family(nx.MultiDiGraph(), NAME.capitalRelation, NAME.ownershipRelation))
    ['finances', 'investsIn', 'owns']
    """
    families = G.graph.get("families") or FAMILIES
    return frozenset().union(*(families[name] for name in names))


def is_a(G, node, kind: str) -> bool:
    """Whether the node is of class ``kind`` or a sub-class of it (``"State"``, ``"Project"``, ...)."""
    return kind in G.nodes[node].get("types", ()) or G.nodes[node].get("type") == kind


def state_of(G, node):
    """The state a node belongs to: itself for a state, else its ``country`` (``None`` when unknown)."""
    if is_a(G, node, NAME.State):
        return node
    return G.nodes[node].get("country")


def host_of(G, node):
    """The host state of a project: its ``country``, else the target of its ``inHostCountry`` edge (or ``None``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", label="Route", types=["Project"], country=None)
    >>> _ = G.add_edge("p", "kz", relation="inHostCountry")
    >>> host_of(G, "p")
    'kz'
    """
    country = G.nodes[node].get("country")
    if country is not None:
        return country
    for _u, v, d in G.out_edges(node, data=True):
        if d.get("relation") == NAME.inHostCountry:
            return v
    return None


def find_node(G, name: str, kind: str | None = None):
    """The node a name denotes, by the one resolver (:class:`influencegraph.names.Resolver`): its id, the end of
    its id (``east-hope-group``), its label, an alias or id the projection keeps in ``G.graph["names"]``
    (``Republic of Kazakhstan``, ``Q232``), an acronym or words of one node's name; case-insensitive.

    Parameters
    ----------
    G : networkx graph
        A projection.
    name : str
        What the user typed.
    kind : str, optional
        Only nodes of this class (e.g. ``"State"``).

    Raises
    ------
    UnknownEntity
        With close names as suggestions (:func:`influencegraph.names.suggest`); ``AmbiguousEntity``, a kind of
        it, when the name fits two or more nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(names={"ex/kz": {"aliases": ["Republic of Kazakhstan"], "ids": ["KZ"]}})
    >>> G.add_node("ex/kz", label="Kazakhstan", type="State", types=["State", "Actor"])
    >>> find_node(G, "kazakhstan"), find_node(G, "Republic of Kazakhstan"), find_node(G, "kz")
    ('ex/kz', 'ex/kz', 'ex/kz')
    >>> find_node(G, "Kazakstan")
    Traceback (most recent call last):
    ...
    influencegraph.errors.UnknownEntity: No entity named 'Kazakstan'. Did you mean: Kazakhstan?
    """
    from ..names import Entry, Resolver
    known = G.graph.get("names") or {}
    entries = []
    for node, data in G.nodes(data=True):
        if kind is None or is_a(G, node, kind):
            names = known.get(node) or {}
            entries.append(Entry(node, data.get("label") or str(node).rsplit("/", 1)[-1],
                                 tuple(names.get("aliases", ())), tuple(names.get("ids", ()))))
    return Resolver(entries).resolve(name)


def locator(source_id: str, paragraph) -> str:
    """``"000 ¶5"``: a source's number and the paragraph, as every table and footnote cites them."""
    return f"{source_id[:3]} ¶{paragraph}" if paragraph is not None else source_id[:3]


def locators(pairs) -> list[str]:
    """``(source id, paragraph)`` pairs as sorted, distinct locators (``"000 ¶5"``).

    Examples
    --------
    >>> locators([("002_x", 19), ("000_y", 5), ("002_x", 19)])
    ['000 ¶5', '002 ¶19']
    """
    seen = sorted({(s, p) for s, p in pairs}, key=lambda sp: (sp[0], sp[1] or 0))
    return [locator(s, p) for s, p in seen]


def locator_key(text: str):
    """Sort key for a locator: by document, then paragraph as a number (``"002 ¶6"`` before ``"002 ¶22"``)."""
    doc, _, par = text.partition(" ¶")
    return doc, int(par) if par.isdigit() else 0


def merge_sources(cells) -> list[str]:
    """The distinct locators of several ``sources`` cells, in document and paragraph order.

    Examples
    --------
    >>> merge_sources([["002 ¶22", "000 ¶5"], ["002 ¶6"]])
    ['000 ¶5', '002 ¶6', '002 ¶22']
    """
    return sorted({s for cell in cells for s in cell}, key=locator_key)


def edges_of(G, relations=None, data: bool = True):
    """Every edge ``(u, v, key, attributes)`` whose relation is in ``relations`` (all when ``None``)."""
    wanted = None if relations is None else ({relations} if isinstance(relations, str) else set(relations))
    for u, v, k, d in G.edges(keys=True, data=True):
        if wanted is None or d.get("relation") in wanted:
            yield u, v, k, d


def require_nodes(G, what: str = "analysis") -> None:
    """Raise :class:`AnalysisError` when the graph is empty."""
    if G.number_of_nodes() == 0:
        raise AnalysisError(f"{what}: the graph is empty (nothing was projected; check the relations, node types "
                            f"and as-of date asked for)")
