"""The ontology as data: its declared terms, class hierarchy, relation families and controlled vocabularies, and
the code's vocabulary module (``vocab.py``) generated from it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from string import Template

from rdflib import Graph, URIRef

from .vocab import CLAIM, FACT, IG, IGR, OWL, RDF, RDFS, SOURCE

__all__ = ["curie", "declared", "declared_local_names", "subclasses", "superclasses", "families", "family_members",
           "vocab_module_text", "write_vocab_module", "update_vocab"]

_NS = str(IG)


def curie(term) -> str:
    """A project term written short, as people read it in messages: ``ig:``, ``igr:``, ``src:``, ``claim:``,
    ``fact:``; any other term as it is.

    Examples
    --------
    >>> curie(IG.investsIn), curie(FACT["china-kz-fdi-2025h1"]), curie("http://example.org/x")
    ('ig:investsIn', 'fact:china-kz-fdi-2025h1', 'http://example.org/x')
    """
    text = str(term)
    for prefix, ns in (("ig:", IG), ("igr:", IGR), ("src:", SOURCE), ("claim:", CLAIM), ("fact:", FACT)):
        if text.startswith(str(ns)):
            return prefix + text[len(str(ns)):]
    return text


def declared(ontology: Graph) -> set[URIRef]:
    """Every term the ontology declares: subjects that have an ``rdf:type`` in it."""
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}


def declared_local_names(ontology: Graph) -> set[str]:
    """Local names of the declared terms in the influencegraph namespace.

    Examples
    --------
    >>> from rdflib import Graph
    >>> ttl = "@prefix ig: <%s> . ig:X a <http://www.w3.org/2002/07/owl#Class> ." % _NS
    >>> g = Graph().parse(data=ttl, format="turtle")
    >>> sorted(declared_local_names(g))
    ['X']
    """
    return {str(t)[len(_NS):] for t in declared(ontology) if str(t).startswith(_NS)}


def subclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and everything below it."""
    return set(ontology.transitive_subjects(RDFS.subClassOf, cls))


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and everything above it."""
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def classes(ontology: Graph) -> set[URIRef]:
    return set(ontology.subjects(RDF.type, OWL.Class))


def family_members(ontology: Graph, family: URIRef) -> frozenset[URIRef]:
    """The relations of a family: the properties below ``family`` that have no sub-property of their own
    (groupings such as ``ig:capitalRelation`` inside ``ig:influenceRelation`` are not relations)."""
    below = set(ontology.transitive_subjects(RDFS.subPropertyOf, family)) - {family}
    return frozenset(p for p in below if next(ontology.subjects(RDFS.subPropertyOf, p), None) is None)


def families(ontology: Graph) -> dict[str, frozenset[str]]:
    """Relation families: the local name of every ontology property that groups others (``ig:derivedRelation``,
    ``ig:influenceRelation``, ``ig:capitalRelation``, ...) → the local names of its relations.

    Examples
    --------
    >>> from rdflib import Graph
    >>> ttl = ("@prefix ig: <%s> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
    ...        "ig:investsIn rdfs:subPropertyOf ig:capitalRelation . "
    ...        "ig:finances rdfs:subPropertyOf ig:capitalRelation . "
    ...        "ig:capitalRelation rdfs:subPropertyOf ig:influenceRelation ." % _NS)
    >>> fams = families(Graph().parse(data=ttl, format="turtle"))
    >>> sorted(fams), sorted(fams["influenceRelation"])
    (['capitalRelation', 'influenceRelation'], ['finances', 'investsIn'])
    """
    groups = {o for o in ontology.objects(None, RDFS.subPropertyOf) if str(o).startswith(_NS)}
    return {str(f)[len(_NS):]: frozenset(str(p)[len(_NS):] for p in family_members(ontology, f))
            for f in sorted(groups)}


# ----------------------------------------------------------------------------- vocab.py, generated whole
_VOCAB = Template('''"""The one place code names ontology terms.

``IG`` is a closed namespace over exactly the terms declared in ``ontology/influence.ttl``: a typo such as
``IG.investsInn`` fails at import time rather than producing a silent, empty query. ``NAME`` gives the same terms as
local names (``NAME.investsIn == "investsIn"``), as the projected network names its relations and classes, and is
closed too. ``FAMILIES`` holds the ontology's relation families. This module is generated whole from the ontology
by ``influencegraph vocab`` (:func:`influencegraph.ontology.vocab_module_text`); ``tests/test_ontology.py`` fails
when it differs from what the ontology gives, byte for byte. Edit the ontology, not this file.

