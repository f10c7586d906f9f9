"""Dates at a source's precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, in ASCII digits, on the calendar.

The standard library reads them (:func:`calendar_date`, by :meth:`datetime.date.fromisoformat`), so an impossible
date such as 2024-13-45 or 2024-02-30 is refused. One validator serves the options that take a date (``as_of``) in
the API (:func:`as_of_date`) and the CLI (:data:`AS_OF`, a click parameter type calling it); another checks the date
literals of the input files (:func:`check_date_literals`: ``xsd:gYear``, ``xsd:gYearMonth``, ``xsd:date``).
Python's ``int()`` and the regular expression ``\\d`` accept any Unicode digit (``２０２４``); this module does not.

Examples
--------
>>> as_of_date("2024"), as_of_date("2024-02"), as_of_date("2024-02-29")
('2024', '2024-02', '2024-02-29')
>>> as_of_date("2023-02-29")
Traceback (most recent call last):
ValueError: as_of: '2023-02-29' is not a date: February 2023 has 28 days
>>> as_of_date("２０２４-01-01")
Traceback (most recent call last):
ValueError: as_of: '２０２４-01-01' is not a date; use ASCII digits: YYYY, YYYY-MM or YYYY-MM-DD
"""

from __future__ import annotations

import calendar
import datetime
import re

__all__ = ["as_of_date", "AS_OF", "calendar_date", "date_literal_problem", "check_date_literals", "LITERAL_FORMS"]

_SHAPE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", re.ASCII)
#: The XSD datatype of a date literal (local name) and the one form its lexical value takes in the input files.
LITERAL_FORMS = {"gYear": "YYYY", "gYearMonth": "YYYY-MM", "date": "YYYY-MM-DD"}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_FORMS = {_XSD + name: re.compile(form.replace("YYYY", "[0-9]{4}").replace("MM", "[0-9]{2}").replace("DD", "[0-9]{2}"),
                                  re.ASCII) for name, form in LITERAL_FORMS.items()}


def calendar_date(text: str) -> datetime.date:
    """The first day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date (in one of these shapes), as the standard
    library's calendar reads it.

    Raises
    ------
    ValueError
        Why the date is not on the calendar, in words: no year 0000, a month outside 01–12, a day the month lacks.

    Examples
    --------
    >>> calendar_date("2024-02-29"), calendar_date("2024-02"), calendar_date("2024")
    (datetime.date(2024, 2, 29), datetime.date(2024, 2, 1), datetime.date(2024, 1, 1))
    >>> calendar_date("2024-13-45")
    Traceback (most recent call last):
    ValueError: month 13 is not 01 to 12
    >>> calendar_date("2024-02-30")
    Traceback (most recent call last):
    ValueError: February 2024 has 29 days
    """
    try:
        return datetime.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        raise ValueError(_why_not(text)) from None


def _why_not(text: str) -> str:
    """Words for what :meth:`datetime.date.fromisoformat` refused in a date of the right shape."""
    year, month = (int(part) for part in (text.split("-") + ["1"])[:2])
    if year < 1:
        return "there is no year 0000"
    if not 1 <= month <= 12:
        return f"month {month:02d} is not 01 to 12"
    return f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"


def as_of_date(value) -> str | None:
    """``value`` (a string, :class:`datetime.date` or ``None``) as a checked ``YYYY[-MM[-DD]]`` string.

    Raises
    ------
    ValueError
        One line naming the value and what is wrong: its shape, a month outside 01–12, a day the month lacks.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if not (text.isascii() and _SHAPE.fullmatch(text)):
        raise ValueError(f"as_of: {value!r} is not a date; use ASCII digits: YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        calendar_date(text)
    except ValueError as exc:
        raise ValueError(f"as_of: {value!r} is not a date: {exc}") from None
    return text


def date_literal_problem(literal) -> str | None:
    """Why a date literal (``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``) is not a date at its precision, or
    ``None`` when it is one (and for any other literal).

    Examples
    --------
    >>> from rdflib import Literal, XSD
    >>> [date_literal_problem(Literal(text, datatype=XSD.gYearMonth)) for text in ("2024-02", "2024-13", "2024-00")]
    [None, 'month 13 is not 01 to 12', 'month 00 is not 01 to 12']
    >>> date_literal_problem(Literal("2024-2", datatype=XSD.gYearMonth))
    'it is not written YYYY-MM in ASCII digits'
    >>> date_literal_problem(Literal("2024", datatype=XSD.integer)) is None
    True
    """
    form = _FORMS.get(str(getattr(literal, "datatype", None) or ""))
    if form is None:
        return None
    text = str(literal)
    if not (text.isascii() and form.fullmatch(text)):
        return f"it is not written {LITERAL_FORMS[literal.datatype[len(_XSD):]]} in ASCII digits"
    try:
        calendar_date(text)
    except ValueError as exc:
        return str(exc)
    return None


def check_date_literals(container, rel: str, text: str, locate) -> list:
    """One :class:`~influencegraph.errors.Problem` per statement of a parsed file whose date literal is not a date.

    Parameters
    ----------
    container : rdflib Dataset or Graph
        The file as parsed (blank nodes not yet renamed).
    rel : str
        The file's path relative to the project, for the messages.
    text : str
        The file's text, to find the line where the literal is written.
    locate : callable
        ``locate(term)`` gives the line where an IRI starts a statement in that file (or None).
    """
    from rdflib import BNode, Dataset, Literal

    from .errors import Problem
    from .limits import _named_holder, _shown, _TextLines

    triples = [(s, p, o) for s, p, o, *_ in (container.quads() if isinstance(container, Dataset) else container)]
    bad = [(s, p, o, why) for s, p, o in triples if isinstance(o, Literal) for why in [date_literal_problem(o)] if why]
    if not bad:
        return []
    parents = {o: s for s, _p, o in triples if isinstance(o, BNode)}
    lines = _TextLines(text, locate)
    problems = []
    for s, _p, o, why in bad:
        holder = _named_holder(s, parents)
        name = o.datatype[len(_XSD):]
        problems.append(Problem(rel, lines.of_term(o, holder), "date", f'"{o}"^^xsd:{name} is not a date: {why}',
                                focus=_shown(holder), fix=f"write a date on the calendar as {LITERAL_FORMS[name]}"))
    return problems


def _param_type():
    import click

    class AsOf(click.ParamType):
        """A ``--as-of`` date, checked by :func:`as_of_date`. A bad date raises ``ValueError`` naming the option
        (not click's usage error), which the command line reports as one line, exit status 2."""

        name = "date"

        def convert(self, value, param, ctx):
            try:
                return as_of_date(value)
            except ValueError as exc:
                option = param.opts[0] if param is not None and param.opts else "as_of"
                raise ValueError(f"{option} {str(exc).removeprefix('as_of: ')}") from None

    return AsOf()


def __getattr__(name):  # click is imported only by the CLI
    if name == "AS_OF":
        return _param_type()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
