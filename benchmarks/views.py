"""Time to first draw of large network views: ours (``influencegraph.views.draw``) against pyvis defaults.

    python benchmarks/views.py [--sizes 500 2000 5000] [--edges-per-node 2.56] [--timeout 120] [--repeat 3]
                               [--json PATH] [--keep DIR]

Each size gets a seeded synthetic graph shaped like the projection (a few states, many companies, projects and
facilities, commodities, places and people; mixed relations; investments with USD amounts and sources), with
round(nodes × edges-per-node) edges. Two contenders draw it and headless Chromium opens the page:

* ours: ``draw(G, title=...)`` (centrality for node size, igraph layout, tooltips; physics off above 300 nodes)
  and ``.save(path)``;
* pyvis defaults: ``Network(directed=True, cdn_resources="in_line")`` (vis-network inlined so the page works
  offline; otherwise defaults, physics on), the stock ``add_node`` and ``add_edge`` loops (quadratic: each checks
  a list of the node ids) and ``generate_html``. Its template also loads Bootstrap from a CDN: every non-file
  request is aborted.

Columns: ``build s`` the wall time in Python from graph to HTML file on disk; ``file MB`` the page's size;
``first draw s`` when vis-network first fired ``afterDrawing`` on the page, in seconds since navigation start
(with physics on, vis-network draws only once stabilised), the median of ``--repeat`` openings in fresh browser
contexts, or ``> TIMEOUT s`` when it had not drawn by then (a page that times out is not opened again);
``drawn nodes`` the nodes vis-network holds at that point. Ours reads ``window.influencegraph.firstDraw``; for
pyvis an init script wraps ``vis.Network`` to listen for the same event (checked against ours, where both run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
CHROMIUM = os.environ.get("INFLUENCEGRAPH_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}

# Wraps vis.Network, whatever page creates it: vis-network's UMD bundle runs `t.vis = t.vis || {}` and then sets
# `Network` on that object, so a setter on window.vis watches the object and a setter on it wraps the constructor.
HOOK = """(() => {
  window.__firstDraw = null; window.__networks = [];
  const wrap = (N) => {
    if (typeof N !== "function" || N.__timed) { return N; }
    const Timed = function (...args) {
      const network = new N(...args);
      window.__networks.push(network);
      network.once("afterDrawing", () => {
        if (window.__firstDraw === null) { window.__firstDraw = performance.now(); }
      });
      return network;
    };
    Timed.prototype = N.prototype; Timed.__timed = true;
    return Timed;
  };
  const watch = (ns) => {
    if (!ns || typeof ns !== "object" || ns.__watched) { return ns; }
    let N = wrap(ns.Network);
    Object.defineProperty(ns, "Network", {configurable: true, enumerable: true, get: () => N,
                                          set: (v) => { N = wrap(v); }});
    Object.defineProperty(ns, "__watched", {value: true});
    return ns;
  };
  let vis = watch(window.vis);
  Object.defineProperty(window, "vis", {configurable: true, get: () => vis, set: (v) => { vis = watch(v); }});
})();"""
HOOKED = {"first": "window.__firstDraw", "nodes": "window.__networks[0].body.nodeIndices.length"}
OURS = {"first": "window.influencegraph && window.influencegraph.firstDraw",
        "nodes": "window.influencegraph.drawn().nodes"}

TYPES = {"state": ["Actor", "State"], "company": ["Actor", "Company", "Organisation"], "project": ["Project"],
         "facility": ["Project", "Facility"], "commodity": ["Commodity"], "place": ["Place", "City"],
         "person": ["Person", "Actor"]}
# relation, source kinds, target kinds, share of the edges beyond each node's first
RULES = [("investsIn", ("company", "company", "state"), ("project", "facility"), 0.22),
         ("leads", ("company", "person"), ("project", "facility", "company"), 0.10),
         ("supplies", ("company",), ("company", "state"), 0.10),
         ("dependsOn", ("state", "company"), ("state", "commodity"), 0.06),
         ("competesWith", ("company",), ("company",), 0.10),
         ("partnersWith", ("company", "state"), ("company", "state"), 0.10),
         ("locatedIn", ("project", "facility", "company"), ("place",), 0.14),
         ("inHostCountry", ("project", "facility"), ("state",), 0.08),
         ("produces", ("facility", "company"), ("commodity",), 0.10)]
# each node's first edge, one of: (relation, the node is the source?, kind at the other end)
HOME = {"company": [("locatedIn", True, "place"), ("investsIn", True, "project"), ("supplies", True, "company"),
                    ("partnersWith", True, "company")],
        "project": [("inHostCountry", True, "state")], "facility": [("inHostCountry", True, "state")],
        "place": [("locatedIn", True, "state")], "commodity": [("produces", False, "facility")],
        "person": [("leads", True, "company")], "state": [("dependsOn", True, "state")]}
SECTORS = ["aluminium", "copper", "uranium", "rare earths", "oil and gas", "hydropower", "railways", "ports",
           "telecoms", "banking", "agriculture", "solar", "wind", "logistics", "steel"]
SYLLABLES = ["ka", "ro", "tan", "mir", "zhe", "bek", "sha", "lin", "ost", "aral", "dor", "nur", "vey", "quan"]


def synthetic(n: int, m: int, seed: int = 7):
    """A projection-shaped ``MultiDiGraph`` with ``n`` nodes and ``m`` edges; the same arguments give the same graph."""
    import networkx as nx

    from influencegraph.analysis.projection import strength

    rng = random.Random(seed)
    sizes = {"state": max(3, min(60, n // 50)), "commodity": max(2, n // 40), "place": max(2, n // 15),
             "person": max(1, n // 25), "project": max(1, n // 10), "facility": max(1, n // 10)}
    sizes["company"] = n - sum(sizes.values())
    if sizes["company"] < 1:
        raise ValueError(f"{n} nodes are too few for the synthetic graph (at least 20)")
    G = nx.MultiDiGraph(relation_labels={r[0]: r[0] for r in RULES} | {
        "investsIn": "invests in", "dependsOn": "depends on", "competesWith": "competes with",
        "partnersWith": "partners with", "locatedIn": "is located in", "inHostCountry": "has host country"},
        symmetric=["competesWith", "partnersWith", "tradesWith"])
    pools = {}
    for kind, count in sizes.items():
        pools[kind] = []
        for i in range(count):
            node = f"https://example.org/id/{kind}/{i:05d}"
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            label = {"company": f"{name} {rng.choice(['Group', 'Holding', 'Mining', 'Energy', 'Corp'])}",
                     "project": f"{name} project", "facility": f"{name} plant"}.get(kind, f"{name} {i}")
            G.add_node(node, label=label, type="City" if kind == "place" else kind.title(),
                       types=TYPES[kind], sectors=[rng.choice(SECTORS)] if kind in ("company", "project") else [])
            pools[kind].append(node)
    for node in pools["company"] + pools["place"]:
        G.nodes[node]["country"] = pick(rng, pools["state"])

    def add(u, v, relation):                    # G.number_of_edges() would count them all each time
        if u == v:
            return
        count[0] += 1
        edge = {"relation": relation, "sources": [(f"{rng.randrange(60):03d}_synthetic", rng.randint(1, 40))
                                                  for _ in range(rng.randint(0 if relation == "locatedIn" else 1, 3))]}
        if relation == "investsIn":
            edge.update(measure="usd", unit="USD", weight=float(round(10 ** rng.uniform(6, 10.5), -5)))
        if relation in ("investsIn", "supplies", "produces") or rng.random() < 0.2:
            edge["sectors"] = [rng.choice(SECTORS)]
        edge["strength"] = strength(edge.get("measure"), edge.get("weight"))
        G.add_edge(u, v, **edge)

    count = [0]
    for kind, nodes in pools.items():
        for node in nodes:
            if count[0] < m:
                relation, outward, other = rng.choice(HOME[kind])
                end = pick(rng, pools[other])
                if outward:
                    add(node, end, relation)
                else:
                    add(end, node, relation)
    while count[0] < m:
        relation, sources, targets, _share = rng.choices(RULES, weights=[r[3] for r in RULES])[0]
        add(pick(rng, pools[rng.choice(sources)]), pick(rng, pools[rng.choice(targets)]), relation)
    return G


def pick(rng, pool):
    """A node of ``pool``, skewed towards its first ones: a few hubs, many nodes with one or two ties."""
    return pool[int(len(pool) * rng.random() ** 2.5)]


def build_ours(G, path: Path) -> None:
    from influencegraph.views import draw
    draw(G, title=f"Synthetic network: {G.number_of_nodes():,} nodes").save(path)


def build_pyvis(G, path: Path) -> None:
    from pyvis.network import Network
    net = Network(directed=True, cdn_resources="in_line")
    for node, d in G.nodes(data=True):
        net.add_node(node, label=d["label"], title=d["type"])
    for u, v, d in G.edges(data=True):
        net.add_edge(u, v, title=d["relation"])
    path.write_text(net.generate_html(), encoding="utf-8")     # write_html() would use the locale's encoding


def first_draw(browser, path: Path, probe: dict, timeout: float) -> dict:
    """Open ``path`` offline once; when vis-network first drew (s since navigation start) and what it holds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(HOOK)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        started = time.monotonic()
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout * 1000)
        left = max(timeout - (time.monotonic() - started), 0.001)
        try:
            page.wait_for_function(f"() => ({probe['first']}) != null", timeout=left * 1000, polling=50)
        except PlaywrightTimeout:
            return {"first_draw_s": None, "drawn_nodes": None, "hook_first_draw_s": None}
        first, nodes, hooked = page.evaluate(f"() => [{probe['first']}, {probe['nodes']}, window.__firstDraw]")
        if first > timeout * 1000:
            return {"first_draw_s": None, "drawn_nodes": None, "hook_first_draw_s": None}
        return {"first_draw_s": round(first / 1000, 3), "drawn_nodes": nodes,
                "hook_first_draw_s": None if hooked is None else round(hooked / 1000, 3)}
    finally:
        context.close()


