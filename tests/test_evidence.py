"""Evidence: every number a claim stores is stated in the paragraph of the source text the claim cites."""

from __future__ import annotations

from influencegraph.claims import numbers
from influencegraph.evidence import paragraphs, stated_in


def test_every_quantitative_claim_is_stated_in_its_cited_paragraph(kg, seeds):
    texts = {p.stem: paragraphs(p.read_text(encoding="utf-8")) for p in seeds.glob("*.txt")}
    checked, unsupported = 0, []
    for claim in kg.claims():
        values = numbers(claim, kg.dataset)
        paragraphs_of_source = texts[claim.source_id]
        assert 1 <= claim.paragraph <= len(paragraphs_of_source), f"{claim.iri}: no paragraph {claim.paragraph}"
        text = paragraphs_of_source[claim.paragraph - 1]
        for value in values:
            checked += 1
            if not stated_in(value.toPython(), text):
                unsupported.append(f"{claim.iri} ¶{claim.paragraph}: {value}")
    assert checked > 50
    assert not unsupported, "\n".join(unsupported)


def test_the_evidence_check_catches_a_wrong_number():
    assert stated_in(12e9, "a USD 12 billion complex")
    assert not stated_in(13e9, "a USD 12 billion complex")
    assert not stated_in(0.82, "81 percent of its refined copper")


def test_every_qualified_number_keeps_its_qualifier_and_bounds(kg, seeds):
    """"nearly $25 billion" in the text ⇒ the claim says ig:Nearly and gives the bounds it implies (a preliminary
    figure needs none); and no claim calls an exact number approximate."""
    from influencegraph.evidence import qualifier_of
    from influencegraph.vocab import IG
    texts = {p.stem: paragraphs(p.read_text(encoding="utf-8")) for p in seeds.glob("*.txt")}
    qualified, missing = 0, []
    for claim in kg.claims():
        text = texts[claim.source_id][claim.paragraph - 1]
        for value in numbers(claim, kg.dataset):
            said = qualifier_of(value.toPython(), text)
            if said is None:
                continue
            qualified += 1
            approximation = claim.values.get(IG.approximation, ())
            bounded = claim.values.get(IG.lowerBound) or claim.values.get(IG.upperBound)
            if not approximation or (IG.Preliminary not in approximation and not bounded):
                missing.append(f"{claim.iri} ¶{claim.paragraph}: '{said}' {value} has no qualifier or bounds")
    assert qualified >= 6          # 002 ¶13 (preliminary, more than), 002 ¶15, 003 ¶16, 003 ¶22, 004 ¶8
    assert not missing, "\n".join(missing)
