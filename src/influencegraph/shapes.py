"""SHACL validation of the dataset against ontology/shapes.ttl, with results a person can act on.

Two engines give the same problems, with the same messages, files and lines (``tests/test_shacl_engines.py``):

- ``oxigraph``, the build's: the shapes compiled to SPARQL (:mod:`influencegraph.shapes_sparql`) find, in an
  in-memory Oxigraph copy of the asserted graphs, every focus node that may violate a shape; pySHACL then validates
  those nodes alone, on the statements their validation reads. A valid project never reaches pySHACL; an invalid
  one gets pySHACL's own results and words for its few bad nodes. Shapes beyond what the compiler handles fall
  back to the whole graph in pySHACL, with a warning.
- ``pyshacl``: pySHACL on the union of the asserted graphs, as before (kept for the differential test).

Why this way: at 100k triples pySHACL takes 15 s on the whole graph and about 1 s this way; at 1M, 111 to 453 s and
14 to 16 s (benchmarks/README.md, "Validation at scale"). The Rust engine in ``pyrudof`` (0.3.35) was tried first: 7.8 s
at 100k for its validation alone, and its results are not pySHACL's (its own default messages such as
``"MaxCount(1) not satisfied"``, ``"OR not satisfied"`` where the node shape has an ``sh:message``, and 64 results
where pySHACL gives 68 on the same planted graph), so keeping today's messages would have meant rewriting them by
hand and chasing the differences. Compiling the shapes to complete SPARQL checks would have meant the same
rewriting; finding candidates only, and leaving the verdict and its words to pySHACL, keeps the messages identical
by construction.
"""

from __future__ import annotations

import logging

from rdflib import Dataset, Graph
from rdflib.namespace import SH

from .errors import Problem
from .integrity import _asserted, _short
from .loading import SourceMap
from .vocab import RDF, SHAPES

__all__ = ["validate_shapes", "ENGINES"]

log = logging.getLogger(__name__)


def validate_shapes(ds: Dataset, shapes: Graph, smap: SourceMap, engine: str = "oxigraph",
                    store=None) -> list[Problem]:
    """Validate the union of the asserted graphs; the ontology supplies the class hierarchy.

    ``engine="oxigraph"`` (the default, see the module's notes) finds the candidates in Oxigraph and asks pySHACL
    about them alone; ``engine="pyshacl"`` runs pySHACL on the whole graph. Both give the same problems.
    ``store``, a pyoxigraph store holding the same graphs as ``ds`` under the same names, spares the Oxigraph
    engine its copy (only the asserted graphs are read: ``igg:derived`` may be there or not); the copy is made
    anyway when the store's graphs differ in size from ``ds``'s or a literal is written ``"..."^^xsd:string``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose from {', '.join(ENGINES)}")
    report = ENGINES[engine](ds, shapes, store)
    return [] if report is None else _problems(report, shapes, smap)


def _whole(ds: Dataset, shapes: Graph, _store=None):
    """pySHACL's report on the union of the asserted graphs (None when they conform)."""
    data = Graph()
    for g in _asserted(ds):  # the ontology comes along: it types the controlled terms and holds the hierarchy
        data += g
    return _pyshacl(data, shapes)


def _pyshacl(data: Graph, shapes: Graph):
    import pyshacl  # imported here: it is slow to import and only validation needs it

    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True,
    )
    return None if conforms else report