CONTENDERS = [("ours", build_ours, OURS), ("pyvis defaults", build_pyvis, HOOKED)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000], help="node counts")
    parser.add_argument("--edges-per-node", type=float, default=2.56, help="edges = round(nodes × this)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for a first draw (default 120)")
    parser.add_argument("--repeat", type=int, default=3, help="openings of each page (default 3; median shown)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic graphs")
    parser.add_argument("--json", metavar="PATH", help="also write the measurements as JSON")
    parser.add_argument("--keep", metavar="DIR", help="keep the HTML pages in DIR")
    args = parser.parse_args(argv)
    if args.repeat < 1 or min(args.sizes) < 20:
        parser.error("--repeat must be 1 or more, and each of --sizes 20 or more")
    if not Path(CHROMIUM).exists():
        parser.error(f"chromium not found at {CHROMIUM} (apt-get install chromium, or set INFLUENCEGRAPH_CHROMIUM)")

    from playwright.sync_api import sync_playwright
    scratch = tempfile.TemporaryDirectory(prefix="views-bench-")
    folder = Path(args.keep or scratch.name)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        chromium = browser.version
        warm, path = synthetic(20, 51, seed=args.seed), Path(scratch.name) / "warm-up.html"
        for _name, build, probe in CONTENDERS:            # imports, templates, vis-network read; browser started
            build(warm, path)
            first_draw(browser, path, probe, args.timeout)
        for n in args.sizes:
            G = synthetic(n, round(n * args.edges_per_node), seed=args.seed)
            for name, build, probe in CONTENDERS:
                print(f"{n:,} nodes: {name}: building", file=sys.stderr)
                path = folder / f"{name.split()[0]}-{n}.html"
                started = time.perf_counter()
                build(G, path)
                row = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "contender": name,
                       "build_s": round(time.perf_counter() - started, 3),
                       "file_mb": round(path.stat().st_size / 1e6, 2)}
                print(f"{n:,} nodes: {name}: built in {row['build_s']:.2f} s; drawing", file=sys.stderr)
                runs = []
                for _ in range(args.repeat):
                    runs.append(first_draw(browser, path, probe, args.timeout))
                    if runs[-1]["first_draw_s"] is None:
                        break
                times = [r["first_draw_s"] for r in runs]
                row.update(first_draw_s=None if None in times else round(statistics.median(times), 3),
                           drawn_nodes=runs[-1]["drawn_nodes"], first_draw_runs_s=times,
                           hook_first_draw_runs_s=[r["hook_first_draw_s"] for r in runs])
                rows.append(row)
        browser.close()
    scratch.cleanup()

    machine = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
               "chromium": chromium}
    notes = [(f"first draw: vis-network's first afterDrawing, s since navigation start, headless Chromium "
              f"{VIEWPORT['width']}x{VIEWPORT['height']}; median of {args.repeat}; timeout {args.timeout:g} s"),
             ('pyvis defaults: Network(directed=True, cdn_resources="in_line") (vis-network inlined so the page '
              "works offline; CDN requests aborted), stock add_node/add_edge loops, physics on")]
    print(f"{machine['platform']}, Python {machine['python']}, {machine['cpus']} CPUs, Chromium {chromium}")
    for note in notes:
        print(note)
    header = ["nodes", "edges", "contender", "build s", "file MB", "first draw s", "drawn nodes"]
    table = [[f"{r['nodes']:,}", f"{r['edges']:,}", r["contender"], f"{r['build_s']:.2f}", f"{r['file_mb']:.2f}",
              f"> {args.timeout:g} s" if r["first_draw_s"] is None else f"{r['first_draw_s']:.2f}",
              "—" if r["drawn_nodes"] is None else f"{r['drawn_nodes']:,}"] for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in table)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) if i == 2 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for line in table:
        print("  ".join(c.ljust(w) if i == 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"machine": machine, "settings": {"sizes": args.sizes, "edges_per_node": args.edges_per_node,
                                                        "timeout_s": args.timeout, "repeat": args.repeat,
                                                        "seed": args.seed},
                       "notes": notes, "rows": rows}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
