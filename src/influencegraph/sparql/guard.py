"""Look at a SPARQL request before any engine sees it: what form it is, and whether it may run at all.

Every query, from the CLI, the Python API or the HTTP endpoint, passes :func:`inspect` first. It refuses

- updates of any kind (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``, ``WITH``): the graph is read-only;
- ``SERVICE``: federation is stopped here, before evaluation (and, behind this guard, rdflib's SERVICE is
  replaced by a refusal and every engine evaluates without network access: see :mod:`.sandbox`);
- ``FROM`` / ``FROM NAMED`` naming a graph that is not in the dataset: rdflib would download it;
- brackets (``{``, ``(``, ``[``) nested deeper than :data:`MAX_DEPTH`: both parsers recurse on them (Oxigraph
  crashes its process at about 10,000 levels, rdflib stops at about 30).

It works on tokens, not on a full parse, so it is linear in the size of the text, cannot recurse, and is
not fooled by keywords inside strings, IRIs, prefixed names or comments: ``"SERVICE"``, ``ex:SERVICE`` and
``?service`` are not the keyword. Undeclared prefixes are reported with their line and column, since rdflib
does not say where they are.

The engines do not read a query the same way, so the text is checked as each of them reads it:

- **rdflib** first replaces every codepoint escape ``\\uXXXX`` / ``\\UXXXXXXXX`` in the whole text (so
  ``\\u0053ERVICE`` is ``SERVICE``), its comments end at a line feed only, and its caseless keywords compare
  ``str.upper()`` forms (``ſERVICE`` is ``SERVICE``);
- **Oxigraph** decodes escapes only inside strings and IRIs, its comments also end at a carriage return, and it
  matches keywords without looking at the next character (``SERVICESILENT``, ``SERVICE:x`` and
  ``1e5SERVICE`` contain the keyword).

So a word or a prefix that contains ``SERVICE`` is refused, and so is a ``<…>`` that one parser may read as an
IRI and the other as *less than* when the two readings differ: in ``FILTER(?a<2)SERVICE#>`` the text from ``<``
to ``>`` is a well-formed IRI, but after an operand inside parentheses both engines read ``<`` as less-than,
``SERVICE`` as the keyword and ``#>`` as a comment. Such a ``<`` (after an operand, inside parentheses that may
hold an expression, i.e. not a collection or a ``VALUES`` row, with a ``#``, quote, bracket, backslash or SERVICE
before the next ``>``) is refused with a hint to add a space.
A differential fuzz test (tests/security/test_guard_fuzz.py) checks the guard against both parsers.

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
>>> inspect("SELECT * WHERE { ?a ?b ?c FILTER(?a<2)SERVICE#>\\n<http://example.org/> { } }")
Traceback (most recent call last):
...
influencegraph.errors.QueryRefused: line 1, column 36: '<' here may be read as less-than or as the start of an IRI, and the two readings differ (SERVICE, '#', a quote, a bracket or a backslash before the next '>'); put a space after '<' for less-than, or write the IRI with a prefix
>>> inspect("SELECT * WHERE " + "{" * 100 + "}" * 100)
Traceback (most recent call last):
...
influencegraph.errors.QuerySyntaxError: line 1, column 80: nesting deeper than 64 brackets ({, ( or [); flatten the query
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from ..errors import QueryRefused, QuerySyntaxError

__all__ = ["QueryInfo", "QueryRefused", "QuerySyntaxError", "inspect", "views", "UPDATE_KEYWORDS", "FORMS",
           "MAX_DEPTH"]

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
MAX_DEPTH = 64                       # brackets ({, (, [) open at once; both parsers recurse on each level

# SPARQL 1.1's terminals (grammar rules 164-173), as regex class bodies and patterns.
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"


def _lexer(comment_end: str, echar: str, iri_extra: str) -> re.Pattern:
    """A tokeniser; the arguments are where the engines differ (see the module docstring).

    A ``word`` takes in the whole run of name characters and dots that is not a prefixed name (``true.SERVICE``
    is one word, and contains SERVICE), so that no run is scanned again from each of its letters: the tokeniser
    stays linear on any text.
    """
    return re.compile(
        rf"""
        (?P<ws>[\ \t\r\n]+)
      | (?P<comment>\#[^{comment_end}]*)
      | (?P<string>'''(?:[^'\\]|{echar}|'(?!''))*'''
                  | \"\"\"(?:[^"\\]|{echar}|"(?!""))*\"\"\"
                  | '(?:[^'\\\n\r]|{echar})*'
                  | "(?:[^"\\\n\r]|{echar})*")
      | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]{iri_extra})*>)
      | (?P<var>[?$]{_VARNAME})
      | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
      | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
      | (?P<word>(?:[^\W\d]|[{_PN_CHARS_BASE}])[\w.{_PN_CHARS}]*+)
      | (?P<other>.)
        """,
        re.VERBOSE | re.DOTALL,
    )


# Oxigraph: escapes stay in the text and are decoded inside strings and IRIs; comments end at CR or LF.
_OXIGRAPH = _lexer(r"\r\n", rf"\\[tbnrf\"'\\]|{_UCHAR}", rf"|{_UCHAR}")
# rdflib: escapes are decoded before parsing (so none is left); comments end at LF only.
_RDFLIB = _lexer(r"\n", r"\\[tbnrf\"'\\]", "")
# rdflib's own expansion (rdflib.plugins.sparql.parser.expandUnicodeEscapes): \u or \U, then 4 or 8 hex digits.
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.I)

_OPENERS, _CLOSERS = frozenset("{(["), frozenset("})]")
# After these, '<' cannot be less-than (no left operand): it can only start an IRI.
_NOT_OPERANDS = frozenset("(,=!<>&|+-*/^;")
# After these, inside '{', '[' or a collection, '(' opens a collection or a path group, never an expression.
_TERM_STARTS = frozenset("{.;,[}(")
# In the less-than reading, these between '<' and '>' change what follows (a comment, a string, the brackets).
_AMBIGUOUS_BODY = re.compile(r"[#'()\[\]\\]")


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


def _tokens(text: str, lexer: re.Pattern = _OXIGRAPH):
    for m in lexer.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield _Token(kind, m.group(), m.start())


def views(text: str) -> list[tuple[str, re.Pattern]]:
    """The query text as each engine reads it: ``(text, tokeniser)`` for Oxigraph, then for rdflib.

    Examples
    --------
    >>> [t for t, _ in views(r"SELECT * { \\u0053ERVICE <a:b> {} }")]
    ['SELECT * { \\\\u0053ERVICE <a:b> {} }', 'SELECT * { SERVICE <a:b> {} }']
    """
    out = [(text, _OXIGRAPH)]
    try:
        out.append((_RDFLIB_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text), _RDFLIB))
    except (ValueError, OverflowError):          # rdflib refuses the text itself ("Invalid unicode code point")
        pass
    return out


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
        What the query is, as Oxigraph reads it (the text is also checked as rdflib reads it).

    Raises
    ------
    QueryRefused
        An update, ``SERVICE``, ``FROM`` a graph outside the dataset, or a ``<`` the engines may read differently.
    QuerySyntaxError
        No query form, an undeclared prefix (with line and column), or brackets nested deeper than
        :data:`MAX_DEPTH`.
    """
    infos = [_inspect_view(view, lexer, graphs, prefixes) for view, lexer in views(text)]
    return infos[0]


