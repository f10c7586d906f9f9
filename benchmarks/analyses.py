"""Time the analyses on the seed graph: projection, centrality, the dependency profile and its reports.

    python benchmarks/analyses.py [--repeat 5] [--country Kazakhstan] [--json results.json]

Each step runs `--repeat` times after one warm-up run; the table shows the median and the fastest wall time in
milliseconds, and the size of what was computed. The scale issue extends this to generated graphs.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time


def _time(func, repeat: int):
    result = func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(times), min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per step (default 5)")
    parser.add_argument("--country", default="Kazakhstan", help="host country of the dependency report")
    parser.add_argument("--json", metavar="PATH", help="also write the measurements as JSON")
    args = parser.parse_args(argv)

    import influencegraph
    from influencegraph.analysis import centrality
    from influencegraph.analysis.dependency import dependency_profile
    from influencegraph.analysis.projection import project

    start = time.perf_counter()
    kg = influencegraph.load()
    load_ms = (time.perf_counter() - start) * 1000
    G = project(kg)
    steps = [
        ("projection", lambda: project(kg), lambda g: f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"),
        ("centrality", lambda: centrality.centrality(G), lambda t: f"{len(t)} nodes scored"),
        ("dependency profile", lambda: dependency_profile(G, args.country, kg=kg),
         lambda p: f"{len(p.investments)} investments, {len(p.scenarios)} scenarios"),
        ("dependency report (md)", lambda: dependency_profile(G, args.country, kg=kg).to_markdown(),
         lambda text: f"{len(text):,} characters"),
        ("dependency report (html)", lambda: dependency_profile(G, args.country, kg=kg).to_html(),
         lambda text: f"{len(text):,} characters"),
        ("projection + centrality + report", lambda: dependency_profile(project(kg), args.country, kg=kg).to_html(),
         lambda text: "end to end"),
    ]
    rows = []
    for n, (name, func, describe) in enumerate(steps, 1):
        print(f"[{n}/{len(steps)}] {name}", file=sys.stderr)
        result, median, fastest = _time(func, args.repeat)
        rows.append({"step": name, "median_ms": round(median, 2), "min_ms": round(fastest, 2),
                     "size": describe(result)})
    print(f"seed graph: {len(kg.dataset)} statements, loaded in {load_ms:.0f} ms; {args.repeat} runs per step")
    width = max(len(r["step"]) for r in rows)
    print(f"{'step':<{width}}  {'median ms':>10}  {'min ms':>10}  size")
    for r in rows:
        print(f"{r['step']:<{width}}  {r['median_ms']:>10.1f}  {r['min_ms']:>10.1f}  {r['size']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"machine": {"python": platform.python_version(), "platform": platform.platform()},
                       "statements": len(kg.dataset), "load_ms": load_ms, "steps": rows}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
