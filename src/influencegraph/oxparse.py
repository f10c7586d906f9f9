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

__all__ = ["parse_into", "parse_statements", "Parsed"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: text where pyoxigraph and rdflib give different terms: a datatype ending in "string", a language tag with capitals
_DIFFERENT = re.compile(r"\^\^\S*string|[\"']@[A-Za-z0-9-]*[A-Z]")


def parse_into(container, text: str, fmt: str, base_iri: str) -> bool:
    """Parse ``text`` (``fmt`` "trig" or "turtle") into ``container`` (an rdflib Dataset for TriG, else a Graph).

    Returns False, leaving ``container`` untouched, where rdflib should parse instead (see the module's notes).
    """
    parsed = parse_statements(text, fmt, base_iri)
    if parsed is None:
        return False
    for name, triples in parsed.graphs():
        graph = container if fmt != "trig" else container.default_graph if name is None else container.graph(name)
        for triple in triples:
            graph.add(triple)
    for prefix, namespace in parsed.prefixes.items():
        container.bind(prefix, namespace)
    return True


class Parsed:
    """A parsed file as plain lists: each graph's distinct triples (rdflib terms) and the file's prefixes.

    Iterating gives every triple of every graph, as iterating an rdflib ``Graph`` does; :meth:`namespaces` gives
    what an rdflib container holding the file would.
    """

    def __init__(self, graphs: dict, prefixes: dict, dataset: bool):
        self._graphs = graphs
        self.prefixes = prefixes
        self._dataset = dataset

    def graphs(self):
        """``(name, triples)`` per graph in the order the text first writes to it; the default graph's name is
        ``None``."""
        return self._graphs.items()

    def __iter__(self):
        return (triple for triples in self._graphs.values() for triple in triples)

    def __len__(self) -> int:
        return sum(len(triples) for triples in self._graphs.values())

    def namespaces(self):
        from rdflib import Dataset, Graph

        container = Dataset() if self._dataset else Graph()
        for prefix, namespace in self.prefixes.items():
            container.bind(prefix, namespace)
        return container.namespaces()


def parse_statements(text: str, fmt: str, base_iri: str) -> Parsed | None:
    """Parse ``text`` (``fmt`` "trig" or "turtle") with pyoxigraph; None where rdflib should parse instead."""
    import pyoxigraph as ox

    if fmt not in ("trig", "turtle") or _DIFFERENT.search(text):
        return None
    try:
        parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.TURTLE,
                          base_iri=base_iri)
        quads = dict.fromkeys(parser)  # each statement once, in the order of the text
    except (SyntaxError, ValueError):
        return None
    return Parsed(_by_graph(quads, fmt == "trig"), dict(parser.prefixes), fmt == "trig")


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


def _by_graph(quads, dataset: bool) -> dict:
    """The quads as rdflib triples per graph name (``None``: the default graph, and every triple of a Turtle text)."""
    terms = _Terms()
    graphs: dict = {}
    for quad in quads:
        name = terms(quad.graph_name) if dataset else None
        triples = graphs.get(name)
        if triples is None:
            triples = graphs[name] = []
        triples.append((terms(quad.subject), terms(quad.predicate), terms(quad.object)))
    return graphs
