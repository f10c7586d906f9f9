"""No input makes a later command quadratic: huge literals, IRIs and RDF lists are refused when parsed.

Before the limits, a 3 MB ``ig:note`` passed the build and every later read of the build took ~30 s (rdflib's
N-Quads reader is quadratic in a line's length), and a 1,000-item RDF list made ``validate`` run for minutes.
Each case here is refused with one problem naming file, line, focus and limit, before SHACL runs, in a second or
two; the expected lines are counted by hand from the edited file.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from influencegraph.limits import (
    MAX_IRI_BYTES, MAX_LIST_ITEMS, MAX_LITERAL_BYTES, MAX_NQUADS_LINE_BYTES, check_terms,
)

NOTE = ('ig:note "Investment plus construction contracts across BRI countries; already above the full-year 2024 '
        'total." .')
CLAIM = "c000:bri-engagement-h1-2025 a ig:Measurement ;"
SOURCE = "graph/sources/000.trig"
QUICK = 20  # seconds: the refusals take one or two; the old behaviour took 30 s to minutes


def _replace_note(root: Path, replacement: str) -> str:
    path = root / SOURCE
    text = path.read_text(encoding="utf-8")
    assert text.count(NOTE) == 1
    path.write_text(text.replace(NOTE, replacement), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def _run(*args) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "influencegraph", *args], capture_output=True, text=True,
                          timeout=120)
    return proc, time.monotonic() - started


def _problem_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def test_a_3_mb_literal_is_refused_by_validate_with_file_line_and_limit(project_copy):
    text = _replace_note(project_copy, 'ig:note "' + "x" * 3_000_000 + '" .')
    proc, elapsed = _run("validate", "--root", str(project_copy))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    line = _line_of(text, 'ig:note "xxxx')
    assert _problem_lines(proc.stderr) == [
        f"{SOURCE}:{line}: [limit] claim:000/bri-engagement-h1-2025: a literal of 3000000 bytes exceeds the limit "
        f"of {MAX_LITERAL_BYTES} bytes (fix: shorten it, or keep the long text in a file the graph cites)"]
    assert elapsed < QUICK


def test_a_3_mb_literal_stops_the_build_before_anything_is_written(project_copy):
    _replace_note(project_copy, 'ig:note "' + "x" * 3_000_000 + '" .')
    proc, elapsed = _run("build", "--root", str(project_copy), "--quiet")
    assert proc.returncode == 1, proc.stderr
    assert "nothing was written" in proc.stderr and "a literal of 3000000 bytes" in proc.stderr
    assert not (project_copy / "build").exists()
    assert elapsed < QUICK


def test_a_1000_item_list_is_refused_by_validate_before_shacl(project_copy):
    items = " ".join(f'"item {i}"' for i in range(1000))
    text = _replace_note(project_copy, f"ig:note ( {items} ) .")
    proc, elapsed = _run("validate", "--root", str(project_copy))
    assert proc.returncode == 1, proc.stderr
    # the statement holding the list starts at the claim's line; no [shacl] or [undeclared] problem follows
    assert _problem_lines(proc.stderr) == [
        f"{SOURCE}:{_line_of(text, CLAIM)}: [limit] claim:000/bri-engagement-h1-2025: an RDF list of 1000 items "
        f"exceeds the limit of {MAX_LIST_ITEMS} (fix: shorten the list or state its items as separate statements)"]
    assert elapsed < QUICK


def test_a_long_list_in_the_catalogue_is_refused_too(project_copy):
    catalogue = project_copy / "seeds" / "catalogue.ttl"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text + "\nsrc:000_6032362c1ef78876 dcterms:subject ( "
                         + " ".join(f'"s{i}"' for i in range(200)) + " ) .\n", encoding="utf-8")
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    proc, elapsed = _run("validate", "--root", str(project_copy))
    assert proc.returncode == 1, proc.stderr
    first = next(n for n, line in enumerate(lines, 1) if line.startswith("src:000_6032362c1ef78876"))
    assert _problem_lines(proc.stderr) == [
        f"seeds/catalogue.ttl:{first}: [limit] src:000_6032362c1ef78876: an RDF list of 200 items exceeds the "
        f"limit of {MAX_LIST_ITEMS} (fix: shorten the list or state its items as separate statements)"]
    assert elapsed < QUICK


def test_every_offence_in_a_file_is_its_own_problem(project_copy):
    """A long literal inside a value node names the claim that holds it; two offences give two lines."""
    path = project_copy / SOURCE
    text = path.read_text(encoding="utf-8")
    value = 'schema:currency "USD" ]'
    assert value in text
    long_currency = "C" * (MAX_LITERAL_BYTES + 1)
    text = text.replace(value, f'schema:currency "{long_currency}" ]', 1)
    path.write_text(text.replace(NOTE, "ig:note ( " + "1 " * (MAX_LIST_ITEMS + 1) + ") ."), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    proc, _ = _run("validate", "--root", str(project_copy))
    assert proc.returncode == 1
    assert _problem_lines(proc.stderr) == [
        f"{SOURCE}:{_line_of(text, CLAIM)}: [limit] claim:000/bri-engagement-h1-2025: an RDF list of "
        f"{MAX_LIST_ITEMS + 1} items exceeds the limit of {MAX_LIST_ITEMS} (fix: shorten the list or state its "
        "items as separate statements)",
        f"{SOURCE}:{_line_of(text, 'CCCC')}: [limit] claim:000/bri-engagement-h1-2025: a literal of "
        f"{MAX_LITERAL_BYTES + 1} bytes exceeds the limit of {MAX_LITERAL_BYTES} bytes (fix: shorten it, or keep "
        "the long text in a file the graph cites)"]


def _check(turtle: str) -> list[str]:
    g = Graph().parse(data="@prefix ex: <http://example.org/> .\n" + turtle, format="turtle")
    return [p.message for p in check_terms(g, "x.ttl", turtle, lambda _term: None)]


def test_the_limits_are_inclusive_and_count_utf8_bytes():
    two_byte = "é"  # two bytes in UTF-8: the limit is on bytes, not characters
    at_limit = two_byte * (MAX_LITERAL_BYTES // 2)
    assert _check(f'ex:a ex:note "{at_limit}" .') == []
    assert _check(f'ex:a ex:note "{at_limit}{two_byte}" .') == [
        f"a literal of {MAX_LITERAL_BYTES + 2} bytes exceeds the limit of {MAX_LITERAL_BYTES} bytes"]
    assert _check("ex:a ex:items ( " + "1 " * MAX_LIST_ITEMS + ") .") == []
    assert _check("ex:a ex:items ( " + "1 " * (MAX_LIST_ITEMS + 1) + ") .") == [
        f"an RDF list of {MAX_LIST_ITEMS + 1} items exceeds the limit of {MAX_LIST_ITEMS}"]
    long_iri = "http://example.org/" + "i" * MAX_IRI_BYTES
    assert _check(f"ex:a ex:p <{long_iri}> .") == [
        f"an IRI of {len(long_iri)} bytes exceeds the limit of {MAX_IRI_BYTES} bytes"]


def test_lists_sharing_a_tail_and_cyclic_lists_are_measured_in_linear_time():
    g = Graph()
    cells = [BNode() for _ in range(5000)]
    for here, after in zip(cells, cells[1:] + [RDF.nil]):
        g.add((here, RDF.first, Literal(1)))
        g.add((here, RDF.rest, after))
    heads = [BNode() for _ in range(2000)]       # 2,000 lists of 5,001 items each, all ending in the same tail
    for head in heads:
        g.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), head))
        g.add((head, RDF.first, Literal(0)))
        g.add((head, RDF.rest, cells[0]))
    ring = [BNode() for _ in range(MAX_LIST_ITEMS)]   # a head, then cells whose rests go round in a ring
    for here, after in zip(ring, ring[1:] + [ring[1]]):
        g.add((here, RDF.first, Literal(2)))
        g.add((here, RDF.rest, after))
    started = time.monotonic()
    problems = check_terms(g, "x.ttl", "", lambda _term: None)
    assert time.monotonic() - started < 5
    # each of the 2,000 heads is a list of 5,001 items; the shared tail is no list of its own (it is a rest), and
    # the ring counts each of its cells once: 64 items, within the limit
    assert [p.message for p in problems] == [f"an RDF list of 5001 items exceeds the limit of {MAX_LIST_ITEMS}"] * 2000


def test_the_real_project_is_within_every_limit(root):
    """The ontology's owl:unionOf and the shapes' sh:in and sh:or lists are well under the list limit."""
    import influencegraph

    assert influencegraph.validate(root) == []


def test_loading_an_nquads_file_with_a_huge_statement_is_refused_quickly(tmp_path):
    """A dataset file given by a user (load(path), serve --dataset, push --dataset) is read by rdflib."""
    import influencegraph

    path = tmp_path / "big.nq"
    huge = '<http://example.org/a> <http://example.org/note> "' + "x" * 3_000_000 + '" <http://example.org/g> .'
    path.write_text('<http://example.org/a> <http://example.org/p> "small" <http://example.org/g> .\n'
                    + huge + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(influencegraph.InputError) as caught:
        influencegraph.load(path)
    assert time.monotonic() - started < 5
    assert str(caught.value) == (
        f"{path}:2: [limit] a statement of {len(huge)} bytes exceeds the limit of {MAX_NQUADS_LINE_BYTES} bytes "
        "for a line of N-Quads (fix: shorten its literal, or read the file into an Oxigraph store "
        '(store="oxigraph:FOLDER"))')
    for command in (["push", "--endpoint", "http://127.0.0.1:9/"], ["serve", "--port", "0", "--quiet"]):
        proc, elapsed = _run(*command, "--dataset", str(path))
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert f"{path}:2: [limit] a statement of {len(huge)} bytes" in proc.stderr
        assert elapsed < QUICK


def test_the_longest_literal_a_build_may_hold_reads_back_from_nquads(tmp_path):
    """Quotes and backslashes double in N-Quads: a literal at the limit still fits the loader's line limit."""
    import influencegraph
    from influencegraph.loading import new_dataset

    ds = new_dataset()
    text = '"\\' * (MAX_LITERAL_BYTES // 2)
    ds.graph(URIRef("http://example.org/g")).add(
        (URIRef("http://example.org/a"), URIRef("http://example.org/note"), Literal(text)))
    path = tmp_path / "at-limit.nq"
    path.write_bytes(ds.serialize(format="nquads", encoding="utf-8"))
    assert len(path.read_bytes()) > 2 * MAX_LITERAL_BYTES
    kg = influencegraph.load(path)
    assert [str(q[2]) for q in kg.dataset.quads((None, URIRef("http://example.org/note"), None, None))] == [text]
