"""Single points of failure and what-if scenarios: figures read off the seed graph by hand, hand-built graphs for
dominators and articulation points, and the degenerate cases."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from influencegraph.analysis.failure import articulation_points, dominators, single_points_of_failure, support_graph
from influencegraph.analysis.projection import project
from influencegraph.analysis.scenarios import Scenario, remove
from influencegraph.errors import AnalysisError, UnknownEntity

FIRST = "Kazakhstan's first nuclear power plant"
SECOND = "Kazakhstan's second nuclear power plant"
THIRD = "Kazakhstan's third nuclear power plant"
EAST_HOPE = "East Hope aluminium complex in Kazakhstan"
AKTOGAI = "Aktogai copper smelter"
CHINA = "People's Republic of China"


@pytest.fixture(scope="module")
def seed(kg):
    return project(kg)


def graph(nodes, edges):
    """A projection-like multigraph: nodes ``(id, label, types, country)``, edges ``(u, v, relation, attrs)``."""
    G = nx.MultiDiGraph(relation_labels={})
    for n, lab, types, country in nodes:
        G.add_node(n, label=lab, type=types[-1], types=types, country=country, sectors=[])
    for u, v, relation, *attrs in edges:
        G.add_edge(u, v, relation=relation, sources=[("001_t", 1)], **(attrs[0] if attrs else {}))
    return G


STATE, FIRM, PROJECT = ["Actor", "State"], ["Actor", "Company"], ["Project"]


def rows(df, *columns):
    return sorted(tuple(r) for r in df[list(columns)].itertuples(index=False))


# ----------------------------------------------------------------------------- the seed graph
def test_removing_rosatom_leaves_exactly_the_first_nuclear_plant_without_a_lead(seed):
    s = remove(seed, actors="Rosatom")
    assert isinstance(s, Scenario)
    assert rows(s.projects_losing_lead, "project", "status") == [(FIRST, "lost")]
    row = s.projects_losing_lead.iloc[0]
    assert row["lost"] == ["Rosatom"] and row["remaining"] == [] and row["sources"] == ["003 ¶25"]
    # Rosatom finances nothing, produces nothing, nobody depends on it; CNNC still partners in nuclear energy
    for table in ("projects_losing_finance", "capital_at_risk", "capacity_at_risk", "sectors_without_partner",
                  "cascade"):
        assert getattr(s, table).empty, table
    assert s.summary["projects_losing_lead"] == 1 and s.summary["capital_at_risk_usd"] == 0


def test_removing_every_russian_actor_cascades_to_kazakhstans_dependencies_on_russia(seed):
    s = remove(seed, state="Russia")
    # "Russian energy companies" appear only where 003 ¶25 says they face the risk of sanctions: possible, not stated
    assert sorted(s.removed["actor"]) == ["Rosatom", "Russia"]
    assert rows(s.projects_losing_lead, "project", "status") == [(FIRST, "lost")]
    first = s.cascade[s.cascade["round"] == 1]
    kz = first[first["actor"] == "Kazakhstan"]
    assert all(kz["on"] == "Russia")
    # one row per fact: the import or supply each paragraph states, with the dependence read from it beside it
    found = {(r.relation, r.what): r.sources for r in kz.itertuples()}
    assert found == {("importsFrom", "refined copper"): ["002 ¶19"], ("supplies", "atomic energy"): ["003 ¶22"],
                     ("supplies", "arms"): ["003 ¶24"]}
    assert kz.set_index("what").loc["refined copper", "share"] == 0.81
    assert set(first["actor"]) == {"Kazakhstan", "Uzbekistan"}
    # round 2: China depends on Kazakhstan for metals and mining (000 ¶25) and is supplied by it
    assert "Kazakhstan" in set(s.cascade.loc[(s.cascade["round"] == 2) & (s.cascade["actor"] == CHINA), "on"])
    assert set(remove(seed, state="Russia", rounds=1).cascade["round"]) == {1}
    assert s.sectors_without_partner.empty  # CNNC and Chinese companies still lead/build nuclear plants 2 and 3


def test_removing_chinas_actors_takes_the_lead_of_its_flagship_projects(seed):
    s = remove(seed, state="China")
    lost = set(s.projects_losing_lead.loc[s.projects_losing_lead["status"] == "lost", "project"])
    assert lost == {EAST_HOPE, AKTOGAI, SECOND, THIRD, "China Energy power plant in Turkistan Region",
                    "Chinese projects to use Kazakh tungsten resources"}
    assert FIRST not in set(s.projects_losing_lead["project"])
    second = s.projects_losing_lead.set_index("project").loc[SECOND]
    assert second["lost"] == ["China National Nuclear Corporation", "Chinese companies"]
    assert second["sources"] == ["003 ¶22", "003 ¶25"]
    assert s.projects_losing_lead.set_index("project").loc[EAST_HOPE, "facilities"] == [
        "East Hope aluminium electrolysis plant", "East Hope bauxite and coal deposits (Kostanay and Aktobe)",
        "East Hope coal-fired power station", "East Hope industrial park", "East Hope mining and processing plant"]
    finance = set(s.projects_losing_finance.loc[s.projects_losing_finance["status"] == "lost", "project"])
    # 000 ¶25: Chinese firms only explore lithium investments (possible, not stated), so it is not financed
    assert finance == {EAST_HOPE, AKTOGAI, "Bukuta tungsten mine", "Coal gasification plant in Almaty",
                       "Trans-Caspian International Transport Route", "China Energy power plant in Turkistan Region"}
    # state-owned and owned-abroad: the AIIB is recorded as owned by China (003 ¶13)
    aiib = s.removed.set_index("actor").loc["Asian Infrastructure Investment Bank"]
    assert aiib["reason"] == f"owned by {CHINA}" and aiib["sources"] == ["003 ¶13"]


def test_capital_at_risk_adds_the_project_figures_of_chinas_actors(seed):
    s = remove(seed, state="China")
    project_level = s.capital_at_risk[s.capital_at_risk["level"] == "project"]
    by_target = dict(zip(project_level["target"], project_level["usd"]))
    # East Hope USD 12 bn (000 ¶5) + coal gasification plant USD 2 bn (004 ¶11, by the PRC itself)
    # + Aktogai smelter USD 1.5 bn (000 ¶13) + Bukuta mine USD 0.3 bn (003 ¶22); the Trans-Caspian route (004 ¶5)
    # states no amount: unknown, never 0. Totals into Kazakhstan (USD 25.3 bn, 50 bn ...) and the Belt and Road are
    # not project figures and are not added.
    assert math.isnan(by_target.pop("Trans-Caspian International Transport Route"))
    assert by_target == {EAST_HOPE: 12e9, "Coal gasification plant in Almaty": 2e9, AKTOGAI: 1.5e9,
                         "Bukuta tungsten mine": 0.3e9}
    assert s.summary["capital_at_risk_usd"] == pytest.approx(12e9 + 2e9 + 1.5e9 + 0.3e9)
    assert "000 ¶5" in project_level.set_index("target").loc[EAST_HOPE, "sources"]
    assert {"sector", "total"} <= set(s.capital_at_risk["level"])


def test_capacity_at_risk_lists_the_east_hope_facilities_and_the_aktogai_smelter(kg, seed):
    # Every capacity is one the texts say a plant *will* have (000 ¶5, 002 ¶13): planned, so only with hedged=True
    assert remove(seed, state="China").capacity_at_risk.dropna(subset=["value"]).empty
    s = remove(kg.network(hedged=True), state="China")
    cap = s.capacity_at_risk
    quantities = {(r.facility, r.commodity): (r.value, r.unit_name, r.sources)
                  for r in cap.dropna(subset=["value"]).itertuples()}
    assert quantities == {
        ("East Hope aluminium electrolysis plant", "aluminium"): (3_000_000.0, "t/yr", ["000 ¶5"]),
        ("East Hope coal-fired power station", "electricity"): (4.5, "GW", ["000 ¶5"]),
        ("East Hope mining and processing plant", "raw materials"): (6_000_000.0, "t/yr", ["000 ¶5"]),
        (AKTOGAI, "copper"): (300_000.0, "t/yr", ["002 ¶13"]),
    }
    assert s.summary["capacity_at_risk"] == {"GW": 4.5, "t/yr": 3_000_000 + 6_000_000 + 300_000}
    # the Bukuta grade (0.1, a share) is not a capacity: listed without a value
    bukuta = cap[cap["project"] == "Bukuta tungsten mine"]
    assert list(bukuta["commodity"]) == ["tungsten concentrate"] and bukuta["value"].isna().all()


def test_sectors_left_without_a_foreign_partner_when_china_leaves_kazakhstan(seed):
    s = remove(seed, state="China", country="Kazakhstan")
    # lithium (000 ¶25: exploring) and hydrogen (003 ¶17: will collaborate) are not stated ties
    assert set(s.sectors_without_partner["sector"]) == {
        "aluminium", "copper", "non-ferrous metals", "oil, gas and fossil fuels", "transport and logistics",
        "tungsten"}
    assert set(s.sectors_without_partner["host_country"]) == {"Kazakhstan"}
    tungsten = s.sectors_without_partner.set_index("sector").loc["tungsten"]
    assert tungsten["projects"] == ["Bukuta tungsten mine", "Tungsten production plant in Almaty Region"]
    assert all(s.sectors_without_partner["sources"].map(len) > 0)


def test_host_country_narrows_projects_capital_and_capacity(seed):
    s = remove(seed, state="China", country="Kazakhstan")
    assert set(s.capital_at_risk["target_country"]) == {"Kazakhstan"}
    assert s.summary["capital_at_risk_usd"] == pytest.approx(15.8e9)
    none = remove(seed, state="China", country="Uzbekistan")
    assert none.projects_losing_lead.empty and none.capacity_at_risk.empty
    assert len(none.removed) == len(s.removed)  # who is removed does not depend on the host


def test_every_scenario_row_cites_sources(seed):
    s = remove(seed, state="China")
    for name, table in s.tables().items():
        if name != "removed":
            assert all(len(cell) > 0 for cell in table["sources"]), name


def test_seed_single_points_of_failure_of_the_nuclear_plants(seed):
    spof = single_points_of_failure(seed, country="Kazakhstan")
    lead = spof[spof["kind"] == "leadership"]
    first = lead[lead["project"] == FIRST]
    assert list(first["actor"]) == ["Russia", "Rosatom"]
    assert first["via"].iloc[0] == f"Russia → Rosatom → {FIRST}"
    assert all(cell == ["003 ¶25"] for cell in first["sources"])
    # CNNC leads and Chinese companies build: neither alone is a single point of failure, China is
    assert list(lead.loc[lead["project"] == SECOND, "actor"]) == [CHINA]
    east_hope = spof[(spof["project"] == EAST_HOPE) & (spof["kind"] == "finance")]
    assert list(east_hope["actor"]) == [CHINA, "East Hope Group"]
    power = spof[spof["project"] == "East Hope coal-fired power station"]
    assert set(power["actor"]) == {CHINA, "East Hope Group"}


def test_seed_articulation_points_include_rosatom_cutting_off_the_first_plant(seed):
    ap = articulation_points(seed).set_index("actor")
    assert ap.loc["Rosatom", "projects_cut_off"] == [FIRST]
    assert ap.loc["Rosatom", "sources"] == ["003 ¶25"]
    assert ap.loc["Jiangxi Copper Group", "projects_cut_off"] == ["Bukuta tungsten mine"]


# ----------------------------------------------------------------------------- hand-built graphs
def test_dominators_of_a_diamond_dag_are_the_shared_ancestors_only():
    S = nx.DiGraph([("s", "a"), ("s", "b"), ("a", "p"), ("b", "p"), ("a", "q"), ("p", "f")])
    dom = dominators(S)
    assert dom["p"] == ["s"]
    assert dom["q"] == ["a", "s"]
    assert dom["f"] == ["p", "s"]
    assert dominators(nx.DiGraph()) == {}


def test_mutual_owners_with_no_outside_supporter_are_both_reachable_and_neither_dominates_the_other():
    G = graph([("a", "A", FIRM, None), ("b", "B", FIRM, None), ("p", "P", PROJECT, "kz")],
              [("a", "b", "owns"), ("b", "a", "owns"), ("a", "p", "leads")])
    assert dominators(support_graph(G))["p"] == ["a"]
    assert list(single_points_of_failure(G)["actor"]) == ["A"]


def test_project_with_leaders_from_two_states_has_no_single_point_of_failure():
    G = graph([("ru", "Russia", STATE, "ru"), ("cn", "China", STATE, "cn"), ("r", "Rosatom", FIRM, "ru"),
               ("c", "CNNC", FIRM, "cn"), ("p", "Plant", PROJECT, "kz")],
              [("r", "p", "leads"), ("c", "p", "builds")])
    assert single_points_of_failure(G).empty
    s = remove(G, actors="Rosatom")
    row = s.projects_losing_lead.iloc[0]
    assert (row["status"], row["lost"], row["remaining"]) == ("kept", ["Rosatom"], ["CNNC"])
    assert s.summary["projects_losing_lead"] == 0 and s.summary["projects_keeping_lead"] == 1
    assert s.capacity_at_risk.empty


def test_disconnected_graph_reports_each_part_on_its_own():
    G = graph([("x", "X", FIRM, None), ("p", "P", PROJECT, "kz"), ("y", "Y", FIRM, None), ("q", "Q", PROJECT, "uz"),
               ("z", "Z", FIRM, None)],
              [("x", "p", "leads"), ("y", "q", "investsIn")])
    spof = single_points_of_failure(G)
    assert rows(spof, "actor", "project", "kind") == [("X", "P", "leadership"), ("Y", "Q", "finance")]
    assert articulation_points(G).empty  # two-node pieces: removing either end splits nothing
    G.add_node("uz", label="Uzbekistan", type="State", types=STATE, country="uz", sectors=[])
    assert single_points_of_failure(G, country="Uzbekistan")["project"].tolist() == ["Q"]


def test_articulation_point_in_a_chain_cuts_off_the_far_end():
    G = graph([("a", "A", FIRM, None), ("b", "B", FIRM, None), ("p", "P", PROJECT, None)],
              [("a", "b", "dependsOn"), ("b", "p", "finances")])
    ap = articulation_points(G)
    assert ap["actor"].tolist() == ["B"]
    assert ap.iloc[0]["pieces"] == 2 and ap.iloc[0]["sources"] == ["001 ¶1"]


def test_missing_amounts_are_unknown_and_zero_is_zero_but_both_are_a_lost_role():
    G = graph([("a", "A", FIRM, None), ("b", "B", FIRM, None), ("p", "P", PROJECT, "kz"),
               ("c", "copper", ["Commodity"], None)],
              [("a", "p", "investsIn", {"weight": None, "measure": None}),
               ("b", "p", "finances", {"weight": 0.0, "measure": "usd", "unit": "USD"}),
               ("p", "c", "produces", {"weight": 5.0, "measure": "quantity", "unit": "KTN"})])
    s = remove(G, actors=["A", "B"])
    row = s.projects_losing_finance.iloc[0]
    assert (row["status"], row["usd"]) == ("lost", 0.0)
    at_risk = s.capital_at_risk.set_index("actor")
    assert math.isnan(at_risk.loc["A", "usd"]) and not at_risk.loc["A", "stated"]     # unknown, never 0
    assert at_risk.loc["B", "usd"] == 0.0 and at_risk.loc["B", "stated"]             # a stated zero
    assert s.summary["capital_at_risk_usd"] == 0.0
    assert s.capacity_at_risk[["value", "unit_name"]].values.tolist() == [[5.0, "kt/yr"]]


def test_state_removal_takes_what_its_actors_own_and_facilities_share_their_project_fate():
    G = graph([("cn", "China", STATE, "cn"), ("f", "Firm", FIRM, "cn"), ("h", "HK Arm", FIRM, None),
               ("p", "Complex", PROJECT, "kz"), ("q", "Smelter", PROJECT, "kz"), ("r", "Furnace", PROJECT, "kz"),
               ("al", "aluminium", ["Commodity"], None)],
              [("f", "h", "owns"), ("h", "p", "leads"), ("q", "p", "locatedIn"), ("r", "q", "locatedIn"),
               ("r", "al", "produces", {"weight": 2.0, "measure": "quantity", "unit": "A90"})])
    s = remove(G, state="China")
    assert dict(zip(s.removed["actor"], s.removed["reason"])) == {
        "China": "named", "Firm": "actor of China", "HK Arm": "owned by Firm"}
    assert s.projects_losing_lead.iloc[0]["facilities"] == ["Furnace", "Smelter"]
    assert s.capacity_at_risk[["facility", "value", "unit_name"]].values.tolist() == [["Furnace", 2.0, "GW"]]
    assert set(single_points_of_failure(G)["actor"]) == {"China", "Firm", "HK Arm"}


def test_the_russia_scenario_cites_002_paragraph_19_once_for_the_one_fact_it_states(seed):
    # 002 ¶19: "reducing Kazakhstan's dependence on Russian refined copper, as the country imported 81 percent of
    # its refined copper from Russia in 2023": the graph holds an import and a dependency claim; the scenario
    # counts the fact once, in one row that cites the paragraph once
    s = remove(seed, state="Russia", country="Kazakhstan")
    rows_19 = s.cascade[s.cascade["sources"].map(lambda c: "002 ¶19" in c)]
    assert len(rows_19) == 1 and rows_19.iloc[0]["sources"] == ["002 ¶19"]
    assert rows_19.iloc[0]["tie"] == ("Kazakhstan imports 81% of its refined copper from Russia — also read as: "
                                      "Kazakhstan depends on Russia for 81% of its refined copper")
    assert not s.cascade["tie"].duplicated().any()


def test_ties_of_one_pair_in_different_paragraphs_or_with_different_shares_stay_apart():
    G = nx.MultiDiGraph(relation_labels={})
    for n, lab in (("r", "R"), ("k", "K")):
        G.add_node(n, label=lab, type="State", types=["Actor", "State"], country=n, sectors=[])
    G.add_edge("k", "r", relation="importsFrom", commodities=["gas"], weight=0.5, measure="share",
               sources=[("001_t", 1)])
    G.add_edge("k", "r", relation="dependsOn", purposes=["gas"], weight=0.5, measure="share", sources=[("001_t", 2)])
    G.add_edge("k", "r", relation="dependsOn", purposes=["gas"], weight=0.4, measure="share", sources=[("001_t", 1)])
    assert sorted(remove(G, actors="R").cascade["tie"]) == [
        "K depends on R for 40% of its gas", "K depends on R for 50% of its gas", "K imports 50% of its gas from R"]
    G.add_edge("k", "r", relation="dependsOn", purposes=["gas"], weight=0.5, measure="share", sources=[("001_t", 1)])
    assert "K imports 50% of its gas from R — also read as: K depends on R for 50% of its gas" in set(
        remove(G, actors="R").cascade["tie"])


def test_cascade_runs_round_by_round_along_dependencies_and_supplies():
    G = graph([("r", "R", FIRM, None), ("a", "A", FIRM, None), ("b", "B", FIRM, None), ("c", "C", FIRM, None)],
              [("a", "r", "dependsOn", {"weight": 0.5, "measure": "share", "domains": ["gas"]}),
               ("a", "b", "supplies", {"commodities": ["steel"]}), ("c", "c", "dependsOn")])
    s = remove(G, actors="R")
    assert rows(s.cascade, "round", "actor", "on", "what") == [(1, "A", "R", "gas"), (2, "B", "A", "steel")]
    assert s.cascade.iloc[0]["share"] == 0.5
    assert s.summary["cascade_rounds"] == 2 and s.summary["cascade_actors"] == 2
    assert rows(remove(G, actors="R", rounds=1).cascade, "actor") == [("A",)]


def test_removing_an_actor_with_no_edges_gives_empty_tables():
    G = graph([("a", "Idle", FIRM, None), ("p", "P", PROJECT, "kz"), ("b", "B", FIRM, None)], [("b", "p", "leads")])
    s = remove(G, actors="Idle")
    assert s.removed["actor"].tolist() == ["Idle"]
    assert all(t.empty for name, t in s.tables().items() if name != "removed")
    assert s.summary["capacity_at_risk"] == {} and s.summary["cascade_rounds"] == 0


# ----------------------------------------------------------------------------- errors
def test_unknown_actor_or_state_is_reported_with_suggestions(seed):
    with pytest.raises(UnknownEntity) as err:
        remove(seed, actors="Rosatomm")
    assert "Rosatom" in err.value.suggestions
    with pytest.raises(UnknownEntity):
        remove(seed, state="Rusia")
    with pytest.raises(UnknownEntity):
        remove(seed, state="Rosatom")  # an actor, not a state
    with pytest.raises(UnknownEntity):
        remove(seed, actors=FIRST)  # a project, not an actor
    with pytest.raises(UnknownEntity):
        single_points_of_failure(seed, country="Atlantis")


def test_empty_graph_or_nothing_to_remove_is_an_analysis_error():
    empty = nx.MultiDiGraph()
    for call in (lambda: remove(empty, actors="x"), lambda: single_points_of_failure(empty),
                 lambda: articulation_points(empty)):
        with pytest.raises(AnalysisError, match="empty"):
            call()
    G = graph([("a", "A", FIRM, None)], [])
    with pytest.raises(AnalysisError, match="name the actors"):
        remove(G)
    with pytest.raises(ValueError, match="kind"):
        support_graph(G, "ownership")
