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

from .inferences import infers, located_reasons
from .vocab import CATALOGUE_GRAPH, ENTITIES_GRAPH, IG, ONTOLOGY_GRAPH, RDF, RDFS, SCHEMA, SKOS, SOURCE, XSD

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
_DATES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear})
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
        self._values: dict[URIRef, str] = {}
        for g in ds.graphs():
            for node in set(g.subjects(SCHEMA.value, None)):
                value = g.value(node, SCHEMA.value)
                unit = g.value(node, SCHEMA.currency) or g.value(node, SCHEMA.unitCode) or ""
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
    sources = set(ds.graph(CATALOGUE_GRAPH).subjects(RDF.type, IG.SourceDocument))
    out = []
    for name in sorted(sources):
        statements: dict = defaultdict(lambda: defaultdict(list))
        for s, p, o in ds.graph(name):
            statements[s][p].append(o)
        for s, values in statements.items():
            kinds = [k for k in values.get(RDF.type, ()) if k in classes]
            if not kinds:
                continue
            paragraph = values.get(IG.paragraph, (None,))[0]
            fact = values.get(IG.fact, (None,))[0]
            out.extend(Claim(
                iri=s, kind=kind, source=name,
                paragraph=paragraph.toPython() if isinstance(paragraph, Literal) else None,
                fact=fact,
                values={p: tuple(sorted(v, key=_sort_key)) for p, v in values.items()},
                inferences=_inferences(values, statements),
            ) for kind in kinds)
    return sorted(out, key=lambda c: (str(c.source), c.paragraph or 0, str(c.iri)))


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
    within = _containment(ds)
    rules = _Rules(ds)
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
                plain = lambda a, b: _same_or_finer(a[0], b[0], within)  # noqa: E731
                if len(set(shown.values())) == 1 or _compatible(list(stated.values()), plain):
                    agreed.append(prop)
                    continue
                positions = {s: (shown[s], tuple(c for c in group if c.source == s and c.values.get(prop)))
                             for s in sorted(stated)}
                reason = rules.reason(prop, stated) or (OVERLAPPING if rules.numeric(stated) else None)
                if reason and _compatible(list(stated.values()), lambda a, b: plain(a, b) or rules.match(prop, a, b)):
                    differing.append(Difference(fact, prop, reason, positions))
                else:
                    spread, unit = rules.spread(stated)
                    conflicting.append(Conflict(fact, prop, positions, rules.kind(prop), spread, unit))
        out.append(FactSummary(fact, sources, tuple(group), tuple(agreed), tuple(conflicting), tuple(differing)))
    return out


#: The reason two numbers that differ do not disagree.
OVERLAPPING = "overlapping ranges"
#: The reason two dates that differ do not disagree: one of them is the curator's inference.
INFERRED_DATE = "a date the curator inferred, not one the source states"


