"""Where a project's files are: ontology, curated graph, source catalogue, seed texts and build outputs."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Project", "find_root", "code_digest"]


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The project folder: ``$INFLUENCEGRAPH_ROOT``, else the nearest folder holding ``ontology/influence.ttl``
    looking up from ``start`` (default: the current folder), else the checkout this package was installed from."""
    env = os.environ.get("INFLUENCEGRAPH_ROOT")
    if start is None and env:
        return Path(env).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "influence.ttl").is_file():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology" / "influence.ttl").is_file():
        return checkout
    raise FileNotFoundError(
        f"no influencegraph project found from {here}: expected ontology/influence.ttl; "
        "run inside the repository or set INFLUENCEGRAPH_ROOT"
    )


@dataclass(frozen=True)
class Project:
    """The files of one influencegraph project."""

    root: Path

    @classmethod
    def locate(cls, root: str | os.PathLike | None = None) -> "Project":
        return cls(find_root(root))

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "influence.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def catalogue_file(self) -> Path:
        return self.root / "seeds" / "catalogue.ttl"

    @property
    def graph_files(self) -> list[Path]:
        """The curated data: graph/*.trig and graph/sources/*.trig, in a stable order."""
        folder = self.root / "graph"
        return sorted(folder.glob("*.trig")) + sorted((folder / "sources").glob("*.trig"))

    @property
    def build_dir(self) -> Path:
        return Path(os.environ.get("INFLUENCEGRAPH_BUILD", self.root / "build"))

    @property
    def seeds_dir(self) -> Path | None:
        """The folder of source texts (``$INFLUENCEGRAPH_SEEDS``, else ``../shared/seeds``), or None if absent."""
        folder = Path(os.environ.get("INFLUENCEGRAPH_SEEDS", self.root.parent / "shared" / "seeds"))
        return folder if folder.is_dir() else None

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def inputs(self) -> list[Path]:
        return [self.ontology_file, self.shapes_file, self.catalogue_file, *self.graph_files]

    def fingerprint(self) -> dict[str, str]:
        """What a build is made from, as sha256 digests by name: every input file, every seed text (paragraph
        numbers are checked against them) and the code that builds (``code``: this package's files). The same
        fingerprint means the same build."""
        digests = {self.relative(p): _sha256(p) for p in self.inputs() if p.is_file()}
        if self.seeds_dir is not None:
            digests.update({f"seeds:{p.name}": _sha256(p) for p in sorted(self.seeds_dir.glob("*.txt"))})
        digests["code"] = code_digest()
        return digests


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A sha256 of this package's files (code, queries, rules, templates): what a build or a cached network was
    made by, as well as from (computed once per process)."""
    import hashlib
    package = Path(__file__).resolve().parent
    code = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            code.update(str(path.relative_to(package)).encode() + b"\0" + _sha256(path).encode())
    return code.hexdigest()


def _sha256(path: Path) -> str:
    import hashlib
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
