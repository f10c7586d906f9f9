"""The reports read as an analyst reads them: no table repeats a row, no cell shows a Python repr or a 0 for an
amount no source states, the counts agree with the named queries, ``--country`` limits every consequence, and
dependency ties read in plain words with the direction right. Expectations are worked out by hand from the seed
texts (each says where it comes from)."""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from influencegraph.analysis.projection import project
from influencegraph.analysis.scenarios import remove
from influencegraph.analysis.ties import tie
from influencegraph.report import build_report
from influencegraph.formatting import cell_text
from influencegraph.stores.cache import invalidate

CHINA = "People's Republic of China"

#: What a Python repr looks like in a cell: a list, dict, tuple or set literal, a quoted item, or a bare
#: nan/None/True/False/NaT/<NA>.
REPR = re.compile(r"""^\s*[\[{].*[\]}]\s*$|^\(.*, .*\)$|\['|'\]|\{'|\{"|': |", '|', '"""
                  r"""|^(nan|NaN|None|True|False|NaT|<NA>)$""")
REPORTS = {
    "dependency": dict(country="Kazakhstan"),
    "scenario-china-in-kazakhstan": dict(remove=[CHINA], country="Kazakhstan"),
    "scenario-russia": dict(remove=["Russia"]),
    "centrality": {},
}


@pytest.fixture(scope="module")
def seed(kg):
    return project(kg)


@pytest.fixture(scope="module")
def rendered(kg):
    """Each report as Markdown. The centrality report writes its scores into the session's graph, as documented;
    they are removed again afterwards so that later tests see the graph as built."""
    from influencegraph.vocab import CENTRALITY_GRAPH
    try:
        yield {name: build_report(kg, name.split("-", 1)[0], **options).to_markdown(charts=False)
               for name, options in REPORTS.items()}
    finally:
        kg.dataset.remove_graph(kg.dataset.graph(CENTRALITY_GRAPH))
        invalidate(kg.dataset)


