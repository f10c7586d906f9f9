"""The library of named analyst queries: ``.rq`` files packaged in ``influencegraph/queries/``.

Each file starts with a comment header: the first line is the one-line description, then optional lines
of explanation, then one ``@param`` line per parameter::

    # Investments by an origin state's firms in a host country, with amounts and sources.
    #
    # @param host: entity = Kazakhstan -- the host country
    # @param origin: entity -- the investor's home state (unbound: every state)

A parameter is a variable of the query, bound from outside (rdflib ``initBindings``; for Oxigraph a ``VALUES``
block of escaped terms, see :func:`inline_values`); values are never pasted into the text. Its type says how a value given as text becomes an
RDF term (:data:`PARAMETER_TYPES`); a parameter with no default and no value stays unbound.

Examples
--------
>>> q = get("investments-in-country")
>>> q.name, [p.name for p in q.parameters]
('investments-in-country', ['host', 'origin'])
>>> get("reservs")
Traceback (most recent call last):
...
influencegraph.errors.UnknownQuery: No named query 'reservs'. Did you mean: reserves? (`influencegraph query --list` lists them)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import QuerySyntaxError, UnknownQuery
from ..names import key, suggest
from ..registry import Registry

__all__ = ["NamedQuery", "Parameter", "PARAMETER_TYPES", "library", "get", "parse", "register_type"]

_PARAM = re.compile(r"^#\s*@param\s+\??(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)"
                    r"(?:\s*=\s*(?P<default>.*?))?\s+--\s+(?P<doc>.+?)\s*$")
RESERVED = frozenset({"engine", "raw", "kg", "format", "root", "name_or_text"})


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query."""

    name: str
    type: str
    default: str | None
    doc: str

    def as_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "default": self.default, "doc": self.doc}


@dataclass(frozen=True)
class NamedQuery:
    """A packaged query: its name (the file stem), description, parameters and text."""

    name: str
    description: str
    details: str
    parameters: tuple[Parameter, ...]
    text: str
    path: str

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        names = ", ".join(p.name for p in self.parameters) or "none"
        raise QuerySyntaxError(f"query {self.name!r} has no parameter {name!r} (its parameters: {names})")

    def bindings(self, kg, **values) -> dict[str, object]:
        """The RDF terms to pre-bind: ``values`` (text) converted by type, defaults where not given."""
        for name in values:
            self.parameter(name)
        out = {}
        for p in self.parameters:
            value = values.get(p.name, p.default)
            if value is None:
                continue
            out[p.name] = convert(kg, p, value)
        return out

    def as_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "details": self.details,
                "parameters": [p.as_dict() for p in self.parameters]}

    def inline(self, kg, **values) -> str:
        """The query's text with its parameters bound by a ``VALUES`` block at the top of its WHERE clause.

        For endpoints and pages that take plain query text. Terms are written by rdflib (``Identifier.n3``),
        which escapes them, so no value can change the query's structure.
        """
        bindings = self.bindings(kg, **values)
        return inline_values(self.text, bindings) if bindings else self.text


# ----------------------------------------------------------------------------- parameter types
PARAMETER_TYPES = Registry("parameter type")


def register_type(name: str):
    """Register a converter ``(kg, text) -> rdflib term`` for ``@param`` lines of type ``name``."""
    return PARAMETER_TYPES.register(name)


def convert(kg, parameter: Parameter, value):
    """``value`` (text, or already an rdflib term) as the RDF term for ``parameter``."""
    from rdflib.term import Identifier
    if isinstance(value, Identifier):
        return value
    try:
        return PARAMETER_TYPES[parameter.type](kg, str(value))
    except (ValueError, TypeError) as exc:
        raise QuerySyntaxError(f"parameter {parameter.name} ({parameter.type}): {exc}") from exc


@register_type("entity")
def _entity(kg, text):
    return kg.resolve(text)


@register_type("iri")
def _iri(kg, text):
    from rdflib import URIRef
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", text):
        raise ValueError(f"{text!r} is not an absolute IRI")
    return URIRef(text)


@register_type("sector")
def _sector(kg, text):
    from ..vocab import IG, ONTOLOGY_GRAPH, RDF, SKOS
    ontology = kg.dataset.graph(ONTOLOGY_GRAPH)
    wanted = _squash(text)
    names = {}
    for c in sorted(set(ontology.subjects(RDF.type, IG.Sector))):
        local = str(c).rsplit("#", 1)[-1]
        keys = {_squash(local), _squash(local).removesuffix("sector"), str(c)}
        keys |= {_squash(label) for p in (SKOS.prefLabel, SKOS.altLabel) for label in ontology.objects(c, p)}
        for k in keys:
            names[k] = c
    if wanted in names or text.strip() in names:
        return names.get(wanted) or names[text.strip()]
    labels = sorted({str(label) for c in set(names.values()) for label in ontology.objects(c, SKOS.prefLabel)})
    close = suggest(text, labels)
    hint = f"; did you mean: {', '.join(close)}?" if close else f" (sectors: {', '.join(labels)})"
    raise ValueError(f"no sector {text!r}{hint}")


def _squash(text) -> str:
    """The resolver's :func:`~influencegraph.names.key`: 'Nuclear energy', 'NuclearEnergy' and 'nuclear-energy'
    agree, and so do 'aluminum' and 'aluminium'."""
    return key(text)


