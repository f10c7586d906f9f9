"""A selected network → one self-contained HTML page, through pyvis.

pyvis holds the network (its ``Network`` object, node and edge lists, vis-network options) and renders it with
its Jinja template mechanism; this module fills pyvis's lists in one batch (pyvis's own ``add_node`` and
``add_edge`` check every earlier node and edge, which is quadratic) and swaps its stock template, which loads
vis-network and Bootstrap from CDNs and writes the heading unescaped, for ``template.html``:

* vis-network's script and stylesheet (the copy pyvis ships) are inlined; a Content-Security-Policy forbids every
  request, so the page makes none even if something tried;
* the template autoescapes, and data reaches scripts only through Jinja's ``tojson`` (which escapes ``<``, ``>``,
  ``&`` and ``'``); the page's own script writes text with ``textContent``, and vis-network shows string tooltips
  as text;
* positions come from :func:`~influencegraph.views.layout.positions`; above ``physics_limit`` nodes physics is off,
  so the browser draws at once;
* output is byte-identical for the same input (sorted lists, seeded layout, no timestamps).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..textsafety import strip_bidi
from . import style
from .layout import positions
from .tooltips import edge_tooltip, node_tooltip

__all__ = ["render", "assets", "PHYSICS_LIMIT"]

#: Above this many nodes, physics is off: the layout computed in Python is final.
PHYSICS_LIMIT = 300
_VIS = re.compile(r"vis-(\d+)\.(\d+)\.(\d+)$")


@lru_cache(maxsize=1)
def assets() -> dict:
    """vis-network's script and stylesheet from the copy pyvis ships (its newest version there), as text."""
    from markupsafe import Markup
    lib = resources.files("pyvis") / "templates" / "lib"
    versions = sorted((tuple(int(x) for x in m.groups()), d) for d in lib.iterdir()
                      if (m := _VIS.match(d.name)) and (d / "vis-network.min.js").is_file())
    if not versions:  # pragma: no cover - pyvis always ships one
        raise RuntimeError(f"pyvis ships no vis-network under {lib}")
    version, folder = versions[-1]
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # Inlined, a "</script" (or "</style") would end the element early; pyvis's copies have none. Refuse rather
    # than patch minified code if a future copy does.
    for name, text, tag in (("vis-network.min.js", script, "script"), ("vis-network.css", css, "style")):
        if re.search(rf"</{tag}|<!--", text, re.I):  # pragma: no cover - a future pyvis
            raise RuntimeError(f"{folder / name} cannot be inlined: it contains </{tag} or <!--")
    return {"vis_js": Markup(script), "vis_css": Markup(css), "vis_version": ".".join(map(str, version))}


def _environment(context: dict):
    from jinja2 import Environment, PackageLoader, select_autoescape
    env = Environment(loader=PackageLoader("influencegraph.views", "."),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    env.globals.update(context)
    return env


def _options(physics: bool, seed: int, families: list) -> dict:
    large = not physics
    groups = {f.name: {"color": {"background": f.colour, "border": "#333333",
                                 "highlight": {"background": f.colour, "border": "#000000"},
                                 "hover": {"background": f.colour, "border": "#000000"}},
                       "shape": f.shape} for f in families}
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"borderWidth": 1, "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3,
                                             "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 7 if large else 4}}},
        "edges": {"smooth": False if large else {"type": "continuous", "roundness": 0.3},
                  "arrows": {"to": {"enabled": False, "scaleFactor": 0.55}},
                  "color": {"inherit": False, "opacity": 0.85}, "selectionWidth": 2, "hoverWidth": 0.5},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -150, "springLength": 140, "avoidOverlap": 0.8},
                    "stabilization": {"enabled": physics, "iterations": 400, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
        "layout": {"improvedLayout": False, "randomSeed": seed},
    }


