"""Parse a Turtle or TriG text with pyoxigraph (several times faster than rdflib's parser) into an rdflib container
holding exactly the terms rdflib's own parser would give.

Where the two parsers would not give the same terms, :func:`parse_into` declines and the caller parses with rdflib
as before: a literal typed ``xsd:string`` by hand (pyoxigraph cannot tell it from a plain string, rdflib keeps the
datatype), a language tag with capitals (pyoxigraph lowers it, rdflib keeps it) and any text pyoxigraph refuses
(rdflib then gives the same error messages, with the same lines, as before). Literals are made by rdflib's
``Literal`` from the lexical form and datatype, which normalises them as rdflib's parser does (``01`` is ``1``);
each blank node of the text becomes a new rdflib blank node; the text's prefixes are bound as rdflib binds them.

Examples
--------
>>> from rdflib import Dataset
>>> ds = Dataset()
>>> parse_into(ds, '@prefix ex: <http://example.org/> . ex:g { ex:a ex:p 01, "x"@en . }', "trig",
...            "file:///tmp/a.trig")
True
>>> sorted(o.n3() for o in ds.graph("http://example.org/g").objects())
['"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"x"@en']
>>> dict(ds.namespaces())["ex"]
rdflib.term.URIRef('http://example.org/')
>>> parse_into(Dataset(), 'ex:g { ex:a ex:p "x"@EN . }', "trig", "file:///tmp/a.trig")  # declined
False
>>> parse_into(Dataset(), 'ex:g { ex:a ex:p "x" . }', "trig", "file:///tmp/a.trig")  # no prefix: rdflib says why
False
"""

from __future__ import annotations

import re

__all__ = ["parse_into"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: text where pyoxigraph and rdflib give different terms: a datatype ending in "string", a language tag with capitals
_DIFFERENT = re.compile(r"\^\^\S*string|[\"']@[A-Za-z0-9-]*[A-Z]")


def parse_into(container, text: str, fmt: str, base_iri: str) -> bool:
    """Parse ``text`` (``fmt`` "trig" or "turtle") into ``container`` (an rdflib Dataset for TriG, else a Graph).

    Returns False, leaving ``container`` untouched, where rdflib should parse instead (see the module's notes).
    """
    import pyoxigraph as ox

    if fmt not in ("trig", "turtle") or _DIFFERENT.search(text):
        return False
    try:
        parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.TURTLE,
                          base_iri=base_iri)
        quads = list(parser)
    except (SyntaxError, ValueError):
        return False
    _add(container, quads, fmt == "trig")
    for prefix, namespace in parser.prefixes.items():
        container.bind(prefix, namespace)
    return True


class _Terms:
    """rdflib terms for pyoxigraph terms, one object per distinct term; a new blank node per blank node label."""

    def __init__(self):
        import pyoxigraph as ox
        from rdflib import BNode, Literal, URIRef

        self.ox, self.BNode, self.Literal, self.URIRef = ox, BNode, Literal, URIRef
        self.iris: dict = {}
        self.literals: dict = {}
        self.bnodes: dict = {}

    def __call__(self, term):
        if isinstance(term, self.ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, self.ox.Literal):
            found = self.literals.get(term)
            if found is None:
                found = self.literals[term] = self._literal(term)
            return found
        if isinstance(term, self.ox.BlankNode):
            found = self.bnodes.get(term.value)
            if found is None:
                found = self.bnodes[term.value] = self.BNode()
            return found
        return None  # the default graph

    def iri(self, value: str):
        found = self.iris.get(value)
        if found is None:
            found = self.iris[value] = self.URIRef(value)
        return found

    def _literal(self, term):
        if term.language:
            return self.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return self.Literal(term.value)
        return self.Literal(term.value, datatype=self.iri(term.datatype.value))


def _add(container, quads, dataset: bool) -> None:
    """Add the quads to ``container``: into its named graphs (and default graph) for a Dataset, else all to it."""
    terms = _Terms()
    graphs: dict = {}
    for quad in quads:
        name = terms(quad.graph_name) if dataset else None
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = container if not dataset else (
                container.default_graph if name is None else container.graph(name))
        graph.add((terms(quad.subject), terms(quad.predicate), terms(quad.object)))
