"""The named-query library, the query API and CLI: documented, safe to parameterise, and the same in both engines."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from influencegraph.cli import main
from influencegraph.errors import QueryRefused, QuerySyntaxError, UnknownQuery
from influencegraph.sparql import library as lib
from influencegraph.sparql.guard import inspect

QUERIES = lib.library()
NAMES = list(QUERIES)


def normalise(result):
    """An engine-neutral, order-free form of a result: numbers by value, "; "-joined lists as sets."""
    if result.form == "ASK":
        return result.boolean
    if result.is_graph:
        return sorted({tuple(_value(t) for t in triple) for triple in result.triples}, key=repr)
    return sorted((tuple(_value(t) for t in row) for row in result.rows), key=repr)


def _value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", float(f"{float(value):.12g}"))
        text = str(term)
        if "; " in text:
            return ("list", tuple(sorted(text.split("; "))))
        return ("literal", text, term.language, str(term.datatype) if term.datatype else None)
    return (type(term).__name__, str(term))


# ----------------------------------------------------------------------------- the library
def test_library_has_the_analyst_questions():
    assert len(QUERIES) >= 20
    for q in QUERIES.values():
        assert q.description and len(q.description) > 20, q.name
        assert q.description[0].isupper() and q.description.endswith("."), q.name
        for p in q.parameters:
            assert p.doc and p.type in lib.PARAMETER_TYPES, (q.name, p)


@pytest.mark.parametrize("name", NAMES)
def test_named_query_passes_the_guard(name):
    info = inspect(QUERIES[name].text)
    assert info.form in ("SELECT", "ASK", "CONSTRUCT")          # DESCRIBE is engine-specific: not in the library
    assert not info.default_graphs and not info.named_graphs


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_every_named_query(kg, name):
    """rdflib (embedded default) and Oxigraph give the same answers, with the defaults and with nothing bound."""
    q = QUERIES[name]
    with_defaults = q.bindings(kg)
    rdflib_result = kg.query(q, raw=True)
    oxigraph_result = kg.query(q, engine="oxigraph", raw=True)
    assert len(rdflib_result) > 0, f"{name} answers nothing with its defaults {with_defaults}"
    assert normalise(rdflib_result) == normalise(oxigraph_result)
    if rdflib_result.form == "SELECT":
        assert rdflib_result.vars == oxigraph_result.vars
    unbound = {p.name: None for p in q.parameters}
    if unbound:
        from influencegraph.sparql.engines import run
        a = run(kg.dataset, q.text, {}, "rdflib")
        b = run(kg.dataset, q.text, {}, "oxigraph")
        assert normalise(a) == normalise(b)
        assert len(a) >= len(rdflib_result)


@pytest.mark.parametrize("name", [n for n in NAMES if any(p.default for p in QUERIES[n].parameters)])
def test_inline_values_bind_like_prebinding(kg, name):
    """The text the endpoint's page shows (VALUES block) answers like the pre-bound query."""
    q = QUERIES[name]
    text = q.inline(kg)
    assert text != q.text
    assert normalise(kg.query(text, raw=True)) == normalise(kg.query(q, raw=True))
    assert normalise(kg.query(text, engine="oxigraph", raw=True)) == normalise(kg.query(q, raw=True))


def test_parameter_values_cannot_change_the_query(kg):
    """A hostile string value is a literal, not query text: it matches nothing and injects nothing."""
    q = lib.parse("# Labels equal to a text.\n# @param text: string -- the text\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT ?s WHERE { ?s skos:prefLabel ?label . FILTER(STR(?label) = ?text) }", "t")
    assert len(kg.query(q, raw=True, text="Kazakhstan")) == 1
    for hostile in ('x") } UNION { ?s ?p ?o } #', "x' } ; DROP ALL ; #", "Kazakhstan\"@en . ?s ?p ?o"):
        assert len(kg.query(q, raw=True, text=hostile)) == 0
        assert hostile in q.inline(kg, text=hostile).replace('\\"', '"')
        assert len(kg.query(q.inline(kg, text=hostile), raw=True)) == 0


def test_unknown_parameters_and_bad_values_are_clear_errors(kg):
    q = QUERIES[NAMES[0]]
    with pytest.raises(QuerySyntaxError, match="no parameter"):
        q.bindings(kg, no_such_parameter="x")
    entity = next(p for n in NAMES for p in QUERIES[n].parameters if p.type == "entity")
    owner = next(QUERIES[n] for n in NAMES if entity in QUERIES[n].parameters)
    from influencegraph.errors import UnknownEntity
    with pytest.raises(UnknownEntity, match="Did you mean"):
        owner.bindings(kg, **{entity.name: "Kazakstan"})


