"""Look at a SPARQL request before any engine sees it: what form it is, and whether it may run at all.

Every query, from the CLI, the Python API or the HTTP endpoint, passes :func:`inspect` first. It refuses

- updates of any kind (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``, ``WITH``): the graph is read-only;
- ``SERVICE``: rdflib's SERVICE cannot be switched off, and Oxigraph's evaluator calls remote endpoints too, so
  federation is stopped here, before evaluation;
- ``FROM`` / ``FROM NAMED`` naming a graph that is not in the dataset: rdflib would download it.

It works on tokens, not on a full parse, so it is linear in the size of the text, cannot recurse, and is
not fooled by keywords inside strings, IRIs, prefixed names or comments: ``"SERVICE"``, ``ex:SERVICE`` and
``?service`` are not the keyword. Undeclared prefixes are reported with their line and column, since rdflib
does not say where they are.

Examples
--------
>>> inspect("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s a ex:Project }").form
'SELECT'
>>> inspect('SELECT * WHERE { ?s ?p "SERVICE" }').form
'SELECT'
>>> inspect("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
influencegraph.errors.QueryRefused: line 1, column 18: SERVICE is not allowed: queries never reach out to other endpoints
>>> inspect("INSERT DATA { <a:b> <a:c> <a:d> }")
Traceback (most recent call last):
...
influencegraph.errors.QueryRefused: line 1, column 1: INSERT is an update; the graph is read-only
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from ..errors import QueryRefused, QuerySyntaxError

__all__ = ["QueryInfo", "QueryRefused", "QuerySyntaxError", "inspect", "UPDATE_KEYWORDS", "FORMS"]

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
# The characters of SPARQL's PN_CHARS (names of prefixes, local parts, variables), as a regex class body.
_PN_CHARS = ("A-Za-z0-9_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D"
             "\u203F-\u2040\u2070-\uFFFD")

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
              | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*'
              | "(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][{_PN_CHARS}]+)
  | (?P<bnode>_:[{_PN_CHARS}.\-]*)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFD][{_PN_CHARS}.\-]*)?:(?:[{_PN_CHARS}:%\\\-]|\.(?=[{_PN_CHARS}:%\-]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class QueryInfo:
    """What :func:`inspect` learnt about a query."""

    form: str                                   # SELECT, ASK, CONSTRUCT or DESCRIBE
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    default_graphs: list[str] = field(default_factory=list)   # FROM
    named_graphs: list[str] = field(default_factory=list)     # FROM NAMED


@dataclass
class _Token:
    kind: str
    text: str
    start: int


def _tokens(text: str):
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield _Token(kind, m.group(), m.start())


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _where(text: str, offset: int) -> str:
    return "line {}, column {}".format(*_position(text, offset))


def inspect(text: str, graphs=None, prefixes: dict[str, str] | None = None) -> QueryInfo:
    """Check a SPARQL query before it runs; say what form it has.

    Parameters
    ----------
    text : str
        The query.
    graphs : collection of str, optional
        The names of the dataset's graphs: ``FROM`` / ``FROM NAMED`` may only name these. Default: any FROM
        is refused.
    prefixes : dict, optional
        Prefixes the engine declares itself (they count as declared).

    Returns
    -------
    QueryInfo

    Raises
    ------
    QueryRefused
        An update, ``SERVICE``, or ``FROM`` a graph outside the dataset.
    QuerySyntaxError
        No query form, or an undeclared prefix (with line and column).
    """
    allowed = set(graphs or ())
    info = QueryInfo(form="")
    declared = dict(prefixes or {})
    tokens = list(_tokens(text))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.text.upper() if tok.kind == "word" else None
        if word == "SERVICE":
            raise QueryRefused(f"{_where(text, tok.start)}: SERVICE is not allowed: queries never reach out "
                               "to other endpoints")
        if word in UPDATE_KEYWORDS:
            raise QueryRefused(f"{_where(text, tok.start)}: {word} is an update; the graph is read-only")
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
            declared[tokens[i + 1].text[:-1]] = _resolve(tokens[i + 2].text[1:-1], info.base)
            i += 3
            continue
        if word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            info.base = _resolve(tokens[i + 1].text[1:-1], info.base)
            i += 2
            continue
        if word in FORMS and not info.form:
            info.form = word
        if word == "FROM":
            named = i + 1 < len(tokens) and tokens[i + 1].kind == "word" and tokens[i + 1].text.upper() == "NAMED"
            j = i + 2 if named else i + 1
            target = tokens[j] if j < len(tokens) else None
            iri = _iri_of(target, declared, info.base, text)
            if iri is None:
                raise QuerySyntaxError(f"{_where(text, tok.start)}: FROM must be followed by an IRI",
                                       *_position(text, tok.start))
            if iri not in allowed:
                raise QueryRefused(f"{_where(text, target.start)}: FROM{' NAMED' if named else ''} <{iri}> is not "
                                   "a graph of this dataset; queries never fetch remote data")
            (info.named_graphs if named else info.default_graphs).append(iri)
            i = j + 1
            continue
        if tok.kind == "pname":
            prefix = tok.text.split(":", 1)[0]
            if prefix not in declared:
                raise QuerySyntaxError(f"{_where(text, tok.start)}: undeclared prefix {prefix + ':'!r}",
                                       *_position(text, tok.start))
        i += 1
    if not info.form:
        raise QuerySyntaxError("line 1, column 1: not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE", 1, 1)
    info.prefixes = declared
    return info


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def _iri_of(token: _Token | None, prefixes: dict[str, str], base: str | None, text: str) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, local = token.text.split(":", 1)
        if prefix not in prefixes:
            raise QuerySyntaxError(f"{_where(text, token.start)}: undeclared prefix {prefix + ':'!r}",
                                   *_position(text, token.start))
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None
