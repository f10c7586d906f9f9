"""The import structure of the package: no module imports itself back through others (counting imports inside
functions, which run later but still tie the modules together), the layers import in one direction only, and no
module grows past :data:`MAX_LINES` lines.

The graph is between modules (``influencegraph.stores.oxigraph``, not ``influencegraph.stores``): a package is a
namespace, and its modules are what import each other. Importing ``a.b.c`` counts as an edge to ``a.b.c`` only,
not to the packages around it (every module would otherwise depend on ``influencegraph/__init__``, the facade).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "influencegraph"

#: Cycles known today and left to another change; a new cycle, or a known one that grows, fails the test.
KNOWN_CYCLES: list[set[str]] = []

#: Modules that start the program (they load a project, so they may import any layer); a layer of their own.
APPLICATIONS = {"influencegraph.cli", "influencegraph.__main__", "influencegraph.sparql.server"}

#: The most lines a module may have: past it, split the module along its seams.
MAX_LINES = 400

#: Modules allowed to be longer, each with why (paths under src/influencegraph).
LONG_MODULES = {
    "vocab.py",                    # generated whole from the ontology (ontology.write_vocab_module)
}

def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(node, package: str, modules: set[str]) -> list[str]:
    """The influencegraph modules an ``import`` or ``from … import`` statement names (``from . import x`` names
    the module ``x`` when there is one, else the package)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]


def import_graph(root: Path = PACKAGE) -> nx.DiGraph:
    """Module → the influencegraph modules it imports, anywhere in its source."""
    files = {module_name(path, root): path for path in root.rglob("*.py")}
    graph = nx.DiGraph()
    for module, path in files.items():
        graph.add_node(module)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in imported(node, package, set(files)):
                while target and target not in files:          # `from x.y import name`: the module x.y
                    target = target.rpartition(".")[0]
                if target and target != module:
                    graph.add_edge(module, target)
    return graph


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_the_import_graph_sees_imports_inside_functions(graph):
    # sparql/__init__.py imports .engines only inside select(); the test must count it
    assert graph.has_edge("influencegraph.sparql", "influencegraph.sparql.engines")
    assert graph.has_edge("influencegraph.stores.oxigraph", "influencegraph.stores")


def test_no_module_imports_itself_back(graph):
    cycles = [set(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    unexpected = [sorted(c) for c in cycles if c not in KNOWN_CYCLES]
    assert not unexpected, f"import cycles: {unexpected}"


def test_a_cycle_is_found_when_there_is_one(tmp_path):
    root = tmp_path / "influencegraph"
    (root / "a").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "a" / "__init__.py").write_text("")
    (root / "a" / "x.py").write_text("def f():\n    from ..b import g\n")
    (root / "b.py").write_text("from .a import x\n")
    cycles = [c for c in nx.strongly_connected_components(import_graph(root)) if len(c) > 1]
    assert cycles == [{"influencegraph.a.x", "influencegraph.b"}]


def package_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph between layers: the top-level modules and subpackages of influencegraph (the applications apart)."""
    def layer(module: str) -> str:
        return module if module in APPLICATIONS else ".".join(module.split(".")[:2])
    layers = nx.DiGraph()
    for a, b in graph.edges:
        if layer(a) != layer(b):
            layers.add_edge(layer(a), layer(b))
    return layers


def test_no_layer_imports_itself_back(graph):
    cycles = [set(c) for c in nx.strongly_connected_components(package_graph(graph)) if len(c) > 1]
    assert [sorted(c) for c in cycles if c not in KNOWN_CYCLES] == []


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_modules(root: Path = PACKAGE) -> dict[str, int]:
    """Modules (paths under ``root``) longer than :data:`MAX_LINES` lines, with their length."""
    return {path.relative_to(root).as_posix(): n for path in sorted(root.rglob("*.py"))
            if (n := lines_of(path)) > MAX_LINES}


def test_no_module_is_longer_than_the_limit():
    too_long = {name: n for name, n in long_modules().items() if name not in LONG_MODULES}
    assert not too_long, f"modules over {MAX_LINES} lines (split them): {too_long}"


def test_every_module_allowed_to_be_long_is():
    # an entry left behind after its module was split would let the module grow back unnoticed
    assert sorted(LONG_MODULES - set(long_modules())) == []


def test_a_long_module_is_found(tmp_path):
    root = tmp_path / "influencegraph"
    (root / "a").mkdir(parents=True)
    (root / "a" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (root / "a" / "short.py").write_text("x = 1\n" * MAX_LINES)
    assert long_modules(root) == {"a/long.py": MAX_LINES + 1}


# ------------------------------------------------------------------------------------ the documented layers
ARCHITECTURE = PACKAGE.parents[1] / "docs" / "architecture.md"


def documented_layers(text: str) -> dict[str, int]:
    """Module name → layer number, from the layer table of docs/architecture.md (rows ``| 3. stores | `a`, `b` |``).

    >>> documented_layers("| layer | modules |\\n|---|---|\\n| 1. terms | `vocab`, `errors` | x |\\n| 2. io | `loading` |")
    {'influencegraph.vocab': 1, 'influencegraph.errors': 1, 'influencegraph.loading': 2}
    """
    layers = {}
    for row in re.finditer(r"^\|\s*(\d+)\.[^|]*\|([^|]*)\|", text, re.MULTILINE):
        for name in re.findall(r"`([\w.]+)`", row.group(2)):
            layers["influencegraph" if name == "influencegraph" else f"influencegraph.{name}"] = int(row.group(1))
    return layers


def layer_of(module: str, layers: dict[str, int]) -> int | None:
    """The layer of the longest documented name that is the module or a package around it."""
    while module:
        if module in layers:
            return layers[module]
        module = module.rpartition(".")[0]
    return None


@pytest.fixture(scope="module")
def layers():
    return documented_layers(ARCHITECTURE.read_text(encoding="utf-8"))


def test_the_layer_table_places_every_module_and_names_only_real_ones(graph, layers):
    assert len(set(layers.values())) >= 6, "the layer table of docs/architecture.md was not found"
    assert [m for m in sorted(graph) if layer_of(m, layers) is None] == []
    assert [name for name in sorted(layers) if name not in graph] == []


def test_no_module_imports_from_a_higher_layer_than_its_own(graph, layers):
    upward = [(a, layer_of(a, layers), b, layer_of(b, layers)) for a, b in graph.edges()
              if layer_of(b, layers) > layer_of(a, layers)]
    assert upward == [], "imports that go up a layer (module, its layer, imported, its layer): " + str(upward)


def test_the_layer_test_sees_an_upward_import():
    layers = documented_layers("| 1. base | `vocab` |\n| 2. top | `cli` |")
    g = nx.DiGraph([("influencegraph.vocab", "influencegraph.cli.x")])
    assert [(a, b) for a, b in g.edges() if layer_of(b, layers) > layer_of(a, layers)] \
        == [("influencegraph.vocab", "influencegraph.cli.x")]
