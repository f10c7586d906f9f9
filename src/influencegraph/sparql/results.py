r"""Query results, the same whichever engine answered: rows of rdflib terms, and their serialisations.

Result formats are registered by name (:data:`RESULT_FORMATS`), with their media types, so the CLI's
``--format`` and the endpoint's content negotiation use one table. SELECT and ASK results go out as SPARQL
1.1 Query Results JSON, XML, CSV or TSV (rdflib writes XML and CSV; JSON and TSV, which rdflib lacks, are
written here); CONSTRUCT results as Turtle, N-Triples or JSON-LD.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> r = QueryResult("SELECT", ["name", "amount"], [(Literal("East Hope"), Literal("12000000000.0", datatype=XSD.decimal))])
>>> r.serialize("tsv").splitlines()
['?name\t?amount', '"East Hope"\t12000000000.0']
>>> r.to_dataframe().dtypes["amount"]
dtype('float64')
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from ..registry import Registry

__all__ = ["QueryResult", "ResultFormat", "RESULT_FORMATS", "register", "formats_for"]


class QueryResult:
    """The answer to one query.

    Attributes
    ----------
    form : str
        ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    vars : list of str
        SELECT: the projected variables, in order.
    rows : list of tuple
        SELECT: one tuple of rdflib terms (``None`` = unbound) per solution.
    boolean : bool or None
        ASK: the answer.
    triples : list of tuple
        CONSTRUCT / DESCRIBE: the triples.
    """

    def __init__(self, form: str, vars=(), rows=(), boolean=None, triples=(), namespaces=None):
        self.form = form
        self.vars = list(vars)
        self.rows = list(rows)
        self.boolean = boolean
        self.triples = list(triples)
        self.namespaces = dict(namespaces or {})

    def __repr__(self) -> str:
        if self.form == "ASK":
            return f"<QueryResult ASK: {self.boolean}>"
        if self.form == "SELECT":
            return f"<QueryResult SELECT: {len(self.rows)} rows × {len(self.vars)} columns>"
        return f"<QueryResult {self.form}: {len(self.triples)} triples>"

    def __len__(self) -> int:
        return len(self.rows) if self.form == "SELECT" else len(self.triples) if self.form != "ASK" else 1

    def __iter__(self):
        """SELECT: each row as a dict of variable → term (unbound variables left out)."""
        for row in self.rows:
            yield {v: t for v, t in zip(self.vars, row) if t is not None}

    def select(self, columns) -> "QueryResult":
        """SELECT: a result with only ``columns``, in that order (unknown names raise ValueError)."""
        if self.form != "SELECT":
            raise ValueError(f"a {self.form} result has no columns to choose from")
        unknown = [c for c in columns if c not in self.vars]
        if unknown:
            raise ValueError(f"no column {', '.join(map(repr, unknown))}; the columns are {', '.join(self.vars)}")
        index = [self.vars.index(c) for c in columns]
        return QueryResult("SELECT", list(columns), [tuple(row[i] for i in index) for row in self.rows],
                           namespaces=self.namespaces)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def graph(self) -> Graph:
        """CONSTRUCT / DESCRIBE: the triples as an rdflib graph, with the project's prefixes."""
        g = Graph()
        for prefix, ns in self.namespaces.items():
            g.bind(prefix, ns, override=True, replace=True)
        for t in self.triples:
            g.add(t)
        return g

    def serialize(self, fmt: str) -> str:
        """The result in a registered format (see :data:`RESULT_FORMATS`)."""
        spec = RESULT_FORMATS.get(fmt)           # an unknown name raises UnknownName, a ValueError
        if self.is_graph != spec.graph:
            kinds = [n for n, f in RESULT_FORMATS.items() if f.graph == self.is_graph]
            raise ValueError(f"a {self.form} result cannot be written as {fmt}; use one of {', '.join(kinds)}")
        return spec.write(self)

    def to_dataframe(self):
        """SELECT results as a pandas DataFrame with typed columns.

        IRIs and strings become text; ``xsd:integer`` a nullable ``Int64`` column; ``xsd:decimal``,
        ``xsd:double`` and ``xsd:float`` ``float64`` (the exact decimals stay in :attr:`rows`);
        ``xsd:boolean`` ``boolean``; ``xsd:date`` / ``xsd:dateTime`` ``datetime64``; a column of only
        ``xsd:gYear`` or only ``xsd:gYearMonth`` a pandas ``Period`` column. A date column of mixed precision
        (as sources give dates) becomes ``datetime64`` at the start of each period, with a companion
        ``<column>_precision`` column (``day``, ``month`` or ``year``). Columns mixing kinds keep Python values.
        CONSTRUCT results give one row per triple (``subject``, ``predicate``, ``object``); ASK one ``boolean``.
        """
        import pandas as pd
        if self.form == "ASK":
            return pd.DataFrame({"boolean": pd.array([self.boolean], dtype="boolean")})
        if self.is_graph:
            vars_, rows = ["subject", "predicate", "object"], self.triples
        else:
            vars_, rows = self.vars, self.rows
        data = {}
        for i, var in enumerate(vars_):
            terms = [row[i] for row in rows]
            for name, series in _columns(var, terms):
                data[name] = series
        return pd.DataFrame(data, columns=list(data) or vars_)


_INTEGERS = {XSD[t] for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                              "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
                              "unsignedShort", "unsignedByte")}
_FLOATS = {XSD.decimal, XSD.double, XSD.float}
_PRECISION = {XSD.date: "day", XSD.dateTime: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}


def _kind(term) -> str:
    if term is None:
        return "none"
    if not isinstance(term, Literal):
        return "text"
    dt = term.datatype
    if dt in _INTEGERS:
        return "int"
    if dt in _FLOATS:
        return "float"
    if dt == XSD.boolean:
        return "bool"
    if dt in _PRECISION:
        return "date"
    return "text" if dt in (None, XSD.string) or term.language else "other"


