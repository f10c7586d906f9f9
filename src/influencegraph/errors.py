"""Problems found in the input, and the exceptions that carry them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, said so that a person can fix it.

    Examples
    --------
    >>> print(Problem("graph/x.trig", 3, "syntax", "objectList expected", fix="finish the statement"))
    graph/x.trig:3: [syntax] objectList expected (fix: finish the statement)
    """

    file: str | None
    line: int | None
    check: str
    message: str
    focus: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = self.file or "<dataset>"
        if self.line:
            where += f":{self.line}"
        text = f"{where}: [{self.check}] "
        if self.focus:
            text += f"{self.focus}: "
        text += self.message
        if self.fix:
            text += f" (fix: {self.fix})"
        return text

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class InfluenceGraphError(Exception):
    """Base class for errors the CLI reports without a traceback."""


class InputError(InfluenceGraphError):
    """The input files are broken; ``problems`` says where and how."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.check, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class _NotFound(InfluenceGraphError):
    """A name that matches nothing of its kind; ``suggestions`` lists close matches."""

    what = "thing"
    after = ""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No {self.what} {name!r}.{hint}{self.after}")


class UnknownEntity(_NotFound):
    """A name that matches no entity; ``suggestions`` lists close matches."""

    what = "entity named"


class AmbiguousEntity(UnknownEntity):
    """A name that matches two or more entities equally well; ``candidates`` (also ``suggestions``) names them.

    Examples
    --------
    >>> print(AmbiguousEntity("Hope", ["East Hope Group", "East Hope park"]))
    'Hope' names more than one entity: East Hope Group; East Hope park. Give the one you mean by its full name.
    """

    def __init__(self, name: str, candidates: list[str]):
        _NotFound.__init__(self, name, candidates)
        self.candidates = candidates
        listed = "; ".join(candidates[:10]) + (f"; and {len(candidates) - 10} more" if len(candidates) > 10 else "")
        self.args = (f"{name!r} names more than one entity: {listed}. Give the one you mean by its full name.",)


class AnalysisError(InfluenceGraphError, ValueError):
    """An analysis that has nothing to work on or was asked something it cannot answer; the message says why."""


class QueryError(InfluenceGraphError, ValueError):
    """A SPARQL query that cannot run; the message says why (and where, for syntax errors)."""

    status = 400


class QuerySyntaxError(QueryError):
    """The query does not parse; ``line`` and ``column`` point at the problem (1-based)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        super().__init__(message)


class QueryRefused(QueryError):
    """A query that would write to the graph or reach out to the network: refused before evaluation."""

    status = 403


class QueryTooLarge(QueryError):
    """A query text, or its result, over the configured limit."""

    status = 413


class UnknownQuery(_NotFound, QueryError):
    """A named query that does not exist; ``suggestions`` lists close names."""

    what = "named query"
    after = " (`influencegraph query --list` lists them)"


class StoreError(InfluenceGraphError, ValueError):
    """A store cannot be opened, reached, or written (bad spec, server down, read-only store)."""
