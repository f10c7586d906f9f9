"""RDF terms between rdflib and pyoxigraph: the stores read Oxigraph through rdflib, and the engines turn Oxigraph's
answers into rdflib terms, both through these two functions.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> to_oxigraph(URIRef("http://example.org/a"))
<NamedNode value=http://example.org/a>
>>> from_oxigraph(to_oxigraph(Literal("Astana", lang="kk")))
rdflib.term.Literal('Astana', lang='kk')
>>> from_oxigraph(to_oxigraph(Literal("plain"))) == Literal("plain")    # a simple literal stays simple
True

Oxigraph keeps an ``xsd:decimal`` as a number and writes it back in its canonical form (XSD 1.1: no trailing zeros,
no ``.0`` on a whole number); the build writes decimals that way too (:func:`canonical_decimals`), so the store
and the dumps hold the very same terms:

>>> [canonical_decimal(x) for x in ("122000000000.0", "0.50", "+5.10", "-0.0", "1e3")]
['122000000000', '0.5', '5.1', '0', '1e3']
"""

from __future__ import annotations

__all__ = ["to_oxigraph", "from_oxigraph", "graph_node", "canonical_decimal", "canonical_decimals"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def graph_node(identifier):
    """An rdflib graph name as a pyoxigraph graph name (rdflib's default graph as Oxigraph's)."""
    import pyoxigraph as ox
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    if identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return ox.NamedNode(str(identifier))


def from_oxigraph(term):
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:              # RDF 1.1 simple literal, as rdflib writes it
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def canonical_decimal(lexical: str) -> str:
    """The canonical form of an ``xsd:decimal`` lexical form, as Oxigraph writes it (unchanged if not a decimal)."""
    from decimal import Decimal, InvalidOperation
    if "e" in lexical.lower():                           # not a decimal's lexical form: leave it to the checks
        return lexical
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if not number.is_finite():
        return lexical
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def canonical_decimals(dataset) -> int:
    """Rewrite every ``xsd:decimal`` literal of ``dataset`` in its canonical form; return how many changed."""
    from rdflib import Literal, URIRef
    decimal = URIRef(_XSD_DECIMAL)
    changes = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if isinstance(o, Literal) and o.datatype == decimal:
            text = canonical_decimal(str(o))
            if text != str(o):
                changes.append((s, p, o, g, Literal(text, datatype=decimal)))
    for s, p, o, g, new in changes:
        dataset.remove((s, p, o, g))
        dataset.add((s, p, new, g))
    return len(changes)
