"""The networkx projection: edges from the derivation rules with their claims, filters, the time window, collapse."""

from __future__ import annotations

import math
import subprocess
import sys
from collections import Counter

import pytest

from influencegraph.analysis.projection import collapse, project, relations


@pytest.fixture(scope="module")
def G(kg):
    return project(kg)


def test_every_derived_edge_is_projected(kg, G):
    from influencegraph.vocab import DERIVED_GRAPH, RDF
    derived = {(str(s), str(p).rsplit("#", 1)[-1], str(o)) for s, p, o in kg.dataset.graph(DERIVED_GRAPH)
               if p != RDF.type and str(p).rsplit("#", 1)[-1] in relations(kg)}
    projected = {(u, d["relation"], v) for u, v, d in G.edges(data=True)}
    assert derived and derived <= projected


def test_the_network_carries_the_ontologys_relation_families(kg, G):
    families = G.graph["families"]
    assert families["capitalRelation"] == {"investsIn", "finances"}
    assert families["structureRelation"] == {"locatedIn", "inHostCountry", "headquarteredIn", "parentOrganisation"}
    assert set(G.graph["influence"]) == families["influenceRelation"]
    assert not set(families) & set(relations(kg))              # a family is a grouping, never an edge
    assert {d["relation"] for _u, _v, d in G.edges(data=True)} <= families["derivedRelation"] | {"locatedIn",
                                                                                                "parentOrganisation"}


def test_edges_from_claims_carry_sources_and_one_edge_per_fact(G):
    keys = Counter((u, v, d["relation"], d["fact"]) for u, v, d in G.edges(data=True) if d["fact"])
    assert max(keys.values()) == 1
    for _u, _v, key, d in G.edges(keys=True, data=True):
        assert (key == "registry") == (not d["sources"]), (key, d)


def test_edge_weights_by_measure(kg, G):
    east_hope, complex_ = str(kg.resolve("East Hope Group")), str(kg.resolve("East Hope aluminium complex in Kazakhstan"))
    invest = [d for d in G[east_hope][complex_].values() if d["relation"] == "investsIn"][0]
    assert (invest["weight"], invest["measure"], invest["unit"]) == (12e9, "usd", "USD")
    kz, ru = str(kg.resolve("Kazakhstan")), str(kg.resolve("Russia"))
    imports = [d for d in G[kz][ru].values() if d["relation"] == "importsFrom"][0]
    assert (imports["weight"], imports["measure"], imports["date"]) == (0.81, "share", "2023")
    hosted = [d for _u, _v, d in G.out_edges(complex_, data=True) if d["relation"] == "inHostCountry"]
    assert hosted and all(d["weight"] is None for d in hosted)  # placing edges take no figure


def test_filters_by_relation_and_node_type(kg):
    only = project(kg, relations={"leads", "builds"}, node_types={"Actor", "Project"})
    assert {d["relation"] for *_e, d in only.edges(data=True)} == {"leads", "builds"}
    assert all({"Actor", "Project"} & set(d["types"]) for _n, d in only.nodes(data=True))
    with pytest.raises(ValueError, match="unknown relation"):
        project(kg, relations={"bribes"})
    with pytest.raises(ValueError, match="unknown node type"):
        project(kg, node_types={"Dragon"})
    with pytest.raises(ValueError, match="not a date"):
        project(kg, as_of="soon")


def test_as_of_drops_what_came_later(kg, G):
    early = project(kg, as_of="2023")
    assert 0 < early.number_of_edges() < G.number_of_edges()
    assert all(d["known_by"] is None or d["known_by"][:4] <= "2023" for *_e, d in early.edges(data=True))


def test_collapse_sums_parallel_edges(G):
    D = collapse(G, weight="strength")
    assert D.number_of_edges() == len({(u, v) for u, v in G.edges()})
    u, v = max(D.edges(), key=lambda e: D.edges[e]["count"])
    parallel = G.get_edge_data(u, v).values()
    assert D[u][v]["count"] == len(parallel)
    assert D[u][v]["sources"] == sorted({tuple(s) for d in parallel for s in d["sources"]})
    # pairs without two USD figures of one relation, whose figures hold no other's: every edge's strength, added
    holding = {p for *_e, d in G.edges(data=True) for p in d.get("part_of") or ()}
    plain = [(u, v) for u, v in D.edges() if D[u][v]["count"] > 1 and
             max(Counter(d["relation"] for d in G[u][v].values() if d["measure"] == "usd").values(), default=0) < 2
             and not any(d["fact"] and d["fact"].rsplit("/", 1)[-1] in holding for d in G[u][v].values())]
    assert plain
    for u, v in plain:
        assert D[u][v]["weight"] == pytest.approx(sum(d["strength"] for d in G[u][v].values()))


