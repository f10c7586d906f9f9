"""HTML network views, checked as files: what each view selects, how it encodes, that it is self-contained, escaped
and reproducible, and the CLI around it. tests/test_view_browser.py checks the same pages in Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import networkx as nx
import pytest

from influencegraph.analysis.common import host_of, is_a
from influencegraph.report.builders import source_catalogue
from influencegraph.views import ViewWarning, draw, style
from influencegraph.views.render import PHYSICS_LIMIT
from influencegraph.views.select import VIEWS

HOSTILE = ['<img src=x onerror="window.__pwned=1">', "</script><script>window.__pwned=2</script>",
           "\"'><svg onload=window.__pwned=3>", "{{7*7}} {% raw %}", "line\u2028break\u2029", "\u202eevil",
           "Қазақстан 中国 🚀"]


@pytest.fixture(scope="module")
def G(kg):
    return kg.network()


def _page_data(html: str) -> dict:
    import json
    match = re.search(r"var DATA = \{nodes: (\[.*?\]), edges: (\[.*?\]), options: ", html, re.S)
    return {"nodes": json.loads(match.group(1)), "edges": json.loads(match.group(2))}


def _tags(html: str) -> list[tuple[str, dict]]:
    """Every start tag as a browser's tokenizer sees it (script and style contents are text, not tags)."""
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))
    parser = Tags()
    parser.found = []
    parser.feed(html)
    return parser.found


def _hostile_graph():
    H = nx.MultiDiGraph(relation_labels={"investsIn": HOSTILE[1]}, symmetric=["competesWith"])
    for i, text in enumerate(HOSTILE):
        H.add_node(f"n{i}", label=text, types=["Company"] if i % 2 else ["State"], sectors=[text], country="n0")
    for i in range(1, len(HOSTILE)):
        H.add_edge("n0", f"n{i}", relation="investsIn", measure="usd", weight=1e9 * i, unit="USD",
                   sources=[("000_x", i)], values={1e9 * i: [("000_x", i)]}, sectors=[HOSTILE[i]], status=HOSTILE[0])
    return H


# ----------------------------------------------------------------------------- the ontology drives the legend
def test_every_class_and_relation_of_the_ontology_has_a_legend_family(kg):
    from influencegraph.analysis.projection import relations
    from influencegraph.vocab import IG, ONTOLOGY_GRAPH, OWL, RDF, RDFS
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    assert {r for r in relations(kg) if style.relation_family(r) == "Other relations"} == set()
    legend = Counter(r for f in style.RELATION_FAMILIES for r in f.relations)
    assert set(legend) == set(relations(kg)) and set(legend.values()) == {1}     # each relation in one entry
    named = {c for f in style.NODE_FAMILIES for c in f.classes}
    declared = {str(c).rsplit("#", 1)[-1] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(IG))}
    assert named <= declared, named - declared
    entity_classes = set(ontology.transitive_subjects(RDFS.subClassOf, IG.Entity)) - {IG.Entity}
    unplaced = []
    for cls in entity_classes:
        types = [str(c).rsplit("#", 1)[-1] for c in ontology.transitive_objects(cls, RDFS.subClassOf)]
        if style.node_family(types) == "Other":
            unplaced.append(str(cls))
    assert unplaced == []


# ----------------------------------------------------------------------------- what each view selects
def test_ego_view_is_the_node_and_everything_within_depth(kg, G):
    rosatom = str(kg.resolve("Rosatom"))
    view = kg.view(ego="Rosatom", depth=1)
    assert set(view.graph) == {rosatom, *G.successors(rosatom), *G.predecessors(rosatom)}
    two = kg.view(ego="Rosatom", depth=2)
    assert set(view.graph) < set(two.graph)


