"""What the endpoint asks of a request before any query code sees it: a good local citizen at the transport level.

- **Host.** Only the names the server serves are answered (the listening address, ``localhost``, ``127.0.0.1``,
  ``[::1]`` and each ``--allowed-host``, with the listening port); any other ``Host`` gets 421, so a page on a
  DNS-rebinding name cannot read the endpoint. A missing ``Host`` on HTTP/1.1 gets 400.
- **CORS.** No ``Access-Control-*`` header unless origins were named (``--cors``); then only a request from one
  of them gets ``Access-Control-Allow-Origin`` (with ``Vary: Origin``), and only they pass an OPTIONS preflight.
  A request another site's page made (foreign ``Origin``, or ``Sec-Fetch-Site: cross-site``) gets 403, so such a
  page cannot even make the endpoint work blindly.
- **Content-Length.** Negative, malformed, conflicting or oversized lengths get 400/413 before any of the body
  is read, and the connection is closed; chunked bodies get 411.
- **Time and connections** (:mod:`influencegraph.sparql.connections`): a request must arrive within the read
  timeout, and at most ``max_connections`` connections are served at once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Policy", "HostCheck", "content_length", "cors_headers", "foreign_page", "preflight", "normalise_origin",
           "check_seconds"]

_DIGITS = re.compile(r"[0-9]{1,18}")
_PORT = re.compile(r"[0-9]{1,5}")


@dataclass(frozen=True)
class Policy:
    """Transport limits and the names and origins the endpoint answers."""

    cors: tuple[str, ...] = ()               # origins that may read answers from a browser page
    allowed_hosts: tuple[str, ...] = ()      # Host names served besides the listening address and loopback
    read_timeout: float = 10.0               # seconds for a request's headers and body, from the connection idling
    max_connections: int = 64                # connections served at once

    def __post_init__(self):
        check_seconds("read_timeout", self.read_timeout)
        if not isinstance(self.max_connections, int) or self.max_connections < 1:
            raise ValueError(f"max_connections must be a whole number of at least 1, not {self.max_connections!r}")
        object.__setattr__(self, "cors", tuple(normalise_origin(o) for o in self.cors))
        for name in self.allowed_hosts:
            if _split_host(name.lower()) is None:
                raise ValueError(f"{name!r} is not a host name (NAME, NAME:PORT, IPv4 address or [IPv6 address])")


def check_seconds(name: str, value: float, upper: float = 86_400) -> float:
    """``value`` if it is a finite number of seconds above 0 and at most ``upper``; ValueError otherwise.

    Examples
    --------
    >>> check_seconds("timeout", 2.5)
    2.5
    >>> check_seconds("timeout", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: timeout must be a finite number of seconds above 0 and at most 86400, not nan
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 < value <= upper:
        raise ValueError(f"{name} must be a finite number of seconds above 0 and at most {upper:g}, not {value!r}")
    return float(value)


# ----------------------------------------------------------------------------- Host
def _split_host(text: str) -> tuple[str, int | None] | None:
    """(name, port or None) of a ``Host`` value, or None when it is not one.

    Examples
    --------
    >>> _split_host("localhost:8080"), _split_host("[::1]"), _split_host("a:b:c")
    (('localhost', 8080), ('[::1]', None), None)
    """
    text = text.strip()
    if text.startswith("["):
        name, sep, rest = text.partition("]")
        name += sep
        if not sep or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    else:
        name, sep, port = text.partition(":")
        if not sep:
            port = None
        if ":" in (port or ""):
            return None
    if not name or any(c in name for c in " /\\@?#%") or (port is not None and not _PORT.fullmatch(port)):
        return None
    return name, int(port) if port is not None else None


class HostCheck:
    """Which ``Host`` headers the server answers: its names, each with its port (optional when it is 80)."""

    LOOPBACK = ("localhost", "127.0.0.1", "[::1]")

    def __init__(self, address: tuple, allowed: tuple[str, ...] = ()):
        listening, self.port = address[0], address[1]
        names = {*self.LOOPBACK, f"[{listening}]" if ":" in listening else listening}
        self.allowed: set[tuple[str, int | None]] = {(n.lower(), None) for n in names}
        for entry in allowed:
            name, port = _split_host(entry.lower())
            self.allowed.add((name, port))

    def problem(self, values: list[str], version: str) -> tuple[int, str] | None:
        """(status, message) when a request's ``Host`` headers are missing, repeated or not served; else None."""
        if not values:
            if version == "HTTP/1.0":
                return None
            return 400, "an HTTP/1.1 request needs a Host header"
        if len(values) > 1:
            return 400, "more than one Host header"
        parsed = _split_host(values[0].lower())
        if parsed is not None:
            name, port = parsed
            if port is None and self.port == 80:
                port = 80
            if port is not None and ((name, port) in self.allowed
                                     or (port == self.port and (name, None) in self.allowed)):
                return None
        shown = values[0][:100].encode("ascii", "backslashreplace").decode("ascii")
        return 421, (f"this server does not answer for the host {shown!r}; use http://127.0.0.1:{self.port}/ "
                     "(or start it with --allowed-host NAME)")


# ----------------------------------------------------------------------------- Content-Length
def content_length(lengths: list[str], encodings: list[str], cap: int) -> tuple[int | None, tuple | None]:
    """(size, None) for an acceptable body, else (size or None, (status, message)); nothing of it is read.

    The size comes with the problem only when it is over ``cap`` (413), for a bounded drain after the answer.

    Examples
    --------
    >>> content_length(["12"], [], 100), content_length([], [], 100)
    ((12, None), (0, None))
    >>> content_length(["-1"], [], 100)[1][0], content_length(["5", "6"], [], 100)[1][0]
    (400, 400)
    >>> content_length(["500"], [], 100), content_length([], ["chunked"], 100)[1][0]
    ((500, (413, 'the request body is 500 bytes; queries are limited to 100 bytes')), 411)
    """
    if encodings:
        if lengths:
            return None, (400, "a request may not have both Transfer-Encoding and Content-Length")
        return None, (411, "send a Content-Length (chunked or encoded request bodies are not accepted)")
    sizes = set()
    for value in lengths:
        for part in value.split(","):
            part = part.strip(" \t")
            if not _DIGITS.fullmatch(part):
                shown = part[:40].encode("ascii", "backslashreplace").decode("ascii")
                return None, (400, f"bad Content-Length {shown!r}: it must be a whole number of bytes")
            sizes.add(int(part))
    if len(sizes) > 1:
        return None, (400, "conflicting Content-Length headers")
    size = sizes.pop() if sizes else 0
    if size > cap:
        return size, (413, f"the request body is {size} bytes; queries are limited to {cap} bytes")
    return size, None


# ----------------------------------------------------------------------------- CORS
def normalise_origin(text: str) -> str:
    """An origin as browsers send it (``scheme://host[:port]``, lower case); ValueError for anything else.

    Examples
    --------
    >>> normalise_origin("HTTPS://Example.org:8443/")
    'https://example.org:8443'
    """
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{text!r} is not an origin: give scheme://host[:port], e.g. http://localhost:3000 "
                         "(no path, no wildcard)")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{text!r} is not an origin: bad port") from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def _allowed(policy: Policy, origin: str | None) -> str | None:
    if not origin or not policy.cors:
        return None
    try:
        origin = normalise_origin(origin)
    except ValueError:
        return None
    return origin if origin in policy.cors else None


