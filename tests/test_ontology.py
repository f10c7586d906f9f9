"""The ontology and shapes are sound, fully documented, and the code's vocabulary cannot drift from them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from influencegraph.ontology import declared_local_names
from influencegraph.vocab import DERIVED_GRAPH, IG, ONTOLOGY_GRAPH, TERMS, WD

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "influence.ttl", format="turtle")


def test_ontology_and_shapes_parse():
    assert len(Graph().parse(ROOT / "ontology" / "influence.ttl")) > 500
    assert len(Graph().parse(ROOT / "ontology" / "shapes.ttl")) > 200


def test_every_class_and_property_has_label_comment_domain_and_range(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    missing = []
    for kind in kinds:
        for term in ontology.subjects(RDF.type, kind):
            needed = [RDFS.label, RDFS.comment]
            if kind != OWL.Class:
                needed += [RDFS.domain, RDFS.range]
            missing += [f"{term} lacks {p}" for p in needed if ontology.value(term, p) is None]
    assert not missing, "\n".join(missing)


def test_vocab_module_matches_the_ontology_exactly(ontology):
    declared = declared_local_names(ontology)
    assert set(TERMS) == declared, (
        f"run `influencegraph vocab`: missing in vocab.py {sorted(declared - set(TERMS))}, "
        f"not in ontology {sorted(set(TERMS) - declared)}")


def test_vocab_namespace_is_closed():
    with pytest.raises(AttributeError):
        IG.investsInn  # a typo fails loudly instead of querying nothing


def test_code_names_no_project_iris_outside_the_vocab_module():
    offenders = []
    for path in (ROOT / "src" / "influencegraph").rglob("*.py"):
        if path.name == "vocab.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "w3id.org/influencegraph" in line:
                offenders.append(f"{path.name}:{n}")
    assert not offenders, f"IRI strings outside vocab.py: {offenders}"


def test_required_classes_exist(ontology):
    required = [
        "State", "SupranationalUnion", "Region", "AdministrativeArea", "City", "Company",
        "IntergovernmentalOrganisation", "Bank", "DevelopmentFinanceInstitution", "ThinkTank", "ResearchInstitute",
        "University", "GovernmentBody",
        "Person", "Project", "Mine", "Deposit", "Smelter", "Refinery", "ElectrolysisPlant", "PowerPlant",
        "NuclearPowerPlant", "CoalPowerPlant", "PumpedStoragePowerPlant", "TransmissionLine", "ProcessingPlant",
        "TransportCorridor", "CooperationCentre", "Agreement", "Memorandum", "PowerPurchaseAgreement", "Treaty",
        "Declaration", "Investment", "Commitment", "Event", "Summit", "Forum", "Convention", "Commodity",
        "TradeMeasure", "Tariff", "AntiDumpingDuty", "Policy", "LocalContentRequirement", "ValueAdditionRequirement",
        "SourceDocument",
    ]
    assert [c for c in required if (IG[c], RDF.type, OWL.Class) not in ontology] == []


def test_qualified_relations_are_claims_and_plain_edges_are_derived(ontology):
    claims = set(ontology.transitive_subjects(RDFS.subClassOf, IG.Claim))
    for kind in ("Investment", "Supply", "Dependency", "Import", "Export", "BilateralTrade", "Production",
                 "Reserves", "JobCreation", "Competition", "MeasureImposition", "Signing", "Ownership"):
        assert IG[kind] in claims
    derived = set(ontology.transitive_subjects(RDFS.subPropertyOf, IG.derivedRelation))
    for edge in ("investsIn", "leads", "competesWith", "supplies", "dependsOn", "importsFrom", "memberOf",
                 "partyTo", "imposes", "circumvents", "partnersWith", "produces", "holdsReservesOf"):
        assert IG[edge] in derived


def test_aligned_with_standard_vocabularies(ontology):
    text = (ROOT / "ontology" / "influence.ttl").read_text(encoding="utf-8")
    for prefix in ("prov:", "org:", "schema:", "skos:"):
        assert re.search(r"rdfs:sub(Class|Property)Of " + prefix, text), prefix


def test_wikidata_links_are_only_the_confirmed_ones(kg):
    with open(ROOT.parent / "shared" / "reference" / "wikidata-ids.csv", encoding="utf-8") as fh:
        confirmed = {WD[row["wikidata"]] for row in csv.DictReader(fh)} if fh else set()
    links = {o for g in kg.dataset.graphs() for o in g.objects(None, SKOS.exactMatch) if str(o).startswith(str(WD))}
    assert links, "no Wikidata links at all"
    assert links <= confirmed, f"unconfirmed ids: {sorted(links - confirmed)}"
    assert len(links) >= len(confirmed) - 1  # nearly every confirmed id is used (Aktogay's is a trap, not a link)


def test_every_term_is_reachable_as_an_attribute():
    # a term named like a str method (e.g. "count") would silently give the method, not the IRI
    assert [t for t in TERMS if not isinstance(getattr(IG, t), URIRef)] == []


def test_every_class_used_in_the_data_is_covered_by_a_shape(kg, ontology):
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    targeted = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    used = {t for g in kg.dataset.graphs() if g.identifier not in (ONTOLOGY_GRAPH, DERIVED_GRAPH)
            for t in g.objects(None, RDF.type)}
    uncovered = [t for t in used if str(t).startswith(str(IG))
                 and not (set(ontology.transitive_objects(t, RDFS.subClassOf)) & targeted)]
    assert not uncovered, uncovered
