"""influencegraph: a sourced knowledge graph of China's investment push into Central Asia.

The Python API mirrors the CLI; each command is a thin shell over one of these functions.
Long steps log what they are doing (INFO) on the ``influencegraph`` logger: ``logging.basicConfig(level=logging.INFO)``
shows it, as the CLI does on standard error.

>>> import influencegraph
>>> kg = influencegraph.load()                      # doctest: +SKIP
>>> kg.sources("East Hope Group")["by_source"]      # doctest: +SKIP
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

__all__ = ["load", "build", "validate", "export", "query", "push", "KnowledgeGraph", "InputError", "UnknownEntity", "__version__"]


def __getattr__(name):  # keep `import influencegraph` (and the CLI's start) fast: load rdflib on first use
    if name == "KnowledgeGraph":
        from .graph import KnowledgeGraph
        return KnowledgeGraph
    if name in ("InputError", "UnknownEntity", "Problem"):
        from . import errors
        return getattr(errors, name)
    raise AttributeError(f"module 'influencegraph' has no attribute {name!r}")


def load(path=None, root=None, store=None):
    """The knowledge graph, ready to query, analyse and draw.

    Parameters
    ----------
    path : str or Path, optional
        A dataset file to read (``.trig``, ``.nq``, ``.jsonld``), e.g. an export; it replaces what ``store`` held.
        Default: the project's build, when it was built from the inputs as they are now; otherwise the dataset is
        assembled in memory (and a warning says to run ``influencegraph build``).
    root : str or Path, optional
        The project folder (default: found from the current folder).
    store : str, optional
        Where the graph lives (:mod:`influencegraph.stores`). Default: the Oxigraph store the build wrote, opened
        read-only in milliseconds (SPARQL in Oxigraph). ``"memory"``: rdflib's in-memory store, filled from the
        build (SPARQL in rdflib; you may add to it). ``"oxigraph:PATH"``: a folder of your own, filled from the
        project the first time, then opened as it is. ``"build:PATH"``: another build folder's store.
        ``"sparql:URL"``: a SPARQL 1.1 query endpoint, read-only.

    Returns
    -------
    KnowledgeGraph
    """
    from .graph import KnowledgeGraph
    from .project import Project
    from .stores import open_store

    if store is None and path is None:
        project = Project.locate(root)
        built = _built_store(project)
        if built is not None:
            return KnowledgeGraph(None, project=project, store=built)
        logging.getLogger(__name__).warning(
            "the build in %s is missing or older than the inputs: assembling the graph in memory "
            "(run `influencegraph build` once, and later loads open its store at once)", project.build_dir)
    target = open_store(store)
    if path is not None:
        target.load_file(path)
        return KnowledgeGraph(target.dataset, store=target)
    if target.scheme != "memory" and (not target.writable or not target.is_empty()):
        try:
            project = Project.locate(root)
        except FileNotFoundError:
            project = None
        return KnowledgeGraph(target.dataset, project=project, store=target)
    project = Project.locate(root)
    built = _fresh_build(project)
    if built is not None:
        target.load_file(built)
    else:
        from .pipeline import assemble
        target.replace(assemble(project.root))
    return KnowledgeGraph(target.dataset, project=project, store=target)


def _built_store(project):
    """The build's store if the build folder holds a build of the inputs as they are now, else None."""
    from .stores.build import BuildStore, up_to_date
    if not up_to_date(project.build_dir, project.fingerprint()):
        return None
    return BuildStore(str(project.build_dir))


def _fresh_build(project):
    """The project's N-Quads build output if it was built from the inputs as they are now, else None."""
    from .pipeline import OUTPUTS
    from .stores.build import up_to_date
    if up_to_date(project.build_dir, project.fingerprint()):
        return project.build_dir / OUTPUTS["nquads"]
    return None


def push(endpoint, root=None, store=None, path=None):
    """Send the graph (the project's, a store's, or a dataset file's) to a Graph Store Protocol endpoint.

    Each named graph replaces the graph of the same name on the server (``PUT``). Returns a dict with the
    ``graphs`` and ``statements`` sent.
    """
    return load(path=path, root=root, store=store).push(endpoint)


_loaded: dict = {}


def query(name_or_text, engine=None, raw=False, root=None, **params):
    """Answer a named query, a ``.rq`` file or SPARQL text on the project's graph: a pandas DataFrame.

    The graph is loaded once per project folder and kept for later calls until an input file changes. ``engine`` is ``"rdflib"`` (the
    default, in memory) or ``"oxigraph"``; ``raw=True`` returns the engine-neutral result (rdflib terms, serialisations)
    instead of a DataFrame. ``params`` are the query's parameters (``influencegraph query --list``).

    Examples
    --------
    >>> import influencegraph
    >>> df = influencegraph.query("capital-by-origin", host="Kazakhstan")      # doctest: +SKIP
    """
    from .project import Project
    project = Project.locate(root)
    key = (project.root, tuple(sorted(project.fingerprint().items())))
    if key not in _loaded:
        _loaded[key] = load(root=root)
    return _loaded[key].query(name_or_text, engine=engine, raw=raw, **params)


def build(root=None, output_dir=None, store=None, rebuild=False):
    """Validate, derive and write the dataset to the build folder; return the :class:`KnowledgeGraph`.

    The build folder gets the canonical dumps and an Oxigraph store that later loads open read-only. When it
    already holds a build of exactly these inputs, nothing is rebuilt (``kg.up_to_date`` is then True) unless
    ``rebuild``.

    With ``store`` (e.g. ``"oxigraph:PATH"``) the build also replaces that store's content, and the graph returned
    lives there."""
    from .pipeline import build as _build
    target = None
    if store is not None:                     # a bad or read-only store fails before the build writes anything
        from .stores import StoreError, open_store
        target = open_store(store)
        if not target.writable:
            raise StoreError(f"{target.spec} is read-only; send the build to a server with `influencegraph push`")
    kg = _build(root, output_dir, rebuild=rebuild)
    if target is None:
        return kg
    from .graph import KnowledgeGraph
    logging.getLogger(__name__).info("writing the dataset into %s", target.spec)
    target.load_file(next(p for p in kg.outputs if p.suffix == ".nq"))
    built = KnowledgeGraph(target.dataset, project=kg.project, store=target)
    built.outputs = kg.outputs
    return built


def validate(root=None):
    """Every problem in the project's input files, as :class:`~influencegraph.errors.Problem` (empty: valid)."""
    from .pipeline import validate as _validate
    return _validate(root)


def export(fmt="trig", output="-", root=None, store=None):
    """Export the whole dataset (with provenance) in ``fmt`` to ``output``; return the bytes written."""
    return load(root=root, store=store).export(fmt, output)
