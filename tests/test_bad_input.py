"""Bad input: a clear error naming file, line and problem, a non-zero exit, and no partial output.

Every test breaks a throw-away copy of the project (the ``project_copy`` fixture) at a known line, runs the
build into a fresh output folder, and checks both the message and that nothing was written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import influencegraph
from influencegraph.cli import main
from influencegraph.errors import InputError, Problem

SOURCE_002 = "graph/sources/002.trig"
DATASET_FILES = ("influencegraph.trig", "influencegraph.nq", "summary.json")
PROBLEM_LINE = re.compile(r"^  (?P<file>[\w./-]+):(?P<line>\d+): \[(?P<check>[a-z-]+)\] \S")


@pytest.fixture(autouse=True)
def _no_project_env(monkeypatch):
    """Tests name root and output folder explicitly; stray settings from the environment must not leak in."""
    for name in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD"):
        monkeypatch.delenv(name, raising=False)



# ---------------------------------------------------------------- helpers

def edit_line(path: Path, needle: str, old: str, new: str, within: str | None = None) -> int:
    """Replace ``old`` by ``new`` on the line containing ``needle``; return that line's 1-based number.

    Without ``within`` the needle must be on exactly one line of the file; with it, the first line holding the
    needle inside the statement that starts with ``within`` (a claim or entity) is edited.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if within is None:
        hits = [i for i, line in enumerate(lines) if needle in line]
        assert len(hits) == 1, f"{needle!r} must occur on exactly one line of {path}, found {len(hits)}"
    else:
        start = line_starting(path, within) - 1
        end = next((i for i in range(start + 1, len(lines)) if lines[i - 1].rstrip().endswith(".")), len(lines))
        hits = [i for i in range(start, end) if needle in lines[i]][:1]
        assert hits, f"{needle!r} not in the statement {within!r} of {path}"
    index = hits[0]
    assert old in lines[index], f"{old!r} not on line {index + 1} of {path}"
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


ZINC = "c002:kz-zinc-reserves "  # a claim of 002.trig with a one-line "ig:source ... ; ig:paragraph 10 ;"
ZINC_SOURCE_LINE = "ig:source src:002_329a89700164a7a5 ; ig:paragraph 10 ;"


def edit_zinc(path: Path, old: str, new: str) -> int:
    """Edit the ig:source/ig:paragraph line of claim c002:kz-zinc-reserves."""
    return edit_line(path, ZINC_SOURCE_LINE, old, new, within=ZINC)


def line_starting(path: Path, start: str) -> int:
    """The 1-based number of the one line that starts (after indentation) with ``start``."""
    numbers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if line.lstrip().startswith(start)]
    assert len(numbers) == 1, f"{start!r} starts {len(numbers)} lines of {path}"
    return numbers[0]


def dataset_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name in DATASET_FILES) if folder.exists() else []


def snapshot(folder: Path) -> dict[str, tuple]:
    """Everything under ``folder`` (hidden entries too, so left-over temp files show up): a file's bytes and
    mtime, a symbolic link's target (the build's outputs are links into the current set of files)."""
    entries = {}
    for top, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(top) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_file():
                entries[key] = (path.read_bytes(), path.stat().st_mtime_ns)
            else:
                entries[key] = ("folder",)
    return entries


def failed_build(root: Path, out: Path) -> str:
    """Run ``influencegraph build`` on broken input; check the failure and that nothing was written; return stderr."""
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--output-dir", str(out), "-q"])
    assert result.exit_code == 1, result.output
    # a reported failure ends in SystemExit; anything else would be a crash
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "nothing was written" in result.stderr
    assert result.stdout == ""
    assert not out.exists(), f"a failed build created {out}: {list(out.iterdir())}"
    return result.stderr


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("  ")]


# ---------------------------------------------------------------- a. malformed TriG in a source file

@pytest.mark.parametrize("old, new, why", [
    # the ' ;' between two predicates on one line deleted: the parser stops on that very line
    ("src:002_329a89700164a7a5 ; ig:paragraph 10", "src:002_329a89700164a7a5 ig:paragraph 10", "end of statement"),
    # a string literal opened and never closed
    ("ig:paragraph 10 ;", 'ig:paragraph 10 ; ig:note "never closed ;', "string literal"),
], ids=["missing-semicolon", "unterminated-string"])
def test_malformed_trig_in_a_source_file_is_reported_with_file_and_line(project_copy, tmp_path, old, new, why):
    path = project_copy / SOURCE_002
    line = edit_zinc(path, old, new)
    assert line == line_starting(path, "c002:kz-zinc-reserves ") + 1  # the edit is where we think it is

    stderr = failed_build(project_copy, tmp_path / "out")

    problems = problem_lines(stderr)
    assert len(problems) == 1, stderr
    assert problems[0].startswith(f"  {SOURCE_002}:{line}: [syntax] ")
    assert why in problems[0]


