"""Influence paths and competition: hand-built graphs with hand-computed answers, then facts of the seed graph
checked against the source texts (000 ¶13, 002 ¶23, 003 ¶22, ¶24, ¶25)."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from influencegraph.analysis.competition import (
    PAIR_COLUMNS,
    RIVALRY_COLUMNS,
    SECTOR_COLUMNS,
    contested_sectors,
    rivalries,
    state_pairs,
)
from influencegraph.analysis.paths import PATH_COLUMNS, format_figure, influence_paths
from influencegraph.errors import AnalysisError, UnknownEntity

LABELS = {"investsIn": "invests in", "partnerIn": "partner in", "leads": "leads", "owns": "owns",
          "competesWith": "competes with", "builds": "builds"}


def graph(nodes, edges) -> nx.MultiDiGraph:
    """A projection-like graph: nodes ``(id, label, types, country, sectors)``, edges ``(u, v, relation, attrs)``."""
    G = nx.MultiDiGraph(relation_labels=LABELS, sector_broader={"nuclear energy": "energy", "hydropower": "energy"})
    for n, lab, types, country, sectors in nodes:
        G.add_node(n, label=lab, type=types[0], types=types, country=country, sectors=sectors)
    for u, v, relation, attrs in edges:
        G.add_edge(u, v, relation=relation, **{"strength": 1.0, "sources": [], **attrs})
    return G


def chain() -> nx.MultiDiGraph:
    """A → D directly (a bare tie), and A → B → D through two large investments."""
    return graph([(n, n, ["Entity"], None, []) for n in "ABCD"], [
        ("A", "D", "partnerIn", {"sources": [("001_x", 1)]}),
        ("A", "B", "investsIn", {"weight": 12e9, "measure": "usd", "unit": "USD", "strength": 5.0,
                                 "sources": [("001_x", 2)]}),
        ("B", "D", "investsIn", {"weight": 300e6, "measure": "usd", "unit": "USD", "strength": 4.0,
                                 "sources": [("001_x", 3)]}),
    ])


# ----------------------------------------------------------------------------- paths on hand-built graphs
def test_shortest_path_takes_fewest_hops_and_strongest_path_takes_the_funded_chain():
    r = influence_paths(chain(), "A", "D")
    assert r.found and r.directed and r.reason is None
    assert list(r.shortest.columns) == PATH_COLUMNS
    assert r.shortest[["from", "relation", "to"]].values.tolist() == [["A", "partnerIn", "D"]]
    assert r.shortest["cost"].sum() == pytest.approx(1.0)
    assert r.strongest[["from", "to"]].values.tolist() == [["A", "B"], ["B", "D"]]
    assert r.strongest["cost"].sum() == pytest.approx(1 / 5 + 1 / 4)
    assert r.strongest["explanation"].tolist() == ["A invests in B (USD 12 bn)", "B invests in D (USD 300 m)"]
    assert r.strongest["sources"].tolist() == [["001 ¶2"], ["001 ¶3"]]
    assert r.alternatives == []  # only two simple paths exist
    assert len(r.paths) == 2


def test_among_paths_of_equal_length_the_shortest_is_the_strongest_of_them():
    G = chain()
    G.add_edge("A", "C", relation="partnerIn", strength=1.0, sources=[])
    G.add_edge("C", "D", relation="partnerIn", strength=1.0, sources=[])
    G.remove_edge("A", "D")
    r = influence_paths(G, "A", "D")
    assert r.shortest["to"].tolist() == ["B", "D"]
    assert [p["to"].tolist() for p in r.alternatives] == [["C", "D"]]


def test_parallel_edges_take_the_strongest_and_name_the_others():
    G = graph([("f", "Firm F", ["Company"], None, []), ("p", "Smelter P", ["Project"], None, [])], [
        ("f", "p", "leads", {"sources": [("000_x", 13)]}),
        ("f", "p", "investsIn", {"weight": 1.5e9, "measure": "usd", "unit": "USD", "strength": 4.18,
                                 "sectors": ["copper"], "sources": [("000_x", 13)]}),
    ])
    hop = influence_paths(G, "Firm F", "Smelter P").shortest.iloc[0]
    assert hop["relation"] == "investsIn" and hop["weight"] == 1.5e9 and hop["unit"] == "USD"
    assert hop["explanation"] == "Firm F invests in Smelter P (USD 1.5 bn; copper); also: leads"


def test_a_hop_adds_the_flows_between_two_actors_under_the_rule_and_shows_the_stock_apart():
    # Two actors joined by four capital figures: 10 bn over 2020-2021, 4 bn for copper that a source puts inside
    # it, 3 bn in 2023, and a stock of 30 bn at 2023-12. The rule adds 10 + 3 = 13 bn (never the nested 4 bn,
    # never the stock); before, the hop took the largest single figure, the stock.
    usd = {"measure": "usd", "unit": "USD"}
    G = graph([("a", "A", ["State"], "a", []), ("b", "B", ["State"], "b", [])], [
        ("a", "b", "investsIn", {**usd, "fact": "f/total", "weight": 10e9, "figure_kind": "flow",
                                 "scope": "country total", "period_start": "2020", "period_end": "2021",
                                 "strength": 5.0, "sources": [("001_x", 1)]}),
        ("a", "b", "investsIn", {**usd, "fact": "f/copper", "weight": 4e9, "figure_kind": "flow", "scope": "sector",
                                 "sectors": ["copper"], "part_of": ["total"], "period_start": "2020",
                                 "period_end": "2021", "strength": 4.6, "sources": [("001_x", 2)]}),
        ("a", "b", "investsIn", {**usd, "fact": "f/later", "weight": 3e9, "figure_kind": "flow",
                                 "scope": "country total", "period_start": "2023", "period_end": "2023",
                                 "strength": 4.5, "sources": [("002_y", 3)]}),
        ("a", "b", "investsIn", {**usd, "fact": "f/stock", "weight": 30e9, "figure_kind": "stock",
                                 "scope": "country total", "as_of_date": "2023-12", "strength": 5.5,
                                 "sources": [("002_y", 4)]}),
        ("a", "b", "leads", {"fact": "f/lead", "sources": [("001_x", 5)]}),
    ])
    hop = influence_paths(G, "A", "B").shortest.iloc[0]
    assert hop["relation"] == "investsIn" and hop["weight"] == 13e9
    assert hop["strength"] == pytest.approx(1 + math.log10(1 + 13_000))
    assert hop["explanation"] == (
        "A invests in B (USD 13 bn in flows = USD 10 bn (2020 to 2021) + USD 3 bn (2023), leaving out USD 4 bn "
        "(part of the USD 10 bn); stock USD 30 bn at 2023-12, not added); also: leads")
    # what it shows, it cites: the two flows added and the stock; the nested figure is named, not cited
    assert hop["sources"] == ["001 ¶1", "002 ¶3", "002 ¶4"]


def test_a_hop_whose_figures_are_approximate_shows_the_range_and_weighs_its_lower_bound():
    # "nearly USD 25 bn" (bounds 22.5 to 25 bn, docs/authoring.md) in 2025 and USD 5 bn in 2020: 27.5-30 bn
    usd = {"measure": "usd", "unit": "USD", "figure_kind": "flow", "scope": "country total"}
    G = graph([("a", "A", ["State"], "a", []), ("b", "B", ["State"], "b", [])], [
        ("a", "b", "investsIn", {**usd, "fact": "f/nearly", "weight": 25e9, "low": 22.5e9, "high": 25e9,
                                 "period_start": "2025", "period_end": "2025", "sources": [("003_z", 20)]}),
        ("a", "b", "investsIn", {**usd, "fact": "f/early", "weight": 5e9, "low": 5e9, "high": 5e9,
                                 "period_start": "2020", "period_end": "2020", "sources": [("004_w", 8)]}),
    ])
    hop = influence_paths(G, "A", "B").shortest.iloc[0]
    assert hop["weight"] == 27.5e9
    assert hop["explanation"] == (
        "A invests in B (USD 27.5–30 bn in flows = USD 5 bn (2020) + USD 22.5–25 bn (2025))")


def test_without_a_directed_path_the_search_ignores_direction_and_says_so():
    r = influence_paths(chain(), "D", "A", k=0)
    assert r.found and not r.directed
    assert "direction" in r.reason
    assert r.shortest["against"].tolist() == [True]
    assert r.shortest["explanation"].tolist() == ["(against the direction: D has as partner A)"]
    assert r.strongest["explanation"].tolist() == [
        "(against the direction: D receives investment from B) (USD 300 m)",
        "(against the direction: B receives investment from A) (USD 12 bn)"]


def test_asking_for_undirected_paths_marks_only_the_hops_against_the_edges():
    G = graph([(n, n, ["Entity"], None, []) for n in "XYZ"],
              [("X", "Y", "leads", {}), ("Z", "Y", "leads", {})])
    r = influence_paths(G, "X", "Z", directed=False)
    assert not r.directed and r.reason is None
    assert r.shortest["against"].tolist() == [False, True]
    assert r.shortest["explanation"].tolist() == ["X leads Y", "(against the direction: Y is led by Z)"]


def test_no_path_at_all_gives_an_empty_result_with_a_reason():
    G = chain()
    G.add_node("E", label="E", type="Entity", types=["Entity"])
    r = influence_paths(G, "A", "E")
    assert not r.found and r.shortest.empty and r.strongest.empty and r.alternatives == []
    assert list(r.shortest.columns) == PATH_COLUMNS
    assert r.reason == "No path links A to E, even ignoring the direction of the edges"
    no_fallback = influence_paths(chain(), "D", "A", fallback=False)
    assert not no_fallback.found and "following the edges' direction" in no_fallback.reason


def test_source_equal_to_target_is_a_path_of_no_hops():
    r = influence_paths(chain(), "B", "b")
    assert r.found and r.shortest.empty and r.strongest.empty
    assert r.reason == "B is both source and target: the path has no hops"


def test_rivalry_is_not_a_path_of_influence_unless_asked_for():
    G = graph([(n, n, ["State", "Actor"], n, []) for n in ("CN", "RU")],
              [("CN", "RU", "competesWith", {}), ("RU", "CN", "competesWith", {})])
    assert not influence_paths(G, "CN", "RU").found
    assert influence_paths(G, "CN", "RU", relations={"competesWith"}).shortest["explanation"].tolist() == [
        "CN competes with RU"]


def test_unknown_names_raise_with_suggestions_and_bad_input_raises_analysis_error():
    with pytest.raises(UnknownEntity) as err:
        influence_paths(graph([("x", "Kazakhstan", ["State"], "x", [])], []), "Kazakstan", "Kazakhstan")
    assert err.value.suggestions == ["Kazakhstan"]
    with pytest.raises(AnalysisError, match="empty"):
        influence_paths(nx.MultiDiGraph(), "A", "B")
    with pytest.raises(AnalysisError, match="k must be"):
        influence_paths(chain(), "A", "D", k=-1)


def test_text_rendering_names_each_hop_and_its_sources():
    text = influence_paths(chain(), "A", "D").to_text()
    assert "Shortest (1 hop, cost 1.00):" in text and "Strongest (2 hops, cost 0.45):" in text
    assert "  1. A invests in B (USD 12 bn) [001 ¶2]" in text


@pytest.mark.parametrize("args, text", [
    ((12e9, "usd", "USD"), "USD 12 bn"),
    ((300e6, "usd", "USD"), "USD 300 m"),
    ((1.2e12, "usd", "USD"), "USD 1.2 tn"),
    ((7.5e9, "usd", None), "USD 7.5 bn"),
    ((0.81, "share", None), "81%"),
    ((3e6, "quantity", "TNE", "yr"), "3 Mt/yr (TNE)"),
    ((4.5, "quantity", "A90"), "4.5 GW (A90)"),
    ((None, "usd", "USD"), ""),
])
def test_figures_read_as_people_write_them(args, text):
    assert format_figure(*args) == text


# ----------------------------------------------------------------------------- competition on hand-built graphs
def nuclear() -> nx.MultiDiGraph:
    """Russia's firm leads plant 1; China's leads plant 2 with the host as partner; a joint China–Russia
    centre; a hydro plant of China in the host's energy group."""
    states = [(n, lab, ["State", "Actor"], n, []) for n, lab in (("kz", "Kazakhstan"), ("ru", "Russia"),
                                                                  ("cn", "China"))]
    others = [("r", "Rosatom", ["Company", "Actor"], "ru", []), ("c", "CNNC", ["Company", "Actor"], "cn", []),
              ("p1", "Plant 1", ["Project"], "kz", ["nuclear energy"]),
              ("p2", "Plant 2", ["Project"], "kz", ["nuclear energy"]),
              ("j", "Joint centre", ["Project"], None, ["education"]),
              ("h", "Dam", ["Project"], "kz", ["hydropower"])]
    return graph(states + others, [
        ("r", "p1", "leads", {"sources": [("003_x", 25)]}),
        ("c", "p2", "leads", {"sources": [("003_x", 22)]}),
        ("kz", "p2", "partnerIn", {"sources": [("003_x", 22)]}),
        ("cn", "j", "partnerIn", {"sources": [("004_x", 12)]}),
        ("ru", "j", "partnerIn", {"sources": [("004_x", 12)]}),
        ("c", "h", "builds", {"sources": [("003_x", 30)]}),
    ])


