"""SHACL shapes compiled to SPARQL queries that find the focus nodes which *may* violate them.

Each shape with targets becomes one ``SELECT DISTINCT ?this`` query: its targets, filtered by ``!(OK)``, where
``OK`` is a SPARQL expression that holds only when the node surely conforms. Where this module cannot say so
exactly (a datatype whose lexical forms it does not know, a regular expression outside a plain subset, a count
past three, an ``sh:not`` of anything but IRIs) it errs on the safe side: ``OK`` is false and the node becomes a
candidate. The candidates are a superset of the nodes pySHACL reports; :mod:`influencegraph.shapes` then runs
pySHACL on the candidates alone, so the problems and their messages are pySHACL's own.

A shapes graph using a SHACL feature this module does not know (other paths than a single IRI, ``sh:closed``,
SPARQL-based targets, implicit class targets, ...) raises :class:`Unsupported`; the caller then validates with
pySHACL on the whole graph.

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
... ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .''')
>>> [query] = candidate_queries(shapes)
>>> print(query)
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?this WHERE { { ?shaclClass rdfs:subClassOf* <http://example.org/C> . ?this a ?shaclClass } FILTER(!(EXISTS { ?this <http://example.org/p> ?shacl1 })) }
>>> data = Graph().parse(format="turtle", data="@prefix ex: <http://example.org/> . "
...                                            "ex:a a ex:C ; ex:p 1 . ex:b a ex:C .")
>>> [str(node) for node in candidates(oxigraph_query([data]), shapes)]
['<http://example.org/b>']
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

__all__ = ["candidate_queries", "shape_queries", "Unsupported", "oxigraph_query", "candidates", "neighbourhood",
           "results_about"]

#: Lexical forms every SHACL processor reads as valid for the datatype (a subset of the valid ones).
SAFE_LEXICAL = {
    XSD.string: None, XSD.decimal: r"^[+-]?[0-9]+(\.[0-9]+)?$", XSD.integer: r"^[+-]?[0-9]+$",
    XSD.date: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.gYearMonth: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$", XSD.gYear: r"^[1-9][0-9]{3}$",
    XSD.boolean: r"^(true|false)$",
}
NODE_KINDS = {SH.IRI: "isIRI({0})", SH.BlankNode: "isBlank({0})", SH.Literal: "isLiteral({0})",
              SH.BlankNodeOrIRI: "!isLiteral({0})", SH.BlankNodeOrLiteral: "!isIRI({0})",
              SH.IRIOrLiteral: "!isBlank({0})"}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
TARGETS = {SH.targetClass: "{{ ?shaclClass rdfs:subClassOf* {0} . ?this a ?shaclClass }}",
           SH.targetSubjectsOf: "{{ ?this {0} [] }}", SH.targetObjectsOf: "{{ [] {0} ?this }}",
           SH.targetNode: "{{ VALUES ?this {{ {0} }} }}"}
#: Predicates of a shape that do not constrain (or, for severity, do not change which nodes get a result).
NOT_CONSTRAINTS = {RDF.type, SH.message, SH.name, SH.description, SH.severity, SH.order, SH.group,
                   RDFS.comment, RDFS.label, *TARGETS}
#: A regular expression means the same in XPath (SPARQL) and in Python when written with these only.
PLAIN_PATTERN = re.compile(r"^(?:[A-Za-z0-9 ^$\[\]{}\-,*+?/:|()_#]|\\[.\-/])*$")
VALUE_CONSTRAINTS = {SH.datatype, SH.nodeKind, SH["class"], SH.pattern, SH.minLength, SH.maxLength,
                     SH.languageIn, SH["in"], SH["or"], SH["and"], SH["not"], SH.node, *COMPARISONS}


#: The datatype :func:`oxigraph_query` gives a literal written ``"..."^^xsd:string``: Oxigraph would make it the
#: same term as ``"..."``, which rdflib and pySHACL tell apart (``sh:in ( "TNE" )`` refuses ``"TNE"^^xsd:string``).
EXPLICIT_STRING = URIRef("urn:x-influencegraph:explicit-xsd-string")


class Unsupported(ValueError):
    """The shapes use a SHACL feature the compiler does not handle."""


def candidate_queries(shapes: Graph, subclasses=None) -> list[str]:
    """One query per shape with targets, selecting ``?this`` for every target that may violate it.

    ``subclasses(C)``, if given, lists ``C`` and its subclasses in the data (the queries then name them instead
    of following ``rdfs:subClassOf*`` for every node, which Oxigraph does several times slower)."""
    return list(shape_queries(shapes, subclasses).values())


def shape_queries(shapes: Graph, subclasses=None) -> dict:
    """The queries of :func:`candidate_queries`, keyed by the shape each checks (in a stable order)."""
    if set(shapes.subjects(SH.target, None)) or set(shapes.subjects(RDF.type, RDFS.Class)) & _shape_nodes(shapes):
        raise Unsupported("SPARQL-based targets or implicit class targets")
    targeted = sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=str)
    return {shape: _Compiler(shapes, subclasses).query(shape) for shape in targeted}


def _shape_nodes(shapes: Graph) -> set:
    return set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))


class _Compiler:
    """Turns one shape into a query; fresh variable names per query."""

    def __init__(self, shapes: Graph, subclasses=None):
        self.g = shapes
        self.subclasses = subclasses
        self.within: list = []  # the shapes being compiled, outermost first
        self.count = 0

    def var(self) -> str:
        self.count += 1
        return f"?shacl{self.count}"  # a name no SPARQL constraint of the shapes is likely to use

    def query(self, shape) -> str:
        targets = self.targets(shape)
        return (f"PREFIX rdfs: <{RDFS}>\nSELECT DISTINCT ?this WHERE {{ {targets} "
                f"FILTER(!{self.shape(shape, '?this')}) }}")

    def shape(self, shape, x: str) -> str:
        """An expression that holds only if ``x`` surely conforms to ``shape`` (a node or property shape)."""
        if (shape, SH.deactivated, None) in self.g or (shape, SH.closed, None) in self.g:
            raise Unsupported("sh:deactivated or sh:closed")
        if shape in self.within:
            raise Unsupported(f"recursive shape {shape}")
        self.within.append(shape)
        try:
            if (shape, SH.path, None) in self.g:
                return self.property_shape(shape, x)
            return _all([self.node_constraint(p, o, x) for p, o in sorted(self.g.predicate_objects(shape))
                         if p not in NOT_CONSTRAINTS and str(p).startswith(str(SH))])
        finally:
            self.within.pop()

    def node_constraint(self, p, o, x: str) -> str:
        if p == SH.property:
            return self.shape(o, x)
        if p == SH.sparql:
            return self.sparql(o, x)
        if p == SH.hasValue:
            return f"sameTerm({x}, {_term(o)})"
        return self.value(p, o, x)

    def property_shape(self, shape, x: str) -> str:
        if x != "?this":  # pySHACL would then read the values' values, which the neighbourhood does not hold
            raise Unsupported("a property shape applied to a value node")
        path = self.g.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported(f"sh:path {path!r}: only a single IRI")
        p = _term(path)
        parts, checks = [], []
        for c, o in sorted(self.g.predicate_objects(shape)):
            if c in NOT_CONSTRAINTS or c == SH.path or not str(c).startswith(str(SH)):
                continue
            if c == SH.minCount:
                parts.append(self.at_least(x, p, int(o)))
            elif c == SH.maxCount:
                parts.append(f"!{self.at_least(x, p, int(o) + 1)}" if int(o) <= 3 else "false")
            elif c == SH.hasValue:
                parts.append(f"EXISTS {{ {x} {p} {_term(o)} }}")
            else:
                checks.append((c, o))
        if checks:
            w = self.var()
            parts.append(f"NOT EXISTS {{ {x} {p} {w} FILTER(!({_all([self.value(c, o, w) for c, o in checks])})) }}")
        return _all(parts)

    def at_least(self, x: str, p: str, n: int) -> str:
        """``x`` has at least ``n`` distinct values of ``p`` (as an expression; ``false`` past four)."""
        if n <= 0:
            return "true"
        if n > 4:
            return "false"
        vs = [self.var() for _ in range(n)]
        distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1:])
        return f"(EXISTS {{ {' . '.join(f'{x} {p} {v}' for v in vs)}{f' FILTER({distinct})' if distinct else ''} }})"

    def value(self, c, o, w: str) -> str:
        """An expression that holds only if the value node ``w`` surely satisfies the constraint ``c o``."""
        if c not in VALUE_CONSTRAINTS:
            raise Unsupported(f"constraint {c}")
        if c == SH.datatype:
            return _datatype(o, w)
        if c == SH.nodeKind:
            return NODE_KINDS[o].format(w)
        if c == SH["class"]:
            return self.instance(w, o)
        if c == SH.pattern:
            return self.pattern(o, w)
        if c in (SH.minLength, SH.maxLength):
            return f"({_plain(w)} && STRLEN(STR({w})) {'>=' if c == SH.minLength else '<='} {int(o)})"
        if c in COMPARISONS:
            return _comparison(COMPARISONS[c], o, w)
        if c == SH.languageIn:
            tags = " || ".join(f"LCASE(LANG({w})) = {_term(Literal(str(t).lower()))}" for t in self._list(o))
            return f"(isLiteral({w}) && ({tags or 'false'}))"
        if c == SH["in"]:
            return "(" + (" || ".join(f"sameTerm({w}, {_term(t)})" for t in self._list(o)) or "false") + ")"
        if c == SH["or"]:
            return "(" + (" || ".join(self.shape(m, w) for m in self._list(o)) or "false") + ")"
        if c == SH["and"]:
            return _all([self.shape(m, w) for m in self._list(o)])
        if c == SH["not"]:
            return self.negation(o, w)
        return self.shape(o, w)  # sh:node

    def instance(self, w: str, cls) -> str:
        """``w`` is an instance of ``cls`` or of a subclass of it (``rdfs:subClassOf`` in the data)."""
        if self.subclasses is None:
            return f"EXISTS {{ {w} a/rdfs:subClassOf* {_term(cls)} }}"
        t = self.var()
        return f"EXISTS {{ {w} a {t} FILTER({t} IN ({', '.join(map(_term, self.subclasses(cls)))})) }}"

    def targets(self, shape) -> str:
        out = []
        for t in TARGETS:
            for o in sorted(self.g.objects(shape, t)):
                if t == SH.targetClass and self.subclasses is not None:
                    out.append(f"{{ VALUES ?shaclClass {{ {' '.join(map(_term, self.subclasses(o)))} }} "
                               "?this a ?shaclClass }")
                else:
                    out.append(TARGETS[t].format(_term(o)))
        return " UNION ".join(out)

    def pattern(self, o, w: str) -> str:
        if (None, SH.flags, None) in self.g or not PLAIN_PATTERN.match(str(o)):
            return "false"
        return f"({_plain(w)} && COALESCE(REGEX(STR({w}), {_term(Literal(str(o)))}), false))"

    def negation(self, shape, w: str) -> str:
        """Not conforming to ``shape``: exact only for a shape that is one ``sh:in`` of IRIs (else ``false``)."""
        constraints = [(p, o) for p, o in self.g.predicate_objects(shape) if p not in NOT_CONSTRAINTS]
        if len(constraints) == 1 and constraints[0][0] == SH["in"]:
            items = self._list(constraints[0][1])
            if all(isinstance(t, URIRef) for t in items):
                return f"!{self.value(SH['in'], constraints[0][1], w)}"
        return "false"

    def sparql(self, constraint, x: str) -> str:
        """No row of the SPARQL constraint's SELECT for the focus ``x``. The constraint may read the focus, its values
        and the nodes naming it (see :data:`NEIGHBOURHOOD`), no further."""
        if x != "?this":
            raise Unsupported("a SPARQL constraint on a value node")
        if (constraint, SH.prefixes, None) in self.g or (constraint, SH.deactivated, None) in self.g:
            raise Unsupported("sh:prefixes or a deactivated SPARQL constraint")
        text = str(self.g.value(constraint, SH.select))
        start, end = text.find("{", text.upper().find("WHERE")), text.rfind("}")
        if start < 0 or end < start or re.search(r"\b(GROUP|ORDER|LIMIT|HAVING|VALUES|\$(?!this\b))", text[end:]
                                                 + text[start:end], re.I):
            raise Unsupported("a SPARQL constraint other than SELECT $this ... WHERE { pattern }")
        return f"NOT EXISTS {{ {text[start + 1:end].replace('$this', x)} }}"

    def _list(self, head) -> list:
        return list(self.g.items(head))


def _datatype(datatype, w: str) -> str:
    if datatype == RDF.langString:
        return f"(isLiteral({w}) && LANG({w}) != \"\")"
    if datatype not in SAFE_LEXICAL:
        return "false"
    safe = SAFE_LEXICAL[datatype]
    lexical = f" && REGEX(STR({w}), {_term(Literal(safe))})" if safe else ""
    return f"(isLiteral({w}) && sameTerm(DATATYPE({w}), {_term(datatype)}){lexical})"


def _plain(w: str) -> str:
    """``w`` is an IRI or a string, whose STR() is as written (Oxigraph writes ``81.0`` as ``81``)."""
    return f"COALESCE(isIRI({w}) || sameTerm(DATATYPE({w}), {_term(XSD.string)}) || LANG({w}) != \"\", false)"


def _comparison(op: str, bound, w: str) -> str:
    if not (isinstance(bound, Literal) and bound.datatype in (XSD.integer, XSD.decimal, XSD.double)):
        return "false"
    return f"COALESCE(isNumeric({w}) && {w} {op} {_term(bound)}, false)"


def _all(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "(" + " && ".join(parts) + ")" if parts else "true"


def _term(term) -> str:
    """A term written in SPARQL (full IRIs; literals with their datatype or language)."""
    return term.n3()


# ---------------------------------------------------------------- running the queries in Oxigraph

#: What a focus node's validation reads, as (subject, predicate) pairs: its statements, those naming it, its
#: values' statements, the class hierarchy; for a shape with a SPARQL constraint, the statements of the nodes naming it.
NEIGHBOURHOOD = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?p WHERE {
  { VALUES ?f { %(all)s } { ?f ?p ?o BIND(?f AS ?s) } UNION { ?s ?p ?f } UNION { ?f ?q ?s . ?s ?p ?o } }
  UNION { VALUES ?f { %(sparql)s } ?s ?q ?f . ?s ?p ?o }
  UNION { ?s rdfs:subClassOf ?o BIND(rdfs:subClassOf AS ?p) }
}"""


