"""What the curator inferred, statement by statement: the shapes refuse malformed records, an edge is inferred only
when what it stands on is, and each reason is listed once, naming the statement it concerns.

Expectations are read from the sources: 004 ¶8 states China's USD 25.3 bn in Kazakhstan over 2005-2023 and does
not link it to ¶10's USD 50 bn total (the curator does); the USD 12 bn of the East Hope complex is stated in 000 ¶5
("a complex by East Hope"), 001 ¶15, ¶28, ¶71, ¶80 ("East Hope Group's complex"), 002 ¶15 (an agreement East Hope
signed "includes" it) and 003 ¶20 (a "green aluminum project", East Hope's by ¶21), so its investor is a reading in
every one; 001 ¶15 and 003 ¶20 place it inside Kazakhstan's USD 23 bn in so many words, 000 ¶5 only by our reading.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from influencegraph.vocab import IG

ROOT = Path(__file__).resolve().parents[1]
FACT = "https://w3id.org/influencegraph/fact/"
IGR = "https://w3id.org/influencegraph/id/"

#: The reasons the curator gives for the East Hope complex's investor, one per reading (the four restatements in
#: 001 share one), in source order.
EAST_HOPE_INVESTOR = [
    "investor: The article speaks of a USD 12 bn complex by East Hope Group; that the group itself is the investor "
    "of the whole sum is our reading.",                                                              # 000 ¶5
    "investor: The article speaks of East Hope Group's USD 12 bn complex; that the group itself is the investor of "
    "the whole sum is our reading of the possessive.",                                               # 001 ¶15 ...
    "investor: The text says the agreement includes the investment but not who makes it; we take East Hope, the "
    "company that signed it, as investor.",                                                          # 002 ¶15
    "investor and target: The paragraph names only a green aluminium project; the investor (East Hope) and the "
    "identification with its complex come from the next paragraph, which says East Hope leads the project.",  # 003 ¶20
]
PART_OF_2005_2023 = ("part of: Placed inside the USD 50 bn total of ¶10: a total of investment to mid-2025 holds what "
                     "was invested over 2005-2023, though the article does not link the two figures in words.")


# ---------------------------------------------------------------- shapes

SHAPE_DATA = """
@prefix ig: <https://w3id.org/influencegraph/ontology#> .
@prefix igr: <https://w3id.org/influencegraph/id/> .
@prefix src: <https://w3id.org/influencegraph/source/> .
@prefix fact: <https://w3id.org/influencegraph/fact/> .
@prefix c: <https://w3id.org/influencegraph/claim/t/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
c:x a ig:Investment ; ig:source src:100_a ; ig:paragraph 1 ; ig:investor igr:china ;
    ig:partOf fact:total ; ig:inferredStatement c:x-inference .
c:x-inference a ig:StatementInference ; {record} .
"""


def _inference_problems(record: str) -> list[str]:
    """The messages the shapes give about the inference record ``record`` of a small claim."""
    import pyshacl
    from rdflib.namespace import SH

    data = Graph().parse(ROOT / "ontology" / "influence.ttl")
    data.parse(data=SHAPE_DATA.replace("{record}", record), format="turtle")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    focus = URIRef("https://w3id.org/influencegraph/claim/t/x-inference")
    return sorted(str(report.value(r, SH.resultMessage)) for r in report.subjects(SH.focusNode, focus))


def test_a_well_formed_inference_record_passes_the_shapes():
    assert _inference_problems('ig:inferredProperty ig:partOf ; ig:inferenceReason "read from ¶2"') == []


@pytest.mark.parametrize("record, message", [
    ('ig:inferredProperty ig:partOf', "gives exactly one reason"),
    ('ig:inferredProperty ig:partOf ; ig:inferenceReason "one", "two"', "gives exactly one reason"),
    ('ig:inferenceReason "read from ¶2"', "names the property it concerns"),
    ('ig:inferredProperty ig:asOf ; ig:inferenceReason "dated by the year"', "a property the claim states"),
    ('ig:inferredProperty ig:paragraph ; ig:inferenceReason "guessed"', "not its source, paragraph"),
], ids=["no-reason", "two-reasons", "no-property", "property-not-stated", "bookkeeping-property"])
def test_the_shapes_refuse_a_malformed_inference_record(record, message):
    problems = _inference_problems(record)
    assert len(problems) == 1 and message in problems[0], problems


# ---------------------------------------------------------------- claims, edges, figures

def test_a_claim_keeps_each_inferred_statement_with_its_own_reason(kg):
    signing = next(c for c in kg.claims() if str(c.iri).endswith("/002/east-hope-signing"))
    assert sorted((tuple(kg.label(p) for p in props), reason[:31]) for props, reason in signing.inferences) == [
        (("date",), "The text dates neither the agre"),       # 002 ¶15: dated by the report it cites
        (("party",), "The text names the two signator"),     # 002 ¶15: parties from the signatories' employers
    ]


@pytest.fixture(scope="module")
def G(kg):
    from influencegraph.analysis.projection import project
    return project(kg, relations={"investsIn", "inHostCountry"})


def _edge(G, u, v, fact):
    return G.edges[IGR + u, IGR + v, FACT + fact]


def test_an_edge_whose_only_inferred_statement_is_its_part_of_link_is_not_inferred_but_carries_the_reason(G):
    edge = _edge(G, "china", "kazakhstan", "china-kazakhstan-investment-2005-2023")   # 004 ¶8
    assert edge["inferred"] is None
    assert edge["inferred_parts"] == [PART_OF_2005_2023]


def test_an_edge_whose_investor_every_source_infers_is_inferred_with_each_reason_once(G):
    edge = _edge(G, "east-hope-group", "east-hope-aluminium-complex", "east-hope-complex-investment")
    assert edge["inferred"].split(" · ") == EAST_HOPE_INVESTOR
    assert edge["inferred_parts"] == []          # 001 ¶15 and 003 ¶20 state the part-of link that 000 ¶5 infers


def test_the_investor_reading_is_a_part_of_the_complexs_host_country_edge(G):
    edge = _edge(G, "east-hope-aluminium-complex", "kazakhstan", "east-hope-complex-investment")
    assert edge["inferred"] is None              # every source names Kazakhstan as host
    assert edge["inferred_parts"] == EAST_HOPE_INVESTOR


def test_the_east_hope_figure_lists_each_reason_once_naming_its_statement(kg):
    from influencegraph.figure_records import read_figures

    figure = next(f for f in read_figures(kg) if f.fact == "east-hope-complex-investment")
    assert figure.inferred.split(" · ") == EAST_HOPE_INVESTOR
    assert "placed inside" not in figure.inferred            # 000 ¶5's part-of reading: others state it


def test_a_tooltip_tells_an_inferred_part_from_an_inferred_edge(G):
    from influencegraph.views.tooltips import edge_tooltip

    u, v = IGR + "china", IGR + "kazakhstan"
    text = edge_tooltip(G, u, v, G.edges[u, v, FACT + "china-kazakhstan-investment-2005-2023"], {})
    assert f"Also inferred by the curator: {PART_OF_2005_2023}" in text
    assert "Curator's inference" not in text
