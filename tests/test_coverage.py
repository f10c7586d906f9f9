"""Coverage: for each source document, a hand-written checklist (tests/coverage/NNN.toml) of the entities it
names and the figures it states; each must be in the graph, attributed to that document."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from influencegraph.claims import numbers
from influencegraph.vocab import IG, IGR, SOURCE

CHECKLISTS = sorted((Path(__file__).parent / "coverage").glob("*.toml"))


def _load(path):
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def test_there_is_a_checklist_per_source(kg):
    assert {p.stem for p in CHECKLISTS} == {str(s)[len(str(SOURCE)):][:3] for s in kg.sources_list()}


def _numbers_by_paragraph(kg, source):
    out: dict[int, set[Decimal]] = {}
    for claim in kg.claims():
        if claim.source == source:
            out.setdefault(claim.paragraph, set()).update(Decimal(str(v)) for v in numbers(claim, kg.dataset))
    return {k: {v.normalize() for v in vals} for k, vals in out.items()}


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.stem)
def test_every_listed_entity_is_present_with_that_source(kg, path):
    checklist = _load(path)
    source = SOURCE[checklist["source"]]
    g = kg.dataset.graph(source)
    present = set(g.objects(source, IG.mentions)) | {o for c in kg.claims() if c.source == source
                                                     for vals in c.values.values() for o in vals}
    missing = [slug for slug in checklist["entities"] if IGR[slug] not in present]
    assert not missing, f"{path.name}: not in {checklist['source']}'s graph: {missing}"
    assert len(checklist["entities"]) >= 20


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.stem)
def test_every_listed_figure_is_present_with_that_source_and_paragraph(kg, path):
    checklist = _load(path)
    numbers = _numbers_by_paragraph(kg, SOURCE[checklist["source"]])
    missing = [f"¶{f['paragraph']} {f['value']} ({f['what']})" for f in checklist["figures"]
               if Decimal(str(f["value"])).normalize() not in numbers.get(f["paragraph"], set())]
    assert not missing, f"{path.name}: figures missing: {missing}"
    assert len(checklist["figures"]) >= 10
