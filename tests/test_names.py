"""One resolver for names and one suggestion policy, whichever door a name comes in by.

Expected entities are read off graph/entities.trig by hand: Kazakhstan has the alias "Republic of Kazakhstan"
and the Kazakh name "Қазақстан" (Wikidata Q232, ISO KZ); the PRC is igr:china ("PRC", "中华人民共和国"); the only
non-ferrous metals company is igr:china-nonferrous-metal, labelled "China Non-Ferrous Metal Ltd." (aliases
"Non-Ferrous Metal Ltd.", "China Nonferrous Metal"); igr:cnnc has the alias "CNNC"; igr:aluminium is labelled
"aluminium" (alias "aluminum"), igr:green-aluminium "green aluminium" (no American alias).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from influencegraph.cli import main
from influencegraph.errors import AmbiguousEntity, UnknownEntity, UnknownQuery
from influencegraph.names import Entry, Resolver, acronyms, suggest
from influencegraph.sparql import library
from influencegraph.vocab import IG, IGR

KZ_TITLE = "Kazakhstan: who it depends on"
PRC = "People's Republic of China"


# ----------------------------------------------------------------------------- aliases through every door
@pytest.mark.parametrize("name, entity", [
    ("Republic of Kazakhstan", IGR.kazakhstan), ("PRC", IGR.china), ("Қазақстан", IGR.kazakhstan),
    ("中华人民共和国", IGR.china), ("Q232", IGR.kazakhstan), ("KZ", IGR.kazakhstan), ("igr:cnnc", IGR.cnnc),
    ("  peoples republic of china ", IGR.china),
])
def test_aliases_native_names_and_ids_resolve(kg, name, entity):
    assert kg.resolve(name) == entity


@pytest.mark.parametrize("alias, label", [("Republic of Kazakhstan", "Kazakhstan"), ("PRC", PRC)])
def test_an_alias_works_in_the_dependency_report_the_view_and_a_query_parameter(kg, alias, label):
    assert kg.dependency(alias, scenarios=False).country == label
    assert kg.view(country=alias).title == f"{label}: who it depends on"
    query = library.get("investments-in-country")
    assert query.bindings(kg, host=alias)["host"] == kg.resolve(label)
    by_alias, by_label = kg.query(query.name, host=alias), kg.query(query.name, host=label)
    assert by_alias.equals(by_label)


def test_an_alias_works_on_the_command_line(kg):
    run = CliRunner().invoke(main, ["sources", "Republic of Kazakhstan"])
    assert run.exit_code == 0 and run.output.startswith("Kazakhstan <https://w3id.org/influencegraph/id/kazakhstan>")


# ----------------------------------------------------------------------------- acronyms and spelling
def test_acronyms_land_on_their_companies(kg):
    # CNMC: China Non-Ferrous Metal + C(ompany) for "Ltd."; CNNC: an alias of China National Nuclear Corporation
    assert kg.resolve("CNMC") == IGR["china-nonferrous-metal"]
    assert kg.resolve("cnmc") == IGR["china-nonferrous-metal"]
    assert kg.resolve("CNNC") == IGR.cnnc
    assert kg.label(kg.resolve("CNNC")) == "China National Nuclear Corporation"


def test_an_acronym_the_curator_gives_as_an_alias_lands_on_its_company(kg):
    # NFC is no acronym of the article's name (000 ¶14); graph/entities.trig records it as the curator's alias
    assert kg.resolve("NFC") == IGR["china-nonferrous-metal"]
    assert kg.resolve("nfc") == IGR["china-nonferrous-metal"]


def test_acronym_rules():
    assert acronyms("China Non-Ferrous Metal Ltd.") == {"cnm", "cnml", "cnmc", "cnfm", "cnfml", "cnfmc"}
    assert acronyms("Ministry of Foreign Affairs of the People's Republic of China") == {"mfaprc"}
    assert acronyms("China Energy Overseas Investment (Hong Kong)") == {"ceoi"}
    assert acronyms("Rosatom") == set()


def test_american_spellings_find_british_ones(kg):
    assert kg.resolve("aluminum") == IGR.aluminium
    assert kg.resolve("green aluminum") == IGR["green-aluminium"]          # no such alias: the spelling rule
    assert kg.resolve("Green Finance and Development Centre") == IGR["green-finance-development-center"]
    assert kg.view(sector="aluminum").number_of_edges() == kg.view(sector="aluminium").number_of_edges() > 0
    sector = next(p for q in library.library().values() for p in q.parameters if p.type == "sector")
    assert library.convert(kg, sector, "aluminum") == IG.AluminiumSector


def test_spelling_variants_taught_by_the_registry_apply_to_every_name(kg):
    # the registry calls the locality both Aktogai and Aktogay, and the mine only "Aktogai copper mine"
    assert kg.resolve("Aktogay copper mine") == IGR["aktogay-copper-mine"]


# ----------------------------------------------------------------------------- partial names
def test_words_of_one_entity_name_resolve_to_it(kg):
    assert kg.resolve("Jiaxin") == IGR["jiaxin-international"]
    assert kg.resolve("Tokayev") == IGR["kassym-jomart-tokayev"]


def test_words_of_several_entities_names_are_an_error_naming_each(kg):
    expected = ["Aktogai copper smelter",                        # alias "China Non-Ferrous Metal copper cluster"
                "China Non-Ferrous Metal Ltd.",
                "East Hope aluminium complex in Kazakhstan",     # alias "... non-ferrous metals production complex"
                "Kazakhstan–East Hope Group non-ferrous metals complex agreement (February 2025)",
                "non-ferrous metals"]
    with pytest.raises(AmbiguousEntity) as err:
        kg.resolve("Non-Ferrous")
    assert err.value.candidates == expected
    assert str(err.value).startswith("'Non-Ferrous' names more than one entity: Aktogai copper smelter; China "
                                     "Non-Ferrous Metal Ltd.; East Hope")
    ministries = ["Investment Committee of the Ministry of Foreign Affairs of Kazakhstan",
                  "Ministry of Foreign Affairs of Kazakhstan",
                  "Ministry of Foreign Affairs of the People's Republic of China"]
    with pytest.raises(AmbiguousEntity) as err:
        kg.resolve("Ministry of Foreign Affairs")
    assert err.value.candidates == ministries
    with pytest.raises(AmbiguousEntity) as err:      # an analysis chooses among the network's actors: the PRC's
        kg.scenario(remove=["Ministry of Foreign Affairs"])         # ministry has no ties in it
    assert err.value.candidates == ministries[:2]


def test_two_entities_with_one_name_are_told_apart_by_id():
    resolver = Resolver([Entry("x/almaty-city", "Almaty"), Entry("x/almaty-region", "Almaty"),
                         Entry("x/astana", "Astana")])
    with pytest.raises(AmbiguousEntity, match=r"Almaty \(almaty-city\); Almaty \(almaty-region\)"):
        resolver.resolve("almaty")
    assert resolver.resolve("almaty-region") == "x/almaty-region"


def test_an_ambiguous_name_on_the_command_line_exits_2_naming_the_candidates(kg):
    run = CliRunner().invoke(main, ["sources", "Ministry of Foreign Affairs"])
    assert run.exit_code == 2 and "Ministry of Foreign Affairs of Kazakhstan;" in run.output


# ----------------------------------------------------------------------------- one suggestion policy
def _message(call):
    with pytest.raises(UnknownEntity) as err:
        call()
    return str(err.value)


def test_an_unknown_country_gets_the_same_suggestions_from_every_entry_point(kg):
    expected = "No entity named 'Kazakstan'. Did you mean: Kazakhstan?"
    query = library.get("investments-in-country")
    assert _message(lambda: kg.resolve("Kazakstan")) == expected
    assert _message(lambda: kg.dependency("Kazakstan", scenarios=False)) == expected
    assert _message(lambda: kg.view(country="Kazakstan")) == expected
    assert _message(lambda: kg.scenario(remove=["Rosatom"], country="Kazakstan")) == expected
    assert _message(lambda: query.bindings(kg, host="Kazakstan")) == expected
    run = CliRunner().invoke(main, ["sources", "Kazakstan"])
    assert run.exit_code == 2 and run.output.strip() == f"error: {expected}"


def test_an_unknown_actor_gets_the_same_suggestions_from_every_entry_point(kg):
    expected = "No entity named 'Rosatomm'. Did you mean: Rosatom?"
    assert _message(lambda: kg.resolve("Rosatomm")) == expected
    assert _message(lambda: kg.scenario(remove=["Rosatomm"])) == expected
    assert _message(lambda: kg.paths("Rosatomm", "Kazakhstan")) == expected
    assert _message(lambda: kg.view(ego="Rosatomm")) == expected


def test_a_name_like_nothing_gets_no_suggestions(kg):
    assert _message(lambda: kg.resolve("Atlantis")) == "No entity named 'Atlantis'."


def test_suggestions_keep_the_close_names_and_drop_the_far_ones():
    assert suggest("Kazakstan", ["Kazakhstan", "Kazakh Invest", "Uzbekistan"]) == ["Kazakhstan"]
    assert suggest("coper", ["copper", "coal", "copper ore", "zinc"]) == ["copper"]
    # a short name is compared whole, never as part of a longer acronym
    assert suggest("NFC", ["PTGNFC", "NFMC"]) == ["NFMC"]
    assert suggest("Atlantis", ["Astana", "Almaty"]) == []


def test_query_names_and_sectors_use_the_same_suggestions(kg):
    with pytest.raises(UnknownQuery) as err:
        library.get("reservs")
    assert err.value.suggestions == suggest("reservs", list(library.library())) == ["reserves"]
    with pytest.raises(ValueError, match="did you mean: copper"):
        kg.view(sector="coper")
