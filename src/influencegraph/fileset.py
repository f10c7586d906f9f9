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
current and no longer held by a reader.

An entry may be a folder written by a function (the build's Oxigraph store): ``{"store": fill}`` calls
``fill(path)`` to create it inside the new set. A reader that keeps a set open for long (a store, a server)
holds it with :func:`hold`, a shared lock on the set's ``.readers`` file: a later swap leaves a held set in place
and removes it once nobody holds it, so a reader never sees its files vanish under it. An output folder from before this layout (plain files) is first adopted as the old set, file by file,
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
from typing import Callable

from .outputs import OutputError, make_folder, reason

__all__ = ["swap_in", "hold", "Held", "current_set", "SETS", "CURRENT"]

SETS = ".sets"
CURRENT = "current"
_PREFIX = "set-"
_READERS = ".readers"


def swap_in(out: str | os.PathLike, files: dict[str, "bytes | Callable[[Path], None]"]) -> list[Path]:
    """Write ``files`` (name → bytes, or a function that creates that path) into the folder ``out`` as one unit;
    return their paths in ``out``.

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
            if callable(data):
                data(folder / name)
                continue
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode(0o666))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.close(os.open(folder / _READERS, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode(0o666)))
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
            if path.is_file() and not path.is_symlink() and not callable(files[name]):
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
            _remove_unless_held(entry)
    prefix = f"{SETS}/{CURRENT}/"
    for entry in out.iterdir():
        if entry.name not in names and entry.is_symlink() and os.readlink(entry).startswith(prefix):
            with contextlib.suppress(OSError):
                entry.unlink()


def _remove_unless_held(folder: Path) -> None:
    """Remove a set no reader holds. It is renamed away while its ``.readers`` lock is taken, so a reader that
    locks it a moment later finds it gone (see :func:`hold`) and takes the current set instead."""
    import fcntl
    try:
        fd = os.open(folder / _READERS, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:                  # a set from before readers held sets, or a half-removed one
        shutil.rmtree(folder, ignore_errors=True)
        return
    except OSError:
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return                             # held: a later swap removes it
        trash = folder.with_name(f".removing-{folder.name}")
        try:
            os.rename(folder, trash)
        except OSError:
            return
    finally:
        os.close(fd)
    shutil.rmtree(trash, ignore_errors=True)


def current_set(out: str | os.PathLike) -> Path | None:
    """The folder of the current set in ``out`` (None: no set yet)."""
    sets = Path(out) / SETS
    name = _current(sets)
    return sets / name if name else None


class Held:
    """A set held open by a reader: its files stay in place until :meth:`release` (or the process ends).

    ``folder`` is the set's own folder (not the ``current`` link, which a later swap moves on)."""

    def __init__(self, folder: Path, fd: int):
        self.folder = folder
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self):
        self.release()


def hold(out: str | os.PathLike, attempts: int = 5) -> Held | None:
    """Hold the current set of ``out`` for reading (a shared lock); None if ``out`` has no set a reader can hold.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = swap_in(folder, {"a.txt": b"1"})
    ...     held = hold(folder)
    ...     _ = swap_in(folder, {"a.txt": b"2"})
    ...     kept = (held.folder / "a.txt").read_bytes(), (pathlib.Path(folder) / "a.txt").read_bytes()
    ...     held.release()
    ...     _ = swap_in(folder, {"a.txt": b"3"})
    ...     kept, held.folder.exists()
    ((b'1', b'2'), False)
    """
    import fcntl
    for _ in range(attempts):
        folder = current_set(out)
        if folder is None:
            return None
        try:
            fd = os.open(folder / _READERS, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            if current_set(out) == folder and folder.is_dir():
                return None                    # a set from before readers held sets
            continue                           # removed meanwhile: take the new current set
        except OSError:
            return None
        fcntl.flock(fd, fcntl.LOCK_SH)
        if folder.is_dir():
            return Held(folder.resolve(), fd)
        os.close(fd)                           # removed between the look and the lock
    return None
