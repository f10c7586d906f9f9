"""Measure the whole pipeline on generated graphs of several sizes: load, validate, queries, analysis, view.

    python benchmarks/scale.py [--sizes 10k,100k,1m] [--contenders default,oxigraph,rdflib,kglab,commands] [--repeat 5]
                               [--json results.json] [--workdir build/bench] [--seed 1] [--step-timeout 900]
                               [--query-timeout 120] [--kglab-python PYTHON] [--no-change]

Each size (generate.py's presets ``10k``, ``100k``, ``1m``, or a number) is a project generated and built once
into ``WORKDIR/SIZE/``. Each contender reads its N-Quads build in a fresh child process (this file with
``--child``); ``peak MB`` is the child's ``ru_maxrss`` after the step. ``default`` is the project's API on rdflib's
memory store, ``oxigraph`` the same on an Oxigraph store (after raw pyoxigraph loads the file in the same child),
``rdflib`` plain rdflib and pySHACL, ``kglab`` what kglab offers. ``commands`` works on the project, not on
the N-Quads file: the CLI end to end as a user runs it, each command in its own process, into a fresh build folder,
and the named queries on that build's store (commands.py). Two lists of targets follow the table: the earlier
ones, and those of the persistent store (issue 14). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from functools import partial
from itertools import chain
from pathlib import Path

import commands

HERE = Path(__file__).resolve().parent
STEPS = ["load", "validate", "queries", "analysis", "view"]
CONTENDERS = ["default", "oxigraph", "rdflib", "kglab", "commands"]
HOST, ORIGIN = "State 001", "State 006"       # generate.py: the host and the origin state with the most investment
SLOW_QUERY_S, VIEW_NODES, STAMP = 10.0, 5000, "scale-stamp.json"
MISSING = {("rdflib", "analysis"): "n/a: no projection of claims in plain rdflib",
           ("rdflib", "view"): "n/a: no network view in plain rdflib"}
DERIVED_GRAPH = "https://w3id.org/influencegraph/graph/derived"
FIRST_INVESTMENT = "SELECT ?f ?i WHERE { ?c a ig:Investment ; ig:fact ?f ; ig:investor ?i } ORDER BY ?c LIMIT 1"
DERIVED_EDGES = "SELECT ?subject ?object WHERE { GRAPH igg:derived { ?subject ?p ?object } FILTER(?p != rdf:type) }"


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(func):
    """``(result, seconds)`` of one call."""
    start = time.perf_counter()
    return func(), time.perf_counter() - start


def row(step: str, seconds, note: str, **extra) -> list[dict]:
    """One step's row, as a list (the oxigraph contender's load step has two)."""
    return [{"step": step, "seconds": seconds, "note": note, **extra}]


def query_bindings(kg) -> dict:
    """Each named query's bindings: its defaults, with Kazakhstan as :data:`HOST`, China as :data:`ORIGIN`, East Hope
    Group and the fact keys as the investor and the fact of the first investment claim of the generated graph."""
    from influencegraph.sparql.library import library
    fact, investor = kg.query(FIRST_INVESTMENT, raw=True).rows[0]
    swap = {"Kazakhstan": kg.resolve(HOST), "People's Republic of China": kg.resolve(ORIGIN),
            "East Hope Group": investor}
    return {name: q.bindings(kg, **{p.name: fact if p.type == "fact" else swap[p.default] for p in q.parameters
                                    if p.default is not None and (p.type == "fact" or p.default in swap)})
            for name, q in library().items()}


class Project:
    """The ``default`` contender, the project's API on rdflib's memory store; each step returns its rows."""

    def __init__(self, nq: str, project: str):
        self.nq, self.project, self.store = nq, project, None       # store: the project's default, memory

    def load(self):
        import influencegraph
        self.kg, seconds = timed(lambda: influencegraph.load(self.nq, store=self.store))
        return row("load", seconds, f"{len(self.kg.dataset):,} statements")

    def validate(self):
        import influencegraph
        problems, seconds = timed(lambda: influencegraph.validate(root=self.project))
        return row("validate", seconds, f"influencegraph.validate (integrity + SHACL): {len(problems)} problems")

    def bindings(self) -> dict:
        return query_bindings(self.kg)

    def run_query(self, name: str, bindings: dict, limit: float | None = None):
        # the engines evaluate on their own thread: the query's own time limit stops it there, so that a query
        # past --query-timeout does not keep running ahead of the next one
        return self.kg.query(name, timeout=limit, **bindings)

    def analysis(self):
        G, projection = timed(self.kg.network)
        _table, centrality = timed(lambda: self.kg.centrality(write=False))
        html, report = timed(lambda: self.kg.dependency(HOST).to_html())
        return row("analysis", projection + centrality + report, f"projection {projection:.2f} s "
                   f"({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges) + centrality {centrality:.2f} s "
                   f"+ dependency html {report:.2f} s ({len(html) / 1e6:.1f} MB)")

    def view(self):
        self.kg.network()                                   # the projection (cached) is not part of the view

        start, view = time.perf_counter(), self.kg.view(max_nodes=VIEW_NODES)
        html = view.to_html()
        return row("view", time.perf_counter() - start, f"kg.view(max_nodes={VIEW_NODES}).to_html(): "
                   f"{view.number_of_nodes():,} nodes, {view.number_of_edges():,} edges, {len(html) / 1e6:.1f} MB")


class Oxigraph(Project):
    """The ``oxigraph`` contender: the project's API on an Oxigraph store on disk, after raw pyoxigraph."""

    def load(self):
        import pyoxigraph as ox
        self.tmp = tempfile.TemporaryDirectory(prefix="scale-ox-", dir=Path(self.project, "build"))
        start, raw = time.perf_counter(), ox.Store(os.path.join(self.tmp.name, "raw"))
        raw.bulk_load(path=self.nq, format=ox.RdfFormat.N_QUADS)
        baseline = row("load", time.perf_counter() - start, f"Store(dir).bulk_load(path=F): {len(raw):,} quads",
                       contender="pyoxigraph (raw)", peak_mb=peak_mb())
        del raw
        self.store = f"oxigraph:{os.path.join(self.tmp.name, 'ours')}"
        return baseline + super().load()


