"""Snippets: reusable content from the workspace's ``snippets/`` folder.

Each file is one snippet named after the file without its extension:

* ``snippets/address.html`` (or ``.txt``, ``.liquid``, ``.md``) — text; Liquid
  in it renders with the recipient's data (``{{ snippets.address }}``).
* ``snippets/random_greetings.json`` — JSON data: arrays can be looped over
  (``{% for g in snippets.random_greetings %}``). Strings held by JSON
  objects may contain Liquid and render; strings directly inside an array
  are plain text, as in the reference product.

Names with spaces work with bracket notation: ``{{ snippets["main address"] }}``.
Snippets cannot see variables the message assigns: they render with the
profile's data only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liquid.exceptions import LiquidError

from components.diagnostics import Issue, error, warning
from components.markup.nodes import LIQUID_RE

TEXT_SUFFIXES = (".html", ".htm", ".txt", ".liquid", ".md")
MAX_SNIPPET_BYTES = 16 * 1024


@dataclass(frozen=True)
class SnippetSet:
    """The workspace's snippets: name → text or parsed JSON."""

    values: Mapping[str, object] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()

    def names(self) -> list[str]:
        return sorted(self.values)


def snippet_name(path: Path, folder: Path) -> str:
    """The name Liquid knows the snippet file ``path`` by (``snippets/a/b.txt`` → ``a/b``)."""
    return path.relative_to(folder).with_suffix("").as_posix()


_USE = re.compile(r"""\bsnippets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*(?:"([^"]*)"|'([^']*)')\s*\])""")


def snippet_uses(text: str) -> list[tuple[str, int]]:
    """The snippets ``text``'s Liquid reads (``{{ snippets.address }}``,
    ``{% for g in snippets["random greetings"] %}``): name and offset of each use."""
    out: list[tuple[str, int]] = []
    for token in LIQUID_RE.finditer(text):
        for m in _USE.finditer(token.group(0)):
            out.append((m.group(1) or m.group(2) or m.group(3) or "", token.start() + m.start()))
    return out


def load_snippets(folder: Path | None) -> SnippetSet:
    """Read every snippet under ``folder``. Unreadable files become issues."""
    if folder is None or not folder.is_dir():
        return SnippetSet()
    values: dict[str, object] = {}
    issues: list[Issue] = []
    workspace = folder.resolve().parent
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            path.resolve().relative_to(workspace)
        except (ValueError, OSError, RuntimeError):
            issues.append(
                error(
                    "liquid/snippet",
                    "a link to a file outside the workspace; "
                    "not read (a workspace reads only its own files)",
                    str(path),
                )
            )
            continue
        suffix = path.suffix.lower()
        if suffix not in (*TEXT_SUFFIXES, ".json"):
            continue
        name = snippet_name(path, folder)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            issues.append(error("liquid/snippet", f"cannot read snippet: {exc}", str(path)))
            continue
        if len(text.encode("utf-8")) > MAX_SNIPPET_BYTES:
            issues.append(
                warning(
                    "liquid/snippet",
                    f"snippet is larger than {MAX_SNIPPET_BYTES // 1024} KB, "
                    "the reference product's limit",
                    str(path),
                )
            )
        if suffix == ".json":
            try:
                values[name] = json.loads(text)
            except json.JSONDecodeError as exc:
                issues.append(
                    error(
                        "liquid/snippet",
                        f"invalid JSON: {exc.msg}",
                        str(path),
                        exc.lineno,
                        exc.colno,
                    )
                )
            continue
        values[name] = text
    return SnippetSet(values, tuple(issues))


RenderFn = Callable[[str, Mapping[str, object], str], str]


class SnippetCycleError(LiquidError):
    """A snippet that uses itself, directly or through others."""


class SnippetScope(Mapping[str, object]):
    """``snippets`` as a Liquid value for one render: resolves Liquid on access.

    ``render`` renders a snippet's Liquid (text, data, snippet name) and raises
    the render error, if any, so it surfaces where the snippet is used.
    """

    __slots__ = ("_active", "_cache", "_data", "_render", "_set")

    def __init__(self, snippets: SnippetSet, data: Mapping[str, object], render: RenderFn) -> None:
        self._set = snippets
        self._data = data
        self._render = render
        self._cache: dict[str, object] = {}
        self._active: list[str] = []  # snippets being rendered, outermost first

    def __getitem__(self, name: str) -> object:
        if name in self._cache:
            return self._cache[name]
        raw = self._set.values[name]
        if name in self._active:
            chain = " → ".join([*self._active[self._active.index(name) :], name])
            raise SnippetCycleError(f"snippet '{name}' includes itself ({chain})", token=None)
        self._active.append(name)
        try:
            value = self._resolve(raw, name, in_array=False)
        finally:
            self._active.pop()
        self._cache[name] = value
        return value

    def _resolve(self, value: Any, name: str, *, in_array: bool) -> object:
        if isinstance(value, str):
            if in_array or ("{{" not in value and "{%" not in value):
                return value
            return self._render(value, self._data, name)
        if isinstance(value, list):
            return [self._resolve(v, name, in_array=True) for v in value]
        if isinstance(value, dict):
            return {k: self._resolve(v, name, in_array=False) for k, v in value.items()}
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._set.values)

    def __len__(self) -> int:
        return len(self._set.values)
