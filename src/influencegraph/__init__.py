"""influencegraph: a sourced knowledge graph of China's investment push into Central Asia.

The Python API mirrors the CLI; each command is a thin shell over one of these functions.

>>> import influencegraph
>>> kg = influencegraph.load()                      # doctest: +SKIP
>>> kg.sources("East Hope Group")["by_source"]      # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["load", "build", "validate", "export", "query", "KnowledgeGraph", "InputError", "UnknownEntity", "__version__"]


def __getattr__(name):  # keep `import influencegraph` (and the CLI's start) fast: load rdflib on first use
    if name == "KnowledgeGraph":
        from .graph import KnowledgeGraph
        return KnowledgeGraph
    if name in ("InputError", "UnknownEntity", "Problem"):
        from . import errors
        return getattr(errors, name)
    raise AttributeError(f"module 'influencegraph' has no attribute {name!r}")


def load(path=None, root=None, progress=None):
    """The knowledge graph, ready to query, analyse and draw.

    Parameters
    ----------
    path : str or Path, optional
        A dataset file to read (``.trig``, ``.nq``, ``.jsonld``), e.g. an export. Default: the project's
        build output when it is newer than every input file; otherwise the dataset is built in memory.
    root : str or Path, optional
        The project folder (default: found from the current folder).

    Returns
    -------
    KnowledgeGraph
    """
    from pathlib import Path

    from .pipeline import OUTPUTS, assemble
    from .graph import KnowledgeGraph
    from .loading import new_dataset
    from .project import Project

    if path is not None:
        path = Path(path)
        fmt = {".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld"}.get(path.suffix)
        if fmt is None:
            raise ValueError(f"{path}: unknown dataset format; use .trig, .nq or .jsonld")
        ds = new_dataset()
        if fmt == "json-ld":
            from .formats import read_jsonld_offline
            read_jsonld_offline(ds, path)
        else:
            ds.parse(path, format=fmt)
        return KnowledgeGraph(ds)
    project = Project.locate(root)
    built = project.build_dir / OUTPUTS["nquads"]
    inputs = [p for p in project.inputs() if p.exists()]
    if built.is_file() and all(p.stat().st_mtime <= built.stat().st_mtime for p in inputs):
        ds = new_dataset()
        ds.parse(built, format="nquads")
        return KnowledgeGraph(ds, project=project)
    return KnowledgeGraph(assemble(project.root, progress or (lambda _m: None)), project=project)


_loaded: dict = {}


def query(name_or_text, engine="rdflib", raw=False, root=None, **params):
    """Answer a named query, a ``.rq`` file or SPARQL text on the project's graph: a pandas DataFrame.

    The graph is loaded once per project folder and kept for later calls until an input file changes. ``engine`` is ``"rdflib"`` (the
    default) or ``"oxigraph"``; ``raw=True`` returns the engine-neutral result (rdflib terms, serialisations)
    instead of a DataFrame. ``params`` are the query's parameters (``influencegraph query --list``).

    Examples
    --------
    >>> import influencegraph
    >>> df = influencegraph.query("capital-by-origin", host="Kazakhstan")      # doctest: +SKIP
    """
    from .project import Project
    project = Project.locate(root)
    key = (project.root, max((p.stat().st_mtime for p in project.inputs() if p.exists()), default=0))
    if key not in _loaded:
        _loaded[key] = load(root=root)
    return _loaded[key].query(name_or_text, engine=engine, raw=raw, **params)


def build(root=None, output_dir=None, progress=None):
    """Validate, derive and write the dataset to the build folder; return the :class:`KnowledgeGraph`."""
    from .pipeline import build as _build
    return _build(root, output_dir, progress or (lambda _m: None))


def validate(root=None, progress=None):
    """Every problem in the project's input files, as :class:`~influencegraph.errors.Problem` (empty: valid)."""
    from .pipeline import validate as _validate
    return _validate(root, progress or (lambda _m: None))


def export(fmt="trig", output="-", root=None):
    """Export the whole dataset (with provenance) in ``fmt`` to ``output``; return the bytes written."""
    return load(root=root).export(fmt, output)