def _inspect_view(text: str, lexer: re.Pattern, graphs, prefixes: dict[str, str] | None) -> QueryInfo:
    """:func:`inspect` on the text as one engine reads it."""
    tokens = list(_tokens(text, lexer))
    _check_tokens(text, tokens)
    allowed = set(graphs or ())
    info = QueryInfo(form="")
    declared = dict(prefixes or {})
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.text.upper() if tok.kind == "word" else None
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
            i = _from(text, tokens, i, info, declared, allowed)
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


def _check_tokens(text: str, tokens: list[_Token]) -> None:
    """Refuse SERVICE, updates, ambiguous ``<`` and deep nesting, in one pass over the tokens.

    The stack holds each open bracket and what it may hold: ``"expr"`` for a ``(`` that may hold an expression,
    where ``<`` may be less-than; ``"values"`` for the ``{`` of a ``VALUES`` block; ``"data"`` for the rest.
    """
    stack: list[tuple[str, str]] = []
    previous = None
    values = False                                  # a VALUES keyword waits for its block
    for tok in tokens:
        if tok.kind in ("word", "pname"):
            _check_keyword(text, tok)
        elif tok.kind == "iri" and stack and stack[-1][1] == "expr" and previous.text not in _NOT_OPERANDS \
                and (_AMBIGUOUS_BODY.search(tok.text) or "SERVICE" in tok.text.upper()):
            raise QueryRefused(
                f"{_where(text, tok.start)}: '<' here may be read as less-than or as the start of an IRI, and the "
                "two readings differ (SERVICE, '#', a quote, a bracket or a backslash before the next '>'); "
                "put a space after '<' for less-than, or write the IRI with a prefix")
        elif tok.text in _OPENERS:
            stack.append((tok.text, _holds(tok.text, stack, previous, values)))
            if len(stack) > MAX_DEPTH:
                raise QuerySyntaxError(f"{_where(text, tok.start)}: nesting deeper than {MAX_DEPTH} brackets "
                                       "({, ( or [); flatten the query", *_position(text, tok.start))
        elif tok.text in _CLOSERS and stack:
            stack.pop()
        if tok.kind == "word" and tok.text.upper() == "VALUES":
            values = True
        elif tok.text == "{" or (tok.kind != "var" and tok.text not in "()"):
            values = False
        previous = tok


