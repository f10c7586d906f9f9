"""SHACL validation of the dataset against ontology/shapes.ttl, with results a person can act on."""

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


def validate_shapes(ds: Dataset, shapes: Graph, smap: SourceMap, engine: str = "oxigraph") -> list[Problem]:
    """Validate the union of the asserted graphs; the ontology supplies the class hierarchy.

    ``engine="oxigraph"`` (the default, see the module's notes) finds the candidates in Oxigraph and asks pySHACL
    about them alone; ``engine="pyshacl"`` runs pySHACL on the whole graph. Both give the same problems."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose from {', '.join(ENGINES)}")
    report = ENGINES[engine](ds, shapes)
    return [] if report is None else _problems(report, shapes, smap)


def _whole(ds: Dataset, shapes: Graph):
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


def _candidates_only(ds: Dataset, shapes: Graph):
    """pySHACL's report on the focus nodes Oxigraph finds may violate a shape, with what their validation reads."""
    from .shapes_sparql import Unsupported, candidates, neighbourhood, oxigraph_copy, results_about

    try:
        store = oxigraph_copy(_asserted(ds))
        found = candidates(store, shapes)
    except Unsupported as exc:
        log.warning("SHACL shapes beyond what Oxigraph checks (%s): validating with pySHACL", exc)
        return _whole(ds, shapes)
    if not found:
        return None
    report = _pyshacl(neighbourhood(store, found, _objects(ds)), shapes)
    return None if report is None else results_about(report, found)


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
