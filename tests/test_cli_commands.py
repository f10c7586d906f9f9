"""The ``paragraphs`` and ``vocab`` commands are thin: each calls one API function (``evidence.seed_paragraphs``,
``ontology.update_vocab``) and prints what it returns."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from influencegraph.cli import main
from influencegraph.evidence import seed_paragraphs
from influencegraph.ontology import update_vocab


def test_seed_paragraphs_numbers_a_texts_paragraphs_as_claims_cite_them(seeds, root):
    wanted = seed_paragraphs("002", [13, 12], root=root)

    assert [n for n, _text in wanted] == [12, 13]
    assert wanted[0][1].startswith("In June 2024, Kazakhstan and the PRC formalized a landmark agreement")
    assert wanted[1][1].startswith("With an annual capacity of 300,000 tons of copper")
    assert len(seed_paragraphs("002", root=root)) > 13


def test_seed_paragraphs_refuses_a_prefix_that_matches_several_texts(seeds, root):
    with pytest.raises(ValueError, match=r"'00' matches 5 seed files in "):
        seed_paragraphs("00", root=root)


def test_the_paragraphs_command_prints_each_paragraph_with_its_number(seeds, root):
    result = CliRunner().invoke(main, ["paragraphs", "002", "12", "--root", str(root)])

    assert result.exit_code == 0, result.output
    assert result.output == f"¶12: {seed_paragraphs('002', [12], root=root)[0][1]}\n\n"


def test_the_paragraphs_command_reports_an_unknown_source_in_one_line(seeds, root):
    result = CliRunner().invoke(main, ["paragraphs", "999", "--root", str(root)])

    assert result.exit_code == 2
    assert result.output.startswith("error: '999' matches 0 seed files in ")


def test_vocab_check_finds_the_generated_module_up_to_date(root):
    assert update_vocab(root, check=True) is False
    result = CliRunner().invoke(main, ["vocab", "--check", "--root", str(root)])

    assert (result.exit_code, result.output) == (0, "vocab.py matches the ontology\n")


def test_the_cli_starts_without_loading_rdflib_networkx_or_pandas():
    # `influencegraph --help` and option parsing must stay fast: the heavy libraries load in the commands that need them
    import subprocess
    import sys
    code = ("import sys; from influencegraph.cli import main; "
            "print(sorted(m for m in ('rdflib', 'networkx', 'pandas', 'pyoxigraph', 'pyvis') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
