"""Parsing with pyoxigraph gives the very terms rdflib's parser gives, or declines so that rdflib parses (and
reports errors) as before; the project parses to the same dataset and the same source map either way."""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from influencegraph import loading
from influencegraph.oxparse import parse_into
from influencegraph.vocab import XSD

BASE = "file:///project/graph/sources/000.trig"
EX = "http://example.org/"

TRIG = """@prefix ex: <http://example.org/> .
@prefix : <http://example.org/default/> .
ex:g {
    ex:a ex:count 01, +5, 1e3, .5, true ;
        ex:price "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> ;
        ex:label "plain", "multi\\nline", '''long
text'''@en-gb ;
        ex:value [ ex:amount 12 ; ex:unit :usd ] ;
        ex:items ( ex:x ex:y ) ;
        ex:see <relative#here> .
}
GRAPH ex:h { :b ex:p _:shared . _:shared ex:q "z" . }
ex:c ex:p "in the default graph" .
"""


def by_graph(ds: Dataset) -> dict:
    return {g.identifier: g for g in ds.graphs() if len(g)}


def test_trig_gives_the_same_graphs_terms_and_prefixes_as_rdflib():
    fast, slow = Dataset(), Dataset()

    assert parse_into(fast, TRIG, "trig", BASE)
    slow.parse(data=TRIG, format="trig", publicID=BASE)

    fast_graphs, slow_graphs = by_graph(fast), by_graph(slow)
    assert sorted(fast_graphs) == sorted(slow_graphs) == sorted(
        [URIRef(EX + "g"), URIRef(EX + "h"), URIRef("urn:x-rdflib:default")])
    for name, graph in slow_graphs.items():
        assert isomorphic(fast_graphs[name], graph), name
    assert sorted(fast.namespaces()) == sorted(slow.namespaces())


def test_literals_are_normalised_as_rdflibs_parser_does():
    ds = Dataset()
    parse_into(ds, TRIG, "trig", BASE)

    counts = {o for o in ds.graph(URIRef(EX + "g")).objects(URIRef(EX + "a"), URIRef(EX + "count"))}

    assert counts == {Literal("1", datatype=XSD.integer), Literal("5", datatype=XSD.integer),
                      Literal("1000.0", datatype=XSD.double), Literal("0.5", datatype=XSD.decimal),
                      Literal("true", datatype=XSD.boolean)}
    assert {str(o) for o in counts} == {"1", "5", "1000.0", "0.5", "true"}


def test_each_blank_node_label_is_a_new_blank_node_in_each_parse():
    first, second = Dataset(), Dataset()
    parse_into(first, TRIG, "trig", BASE)
    parse_into(second, TRIG, "trig", BASE)

    def shared(ds):
        return next(ds.graph(URIRef(EX + "h")).objects(None, URIRef(EX + "p")))

    assert isinstance(shared(first), BNode) and shared(first) != shared(second)


def test_turtle_goes_into_the_graph_given():
    graph = Graph()

    assert parse_into(graph, "@prefix ex: <http://example.org/> . ex:a ex:p ex:b .", "turtle", BASE)

    assert set(graph) == {(URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b"))}


@pytest.mark.parametrize("text", [
    '@prefix ex: <http://example.org/> . ex:g { ex:a ex:p "x"^^<http://www.w3.org/2001/XMLSchema#string> . }',
    '@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . '
    'ex:g { ex:a ex:p "x"^^xsd:string . }',                              # rdflib keeps the datatype
    '@prefix ex: <http://example.org/> . ex:g { ex:a ex:p "x"@en-GB . }',  # rdflib keeps the capitals
    '@prefix ex: <http://example.org/> . ex:g { ex:a ex:p . }',            # a syntax error: rdflib says why
    'ex:g { ex:a ex:p "x" . }',                                            # an unknown prefix: the same
])
def test_declines_and_leaves_the_container_empty_where_rdflib_must_parse(text):
    ds = Dataset()

    assert parse_into(ds, text, "trig", BASE) is False

    assert len(ds) == 0 and not any(len(g) for g in ds.graphs())


@pytest.fixture
def rdflib_only(monkeypatch):
    def parse(root):
        monkeypatch.setattr(loading, "parse_into", lambda *args: False)
        monkeypatch.setattr(loading, "parse_statements", lambda *args: None)
        try:
            return loading.parse_project(root)
        finally:
            monkeypatch.undo()
    return parse


def test_the_project_parses_to_the_same_dataset_and_source_map_as_with_rdflib_alone(root, rdflib_only):
    from influencegraph.canonical import quad_rows
    from influencegraph.project import Project

    project = Project(root)
    fast, fast_map = loading.parse_project(project)
    slow, slow_map = rdflib_only(project)

    assert quad_rows(fast) == quad_rows(slow)
    assert sorted(fast.namespaces()) == sorted(slow.namespaces())
    assert fast_map.prefixes == slow_map.prefixes and fast_map.texts == slow_map.texts
    assert fast_map.subject_files == slow_map.subject_files
    assert {k: sorted(v) for k, v in fast_map.declared.items()} == {k: sorted(v) for k, v in slow_map.declared.items()}
    named = lambda files: {g: f for g, f in files.items() if isinstance(g, URIRef)}  # noqa: E731
    assert named(fast_map.graph_files) == named(slow_map.graph_files)
    term = URIRef("https://w3id.org/influencegraph/id/china")
    assert fast_map.locate(term) == slow_map.locate(term) != (None, None)


STRAY = """@prefix igr: <https://w3id.org/influencegraph/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

igr:stray skos:prefLabel "Stray"@en ;
    skos:altLabel "S"@en .
"""


@pytest.mark.parametrize("fast", [True, False])
def test_statements_outside_a_named_graph_are_counted_and_located(root, tmp_path, rdflib_only, fast):
    import shutil

    from influencegraph.errors import InputError
    from influencegraph.project import Project

    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(root / folder, tmp_path / folder)
    (tmp_path / "graph" / "extra.trig").write_text(STRAY, encoding="utf-8")

    with pytest.raises(InputError) as caught:
        loading.parse_project(Project(tmp_path)) if fast else rdflib_only(Project(tmp_path))

    assert [str(p) for p in caught.value.problems] == [
        "graph/extra.trig:4: [structure] 2 statements outside a named graph "
        "(fix: put them inside 'igg:entities { ... }' or the source's graph)"]
