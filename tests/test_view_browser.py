"""The interactive network views as a person sees them, in headless Chromium.

Each page is saved to a temporary folder and opened from ``file://`` in an offline browser context that records
every request and aborts any but the page's own file. The tests check that

* every view kind (whole, ego, sector, competition, a country's dependencies, a source) loads with no console
  error, page error, dialog or request, and draws exactly the nodes and edges of ``view.graph``;
* hovering a tie shows its figure and sources (document number, paragraph and title), hovering a node its label,
  type and sources;
* clicking a node lights it and its neighbours, clicking empty canvas clears the light;
* the legend's check boxes hide one relation or entity family, "Show all" restores them, and typing a name into
  the search box and pressing Enter selects that node;
* a corpus of hostile labels, relation names, sectors, statuses, sources, title and subtitle executes nothing and
  is shown literally;
* a large synthetic graph (2,000 nodes, 5,000 edges) is drawn in full with physics off.

Screenshots are left in the ``artifacts`` folder (``view-*.png``).
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from influencegraph.views import draw
from influencegraph.views.style import node_family

READY = "() => window.influencegraph && window.influencegraph.firstDraw !== null"
IG = "window.influencegraph"
ID = "https://w3id.org/influencegraph/id/"


def _open(browser, path):
    """Open the saved page ``path`` offline; the page records requests, blocked requests and problems."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    own = path.resolve().as_uri()
    page.requests, page.blocked, page.problems = [], [], []

    def route(r):
        if r.request.url == own:
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(own)
    page.wait_for_function(READY, timeout=60_000)
    page.wait_for_selector("body[data-drawn=true]", state="attached")
    page.own = own
    return page


@pytest.fixture
def opened(browser):
    """``opened(path)`` → a page from :func:`_open`; its context is closed after the test."""
    contexts = []

    def opener(path):
        page = _open(browser, path)
        contexts.append(page.context)
        return page

    yield opener
    for context in contexts:
        context.close()


def _clean(page):
    """Nothing went wrong and nothing but the page's own file was asked for."""
    assert page.problems == []
    assert page.blocked == []
    assert page.requests and set(page.requests) == {page.own}


def _drawn(page):
    d = page.evaluate(f"{IG}.drawn()")
    return d["nodes"], d["edges"]


def _ids(page) -> dict:
    """IRI (the node in ``view.graph``) → the page's node id."""
    return page.evaluate(f"Object.fromEntries({IG}.nodes.get().map(n => [n.iri, n.id]))")


def _still(page):
    """Stop the layout moving, so positions read now are where things are drawn."""
    page.evaluate(f"{IG}.network.setOptions({{physics: false}})")
    page.wait_for_timeout(100)


def _screen(page, canvas_point):
    """A point in canvas coordinates → page coordinates for the mouse."""
    return page.evaluate("""p => { const d = window.influencegraph.network.canvasToDOM(p);
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + d.x, y: box.top + d.y}; }""", canvas_point)


def _node_point(page, node_id):
    return _screen(page, page.evaluate(f"{IG}.network.getPositions([{node_id}])[{node_id}]"))


def _edge_point(page, edge_id):
    """A point on the edge as drawn (curved edges bow away from the straight midpoint) where no other tie and no node
    is within the pointer's reach, as a reader would pick where lines cross; zoomed in on."""
    point = page.evaluate("""id => { const net = window.influencegraph.network, edge = net.body.edges[id];
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85]) {
          const p = edge.edgeType.getPoint(t), box = {left: p.x, right: p.x, top: p.y, bottom: p.y};
          const edges = Object.values(net.body.edges).filter(e => e.connected && e.isOverlappingWith(box));
          const nodes = Object.values(net.body.nodes).filter(n => n.isOverlappingWith(box));
          if (edges.length === 1 && edges[0].id === id && nodes.length === 0) {
            net.moveTo({position: p, scale: 3, animation: false});
            return {x: p.x, y: p.y};
          }
        }
        return null; }""", edge_id)
    assert point is not None, f"no spot on edge {edge_id} clear of other ties"
    return _screen(page, point)