def test_a_sector_is_contested_when_sides_work_in_projects_of_their_own():
    df = contested_sectors(nuclear())
    assert list(df.columns) == SECTOR_COLUMNS
    assert df.to_dict("records") == [{
        "sector": "nuclear energy", "states": ["China", "Russia"], "n_states": 2,
        "actors": {"China": ["CNNC"], "Russia": ["Rosatom"]}, "projects": ["Plant 1", "Plant 2"],
        "countries": ["Kazakhstan"], "sources": ["003 ¶22", "003 ¶25"]}]


def test_joint_partners_and_the_host_do_not_contest_unless_asked():
    G = nuclear()
    assert "education" not in contested_sectors(G)["sector"].tolist()
    assert contested_sectors(G, joint=True).set_index("sector").loc["education", "states"] == ["China", "Russia"]
    # counted, the host contests nuclear energy with Russia (it partners in plant 2, not in Russia's plant 1)
    with_host = contested_sectors(G, include_host=True).set_index("sector")
    assert with_host.loc["nuclear energy", "states"] == ["China", "Kazakhstan", "Russia"]
    assert with_host.loc["nuclear energy", "actors"]["Kazakhstan"] == ["Kazakhstan"]


def test_broader_sectors_meet_across_sub_sectors_and_country_filters_hosts():
    G = nuclear()
    G.add_node("u", label="Uzbekistan", type="State", types=["State", "Actor"], country="u", sectors=[])
    G.nodes["h"]["country"] = "u"
    energy = contested_sectors(G, broader=True).set_index("sector").loc["energy"]
    assert energy["projects"] == ["Dam", "Plant 1", "Plant 2"] and energy["countries"] == ["Kazakhstan", "Uzbekistan"]
    assert contested_sectors(G, "Uzbekistan").empty
    assert list(contested_sectors(G, "Uzbekistan").columns) == SECTOR_COLUMNS
    with pytest.raises(UnknownEntity):
        contested_sectors(G, "Rosatom")  # not a state


