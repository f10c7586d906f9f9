"""Kazakhstan's dependency on China versus Russia, sector by sector, and a report to hand on.

    python examples/china_vs_russia.py [--output-dir build/examples]

Prints, for each sector, what the sources say each of the two states provides Kazakhstan (capital, projects led,
stated dependencies with their largest share) and writes the full dependency report as HTML and Markdown.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import influencegraph
from influencegraph.formatting import cell_text

STATES = ("People's Republic of China", "Russia")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=Path("build/examples"))
    args = parser.parse_args(argv)

    kg = influencegraph.load()
    dep = kg.dependency("Kazakhstan", partners=list(STATES))

    # One row per sector, one column per state: "USD 7.5 bn; leads 1; 1 dependency (81%)".
    exposure = dep.exposure[dep.exposure.state.isin(STATES)]
    def describe(row) -> str:
        parts = []
        if row.capital_usd == row.capital_usd:
            parts.append(cell_text("capital_usd", row.capital_usd))
        if row.projects_led:
            parts.append(f"leads {row.projects_led}")
        if row.dependencies:
            share = f" ({cell_text('share', row.largest_share)})" if row.largest_share == row.largest_share else ""
            parts.append(f"{row.dependencies} dependenc{'y' if row.dependencies == 1 else 'ies'}{share}")
        return "; ".join(parts) or "–"
    table = (exposure.assign(what=exposure.apply(describe, axis=1))
             .pivot_table(index="sector", columns="state", values="what", aggfunc="first", fill_value="–"))
    print("Kazakhstan: what China and Russia provide, by sector (sources in the report)\n")
    print(table.to_string())

    nuclear = dep.lead_partners[dep.lead_partners.sector == "nuclear energy"]
    print("\nNuclear power plants led, by state:")
    for row in nuclear.itertuples():
        print(f"  {row.state}: {row.projects} ({', '.join(row.actors)}; sources {', '.join(row.sources)})")

    args.output_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("html", "md"):
        path = dep.save(args.output_dir / f"kazakhstan-china-russia.{suffix}")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
