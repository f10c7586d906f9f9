"""A host country's dependency profile: capital, lead partners, supply and trade, exposure by sector and partner
state, single points of failure, what-if scenarios for its main partners, and the caveats the sources raise.

This module only combines the analysis families (:mod:`.capital`, :mod:`.leads`, :mod:`.supply`,
:mod:`.failure`, :mod:`.scenarios`, :mod:`.centrality`, :mod:`.competition`); the report layer
(:mod:`influencegraph.report`) turns a :class:`DependencyProfile` into Markdown or HTML.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..vocab import NAME
from .common import find_node, is_a, label, merge_sources, require_nodes

log = logging.getLogger(__name__)

__all__ = ["DependencyProfile", "dependency_profile", "exposure", "CASCADE_ROUNDS"]

#: How far the report's what-if scenarios follow depends-on and supplies ties (further rounds reach actors far
#: from the host; :func:`~influencegraph.analysis.scenarios.remove` follows them all by default).
CASCADE_ROUNDS = 2

#: What turns a profile into a report (the report layer may import analysis; analysis names it by path only).
RENDERER = "influencegraph.report.builders:dependency_report"


@dataclass
class DependencyProfile:
    """Everything :func:`dependency_profile` found, as DataFrames (each with a ``sources`` column)."""

    country: str
    as_of: str | None
    investments: object
    capital_by_origin: object
    capital_by_sector: object
    concentration: object
    project_roles: object
    lead_partners: object
    supply: object
    supply_by_partner: object
    exposure: object
    single_points_of_failure: object = None
    scenarios: dict = field(default_factory=dict)
    centrality: object = None
    contested_sectors: object = None
    caveats: list = field(default_factory=list)
    catalogue: dict = field(default_factory=dict)

    def report(self):
        """The profile as a :class:`~influencegraph.report.document.Report`, built by the report layer's
        :data:`RENDERER` (found by its path, so that the analysis layer never imports the report layer)."""
        from ..registry import load
        return load(RENDERER)(self)

    def to_markdown(self, image_dir=None) -> str:
        """A Markdown report (charts as files in ``image_dir``, else embedded), numbered source footnotes."""
        return self.report().to_markdown(image_dir=image_dir)

    def to_html(self) -> str:
        """A self-contained HTML report (charts embedded, no external requests)."""
        return self.report().to_html()

    def save(self, path, fmt: str | None = None):
        """Write the report to ``path`` (format from ``fmt`` or the suffix: ``.md`` or ``.html``)."""
        return self.report().save(path, fmt)


def exposure(G, country: str, capital_by_sector=None, lead_partners=None, supply=None):
    """Per sector and foreign partner state: capital, projects it leads, and dependencies the sources state.

    Returns
    -------
    pandas.DataFrame
        ``sector, state, capital_usd, investments, projects_led, dependencies, largest_share, sources``; one row
        per sector and state with at least one of them. ``investments`` counts the investment facts listed (with
        or without an amount): where it is 0 the state has no capital listed there, where it is not and
        ``capital_usd`` is NaN the amount is unknown.
    """
    import pandas as pd

    from . import capital, leads
    from . import supply as supply_
    host = find_node(G, country)
    host_label = label(G, host)
    if capital_by_sector is None:
        capital_by_sector = capital.by_sector(capital.investments(G, country))
    if lead_partners is None:
        lead_partners = leads.by_state(leads.project_roles(G, country))
    if supply is None:
        supply = supply_.supply_dependencies(G, country, kinds=["dependency", "import"])
    cells: dict[tuple, dict] = {}

    def cell(sector, state):
        return cells.setdefault((sector, state), {"sector": sector, "state": state, "capital_usd": float("nan"),
                                                  "investments": 0, "projects_led": 0, "dependencies": 0,
                                                  "largest_share": float("nan"), "sources": []})
    for row in capital_by_sector.itertuples():
        if row.origin == host_label:
            continue
        c = cell(row.sector, row.origin)
        c["capital_usd"] = row.capital_usd
        c["investments"] += int(row.listed)
        c["sources"].append(row.sources)
    for row in lead_partners.itertuples():
        if row.state == host_label:
            continue
        c = cell(row.sector, row.state)
        c["projects_led"] += int(row.projects)
        c["sources"].append(row.sources)
    for row in supply[supply.kind == "dependency"].itertuples():
        if not row.partner_state or row.partner_state == host_label:
            continue
        for sector in (row.domain or "(no sector stated)").split("; "):
            c = cell(sector, row.partner_state)
            c["dependencies"] += 1
            if pd.notna(row.share) and not (c["largest_share"] >= row.share):
                c["largest_share"] = row.share
            c["sources"].append(row.sources)
    rows = [{**c, "sources": merge_sources(c["sources"])} for c in cells.values()]
    df = pd.DataFrame(rows, columns=["sector", "state", "capital_usd", "investments", "projects_led", "dependencies",
                                     "largest_share", "sources"])
    df = df.sort_values(["sector", "state"], kind="stable").reset_index(drop=True)
    df.attrs["host"] = host_label
    return df


def dependency_profile(G, country: str, kg=None, partners=None, top: int = 10,
                       scenarios: bool = True) -> DependencyProfile:
    """How dependent ``country`` is, on whom, in which sectors, and what breaks if a partner leaves.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (:func:`~influencegraph.analysis.projection.project`).
    country : str
        The host country.
    kg : KnowledgeGraph, optional
        Adds the caveats (conflicting sources) and the source catalogue for footnotes.
    partners : list of str, optional
        Partner states to run a what-if scenario for (default: every foreign state the profile names, at most
        three, largest first).
    top : int
        Rows of the centrality table.
    scenarios : bool
        Whether to run the what-if scenarios.

    Raises
    ------
    UnknownEntity
        For an unknown country, with suggestions.
    AnalysisError
        For an empty graph.
    """
    from . import capital, leads, supply
    require_nodes(G, "dependency report")
    host = find_node(G, country)
    name = label(G, host)
    log.info("capital invested in %s", name)
    inv = capital.investments(G, name)
    sectors = capital.by_sector(inv)
    origin = capital.by_origin(inv, sectors)
    conc = capital.concentration(sectors)
    log.info("lead partners by sector")
    roles = leads.project_roles(G, name)
    lead = leads.by_state(roles)
    log.info("supply and trade")
    deps = supply.supply_dependencies(G, name)
    by_partner = supply.by_partner(deps)
    profile = DependencyProfile(
        country=name, as_of=G.graph.get("as_of"), investments=inv, capital_by_origin=origin,
        capital_by_sector=sectors, concentration=conc, project_roles=roles, lead_partners=lead, supply=deps,
        supply_by_partner=by_partner, exposure=exposure(G, name, sectors, lead, deps))
    _optional(profile, G, name, host, partners, top, scenarios)
    if kg is not None:
        profile.caveats = _caveats(kg, G, host)
        from .catalogue import source_catalogue
        profile.catalogue = source_catalogue(kg)
    return profile


def _optional(profile, G, name, host, partners, top, scenarios):
    """Single points of failure, scenarios for the main partners, centrality and contested sectors."""
    from . import centrality, competition, failure
    from . import scenarios as what_if
    log.info("single points of failure")
    profile.single_points_of_failure = failure.single_points_of_failure(G, country=name)
    if scenarios:
        for state in partners if partners is not None else _main_partners(profile, host, G):
            log.info("what if every actor of %s left", state)
            profile.scenarios[state] = what_if.remove(G, state=state, country=name, rounds=CASCADE_ROUNDS)
    log.info("centrality")
    table = centrality.centrality(G, top=top)
    table["country"] = [label(G, c) if isinstance(c, str) and c else None for c in table["country"]]
    profile.centrality = table
    log.info("contested sectors")
    profile.contested_sectors = competition.contested_sectors(G, country=name)


def _main_partners(profile, host, G) -> list[str]:
    host_label = label(G, host)
    weight: dict[str, float] = {}
    for row in profile.exposure.itertuples():
        score = (row.capital_usd if row.capital_usd == row.capital_usd else 0) / 1e9 + row.projects_led \
            + row.dependencies
        weight[row.state] = weight.get(row.state, 0) + score
    ranked = sorted((s for s in weight if s != host_label), key=lambda s: (-weight[s], s))
    return ranked[:3]


def _caveats(kg, G, host) -> list[dict]:
    """Conflicts whose claims name the host, something in it, or a firm or body (not a whole state) tied to
    either."""
    from rdflib import URIRef
    inside = {host} | {n for n, d in G.nodes(data=True) if d.get("country") == host}
    near = set(inside)
    for u, v in G.edges():
        for a, b in ((u, v), (v, u)):
            if b in inside and not is_a(G, a, NAME.State):
                near.add(a)
    by_iri = {str(c.iri): c for c in kg.claims()}
    out = []
    for conflict in kg.conflicts():
        claims = [by_iri[i] for pos in conflict["positions"] for i in pos["claims"] if i in by_iri]
        named = {str(v) for c in claims for values in c.values.values() for v in values if isinstance(v, URIRef)}
        if named & near:
            out.append(conflict)
    return out
