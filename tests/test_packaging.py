"""Every third-party package the code imports is declared in pyproject.toml, so an install brings it."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "influencegraph"


def imported_top_levels(folder: Path) -> dict[str, str]:
    """Top-level module name -> first file (relative to ``folder``) importing it, for every absolute import in
    ``folder``, those inside functions too."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(folder)))
    return found


def third_party(imports: dict[str, str]) -> dict[str, str]:
    return {name: where for name, where in imports.items()
            if name not in sys.stdlib_module_names and name != "influencegraph"}


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions() -> set[str]:
    """The names in pyproject.toml's ``[project] dependencies`` (PEP 503 normalised)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalised(re.match(r"[A-Za-z0-9._-]+", spec).group()) for spec in project["dependencies"]}


def test_the_import_collector_sees_imports_inside_functions_and_skips_the_standard_library(tmp_path):
    (tmp_path / "m.py").write_text("import json, rdflib.namespace\nfrom . import sibling\n"
                                   "def f():\n    from pandas import DataFrame\n    import numpy as np\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "n.py").write_text("from influencegraph.vocab import IG\nfrom markupsafe import Markup\n")

    assert third_party(imported_top_levels(tmp_path)) == {"rdflib": "m.py", "pandas": "m.py", "numpy": "m.py",
                                                          "markupsafe": "sub/n.py"}


def test_every_imported_package_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    declared = declared_distributions()
    undeclared = {name: where for name, where in third_party(imported_top_levels(SRC)).items()
                  if not declared & {_normalised(d) for d in distributions.get(name, [name])}}

    assert undeclared == {}, f"imported but not in pyproject.toml dependencies: {undeclared}"
