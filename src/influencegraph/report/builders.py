"""The registered reports: ``dependency`` (a host country's profile), ``centrality`` (who matters in the
network) and ``scenario`` (what breaks if an actor or a state's actors leave). Each turns analysis results into a
:class:`~.document.Report`; no figure appears without its sources.
"""

from __future__ import annotations

from rdflib import URIRef

from ..analysis.catalogue import source_catalogue
from ..vocab import NAME
from . import charts
from .document import Report
from ..formatting import percent, quantity, usd, usd_range

__all__ = ["dependency_report", "country_dependency_report", "centrality_report", "scenario_report",
           "source_catalogue"]

_METHOD = ("Capital counts each fact once, however many sources state it, and only what sources state as fact. "
           "Totals follow one rule: flows over a period and stocks at a date are never added; a figure a source "
           "puts inside another, or that lies within a broader figure over an overlapping or unknown period, is "
           "left out (the tables say which and why); approximate figures carry their bounds. Shares and HHI are "
           "of the capital the sources list, not of all foreign investment.")


def _subtitle(as_of, catalogue) -> str:
    when = f"as of {as_of} (only what was agreed or announced by then)" if as_of else "all dates"
    return (f"{when}; from {len(catalogue)} source documents. Every figure carries a numbered footnote to the "
            f"document and paragraph that state it.")


# ---------------------------------------------------------------------------- dependency
def dependency_report(profile) -> Report:
    """A :class:`Report` of a :class:`~influencegraph.analysis.dependency.DependencyProfile`."""
    r = Report(f"Dependency report: {profile.country}", _subtitle(profile.as_of, profile.catalogue),
               catalogue=profile.catalogue)
    _summary(r.section("Summary"), profile)
    _exposure(r.section("Exposure by sector and partner state"), profile)
    _capital(r.section("Capital"), profile)
    _leads(r.section("Lead partners"), profile)
    _supply(r.section("Supply, trade and technology"), profile)
    if profile.single_points_of_failure is not None:
        s = r.section("Single points of failure")
        s.paragraph("Actors through which every chain of leadership or finance to a project passes: if one of "
                    "them leaves, the project is cut off.")
        s.table(profile.single_points_of_failure)
    for state, scenario in profile.scenarios.items():
        _scenario(r.section(f"What if every actor of {state} left"), scenario)
    if profile.centrality is not None and len(profile.centrality):
        _centrality(r.section("Who matters in the network"), profile.centrality)
    if profile.contested_sectors is not None and len(profile.contested_sectors):
        s = r.section("Contested sectors")
        s.paragraph(f"Sectors of {profile.country} where actors of two or more states operate.")
        s.table(profile.contested_sectors)
    _caveats(r.section("Caveats"), profile)
    return r


def _summary(s, p) -> None:
    items = []
    foreign = p.capital_by_origin[p.capital_by_origin.origin != p.country]
    for row in foreign.head(3).itertuples():
        items.extend(_headline(p, row))
    conc = p.concentration[p.concentration.total_usd.notna()].head(4)
    for row in conc.itertuples():
        items.append((f"{row.sector}: {usd(row.total_usd)} listed, {percent(row.largest_share)} from "
                      f"{row.largest_origin} (HHI {row.hhi:,.0f}, {row.band}; {row.caveat}).", row.sources))
    for sector, part in p.lead_partners.groupby("sector", sort=True):
        if sector.startswith("(") or part.state.nunique() < 2 and part.projects.sum() < 2:
            continue
        text = "; ".join(f"{r.state} leads {r.projects} ({', '.join(r.actors)})" for r in part.itertuples())
        total = int(part.projects.sum())
        items.append((f"Lead partners in {sector}: of {total} projects, {text}.",
                      sorted({x for c in part.sources for x in c})))
    shares = p.supply[p.supply.share.notna()]
    seen = set()
    for row in shares.itertuples():
        if (row.partner, row.share, row.date) in seen:
            continue
        seen.add((row.partner, row.share, row.date))
        items.append((_supply_tie(p.country, row) + (f" ({row.date})" if row.date else "") + ".", row.sources))
    tech = p.supply[p.supply.technology.astype(bool)]
    for partner, part in tech.groupby("partner_state", sort=True):
        ties = list(dict.fromkeys(_supply_tie(p.country, row, share=False) for row in part.itertuples()))
        items.append((f"Technology: {'; '.join(ties)}.", sorted({x for c in part.sources for x in c})))
    for state, scenario in p.scenarios.items():
        text = _scenario_headline(scenario)
        if text:
            items.append((f"If every actor of {state} left: {text[0]}", text[1]))
    if items:
        s.bullets(items)
    else:
        s.paragraph(f"The sources state no capital, leadership or supply tie of {p.country} in this graph.")


