"""Capital, lead-partner and supply dependency, and the dependency report, against figures worked out by hand from
the seed texts (each expectation says where it comes from)."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import networkx as nx
import pytest

from influencegraph.analysis import capital, leads, supply
from influencegraph.analysis.dependency import dependency_profile
from influencegraph.analysis.projection import project
from influencegraph.errors import AnalysisError, UnknownEntity


@pytest.fixture(scope="module")
def G(kg):
    return project(kg)


@pytest.fixture(scope="module")
def profile(kg):
    return kg.dependency("Kazakhstan")


def paragraph(seeds, doc: str, n: int) -> str:
    path = next(seeds.glob(f"{doc}_*.txt"))
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[n - 1]


# ---------------------------------------------------------------------------- capital
def test_chinas_share_of_the_capital_listed_for_kazakh_copper_is_all_of_it(G, seeds):
    # 000 ¶13: China committed USD 7.5 bn to Kazakh copper in H1 2025, and China Non-Ferrous Metal's Aktogai smelter
    # (USD 1.5 bn) is one project of it: the smelter is left out as part of the 7.5 bn, so copper capital is
    # USD 7.5 bn, all of it Chinese: share 1.0, HHI 100^2 = 10,000.
    assert "7.5" in paragraph(seeds, "000", 13) and "1.5" in paragraph(seeds, "000", 13)
    sectors = capital.by_sector(capital.investments(G, "Kazakhstan"))
    copper = sectors[sectors.sector == "copper"].set_index("origin")
    assert list(copper.index) == ["People's Republic of China"]
    row = copper.loc["People's Republic of China"]
    assert row.capital_usd == 7.5e9 and row.share_of_sector == 1.0
    assert row.counted == ["china-kazakhstan-copper-investment-h1-2025 (2025-01 to 2025-06)"]
    assert row.left_out == ["aktogay-smelter-investment: part of china-kazakhstan-copper-investment-h1-2025"]
    conc = capital.concentration(sectors).set_index("sector")
    assert conc.loc["copper", "hhi"] == 10_000 and conc.loc["copper", "band"] == "highly concentrated"
    assert conc.loc["copper", "caveat"] == capital.CAVEAT
    assert "000 ¶13" in row.sources


def test_chinas_capital_adds_only_figures_that_do_not_contain_or_overlap_one_another(G, seeds):
    # Flows: USD 25.3 bn over 2005-2023 (004 ¶8) and USD 23 bn in H1 2025 (000 ¶2) do not overlap: USD 48.3 bn.
    # The 7.5 bn for copper and East Hope's 12 bn lie inside the 23 bn (003 ¶20); the smelter inside the 7.5 bn
    # (000 ¶13). The USD 50 bn total to June 2025 (004 ¶10) is a stock, never added to flows.
    for doc, n, figure in (("004", 8, "25.3"), ("000", 2, "23"), ("003", 20, "7.5"), ("003", 20, "12"),
                           ("004", 10, "50")):
        assert figure in paragraph(seeds, doc, n), (doc, n, figure)
    inv = capital.investments(G, "Kazakhstan")
    china = capital.by_origin(inv).set_index("origin").loc["People's Republic of China"]
    assert china.capital_usd == pytest.approx(48.3e9) and china.share == 1.0
    assert china.periods == ["2005 to 2023", "2025-01 to 2025-06"]
    assert (china.stock_usd, china.stock_as_of) == (50e9, "2025-06")
    left = dict(x.split(": ", 1) for x in china.left_out)
    assert left["east-hope-complex-investment"] == "part of china-kazakhstan-investment-h1-2025"
    assert "004 ¶10" not in china.capital_sources


def test_the_headline_prefers_the_total_most_sources_state_and_lists_the_others(G):
    # USD 23 bn in H1 2025 is stated by 000, 001 and 003; the 25.3 bn (004 ¶8) and the 50 bn stock (004 ¶10) by one.
    choice = capital.headline(capital.investments(G, "Kazakhstan"), "People's Republic of China")
    assert (choice["chosen"]["fact"], choice["chosen"]["usd"]) == ("china-kazakhstan-investment-h1-2025", 23e9)
    others = {a["fact"]: (a["usd"], a["kind"]) for a in choice["alternatives"]}
    assert others["china-total-investment-kazakhstan"] == (50e9, "stock")
    assert others["china-kazakhstan-investment-2005-2023"] == (25.3e9, "flow")


def test_a_figure_stated_by_several_sources_counts_once(G):
    inv = capital.investments(G, "Kazakhstan")
    east_hope = inv[inv.target == "East Hope aluminium complex in Kazakhstan"]
    assert len(east_hope) == 1 and east_hope.amount_usd.iloc[0] == 12e9
    assert {"000 ¶5", "002 ¶15", "003 ¶20"} <= set(east_hope.sources.iloc[0])
    assert not inv.fact.duplicated().any()
    # ... and under its most specific sector only (aluminium, not also non-ferrous metals)
    assert east_hope.sector.iloc[0] == "aluminium"


def test_as_of_keeps_only_what_was_known_by_then(kg):
    # Only the 2005-2023 total (USD 25.3 bn, 004 ¶8) was known by the end of 2024; the H1 2025 figures and the
    # undated project figures of sources published in 2025 were not.
    G2024 = project(kg, as_of="2024-12-31")
    origin = capital.by_origin(capital.investments(G2024, "Kazakhstan")).set_index("origin")
    assert origin.loc["People's Republic of China", "capital_usd"] == 25.3e9
    assert origin.loc["People's Republic of China", "counted"] == ["china-kazakhstan-investment-2005-2023 (2005 to 2023)"]


def test_hhi_of_two_partners_and_missing_or_zero_amounts():
    G = nx.MultiDiGraph(sector_broader={})
    for n, lab, c in [("kz", "Kazakhstan", "kz"), ("cn", "China", "cn"), ("ru", "Russia", "ru")]:
        G.add_node(n, label=lab, type="State", types=["State"], country=c)
    for n, c in [("a", "cn"), ("b", "ru"), ("z", "cn")]:
        G.add_node(n, label=n.upper(), type="Company", types=["Company"], country=c)
    for n in ("p", "q", "r", "s"):
        G.add_node(n, label=n, type="Mine", types=["Project"], country="kz")
    G.add_edge("a", "p", relation="investsIn", weight=300.0, measure="usd", sectors=["gold"], sources=[("000_a", 1)])
    G.add_edge("b", "q", relation="investsIn", weight=100.0, measure="usd", sectors=["gold"], sources=[("001_b", 2)])
    G.add_edge("z", "r", relation="investsIn", weight=0.0, measure="usd", sectors=["tin"], sources=[("000_a", 3)])
    G.add_edge("z", "s", relation="investsIn", weight=None, sectors=["lead"], sources=[("000_a", 4)])
    conc = capital.concentration(capital.by_sector(capital.investments(G, "kz"))).set_index("sector")
    # gold: shares 75% and 25% -> 75^2 + 25^2 = 6,250
    assert conc.loc["gold", "hhi"] == 6250 and conc.loc["gold", "largest_origin"] == "China"
    assert conc.loc["gold", "band"] == "highly concentrated"
    for sector in ("tin", "lead"):  # zero or missing amounts: listed, but no share to compute
        assert math.isnan(conc.loc[sector, "hhi"]) and conc.loc[sector, "band"] == "n/a"


# ---------------------------------------------------------------------------- lead partners, supply
def test_builders_of_kazakhstans_three_nuclear_plants_by_state(G, seeds):
    # 003 ¶25: Rosatom (Russia) leads the first plant; 003 ¶22: CNNC (China) the second and third.
    assert "Rosatom" in paragraph(seeds, "003", 25) and "China National Nuclear Corporation" in paragraph(seeds, "003", 22)
    roles = leads.project_roles(G, "Kazakhstan", sector="nuclear energy")
    lead = roles[roles.role == "lead"].set_index("project")
    assert dict(lead.actor_state) == {
        "Kazakhstan's first nuclear power plant": "Russia",
        "Kazakhstan's second nuclear power plant": "People's Republic of China",
        "Kazakhstan's third nuclear power plant": "People's Republic of China",
    }
    assert dict(lead.actor)["Kazakhstan's first nuclear power plant"] == "Rosatom"
    split = leads.by_state(roles).set_index("state")
    assert split.loc["People's Republic of China", "projects"] == 2
    assert split.loc["Russia", "share_of_projects"] == pytest.approx(1 / 3)


def test_refined_copper_imports_from_russia(G, seeds):
    # 002 ¶19: 81% of Kazakhstan's refined copper imports came from Russia in 2023.
    assert "81" in paragraph(seeds, "002", 19)
    deps = supply.supply_dependencies(G, "Kazakhstan", kinds=["import"])
    row = deps.iloc[0]
    assert (row.partner, row.what, row.share, row.date, row.sources) == (
        "Russia", "refined copper", 0.81, "2023", ["002 ¶19"])
    partners = supply.by_partner(supply.supply_dependencies(G, "Kazakhstan")).set_index("partner_state")
    assert partners.loc["Russia", "largest_share"] == 0.81
    assert partners.loc["People's Republic of China", "technology"] >= 2  # mineral and green technology


# ---------------------------------------------------------------------------- degenerate input
def test_unknown_country_suggests_close_names(G):
    with pytest.raises(UnknownEntity, match="Kazakhstan"):
        capital.investments(G, "Kazakstan")


def test_empty_graph_is_a_clear_error():
    with pytest.raises(AnalysisError, match="empty"):
        dependency_profile(nx.MultiDiGraph(), "Kazakhstan")


def test_a_country_with_no_ties_gives_empty_tables_not_errors(kg):
    profile = kg.dependency("Turkmenistan", scenarios=False)
    assert profile.country == "Turkmenistan"
    text = profile.to_markdown()
    assert text.startswith("# Dependency report: Turkmenistan")


# ---------------------------------------------------------------------------- the report
def test_every_table_row_and_summary_line_cites_a_footnote(profile):
    text = profile.to_markdown(charts=False) if "charts" in profile.to_markdown.__code__.co_varnames \
        else profile.report().to_markdown(charts=False)
    body, _, notes = text.partition("\n## Sources\n")
    defined = set(re.findall(r"^\[\^(\d+)\]: ", notes, re.M))
    used = set(re.findall(r"\[\^(\d+)\](?!:)", body))
    assert used and used == defined
    summary = body.split("## Summary", 1)[1].split("\n## ", 1)[0]
    for line in summary.strip().splitlines():
        assert re.search(r"\[\^\d+\]$", line), line
    in_tables = [line for line in body.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    headers = [line for line in in_tables if line.rstrip().endswith("| sources |")]
    assert headers
    cited_rows = [line for line in in_tables if line not in headers and "[^" in line]
    assert len(cited_rows) > 50


def test_centrality_table_names_countries_or_leaves_them_blank(profile):
    countries = profile.centrality["country"]
    assert "Kazakhstan" in set(countries) and "nan" not in set(countries.astype(str))


def test_who_matters_ranks_influence_and_says_so(kg, profile):
    # the stated-only network, influence ties only: China, Kazakhstan, Russia (see test_centrality); the summit
    # agreements, third on every relation, are not in the table's top ten
    table = profile.centrality
    assert list(table["label"][:3]) == ["People's Republic of China", "Kazakhstan", "Russia"]
    assert "Agreements signed at the second China–Central Asia Summit" not in set(table["label"])
    text = profile.report().to_markdown(charts=False)
    section = text[text.index("## Who matters in the network"):]
    assert section.index("What it measures: Ranked on influence ties (capital, project leadership, ownership, "
                         "supply, dependence, trade) that sources state as fact: ") < section.index("| label |")


def test_footnotes_name_the_document_and_paragraph(profile):
    text = profile.report().to_markdown(charts=False)
    note = re.search(r"^\[\^\d+\]: 002 ¶19 — (.+)$", text, re.M)
    assert note and "Eurasia Daily Monitor" in note.group(1) and note.group(1).endswith("paragraph 19.")


def test_html_report_is_self_contained_and_escapes_data():
    G = nx.MultiDiGraph(sector_broader={})
    G.add_node("kz", label="Kazakhstan", type="State", types=["State"], country="kz")
    G.add_node("x", label='<script>alert("x")</script>', type="State", types=["State"], country="x")
    G.add_node("p", label="<img src=x onerror=alert(1)>", type="Mine", types=["Project"], country="kz",
               sectors=["gold & <b>silver</b>"])
    G.add_edge("x", "p", relation="investsIn", weight=5e6, measure="usd", sources=[("000_a", 1)])
    G.add_edge("x", "p", relation="leads", sources=[("000_a", 1)])
    page = dependency_profile(G, "Kazakhstan", scenarios=False).to_html()
    assert "<script" not in page and "<img src=x" not in page and "<b>silver" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Content-Security-Policy" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert 'src="data:image/png;base64,' in page  # charts are embedded


def test_same_input_same_report(kg):
    a = kg.dependency("Kazakhstan").to_html()
    b = kg.dependency("Kazakhstan").to_html()
    assert a == b


def test_cli_writes_html_and_markdown_with_chart_files(tmp_path, root):
    html_path, md_path = tmp_path / "kz.html", tmp_path / "kz.md"
    for path in (html_path, md_path):
        run = subprocess.run([sys.executable, "-m", "influencegraph", "report", "dependency", "--country",
                              "Kazakhstan", "--output", str(path)], capture_output=True, text=True, cwd=root)
        assert run.returncode == 0, run.stderr
        assert "wrote" in run.stderr and "source footnotes" in run.stderr
        assert "capital invested in Kazakhstan" in run.stderr  # progress on the terminal
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    charts = sorted((tmp_path / "kz_files").glob("chart-*.png"))
    assert charts and all(p.read_bytes().startswith(b"\x89PNG") for p in charts)
    assert f"](kz_files/{charts[0].name})" in md_path.read_text(encoding="utf-8")


def test_cli_errors_are_clear(root):
    run = subprocess.run([sys.executable, "-m", "influencegraph", "report", "dependency", "--country", "Kazakstan",
                          "-q"], capture_output=True, text=True, cwd=root)
    assert run.returncode == 2 and "Did you mean: Kazakhstan" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "influencegraph", "report", "dependency", "--as-of", "last year",
                          "-q"], capture_output=True, text=True, cwd=root)
    assert run.returncode == 2 and "not a date" in run.stderr and "Traceback" not in run.stderr
