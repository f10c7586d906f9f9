"""The build's files are swapped in as one unit: interrupted at any rename, the build folder holds the whole old
set or the whole new one, never a new .trig beside an old .nq; what the build did not write is left alone.

The interruption is real: ``os.replace`` is made to fail at its n-th call in this process, on real files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import influencegraph
from influencegraph.fileset import swap_in
from influencegraph.outputs import OutputError
from influencegraph.pipeline import OUTPUTS, SUMMARY, build

NAMES = (OUTPUTS["trig"], OUTPUTS["nquads"], SUMMARY)
OLD = {name: f"old {name}\n".encode() for name in NAMES}
NEW = {name: f"new {name}\n".encode() for name in NAMES}


def fail_replace_at(monkeypatch, n: int) -> list:
    """Make the n-th ``os.replace`` in this process raise, as a full disk or a kill would interrupt it."""
    calls = []
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        calls.append(Path(dst).name)
        if len(calls) == n:
            raise OSError(28, "No space left on device")
        return real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)
    return calls


def seen(out: Path) -> dict:
    """What a reader opening each output by its name gets (None: nothing there)."""
    return {name: (out / name).read_bytes() if (out / name).exists() else None for name in NAMES}


def old_layout(out: Path) -> None:
    """A build folder as earlier versions left it: plain files, beside things other tools put there."""
    out.mkdir()
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    (out / "test-artifacts").mkdir()
    (out / "test-artifacts" / "shot.png").write_bytes(b"png")
    (out / "notes.txt").write_text("mine\n")


def others(out: Path) -> dict:
    return {"shot": (out / "test-artifacts" / "shot.png").read_bytes(), "notes": (out / "notes.txt").read_text()}


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_interrupted_swap_leaves_the_old_set_or_the_new_set_whole(tmp_path, monkeypatch, n):
    out = tmp_path / "build"
    old_layout(out)
    calls = fail_replace_at(monkeypatch, n)

    with pytest.raises(OutputError, match="No space left on device"):
        swap_in(out, NEW)

    assert len(calls) == n  # the swap stopped at the failing rename
    assert seen(out) == OLD  # the last rename is the swap itself: every earlier one keeps the old content
    monkeypatch.undo()
    swap_in(out, NEW)
    assert seen(out) == NEW
    assert others(out) == {"shot": b"png", "notes": "mine\n"}
    assert sorted(p.name for p in (out / ".sets").iterdir() if p.name.startswith("set-")) == [
        os.readlink(out / ".sets" / "current")]  # no set left but the current one
    assert not [p for p in out.iterdir() if p.name.endswith(".link")]


def test_second_swap_interrupted_at_its_rename_keeps_the_previous_set(tmp_path, monkeypatch):
    out = tmp_path / "build"
    swap_in(out, OLD)
    calls = fail_replace_at(monkeypatch, 1)

    with pytest.raises(OutputError):
        swap_in(out, NEW)

    assert calls == ["current"]  # once the links exist, a swap is one rename
    assert seen(out) == OLD
    assert len([p for p in (out / ".sets").iterdir() if p.name.startswith("set-")]) == 1


def test_interrupted_build_keeps_the_previous_build_whole_and_the_next_one_replaces_it(project_copy, monkeypatch):
    out = project_copy / "build"
    old_layout(out)
    fail_replace_at(monkeypatch, 2)

    with pytest.raises(OutputError):
        build(project_copy, out)

    assert seen(out) == OLD
    monkeypatch.undo()
    kg = build(project_copy, out)
    new = seen(out)
    assert all(new[name] != OLD[name] and new[name] for name in NAMES)
    assert [p.name for p in kg.outputs] == [*NAMES, "answers.json", "manifest.json", "store"]
    assert new[OUTPUTS["trig"]].startswith(b"@prefix") and b"statements" in new[SUMMARY]
    assert others(out) == {"shot": b"png", "notes": "mine\n"}
    assert (out / ".gitignore").read_text() == "*\n"
    # readers find the build where they always did: load() opens its store rather than rebuilding
    loaded = influencegraph.load(root=project_copy)
    assert loaded.store.scheme == "build" and loaded.stats() == kg.stats()
    assert influencegraph._fresh_build(kg.project) == out / OUTPUTS["nquads"]


def test_a_first_swap_over_plain_files_makes_five_renames_the_last_being_the_swap(tmp_path, monkeypatch):
    """So the interruptions above, at renames 1 to 5, cover every rename there is."""
    out = tmp_path / "build"
    old_layout(out)
    calls = fail_replace_at(monkeypatch, 0)

    swap_in(out, NEW)

    assert calls == ["current", *NAMES, "current"]
    assert seen(out) == NEW
