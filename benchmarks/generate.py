"""Generate a synthetic influencegraph project of a given size, for benchmarks at scale.

    python benchmarks/generate.py --triples 100000 [--seed 1] --out OUT [--force] [--build]
    python benchmarks/generate.py --preset 10k|100k|1m --out OUT

``OUT`` gets what the real pipeline reads, unchanged: ``ontology/`` (copied), ``seeds/catalogue.ttl`` (one synthetic
document per source; no seed texts), ``graph/entities.trig`` (the registry: states, places, commodities, bodies,
banks, companies, people, projects, agreements, events, measures) and ``graph/sources/NNN.trig`` (one named graph
per source: mentions, and claims with source, paragraph, fact key and value nodes). ``--triples`` counts the built
dataset (``OUT/build/influencegraph.nq``, ontology and derived edges included); every kind of entity and claim grows
linearly with it. ``State 001`` to ``State 005`` are the host countries; ``State 001`` (:data:`HOST`) gets the most
projects, from companies of many origin states (``State 006`` has the most). About 14% of the facts are stated again
by a later source, some 15% of those with another figure or date (a conflict). The same ``--seed`` and size give
byte-identical files. From Python (a benchmark runner can import this file)::

    summary = generate("/tmp/ig-100k", 100_000, seed=1)
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
import time
from collections import deque
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOST = "State 001"
#: Other names of three entities, so that the query library's default parameters resolve in a synthetic project.
ALIASES = {"state-001": "Kazakhstan", "state-006": "People's Republic of China", "company-00001": "East Hope Group"}
#: The host each source is about, in turn (index into the five hosts): State 001 every other source.
TOPIC_CYCLE = [0, 1, 0, 2, 0, 3, 0, 4]
PRESETS = {"10k": 10_000, "100k": 100_000, "1m": 1_050_000}
#: Built triples ~ FIXED_TRIPLES + TRIPLES_PER_SOURCE * sources (fitted on builds of 1 to 900 sources).
FIXED_TRIPLES, TRIPLES_PER_SOURCE = 2_400, 1_152
#: What the build adds to the triples written (ontology, derived types and edges): fixed, per claim, per entity;
#: fitted when ontology/influence.ttl held ``FITTED_ONTOLOGY`` triples (the estimate adds what it has grown since).
BUILD_ADDS = (1_215, 1.98, 6.33)
FITTED_ONTOLOGY = 1_709
PROJECTS_PER_SOURCE, COMPANIES_PER_SOURCE, PERSONS_PER_SOURCE = 5, 6, 3
RESTATE_RATE, CONFLICT_RATE = 0.14, 0.15
BASE = "https://w3id.org/influencegraph/"
NS = {"ig": BASE + "ontology#", "igr": BASE + "id/", "igg": BASE + "graph/", "src": BASE + "source/",
      "fact": BASE + "fact/", "skos": "http://www.w3.org/2004/02/skos/core#", "schema": "https://schema.org/",
      "xsd": "http://www.w3.org/2001/XMLSchema#", "dcterms": "http://purl.org/dc/terms/"}
#: (class, name, sector, commodity produced or None, unit, production kind)
PROJECT_KINDS = [
    ("Mine", "copper mine", "CopperSector", "copper-concentrate", "TNE", "AnnualOutput"),
    ("Mine", "tungsten mine", "TungstenSector", "tungsten-ore", "TNE", "AnnualOutput"),
    ("Mine", "gold mine", "MetalsAndMiningSector", "gold", "TNE", "AnnualOutput"),
    ("Smelter", "copper smelter", "CopperSector", "copper-cathode", "TNE", "AnnualCapacity"),
    ("ElectrolysisPlant", "aluminium plant", "AluminiumSector", "aluminium", "TNE", "AnnualCapacity"),
    ("Refinery", "zinc refinery", "NonFerrousMetalsSector", "zinc", "TNE", "AnnualCapacity"),
    ("ProcessingPlant", "lithium plant", "LithiumSector", "lithium", "TNE", "AnnualThroughput"),
    ("Deposit", "rare-earth deposit", "CriticalMineralsSector", "rare-earths", "TNE", "AnnualOutput"),
    ("CoalPowerPlant", "coal power station", "FossilFuelSector", "electricity", "MAW", "PowerCapacity"),
    ("NuclearPowerPlant", "nuclear power plant", "NuclearEnergySector", "electricity", "MAW", "PowerCapacity"),
    ("PowerPlant", "wind farm", "RenewableEnergySector", "electricity", "MAW", "PowerCapacity"),
    ("PumpedStoragePowerPlant", "pumped-storage station", "GreenEnergySector", "electricity", "MAW", "PowerCapacity"),
    ("TransmissionLine", "transmission line", "PowerGridSector", "electricity", "KWH", "AnnualThroughput"),
    ("CoalGasificationPlant", "coal gasification plant", "FossilFuelSector", "natural-gas", "TNE", "AnnualCapacity"),
    ("ResearchProgramme", "hydrogen programme", "HydrogenSector", "hydrogen", "TNE", "AnnualOutput"),
    ("IndustrialPark", "industrial park", "ManufacturingSector", None, None, None),
    ("TransportCorridor", "rail corridor", "TransportSector", None, None, None)]
#: Commodity slugs (label: the slug with spaces; ``>`` names the broader commodity), then ig:Technology slugs.
COMMODITIES = ("copper copper-concentrate>copper copper-cathode>copper refined-copper>copper aluminium alumina "
               "bauxite zinc lead gold tungsten tungsten-ore>tungsten lithium rare-earths uranium coal oil natural-gas "
               "electricity hydrogen wheat fertiliser").split()
TECHNOLOGIES = ["mineral-technology", "grid-technology", "high-tech-products"]
GOODS = [c.split(">")[0] for c in COMMODITIES] + TECHNOLOGIES
SECTORS = sorted({k[2] for k in PROJECT_KINDS} | {"TradeSector", "EnergySector", "DigitalSector", "FinanceSector",
                                                  "AgricultureSector", "SecuritySector", "DiplomacySector"})
STATUSES = ["StatusProposed", "StatusAnnounced", "StatusPlanned", "StatusAgreed", "StatusContractAwarded",
            "StatusUnderConstruction", "StatusOperational"]
INDICATORS = ["InvestmentProjectCount", "AgreementCount", "ExportRevenue", "CumulativeBRIInvestment"]
TITLES = {"company": ["Chairman", "General Director", "Chief Executive"], "gov": ["Minister", "Deputy Minister"],
          "publisher": ["Senior Fellow", "Editor"]}
_SYLLABLES = "ka ra tan mor bel sar dan lin qi zhu tor vel nur ash gor min tal ser yun bek ol zha em ar".split()


def _name(rng: random.Random) -> str:
    """A pronounceable synthetic name."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _money(value: float, unit: str | None = None) -> str:
    """A value node: a USD amount, or with ``unit`` (a UN/CEFACT code) a quantity."""
    if unit:
        return f'[ a schema:QuantitativeValue ; schema:value {int(value)}.0 ; schema:unitCode "{unit}" ]'
    return f'[ a schema:MonetaryAmount ; schema:value {int(value)}.0 ; schema:currency "USD" ]'


