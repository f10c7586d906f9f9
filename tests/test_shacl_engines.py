"""The build's SHACL engine (candidates found in Oxigraph, then pySHACL on those alone) against pySHACL on the whole
graph: the same problems, with the same messages, files and lines, on the seed graph, on the seed graph with a
violation of every kind of constraint the shapes use, and on a generated project with violations planted."""

from __future__ import annotations

import importlib.util
import logging
import re
import shutil
from pathlib import Path

import pytest
from rdflib.namespace import XSD

from influencegraph.errors import Problem
from influencegraph.loading import parse_project
from influencegraph.pipeline import _parse_shapes
from influencegraph.project import Project
from influencegraph.shapes import validate_shapes

ROOT = Path(__file__).resolve().parents[1]
SOURCE_002 = "graph/sources/002.trig"

#: A claim the shapes accept; each planted claim is it with one statement added (``{}``) or taken away.
BASE = ("a ig:Reserves ; ig:source src:002_329a89700164a7a5 ; ig:paragraph 3 ; ig:holder igr:kazakhstan ; "
        "ig:commodity igr:zinc")
#: Claims appended to the seed's source 002, each (or its value node) breaking exactly one constraint, so that a
#: focus node left out by the compiled queries cannot hide behind another of its problems.
PLANTED_CLAIMS = {
    "ok": BASE,
    "min-count": BASE.replace(" ig:source src:002_329a89700164a7a5 ;", ""),
    "max-count": BASE.replace("ig:paragraph 3", "ig:paragraph 3, 4"),
    "datatype": BASE + ' ; ig:changeRatio "x"',
    "min-inclusive": BASE.replace("ig:paragraph 3", "ig:paragraph 0"),
    "max-inclusive": BASE + " ; ig:purity 1.5",
    "as-written": BASE + " ; ig:share 81.0 ; ig:worldRank 3",
    "class": BASE + " ; ig:attributedTo igr:zinc",
    "subclass": BASE + " ; ig:attributedTo igr:east-hope-group",
    "pattern": BASE + " ; ig:fact <https://example.org/f>",
    "node-kind": BASE + ' ; ig:inferredStatement "a string"',
    "node": BASE + ' ; ig:date "2024"',
    "or": BASE + " ; ig:note 5",
    "in": BASE + (' ; ig:figureKind ig:StockFigure ; ig:figureScope ig:CountryScope ; ig:asOf "2025"^^xsd:gYear ; '
                  'ig:quantity [ a schema:QuantitativeValue ; schema:value 3.0 ; schema:unitCode "XYZ" ]'),
    "explicit-string": BASE + (' ; ig:figureKind ig:StockFigure ; ig:figureScope ig:CountryScope ; '
                               'ig:asOf "2025"^^xsd:gYear ; ig:quantity [ a schema:QuantitativeValue ; '
                               'schema:value 3.0 ; schema:unitCode "TNE"^^xsd:string ]'),
    "min-length": BASE + ' ; ig:inferredStatement [ ig:inferredProperty ig:holder ; ig:inferenceReason "" ]',
    "not": BASE + ' ; ig:inferredStatement [ ig:inferredProperty ig:paragraph ; ig:inferenceReason "r" ]',
    "sparql": BASE + ' ; ig:inferredStatement [ ig:inferredProperty ig:asOf ; ig:inferenceReason "r" ]',
    "stock-or": BASE + ' ; ig:figureKind ig:FlowFigure ; ig:asOf "2025"^^xsd:gYear',
    "approximate-or": BASE + " ; ig:approximation ig:MoreThan",
    "node-or": ("a ig:Dependency ; ig:source src:002_329a89700164a7a5 ; ig:paragraph 3 ; "
                "ig:dependent igr:kazakhstan"),
    "min-count-2": ("a ig:Competition ; ig:source src:002_329a89700164a7a5 ; ig:paragraph 3 ; "
                    "ig:competitor igr:china"),
}
BAD_ENTITIES = """
igr:bad-max-count-0 a ig:State ; skos:prefLabel "Bad State"@en ; ig:country igr:kazakhstan .
igr:bad-state-pattern a ig:State ; skos:prefLabel "Bad State"@en ; ig:iso3166Alpha2 "bad" .
igr:bad-language a ig:Company ; skos:prefLabel "Bad Company"@de .
igr:bad-alt-label a ig:Company ; skos:prefLabel "Bad Company"@en ; skos:altLabel "plain" .
igr:bad-wikidata a ig:Company ; skos:prefLabel "Bad Company"@en ; skos:exactMatch <http://example.org/Q1> .
igr:bad-no-label a ig:Company .
"""
BAD_DOCUMENT = """
src:999_bad a ig:SourceDocument ; dcterms:identifier "999_bad" ; dcterms:title "Bad" ; dcterms:language "en" ;
    ig:summary "short" ; ig:seedFile "999_bad.txt" ;
    ig:sha256 "3d24da97380a270f5bf22dbbb9ad34814acaf735ec6a3d8fc6da0f56ddee1587" .
"""
#: Every kind of constraint ontology/shapes.ttl uses (sh:hasValue only inside sh:or).
KINDS = {"MinCount", "MaxCount", "Datatype", "Class", "MinInclusive", "MaxInclusive", "Pattern", "Node", "Or",
         "NodeKind", "In", "LanguageIn", "MinLength", "Not", "SPARQL"}