class Store(Project):
    """The ``commands`` contender's named queries: the build's own store, as ``influencegraph.load(root=...)`` opens
    it; the build is the folder of the N-Quads file given (``$INFLUENCEGRAPH_BUILD``)."""

    def load(self):
        os.environ["INFLUENCEGRAPH_BUILD"] = str(Path(self.nq).parent)
        import influencegraph
        self.kg, seconds = timed(lambda: influencegraph.load(root=self.project))
        if self.kg.store.scheme != "build":
            raise RuntimeError(f"the build in {Path(self.nq).parent} is not up to date: no build store to query")
        return row("load", seconds, "influencegraph.load(root=PROJECT): the build's store, read-only")


class Rdflib(Project):
    """The ``rdflib`` contender: plain rdflib and pySHACL."""

    def load(self):
        from rdflib import Dataset
        self.ds, seconds = timed(lambda: Dataset().parse(self.nq, format="nquads"))
        return row("load", seconds, f'Dataset().parse(F, format="nquads"): {len(self.ds):,} statements')

    def validate(self):
        import pyshacl
        from rdflib import Graph, URIRef

        start, data = time.perf_counter(), Graph()
        for g in [g for g in self.ds.graphs() if g.identifier != URIRef(DERIVED_GRAPH)]:
            data += g
        conforms = pyshacl.validate(data, shacl_graph=Graph().parse(Path(self.project, "ontology", "shapes.ttl")),
                                    inference="none", abort_on_first=False, allow_warnings=True, advanced=True)[0]
        return row("validate", time.perf_counter() - start, "pyshacl.validate(all graphs but igg:derived, "
                   f"shapes.ttl) with the project's options: conforms={conforms}")

    def bindings(self) -> dict:
        from rdflib import Dataset, Variable

        import influencegraph
        from influencegraph.sparql.engines import default_prefixes
        from influencegraph.sparql.library import library
        self.union, self.prefixes = Dataset(store=self.ds.store, default_union=True), default_prefixes()
        self.texts = {name: q.text for name, q in library().items()}
        named = query_bindings(influencegraph.KnowledgeGraph(self.ds))
        return {name: {Variable(k): v for k, v in b.items()} for name, b in named.items()}

    def run_query(self, name: str, bindings: dict):
        return list(self.union.query(self.texts[name], initNs=self.prefixes, initBindings=bindings))


