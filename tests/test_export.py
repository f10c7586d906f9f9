"""Determinism and round trip of the build outputs and of every export format; provenance survives export."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Namespace
from rdflib.namespace import RDF

import influencegraph
from influencegraph.cli import main
from influencegraph.formats import FORMATS, serialize

ROOT = Path(__file__).resolve().parents[1]
BUILD_OUTPUTS = ("influencegraph.trig", "influencegraph.nq", "summary.json", "answers.json", "manifest.json")
IG = Namespace("https://w3id.org/influencegraph/ontology#")
IGG = Namespace("https://w3id.org/influencegraph/graph/")
SRC = "https://w3id.org/influencegraph/source/"
QUAD_FORMATS = sorted(name for name, spec in FORMATS.items() if spec.quads)
TRIPLE_PARSERS = {"turtle": "turtle", "ntriples": "nt"}  # rdflib parser for each triple format


def copy_project(dest: Path) -> Path:
    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD")}
    env.update(extra)
    return env


def quads(ds: Dataset) -> set[tuple]:
    return {(g.identifier, s, p, o) for g in ds.graphs() for s, p, o in g}


@pytest.fixture(autouse=True)
def _no_project_env(monkeypatch):
    for name in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD"):
        monkeypatch.delenv(name, raising=False)



@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One in-process build of a copy of the project into its own build/ folder, shared by the tests of this
    module; commands run on that copy then read the build instead of rebuilding (faster)."""
    from influencegraph.pipeline import build

    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    out = root / "build"
    kg = build(root, out)
    dataset_quads = quads(kg.dataset)
    assert dataset_quads and not any(isinstance(t, BNode) for q in dataset_quads for t in q)
    return SimpleNamespace(root=root, out=out, kg=kg, quads=dataset_quads,
                           union={(s, p, o) for _g, s, p, o in dataset_quads})


# ---------------------------------------------------------------- a. the build is byte for byte reproducible

def test_build_writes_the_dataset_files(built):
    assert [p.name for p in built.kg.outputs] == [*BUILD_OUTPUTS, "store"]
    assert all((built.out / name).stat().st_size > 0 for name in BUILD_OUTPUTS)


EXPORT_SCRIPT = """
import sys
from pathlib import Path
import influencegraph
from influencegraph.formats import FORMATS
kg = influencegraph.load(root=sys.argv[1])
for name, spec in FORMATS.items():
    kg.export(name, Path(sys.argv[2]) / (name + spec.suffix))
"""


