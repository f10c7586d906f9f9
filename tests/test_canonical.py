"""The canonical text of the dumps: exact TriG, Turtle and N-Quads for small datasets, worked out by hand; prefixed
names only where a Turtle reader takes them back; every format reads back as the same statements."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from influencegraph.canonical import nquads, quad_rows, trig, turtle
from influencegraph.formats import FORMATS, serialize, serialize_all
from influencegraph.vocab import IG, IGG, IGR, RDF, RDFS, SOURCE, XSD

DOC = SOURCE["000_a"]


def small_dataset(default: bool = False) -> Dataset:
    """Two named graphs (and the default graph if asked), added in an order unlike the sorted one."""
    ds = Dataset()
    claims = ds.graph(DOC)
    claims.add((IGR["b"], IG.source, DOC))
    claims.add((IGR["b"], RDFS.label, Literal('a "quoted"\nlabel', lang="en")))
    claims.add((IGR["b"], RDF.type, IG.Claim))
    claims.add((IGR["b"], RDF.type, IG.Entity))
    claims.add((IGR["a"], IG.amount, Literal("12", datatype=XSD.integer)))
    entities = ds.graph(IGG.entities)
    entities.add((IGR["a"], RDF.type, IG.State))
    if default:
        ds.default_graph.add((URIRef("urn:x:thing"), RDFS.label, Literal("plain")))
    return ds


TRIG = """\
@prefix ig: <https://w3id.org/influencegraph/ontology#> .
@prefix igg: <https://w3id.org/influencegraph/graph/> .
@prefix igr: <https://w3id.org/influencegraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix src: <https://w3id.org/influencegraph/source/> .

igg:entities {
    igr:a a ig:State .
}

