"""Read the graph's figures as :class:`~influencegraph.figures.Figure` records, one per fact.

Every claim with a money amount (``ig:amount``) or a quantity (``ig:quantity``) contributes to the figure of its
fact key (a claim without one is a figure of its own). What the claims of one fact say is merged: the values and
bounds into one range, the sources into one list; the kind, scope, period and links are the first source's
(sources of one fact state the same thing, or the conflict report says where they do not).
"""

from __future__ import annotations

from collections import defaultdict

from .figures import Figure
from .inferences import NOT_STATEMENTS, SEPARATOR, describe, inferred_statement
from .vocab import ENTITIES_GRAPH, IG, ONTOLOGY_GRAPH, RDF, RDFS, SCHEMA, SKOS

__all__ = ["read_figures", "claim_bounds", "first_value", "ROLE_PROPERTIES"]

#: Who a figure's money comes from, by claim property (the first one a claim has).
ROLE_PROPERTIES = (IG.investor, IG.financier, IG.holder, IG.producer, IG.originCountry, IG.reporter, IG.supplier)
_KIND = {IG.FlowFigure: "flow", IG.StockFigure: "stock"}
_EXACT = (None, IG.Exactly, IG.Preliminary)


def _local(term) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class _World:
    """What the registry and ontology say that figures need: homes, places within places, sector hierarchy."""

    def __init__(self, ds):
        registry, ontology = ds.graph(ENTITIES_GRAPH), ds.graph(ONTOLOGY_GRAPH)
        self.country = dict(registry.subject_objects(IG.country))
        self.located = defaultdict(set)
        for s, o in registry.subject_objects(IG.locatedIn):
            self.located[s].add(o)
        self.broader = dict(ontology.subject_objects(SKOS.broader))
        self.states = set(registry.subjects(RDF.type, IG.State))
        self.modality = {s: str(ontology.value(s, SKOS.prefLabel)) for s in ontology.subjects(RDF.type, IG.Modality)}
        self.labels = {s: str(o) for s, o in ontology.subject_objects(RDFS.label)}

    def within(self, place) -> tuple:
        seen, todo = [], list(self.located.get(place, ()))
        while todo:
            p = todo.pop(0)
            if p not in seen:
                seen.append(p)
                todo.extend(sorted(self.located.get(p, ())))
        return tuple(_local(p) for p in seen)

    def ancestors(self, sector) -> list:
        out = []
        while sector in self.broader and self.broader[sector] not in out:
            sector = self.broader[sector]
            out.append(sector)
        return out

    def home(self, actor):
        return self.country.get(actor, actor)


_SCOPE_NAMES = {IG.ProjectScope: "project", IG.ActorScope: "actor", IG.SectorScope: "sector",
                IG.CountryScope: "country", IG.RegionScope: "region", IG.WorldScope: "world"}


def first_value(claim, prop):
    """The first value ``claim`` states for ``prop`` (None when it states none)."""
    values = claim.values.get(prop, ())
    return values[0] if values else None


def claim_bounds(claim, value):
    """``(low, high)`` a claim allows for its figure ``value``: the value itself unless the claim qualifies it
    (nearly, more than, ...), then its ``ig:lowerBound`` / ``ig:upperBound`` (None: open)."""
    if first_value(claim, IG.approximation) in _EXACT:
        return value, value
    low, high = first_value(claim, IG.lowerBound), first_value(claim, IG.upperBound)
    return (float(low) if low is not None else None), (float(high) if high is not None else None)


def _number(claim, ds):
    """(value, unit) of the claim's amount or quantity."""
    graph = ds.graph(claim.source)
    for prop in (IG.amount, IG.quantity):
        node = first_value(claim, prop)
        if node is not None:
            value = graph.value(node, SCHEMA.value)
            unit = graph.value(node, SCHEMA.currency) or graph.value(node, SCHEMA.unitCode)
            return (float(value) if value is not None else None), (str(unit) if unit is not None else None)
    return None, None