def test_sector_view_keeps_ties_that_name_the_sector(kg):
    view = kg.view(sector="copper")
    labels = {d["label"] for _n, d in view.graph.nodes(data=True)}
    assert {"Aktogai copper smelter", "China Non-Ferrous Metal Ltd."} <= labels
    for u, v, d in view.graph.edges(data=True):
        tags = {t.casefold() for f in ("sectors", "commodities", "domains") for t in d[f]}
        ends = {view.graph.nodes[u]["label"].casefold(), view.graph.nodes[v]["label"].casefold()}
        assert tags & {"copper", "refined copper", "copper cathode"} or "copper" in ends or \
            d["relation"] == "inHostCountry", (u, v, d["relation"])


def test_competition_view_shows_each_rivalry_once(kg, G):
    view = kg.view(competition=True)
    pairs = [(u, v, k) for u, v, k, d in view.graph.edges(keys=True, data=True)]
    assert pairs and all(view.graph.edges[e]["relation"] == "competesWith" for e in pairs)
    assert not any((v, u, k) in pairs for u, v, k in pairs)
    in_network = {frozenset((u, v)) | {k} for u, v, k, d in G.edges(keys=True, data=True)
                  if d["relation"] == "competesWith"}
    assert {frozenset((u, v)) | {k} for u, v, k in pairs} == in_network


def test_country_view_holds_every_project_the_country_hosts(kg, G):
    kz = str(kg.resolve("Kazakhstan"))
    view = kg.view(country="Kazakhstan")
    hosted = {n for n in G if is_a(G, n, "Project") and host_of(G, n) == kz}
    assert hosted and hosted <= set(view.graph)
    leads = {u for u, v, d in G.edges(data=True) if v in hosted and d["relation"] == "leads"}
    assert leads <= set(view.graph)


def test_source_view_holds_only_ties_that_source_states(kg):
    view = kg.view(source="003")
    assert view.number_of_edges() > 0
    assert all(any(s.startswith("003") for s, _p in d["sources"]) for _u, _v, d in view.graph.edges(data=True))


def test_views_asked_together_intersect(kg):
    both = kg.view(sector="nuclear energy", country="Kazakhstan")
    sector, country = kg.view(sector="nuclear energy"), kg.view(country="Kazakhstan")
    assert set(both.graph) <= set(sector.graph) & set(country.graph)
    assert set(both.graph.edges(keys=True)) <= set(sector.graph.edges(keys=True)) & set(country.graph.edges(keys=True))
    assert both.views == ["sector", "dependencies"]


def test_relations_filter_by_name_or_label(kg):
    by_name = kg.view(relations=["investsIn", "dependsOn"])
    by_label = kg.view(relations=["invests in", "Depends on"])
    assert {d["relation"] for *_e, d in by_name.graph.edges(data=True)} == {"investsIn", "dependsOn"}
    assert set(by_name.graph.edges(keys=True)) == set(by_label.graph.edges(keys=True))


def test_as_of_drops_what_came_later(kg):
    assert kg.view(as_of="2019").number_of_edges() < kg.view().number_of_edges()


def test_bad_view_parameters_are_clear_errors(kg):
    from influencegraph.errors import UnknownEntity
    with pytest.raises(UnknownEntity, match="Rosatom"):
        kg.view(ego="Rosatum")
    with pytest.raises(ValueError, match="did you mean: copper"):
        kg.view(sector="coper")
    with pytest.raises(ValueError, match="not a state"):
        kg.view(country="Rosatom")
    with pytest.raises(ValueError, match="no source '999'"):
        kg.view(source="999")
    with pytest.raises(ValueError, match="unknown relation"):
        kg.view(relations=["bribes"])
    with pytest.raises(ValueError, match="size_by"):
        kg.view(size_by="fame")
    assert set(VIEWS) == {"whole", "ego", "sector", "competition", "dependencies", "source"}


