"""The embedded default: rdflib's in-memory store."""

from __future__ import annotations

import logging
from pathlib import Path

from . import GraphStore, dataset_format
from .terms import canonical_decimals

log = logging.getLogger(__name__)

#: N-Quads are parsed this many lines at a time, so that a long load reports progress.
CHUNK_LINES = 200_000


class MemoryStore(GraphStore):
    """rdflib's ``Memory`` store: nothing on disk; SPARQL in rdflib."""

    scheme = "memory"
    location_hint = ""

    def _open(self):
        from ..loading import new_dataset
        return new_dataset()

    def load_file(self, path) -> None:
        path = Path(path)
        fmt = dataset_format(path)
        ds = self._open()
        if fmt == "json-ld":
            from ..formats import read_jsonld_offline
            read_jsonld_offline(ds, path)
        elif fmt == "nquads":
            _parse_nquads_in_chunks(ds, path)
        else:
            log.info("parsing %s", path.name)
            ds.parse(path, format=fmt)
        canonical_decimals(ds)        # as every store holds them (TriG writes 1.5e9 as 1500000000.0)
        self._dataset = ds

    def replace(self, dataset) -> None:
        self._dataset = dataset


def _parse_nquads_in_chunks(ds, path: Path) -> None:
    """Parse an N-Quads file ``CHUNK_LINES`` lines at a time (one line is one statement), reporting progress.

    A line longer than :data:`~influencegraph.limits.MAX_NQUADS_LINE_BYTES` is refused before rdflib, whose reader
    takes time quadratic in a line's length, sees it."""
    from ..limits import refuse_long_nquads_line

    size = path.stat().st_size
    done = lines_read = 0
    blank_nodes: dict = {}                 # one blank node label means one node across chunks
    with path.open("rb") as handle:
        while True:
            lines = handle.readlines(CHUNK_LINES * 120)
            if not lines:
                break
            refuse_long_nquads_line(path, lines, lines_read)
            lines_read += len(lines)
            data = b"".join(lines)
            done += len(data)
            ds.parse(data=data, format="nquads", bnode_context=blank_nodes)
            log.info("parsing %s: %3.0f%% (%s statements)", path.name, 100 * done / max(size, 1), f"{len(ds):,}")
