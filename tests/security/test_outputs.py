"""Outputs never destroy: `-o` writes regular files only, never the project's inputs without --force, and an
output that cannot be written is one line on stderr, never a traceback.

Every command runs as a real `influencegraph` process. Most refusals come before the graph is loaded, so those
runs take well under a second each; the few that fail only when writing load the graph first.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

#: Each command that takes -o, with arguments that would otherwise succeed
COMMANDS = {
    "export": ["export", "-f", "nquads"],
    "query": ["query", "capital-by-origin", "-f", "csv"],
    "report": ["report", "centrality", "-q", "-f", "md"],
    "view": ["view", "-q"],
}


def run(args, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD")}
    return subprocess.run([sys.executable, "-m", "influencegraph", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=timeout)


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    """The failure's single line on stderr (no traceback, nothing on stdout)."""
    assert proc.returncode != 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert proc.stdout == ""
    return lines[0]


def output_name(command: str) -> str:
    return {"view": "out.html", "report": "out.md"}.get(command, "out.txt")


# ---------------------------------------------------------------- only regular files are written

def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(path: Path) -> None:
    target = path.with_name("target.txt")
    target.write_text("the link's target, not to be touched\n")
    path.symlink_to(target)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("kept\n")


def _device(path: Path) -> None:
    """A character device like /dev/null (major 1, minor 3), made here so the real one is never at risk."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")


def _socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    return sock


def fingerprint(path: Path) -> tuple:
    """What is at ``path``, to compare before and after: type, inode, device numbers, link target, content."""
    st = os.lstat(path)
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    content = sorted(os.listdir(path)) if stat.S_ISDIR(st.st_mode) else None
    target = path.with_name("target.txt")
    return (stat.S_IFMT(st.st_mode), st.st_ino, st.st_rdev, st.st_mtime_ns, link, content,
            target.read_bytes() if target.exists() else None)


@pytest.mark.parametrize("make, kind", [(_fifo, "a FIFO"), (_symlink, "a symbolic link"), (_folder, "a folder"),
                                        (_device, "a device"), (_socket, "a socket")],
                         ids=["fifo", "symlink", "folder", "device", "socket"])
def test_export_refuses_an_output_that_is_not_a_regular_file_and_leaves_it_as_it_was(root, tmp_path, make, kind):
    path = tmp_path / "out.nq"
    keep = make(path)
    before = fingerprint(path)

    proc = run(["export", "-f", "nquads", "-o", path, "--root", root])

    assert proc.returncode == 2
    assert one_error_line(proc) == (f"error: refusing to write {path}: it is {kind}"
                                    + (" (named pipe)" if kind == "a FIFO" else "")
                                    + (" (refused, not followed)" if kind == "a symbolic link" else "")
                                    + "; outputs are regular files (use - for standard output)")
    assert fingerprint(path) == before
    assert {p.name for p in tmp_path.iterdir()} <= {"out.nq", "target.txt"}  # no temporary file left beside it
    if keep is not None:
        keep.close()


@pytest.mark.parametrize("command", ["query", "report", "view"])
def test_every_command_with_an_output_refuses_a_fifo_or_a_symlink(root, tmp_path, command):
    fifo, link = tmp_path / output_name(command), tmp_path / ("link-" + output_name(command))
    os.mkfifo(fifo)
    _symlink(link)
    before = fingerprint(fifo), fingerprint(link)

    for path, kind in ((fifo, "a FIFO (named pipe)"), (link, "a symbolic link (refused, not followed)")):
        proc = run([*COMMANDS[command], "-o", path, "--root", root])
        assert proc.returncode == 2
        assert one_error_line(proc).startswith(f"error: refusing to write {path}: it is {kind};")

    assert (fingerprint(fifo), fingerprint(link)) == before


def test_help_says_devices_are_refused_and_dash_is_standard_output(root):
    proc = run(["export", "--help"])
    text = " ".join(proc.stdout.split())
    assert "device (even /dev/null) is refused" in text and "- writes to standard output" in text


# ---------------------------------------------------------------- the project's inputs are not outputs

@pytest.mark.parametrize("args, target", [
    (["export", "-o", "graph/entities.trig"], "graph/entities.trig"),
    (["report", "centrality", "-q", "-o", "ontology/shapes.ttl", "-f", "md"], "ontology/shapes.ttl"),
    (["query", "capital-by-origin", "-o", "seeds/catalogue.ttl"], "seeds/catalogue.ttl"),
    (["view", "-q", "-o", "graph/sources/page.html"], "graph/sources/page.html"),
    (["build", "-q", "--output-dir", "ontology/out"], "ontology/out"),
], ids=["export", "report", "query", "view", "build"])
def test_an_output_inside_the_project_inputs_is_refused_without_force(project_copy, args, target):
    before = {p: p.read_bytes() for p in project_copy.rglob("*") if p.is_file()}

    proc = run([*args, "--root", project_copy], cwd=project_copy)

    assert proc.returncode == 2
    folder = target.split("/")[0]
    assert one_error_line(proc) == (f"error: refusing to write {target}: it is inside the project's input "
                                    f"folder {project_copy / folder}; give --force to write there anyway")
    assert {p: p.read_bytes() for p in project_copy.rglob("*") if p.is_file()} == before  # byte-identical


def test_force_writes_inside_the_inputs_when_asked(project_copy):
    target = project_copy / "graph" / "export.nq"

    proc = run(["export", "-f", "nquads", "-o", "graph/export.nq", "--force", "--root", project_copy],
               cwd=project_copy)

    assert proc.returncode == 0, proc.stderr
    assert target.stat().st_size > 0 and target.read_text(encoding="utf-8").count("\n") > 1000


# ---------------------------------------------------------------- unwritable outputs: one line, no traceback

@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_output_under_a_file_is_one_clear_line_before_any_work(root, tmp_path, command):
    (tmp_path / "notes.txt").write_text("a file, not a folder\n")
    path = tmp_path / "notes.txt" / output_name(command)

    proc = run([*COMMANDS[command], "-o", path, "--root", root])

    assert proc.returncode == 2
    assert one_error_line(proc) == f"error: cannot write {path}: {tmp_path / 'notes.txt'} is not a folder"


def test_build_into_a_folder_under_a_file_is_one_clear_line(root, tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder\n")

    proc = run(["build", "-q", "--output-dir", tmp_path / "notes.txt" / "out", "--root", root])

    assert proc.returncode == 2
    assert one_error_line(proc) == (f"error: cannot write into {tmp_path / 'notes.txt' / 'out'}: "
                                    f"{tmp_path / 'notes.txt'} is not a folder")
    assert (tmp_path / "notes.txt").read_text() == "a file, not a folder\n"


def test_output_that_fails_only_when_written_is_one_clear_line(root):
    """/proc refuses new files: the checks pass, the graph is loaded, and the write itself fails."""
    proc = run(["export", "-f", "nquads", "-o", "/proc/influencegraph-test/out.nq", "--root", root])

    assert proc.returncode == 2
    assert one_error_line(proc).startswith("error: cannot create /proc/influencegraph-test: ")


def test_build_that_fails_only_when_written_is_one_clear_line(project_copy):
    proc = run(["build", "-q", "--output-dir", "/proc/influencegraph-test", "--root", project_copy])

    assert proc.returncode == 2
    assert one_error_line(proc).startswith("error: cannot create /proc/influencegraph-test: ")
    assert not (project_copy / "build").exists()


def test_a_markdown_report_refuses_a_symlink_where_its_charts_folder_goes(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "kz_files").symlink_to(elsewhere)

    proc = run(["report", "dependency", "-q", "-o", tmp_path / "kz.md", "--root", root])

    assert proc.returncode == 2
    assert one_error_line(proc) == (f"error: refusing to write into {tmp_path / 'kz_files'}: it is a symbolic link "
                                    "(refused, not followed), not a folder")
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "kz.md").exists()
