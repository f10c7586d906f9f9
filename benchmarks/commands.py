"""scale.py's ``commands`` contender: the CLI end to end on the generated project, each command in its own process.

A fresh build folder (``$INFLUENCEGRAPH_BUILD``) under ``PROJECT/bench-commands/``, then, in this order: the full
``build``; raw pyoxigraph's ``bulk_load`` of the build's N-Quads; the build again with nothing changed;
``query NAME`` for a few named queries; ``stats``; ``sources ENTITY``; ``report dependency`` and a 5,000-node
``view``, twice each (first with the build's network cache emptied, so the network is projected; then from the
cache the first run wrote); ``--help`` (median of 5); every named query on the build's store
(``influencegraph.load(root=...)``, in scale.py's child, ``store`` contender); last, the build after one literal
of one source file changed, compared byte for byte with a ``--rebuild`` of the same inputs into another folder,
and the file restored. ``seconds`` is the child's wall time, ``peak_MB`` its maximum resident set (GNU
``/usr/bin/time -f %M``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

#: Named queries run end to end by ``influencegraph query NAME`` (their default parameters name the generated
#: project's State 001, State 006 and company-00001 through generate.py's aliases).
QUERIES = ["corroborated-facts", "capital-by-origin", "entity-claims", "investments-in-country"]
FOLDER = "bench-commands"
TIME = "/usr/bin/time"
#: The literal changed in the last source file (a position's title), and what it becomes.
LITERAL, CHANGED = re.compile(rb'(ig:title ")([^"]*)(")'), b" (changed)"
RAW_LOAD = """import os, sys, tempfile, time, pyoxigraph as ox
with tempfile.TemporaryDirectory(dir=sys.argv[2]) as tmp:
    start = time.perf_counter(); store = ox.Store(os.path.join(tmp, "raw"))
    store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
    print(time.perf_counter() - start, len(store))
    del store"""


def run(argv: list, env: dict, timeout: float) -> dict:
    """Run ``argv`` in a child process: ``seconds`` (wall), ``peak_mb``, ``status``, ``stdout`` and ``stderr``; a
    child still running after ``timeout`` seconds is killed (with whatever it started).

    ``peak_mb`` is the child's maximum resident set, as GNU ``/usr/bin/time`` reports it, else (no such program)
    ``os.wait4``'s ``ru_maxrss``, which Linux starts at this process's size when it forks the child."""
    gnu_time = Path(TIME).is_file()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        proc = subprocess.Popen(([TIME, "-f", "%M", "-o", peak.name] if gnu_time else []) + argv, stdout=out,
                                stderr=err, env=env, start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)        # reaped here: Popen must not wait again
        out.seek(0), err.seek(0)
        reported = peak.read().split()
        kb = int(reported[-1]) if gnu_time and reported and reported[-1].isdigit() else usage.ru_maxrss
        return {"seconds": seconds, "peak_mb": round(kb / 1024, 1), "status": proc.returncode,
                "stdout": out.read().decode(errors="replace"), "stderr": err.read().decode(errors="replace")}


class Commands:
    """The steps, on one generated project (``size`` from scale.py's ``prepare``); each returns its rows."""

    def __init__(self, size: dict, args, python: str, host: str):
        self.size, self.args, self.python, self.host = size, args, python, host
        self.root = Path(size["project"])
        self.cli = [str(Path(python).parent / "influencegraph")]               # the console script, as users run it
        self.work = self.root / FOLDER
        shutil.rmtree(self.work, ignore_errors=True)
        self.build_dir, self.out = self.work / "build", self.work / "out"
        self.out.mkdir(parents=True)
        src = str(Path(__file__).resolve().parents[1] / "src")
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]),
                    "INFLUENCEGRAPH_ROOT": str(self.root), "INFLUENCEGRAPH_BUILD": str(self.build_dir)}
        self.env.pop("INFLUENCEGRAPH_STORE", None)

    def command(self, step: str, *argv: str, note: str = "", env: dict | None = None) -> dict:
        """One CLI command as a row; a failing command is a row with its error as the note."""
        r = run(self.cli + list(argv), env or self.env, self.args.step_timeout)
        shown = "influencegraph " + " ".join(a if " " not in a else repr(a) for a in argv)
        if r["status"] != 0:
            tail = r["stderr"].strip().splitlines()[-1:] or [""]
            note = f"error (status {r['status']}): {tail[0]}"[:300]
        return {"step": step, "seconds": r["seconds"], "peak_mb": r["peak_mb"], "note": f"`{shown}`" +
                (f": {note}" if note else ""), "stderr": r["stderr"], "failed": r["status"] != 0}

    def build(self) -> list:
        first = self.command("build", "build", "-q")
        nq = self.build_dir / "influencegraph.nq"
        raw = run([self.python, "-c", RAW_LOAD, str(nq), str(self.work)], self.env, self.args.step_timeout)
        seconds, quads = (raw["stdout"].split() + ["nan", "0"])[:2]
        raw_row = {"step": "bulk_load", "contender": "pyoxigraph (raw)", "seconds": float(seconds),
                   "peak_mb": raw["peak_mb"], "note": f"Store(dir).bulk_load(path=the build's .nq): {int(quads):,} "
                   f"quads; the child's wall time {raw['seconds']:.2f} s"}
        again = self.command("build again", "build", "-q", note="nothing changed")
        return [first, raw_row, again]

    def reads(self) -> list:
        rows = [self.command(f"query {name}", "query", name, "-o", str(self.out / f"{name}.txt"))
                for name in QUERIES]
        rows.append(self.command("stats", "stats"))
        rows.append(self.command("sources", "sources", self.host, note="the entity with the most claims"))
        for step, argv in (("report dependency", ["report", "dependency", "--country", self.host]),
                           ("view 5,000 nodes", ["view", "--max-nodes", "5000"])):
            shutil.rmtree(self.build_dir / ".cache", ignore_errors=True)       # the first run projects the network
            for run_no in (1, 2):
                out = str(self.out / f"{step.split()[0]}-{run_no}.html")
                row = self.command(f"{step} #{run_no}", *argv, "-o", out)
                row["note"] += ": network from the build's cache" if "network from cache" in row["stderr"] else \
                    ": network projected (cache cold)" if "projecting the network" in row["stderr"] else ""
                rows.append(row)
        times = [self.command("--help", "--help") for _ in range(5)]
        rows.append({**max(times, key=lambda r: r["peak_mb"]), "seconds": statistics.median(
            r["seconds"] for r in times), "note": "`influencegraph --help`: median of 5"})
        return rows

    def change_one_source(self) -> list:
        """The build after one literal of the last source file changed; then a full build of the same inputs into
        another folder, compared byte for byte; then the file restored (the project's own build is then current
        again)."""
        path = sorted((self.root / "graph" / "sources").glob("*.trig"))[-1]
        before = path.read_bytes()
        changed = LITERAL.sub(lambda m: m[1] + m[2] + CHANGED + m[3], before, count=1)
        what = f"one title in graph/sources/{path.name}"
        if changed == before:
            changed, what = before + b"\n# changed by benchmarks/commands.py\n", f"a comment line in {path.name}"
        try:
            path.write_bytes(changed)
            row = self.command("build one change", "build", "-q", note=f"after changing {what}")
            other = self.work / "full"
            full = self.command("build one change", "build", "-q", "--rebuild", note="the same inputs, --rebuild "
                                "into another folder", env={**self.env, "INFLUENCEGRAPH_BUILD": str(other)})
            full["contender"] = "commands (full)"
        finally:
            path.write_bytes(before)
        same = {name: (self.build_dir / name).is_file() and (other / name).is_file() and
                (self.build_dir / name).read_bytes() == (other / name).read_bytes()
                for name in ("influencegraph.nq", "influencegraph.trig")}
        row["identical"] = all(same.values()) and not row["failed"] and not full["failed"]
        row["note"] += "; " + ", ".join(f"{n} {'identical to' if s else 'DIFFERS from'} the full build's"
                                        for n, s in same.items())
        return [row, full]


