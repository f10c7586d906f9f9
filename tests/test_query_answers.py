"""The named queries answer the analysts' questions correctly.

Two kinds of check: SPARQL answers against the package's own Python implementation of the same question
(corroboration, conflicts, what each source says about an entity), and against figures read by hand from
the seed documents.
"""

from __future__ import annotations

import re

import pytest

from influencegraph.sparql.library import library

LOCATOR = re.compile(r"\b(\d{3}) ¶(\d+)\b")


def rows(kg, name, **params):
    return list(kg.query(name, raw=True, **params))


def text(row, key) -> str:
    return str(row.get(key, ""))


def test_every_source_locator_in_every_answer_points_at_a_claim(kg):
    """A `sources` column only cites (document, paragraph) pairs where some claim of that document sits."""
    cited_somewhere = {(c.source_id[:3], c.paragraph) for c in kg.claims()}
    checked = 0
    for name, q in library().items():
        result = kg.query(q, raw=True)
        if result.form != "SELECT":
            continue
        for row in result:
            for value in row.values():
                for doc, paragraph in LOCATOR.findall(str(value)):
                    assert (doc, int(paragraph)) in cited_somewhere, (name, doc, paragraph)
                    checked += 1
    assert checked > 100


def test_corroborated_facts_match_the_python_implementation(kg):
    answer = {text(r, "fact").rsplit("/", 1)[-1]: r for r in rows(kg, "corroborated-facts")}
    expected = {f["fact"]: f for f in kg.corroborated()}
    assert set(answer) == set(expected)
    for fact, row in answer.items():
        assert int(row["source_count"]) == len(expected[fact]["sources"]) >= 2


@pytest.mark.parametrize("source", ["000", "001", "002", "003", "004"])
def test_facts_by_source_lists_every_claim_of_the_source(kg, source):
    answer = {text(r, "claim") for r in rows(kg, "facts-by-source", source=source)}
    expected = {str(c.iri) for c in kg.claims() if c.source_id.startswith(source)}
    assert answer == expected


def test_entity_claims_match_sources_command(kg):
    for name in ("East Hope Group", "Jiangxi Copper Group", "Kazakhstan"):
        answer = {text(r, "claim") for r in rows(kg, "entity-claims", entity=name)}
        expected = {c["claim"] for claims in kg.sources(name)["by_source"].values() for c in claims}
        assert answer == expected, name


def test_chinese_investments_in_kazakhstan_include_the_seed_figures(kg):
    answer = rows(kg, "investments-in-country", host="Kazakhstan", origin="China")
    by_investor = {}
    for r in answer:
        by_investor.setdefault(text(r, "investor"), []).append(r)
    # 000 ¶5: East Hope Group, privately owned, USD 12 bn aluminium complex
    east_hope = by_investor["East Hope Group"]
    assert any(float(r["amount_usd"]) == 12e9 and "000 ¶5" in text(r, "sources") for r in east_hope)
    assert all(text(r, "ownership") == "private" for r in east_hope)
    # 003 ¶22: Jiangxi Copper, USD 300 million, Bukuta tungsten mine
    assert any(float(r["amount_usd"]) == 3e8 and "Bukuta" in text(r, "target")
               for r in by_investor["Jiangxi Copper Group"])
    # only Chinese investors when origin is China
    assert {text(r, "origin_state") for r in answer} == {"People's Republic of China"}
    everyone = rows(kg, "investments-in-country", host="Kazakhstan")
    assert len(everyone) >= len(answer)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_investments_in_country_list_stated_figures_with_what_they_measure(kg, engine):
    """Each figure beside its kind, scope, period and the larger figure a source puts it in, so that no one adds
    the column up; only what sources state as fact."""
    answer = {text(r, "fact").rsplit("/", 1)[-1]: r
              for r in kg.query("investments-in-country", engine=engine, raw=True, host="Kazakhstan", origin="China")}
    # 000 ¶11 (upstream aluminium, "could"), 000 ¶25 (lithium exploration, possible; the outlook, expected): hedged
    assert not {"chinese-companies-kazakhstan-upstream-aluminium", "chinese-lithium-exploration-kazakhstan",
                "china-kazakhstan-investment-outlook"} & set(answer)
    # 004 ¶10: USD 50 bn invested to date, a stock as of June 2025
    stock = answer["china-total-investment-kazakhstan"]
    assert (float(stock["amount_usd"]), text(stock, "figure_kind"), text(stock, "scope"), text(stock, "as_of")) == (
        50e9, "stock", "country total", "2025-06")
    # 000 ¶13: the USD 1.5 bn smelter, a project inside the 7.5 bn for copper, which is inside the 23 bn (¶2)
    smelter = answer["aktogay-smelter-investment"]
    assert (text(smelter, "figure_kind"), text(smelter, "scope"), text(smelter, "part_of")) == (
        "flow", "project", "china-kazakhstan-copper-investment-h1-2025")
    assert float(smelter["low_usd"]) == float(smelter["high_usd"]) == 1.5e9
    copper = answer["china-kazakhstan-copper-investment-h1-2025"]
    assert (text(copper, "scope"), text(copper, "period_start"), text(copper, "period_end"), text(copper, "part_of")) \
        == ("sector", "2025-01", "2025-06", "china-kazakhstan-investment-h1-2025")


