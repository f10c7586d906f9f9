"""What the curator inferred of a claim, statement by statement.

A claim says the curator inferred it in one of two ways: ``ig:curatorInference "reason"`` when the whole claim is
the curator's reading, and ``ig:inferredStatement [ ig:inferredProperty P ; ig:inferenceReason "reason" ]`` for
one or more of its statements (its part-of link, its date, one party) while the rest is what the source says.
:attr:`Claim.inferences <influencegraph.claims.Claim.inferences>` holds both as ``(properties, reason)``, with
``()`` as the properties of a whole-claim inference.

A statement that several claims make (the claims of one fact) is inferred only when every claim that makes it
infers it: one source saying it in so many words is enough. Each reason is listed once, naming what it concerns.

Examples
--------
>>> from types import SimpleNamespace
>>> from influencegraph.vocab import IG
>>> a = SimpleNamespace(values={IG.investor: (1,), IG.partOf: (2,)}, inferences=(((IG.partOf,), "read from ¶2"),))
>>> b = SimpleNamespace(values={IG.investor: (1,), IG.partOf: (2,)}, inferences=())
>>> infers(a, IG.partOf), infers(a, IG.investor)
(True, False)
>>> inferred_statement([a], IG.partOf), inferred_statement([a, b], IG.partOf)
(True, False)
>>> describe(a.inferences + a.inferences, lambda p: "part of")
['part of: read from ¶2']
"""

from __future__ import annotations

from .vocab import IG, RDF

__all__ = ["WHOLE_CLAIM", "NOT_STATEMENTS", "SEPARATOR", "infers", "inferred_statement", "describe", "reasons_for", "located_reasons"]

#: Properties that locate or annotate a claim; never statements the curator could infer.
NOT_STATEMENTS = frozenset({IG.source, IG.paragraph, IG.fact, IG.note, RDF.type, IG.curatorInference,
                            IG.inferredStatement})
#: How a whole-claim inference names what it concerns.
WHOLE_CLAIM = "the whole claim"


def infers(claim, prop) -> bool:
    """Whether the curator inferred ``claim``'s statement of ``prop`` (or the whole claim)."""
    return any(not props or prop in props for props, _reason in claim.inferences)


def reasons_for(claim, prop) -> list[tuple]:
    """The inference records of ``claim`` that cover ``prop``: whole-claim ones and those naming it."""
    return [(props, reason) for props, reason in claim.inferences if not props or prop in props]


def inferred_statement(claims, prop) -> bool:
    """Whether every one of ``claims`` that states ``prop`` infers it (False when none states it)."""
    stating = [c for c in claims if c.values.get(prop)]
    return bool(stating) and all(infers(c, prop) for c in stating)


def describe(records, label) -> list[str]:
    """``"what: reason"`` for each distinct reason of ``records`` (``(properties, reason)`` pairs), in order;
    ``label`` names a property (e.g. ``kg.label``)."""
    named: dict[str, list] = {}
    for props, reason in records:
        what = named.setdefault(reason, [])
        for name in ([label(p) for p in props] if props else [WHOLE_CLAIM]):
            if name not in what:
                what.append(name)
    return [f"{' and '.join(what)}: {reason}" for reason, what in named.items()]


#: How :func:`describe`'s lines are joined into one text (reasons hold semicolons of their own).
SEPARATOR = " · "


def located_reasons(claims, prop) -> list[str]:
    """``"002 ¶15: reason"`` for each of ``claims`` that infers its ``prop``, each once."""
    return list(dict.fromkeys(f"{c.source_id[:3]} ¶{c.paragraph}: {reason}" for c in claims
                              for _props, reason in reasons_for(c, prop)))