def test_unknown_query_names_suggest_close_matches():
    with pytest.raises(UnknownQuery) as exc:
        lib.get(NAMES[0][:-1] + "x")
    assert NAMES[0] in exc.value.suggestions


def test_header_errors_name_the_line():
    with pytest.raises(QuerySyntaxError, match=r"q.rq:3: unknown parameter type 'colour'"):
        lib.parse("# A query.\n#\n# @param c: colour -- a colour\nSELECT ?c WHERE { ?s ?p ?c }", "q", "q.rq")
    with pytest.raises(QuerySyntaxError, match=r"q.rq:2: parameter 'x' is not a variable"):
        lib.parse("# A query.\n# @param x: string -- text\nSELECT ?c WHERE { ?s ?p ?c }", "q", "q.rq")


# ----------------------------------------------------------------------------- the guard
@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p 'SERVICE' }",
    'SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> { }""" }',
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?service }",
    "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> } # SERVICE <http://x/>",
    "SELECT * WHERE { ?s ?p _:b0 }",
])
def test_guard_ignores_keywords_that_are_not_keywords(text):
    assert inspect(text).form == "SELECT"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { sErViCe SILENT ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 'x' . SERVICE<http://x/>{} }",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/> SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }",
    "BASE <http://example.org/> SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
    "DELETE WHERE { ?s ?p ?o }",
])
def test_guard_refuses_updates_and_outbound_requests(kg, text):
    from influencegraph.sparql.engines import run
    with pytest.raises(QueryRefused):
        inspect(text, graphs={str(g.identifier) for g in kg.dataset.graphs()})
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(QueryRefused):
            run(kg.dataset, text, {}, engine)


def test_syntax_errors_have_line_and_column(kg):
    for engine in ("rdflib", "oxigraph"):
        with pytest.raises(QuerySyntaxError) as exc:
            kg.query("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }", engine=engine)
        assert exc.value.line == 3 and exc.value.column, engine
    with pytest.raises(QuerySyntaxError, match="line 2, column 20: undeclared prefix 'foo:'"):
        kg.query("SELECT *\nWHERE { ?s ?p ?o ; foo:x ?y }")


# ----------------------------------------------------------------------------- Python API
def test_query_returns_a_typed_dataframe(kg):
    import pandas as pd
    df = kg.query("""PREFIX ig: <https://w3id.org/influencegraph/ontology#>
        PREFIX schema: <https://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?investor ?amount ?paragraph ?start WHERE {
          ?c a ig:Investment ; ig:investor/skos:prefLabel ?investor ; ig:amount/schema:value ?amount ;
             ig:paragraph ?paragraph . OPTIONAL { ?c ig:periodStart ?start } }""")
    assert isinstance(df, pd.DataFrame) and len(df) > 5
    assert df["amount"].dtype == "float64"
    assert str(df["paragraph"].dtype) == "Int64"
    assert df["investor"].dtype == "string"
    assert isinstance(df["start"].dtype, (pd.PeriodDtype, pd.DatetimeTZDtype)) or df["start"].dtype.kind == "M"
    assert df["amount"].max() >= 12e9


def test_mixed_precision_dates_keep_their_precision():
    import pandas as pd
    from rdflib.namespace import XSD
    from influencegraph.sparql.results import QueryResult
    rows = [(Literal("2025-06-17", datatype=XSD.date),), (Literal("2025-06", datatype=XSD.gYearMonth),),
            (Literal("2024", datatype=XSD.gYear),), (None,)]
    df = QueryResult("SELECT", ["when"], rows).to_dataframe()
    assert df["when"].dtype.kind == "M"
    assert list(df["when_precision"].fillna("-")) == ["day", "month", "year", "-"]
    assert df["when"][2] == pd.Timestamp("2024-01-01")


def test_raw_results_keep_exact_terms(kg):
    result = kg.query("SELECT ?x WHERE { BIND(0.1 + 0.2 AS ?x) }", raw=True)
    assert result.rows[0][0].toPython() == Decimal("0.3")
    assert json.loads(result.serialize("json"))["results"]["bindings"][0]["x"]["value"] in ("0.3", "0.30")


