"""Where outputs may go, and how they get there without destroying anything.

- An output is a regular file. Whatever else is at the path — a folder, a symbolic link (refused, not followed),
  a FIFO, a device such as ``/dev/null``, a socket — is left alone and the write is refused
  (:class:`OutputError`). ``-`` (standard output) is the way to write to a stream.
- The project's own inputs (``graph/``, ``ontology/``, ``seeds/`` and every file :meth:`Project.inputs` names)
  are not overwritten unless asked (``force``).
- A file is written beside its target and renamed into place (:func:`atomic_write`): readers see the old file
  or the new one, never half of one.
- A set of files written together (the build's) is swapped in as one unit (:func:`swap_in`, in
  :mod:`influencegraph.fileset`).

Every failure is an :class:`OutputError` (a ``ValueError``) with one line naming the path and the reason.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["OutputError", "STDOUT", "check_target", "check_not_input", "check_folder", "guard", "atomic_write",
           "make_folder", "reason"]

STDOUT = "-"

_KINDS = ((stat.S_ISLNK, "a symbolic link (refused, not followed)"), (stat.S_ISDIR, "a folder"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


class OutputError(ValueError):
    """An output that may not or cannot be written; the message is one line naming the path."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def reason(path: Path, exc: OSError) -> str:
    """Why writing ``path`` failed, in words: names the ancestor that is a file, if that is the cause."""
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        for parent in Path(path).parents:
            if parent.exists() or parent.is_symlink():
                if not parent.is_dir():
                    return f"{parent} is not a folder"
                break
    return exc.strerror or str(exc)


def check_target(path: str | os.PathLike) -> None:
    """Refuse unless ``path`` is absent or a regular file. A symbolic link is refused, never followed.

    Raises
    ------
    OutputError
        Naming the path and what is there.
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # absent (or under a file: the write itself says so)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {reason(path, exc)}") from None
    kind = _kind(mode)
    if kind is not None:
        raise OutputError(f"refusing to write {path}: it is {kind}; outputs are regular files "
                          f"(use - for standard output)")


def _protected(project) -> tuple[list[Path], list[Path]]:
    """The project's input folders and input files, resolved."""
    folders = [project.root / name for name in ("graph", "ontology", "seeds")]
    if project.seeds_dir is not None:
        folders.append(project.seeds_dir)
    return [f.resolve() for f in folders], [f.resolve() for f in project.inputs()]


def _resolved(path: Path) -> Path:
    """``path`` made absolute, its folders' symbolic links resolved (the last part is kept as it is)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def check_not_input(path: str | os.PathLike, root=None, force: bool = False) -> None:
    """Refuse ``path`` if it is, or lies inside, one of the project's inputs (unless ``force``).

    ``root`` is the project folder (default: found as every command finds it); with no project there is nothing
    to protect.
    """
    if force:
        return
    from .project import Project
    try:
        project = Project.locate(root)
    except FileNotFoundError:
        return
    target = _resolved(Path(path))
    folders, files = _protected(project)
    hit = next((f for f in folders if target == f or f in target.parents), None)
    if hit is None and target not in files:
        return
    what = f"inside the project's input folder {hit}" if hit is not None else "one of the project's input files"
    raise OutputError(f"refusing to write {path}: it is {what}; give --force to write there anyway")


def guard(output, root=None, force: bool = False) -> None:
    """Check an output path before any work is done: a regular file (or absent), not a project input.

    ``-`` (standard output) always passes.
    """
    if output is None or str(output) == STDOUT:
        return
    check_target(output)
    _check_parents(Path(output))
    check_not_input(output, root, force)


def _check_parents(path: Path) -> None:
    """Refuse at once a path under a file (``notes.txt/out.csv``): the nearest existing parent must be a folder."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"cannot write {path}: {parent} is not a folder")
            return
        if parent.is_symlink():
            raise OutputError(f"cannot write {path}: {parent} is a broken symbolic link")


def check_folder(folder: str | os.PathLike) -> None:
    """Refuse a folder to write into if something other than a folder (or a link to one) is at its path, or
    one of its parents is a file. An absent folder passes (it will be created)."""
    folder = Path(folder)
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {reason(folder / '_', exc)}") from None
    if not stat.S_ISDIR(mode):
        raise OutputError(f"refusing to write into {folder}: it is {_kind(mode) or 'a file'}, not a folder")


def make_folder(folder: str | os.PathLike) -> Path:
    """Create ``folder`` (and its parents) if absent; refuse a symbolic link or a non-folder at that path."""
    folder = Path(folder)
    try:
        mode = os.lstat(folder).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {reason(folder, exc)}") from None
    if mode is not None and not stat.S_ISDIR(mode):
        raise OutputError(f"refusing to write into {folder}: it is {_kind(mode) or 'a file'}, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {reason(folder, exc)}") from None
    return folder


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it into place: readers never see half a file.

    Only a regular file (or nothing) at ``path`` is replaced (:func:`check_target`); missing parent folders are
    created. Raises :class:`OutputError` if the file may not or cannot be written.
    """
    path = Path(path)
    check_target(path)
    make_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: cannot create a file in {path.parent}: "
                          f"{reason(path, exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs are ordinary files
        check_target(path)  # again, just before the rename: something may have appeared meanwhile
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(f"cannot write {path}: {reason(path, exc)}") from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