@register_type("source")
def _source(kg, text):
    matches = [s for s in kg.sources_list() if str(s).rsplit("/", 1)[-1].startswith(text.strip())]
    if len(matches) != 1:
        ids = ", ".join(str(s).rsplit("/", 1)[-1] for s in kg.sources_list())
        raise ValueError(f"{text!r} names {'no' if not matches else 'more than one'} source document (sources: {ids})")
    return matches[0]


@register_type("fact")
def _fact(kg, text):
    from rdflib import URIRef
    from ..vocab import FACT
    return URIRef(text) if text.startswith(str(FACT)) else FACT[text.strip()]


def _literal(datatype: str):
    def make(kg, text):
        from rdflib import Literal
        from rdflib.namespace import XSD
        lit = Literal(text.strip(), datatype=XSD[datatype])
        if lit.ill_typed:
            raise ValueError(f"{text!r} is not a valid xsd:{datatype}")
        return lit
    return make


register_type("integer")(_literal("integer"))
register_type("decimal")(_literal("decimal"))
register_type("date")(_literal("date"))
register_type("year")(_literal("gYear"))


@register_type("string")
def _string(kg, text):
    from rdflib import Literal
    return Literal(text)


def inline_values(text: str, bindings: dict) -> str:
    r"""Insert ``VALUES (?a ?b) { (t1 t2) }`` right after the opening brace of the query's WHERE clause.

    Examples
    --------
    >>> from rdflib import Literal
    >>> inline_values('SELECT ?n WHERE { ?x ?p ?n }', {"n": Literal('a "quoted" } value')})
    'SELECT ?n WHERE { VALUES (?n) { ("a \\"quoted\\" } value") } ?x ?p ?n }'
    """
    from .guard import _tokens
    tokens = list(_tokens(text))
    start = next((i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "WHERE"), None)
    if start is None:
        start = next(i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() in ("SELECT", "ASK",
                                                                                                  "DESCRIBE"))
    brace = next(t for t in tokens[start:] if t.text == "{")
    names = list(bindings)
    block = (f" VALUES ({' '.join('?' + n for n in names)}) "
             f"{{ ({' '.join(bindings[n].n3() for n in names)}) }}")
    at = brace.start + 1
    return text[:at] + block + text[at:]


def declare_prefixes(text: str, namespaces: dict[str, str]) -> str:
    """The query with ``namespaces`` declared first, on one line (declarations in the query itself come later and
    win), for a server that does not know the project's prefixes.

    Examples
    --------
    >>> print(declare_prefixes("SELECT * WHERE { ?s a ig:Project }", {"ig": "https://w3id.org/ig#"}))
    PREFIX ig: <https://w3id.org/ig#>
    SELECT * WHERE { ?s a ig:Project }
    """
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(namespaces.items())) + "\n" + text


# ----------------------------------------------------------------------------- the library
def parse(text: str, name: str, path: str = "<query>") -> NamedQuery:
    """Read a named query's header; errors name the file and line."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    if not header or not header[0].lstrip("# ").strip():
        raise QuerySyntaxError(f"{path}:1: a named query starts with a '# description' line", 1, 1)
    description = header[0].lstrip("#").strip()
    details, params = [], []
    for number, line in enumerate(header[1:], start=2):
        if re.match(r"^#\s*@param\b", line):
            m = _PARAM.match(line)
            if not m:
                raise QuerySyntaxError(f"{path}:{number}: expected '# @param NAME: TYPE [= DEFAULT] -- DOC'",
                                       number, 1)
            if m["type"] not in PARAMETER_TYPES:
                raise QuerySyntaxError(f"{path}:{number}: unknown parameter type {m['type']!r} "
                                       f"(known: {', '.join(sorted(PARAMETER_TYPES))})", number, 1)
            if m["name"] in RESERVED:
                raise QuerySyntaxError(f"{path}:{number}: {m['name']!r} is reserved; name the parameter "
                                       "otherwise", number, 1)
            if not re.search(rf"[?$]{m['name']}\b", text):
                raise QuerySyntaxError(f"{path}:{number}: parameter {m['name']!r} is not a variable of the "
                                       "query", number, 1)
            params.append(Parameter(m["name"], m["type"], m["default"] or None, m["doc"]))
        else:
            details.append(line.lstrip("#").strip())
    return NamedQuery(name, description, "\n".join(details).strip(), tuple(params), text, path)


@lru_cache(maxsize=1)
def _packaged() -> dict[str, NamedQuery]:
    folder = resources.files("influencegraph") / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse(entry.read_text(encoding="utf-8"), name, f"influencegraph/queries/{entry.name}")
    return out


def library() -> dict[str, NamedQuery]:
    """Every named query, by name, in name order."""
    return dict(_packaged())


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises :class:`UnknownQuery` with close matches."""
    queries = _packaged()
    if name in queries:
        return queries[name]
    raise UnknownQuery(name, suggest(name, list(queries)))


def from_file(path) -> NamedQuery:
    """A query read from a ``.rq`` file (a header is optional here)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if text.startswith("#") and text.lstrip("# ").strip():
        return parse(text, path.stem, str(path))
    return NamedQuery(path.stem, "", "", (), text, str(path))


def adhoc(text: str) -> NamedQuery:
    """A query given as text, with no parameters."""
    return NamedQuery("<query>", "", "", (), text, "<query>")