# ----------------------------------------------------------------------------- encoding and tooltips
def test_tooltips_give_people_figures_and_sources(kg):
    view = kg.view(ego="East Hope Group", depth=1)
    data = _page_data(view.html)
    title = source_catalogue(kg)["000"]["title"]
    investment = [e for e in data["edges"] if e["relation"] == "investsIn" and "USD 12 bn" in e["title"]]
    assert investment and "000 ¶5" in investment[0]["title"] and title in investment[0]["title"]
    node = next(n for n in data["nodes"] if n["label"] == "East Hope Group")
    assert node["title"].startswith("East Hope Group\nCompany")
    assert "Sources:" in node["title"] and title in node["title"]
    whole = _page_data(kg.view().html)
    texts = "\n".join(e["title"] for e in whole["edges"])
    assert re.search(r"\d (Mt|kt)/yr", texts) and "%" in texts
    # East Hope's 4.5 GW power station is planned (000 ¶5: "will power"): drawn only with hedged ties, and said so
    assert "4.5 GW" not in texts
    hedged = _page_data(kg.view(ego="East Hope coal-fired power station", hedged=True).html)
    power = [e for e in hedged["edges"] if "4.5 GW" in e["title"]]
    assert power and "Not stated as fact: planned or expected" in power[0]["title"] and power[0]["dashes"]
    assert not any(re.fullmatch(r"(USD )?[\d.,]+( bn| m)?", n["label"]) for n in whole["nodes"])  # no figure nodes


def test_tooltips_of_ties_between_two_actors_add_their_amounts_under_the_rule(kg):
    from influencegraph.views.tooltips import edge_tooltip
    G = kg.network()
    china, kz = str(kg.resolve("China")), str(kg.resolve("Kazakhstan"))
    tips = {d["weight"]: edge_tooltip(G, china, kz, d, {}) for d in G[china][kz].values()
            if d["relation"] == "investsIn" and d.get("weight")}
    # 004 ¶8: USD 25.3 bn over 2005-2023; 000 ¶2, 003 ¶20: USD 23 bn in the first half of 2025, of which 7.5 bn for
    # copper (000 ¶13, 003 ¶20); 004 ¶10: a total of USD 50 bn to mid-2025, a stock
    assert sorted(tips) == [7.5e9, 23e9, 25.3e9, 50e9]
    rule = ("All 4 figures of this tie, added up by the rule: USD 48.3 bn in flows = USD 25.3 bn (2005 to 2023) + "
            "USD 23 bn (2025-01 to 2025-06), leaving out USD 7.5 bn (part of the USD 23 bn); stock USD 50 bn at "
            "2025-06, not added")
    assert all(rule in tip for tip in tips.values())
    assert "Amount: USD 50 bn [stock at 2025-06, country total]" in tips[50e9]
    assert "This figure: the stock, not added to the flows" in tips[50e9]
    assert "This figure: left out (part of the USD 23 bn)" in tips[7.5e9]
    assert "This figure: added" in tips[23e9] and "This figure: added" in tips[25.3e9]
    # one figure between two ends (East Hope's USD 12 bn, 000 ¶5) says only itself
    firm = str(kg.resolve("East Hope Group"))
    u, v, d = next((u, v, d) for u, v, d in G.out_edges(firm, data=True) if d["relation"] == "investsIn")
    tip = edge_tooltip(G, u, v, d, {})
    assert "Amount: USD 12 bn" in tip and "added up by the rule" not in tip and "This figure" not in tip


def test_node_figures_say_which_are_stocks_and_give_ranges(kg):
    from influencegraph.views.tooltips import node_facts
    kz = str(kg.resolve("Kazakhstan"))
    texts = [text for text, _pairs in node_facts(kg, [kz])[kz]]
    assert "investment: USD 50 bn (stock at 2025-06)" in texts            # 004 ¶10, to mid-2025
    assert not any("USD 25.3 bn" in t and "stock" in t for t in texts)   # 004 ¶8, a flow over 2005-2023
    # 000 ¶18: copper reserves of 20 million tonnes, a stock, not a yearly figure
    assert any(t.startswith("reserves: 20 Mt (stock at") for t in texts) and not any("20 Mt/yr" in t for t in texts)
    # 003 ¶16: "nearly $25 billion" of agreements: bounds 22.5 to 25 bn (docs/authoring.md)
    assert any("USD 25 bn (USD 22.5 bn to USD 25 bn)" in t for t in texts)


