"""No import cycle between the product's modules (studio, compiler, components, styles).

The import contracts (``lint-imports``) keep the four layers pointing down; this test
keeps every module inside them acyclic too. The graph is grimp's (import-linter's
engine), built from the source text, so it sees:

- every import in a module: at the top, inside a function (a local import that hides a
  cycle is still the cycle) and under ``if TYPE_CHECKING:`` (a cycle of types is a cycle
  of design, and the next runtime import closes it);
- a package's ``__init__`` as the module it is: ``from components.standard import X``
  depends on ``components/standard/__init__.py`` and on everything that ``__init__``
  re-exports;
- and, as Python runs it, importing ``a.b.c`` also runs ``a/__init__.py`` and
  ``a/b/__init__.py``: an edge to each package on the way, except the importer's own
  packages (they are already running when it is imported). Without these edges a
  package whose ``__init__`` re-exports a module that sits above its siblings' users
  (``components.expand`` re-exporting ``expand``, which needs the standard
  components, which need ``components.expand.context``) would look acyclic and fail
  on the first import in the other order.

A package's ``__init__`` importing its own submodules is not a cycle by itself; only a
way back from one of them to the package is.
"""

from __future__ import annotations

import grimp

PACKAGES = ("studio", "compiler", "components", "styles")


def _graph() -> dict[str, set[str]]:
    """Module -> the modules importing it runs (see the module doc)."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        targets = set(graph.find_modules_directly_imported_by(module))
        for target in list(targets):
            parts = target.split(".")
            for k in range(1, len(parts)):
                package = ".".join(parts[:k])
                if module != package and not module.startswith(package + "."):
                    targets.add(package)
        targets.discard(module)
        edges[module] = targets
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``a -> b -> … -> a``) through each strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: set[str] = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(edges):
        if module not in index:
            connect(module)
    return [_cycle_in(group, edges) for group in groups]


def _cycle_in(group: set[str], edges: dict[str, set[str]]) -> list[str]:
    """The shortest way from the group's first module back to itself."""
    start = min(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for v in frontier:
            for w in sorted(edges[v] & group):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if w not in came_from:
                    came_from[w] = v
                    following.append(w)
        frontier = following
    raise AssertionError(f"no cycle in the group {sorted(group)}")


def test_no_import_cycle_between_modules() -> None:
    cycles = [" -> ".join(cycle) for cycle in _cycles(_graph())]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_check_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_counts_the_packages_an_import_runs() -> None:
    edges = _graph()
    # compiler.pipeline imports components.expand.expander: that runs components/__init__
    # and components/expand/__init__ first
    assert {"components", "components.expand"} <= edges["compiler.pipeline"]
    # a module never depends on the packages it is itself inside
    assert "compiler" not in edges["compiler.pipeline"]