def _problems(report: Graph, shapes: Graph, smap: SourceMap) -> list[Problem]:
    """One problem per validation result (nested ones included), pointing at the focus node's file and line."""
    from .loading import new_dataset

    names = new_dataset()  # for short, prefixed names in messages
    problems = []
    for result in report.subjects(RDF.type, _sh("ValidationResult")):
        focus = report.value(result, _sh("focusNode"))
        path = report.value(result, _sh("resultPath"))
        value = report.value(result, _sh("value"))
        message = report.value(result, _sh("resultMessage"))
        component = report.value(result, _sh("sourceConstraintComponent"))
        shape = report.value(result, _sh("sourceShape"))
        file, line = smap.locate(focus)
        constraint = _short(component).rsplit("#", 1)[-1].replace("ConstraintComponent", "")
        text = f"{constraint} on {_short(path) if path is not None else _shape_name(shape, shapes)}"
        if value is not None:
            text += f", value {value.n3(names.namespace_manager) if hasattr(value, 'n3') else value}"
        if message:
            text += f": {message}"
        problems.append(Problem(file, line, "shacl", text, focus=_short(focus), fix=_FIXES.get(constraint)))
    return sorted(set(problems), key=lambda p: (p.file or "", p.line or 0, p.message))


def _candidates_only(ds: Dataset, shapes: Graph, store=None):
    """pySHACL's report on the focus nodes Oxigraph finds may violate a shape, with what their validation reads."""
    from .shapes_sparql import Unsupported, candidates, neighbourhood, results_about

    try:
        query = _query(ds, store)
        found = candidates(query, shapes)
    except Unsupported as exc:
        log.warning("SHACL shapes beyond what Oxigraph checks (%s): validating with pySHACL", exc)
        return _whole(ds, shapes)
    if not found:
        return None
    report = _pyshacl(neighbourhood(query, found, _objects(ds)), shapes)
    return None if report is None else results_about(report, found)


def _query(ds: Dataset, store=None):
    """``query(text)``: a query over the union of the asserted graphs, in ``store`` or else in a copy made here."""
    from .shapes_sparql import oxigraph_query

    graphs = list(_asserted(ds))
    if store is None or not _same_statements(store, graphs) or _explicit_strings(graphs):
        return oxigraph_query(graphs)
    import pyoxigraph as ox

    names = [ox.NamedNode(str(g.identifier)) for g in graphs]
    return lambda text: store.query(text, default_graph=names)


def _same_statements(store, graphs) -> bool:
    """``store`` holds as many statements in each graph as rdflib does (so no two literals became one)."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {row["g"].value: int(row["n"].value) for row in rows}
    return all(counts.get(str(g.identifier)) == len(g) for g in graphs)


def _explicit_strings(graphs) -> bool:
    """Some literal is written ``"..."^^xsd:string``: a store cannot tell it from ``"..."``, the copy can."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    return any(isinstance(o, Literal) and o.datatype == XSD.string for g in graphs for o in g.objects())


def _objects(ds: Dataset):
    """``objects(s, p)``: the objects of ``s p`` in the asserted graphs, as rdflib parsed them."""
    asserted = {g.identifier for g in _asserted(ds)}

    def objects(s, p):
        return {o for _s, _p, o, g in ds.quads((s, p, None, None)) if _name(g) in asserted}
    return objects


def _name(graph):
    return getattr(graph, "identifier", graph)


ENGINES = {"oxigraph": _candidates_only, "pyshacl": _whole}


_FIXES = {
    "MinCount": "add the missing property",
    "MaxCount": "keep only one value",
    "Datatype": "write the literal with the datatype the shape names (e.g. 0.25 for a decimal, 5 for an integer)",
    "Class": "use an entity or term of the expected class (see ontology/influence.ttl)",
    "MinInclusive": "use a value within the allowed range",
    "MaxInclusive": "use a value within the allowed range (shares are fractions: 81 percent is 0.81)",
    "Pattern": "follow the documented format",
    "LanguageIn": "tag the label @en",
    "In": "use one of the listed values",
    "Or": "give one of the alternatives the shape lists",
    "Node": "use a date as xsd:date, xsd:gYearMonth or xsd:gYear",
}


def _sh(name: str):
    return SH[name]


def _shape_name(shape, shapes: Graph) -> str:
    text = str(shape)
    return text[len(str(SHAPES)):] if text.startswith(str(SHAPES)) else "the node"
