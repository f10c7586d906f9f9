"""Integrity checks SHACL cannot express well: declared terms, dangling references, claims in the right graph,
identifiers declared with clashing types, derived edges asserted by hand, paragraphs that do not exist."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Dataset, Literal, URIRef

from .errors import Problem
from .loading import SourceMap
from .ontology import curie as _short
from .ontology import declared, superclasses
from .vocab import (
    CATALOGUE_GRAPH, CLAIM, DERIVED_GRAPH, FACT, IG, IGR, ONTOLOGY_GRAPH, OWL, RDF, RDFS, SOURCE,
)

__all__ = ["check", "CHECKS", "Context"]

_CHECKED_NAMESPACES = (str(IG), str(IGR), str(SOURCE), str(CLAIM))
#: OWL property characteristics: a property declared ``owl:ObjectProperty`` may also be one of these.
PROPERTY_CHARACTERISTICS = frozenset({OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.TransitiveProperty,
                                      OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                                      OWL.ReflexiveProperty, OWL.IrreflexiveProperty})


@dataclass
class Context:
    """What every check reads: the dataset, where each term was written, and what the ontology and catalogue
    declare (worked out once for all checks)."""

    ds: Dataset
    smap: SourceMap
    paragraph_counts: dict[str, int] | None = None

    def __post_init__(self):
        self.ontology = self.ds.graph(ONTOLOGY_GRAPH)
        self.terms = declared(self.ontology) | {RDF.type}
        self.claim_classes = set(self.ontology.transitive_subjects(RDFS.subClassOf, IG.Claim))
        self.derived_props = (set(self.ontology.transitive_subjects(RDFS.subPropertyOf, IG.derivedRelation))
                              - {IG.derivedRelation})
        self.documents = set(self.ds.graph(CATALOGUE_GRAPH).subjects(RDF.type, IG.SourceDocument))
        # every check reads whole graphs: a (None, p, None) pattern per named graph would scan p across all
        # graphs of rdflib's memory store, once per graph
        self.typed = {s for g in _asserted(self.ds) for s, p, _o in g if p == RDF.type}

    def problem(self, graph, term, check_name, message, fix=None) -> Problem:
        """A problem about ``term``, pointing into the file (and line) that writes it in ``graph``."""
        file, line = self.smap.locate(term, graph)
        return Problem(file, line, check_name, message, focus=_short(term), fix=fix)


def undeclared(cx: Context) -> list[Problem]:
    """Every class and property used is declared in the ontology; no derived edge is written by hand."""
    return [cx.problem(g.identifier, s, *finding)
            for g in _asserted(cx.ds) if g.identifier != ONTOLOGY_GRAPH
            for s, p, o in g for finding in _undeclared_terms(cx, s, p, o)]


def _undeclared_terms(cx: Context, s, p, o) -> list[tuple]:
    """(check, message, fix) for each undeclared term of one statement, and for a derived edge written by hand."""
    found = []
    if p not in cx.terms:
        found.append(("undeclared", f"property {_short(p)} is not declared in ontology/influence.ttl",
                      "use a declared property or declare it in the ontology"))
    if p == RDF.type and o not in cx.terms:
        found.append(("undeclared", f"class {_short(o)} is not declared in ontology/influence.ttl",
                      "use a declared class or declare it in the ontology"))
    found += [("undeclared", f"term {_short(t)} is not declared in ontology/influence.ttl", None)
              for t in (s, o) if isinstance(t, URIRef) and str(t).startswith(str(IG)) and t not in cx.terms]
    if p in cx.derived_props:
        found.append(("derived-asserted", f"{_short(p)} is a derived edge and may not be written by hand",
                      "state it as a claim; the build derives the edge"))
    return found


def dangling(cx: Context) -> list[Problem]:
    """No dangling references: entities, sources and claims referred to are declared somewhere."""
    out = []
    for g in _asserted(cx.ds):
        for s, _p, o in g:
            for t in (s, o):
                if not isinstance(t, URIRef) or t in cx.typed:
                    continue
                if str(t).startswith(str(IGR)):
                    out.append(cx.problem(g.identifier, s, "dangling",
                                          f"refers to {_short(t)}, which no igg:entities block declares",
                                          fix="declare it with a type and skos:prefLabel, or fix the identifier"))
                elif str(t).startswith(str(SOURCE)) and t not in cx.documents:
                    out.append(cx.problem(g.identifier, s, "dangling",
                                          f"refers to source {_short(t)}, which seeds/catalogue.ttl does not list"))
                elif str(t).startswith(str(CLAIM)) and t == o:
                    out.append(cx.problem(g.identifier, s, "dangling", f"refers to {_short(t)}, which has no type",
                                          fix="give value nodes a type (schema:MonetaryAmount, "
                                              "schema:QuantitativeValue)"))
    return out


def placement(cx: Context) -> list[Problem]:
    """Claims live in their source's graph (citing it, at a paragraph it has), and nothing else lives there."""
    out = []
    for g in _asserted(cx.ds):
        out += _placement_in(cx, g)
    return out


