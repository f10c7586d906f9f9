"""The build CLI's questions, answered as plain data from a :class:`~influencegraph.graph.KnowledgeGraph`, and the
text the CLI prints for each answer.

The data functions (:func:`stats`, :func:`sources`, :func:`conflicts`, :func:`differences`, :func:`corroborated`)
take the knowledge graph and return dicts and lists of builtins, ready for ``json.dumps``; ``kg.stats()`` and the
other methods of the same names call them. The ``*_text`` functions shape those answers into the lines the
``influencegraph`` commands print.

Examples
--------
>>> print(facts_text([{"fact": "f1", "sources": ["000", "003"], "agreed": ["amount"], "conflicting": []}]))
fact  sources  agree on  disagree on
----  -------  --------  -----------
f1    2        amount
"""

from __future__ import annotations

from collections import Counter

from . import claims as _claims
from .inferences import SEPARATOR, describe
from .tables import table
from .vocab import DERIVED_GRAPH, IG, IGG, ONTOLOGY_GRAPH, RDF, SOURCE

__all__ = ["stats", "sources", "conflicts", "differences", "corroborated",
           "stats_text", "sources_text", "conflicts_text", "build_conflicts_text", "facts_text",
           "queries_text"]


# ---------------------------------------------------------------------------- the answers, as data
def stats(kg) -> dict:
    """Entities by type, claims per source and by kind, facts corroborated and in conflict, graph sizes.

    A build's store answers from the summary its build wrote (the same figures, computed once)."""
    summary = getattr(kg.store, "summary", None)
    if summary is not None:
        return summary
    types = Counter(kg.label(t) for t in kg.entity_types().values())
    claims = kg.claims()
    per_source = Counter(c.source_id for c in claims)
    kinds = Counter(kg.label(c.kind) for c in claims)
    facts = kg.facts()
    derived = Counter(kg.label(p) for _s, p, _o in kg.dataset.graph(DERIVED_GRAPH) if p != RDF.type)
    graphs = {graph_name(g.identifier): len(g) for g in kg.dataset.graphs() if len(g)}
    return {
        "statements": len(kg.dataset),
        "graphs": dict(sorted(graphs.items())),
        "entities": sum(types.values()),
        "entities_by_type": _by_count(types),
        "claims": len(claims),
        "claims_by_source": dict(sorted(per_source.items())),
        "claims_by_kind": _by_count(kinds),
        "facts": len(facts),
        "corroborated_facts": sum(1 for f in facts if f.corroborated),
        "conflicting_facts": sum(1 for f in facts if f.conflicts),
        "conflicts": sum(len(f.conflicts) for f in facts),
        "derived_edges": _by_count(derived),
    }


def sources(kg, name: str) -> dict:
    """What each source document says about an entity, with paragraph locators.

    Returns a dict with the entity, its label, the sources that mention it, and ``by_source``: source id -> list
    of claim rows (paragraph, claim kind, claim IRI, and each stated property in words).
    """
    entity = kg.resolve(name)
    rows: dict[str, list[dict]] = {}
    for claim in _claims.claims_about(kg.dataset, entity, kg._claims):      # all claims only if already read
        rows.setdefault(claim.source_id, []).append(describe_claim(claim, kg.label))
    mentioned = [_source_id(s) for s in kg.sources_list() if (s, IG.mentions, entity) in kg.dataset.graph(s)]
    return {"entity": str(entity), "label": kg.label(entity), "mentioned_by": mentioned,
            "by_source": dict(sorted(rows.items()))}


def _built(kg, question: str):
    """What the build of ``kg``'s store computed for ``question``, if ``kg`` is a build's store."""
    answer = getattr(kg.store, "answer", None)
    return answer(question) if answer is not None else None


def conflicts(kg) -> list[dict]:
    """Where sources disagree, side by side: fact, property, the kind of disagreement (value, party, date,
    status regression, attribution), how far apart numeric sides are (``spread``, in ``unit``; None when the
    sides are not numbers in one unit), and each source's value with its paragraph. A build's store answers from
    what its build computed."""
    built = _built(kg, "conflicts")
    if built is not None:
        return built
    return [{"fact": _fact_name(fact.fact),
             "property": kg.label(conflict.property),
             "kind": kg.label(conflict.kind),
             "spread": _claims._fmt(conflict.spread) if conflict.spread is not None else None,
             "unit": conflict.unit,
             "positions": positions(conflict.positions)}
            for fact in kg.facts() for conflict in fact.conflicts]