#: Supply kind (:data:`~influencegraph.analysis.supply.KINDS`) → the relation it reads as, the country first.
_SUPPLY_RELATIONS = {"import": NAME.importsFrom, "dependency": NAME.dependsOn, "supply": NAME.supplies,
                     "export market": NAME.exportsTo}


def _supply_tie(country: str, row, share: bool = True) -> str:
    """A row of the supply table in words, the direction right ("Kazakhstan is supplied arms by Russia")."""
    from ..analysis.ties import tie
    relation = _SUPPLY_RELATIONS.get(row.kind)
    what = [row.what] if isinstance(row.what, str) and row.what else []
    if relation is None:
        return f"{country} trades with {row.partner}" + (f" in {what[0]}" if what else "")
    if relation == NAME.exportsTo:                   # the partner is the market: the country provides
        return tie(row.partner, country, relation, what, row.share if share else None)
    return tie(country, row.partner, relation, what, row.share if share else None)


def _headline(p, row) -> list:
    """The summary's capital lines for one origin: the chosen total, its alternatives, and the rule's sum."""
    from ..analysis.capital import headline
    choice = headline(p.investments, row.origin)
    chosen, items = choice["chosen"], []
    if chosen is not None:
        others = "; ".join(f"{usd_range(a['low'], a['high'])} ({a['kind']}, {a['period']}; "
                           f"{', '.join(a['sources'])})" for a in choice["alternatives"])
        items.append((f"Capital from {row.origin}: {usd_range(chosen['low'], chosen['high'])} over "
                      f"{chosen['period']}, the total most sources state ({choice['rule']}). "
                      + (f"Other totals: {others}." if others else ""), chosen["sources"]))
    elif row.capital_usd == row.capital_usd:
        items.append((f"Capital from {row.origin}: {usd_range(row.capital_low_usd, row.capital_high_usd)} "
                      f"({'; '.join(row.periods)}), adding only figures that do not contain or overlap one another.",
                      row.capital_sources))
    if row.stock_usd == row.stock_usd and chosen is None:
        items.append((f"{row.origin}'s stock of investment: {usd(row.stock_usd)} as of {row.stock_as_of}.",
                      row.sources))
    return items


def _exposure(s, p) -> None:
    e = p.exposure
    if e.empty:
        s.paragraph("No foreign capital, lead role or stated dependency.")
        return
    s.paragraph(f"For each sector: the capital a partner state's actors put into {p.country} (unknown where "
                f"investments are listed without an amount), the projects they lead, and the dependencies the "
                f"sources state (with the largest share stated).")
    e = e.copy()
    e["capital_usd"] = e["capital_usd"].astype(object).where(e["investments"] > 0, "none listed")
    s.table(e, columns=["sector", "state", "capital_usd", "investments", "projects_led", "dependencies",
                        "largest_share"])