def both(root: Path) -> tuple[list[Problem], list[Problem]]:
    """The problems of the shapes on the project at ``root``: by the build's engine, and by pySHACL alone."""
    project = Project.locate(root)
    ds, smap = parse_project(project)
    shapes, errors = _parse_shapes(project)
    assert errors == []
    return validate_shapes(ds, shapes, smap), validate_shapes(ds, shapes, smap, engine="pyshacl")


def kind(problem: Problem) -> str:
    return problem.message.split(" on ", 1)[0]


def append_inside_last_block(path: Path, text: str) -> None:
    """Add ``text`` before the closing brace of the file's last named graph."""
    old = path.read_text(encoding="utf-8")
    end = old.rstrip().rfind("}")
    path.write_text(old[:end] + text + old[end:], encoding="utf-8")


def line_starting(path: Path, start: str) -> int:
    numbers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if line.lstrip().startswith(start)]
    assert len(numbers) == 1, (start, numbers)
    return numbers[0]


def test_both_engines_find_the_seed_graph_valid():
    fast, whole = both(ROOT)

    assert fast == whole == []


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """A copy of the project with :data:`PLANTED_CLAIMS`, :data:`BAD_ENTITIES` and :data:`BAD_DOCUMENT` added."""
    dest = tmp_path_factory.mktemp("planted") / "project"
    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(ROOT / folder, dest / folder)
    append_inside_last_block(dest / SOURCE_002, "".join(f"  c002:planted-{name} {statements} .\n"
                                                        for name, statements in PLANTED_CLAIMS.items()))
    append_inside_last_block(dest / "graph/entities.trig", BAD_ENTITIES)
    with open(dest / "seeds/catalogue.ttl", "a", encoding="utf-8") as out:
        out.write(BAD_DOCUMENT)
    return dest


@pytest.fixture(scope="module")
def planted_problems(planted) -> tuple[list[Problem], list[Problem]]:
    return both(planted)


def test_planted_violations_give_the_same_problems_with_both_engines(planted_problems):
    fast, whole = planted_problems

    assert fast == whole
    assert {kind(p) for p in fast} == KINDS


def test_each_planted_node_gives_its_one_problem_and_the_sound_ones_none(planted_problems):
    fast, _whole = planted_problems
    claims = [p.focus.split("/")[1] for p in fast if p.focus.startswith("claim:002/planted-")]

    assert sorted(claims) == sorted(f"planted-{name}" for name in PLANTED_CLAIMS if name not in ("ok", "subclass"))
    assert sorted(p.focus for p in fast if p.focus.startswith("igr:")) == sorted(
        line.split()[0].replace("igr:", "igr:", 1) for line in BAD_ENTITIES.split("\n") if line.startswith("igr:"))


