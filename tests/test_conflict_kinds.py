"""Which differences between sources are conflicts, and of what kind — on a small corpus of traps, each worked out
by hand, answered alike by the Python comparison and by the `conflicting-claims` query on both engines.

The traps: project statuses in and out of lifecycle order, dated and undated; the same figure credited to the
compiler and to the analyst of a data set, or to two compilers; counts and amounts that differ (how far apart);
parties that differ; numbers whose ranges overlap (not a conflict) or do not (a conflict), a range that qualifies
another number of the same claim, and overlapping amounts in different currencies; dates the curator inferred (an
undated stock given its publication year as ig:asOf, an agreement dated by the report a text cites) against stated
ones (not a conflict), and two stated dates on a claim whose inference concerns another statement (a conflict).
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
  # "nearly USD 25 bn", bounds [22.5, 25] bn; the other source says USD 24 bn: the ranges overlap
  c:a11 a ig:Investment ; ig:source src:100_a ; ig:paragraph 11 ; ig:fact fact:nearly ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 25000000000.0 ; schema:currency "USD" ] ;
      ig:approximation ig:Nearly ; ig:lowerBound 22500000000.0 ; ig:upperBound 25000000000.0 .
  # "more than 1,000 jobs", [1000, open]; the other source says 900: no overlap
  c:a12 a ig:Measurement ; ig:source src:100_a ; ig:paragraph 12 ; ig:fact fact:more-than ;
      ig:jobs 1000 ; ig:approximation ig:MoreThan ; ig:lowerBound 1000.0 .
  # 58 agreements worth nearly USD 25 bn: the bounds qualify the amount, not the count; the other says 60
  c:a13 a ig:Signing ; ig:source src:100_a ; ig:paragraph 13 ; ig:fact fact:count-beside-range ;
      ig:itemCount 58 ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 25000000000.0 ; schema:currency "USD" ] ;
      ig:approximation ig:Nearly ; ig:lowerBound 22500000000.0 ; ig:upperBound 25000000000.0 .
  # "about USD 10 bn", [9, 11] bn, against EUR 10.5 bn: different currencies are not compared as ranges
  c:a14 a ig:Investment ; ig:source src:100_a ; ig:paragraph 14 ; ig:fact fact:other-currency ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 10000000000.0 ; schema:currency "USD" ] ;
      ig:approximation ig:Approximately ; ig:lowerBound 9000000000.0 ; ig:upperBound 11000000000.0 .
  # "up to 300 MW" [open, 300] against "about 250 MW" [240, 260]: both ranges, overlapping
  c:a15 a ig:Measurement ; ig:source src:100_a ; ig:paragraph 15 ; ig:fact fact:up-to ;
      ig:quantity [ a schema:QuantitativeValue ; schema:value 300 ; schema:unitCode "MW" ] ;
      ig:approximation ig:UpTo ; ig:upperBound 300.0 .
  # reserves the text gives undated: the curator dates them by the publication year; the other gives 2024-07-09
  c:a16 a ig:Reserves ; ig:source src:100_a ; ig:paragraph 16 ; ig:fact fact:inferred-as-of ;
      ig:holder igr:kazakhstan ; ig:asOf "2025"^^xsd:gYear ;
      ig:inferredStatement [ a ig:StatementInference ; ig:inferredProperty ig:asOf ;
                             ig:inferenceReason "undated; the publication year is used" ] .
  # an agreement dated by the report the text cites (2025-02); the other source states 2024-11
  c:a17 a ig:Signing ; ig:source src:100_a ; ig:paragraph 17 ; ig:fact fact:inferred-date ;
      ig:party igr:kazakhstan ; ig:date "2025-02"^^xsd:gYearMonth ;
      ig:inferredStatement [ a ig:StatementInference ; ig:inferredProperty ig:date ;
                             ig:inferenceReason "dated by the cited report" ] .
  # the parties are inferred, the date is stated (2025-03) against 2024-11: a date conflict all the same
  c:a18 a ig:Signing ; ig:source src:100_a ; ig:paragraph 18 ; ig:fact fact:stated-dates ;
      ig:party igr:kazakhstan ; ig:date "2025-03"^^xsd:gYearMonth ;
      ig:inferredStatement [ a ig:StatementInference ; ig:inferredProperty ig:party ;
                             ig:inferenceReason "parties from the signatories' employers" ] .
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
  c:b11 a ig:Investment ; ig:source src:101_b ; ig:paragraph 11 ; ig:fact fact:nearly ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 24000000000.0 ; schema:currency "USD" ] .
  c:b12 a ig:Measurement ; ig:source src:101_b ; ig:paragraph 12 ; ig:fact fact:more-than ; ig:jobs 900 .
  c:b13 a ig:Signing ; ig:source src:101_b ; ig:paragraph 13 ; ig:fact fact:count-beside-range ;
      ig:itemCount 60 ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 25000000000.0 ; schema:currency "USD" ] .
  c:b14 a ig:Investment ; ig:source src:101_b ; ig:paragraph 14 ; ig:fact fact:other-currency ;
      ig:amount [ a schema:MonetaryAmount ; schema:value 10500000000.0 ; schema:currency "EUR" ] .
  c:b15 a ig:Measurement ; ig:source src:101_b ; ig:paragraph 15 ; ig:fact fact:up-to ;
      ig:quantity [ a schema:QuantitativeValue ; schema:value 250 ; schema:unitCode "MW" ] ;
      ig:approximation ig:Approximately ; ig:lowerBound 240.0 ; ig:upperBound 260.0 .
  c:b16 a ig:Reserves ; ig:source src:101_b ; ig:paragraph 16 ; ig:fact fact:inferred-as-of ;
      ig:holder igr:kazakhstan ; ig:asOf "2024-07-09"^^xsd:date .
  c:b17 a ig:Signing ; ig:source src:101_b ; ig:paragraph 17 ; ig:fact fact:inferred-date ;
      ig:party igr:kazakhstan ; ig:date "2024-11"^^xsd:gYearMonth .
  c:b18 a ig:Signing ; ig:source src:101_b ; ig:paragraph 18 ; ig:fact fact:stated-dates ;
      ig:party igr:kazakhstan ; ig:date "2024-11"^^xsd:gYearMonth .
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
    "more-than": (IG.jobs, IG.ValueConflict),             # [1000, open] and 900 do not overlap
    "count-beside-range": (IG.itemCount, IG.ValueConflict),  # 58 and 60: the bounds are the amount's
    "other-currency": (IG.amount, IG.ValueConflict),      # USD [9, 11] bn and EUR 10.5 bn: units differ
    "stated-dates": (IG.date, IG.DateConflict),           # 2025-03 and 2024-11, both stated (a18 infers its party)
}
#: (fact, the reason a property of it differs without a conflict).
DIFFERENCES = {
    ("progression", "successive lifecycle stages"),
    ("progression", "dates of different lifecycle stages"),   # 2023 and 2024-06 date different stages
    ("regression", "dates of different lifecycle stages"),    # the status conflict is reported; its dates are not
    ("undated", "successive lifecycle stages"),
    ("compiler-analyst", "compiler and analyst credited"),
    ("nearly", "overlapping ranges"),                         # [22.5, 25] bn holds 24 bn
    ("up-to", "overlapping ranges"),                          # [open, 300] MW and [240, 260] MW
    # 2025 (inferred) and 2024-07-09 (stated); 2025-02 (inferred) and 2024-11 (stated)
    ("inferred-as-of", "a date the curator inferred, not one the source states "
                       "(100 ¶16: undated; the publication year is used)"),
    ("inferred-date", "a date the curator inferred, not one the source states (100 ¶17: dated by the cited report)"),
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
    jobs = by_fact["more-than"].conflicts[0]
    assert (jobs.spread, jobs.unit) == (Decimal(100), None)   # 1000 - 900: the stated numbers, not the bounds


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_conflicting_claims_query_finds_the_same_conflicts_and_kinds(traps, engine):
    from influencegraph.sparql.engines import run
    from influencegraph.sparql.library import library

    rows = list(run(traps, library()["conflicting-claims"].text, engine_name=engine))
    found = {(_key(r["fact"]), str(r["kind"])) for r in rows}
    labels = {IG.StatusRegression: "status regression", IG.AttributionConflict: "attribution",
              IG.ValueConflict: "value", IG.PartyConflict: "party", IG.DateConflict: "date"}
    assert found == {(fact, labels[kind]) for fact, (_prop, kind) in CONFLICTS.items()}


def test_every_project_status_has_a_lifecycle_stage(traps):
    ontology = traps.graph(ONTOLOGY_GRAPH)
    from influencegraph.vocab import RDF
    statuses = set(ontology.subjects(RDF.type, IG.ProjectStatus))
    assert statuses and all(ontology.value(s, IG.lifecycleStage) is not None for s in statuses)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("fact, disputed", [("nearly", False), ("up-to", False), ("more-than", True),
                                            ("count-beside-range", True), ("other-currency", True),
                                            ("inferred-as-of", False), ("inferred-date", False),
                                            ("stated-dates", True)])
def test_fact_disputed_says_overlapping_ranges_agree(traps, engine, fact, disputed):
    from rdflib import URIRef

    from influencegraph.sparql.engines import run
    from influencegraph.sparql.library import library

    key = URIRef(f"https://w3id.org/influencegraph/fact/{fact}")
    assert run(traps, library()["fact-disputed"].text, {"fact": key}, engine_name=engine).boolean is disputed


def test_overlapping_ranges_are_listed_with_the_bounds_each_side_gives(traps):
    from influencegraph.graph import KnowledgeGraph

    found = {d["fact"]: d for d in KnowledgeGraph(traps).differences() if d["reason"] == "overlapping ranges"}
    assert set(found) == {"nearly", "up-to"}
    sides = {p["source"]: (p["value"], p["bounds"]) for p in found["nearly"]["positions"]}
    assert sides == {"100_a": ("USD 25,000,000,000", ["nearly: 22,500,000,000 to 25,000,000,000"]),
                     "101_b": ("USD 24,000,000,000", [])}
    assert {p["source"]: p["bounds"] for p in found["up-to"]["positions"]} == {
        "100_a": ["up to: open to 300"], "101_b": ["approximately: 240 to 260"]}


def test_an_inferred_date_is_listed_as_not_a_conflict_with_the_curators_reason(traps):
    from influencegraph.graph import KnowledgeGraph

    found = {d["fact"]: d for d in KnowledgeGraph(traps).differences() if d["fact"].startswith("inferred-")}
    assert {fact: d["property"] for fact, d in found.items()} == {"inferred-as-of": "as of", "inferred-date": "date"}
    assert found["inferred-date"]["reason"].endswith("(100 ¶17: dated by the cited report)")
    assert {p["source"]: p["value"] for p in found["inferred-as-of"]["positions"]} == {
        "100_a": "2025", "101_b": "2024-07-09"}
