"""What if Rosatom were sanctioned — and what if every Russian actor left Kazakhstan?

    python examples/rosatom_sanctioned.py [--output-dir build/examples]

Runs both what-if scenarios on the graph, prints what each breaks (projects losing their lead, capacity and
capital at risk, who is exposed along dependency ties), and writes the scenario report as HTML.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import influencegraph
from influencegraph.report import build_report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=Path("build/examples"))
    args = parser.parse_args(argv)

    kg = influencegraph.load()
    for removed in (["Rosatom"], ["Russia"]):
        scenario = kg.scenario(remove=removed, country="Kazakhstan")
        print(f"\nIf {' and '.join(removed)} left Kazakhstan (with every actor and asset of theirs):")
        print(f"  removed: {', '.join(scenario.removed.actor)}")
        lost = scenario.projects_losing_lead
        for row in lost[lost.status == "lost"].itertuples():
            print(f"  loses its lead: {row.project} (was {', '.join(row.lost)}; sources {', '.join(row.sources)})")
        kept = scenario.projects_losing_lead[scenario.projects_losing_lead.status == "kept"]
        for row in kept.itertuples():
            print(f"  keeps a lead: {row.project} ({', '.join(row.remaining)})")
        first = scenario.cascade[scenario.cascade["round"] == 1]
        for row in first.itertuples():          # each tie in words, the dependant first
            print(f"  exposed: {row.tie}; sources {', '.join(row.sources)}")

    args.output_dir.mkdir(parents=True, exist_ok=True)
    report = build_report(kg, "scenario", remove=["Rosatom"], country="Kazakhstan")
    path = report.save(args.output_dir / "rosatom-sanctioned.html")
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