def test_rivalries_list_each_pair_once_with_domains_and_blocs_without_a_state():
    G = graph([("cn", "China", ["State", "Actor"], "cn", []), ("eu", "European Union", ["Actor"], None, []),
               ("ru", "Russia", ["State", "Actor"], "ru", [])], [
        ("cn", "ru", "competesWith", {"domains": ["nuclear energy"], "fact": "f1", "sources": [("003_x", 24)]}),
        ("ru", "cn", "competesWith", {"domains": ["nuclear energy"], "fact": "f1", "sources": [("003_x", 24)]}),
        ("cn", "ru", "competesWith", {"domains": ["trade"], "fact": "f2", "sources": [("001_x", 2)]}),
        ("ru", "cn", "competesWith", {"domains": ["trade"], "fact": "f2", "sources": [("001_x", 2)]}),
        ("eu", "cn", "competesWith", {"domains": ["critical minerals"], "fact": "f3", "sources": [("002_x", 9)]}),
    ])
    df = rivalries(G)
    assert list(df.columns) == RIVALRY_COLUMNS
    assert df[["actor_a", "actor_b", "domains", "facts", "sources"]].values.tolist() == [
        ["China", "Russia", ["nuclear energy", "trade"], 2, ["001 ¶2", "003 ¶24"]],
        ["China", "European Union", ["critical minerals"], 1, ["002 ¶9"]]]
    assert pd.isna(df.iloc[1]["state_b"]) and df.iloc[0]["state_b"] == "Russia"
    assert rivalries(G, "European Union")["actor_a"].tolist() == ["European Union"]