@pytest.fixture(scope="module")
def separate_processes(built, tmp_path_factory):
    """Two `influencegraph build` runs and two exports of every format, each in its own process, each from its
    own copy of the project and with its own hash seed: neither the path nor the seed may leak into the output."""
    base = tmp_path_factory.mktemp("processes")
    runs = []
    for seed in ("1", "2"):
        root = copy_project(base / f"project{seed}")
        out, exports = base / f"out{seed}", base / f"exports{seed}"
        exports.mkdir()
        env = clean_env(PYTHONHASHSEED=seed)
        runs.append(("build", subprocess.Popen(
            [sys.executable, "-m", "influencegraph", "build", "--root", str(root), "--output-dir", str(out), "-q"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)))
        runs.append(("export", subprocess.Popen(
            [sys.executable, "-c", EXPORT_SCRIPT, str(root), str(exports)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)))
    for what, proc in runs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{what}: {stderr}"
        assert "Traceback" not in stderr
        if what == "build":
            assert stdout.startswith(f"{len(built.quads)} statements in 9 graphs"), stdout
    return SimpleNamespace(builds=[base / "out1", base / "out2"], exports=[base / "exports1", base / "exports2"])


@pytest.mark.parametrize("name", ["influencegraph.trig",
                                  "influencegraph.nq", "summary.json"])
def test_builds_in_separate_processes_are_byte_identical(built, separate_processes, name):
    first, second = (out / name for out in separate_processes.builds)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == (built.out / name).read_bytes(), "subprocess and in-process builds differ"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_in_separate_processes_are_byte_identical(built, separate_processes, tmp_path, fmt):
    name = fmt + FORMATS[fmt].suffix
    first, second = (folder / name for folder in separate_processes.exports)
    assert first.read_bytes() == second.read_bytes()
    built.kg.export(fmt, tmp_path / name)
    assert first.read_bytes() == (tmp_path / name).read_bytes(), "subprocess and in-process exports differ"


def test_second_build_in_the_same_process_is_byte_identical(built, tmp_path):
    out = tmp_path / "again"

    result = CliRunner().invoke(main, ["build", "--root", str(built.root), "--output-dir", str(out), "-q"])

    assert result.exit_code == 0, result.output
    for name in BUILD_OUTPUTS:
        assert (out / name).read_bytes() == (built.out / name).read_bytes(), name


@pytest.mark.parametrize("name", ["influencegraph.trig", "influencegraph.nq"])
def test_build_outputs_load_back_as_the_built_dataset(built, name):
    assert quads(influencegraph.load(built.out / name).dataset) == built.quads


# ---------------------------------------------------------------- b. every export format

@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_twice_gives_identical_bytes_whatever_the_insertion_order(built, tmp_path, fmt):
    suffix = FORMATS[fmt].suffix
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"

    size = built.kg.export(fmt, first)
    built.kg.export(fmt, second)

    data = first.read_bytes()
    assert size == len(data) > 0
    assert second.read_bytes() == data
    # the same statements added in another order serialise to the same bytes
    rows = sorted(built.quads, key=lambda q: tuple(t.n3() for t in q))
    random.Random(20250617).shuffle(rows)
    shuffled = Dataset()
    for g, s, p, o in rows:
        shuffled.graph(g).add((s, p, o))
    assert serialize(shuffled, fmt) == data


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_export_loads_back_graph_by_graph(built, tmp_path, fmt):
    path = tmp_path / f"export{FORMATS[fmt].suffix}"
    built.kg.export(fmt, path)

    loaded = quads(influencegraph.load(path).dataset)

    assert not any(isinstance(t, BNode) for q in loaded for t in q)
    assert loaded == built.quads  # same graphs, same statements in each


@pytest.mark.parametrize("fmt", sorted(name for name, spec in FORMATS.items() if not spec.quads))
def test_triple_export_loads_back_as_the_union_of_all_graphs(built, tmp_path, fmt):
    path = tmp_path / f"export{FORMATS[fmt].suffix}"
    built.kg.export(fmt, path)

    loaded = set(Graph().parse(path, format=TRIPLE_PARSERS[fmt]))

    assert not any(isinstance(t, BNode) for triple in loaded for t in triple)
    # Turtle writes the decimal 122000000000 as 122000000000.0: the same value, which the stores hold canonically
    assert {tuple(canonical(t) for t in triple) for triple in loaded} == built.union


def canonical(term):
    from rdflib import Literal
    from rdflib.namespace import XSD

    from influencegraph.stores.terms import canonical_decimal
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return Literal(canonical_decimal(str(term)), datatype=XSD.decimal)
    return term


def test_cli_offers_exactly_the_registered_formats():
    option = next(p for p in main.commands["export"].params if p.name == "fmt")
    assert sorted(option.type.choices) == sorted(FORMATS)


# ---------------------------------------------------------------- c. the export command

def test_export_to_stdout_writes_nquads(built):
    result = CliRunner().invoke(main, ["export", "--root", str(built.root), "-f", "nquads", "-o", "-"])

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (built.out / "influencegraph.nq").read_bytes()
    assert result.stderr == ""


def test_export_to_stdout_in_a_real_process(built):
    proc = subprocess.run([sys.executable, "-m", "influencegraph", "export", "--root", str(built.root),
                           "-f", "nquads", "-o", "-"], capture_output=True, env=clean_env(), timeout=300)

    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == (built.out / "influencegraph.nq").read_bytes()
    assert proc.stderr == b""


def test_export_to_a_file_reports_its_size(built, tmp_path):
    path = tmp_path / "dataset.trig"

    result = CliRunner().invoke(main, ["export", "--root", str(built.root), "-f", "trig", "-o", str(path)])

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert path.read_bytes() == (built.out / "influencegraph.trig").read_bytes()
    assert result.stderr.strip() == f"wrote {path.stat().st_size} bytes to {path}"


def test_export_without_a_build_gives_the_same_bytes_as_from_the_build(built, tmp_path):
    # exports of `built.root` read its fresh build back; a copy without build/ is built in memory instead
    root = copy_project(tmp_path / "project")

    result = CliRunner().invoke(main, ["export", "--root", str(root), "-f", "trig"])

    assert result.exit_code == 0, result.output
    assert not (root / "build").exists()
    assert result.stdout_bytes == (built.out / "influencegraph.trig").read_bytes()


def test_unknown_format_is_refused_by_the_cli_with_exit_2(built, tmp_path):
    path = tmp_path / "out.xml"

    result = CliRunner().invoke(main, ["export", "--root", str(built.root), "-f", "xml", "-o", str(path)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '-f' / '--format'" in result.stderr
    assert "'xml'" in result.stderr and all(name in result.stderr for name in FORMATS)
    assert not path.exists()


def test_unknown_format_is_refused_by_the_api(built, tmp_path):
    path = tmp_path / "out.xml"

    with pytest.raises(ValueError, match=r"unknown format 'xml'; choose one of jsonld, nquads, ntriples, trig, turtle"):
        built.kg.export("xml", path)

    assert not path.exists()
    with pytest.raises(ValueError, match="unknown dataset format"):
        influencegraph.load(path)


# ---------------------------------------------------------------- d. provenance survives export

@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_exports_keep_one_named_graph_per_source_document(built, tmp_path, fmt):
    path = tmp_path / f"export{FORMATS[fmt].suffix}"
    built.kg.export(fmt, path)
    ds = influencegraph.load(path).dataset

    names = {g.identifier for g in ds.graphs() if len(g)}
    sources = set(ds.graph(IGG.catalogue).subjects(RDF.type, IG.SourceDocument))

    source_files = sorted(p.stem for p in (ROOT / "graph" / "sources").glob("*.trig"))
    assert len(sources) == 5
    assert sorted(str(s)[len(SRC):].split("_")[0] for s in sources) == source_files
    assert names == sources | {IGG.entities, IGG.catalogue, IGG.ontology, IGG.derived}
    for source in sources:  # every claim sits in the graph of the one document it cites
        graph = ds.graph(source)
        assert set(graph.objects(None, IG.source)) == {source}
        assert len(set(graph.subjects(IG.source, None))) > 0
    # derived edges live in igg:derived only
    assert (None, IG.investsIn, None) in ds.graph(IGG.derived)
    assert not any((None, IG.investsIn, None) in ds.graph(name) for name in names - {IGG.derived})


def test_trig_export_names_every_graph_in_the_text(built, tmp_path):
    path = tmp_path / "export.trig"
    built.kg.export("trig", path)
    text = path.read_text(encoding="utf-8")

    sources = sorted(str(s) for s in built.kg.sources_list())
    assert len(sources) == 5
    blocks = [f"src:{s[len(SRC):]} {{" for s in sources] + [f"igg:{n} {{" for n in
                                                             ("catalogue", "derived", "entities", "ontology")]
    for block in blocks:
        assert text.count(f"\n{block}\n") == 1, block
    assert text.count(" {\n") == len(blocks)  # and no other graph (in particular no default graph block)


def test_summary_counts_the_graphs_and_statements_of_the_export(built):
    import json

    summary = json.loads((built.out / "summary.json").read_text(encoding="utf-8"))

    assert summary["statements"] == len(built.quads)
    assert sum(summary["graphs"].values()) == len(built.quads)
    assert sorted(summary["graphs"]) == sorted(
        ["igg:catalogue", "igg:derived", "igg:entities", "igg:ontology"]
        + [f"src:{str(s)[len(SRC):]}" for s in built.kg.sources_list()])


def test_jsonld_with_a_remote_context_is_refused_before_any_request(tmp_path):
    import http.server
    import threading

    import influencegraph

    hits = []

    class Logger(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Logger)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        doc = tmp_path / "hostile.jsonld"
        doc.write_text('{"@context": "http://127.0.0.1:%d/ctx.jsonld", "@id": "urn:x", "name": "y"}'
                       % server.server_address[1], encoding="utf-8")
        with pytest.raises(ValueError, match="refusing JSON-LD"):
            influencegraph.load(doc)
    finally:
        server.shutdown()
    assert hits == []