Examples
--------
>>> IG.Investment
rdflib.term.URIRef('${iri}ontology#Investment')
>>> NAME.investsIn
'investsIn'
>>> sorted(FAMILIES[NAME.capitalRelation])
['finances', 'investsIn']
>>> SOURCE["000_6032362c1ef78876"]
rdflib.term.URIRef('${iri}source/000_6032362c1ef78876')
"""

from types import SimpleNamespace

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

BASE = "$iri"
ONTOLOGY_IRI = BASE + "ontology"

#: Terms declared in ontology/influence.ttl (sorted).
TERMS = (
$terms)

IG = ClosedNamespace(BASE + "ontology#", TERMS)
#: The terms' local names, as the projected network names relations and classes: ``NAME.investsIn``.
NAME = SimpleNamespace(**{t: t for t in TERMS})

#: Relation families: each property of the ontology that groups others → the relations below it (local names).
FAMILIES = {
$families}
#: Entities (actors, places, projects, ...).
IGR = Namespace(BASE + "id/")
#: Named graphs that are not source documents.
IGG = Namespace(BASE + "graph/")
#: Source documents; a document's IRI is also the name of the graph that holds its claims.
SOURCE = Namespace(BASE + "source/")
#: Claims, one sub-namespace per source document.
CLAIM = Namespace(BASE + "claim/")
#: Fact keys grouping claims of different sources about the same question.
FACT = Namespace(BASE + "fact/")
SHAPES = Namespace(BASE + "shapes#")
#: Skolem IRIs for blank nodes that no claim holds.
GENID = Namespace(BASE + ".well-known/genid/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Well-known named graphs.
ENTITIES_GRAPH = IGG.entities
CATALOGUE_GRAPH = IGG.catalogue
ONTOLOGY_GRAPH = IGG.ontology
DERIVED_GRAPH = IGG.derived
#: Computed centrality scores (influencegraph.analysis.centrality.write_back); never asserted.
CENTRALITY_GRAPH = IGG.centrality

#: Prefixes bound on every dataset and export, in this order.
PREFIXES = {
    "ig": IG,
    "igr": IGR,
    "igg": IGG,
    "src": SOURCE,
    "fact": FACT,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "org": ORG,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}

__all__ = [
    "BASE", "ONTOLOGY_IRI", "TERMS", "IG", "IGR", "IGG", "SOURCE", "CLAIM", "FACT", "SHAPES", "GENID",
    "SCHEMA", "ORG", "WD", "NAME", "FAMILIES",
    "ENTITIES_GRAPH", "CATALOGUE_GRAPH", "ONTOLOGY_GRAPH", "DERIVED_GRAPH", "CENTRALITY_GRAPH",
    "PREFIXES",
    "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD",
]
''')


def _family_entry(name: str, members) -> str:
    """One line of ``FAMILIES`` (wrapped at 120 characters)."""
    quoted = ", ".join(f'"{m}"' for m in sorted(members))
    line = f'    "{name}": frozenset({{{quoted}}}),\n'
    if len(line) <= 121:
        return line
    body = textwrap.fill(quoted, width=120, initial_indent=" " * 8, subsequent_indent=" " * 8)
    return f'    "{name}": frozenset({{\n{body}\n    }}),\n'


def vocab_module_text(ontology: Graph) -> str:
    """The whole text of ``vocab.py`` for ``ontology``."""
    iri = next(s for s in ontology.subjects(RDF.type, OWL.Ontology))
    base = str(iri)[: -len("ontology")]
    terms = "".join(f'    "{n}",\n' for n in sorted(declared_local_names(ontology)))
    fams = "".join(_family_entry(name, members) for name, members in families(ontology).items())
    return _VOCAB.substitute(iri=base, terms=terms, families=fams)


def write_vocab_module(ontology_file: Path, vocab_file: Path | None = None, check: bool = False) -> bool:
    """Write vocab.py generated from the ontology (only compare it, if ``check``); return True if the file
    differed from the generated text."""
    vocab_file = vocab_file or Path(__file__).with_name("vocab.py")
    text = vocab_module_text(Graph().parse(ontology_file, format="turtle"))
    stale = not vocab_file.exists() or vocab_file.read_text(encoding="utf-8") != text
    if stale and not check:
        vocab_file.write_text(text, encoding="utf-8")
    return stale


def update_vocab(root=None, check: bool = False) -> bool:
    """Regenerate ``vocab.py`` from the project's ontology (only compare, if ``check``); return True if it was out
    of date (see :func:`write_vocab_module`)."""
    from .project import Project
    return write_vocab_module(Project.locate(root).ontology_file, check=check)