def _capital(s, p) -> None:
    s.paragraph(_METHOD)
    s.table(p.capital_by_origin, caption="Capital by origin state: flows added under the rule (share: of the capital "
                                         "the sources list only), and the latest stock; "
                                         "investments counts the investment facts stated as fact, with or without "
                                         "an amount, each once (as the query investments-in-country lists them)",
            columns=["origin", "capital_usd", "capital_low_usd", "capital_high_usd", "share", "periods",
                     "stock_usd", "stock_as_of", "investments"])
    s.table(p.capital_by_origin, caption="What each origin's flows add, and what they leave out and why",
            columns=["origin", "counted", "left_out"])
    s.chart(charts.barh(p.capital_by_origin.origin, p.capital_by_origin.capital_usd,
                        "Capital listed by origin state", "USD bn", scale=1e9),
            "Bar chart of capital by origin state", "Capital by origin state (USD bn).")
    with_amount = p.capital_by_sector[p.capital_by_sector.capital_usd.notna()]
    s.table(with_amount, caption="Capital by sector and origin state (share of sector: of the capital the sources "
                                 "list only)",
            columns=["sector", "origin", "capital_usd", "capital_low_usd", "capital_high_usd", "share_of_sector",
                     "counted", "left_out"])
    s.chart(charts.stacked_barh(with_amount, "sector", "origin", "capital_usd", "Capital by sector and origin state",
                                "USD bn", scale=1e9),
            "Stacked bar chart of capital by sector and origin state", "Capital by sector, stacked by origin state.")
    s.table(p.concentration, caption="Concentration per sector (HHI: 10,000 = a single partner state; shares of the "
                                     "capital the sources list only)",
            columns=["sector", "total_usd", "partners", "largest_origin", "largest_share", "hhi", "hhi_low",
                     "hhi_high", "band"])
    listed = p.investments[["investor", "origin", "target", "scope", "figure_kind", "sector", "kind", "amount_usd",
                            "low_usd", "high_usd", "date", "period_start", "period_end", "as_of", "part_of",
                            "sources"]]
    s.table(listed, caption=f"Every investment and commitment stated as fact: {len(listed)}, one row per fact, "
                            f"however many sources state it")


def _leads(s, p) -> None:
    if p.project_roles.empty:
        s.paragraph(f"No source names who leads, builds or operates a project in {p.country}.")
        return
    s.table(p.lead_partners, caption="Projects led per sector and state",
            columns=["sector", "state", "projects", "share_of_projects", "project_names", "actors"])
    s.table(p.project_roles, caption="Who leads, builds, operates or partners in each project",
            columns=["sector", "project", "role", "actor", "actor_state", "date"])


def _supply(s, p) -> None:
    if p.supply.empty:
        s.paragraph(f"No source states an import, supply or dependency of {p.country}.")
        return
    s.table(p.supply_by_partner, caption="Ties per partner state")
    supply = p.supply.copy()
    supply["tie"] = [_supply_tie(p.country, row) for row in supply.itertuples()]
    s.table(supply, caption="Imports, supplies, stated dependencies, export markets and trade, in words",
            columns=["tie", "kind", "partner_state", "technology", "amount_usd", "date"])


def _caveats(s, p) -> None:
    items = []
    for c in p.caveats:
        positions = "; ".join(f"{pos['source'][:3]} says {pos['value']}" for pos in c["positions"])
        cited = [f"{pos['source'][:3]} ¶{par}" for pos in c["positions"] for par in pos["paragraphs"]]
        apart = f", sides {c['spread']}{' ' + c['unit'] if c['unit'] else ''} apart" if c.get("spread") else ""
        items.append((f"Sources disagree on {c['fact']} ({c['property']}: {c['kind']}{apart}): {positions}. "
                      f"Both claims are kept.", cited))
    disputed = p.investments[p.investments.disputed.astype(bool)]
    for row in disputed.itertuples():
        items.append((f"The amount of {row.fact} differs between sources: "
                      f"{usd_range(row.low_usd, row.high_usd)}; totals carry the range.", row.sources))
    if items:
        s.bullets(items)
    else:
        s.paragraph("No source contradicts another on the facts used here.")


# ---------------------------------------------------------------------------- scenario
def _cited(frame) -> list[str]:
    if frame is None or "sources" not in getattr(frame, "columns", ()):
        return []
    from ..analysis.common import merge_sources
    return merge_sources(c or () for c in frame["sources"])