def tables(markdown: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each Markdown table: (caption or heading before it, column titles, rows of unescaped cell texts)."""
    found, caption, block = [], "", []
    for line in markdown.splitlines() + [""]:
        if line.startswith("| "):
            block.append(line)
            continue
        if block:
            cells = [[re.sub(r"\\(.)", r"\1", c.strip()) for c in re.split(r"(?<!\\)\|", row)[1:-1]]
                     for row in block]
            found.append((caption, cells[0], [r for r in cells[2:] if set(r) != {"–"}]))
            block = []
        if line.startswith(("*", "## ")):
            caption = line.strip("*# ")
    return found


# ---------------------------------------------------------------------------- every report, every cell
@pytest.mark.parametrize("name", list(REPORTS))
def test_no_table_of_a_report_repeats_a_row(rendered, name):
    found = tables(rendered[name])
    assert found
    for caption, _columns, rows in found:
        repeated = [r for r in rows if rows.count(r) > 1]
        assert not repeated, (caption, repeated[:2])


@pytest.mark.parametrize("name", list(REPORTS))
def test_no_cell_shows_a_python_repr_or_a_zero_for_an_unknown_amount(rendered, name):
    for caption, columns, rows in tables(rendered[name]):
        for row in rows:
            for column, cell in zip(columns, row):
                if column == "sources":
                    assert re.fullmatch(r"(\[\^\d+\])*", cell), (caption, cell)
                    continue
                assert not REPR.search(cell), (caption, column, cell)
                assert cell != "USD 0", (caption, column, row)       # the seed states no zero amount
    # and no sentence carries one either
    prose = [line for line in rendered[name].splitlines() if not line.startswith("| ")]
    assert not any(re.search(r"\['|\{'|\bnan\b|\bNone\b|USD 0\b", line) for line in prose)


def test_contested_sectors_name_each_side_and_its_actors_in_words(rendered):
    # 003 ¶22, ¶25: CNNC and Chinese companies (China) and Rosatom (Russia) in Kazakh nuclear energy
    contested = next(rows for caption, _c, rows in tables(rendered["dependency"])
                     if caption == "Contested sectors")
    nuclear = next(r for r in contested if r[0] == "nuclear energy")
    assert f"{CHINA}: China National Nuclear Corporation, Chinese companies; Russia: Rosatom" in nuclear


def test_every_hhi_shown_says_it_is_a_share_of_listed_capital_only(rendered):
    text = rendered["dependency"]
    hhi_lines = [line for line in text.splitlines() if "HHI" in line and not line.startswith("| ")]
    assert hhi_lines
    for line in hhi_lines:
        assert re.search(r"sources list(,| only)", line) and "not of all foreign investment" in line \
            or line.startswith("*Concentration per sector") and "sources list only" in line, line
    for caption, columns, _rows in tables(text):            # and every table of shares of capital
        if "HHI" in columns or "share of sector" in columns or {"share", "capital"} <= set(columns):
            assert "sources list only" in caption, caption


def test_exposure_tells_no_capital_listed_from_an_amount_unknown(rendered):
    exposure = {(r[0], r[1]): r for _c, cols, rows in tables(rendered["dependency"]) if "projects led" in cols
                for r in rows}
    # Russia: no investment in Kazakh copper is stated, only the 81% import share (002 ¶19)
    assert exposure[("copper", "Russia")][2:4] == ["none listed", "0"]
    # China invests in Kazakh critical minerals (002 ¶11) but no source gives the amount
    assert exposure[("critical minerals", CHINA)][2:4] == ["unknown", "1"]
    assert exposure[("copper", CHINA)][2] == "USD 7.5 bn"                    # 000 ¶13


# ---------------------------------------------------------------------------- counts agree
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_report_the_query_and_capital_by_origin_count_the_same_investments(kg, engine):
    # Stated as fact only: 000 ¶11 (Chinese firms "may" gain upstream control), 000 ¶25 (firms "are exploring"
    # lithium; the trend "is unlikely to slow") are possible or expected, not investments made: 20 facts remain.
    profile = kg.dependency("Kazakhstan", scenarios=False)
    listed = set(profile.investments["fact"])
    answer = kg.query("investments-in-country", host="Kazakhstan", engine=engine)
    queried = {str(f).rsplit("/", 1)[-1].removeprefix("fact:") for f in answer["fact"]}
    by_origin = kg.query("capital-by-origin", host="Kazakhstan", engine=engine).set_index("origin_state")
    assert queried == listed and len(listed) == 20
    assert int(by_origin.loc[CHINA, "investments"]) == int(profile.capital_by_origin.set_index("origin").loc[
        CHINA, "investments"]) == 20
    assert not {"chinese-lithium-exploration-kazakhstan", "china-kazakhstan-investment-outlook",
                "chinese-companies-kazakhstan-upstream-aluminium"} & queried
    assert "Every investment and commitment stated as fact: 20," in profile.report().to_markdown(charts=False)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_host_without_investments_gets_no_rows_from_either_engine(kg, engine):
    # No source states an investment in Turkmenistan; rdflib once answered with every labelled entity
    assert kg.query("investments-in-country", host="Turkmenistan", engine=engine).empty


# ---------------------------------------------------------------------------- scenarios: --country, direction
def test_country_limits_the_cascade_to_the_host_and_its_actors(seed):
    # 003 ¶24: Russia supplies most of the imported arms of Kazakhstan *and Uzbekistan*; with Kazakhstan as host,
    # only Kazakhstan's ties remain, and round 2 (China depending on Kazakhstan, 000 ¶25) is not Kazakh
    s = remove(seed, state="Russia", country="Kazakhstan")
    assert set(s.cascade["actor"]) == {"Kazakhstan"} and set(s.cascade["round"]) == {1}
    assert s.summary["cascade_actors"] == 1 and len(s.cascade) == 3   # three facts, each restated once (below)
    uz = remove(seed, state="Russia", country="Uzbekistan")
    assert uz.cascade["tie"].tolist() == ["Uzbekistan is supplied arms by Russia — also read as: Uzbekistan "
                                          "depends on Russia for arms (security and defence)"]
    assert all(src == ["003 ¶24"] for src in uz.cascade["sources"])
    # China leaving Kazakhstan: "the five Central Asian states" (a group with no country) are not Kazakhstan
    cn = remove(seed, state="China", country="Kazakhstan")
    assert set(cn.cascade["actor"]) == {"Kazakhstan"}
    assert "the five Central Asian states" in set(remove(seed, state="China").cascade["actor"])


def test_country_keeps_a_later_round_reached_through_another_country():
    G = nx.MultiDiGraph(relation_labels={})
    for n, lab, types, country in [("r", "R", ["Actor", "State"], "r"), ("a", "A", ["Actor", "State"], "a"),
                                   ("k", "K", ["Actor", "State"], "k")]:
        G.add_node(n, label=lab, type=types[-1], types=types, country=country, sectors=[])
    G.add_edge("a", "r", relation="dependsOn", domains=["gas"], sources=[("001_t", 1)])
    G.add_edge("a", "k", relation="supplies", commodities=["steel"], sources=[("001_t", 2)])
    s = remove(G, actors="R", country="K")
    assert s.cascade[["round", "actor", "on", "tie"]].values.tolist() == [[2, "K", "A", "K is supplied steel by A"]]


def test_cascade_rows_read_in_plain_words_with_the_direction_of_the_source(seed):
    s = remove(seed, state="Russia", country="Kazakhstan")
    ties = dict(zip(s.cascade["tie"], s.cascade["sources"]))
    # each fact once, the trade or supply the source measures first, the dependence read from it beside it
    assert ties == {
        # 003 ¶24: Moscow supplies "most of both countries' imported arms"; we read that as dependence
        "Kazakhstan is supplied arms by Russia — also read as: Kazakhstan depends on Russia for arms (security and "
        "defence)": ["003 ¶24"],
        # 003 ¶22: atomic energy "traditionally ... provided by Russia"
        "Kazakhstan is supplied atomic energy by Russia — also read as: Kazakhstan depends on Russia for atomic "
        "energy (nuclear energy)": ["003 ¶22"],
        # 002 ¶19: "dependence on Russian refined copper, as the country imported 81 percent of its refined copper
        # from Russia in 2023"
        "Kazakhstan imports 81% of its refined copper from Russia — also read as: Kazakhstan depends on Russia for "
        "81% of its refined copper": ["002 ¶19"],
    }


def test_the_scenario_report_states_the_ties_not_the_reverse(rendered):
    text = rendered["scenario-russia"]
    assert "| 1 | Kazakhstan is supplied arms by Russia — also read as: Kazakhstan depends on Russia for arms" in text
    assert "Russia is supplied arms" not in text and "Russia depends on Kazakhstan" not in text
    # round 2 runs the other way: Kazakhstan supplies China (000 ¶25 and others), and says so
    assert "People's Republic of China is supplied copper by Kazakhstan" in text
    summary = next(line for line in text.splitlines() if line.startswith("- Who depends on them:"))
    assert "Kazakhstan imports 81% of its refined copper from Russia" in summary


@pytest.mark.parametrize("relation, edge, expected", [
    ("supplies", ("ru", "kz"), "Kazakhstan is supplied arms by Russia"),
    ("dependsOn", ("kz", "ru"), "Kazakhstan depends on Russia for arms"),
    ("importsFrom", ("kz", "ru"), "Kazakhstan imports arms from Russia"),
    ("exportsTo", ("ru", "kz"), "Russia exports arms to Kazakhstan"),
])
def test_each_relation_reads_from_the_dependant_whichever_way_its_edge_points(relation, edge, expected):
    G = nx.MultiDiGraph(relation_labels={})
    for n, lab in (("ru", "Russia"), ("kz", "Kazakhstan")):
        G.add_node(n, label=lab, type="State", types=["Actor", "State"], country=n, sectors=[])
    G.add_edge(*edge, relation=relation, commodities=["arms"], sources=[("003_t", 24)])
    s = remove(G, actors="Russia")
    assert s.cascade[["actor", "on", "tie"]].values.tolist() == [["Kazakhstan", "Russia", expected]]


def test_groups_take_plural_verbs():
    assert tie("Chinese companies", "the five Central Asian states", "supplies", ["aluminium", "copper"],
               plural=(True, True)) == ("Chinese companies are supplied aluminium and copper by the five Central "
                                        "Asian states")
    assert tie("the five Central Asian states", "China", "dependsOn", ["economic development"],
               plural=(True, False)) == "the five Central Asian states depend on China for economic development"


# ---------------------------------------------------------------------------- the cell formatter
@pytest.mark.parametrize("column, value, expected", [
    ("actors", {CHINA: ["CNNC", "Chinese companies"], "Russia": ["Rosatom"]},
     f"{CHINA}: CNNC, Chinese companies; Russia: Rosatom"),
    ("lost", ["Rosatom", "CNNC"], "Rosatom; CNNC"),
    ("pair", ("003 ¶22", 25), "003 ¶22, 25"),
    ("nested", [["a", "b"], ("c", 1)], "a, b; c, 1"),
    ("names", np.array(["x", "y"]), "x; y"),
    ("names", {"b", "a"}, "a; b"),
    ("lost", [], "–"),
    ("usd", float("nan"), "unknown"),
    ("amount_usd", pd.NA, "unknown"),
    ("amount_usd", None, "unknown"),
    ("value", None, "–"),
    ("value", pd.NA, "–"),
    ("stated", True, "yes"),
    ("stated", np.bool_(False), "no"),
    ("projects", np.int64(3), "3"),
    ("capital_usd", "none listed", "none listed"),
    ("usd", 0.0, "USD 0"),                            # a stated zero stays a zero
])
def test_a_cell_reads_as_text_never_as_a_repr(column, value, expected):
    assert cell_text(column, value) == expected
    assert not REPR.search(expected) or expected == "–"


def test_unknown_usd_inside_a_list_reads_unknown():
    assert cell_text("usd", [12e9, math.nan]) == "USD 12 bn; unknown"


def test_capital_at_risk_names_the_projects_that_state_no_amount(rendered):
    # East Hope 12 bn (000 ¶5) + coal gasification 2 bn (004 ¶11) + Aktogai 1.5 bn (000 ¶13) + Bukuta 0.3 bn
    # (003 ¶22) = 15.8 bn; the Trans-Caspian route (004 ¶5) states no amount, so the sum is a lower bound
    line = next(x for x in rendered["scenario-china-in-kazakhstan"].splitlines() if x.startswith("- Capital at risk"))
    assert line.startswith("- Capital at risk: at least USD 15.8 bn stated for 4 project figure(s); 1 more "
                           "(Trans-Caspian International Transport Route) states no amount")


def test_capital_at_risk_with_no_stated_amount_reads_unknown_not_zero():
    from influencegraph.report.builders import _scenario_lines
    G = nx.MultiDiGraph(relation_labels={})
    G.add_node("a", label="A", type="Company", types=["Actor", "Company"], country=None, sectors=[])
    G.add_node("p", label="P", type="Mine", types=["Project"], country="kz", sectors=[])
    G.add_edge("a", "p", relation="investsIn", sources=[("001_t", 1)])
    lines = [text for text, _s in _scenario_lines(remove(G, actors="A"))]
    assert "Capital at risk: unknown; no source states an amount for the 1 project figure(s)." in lines
    assert not any("USD 0" in text for text in lines)


def test_a_scenario_limited_to_a_country_says_so_in_its_title(rendered):
    assert rendered["scenario-china-in-kazakhstan"].startswith(
        f"# What if {CHINA} left: the consequences for Kazakhstan\n")
    assert rendered["scenario-russia"].startswith("# What if Russia left\n")


def test_supply_rows_read_in_words_with_the_direction_of_the_source(rendered):
    rows = {r[0]: r for caption, _c, rows in tables(rendered["dependency"])
            if caption.startswith("Imports, supplies") for r in rows}
    # 002 ¶21: "the PRC already the primary buyer of Kazakhstan's raw materials": Kazakhstan exports, China buys
    assert "Kazakhstan exports raw materials to People's Republic of China" in rows
    assert not any(text.startswith(f"{CHINA} exports") for text in rows)
    # 003 ¶24 and 002 ¶19, as in the cascade
    assert rows["Kazakhstan is supplied arms by Russia"][1:3] == ["supply", "Russia"]
    assert rows["Kazakhstan imports 81% of its refined copper from Russia"][1] == "import"
    summary = rendered["dependency"].split("## Summary", 1)[1].split("\n## ", 1)[0]
    assert "- Kazakhstan imports 81% of its refined copper from Russia (2023)." in summary