class Kglab(Rdflib):
    """The ``kglab`` contender: kglab's calls where it has them; bindings and validation options as for rdflib."""

    def load(self):
        import kglab
        from rdflib import Dataset

        from influencegraph.sparql.engines import default_prefixes
        self.kgl, seconds = timed(lambda: kglab.KnowledgeGraph(  # namespaces: kglab's query() takes no initNs
            import_graph=Dataset(default_union=True), namespaces=default_prefixes()).load_rdf(self.nq, format="nquads"))
        self.ds = self.kgl.rdf_graph()
        return row("load", seconds, 'KnowledgeGraph(import_graph=Dataset(default_union=True)).load_rdf(F, format='
                   '"nquads") (into its default Graph it keeps 0 quads)')

    def validate(self):
        shapes = str(Path(self.project, "ontology", "shapes.ttl"))
        (conforms, _report, _text), seconds = timed(lambda: self.kgl.validate(
            shacl_graph=shapes, shacl_graph_format="turtle", advanced=True, abort_on_first=False))
        return row("validate", seconds, "kg.validate(shapes.ttl, advanced=True) on the union of all graphs, "
                   f"igg:derived included, in place: conforms={conforms}")

    def run_query(self, name: str, bindings: dict):
        return list(self.kgl.query(self.texts[name], bindings=bindings))

    def analysis(self):
        import kglab
        import networkx as nx
        G, seconds = timed(lambda: kglab.SubgraphMatrix(self.kgl, DERIVED_EDGES).build_nx_graph(nx.DiGraph()))
        _ranks, rank_s = timed(lambda: nx.pagerank(G))
        return row("analysis", seconds + rank_s, f"SubgraphMatrix(igg:derived edges).build_nx_graph {seconds:.2f} s "
                   f"+ nx.pagerank {rank_s:.2f} s: {G.number_of_nodes():,} nodes; no claims projection, no report")

    def view(self):
        import kglab
        from rdflib import Graph, URIRef

        start, sub = time.perf_counter(), Graph()
        edges = [t for t in self.ds.graph(URIRef(DERIVED_GRAPH)) if not str(t[1]).endswith("#type")]
        top = {n for n, _d in Counter(n for s, _p, o in edges for n in (s, o)).most_common(VIEW_NODES)}
        sub += [(s, p, o) for s, p, o in edges if s in top and o in top]
        net = kglab.SubgraphTensor(kglab.KnowledgeGraph(import_graph=sub)).build_pyvis_graph()
        net.generate_html()
        return row("view", time.perf_counter() - start, f"SubgraphTensor(igg:derived between the {VIEW_NODES} "
                   f"nodes of highest degree).build_pyvis_graph + generate_html: {len(net.nodes):,} nodes")


class QueryTimeout(BaseException):
    """A query ran past ``--query-timeout`` (a BaseException: no library's ``except Exception`` eats it)."""


def limited(func, seconds: float):
    """``timed(func)``, stopped by SIGALRM after ``seconds`` (Python code sees the signal between bytecodes)."""
    def alarm(_signum, _frame):
        raise QueryTimeout
    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return timed(func)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _run(runner, name: str, bindings: dict, limit: float):
    """One run of a named query; the project's own runners stop it at ``limit`` themselves (SIGALRM, one second
    later, stops the others)."""
    if isinstance(runner, Project) and not isinstance(runner, Rdflib):
        return runner.run_query(name, bindings, limit)
    return runner.run_query(name, bindings)


def run_queries(runner, repeat: int, limit: float, skip: set, emit) -> list[dict]:
    """Time each named query not in ``skip``: a ``begin`` record before each run, a ``query`` record after its
    runs (a warm-up, then ``repeat`` or, after a warm-up over 10 s, one). The parent sums them up."""
    for name, bindings in runner.bindings().items():
        if name in skip:
            continue
        record, times = {"kind": "query", "query": name, "median_s": None}, []
        try:
            for run in range(1 + repeat):
                if run < 2 or times[0] < SLOW_QUERY_S:
                    emit({"kind": "begin", "query": name})
                    times.append(limited(partial(_run, runner, name, bindings, limit), limit + 1)[1])
            record.update(median_s=statistics.median(times[1:]), runs=len(times) - 1)
        except QueryTimeout:
            record["error"] = f"timeout (> {limit:g} s)"
        except Exception as exc:                            # noqa: BLE001 - a failing query is a measurement
            timed_out = type(exc).__name__ == "QueryTimedOut"     # stopped by the engine's own time limit
            record["error"] = f"timeout (> {limit:g} s)" if timed_out else f"{type(exc).__name__}: {exc}"[:200]
        emit(record)
    return row("queries", None, "")


