"""Claims as records: who says what, where; which facts several sources corroborate and where they disagree.

A claim is one statement of one source document at one paragraph. Claims that speak to the same question share
an ``ig:fact`` key. For a fact stated by several sources, each property is compared source by source: the same
values corroborate, different values are a conflict. Both claims always stay in the graph.

Not every difference is a disagreement. Values at different precision agree (2025-06 and 2025-06-16; Astana and
Kazakhstan). These kinds of difference are kept apart from conflicts, as :class:`Difference`, each with its reason:

- project statuses that are stages of one life (``ig:lifecycleStage`` in the ontology): a claim dated later that
  states a later or equal stage, or a claim without a date, is a step on the project's timeline; only a claim
  dated later that states an *earlier* stage (or two claims of the same date that state different statuses)
  disagree;
- the dates of claims that state different statuses (each dates its own stage);
- attributions in different roles (``ig:attributionRole``): the institute that compiled a data set and the
  project that analysed it are both credited rightly;
- a date the curator inferred (e.g. the publication year given an undated stock as ``ig:asOf``) against a date
  another source states;
- numbers whose ranges overlap ("nearly USD 25 bn", 22.5–25 bn, and "USD 24 bn"): a claim's range is
  ``[ig:lowerBound, ig:upperBound]`` (a missing bound is open) when its bounds bracket the number it states,
  else the number itself; money amounts and quantities are compared by ``schema:value`` in the same unit.
  "More than 1,000" (1,000 to open) and "900" do not overlap: that stays a conflict.

Each real conflict carries its kind, read from the ontology (``ig:conflictKind`` of the property: value, party,
date, status regression, attribution), and, where the sides are numbers in one unit, how far apart they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Dataset, Literal, URIRef

from .agreement import OVERLAPPING, Rules, compatible, containment, same_or_finer
from .vocab import CATALOGUE_GRAPH, ENTITIES_GRAPH, IG, ONTOLOGY_GRAPH, RDF, RDFS, SCHEMA, SKOS, SOURCE

__all__ = ["Claim", "Conflict", "Difference", "FactSummary", "Labeller", "all_claims", "facts", "conflicts", "claims_about",
           "numbers"]

#: Properties that locate or annotate a claim rather than state its content; not compared across sources. (A
#: figure's kind and scope must agree within a fact, which a test checks; bounds follow the approximation.)
NOT_COMPARED = frozenset({IG.source, IG.paragraph, IG.fact, IG.note, RDF.type, IG.sector, IG.approximation,
                          IG.attributionRole, IG.lowerBound, IG.upperBound, IG.partOf, IG.figureKind,
                          IG.figureScope, IG.modality, IG.curatorInference, IG.inferredStatement})
#: Claim kinds whose ``ig:attributedTo`` names who produced the figure, so that sources crediting different
#: producers disagree. For other kinds it is only the outlet a document cites, and citing different outlets
#: is not a disagreement.
PRODUCER_MATTERS = frozenset({IG.Measurement})
#: Properties whose values are numbers a source states, directly on the claim ...
NUMBER_PROPERTIES = (IG.share, IG.previousShare, IG.itemCount, IG.jobs, IG.worldRank, IG.worldRankAtMost,
                     IG.changeRatio, IG.purity)
#: ... or on a value node (schema:value of a money amount or a quantity).
VALUE_NODE_PROPERTIES = (IG.amount, IG.quantity, IG.previousQuantity)


class Labeller:
    """Human-readable names for terms: preferred labels, value nodes as ``USD 12,000,000,000``."""

    def __init__(self, ds: Dataset):
        self._labels: dict[URIRef, str] = {}
        for graph in (ds.graph(ONTOLOGY_GRAPH), ds.graph(ENTITIES_GRAPH), ds.graph(CATALOGUE_GRAPH)):
            for s, o in graph.subject_objects(SKOS.prefLabel):
                self._labels.setdefault(s, str(o))
            for s, o in graph.subject_objects(RDFS.label):
                self._labels.setdefault(s, str(o))
        # one pass over the union per property: asking each graph in turn costs rdflib's memory store a scan of
        # every graph's statements per graph (minutes at a million triples)
        found = {prop: _first_objects(ds, prop) for prop in (SCHEMA.value, SCHEMA.currency, SCHEMA.unitCode)}
        self._values: dict[URIRef, str] = {}
        for node, value in found[SCHEMA.value].items():
            unit = found[SCHEMA.currency].get(node) or found[SCHEMA.unitCode].get(node) or ""
            self._values[node] = f"{unit} {_fmt(value)}".strip()

    def __call__(self, term) -> str:
        if isinstance(term, Literal):
            return _fmt(term)
        if term in self._values:
            return self._values[term]
        if term in self._labels:
            return self._labels[term]
        text = str(term)
        if text.startswith(str(SOURCE)):
            return text[len(str(SOURCE)):]
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _first_objects(ds: Dataset, prop) -> dict:
    """Each subject of ``prop`` in any graph with the least of its objects (one, whichever graph states it)."""
    out: dict = {}
    for s, _p, o, _g in ds.quads((None, prop, None, None)):
        if s not in out or _sort_key(o) < _sort_key(out[s]):
            out[s] = o
    return out


def _fmt(value) -> str:
    py = value.toPython() if isinstance(value, Literal) else value
    if isinstance(py, Decimal):
        py = int(py) if py == py.to_integral_value() and abs(py) >= 1 else py
    if isinstance(py, int) and not isinstance(py, bool) and abs(py) >= 10000:
        return f"{py:,}"
    return str(py)


@dataclass(frozen=True)
class Claim:
    """One statement of one source. ``values`` maps each property to the sorted values it states."""

    iri: URIRef
    kind: URIRef
    source: URIRef
    paragraph: int | None
    fact: URIRef | None
    values: dict = field(hash=False, compare=False)
    #: what the curator inferred of it: ``(properties, reason)`` pairs, ``()`` as properties for the whole claim
    #: (see :mod:`influencegraph.inferences`)
    inferences: tuple = field(default=(), hash=False, compare=False)

    @property
    def source_id(self) -> str:
        return str(self.source)[len(str(SOURCE)):]


def _claim_classes(ds: Dataset) -> set[URIRef]:
    return set(ds.graph(ONTOLOGY_GRAPH).transitive_subjects(RDFS.subClassOf, IG.Claim))


def all_claims(ds: Dataset) -> list[Claim]:
    """Every claim of every source graph, ordered by source, paragraph and IRI.

    Each source graph is read in one pass (one scan of the store, whatever store it is), its statements grouped
    by subject."""
    classes = _claim_classes(ds)
    out = []
    for name in sorted(_source_graphs(ds)):
        statements: dict = defaultdict(lambda: defaultdict(list))
        for s, p, o in ds.graph(name):
            statements[s][p].append(o)
        for s, values in statements.items():
            out.extend(_claims_of(s, name, values, statements, classes))
    return _in_order(out)


def _source_graphs(ds: Dataset) -> set:
    return set(ds.graph(CATALOGUE_GRAPH).subjects(RDF.type, IG.SourceDocument))


def _in_order(claims: list[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (str(c.source), c.paragraph or 0, str(c.iri)))


def _claims_of(s, name, values: dict, statements, classes) -> list[Claim]:
    """The claims a subject's statements in the source graph ``name`` make (one per claim class it has; none if it
    is no claim). ``statements`` gives the statements of other subjects of that graph (for inferences)."""
    kinds = [k for k in values.get(RDF.type, ()) if k in classes]
    if not kinds:
        return []
    paragraph = values.get(IG.paragraph, (None,))[0]
    fact = values.get(IG.fact, (None,))[0]
    return [Claim(
        iri=s, kind=kind, source=name,
        paragraph=paragraph.toPython() if isinstance(paragraph, Literal) else None,
        fact=fact,
        values={p: tuple(sorted(v, key=_sort_key)) for p, v in values.items()},
        inferences=_inferences(values, statements),
    ) for kind in kinds]


class _SubjectStatements(dict):
    """A source graph's statements by subject, read from the store one subject at a time, as asked for."""

    def __init__(self, graph):
        super().__init__()
        self.graph = graph

    def __missing__(self, subject):
        values: dict = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            values[p].append(o)
        self[subject] = values
        return values

    def get(self, subject, default=None):
        return self[subject]


