"""Which ties a ranking counts: influence by default, as the ontology groups it.

Centrality answers "who has a hold on whom", so by default it reads only the **influence relations**: the
sub-properties of ``ig:influenceRelation`` in the ontology (capital: invests in, finances; project leadership:
leads, builds, operates; ownership: owns; supply and dependence: supplies, depends on; trade: imports from,
exports to, trades with, imposes and imposed on a trade measure). Membership, location, headquarters, positions
held, partnership, rivalry, agreements, announcements, events, circumvention, production and reserves are left
out: a think tank whose analyst a source quotes, the agreements a summit signed, or a body that hosts a meeting
gains no rank from those ties. A projection names its influence relations in ``G.graph["influence"]``
(:func:`~influencegraph.analysis.projection.influence_relations`); a plain networkx graph that does not is ranked
on every relation.

``relations=`` chooses otherwise: ``None`` (the default) the influence relations, ``"all"`` every relation of the
graph, an iterable of names exactly those.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(influence=["investsIn"], relation_labels={"investsIn": "invests in",
...                                                                "memberOf": "member of"})
>>> _ = G.add_edge("cn", "kz", relation="investsIn")
>>> _ = G.add_edge("kz", "sco", relation="memberOf")
>>> H = ranked_graph(G)
>>> sorted(H), list(H.edges())
(['cn', 'kz', 'sco'], [('cn', 'kz')])
>>> print(ranked_on(G))  # doctest: +NORMALIZE_WHITESPACE
Ranked on influence ties (capital, project leadership, ownership, supply, dependence, trade): invests in; left out:
member of.
>>> ranked_graph(G, ALL) is G
True
"""

from __future__ import annotations

from ..errors import AnalysisError

__all__ = ["ALL", "ranking_relations", "ranked_graph", "ranked_on"]

#: ``relations=`` value for ranking on every relation of the graph.
ALL = "all"
#: What the influence relations are, in words (the families of ``ig:influenceRelation``'s comment).
FAMILIES = "capital, project leadership, ownership, supply, dependence, trade"


def ranking_relations(G, relations=None) -> list[str] | None:
    """The relation names a ranking of ``G`` counts, sorted; ``None`` for every relation.

    Parameters
    ----------
    G : networkx graph
        A projection (its ``influence`` attribute names the default) or any graph whose edges carry ``relation``.
    relations : None, "all" or iterable of str
        ``None``: the graph's influence relations (every relation when the graph names none); ``"all"``: every
        relation; names: those.

    Raises
    ------
    AnalysisError
        A name the graph's ``relation_labels`` does not know.
    """
    if isinstance(relations, str) and relations == ALL:
        return None
    if relations is None:
        influence = G.graph.get("influence")
        return None if influence is None else sorted(influence)
    names = sorted({relations} if isinstance(relations, str) else set(relations))
    known = G.graph.get("relation_labels")
    unknown = [n for n in names if known is not None and n not in known]
    if unknown:
        raise AnalysisError(f"unknown relation(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))} "
                            f"or {ALL!r}")
    return names


def ranked_graph(G, relations=None):
    """``G`` with every node but only the edges of the relations ranked on (``G`` itself for every relation).

    Nodes without such ties stay, with no edges: they rank lowest rather than drop out of the table.
    """
    names = ranking_relations(G, relations)
    if names is None:
        return G
    keep = set(names)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("relation") in keep)
    else:
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if d.get("relation") in keep)
    return H


def ranked_on(G, relations=None) -> str:
    """One sentence saying which ties the ranking counts, and which kind of statement they rest on.

    Relations are named by their labels in the ontology (the graph's ``relation_labels``); those present in the
    graph but not counted are listed as left out. A projection also says whether hedged ties are in.
    """
    names = ranking_relations(G, relations)
    labels = G.graph.get("relation_labels") or {}
    present = sorted({str(d.get("relation")) for _u, _v, d in G.edges(data=True) if d.get("relation")})

    def words(rels):
        return ", ".join(sorted(labels.get(r, r) for r in rels))

    hedged = G.graph.get("hedged")
    qualifier = {None: "", False: " that sources state as fact",
                 True: " that sources state as fact or give as planned, possible, forecast or recommended"}[
        None if hedged is None else bool(hedged)]
    if names is None:
        text = f"Ranked on ties of every relation{qualifier}"
    else:
        kind = f"influence ties ({FAMILIES})" if relations is None else "ties of the chosen relations"
        text = f"Ranked on {kind}{qualifier}: {words(names)}"
        left_out = [r for r in present if r not in set(names)]
        if left_out:
            text += f"; left out: {words(left_out)}"
    if hedged is False:
        text += "; hedged=True (--hedged) adds planned, possible, forecast and recommended ones"
    return text + "."
