"""The canonical text of a dataset: every statement once, in one order, written straight from sorted rows.

Each term is turned into its N-Triples form once (:class:`Terms` caches it); the quads become rows of four such
strings, sorted as strings. N-Quads and N-Triples are those rows as lines, sorted; TriG and Turtle group the same
rows by graph and subject, name IRIs by the project's prefixes where the local part is a plain name, and put
``rdf:type`` first as ``a``, integers, decimals and truth values bare. The same statements always give the same bytes, whatever order they were added in.

Examples
--------
>>> from rdflib import Dataset, Literal, URIRef
>>> from influencegraph.vocab import RDF, SKOS
>>> ds = Dataset()
>>> g = ds.graph(URIRef("http://example.org/graph"))
>>> kz = URIRef("http://example.org/kz")
>>> _ = g.add((kz, SKOS.prefLabel, Literal("Kazakhstan", lang="en")))
>>> _ = g.add((kz, RDF.type, SKOS.Concept))
>>> print(nquads(quad_rows(ds)).decode(), end="")  # doctest: +NORMALIZE_WHITESPACE
<http://example.org/kz> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>
    <http://www.w3.org/2004/02/skos/core#Concept> <http://example.org/graph> .
<http://example.org/kz> <http://www.w3.org/2004/02/skos/core#prefLabel> "Kazakhstan"@en <http://example.org/graph> .
>>> print(trig(quad_rows(ds)).decode(), end="")
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<BLANKLINE>
<http://example.org/graph> {
    <http://example.org/kz> a skos:Concept ;
        skos:prefLabel "Kazakhstan"@en .
}
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Iterable, Mapping

from .vocab import PREFIXES

__all__ = ["Terms", "quad_rows", "nquads", "ntriples", "trig", "turtle", "DEFAULT_GRAPH"]

#: rdflib's name for a dataset's default graph, as N-Triples.
DEFAULT_GRAPH = "<urn:x-rdflib:default>"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")  # a plain local name: valid in every Turtle reader
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: numbers and truth values Turtle writes bare, in the forms a reader gives back unchanged (no "+", "01" or ".5")
_BARE = {f'"^^<{_XSD}{name}>': re.compile(pattern) for name, pattern in (
    ("integer", r"0|-?[1-9][0-9]*"), ("decimal", r"-?(?:0|[1-9][0-9]*)\.[0-9]+"), ("boolean", r"true|false"))}
_INDENT = "    "

Row = tuple[str, str, str, str]


class Terms(dict):
    """The N-Triples form of each rdflib term, computed once per term (as rdflib's N-Triples writer gives it).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> terms = Terms()
    >>> print(terms[URIRef("http://example.org/a")], terms[Literal("two\\nlines", lang="en")])
    <http://example.org/a> "two\\nlines"@en
    """

    def __missing__(self, term) -> str:
        from rdflib import Literal
        from rdflib.plugins.serializers.nt import _quoteLiteral

        text = _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
        self[term] = text
        return text


def quad_rows(ds) -> list[Row]:
    """Every statement of ``ds`` once, as ``(graph, subject, predicate, object)`` in N-Triples form, sorted.

    Empty graphs are left out; the default graph is named :data:`DEFAULT_GRAPH`.
    """
    terms = Terms()
    rows = set()
    for graph in ds.graphs():
        name = terms[graph.identifier]
        rows.update((name, terms[s], terms[p], terms[o]) for s, p, o in graph)
    return sorted(rows)


def _lines(lines: Iterable[str]) -> bytes:
    return "".join(sorted(set(lines))).encode("utf-8")


def nquads(rows: Iterable[Row]) -> bytes:
    """The rows as N-Quads, one line per statement, the lines sorted."""
    return _lines(f"{s} {p} {o} {g} .\n" for g, s, p, o in rows)


def ntriples(rows: Iterable[Row]) -> bytes:
    """The union of the rows' graphs as N-Triples, one line per distinct triple, the lines sorted."""
    return _lines(f"{s} {p} {o} .\n" for _g, s, p, o in rows)


class _Names:
    """Turtle names for N-Triples terms: ``prefix:local`` where a prefix fits, and the prefixes used."""

    def __init__(self, prefixes: Mapping[str, str]):
        # longest namespace first, so that the most specific prefix wins
        self.prefixes = sorted(((str(ns), p) for p, ns in prefixes.items()), key=lambda n: -len(n[0]))
        self.used: dict[str, str] = {}
        self.cache: dict[str, str] = {}

    def __call__(self, term: str) -> str:
        name = self.cache.get(term)
        if name is None:
            name = self.cache[term] = self._name(term)
        return name

    def _name(self, term: str) -> str:
        if term.startswith("<"):
            return self._iri(term)
        cut = term.rfind('"^^<')
        if term.startswith('"') and cut > 0:
            bare = _BARE.get(term[cut:])
            if bare is not None and bare.fullmatch(term, 1, cut):
                return term[1:cut]
            return term[:cut + 3] + self._iri(term[cut + 3:])
        return term

    def _iri(self, term: str) -> str:
        iri = term[1:-1]
        for ns, prefix in self.prefixes:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
                self.used[prefix] = ns
                return f"{prefix}:{iri[len(ns):]}"
        return term


def _subject_block(subject: str, rows: list[Row], name, indent: str) -> str:
    """One subject and its predicates and objects; ``rdf:type`` first, as ``a``."""
    rows = sorted(rows, key=lambda r: r[2] != _TYPE)  # stable: the rest stays sorted
    parts = []
    for predicate, group in groupby(rows, key=lambda r: r[2]):
        verb = "a" if predicate == _TYPE else name(predicate)
        parts.append(f"{verb} " + f",\n{indent}{_INDENT * 2}".join(name(r[3]) for r in group))
    return f"{indent}{name(subject)} " + f" ;\n{indent}{_INDENT}".join(parts) + " .\n"


def _statements(rows: Iterable[Row], name, indent: str) -> str:
    """The rows (of one graph) written subject by subject, a blank line between subjects."""
    return "\n".join(_subject_block(s, list(group), name, indent)
                     for s, group in groupby(rows, key=lambda r: r[1]))


def _document(body: str, names: _Names) -> bytes:
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(names.used.items()))
    return (header + ("\n" if header else "") + body).encode("utf-8")


def trig(rows: Iterable[Row], prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """The rows (sorted, as from :func:`quad_rows`) as TriG: one block per graph, in order; the default graph as a
    block without a name. Only the prefixes used are declared."""
    names = _Names(prefixes)
    blocks = []
    for graph, group in groupby(rows, key=lambda r: r[0]):
        opening = "{" if graph == DEFAULT_GRAPH else f"{names(graph)} {{"
        blocks.append(f"{opening}\n{_statements(group, names, _INDENT)}}}\n")
    return _document("\n".join(blocks), names)


def turtle(rows: Iterable[Row], prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """The union of the rows' graphs as Turtle, subject by subject in sorted order, each triple once."""
    names = _Names(prefixes)
    triples = sorted({r[1:] for r in rows})
    return _document(_statements((("",) + t for t in triples), names, ""), names)
