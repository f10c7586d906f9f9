"""The CLI's progress display: the library's log records on standard error, one plain line each.

Library modules only log (``logging.getLogger(__name__)``: INFO for the steps a user waits on, DEBUG for detail) and
never configure logging; the ``influencegraph`` command installs :class:`ProgressHandler` on the package logger for
the length of one command (:func:`show_progress`), at the level its ``-q``/``-v`` options ask for. Meanwhile
rdflib's warning, with a traceback, about an ``xsd:date`` literal off the calendar is dropped: the input check reports
each such literal as a problem with file and line.
"""

from __future__ import annotations

import logging
import time

import click

__all__ = ["LOGGER", "ProgressHandler", "show_progress", "level_for", "set_level"]

#: The package logger every module's logger descends from.
LOGGER = "influencegraph"


class ProgressHandler(logging.Handler):
    """Write each record as ``[  1.2s] message`` (seconds since the command started) on the current standard error;
    warnings and errors as ``warning: message``.

    Examples
    --------
    >>> handler = ProgressHandler(start=1000.0)
    >>> record = logging.makeLogRecord({"msg": "parsing %s", "args": ("003.trig",), "levelno": logging.INFO,
    ...                                 "created": 1001.25})
    >>> handler.format_line(record)
    '[  1.2s] parsing 003.trig'
    >>> handler.format_line(logging.makeLogRecord({"msg": "no sandbox", "levelno": logging.WARNING,
    ...                                             "levelname": "WARNING"}))
    'warning: no sandbox'
    """

    def __init__(self, start: float | None = None):
        super().__init__()
        self.start = time.time() if start is None else start   # as record.created

    def format_line(self, record: logging.LogRecord) -> str:
        """The line shown for ``record``."""
        if record.levelno >= logging.WARNING:
            return f"{record.levelname.lower()}: {record.getMessage()}"
        return f"[{record.created - self.start:5.1f}s] {record.getMessage()}"

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format_line(record), err=True)   # the stderr of the moment (click's test runner swaps it)
        except Exception:  # noqa: BLE001 - logging's contract: a broken record never stops the program
            self.handleError(record)


def level_for(quiet: bool = False, verbose: bool = False) -> int:
    """The package logger's level for the CLI's ``-q`` and ``-v``: quiet wins.

    Examples
    --------
    >>> [logging.getLevelName(level_for(q, v)) for q, v in [(False, False), (True, False), (False, True), (True, True)]]
    ['INFO', 'WARNING', 'DEBUG', 'WARNING']
    """
    return logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO


def _not_a_bad_date(record: logging.LogRecord) -> bool:
    """False for rdflib's warning (with a traceback) that an ``xsd:date`` literal is not a date: the check of every
    file's dates (:func:`influencegraph.dates.check_date_literals`) reports it with file, line and why.

    Examples
    --------
    >>> _not_a_bad_date(logging.makeLogRecord({"msg": "Failed to convert Literal lexical form to value. "
    ...     "Datatype=http://www.w3.org/2001/XMLSchema#date, Converter=<function parse_xsd_date>"}))
    False
    >>> _not_a_bad_date(logging.makeLogRecord({"msg": "Failed to convert Literal lexical form to value. "
    ...     "Datatype=http://www.w3.org/2001/XMLSchema#integer, Converter=<class 'int'>"}))
    True
    """
    message = str(record.msg)
    return not (message.startswith("Failed to convert Literal lexical form") and "XMLSchema#date," in message)


def show_progress(level: int = logging.INFO):
    """Show the package's log records at ``level`` and above on standard error; returns a function that undoes it
    (removes the handler and restores the logger's level), for the end of the command."""
    logger, rdflib_terms = logging.getLogger(LOGGER), logging.getLogger("rdflib.term")
    handler, previous = ProgressHandler(), logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    rdflib_terms.addFilter(_not_a_bad_date)

    def undo() -> None:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        rdflib_terms.removeFilter(_not_a_bad_date)
    return undo


def set_level(level: int) -> None:
    """Show the package's log records at ``level`` and above for the rest of the command (a command's own ``-q``
    lowers what :func:`show_progress` set up)."""
    logging.getLogger(LOGGER).setLevel(level)