@pytest.mark.parametrize("relfile, needle, old, new", [
    ("ontology/shapes.ttl", "sh:path skos:prefLabel ; sh:minCount 1 ;", "sh:minCount 1 ;", "sh:minCount 1 sh:x"),
    ("seeds/catalogue.ttl", 'dcterms:identifier "000_6032362c1ef78876" ;', '876" ;', "876 ;"),
    ("ontology/influence.ttl", "ig:investsIn a owl:ObjectProperty ;", " a owl:ObjectProperty",
     " a a owl:ObjectProperty"),
], ids=["shapes", "catalogue", "ontology"])
def test_malformed_turtle_in_ontology_shapes_or_catalogue_is_reported_with_file_and_line(
        project_copy, tmp_path, relfile, needle, old, new):
    line = edit_line(project_copy / relfile, needle, old, new)

    stderr = failed_build(project_copy, tmp_path / "out")

    problems = problem_lines(stderr)
    assert len(problems) == 1, stderr
    assert problems[0].startswith(f"  {relfile}:{line}: [syntax] "), stderr


def test_syntax_errors_in_several_files_are_all_reported_not_only_the_first(project_copy, tmp_path):
    line_002 = edit_line(project_copy / SOURCE_002, "schema:value 6700000.0", "6700000.0 ;", '6700000.0 ; ig:note "x')
    line_004 = edit_line(project_copy / "graph/sources/004.trig", "c004:bri-launch a", "ig:paragraph", "ig:paragraph ;")

    stderr = failed_build(project_copy, tmp_path / "out")

    assert f"{SOURCE_002}:{line_002}: [syntax]" in stderr
    assert f"graph/sources/004.trig:{line_004}: [syntax]" in stderr
    assert "error: 2 problem(s) in the input" in stderr


# ---------------------------------------------------------------- c-h. integrity and shape problems