def _hover(page, point) -> str:
    """Move to an empty corner of the canvas (hiding any tooltip), then onto ``point``; the tooltip's text."""
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + 4)
    page.wait_for_selector("div.vis-tooltip", state="hidden")
    page.mouse.move(point["x"] - 3, point["y"] - 3)
    page.mouse.move(point["x"], point["y"], steps=3)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip.inner_text()


def _east_hope_investment(G):
    """The two ends of East Hope Group's USD 12 bn investment tie."""
    east_hope, = (n for n, d in G.nodes(data=True) if d["label"] == "East Hope Group")
    target, = {v for _u, v, d in G.out_edges(east_hope, data=True) if d["relation"] == "investsIn"}
    return east_hope, target


@pytest.fixture(scope="module")
def whole(kg, tmp_path_factory):
    view = kg.view()
    return view, view.save(tmp_path_factory.mktemp("views") / "whole.html")


def test_whole_view_loads_offline_and_draws_every_node_and_edge(whole, opened, artifacts):
    view, path = whole
    page = opened(path)
    assert view.warnings == []
    assert _drawn(page) == (view.number_of_nodes(), view.number_of_edges())
    symmetric = set(view.graph.graph["symmetric"])
    arrows = page.evaluate(f"{IG}.edges.get().map(e => [e.relation, e.arrows || null])")
    assert all((arrow is None) == (relation in symmetric) for relation, arrow in arrows)
    assert page.inner_text("#status") == (f"{view.number_of_nodes()} of {view.number_of_nodes()} entities, "
                                          f"{view.number_of_edges()} of {view.number_of_edges()} ties shown")
    page.screenshot(path=str(artifacts / "view-whole.png"))
    _clean(page)


def test_tooltips_show_figures_and_sources(whole, opened, kg, artifacts):
    from influencegraph.report.builders import source_catalogue
    view, path = whole
    title = source_catalogue(kg)["000"]["title"]
    page = opened(path)
    _still(page)
    ids = _ids(page)
    east_hope, target = _east_hope_investment(view.graph)
    edge_id, = page.evaluate(f"{IG}.edges.getIds({{filter: e => e.from === {ids[east_hope]} && "
                             f"e.to === {ids[target]} && e.relation === 'investsIn'}})")
    text = _hover(page, _edge_point(page, edge_id))
    assert text.startswith("East Hope Group → invests in → ")
    assert "USD 12 bn" in text and "000 ¶5" in text and title in text
    page.screenshot(path=str(artifacts / "view-tooltip-edge.png"))

    text = _hover(page, _node_point(page, ids[east_hope]))
    lines = text.splitlines()
    assert lines[0] == "East Hope Group" and lines[1].startswith("Company")
    assert "Sources:" in lines and title in text.split("Sources:", 1)[1]
    page.screenshot(path=str(artifacts / "view-tooltip-node.png"))
    _clean(page)


def test_every_parallel_tie_can_be_hovered(whole, opened):
    view, path = whole
    page = opened(path)
    _still(page)
    ids = _ids(page)
    pair = [ids[n] for n in _east_hope_investment(view.graph)]
    edge_ids = page.evaluate(f"{IG}.edges.getIds({{filter: e => e.from === {pair[0]} && e.to === {pair[1]}}})")
    texts = [_hover(page, _edge_point(page, e)) for e in edge_ids]
    assert len(edge_ids) == 2 and any("USD 12 bn" in t for t in texts) and any("Role: lead" in t for t in texts)


@pytest.mark.parametrize("name", ["Rosatom", "East Hope Group"])
def test_clicking_a_node_lights_its_neighbourhood(whole, opened, name):
    view, path = whole
    page = opened(path)
    _still(page)
    ids = _ids(page)
    node, = (n for n, d in view.graph.nodes(data=True) if d["label"] == name)
    point = _node_point(page, ids[node])
    page.mouse.click(point["x"], point["y"])
    near = {node, *view.graph.successors(node), *view.graph.predecessors(node)}
    assert sorted(page.evaluate(f"{IG}.highlighted")) == sorted(ids[n] for n in near)
    assert page.evaluate(f"{IG}.network.getSelectedNodes()") == [ids[node]]

    box = page.locator("#network").bounding_box()
    corner = {"x": box["x"] + 4, "y": box["y"] + 4}
    assert page.evaluate(f"{IG}.network.getNodeAt({{x: 4, y: 4}}) === undefined && "
                         f"{IG}.network.getEdgeAt({{x: 4, y: 4}}) === undefined")
    page.mouse.click(corner["x"], corner["y"])
    assert page.evaluate(f"{IG}.highlighted") == []
    _clean(page)


