"""The projected network, cached: once per parameter set in a process, and on disk per build across processes.

:func:`network` is the one place views, reports and analyses get a projection from (through
``KnowledgeGraph.network``). A second call with the same parameters returns the same graph object. When the store
names its content (:attr:`~influencegraph.stores.GraphStore.content_key`: the same data gives the same key) and the
graph has a project, the network is also kept in the build folder, under ``.cache/networks/``, as one file per
parameter set named by the content key, a digest of the projection's code and a digest of the parameters; the next
process over the same build reads it back instead of running the derivation rules again. Writing an entry removes
the entries of any other content key or code, so the folder holds one build's networks only.

The file is a pickle of the networkx graph, compressed: measured at 100k triples (1,485 nodes, 8,228 edges) a
pickle reads back in 0.12 s and holds every attribute as it was (tuples, frozensets, number keys), where a compact
JSON (node-link) took 0.25 s and 1.5 times the bytes and needs its own encoding of those values. A pickle is code
when read, so only a file the current user owns and nobody else can write is read (see :func:`_trusted`); a file
that is not, or cannot be read (truncated, of another format version, foreign), is ignored and the network
projected again, and a build folder that cannot be written means no disk cache: never an error.

Examples
--------
>>> parameters(relations=["leads", "investsIn", "leads"], as_of="2024-06")
(('investsIn', 'leads'), None, '2024-06', False)
>>> entry_name("0a1b", "c0de", parameters()) == entry_name("0a1b", "c0de", parameters(hedged=0))
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import stat
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path

from . import projection

__all__ = ["network", "parameters", "entry_name", "cache_folder", "FORMAT"]

log = logging.getLogger(__name__)

#: The first line of every cache file; change the number when the file's layout changes.
FORMAT = b"influencegraph network cache 1\n"
#: Where the entries go, under the project's build folder.
FOLDER = Path(".cache") / "networks"
SUFFIX = ".network"


def parameters(relations=None, node_types=None, as_of=None, hedged: bool = False) -> tuple:
    """The projection's parameters in one canonical form: what makes two calls give the same network.

    Raises
    ------
    ValueError
        A malformed ``as_of`` (the projection's own check).
    """
    from ..dates import as_of_date
    return (tuple(sorted(set(relations))) if relations is not None else None,
            tuple(sorted(set(node_types))) if node_types is not None else None, as_of_date(as_of), bool(hedged))


def entry_name(content_key: str, code: str, key: tuple) -> str:
    """The cache file of one parameter set of one build (content key) under one version of the code."""
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]
    return f"{_safe(content_key)}.{code}.{digest}{SUFFIX}"


def _safe(content_key: str) -> str:
    """The content key as a file name part: as it is if it is plain (a hex digest), else a digest of it."""
    text = str(content_key)
    if text.isascii() and text.isalnum() and len(text) <= 128:
        return text
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's code and queries: a network depends on the code that projects it as well as on
    the data, so a changed projection (an edge attribute more) never reads an older network."""
    import sys

    import networkx

    from ..project import code_digest as package_digest
    h = hashlib.sha256(f"{sys.version_info[:2]} networkx {networkx.__version__} {package_digest()}".encode())
    return h.hexdigest()[:16]


def cache_folder(kg) -> Path | None:
    """Where ``kg``'s networks are kept on disk, or ``None`` if they are not (no project, or a store that does not
    name its content)."""
    project = getattr(kg, "project", None)
    if project is None or getattr(kg.store, "content_key", None) is None:
        return None
    return Path(project.build_dir) / FOLDER


# ----------------------------------------------------------------------------- the one place a network comes from
def network(kg, relations=None, node_types=None, as_of=None, hedged: bool = False):
    """The projection of ``kg`` (:func:`~.projection.project`) for these parameters: from this process's memory,
    else from the build's disk cache, else projected (and then kept in both).

    Parameters
    ----------
    kg : KnowledgeGraph
        From :func:`influencegraph.load`.
    relations, node_types, as_of, hedged
        As for :func:`~.projection.project`.

    Returns
    -------
    networkx.MultiDiGraph
    """
    key = parameters(relations, node_types, as_of, hedged)
    memo = kg.__dict__.setdefault("_networks", {})
    if key not in memo:
        memo[key] = _from_disk_or_projected(kg, key)
    return memo[key]


def _from_disk_or_projected(kg, key: tuple):
    folder = cache_folder(kg)
    path = folder / entry_name(kg.store.content_key, code_digest(), key) if folder is not None else None
    if path is not None:
        G = _read(path, kg.store.content_key, key)
        if G is not None:
            log.info("network from cache (%d nodes, %d edges): %s", G.number_of_nodes(), G.number_of_edges(), path)
            return G
    log.info("projecting the network%s", "" if path is None else " (no cached copy for this build)")
    relations, node_types, as_of, hedged = key
    G = projection.project(kg, relations=relations, node_types=node_types, as_of=as_of, hedged=hedged)
    if path is not None:
        _write(path, kg.store.content_key, key, G)
    return G


# ----------------------------------------------------------------------------- the files
def _trusted(st: os.stat_result) -> bool:
    """A regular file the current user owns that neither the group nor others may write: nobody else can have put
    code in it. (Where ownership cannot be checked, nothing is trusted.)"""
    if not hasattr(os, "geteuid"):
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path, content_key: str, key: tuple):
    """The network in ``path``, or ``None`` if there is none to trust and read (the reason logged)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("ignoring the cached network %s: %s", path, exc.strerror or exc)
        return None
    with os.fdopen(fd, "rb") as fh:
        if not _trusted(os.fstat(fh.fileno())):       # the file opened, not the path: it cannot be swapped meanwhile
            log.info("ignoring the cached network %s: not yours, or others may write it", path)
            return None
        data = fh.read()
    import networkx as nx
    entry = _unpack(data)
    if not (isinstance(entry, dict) and entry.get("content_key") == content_key and entry.get("parameters") == key
            and isinstance(entry.get("network"), nx.MultiDiGraph)):
        log.info("ignoring the cached network %s: unreadable, of another version, or not this build's", path)
        return None
    return entry["network"]


def _unpack(data: bytes):
    if not data.startswith(FORMAT):
        return None
    try:
        return pickle.loads(zlib.decompress(data[len(FORMAT):]))
    except Exception:           # a truncated or foreign payload can fail in any of pickle's many ways
        return None


def _write(path: Path, content_key: str, key: tuple, G) -> None:
    """Keep ``G`` in ``path`` (written beside it and renamed into place, readable by its owner only) and remove the
    entries of other builds; a folder that cannot be written means no disk cache."""
    payload = {"content_key": content_key, "parameters": key, "network": G}
    data = FORMAT + zlib.compress(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), 1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)   # mode 0600
    except OSError as exc:
        log.info("not caching the network: cannot write in %s (%s)", path.parent, exc.strerror or exc)
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("not caching the network: cannot write %s (%s)", path, exc.strerror or exc)
        _remove(Path(tmp))
        return
    except BaseException:
        _remove(Path(tmp))
        raise
    _prune(path)


def _prune(keep: Path) -> None:
    """Remove the entries beside ``keep`` that belong to another build or another version of the code, and what
    an interrupted write of one of them left (``.NAME.….tmp``)."""
    prefix = keep.name.rsplit(".", 2)[0] + "."
    for entry in keep.parent.glob(f"*{SUFFIX}"):
        if not entry.name.startswith(prefix):
            _remove(entry)
    for left in keep.parent.glob(f".*{SUFFIX}.*.tmp"):
        if not left.name[1:].startswith(prefix):
            _remove(left)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
