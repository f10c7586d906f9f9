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
"""

from __future__ import annotations

__all__ = ["to_oxigraph", "from_oxigraph"]

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