def test_a_graph_without_rivalries_gives_empty_tables_with_the_right_columns():
    G = chain()
    assert rivalries(G).empty and list(rivalries(G).columns) == RIVALRY_COLUMNS
    assert contested_sectors(G).empty
    assert state_pairs(G).empty and list(state_pairs(G).columns) == PAIR_COLUMNS


def test_empty_graph_is_an_analysis_error_for_every_competition_table():
    for f in (rivalries, contested_sectors, state_pairs):
        with pytest.raises(AnalysisError, match="empty"):
            f(nx.MultiDiGraph())


def test_state_pairs_join_contested_sectors_and_stated_rivalries():
    G = nuclear()
    G.add_edge("cn", "ru", relation="competesWith", domains=["nuclear energy"], sources=[("003_x", 24)])
    assert state_pairs(G).to_dict("records") == [{
        "state_a": "China", "state_b": "Russia", "contested_sectors": ["nuclear energy"],
        "rivalry_domains": ["nuclear energy"], "sources": ["003 ¶22", "003 ¶24", "003 ¶25"]}]


# ----------------------------------------------------------------------------- the seed graph
@pytest.fixture(scope="module")
def G(kg):
    from influencegraph.analysis.projection import project
    return project(kg)


def test_seed_nuclear_energy_in_kazakhstan_is_contested_by_china_and_russia(G):
    # 003 ¶22: CNNC leads the third plant, had won the second; ¶25: Rosatom the first, Chinese partners build
    # the second and third.
    row = contested_sectors(G, "Kazakhstan").set_index("sector").loc["nuclear energy"]
    assert row["states"] == ["People's Republic of China", "Russia"]
    assert row["actors"] == {"People's Republic of China": ["China National Nuclear Corporation", "Chinese companies"],
                             "Russia": ["Rosatom"]}
    assert row["projects"] == ["Kazakhstan's first nuclear power plant", "Kazakhstan's second nuclear power plant",
                               "Kazakhstan's third nuclear power plant"]
    assert row["sources"] == ["003 ¶22", "003 ¶25"]


