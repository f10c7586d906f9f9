"""The build's own store, and the default: the Oxigraph database ``influencegraph build`` writes into the build folder.

``influencegraph build`` writes, beside the canonical dumps, an Oxigraph database (``build/store/``) and a
manifest (``build/manifest.json``: a digest of every input and of the code that built it, and of the content).
Every command and :func:`influencegraph.load` open that database read-only, in milliseconds, instead of parsing
the dumps again: nothing to start, no server. SPARQL runs in Oxigraph on it; Python code reads it through the
rdflib ``Dataset`` API (:class:`~.oxigraph.OxigraphTriples`, an oxrdflib store), so rdflib stays first-class.

A build never writes into a database someone reads: it writes a new set of files and swaps it in as one unit
(:mod:`influencegraph.fileset`). A reader holds the set it opened, so a running ``serve`` and a CLI query go on
reading their database while a build swaps a new one in; the old set goes once nobody holds it. The same
folder opens as ``build:PATH`` (e.g. another project's build).

Examples
--------
>>> import influencegraph, tempfile
>>> kg = influencegraph.load()                                      # doctest: +SKIP
>>> kg.store                                                        # doctest: +SKIP
<BuildStore build:/…/build>
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from . import OxigraphBacked, StoreError

log = logging.getLogger(__name__)

__all__ = ["BuildStore", "STORE", "MANIFEST", "SUMMARY", "ANSWERS", "DUMPS", "write_store", "up_to_date"]

#: The database's folder and the manifest's file, in the build folder.
STORE = "store"
MANIFEST = "manifest.json"
#: Files the build writes beside the store that answers read instead of recomputing them: the summary, and the
#: canonical dumps by format name (an export of the whole dataset in that format copies them).
SUMMARY = "summary.json"
#: What ``conflicts`` and ``differences`` answer, computed once by the build (keys: those names).
ANSWERS = "answers.json"
DUMPS = {"trig": "influencegraph.trig", "nquads": "influencegraph.nq"}

_WHY = ("the build's store is read-only: to add to the graph, load it with store='memory' or 'oxigraph:PATH' "
        "(influencegraph.load(store=...)), or change the project's files and build again")


def write_store(nquads: bytes):
    """A function that writes an Oxigraph database holding ``nquads`` at the path it is given (for
    :func:`influencegraph.fileset.swap_in`)."""
    def fill(path: Path) -> None:
        import gc

        import pyoxigraph as ox
        store = ox.Store(str(path))
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store
        gc.collect()                          # RocksDB closes the database when the handle goes
    return fill


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def up_to_date(out: Path, inputs: dict) -> bool:
    """Whether the build folder ``out`` holds a store built from exactly ``inputs`` (digests by name)."""
    from ..fileset import current_set
    folder = current_set(out)
    if folder is None or not (folder / STORE).is_dir():
        return False
    manifest = read_manifest(folder)
    return manifest is not None and manifest.get("inputs") == inputs


class BuildStore(OxigraphBacked):
    """The store of a build folder (``build:PATH``), read-only, held for as long as this object lives."""

    scheme = "build"
    writable = False
    location_hint = "PATH (a build folder)"

    def __init__(self, location: str):
        import pyoxigraph as ox

        from ..fileset import hold
        super().__init__(location)
        self.path = Path(location).expanduser()
        self.held = hold(self.path)
        if self.held is None or not (self.held.folder / STORE).is_dir():
            raise StoreError(f"{self.path}: no built store here; run `influencegraph build`")
        self.manifest = read_manifest(self.held.folder) or {}
        try:
            self.ox = ox.Store.read_only(str(self.held.folder / STORE))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the build's store: {exc}") from None
        log.info("opened the build's store in %s", self.path)

    @property
    def content_key(self) -> str | None:
        """A digest of the store's content: the same content, the same key (caches key on it)."""
        return self.manifest.get("content")

    @property
    def summary(self) -> dict | None:
        """The build's summary (``summary.json``), as :func:`influencegraph.answers.stats` gives it."""
        return self._read(SUMMARY)

    def answer(self, name: str):
        """What the build computed for the question ``name`` (``conflicts``, ``differences``), or None."""
        answers = self._read(ANSWERS)
        return answers.get(name) if isinstance(answers, dict) else None

    def _read(self, filename: str):
        try:
            return json.loads((self.held.folder / filename).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def dump(self, fmt: str) -> Path | None:
        """The build's own file of the whole dataset in ``fmt`` (``trig``, ``nquads``), or None."""
        name = DUMPS.get(fmt)
        path = self.held.folder / name if name else None
        return path if path is not None and path.is_file() else None

    def _open(self):
        from .oxigraph import dataset_over
        return dataset_over(self.ox, read_only=True, why=_WHY)

    def load_file(self, path) -> None:
        raise StoreError(f"{self.spec} is the build's store, read-only: `influencegraph build` writes it")

    replace = load_file

    def close(self) -> None:
        """Nothing to flush; the set is let go when this object goes (readers of its dataset may remain)."""
