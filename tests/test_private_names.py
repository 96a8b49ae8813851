"""No module of the product imports another module's private names (``_same_file``,
``_outermost`` …): what two modules share is public in the module that owns it, or
moves down to a module both import.

Names starting with one underscore are private; dunders (``__version__``) are not. A
relative import would escape the check, and the tree has none.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("studio", "compiler", "components", "styles")


def private_imports(root: Path = ROOT) -> list[str]:
    """``file:line imports module.name`` for each private name imported from a product
    module."""
    found: list[str] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ImportFrom):
                    continue
                assert node.level == 0, f"{path}:{node.lineno}: relative import"
                if (node.module or "").split(".")[0] not in PACKAGES:
                    continue
                found.extend(
                    f"{path.relative_to(root)}:{node.lineno} imports {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                )
    return found


def test_no_private_name_is_imported_across_modules() -> None:
    assert private_imports() == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "a.py").write_text("def _x() -> None: ...\n")
    (tmp_path / "styles" / "b.py").write_text(
        "from styles.a import _x\nfrom styles import __doc__\nfrom os import _exit\n"
    )
    for package in PACKAGES[:3]:
        (tmp_path / package).mkdir()
    assert private_imports(tmp_path) == ["styles/b.py:1 imports styles.a._x"]
