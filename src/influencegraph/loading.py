"""Read the project's RDF files into one dataset, one named graph per role, with errors that name file and line.

Layout of the dataset:

- ``igg:ontology`` — ontology/influence.ttl;
- ``igg:catalogue`` — seeds/catalogue.ttl (the source documents);
- ``igg:entities`` — the entity registry (graph/entities.trig and ``igg:entities`` blocks of source files);
- one graph per source document, named by the document's IRI, holding that document's claims;
- ``igg:derived`` — written by the build (see :mod:`influencegraph.derive`), never by hand.

Blank nodes (the ``[ a schema:MonetaryAmount ; ... ]`` value nodes) are replaced by IRIs named after the
claim that holds them (``<claim>/amount``), so that output is deterministic and diffable.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef

from .dates import check_date_literals
from .errors import InputError, Problem
from .limits import check_terms
from .oxparse import Parsed, parse_into, parse_statements
from .project import Project
from .vocab import CATALOGUE_GRAPH, CLAIM, GENID, IGG, ONTOLOGY_GRAPH, PREFIXES, RDF

__all__ = ["SourceMap", "new_dataset", "parse_project", "parse_file"]

_MAX_BYTES = 50 * 1024 * 1024
_CLAIMS = str(CLAIM)


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


@dataclass
class SourceMap:
    """Remembers which file each statement came from, to point problems at a file and line."""

    root: Path
    texts: dict[str, str] = field(default_factory=dict)  # relative file -> text
    prefixes: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> prefix -> namespace
    declared: dict[URIRef, list[tuple[str, URIRef]]] = field(default_factory=dict)  # subject -> [(file, type)]
    subject_files: dict[URIRef, list[str]] = field(default_factory=dict)
    graph_files: dict[URIRef, list[str]] = field(default_factory=dict)  # named graph -> files that write it
    _lines: dict = field(default_factory=dict, repr=False)  # (file, term) -> line, once the file is parsed

    def locate(self, term, graph=None) -> tuple[str | None, int | None]:
        """File and line where ``term`` first appears as the start of a statement (or anywhere); with ``graph``,
        only in the files that write that named graph."""
        if not isinstance(term, URIRef):
            return None, None
        files = self.subject_files.get(term) or list(self.texts)
        if graph is not None and graph in self.graph_files:
            files = [f for f in self.graph_files[graph] if f in files] or self.graph_files[graph]
        for relfile in files:
            number = self.line_in(relfile, term)
            if number is not None:
                return relfile, number
        parent = str(term).rsplit("/", 1)[0]
        if parent.startswith(_CLAIMS) and len(parent) > len(_CLAIMS) + 4:
            return self.locate(URIRef(parent), graph)  # a value node: point at the claim that holds it
        return (files[0] if files else None), None

    def line_in(self, relfile: str, term: URIRef) -> int | None:
        """The line of ``relfile`` where ``term`` starts a statement, else the first line naming it, else None."""
        key = (relfile, term)
        if key not in self._lines:
            self._lines[key] = _find_line(self.texts[relfile].splitlines(), self._spellings(relfile, term))
        return self._lines[key]

    def _spellings(self, relfile: str, term: URIRef) -> list[str]:
        names = [f"<{term}>"]
        for prefix, ns in self.prefixes.get(relfile, {}).items():
            if str(term).startswith(ns) and len(str(term)) > len(ns):
                names.append(f"{prefix}:{str(term)[len(ns):]}")
        return names


def _find_line(lines: list[str], names: list[str]) -> int | None:
    """The first line starting with one of ``names``, else the first naming one of them as a whole token."""
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip()
        if any(_starts_with_token(stripped, name) for name in names):
            return number
    patterns = [re.compile(r"(?<![\w:/-])" + re.escape(name) + r"(?![\w/-])") for name in names]
    for number, line in enumerate(lines, 1):
        if any(pattern.search(line) for pattern in patterns):
            return number
    return None


def _starts_with_token(line: str, name: str) -> bool:
    """``line`` starts with the whole name ``name`` (not with a longer name that begins the same way)."""
    return line.startswith(name) and re.match(r"(?:\.?(?:[^\w/.:-]|$))", line[len(name):]) is not None


def parse_file(path: Path, fmt: str, project: Project, smap: SourceMap,
               light: bool = False) -> tuple[Dataset | Graph | Parsed | None, list[Problem]]:
    """Parse one file; on failure return the problem with file and line instead of raising.

    With ``light``, the container is a :class:`~influencegraph.oxparse.Parsed` (plain lists, cheaper to copy
    once into a dataset) wherever pyoxigraph parses the file, else an rdflib container as without it.

    A file that parses but holds a literal, IRI or RDF list beyond the limits of :mod:`influencegraph.limits`, or
    a date literal that is not a date on the calendar (:func:`~influencegraph.dates.check_date_literals`), is a
    failure too: one problem per offence, and no container.
    """
    rel = project.relative(path)
    logging.getLogger(__name__).debug("parsing %s", rel)
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None, [Problem(rel, None, "size", f"file is larger than {_MAX_BYTES} bytes", fix="split it")]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(rel, None, "read", str(exc))]
    smap.texts[rel] = text
    smap._lines.clear()
    container = (parse_statements(text, fmt, path.as_uri()) if light else None) or (
        Dataset() if fmt == "trig" else Graph())
    try:  # pyoxigraph, else rdflib (and its messages)
        if not isinstance(container, Parsed) and not parse_into(container, text, fmt, path.as_uri()):
            container.parse(data=text, format=fmt, publicID=path.as_uri())
    except Exception as exc:  # rdflib raises several types; all are syntax problems here
        line = getattr(exc, "lines", None)
        why = getattr(exc, "_why", None) or str(exc).splitlines()[0]
        return None, [Problem(rel, (line + 1) if isinstance(line, int) else None, "syntax", why,
                              fix="correct the Turtle/TriG syntax at this line")]
    smap.prefixes[rel] = {p: str(ns) for p, ns in container.namespaces()}
    problems = check_terms(container, rel, text, lambda term: smap.line_in(rel, term))
    problems = problems or check_date_literals(container, rel, text, lambda term: smap.line_in(rel, term))
    return (None, problems) if problems else (container, [])


def _skolemize(graph: Graph) -> None:
    """Replace blank nodes by IRIs derived from the claim that holds them: ``<claim>/amount``."""
    renamed = _skolem_names(graph)
    if not renamed:
        return
    triples = list(graph)
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            graph.remove((s, p, o))
            graph.add((renamed.get(s, s), p, renamed.get(o, o)))


def _skolemized(triples: list) -> list:
    """The triples with their blank nodes renamed as :func:`_skolemize` renames them (the names depend only on
    the statements that hold a blank node, so only those go into a graph to be named)."""
    linked = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    if not linked:
        return triples
    graph = Graph()
    for triple in linked:
        graph.add(triple)
    renamed = _skolem_names(graph)
    return [(renamed.get(s, s), p, renamed.get(o, o)) for s, p, o in triples]


def _skolem_names(graph: Graph) -> dict:
    """The IRI for each blank node of ``graph``."""
    bnodes = {t for triple in graph for t in triple if isinstance(t, BNode)}
    renamed: dict[BNode, URIRef] = {}
    original = {}

    def parent_of(term):
        return original.get(term, term)

    pending = set(bnodes)
    while pending:
        progressed = False
        for b in sorted(pending, key=str):
            parents = list(graph.subject_predicates(b))
            parents = [(renamed.get(s, s), p) for s, p in parents]
            if parents and all(isinstance(s, URIRef) for s, _ in parents):
                s, p = sorted(parents)[0]
                local = str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                base = f"{s}/{local}"
                iri = URIRef(base)
                siblings = [o for o in graph.objects(parent_of(s), p) if isinstance(o, BNode)]
                if len(siblings) > 1:  # several value nodes under one property: tell them apart by content
                    content = "|".join(sorted(f"{pp} {oo.n3()}" for pp, oo in graph.predicate_objects(b)))
                    iri = URIRef(base + "-" + hashlib.sha256(content.encode()).hexdigest()[:8])
                renamed[b] = iri
                original[iri] = b
                pending.discard(b)
                progressed = True
        if not progressed:  # unreferenced or cyclic blank nodes: name them by content
            for b in sorted(pending, key=str):
                content = "|".join(sorted(f"{p} {o.n3()}" for p, o in graph.predicate_objects(b)))
                renamed[b] = URIRef(GENID
                                    + hashlib.sha256(content.encode()).hexdigest()[:16])
            pending.clear()
    return renamed


def parse_project(project: Project) -> tuple[Dataset, SourceMap]:
    """Parse every input file of ``project`` into one dataset.

    Raises
    ------
    InputError
        If any file cannot be read or parsed, or puts statements outside a named graph; every such file is
        reported, not only the first.
    """
    ds = new_dataset()
    smap = SourceMap(project.root)
    problems: list[Problem] = []
    single = [(project.ontology_file, ONTOLOGY_GRAPH), (project.catalogue_file, CATALOGUE_GRAPH)]
    for path, name in single:
        if not path.is_file():
            problems.append(Problem(project.relative(path), None, "missing", "required file is missing"))
            continue
        g, errs = parse_file(path, "turtle", project, smap)
        problems += errs
        if g is not None:
            _skolemize(g)
            target = ds.graph(name)
            for t in g:
                target.add(t)
            _record(smap, project.relative(path), g)
    if not project.graph_files:
        problems.append(Problem("graph/", None, "missing", "no .trig files in graph/ or graph/sources/"))
    for path in project.graph_files:
        container, errs = parse_file(path, "trig", project, smap, light=True)
        problems += errs
        if container is None:
            continue
        rel = project.relative(path)
        for name, triples in _graphs(container):
            if not triples:
                continue
            if not isinstance(name, URIRef) or name == URIRef("urn:x-rdflib:default"):
                s, _, _ = triples[0]
                _, line = smap.locate(s) if isinstance(s, URIRef) else (None, None)
                problems.append(Problem(rel, line, "structure", f"{len(triples)} statements outside a named graph",
                                        fix="put them inside 'igg:entities { ... }' or the source's graph"))
                continue
            triples = _skolemized(triples)
            target = ds.graph(name)
            for t in triples:
                target.add(t)
            _record_statements(smap, rel, name, triples)
    if problems:
        raise InputError(problems)
    return ds, smap


def _graphs(container):
    """``(name, triples)`` for each graph of a parsed file (an rdflib Dataset or a :class:`Parsed`)."""
    if isinstance(container, Parsed):
        return container.graphs()
    return ((g.identifier, list(g)) for g in container.graphs())


def _record(smap: SourceMap, rel: str, g: Graph) -> None:
    _record_statements(smap, rel, g.identifier, list(g))


def _record_statements(smap: SourceMap, rel: str, name, triples: list) -> None:
    files = smap.graph_files.setdefault(name, [])
    if rel not in files:
        files.append(rel)
    for s in {s for s, _p, _o in triples}:
        if isinstance(s, URIRef):
            files = smap.subject_files.setdefault(s, [])
            if rel not in files:
                files.append(rel)
    for s, p, t in triples:
        if p == RDF.type and isinstance(s, URIRef) and name != IGG.derived:
            smap.declared.setdefault(s, []).append((rel, t))
