"""The product's rooms: the import graph between zonestack's packages is a DAG, and the core stays light.

Nodes are zonestack's subpackages (``zonestack.deploy``, ``zonestack.rules`` ...) and its top-level
modules (``zonestack.model``); an edge is any import statement, at module level or inside a
function (a late import hides a cycle, it does not remove it). Read with ``ast``, so nothing is
imported to build the graph.
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "zonestack"

NOT_PRODUCT = ("livedns_emulator", "devkit", "tests", "bench", "constructs_lib", "stacks", "cdktf", "cdktn")
"""What the core never imports: the test rig, the layers above it, the CDK."""

FIRST_PARTY = ("zonestack", "constructs_lib", "stacks", "livedns_emulator", "devkit", "tests", "bench", "main")
ROOMS = {
    "zonestack": {"zonestack"},
    "constructs_lib": {"constructs_lib", "zonestack"},
    "stacks": {"stacks", "constructs_lib", "zonestack"},
    "main.py": {"stacks", "constructs_lib", "zonestack"},
    "livedns_emulator": {"livedns_emulator"},
    "devkit": {"devkit", "livedns_emulator", "zonestack"},
}
"""What each room of the repository may import from the others (the README's Layout section)."""

UPWARD_EXCEPTIONS = {"zonestack/deploy/synth.py": "stacks.app"}
"""The one documented reach into the cdktf layer: the deploy synthesises in its own process, importing
``stacks.app`` lazily inside a function (see that module's docstring)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _node(module: str) -> str:
    """``zonestack.deploy.engine`` -> ``zonestack.deploy``; ``zonestack.model`` -> itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every module ``path`` imports (absolute names; ``from a import b`` yields ``a`` and ``a.b``)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            yield name, node.lineno
            for alias in node.names:
                yield f"{name}.{alias.name}", node.lineno


def _is_node(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file()


def import_graph() -> dict[str, dict[str, str]]:
    """``{node: {imported node: "file:line" of the first such import}}`` for zonestack's nodes."""
    graph: dict[str, dict[str, str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _node(_module_name(path))
        edges = graph.setdefault(source, {})
        for name, line in _imports(path):
            if not name.startswith("zonestack."):
                continue
            target = _node(name)
            if target != source and _is_node(target):
                edges.setdefault(target, f"{path.relative_to(ROOT)}:{line}")
    return graph


def find_cycle(graph: dict[str, dict[str, str]]) -> list[str] | None:
    """One cycle as ``[a, b, ..., a]``, or None when the graph is a DAG (depth-first search)."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_package_import_graph_is_a_dag() -> None:
    graph = import_graph()
    assert len(graph) > 20, sorted(graph)  # the walk found the package
    cycle = find_cycle(graph)
    where = [f"{a} -> {b} ({graph[a][b]})" for a, b in itertools.pairwise(cycle)] if cycle else []
    assert cycle is None, "import cycle between zonestack's packages:\n  " + "\n  ".join(where)


def test_find_cycle_reports_a_cycle() -> None:
    """The check itself can fail: a two-node cycle is found and printed in order."""
    graph = {"a": {"b": "a.py:1"}, "b": {"c": "b.py:2"}, "c": {"a": "c.py:3"}, "d": {}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": ""}, "b": {}}) is None


def test_the_product_never_imports_the_rig_or_the_layers_above() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, line in _imports(path)
        if name.split(".")[0] in NOT_PRODUCT
        and not name.startswith(UPWARD_EXCEPTIONS.get(str(path.relative_to(ROOT)), "\0"))
    ]
    assert found == []


def test_each_room_imports_only_the_rooms_below_it() -> None:
    found = []
    for room, allowed in ROOMS.items():
        paths = [ROOT / room] if room.endswith(".py") else sorted((ROOT / room).rglob("*.py"))
        for path in paths:
            exception = UPWARD_EXCEPTIONS.get(str(path.relative_to(ROOT)), "\0")
            found += [f"{path.relative_to(ROOT)}:{line} imports {name}" for name, line in _imports(path)
                      if name.split(".")[0] in FIRST_PARTY and name.split(".")[0] not in allowed
                      and not name.startswith(exception)]
    assert found == []


def test_loading_the_model_loads_no_emulator_cdk_or_http() -> None:
    """``import zonestack.loader, zonestack.model`` (what validate and the constructs need) stays light."""
    code = (
        "import sys, zonestack.loader, zonestack.model\n"
        "heavy = ('livedns_emulator', 'devkit', 'cdktf', 'cdktn', 'constructs', 'jsii', 'httpx')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