def _names(frame, column: str, most: int = 6) -> str:
    names = list(dict.fromkeys(str(x) for x in frame[column]))
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def _capital_line(total, projects) -> str:
    """What the project figures at risk add up to, saying which projects state no amount (unknown, not 0)."""
    unknown = projects[projects.usd.isna()] if "usd" in projects.columns else projects.iloc[0:0]
    known = len(projects) - len(unknown)
    missing = (f"{len(unknown)} more ({_names(unknown, 'target', 4)}) state{'s' if len(unknown) == 1 else ''} "
               f"no amount" if len(unknown) else "")
    if not known:
        return f"Capital at risk: unknown; no source states an amount for the {len(projects)} project figure(s)."
    return (f"Capital at risk: {'at least ' if len(unknown) else ''}{usd(total)} stated for {known} project "
            f"figure(s){'; ' + missing if missing else ''} (country totals overlap them and are listed, not added).")


def _scenario_lines(scenario) -> list[tuple[str, list]]:
    """The consequences in sentences, each citing the rows it sums up."""
    s, lines = scenario.summary, []
    lost = scenario.projects_losing_lead[scenario.projects_losing_lead.status == "lost"]
    if len(lost):
        lines.append((f"{len(lost)} project(s) lose their lead: {_names(lost, 'project')}.", _cited(lost)))
    unfunded = scenario.projects_losing_finance[scenario.projects_losing_finance.status == "lost"]
    if len(unfunded):
        lines.append((f"{len(unfunded)} project(s) lose their financing: {_names(unfunded, 'project')}.",
                      _cited(unfunded)))
    projects = scenario.capital_at_risk[scenario.capital_at_risk.level == "project"] \
        if "level" in scenario.capital_at_risk.columns else scenario.capital_at_risk
    if len(projects):
        lines.append((_capital_line(s.get("capital_at_risk_usd"), projects), _cited(projects)))
    cap = scenario.capacity_at_risk
    if len(cap) and "value" in cap.columns:
        with_value = cap[cap.value.notna()]
        parts = [f"{quantity(r.value, r.unit)} {r.commodity}" for r in with_value.itertuples()]
        if parts:
            lines.append(("Capacity at risk: " + "; ".join(parts) + ".", _cited(with_value)))
    sectors = scenario.sectors_without_partner
    if len(sectors):
        lines.append((f"Sectors left with no foreign partner: {_names(sectors, 'sector', 10)}.", _cited(sectors)))
    cascade = scenario.cascade
    if len(cascade):
        first = cascade[cascade["round"] == 1]
        ties = list(dict.fromkeys(first["tie"])) if len(first) else []
        more = f"; and {len(ties) - 4} more ties" if len(ties) > 4 else ""
        later = cascade[cascade["round"] > 1]
        beyond = (f" Further rounds reach {_names(later, 'actor')} through those who depend on them."
                  if len(later) else "")
        if ties:
            lines.append((f"Who depends on them: {'; '.join(ties[:4])}{more}.{beyond}", _cited(first)))
        else:
            lines.append((f"No one depends on them directly.{beyond}", _cited(later)))
    return lines


def _relations_in_words(frame):
    """``relation``/``relations`` cells as words: ``investsIn`` → ``invests in``."""
    import re
    words = lambda r: re.sub(r"(?<=[a-z])([A-Z])", r" \1", r).lower()  # noqa: E731
    out = frame
    for column in ("relation", "relations"):
        if column in frame.columns:
            out = out.copy() if out is frame else out
            out[column] = [[words(r) for r in c] if isinstance(c, list) else words(c) if isinstance(c, str) else c
                           for c in frame[column]]
    return out


_SCENARIO_CAPTIONS = {
    "cascade": "Cascade: who depends on a removed actor (round 1), or on one reached in the round before, and for "
               "what"}