def measure(size: dict, args, python: str, host: str, store_queries) -> list[dict]:
    """Every step on the project of ``size``, as scale.py's records (``kind`` ``row`` or ``query``);
    ``store_queries(size)`` runs the named queries on the build's store in scale.py's child and gives its records."""
    steps = Commands(size, args, python, host)
    rows = steps.build()
    if not rows[0]["failed"]:
        rows += steps.reads()
        queried = store_queries({**size, "nq": str(steps.build_dir / "influencegraph.nq")})
        rows += [{**r, "contender": "commands (store)"} if r["kind"] == "row" else r for r in queried]
        rows += [] if getattr(args, "no_change", False) else steps.change_one_source()
    return [{"kind": "row", **{k: v for k, v in r.items() if k != "stderr"}} if "kind" not in r else r
            for r in rows]


def _size_near(rows: list, triples: float) -> str | None:
    """The size (label) of ``rows`` whose triples are nearest ``triples`` (by ratio)."""
    import math
    found = {r["size"]: r["triples"] for r in rows}
    return min(found, key=lambda s: abs(math.log(found[s] / triples)), default=None)


def _within(limit: float, unit: str = "s"):
    """A check that a row's number is at most ``limit``: ``(met, text)``."""
    def check(value):
        return value <= limit, {"s": f"{value:.3f} s", "x": f"{value:.1f}x"}.get(unit, f"{value:,.0f} {unit}")
    return check