def _naming(ds: Dataset, entity: URIRef) -> list[Claim]:
    """The claims that name ``entity``, read from the statements naming it: no scan of the other claims."""
    classes = _claim_classes(ds)
    sources = _source_graphs(ds)
    by_graph: dict = defaultdict(set)
    for s, _p, _o, g in ds.quads((None, None, entity, None)):
        by_graph[g.identifier if hasattr(g, "identifier") else g].add(s)
    out = []
    for name in sorted(sources & set(by_graph)):
        statements = _SubjectStatements(ds.graph(name))
        for s in sorted(by_graph[name]):
            out.extend(_claims_of(s, name, statements[s], statements, classes))
    return _in_order(out)


def _inferences(values: dict, statements: dict) -> tuple:
    """A claim's ``ig:curatorInference`` (the whole claim) and ``ig:inferredStatement`` nodes, as
    ``(properties, reason)``."""
    found = [((), str(r)) for r in values.get(IG.curatorInference, ())]
    for node in sorted(values.get(IG.inferredStatement, ()), key=_sort_key):
        record = statements.get(node, {})
        for reason in record.get(IG.inferenceReason, ())[:1]:
            found.append((tuple(sorted(record.get(IG.inferredProperty, ()))), str(reason)))
    return tuple(found)


def _sort_key(term):
    return (type(term).__name__, str(term))


