"""The projected network cached per build: on disk under the build folder, keyed by the store's content, read back
by the next KnowledgeGraph (the next process) instead of running the derivation rules again."""

from __future__ import annotations

import logging
import os

import pytest

from influencegraph.analysis import network_cache, projection
from influencegraph.graph import KnowledgeGraph
from influencegraph.project import Project
from influencegraph.stores.memory import MemoryStore


@pytest.fixture(scope="module")
def projected(kg):
    """The seed graph's default projection, made once."""
    return projection.project(kg)


@pytest.fixture
def calls(monkeypatch, projected):
    """Count the projections run: each call of ``project`` is recorded and answered with the real network."""
    made = []

    def project(kg, **params):
        made.append(params)
        return projected.copy()
    monkeypatch.setattr(projection, "project", project)
    return made


def graph_over(kg, build, content_key="0123abcd"):
    """A new KnowledgeGraph (as a new process would make) over the seed data, with its build folder at ``build``
    and a store that names its content ``content_key``."""
    store = type("NamedStore", (MemoryStore,), {"content_key": content_key})()   # whether the base's is a property
    store.replace(kg.dataset)
    return KnowledgeGraph(kg.dataset, project=Project(build.parent), store=store)


@pytest.fixture
def build(tmp_path, monkeypatch):
    folder = tmp_path / "build"
    monkeypatch.setenv("INFLUENCEGRAPH_BUILD", str(folder))
    return folder


def entries(build):
    return sorted(p.name for p in (build / network_cache.FOLDER).glob("*.network"))


def same_network(a, b) -> bool:
    return (a.graph == b.graph and dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            and sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr))


def test_a_second_graph_over_the_same_build_reads_the_network_from_disk(kg, build, calls, caplog):
    first = graph_over(kg, build).network()
    assert len(calls) == 1 and len(entries(build)) == 1
    with caplog.at_level(logging.INFO, logger="influencegraph.analysis.network_cache"):
        second = graph_over(kg, build).network()
    assert len(calls) == 1
    assert "network from cache" in caplog.text
    assert second is not first and same_network(second, first)


def test_the_network_read_back_equals_the_one_projected(kg, build, projected):
    graph_over(kg, build).network()
    again = graph_over(kg, build).network()
    assert same_network(again, projected)
    edge = next(d for _u, _v, d in again.edges(data=True) if d["sources"])
    assert isinstance(edge["sources"][0], tuple)              # kept as made, not turned into lists
    assert isinstance(next(iter(again.graph["families"].values())), frozenset)


def test_a_second_call_in_one_process_gives_the_same_object(kg, build, calls):
    fresh = graph_over(kg, build)
    assert fresh.network(relations=["leads", "investsIn"]) is fresh.network(relations=["investsIn", "leads"])
    assert len(calls) == 1


def test_each_parameter_set_has_its_own_entry(kg, build, calls):
    graph_over(kg, build).network()
    graph_over(kg, build).network(as_of="2020")
    graph_over(kg, build).network(hedged=True)
    assert len(entries(build)) == 3
    graph_over(kg, build).network(hedged=True)
    assert [c["hedged"] for c in calls] == [False, False, True]
    assert calls[1]["as_of"] == "2020"


def test_another_content_key_projects_again_and_prunes_the_old_entries(kg, build, calls):
    graph_over(kg, build, "aaaa").network()
    graph_over(kg, build, "aaaa").network(hedged=True)
    graph_over(kg, build, "bbbb").network()
    assert len(calls) == 3
    assert [name.split(".")[0] for name in entries(build)] == ["bbbb"]


def test_what_an_interrupted_write_of_another_build_left_is_removed(kg, build, calls):
    folder = build / network_cache.FOLDER
    folder.mkdir(parents=True)
    left = folder / ".aaaa.c0de.0123.network.x1y2.tmp"
    left.write_bytes(b"half a file")
    graph_over(kg, build, "bbbb").network()
    assert not left.exists() and len(entries(build)) == 1


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"not a cache file",
                                    lambda data: data.replace(b"cache 1", b"cache 0", 1), lambda data: b""])
def test_a_damaged_cache_file_is_projected_again_and_rewritten(kg, build, calls, damage):
    graph_over(kg, build).network()
    [path] = (build / network_cache.FOLDER).glob("*.network")
    path.write_bytes(damage(path.read_bytes()))
    path.chmod(0o600)
    G = graph_over(kg, build).network()
    assert len(calls) == 2
    assert same_network(graph_over(kg, build).network(), G) and len(calls) == 2      # the rewritten file is read


def test_a_cache_file_another_user_could_write_is_not_read(kg, build, calls):
    graph_over(kg, build).network()
    [path] = (build / network_cache.FOLDER).glob("*.network")
    path.chmod(0o664)
    graph_over(kg, build).network()
    assert len(calls) == 2
    assert (path.stat().st_mode & 0o077) == 0                  # rewritten, readable by its owner only


def test_a_cache_file_that_is_a_symbolic_link_is_not_followed(kg, build, calls, tmp_path):
    graph_over(kg, build).network()
    [path] = (build / network_cache.FOLDER).glob("*.network")
    elsewhere = tmp_path / "elsewhere.network"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    graph_over(kg, build).network()
    assert len(calls) == 2


def test_a_build_folder_that_cannot_be_written_means_no_disk_cache_not_an_error(kg, build, calls, caplog):
    build.parent.mkdir(parents=True, exist_ok=True)
    build.write_text("a file where the build folder should be")
    with caplog.at_level(logging.INFO, logger="influencegraph.analysis.network_cache"):
        G = graph_over(kg, build).network()
        graph_over(kg, build).network()
    assert G.number_of_edges() > 0 and len(calls) == 2
    assert "not caching the network" in caplog.text


def test_without_a_content_key_nothing_is_written(kg, build, calls):
    graph_over(kg, build, content_key=None).network()
    graph_over(kg, build, content_key=None).network()
    assert len(calls) == 2 and not build.exists()


def test_the_entry_names_the_content_key_the_code_and_the_parameters(kg, build):
    a = network_cache.entry_name("abc", "c0de", network_cache.parameters(relations=["leads"]))
    b = network_cache.entry_name("abc", "c0de", network_cache.parameters(relations=["investsIn"]))
    assert a.startswith("abc.c0de.") and b.startswith("abc.c0de.") and a != b
    odd = network_cache.entry_name("../x y", "c0de", network_cache.parameters())
    assert "/" not in odd and " " not in odd and len(odd.split(".")[0]) == 64


def test_a_malformed_date_is_refused_before_any_cache(kg, build, calls):
    with pytest.raises(ValueError, match="as_of"):
        graph_over(kg, build).network(as_of="last year")
    assert calls == [] and not build.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="ownership is checked on POSIX only")
def test_only_files_of_the_current_user_are_trusted(tmp_path):
    mine = tmp_path / "mine"
    mine.write_bytes(b"x")
    mine.chmod(0o644)
    assert network_cache._trusted(mine.stat())
    mine.chmod(0o646)
    assert not network_cache._trusted(mine.stat())
    assert not network_cache._trusted(tmp_path.stat())          # a folder is not a cache file
    if os.geteuid() == 0:                                         # root can give the file to another user
        mine.chmod(0o644)
        os.chown(mine, os.geteuid() + 4321, -1)
        assert not network_cache._trusted(mine.stat())