def _start(term) -> str:
    text = str(term)
    if term.datatype == XSD.gYear:
        return text[:4] + "-01-01"
    if term.datatype == XSD.gYearMonth:
        return text[:7] + "-01"
    return text


def _columns(var: str, terms: list):
    import pandas as pd
    kinds = {_kind(t) for t in terms} - {"none"}
    if kinds == {"int"}:
        yield var, pd.array([None if t is None else int(t.toPython()) for t in terms], dtype="Int64")
    elif kinds <= {"int", "float"} and kinds:
        yield var, pd.Series([float("nan") if t is None else float(t.toPython()) for t in terms], dtype="float64")
    elif kinds == {"bool"}:
        yield var, pd.array([None if t is None else bool(t.toPython()) for t in terms], dtype="boolean")
    elif kinds == {"date"}:
        types = {t.datatype for t in terms if t is not None}
        if types <= {XSD.date, XSD.dateTime}:
            yield var, pd.to_datetime(pd.Series([None if t is None else _start(t) for t in terms]), errors="coerce")
        elif len(types) == 1:
            freq = "Y" if types == {XSD.gYear} else "M"
            yield var, pd.Series(pd.PeriodIndex([None if t is None else str(t)[:7 if freq == "M" else 4]
                                                 for t in terms], freq=freq))
        else:
            yield var, pd.to_datetime(pd.Series([None if t is None else _start(t)[:10] for t in terms]),
                                      errors="coerce")
            yield f"{var}_precision", pd.Series([None if t is None else _PRECISION[t.datatype] for t in terms],
                                                dtype="string")
    elif kinds <= {"text"}:
        yield var, pd.Series([None if t is None else str(t) for t in terms], dtype="string" if kinds else object)
    else:
        yield var, pd.Series([None if t is None else t.toPython() if isinstance(t, Literal) else str(t)
                              for t in terms], dtype=object)


# ----------------------------------------------------------------------------- formats
@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    graph: bool                       # True: for CONSTRUCT / DESCRIBE results
    write: Callable[[QueryResult], str]
    aliases: tuple[str, ...] = ()     # other media types a client may ask for


RESULT_FORMATS = Registry("result format")


def register(name: str, media_type: str, graph: bool = False, aliases: tuple[str, ...] = ()):
    """Register a result writer under ``name`` (a decorator)."""
    def decorate(func):
        RESULT_FORMATS.register(name, ResultFormat(name, media_type, graph, func, aliases))
        return func
    return decorate


def formats_for(form: str) -> list[ResultFormat]:
    """The formats a result of this query form can be written in, preferred first."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    return [f for f in RESULT_FORMATS.values() if f.graph == graph and f.name != "table"]


def _rdflib_result(result: QueryResult):
    from rdflib.query import Result
    r = Result(result.form)
    if result.form == "ASK":
        r.askAnswer = bool(result.boolean)
    else:
        r.vars = [Variable(v) for v in result.vars]
        r.bindings = [{Variable(v): t for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return r


@register("json", "application/sparql-results+json", aliases=("application/json",))
def _json(result: QueryResult) -> str:
    import json
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, ensure_ascii=False)
    return json.dumps({"head": {"vars": result.vars},
                       "results": {"bindings": [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None}
                                                for row in result.rows]}}, ensure_ascii=False)


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


@register("xml", "application/sparql-results+xml", aliases=("application/xml", "text/xml"))
def _xml(result: QueryResult) -> str:
    return _rdflib_result(result).serialize(format="xml").decode("utf-8")


@register("csv", "text/csv")
def _csv(result: QueryResult) -> str:
    if result.form == "ASK":
        return f"_askResult\r\n{'true' if result.boolean else 'false'}\r\n"
    return _rdflib_result(result).serialize(format="csv").decode("utf-8")


@register("tsv", "text/tab-separated-values")
def _tsv(result: QueryResult) -> str:
    if result.form == "ASK":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n"
    out = io.StringIO()
    out.write("\t".join(f"?{v}" for v in result.vars) + "\n")
    for row in result.rows:
        out.write("\t".join("" if t is None else _tsv_term(t) for t in row) + "\n")
    return out.getvalue()


def _tsv_term(term) -> str:
    if isinstance(term, Literal) and term.datatype in (_INTEGERS | _FLOATS | {XSD.boolean}) and not term.ill_typed:
        lexical = str(term)
        if term.datatype in (XSD.integer, XSD.boolean) or (term.datatype == XSD.decimal and "." in lexical):
            return lexical                              # the SPARQL TSV short forms
    return term.n3()


@register("table", "text/plain")
def _table(result: QueryResult) -> str:
    from ..tables import table
    if result.form == "ASK":
        return "true" if result.boolean else "false"
    return table([{v: _short(t, result.namespaces) for v, t in zip(result.vars, row)} for row in result.rows],
                 result.vars) + f"\n({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})"


def _short(term, namespaces: dict) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in namespaces.items():
            if str(term).startswith(str(ns)) and len(str(term)) > len(str(ns)):
                return f"{prefix}:{str(term)[len(str(ns)):]}"
        return str(term)
    return str(term)


@register("turtle", "text/turtle", graph=True, aliases=("application/x-turtle",))
def _turtle(result: QueryResult) -> str:
    return result.graph().serialize(format="turtle")


@register("ntriples", "application/n-triples", graph=True, aliases=("text/plain",))
def _ntriples(result: QueryResult) -> str:
    return "".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples))


@register("jsonld", "application/ld+json", graph=True)
def _jsonld(result: QueryResult) -> str:
    return result.graph().serialize(format="json-ld")
