"""Which differences between sources are conflicts, and of what kind — on a small corpus of traps, each worked out
by hand, answered alike by the Python comparison and by the `conflicting-claims` query on both engines.

The traps: project statuses in and out of lifecycle order, dated and undated; the same figure credited to the
compiler and to the analyst of a data set, or to two compilers; counts and amounts that differ (how far apart);
parties that differ.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset

from influencegraph import claims as claims_module
from influencegraph.vocab import IG, ONTOLOGY_GRAPH

ROOT = Path(__file__).resolve().parents[1]

TRAPS = """
@prefix ig: <https://w3id.org/influencegraph/ontology#> .
@prefix igg: <https://w3id.org/influencegraph/graph/> .
@prefix igr: <https://w3id.org/influencegraph/id/> .
@prefix src: <https://w3id.org/influencegraph/source/> .
@prefix fact: <https://w3id.org/influencegraph/fact/> .
@prefix c: <https://w3id.org/influencegraph/claim/t/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

igg:catalogue { src:100_a a ig:SourceDocument . src:101_b a ig:SourceDocument . }

src:100_a {
  # later-dated claim (B, 2024-06) states the later stage: a timeline
  c:a1 a ig:Description ; ig:source src:100_a ; ig:paragraph 1 ; ig:fact fact:progression ;
      ig:subject igr:p1 ; ig:status ig:StatusPlanned ; ig:date "2023"^^xsd:gYear .
  # A dated 2025-01 says planned, B dated 2024-06 said agreed: a regression
  c:a2 a ig:Description ; ig:source src:100_a ; ig:paragraph 2 ; ig:fact fact:regression ;
      ig:subject igr:p2 ; ig:status ig:StatusPlanned ; ig:date "2025-01"^^xsd:gYearMonth .
  # the same month, different stages
  c:a3 a ig:Description ; ig:source src:100_a ; ig:paragraph 3 ; ig:fact fact:same-time ;
      ig:subject igr:p3 ; ig:status ig:StatusPlanned ; ig:date "2024-06"^^xsd:gYearMonth .
  # undated: a step on the timeline, whatever the order
  c:a4 a ig:Description ; ig:source src:100_a ; ig:paragraph 4 ; ig:fact fact:undated ;
      ig:subject igr:p4 ; ig:status ig:StatusOperational .
  # two statuses of the same stage are alternatives, not steps
  c:a5 a ig:Description ; ig:source src:100_a ; ig:paragraph 5 ; ig:fact fact:same-stage ;
      ig:subject igr:p5 ; ig:status ig:StatusProposed .
  # compiler here, analyst there: both rightly credited
  c:a6 a ig:Measurement ; ig:source src:100_a ; ig:paragraph 6 ; ig:fact fact:compiler-analyst ;
      ig:attributedTo igr:institute ; ig:attributionRole ig:CompilerAttribution .
  # two different compilers
  c:a7 a ig:Measurement ; ig:source src:100_a ; ig:paragraph 7 ; ig:fact fact:two-compilers ;
      ig:attributedTo igr:institute ; ig:attributionRole ig:CompilerAttribution .
  # counts 150 and 147
  c:a8 a ig:Measurement ; ig:source src:100_a ; ig:paragraph 8 ; ig:fact fact:count ; ig:itemCount 150 .
  # USD 5 bn and USD 7.5 bn
  c:a9 a ig:Measurement ; ig:source src:100_a ; ig:paragraph 9 ; ig:fact fact:amount ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 5000000000.0 ; schema:currency "USD" ] .
  # different signing parties
  c:a10 a ig:Signing ; ig:source src:100_a ; ig:paragraph 10 ; ig:fact fact:parties ;
      ig:party igr:kazakhstan, igr:china .
}

