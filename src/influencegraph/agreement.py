"""When sources that state different values of one fact do not disagree: the rules :func:`.claims.facts` applies
before it calls a difference a conflict (the kinds of difference are listed in :mod:`.claims`).

:class:`Rules` reads what the ontology says about comparing claims (lifecycle stages, attribution roles, conflict
kinds) and compares numbers by their ranges; :func:`same_or_finer` finds values stated at different precision
(a date and a day in it, a country and a city in it); :func:`compatible` asks that every source's values match
some value of every other source.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Dataset, Literal, URIRef

from .inferences import infers, located_reasons
from .vocab import ENTITIES_GRAPH, IG, ONTOLOGY_GRAPH, SCHEMA, XSD

__all__ = ["Rules", "containment", "same_or_finer", "compatible", "OVERLAPPING", "INFERRED_DATE"]

_DATES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear})

#: The reason two numbers that differ do not disagree.
OVERLAPPING = "overlapping ranges"
#: The reason two dates that differ do not disagree: one of them is the curator's inference.
INFERRED_DATE = "a date the curator inferred, not one the source states"


class Rules:
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


def containment(ds: Dataset) -> dict[URIRef, set[URIRef]]:
    """Each place with every place that contains it (from the registry's ig:locatedIn)."""
    registry = ds.graph(ENTITIES_GRAPH)
    return {s: set(registry.transitive_objects(s, IG.locatedIn)) for s in set(registry.subjects(IG.locatedIn, None))}


def same_or_finer(a, b, within) -> bool:
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


def compatible(item_lists: list[list], match) -> bool:
    """Whether every source's items (value, claim) match some item of every other source."""
    for i, left in enumerate(item_lists):
        for right in item_lists[i + 1:]:
            if not all(any(match(a, b) for b in right) for a in left):
                return False
            if not all(any(match(b, a) for a in left) for b in right):
                return False
    return True