def child(argv) -> int:
    """The child process: load, then the steps asked for; one JSON record per line on stdout."""
    contender, nq, project, steps, repeat, limit, skip = *argv[:6], ",".join(argv[6:])   # skip: queries done
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)                                           # whatever a library prints goes to stderr
    warnings.simplefilter("ignore")                         # e.g. ViewWarning: the view was cut to max_nodes

    def emit(record):
        out.write(json.dumps({"kind": "row", "peak_mb": peak_mb(), **record}) + "\n")
        out.flush()
    runner = {"default": Project, "oxigraph": Oxigraph, "rdflib": Rdflib, "kglab": Kglab,
              "store": Store}[contender](nq, project)
    steps = steps.split(",")
    for step in ["load"] + [s for s in steps if s != "load"]:
        print(f"{contender}: {step}", file=sys.stderr, flush=True)
        try:
            rows = row(step, None, MISSING[contender, step]) if (contender, step) in MISSING else \
                run_queries(runner, int(repeat), float(limit), set(skip.split(",")), emit) if step == "queries" \
                else getattr(runner, step)()
        except Exception as exc:                            # noqa: BLE001
            rows = row(step, None, f"error: {type(exc).__name__}: {exc}"[:300])
        for record in rows:
            emit(record if step in steps else {**record, "kind": "setup"})
    return 0


def parse_size(text: str) -> tuple[str, int]:
    """``(label, target triples)``: ``10k``, ``100k``, ``1m`` are generate.py's presets; else ``3000``, ``250k``."""
    sys.path.insert(0, str(HERE))
    from generate import PRESETS
    return text, PRESETS.get(text) or int(float(text.rstrip("kKmM")) * {"k": 1e3, "m": 1e6}.get(text[-1].lower(), 1))


def prepare(workdir: Path, label: str, triples: int, seed: int) -> dict:
    """Generate and build (``generate.py --build``) the project of one size, unless ``WORKDIR/LABEL`` holds it;
    ``size, target_triples, triples`` (lines of the N-Quads file), ``project`` and ``nq``."""
    root, stamp = workdir.resolve() / label, {"seed": seed, "triples": triples}
    nq, stamp_file = root / "build" / "influencegraph.nq", root / STAMP
    if not (nq.is_file() and stamp_file.is_file() and json.loads(stamp_file.read_text()) == stamp):
        print(f"{label}: generating and building {triples:,} triples in {root}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(triples), "--seed", str(seed),
                        "--out", str(root), "--force", "--build"], check=True, stdout=sys.stderr)
        stamp_file.write_text(json.dumps(stamp) + "\n")
    return {"size": label, "target_triples": triples, "triples": nq.read_bytes().count(b"\n"), "project": str(root),
            "nq": str(nq)}


def pump(stream, lines: queue.Queue) -> None:
    """Put each line of ``stream`` on ``lines``, then ``None`` at its end."""
    for line in chain(stream, [None]):
        lines.put(line)


def run_child(python: str, contender: str, size: dict, args, steps=tuple(STEPS)) -> list[dict]:
    """Run the ``steps`` in child processes; the records they sent. A child silent for ``--step-timeout`` (or, in a
    query run, ``--query-timeout`` + 30 s) is killed, the step or query reported, and a new child goes on after it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")])}
    records, todo = [], list(steps)
    while todo:
        done = ",".join(r["query"] for r in records if r["kind"] == "query")
        proc = subprocess.Popen([python, str(Path(__file__).resolve()), "--child", contender, size["nq"],
                                 size["project"], ",".join(todo), str(args.repeat), str(args.query_timeout), done],
                                stdout=subprocess.PIPE, text=True, env=env)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=pump, args=(proc.stdout, lines), daemon=True).start()
        started, failed = time.monotonic(), None
        deadline = started + args.step_timeout
        while todo and not failed:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                failed = f"timeout (> {deadline - started:.0f} s)"
                break
            if line is None:
                failed = f"error: the child exited with status {proc.wait()}"
                break
            records.append(json.loads(line))
            started, kind = time.monotonic(), records[-1]["kind"]
            deadline = started + (args.query_timeout + 30 if kind == "begin" else args.step_timeout)
            if kind == "row" and records[-1]["step"] == todo[0] and "contender" not in records[-1]:
                todo.pop(0)
        if failed:
            proc.kill()
            stuck = records[-1]["query"] if records and records[-1]["kind"] == "begin" else None
            records.append({"kind": "query", "query": stuck, "median_s": None, "error": failed} if stuck else
                           {"kind": "row", "step": todo.pop(0), "seconds": None, "peak_mb": None, "note": failed})
        proc.wait()
    for record in records:
        if record["kind"] == "row" and record["step"] == "queries" and record["seconds"] is None:
            record["seconds"], record["note"] = summarize([r for r in records if r["kind"] == "query"])
    return records


def summarize(queries: list) -> tuple:
    """The ``queries`` row's seconds and note: the total and the max of the medians, and what was not measured."""
    medians = {r["query"]: r["median_s"] for r in queries if r["median_s"] is not None}
    failed = [f"{r['query']} ({r['error']})" for r in queries if r.get("error")]
    worst = max(medians, key=medians.get, default=None)
    note = f"total of {len(medians)} medians" + (f"; max {medians[worst]:.3f} s ({worst})" if worst else "")
    return sum(medians.values()) if medians else None, note + (f"; not measured: {', '.join(failed)}" if failed else "")


