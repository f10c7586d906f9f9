"""The seed graph: valid, sourced claim by claim, honest about disagreement, and queryable by source."""

from __future__ import annotations

import hashlib
import re

import pytest
from rdflib import Literal, URIRef

from influencegraph import validate
from influencegraph.vocab import (
    CATALOGUE_GRAPH, DERIVED_GRAPH, ENTITIES_GRAPH, FACT, IG, IGR, SKOS, SOURCE,
)


def test_the_seed_graph_conforms(root):
    problems = validate(root)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_every_claim_has_exactly_one_source_and_one_paragraph(kg):
    claims = kg.claims()
    assert len(claims) > 300
    for claim in claims:
        g = kg.dataset.graph(claim.source)
        assert list(g.objects(claim.iri, IG.source)) == [claim.source], claim.iri
        assert len(list(g.objects(claim.iri, IG.paragraph))) == 1, claim.iri


def test_each_source_has_its_own_named_graph_and_catalogue_record(kg):
    sources = kg.sources_list()
    assert [str(s).rsplit("/", 1)[-1][:3] for s in sources] == ["000", "001", "002", "003", "004"]
    for s in sources:
        assert len(kg.dataset.graph(s)) > 100


def test_sparql_answers_which_sources_state_a_fact(kg):
    rows = kg.dataset.query(
        """SELECT DISTINCT ?source WHERE { GRAPH ?source { ?c ig:fact ?fact ; ig:source ?source } }""",
        initNs={"ig": IG}, initBindings={"fact": FACT["east-hope-complex-investment"]})
    found = {str(r.source).rsplit("/", 1)[-1][:3] for r in rows}
    assert found == {"000", "001", "002", "003"}


def test_a_fact_stated_by_several_documents_is_counted_as_corroborated(kg):
    by_key = {str(f.fact).rsplit("/", 1)[-1]: f for f in kg.facts()}
    assert len(by_key["china-kazakhstan-investment-h1-2025"].sources) >= 3
    east_hope = by_key["east-hope-complex-investment"]
    assert east_hope.corroborated and IG.amount in east_hope.agreed
    assert kg.stats()["corroborated_facts"] >= 15


def test_known_disagreements_stay_side_by_side_with_their_kind(kg):
    found = {c["fact"]: c for c in kg.conflicts()}
    assert set(found) == {"bri-participating-countries", "ca-summit-2025-agreements"}
    count = found["bri-participating-countries"]        # 000 ¶1 and 001 ¶10 say 150, 004 ¶3 says 147
    assert (count["property"], count["kind"], count["spread"]) == ("count", "value", "3")
    assert {p["value"] for p in count["positions"]} == {"150", "147"}
    assert found["ca-summit-2025-agreements"]["kind"] == "party"


@pytest.mark.parametrize("fact, prop, reason, sides", [
    # 000 ¶13 says the smelter is still to be built (planned); 002 ¶12 and 003 ¶20 date the agreement 2024-06
    ("aktogay-smelter-status", "status", "successive lifecycle stages", ["planned", "agreed", "agreed"]),
    ("east-hope-complex-status", "status", "successive lifecycle stages", ["planned", "agreed"]),
    # 000 ¶1 credits the Griffith Asia Institute's report; 001 ¶4 the China-Global South Project's analysis of it
    ("bri-engagement-h1-2025", "attributed to", "compiler and analyst credited",
     ["Griffith Asia Institute", "China-Global South Project"]),
    ("bri-engagement-2024", "attributed to", "compiler and analyst credited",
     ["Griffith Asia Institute", "China-Global South Project"]),
])
def test_successive_stages_and_split_credit_are_differences_not_conflicts(kg, fact, prop, reason, sides):
    assert fact not in {c["fact"] for c in kg.conflicts()}
    found = [d for d in kg.differences() if d["fact"] == fact and d["property"] == prop]
    assert found and found[0]["reason"] == reason
    assert [p["value"] for p in found[0]["positions"]] == sides     # statuses in stage order: the timeline


def test_summit_agreements_disagree_on_whether_kazakhstan_alone_was_party(kg):
    conflict = next(c for c in kg.conflicts() if c["fact"] == "ca-summit-2025-agreements")
    parties = {p["source"][:3]: p["value"].split("; ") for p in conflict["positions"]}
    assert len(parties["003"]) == 6 and "Kyrgyzstan" in parties["003"]
    assert sorted(parties["004"]) == ["Kazakhstan", "People's Republic of China"]


