"""Integrity checks SHACL cannot express well: declared terms, dangling references, claims in the right graph,
identifiers declared with clashing types, derived edges asserted by hand, paragraphs that do not exist."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Dataset, Literal, URIRef

from .errors import Problem
from .loading import SourceMap
from .ontology import curie as _short
from .ontology import declared, superclasses
from .vocab import (
    CATALOGUE_GRAPH, CLAIM, DERIVED_GRAPH, FACT, IG, IGR, ONTOLOGY_GRAPH, OWL, RDF, RDFS, SOURCE,
)

__all__ = ["check"]

_CHECKED_NAMESPACES = (str(IG), str(IGR), str(SOURCE), str(CLAIM))
#: OWL property characteristics: a property declared ``owl:ObjectProperty`` may also be one of these.
PROPERTY_CHARACTERISTICS = frozenset({OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.TransitiveProperty,
                                      OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
                                      OWL.ReflexiveProperty, OWL.IrreflexiveProperty})


def check(ds: Dataset, smap: SourceMap, paragraph_counts: dict[str, int] | None = None) -> list[Problem]:
    """Run every integrity check; return the problems found (empty when the data is sound).

    ``paragraph_counts`` maps a source identifier to the number of paragraphs of its text, when the texts
    are at hand; claims citing a paragraph beyond that are reported.
    """
    ontology = ds.graph(ONTOLOGY_GRAPH)
    terms = declared(ontology) | {RDF.type}
    claim_classes = set(ontology.transitive_subjects(RDFS.subClassOf, IG.Claim))
    derived_props = set(ontology.transitive_subjects(RDFS.subPropertyOf, IG.derivedRelation)) - {IG.derivedRelation}
    catalogue = ds.graph(CATALOGUE_GRAPH)
    documents = set(catalogue.subjects(RDF.type, IG.SourceDocument))
    problems: list[Problem] = []

    where = {"graph": None}  # the named graph being checked: problems point into the files that write it

    def report(term, check_name, message, fix=None):
        file, line = smap.locate(term, where["graph"])
        problems.append(Problem(file, line, check_name, message, focus=_short(term), fix=fix))

    # every pass below reads a whole graph: a (None, p, None) pattern per named graph would scan p across all
    # graphs of rdflib's memory store, once per graph
    typed = {s for g in _asserted(ds) for s, p, _o in g if p == RDF.type}
    # 1. every class and property used is declared in the ontology
    for g in _asserted(ds):
        where["graph"] = g.identifier
        if g.identifier == ONTOLOGY_GRAPH:
            continue
        for s, p, o in g:
            if p not in terms:
                report(s, "undeclared", f"property {_short(p)} is not declared in ontology/influence.ttl",
                       fix="use a declared property or declare it in the ontology")
            if p == RDF.type and o not in terms:
                report(s, "undeclared", f"class {_short(o)} is not declared in ontology/influence.ttl",
                       fix="use a declared class or declare it in the ontology")
            for t in (s, o):
                if isinstance(t, URIRef) and str(t).startswith(str(IG)) and t not in terms:
                    report(s, "undeclared", f"term {_short(t)} is not declared in ontology/influence.ttl")
            if p in derived_props:
                report(s, "derived-asserted", f"{_short(p)} is a derived edge and may not be written by hand",
                       fix="state it as a claim; the build derives the edge")
    # 2. no dangling references: entities, sources and claims must be declared somewhere
    for g in _asserted(ds):
        where["graph"] = g.identifier
        for s, p, o in g:
            for t in (s, o):
                if not isinstance(t, URIRef) or t in typed:
                    continue
                if str(t).startswith(str(IGR)):
                    report(s, "dangling", f"refers to {_short(t)}, which no igg:entities block declares",
                           fix="declare it with a type and skos:prefLabel, or fix the identifier")
                elif str(t).startswith(str(SOURCE)) and t not in documents:
                    report(s, "dangling", f"refers to source {_short(t)}, which seeds/catalogue.ttl does not list")
                elif str(t).startswith(str(CLAIM)) and t == o:
                    report(s, "dangling", f"refers to {_short(t)}, which has no type",
                           fix="give value nodes a type (schema:MonetaryAmount, schema:QuantitativeValue)")
    # 3. claims: in their source's graph, and nothing else lives in a source graph
    for g in _asserted(ds):
        where["graph"] = g.identifier
        name = g.identifier
        is_source_graph = name in documents
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
                if t in claim_classes:
                    claims.add(s)
                    if not is_source_graph:
                        report(s, "misplaced", f"claim lives in graph {_short(name)}, not in a source document's "
                               "graph", fix="move it into the graph of the document that states it")
                        continue
                    sources = set(props.get(IG.source, ()))
                    if sources and sources != {name}:
                        report(s, "source-mismatch", f"claim sits in graph {_short(name)} but cites "
                               f"{', '.join(sorted(_short(x) for x in sources))}", fix="one document, one graph")
                    paragraph = props.get(IG.paragraph, (None,))[0]
                    ident = str(name)[len(str(SOURCE)):]
                    if (paragraph_counts and ident in paragraph_counts and isinstance(paragraph, Literal)
                            and isinstance(paragraph.toPython(), int)
                            and paragraph.toPython() > paragraph_counts[ident]):
                        report(s, "locator", f"paragraph {paragraph} does not exist: the source has "
                               f"{paragraph_counts[ident]} paragraphs")
                elif is_source_graph:
                    report(s, "misplaced", f"a {_short(t)} is declared inside a source graph",
                           fix="declare entities in an igg:entities block")
        if is_source_graph:
            for s in statements:
                if s == name or s in claims or s in value_nodes:
                    continue
                report(s, "misplaced", "only claims, their value nodes and the document's mentions may live "
                       "in a source graph")
    # 4. identifiers declared with clashing types
    where["graph"] = None
    for subject, decls in smap.declared.items():
        kinds = {t for _, t in decls} - PROPERTY_CHARACTERISTICS
        if len(kinds) < 2:
            continue
        for a in kinds:
            for b in kinds:
                if a < b and b not in superclasses(ontology, a) and a not in superclasses(ontology, b):
                    files = sorted({f for f, _ in decls})
                    report(subject, "type-clash", f"declared as both {_short(a)} and {_short(b)} "
                           f"(in {', '.join(files)})", fix="an identifier names one thing: rename one of them")
    # 5. facts are keys only
    for g in _asserted(ds):
        where["graph"] = g.identifier
        for s in g.subjects():
            if str(s).startswith(str(FACT)):
                report(s, "misplaced", "fact keys are not described, only referred to by ig:fact")
    return _unique(problems)


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