def differences(kg) -> list[dict]:
    """Differences between sources that are not disagreements, with the reason: successive lifecycle stages
    of a project (each position with the dates its claims give, in stage order: the project's timeline), or
    the compiler and the analyst of a data set credited for one figure (each with its role), or numbers whose
    ranges overlap (each with the bounds its claims give: ``"nearly: 22,500,000,000 to 25,000,000,000"``). A build's
    store answers from what its build computed."""
    built = _built(kg, "differences")
    if built is not None:
        return built
    out = []
    for fact in kg.facts():
        for diff in fact.differences:
            rows = [_dated(kg, position) for position in positions(diff.positions)]
            rows.sort(key=lambda pos: (pos["stage"] or 0, pos["dates"][:1], pos["source"]))  # the timeline
            out.append({"fact": _fact_name(fact.fact), "property": kg.label(diff.property),
                        "reason": diff.reason, "positions": rows})
    return out


def corroborated(kg, only: bool = True) -> list[dict]:
    """Facts stated by two or more sources (every fact with ``only=False``), with the properties the sources
    agree and disagree on."""
    return [{"fact": _fact_name(f.fact),
             "sources": [_source_id(s) for s in f.sources],
             "agreed": [kg.label(p) for p in f.agreed],
             "conflicting": [kg.label(c.property) for c in f.conflicts]}
            for f in kg.facts() if f.corroborated or not only]


# ---------------------------------------------------------------------------- helpers of the answers
def positions(by_source: dict) -> list[dict]:
    """One row per source of a conflict or difference: its value(s), paragraphs and claims."""
    return [{"source": _source_id(src), "value": "; ".join(values),
             "paragraphs": sorted({c.paragraph for c in cl}), "claims": [str(c.iri) for c in cl]}
            for src, (values, cl) in by_source.items()]


def _dated(kg, position: dict) -> dict:
    """A difference's position with what its claims add: dates, attribution roles, bounds, lifecycle stage."""
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    claims = [c for c in kg.claims() if str(c.iri) in position["claims"]]
    position["dates"] = sorted({str(d) for c in claims for d in c.values.get(IG.date, ())})
    position["roles"] = sorted({kg.label(r) for c in claims for r in c.values.get(IG.attributionRole, ())})
    position["bounds"] = [bounds_text(c, kg.label) for c in claims
                          if IG.lowerBound in c.values or IG.upperBound in c.values]
    position["stage"] = min((int(s) for c in claims for v in c.values.get(IG.status, ())
                             for s in ontology.objects(v, IG.lifecycleStage)), default=None)
    return position


def describe_claim(claim: _claims.Claim, label) -> dict:
    """A claim as a row: paragraph, kind, IRI and each stated property in words (sorted by property)."""
    stated = {}
    for prop, values in claim.values.items():
        if prop in (IG.source, IG.paragraph, RDF.type):
            continue
        if prop == IG.inferredStatement:     # each inferred statement with its reason, not the node's name
            stated[label(prop)] = SEPARATOR.join(describe([r for r in claim.inferences if r[0]], label))
            continue
        stated[label(prop)] = "; ".join(label(v) for v in values)
    return {"paragraph": claim.paragraph, "kind": label(claim.kind), "claim": str(claim.iri),
            "states": dict(sorted(stated.items()))}      # the same order on every run


def bounds_text(claim, label) -> str:
    """A claim's qualifier and range, as ``"more than: 1,000 to open"``."""
    low, high = (claim.values.get(p, (None,))[0] for p in (IG.lowerBound, IG.upperBound))
    qualifier = claim.values.get(IG.approximation, (None,))[0]
    span = f"{_claims._fmt(low) if low is not None else 'open'} to {_claims._fmt(high) if high is not None else 'open'}"
    return f"{label(qualifier)}: {span}" if qualifier is not None else span