def test_node_figures_list_a_restated_fact_once_with_every_source(kg):
    from influencegraph.analysis.common import locators
    from influencegraph.views.tooltips import node_facts
    kz = str(kg.resolve("Kazakhstan"))
    facts = node_facts(kg, [kz])[kz]
    # East Hope's USD 12 bn (000 ¶5) is 003 ¶20's "$12 billion ... for a green aluminum project"; the USD 7.5 bn
    # for copper is in 000 ¶13 (a commitment) and 003 ¶20 (an investment): each one entry, citing both
    twelve = [(text, locators(pairs)) for text, pairs in facts if "USD 12 bn" in text]
    assert len(twelve) == 1 and {"000 ¶5", "003 ¶20"} <= set(twelve[0][1])
    copper = [(text, locators(pairs)) for text, pairs in facts if "USD 7.5 bn" in text]
    assert len(copper) == 1 and {"000 ¶13", "003 ¶20"} <= set(copper[0][1])


def _two_firms(*edges) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(relation_labels={"investsIn": "invests in", "leads": "leads"})
    G.add_node("a", label="Firm A", type="Company", types=["Company"])
    G.add_node("p", label="Mine P", type="Mine", types=["Mine", "Project"])
    for relation, attrs in edges:
        G.add_edge("a", "p", relation=relation, sources=[("000_x", 1)], **attrs)
    return G


def test_the_legend_explains_hedged_and_inferred_ties_only_where_the_view_has_them():
    plain = draw(_two_firms(("leads", {})))
    assert "What a tie rests on" not in plain.html and "legend-hedged" not in plain.html
    assert "legend-inferred" not in plain.html
    hedged = draw(_two_firms(("leads", {}), ("investsIn", {"modality": "possible or at risk"}),
                             ("investsIn", {"modality": "planned or expected; possible or at risk"})))
    legend = re.search(r'<li id="legend-hedged">(.*?)</li>', hedged.html, re.S).group(1)
    assert "Dashed and lighter: not stated as fact" in legend
    assert re.search(r"planned or expected\s*<span class=\"count\">\(1\)</span>", legend)
    assert re.search(r"possible or at risk\s*<span class=\"count\">\(2\)</span>", legend)
    assert "legend-inferred" not in hedged.html
    inferred = draw(_two_firms(("leads", {"inferred": "the investor read from its lead role"})))
    assert "legend-inferred" in inferred.html and "legend-hedged" not in inferred.html
    assert "the curator&#39;s inference" in inferred.html or "the curator's inference" in inferred.html
    edge = _page_data(inferred.html)["edges"][0]
    assert edge["background"] == style.INFERRED_HALO and "arrows" in edge


def test_the_seed_view_has_the_hedged_legend_only_with_hedged_ties(kg):
    # 000 ¶5: East Hope's power station "will power" the complex: planned, drawn only with hedged=True
    stated = kg.view(ego="East Hope coal-fired power station")
    assert "legend-hedged" not in stated.html
    hedged = kg.view(ego="East Hope coal-fired power station", hedged=True)
    assert "legend-hedged" in hedged.html and "planned or expected" in hedged.html


