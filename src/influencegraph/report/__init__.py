"""Reports an analyst can hand on: dependency, centrality and what-if scenario reports, in Markdown or HTML.

Reports are registered by name (:data:`REPORTS`), renderings by format (:data:`.document.RENDERERS`); the CLI's
``influencegraph report NAME`` looks both up.
"""

from __future__ import annotations

__all__ = ["REPORTS", "register_report", "build_report"]

from ..registry import Registry

#: Report builders ``func(kg, **options) -> Report``, by name, imported on first use.
REPORTS = Registry("report", {"dependency": "influencegraph.report.builders:country_dependency_report",
                              "centrality": "influencegraph.report.builders:centrality_report",
                              "scenario": "influencegraph.report.builders:scenario_report"})


def register_report(name: str):
    """Register ``func(kg, **options) -> Report`` as the report called ``name`` (a decorator)."""
    return REPORTS.register(name)


def build_report(kg, name: str, **options):
    """The report ``name`` (``dependency``, ``centrality``, ``scenario``) for ``kg``."""
    return REPORTS.get(name)(kg, **options)           # an unknown name raises UnknownName, a ValueError