def _month(rng: random.Random) -> str:
    return f'"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}"^^xsd:gYearMonth'


def _year(year: int) -> str:
    return f'"{year}"^^xsd:gYear'


def _text(text: str, lang: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _igr(slug: str) -> str:
    return f"igr:{slug}"


# ------------------------------------------------------------------------------------------ the registry
class World:
    """The entities of ``n`` sources: ``entities`` lists ``(slug, class, properties)`` in the order written;
    ``country`` maps a slug to its home (or host) state, ``labels`` to its label, ``kind`` a project to its kind."""

    def __init__(self, n: int, rng: random.Random):
        self.n, self.rng, self.entities, self.labels, self.country, self.kind = n, rng, [], {}, {}, {}
        states = [self._add(f"state-{i:03d}", "State", f"State {i:03d}", code=i - 1)
                  for i in range(1, max(20, min(60, 20 + n // 15)) + 1)]
        self.hosts, self.origins = states[:5], states[5:]
        weights = [1 / (r + 1) for r in range(len(self.origins))]  # Zipf: a few origins dominate
        self.origin = lambda: rng.choices(self.origins, weights)[0]
        self.regions = [self._add(f"region-{i}", "Region", f"Region {i}") for i in range(1, 4)]
        self.areas = {h: [self._add(f"{h}-area-{k}", "AdministrativeArea", f"{self.labels[h]} Region {k}", h, h)
                          for k in range(1, 5)] for h in self.hosts}
        self.cities = {s: self._add(f"{s}-capital", "City", f"Capital of {self.labels[s]}", s, s) for s in states}
        for slug, _, broader in (item.partition(">") for item in COMMODITIES + TECHNOLOGIES):
            self._add(slug, "Technology" if slug in TECHNOLOGIES else "Commodity", slug.replace("-", " "),
                      **({"skos:broader": [_igr(broader)]} if broader else {}))
        self.govs = {s: self._add(f"{s}-government", "GovernmentBody", f"Government of {self.labels[s]}", s)
                     for s in states}
        self.igos = [self._add(f"igo-{i:03d}", "IntergovernmentalOrganisation", f"{_name(rng)} Organisation {i:03d}")
                     for i in range(1, n // 40 + 4)]
        self.publishers = [self._add(f"pub-{i:03d}", rng.choice(["MediaOutlet", "ThinkTank", "ResearchInstitute"]),
                                     f"{_name(rng)} Review {i:03d}", rng.choice(states)) for i in range(1, n // 8 + 4)]
        self.banks = [self._add(f"bank-{i:03d}", "Bank", f"{_name(rng)} Bank {i:03d}", self.origin())
                      for i in range(1, n // 2 + 4)]
        self.banks += [self._add(f"dfi-{i:02d}", "DevelopmentFinanceInstitution", f"{_name(rng)} Development Bank {i}")
                       for i in range(1, n // 20 + 3)]
        sectors = ["Mining", "Metals", "Energy", "Power", "Construction", "Resources", "Engineering"]
        self.companies = [self._add(f"company-{i:05d}", "Company", f"{_name(rng)} {rng.choice(sectors)} {i:05d}",
                                    rng.choice(self.hosts) if rng.random() < 0.15 else self.origin())
                          for i in range(1, COMPANIES_PER_SOURCE * n + 8)]
        self.persons = [self._add(f"person-{i:05d}", "Person", f"{_name(rng)} {_name(rng)} {i:05d}", rng.choice(states))
                        for i in range(1, PERSONS_PER_SOURCE * n + 6)]
        self.topics = [self.hosts[TOPIC_CYCLE[i % len(TOPIC_CYCLE)]] for i in range(n)]
        self.projects = [self._project(i, self.topics[(i - 1) // PROJECTS_PER_SOURCE])
                         for i in range(1, PROJECTS_PER_SOURCE * n + 1)]
        kinds = ["Agreement", "Memorandum", "Contract", "PowerPurchaseAgreement", "Treaty"]
        self.agreements = [self._add(f"agreement-{i:04d}", rng.choice(kinds), f"Agreement {i:04d}")
                           for i in range(1, n + 3)]
        self.events = [self._add(f"event-{i:04d}", rng.choice(["Summit", "Forum", "Convention", "Ceremony"]),
                                 f"{_name(rng)} meeting {i:04d}") for i in range(1, n // 2 + 3)]
        self.measures = [self._add(f"measure-{i:03d}", rng.choice(["Tariff", "AntiDumpingDuty", "Sanctions"]),
                                   f"Trade measure {i:03d}") for i in range(1, n // 25 + 4)]
        props = {slug: p for slug, _cls, p in self.entities}
        for slug, alias in ALIASES.items():
            props[slug]["skos:altLabel"] = [_text(alias)]

    def _add(self, slug: str, cls: str, label: str, country: str | None = None, within: str | None = None,
             code: int | None = None, **extra) -> str:
        props = {"skos:prefLabel": [_text(label)], **extra}
        if country:
            props["ig:country"] = [_igr(country)]
        if within:
            props["ig:locatedIn"] = [_igr(within)]
        if code is not None:
            alpha2 = chr(65 + code // 26 % 26) + chr(65 + code % 26)
            props.update({"ig:iso3166Alpha2": [f'"{alpha2}"'], "ig:iso3166Alpha3": [f'"X{alpha2}"']})
        self.entities.append((slug, cls, props))
        self.labels[slug], self.country[slug] = label, (slug if cls == "State" else country)
        return slug

    def _project(self, i: int, topic: str) -> str:
        rng = self.rng
        host = topic if rng.random() < 0.85 else rng.choice(self.hosts)
        kind = rng.randrange(len(PROJECT_KINDS))
        slug = self._add(f"project-{i:05d}", PROJECT_KINDS[kind][0], f"{_name(rng)} {PROJECT_KINDS[kind][1]} {i:05d}",
                         host, rng.choice(self.areas[host]))
        self.kind[slug] = kind
        return slug


# ------------------------------------------------------------------------------------------ claims
def _claim(kind: str, **props) -> tuple[str, dict]:
    """A claim: its class and its properties (``ig:`` local name -> list of Turtle objects); None is left out. A
    claim with an amount or quantity says what it measures, as the shapes require (:func:`_figure`)."""
    if props.get("amount") is not None or props.get("quantity") is not None:
        props = {**_figure(kind, props), **props}
    return kind, {k: v if isinstance(v, list) else [v] for k, v in props.items() if v is not None}


def _figure(kind: str, props: dict) -> dict:
    """Figure kind and scope as a curator would give them: reserves are a stock at a date; a figure on a
    project (or a signing, production) covers the project; one naming a sector covers the sector; else the
    country."""
    if kind == "Reserves":
        return {"figureKind": "ig:StockFigure", "figureScope": "ig:CountryScope", "asOf": _year(2025)}
    if props.get("target") or kind in ("Production", "Signing", "Financing"):
        scope = "ig:ProjectScope"
    elif props.get("sector"):
        scope = "ig:SectorScope"
    else:
        scope = "ig:CountryScope"
    return {"figureKind": "ig:FlowFigure", "figureScope": scope}


def _distinct(first: str, draw, k: int = 2) -> list[str]:
    """``first`` and further draws until there are ``k`` different ones, as sorted ``igr:`` names."""
    chosen = {first}
    while len(chosen) < k:
        chosen.add(draw())
    return [_igr(x) for x in sorted(chosen)]


def _project_claims(w: World, rng: random.Random, p: str) -> list:
    """Who invests in, finances, leads, builds and runs project ``p``; where it is, what it makes."""
    _cls, word, sector, good, unit, kind = PROJECT_KINDS[w.kind[p]]
    kind = f"ig:{kind}"
    host, company = w.country[p], lambda: rng.choice(w.companies)
    lead, amount, share = company(), rng.lognormvariate(20, 1.1), rng.choice([1.0, 1.0, 0.51, 0.6, 0.7, 0.85])
    start, ids = rng.randint(2015, 2024), {"target": _igr(p), "hostCountry": _igr(host), "sector": f"ig:{sector}"}
    out = [_claim("Investment", investor=_igr(lead), **ids, amount=_money(amount * share), share=f"{share:.2f}",
                  periodStart=_year(start), periodEnd=_year(min(2025, start + rng.randint(1, 6)))),
           _claim("ProjectRole", actor=_igr(lead), project=_igr(p), role="ig:LeadRole", date=_month(rng)),
           _claim("Location", subject=_igr(p), place=_igr(host), locationKind="ig:HostLocation")]
    if share < 1:
        out.append(_claim("Investment", investor=_igr(company()), **ids, amount=_money(amount * (1 - share)),
                          share=f"{1 - share:.2f}", date=_month(rng)))
    role = lambda r: _claim("ProjectRole", actor=_igr(company()), project=_igr(p), role=f"ig:{r}")  # noqa: E731
    maybe = [
        (0.4, lambda: _claim("Financing", financier=_igr(rng.choice(w.banks)), target=_igr(p), sector=ids["sector"],
                             amount=_money(amount * rng.uniform(0.2, 0.8)), date=_month(rng))),
        (0.55, lambda: role("BuilderRole")), (0.05, lambda: role("ContractorRole")),
        (0.2, lambda: role("OperatorRole")),
        (0.5, lambda: _claim("Location", subject=_igr(p), place=_igr(rng.choice(w.areas[host])),
                             locationKind="ig:SiteLocation")),
        (0.7, lambda: _claim("Description", subject=_igr(p), status=f"ig:{rng.choice(STATUSES)}", sector=ids["sector"],
                             date=_month(rng), note=_text(f"Status of the {word} as the source reports it."))),
        (0.75 if good else 0, lambda: _claim("Production", producer=_igr(p), commodity=_igr(good),
                                             productionKind=kind, quantity=_money(rng.lognormvariate(11, 1.5), unit))),
        (0.5 if good else 0, lambda: _claim("Supply", supplier=_igr(lead), commodity=_igr(good),
                                            recipient=_igr(host if rng.random() < 0.7 else rng.choice(w.origins)))),
        (0.2, lambda: _claim("JobCreation", project=_igr(p), jobs=str(rng.randint(50, 5000)))),
        (0.3, lambda: _claim("Signing", agreement=_igr(rng.choice(w.agreements)), party=[_igr(host), _igr(lead)],
                             signatory=[_igr(x) for x in rng.sample(w.persons, 2)], target=_igr(p),
                             date=_month(rng), amount=_money(amount))),
        (0.15, lambda: _claim("Partnership", partner=_distinct(lead, company), target=_igr(p), domain=ids["sector"]))]
    return out + [make() for chance, make in maybe if rng.random() < chance]


def _country_claims(w: World, rng: random.Random, h: str) -> list:
    """What a source says about host ``h`` and the states it deals with: capital, dependency, trade, rivalry."""
    origin, sector = w.origin, lambda: f"ig:{rng.choice(SECTORS)}"
    good, year = lambda: _igr(rng.choice(GOODS)), lambda: _year(rng.randint(2015, 2025))
    share = lambda: f"{rng.uniform(0.05, 0.95):.2f}"  # noqa: E731
    cited = lambda: _igr(rng.choice(w.publishers)) if rng.random() < 0.3 else None  # noqa: E731
    o, start = origin(), rng.randint(2015, 2024)
    period = {"periodStart": f'"{start}-01"^^xsd:gYearMonth', "periodEnd": f'"{start}-12"^^xsd:gYearMonth'}
    out = [_claim("Investment", investor=_igr(o), hostCountry=_igr(h), amount=_money(rng.lognormvariate(22, 1)),
                  **period, note=_text("Total over the year, all sectors.")),
           _claim("Investment", investor=_igr(o), hostCountry=_igr(h), sector=sector(),
                  amount=_money(rng.lognormvariate(21, 1)), **period),
           _claim("Membership", member=_igr(rng.choice([h, o])), organisation=_igr(rng.choice(w.igos))),
           _claim("Export", reporter=_igr(h), partner=_igr(origin()), commodity=good()),
           _claim("BilateralTrade", partner=[_igr(h), _igr(origin())], amount=_money(rng.lognormvariate(22, 1)),
                  date=_year(start)),
           _claim("Announcement", actor=_igr(w.govs[h]), target=_igr(rng.choice(w.projects))),
           _claim("Reserves", holder=_igr(h), commodity=good(), quantity=_money(rng.lognormvariate(13, 2), "TNE"),
                  worldRank=str(rng.randint(1, 30))),
           _claim("Supply", supplier=_igr(origin()), recipient=_igr(h), commodity=good())]
    out += [_claim("Dependency", dependent=_igr(h), dependee=_igr(origin()), purpose=good(), domain=sector(),
                   share=share() if rng.random() < 0.6 else None, date=year(), attributedTo=cited())
            for _ in range(3)]
    for _ in range(2):
        out += [_claim("Import", reporter=_igr(h), partner=_igr(origin()), commodity=good(), share=share(),
                       date=year(), attributedTo=cited()),
                _claim("Competition", competitor=_distinct(o, origin, rng.randint(2, 3)), domain=sector(),
                       region=_igr(rng.choice(w.regions))),
                _claim("Partnership", partner=[_igr(h), _igr(origin())], domain=sector()),
                _claim("EventParticipation", actor=_igr(rng.choice([h, o, rng.choice(w.persons)])),
                       event=_igr(rng.choice(w.events)), date=_month(rng),
                       role=rng.choice(["ig:HostRole", "ig:AttendeeRole", "ig:SpeakerRole"]))]
    indicator = rng.choice(INDICATORS)
    figure = {"itemCount": str(rng.randint(3, 300))} if "Count" in indicator else \
        {"amount": _money(rng.lognormvariate(21, 1))}
    out.append(_claim("Measurement", subject=_igr(h), indicator=f"ig:{indicator}", **figure, attributedTo=cited()))
    if rng.random() < 0.2:
        out.append(_claim("Commitment", investor=_igr(origin()), hostCountry=_igr(h), sector=sector(),
                          amount=_money(rng.lognormvariate(21, 1)), date=_month(rng)))
    if rng.random() < 0.5:
        measure = _igr(rng.choice(w.measures))
        out += [_claim("MeasureImposition", imposer=_igr(origin()), measure=measure, measureTarget=_igr(origin()),
                       date=_month(rng)),
                _claim("Circumvention", actor=_igr(rng.choice(w.companies)), measure=measure)]
    return out


def _actor_claims(w: World, rng: random.Random, i: int) -> list:
    """Ownership and headquarters of source ``i``'s share of the companies, positions of its share of people."""
    out = []
    for c in w.companies[i::w.n]:
        home = w.country[c]
        state_owned = rng.random() < 0.4
        out.append(_claim("Ownership", ownedThing=_igr(c), owner=_igr(home) if state_owned else None,
                          ownershipType="ig:StateOwned" if state_owned else "ig:PrivatelyOwned"))
        if rng.random() < 0.3:
            out.append(_claim("Location", subject=_igr(c), place=_igr(w.cities[home]),
                              locationKind="ig:HeadquartersLocation"))
    for p in w.persons[i::w.n]:
        where = rng.choice(sorted(TITLES))
        org = {"company": rng.choice(w.companies), "gov": w.govs[w.country[p]],
               "publisher": rng.choice(w.publishers)}[where]
        out.append(_claim("Position", person=_igr(p), title=_text(rng.choice(TITLES[where]), None),
                          organisation=_igr(org)))
    return out


def _restate(pool: deque, rng: random.Random, k: int, counts: dict) -> list:
    """``k`` facts of earlier sources stated again, a few (:data:`CONFLICT_RATE`) with another figure or date."""
    out = []
    for index in sorted(rng.sample(range(len(pool)), min(k, len(pool)))):
        fact, kind, props = pool[index]
        changed = _perturb(props) if rng.random() < CONFLICT_RATE else props
        counts["conflicting"] += changed != props
        out.append((fact, kind, changed))
    counts["restated"] += len(out)
    return out


def _perturb(props: dict) -> dict:
    """A copy of ``props`` with its first figure or date changed: an amount or quantity by +25%, a share by
    +0.07, a year by -1."""
    key = next((k for k in ("amount", "quantity", "share", "date", "periodEnd") if k in props), None)
    if key is None:
        return props
    old = props[key][0]
    if key == "share":
        return {**props, key: [f"{min(1.0, float(old) + 0.07):.2f}"]}
    if key in ("amount", "quantity"):
        return {**props, key: [re.sub(r"value (\d+)", lambda m: f"value {int(m[1]) * 5 // 4}", old)]}
    return {**props, key: [re.sub(r'"(\d{4})', lambda m: f'"{int(m[1]) - 1}', old)]}


# ------------------------------------------------------------------------------------------ writing
class TriG:
    """A Turtle or TriG file written statement by statement; ``triples`` counts the triples written."""

    def __init__(self, path: Path, prefixes: list[str], comment: str, **extra: str):
        self.file, self.triples = open(path, "w", encoding="utf-8", newline="\n"), 0
        names = {**{p: NS[p] for p in prefixes}, **extra}
        self.file.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in names.items()) + f"\n# {comment}\n\n")

    def statement(self, subject: str, props: list[tuple[str, list]], indent: str = "  ") -> None:
        body = f" ;\n{indent}    ".join(f"{p} {', '.join(objs)}" for p, objs in props)
        self.file.write(f"{indent}{subject} {body} .\n")
        self.triples += sum(len(objs) + 3 * sum(o.startswith("[") for o in objs) for _p, objs in props)

    def close(self, tail: str = "") -> int:
        """Write ``tail``, close the file and return the number of triples written."""
        self.file.write(tail)
        self.file.close()
        return self.triples


def _write_registry(w: World, path: Path) -> int:
    """``graph/entities.trig``; returns the number of triples written."""
    out = TriG(path, ["ig", "igr", "igg", "skos"], "Synthetic entity registry (benchmarks/generate.py).")
    out.file.write("igg:entities {\n")
    for slug, cls, props in w.entities:
        out.statement(_igr(slug), [("a", [f"ig:{cls}"]), *props.items()])
    return out.close("}\n")


def _write_document(cat: TriG, w: World, rng: random.Random, ident: str, i: int, claims: int) -> None:
    """The catalogue record of source ``i``: what the shapes require of a source document."""
    host, year, publisher = w.labels[w.topics[i]], rng.randint(2016, 2025), rng.choice(w.publishers)
    summary = (f"A synthetic report, generated for benchmarking, on foreign capital in {host}: {claims} statements "
               "on who invests in, finances, leads and builds its mines, plants and lines, which states it imports "
               "from and depends on, who competes for influence there, and the agreements and meetings around them.")
    cat.statement(f"src:{ident}", [
        ("a", ["ig:SourceDocument"]), ("dcterms:identifier", [f'"{ident}"']), ("ig:seedFile", [f'"{ident}.txt"']),
        ("dcterms:title", [_text(f"Synthetic report {i + 1}: foreign investment in {host}")]),
        ("dcterms:creator", [_igr(rng.choice(w.persons))]), ("dcterms:publisher", [_igr(publisher)]),
        ("ig:outlet", [_text(w.labels[publisher], None)]), ("dcterms:issued", [_year(year)]),
        ("dcterms:temporal", [_text(f"{year - 3} to {year}", None)]), ("dcterms:language", ['"en"']),
        ("ig:sha256", [f'"{hashlib.sha256(ident.encode()).hexdigest()}"']), ("ig:summary", [_text(summary, None)])],
        indent="")
    cat.file.write("\n")


def _write_source(path: Path, num: str, ident: str, claims: list) -> int:
    """One source graph: what it mentions, then each claim with source, paragraph and fact key; returns the
    number of triples written."""
    out = TriG(path, ["ig", "igr", "src", "fact", "schema", "xsd"], f"Synthetic source {num} (benchmarks/generate.py).",
               **{f"c{num}": f"{BASE}claim/{num}/"})
    mentioned = sorted({o for _f, _k, props in claims for objs in props.values() for o in objs if o[:4] == "igr:"})
    out.file.write(f"src:{ident} {{\n\n")
    out.statement(f"src:{ident}", [("ig:mentions", mentioned)])
    for j, (fact, kind, props) in enumerate(claims):
        head = [("a", [f"ig:{kind}"]), ("ig:source", [f"src:{ident}"]), ("ig:paragraph", [str(1 + j // 3)]),
                ("ig:fact", [f"fact:{fact}"])]
        out.statement(f"c{num}:k{j:03d}", head + [(f"ig:{k}", v) for k, v in props.items()])
    return out.close("}\n")


def _ontology_triples() -> int:
    """The statements of the ontology the build puts into ``igg:ontology``."""
    from rdflib import Graph
    return len(Graph().parse(REPO / "ontology" / "influence.ttl", format="turtle"))


def _prepare(out: Path, force: bool) -> None:
    """Create the folders and copy the ontology; a non-empty ``out`` only with ``force``."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty; use --force to replace its project files")
        for sub in ("ontology", "seeds", "graph", "build"):
            shutil.rmtree(out / sub, ignore_errors=True)
    for sub in ("ontology", "seeds", "graph/sources"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for name in ("influence.ttl", "shapes.ttl"):
        shutil.copyfile(REPO / "ontology" / name, out / "ontology" / name)


def sources_for(triples: int) -> int:
    """How many sources make a project of about ``triples`` built triples (at least one)."""
    return max(1, round((triples - FIXED_TRIPLES) / TRIPLES_PER_SOURCE))


def generate(out, triples: int, seed: int = 1, progress=None, force: bool = False) -> dict:
    """Write a synthetic project of about ``triples`` built triples to ``out``; return a summary.

    Parameters
    ----------
    out : str or Path
        The project folder, created if missing. A non-empty folder raises :class:`FileExistsError` unless
        ``force`` is true.
    triples : int
        Target size of the built dataset (``build/influencegraph.nq``), ontology and derived edges included.
    seed : int
        Seed of the random generator: the same seed and size give byte-identical files.
    progress : callable, optional
        Called with a message every twentieth of the sources.
    force : bool
        Replace the ``ontology/``, ``seeds/``, ``graph/`` and ``build/`` folders of a non-empty ``out``.

    Returns
    -------
    dict
        ``out, seed, target_triples, approx_triples, sources, entities, claims, facts, restated, conflicting,
        files, host, seconds``; ``host`` is the label of the host country with the most investment.
    """
    started, out, progress = time.perf_counter(), Path(out), progress or (lambda _m: None)
    _prepare(out, force)
    rng, n = random.Random(seed), sources_for(triples)
    world = World(n, rng)
    written = _write_registry(world, out / "graph" / "entities.trig")
    cat = TriG(out / "seeds" / "catalogue.ttl", ["ig", "igr", "src", "dcterms", "schema", "xsd"],
               "Synthetic source catalogue (benchmarks/generate.py); there are no seed texts for these documents.")
    pool, width = deque(maxlen=4000), max(3, len(str(n - 1)))
    counts = {"claims": 0, "facts": 0, "restated": 0, "conflicting": 0}
    for i in range(n):
        num = f"{i:0{width}d}"
        projects = world.projects[i * PROJECTS_PER_SOURCE:(i + 1) * PROJECTS_PER_SOURCE]
        fresh = [c for p in projects for c in _project_claims(world, rng, p)]
        fresh += _country_claims(world, rng, world.topics[i]) + _actor_claims(world, rng, i)
        claims = [(f"s{num}-{k:03d}-{kind.lower()}", kind, props) for k, (kind, props) in enumerate(fresh)]
        restated = _restate(pool, rng, round(RESTATE_RATE * len(claims)), counts)
        pool.extend(claims)
        for item in restated:
            claims.insert(rng.randrange(len(claims) + 1), item)
        ident = f"{num}_{hashlib.sha256(f'synthetic:{seed}:{i}'.encode()).hexdigest()[:16]}"
        written += _write_source(out / "graph" / "sources" / f"{num}.trig", num, ident, claims)
        _write_document(cat, world, rng, ident, i, len(claims))
        counts["claims"] += len(claims)
        counts["facts"] += len(fresh)
        if (i + 1) % max(1, n // 20) == 0 or i + 1 == n:
            progress(f"{i + 1}/{n} sources written ({counts['claims']:,} claims)")
    cat.close()
    fixed, per_claim, per_entity = BUILD_ADDS
    fixed += _ontology_triples() - FITTED_ONTOLOGY
    approx = written + cat.triples + round(fixed + per_claim * counts["claims"] + per_entity * len(world.entities))
    return {"out": str(out), "seed": seed, "target_triples": triples, "approx_triples": approx, "sources": n,
            "entities": len(world.entities), **counts, "files": 4 + n, "host": HOST,
            "seconds": round(time.perf_counter() - started, 2)}


def main(argv=None) -> int:
    """The command line (see the module's docstring); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--triples", type=int, help="target number of triples of the built dataset")
    size.add_argument("--preset", choices=list(PRESETS), help="10k, 100k or 1m (1,050,000) triples")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, type=Path, help="project folder to write")
    parser.add_argument("--force", action="store_true", help="replace the project files of a non-empty --out")
    parser.add_argument("--build", action="store_true", help="then build the project (influencegraph.build)")
    args = parser.parse_args(argv)
    triples = args.triples if args.triples is not None else PRESETS[args.preset]
    try:
        s = generate(args.out, triples, seed=args.seed, force=args.force,
                     progress=lambda m: print(m, file=sys.stderr, flush=True))
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {s['files']} files to {s['out']}: {s['entities']:,} entities, {s['claims']:,} claims "
          f"({s['restated']:,} restated, {s['conflicting']:,} with another value) in {s['sources']:,} sources, "
          f"about {s['approx_triples']:,} triples (target {triples:,}); host country {HOST!r}; {s['seconds']}s")
    if args.build:
        import influencegraph
        start = time.perf_counter()
        stats = influencegraph.build(root=args.out, output_dir=args.out / "build").stats()
        print(f"built {args.out / 'build'}: {stats['statements']:,} statements, {stats['claims']:,} claims, "
              f"{sum(stats['derived_edges'].values()):,} derived edges, {stats['conflicts']} conflicts; "
              f"{time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