def strength_of(usd_bn):
    return 1 + math.log10(1 + usd_bn * 1000)


def test_collapse_weighs_china_to_kazakhstan_investment_by_the_adding_up_rule(kg, G):
    china, kz = str(kg.resolve("China")), str(kg.resolve("Kazakhstan"))
    D = collapse(G, weight="strength")
    edges = list(G[china][kz].values())
    figures = sorted(d["weight"] for d in edges if d["relation"] == "investsIn" and d["measure"] == "usd")
    # 7.5 bn for copper (000 ¶13), 23 bn in 2025 H1 (000 ¶2, 003 ¶20), 25.3 bn over 2005-2023 (004 ¶8), the 50 bn
    # stock (004 ¶10): the rule adds 25.3 + 23 = 48.3 bn, strength 5.684, where the four strengths made 21.339
    assert figures == [7.5e9, 23e9, 25.3e9, 50e9]
    others = sum(d["strength"] for d in edges if not (d["relation"] == "investsIn" and d["measure"] == "usd"))
    assert D[china][kz]["weight"] == pytest.approx(others + strength_of(48.3))
    assert strength_of(48.3) == pytest.approx(5.684, abs=1e-3)
    assert sum(strength_of(x) for x in (7.5, 23, 25.3, 50)) == pytest.approx(21.339, abs=1e-3)
    assert D[china][kz]["count"] == len(edges)


def test_collapse_weighs_a_region_and_an_actor_group_beyond_their_members_figures(kg, G):
    china, kz = str(kg.resolve("China")), str(kg.resolve("Kazakhstan"))
    region, group = str(kg.resolve("Central Asia")), str(kg.resolve("the five Central Asian states"))
    D = collapse(G, weight="strength")
    # 003 ¶20: USD 25 bn to Central Asia in 2025 H1, of which Kazakhstan 23 bn: the region's tie weighs 2 bn; its
    # five other investment ties (no figure: 001 ¶31, 003 ¶16) count 1 each
    to_region = list(G[china][region].values())
    assert [d["weight"] for d in to_region if d["measure"] == "usd"] == [25e9] and len(to_region) == 6
    assert D[china][region]["weight"] == pytest.approx(5 + strength_of(2))
    # 004 ¶8: Kazakhstan's 44 bn trade with China is part of the five states' 97 bn: the group's trade weighs 53 bn
    # both ways; Kazakhstan's keeps its 44 bn
    for u, v in ((china, group), (group, china)):
        edges = list(G[u][v].values())
        assert [d["weight"] for d in edges if d["measure"] == "usd"] == [97e9]
        assert D[u][v]["weight"] == pytest.approx(len(edges) - 1 + strength_of(53))
    assert D[kz][china]["weight"] == pytest.approx(sum(d["strength"] for d in G[kz][china].values()))
    assert any(d["weight"] == 44e9 for d in G[kz][china].values())


@pytest.mark.parametrize("args, message", [
    (["report", "centrality", "--relation", "bribes"], "unknown relation"),
    (["report", "scenario", "--remove", "Rosatomm"], "Did you mean: Rosatom"),
    (["report", "dependency", "--format", "pdf"], "Invalid value"),
])
def test_report_commands_fail_clearly(root, args, message):
    run = subprocess.run([sys.executable, "-m", "influencegraph", *args, "-q"], capture_output=True, text=True,
                         cwd=root)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_centrality_report_on_the_command_line(root):
    run = subprocess.run([sys.executable, "-m", "influencegraph", "report", "centrality", "--top", "5"],
                         capture_output=True, text=True, cwd=root)
    assert run.returncode == 0, run.stderr
    assert "pagerank" in run.stderr.lower()           # progress per measure
    table = [line for line in run.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    # ranked on influence ties: China, which invests in, owns and supplies most, comes first (see test_centrality)
    assert len(table) == 1 + 5 and "People's Republic of China" in table[1]
    assert ("What it measures: Ranked on influence ties (capital, project leadership, ownership, supply, dependence, "
            "trade) that sources state as fact: builds, ") in run.stdout
    every = subprocess.run([sys.executable, "-m", "influencegraph", "report", "centrality", "--top", "3", "-q",
                            "--all-relations"], capture_output=True, text=True, cwd=root)
    assert every.returncode == 0, every.stderr
    assert "Ranked on ties of every relation" in every.stdout and "Agreements signed" in every.stdout
