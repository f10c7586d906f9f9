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
