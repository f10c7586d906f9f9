"""Influence paths: the shortest and the strongest chains of ties from one actor to another, each hop said in
words with its sources.

**The hop graph.** Paths run over a ``DiGraph`` of hops built from the projection: for every ordered pair of
nodes joined by one or more edges, the hop is the *strongest* of those edges (the largest ``strength``: a
figure beats a bare tie; ties are broken by the number of sources, then by relation name) and the explanation
names the others ("also: partners with ×2"). The USD figures of one relation between the two are first added up
under the one rule (:mod:`.pair_figures`, as capital-by-origin adds them): that relation's candidate weighs the
flows the rule adds, says what it added and left out, shows the stock apart ("stock USD 50 bn at 2025-06, not
added") and cites the figures it shows. ``competesWith`` is left out by default: a rivalry is not a
channel of influence (pass ``relations`` to choose the relations yourself).

**Shortest** is the path of fewest hops; among paths of equal length, the strongest.

**Strongest** minimises the sum over its hops of ``1 / strength``. ``strength`` is the projection's unit-free
weight (``1 + log10(1 + USD millions)`` for an amount, ``1 + share`` for a share, 1 for a tie without a
figure), so a hop costs at most 1: a bare tie costs 1, a USD 12 bn investment (strength 5.08) about 0.2. A path
of several well-funded hops can therefore be stronger than one bare tie. The ``cost`` column of a path holds
each hop's ``1 / strength``.

**Alternatives** are the next simple paths in order of cost (``networkx.shortest_simple_paths`` on the hop
graph), up to ``k`` of them, leaving out the shortest and the strongest.

**Direction.** Paths follow the edges' direction. When no path does, the search ignores direction and says
so: the result's ``directed`` is false, its ``reason`` explains, and each hop taken against an edge is marked
(``against`` is true) and explained as "(against the direction: X is led by Y)". No path at all gives an
empty result with a ``reason``, not an exception.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(relation_labels={"owns": "owns", "leads": "leads", "investsIn": "invests in"})
>>> for n, lab in [("cn", "China"), ("f", "Firm F"), ("p", "Smelter P")]:
...     G.add_node(n, label=lab, type="Entity", types=["Entity"])
>>> _ = G.add_edge("cn", "f", relation="owns", strength=1.0, sources=[("000_x", 13)])
>>> _ = G.add_edge("f", "p", relation="investsIn", weight=1.5e9, measure="usd", unit="USD", strength=4.18,
...                sources=[("000_x", 13)])
>>> _ = G.add_edge("f", "p", relation="leads", strength=1.0, sources=[("000_x", 13)])
>>> result = influence_paths(G, "China", "Smelter P")
>>> for line in result.strongest["explanation"]:
...     print(line)
China owns Firm F
Firm F invests in Smelter P (USD 1.5 bn); also: leads
>>> result.strongest["sources"].tolist()
[['000 ¶13'], ['000 ¶13']]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ..formatting import format_figure
from ..vocab import NAME
from .common import AnalysisError, family, find_node, label, locators, require_nodes
from .pair_figures import merged_edges

__all__ = ["influence_paths", "InfluencePaths", "format_figure", "PATH_COLUMNS", "EXCLUDED_FAMILIES"]

#: The columns of a path: one row per hop.
PATH_COLUMNS = ["step", "from", "relation", "to", "weight", "unit", "strength", "cost", "against",
                "explanation", "sources"]
#: Relation families left out of paths unless asked for: a rivalry is not a channel of influence.
EXCLUDED_FAMILIES = (NAME.rivalryRelation,)
#: How a hop taken against its edge reads: "X is led by Y" for the edge "Y leads X".
PASSIVE = {
    NAME.investsIn: "receives investment from", NAME.finances: "is financed by", NAME.leads: "is led by",
    NAME.builds: "is built by", NAME.operates: "is operated by", NAME.owns: "is owned by",
    NAME.partnerIn: "has as partner", NAME.partnersWith: "partners with", NAME.supplies: "is supplied by",
    NAME.dependsOn: "is depended on by", NAME.parentOrganisation: "is the parent organisation of",
    NAME.locatedIn: "is the location of", NAME.produces: "is produced by", NAME.exportsTo: "receives exports from",
    NAME.importsFrom: "supplies imports to", NAME.competesWith: "competes with", NAME.tradesWith: "trades with",
    NAME.memberOf: "has as member", NAME.partyTo: "has as party", NAME.holdsPositionIn: "has a position held by",
    NAME.inHostCountry: "hosts", NAME.announced: "was announced by", NAME.hosted: "was hosted by",
    NAME.attended: "was attended by", NAME.signed: "was signed by", NAME.imposes: "is imposed by",
    NAME.imposedOn: "is subject to", NAME.headquarteredIn: "is the headquarters of",
    NAME.holdsReservesOf: "is held in reserve by", NAME.circumvents: "is circumvented by",
}

# ----------------------------------------------------------------------------- the result
@dataclass
class InfluencePaths:
    """Paths from ``source`` to ``target``; each path a DataFrame with one row per hop (:data:`PATH_COLUMNS`).

    Attributes
    ----------
    source, target : str
        Labels of the two ends; ``source_id`` and ``target_id`` are their node ids.
    directed : bool
        Whether the paths follow the edges' direction (false after the fallback, or when asked for).
    shortest, strongest : pandas.DataFrame
        Fewest hops; least summed ``1 / strength``. Empty when there is no path (and when source is target).
    alternatives : list of pandas.DataFrame
        Up to ``k`` further paths, in order of cost.
    reason : str or None
        Why there is no path, why direction was ignored, or that source and target are the same.
    """

    source: str
    target: str
    source_id: object
    target_id: object
    directed: bool
    shortest: object
    strongest: object
    alternatives: list = field(default_factory=list)
    reason: str | None = None

    @property
    def found(self) -> bool:
        """Whether a path links source and target (a path of no hops when they are the same)."""
        return self.source_id == self.target_id or not self.shortest.empty

    @property
    def paths(self) -> list:
        """Every distinct path: the shortest, the strongest (when different), then the alternatives."""
        out = [self.shortest] if not self.shortest.empty else []
        if not self.strongest.empty and not _same_path(self.strongest, self.shortest):
            out.append(self.strongest)
        return out + list(self.alternatives)

    def to_text(self) -> str:
        """The result in words: each path, one line per hop with its sources."""
        lines = [f"Influence paths from {self.source} to {self.target}"]
        if self.reason:
            lines.append(self.reason)
        named = [("Shortest", self.shortest)]
        if not _same_path(self.strongest, self.shortest):
            named.append(("Strongest", self.strongest))
        else:
            named[0] = ("Shortest and strongest", self.shortest)
        named += [(f"Alternative {i}", p) for i, p in enumerate(self.alternatives, 1)]
        for title, path in named:
            if path.empty:
                continue
            lines.append(f"{title} ({len(path)} hop{'s' if len(path) != 1 else ''}, cost {path['cost'].sum():.2f}):")
            for row in path.itertuples(index=False):
                lines.append(f"  {row.step}. {row.explanation} [{', '.join(row.sources) or 'registry'}]")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _same_path(a, b) -> bool:
    if a.empty or b.empty:
        return a.empty and b.empty
    return list(a["from"]) == list(b["from"]) and list(a["to"]) == list(b["to"]) and \
        list(a["relation"]) == list(b["relation"]) and list(a["against"]) == list(b["against"])


def _empty():
    import pandas as pd
    return pd.DataFrame(columns=PATH_COLUMNS)


# ----------------------------------------------------------------------------- the hop graph
def _rank(d: dict, forward: bool):
    """Sort key of a candidate edge for a hop: strongest first, then forward, better sourced, by relation."""
    return (-float(d.get("strength") or 1.0), not forward, -len(d.get("sources") or ()), d.get("relation") or "")


def _hop_graph(G, relations, directed: bool):
    """``DiGraph`` of hops: each carries its best edge (``best``), the others (``others``) and ``cost``."""
    import networkx as nx
    wanted = None if relations is None else ({relations} if isinstance(relations, str) else set(relations))
    candidates: dict[tuple, list] = {}
    excluded = family(G, *EXCLUDED_FAMILIES) if relations is None else frozenset()
    for u, v, d in G.edges(data=True):
        relation = d.get("relation")
        if u == v or relation in excluded or \
                (wanted is not None and relation not in wanted):
            continue
        candidates.setdefault((u, v), []).append((True, d))
        if not directed:
            candidates.setdefault((v, u), []).append((False, d))
    H = nx.DiGraph()
    H.add_nodes_from(G)
    for (u, v), edges in candidates.items():
        edges = merged_edges(G, u, v, edges)
        edges.sort(key=lambda fd: _rank(fd[1], fd[0]))
        forward, best = edges[0]
        H.add_edge(u, v, forward=forward, best=best, others=edges[1:],
                   cost=1.0 / max(float(best.get("strength") or 1.0), 1.0))
    return H


# ----------------------------------------------------------------------------- hops in words
def _relation_words(G, relation: str) -> str:
    labels = G.graph.get("relation_labels", {})
    return labels.get(relation) or relation


def _figure(d: dict) -> str:
    if d.get("figure_text"):
        return d["figure_text"]
    per = "yr" if d.get("relation") == NAME.produces and d.get("measure") == "quantity" \
        and d.get("unit") not in ("A90", "MAW", "KWT") else None
    return format_figure(d.get("weight"), d.get("measure"), d.get("unit"), per=per)


def _others(G, chosen: dict, others, most: int = 4) -> str:
    """"also: invests in ×2 (USD 1 bn), partners with" for the parallel edges a hop did not take.

    An edge of the same fact as one already counted (a symmetric tie stored both ways) counts once; after
    ``most`` relations the rest are counted, not named.
    """
    facts = {chosen.get("fact"), *(chosen.get("facts") or ())} - {None}
    groups: dict[str, list] = {}
    for forward, d in others:
        if d.get("fact") is not None:
            if d["fact"] in facts:
                continue
            facts.update({d["fact"], *(d.get("facts") or ())})
        words = _relation_words(G, d.get("relation"))
        groups.setdefault(words if forward else f"{words} (reverse)", []).append(d)
    parts = []
    for words, edges in groups.items():
        text = words + (f" ×{len(edges)}" if len(edges) > 1 else "")
        figures = [f for f in (_figure(d) for d in edges) if f]
        if figures:
            text += f" ({', '.join(figures)})"
        parts.append(text)
    if len(parts) > most:
        rest = sum(len(e) for e in list(groups.values())[most:])
        parts = parts[:most] + [f"{rest} more"]
    return "also: " + ", ".join(parts) if parts else ""


def _explain(G, a, b, forward: bool, d: dict, others) -> str:
    relation = d.get("relation")
    words = _relation_words(G, relation)
    if forward:
        text = f"{label(G, a)} {words} {label(G, b)}"
    elif relation in PASSIVE:
        text = f"(against the direction: {label(G, a)} {PASSIVE[relation]} {label(G, b)})"
    else:
        text = f"(against the direction: {label(G, b)} {words} {label(G, a)})"
    ends = {label(G, a).casefold(), label(G, b).casefold()}
    topics = [t for t in dict.fromkeys([*d.get("sectors", ()), *d.get("commodities", ()), *d.get("domains", ())])
              if t.casefold() not in ends]
    details = [f for f in (_figure(d), ", ".join(topics)) if f]
    if details:
        text += f" ({'; '.join(details)})"
    also = _others(G, d, others)
    return f"{text}; {also}" if also else text


def _path_frame(G, H, nodes):
    import pandas as pd
    rows = []
    for step, (a, b) in enumerate(pairwise(nodes), 1):
        hop = H[a][b]
        d = hop["best"]
        rows.append({"step": step, "from": label(G, a), "relation": d.get("relation"), "to": label(G, b),
                     "weight": d.get("weight"), "unit": d.get("unit"), "strength": float(d.get("strength") or 1.0),
                     "cost": hop["cost"], "against": not hop["forward"],
                     "explanation": _explain(G, a, b, hop["forward"], d, hop["others"]),
                     "sources": locators(d.get("sources", ()))})
    frame = pd.DataFrame(rows, columns=PATH_COLUMNS)
    frame.attrs["nodes"] = list(nodes)
    return frame


def _search(H, s, t, k: int):
    """``(shortest, strongest, alternatives)`` as node lists, or ``None`` when ``t`` is unreachable."""
    import networkx as nx
    if not nx.has_path(H, s, t):
        return None
    per_hop = H.number_of_nodes() + 1.0  # more than any path's summed cost: hops first, then cost
    shortest = nx.dijkstra_path(H, s, t, weight=lambda _u, _v, d: per_hop + d["cost"])
    strongest = nx.dijkstra_path(H, s, t, weight="cost")
    alternatives = []
    if k > 0:
        for path in nx.shortest_simple_paths(H, s, t, weight="cost"):
            if path != shortest and path != strongest:
                alternatives.append(path)
            if len(alternatives) >= k:
                break
    return shortest, strongest, alternatives


# ----------------------------------------------------------------------------- the analysis
def influence_paths(G, source, target, k: int = 3, directed: bool = True, relations=None,
                    fallback: bool = True) -> InfluencePaths:
    """The shortest and the strongest paths from ``source`` to ``target``, and up to ``k`` alternatives.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    source, target : str
        Names, labels or ids of the two ends.
    k : int
        How many alternative paths at most (0 for none).
    directed : bool
        Follow the edges' direction (the default); false searches as if every edge ran both ways.
    relations : iterable of str, optional
        Only these relations (default: all but those of :data:`EXCLUDED_FAMILIES`).
    fallback : bool
        When ``directed`` and no path follows the direction, search again ignoring it (the default).

    Returns
    -------
    InfluencePaths
        ``shortest``, ``strongest`` and ``alternatives`` as DataFrames (:data:`PATH_COLUMNS`), ``directed``,
        and a ``reason`` when direction was ignored, no path exists, or source is target.

    Raises
    ------
    AnalysisError
        An empty graph, or a negative ``k``.
    UnknownEntity
        A name that matches no node (with suggestions).

    Examples
    --------
    The strongest path is not the shortest when a longer chain carries figures:

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(relation_labels={"partnerIn": "partner in", "investsIn": "invests in"})
    >>> for n in "ABCD":
    ...     G.add_node(n, label=n, type="Entity", types=["Entity"])
    >>> _ = G.add_edge("A", "D", relation="partnerIn", strength=1.0, sources=[("001_x", 1)])
    >>> _ = G.add_edge("A", "B", relation="investsIn", strength=5.0, sources=[("001_x", 2)])
    >>> _ = G.add_edge("B", "D", relation="investsIn", strength=4.0, sources=[("001_x", 3)])
    >>> r = influence_paths(G, "A", "D")
    >>> r.shortest["to"].tolist(), r.strongest["to"].tolist(), r.directed
    (['D'], ['B', 'D'], True)

    Against the direction, as a last resort:

    >>> r = influence_paths(G, "D", "A", k=0)
    >>> r.directed, r.shortest["explanation"].tolist()
    (False, ['(against the direction: D has as partner A)'])
    """
    require_nodes(G, "influence paths")
    if k < 0:
        raise AnalysisError(f"influence paths: k must be 0 or more, not {k}")
    s = source if source in G else find_node(G, source)
    t = target if target in G else find_node(G, target)
    names = label(G, s), label(G, t)
    if s == t:
        return InfluencePaths(*names, s, t, directed, _empty(), _empty(), [],
                              f"{names[0]} is both source and target: the path has no hops")
    H = _hop_graph(G, relations, directed)
    found = _search(H, s, t, k)
    reason = None
    if found is None and directed and fallback:
        H = _hop_graph(G, relations, False)
        found = _search(H, s, t, k)
        directed = False
        if found is not None:
            reason = (f"No path from {names[0]} to {names[1]} follows the direction of the edges; these paths "
                      f"ignore it (hops marked 'against the direction')")
    if found is None:
        which = " with the relations asked for" if relations is not None else ""
        how = "even ignoring the direction of the edges" if not directed else "following the edges' direction"
        return InfluencePaths(*names, s, t, directed, _empty(), _empty(), [],
                              f"No path links {names[0]} to {names[1]}{which}, {how}")
    shortest, strongest, alternatives = found
    return InfluencePaths(*names, s, t, directed, _path_frame(G, H, shortest), _path_frame(G, H, strongest),
                          [_path_frame(G, H, p) for p in alternatives], reason)