def _merge(claims, ds, world) -> Figure | None:
    first = claims[0]
    numbers = [(_number(c, ds), c) for c in claims]
    numbers = [((v, u), c) for (v, u), c in numbers if v is not None]
    if not numbers or first_value(first, IG.figureScope) not in _SCOPE_NAMES:
        return None
    (value, unit), _c = numbers[0]
    lows, highs = zip(*(claim_bounds(c, v) for (v, _u), c in numbers))
    values = {v for (v, _u), _c in numbers}
    actor = next((a for c in claims for p in ROLE_PROPERTIES if (a := first_value(c, p)) is not None), None)
    host = next((h for c in claims if (h := first_value(c, IG.hostCountry)) is not None), None)
    target = next((t for c in claims if (t := first_value(c, IG.target)) is not None), None)
    where = target if target is not None else actor          # a facility's site, or a state's own figure
    if host is None and where is not None:
        host = world.country.get(where) or next(iter(sorted(world.located.get(where, ()))), None)
        host = where if host is None and where in world.states else host
    sectors = sorted({s for c in claims for s in c.values.get(IG.sector, ())})
    specific = [s for s in sectors if not any(s in world.ancestors(t) for t in sectors)]
    modality = first_value(first, IG.modality)
    return Figure(
        fact=_local(first.fact) if first.fact is not None else str(first.iri),
        value=value if len(values) == 1 and lows == highs == (value,) * len(lows) else None,
        low=None if None in lows else min(lows), high=None if None in highs else max(highs),
        scope=_SCOPE_NAMES[first_value(first, IG.figureScope)], kind=_KIND.get(first_value(first, IG.figureKind), "flow"),
        unit=unit or "", host=_local(host) if host is not None else None,
        within=world.within(host) if host is not None else (),
        sectors=tuple(_local(s) for s in specific),
        sector_ancestors=tuple(sorted({_local(a) for s in specific for a in world.ancestors(s)})),
        target=_local(target) if target is not None else None,
        investor=_local(actor) if actor is not None else None,
        origin=_local(world.home(actor)) if actor is not None else None,
        start=_text(first_value(first, IG.periodStart) or first_value(first, IG.date)),
        end=_text(first_value(first, IG.periodEnd) or first_value(first, IG.date)),
        as_of=_text(first_value(first, IG.asOf)),
        part_of=tuple(sorted({_local(p) for c in claims for p in c.values.get(IG.partOf, ())})),
        modality=world.modality.get(modality, "stated") if modality is not None else "stated",
        inferred=_inferred(claims, lambda p: world.labels.get(p, _local(p))),
        sources=tuple(sorted({(c.source_id[:3], c.paragraph) for c in claims})),
    )


def _inferred(claims, label) -> str | None:
    """The curator's reasons for the statements of the fact that every claim making them infers (one source
    stating one is enough), each reason once, naming what it concerns: ``"investor: ..."``."""
    props = {p for c in claims for p in c.values} - NOT_STATEMENTS
    inferred = {p for p in props if inferred_statement(claims, p)}
    records = [(ps, reason) for c in claims for ps, reason in c.inferences if inferred & (set(ps) if ps else props)]
    return SEPARATOR.join(describe(records, label)) or None


def _text(term):
    return str(term) if term is not None else None


def read_figures(kg, kinds=None) -> list[Figure]:
    """Every figure of the graph, one per fact, in fact order.

    Parameters
    ----------
    kg : KnowledgeGraph
    kinds : iterable of URIRef, optional
        Only claims of these classes (e.g. ``ig:Investment``, ``ig:Commitment``).
    """
    kinds = set(kinds) if kinds is not None else None
    by_fact: dict = defaultdict(list)
    for claim in kg.claims():
        if kinds is not None and claim.kind not in kinds:
            continue
        if IG.amount in claim.values or IG.quantity in claim.values:
            by_fact[claim.fact if claim.fact is not None else claim.iri].append(claim)
    world = _World(kg.dataset)
    figures = (_merge(claims, kg.dataset, world) for _key, claims in sorted(by_fact.items()))
    return [f for f in figures if f is not None]
