"""Time the named-query suite on the seed graph in both engines and print the median per query.

    python benchmarks/queries.py [--repeat 7] [--json results.json]

Each query runs with its default parameters, `--repeat` times per engine after one warm-up run; the table
shows the median wall time in milliseconds and the ratio rdflib / Oxigraph. Loading is timed separately.
The scale issue extends this to generated graphs of 10k to 1M+ triples.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query and engine (default 7)")
    parser.add_argument("--json", metavar="PATH", help="also write the measurements as JSON")
    args = parser.parse_args(argv)

    import influencegraph
    from influencegraph.sparql import engines
    from influencegraph.sparql.library import library

    started = time.perf_counter()
    kg = influencegraph.load()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    engines.engine("oxigraph", kg.dataset)
    ox_load_s = time.perf_counter() - started

    rows = []
    queries = library()
    for n, (name, q) in enumerate(queries.items(), 1):
        print(f"[{n}/{len(queries)}] {name}", file=sys.stderr, end="\r")
        bindings = q.bindings(kg)
        row = {"query": name}
        for engine in ("rdflib", "oxigraph"):
            engines.run(kg.dataset, q.text, bindings, engine)                       # warm-up
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                result = engines.run(kg.dataset, q.text, bindings, engine)
                times.append(time.perf_counter() - t)
            row[engine] = statistics.median(times) * 1000
            row["rows"] = len(result)
        rows.append(row)
    print(" " * 60, file=sys.stderr, end="\r")

    print(f"seed graph: {len(kg.dataset)} statements; load (rdflib) {load_s:.2f} s, copy into Oxigraph "
          f"{ox_load_s * 1000:.0f} ms; {args.repeat} runs per query; Python {platform.python_version()}, "
          f"{platform.machine()}")
    width = max(len(r["query"]) for r in rows)
    print(f"{'query':<{width}}  {'rows':>5}  {'rdflib ms':>10}  {'oxigraph ms':>11}  {'ratio':>6}")
    for r in rows:
        print(f"{r['query']:<{width}}  {r['rows']:>5}  {r['rdflib']:>10.1f}  {r['oxigraph']:>11.1f}  "
              f"{r['rdflib'] / max(r['oxigraph'], 1e-6):>6.1f}")
    total_r, total_o = sum(r["rdflib"] for r in rows), sum(r["oxigraph"] for r in rows)
    print(f"{'total of medians':<{width}}  {'':>5}  {total_r:>10.1f}  {total_o:>11.1f}  {total_r / total_o:>6.1f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"statements": len(kg.dataset), "repeat": args.repeat, "load_s": load_s,
                       "oxigraph_copy_s": ox_load_s, "queries": rows}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
