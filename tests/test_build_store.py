"""The build's Oxigraph store: written by every build, opened read-only by every later load, swapped in as one unit,
held by its readers while a later build replaces it; a build with nothing changed does nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import influencegraph
from influencegraph.errors import StoreError
from influencegraph.fileset import current_set
from influencegraph.stores.build import BuildStore

CAPITAL = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/influencegraph/ontology#Investment> }"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project copy with a build in its own folder (module-scoped: the tests below only read it, or rebuild
    into copies)."""
    import shutil

    from conftest import ROOT
    root = tmp_path_factory.mktemp("store") / "project"
    for folder in ("ontology", "graph", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    out = root / "build"
    kg = influencegraph.build(root, out)
    return root, out, kg


def env_for(root, out):
    return {**os.environ, "INFLUENCEGRAPH_ROOT": str(root), "INFLUENCEGRAPH_BUILD": str(out)}


def test_load_opens_the_build_store_without_parsing_anything(built, monkeypatch):
    root, out, kg = built
    import rdflib

    def refuse(*args, **kwargs):
        raise AssertionError("parsed a file")
    monkeypatch.setenv("INFLUENCEGRAPH_BUILD", str(out))
    monkeypatch.setattr(rdflib.Dataset, "parse", refuse)
    monkeypatch.setattr(rdflib.Graph, "parse", refuse)

    loaded = influencegraph.load(root=root)

    assert isinstance(loaded.store, BuildStore) and loaded.store.engine == "oxigraph"
    assert len(loaded.dataset) == len(kg.dataset) == kg.stats()["statements"]
    # the same answers as the graph the build made in memory: claims, figures, SPARQL on both engines
    assert loaded.stats() == kg.stats()
    assert (loaded.conflicts(), loaded.differences()) == (kg.conflicts(), kg.differences())
    # read from what the build computed (answers.json), not from every claim again
    assert [c["fact"] for c in loaded.conflicts()] == ["bri-participating-countries", "ca-summit-2025-agreements"]
    assert len(loaded.differences()) == 4 and loaded.store.answer("conflicts") == loaded.conflicts()
    assert sorted((c.iri, c.paragraph, sorted(c.values.items())) for c in loaded.claims()) == \
        sorted((c.iri, c.paragraph, sorted(c.values.items())) for c in kg.claims())
    assert int(loaded.query(CAPITAL)["n"][0]) == int(kg.query(CAPITAL, engine="oxigraph")["n"][0]) == 64
    assert loaded.store.content_key == kg_manifest(out)["content"]


def kg_manifest(out):
    import json
    return json.loads((out / "manifest.json").read_text())


def test_the_store_holds_the_build_dumps_term_for_term(built, tmp_path, monkeypatch):
    root, out, _kg = built
    monkeypatch.setenv("INFLUENCEGRAPH_BUILD", str(out))
    loaded = influencegraph.load(root=root)

    loaded.export("nquads", tmp_path / "again.nq")

    # decimals included: the build writes them in the canonical form Oxigraph keeps (122000000000.0 → 122000000000)
    assert (tmp_path / "again.nq").read_bytes() == (out / "influencegraph.nq").read_bytes()
    assert b'"122000000000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in (out / "influencegraph.nq").read_bytes()


def test_the_build_store_refuses_writes_and_says_what_to_do_instead(built, monkeypatch):
    root, out, _kg = built
    monkeypatch.setenv("INFLUENCEGRAPH_BUILD", str(out))
    loaded = influencegraph.load(root=root)
    from rdflib import URIRef

    with pytest.raises(StoreError, match="read-only.*store='memory'"):
        loaded.dataset.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
    with pytest.raises(StoreError, match="read-only"):
        loaded.centrality(write=True)
    assert influencegraph.load(root=root, store="memory").store.scheme == "memory"


def test_a_build_with_nothing_changed_does_nothing_and_one_changed_file_rebuilds(built):
    root, out, _kg = built
    before = current_set(out)
    dump = (out / "influencegraph.nq").read_bytes()

    again = influencegraph.build(root, out)

    assert again.up_to_date and current_set(out) == before
    assert again.stats() == _kg.stats()

    forced = influencegraph.build(root, out, rebuild=True)
    assert not forced.up_to_date and current_set(out) != before
    assert (out / "influencegraph.nq").read_bytes() == dump

    catalogue = root / "seeds" / "catalogue.ttl"
    catalogue.write_text(catalogue.read_text() + "\n# a comment changes the file, so the build runs again\n")
    changed = influencegraph.build(root, out)
    assert not changed.up_to_date


def test_a_stale_build_is_not_opened(built, monkeypatch, caplog):
    root, out, _kg = built
    monkeypatch.setenv("INFLUENCEGRAPH_BUILD", str(out))
    entities = root / "graph" / "entities.trig"
    original = entities.read_text()
    try:
        entities.write_text(original + "\n# changed after the build\n")
        with caplog.at_level("WARNING"):
            kg = influencegraph.load(root=root)
        assert kg.store.scheme == "memory"
        assert "older than the inputs" in caplog.text
    finally:
        entities.write_text(original)


HOLDER = textwrap.dedent("""
    import sys
    import influencegraph
    kg = influencegraph.load()
    print(kg.store.held.folder, flush=True)
    sys.stdin.readline()                       # the test rebuilds meanwhile
    print(int(kg.query(sys.argv[1])["n"][0]), len(kg.claims()), flush=True)
""")


def test_a_reader_keeps_its_store_while_a_build_swaps_in_a_new_one(built):
    root, out, _kg = built
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, CAPITAL], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(root, out))
    try:
        held = holder.stdout.readline().strip()
        assert held, holder.stderr.read()
        rebuilt = influencegraph.build(root, out, rebuild=True)
        assert str(current_set(out)) != held and os.path.isdir(held)    # the reader's set stays in place

        holder.stdin.write("\n")
        holder.stdin.flush()
        answer = holder.stdout.readline().split()
        assert answer == ["64", str(len(rebuilt.claims()))], holder.stderr.read()
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    del rebuilt                              # this process's reader of the second set goes too
    # once its reader is gone, the next build removes the old set
    influencegraph.build(root, out, rebuild=True)
    assert not os.path.exists(held)
    # left: the current set, and the one this module's first build still reads
    assert set((out / ".sets").glob("set-*")) == {current_set(out), _kg.store.held.folder}