def graph_name(identifier) -> str:
    """A named graph's short name.

    Examples
    --------
    >>> graph_name(SOURCE["003_x"]), graph_name(IGG.derived), graph_name("urn:x:g")
    ('src:003_x', 'igg:derived', 'urn:x:g')
    """
    text = str(identifier)
    for ns, prefix in ((str(SOURCE), "src:"), (str(IGG), "igg:")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def _by_count(counts: Counter) -> dict:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _source_id(source) -> str:
    return str(source)[len(str(SOURCE)):]


def _fact_name(fact) -> str:
    return str(fact).rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------- the answers, as text
def stats_text(result: dict) -> str:
    """The ``stats`` command's text: two summary lines, then tables of entities, claims and derived edges."""
    head = (f"{result['statements']} statements in {len(result['graphs'])} graphs; {result['entities']} entities; "
            f"{result['claims']} claims from {len(result['claims_by_source'])} sources\n"
            f"{result['facts']} facts: {result['corroborated_facts']} corroborated by two or more sources, "
            f"{result['conflicting_facts']} with conflicting claims ({result['conflicts']} conflicts)\n")
    tables = [table([{heading: k, column: v} for k, v in result[key].items()])
              for key, heading, column in (("entities_by_type", "type", "entities"),
                                           ("claims_by_source", "source", "claims"),
                                           ("claims_by_kind", "claim kind", "claims"),
                                           ("derived_edges", "derived edge", "count"))]
    return head + "\n" + "\n\n".join(tables)


def build_conflicts_text(result: list[dict]) -> str:
    """What ``build`` says after its summary about conflicts: one line each (empty when there are none)."""
    if not result:
        return ""
    lines = [f"\n{len(result)} conflicts between sources (see `influencegraph conflicts`):"]
    for c in result:
        sides = " vs ".join(f"{p['source'][:3]}: {p['value']}" for p in c["positions"])
        lines.append(f"  {c['fact']} / {c['property']} ({c['kind']}): {sides}")
    return "\n".join(lines)


def sources_text(result: dict) -> str:
    """The ``sources`` command's text: the entity, who mentions it, then each source's claims by paragraph."""
    lines = [f"{result['label']} <{result['entity']}>",
             f"mentioned by: {', '.join(result['mentioned_by']) or '(no source)'}"]
    for source, rows in result["by_source"].items():
        lines.append(f"\n{source}")
        for row in rows:
            stated = "; ".join(f"{k}={v}" for k, v in row["states"].items())
            lines.append(f"  ¶{row['paragraph']:<3} {row['kind']}: {stated}")
    return "\n".join(lines)


def conflicts_text(result: list[dict], different: list[dict]) -> str:
    """The ``conflicts`` command's text: each conflict with its sides, then the differences that are not."""
    lines = [] if result else ["no conflicts"]
    for c in result:
        apart = f"; sides {c['spread']}{' ' + c['unit'] if c['unit'] else ''} apart" if c["spread"] else ""
        lines.append(f"{c['fact']} — {c['property']} ({c['kind']}{apart})")
        lines += [f"  {p['source']} {_paragraphs(p)}: {p['value']}" for p in c["positions"]]
    if different:
        lines.append(f"\nnot conflicts ({len(different)}):")
    for d in different:
        lines.append(f"{d['fact']} — {d['property']}: {d['reason']}")
        lines += [f"  {p['source']} {_paragraphs(p)}: {p['value']}{_detail(d, p)}" for p in d["positions"]]
    return "\n".join(lines)


def _detail(difference: dict, position: dict) -> str:
    """What a difference's position adds after its value: dates of a status, roles, or the overlapping bounds."""
    if position.get("bounds") and difference["reason"] == "overlapping ranges":
        return f" ({'; '.join(position['bounds'])})"
    if difference["property"] == "status":
        return f" ({', '.join(position['dates']) or 'undated'})"
    return f" ({', '.join(position['roles'])})" if position["roles"] else ""


def _paragraphs(position: dict) -> str:
    return ", ".join(f"¶{n}" for n in position["paragraphs"])


def facts_text(rows: list[dict]) -> str:
    """The ``facts`` command's table: each fact, how many sources state it, what they agree and disagree on."""
    return table([{"fact": r["fact"], "sources": len(r["sources"]), "agree on": ", ".join(r["agreed"]),
                   "disagree on": ", ".join(r["conflicting"])} for r in rows])


def queries_text(queries) -> str:
    """``query --list``: each named query (:class:`~influencegraph.sparql.library.NamedQuery`) with its
    description and parameters, then how many there are."""
    queries, lines = list(queries), []
    for q in queries:
        lines += [q.name, f"    {q.description}"]
        lines += [f"    --param {p.name}=<{p.type}>{f' = {p.default}' if p.default else ''}   {p.doc}"
                  for p in q.parameters]
    lines.append(f"\n{len(queries)} named queries; run one with `influencegraph query NAME`.")
    return "\n".join(lines)
