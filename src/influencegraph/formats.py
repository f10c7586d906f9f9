"""Serialise the dataset, byte for byte the same for the same input. Formats are registered by name.

Quad formats (TriG, N-Quads, JSON-LD) keep every named graph, so provenance survives; triple formats (Turtle,
N-Triples) carry the union of all graphs.

Examples
--------
>>> sorted(FORMATS)
['jsonld', 'nquads', 'ntriples', 'trig', 'turtle']
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Dataset

from .outputs import atomic_write
from .registry import Registry
from .vocab import PREFIXES

__all__ = ["Format", "FORMATS", "register", "serialize", "serialize_all", "write", "atomic_write", "read_jsonld_offline"]


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    media_type: str
    quads: bool
    render: Callable[[Dataset], bytes]
    #: for formats written from :func:`influencegraph.canonical.quad_rows`: the rows to bytes
    from_rows: Callable[[list], bytes] | None = None


FORMATS = Registry("format")


def register(name: str, suffix: str, media_type: str, quads: bool, rows: bool = False):
    """Register a serialiser under ``name`` (a decorator), as rdflib registers its plugins.

    With ``rows``, the serialiser takes the sorted rows of :func:`influencegraph.canonical.quad_rows` instead
    of the dataset, so that several such formats share one pass over the dataset (:func:`serialize_all`)."""
    def wrap(fn):
        if rows:
            FORMATS.register(name, Format(name, suffix, media_type, quads, _from_dataset(fn), fn))
        else:
            FORMATS.register(name, Format(name, suffix, media_type, quads, fn))
        return fn
    return wrap


def _from_dataset(fn: Callable[[list], bytes]) -> Callable[[Dataset], bytes]:
    def render(ds: Dataset) -> bytes:
        from .canonical import quad_rows
        return fn(quad_rows(ds))
    return render


def _sorted_quads(ds: Dataset):
    rows = []
    for g in ds.graphs():
        if not len(g):
            continue
        for s, p, o in g:
            rows.append((g.identifier, s, p, o))
    return sorted(rows, key=lambda q: tuple(t.n3() for t in q))


def _canonical_dataset(ds: Dataset) -> Dataset:
    """A copy whose graphs and triples were inserted in sorted order, so serialisers iterate deterministically."""
    out = Dataset()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    for g, s, p, o in _sorted_quads(ds):
        out.graph(g).add((s, p, o))
    return out


@register("nquads", ".nq", "application/n-quads", quads=True, rows=True)
def _nquads(rows: list) -> bytes:
    from .canonical import nquads
    return nquads(rows)


@register("ntriples", ".nt", "application/n-triples", quads=False, rows=True)
def _ntriples(rows: list) -> bytes:
    from .canonical import ntriples
    return ntriples(rows)


@register("trig", ".trig", "application/trig", quads=True, rows=True)
def _trig(rows: list) -> bytes:
    from .canonical import trig
    return trig(rows)


@register("turtle", ".ttl", "text/turtle", quads=False, rows=True)
def _turtle(rows: list) -> bytes:
    from .canonical import turtle
    return turtle(rows)


@register("jsonld", ".jsonld", "application/ld+json", quads=True)
def _jsonld(ds: Dataset) -> bytes:
    import json
    raw = _canonical_dataset(ds).serialize(format="json-ld", encoding="utf-8", auto_compact=False)
    data = json.loads(raw)
    return (json.dumps(_sort_json(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sort_json(value):
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        import json
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return {k: _sort_json(v) for k, v in value.items()}
    return value


def serialize(ds: Dataset, fmt: str) -> bytes:
    """The dataset in format ``fmt`` (one of :data:`FORMATS`; another raises
    :class:`~influencegraph.registry.UnknownName`, a ``ValueError``)."""
    return FORMATS.get(fmt).render(ds)


def serialize_all(ds: Dataset, fmts) -> dict[str, bytes]:
    """The dataset in each format of ``fmts``, as :func:`serialize` gives it; the formats written from sorted
    rows share one pass over the dataset."""
    specs = {fmt: FORMATS.get(fmt) for fmt in fmts}
    rows = None
    if any(spec.from_rows for spec in specs.values()):
        from .canonical import quad_rows
        rows = quad_rows(ds)
    return {fmt: spec.from_rows(rows) if spec.from_rows else spec.render(ds) for fmt, spec in specs.items()}


def write(ds: Dataset, fmt: str, output: str | os.PathLike, rendered: Path | None = None) -> int:
    """Write the dataset to ``output`` (``-`` for standard output) atomically; return the number of bytes.

    Only a regular file is replaced (see :func:`influencegraph.outputs.atomic_write`); the target is checked
    before the dataset is serialised. ``rendered``: a file that already holds the dataset in ``fmt`` (the build's
    own dump), copied instead of serialising again."""
    from .outputs import check_target
    if str(output) != "-":
        check_target(output)
    data = Path(rendered).read_bytes() if rendered is not None else serialize(ds, fmt)
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return len(data)
    atomic_write(Path(output), data)
    return len(data)


def read_jsonld_offline(ds: Dataset, path: Path) -> None:
    """Parse a JSON-LD file into ``ds`` without ever fetching anything: a document whose ``@context`` (or
    ``@import``) names a remote resource is refused, since rdflib would download it."""
    import json

    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    remote = _remote_references(data)
    if remote:
        raise ValueError(f"{path}: refusing JSON-LD that would fetch {remote[0]!r} "
                         "(remote contexts are not loaded; inline the context)")
    ds.parse(data=text, format="json-ld")


def _remote_references(value) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import"):
                items = item if isinstance(item, list) else [item]
                found += [i for i in items if isinstance(i, str)]
                found += [r for i in items if isinstance(i, dict) for r in _remote_references(i)]
            else:
                found += _remote_references(item)
    elif isinstance(value, list):
        for item in value:
            found += _remote_references(item)
    return found