def test_planted_violations_read_as_pyshacl_words_them_at_their_file_and_line(planted, planted_problems):
    fast, _whole = planted_problems
    path = planted / SOURCE_002
    line = {name: line_starting(path, f"c002:planted-{name} ") for name in PLANTED_CLAIMS}
    share = "shares are xsd:decimal fractions in [0, 1] (81 percent = 0.81)"
    expected = [  # the decimal as written (81.0, not Oxigraph's 81); value nodes at their claim; pySHACL's own words
        Problem(SOURCE_002, line["as-written"], "shacl",
                f'MaxInclusive on ig:share, value "81.0"^^xsd:decimal: {share}',
                focus="claim:002/planted-as-written",
                fix="use a value within the allowed range (shares are fractions: 81 percent is 0.81)"),
        Problem(SOURCE_002, line["max-inclusive"], "shacl",
                'MaxInclusive on ig:purity, value "1.5"^^xsd:decimal: '
                'Value is not <= Literal("1", datatype=xsd:integer)', focus="claim:002/planted-max-inclusive",
                fix="use a value within the allowed range (shares are fractions: 81 percent is 0.81)"),
        Problem(SOURCE_002, line["in"], "shacl",
                'In on https://schema.org/unitCode, value "XYZ": '
                "unit must be a UN/CEFACT code: TNE, KWH, A90, MAW or C62",
                focus="claim:002/planted-in/quantity", fix="use one of the listed values"),
        Problem(SOURCE_002, line["sparql"], "shacl",
                "SPARQL on StatementInferenceShape, value ig:asOf: "
                "ig:inferredProperty must name a property the claim states",
                focus="claim:002/planted-sparql/inferredStatement"),
        Problem(SOURCE_002, line["min-count"], "shacl",
                "MinCount on ig:source: every claim has exactly one ig:source, a catalogued source document",
                focus="claim:002/planted-min-count", fix="add the missing property"),
        Problem(SOURCE_002, line["node"], "shacl",
                'Node on ig:date, value "2024": '
                "Value does not conform to Shape igsh:DateShape. See details for more information.",
                focus="claim:002/planted-node", fix="use a date as xsd:date, xsd:gYearMonth or xsd:gYear"),
        # the result nested in the one above, about the literal: no file to point at
        Problem(None, None, "shacl",
                'Or on DateShape, value "2024": Node Literal("2024") must conform to one or more shapes in '
                "[ sh:datatype xsd:date ] , [ sh:datatype xsd:gYearMonth ] , [ sh:datatype xsd:gYear ]",
                focus="2024", fix="give one of the alternatives the shape lists"),
        Problem("graph/entities.trig", line_starting(planted / "graph/entities.trig", "igr:bad-alt-label "),
                "shacl", 'Datatype on http://www.w3.org/2004/02/skos/core#altLabel, value "plain": '
                "Value is not Literal with datatype rdf:langString", focus="igr:bad-alt-label",
                fix="write the literal with the datatype the shape names (e.g. 0.25 for a decimal, 5 for an integer)"),
        Problem("seeds/catalogue.ttl", line_starting(planted / "seeds/catalogue.ttl", "src:999_bad "), "shacl",
                'MinLength on ig:summary, value "short": String length not >= Literal("200", datatype=xsd:integer)',
                focus="src:999_bad"),
        # a literal as the focus (sh:targetObjectsOf ig:inferredStatement)
        Problem(None, None, "shacl", "MinCount on ig:inferredProperty: an inferred statement names the property "
                "it concerns (ig:inferredProperty ig:partOf, ...)", focus="a string", fix="add the missing property"),
    ]
    missing = [p for p in expected if p not in fast]
    assert missing == []


# ---------------------------------------------------------------- a generated project

