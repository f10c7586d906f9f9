"""Figures an analyst can add up: the one rule (influencegraph.figures) on a corpus of summing traps, and on the
seed graph with totals worked out by hand from the texts.

By hand, China's capital into Kazakhstan (stated, USD):
- flows: USD 25.3 bn over 2005–2023 (004 ¶8) and USD 23 bn in the first half of 2025 (000 ¶2, 001 ¶5, 003 ¶20)
  do not overlap: 48.3 bn. Inside the 23 bn (003 ¶20): 7.5 bn for copper and East Hope's 12 bn; inside the
  7.5 bn (000 ¶13): the 1.5 bn smelter. Project figures without a period (Bukuta's 0.3 bn, 003 ¶22; the 2 bn
  coal-gasification plant, 004 ¶11) may lie inside either total and are not added.
- stock: USD 50 bn as of June 2025 (004 ¶10), never added to the flows.
"""

from __future__ import annotations

import pytest

from influencegraph.figures import SCOPE_RANK, Figure, add_up, totals
from influencegraph.vocab import IG, ONTOLOGY_GRAPH, RDF, SKOS

USD = dict(unit="USD")
H1 = dict(start="2025-01", end="2025-06", **USD)


def _facts(figures) -> list[str]:
    return sorted(f.fact for f in figures)


# ----------------------------------------------------------------------------- traps, totals by hand
def test_nested_figures_count_once_at_the_outermost():
    outer = Figure("ca", 25e9, scope="region", host="ca", **H1)
    mid = Figure("kz", 23e9, scope="country", host="kz", within=("ca",), part_of=("ca",), **H1)
    inner = Figure("kz-copper", 7.5e9, scope="sector", host="kz", within=("ca",), sectors=("copper",),
                   part_of=("kz",), **H1)
    total = add_up([inner, mid, outer])
    assert (total.value, _facts(total.counted)) == (25e9, ["ca"])
    assert dict((f.fact, r) for f, r in total.left_out) == {"kz": "part of ca", "kz-copper": "part of kz"}


def test_overlapping_periods_of_the_same_total_count_once_and_disjoint_ones_add():
    year = Figure("kz-2024", 30e9, scope="country", host="kz", start="2024", end="2024", **USD)
    h2 = Figure("kz-h2-2024", 14e9, scope="country", host="kz", start="2024-07", end="2024-12", **USD)
    h1 = Figure("kz-h1-2025", 23e9, scope="country", host="kz", **H1)
    total = add_up([year, h2, h1])
    assert total.value == 53e9 and _facts(total.counted) == ["kz-2024", "kz-h1-2025"]
    assert "overlaps kz-2024" in dict((f.fact, r) for f, r in total.left_out)["kz-h2-2024"]


def test_stocks_and_flows_are_never_added():
    flow = Figure("kz-h1", 23e9, scope="country", host="kz", **H1)
    stock = Figure("kz-to-date", 50e9, scope="country", kind="stock", host="kz", as_of="2025-06", **USD)
    with pytest.raises(ValueError, match="never added"):
        add_up([flow, stock])
    assert [(t.kind, t.value) for t in totals([flow, stock])] == [("flow", 23e9), ("stock", 50e9)]


def test_two_stocks_of_one_total_at_different_dates_are_one_stock():
    old = Figure("kz-2023", 40e9, scope="country", kind="stock", host="kz", as_of="2023", **USD)
    new = Figure("kz-2025", 50e9, scope="country", kind="stock", host="kz", as_of="2025-06", **USD)
    assert add_up([old, new]).value == 50e9


def test_different_projects_add_and_a_restated_project_does_not():
    a = Figure("mine-a", 3e8, scope="project", host="kz", target="a", **USD)
    a_again = Figure("mine-a-2", 3e8, scope="project", host="kz", target="a", **USD)   # the same, another key
    b = Figure("mine-b", 2e8, scope="project", host="kz", target="b", **USD)
    total = add_up([a, a_again, b])
    assert total.value == 5e8 and _facts(total.counted) == ["mine-a", "mine-b"]


def test_a_sector_figure_holds_the_projects_of_that_sector_and_narrower_only():
    copper = Figure("kz-copper", 7.5e9, scope="sector", host="kz", sectors=("CopperSector",), **H1)
    smelter = Figure("smelter", 1.5e9, scope="project", host="kz", target="s", sectors=("CopperSector",), **USD)
    tungsten = Figure("bukuta", 3e8, scope="project", host="kz", target="b", sectors=("TungstenSector",), **USD)
    total = add_up([copper, smelter, tungsten])
    assert _facts(total.counted) == ["bukuta", "kz-copper"] and total.value == 7.8e9


