"""The Liquid package's layout: no import cycle between its modules, no private names
imported across them."""

from __future__ import annotations

import ast
from pathlib import Path

import compiler.liquid

PACKAGE = Path(compiler.liquid.__file__).parent


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[tuple[str, str]]]:
    """Module -> (imported module, imported name) within compiler.liquid."""
    out: dict[str, set[tuple[str, str]]] = {}
    for path in PACKAGE.rglob("*.py"):
        found: set[tuple[str, str]] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("compiler.liquid"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    sub = PACKAGE.parent.parent / Path(*target.split("."))
                    if sub.with_suffix(".py").is_file() or (sub / "__init__.py").is_file():
                        found.add((target, ""))
                    else:
                        found.add((node.module, alias.name))
        out[_module(path)] = found
    return out


def test_no_import_cycle_in_the_liquid_package() -> None:
    graph = {m: {t for t, _ in deps if t != m} for m, deps in _imports().items()}
    # A package's __init__ importing its own modules is how it re-exports them.
    graph = {m: {t for t in deps if not m or not t.startswith(m + ".")} for m, deps in
             graph.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in graph.get(m, ()):
            if state.get(t) == 1:
                raise AssertionError(" -> ".join([*path[path.index(t):], t]))
            if t not in state:
                visit(t)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_no_private_name_is_imported_across_modules() -> None:
    private = sorted(f"{m} imports {mod}.{name}" for m, deps in _imports().items()
                     for mod, name in deps if name.startswith("_"))
    assert private == []
