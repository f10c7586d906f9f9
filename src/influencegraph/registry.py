"""Registries of named things (engines, stores, formats, reports, views …), all through one small helper.

A :class:`Registry` maps names to objects, or to ``"package.module:attribute"`` strings that are imported on first
use, in the manner of rdflib's plugin registry: a registry can list its names without importing what they name,
and a plugin module need not be imported just so that it registers itself. An unknown name raises
:class:`UnknownName` (both a ``KeyError`` and a ``ValueError``), which lists the names there are and suggests the
closest.

Examples
--------
>>> colours = Registry("colour")
>>> colours.register("json", "json:dumps")          # imported on first use
>>> @colours.register("shout")
... def shout(text):
...     return text.upper()
>>> colours.names()
['json', 'shout']
>>> colours.get("json")({"a": 1})
'{"a": 1}'
>>> colours["shout"]("hi")
'HI'
>>> "json" in colours, "xml" in colours
(True, False)
>>> colours.get("jsno")
Traceback (most recent call last):
...
influencegraph.registry.UnknownName: unknown colour 'jsno'; choose one of json, shout (did you mean: json?)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

__all__ = ["Registry", "UnknownName", "load"]

_MISSING = object()


class UnknownName(KeyError, ValueError):
    """A name no registry entry has; ``suggestions`` lists the closest names there are."""

    def __init__(self, kind: str, name: str, known: list[str], suggestions: list[str]):
        self.kind, self.name, self.known, self.suggestions = kind, name, known, suggestions
        message = f"unknown {kind} {name!r}; choose one of {', '.join(sorted(known))}"
        if suggestions:
            message += f" (did you mean: {', '.join(suggestions)}?)"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


def load(target: str):
    """The object a ``"package.module:attribute"`` string names (the attribute may be dotted).

    Examples
    --------
    >>> load("os.path:join")("a", "b")
    'a/b'
    """
    module, sep, attribute = target.partition(":")
    if not sep or not module or not attribute:
        raise ValueError(f"{target!r} is not a 'package.module:attribute' path")
    obj = import_module(module)
    for part in attribute.split("."):
        obj = getattr(obj, part)
    return obj


class Registry(Mapping):
    """Names → objects of one ``kind``, each given as the object or as a lazily imported module path.

    Parameters
    ----------
    kind : str
        What the names name, for error messages ("engine", "report format", …).
    entries : dict, optional
        Initial entries, name → object or ``"package.module:attribute"``.
    """

    def __init__(self, kind: str, entries: dict | None = None):
        self.kind = kind
        self._entries: dict = {}
        for name, target in (entries or {}).items():
            self.register(name, target)

    def register(self, name: str, target=_MISSING):
        """Register ``target`` (an object, or a ``"module:attribute"`` string loaded on first use) as ``name``;
        without ``target``, a decorator that registers what it decorates."""
        if target is _MISSING:
            def decorate(obj):
                self._entries[name] = obj
                return obj
            return decorate
        self._entries[name] = target
        return None

    def get(self, name: str, default=_MISSING):
        """The object registered as ``name`` (imported now if it was registered by path); an unknown name
        returns ``default`` if given, else raises :class:`UnknownName`."""
        if name not in self._entries:
            if default is not _MISSING:
                return default
            raise UnknownName(self.kind, name, self.names(), self._suggest(name))
        target = self._entries[name]
        if isinstance(target, str):
            target = self._entries[name] = load(target)
        return target

    def names(self) -> list[str]:
        """The registered names, in the order they were registered (nothing is imported)."""
        return list(self._entries)

    def _suggest(self, name: str) -> list[str]:
        from .names import suggest
        return suggest(str(name), self.names())

    def __getitem__(self, name: str):
        return self.get(name)

    def __contains__(self, name) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Registry of {self.kind}: {', '.join(self.names())}>"