def test_filters_hide_and_show_all_restores_and_search_selects(whole, opened, artifacts):
    view, path = whole
    G, page = view.graph, opened(path)
    n, m = view.number_of_nodes(), view.number_of_edges()
    invests = sum(d["relation"] == "investsIn" for _u, _v, d in G.edges(data=True))
    page.uncheck("input.edge-filter[value=investsIn]")
    assert invests and _drawn(page) == (n, m - invests)
    assert page.inner_text("#status") == f"{n} of {n} entities, {m - invests} of {m} ties shown"

    family = {node: node_family(d.get("types")) for node, d in G.nodes(data=True)}
    states = {node for node, f in family.items() if f == "State"}
    left = sum(d["relation"] != "investsIn" and u not in states and v not in states for u, v, d in G.edges(data=True))
    page.uncheck("input.node-filter[value=State]")
    assert states and _drawn(page) == (n - len(states), left)
    assert page.inner_text("#status") == f"{n - len(states)} of {n} entities, {left} of {m} ties shown"
    page.screenshot(path=str(artifacts / "view-filtered.png"))

    page.click("#reset")
    assert _drawn(page) == (n, m)
    assert page.locator("#panel input[type=checkbox]:not(:checked)").count() == 0
    assert page.inner_text("#status") == f"{n} of {n} entities, {m} of {m} ties shown"

    ids = _ids(page)
    page.fill("#find", "Rosatom")
    page.press("#find", "Enter")
    assert page.evaluate(f"{IG}.network.getSelectedNodes()") == [ids[ID + "rosatom"]]
    assert ids[ID + "rosatom"] in page.evaluate(f"{IG}.highlighted")
    _clean(page)


KINDS = {"ego": {"ego": "Rosatom", "depth": 2}, "sector": {"sector": "copper"}, "competition": {"competition": True},
         "dependencies": {"country": "Kazakhstan"}, "source": {"source": "003"}}


@pytest.mark.parametrize("kind", KINDS)
def test_each_view_kind_draws_what_it_selects(kind, kg, opened, tmp_path, artifacts):
    view = kg.view(**KINDS[kind])
    assert view.views == [kind] and view.number_of_edges() > 0
    page = opened(view.save(tmp_path / f"{kind}.html"))
    assert _drawn(page) == (view.number_of_nodes(), view.number_of_edges())
    assert set(_ids(page)) == set(view.graph.nodes)
    assert page.text_content("#heading") == view.title
    page.screenshot(path=str(artifacts / f"view-{kind}.png"))
    _clean(page)


HOSTILE = ['<img src=x onerror="window.__pwned=1">', "</script><script>window.__pwned=2</script>",
           "\"'><svg onload=window.__pwned=3>", "{{7*7}} {% raw %}", "javascript:window.__pwned=4",
           "line\u2028separator\u2029paragraph", "\u202eevil\u202c override", "Росатом 中国有色 🚀⚛️",
           "<!-- <iframe src=javascript:window.__pwned=5>"]
TITLE = "</title><script>window.__pwned=6</script>{{7*7}} <b onclick=alert(1)>\u2028Юникод"


def _hostile_graph():
    evil = "<img src=x onerror=window.__pwned=7>"
    G = nx.MultiDiGraph(relation_labels={"investsIn": evil, evil: "\"><svg onload=alert(8)>"}, symmetric=[evil])
    for i, label in enumerate(HOSTILE):
        G.add_node(f"javascript:window.__pwned={i}" if i % 2 else label, label=label,
                   types=[["Actor", "Company"], ["State"], [evil], ["Project", "Facility"]][i % 4])
    nodes = list(G)
    for i, (u, v) in enumerate(zip(nodes, nodes[1:] + nodes[:1])):
        G.add_edge(u, v, relation=["investsIn", evil, "leads"][i % 3], measure="usd", weight=1e9 * (i + 1),
                   unit="USD", sources=[("000_<script>", i + 1), ("001_x", None)], values={1e9 * (i + 1): []},
                   sectors=[evil, "{{7*7}}"], status="</script><script>alert(9)</script>", date="2025-01")
    catalogue = {"000": {"title": "<script>window.__pwned=10</script>", "outlet": "<iframe src=x>",
                         "issued": "\"><img src=x onerror=alert(11)>"}}
    return G, catalogue


