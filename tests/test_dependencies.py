"""The product's third-party imports and ``pyproject.toml``'s dependency lists agree.

Every package the product (studio, compiler, components, styles) imports comes from a
distribution it declares for users — ``[project] dependencies`` or the ``studio`` and
``cluster`` extras — or from one of their own dependencies (``httpcore`` through
``httpx``); and every ``[project]`` dependency is imported by the product. What only the
tests use (beautifulsoup4, lxml, tinycss2, …) belongs in the ``dev`` extra.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("studio", "compiler", "components", "styles")
USER_EXTRAS = ("studio", "cluster")


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement (``Pillow>=10`` → ``pillow``)."""
    m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert m is not None, requirement
    return re.sub(r"[-_.]+", "-", m.group()).lower()


def _declared() -> tuple[set[str], set[str]]:
    """(the ``[project]`` dependencies, those and the user extras' together)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    extras = {_name(r) for extra in USER_EXTRAS for r in project["optional-dependencies"][extra]}
    return runtime, runtime | extras


def _with_their_dependencies(names: set[str]) -> set[str]:
    out = set(names)
    todo = list(names)
    while todo:
        try:
            reqs = requires(todo.pop()) or []
        except PackageNotFoundError:
            continue
        for r in reqs:
            if "extra ==" in r:
                continue
            name = _name(r)
            if name not in out:
                out.add(name)
                todo.append(name)
    return out


def _imported() -> dict[str, set[str]]:
    """Top-level third-party module the product imports -> its distributions."""
    graph = grimp.build_graph(*PACKAGES, include_external_packages=True, cache_dir=None)
    dists = packages_distributions()
    return {
        m: {_name(d) for d in dists.get(m, [])}
        for m in graph.modules
        if "." not in m and m not in PACKAGES and m not in sys.stdlib_module_names
    }


def test_the_product_imports_only_what_it_declares_for_users() -> None:
    _, declared = _declared()
    available = _with_their_dependencies(declared)
    undeclared = sorted(
        f"{m} ({', '.join(sorted(d)) or 'no distribution'})"
        for m, d in _imported().items()
        if not d & available
    )
    assert undeclared == [], "imported by the product but not a user dependency"


def test_every_runtime_dependency_is_imported_by_the_product() -> None:
    runtime, _ = _declared()
    used = set().union(*_imported().values())
    assert sorted(runtime - used) == [], "declared in [project] but imported only by tests"
