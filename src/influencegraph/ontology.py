"""The ontology as data: its declared terms, class hierarchy and controlled vocabularies."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef

from .vocab import IG, OWL, RDF, RDFS

__all__ = ["declared", "declared_local_names", "subclasses", "superclasses", "render_terms", "sync_vocab_module"]

_NS = str(IG)


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


def render_terms(names) -> str:
    body = "".join(f'    "{n}",\n' for n in sorted(names))
    return "TERMS = (\n" + body + ")"


def sync_vocab_module(ontology_file: Path, vocab_file: Path | None = None) -> bool:
    """Rewrite ``TERMS`` in vocab.py from the ontology; return True if the file changed."""
    vocab_file = vocab_file or Path(__file__).with_name("vocab.py")
    names = declared_local_names(Graph().parse(ontology_file, format="turtle"))
    text = vocab_file.read_text(encoding="utf-8")
    new = re.sub(r"TERMS = \(\n.*?\n\)", lambda _m: render_terms(names), text, count=1, flags=re.S)
    if new != text:
        vocab_file.write_text(new, encoding="utf-8")
    return new != text