def help_seconds(runs: int = 5) -> float:
    """Median wall time of ``influencegraph --help`` over ``runs`` runs."""
    cmd = [str(Path(sys.executable).parent / "influencegraph"), "--help"]     # the console script
    return statistics.median(timed(lambda: subprocess.run(cmd, capture_output=True, check=True))[1]
                             for _ in range(runs))


def machine() -> dict:
    """Platform, Python, CPU count and model, total memory."""
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    for path, key, field in (("/proc/cpuinfo", "cpu_model", "model name"), ("/proc/meminfo", "memory", "MemTotal")):
        lines = Path(path).read_text().splitlines() if Path(path).exists() else []
        info[key] = next((x.split(":", 1)[1].strip() for x in lines if x.startswith(field)), None)
    info["memory"] = info["memory"] and f"{int(info['memory'].split()[0]) / 1024 ** 2:.1f} GB"
    return info


def targets(results: list, queries: dict, sizes: list, help_s: float, limit: float) -> list[dict]:
    """Each earlier target (before issue 14) at the largest size measured: ``target``, ``status`` (met, not met,
    not measured), ``detail``.
    A query that failed or ran past ``limit`` seconds on rdflib counts as taking ``limit`` there."""
    big = max(sizes, key=lambda s: s["triples"])
    at = f"at {big['triples']:,} triples" + ("" if big["triples"] >= 1_000_000 else " (not 1M)")
    rows = {(r["contender"], r["step"]): r for r in results if r["size"] == big["size"] and r["seconds"] is not None}
    ours, raw, dep, view = (rows.get(k) for k in [("oxigraph", "load"), ("pyoxigraph (raw)", "load"),
                                                  ("oxigraph", "analysis"), ("oxigraph", "view")])
    q = queries.get(big["size"], {})
    ox, base = q.get("oxigraph", {}), next((c for c in ("rdflib", "default") if q.get(c)), None)
    speed = {name: (q[base][name] or limit) / t for name, t in ox.items() if base and t and name in q[base]}
    slow, low = max(ox, key=lambda n: ox[n] or float("inf"), default=None), min(speed, key=speed.get, default=None)
    checks = [  # name, measured?, met?, what was measured
        ("oxigraph load within 1.5x of raw pyoxigraph", ours and raw, ours and raw and ours["seconds"] <= 1.5 *
         raw["seconds"], ours and raw and f"{ours['seconds']:.2f} s / {raw['seconds']:.2f} s = "
                                          f"{ours['seconds'] / raw['seconds']:.2f}x"),
        ("oxigraph load under 1 GB peak", ours, ours and ours["peak_mb"] < 1024, ours and f"{ours['peak_mb']:.0f} MB"),
        ("every named query under 0.2 s median on oxigraph", slow, slow and (ox[slow] or 1) < 0.2,
         slow and (f"slowest {slow} {ox[slow]:.3f} s" if ox[slow] else f"{slow}: no median (timed out or failed)")),
        (f"every named query >= 10x faster on oxigraph than on {base or 'rdflib'}", low, low and speed[low] >= 10,
         low and f"smallest speedup {speed[low]:.1f}x ({low}); {len(speed)} of {len(ox)} queries compared, "
                 f"{sum(q[base][n] is None for n in speed)} of them at least (not measured on {base}: > {limit:g} s)"),
        ("dependency report (projection + centrality + html) under 60 s on oxigraph", dep, dep and dep["seconds"] < 60,
         dep and f"{dep['seconds']:.1f} s: {dep['note']}"),
        (f"{VIEW_NODES:,}-node view under 2 s on oxigraph", view, view and view["seconds"] < 2,
         view and f"{view['seconds']:.2f} s: {view['note']}"),
    ]
    marks = [{"target": name, "status": "met" if ok else "not met" if done else "not measured",
              "detail": f"{at}: {detail}" if done else at} for name, done, ok, detail in checks]
    return marks + [{"target": "influencegraph --help under 0.3 s", "status": "met" if help_s < 0.3 else "not met",
                     "detail": f"{help_s:.3f} s, median of 5"}]


