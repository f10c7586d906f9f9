"""The registry helper behind every registry (engines, stores, formats, reports, views …): names listed without
importing what they name, objects loaded on first use, unknown names refused with the names there are."""

from __future__ import annotations

import subprocess
import sys

import pytest

from influencegraph.registry import Registry, UnknownName, load


def test_a_name_registered_by_path_is_imported_only_when_asked_for():
    registry = Registry("widget")
    registry.register("ghost", "no_such_module_anywhere:thing")
    registry.register("join", "os.path:join")
    assert registry.names() == ["ghost", "join"] and "ghost" in registry and len(registry) == 2
    assert registry.get("join")("a", "b") == "a/b"
    with pytest.raises(ModuleNotFoundError):
        registry.get("ghost")


def test_the_decorator_registers_the_object_and_returns_it():
    registry = Registry("widget")

    @registry.register("double")
    def double(x):
        return 2 * x

    assert registry["double"] is double and double(2) == 4


def test_an_unknown_name_lists_the_known_ones_and_suggests_the_closest():
    registry = Registry("engine", {"rdflib": "os:sep", "oxigraph": "os:sep"})
    with pytest.raises(UnknownName) as caught:
        registry.get("oxigrahp")
    assert str(caught.value) == "unknown engine 'oxigrahp'; choose one of oxigraph, rdflib (did you mean: oxigraph?)"
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ValueError)
    assert caught.value.suggestions == ["oxigraph"]
    assert registry.get("oxigrahp", None) is None


def test_a_path_without_an_attribute_is_refused():
    with pytest.raises(ValueError, match="not a 'package.module:attribute' path"):
        load("os.path")


def test_listing_stores_and_reports_imports_none_of_them():
    code = ("import sys; from influencegraph.stores import STORES; from influencegraph.report import REPORTS;"
            "print(sorted(STORES), sorted(REPORTS),"
            "[m for m in ('influencegraph.stores.oxigraph', 'influencegraph.stores.remote', 'influencegraph.stores.build',"
            " 'influencegraph.report.builders', 'pyoxigraph') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['build', 'memory', 'oxigraph', 'sparql'] ['centrality', 'dependency', 'scenario'] []"


def test_every_registry_of_the_package_answers_an_unknown_name_the_same_way():
    from influencegraph.formats import FORMATS
    from influencegraph.report import REPORTS
    from influencegraph.report.document import RENDERERS
    from influencegraph.sparql.engines import ENGINES
    from influencegraph.sparql.library import PARAMETER_TYPES
    from influencegraph.sparql.results import RESULT_FORMATS
    from influencegraph.stores import STORES
    from influencegraph.views.select import VIEWS
    for registry in (FORMATS, REPORTS, RENDERERS, ENGINES, PARAMETER_TYPES, RESULT_FORMATS, STORES, VIEWS):
        assert isinstance(registry, Registry)
        with pytest.raises(UnknownName, match=f"unknown {registry.kind} 'nonsense'; choose one of "):
            registry.get("nonsense")


def test_an_unknown_report_is_refused_with_a_suggestion():
    from influencegraph.report import build_report
    with pytest.raises(ValueError, match=r"unknown report 'centrallity'; .*did you mean: centrality"):
        build_report(None, "centrallity")