class _Rules:
    """What the ontology says about comparing claims: lifecycle stages, attribution roles, conflict kinds."""

    REASONS = {IG.status: "successive lifecycle stages", IG.date: "dates of different lifecycle stages",
               IG.attributedTo: "compiler and analyst credited"}

    def __init__(self, ds: Dataset):
        self.ds = ds
        ontology = ds.graph(ONTOLOGY_GRAPH)
        self.stage = {s: int(o) for s, o in ontology.subject_objects(IG.lifecycleStage)}
        self.kinds = dict(ontology.subject_objects(IG.conflictKind))

    def kind(self, prop) -> URIRef:
        return self.kinds.get(prop, IG.ValueConflict)

    def reason(self, prop, stated: dict | None = None) -> str | None:
        """Why differing values of ``prop`` may not disagree: a date a side's curator inferred, else the
        property's own reason."""
        if self.kind(prop) == IG.DateConflict:
            inferred = located_reasons((c for items in (stated or {}).values() for _v, c in items), prop)
            if inferred:
                return f"{INFERRED_DATE} ({'; '.join(inferred)})"
        return self.REASONS.get(prop)

    def match(self, prop, a, b) -> bool:
        """Whether ``a`` and ``b`` (each a value with the claim that states it) differ without disagreeing."""
        (va, ca), (vb, cb) = a, b
        if self.kind(prop) == IG.DateConflict and (infers(ca, prop) or infers(cb, prop)):
            return True                          # an inferred date does not dispute a stated one
        if prop == IG.attributedTo:
            return ca.values.get(IG.attributionRole, ()) != cb.values.get(IG.attributionRole, ())
        if prop == IG.date:                      # the dates of two different stages of a project's life
            sa, sb = ca.values.get(IG.status), cb.values.get(IG.status)
            return bool(sa and sb and sa != sb)
        ra, rb = self.range(va, ca), self.range(vb, cb)
        if ra is not None and rb is not None:    # numbers in one unit whose ranges overlap
            return ra[2] == rb[2] and ra[0] <= rb[1] and rb[0] <= ra[1]
        if prop == IG.status and va in self.stage and vb in self.stage:
            if self.stage[va] == self.stage[vb]:
                return False                     # different statuses of the same stage are alternatives
            da, db = (str(c.values[IG.date][0]) if c.values.get(IG.date) else None for c in (ca, cb))
            if da is None or db is None:
                return True                      # an undated stage is a step on the timeline, not a dispute
            if da.startswith(db) or db.startswith(da):
                return False                     # the same time, different stages
            return (self.stage[va] < self.stage[vb]) == (da < db)
        return False

    def number(self, value, claim) -> tuple[Decimal | None, str | None]:
        """The number ``value`` states (a numeric literal, or the ``schema:value`` of a money amount or quantity)
        and its unit (None for a bare number); ``(None, None)`` when it is not a number."""
        if isinstance(value, Literal):
            number, unit = value.toPython(), None
        else:
            graph = self.ds.graph(claim.source)
            number = graph.value(value, SCHEMA.value)
            unit = graph.value(value, SCHEMA.currency) or graph.value(value, SCHEMA.unitCode)
            number = number.toPython() if number is not None else None
            unit = str(unit) if unit is not None else None
        if isinstance(number, bool) or not isinstance(number, (int, float, Decimal)):
            return None, None
        return Decimal(str(number)), unit

    def numeric(self, stated: dict) -> bool:
        """Whether every value the sides state is a number."""
        return all(self.number(v, c)[0] is not None for items in stated.values() for v, c in items)

    def range(self, value, claim) -> tuple | None:
        """``(low, high, unit)`` of a number a claim states: its bounds where they bracket it (both given and
        holding it, or the one given equal to it), else the number itself; None when it is not a number.

        A claim may state several numbers (58 agreements worth nearly USD 25 bn) while its bounds qualify one:
        the bounds belong to the number they bracket."""
        number, unit = self.number(value, claim)
        if number is None:
            return None
        low, high = (claim.values.get(p, (None,))[0] for p in (IG.lowerBound, IG.upperBound))
        low, high = (Decimal(str(b.toPython())) if b is not None else None for b in (low, high))
        if low is not None and high is not None:
            bracketed = low <= number <= high
        else:
            bracketed = number in (low, high)
        if not bracketed:
            return number, number, unit
        inf = Decimal("Infinity")
        return (low if low is not None else -inf), (high if high is not None else inf), unit

    def spread(self, stated: dict) -> tuple[Decimal | None, str | None]:
        """Largest minus smallest of the numbers the sides state, when all are numbers in one unit."""
        found = []
        for items in stated.values():
            for value, claim in items:
                number, unit = self.number(value, claim)
                if number is None:
                    return None, None
                found.append((number, unit))
        if len({u for _n, u in found}) != 1:
            return None, None
        numbers = [n for n, _u in found]
        return max(numbers) - min(numbers), found[0][1]


def _containment(ds: Dataset) -> dict[URIRef, set[URIRef]]:
    """Each place with every place that contains it (from the registry's ig:locatedIn)."""
    registry = ds.graph(ENTITIES_GRAPH)
    return {s: set(registry.transitive_objects(s, IG.locatedIn)) for s in set(registry.subjects(IG.locatedIn, None))}


def _same_or_finer(a, b, within) -> bool:
    """Whether ``a`` and ``b`` say the same thing at different precision: a date and a date inside it
    (2025-06 and 2025-06-16), or a place and a place inside it (Kazakhstan and Astana)."""
    if a == b:
        return True
    if isinstance(a, Literal) and isinstance(b, Literal) and a.datatype in _DATES and b.datatype in _DATES:
        x, y = str(a), str(b)
        return x.startswith(y) or y.startswith(x)
    if isinstance(a, URIRef) and isinstance(b, URIRef):
        return b in within.get(a, ()) or a in within.get(b, ())
    return False


def _compatible(item_lists: list[list], match) -> bool:
    """Whether every source's items (value, claim) match some item of every other source."""
    for i, left in enumerate(item_lists):
        for right in item_lists[i + 1:]:
            if not all(any(match(a, b) for b in right) for a in left):
                return False
            if not all(any(match(b, a) for a in left) for b in right):
                return False
    return True


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
    """Claims that name ``entity`` in any role, or name a value node of it."""
    claims = all_claims(ds) if claims is None else claims
    return [c for c in claims if any(entity in vals for vals in c.values.values())]