def cors_headers(policy: Policy, origin: str | None) -> dict:
    """The CORS headers of a response to a request from ``origin`` (none at all unless ``--cors`` was given)."""
    if not policy.cors:
        return {}
    allowed = _allowed(policy, origin)
    return {"Vary": "Origin", **({"Access-Control-Allow-Origin": allowed} if allowed else {})}


def foreign_page(policy: Policy, origin: str | None, fetch_site: str | None, host: str | None) -> tuple | None:
    """(403, message) for a request that another site's page made, else None; answers are not all it may not get.

    Without CORS such a page cannot read the answer, but it could still make the endpoint work (blindly). A
    request is another site's when its ``Origin`` is neither the server's own (``http://`` + ``Host``) nor a
    ``--cors`` one, or, without ``Origin``, when the browser marks it ``Sec-Fetch-Site: cross-site`` or
    ``same-site`` (e.g. an image on a page served from another port of the same host).

    Examples
    --------
    >>> foreign_page(Policy(), "http://127.0.0.1:7878", None, "127.0.0.1:7878") is None
    True
    >>> foreign_page(Policy(), "http://evil.example", None, "127.0.0.1:7878")[0]
    403
    >>> foreign_page(Policy(), None, "cross-site", "127.0.0.1:7878")[0], foreign_page(Policy(), None, "none", None)
    (403, None)
    """
    if origin is None:
        if (fetch_site or "").strip().lower() in ("cross-site", "same-site"):
            return 403, "requests from other sites' pages are refused (serve --cors ORIGIN allows one)"
        return None
    if _allowed(policy, origin):
        return None
    try:
        same = host is not None and normalise_origin(origin) == normalise_origin(f"http://{host}")
    except ValueError:
        same = False
    if same:
        return None
    shown = origin[:100].encode("ascii", "backslashreplace").decode("ascii")
    return 403, f"requests from pages of {shown} are refused (serve --cors ORIGIN allows one)"


def preflight(policy: Policy, origin: str | None, method: str | None) -> tuple[int, str, dict]:
    """(status, message, headers) for an OPTIONS request: a preflight passes only for a ``--cors`` origin."""
    allow = {"Allow": "GET, HEAD, POST, OPTIONS"}
    if not origin:
        return 204, "", allow
    allowed = _allowed(policy, origin)
    if allowed is None:
        return 403, "cross-origin requests from this origin are not allowed (see serve --cors)", {}
    if method and method.upper() not in ("GET", "HEAD", "POST"):
        return 403, f"{method} is not allowed; this endpoint is read-only", {}
    return 204, "", {**allow, "Vary": "Origin", "Access-Control-Allow-Origin": allowed,
                     "Access-Control-Allow-Methods": "GET, HEAD, POST",
                     "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "600"}