@dataclass(frozen=True)
class Conflict:
    """Sources that state a different value for the same property of the same fact."""

    fact: URIRef
    property: URIRef
    #: source IRI -> (values, the claims that state them)
    positions: dict = field(hash=False, compare=False)
    #: the ontology's ig:ConflictKind of the property (ig:ValueConflict where it declares none)
    kind: URIRef = IG.ValueConflict
    #: for numbers in one unit, the largest minus the smallest value stated (what taking one side moves a total
    #: by); None otherwise
    spread: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Difference:
    """Sources that state different values that do not disagree: successive lifecycle stages of a project, the
    compiler and the analyst of a data set credited for one figure, or numbers whose ranges overlap."""

    fact: URIRef
    property: URIRef
    reason: str
    positions: dict = field(hash=False, compare=False)


@dataclass(frozen=True)
class FactSummary:
    fact: URIRef
    sources: tuple
    claims: tuple = field(hash=False, compare=False)
    agreed: tuple = field(hash=False, compare=False)  # properties all sources that state them agree on
    conflicts: tuple = field(hash=False, compare=False)
    differences: tuple = field(default=(), hash=False, compare=False)

    @property
    def corroborated(self) -> bool:
        return len(self.sources) >= 2


def _content(values_by_source: dict, labeller: Labeller) -> dict:
    return {src: tuple(sorted({labeller(v) for v in vals})) for src, vals in values_by_source.items()}


def facts(ds: Dataset, claims: list[Claim] | None = None, labeller: Labeller | None = None) -> list[FactSummary]:
    """Every fact key with the sources that state it, what they agree on and where they conflict."""
    claims = all_claims(ds) if claims is None else claims
    label = labeller or Labeller(ds)
    within = containment(ds)
    rules = Rules(ds)
    by_fact: dict[URIRef, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.fact is not None:
            by_fact[c.fact].append(c)
    out = []
    for fact in sorted(by_fact):
        group = by_fact[fact]
        sources = tuple(sorted({c.source for c in group}))
        agreed, conflicting, differing = [], [], []
        if len(sources) >= 2:
            props = sorted({p for c in group for p in c.values} - NOT_COMPARED)
            for prop in props:
                per_source: dict[URIRef, list] = defaultdict(list)
                for c in group:
                    per_source[c.source].extend((v, c) for v in c.values.get(prop, ()))
                stated = {s: v for s, v in per_source.items() if v}
                if len(stated) < 2:
                    continue
                if prop == IG.attributedTo and not all(c.kind in PRODUCER_MATTERS for c in group):
                    continue
                shown = _content({s: {v for v, _c in items} for s, items in stated.items()}, label)
                plain = lambda a, b: same_or_finer(a[0], b[0], within)  # noqa: E731
                if len(set(shown.values())) == 1 or compatible(list(stated.values()), plain):
                    agreed.append(prop)
                    continue
                positions = {s: (shown[s], tuple(c for c in group if c.source == s and c.values.get(prop)))
                             for s in sorted(stated)}
                reason = rules.reason(prop, stated) or (OVERLAPPING if rules.numeric(stated) else None)
                if reason and compatible(list(stated.values()), lambda a, b: plain(a, b) or rules.match(prop, a, b)):
                    differing.append(Difference(fact, prop, reason, positions))
                else:
                    spread, unit = rules.spread(stated)
                    conflicting.append(Conflict(fact, prop, positions, rules.kind(prop), spread, unit))
        out.append(FactSummary(fact, sources, tuple(group), tuple(agreed), tuple(conflicting), tuple(differing)))
    return out


def conflicts(ds: Dataset) -> list[Conflict]:
    """Every property of every fact on which sources disagree, in fact order."""
    return [c for f in facts(ds) for c in f.conflicts]


def numbers(claim: Claim, ds: Dataset) -> list[Literal]:
    """Every number ``claim`` states: shares, counts, ranks, and the values of its amounts and quantities."""
    graph = ds.graph(claim.source)
    found = [v for prop in NUMBER_PROPERTIES for v in claim.values.get(prop, ())]
    for prop in VALUE_NODE_PROPERTIES:
        for node in claim.values.get(prop, ()):
            found += list(graph.objects(node, SCHEMA.value))
    return found


def claims_about(ds: Dataset, entity: URIRef, claims: list[Claim] | None = None) -> list[Claim]:
    """Claims that name ``entity`` in any role: among ``claims``, or (None) read from the statements that name it,
    without reading every claim."""
    if claims is None:
        return _naming(ds, entity)
    return [c for c in claims if any(entity in vals for vals in c.values.values())]
