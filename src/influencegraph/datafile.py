"""Check a dataset file before a command serves or sends it, so that a broken one is reported in one line.

The check streams the file through pyoxigraph's parser (N-Quads, TriG: the parser the endpoint's workers use) or
Python's JSON reader (JSON-LD) and keeps nothing, so it costs a fraction of the load that follows.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DatasetFileError", "check_dataset_file"]

_NAMES = {"nquads": "N-Quads", "trig": "TriG", "json-ld": "JSON-LD"}


class DatasetFileError(ValueError):
    """A dataset file that cannot be read; the message names the file and, where known, the line and column."""


def check_dataset_file(path) -> None:
    """Raise :class:`DatasetFileError` when ``path`` is not a readable, well-formed dataset file.

    A folder (an Oxigraph database) is left to the store that opens it.

    Examples
    --------
    >>> import tempfile, os
    >>> bad = os.path.join(tempfile.mkdtemp(), "cut.nq")
    >>> _ = open(bad, "w").write('<http://a/s> <http://a/p> "unfinished')
    >>> check_dataset_file(bad)
    Traceback (most recent call last):
    ...
    influencegraph.datafile.DatasetFileError: .../cut.nq: line 1, column 27: not valid N-Quads: ...
    """
    from .stores import dataset_format

    path = Path(path)
    if path.is_dir():
        return
    try:
        fmt = dataset_format(path)
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None
    try:
        if fmt == "json-ld":
            _check_json(path)
        else:
            _check_rdf(path, fmt)
    except UnicodeDecodeError as exc:
        raise DatasetFileError(f"{path}: byte {exc.start}: not UTF-8 text") from None
    except OSError as exc:
        raise DatasetFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None


def _check_rdf(path: Path, fmt: str) -> None:
    import pyoxigraph as ox
    try:
        for _quad in ox.parse(path=str(path), format=getattr(ox.RdfFormat, {"nquads": "N_QUADS"}.get(fmt, "TRIG"))):
            pass
    except SyntaxError as exc:
        message = str(exc.msg or exc).split(": ", 1)[-1]
        where = f"line {exc.lineno}, column {exc.offset}: " if exc.lineno else ""
        raise DatasetFileError(f"{path}: {where}not valid {_NAMES[fmt]}: {message}") from None


def _check_json(path: Path) -> None:
    import json
    try:
        with path.open("rb") as handle:
            json.load(handle)
    except json.JSONDecodeError as exc:
        raise DatasetFileError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON-LD: {exc.msg}") \
            from None
