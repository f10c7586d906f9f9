"""Reports an analyst can hand on: dependency, centrality and what-if scenario reports, in Markdown or HTML.

Reports are registered by name (:data:`REPORTS`), renderings by format (:data:`.document.RENDERERS`); the CLI's
``influencegraph report NAME`` looks both up.
"""

from __future__ import annotations

__all__ = ["REPORTS", "register_report", "build_report"]

REPORTS: dict[str, callable] = {}


def register_report(name: str):
    """Register ``func(kg, **options) -> Report`` as the report called ``name``."""
    def decorate(func):
        REPORTS[name] = func
        return func
    return decorate


def build_report(kg, name: str, **options):
    """The report ``name`` (``dependency``, ``centrality``, ``scenario``) for ``kg``."""
    from . import builders  # noqa: F401  (registers the reports)
    try:
        func = REPORTS[name]
    except KeyError:
        raise ValueError(f"unknown report {name!r}; choose from {', '.join(sorted(REPORTS))}") from None
    return func(kg, **options)
