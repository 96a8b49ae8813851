"""The Liquid package's layout: no private names imported across its modules (no import
cycle between them is ``tests/test_import_cycles.py``'s, for the whole tree)."""

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


def test_no_private_name_is_imported_across_modules() -> None:
    private = sorted(f"{m} imports {mod}.{name}" for m, deps in _imports().items()
                     for mod, name in deps if name.startswith("_"))
    assert private == []
