"""The SPARQL 1.1 Protocol's rules for a query request, apart from the HTTP server that applies them.

A query operation is exactly one of: ``GET`` with one ``query`` parameter; ``POST`` of
``application/sparql-query`` with the query as the UTF-8 body; ``POST`` of
``application/x-www-form-urlencoded`` with one ``query`` field. The other requests that name a query or an
update are answered here, before any query is parsed (:class:`ProtocolError`, with the status):

- ``query`` twice, ``update`` twice, ``query`` beside ``update``, or a query both in the body and in the URL:
  400 (the protocol allows exactly one operation per request);
- an update (``update`` parameter or field, ``application/sparql-update``): 403, the endpoint is read-only;
- a body of another media type, or in a charset other than UTF-8: 415; a body that is not UTF-8: 400.

**Dataset.** ``default-graph-uri`` and ``named-graph-uri`` (in the URL, or in the form) replace the query's
``FROM`` / ``FROM NAMED`` when either is given, as the Protocol requires (§2.1.4); without them the query's own
``FROM`` clauses apply, and without those the default graph is the union of all the named graphs.

**Base IRI.** Relative IRIs in a query resolve against the endpoint's URL as the client addressed it,
``http://HOST:PORT/sparql`` (the Protocol's "service-defined BASE URI", which "MAY be the service endpoint"), so
``CONSTRUCT { <s> <p> 1 } WHERE {}`` sent to ``http://127.0.0.1:7878/sparql`` answers
``<http://127.0.0.1:7878/s>``. A query's own ``BASE`` wins (a relative ``BASE`` resolves against the endpoint's
URL). ``HOST:PORT`` is the request's ``Host`` header when it is a well-formed authority, else the address the
server listens on. The service description states the same.

Examples
--------
>>> from_get("query=ASK%20%7B%7D&default-graph-uri=urn:g").params["default-graph-uri"]
['urn:g']
>>> from_get("query=ASK%20%7B%7D&query=ASK%20%7B%7D")
Traceback (most recent call last):
...
influencegraph.sparql.protocol.ProtocolError: 400: 'query' is given 2 times; send exactly one query per request
>>> endpoint_url("localhost:7878", ("127.0.0.1", 7878)), endpoint_url("a>b", ("::1", 9))
('http://localhost:7878/sparql', 'http://[::1]:9/sparql')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

__all__ = ["ProtocolError", "Operation", "from_get", "from_post", "dataset", "endpoint_url", "with_base",
           "unshift_lines", "preferred", "negotiate"]

READ_ONLY = "updates are refused: this endpoint is read-only"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
# host name or IPv4, or a bracketed IPv6 literal; an optional port. Nothing that could leave an IRI.
_AUTHORITY = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
# an IRI reference without a scheme, as SPARQL's IRIREF spells it (it may also match inside a string: harmless)
_RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:)[^<>\"{}|^`\\\x00-\x20]*>")
_LINE = re.compile(r"^line (\d+), column (\d+)")


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status

    def __str__(self) -> str:
        return f"{self.status}: {self.args[0]}"

    @property
    def message(self) -> str:
        return self.args[0]


@dataclass
class Operation:
    """One query operation: its text and the other parameters (lists of values, by name)."""

    query: str
    params: dict[str, list[str]] = field(default_factory=dict)


def _one_operation(*sources: dict[str, list[str]], where: str = "") -> str | None:
    """The single query in ``sources``; None when there is none. Raises for repeats, updates and both."""
    queries = [q for s in sources for q in s.get("query", [])]
    updates = [u for s in sources for u in s.get("update", [])]
    if queries and updates:
        raise ProtocolError(400, "a request carries either 'query' or 'update', not both")
    for name, values in (("query", queries), ("update", updates)):
        if len(values) > 1:
            raise ProtocolError(400, f"{name!r} is given {len(values)} times{where}; send exactly one "
                                     f"{name} per request")
    if updates:
        raise ProtocolError(403, READ_ONLY)
    return queries[0] if queries else None


def from_get(query_string: str) -> Operation | None:
    """The operation of a ``GET``; None when it names none (the service description is then wanted)."""
    params = parse_qs(query_string, keep_blank_values=True)
    query = _one_operation(params)
    return None if query is None else Operation(query, params)


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    media, *parameters = (content_type or "").split(";")
    charset = None
    for p in parameters:
        key, _, value = p.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def from_post(query_string: str, content_type: str | None, body: bytes) -> Operation:
    """The operation of a ``POST`` to the endpoint (raises :class:`ProtocolError` for anything else)."""
    media, charset = _media_type(content_type)
    if media == UPDATE_TYPE:
        raise ProtocolError(403, READ_ONLY)
    if media not in (QUERY_TYPE, FORM_TYPE):
        raise ProtocolError(415, f"POST a query as {QUERY_TYPE} or {FORM_TYPE}"
                                 + (f", not {media}" if media else " (the request has no Content-Type)"))
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"the body must be UTF-8, not {charset}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None
    params = parse_qs(query_string, keep_blank_values=True)
    if media == QUERY_TYPE:
        if "query" in params or "update" in params:
            raise ProtocolError(400, f"the query is the body of a {QUERY_TYPE} request; the URL must not carry "
                                     "'query' or 'update' too")
        return Operation(text, params)
    form = parse_qs(text, keep_blank_values=True)
    query = _one_operation(params, form, where=" (URL and body together)")
    if query is None:
        raise ProtocolError(400, "missing 'query' form field")
    for key, values in form.items():
        if key != "query":
            params.setdefault(key, []).extend(values)
    return Operation(query, params)


def dataset(params: dict[str, list[str]], from_default: list[str], from_named: list[str]) -> tuple[list, list]:
    """(default graphs, named graphs): the protocol's when it names any, else the query's FROM / FROM NAMED.

    Empty lists mean the engine's default: the union of all named graphs as the default graph.
    """
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if default or named:
        return list(default), list(named)
    return list(from_default), list(from_named)


def endpoint_url(host_header: str | None, server_address) -> str:
    """``http://HOST:PORT/sparql`` as the client addressed it (a malformed ``Host`` falls back to the socket's)."""
    host = (host_header or "").strip()
    if not _AUTHORITY.fullmatch(host):
        address, port = server_address[0], server_address[1]
        host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"http://{host.lower()}/sparql"