def test_module_level_query_loads_the_project(root):
    import influencegraph
    df = influencegraph.query(NAMES[0], root=root)
    assert len(df) > 0


# ----------------------------------------------------------------------------- CLI
def run_cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_cli_lists_every_named_query_with_parameters():
    out = run_cli("query", "--list").output
    for q in QUERIES.values():
        assert q.name in out and q.description in out
        for p in q.parameters:
            assert f"--param {p.name}=<{p.type}>" in out
    listed = json.loads(run_cli("query", "--list", "--json").output)
    assert [q["name"] for q in listed] == NAMES


def test_cli_runs_a_named_query_in_each_format():
    name = NAMES[0]
    table = run_cli("query", name)
    assert table.exit_code == 0 and "rows)" in table.output
    as_json = json.loads(run_cli("query", name, "--format", "json").output)
    assert as_json["head"]["vars"] and as_json["results"]["bindings"]
    csv_out = run_cli("query", name, "--format", "csv").output
    assert csv_out.splitlines()[0].split(",") == as_json["head"]["vars"]
    tsv_out = run_cli("query", name, "--format", "tsv").output
    assert tsv_out.splitlines()[0].split("\t") == ["?" + v for v in as_json["head"]["vars"]]


def test_cli_reads_files_and_standard_input(tmp_path):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/influencegraph/ontology#Investment> }"
    path = tmp_path / "n.rq"
    path.write_text(query)
    from_file = run_cli("query", str(path), "-f", "csv").output
    from_stdin = run_cli("query", "-", "-f", "csv", input=query).output
    assert from_file == from_stdin and int(from_file.splitlines()[1]) > 10


def test_cli_errors_are_clear():
    r = CliRunner().invoke(main, ["query", NAMES[0][:-1] + "x"])
    assert r.exit_code == 2 and "Did you mean" in r.output and NAMES[0] in r.output
    r = CliRunner().invoke(main, ["query", "-"], input="SELECT * WHERE {\n ?s ?p }")
    assert r.exit_code == 2 and "line 2, column" in r.output
    r = CliRunner().invoke(main, ["query", "-"], input="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert r.exit_code == 2 and "SERVICE is not allowed" in r.output
    r = CliRunner().invoke(main, ["query", NAMES[0], "-p", "nonsense"])
    assert r.exit_code == 2 and "KEY=VALUE" in r.output


def test_cli_engines_print_the_same(root):
    outputs = []
    for engine in ("rdflib", "oxigraph"):
        proc = subprocess.run([sys.executable, "-m", "influencegraph", "query", NAMES[0], "-f", "csv",
                               "--engine", engine], capture_output=True, text=True, cwd=root, check=True)
        outputs.append(sorted(tuple(_number_or_text(cell) for cell in row)
                              for row in csv.reader(io.StringIO(proc.stdout))))
    assert outputs[0] == outputs[1]


def _number_or_text(cell: str):
    """CSV cells compared by value: the engines may write a decimal as 25000000000.0 or 25000000000."""
    try:
        return float(cell)
    except ValueError:
        return cell


def test_uris_in_tables_are_shortened(kg):
    result = kg.query("SELECT ?c WHERE { BIND(<https://w3id.org/influencegraph/id/kazakhstan> AS ?c) }", raw=True)
    assert "igr:kazakhstan" in result.serialize("table")
    assert result.rows[0][0] == URIRef("https://w3id.org/influencegraph/id/kazakhstan")


def test_cli_chooses_columns():
    q = next(q for q in QUERIES.values() if q.text.lstrip().count("SELECT") and len(
        json.loads(run_cli("query", q.name, "-f", "json").output)["head"]["vars"]) > 2)
    names = json.loads(run_cli("query", q.name, "-f", "json").output)["head"]["vars"]
    out = run_cli("query", q.name, "-f", "csv", "-c", f"{names[2]},{names[0]}").output
    assert out.splitlines()[0] == f"{names[2]},{names[0]}"
    r = CliRunner().invoke(main, ["query", q.name, "-c", "no_such_column"])
    assert r.exit_code == 2 and "the columns are" in r.output


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_project_prefixes_need_no_declaration(kg, engine):
    df = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a ig:Investment ; ig:hostCountry igr:kazakhstan . "
                  "ig:Investment rdfs:subClassOf ig:Claim }", engine=engine)
    assert int(df["n"][0]) > 10