#: (file, regular expression, replacement): one planted violation each, on the first match in the file.
GENERATED_PLANTS = [
    ("graph/sources/000.trig", r"ig:share 1\.00", 'ig:share 81.0'),
    ("graph/sources/000.trig", r'schema:currency "USD"', 'schema:currency "usd"'),
    ("graph/sources/000.trig", r'schema:unitCode "TNE"', 'schema:unitCode "XYZ"'),
    ("graph/sources/000.trig", r'ig:role ig:\w+', "ig:role igr:state-001"),
    ("graph/sources/000.trig", r'(ig:date "[0-9-]+")\^\^xsd:gYearMonth', r"\1"),
    ("graph/sources/001.trig", r"ig:paragraph (\d+) ;", r"ig:paragraph \1, 99 ;"),
    ("graph/sources/001.trig", r"schema:value [0-9.]+ ;", "schema:value -1.0 ;"),
    ("graph/sources/001.trig", r"ig:share [0-9.]+", 'ig:share "lots"'),
    ("graph/sources/002.trig", r"\n +ig:source src:\w+ ;", ""),
    ("graph/sources/002.trig", r"\n +ig:target igr:[\w-]+ ;\n +ig:hostCountry igr:[\w-]+ ;", ""),
    ("graph/entities.trig", r'ig:iso3166Alpha2 "[A-Z]+"', 'ig:iso3166Alpha2 "aa"'),
    ("seeds/catalogue.ttl", r'ig:summary "[^"]+"', 'ig:summary "too short"'),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated project of about 6,000 triples, with :data:`GENERATED_PLANTS` planted."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("generated") / "project"
    module.generate(out, 6000, seed=3)
    for name, pattern, replacement in GENERATED_PLANTS:
        path = out / name
        text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
        assert count == 1, (name, pattern)
        path.write_text(text, encoding="utf-8")
    return out


def test_generated_project_with_planted_violations_gives_the_same_problems(generated):
    fast, whole = both(generated)

    assert fast == whole
    assert {kind(p) for p in fast} == {"MaxInclusive", "Pattern", "In", "Class", "Node", "Or", "MaxCount",
                                       "MinInclusive", "Datatype", "MinCount", "MinLength"}
    assert all(p.file and p.line for p in fast if p.focus.startswith(("claim:", "igr:", "src:")))


# ---------------------------------------------------------------- shapes beyond the compiler

def test_shapes_the_compiler_does_not_know_are_validated_by_pyshacl_on_the_whole_graph(planted, caplog):
    project = Project.locate(planted)
    ds, smap = parse_project(project)
    shapes, _errors = _parse_shapes(project)
    shapes.parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ig: <https://w3id.org/influencegraph/ontology#> .
        <urn:x:RankIsNotParagraph> a sh:NodeShape ; sh:targetClass ig:Reserves ;
            sh:property [ sh:path ig:paragraph ; sh:disjoint ig:worldRank ] .""")

    with caplog.at_level(logging.WARNING, logger="influencegraph.shapes"):
        fast = validate_shapes(ds, shapes, smap)

    assert "validating with pySHACL" in caplog.text
    assert fast == validate_shapes(ds, shapes, smap, engine="pyshacl")
    assert "claim:002/planted-as-written" in [p.focus for p in fast if kind(p) == "Disjoint"]  # paragraph 3, rank 3


def test_an_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="oxigraph, pyshacl"):
        validate_shapes(None, None, None, engine="rudof")


def test_a_store_holding_the_graphs_is_queried_in_place_and_derived_edges_in_it_change_nothing(generated,
                                                                                                monkeypatch):
    import pyoxigraph as ox

    import influencegraph.shapes_sparql
    from influencegraph.vocab import DERIVED_GRAPH
    project = Project.locate(generated)
    ds, smap = parse_project(project)
    shapes, _errors = _parse_shapes(project)
    expected = validate_shapes(ds, shapes, smap, engine="pyshacl")
    store = ox.Store()
    store.bulk_load(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    ig = "https://w3id.org/influencegraph/ontology#"  # a derived statement that, asserted, would break ClaimShape
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/influencegraph/claim/000/k000"),
                      ox.NamedNode(ig + "paragraph"), ox.Literal("9", datatype=ox.NamedNode(str(XSD.integer))),
                      ox.NamedNode(str(DERIVED_GRAPH))))
    monkeypatch.setattr(influencegraph.shapes_sparql, "oxigraph_query", None)  # no copy: the store is read

    assert validate_shapes(ds, shapes, smap, store=store) == expected != []


def test_literals_oxigraph_holds_as_one_value_are_validated_by_pyshacl(tmp_path, caplog):
    dest = tmp_path / "project"
    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(ROOT / folder, dest / folder)
    append_inside_last_block(dest / SOURCE_002, f"  c002:two-purities {BASE} ; ig:purity 0.5, 0.50 .\n")

    with caplog.at_level(logging.WARNING, logger="influencegraph.shapes"):
        fast, whole = both(dest)

    assert "validating with pySHACL" in caplog.text
    assert fast == whole
    assert [(p.focus, kind(p)) for p in fast] == [("claim:002/two-purities", "MaxCount")]