src:000_a {
    igr:a ig:amount 12 .

    igr:b a ig:Claim,
            ig:Entity ;
        rdfs:label "a \\"quoted\\"\\nlabel"@en ;
        ig:source src:000_a .
}
"""


def test_trig_groups_graphs_and_subjects_in_sorted_order_with_the_type_first():
    # sorted by full IRI, not by the name written: rdfs:label (http://www.w3.org/…) before ig:source (https://…)
    assert trig(quad_rows(small_dataset())).decode("utf-8") == TRIG


def test_trig_writes_the_default_graph_as_a_block_without_a_name():
    text = trig(quad_rows(small_dataset(default=True))).decode("utf-8")

    # "<urn:x-rdflib:default>" sorts after "<https:…" and before "<urn:x:…": the unnamed block comes last here
    assert text.endswith('}\n\n{\n    <urn:x:thing> rdfs:label "plain" .\n}\n')
    assert "urn:x-rdflib:default" not in text


def test_turtle_writes_each_triple_of_the_union_once():
    ds = small_dataset()
    ds.graph(IGG.other).add((IGR["a"], RDF.type, IG.State))  # the same triple in a second graph

    text = turtle(quad_rows(ds)).decode("utf-8")

    assert text.count("igr:a a ig:State") == 1
    assert text.startswith("@prefix ig: ")
    assert "{" not in text
    assert '\nigr:a a ig:State ;\n    ig:amount 12 .\n\nigr:b a ig:Claim,\n        ig:Entity ;\n' in text


def test_nquads_are_the_sorted_lines_of_rdflibs_ntriples_forms():
    lines = nquads(quad_rows(small_dataset())).decode("utf-8").splitlines()

    assert lines == sorted(lines) and len(lines) == 6
    # rdf:type (http://…) sorts before ig:amount (https://…)
    assert lines[1] == ("<https://w3id.org/influencegraph/id/a> <https://w3id.org/influencegraph/ontology#amount> "
                        '"12"^^<http://www.w3.org/2001/XMLSchema#integer> '
                        "<https://w3id.org/influencegraph/source/000_a> .")
    assert ('<https://w3id.org/influencegraph/id/b> <http://www.w3.org/2000/01/rdf-schema#label> '
            '"a \\"quoted\\"\\nlabel"@en <https://w3id.org/influencegraph/source/000_a> .') in lines


@pytest.mark.parametrize("iri, written", [
    (IGR["state-001"], "igr:state-001"),
    (IGR["000_x"], "igr:000_x"),                   # a local name may start with a digit
    (IGR["a/b"], f"<{IGR}a/b>"),                   # a slash: the full IRI
    (IGR["-a"], f"<{IGR}-a>"),                     # a local name may not start with a hyphen
    (IGR["a.b"], f"<{IGR}a.b>"),                   # dots are left to the full IRI
    (IGR[""], f"<{IGR}>"),                         # the namespace itself
    (URIRef("https://w3id.org/influencegraph/claim/1"), "<https://w3id.org/influencegraph/claim/1>"),
])
def test_an_iri_is_a_prefixed_name_only_when_its_local_part_is_a_plain_name(iri, written):
    ds = Dataset()
    ds.graph(IGG.entities).add((iri, RDF.type, IG.State))

    assert f"\n    {written} a ig:State .\n" in trig(quad_rows(ds)).decode("utf-8")


def test_a_datatype_is_a_prefixed_name_and_a_lexical_form_holding_the_separator_stays_whole():
    ds = Dataset()
    ds.graph(IGG.entities).add((IGR["a"], RDFS.label, Literal('x"^^<y>', datatype=XSD.string)))

    assert '\n    igr:a rdfs:label "x\\"^^<y>"^^xsd:string .\n' in trig(quad_rows(ds)).decode("utf-8")


def quads_of(ds: Dataset) -> set:
    return {(g.identifier, s, p, o) for g in ds.graphs() for s, p, o in g}


@pytest.mark.parametrize("fmt, parser", [("trig", "trig"), ("nquads", "nquads")])
def test_quad_formats_read_back_as_the_same_quads_in_rdflib(fmt, parser):
    ds = small_dataset(default=True)

    loaded = Dataset()
    loaded.parse(data=serialize(ds, fmt), format=parser)

    assert quads_of(loaded) == quads_of(ds)


def test_trig_and_nquads_read_back_as_the_same_named_quads_in_oxigraph():
    ds = small_dataset()

    from_trig = set(ox.parse(serialize(ds, "trig"), format=ox.RdfFormat.TRIG))
    from_nquads = set(ox.parse(serialize(ds, "nquads"), format=ox.RdfFormat.N_QUADS))

    assert from_trig == from_nquads and len(from_trig) == 6


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("ntriples", "nt")])
def test_triple_formats_read_back_as_the_union(fmt, parser):
    ds = small_dataset(default=True)

    loaded = set(Graph().parse(data=serialize(ds, fmt), format=parser))

    assert loaded == {(s, p, o) for _g, s, p, o in quads_of(ds)}


def test_serialize_all_gives_what_serialize_gives_for_every_format():
    ds = small_dataset()

    together = serialize_all(ds, sorted(FORMATS))

    assert together == {fmt: serialize(ds, fmt) for fmt in sorted(FORMATS)}


LITERALS = [("2", XSD.integer), ("-15", XSD.integer), ("0", XSD.integer), ("1.50", XSD.decimal), ("-0.5", XSD.decimal),
            ("true", XSD.boolean), ("false", XSD.boolean), ("1e3", XSD.double), ("2024", XSD.gYear)]


def test_numbers_and_truth_values_are_bare_only_in_forms_read_back_unchanged():
    ds = Dataset()
    graph = ds.graph(IGG.entities)
    for index, (lexical, datatype) in enumerate(LITERALS):
        graph.add((IGR[f"x{index}"], IG.amount, Literal(lexical, datatype=datatype)))

    text = serialize(ds, "trig")
    by_rdflib = Dataset()
    by_rdflib.parse(data=text, format="trig")
    by_oxigraph = set(ox.parse(text, format=ox.RdfFormat.TRIG))  # the parser, not a Store: a Store normalises

    written = [line.split(" ig:amount ")[1][:-2] for line in text.decode().splitlines() if " ig:amount " in line]
    assert written == ["2", "-15", "0", "1.50", "-0.5", "true", "false", '"1000.0"^^xsd:double', '"2024"^^xsd:gYear']
    assert quads_of(by_rdflib) == quads_of(ds)
    assert by_oxigraph == set(ox.parse(serialize(ds, "nquads"), format=ox.RdfFormat.N_QUADS))