def _holds(bracket: str, stack: list[tuple[str, str]], previous: _Token | None, values: bool) -> str:
    """What a bracket just opened may hold: ``"expr"``, ``"values"`` or ``"data"`` (see :func:`_check_tokens`).

    A ``(`` holds data (a collection, a ``VALUES`` row, a path) only inside a ``VALUES`` block or when it opens
    a term inside ``{`` / ``[`` / a data ``(`` (after ``{ . ; , [ } (``); anywhere else it may be an expression.
    """
    if bracket == "{":
        return "values" if values else "data"
    if bracket == "[":
        return "data"
    if stack and stack[-1][1] == "values":
        return "data"
    if stack and stack[-1][1] != "expr" and previous is not None and previous.text in _TERM_STARTS:
        return "data"
    return "expr"


def _check_keyword(text: str, tok: _Token) -> None:
    """SERVICE anywhere in a word or a prefix; an update keyword as a word or at the start of one."""
    name = (tok.text if tok.kind == "word" else tok.text.split(":", 1)[0]).upper()
    if "SERVICE" in name:
        what = "SERVICE" if name == "SERVICE" else \
            f"{tok.text!r} contains SERVICE, which the engines may read as the keyword; SERVICE"
        raise QueryRefused(f"{_where(text, tok.start)}: {what} is not allowed: queries never reach out "
                           "to other endpoints")
    if tok.kind == "word":
        update = next((k for k in UPDATE_KEYWORDS if name.startswith(k)), None)
        if update:
            raise QueryRefused(f"{_where(text, tok.start)}: {update} is an update; the graph is read-only")


def _from(text: str, tokens: list[_Token], i: int, info: QueryInfo, declared: dict, allowed: set) -> int:
    """Check ``FROM [NAMED] iri`` at ``tokens[i]``; record the graph; the index after it."""
    tok = tokens[i]
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
    return j + 1


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