def test_precision_differences_are_not_conflicts(kg):
    facts = {c["fact"] for c in kg.conflicts()}
    assert "ca-summit-2025-location" not in facts  # Kazakhstan vs Astana
    assert "ca-summit-2025-dates" not in facts  # June 2025 vs 16-18 June 2025


def test_derived_edges_live_only_in_the_derived_graph(kg):
    edge = (IGR["east-hope-group"], IG.investsIn, IGR["east-hope-aluminium-complex"])
    assert edge in kg.dataset.graph(DERIVED_GRAPH)
    assert all(edge not in g for g in kg.dataset.graphs() if g.identifier != DERIVED_GRAPH)
    assert (IGR["cnnc"], IG.leads, IGR["kz-nuclear-plant-3"]) in kg.dataset.graph(DERIVED_GRAPH)
    assert (IGR["china"], IG.competesWith, IGR["russia"]) in kg.dataset.graph(DERIVED_GRAPH)


def test_money_is_in_base_units_with_currency(kg):
    amounts = [(s, o) for g in kg.dataset.graphs() for s, o in g.subject_objects(URIRef("https://schema.org/value"))
               if str(s).endswith("/amount")]
    assert amounts
    values = {o.toPython() for _s, o in amounts}
    assert 12_000_000_000 in values and 124_000_000_000 in values


def test_native_script_names_are_kept(kg):
    registry = kg.dataset.graph(ENTITIES_GRAPH)
    for slug, name in [("east-hope-group", "东方希望"), ("jiangxi-copper", "江西铜业"), ("cnnc", "中国核工业集团"),
                       ("china-southern-power-grid", "南方电网")]:
        assert Literal(name, lang="zh") in set(registry.objects(IGR[slug], SKOS.altLabel)), slug


def test_company_ownership_is_stated_by_sources(kg):
    derived = kg.dataset.graph(DERIVED_GRAPH)
    assert (IGR["east-hope-group"], IG.ownershipType, IG.PrivatelyOwned) in derived
    assert (IGR["china"], IG.owns, IGR["china-nonferrous-metal"]) in derived


def test_people_have_positions_in_bodies(kg):
    positions = {(c.values[IG.person][0], c.values.get(IG.organisation, (None,))[0])
                 for c in kg.claims() if c.kind == IG.Position}
    assert (IGR["roman-sklyar"], IGR["government-of-kazakhstan"]) in positions
    assert any(p == IGR["xu-feibiao"] for p, _ in positions)


def test_catalogue_checksums_match_the_seed_texts(kg, seeds):
    catalogue = kg.dataset.graph(CATALOGUE_GRAPH)
    for doc in kg.sources_list():
        ident = str(doc)[len(str(SOURCE)):]
        text = (seeds / f"{ident}.txt").read_bytes()
        assert str(catalogue.value(doc, IG.sha256)) == hashlib.sha256(text).hexdigest(), ident


def _ngrams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_summaries_and_notes_are_in_our_own_words(kg, seeds):
    source_grams = set()
    for path in seeds.glob("*.txt"):
        source_grams |= _ngrams(path.read_text(encoding="utf-8"))
    ours = [str(o) for g in kg.dataset.graphs() for o in g.objects(None, IG.summary)]
    ours += [str(o) for g in kg.dataset.graphs() for o in g.objects(None, IG.note)]
    copied = [t for t in ours if _ngrams(t) & source_grams]
    assert not copied, f"{len(copied)} texts share 8 consecutive words with a source, e.g. {copied[:3]}"


def test_the_project_holds_no_source_text(root, seeds):
    # 16 words: longer than any name (the longest, an official body's, has 12), shorter than a sentence
    grams = set()
    for path in seeds.glob("*.txt"):
        grams |= _ngrams(path.read_text(encoding="utf-8"), 16)
    for path in [*root.glob("graph/**/*.trig"), *root.glob("seeds/*"), *root.glob("docs/*.md"), root / "README.md"]:
        if path.is_file():
            assert not (_ngrams(path.read_text(encoding="utf-8"), 16) & grams), path