def test_dangling_reference_is_reported_at_the_claim_that_makes_it(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    edit_line(path, "ig:partner igr:kazakhstan, igr:japan", "igr:japan", "igr:no-such-entity")
    claim_line = line_starting(path, "c002:kz-japan-partnership ")

    stderr = failed_build(project_copy, tmp_path / "out")

    dangling = [p for p in problem_lines(stderr) if "[dangling]" in p]
    assert len(dangling) == 1, stderr
    assert dangling[0].startswith(f"  {SOURCE_002}:{claim_line}: [dangling] claim:002/kz-japan-partnership: ")
    assert "igr:no-such-entity" in dangling[0]


def test_claim_without_source_names_the_claim_and_the_exactly_one_source_constraint(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    edit_zinc(path, "ig:source src:002_329a89700164a7a5 ; ", "")
    claim_line = line_starting(path, "c002:kz-zinc-reserves ")

    stderr = failed_build(project_copy, tmp_path / "out")

    problems = problem_lines(stderr)
    assert len(problems) == 1, stderr
    problem = problems[0]
    assert problem.startswith(f"  {SOURCE_002}:{claim_line}: ")
    assert "claim:002/kz-zinc-reserves" in problem
    assert "MinCount on ig:source" in problem
    assert "exactly one ig:source" in problem


def test_claim_with_two_sources_breaks_the_exactly_one_source_constraint(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    edit_zinc(path, "src:002_329a89700164a7a5 ;",
              "src:002_329a89700164a7a5, src:003_d4edeb8749594e57 ;")
    claim_line = line_starting(path, "c002:kz-zinc-reserves ")

    stderr = failed_build(project_copy, tmp_path / "out")

    assert f"{SOURCE_002}:{claim_line}: [shacl] claim:002/kz-zinc-reserves: MaxCount on ig:source" in stderr
    assert f"{SOURCE_002}:{claim_line}: [source-mismatch] claim:002/kz-zinc-reserves" in stderr


@pytest.mark.parametrize("needle, old, new, focus, expected", [
    ("ig:partner igr:kazakhstan, igr:japan", "ig:partner", 'ig:share "lots" ; ig:partner',
     "claim:002/kz-japan-partnership", 'Datatype on ig:share, value "lots"'),
    (ZINC_SOURCE_LINE, "ig:paragraph 10", 'ig:paragraph "x"',
     "claim:002/kz-zinc-reserves", 'Datatype on ig:paragraph, value "x"'),
    ("schema:value 6700000.0", "6700000.0", '"6700000.0"',
     "claim:002/kz-zinc-reserves/quantity", 'Datatype on https://schema.org/value, value "6700000.0"'),
], ids=["share-as-string", "paragraph-as-string", "value-as-string"])
def test_wrong_datatype_is_reported_at_the_claim(project_copy, tmp_path, needle, old, new, focus, expected):
    path = project_copy / SOURCE_002
    claim = focus.split(":", 1)[1].split("/")[1]
    edit_line(path, needle, old, new, within=f"c002:{claim} ")
    claim_line = line_starting(path, f"c002:{claim} ")

    stderr = failed_build(project_copy, tmp_path / "out")

    datatype = [p for p in problem_lines(stderr) if "Datatype on" in p]
    assert len(datatype) == 1, stderr
    assert datatype[0].startswith(f"  {SOURCE_002}:{claim_line}: [shacl] {focus}: ")
    assert expected in datatype[0]


SUMMIT_DATE = ('c003:ca-summit-date ', 'ig:date "2025-06"^^xsd:gYearMonth')  # a claim of 003.trig, its date


@pytest.mark.parametrize("literal, why, form", [
    ('"2024-13-45"^^xsd:date', "month 13 is not 01 to 12", "YYYY-MM-DD"),
    ('"2024-02-30"^^xsd:date', "February 2024 has 29 days", "YYYY-MM-DD"),
    ('"2024-00"^^xsd:gYearMonth', "month 00 is not 01 to 12", "YYYY-MM"),
    ('"2024-1"^^xsd:gYearMonth', "it is not written YYYY-MM in ASCII digits", "YYYY-MM"),
    ('"0000"^^xsd:gYear', "there is no year 0000", "YYYY"),
], ids=["month-13", "february-30", "month-00", "one-digit-month", "year-0"])
def test_impossible_date_is_reported_with_file_line_and_why(project_copy, tmp_path, literal, why, form):
    path = project_copy / "graph/sources/003.trig"
    within, needle = SUMMIT_DATE
    line = edit_line(path, needle, '"2025-06"^^xsd:gYearMonth', literal, within=within)

    stderr = failed_build(project_copy, tmp_path / "out")

    assert problem_lines(stderr) == [f"  graph/sources/003.trig:{line}: [date] claim:003/ca-summit-date: {literal} is "
                                     f"not a date: {why} (fix: write a date on the calendar as {form})"]


def test_impossible_date_in_a_real_process_is_one_line_without_rdflib_traceback(project_copy, tmp_path):
    within, needle = SUMMIT_DATE
    line = edit_line(project_copy / "graph/sources/003.trig", needle, '"2025-06"^^xsd:gYearMonth',
                     '"2024-02-30"^^xsd:date', within=within)
    env = {k: v for k, v in os.environ.items() if k not in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD")}

    proc = subprocess.run([sys.executable, "-m", "influencegraph", "build", "-q", "--root", str(project_copy),
                           "--output-dir", str(tmp_path / "out")], capture_output=True, text=True, env=env,
                          timeout=120)

    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error: 1 problem(s) in the input; nothing was written:",
        f'  graph/sources/003.trig:{line}: [date] claim:003/ca-summit-date: "2024-02-30"^^xsd:date is not a date: '
        "February 2024 has 29 days (fix: write a date on the calendar as YYYY-MM-DD)"]


def test_leap_day_is_a_date(project_copy):
    within, needle = SUMMIT_DATE
    edit_line(project_copy / "graph/sources/003.trig", needle, '"2025-06"^^xsd:gYearMonth', '"2024-02-29"^^xsd:date',
              within=within)

    assert influencegraph.validate(project_copy) == []


def test_identifier_declared_with_clashing_types_is_a_type_clash_naming_both_files(project_copy, tmp_path):
    edit_line(project_copy / "graph/sources/001.trig", "igr:australian-securities-exchange a ig:Company",
              "igr:australian-securities-exchange a", 'igr:kazakhstan a ig:Person ; skos:prefLabel "Kazakhstan"@en .\n'
              "  igr:australian-securities-exchange a")
    registry_line = line_starting(project_copy / "graph/entities.trig", "igr:kazakhstan a ig:State")

    stderr = failed_build(project_copy, tmp_path / "out")

    clashes = [p for p in problem_lines(stderr) if "[type-clash]" in p]
    assert len(clashes) == 1, stderr
    clash = clashes[0]
    assert clash.startswith(f"  graph/entities.trig:{registry_line}: [type-clash] igr:kazakhstan: ")
    assert "ig:Person" in clash and "ig:State" in clash
    assert "graph/entities.trig" in clash and "graph/sources/001.trig" in clash


def test_redeclaring_an_identifier_with_a_superclass_is_not_a_type_clash(project_copy):
    # ig:State is a subclass of ig:Actor: saying igr:kazakhstan is an actor agrees with the registry
    edit_line(project_copy / "graph/sources/001.trig", "igr:australian-securities-exchange a ig:Company",
              "igr:australian-securities-exchange a",
              "igr:kazakhstan a ig:Actor .\n  igr:australian-securities-exchange a")

    assert [p for p in influencegraph.validate(project_copy) if p.check == "type-clash"] == []


def test_derived_edge_written_by_hand_on_a_claim_is_refused(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    edit_line(path, "ig:partner igr:kazakhstan, igr:japan", "ig:partner", "ig:investsIn igr:japan ; ig:partner")
    claim_line = line_starting(path, "c002:kz-japan-partnership ")

    stderr = failed_build(project_copy, tmp_path / "out")

    derived = [p for p in problem_lines(stderr) if "[derived-asserted]" in p]
    assert len(derived) == 1, stderr
    assert derived[0].startswith(f"  {SOURCE_002}:{claim_line}: [derived-asserted] claim:002/kz-japan-partnership: "
                                 "ig:investsIn is a derived edge and may not be written by hand")


def test_derived_edge_written_by_hand_as_a_plain_statement_is_refused(project_copy, tmp_path):
    edit_line(project_copy / SOURCE_002, "src:002_329a89700164a7a5 {", "{",
              "{\n  igr:china ig:investsIn igr:kazakhstan .")

    stderr = failed_build(project_copy, tmp_path / "out")

    assert re.search(r"\[derived-asserted\] igr:china: ig:investsIn is a derived edge", stderr), stderr


def test_derived_edge_written_by_hand_is_located_in_the_file_that_writes_it(project_copy, tmp_path):
    line = edit_line(project_copy / SOURCE_002, "src:002_329a89700164a7a5 {", "{",
                     "{\n  igr:china ig:investsIn igr:kazakhstan .") + 1

    stderr = failed_build(project_copy, tmp_path / "out")

    assert f"{SOURCE_002}:{line}: [derived-asserted] igr:china" in stderr


def test_undeclared_property_is_reported(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    edit_line(path, "ig:partner igr:kazakhstan, igr:japan", "ig:partner", "ig:noSuchProperty 3 ; ig:partner")
    claim_line = line_starting(path, "c002:kz-japan-partnership ")

    stderr = failed_build(project_copy, tmp_path / "out")

    undeclared = [p for p in problem_lines(stderr) if "[undeclared]" in p]
    assert len(undeclared) == 1, stderr
    assert undeclared[0].startswith(f"  {SOURCE_002}:{claim_line}: [undeclared] claim:002/kz-japan-partnership: "
                                    "property ig:noSuchProperty is not declared")


# ---------------------------------------------------------------- i. validate

def test_validate_says_valid_and_exits_0_on_the_intact_project(project_copy):
    result = CliRunner().invoke(main, ["validate", "--root", str(project_copy)])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid")
    assert result.stderr == ""


def test_validate_exits_1_with_one_line_per_problem(project_copy):
    path = project_copy / SOURCE_002
    edit_line(path, "ig:partner igr:kazakhstan, igr:japan", "ig:partner", "ig:noSuchProperty 3 ; ig:partner")
    edit_zinc(path, "ig:source src:002_329a89700164a7a5 ; ", "")
    expected = influencegraph.validate(project_copy)
    assert {p.check for p in expected} >= {"undeclared", "shacl"}

    result = CliRunner().invoke(main, ["validate", "--root", str(project_copy)])

    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{len(expected)} problem(s):"
    assert lines[1:] == [f"  {p}" for p in expected]
    for line in lines[1:]:  # every line says where (file:line) and which check
        match = PROBLEM_LINE.match(line)
        assert match and match["file"] == SOURCE_002, line
    assert {int(PROBLEM_LINE.match(line)["line"]) for line in lines[1:]} == {
        line_starting(path, "c002:kz-japan-partnership "), line_starting(path, "c002:kz-zinc-reserves ")}


def test_validate_json_lists_problems_with_file_and_line(project_copy):
    import json

    line = edit_zinc(project_copy / SOURCE_002, "src:002_329a89700164a7a5 ;", "src:002_329a89700164a7a5")

    result = CliRunner().invoke(main, ["validate", "--root", str(project_copy), "--json"])

    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert len(problems) == 1
    assert problems[0]["file"] == SOURCE_002 and problems[0]["line"] == line and problems[0]["check"] == "syntax"


# ---------------------------------------------------------------- j. a previous build survives a failed one

@pytest.mark.parametrize("needle, old, new", [
    (ZINC_SOURCE_LINE, "src:002_329a89700164a7a5 ;", "src:002_329a89700164a7a5"),
    (ZINC_SOURCE_LINE, "ig:source src:002_329a89700164a7a5 ; ", ""),
], ids=["fails-parsing", "fails-shacl"])
def test_failed_build_leaves_the_previous_good_build_byte_identical(project_copy, tmp_path, needle, old, new):
    out = tmp_path / "out"
    runner = CliRunner()
    good = runner.invoke(main, ["build", "--root", str(project_copy), "--output-dir", str(out), "-q"])
    assert good.exit_code == 0, good.output
    assert dataset_files(out) == sorted(DATASET_FILES)
    before = snapshot(out)

    edit_line(project_copy / SOURCE_002, needle, old, new, within=ZINC)
    bad = runner.invoke(main, ["build", "--root", str(project_copy), "--output-dir", str(out), "-q"])

    assert bad.exit_code == 1, bad.output
    assert "nothing was written" in bad.stderr
    assert snapshot(out) == before  # same files (no temp files left), same bytes, not even rewritten


def test_failed_build_in_a_real_process_reports_and_writes_nothing(project_copy, tmp_path):
    line = edit_zinc(project_copy / SOURCE_002, "src:002_329a89700164a7a5 ;", "src:002_329a89700164a7a5")
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD")}

    proc = subprocess.run([sys.executable, "-m", "influencegraph", "build", "--root", str(project_copy),
                           "--output-dir", str(out)], capture_output=True, text=True, env=env, timeout=120)

    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "error: 1 problem(s) in the input; nothing was written:" in proc.stderr
    assert f"  {SOURCE_002}:{line}: [syntax] " in proc.stderr
    assert proc.stdout == ""
    assert not out.exists()


# ---------------------------------------------------------------- the Python API

def test_python_api_raises_input_error_whose_problems_carry_file_and_line(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    syntax_line = edit_zinc(path, "src:002_329a89700164a7a5 ;", "src:002_329a89700164a7a5")
    out = tmp_path / "out"

    with pytest.raises(InputError) as caught:
        influencegraph.build(root=project_copy, output_dir=out)

    assert influencegraph.InputError is InputError
    problems = caught.value.problems
    assert [(p.file, p.line, p.check) for p in problems] == [(SOURCE_002, syntax_line, "syntax")]
    assert all(isinstance(p, Problem) for p in problems)
    assert f"{SOURCE_002}:{syntax_line}: [syntax]" in str(caught.value)
    assert not out.exists()
    assert influencegraph.validate(project_copy) == problems  # validate reports instead of raising


def test_python_api_reports_every_integrity_problem_with_file_and_line(project_copy, tmp_path):
    path = project_copy / SOURCE_002
    edit_line(path, "ig:partner igr:kazakhstan, igr:japan", "igr:japan", "igr:no-such-entity")
    edit_line(path, "schema:value 6700000.0", "6700000.0", '"6700000.0"')

    with pytest.raises(InputError) as caught:
        influencegraph.build(root=project_copy, output_dir=tmp_path / "out")

    problems = caught.value.problems
    assert {p.check for p in problems} == {"dangling", "shacl"}
    assert all(p.file == SOURCE_002 and isinstance(p.line, int) and p.line > 0 for p in problems)
    dangling = [p for p in problems if p.check == "dangling"]
    assert [(p.line, p.focus) for p in dangling] == [
        (line_starting(path, "c002:kz-japan-partnership "), "claim:002/kz-japan-partnership")]
    assert problems == sorted(problems, key=lambda p: (p.file, p.line, p.check, p.message))
    assert not (tmp_path / "out").exists()


def test_api_functions_are_not_shadowed_by_their_submodules():
    code = ("import influencegraph, influencegraph.pipeline, influencegraph.formats, types; "
            "assert isinstance(influencegraph.build, types.FunctionType), influencegraph.build; "
            "assert isinstance(influencegraph.export, types.FunctionType), influencegraph.export")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