def _placement_in(cx: Context, g) -> list[Problem]:
    name, out = g.identifier, []
    is_source_graph = name in cx.documents
    statements: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in g:
        statements[s][p].append(o)
    value_nodes = {o for s, props in statements.items() for values in props.values() for o in values
                   if isinstance(o, URIRef) and str(o).startswith(str(s) + "/")}
    claims = set()
    for s, props in statements.items():
        for t in props.get(RDF.type, ()):
            if s in value_nodes:
                continue
            if t in cx.claim_classes:
                claims.add(s)
                out += _claim_placement(cx, name, s, props, is_source_graph)
            elif is_source_graph:
                out.append(cx.problem(name, s, "misplaced", f"a {_short(t)} is declared inside a source graph",
                                      fix="declare entities in an igg:entities block"))
    if is_source_graph:
        out += [cx.problem(name, s, "misplaced", "only claims, their value nodes and the document's mentions may "
                           "live in a source graph")
                for s in statements if s != name and s not in claims and s not in value_nodes]
    return out


def _claim_placement(cx: Context, name, s, props, is_source_graph: bool) -> list[Problem]:
    if not is_source_graph:
        return [cx.problem(name, s, "misplaced", f"claim lives in graph {_short(name)}, not in a source document's "
                           "graph", fix="move it into the graph of the document that states it")]
    out = []
    sources = set(props.get(IG.source, ()))
    if sources and sources != {name}:
        out.append(cx.problem(name, s, "source-mismatch", f"claim sits in graph {_short(name)} but cites "
                              f"{', '.join(sorted(_short(x) for x in sources))}", fix="one document, one graph"))
    paragraph = props.get(IG.paragraph, (None,))[0]
    ident = str(name)[len(str(SOURCE)):]
    counts = cx.paragraph_counts
    if (counts and ident in counts and isinstance(paragraph, Literal) and isinstance(paragraph.toPython(), int)
            and paragraph.toPython() > counts[ident]):
        out.append(cx.problem(name, s, "locator", f"paragraph {paragraph} does not exist: the source has "
                              f"{counts[ident]} paragraphs"))
    return out


def type_clash(cx: Context) -> list[Problem]:
    """No identifier is declared with two types neither of which is a subclass of the other."""
    out = []
    for subject, decls in cx.smap.declared.items():
        kinds = {t for _, t in decls} - PROPERTY_CHARACTERISTICS
        if len(kinds) < 2:
            continue
        for a in kinds:
            for b in kinds:
                if a < b and b not in superclasses(cx.ontology, a) and a not in superclasses(cx.ontology, b):
                    files = sorted({f for f, _ in decls})
                    out.append(cx.problem(None, subject, "type-clash", f"declared as both {_short(a)} and "
                                          f"{_short(b)} (in {', '.join(files)})",
                                          fix="an identifier names one thing: rename one of them"))
    return out


def fact_keys(cx: Context) -> list[Problem]:
    """Fact keys are only referred to (by ``ig:fact``), never described."""
    return [cx.problem(g.identifier, s, "misplaced", "fact keys are not described, only referred to by ig:fact")
            for g in _asserted(cx.ds) for s in g.subjects() if str(s).startswith(str(FACT))]


#: The checks, in the order their problems are listed.
CHECKS = [undeclared, dangling, placement, type_clash, fact_keys]


def check(ds: Dataset, smap: SourceMap, paragraph_counts: dict[str, int] | None = None) -> list[Problem]:
    """Run every integrity check (:data:`CHECKS`, in order); return the problems found, each once (empty when the
    data is sound).

    ``paragraph_counts`` maps a source identifier to the number of paragraphs of its text, when the texts
    are at hand; claims citing a paragraph beyond that are reported.
    """
    cx = Context(ds, smap, paragraph_counts)
    return _unique([problem for each in CHECKS for problem in each(cx)])


def _asserted(ds: Dataset):
    for g in ds.graphs():
        if g.identifier != DERIVED_GRAPH and len(g):
            yield g


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