def targets(results: list, queries: dict, help_s: float) -> list[dict]:
    """The issue's targets (the persistent store, issue 14), each at the size it names (100k or 1M: the measured
    size nearest it): ``target``, ``status`` (met, not met, not measured), ``detail``."""
    mine = [r for r in results if r["contender"].startswith("commands") or r["step"] == "bulk_load"]
    small, big = _size_near(mine, 1e5), _size_near(mine, 1.05e6)
    marks = []
    for name, size, nominal, value, check in _checks(mine, queries, small, big):
        triples = next((r["triples"] for r in mine if r["size"] == size), None)
        at = "" if triples is None else f"at {triples:,} triples" + (
            "" if 0.5 < triples / nominal < 2 else f" (not {'100k' if nominal < 1e6 else '1M'})")
        if value is None:
            marks.append({"target": name, "status": "not measured", "detail": at})
            continue
        number, extra = value if isinstance(value, tuple) else (value, "")
        met, text = check(number)
        marks.append({"target": name, "status": "met" if met else "not met", "detail": f"{at}: {text}{extra}"})
    return marks + [{"target": "influencegraph --help <= 0.15 s", "status": "met" if help_s <= 0.15 else "not met",
                     "detail": f"{help_s:.3f} s, median of 5"}]


def _checks(rows: list, queries: dict, small: str | None, big: str | None) -> list:
    """``(target, size, triples it names, value, check)``: value is None (not measured), a number, or ``(number,
    what else)``."""
    def get(size, step, contender="commands"):
        r = next((r for r in rows if r["size"] == size and r["step"] == step and r["contender"] == contender), None)
        return None if r is None or r["seconds"] is None else r
    def secs(size, step):                                   # a command that failed does not meet its target
        r = get(size, step)
        return r and ((float("inf"), " (the command failed)") if r.get("failed") else r["seconds"])
    build, raw = get(small, "build"), get(small, "bulk_load", "pyoxigraph (raw)")
    change = get(big, "build one change")
    cli = [r for r in rows if r["size"] == big and r["contender"] == "commands" and r["peak_mb"]]
    worst = max(cli, key=lambda r: r["peak_mb"], default=None)
    ran = [r for r in rows if r["size"] == big and r["step"].startswith("query ") and r["contender"] == "commands"]
    slow = max((r for r in ran if not r.get("failed")), key=lambda r: r["seconds"], default=None)
    medians = queries.get(big, {}).get("commands", {})
    slowest = max(medians, key=lambda n: float("inf") if medians[n] is None else medians[n], default=None)
    def twice(size, step):
        first, second = get(size, f"{step} #1"), get(size, f"{step} #2")
        again = f"; second run {second['seconds']:.3f} s" + (" (failed)" if second.get("failed") else "") \
            if second else ""
        return first and (float("inf") if first.get("failed") else first["seconds"],
                          f" (first run{', failed' if first.get('failed') else ''}){again}")
    M = 1.05e6
    return [
        ("build <= 10x raw pyoxigraph bulk_load of the same quads, at 100k", small, 1e5,
         build and raw and (float("inf") if build.get("failed") else build["seconds"] / raw["seconds"],
                            f" ({build['seconds']:.2f} s / {raw['seconds']:.2f} s)"), _within(10, "x")),
        ("build <= 90 s at 1M", big, M, secs(big, "build"), _within(90)),
        ("build with nothing changed <= 2 s at 1M", big, M, secs(big, "build again"), _within(2)),
        ("one source file changed: rebuilt in seconds (taken as <= 10 s) and byte-identical to a full build, at 1M",
         big, M, change and (change["seconds"] * (1 if change.get("identical") else float("inf")),
                          f" ({change['seconds']:.2f} s, " + ("identical" if change.get("identical") else
                                                              "NOT identical") + ")"), _within(10)),
        ("`influencegraph query NAME` end to end <= 1 s at 1M", big, M, slow and (
            slow["seconds"], f" (slowest: {slow['step']}; {len(ran)} queries, "
                             f"{sum(bool(r.get('failed')) for r in ran)} failed)"), _within(1)),
        ("`influencegraph stats` <= 1 s at 1M", big, M, secs(big, "stats"), _within(1)),
        ("`influencegraph sources ENTITY` <= 1 s at 1M", big, M, secs(big, "sources"), _within(1)),
        ("every named query <= 0.2 s median on the build's store at 1M", big, M, slowest and (
            medians[slowest] if medians[slowest] is not None else float("inf"),
            f" (slowest: {slowest}; {sum(m is not None for m in medians.values())} of {len(medians)} measured)"),
         _within(0.2)),
        ("`report dependency` <= 3 s at 100k", small, 1e5, twice(small, "report dependency"), _within(3)),
        ("`report dependency` <= 15 s at 1M", big, M, twice(big, "report dependency"), _within(15)),
        ("a 5,000-node view cut from the 1M network <= 3 s", big, M, twice(big, "view 5,000 nodes"), _within(3)),
        ("peak memory of any command <= 1.5 GB at 1M", big, M, worst and (worst["peak_mb"], f" ({worst['step']})"),
         _within(1536, "MB")),
    ]