def test_hostile_corpus_executes_nothing_and_shows_text(opened, tmp_path, artifacts):
    G, catalogue = _hostile_graph()
    view = draw(G, title=TITLE, subtitle="<marquee onstart=alert(12)>" + TITLE, catalogue=catalogue)
    page = opened(view.save(tmp_path / "hostile.html"))
    assert _drawn(page) == (G.number_of_nodes(), G.number_of_edges())
    assert page.text_content("#heading") == TITLE
    assert page.text_content("#subtitle") == "<marquee onstart=alert(12)>" + TITLE
    assert page.title() == TITLE
    assert "<script>window.__pwned=10</script>, <iframe src=x>" in page.text_content("#documents")
    assert page.evaluate("Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
                         ".map(a => a.name).filter(n => n.toLowerCase().startsWith('on'))") == []
    assert page.locator("img, iframe, svg image, script[src], marquee, object, embed").count() == 0

    _still(page)
    ids = _ids(page)
    for node in (HOSTILE[0], "javascript:window.__pwned=1"):
        text = _hover(page, _node_point(page, ids[node]))
        assert text.splitlines()[0] == G.nodes[node]["label"]
        assert " — <script>window.__pwned=10</script> (<iframe src=x>, \"><img src=x onerror=alert(11)>)" in text
        assert "001 (no paragraph)" in text
    point = _node_point(page, ids[HOSTILE[0]])
    page.mouse.click(point["x"], point["y"])
    page.fill("#find", "javascript:window.__pwned=4")
    page.press("#find", "Enter")
    assert page.evaluate(f"{IG}.network.getSelectedNodes()") == [ids["javascript:window.__pwned=4"]]
    page.screenshot(path=str(artifacts / "view-hostile.png"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    _clean(page)


def test_a_large_view_draws_at_once_with_physics_off(opened, tmp_path, artifacts):
    rng = random.Random(2024)
    kinds = [["Actor", "Company"], ["State"], ["Project", "Facility"], ["Person"], ["Bank"], ["Commodity"]]
    relations = ["investsIn", "leads", "supplies", "dependsOn", "partnersWith", "locatedIn", "competesWith"]
    G = nx.MultiDiGraph(symmetric=["partnersWith", "competesWith"])
    for i in range(2000):
        G.add_node(f"{ID}n{i}", label=f"Entity {i}", types=rng.choice(kinds))
    while G.number_of_edges() < 5000:
        u, v = rng.sample(range(2000), 2)
        money = rng.random() < 0.3
        G.add_edge(f"{ID}n{u}", f"{ID}n{v}", relation=rng.choice(relations), measure="usd" if money else None,
                   weight=rng.uniform(1e6, 1e10) if money else None,
                   sources=[(f"{rng.randrange(50):03d}_x", rng.randrange(1, 90))])
    view = draw(G, title="Synthetic network", size_by="degree")
    page = opened(view.save(tmp_path / "large.html"))
    assert _drawn(page) == (2000, 5000)
    assert page.evaluate(f"{IG}.network.physics.options.enabled") is False
    assert "Positions are fixed" in page.inner_text("#panel")
    # Nothing moved: every node is drawn where the layout computed in Python put it (getPositions rounds).
    assert page.evaluate(f"""(() => {{ const g = {IG}, at = g.network.getPositions();
        return g.nodes.get().filter(n => Math.abs(at[n.id].x - n.x) > 1 || Math.abs(at[n.id].y - n.y) > 1)
            .length; }})()""") == 0
    page.screenshot(path=str(artifacts / "view-large.png"))
    _clean(page)