def test_footprint_counts_the_stated_investments_that_investments_in_country_lists(kg):
    """China in Kazakhstan: the investment facts footprint-by-state counts are the rows investments-in-country lists
    (hedged ones, such as 000 ¶11's upstream aluminium and 000 ¶25's lithium exploration, in neither)."""
    china, = [r for r in rows(kg, "footprint-by-state", host="Kazakhstan")
              if text(r, "origin_state") == "People's Republic of China"]
    listed = rows(kg, "investments-in-country", host="Kazakhstan", origin="China")
    assert int(china["investments"]) == len({text(r, "fact") for r in listed}) == 20


def test_financing_by_lender_says_what_kind_of_statement_each_row_is(kg):
    """004 ¶11: an agreement for Kazakhstan to use China's Green Technology Bank, financing yet to come."""
    bank, = [r for r in rows(kg, "financing-by-lender", host="Kazakhstan")
             if text(r, "financier_name") == "China Green Technology Bank"]
    assert text(bank, "modality") == "planned or expected" and "004 ¶11" in text(bank, "sources")
    assert bank.get("amount_usd") is None and bank.get("figure_kind") is None     # no amount: nothing measured


def test_bilateral_trade_says_the_country_figure_lies_inside_the_regional_one(kg):
    """004 ¶8: China's trade with Kazakhstan in 2024, USD 44 bn, is part of its USD 97 bn with Central Asia."""
    trade = {text(r, "fact").rsplit("/", 1)[-1]: r for r in rows(kg, "bilateral-trade", partner="China")}
    kz, ca = trade["china-kazakhstan-trade-2024"], trade["china-central-asia-trade-2024"]
    assert (float(kz["amount_usd"]), text(kz, "scope"), text(kz, "part_of")) == (
        44e9, "country total", "china-central-asia-trade-2024")
    assert (float(ca["amount_usd"]), text(ca, "scope"), ca.get("part_of")) == (97e9, "region total", None)
    assert text(kz, "figure_kind") == text(ca, "figure_kind") == "flow"


def test_headline_figures_say_what_each_figure_measures(kg):
    """004 ¶3: USD 1.2 tn of Belt and Road investment is a cumulative stock (a world total); "more than 200" projects
    in Kazakhstan (004 ¶8) has 200 as its lower bound and no upper one."""
    figures = {text(r, "fact").rsplit("/", 1)[-1]: r for r in rows(kg, "headline-figures")}
    bri = next(r for key, r in figures.items() if key.startswith("bri-cumulative-investment"))
    assert (float(bri["amount_usd"]), text(bri, "figure_kind"), text(bri, "scope")) == (1.2e12, "stock", "world")
    projects = figures["china-kazakhstan-investment-project-count"]
    assert (int(projects["count"]), text(projects, "approximation"), float(projects["lower_bound"])) == (
        200, "more than", 200.0)
    assert projects.get("upper_bound") is None


def test_builders_of_kazakhstans_nuclear_plants_by_state(kg):
    """003 ¶25: Rosatom (Russia) has the first plant; Chinese partners build the second and third (CNNC, ¶22)."""
    answer = rows(kg, "lead-partners-by-sector", sector="nuclear energy")
    states = {}
    for r in answer:
        if text(r, "role_name") in ("lead", "builder") and text(r, "host_country") == "Kazakhstan":
            states.setdefault(text(r, "project_name"), set()).add(text(r, "actor_state"))
    assert states == {"Kazakhstan's first nuclear power plant": {"Russia"},
                      "Kazakhstan's second nuclear power plant": {"People's Republic of China"},
                      "Kazakhstan's third nuclear power plant": {"People's Republic of China"}}
    leads = {text(r, "project_name"): text(r, "actor_name") for r in answer if text(r, "role_name") == "lead"}
    assert leads["Kazakhstan's first nuclear power plant"] == "Rosatom"


def test_kazakhstan_imports_most_refined_copper_from_russia(kg):
    """002 ¶19: 81 percent of Kazakhstan's refined copper came from Russia in 2023."""
    answer = rows(kg, "import-dependencies", country="Kazakhstan")
    copper = [r for r in answer if text(r, "commodity_name") == "refined copper" and text(r, "partner_name") == "Russia"]
    assert copper and float(copper[0]["share"]) == 0.81
    assert str(copper[0]["date"]) == "2023" and "002 ¶19" in text(copper[0], "sources")


def test_wikidata_links_are_the_registry_links(kg):
    from influencegraph.vocab import ENTITIES_GRAPH, SKOS, WD
    registry = {(str(s), str(o)) for s, o in kg.dataset.graph(ENTITIES_GRAPH).subject_objects(SKOS.exactMatch)
                if str(o).startswith(str(WD))}
    answer = {(text(r, "entity"), text(r, "wikidata")) for r in rows(kg, "wikidata-links")}
    assert answer == registry and len(registry) >= 20


@pytest.mark.parametrize("value", ["nuclear energy", "Nuclear Energy", "NuclearEnergySector", "nuclear-energy",
                                   "https://w3id.org/influencegraph/ontology#NuclearEnergySector"])
def test_sector_parameters_accept_labels_and_names(kg, value):
    from influencegraph.vocab import IG
    q = library()["lead-partners-by-sector"]
    assert q.bindings(kg, sector=value)["sector"] == IG.NuclearEnergySector
