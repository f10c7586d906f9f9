"""Size limits on the input, so that no file makes a later command slow to a crawl.

Every limit here is checked when a file is parsed, before the integrity checks and SHACL run; an offence is a
:class:`~influencegraph.errors.Problem` naming the file, the line and the focus node, and nothing is built.

Why the limits exist:

- rdflib's N-Quads reader re-scans a line from its start each time it reads 2,048 more characters, so a statement
  of L bytes costs about L²/4,096 steps to read: a build holding a 1 MB literal took 3 s to load, a 3 MB one 28 s,
  at every ``influencegraph.load()``, query and ``serve``. A long IRI does the same.
- The build names the nodes of an RDF list after their parent (``<claim>/note/rest/rest/…``), so the names grow
  with the list's length and every check that reports them is quadratic: a 50-item list made ``validate`` take
  over a minute, a 1,000-item one longer still.

The curated graph needs none of this: its longest literal is 652 bytes (a catalogue description), its longest
IRI 97 bytes, and it has no RDF list outside the ontology (two lists of two classes) and the shapes (eight
``sh:in``/``sh:or`` lists of at most five items). The limits leave ample room above that.
"""

from __future__ import annotations

import re

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from .errors import InputError, Problem

__all__ = ["MAX_LITERAL_BYTES", "MAX_IRI_BYTES", "MAX_LIST_ITEMS", "MAX_NQUADS_LINE_BYTES", "check_terms",
           "refuse_long_nquads_line"]

#: The longest literal (its lexical form, in UTF-8 bytes) an input file may hold: 100 times the longest today.
MAX_LITERAL_BYTES = 64 * 1024
#: The longest IRI (in UTF-8 bytes) an input file may use.
MAX_IRI_BYTES = 4 * 1024
#: The most items an RDF list (``( … )``, ``owl:unionOf``, ``sh:in``) may have, in any input file.
MAX_LIST_ITEMS = 64
#: The longest line :func:`influencegraph.load` reads from an N-Quads file: room for a statement holding the
#: longest literal and IRIs allowed, each character escaped as ``\\uXXXX`` at worst.
MAX_NQUADS_LINE_BYTES = 512 * 1024

_SHOWN = 60  # characters of an over-long term shown in a message
_NQUADS_FIX = 'shorten its literal, or read the file into an Oxigraph store (store="oxigraph:FOLDER")'


def check_terms(container: Dataset | Graph, rel: str, text: str, locate) -> list[Problem]:
    """The literals, IRIs and RDF lists of one parsed file that exceed the limits, one problem per offence.

    Parameters
    ----------
    container : Dataset or Graph
        The file as parsed (blank nodes not yet renamed).
    rel : str
        The file's path relative to the project, for the messages.
    text : str
        The file's text, to find the line where a long literal opens.
    locate : callable
        ``locate(term)`` gives the line where an IRI starts a statement in that file (or None).
    """
    parents: dict[BNode, object] = {}
    rest: dict = {}
    firsts: set = set()
    seen: set = set()
    offences: list[tuple] = []
    for s, p, o in _statements(container):
        if isinstance(o, BNode) and o not in parents:
            parents[o] = s
        if p == RDF.rest:
            rest[s] = o
        elif p == RDF.first:
            firsts.add(s)
        for term in (s, p, o):
            if not isinstance(term, (Literal, URIRef)) or term in seen:
                continue
            limit = MAX_LITERAL_BYTES if isinstance(term, Literal) else MAX_IRI_BYTES
            if len(term) * 4 <= limit:  # a character is at most four bytes in UTF-8
                continue
            size = len(str(term).encode("utf-8"))
            if size > limit:
                seen.add(term)
                offences.append((term, size, limit, s))
    text_line = _TextLines(text, locate)  # blank nodes' parents are all known now: report
    problems = [_oversized(*offence, parents, rel, text_line) for offence in offences]
    for head, items in _long_lists(firsts, rest):
        holder = _named_holder(head, parents)
        problems.append(Problem(
            rel, text_line.of(holder), "limit",
            f"an RDF list of {items} items exceeds the limit of {MAX_LIST_ITEMS}",
            focus=_shown(holder), fix="shorten the list or state its items as separate statements"))
    return problems


