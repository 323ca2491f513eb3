"""Imports run one way, faces -> operations -> store -> detectors, and no two modules import each other in a circle.

Read from the source with `ast`, so a violation is found without importing anything. Module-level imports make
cycles (`if TYPE_CHECKING:` ones do not run); the layer rules hold for imports anywhere, lazy ones included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("addon", "detectors", "store")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {
    module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, module: str, top_level: bool) -> Iterator[tuple[str, int]]:
    """(imported module, line) under `node`; with `top_level`, only what runs when the module is imported."""
    for child in ast.iter_child_nodes(node):
        if top_level and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if top_level and isinstance(child, ast.If) and _is_type_checking(child):
            yield from (item for stmt in child.orelse for item in _imports(stmt, module, top_level))
            continue
        if isinstance(child, ast.Import):
            yield from ((alias.name, child.lineno) for alias in child.names)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:  # relative: resolve against this module's package
                package = module.split(".")[: -child.level if MODULES[module].name != "__init__.py" else None]
                if MODULES[module].name == "__init__.py" and child.level > 1:
                    package = package[: -(child.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            for alias in child.names:
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in MODULES else base), child.lineno
        yield from _imports(child, module, top_level)


def _ours(name: str) -> str | None:
    """The module of ours `name` is or lies in (`store.models.Scope` -> `store.models`), else None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, top_level: bool) -> dict[str, int]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: dict[str, int] = {}
    for name, line in _imports(tree, module, top_level):
        target = _ours(name) if name.split(".")[0] in PACKAGES else None
        if target and target != module:
            found.setdefault(target, line)
    return found


# (importer prefix, forbidden import prefix, why)
RULES = (
    ("store", "addon", "the store is below the addon"),
    ("detectors", "store", "detectors are the bottom layer"),
    ("detectors", "addon", "detectors are the bottom layer"),
    ("addon.operations", "addon.cli", "operations are below the faces"),
    ("addon.operations", "addon.api", "operations are below the faces"),
    ("addon.operations", "addon.proxy_commands", "operations are below the faces"),
)


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_source_was_found() -> None:
    assert {"addon.proxy", "addon.cli", "addon.operations.audit", "store.reports", "detectors.engine"} <= set(MODULES)


@pytest.mark.parametrize(("importer", "forbidden", "why"), RULES)
def test_imports_run_one_way(importer: str, forbidden: str, why: str) -> None:
    wrong = [
        f"{module} imports {target} (line {line})"
        for module in MODULES
        if _under(module, importer)
        for target, line in imports_of(module, top_level=False).items()
        if _under(target, forbidden)
    ]
    assert not wrong, f"{why}: " + "; ".join(wrong)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in `graph` as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_level_import_cycles() -> None:
    graph = {module: set(imports_of(module, top_level=True)) for module in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_lazy_imports_count_for_the_layers_but_not_for_cycles() -> None:
    # store.db imports store.migrations inside open_db: not when store.db is imported, but an import all the same.
    assert "store.migrations" in imports_of("store.db", top_level=False)
    assert "store.migrations" not in imports_of("store.db", top_level=True)
    # `from . import commands` in addon.cli names the subpackage, not the package itself.
    assert "addon.cli.commands" in imports_of("addon.cli", top_level=True)
