"""The dashboard's file list: filter by type, sort, folders first, and disk watching."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.models.events import Event
from studio.workspace import FileKind, SearchHit, Workspace, WorkspaceFile

SORT_KEYS = ("name", "edited", "used_in")
FILTERS: dict[str, FileKind | None] = {
    "all": None,
    "emails": FileKind.EMAIL,
    "templates": FileKind.TEMPLATE,
    "components": FileKind.COMPONENT,
    "snippets": FileKind.SNIPPET,
    "data": FileKind.DATA,
    "styles": FileKind.STYLES,
}


@dataclass
class TreeNode:
    entry: WorkspaceFile | None  # None for the invisible root
    children: list[TreeNode] = field(default_factory=list)
    used_in: int = 0

    @property
    def name(self) -> str:
        return self.entry.name if self.entry else ""


class FileTreeModel:
    """What the dashboard lists, as plain data."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.filter = "all"
        self.sort_key = "name"
        self.descending = False
        self.entries: list[WorkspaceFile] = []
        self._used: dict[str, int] = {}
        self._signature: tuple[tuple[str, float], ...] = ()
        self.changed: Event[None] = Event()
        self.refresh()

    def set_filter(self, name: str) -> None:
        if name not in FILTERS:
            raise ValueError(f"unknown filter {name!r}; use one of {', '.join(FILTERS)}")
        if name != self.filter:
            self.filter = name
            self.refresh()

    def set_sort(self, key: str, descending: bool = False) -> None:
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort {key!r}; use one of {', '.join(SORT_KEYS)}")
        self.sort_key, self.descending = key, descending
        self.changed.emit(None)

    def _scan(self) -> list[WorkspaceFile]:
        return self.workspace.files(FILTERS[self.filter])

    def refresh(self) -> None:
        self.entries = self._scan()
        self._signature = tuple((e.rel, e.modified) for e in self.entries)
        self._used = {}
        if self.filter in ("all", "components", "snippets"):
            self._used = self.workspace.used_in_each(
                [e.rel for e in self.entries if e.kind in (FileKind.COMPONENT, FileKind.SNIPPET)]
            )
        self.changed.emit(None)

    def poll(self) -> bool:
        """Rescan; True (and a change event) when files changed on disk since the last scan."""
        now = tuple((e.rel, e.modified) for e in self._scan())
        if now == self._signature:
            return False
        self.refresh()
        return True

    def used_in(self, rel: str) -> int:
        return self._used.get(rel, 0)

    def _sort(self, nodes: list[TreeNode]) -> None:
        def key(n: TreeNode) -> tuple[object, ...]:
            assert n.entry is not None
            if self.sort_key == "edited":
                return (n.entry.modified, n.name.lower())
            if self.sort_key == "used_in":
                return (n.used_in, n.name.lower())
            return (n.name.lower(),)

        nodes.sort(key=key, reverse=self.descending)
        nodes.sort(key=lambda n: not (n.entry and n.entry.is_dir))  # folders first (stable)
        for n in nodes:
            self._sort(n.children)

    def tree(self) -> TreeNode:
        """Entries nested by folder; top folders (emails/, …) are the first level."""
        root = TreeNode(None)
        by_rel: dict[str, TreeNode] = {}
        for e in sorted(self.entries, key=lambda e: e.rel.count("/")):
            node = TreeNode(e, used_in=self.used_in(e.rel))
            by_rel[e.rel] = node
            parent = by_rel.get(e.folder)
            (parent.children if parent else root.children).append(node)
        self._sort(root.children)
        return root

    def rows(self) -> list[WorkspaceFile]:
        """Entries flattened in display order."""
        out: list[WorkspaceFile] = []

        def walk(n: TreeNode) -> None:
            for c in n.children:
                assert c.entry is not None
                out.append(c.entry)
                walk(c)

        walk(self.tree())
        return out


class SearchModel:
    """The dashboard search box: query → hits with highlighted excerpts."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.query = ""
        self.kind: FileKind | None = None
        self.hits: list[SearchHit] = []
        self.changed: Event[list[SearchHit]] = Event()

    def set_query(self, query: str, kind: FileKind | None = None) -> list[SearchHit]:
        self.query, self.kind = query, kind
        self.hits = self.workspace.search(query, kind)
        self.changed.emit(self.hits)
        return self.hits

    @property
    def summary(self) -> str:
        if not self.query.strip():
            return ""
        n = len(self.hits)
        verb = "match" if n != 1 else "matches"
        return f"{n} file{'s' if n != 1 else ''} {verb} “{self.query.strip()}”"