def test_encoding_follows_type_relation_amount_and_centrality(kg):
    view = kg.view()
    data = _page_data(view.html)
    by_iri = {n["iri"]: n for n in data["nodes"]}
    china, kz = by_iri[str(kg.resolve("China"))], by_iri[str(kg.resolve("Kazakhstan"))]
    assert china["group"] == kz["group"] == "State"
    assert by_iri[str(kg.resolve("Rosatom"))]["group"] == "Company"
    ranked = kg.centrality(write=False)["pagerank"]
    top, bottom = ranked.index[0], ranked.index[-1]
    assert by_iri[top]["size"] == style.MAX_SIZE > by_iri[bottom]["size"]
    assert "pagerank centrality on influence ties (capital, leadership, ownership" in view.html  # as the table
    widths = {e["width"] for e in data["edges"] if e["relation"] == "investsIn"}
    assert max(widths) > min(widths) >= 1.0
    capital = style.family("Capital")
    assert all(e["color"] == capital.colour and e.get("arrows") == "to"
               for e in data["edges"] if e["relation"] == "investsIn")
    assert all("arrows" not in e and e["dashes"] for e in data["edges"] if e["relation"] == "competesWith")
    flat = kg.view(size_by="none")
    assert {n["size"] for n in _page_data(flat.html)["nodes"]} == {14.0}


# ----------------------------------------------------------------------------- offline, safe, reproducible
def test_page_is_self_contained(kg):
    html = kg.view().html
    markup = re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.S)  # the markup outside inlined code
    assert not re.search(r"<(link|iframe|object|embed|base|img)\b", markup, re.I)
    assert not re.search(r"""\b(src|href|action)\s*=""", markup, re.I)
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert not re.search(r"url\((?!\s*[\"']?data:)", styles) and "@import" not in styles
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    import base64
    import hashlib
    bodies = re.findall(r"<script>(.*?)</script>", html, re.S)
    pinned = {f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies}
    script_src = next(d.split()[1:] for d in csp.split(";") if d.split()[0] == "script-src")
    assert set(script_src) == pinned and len(pinned) == 2  # only the page's own scripts may run
    assert [tag for tag, _a in _tags(html)].count("script") == 2


def test_hostile_labels_are_escaped_in_every_place():
    view = draw(_hostile_graph(), title=HOSTILE[1] + HOSTILE[0] + HOSTILE[3], subtitle=HOSTILE[2],
                catalogue={"000": {"title": HOSTILE[0], "outlet": HOSTILE[1], "issued": "2025"}})
    html = view.html
    tags = _tags(html)
    assert [tag for tag, _a in tags].count("script") == 2
    assert not [(tag, a) for tag, attrs in tags for a in attrs if a.startswith("on") or tag in ("img", "iframe")]
    assert "<img" not in html and "<svg onload" not in html and "\u2028" not in html.split("<script>", 2)[-1]
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;&lt;img" in html  # the heading
    assert "{{7*7}}" in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)[0]  # not a template
    data = _page_data(html)
    assert {n["label"] for n in data["nodes"]} == {h.replace("\u202e", "") for h in HOSTILE}  # no bidi override
    assert "\u202e" not in html


def test_same_input_gives_the_same_file_in_another_process(kg, tmp_path, root):
    here = kg.view(country="Kazakhstan").html
    assert kg.view(country="Kazakhstan").html == here
    out = tmp_path / "kz.html"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "influencegraph", "view", "--country", "Kazakhstan", "-q", "-o", str(out),
                    "--root", str(root)], check=True, env=env, timeout=300)
    assert out.read_text(encoding="utf-8") == here
    assert kg.view(country="Kazakhstan", seed=8).html != here


def test_large_views_are_capped_with_a_warning(kg):
    with pytest.warns(ViewWarning, match="showing the 20 most central"):
        view = kg.view(max_nodes=20)
    assert view.number_of_nodes() == 20 and view.warnings
    ranked = list(kg.centrality(write=False)["pagerank"].index[:20])
    assert set(view.graph) == set(ranked)
    assert kg.view(max_nodes=0).number_of_nodes() == kg.view().number_of_nodes()


