"""SHACL validation of the dataset against ontology/shapes.ttl, with results a person can act on."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.namespace import SH

from .errors import Problem
from .integrity import _asserted, _short
from .loading import SourceMap
from .vocab import RDF, SHAPES

__all__ = ["validate_shapes"]



def validate_shapes(ds: Dataset, shapes: Graph, smap: SourceMap) -> list[Problem]:
    """Validate the union of the asserted graphs; the ontology supplies the class hierarchy."""
    import pyshacl  # imported here: it is slow to import and only validation needs it

    data = Graph()
    for g in _asserted(ds):  # the ontology comes along: it types the controlled terms and holds the hierarchy
        data += g
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True,
    )
    if conforms:
        return []
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