def test_seed_china_and_kazakhstan_co_operate_rather_than_contest_copper(G):
    # 002 ¶12: the Aktogai smelter is a joint Kazakhstan–PRC project; China Non-Ferrous leads it (000 ¶13).
    assert "copper" not in contested_sectors(G, include_host=True)["sector"].tolist()
    assert "copper" in contested_sectors(G, include_host=True, joint=True)["sector"].tolist()


def test_seed_rivalries_name_china_and_russia_in_nuclear_energy_and_china_and_us_in_trade(kg, G):
    df = rivalries(G)
    pair = lambda a, b: df[(df.actor_a == a) & (df.actor_b == b)].iloc[0]
    china_russia = pair("People's Republic of China", "Russia")
    assert "nuclear energy" in china_russia["domains"] and "003 ¶24" in china_russia["sources"]
    assert china_russia["state_b"] == "Russia"
    china_us = pair("People's Republic of China", "United States")
    assert "trade" in china_us["domains"] and "000 ¶3" in china_us["sources"]
    # 002 ¶23: engaging the EU, the US and Japan beside the PRC *would* make investors compete: possible, so only
    # in the network that includes hedged claims.
    assert rivalries(G, "Japan").empty
    japan = rivalries(kg.network(hedged=True), "Japan")
    assert sorted(japan["actor_b"]) == ["European Union", "People's Republic of China", "United States"]
    assert set(japan["domains"].map(tuple)) == {("critical minerals",)}
    assert all("002 ¶23" in s for s in japan["sources"])