def test_build_and_query_from_the_command_line_share_the_store(built):
    root, out, _kg = built
    env = env_for(root, out)

    build = subprocess.run([sys.executable, "-m", "influencegraph", "build"], capture_output=True, text=True,
                           env=env, timeout=300)
    query = subprocess.run([sys.executable, "-m", "influencegraph", "-v", "query", CAPITAL], capture_output=True,
                           text=True, env=env, timeout=300)

    assert build.returncode == 0, build.stderr
    assert f"up to date: nothing changed since the last build in {out}" in build.stderr
    assert "wrote" not in build.stderr
    assert build.stdout.startswith(f"{_kg.stats()['statements']} statements")
    assert query.returncode == 0, query.stderr
    assert "opened the build's store" in query.stderr and "parsing" not in query.stderr
    assert query.stdout.split()[:3] == ["n", "--", "64"]


def test_serve_and_a_command_read_the_store_while_a_build_swaps_in_a_new_one(built):
    import json
    from urllib.parse import quote
    from urllib.request import Request, urlopen

    from conftest import start_server
    root, out, _kg = built
    env = env_for(root, out)
    proc, base = start_server([], env={"INFLUENCEGRAPH_ROOT": str(root), "INFLUENCEGRAPH_BUILD": str(out)})

    def count() -> int:
        request = Request(f"{base}sparql?query={quote(CAPITAL)}", headers={"Accept": "application/sparql-results+json"})
        return int(json.load(urlopen(request, timeout=30))["results"]["bindings"][0]["n"]["value"])
    try:
        assert count() == 64
        served = {p for p in (out / ".sets").glob("set-*")}
        rebuilt = subprocess.run([sys.executable, "-m", "influencegraph", "build", "--rebuild", "-q"], env=env,
                                 capture_output=True, text=True, timeout=300)
        query = subprocess.run([sys.executable, "-m", "influencegraph", "query", CAPITAL], env=env,
                               capture_output=True, text=True, timeout=300)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert query.returncode == 0 and query.stdout.split()[:3] == ["n", "--", "64"], query.stderr
        assert count() == 64                                  # the server still reads the set it opened
        assert served <= set((out / ".sets").glob("set-*"))  # which the build left in place
    finally:
        proc.terminate()
        proc.wait(timeout=30)