src:101_b {
  c:b1 a ig:Description ; ig:source src:101_b ; ig:paragraph 1 ; ig:fact fact:progression ;
      ig:subject igr:p1 ; ig:status ig:StatusAgreed ; ig:date "2024-06"^^xsd:gYearMonth .
  c:b2 a ig:Description ; ig:source src:101_b ; ig:paragraph 2 ; ig:fact fact:regression ;
      ig:subject igr:p2 ; ig:status ig:StatusAgreed ; ig:date "2024-06"^^xsd:gYearMonth .
  c:b3 a ig:Description ; ig:source src:101_b ; ig:paragraph 3 ; ig:fact fact:same-time ;
      ig:subject igr:p3 ; ig:status ig:StatusAgreed ; ig:date "2024-06-17"^^xsd:date .
  c:b4 a ig:Description ; ig:source src:101_b ; ig:paragraph 4 ; ig:fact fact:undated ;
      ig:subject igr:p4 ; ig:status ig:StatusPlanned ; ig:date "2025"^^xsd:gYear .
  c:b5 a ig:Description ; ig:source src:101_b ; ig:paragraph 5 ; ig:fact fact:same-stage ;
      ig:subject igr:p5 ; ig:status ig:StatusExploring .
  c:b6 a ig:Measurement ; ig:source src:101_b ; ig:paragraph 6 ; ig:fact fact:compiler-analyst ;
      ig:attributedTo igr:project ; ig:attributionRole ig:AnalystAttribution .
  c:b7 a ig:Measurement ; ig:source src:101_b ; ig:paragraph 7 ; ig:fact fact:two-compilers ;
      ig:attributedTo igr:project ; ig:attributionRole ig:CompilerAttribution .
  c:b8 a ig:Measurement ; ig:source src:101_b ; ig:paragraph 8 ; ig:fact fact:count ; ig:itemCount 147 .
  c:b9 a ig:Measurement ; ig:source src:101_b ; ig:paragraph 9 ; ig:fact fact:amount ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 7500000000.0 ; schema:currency "USD" ] .
  c:b10 a ig:Signing ; ig:source src:101_b ; ig:paragraph 10 ; ig:fact fact:parties ;
      ig:party igr:kazakhstan, igr:china, igr:uzbekistan .
}
"""

#: fact -> (property, kind) of each real conflict, worked out by hand from the comments above.
CONFLICTS = {
    "regression": (IG.status, IG.StatusRegression),
    "same-time": (IG.status, IG.StatusRegression),
    "same-stage": (IG.status, IG.StatusRegression),
    "two-compilers": (IG.attributedTo, IG.AttributionConflict),
    "count": (IG.itemCount, IG.ValueConflict),
    "amount": (IG.amount, IG.ValueConflict),
    "parties": (IG.party, IG.PartyConflict),
}
#: (fact, the reason a property of it differs without a conflict).
DIFFERENCES = {
    ("progression", "successive lifecycle stages"),
    ("progression", "dates of different lifecycle stages"),   # 2023 and 2024-06 date different stages
    ("regression", "dates of different lifecycle stages"),    # the status conflict is reported; its dates are not
    ("undated", "successive lifecycle stages"),
    ("compiler-analyst", "compiler and analyst credited"),
}


@pytest.fixture(scope="module")
def traps() -> Dataset:
    from influencegraph.vocab import DERIVED_GRAPH, RDF
    ds = Dataset(default_union=True)
    ds.graph(ONTOLOGY_GRAPH).parse(ROOT / "ontology" / "influence.ttl")
    ds.parse(data=TRAPS, format="trig")
    derived = ds.graph(DERIVED_GRAPH)
    for fact in set(ds.objects(None, IG.fact)):          # what the build's rule 22 derives
        derived.add((fact, RDF.type, IG.Fact))
    return ds


def _key(term) -> str:
    return str(term).rsplit("/", 1)[-1]


def test_only_real_disagreements_are_conflicts_each_with_its_kind(traps):
    facts = claims_module.facts(traps)
    found = {_key(f.fact): (c.property, c.kind) for f in facts for c in f.conflicts}
    assert found == CONFLICTS


def test_stages_in_order_and_split_credit_are_differences_with_a_reason(traps):
    facts = claims_module.facts(traps)
    found = {(_key(f.fact), d.reason) for f in facts for d in f.differences}
    assert found == DIFFERENCES


def test_numeric_conflicts_say_how_far_apart_the_sides_are(traps):
    by_fact = {_key(f.fact): f for f in claims_module.facts(traps)}
    count = by_fact["count"].conflicts[0]
    assert (count.spread, count.unit) == (Decimal(3), None)
    amount = by_fact["amount"].conflicts[0]
    assert (amount.spread, amount.unit) == (Decimal("2500000000"), "USD")
    assert by_fact["parties"].conflicts[0].spread is None


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_conflicting_claims_query_finds_the_same_conflicts_and_kinds(traps, engine):
    from influencegraph.sparql.engines import run
    from influencegraph.sparql.library import library

    rows = list(run(traps, library()["conflicting-claims"].text, engine_name=engine))
    found = {(_key(r["fact"]), str(r["kind"])) for r in rows}
    labels = {IG.StatusRegression: "status regression", IG.AttributionConflict: "attribution",
              IG.ValueConflict: "value", IG.PartyConflict: "party"}
    assert found == {(fact, labels[kind]) for fact, (_prop, kind) in CONFLICTS.items()}


def test_every_project_status_has_a_lifecycle_stage(traps):
    ontology = traps.graph(ONTOLOGY_GRAPH)
    from influencegraph.vocab import RDF
    statuses = set(ontology.subjects(RDF.type, IG.ProjectStatus))
    assert statuses and all(ontology.value(s, IG.lifecycleStage) is not None for s in statuses)
