"""The dates options take (``as_of``): ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, in ASCII digits, on the calendar.

One validator serves the API (:func:`as_of_date`) and the CLI (:data:`AS_OF`, a click parameter type calling it).
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

__all__ = ["as_of_date", "AS_OF"]

_SHAPE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", re.ASCII)


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
    year, month, day = (int(part) for part in (text.split("-") + ["1", "1"])[:3])
    if year < 1:
        raise ValueError(f"as_of: {value!r} is not a date: there is no year 0000")
    if not 1 <= month <= 12:
        raise ValueError(f"as_of: {value!r} is not a date: month {month:02d} is not 01 to 12")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"as_of: {value!r} is not a date: {calendar.month_name[month]} {year} has {days} days")
    return text


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
