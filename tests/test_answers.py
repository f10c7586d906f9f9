"""The build CLI's answers (``influencegraph.answers``): plain data from the knowledge graph, as the README shows
them, and the text the commands print, worked out by hand for small inputs."""

from __future__ import annotations

import json
import types

from influencegraph import answers


def test_stats_counts_the_claims_facts_and_conflicts_the_readme_shows(kg):
    s = answers.stats(kg)

    assert (s["claims"], s["corroborated_facts"], s["conflicts"]) == (498, 45, 2)
    assert s["claims_by_source"] == {"000_6032362c1ef78876": 78, "001_1934a28f8420a50d": 83,
                                     "002_329a89700164a7a5": 95, "003_d4edeb8749594e57": 181,
                                     "004_f1b59b521610a100": 61}
    assert s["entities"] == 219 and len(s["claims_by_source"]) == 5
    assert sum(s["claims_by_kind"].values()) == 498
    assert json.loads(json.dumps(s)) == s                      # plain data
    assert kg.stats() == s                                      # the facade's method is the same answer


def test_conflicts_set_each_sources_value_and_paragraphs_side_by_side(kg):
    summit = next(c for c in answers.conflicts(kg) if c["fact"] == "ca-summit-2025-agreements")

    assert (summit["property"], summit["kind"], summit["spread"], summit["unit"]) == ("party", "party", None, None)
    assert [(p["source"][:3], p["paragraphs"], p["value"]) for p in summit["positions"]] == [
        ("003", [6, 16], "Kazakhstan; Kyrgyzstan; People's Republic of China; Tajikistan; Turkmenistan; Uzbekistan"),
        ("004", [10], "Kazakhstan; People's Republic of China")]


def test_differences_list_a_projects_statuses_as_a_dated_timeline(kg):
    smelter = next(d for d in answers.differences(kg) if d["fact"] == "aktogay-smelter-status")

    assert smelter["reason"] == "successive lifecycle stages"
    assert [(p["source"][:3], p["value"], p["dates"]) for p in smelter["positions"]] == [
        ("000", "planned", []), ("002", "agreed", ["2024-06"]), ("003", "agreed", ["2024-06"])]


def test_sources_name_the_entity_and_group_its_claims_by_source(kg):
    r = answers.sources(kg, "Jiangxi Copper")

    assert (r["label"], r["mentioned_by"], list(r["by_source"])) == (
        "Jiangxi Copper Group", ["003_d4edeb8749594e57"], ["003_d4edeb8749594e57"])
    rows = r["by_source"]["003_d4edeb8749594e57"]
    assert [(row["paragraph"], row["kind"]) for row in rows] == [(22, "investment"), (22, "circumvention")]
    assert rows[0]["states"]["amount"] == "USD 300,000,000"


def test_corroborated_facts_are_those_two_or_more_sources_state(kg):
    rows = answers.corroborated(kg)

    assert len(rows) == 45 and all(len(r["sources"]) >= 2 for r in rows)
    assert len(answers.corroborated(kg, only=False)) == answers.stats(kg)["facts"]


def test_stats_text_gives_two_summary_lines_then_four_tables():
    stats = {"statements": 10, "graphs": {"a": 6, "b": 4}, "entities": 3, "entities_by_type": {"Company": 3},
             "claims": 2, "claims_by_source": {"000": 2}, "claims_by_kind": {"investment": 2}, "facts": 1,
             "corroborated_facts": 0, "conflicting_facts": 0, "conflicts": 0, "derived_edges": {}}

    assert answers.stats_text(stats) == (
        "10 statements in 2 graphs; 3 entities; 2 claims from 1 sources\n"
        "1 facts: 0 corroborated by two or more sources, 0 with conflicting claims (0 conflicts)\n"
        "\n"
        "type     entities\n-------  --------\nCompany  3\n"
        "\n"
        "source  claims\n------  ------\n000     2\n"
        "\n"
        "claim kind  claims\n----------  ------\ninvestment  2\n"
        "\n"
        "(none)")


def _position(source, value, paragraphs, **extra):
    return {"source": source, "value": value, "paragraphs": paragraphs, "claims": [], **extra}


def test_conflicts_text_says_how_far_apart_numbers_are_and_what_each_difference_adds():
    conflict = {"fact": "loan", "property": "amount", "kind": "value", "spread": "5", "unit": "USD",
                "positions": [_position("000", "10", [1, 2]), _position("001", "15", [3])]}
    status = {"fact": "mine", "property": "status", "reason": "successive lifecycle stages",
              "positions": [_position("000", "planned", [4], dates=[], roles=[], bounds=[]),
                            _position("002", "agreed", [5], dates=["2024-06"], roles=[], bounds=[])]}
    credit = {"fact": "data", "property": "attributed to", "reason": "compiler and analyst credited",
              "positions": [_position("001", "GAI", [1], dates=[], roles=["compiler"], bounds=[])]}
    ranges = {"fact": "fdi", "property": "amount", "reason": "overlapping ranges",
              "positions": [_position("003", "USD 25", [7], dates=[], roles=[], bounds=["nearly: 22 to 25"])]}

    assert answers.conflicts_text([conflict], [status, credit, ranges]) == (
        "loan — amount (value; sides 5 USD apart)\n"
        "  000 ¶1, ¶2: 10\n"
        "  001 ¶3: 15\n"
        "\nnot conflicts (3):\n"
        "mine — status: successive lifecycle stages\n"
        "  000 ¶4: planned (undated)\n"
        "  002 ¶5: agreed (2024-06)\n"
        "data — attributed to: compiler and analyst credited\n"
        "  001 ¶1: GAI (compiler)\n"
        "fdi — amount: overlapping ranges\n"
        "  003 ¶7: USD 25 (nearly: 22 to 25)")
    assert answers.conflicts_text([], []) == "no conflicts"


def test_build_names_each_conflict_on_one_line_and_nothing_without_any():
    conflict = {"fact": "loan", "property": "amount", "kind": "value",
                "positions": [_position("000_abc", "10", [1]), _position("001_def", "15", [3])]}

    assert answers.build_conflicts_text([conflict]) == (
        "\n1 conflicts between sources (see `influencegraph conflicts`):\n"
        "  loan / amount (value): 000: 10 vs 001: 15")
    assert answers.build_conflicts_text([]) == ""


def test_sources_text_lists_each_sources_claims_by_paragraph():
    result = {"label": "Rosatom", "entity": "https://w3id.org/influencegraph/id/rosatom", "mentioned_by": [],
              "by_source": {"003": [{"paragraph": 7, "kind": "leadership", "claim": "c",
                                     "states": {"leader": "Rosatom", "project": "Balkhash"}}]}}

    assert answers.sources_text(result) == (
        "Rosatom <https://w3id.org/influencegraph/id/rosatom>\n"
        "mentioned by: (no source)\n"
        "\n003\n"
        "  ¶7   leadership: leader=Rosatom; project=Balkhash")


def test_queries_text_lists_each_query_with_its_parameters_and_counts_them():
    host = types.SimpleNamespace(name="host", type="entity", default="", doc="the host country")
    top = types.SimpleNamespace(name="top", type="integer", default="10", doc="how many")
    query = types.SimpleNamespace(name="capital", description="Capital by origin.", parameters=[host, top])

    assert answers.queries_text({"capital": query}.values()) == (
        "capital\n"
        "    Capital by origin.\n"
        "    --param host=<entity>   the host country\n"
        "    --param top=<integer> = 10   how many\n"
        "\n1 named queries; run one with `influencegraph query NAME`.")
