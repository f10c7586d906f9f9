"""Summing traps in RDF (tests/traps/figures.trig), added up by hand, and by every implementation of the one rule:
the figure records (:func:`~influencegraph.figure_records.read_figures` + :func:`~influencegraph.figures.totals`),
capital on the projection (:func:`~influencegraph.analysis.capital.by_origin` / ``by_sector``), and the
``capital-by-origin`` / ``capital-by-sector`` queries on rdflib and on Oxigraph.

By hand (USD; the corpus's comments say which trap each claim sets):

China into Trapland, flows
  counted: nearly 25 bn in 2023 (200 ¶9, bounds 22.5–25 bn), 2024's 30 bn (201 ¶2) or 31 bn (200 ¶14: one fact,
  the range 30–31 bn), 23 bn in H1 2025 (200 ¶1 and 201 ¶1: one fact, two documents, the same value)
  → 75.5–79 bn; a range only, so ``capital_usd`` is its lower bound, 75.5 bn.
  left out: the 7.5 bn for copper (part of the 23 bn), the 1.5 bn smelter (part of the 7.5 bn: three levels),
  the 14 bn of H2 2024 (overlaps the 30 bn of 2024, which is larger), the 12 bn plant of March 2025 (within the
  H1 2025 total's period), the 0.3 bn mine without a period (within a country total: the first, cn-2023).
  Never counted: the 5 bn mine China "could" fund (200 ¶8, possible).
China, stock: 50 bn as of 2025-06 (201 ¶4), beside the flows, never added; the 40 bn of 2024-12 (201 ¶5) is an
  earlier reading of the same stock, left out.
  11 investment facts (the hedged one is not one), 10 with a USD figure (the new mine has none).
Russia into Trapland, flows
  counted: more than 1 bn in 2024 (200 ¶10, open upper bound), 1.5 bn for non-ferrous metals in 2022 (200 ¶13)
  → 2.5 bn to open; left out: the 0.4 bn mine of May 2024 (within the 2024 total), about 0.6 bn for aluminium in
  2022 (200 ¶12: aluminium is a non-ferrous metal, the same year — within the sector figure of the broader sector;
  before this trap, every implementation added it: 3.05 bn).
By sector (sector and project flows only; country totals name no sector)
  China: copper 7.5 bn (the smelter part of it; the new mine listed without an amount), aluminium 12 bn (the
  plant names aluminium and non-ferrous metals: under aluminium only, counted once though 200 states it twice),
  tungsten 0.3 bn. Russia: copper 0.4 bn, aluminium 0.55–0.65 bn, non-ferrous metals 1.5 bn (each sector's own
  figures: the aluminium figure stands under aluminium only).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from influencegraph.analysis import capital
from influencegraph.figure_records import read_figures
from influencegraph.figures import add_up, totals
from influencegraph.vocab import IG, ONTOLOGY_GRAPH

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ["rdflib", "oxigraph"]
BN = 1e9
CHINA, RUSSIA = "China (traps)", "Russia (traps)"

#: origin -> (capital_usd, low, high, counted, left out {fact: reason}, stock, stock as of, investments, figures)
BY_ORIGIN = {
    CHINA: (75.5 * BN, 75.5 * BN, 79 * BN, {"cn-2023", "cn-2024", "cn-h1-2025"}, {
        "cn-copper-h1-2025": "part of cn-h1-2025",
        "smelter-investment": "part of cn-copper-h1-2025",
        "cn-h2-2024": "overlaps cn-2024 (overlapping periods); one of them counts",
        "plant-investment": "within cn-h1-2025 (country total), overlapping periods",
        "mine-investment": "within cn-2023 (country total), period not stated"},
        50 * BN, "2025-06", 11, 10),
    RUSSIA: (2.5 * BN, 2.5 * BN, None, {"ru-2024", "ru-non-ferrous-2022"}, {
        "ru-mine-investment": "within ru-2024 (country total), overlapping periods",
        "ru-aluminium-2022": "within ru-non-ferrous-2022 (sector), overlapping periods"},
        None, None, 4, 4),
}
PERIODS = {CHINA: ["2023", "2024", "2025-01 to 2025-06"], RUSSIA: ["2022", "2024"]}
#: (sector, origin) -> (capital_usd, low, high, counted, left out {fact: reason}, figures, listed)
BY_SECTOR = {
    ("copper", CHINA): (7.5 * BN, 7.5 * BN, 7.5 * BN, {"cn-copper-h1-2025"},
                        {"smelter-investment": "part of cn-copper-h1-2025"}, 2, 3),
    ("aluminium", CHINA): (12 * BN, 12 * BN, 12 * BN, {"plant-investment"}, {}, 1, 1),
    ("tungsten", CHINA): (0.3 * BN, 0.3 * BN, 0.3 * BN, {"mine-investment"}, {}, 1, 1),
    ("copper", RUSSIA): (0.4 * BN, 0.4 * BN, 0.4 * BN, {"ru-mine-investment"}, {}, 1, 1),
    ("aluminium", RUSSIA): (0.55 * BN, 0.55 * BN, 0.65 * BN, {"ru-aluminium-2022"}, {}, 1, 1),
    ("non-ferrous metals", RUSSIA): (1.5 * BN, 1.5 * BN, 1.5 * BN, {"ru-non-ferrous-2022"}, {}, 1, 1),
}


@pytest.fixture(scope="module")
def traps():
    from influencegraph.derive import derive
    from influencegraph.graph import KnowledgeGraph
    ds = Dataset(default_union=True)
    ds.graph(ONTOLOGY_GRAPH).parse(ROOT / "ontology" / "influence.ttl")
    ds.parse(ROOT / "tests" / "traps" / "figures.trig", format="trig")
    derive(ds)                      # the derived edges and ig:Fact typing, as the build makes them
    return KnowledgeGraph(ds)


def _usd(x):
    return None if x is None or x != x else pytest.approx(float(x))


def _split(cell) -> dict:
    """``["fact: reason", ...]`` or ``"fact (period); ..."`` as {fact: rest}."""
    import re
    items = re.split(r"; (?=[\w.-]+(?: \(|: ))", cell) if isinstance(cell, str) else list(cell)
    out = {}
    for item in filter(None, items):
        fact, _sep, rest = re.split(r"(: | \()", item, maxsplit=1)
        out[fact] = rest
    return out


# ----------------------------------------------------------------------------- the figure records
def test_figure_records_add_each_origins_flows_and_stock_apart_as_by_hand(traps):
    figures = read_figures(traps, kinds={IG.Investment})
    hedged = {f.fact: f.modality for f in figures if f.modality != "stated"}
    assert hedged == {"future-mine-investment": "possible or at risk"}         # 200 ¶8, "could"
    for origin, key in ((CHINA, "china"), (RUSSIA, "russia")):
        value, low, high, counted, left, stock, as_of, _investments, n_figures = BY_ORIGIN[origin]
        mine = [f for f in figures if f.origin == key and f.modality == "stated"]
        assert len(mine) == n_figures
        by_kind = {t.kind: t for t in totals(mine)}
        flows = by_kind["flow"]
        assert flows.value is None and flows.is_range                          # an approximate figure is counted
        assert (flows.low, flows.high) == (_usd(low), _usd(high))
        assert {f.fact for f in flows.counted} == counted
        assert {f.fact: reason for f, reason in flows.left_out} == left
        if stock is None:
            assert "stock" not in by_kind
        else:
            assert by_kind["stock"].value == stock and by_kind["stock"].counted[0].as_of == as_of
            assert {f.fact: r for f, r in by_kind["stock"].left_out} == {
                "cn-stock-2024": "overlaps cn-stock-2025 (the same stock); one of them counts"}


def test_figure_records_place_a_multi_sector_figure_under_its_narrowest_sector_once(traps):
    plant, = [f for f in read_figures(traps) if f.fact == "plant-investment"]
    assert plant.sectors == ("AluminiumSector",) and "NonFerrousMetalsSector" in plant.sector_ancestors
    assert plant.sources == (("200", 4), ("200", 5)) and plant.value == 12 * BN   # one figure, stated twice


def test_figure_records_add_each_sector_of_each_origin_as_by_hand(traps):
    figures = [f for f in read_figures(traps, kinds={IG.Investment}) if f.modality == "stated"]
    local = {"copper": "CopperSector", "aluminium": "AluminiumSector", "tungsten": "TungstenSector",
             "non-ferrous metals": "NonFerrousMetalsSector"}
    for (sector, origin), (_value, low, high, counted, left, n_figures, _listed) in BY_SECTOR.items():
        key = "china" if origin == CHINA else "russia"
        part = [f for f in figures if f.origin == key and f.sectors == (local[sector],) and f.scope != "country"]
        total = add_up(part)
        assert len(part) == n_figures, (sector, origin)
        assert ((total.low, total.high), {f.fact for f in total.counted}) == ((_usd(low), _usd(high)), counted)
        assert {f.fact: r for f, r in total.left_out} == left


# ----------------------------------------------------------------------------- capital on the projection
def test_capital_by_origin_on_the_projection_is_the_hand_worked_total(traps):
    inv = capital.investments(traps.network(), "Trapland")
    assert "future-mine-investment" not in set(inv.fact)                      # hedged: not in the network
    table = capital.by_origin(inv).set_index("origin")
    assert set(table.index) == set(BY_ORIGIN)
    for origin, (value, low, high, counted, left, stock, as_of, investments, n_figures) in BY_ORIGIN.items():
        row = table.loc[origin]
        assert [_usd(row.capital_usd), _usd(row.capital_low_usd), _usd(row.capital_high_usd)] == [value, low, high]
        assert set(_split(row.counted)) == counted and _split(row.left_out) == left
        assert sorted(row.periods) == PERIODS[origin]
        assert (_usd(row.stock_usd), row.stock_as_of if stock else None) == (stock, as_of)
        assert (row.investments, row.figures) == (investments, n_figures)


def test_capital_by_sector_on_the_projection_is_the_hand_worked_total(traps):
    table = capital.by_sector(capital.investments(traps.network(), "Trapland")).set_index(["sector", "origin"])
    assert set(table.index) == set(BY_SECTOR)            # no non-ferrous metals row for China's aluminium plant
    for key, (value, low, high, counted, left, n_figures, listed) in BY_SECTOR.items():
        row = table.loc[key]
        assert [_usd(row.capital_usd), _usd(row.capital_low_usd), _usd(row.capital_high_usd)] == [value, low, high]
        assert set(_split(row.counted)) == counted and _split(row.left_out) == left
        assert (row.figures, row.listed) == (n_figures, listed)


# ----------------------------------------------------------------------------- the named queries, both engines
def _answer(kg, name, engine, **params) -> list[dict]:
    from influencegraph.sparql.engines import run
    from influencegraph.sparql.library import library
    q = library()[name]
    result = run(kg.dataset, q.text, q.bindings(kg, **params), engine_name=engine)
    return [{v: (t.toPython() if t is not None else None) for v, t in zip(result.vars, row)} for row in result.rows]


def _number(x):
    return None if x is None else float(x)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_capital_by_origin_query_gives_the_hand_worked_totals(traps, engine):
    rows = {r["origin_state"]: r for r in _answer(traps, "capital-by-origin", engine, host="Trapland")}
    assert set(rows) == set(BY_ORIGIN)
    for origin, (value, low, high, counted, left, stock, as_of, investments, n_figures) in BY_ORIGIN.items():
        row = rows[origin]
        assert [_number(row[c]) for c in ("capital_usd", "capital_low_usd", "capital_high_usd")] == [
            _usd(value), _usd(low), _usd(high)], origin
        assert set(_split(row["counted"])) == counted and _split(row["left_out"]) == left
        assert sorted(row["periods"].split("; ")) == PERIODS[origin]
        assert (_number(row["stock_usd"]), row["stock_as_of"]) == (stock, as_of)
        assert (row["investments"], row["figures"]) == (investments, n_figures)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_capital_by_sector_query_gives_the_hand_worked_totals(traps, engine):
    rows = {(r["sector_name"], r["origin_state"]): r for r in _answer(traps, "capital-by-sector", engine,
                                                                        host="Trapland")}
    assert set(rows) == set(BY_SECTOR)
    for key, (value, low, high, counted, left, n_figures, listed) in BY_SECTOR.items():
        row = rows[key]
        assert [_number(row[c]) for c in ("capital_usd", "capital_low_usd", "capital_high_usd")] == [
            _usd(value), _usd(low), _usd(high)], key
        assert set(_split(row["counted"])) == counted and _split(row["left_out"]) == left
        assert (row["figures"], row["listed"]) == (n_figures, listed)
        assert row["sector_group"] == "metals and mining"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_listing_queries_count_the_same_stated_investments(traps, engine):
    """investments-in-country lists, footprint-by-state counts and capital-by-origin counts the same stated
    investment facts: 11 of China's (not the possible mine of 200 ¶8), 4 of Russia's."""
    listed = [r for origin in BY_ORIGIN
              for r in _answer(traps, "investments-in-country", engine, host="Trapland", origin=origin)]
    footprint = {r["origin_state"]: r["investments"] for r in _answer(traps, "footprint-by-state", engine,
                                                                       host="Trapland")}
    capital_rows = {r["origin_state"]: r["investments"] for r in _answer(traps, "capital-by-origin", engine,
                                                                          host="Trapland")}
    for origin, (*_rest, investments, _figures) in BY_ORIGIN.items():
        facts = {r["fact"] for r in listed if r["origin_state"] == origin}
        assert len(facts) == footprint[origin] == capital_rows[origin] == investments, origin
    assert not any(r["fact"].endswith("future-mine-investment") for r in listed)
    plant = next(r for r in listed if r["fact"].endswith("/plant-investment"))
    assert (plant["figure_kind"], plant["scope"], plant["date"]) == ("flow", "project", "2025-03")
    cn_2024 = next(r for r in listed if r["fact"].endswith("/cn-2024"))
    assert (float(cn_2024["low_usd"]), float(cn_2024["high_usd"])) == (30 * BN, 31 * BN)