def refuse_long_nquads_line(path, lines: list[bytes], before: int = 0) -> None:
    """Raise :class:`InputError` naming the first of ``lines`` (read from N-Quads file ``path`` after ``before``
    other lines) that is longer than :data:`MAX_NQUADS_LINE_BYTES`."""
    for index, line in enumerate(lines):
        if len(line) > MAX_NQUADS_LINE_BYTES and len(statement := line.rstrip(b"\r\n")) > MAX_NQUADS_LINE_BYTES:
            raise InputError([Problem(
                str(path), before + index + 1, "limit",
                f"a statement of {len(statement)} bytes exceeds the limit of {MAX_NQUADS_LINE_BYTES} bytes for a line "
                "of N-Quads", fix=_NQUADS_FIX)])


def _statements(container: Dataset | Graph):
    if isinstance(container, Dataset):
        for s, p, o, _g in container.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from container


def _oversized(term, size, limit, subject, parents, rel, text_line) -> Problem:
    if isinstance(term, Literal):
        what, fix = "a literal", "shorten it, or keep the long text in a file the graph cites"
    else:
        what, fix = "an IRI", "use a shorter identifier"
    holder = _named_holder(subject, parents)
    line = text_line.of_term(term, holder)
    return Problem(rel, line, "limit", f"{what} of {size} bytes exceeds the limit of {limit} bytes",
                   focus=_shown(holder), fix=fix)


def _named_holder(node, parents: dict):
    """``node``, or the nearest IRI above it when it is a blank node (a value node, a list cell)."""
    seen = set()
    while isinstance(node, BNode) and node in parents and node not in seen:
        seen.add(node)
        node = parents[node]
    return node


def _long_lists(firsts: set, rest: dict):
    """(head, number of items) of every RDF list longer than :data:`MAX_LIST_ITEMS`, in linear time."""
    tails = set(rest.values())
    length: dict = {}
    for head in firsts - tails:
        path, on_path, node = [], set(), head
        while node in rest and node not in length and node not in on_path:  # a cycle counts each cell once
            path.append(node)
            on_path.add(node)
            node = rest[node]
        count = length.get(node, 0)
        for cell in reversed(path):
            count += 1
            length[cell] = count
        if length.get(head, 0) > MAX_LIST_ITEMS:
            yield head, length[head]


def _shown(term) -> str:
    from .ontology import curie as _short

    text = _short(term) if isinstance(term, URIRef) else "a blank node"
    return text if len(text) <= _SHOWN else text[:_SHOWN] + f"… ({len(text)} characters)"


class _TextLines:
    """Finds the line of a statement's subject, or of a long literal's opening, in the file being checked."""

    def __init__(self, text: str, locate):
        self._text = text
        self._locate = locate

    def of(self, term) -> int | None:
        if not isinstance(term, URIRef) or len(str(term)) > MAX_IRI_BYTES:
            return None
        return self._locate(term)

    def of_term(self, term, holder) -> int | None:
        """The line where the over-long ``term`` is written, found from ``holder``'s statement on by the term's
        first characters (a literal) or last ones (an IRI, perhaps written with a prefix); else ``holder``'s line."""
        line = self.of(holder)
        pattern = r"[^\"'\\\r\n<>]{1,200}"
        found = re.match(pattern, str(term)) if isinstance(term, Literal) else re.search(pattern + "$", str(term)[-200:])
        if found:
            offset = _offset_of_line(self._text, line) if line else 0
            where = self._text.find(found.group(), offset)
            if where < 0:
                where = self._text.find(found.group())
            if where >= 0:
                return self._text.count("\n", 0, where) + 1
        return line


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
    return offset
