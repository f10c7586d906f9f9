"""Tooltips as plain text: what a node is and the figures stated about it, what an edge says, and the source
document and paragraph behind each.

vis-network shows a string tooltip as text (``innerText``), never as HTML, so a label such as
``<img onerror=...>`` is shown as those characters. Figures are formatted for people (``USD 12 bn``,
``3 Mt/yr``, ``4.5 GW``, ``81%``); they live here, not as nodes of their own.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(relation_labels={"investsIn": "invests in"})
>>> G.add_node("a", label="East Hope Group", type="Company", types=["Company"], country=None)
>>> G.add_node("b", label="Aluminium complex", type="Project", types=["Project"], country=None)
>>> _ = G.add_edge("a", "b", relation="investsIn", weight=12e9, measure="usd", unit="USD",
...                values={12e9: [("000_x", 5)]}, sources=[("000_x", 5)], sectors=["aluminium"])
>>> print(edge_tooltip(G, "a", "b", G["a"]["b"][0], {"000": {"title": "A report", "outlet": "Desk",
...                                                          "issued": "2025"}}))
East Hope Group → invests in → Aluminium complex
Amount: USD 12 bn
Sectors: aluminium
Sources:
  000 ¶5 — A report (Desk, 2025)
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..analysis.common import locator, locators
from ..inferences import SEPARATOR
from ..formatting import number, percent, quantity, usd
from ..vocab import NAME

__all__ = ["edge_tooltip", "node_tooltip", "node_facts", "figure_text", "source_lines", "MAX_SOURCES", "MAX_FACTS"]

MAX_SOURCES = 8
MAX_FACTS = 8
_FIGURE_NAMES = {"usd": "Amount", "share": "Share", "quantity": "Quantity"}


def figure_text(measure, value, unit=None) -> str:
    """A figure for people.

    Examples
    --------
    >>> figure_text("usd", 1.5e9), figure_text("share", 0.81), figure_text("quantity", 4.5, "A90")
    ('USD 1.5 bn', '81%', '4.5 GW')
    """
    if measure == "usd":
        return usd(value) if unit in (None, "USD") else f"{unit} {number(value)}"
    if measure == "share":
        return percent(value)
    return quantity(value, unit)


def source_lines(pairs, catalogue: dict, limit: int = MAX_SOURCES) -> list[str]:
    """One line per source document: its paragraphs, title, outlet and date.

    Examples
    --------
    >>> source_lines([("001_x", 3), ("001_x", 12), ("000_y", 5)], {"000": {"title": "T", "outlet": "", "issued": ""}})
    ['000 ¶5 — T', '001 ¶3, ¶12']
    """
    paragraphs: dict[str, list] = defaultdict(list)
    for source, paragraph in pairs:
        if paragraph not in paragraphs[source[:3]]:
            paragraphs[source[:3]].append(paragraph)
    lines = []
    for number_, paras in sorted(paragraphs.items()):
        where = ", ".join(f"¶{p}" for p in sorted(p for p in paras if p is not None)) or "(no paragraph)"
        doc = catalogue.get(number_) or {}
        about = ", ".join(x for x in (doc.get("outlet"), doc.get("issued")) if x)
        title = doc.get("title", "")
        lines.append(f"{number_} {where}" + (f" — {title}" if title else "") + (f" ({about})" if about and title
                                                                                 else ""))
    if len(lines) > limit:
        lines = lines[:limit] + [f"… and {len(lines) - limit} more documents"]
    return lines


def _name(G, node, names=None) -> str:
    if names and node in names:
        return names[node]
    if node in G:
        return G.nodes[node].get("label") or str(node).rsplit("/", 1)[-1]
    return str(node).rsplit("/", 1)[-1]


def edge_tooltip(G, u, v, data: dict, catalogue: dict, names=None) -> str:
    """What the edge says: ends, relation, figure (each stated value with its sources when they differ),
    sectors, commodities, purpose, role, status, dates, and its sources."""
    relation = data.get("relation", "")
    said = (G.graph.get("relation_labels") or {}).get(relation, relation)
    arrow = "↔" if relation in (G.graph.get("symmetric") or ()) else "→"
    lines = [f"{_name(G, u, names)} {arrow} {said} {arrow} {_name(G, v, names)}"]
    measure, weight = data.get("measure"), data.get("weight")
    if weight is not None:
        text = figure_text(measure, weight, data.get("unit"))
        low, high = data.get("low"), data.get("high")
        if (low, high) != (weight, weight) and "low" in data:
            text += " (" + (f"{figure_text(measure, low, data.get('unit'))} to " if low is not None else "up to ") \
                + (figure_text(measure, high, data.get("unit")) if high is not None else "open") + ")"
        if data.get("figure_kind"):
            kind = data["figure_kind"]
            if kind == "stock":
                kind += f" at {data['as_of_date']}" if data.get("as_of_date") else ", date not stated"
            text += f" [{kind}{', ' + data['scope'] if data.get('scope') else ''}]"
        values = data.get("values") or {}
        if len(values) > 1:
            stated = "; ".join(f"{figure_text(measure, value, data.get('unit'))} in "
                               f"{', '.join(locator(s, p) for s, p in where)}" for value, where in
                               sorted(values.items(), reverse=True))
            text += f" (sources differ: {stated})"
        lines.append(f"{_FIGURE_NAMES.get(measure, 'Figure')}: {text}")
        lines += _pair_lines(G, u, v, data)
    for field, title in (("sectors", "Sectors"), ("commodities", "Commodities"), ("domains", "Domains"),
                         ("purposes", "For")):
        if data.get(field):
            lines.append(f"{title}: {'; '.join(data[field])}")
    for field, title in (("role", "Role"), ("status", "Status")):
        if data.get(field):
            lines.append(f"{title}: {data[field]}")
    if data.get("date"):
        lines.append(f"Date: {data['date']}")
    if data.get("period_start") or data.get("period_end"):
        lines.append(f"Period: {data.get('period_start') or '…'} – {data.get('period_end') or '…'}")
    if data.get("modality", "stated") != "stated":
        lines.append(f"Not stated as fact: {data['modality']}")
    if data.get("inferred"):
        lines.append(f"Curator's inference: {data['inferred']}")
    if data.get("inferred_parts"):
        lines.append(f"Also inferred by the curator: {SEPARATOR.join(data['inferred_parts'])}")
    lines += _sources_block(data.get("sources") or (), catalogue, structural=data.get("fact") is None)
    return "\n".join(lines)


def _pair_lines(G, u, v, data: dict) -> list[str]:
    """Where this edge's amount is one of several of its relation between the two ends: what the adding-up rule
    gives for them all (:mod:`~influencegraph.analysis.pair_figures`), and what it did with this one."""
    from ..analysis.pair_figures import adds_up, pair_figures
    if not adds_up(data) or not G.is_multigraph():
        return []
    mates = [d for d in G[u][v].values() if d.get("relation") == data.get("relation") and adds_up(d)]
    if len(mates) < 2:
        return []
    pair = pair_figures(G, u, v, mates)[0]
    return [f"All {len(mates)} figures of this tie, added up by the rule: {pair.text()}",
            f"This figure: {pair.role(data) or 'not read'}"]


def _sources_block(pairs, catalogue, structural: bool = False) -> list[str]:
    if not pairs:
        return ["Source: the entity registry" if structural else "Sources: none stated"]
    return ["Sources:", *(f"  {line}" for line in source_lines(pairs, catalogue))]


def node_tooltip(G, node, catalogue: dict, facts=(), score=None, size_by: str | None = None, names=None) -> str:
    """What the node is: label, type and state, sectors, the figures stated about it (each with its locators),
    its ties in the view by relation, its centrality, and the documents that speak of it.

    ``facts`` are ``(text, [(source, paragraph), ...])`` pairs, e.g. from :func:`node_facts`; without them the
    sources are those of the node's edges.
    """
    data = G.nodes[node]
    kind = data.get("type") or NAME.Entity
    lines = [data.get("label") or _name(G, node)]
    country = data.get("country")
    lines.append(kind + (f" · {_name(G, country, names)}" if country and country != node else ""))
    if data.get("sectors"):
        lines.append(f"Sectors: {'; '.join(data['sectors'])}")
    facts = list(facts)
    if facts:
        lines.append("Figures and status:")
        for text, pairs in facts[:MAX_FACTS]:
            lines.append(f"  • {text} — {', '.join(locators(pairs))}")
        if len(facts) > MAX_FACTS:
            lines.append(f"  … and {len(facts) - MAX_FACTS} more")
    ties = defaultdict(int)
    pairs = set()
    labels = G.graph.get("relation_labels") or {}
    for _u, _v, d in (*G.out_edges(node, data=True), *G.in_edges(node, data=True)):
        ties[labels.get(d.get("relation"), d.get("relation"))] += 1
        pairs.update(tuple(s) for s in d.get("sources") or ())
    if ties:
        lines.append("Ties in this view: " + ", ".join(f"{name} {n}" for name, n in sorted(ties.items())))
    if score is not None and size_by not in (None, "none"):
        lines.append(f"Centrality ({size_by}): {score:.4g}")
    if facts:
        pairs = {p for _text, ps in facts for p in ps} | pairs
    lines += _sources_block(sorted(pairs, key=lambda s: (s[0], s[1] or 0)), catalogue, structural=True)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- figures about nodes, from claims
def node_facts(kg, nodes) -> dict:
    """For each node (IRI string), the figures, statuses and expected dates the claims about it state, as
    ``(text, [(source id, paragraph), ...])``. A fact restated by several claims is one entry citing them all, in
    the words of its most detailed claim; one whose claims state other numbers says those too ("also stated as").
    The same text stated of different facts is one entry as well."""
    from ..vocab import IG
    wanted = set(nodes)
    found: dict[str, dict] = defaultdict(dict)
    for claim in kg.claims():
        named = {str(v) for values in claim.values.values() for v in values} & wanted
        text = _claim_text(kg, claim, IG) if named else None
        if not text:
            continue
        fact = str(claim.fact) if claim.fact is not None else str(claim.iri)
        for node in named:
            entry = found[node].setdefault(fact, {"texts": [], "pairs": []})
            entry["texts"].append(text)
            entry["pairs"].append((claim.source_id, claim.paragraph))
    out = {}
    for node, facts in found.items():
        texts: dict[str, list] = {}
        for entry in facts.values():
            texts.setdefault(_one_text(entry["texts"]), []).extend(entry["pairs"])
        out[node] = sorted(texts.items(), key=lambda kv: (_first(kv[1]), kv[0]))
    return out


_NUMBER = re.compile(r"\d[\d.,]*")
_DATE = re.compile(r"\b\d{4}(-\d{2}){0,2}\b")      # a date at any precision is not a figure


def _one_text(texts) -> str:
    """One fact's texts as one: the most detailed, and any other that states numbers it does not.

    Examples
    --------
    >>> _one_text(["investment: USD 12 bn", "investment: USD 12 bn, 2025-06"])
    'investment: USD 12 bn, 2025-06'
    >>> _one_text(["signing: USD 25 bn, 2025-06", "signing: USD 25 bn, 2025-06-18"])   # dates are not figures
    'signing: USD 25 bn, 2025-06-18'
    >>> _one_text(["investment: USD 30 bn", "investment: USD 31 bn"])
    'investment: USD 30 bn (also stated as: investment: USD 31 bn)'
    """
    distinct = list(dict.fromkeys(texts))
    main = max(distinct, key=lambda t: (len(t), -distinct.index(t)))
    def figures(text):
        return set(_NUMBER.findall(_DATE.sub("", text)))
    others = [t for t in distinct if t != main and not figures(t) <= figures(main)]
    return main + (f" (also stated as: {'; '.join(others)})" if others else "")


def _first(pairs):
    return min((s, p or 0) for s, p in pairs)


def _claim_text(kg, claim, IG) -> str | None:
    from ..figure_records import claim_bounds
    from ..vocab import SCHEMA
    graph = kg.dataset.graph(claim.source)
    figures = []
    for prop, measure in ((IG.amount, "usd"), (IG.quantity, "quantity")):
        for node in claim.values.get(prop, ()):
            value = graph.value(node, SCHEMA.value)
            unit = graph.value(node, SCHEMA.currency) or graph.value(node, SCHEMA.unitCode)
            if value is not None:
                unit = str(unit) if unit else None
                text = figure_text(measure, float(value.toPython()), unit)
                low, high = claim_bounds(claim, float(value.toPython()))
                if (low, high) != (float(value.toPython()),) * 2:     # an approximate figure: its range too
                    text += " (" + (f"{figure_text(measure, low, unit)} to " if low is not None else "up to ") \
                        + (figure_text(measure, high, unit) if high is not None else "open") + ")"
                if IG.StockFigure in claim.values.get(IG.figureKind, ()):   # a stock is never added to flows,
                    as_of = claim.values.get(IG.asOf, ())                     # nor is it per year (reserves)
                    text = text.replace("/yr", "") + (f" (stock at {as_of[0]})" if as_of else " (stock)")
                figures.append(text)
    for value in claim.values.get(IG.share, ()):
        figures.append(percent(float(value.toPython())))
    for value in claim.values.get(IG.jobs, ()):
        figures.append(f"{number(value.toPython())} jobs")
    for value in claim.values.get(IG.worldRank, ()):
        figures.append(f"world rank {value}")
    extra = []
    for value in claim.values.get(IG.status, ()):
        extra.append(f"status {kg.label(value)}")
    for value in claim.values.get(IG.expectedCompletion, ()):
        extra.append(f"expected {value}")
    if not figures and not extra:
        return None
    about = [kg.label(v) for p in (IG.commodity, IG.indicator) for v in claim.values.get(p, ())]
    kind = kg.label(claim.kind)
    text = f"{kind}: {', '.join(figures + extra)}"
    if about:
        text += f" ({'; '.join(about)})"
    when = [str(v) for p in (IG.date, IG.periodEnd) for v in claim.values.get(p, ())]
    if when:
        text += f", {when[0]}"
    modality = claim.values.get(IG.modality, ())
    if modality and modality[0] != IG.Stated:
        text += f" [not stated as fact: {kg.label(modality[0])}]"
    return text