def test_seed_path_from_china_to_the_aktogai_smelter_runs_through_china_non_ferrous_metal(G):
    r = influence_paths(G, "People's Republic of China", "Aktogai copper smelter")
    assert r.directed and r.shortest[["relation", "to"]].values.tolist() == [["partnerIn", "Aktogai copper smelter"]]
    assert r.shortest["sources"].tolist() == [["002 ¶12"]]
    via = [p for p in r.paths if "China Non-Ferrous Metal Ltd." in p["to"].tolist()]
    assert len(via) == 1
    assert via[0]["relation"].tolist() == ["owns", "investsIn"]
    assert all("000 ¶13" in sources for sources in via[0]["sources"])
    assert via[0]["explanation"].iloc[1] == (
        "China Non-Ferrous Metal Ltd. invests in Aktogai copper smelter (USD 1.5 bn; copper); also: leads")
    only_firms = influence_paths(G, "China", "Aktogai copper smelter", relations={"owns", "investsIn", "leads"})
    assert only_firms.shortest["to"].tolist() == ["China Non-Ferrous Metal Ltd.", "Aktogai copper smelter"]
    assert only_firms.strongest["to"].tolist() == only_firms.shortest["to"].tolist()


def test_seed_china_to_kazakhstan_weighs_the_flows_the_rule_adds_not_the_stock(G):
    # 004 ¶8: USD 25.3 bn between 2005 and 2023; 000 ¶2 and 003 ¶20: USD 23 bn in the first half of 2025, of which
    # USD 7.5 bn for copper (000 ¶13, 003 ¶20); 004 ¶10: China's total investment in Kazakhstan reached USD 50 bn
    # (a stock, to mid-2025). The rule adds 25.3 + 23 = 48.3 bn, as capital-by-origin does; the stock stands apart.
    hop = influence_paths(G, "People's Republic of China", "Kazakhstan").shortest.iloc[0]
    assert hop["relation"] == "investsIn" and hop["weight"] == pytest.approx(48.3e9)
    assert hop["explanation"].startswith(
        "People's Republic of China invests in Kazakhstan (USD 48.3 bn in flows = USD 25.3 bn (2005 to 2023) + "
        "USD 23 bn (2025-01 to 2025-06), leaving out USD 7.5 bn (part of the USD 23 bn); stock USD 50 bn at "
        "2025-06, not added); also: ")
    assert {"004 ¶8", "000 ¶2", "003 ¶20", "004 ¶10"} <= set(hop["sources"])
    assert "000 ¶13" not in hop["sources"]          # the copper figure is left out, so not cited as added


def test_seed_the_pair_total_and_capital_by_origin_apply_the_same_rule(G, kg):
    from influencegraph.analysis import capital
    from influencegraph.analysis.pair_figures import pair_figures
    china, kz = str(kg.resolve("China")), str(kg.resolve("Kazakhstan"))
    [pair] = [p for p in pair_figures(G, china, kz, G[china][kz].values()) if p.relation == "investsIn"]
    row = capital.by_origin(capital.investments(G, "Kazakhstan")).set_index("origin").loc[
        "People's Republic of China"]
    # the project figures capital-by-origin also reads lie within the two country totals, so both give 48.3 bn
    assert pair.flows.value == row.capital_usd == pytest.approx(48.3e9)
    assert [f.fact for f in pair.flows.counted] == ["china-kazakhstan-investment-2005-2023",
                                                     "china-kazakhstan-investment-h1-2025"]
    assert [(f.fact, f.as_of) for f in pair.stock.counted] == [("china-total-investment-kazakhstan", "2025-06")]
    assert pair.stock.value == row.stock_usd == 50e9


def test_seed_east_hope_invests_usd_12_bn_in_its_complex(G):
    hop = influence_paths(G, "East Hope Group", "East Hope aluminium complex in Kazakhstan").shortest.iloc[0]
    assert hop["explanation"].startswith(
        "East Hope Group invests in East Hope aluminium complex in Kazakhstan (USD 12 bn")
    assert hop["explanation"].endswith("also: leads") and "000 ¶5" in hop["sources"]


def test_seed_rosatom_reaches_cnnc_only_against_the_direction_of_the_edges(G):
    r = influence_paths(G, "Rosatom", "China National Nuclear Corporation")
    assert r.found and not r.directed and "direction" in r.reason
    assert len(r.shortest) == 4 and r.shortest["against"].any()
