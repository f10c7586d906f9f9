"""The build: load, validate, derive, write. Nothing is written unless every check passes.

Outputs (in the git-ignored build folder, swapped in together as one unit by :func:`influencegraph.fileset.swap_in`:
each name is a link into ``.sets/current/``, so a reader sees the whole previous build or the whole new one):

- ``influencegraph.trig`` — the whole dataset, one named graph per source plus registry, catalogue,
  ontology and derived edges;
- ``influencegraph.nq`` — the same as N-Quads (what :func:`influencegraph.load` reads back fastest);
- ``summary.json`` — the figures ``influencegraph build`` prints; ``answers.json`` — its conflicts and the
  differences that are not (what ``influencegraph conflicts`` prints);
- ``store/`` — an Oxigraph database holding the same dataset, which every command and :func:`influencegraph.load`
  open read-only (:mod:`influencegraph.stores.build`);
- ``manifest.json`` — what the build was made from (:meth:`~influencegraph.project.Project.fingerprint`: a sha256
  of every input, seed text and of the code) and of its content. A build whose inputs match the manifest's has
  nothing to do, and says so.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import InputError, Problem
from .formats import serialize_all
from .project import Project
from .stores.build import DUMPS as OUTPUTS, SUMMARY   # the names the build's store reads back

__all__ = ["validate", "assemble", "build", "write_outputs", "OUTPUTS", "paragraph_counts"]


log = logging.getLogger(__name__)


def paragraph_counts(project: Project) -> dict[str, int] | None:
    """Paragraphs per source text, when the seed texts are at hand."""
    from .evidence import paragraphs

    folder = project.seeds_dir
    if folder is None:
        return None
    return {p.stem: len(paragraphs(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.txt"))}


def _check(project: Project) -> tuple[Dataset, list[Problem]]:
    from .integrity import check
    from .loading import parse_project
    from .shapes import validate_shapes

    log.info("parsing ontology, catalogue and graph files")
    ds, smap = parse_project(project)
    log.info("parsed %d statements in %d graphs; checking integrity", len(ds), sum(1 for g in ds.graphs() if len(g)))
    problems = check(ds, smap, paragraph_counts(project))
    log.info("validating against SHACL shapes")
    shapes, errs = _parse_shapes(project)
    problems += errs
    if shapes is not None:
        problems += validate_shapes(ds, shapes, smap)
    return ds, problems


def _parse_shapes(project: Project) -> tuple[Graph | None, list[Problem]]:
    from .loading import SourceMap, parse_file

    if not project.shapes_file.is_file():
        return None, [Problem(project.relative(project.shapes_file), None, "missing", "required file is missing")]
    return parse_file(project.shapes_file, "turtle", project, SourceMap(project.root))


def validate(root=None) -> list[Problem]:
    """Every problem in the project's input files (empty list: valid). Never raises for bad input."""
    project = Project.locate(root)
    try:
        _ds, problems = _check(project)
    except InputError as exc:
        return exc.problems
    return InputError(problems).problems  # sorted by file and line


def assemble(root=None) -> Dataset:
    """Load, validate and derive, in memory. Raises :class:`InputError` listing every problem."""
    from .derive import derive

    project = Project.locate(root)
    ds, problems = _check(project)
    if problems:
        raise InputError(problems)
    from .stores.terms import canonical_decimals
    canonical_decimals(ds)          # as the build's Oxigraph store holds them, so store and dumps agree
    log.info("deriving the network edges into igg:derived")
    derive(ds)
    return ds


def build(root=None, output_dir=None, rebuild: bool = False):
    """Build the dataset and write it to the build folder; return the :class:`KnowledgeGraph` over the build's
    store (as :func:`influencegraph.load` opens it).

    When the build folder already holds a build of exactly these inputs (and this code), nothing is done unless
    ``rebuild``: the graph returned is the build's store, and its ``up_to_date`` is True.
    On any problem, raises :class:`InputError` and leaves the build folder exactly as it was.
    """
    import hashlib

    from .graph import KnowledgeGraph
    from .outputs import check_folder
    from .stores.build import ANSWERS, MANIFEST, STORE, BuildStore, up_to_date, write_store

    project = Project.locate(root)
    out = Path(output_dir) if output_dir else project.build_dir
    check_folder(out)  # before the long part: an output folder that cannot be one fails at once
    inputs = project.fingerprint()
    if not rebuild and up_to_date(out, inputs):
        log.info("nothing changed since the last build in %s", out)
        kg = KnowledgeGraph(None, project=project, store=BuildStore(str(out)))
        kg.up_to_date = True
        kg.outputs = [out / name for name in (*OUTPUTS.values(), SUMMARY, ANSWERS, MANIFEST, STORE)]
        return kg
    ds = assemble(project.root)
    kg = KnowledgeGraph(ds, project=project)
    log.info("writing outputs to %s", out)
    data = serialize_all(ds, OUTPUTS)
    rendered = {name: data[fmt] for fmt, name in OUTPUTS.items()}
    summary = kg.stats()
    rendered[SUMMARY] = (json.dumps(_jsonable(summary), indent=2, sort_keys=True) + "\n").encode()
    computed = {"conflicts": kg.conflicts(), "differences": kg.differences()}
    rendered[ANSWERS] = (json.dumps(_jsonable(computed), indent=2, sort_keys=True) + "\n").encode()
    nquads = rendered[OUTPUTS["nquads"]]
    rendered[MANIFEST] = (json.dumps({"inputs": inputs, "content": hashlib.sha256(nquads).hexdigest()},
                                     indent=2, sort_keys=True) + "\n").encode()
    log.info("writing the dataset into an Oxigraph store")
    rendered[STORE] = write_store(nquads)
    outputs = write_outputs(out, rendered)  # everything is rendered before anything is written
    built = KnowledgeGraph(None, project=project, store=BuildStore(str(out)))   # what every later load opens
    built.outputs = outputs
    return built


def write_outputs(out: Path, rendered: dict[str, bytes]) -> list[Path]:
    """Swap the build's files into ``out`` as one unit (see :mod:`influencegraph.fileset`); git-ignore ``out``.

    Raises :class:`~influencegraph.outputs.OutputError` if ``out`` cannot be written; the previous build is
    then still there, complete."""
    from .fileset import swap_in
    from .outputs import atomic_write

    paths = swap_in(out, rendered)
    gitignore = out / ".gitignore"
    if not gitignore.exists() and not gitignore.is_symlink():
        atomic_write(gitignore, b"*\n")
    return paths


def _jsonable(summary: dict) -> dict:
    return json.loads(json.dumps(summary, default=str))