def render(G, title: str, subtitle: str = "", catalogue: dict | None = None, facts: dict | None = None,
           scores: dict | None = None, size_by: str = "pagerank", seed: int = 7,
           physics_limit: int = PHYSICS_LIMIT, names: dict | None = None) -> str:
    """The page for ``G`` (a projection or a selection of one).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Nodes with ``label``, ``types``; edges with ``relation`` and, where known, ``measure``, ``weight``,
        ``sources``.
    title, subtitle : str
        The page's heading and the line under it (escaped).
    catalogue : dict, optional
        Source number → ``{"title", "outlet", "issued"}``, for tooltips and the list of sources.
    facts : dict, optional
        Node → ``[(text, [(source, paragraph), ...]), ...]`` (see :func:`~.tooltips.node_facts`).
    scores : dict, optional
        Node → the centrality behind node size.
    size_by : str
        The measure ``scores`` holds, named in tooltips and the legend.
    physics_limit : int
        Physics stays on up to this many nodes.
    names : dict, optional
        Node → label for nodes outside ``G`` that tooltips name (a home state not drawn, say).
    """
    from pyvis.network import Network

    catalogue = catalogue or {}
    facts = facts or {}
    scores = scores or {}
    nodes = list(G.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pos = positions(G, seed=seed)
    sizes = style.node_sizes({n: scores.get(n, 0.0) for n in nodes}) if scores else {}
    symmetric = set(G.graph.get("symmetric") or ())

    node_list, family_count = [], {}
    for node in nodes:
        data = G.nodes[node]
        family = style.node_family(data.get("types") or [data.get("type")])
        family_count[family] = family_count.get(family, 0) + 1
        x, y = pos[node]
        node_list.append({"id": index[node], "label": _plain(data.get("label") or str(node).rsplit("/", 1)[-1]),
                          "group": family, "x": x, "y": y, "size": sizes.get(node, 14.0), "iri": str(node),
                          "title": _plain(node_tooltip(G, node, catalogue, facts.get(node, ()), scores.get(node),
                                                       size_by, names))})
    edge_list, relation_count, hedged, inferred = [], {}, {}, 0
    bends = _bends(G, index)
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        relation = d.get("relation") or "related"
        family = style.family(style.relation_family(relation))
        relation_count[relation] = relation_count.get(relation, 0) + 1
        edge = {"id": i, "from": index[u], "to": index[v], "relation": relation, "color": family.colour,
                "width": style.edge_width(d.get("measure"), d.get("weight")), "dashes": family.dashes,
                "title": _plain(edge_tooltip(G, u, v, d, catalogue, names))}
        if d.get("modality", "stated") != "stated":      # not stated as fact: dashed and lighter
            edge["dashes"] = list(style.HEDGED_DASHES)
            edge["color"] = {"color": family.colour, "opacity": style.HEDGED_OPACITY}
            for modality in d["modality"].split("; "):
                hedged[modality] = hedged.get(modality, 0) + 1
        if d.get("inferred"):                             # the curator's inference: a halo behind the line
            edge["background"] = dict(style.INFERRED_HALO)
            inferred += 1
        if relation not in symmetric:
            edge["arrows"] = "to"
        if bends[i] is not None:
            edge["smooth"] = bends[i]
        edge_list.append(edge)

    physics = 0 < len(nodes) <= physics_limit
    present = [f for f in style.NODE_FAMILIES if f.name in family_count]
    net = Network(height="100%", width="100%", directed=True, heading=_plain(title), cdn_resources="in_line")
    net.nodes, net.edges = node_list, edge_list          # one batch, not pyvis's quadratic add_node/add_edge
    net.node_ids, net.node_map = list(range(len(nodes))), {n["id"]: n for n in node_list}
    net.options = _options(physics, seed, present)
    labels = G.graph.get("relation_labels") or {}
    legend = {
        "nodes": [{"name": f.name, "colour": f.colour, "shape": f.shape, "count": family_count[f.name]}
                  for f in present],
        "edges": [{"name": fam.name, "colour": fam.colour, "dash": _dasharray(fam.dashes),
                   "relations": [{"name": r, "label": labels.get(r, r), "count": relation_count[r]}
                                 for r in sorted(relation_count) if style.relation_family(r) == fam.name]}
                  for fam in (*style.RELATION_FAMILIES, style.family("Other relations"))
                  if any(style.relation_family(r) == fam.name for r in relation_count)],
        # shown only when the view has such ties
        "hedged": {"dash": _dasharray(style.HEDGED_DASHES), "opacity": style.HEDGED_OPACITY,
                   "modalities": [{"name": m, "count": n} for m, n in sorted(hedged.items())]} if hedged else None,
        "inferred": {"count": inferred, "colour": style.INFERRED_HALO["color"],
                     "size": style.INFERRED_HALO["size"]} if inferred else None,
    }
    sources = sorted({s[:3] for _u, _v, d in G.edges(data=True) for s, _p in d.get("sources") or ()})
    context = {"assets": assets(), "subtitle": _plain(subtitle), "vis_options": net.options, "legend": legend, "size_by": size_by,
               "size_on_influence": bool(G.graph.get("influence")),
               "physics": physics, "counts": {"nodes": len(node_list), "edges": len(edge_list)},
               "documents": [{"number": s, **{k: _plain(v) for k, v in (catalogue.get(s) or {}).items()}}
                             for s in sources]}
    net.templateEnv, net.path = _environment(context), "template.html"
    return _pin_scripts(net.generate_html(name="view.html"))


#: Bidirectional controls can make a label read backwards ("\u202eevil" shows as "live"); they are dropped from
#: everything drawn (:func:`influencegraph.textsafety.strip_bidi`, shared with the reports).
_plain = strip_bidi


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _pin_scripts(html: str) -> str:
    """Allow exactly the page's own inline scripts, by hash, in its Content-Security-Policy: were any data to slip
    past escaping into markup, a script or event handler it formed would not run."""
    import base64
    import hashlib
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                      for body in _SCRIPT.findall(html))
    return html.replace("script-src 'unsafe-inline'", f"script-src {hashes}", 1)


def _bends(G, index) -> list:
    """A curve for each of several ties between the same two nodes (else ``None``), alternating sides and growing,
    so that every tie can be seen, hovered and clicked. Ties A→B and B→A bend by the pair's order, not their own."""
    groups: dict[tuple, list[int]] = {}
    ends = []
    for i, (u, v) in enumerate(G.edges()):
        a, b = index[u], index[v]
        groups.setdefault((min(a, b), max(a, b)), []).append(i)
        ends.append(a <= b)
    bends: list = [None] * len(ends)
    for members in groups.values():
        if len(members) < 2:
            continue
        per_side = (len(members) + 1) // 2
        step = min(0.3, 0.9 / per_side)
        for rank, i in enumerate(members):
            clockwise = (rank % 2 == 0) == ends[i]
            bends[i] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                        "roundness": round(step * (rank // 2 + 1), 3)}
    return bends


def _dasharray(dashes) -> str:
    return " ".join(str(x) for x in dashes) if dashes else ""
