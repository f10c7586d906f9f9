"""The view's options are defined once (``views.ViewOptions``): the ``view`` command has one option per field, with
the field's default and help, passes them on unchanged, and ``kg.view`` takes the fields as keywords and refuses any
other name."""

from __future__ import annotations

import dataclasses
import types

import pytest
from click.testing import CliRunner

import influencegraph
from influencegraph.cli import main
from influencegraph.views import ViewOptions

FIELDS = dataclasses.fields(ViewOptions)
#: The view command's own options, beside the view's.
COMMAND_OWN = {"output", "force", "quiet", "root", "store"}


def test_the_view_command_has_one_option_per_field_and_no_other_view_option():
    params = {p.name for p in main.commands["view"].params}

    assert params - COMMAND_OWN == {f.name for f in FIELDS}
    assert len(FIELDS) == 13


@pytest.mark.parametrize("spec", FIELDS, ids=lambda f: f.name)
def test_each_option_has_its_fields_default_and_help(spec):
    option = next(p for p in main.commands["view"].params if p.name == spec.name)

    assert option.help == spec.metadata["help"]
    if spec.metadata.get("multiple"):
        assert option.multiple and spec.default is None
    else:
        assert option.default == spec.default


def test_view_help_lists_every_field_as_an_option():
    result = CliRunner().invoke(main, ["view", "--help"])

    assert result.exit_code == 0
    for name in ("--ego", "--depth", "--sector", "--country", "--competition", "--source", "--relation",
                 "--as-of", "--size-by", "--max-nodes", "--title", "--seed", "--hedged"):
        assert f" {name} " in result.output or f"{name}," in result.output or f" {name}\n" in result.output, name
    words = " ".join(result.output.split())          # help wraps lines
    assert "[default: pagerank]" in words and "[default: 5000; x>=0]" in words and "[default: 7]" in words


def test_the_view_command_passes_the_options_on_as_given(monkeypatch, tmp_path):
    asked = []

    class Graph:
        def view(self, options):
            asked.append(options)
            return types.SimpleNamespace(warnings=[], views=["ego"], save=lambda path: path,
                                         number_of_nodes=lambda: 0, number_of_edges=lambda: 0)

    monkeypatch.setattr(influencegraph, "load", lambda **kwargs: Graph())
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["view", "--ego", "Rosatom", "-r", "investsIn", "-r", "leads", "--as-of", "2024",
                                       "--max-nodes", "0", "--hedged", "-o", str(out)])

    assert result.exit_code == 0, result.output
    assert asked == [ViewOptions(ego="Rosatom", relations=["investsIn", "leads"], as_of="2024", max_nodes=0,
                                 hedged=True)]


def test_without_options_the_command_asks_for_the_defaults(monkeypatch, tmp_path):
    asked = []

    class Graph:
        def view(self, options):
            asked.append(options)
            return types.SimpleNamespace(warnings=[], views=["whole"], save=lambda path: path,
                                         number_of_nodes=lambda: 0, number_of_edges=lambda: 0)

    monkeypatch.setattr(influencegraph, "load", lambda **kwargs: Graph())
    result = CliRunner().invoke(main, ["view", "-o", str(tmp_path / "v.html")])

    assert result.exit_code == 0, result.output
    assert asked == [ViewOptions()]
    assert ViewOptions().max_nodes == 5000 and ViewOptions().size_by == "pagerank" and ViewOptions().seed == 7


def test_kg_view_refuses_an_unknown_option_naming_the_options(kg):
    with pytest.raises(TypeError) as caught:
        kg.view(colour="red")

    message = str(caught.value)
    assert message.startswith("unknown view option 'colour'")
    assert message.endswith("the options are " + ", ".join(f.name for f in FIELDS))


def test_kg_view_suggests_the_option_meant(kg):
    with pytest.raises(TypeError, match=r"unknown view option 'releations' \(did you mean: relations\?\)"):
        kg.view(releations=["investsIn"])


def test_view_options_and_keywords_give_the_same_page(kg):
    by_keyword = kg.view(ego="Rosatom", depth=1, size_by="degree")
    by_options = kg.view(ViewOptions(ego="Rosatom", depth=1, size_by="degree"))

    assert by_keyword.html == by_options.html
    assert by_keyword.title == "Rosatom: ties up to 1 step away"


def test_kg_view_takes_its_options_by_keyword_not_by_position(kg):
    with pytest.raises(TypeError, match="a view takes a ViewOptions or options by keyword, not 'Rosatom'"):
        kg.view("Rosatom")


def test_keywords_given_with_view_options_override_them(kg):
    view = kg.view(ViewOptions(ego="Rosatom", depth=2), depth=1)

    assert view.title == "Rosatom: ties up to 1 step away"
