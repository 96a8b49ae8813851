"""Search a workspace's sources by name and content, with highlighted excerpts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.workspace.layout import FileKind, Folders, WorkspaceFile

SEARCH_MAX_BYTES = 4 * 1024 * 1024
EXCERPT_WIDTH = 120


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One matching line: its number, the shown text and the highlighted ranges in it."""

    line: int
    text: str
    highlights: tuple[tuple[int, int], ...]
    offset: int  # offset of the first match in the file


@dataclass(frozen=True, slots=True)
class SearchHit:
    file: WorkspaceFile
    name_match: bool
    excerpts: tuple[Excerpt, ...]
    match_count: int


def search(
    workspace: Folders, query: str, kind: FileKind | None = None, max_excerpts: int = 3
) -> list[SearchHit]:
    """Files whose name or content contains ``query`` (case-insensitive)."""
    q = query.strip()
    if not q:
        return []
    needle = q.lower()
    hits: list[SearchHit] = []
    for f in workspace.files(kind, folders=False):
        name_match = needle in f.name.lower()
        text = read_text(workspace.root / f.rel)
        excerpts: list[Excerpt] = []
        count = 0
        if text is not None:
            low = text.lower()
            start = low.find(needle)
            seen_lines: set[int] = set()
            while start != -1:
                count += 1
                line = text.count("\n", 0, start) + 1
                if line not in seen_lines and len(excerpts) < max_excerpts:
                    seen_lines.add(line)
                    excerpts.append(excerpt(text, low, needle, start, line))
                start = low.find(needle, start + len(needle))
        if name_match or count:
            hits.append(SearchHit(f, name_match, tuple(excerpts), count))
    hits.sort(key=lambda h: (not h.name_match, -h.match_count, h.file.rel.lower()))
    return hits


def read_text(path: Path) -> str | None:
    """A file's text for searching (None: too big, unreadable or binary)."""
    try:
        if path.stat().st_size > SEARCH_MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def excerpt(text: str, low: str, needle: str, start: int, line: int) -> Excerpt:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = len(text)
    raw = text[line_start:line_end]
    lead = len(raw) - len(raw.lstrip())
    left = max(lead, start - line_start - EXCERPT_WIDTH // 3)
    right = min(len(raw), left + EXCERPT_WIDTH)
    shown = raw[left:right]
    prefix = "…" if left > lead else ""
    suffix = "…" if right < len(raw.rstrip()) else ""
    highlights: list[tuple[int, int]] = []
    low_shown = low[line_start + left : line_start + right]
    i = low_shown.find(needle)
    while i != -1:
        highlights.append((i + len(prefix), i + len(prefix) + len(needle)))
        i = low_shown.find(needle, i + len(needle))
    return Excerpt(line, prefix + shown.rstrip() + suffix, tuple(highlights), start)