def test_a_sector_figure_holds_a_figure_of_a_narrower_sector_at_the_same_time():
    metals = Figure("ru-non-ferrous-2022", 1.5e9, scope="sector", host="kz", sectors=("non-ferrous metals",),
                    sector_ancestors=("metals and mining",), start="2022", end="2022", **USD)
    aluminium = Figure("ru-aluminium-2022", 0.6e9, scope="sector", host="kz", sectors=("aluminium",),
                       sector_ancestors=("non-ferrous metals", "metals and mining"), start="2022", end="2022", **USD)
    later = Figure("ru-aluminium-2023", 0.2e9, scope="sector", host="kz", sectors=("aluminium",),
                   sector_ancestors=("non-ferrous metals", "metals and mining"), start="2023", end="2023", **USD)
    total = add_up([metals, aluminium, later])
    assert total.value == 1.7e9 and _facts(total.counted) == ["ru-aluminium-2023", "ru-non-ferrous-2022"]
    assert dict((f.fact, r) for f, r in total.left_out) == {
        "ru-aluminium-2022": "within ru-non-ferrous-2022 (sector), overlapping periods"}


def test_approximate_figures_carry_their_bounds_and_open_bounds_stay_open():
    nearly = Figure("pledges", 25e9, low=22.5e9, high=25e9, scope="project", host="kz", target="p", **USD)
    exact = Figure("mine", 3e8, scope="project", host="kz", target="m", **USD)
    total = add_up([nearly, exact])
    assert (total.value, total.low, total.high) == (None, 22.8e9, 25.3e9)
    more_than = Figure("jobs", 1000.0, low=1000.0, high=None, scope="project", unit="C62", target="j")
    assert add_up([more_than]).high is None


def test_the_scope_ranks_are_the_ontologys(kg):
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    ranks = {str(ontology.value(s, SKOS.prefLabel)): int(ontology.value(s, IG.scopeRank))
             for s in ontology.subjects(RDF.type, IG.FigureScope)}
    names = {"project": "project", "actor total": "actor", "sector": "sector", "country total": "country",
             "region total": "region", "world": "world"}
    assert {names[k]: v for k, v in ranks.items()} == SCOPE_RANK


# ----------------------------------------------------------------------------- the seed graph
@pytest.fixture(scope="module")
def china_into_kazakhstan(kg):
    from influencegraph.figure_records import read_figures
    figures = read_figures(kg, kinds={IG.Investment, IG.Commitment, IG.Financing})
    return [f for f in figures if f.unit == "USD" and f.origin == "china" and f.host == "kazakhstan"
            and f.modality == "stated"]


def test_china_into_kazakhstan_adds_up_to_what_the_texts_allow(china_into_kazakhstan):
    flows, stocks = totals(china_into_kazakhstan)
    assert flows.value == pytest.approx(48.3e9)
    assert _facts(flows.counted) == ["china-kazakhstan-investment-2005-2023", "china-kazakhstan-investment-h1-2025"]
    left = dict((f.fact, r) for f, r in flows.left_out)
    assert left["china-kazakhstan-copper-investment-h1-2025"] == "part of china-kazakhstan-investment-h1-2025"
    assert left["aktogay-smelter-investment"] == "part of china-kazakhstan-copper-investment-h1-2025"
    assert left["east-hope-complex-investment"] == "part of china-kazakhstan-investment-h1-2025"
    assert "period not stated" in left["bukuta-mine-investment"]
    assert (stocks.kind, stocks.value, stocks.counted[0].as_of) == ("stock", 50e9, "2025-06")


def test_a_restated_figure_is_one_figure_with_every_source(china_into_kazakhstan):
    east_hope = next(f for f in china_into_kazakhstan if f.fact == "east-hope-complex-investment")
    assert east_hope.value == 12e9
    assert {s for s, _p in east_hope.sources} == {"000", "001", "002", "003"}


def test_every_fact_gives_its_figure_one_kind_and_one_scope(kg):
    seen: dict = {}
    for claim in kg.claims():
        if claim.fact is None or not (IG.amount in claim.values or IG.quantity in claim.values):
            continue
        kind = (claim.values.get(IG.figureKind), claim.values.get(IG.figureScope))
        seen.setdefault(claim.fact, set()).add(kind)
    mixed = {str(f): k for f, k in seen.items() if len(k) > 1}
    assert not mixed, mixed