def _scenario_headline(scenario):
    lines = _scenario_lines(scenario)
    if not lines:
        return None
    from ..analysis.common import merge_sources
    return " ".join(text for text, _c in lines[:3]), merge_sources(c for _t, c in lines[:3])


def _scenario(s, scenario) -> None:
    removed = scenario.removed
    if len(removed):
        s.paragraph(f"Removed: {_names(removed, 'actor', 12)}.", _cited(removed))
    lines = _scenario_lines(scenario)
    if lines:
        s.bullets(lines)
    else:
        s.paragraph("Nothing in the graph depends on them: no project loses its lead or financing, and no one "
                    "depends on them for supplies.")
    for name, frame in scenario.tables().items():
        if len(frame) and name != "removed":
            columns = ["round", "tie", "actor_state"] if name == "cascade" else None
            frame = _relations_in_words(frame)
            s.table(frame, caption=_SCENARIO_CAPTIONS.get(name, name.replace("_", " ").capitalize()),
                    columns=columns)


def _country_labels(table, name):
    """The ``country`` column as names rather than ids."""
    if table is None or "country" not in table.columns:
        return table
    out = table.copy()
    out["country"] = [name(c) if isinstance(c, str) and c else None for c in out["country"]]
    out.attrs.update(table.attrs)
    return out


def _centrality(s, table, top: int = 10) -> None:
    cols = [c for c in ("label", "type", "country", "in_degree", "out_degree", "pagerank", "betweenness",
                        "eigenvector", "closeness") if c in table.columns]
    head = table.head(top)
    methods = table.attrs.get("methods") or {}
    if table.attrs.get("ranked_on"):
        s.paragraph(f"What it measures: {table.attrs['ranked_on']}")
    if methods:
        s.paragraph("How: " + "; ".join(str(v) if str(v).lower().startswith(k.lower()) else f"{k}: {v}"
                                     for k, v in methods.items() if k not in ("nodes", "edges")) + ".")
    s.table(head, columns=cols, caption=f"Top {len(head)} by PageRank")
    if "pagerank" in head.columns:
        s.chart(charts.barh(head["label"], head["pagerank"], f"Top {len(head)} by weighted PageRank", "PageRank",
                            fmt="{:.3f}"), "Bar chart of the most central actors", "Weighted PageRank.")


# ---------------------------------------------------------------------------- registered reports
def country_dependency_report(kg, country: str = "Kazakhstan", as_of=None, **options):
    return kg.dependency(country, as_of=as_of, **options).report()


def centrality_report(kg, as_of=None, top: int = 20, relations=None, hedged: bool = False, **_options):
    """The most central actors: degree, PageRank, betweenness, eigenvector (or Katz), closeness; ranked on
    influence ties unless ``relations`` names others or is ``"all"``."""
    table = kg.centrality(as_of=as_of, relations=relations, hedged=hedged)
    table = _country_labels(table, lambda iri: kg.label(URIRef(iri)))
    sources = source_catalogue(kg)
    r = Report("Centrality: who matters in the network", _subtitle(as_of, sources), catalogue=sources)
    s = r.section("Most central")
    s.paragraph("Centrality is computed on the projected network (edges are sourced claims); the scores are "
                "written to the named graph igg:centrality, so SPARQL queries can use them.")
    _centrality(s, table, top)
    return r


def scenario_report(kg, remove=(), state=None, country=None, as_of=None, hedged: bool = False, **_options):
    """What breaks if the actors ``remove`` (names), or every actor of ``state``, leave."""
    scenario = kg.scenario(remove=remove, state=state, country=country, as_of=as_of, hedged=hedged)
    who = ", ".join([*(remove or ()), *([f"every actor of {state}"] if state else [])])
    sources = source_catalogue(kg)
    where = f": the consequences for {kg.label(kg.resolve(country))}" if country else ""
    r = Report(f"What if {who} left{where}", _subtitle(as_of, sources), catalogue=sources)
    _scenario(r.section("Consequences"), scenario)
    return r
