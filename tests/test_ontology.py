"""The ontology and shapes are sound, fully documented, and the code's vocabulary cannot drift from them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from influencegraph.ontology import declared_local_names, families, vocab_module_text
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
    generated = vocab_module_text(ontology)
    assert (ROOT / "src" / "influencegraph" / "vocab.py").read_text(encoding="utf-8") == generated, (
        "vocab.py differs from what the ontology generates: run `influencegraph vocab`")


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


# ----------------------------------------------------------------------------- relation families
def _not_code(tree) -> set[int]:
    """ids of string constants that are not code naming a term: docstrings, ``__all__`` entries, type annotations
    and the literal parts of f-strings."""
    import ast
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            ids.add(id(body[0].value))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            ids |= {id(n) for n in ast.walk(node.value)}
        for annotation in (getattr(node, "returns", None), getattr(node, "annotation", None)):
            if annotation is not None:
                ids |= {id(n) for n in ast.walk(annotation)}
        if isinstance(node, ast.JoinedStr):
            ids |= {id(n) for n in node.values}
    return ids


#: Strings that equal a term's name but are not the term: an HTTP header and two headings in words.
NOT_TERMS = {("sparql/description.py", "Location"), ("views/__init__.py", "Competition"),
             ("views/tooltips.py", "Role")}


def test_code_names_relations_and_classes_only_through_the_vocab_module(ontology):
    import ast
    names = {str(c)[len(str(IG)):] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(IG))}
    fams = families(ontology)
    names |= set(fams) | {r for members in fams.values() for r in members}
    package = ROOT / "src" / "influencegraph"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "vocab.py":
            continue
        where = path.relative_to(package).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _not_code(tree)
        offenders += [f"{where}:{n.lineno} {n.value!r}" for n in ast.walk(tree)
                      if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in names
                      and id(n) not in skip and (where, n.value) not in NOT_TERMS]
    assert not offenders, "name these through influencegraph.vocab (NAME.x, IG.x):\n" + "\n".join(offenders)


def test_relation_families_hold_the_groups_the_analyses_use(ontology):
    fams = families(ontology)
    assert fams["capitalRelation"] == {"investsIn", "finances"}
    assert fams["leadershipRelation"] == {"leads", "builds", "operates"}
    assert fams["projectRoleRelation"] == {"leads", "builds", "operates", "partnerIn"}
    assert fams["capitalRelation"] | fams["ownershipRelation"] == {"investsIn", "finances", "owns"}   # finance
    assert fams["controlRelation"] == {"owns", "parentOrganisation"}
    assert fams["engagementRelation"] == {"leads", "builds", "operates", "partnerIn", "investsIn", "finances", "owns"}
    assert fams["relianceRelation"] == {"dependsOn", "importsFrom"}            # the subject depends on the object
    assert fams["provisionRelation"] == {"supplies", "exportsTo"}              # the object depends on the subject
    assert fams["reciprocalRelation"] == {"tradesWith", "partnersWith"}
    assert fams["rivalryRelation"] == {"competesWith"}
    assert fams["placementRelation"] == {"locatedIn", "inHostCountry", "headquarteredIn"}
    assert fams["influenceRelation"] == {"investsIn", "finances", "leads", "builds", "operates", "owns", "supplies",
                                         "dependsOn", "importsFrom", "exportsTo", "tradesWith", "imposes",
                                         "imposedOn"}


def test_the_derived_relations_are_a_hierarchy_not_a_flat_list(ontology):
    directly_below = {str(p)[len(str(IG)):] for p in ontology.subjects(RDFS.subPropertyOf, IG.derivedRelation)}
    assert "investsIn" not in directly_below and "capitalRelation" not in directly_below
    assert {"influenceRelation", "engagementRelation", "commerceRelation"} <= directly_below
    assert (IG.capitalRelation, RDFS.subPropertyOf, IG.influenceRelation) in ontology
    # registry properties (stated in graph/) are in families, but never below ig:derivedRelation
    derived = families(ontology)["derivedRelation"]
    assert "locatedIn" not in derived and "parentOrganisation" not in derived


def test_vocab_is_written_whole_and_a_check_does_not_write(tmp_path):
    from influencegraph.ontology import write_vocab_module
    target = tmp_path / "vocab.py"
    target.write_text('TERMS = ("Actor",)\n', encoding="utf-8")
    assert write_vocab_module(ROOT / "ontology" / "influence.ttl", target, check=True) is True
    assert target.read_text(encoding="utf-8") == 'TERMS = ("Actor",)\n'
    assert write_vocab_module(ROOT / "ontology" / "influence.ttl", target) is True
    assert target.read_text(encoding="utf-8") == (ROOT / "src" / "influencegraph" / "vocab.py").read_text("utf-8")
    assert write_vocab_module(ROOT / "ontology" / "influence.ttl", target) is False