def with_base(text: str, base: str) -> tuple[str, int]:
    """The query with ``BASE <base>`` on a line before it when it holds a relative IRI; and the lines added."""
    if not _RELATIVE_IRI.search(text):
        return text, 0
    return f"BASE <{base}>\n{text}", 1


def unshift_lines(message: str, lines: int) -> str:
    """An engine's ``line N, column M: ...`` message with N counted in the client's text again."""
    if not lines:
        return message
    return _LINE.sub(lambda m: f"line {max(1, int(m[1]) - lines)}, column {m[2]}", message, count=1)


def preferred(accept: str | None, offers: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The name of the offer an ``Accept`` header prefers (``None``: nothing acceptable).

    ``offers`` are ``(name, media types)`` in the server's order of preference; the first media type of each is
    the one ``type/*`` ranges match. No ``Accept`` (or an empty one) takes the first offer.

    Examples
    --------
    >>> offers = [("turtle", ("text/turtle",)), ("xml", ("application/rdf+xml",)), ("html", ("text/html",))]
    >>> preferred("text/html,application/xml;q=0.9,*/*;q=0.8", offers), preferred(None, offers)
    ('html', 'turtle')
    >>> preferred("application/*;q=0.5, text/turtle;q=0", offers), preferred("image/png", offers)
    ('xml', None)
    """
    if not offers:
        return None
    if not accept or not accept.strip():
        return offers[0][0]
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((-q, position, media.lower()))
    refused = {media for q, _, media in ranges if q == 0}
    for q, _pos, media in sorted(ranges):
        if q == 0:
            continue
        for name, types in offers:
            if types[0] in refused:
                continue
            if media == "*/*" or media in types or (media.endswith("/*") and types[0].startswith(media[:-1])):
                return name
    return None


def negotiate(form: str, accept: str | None, override: str | None = None) -> str | None:
    """The result format name for a query form and an ``Accept`` header (``None``: nothing acceptable).

    Examples
    --------
    >>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    >>> negotiate("CONSTRUCT", "*/*"), negotiate("SELECT", None), negotiate("ASK", "text/turtle")
    ('turtle', 'json', None)
    """
    from .results import formats_for
    candidates = formats_for(form)
    if override:
        return next((f.name for f in candidates if f.name == override), None)
    return preferred(accept, [(f.name, (f.media_type, *f.aliases)) for f in candidates])