def oxigraph_query(graphs):
    """``query(text)`` over an in-memory Oxigraph copy of the rdflib ``graphs``, their union as the default graph.

    A literal written ``"..."^^xsd:string`` is typed :data:`EXPLICIT_STRING` in the copy. Raises
    :class:`Unsupported` when Oxigraph holds as one statement what rdflib holds as two (``0.5`` and ``0.50`` of one
    property: Oxigraph keeps the value, and would count one where pySHACL counts two)."""
    import pyoxigraph as ox

    store, expected = ox.Store(), 0
    for g in graphs:
        data = g.serialize(format="nt", encoding="utf-8").replace(f"^^<{XSD.string}>".encode(),
                                                                  f"^^<{EXPLICIT_STRING}>".encode())
        name = ox.NamedNode(str(g.identifier)) if isinstance(g.identifier, URIRef) else ox.BlankNode()
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        expected += len(g)
    if len(store) != expected:
        raise Unsupported(f"{expected - len(store)} statement(s) whose literal Oxigraph reads as another's value")
    return lambda text: store.query(text, use_default_graph_as_union=True)


def candidates(query, shapes: Graph) -> dict:
    """The focus nodes that may violate a shape (pyoxigraph terms), each with whether a shape it may violate has a
    SPARQL constraint. ``query(text)`` runs a query in Oxigraph over the data (e.g. a store's ``query``)."""
    found: dict = {}
    for shape, text in shape_queries(shapes, _subclasses(query)).items():
        sparql = (shape, SH.sparql, None) in shapes
        for row in query(text):
            found[row["this"]] = found.get(row["this"], False) or sparql
    return found