def print_report(info: dict, results: list, marks: list) -> None:
    """The table, one row per size, contender and step; then the targets."""
    print(f"{info['platform']}, Python {info['python']}, {info['cpus']} CPUs ({info['cpu_model']}), {info['memory']}")
    header = ["size", "triples", "contender", "step", "seconds", "peak_MB", "note"]
    table = [[r["size"], f"{r['triples']:,}", r["contender"], r["step"], "—" if r["seconds"] is None else
              f"{r['seconds']:.3f}", "—" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}", r.get("note", "")]
             for r in results]
    widths = [max(len(h), *(len(line[i]) for line in table)) for i, h in enumerate(header)]
    for line in [header] + table:
        print("  ".join(c.rjust(w) if i in (1, 4, 5) else c.ljust(w)
                        for i, (c, w) in enumerate(zip(line, widths))).rstrip())
    for title, group in (("targets", marks[0]), ("targets of the persistent store (issue 14)", marks[1])):
        print(f"\n{title}\n" + "\n".join(f"  {t['status']:<12}  {t['target']} — {t['detail']}" for t in group))


def contender_records(name: str, size: dict, args) -> list[dict]:
    """The records of one contender on one size: in children of this file, or for ``commands`` the CLI's."""
    if name == "commands":
        return commands.measure(size, args, sys.executable, HOST, lambda built: run_child(
            sys.executable, "store", built, args, steps=("load", "queries")))
    return run_child(args.kglab_python if name == "kglab" else sys.executable, name, size, args)


def main(argv=None) -> int:
    """The command line (see the module's docstring); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m or numbers")
    parser.add_argument("--contenders", default=",".join(CONTENDERS), help=f"from {', '.join(CONTENDERS)}")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query after a warm-up (default 5)")
    parser.add_argument("--json", metavar="PATH", help="also write the measurements as JSON")
    parser.add_argument("--workdir", type=Path, default=Path("build/bench"), help="where the projects go")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated projects (default 1)")
    parser.add_argument("--step-timeout", type=float, default=900, help="seconds per step (default 900)")
    parser.add_argument("--query-timeout", type=float, default=120, help="seconds per query run (default 120)")
    parser.add_argument("--no-change", action="store_true", help="commands: skip the build after one source file "
                        "changed (two more full builds at today's speed)")
    parser.add_argument("--kglab-python", default=sys.executable, help="interpreter with kglab (default: this one)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or not set(args.contenders.split(",")) <= set(CONTENDERS):
        parser.error(f"--repeat must be 1 or more; contenders are {', '.join(CONTENDERS)}")
    sizes = [prepare(args.workdir, *parse_size(s), args.seed) for s in args.sizes.split(",")]
    results, queries = [], {}
    for size in sizes:
        for name in args.contenders.split(","):
            print(f"{size['size']} ({size['triples']:,} triples): {name}", file=sys.stderr, flush=True)
            for r in contender_records(name, size, args):
                if r["kind"] == "query":
                    queries.setdefault(size["size"], {}).setdefault(name, {})[r["query"]] = r["median_s"]
                elif r["kind"] == "row":
                    results.append({"size": size["size"], "triples": size["triples"], "contender": name,
                                    **{k: v for k, v in r.items() if k != "kind"}})
    help_s, info = help_seconds(), machine()
    marks = targets(results, queries, sizes, help_s, args.query_timeout), commands.targets(results, queries, help_s)
    print_report(info, results, marks)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"machine": info, "settings": {k: str(v) for k, v in vars(args).items()}, "sizes": sizes,
                       "help_s": help_s, "results": results, "queries": queries, "targets": marks[0],
                       "store_targets": marks[1]}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(child(sys.argv[2:]) if sys.argv[1:2] == ["--child"] else main())
