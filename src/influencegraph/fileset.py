"""A set of output files swapped in as one unit: readers see the whole old set or the whole new one, never a new
file beside an old one.

Layout of an output folder ``out`` holding the files ``a`` and ``b``::

    out/a -> .sets/current/a          (symbolic links, made once)
    out/b -> .sets/current/b
    out/.sets/current -> set-XXXX     (the one link a swap changes)
    out/.sets/set-XXXX/a, b           (the files)

A swap writes the new files into a new ``set-…`` folder, then points ``current`` at it with a single rename.
An interruption before that rename leaves the old set in place; after it, the new one. Anything else in ``out``
(other files, folders, stores) is left alone; only ``set-…`` folders the swap made are removed, once no longer
current. An output folder from before this layout (plain files) is first adopted as the old set, file by file,
each step leaving readers the same content.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     out = pathlib.Path(folder)
...     names = [p.name for p in swap_in(out, {"a.txt": b"1", "b.txt": b"2"})]
...     _ = swap_in(out, {"a.txt": b"3", "b.txt": b"4"})
...     names, (out / "a.txt").read_bytes(), (out / "b.txt").is_symlink()
(['a.txt', 'b.txt'], b'3', True)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .outputs import OutputError, make_folder, reason

__all__ = ["swap_in", "SETS", "CURRENT"]

SETS = ".sets"
CURRENT = "current"
_PREFIX = "set-"


def swap_in(out: str | os.PathLike, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name → bytes) into the folder ``out`` as one unit; return their paths in ``out``.

    Raises
    ------
    OutputError
        If the folder or a file cannot be written; the previous set is then still in place, complete.
    """
    out = make_folder(out)
    sets = make_folder(out / SETS)
    with _locked(sets):
        new = _write_set(sets, files)
        try:
            _adopt_previous(out, sets, files)
            for name in files:
                _point(out / name, f"{SETS}/{CURRENT}/{name}")
            _point(sets / CURRENT, new.name)  # the swap: one rename
        except BaseException:
            if _current(sets) != new.name:
                shutil.rmtree(new, ignore_errors=True)
            raise
        _sync(sets)
        _prune(out, sets, keep=new.name, names=set(files))
    return [out / name for name in files]


@contextlib.contextmanager
def _locked(sets: Path):
    """One swap at a time in a folder (an advisory lock on ``.sets/.lock``)."""
    import fcntl
    try:
        fd = os.open(sets / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {sets}: {reason(sets, exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _mode(bits: int) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return bits & ~umask


def _write_set(sets: Path, files: dict[str, bytes]) -> Path:
    """A new ``set-…`` folder holding ``files``, flushed to disk."""
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=sets))
        os.chmod(folder, _mode(0o777))
        for name, data in files.items():
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode(0o666))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        _sync(folder)
    except OSError as exc:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise OutputError(f"cannot write {folder or sets}: {reason(folder or sets, exc)}") from None
    return folder


def _current(sets: Path) -> str | None:
    try:
        return os.readlink(sets / CURRENT)
    except OSError:
        return None


def _adopt_previous(out: Path, sets: Path, files: dict[str, bytes]) -> None:
    """Make plain files left by an earlier layout the current set, so each link that replaces one shows the same
    content; a no-op once ``current`` exists."""
    if _current(sets) is not None:
        return
    try:
        old = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=sets))
        os.chmod(old, _mode(0o777))
        for name in files:
            path = out / name
            if path.is_file() and not path.is_symlink():
                try:
                    os.link(path, old / name)
                except OSError:
                    shutil.copy2(path, old / name)
    except OSError as exc:
        raise OutputError(f"cannot write {sets}: {reason(sets, exc)}") from None
    _point(sets / CURRENT, old.name)


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symbolic link to ``target`` by one rename (nothing to do if it already is)."""
    try:
        if os.readlink(link) == target:
            return
    except OSError:
        pass
    try:
        if stat.S_ISDIR(os.lstat(link).st_mode):
            raise OutputError(f"refusing to replace {link}: it is a folder")
    except FileNotFoundError:
        pass
    tmp = link.with_name(f".{link.name}.{os.urandom(6).hex()}.link")
    try:
        os.symlink(target, tmp)
        os.replace(tmp, link)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {link}: {reason(link, exc)}") from None


def _sync(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _prune(out: Path, sets: Path, keep: str, names: set[str]) -> None:
    """Remove the swap's own leftovers: earlier ``set-…`` folders, and links to files the new set lacks."""
    for entry in sets.iterdir():
        if entry.name.startswith(_PREFIX) and entry.name != keep and not entry.is_symlink() and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
    prefix = f"{SETS}/{CURRENT}/"
    for entry in out.iterdir():
        if entry.name not in names and entry.is_symlink() and os.readlink(entry).startswith(prefix):
            with contextlib.suppress(OSError):
                entry.unlink()