def _subclasses(query):
    """``subclasses(C)``: ``C`` and its subclasses in the data, as rdflib IRIs (remembered per class)."""
    from functools import lru_cache

    @lru_cache(maxsize=None)
    def subclasses(cls) -> list:
        rows = query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {_term(cls)} }}")
        return sorted({URIRef(row["c"].value) for row in rows if row["c"].__class__.__name__ == "NamedNode"} | {cls})
    return subclasses


def neighbourhood(query, found: dict, objects) -> Graph:
    """The statements pySHACL reads to validate the nodes ``found`` (see :data:`NEIGHBOURHOOD`), as rdflib.

    ``objects(s, p)`` gives the objects of ``s p`` as the caller holds them: Oxigraph keeps a decimal's value, not
    how it was written (``81.0`` comes back ``81``), and pySHACL's messages quote the value as written."""
    from rdflib import BNode

    text = NEIGHBOURHOOD % {"all": " ".join(map(str, found)),
                            "sparql": " ".join(str(t) for t, sparql in found.items() if sparql)}
    data = Graph()
    for row in query(text):
        s = URIRef(row["s"].value) if row["s"].__class__.__name__ == "NamedNode" else BNode(row["s"].value)
        p = URIRef(row["p"].value)
        for o in objects(s, p):
            data.add((s, p, o))
    return data


def _key(term):
    """What tells two foci apart, the same for a term from Oxigraph and from rdflib (a literal by its value)."""
    if isinstance(term, Literal):
        datatype = XSD.string if term.datatype == EXPLICIT_STRING else term.datatype
        return ("literal", (term.language or "").lower(), datatype, term.value if term.value is not None else str(term))
    return (type(term).__name__, str(term))


def results_about(report: Graph, found: dict) -> Graph:
    """``report`` keeping only the results about the nodes ``found`` (and the results nested in them)."""
    from rdflib.util import from_n3

    foci = {_key(from_n3(str(t))) for t in found}
    nested = set(report.objects(None, SH.detail))
    keep = [r for r in report.subjects(RDF.type, SH.ValidationResult)
            if r not in nested and _key(report.value(r, SH.focusNode)) in foci]
    kept = set()
    while keep:
        r = keep.pop()
        kept.add(r)
        keep.extend(d for d in report.objects(r, SH.detail) if d not in kept)
    for r in set(report.subjects(RDF.type, SH.ValidationResult)) - kept:
        report.remove((r, RDF.type, SH.ValidationResult))
    return report