def test_parallel_ties_bend_apart_and_lone_nodes_sit_under_the_drawing():
    H = nx.MultiDiGraph()
    for n in "abcd":
        H.add_node(n, label=n, types=["Company"])
    H.add_edge("a", "b", relation="investsIn")
    H.add_edge("a", "b", relation="leads")
    H.add_edge("b", "a", relation="supplies")
    H.add_edge("b", "c", relation="owns")
    data = _page_data(draw(H).html)
    bends = [(e["from"], e["to"], e.get("smooth")) for e in data["edges"]]
    curves = [(s["type"], s["roundness"]) for _f, _t, s in bends[:3]]
    assert bends[3][2] is None and len(set(curves)) == 3  # three ties a–b, each on its own curve
    pos = {n["label"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert pos["d"][1] > max(pos[n][1] for n in "abc")


def test_physics_is_off_above_the_limit_and_positions_are_set():
    rng = __import__("random").Random(3)
    H = nx.MultiDiGraph()
    n = PHYSICS_LIMIT + 50
    for i in range(n):
        H.add_node(i, label=f"n{i}", types=["Company"])
    for _ in range(2 * n):
        H.add_edge(rng.randrange(n), rng.randrange(n), relation="supplies")
    big = draw(H, size_by="degree")
    assert '"physics": {"enabled": false' in big.html
    assert all(isinstance(p["x"], float) for p in _page_data(big.html)["nodes"])
    small = draw(H.subgraph(range(50)).copy())
    assert '"physics": {"enabled": true' in small.html


# ----------------------------------------------------------------------------- CLI
def _cli(*args, root):
    return subprocess.run([sys.executable, "-m", "influencegraph", "view", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_the_page_and_says_what_it_drew(root, tmp_path):
    out = tmp_path / "rosatom.html"
    proc = _cli("--ego", "Rosatom", "--depth", "2", "-q", "-o", str(out), root=root)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"wrote .*rosatom\.html: \d+ entities, \d+ ties \(ego view\)", proc.stderr)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_errors_exit_2_and_write_nothing(root, tmp_path):
    out = tmp_path / "x.html"
    for args, message in ((["--ego", "Rosatum"], "Did you mean: Rosatom"), (["--sector", "coper"], "copper"),
                          (["--relation", "bribes"], "unknown relation"), (["--as-of", "soon"], "not a date")):
        proc = _cli(*args, "-q", "-o", str(out), root=root)
        assert proc.returncode == 2 and message in proc.stderr, (args, proc.stderr)
        assert not out.exists()
    proc = _cli("-q", "-o", str(tmp_path / "x.txt"), root=root)
    assert proc.returncode == 2 and "ending in .html" in proc.stderr


def test_cli_warns_when_it_caps(root, tmp_path):
    proc = _cli("--max-nodes", "30", "-q", "-o", str(tmp_path / "cap.html"), root=root)
    assert proc.returncode == 0 and "warning: the view has" in proc.stderr and "30 entities" in proc.stderr


def test_the_cli_draws_hedged_ties_only_when_asked(tmp_path, root):
    # 000 ¶5: the power station *will* power the complex (4.5 GW): a planned tie, drawn only with --hedged
    cmd = [sys.executable, "-m", "influencegraph", "view", "--ego", "East Hope coal-fired power station", "-q",
           "--root", str(root)]
    plain = subprocess.run([*cmd, "-o", str(tmp_path / "a.html")], capture_output=True, text=True, timeout=300)
    hedged = subprocess.run([*cmd, "--hedged", "-o", str(tmp_path / "b.html")], capture_output=True, text=True,
                            timeout=300)
    assert plain.returncode == hedged.returncode == 0, plain.stderr + hedged.stderr
    ties = {name: "\n".join(e["title"] for e in _page_data((tmp_path / name).read_text(encoding="utf-8"))["edges"])
            for name in ("a.html", "b.html")}
    assert "4.5 GW" not in ties["a.html"] and "4.5 GW" in ties["b.html"]
    node = next(n for n in _page_data((tmp_path / "a.html").read_text(encoding="utf-8"))["nodes"]
                if n["label"] == "East Hope coal-fired power station")
    assert "4.5 GW (electricity) [not stated as fact: planned or expected]" in node["title"]
