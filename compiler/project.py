"""A read-only snapshot of a workspace: what one compile needs from disk.

The studio's workspace (``studio/``) owns file operations; the compiler only
reads. A :class:`Project` is loaded once and shared by many compiles (it is
never mutated), so compiles stay pure functions of (source, project, options).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from compiler.root import EMAIL_SUFFIXES, SETTINGS_FILE, STYLES_FILE
from components.custom import CustomLibrary, load_library
from components.diagnostics import Issue, error, line_col
from styles.css import ResolvedDefaults, resolve_defaults
from styles.io import default_styles, load_styles
from styles.model import GlobalStyles, StylesError

_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")


class ProjectError(Exception):
    """A workspace file the compiler cannot use. ``str()`` says what to fix.

    ``issues`` locates every problem found (a styles file may have several), so
    callers can print each with its line and a caret.
    """

    def __init__(
        self,
        message: str,
        file: str = "",
        line: int = 0,
        column: int = 0,
        issues: list[Issue] | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.issues = (
            issues
            if issues is not None
            else [error("workspace/invalid", message, file, line, column)]
        )
        where = file + (f":{line}:{column}" if line else "")
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Project:
    """Everything a compile reads from the workspace besides the email itself."""

    root: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    styles: GlobalStyles = field(default_factory=default_styles)
    components: CustomLibrary | None = None

    @cached_property
    def style_defaults(self) -> ResolvedDefaults:
        """The component defaults of :attr:`styles`, resolved once for every compile of
        this project (a project is never changed once loaded)."""
        return resolve_defaults(self.styles)

    @property
    def name(self) -> str:
        name = self.settings.get("name")
        if isinstance(name, str) and name:
            return name
        return self.root.name if self.root else "untitled"

    def path(self, *parts: str) -> Path | None:
        return self.root.joinpath(*parts) if self.root else None

    def emails(self) -> list[Path]:
        """Every email source under ``emails/``, sorted by path."""
        folder = self.path("emails")
        if folder is None or not folder.is_dir():
            return []
        return sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and p.suffix.lower() in EMAIL_SUFFIXES and not p.name.startswith(".")
        )

    def asset_path(self, url: str) -> Path | None:
        """The file under ``assets/`` that an image URL stands for, or None.

        ``[assets] base_url`` in mailwright.toml (a string, or a list of them)
        names where the workspace's ``assets/`` folder is published:
        ``https://cdn.example/img/icons/x.png`` under ``https://cdn.example/img/``
        is ``assets/icons/x.png``. The file need not exist. None for URLs under
        no base, Liquid URLs, and paths that would leave ``assets/`` (``..``,
        absolute paths, backslashes, symlinks pointing out).
        """
        assets = self.path("assets")
        raw = self.settings.get("assets")
        bases = raw.get("base_url") if isinstance(raw, dict) else None
        if assets is None or not url or "{{" in url or "{%" in url:
            return None
        url = url.strip().split("#", 1)[0].split("?", 1)[0]
        listed = [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else []
        for entry in listed:
            if not isinstance(entry, str) or "://" not in entry or "://" not in url:
                continue
            base = entry.strip().split("?", 1)[0].split("#", 1)[0].rstrip("/") + "/"
            b_scheme, b_rest = base.split("://", 1)
            scheme, rest = url.split("://", 1)
            b_host, _, b_path = b_rest.partition("/")
            host, _, path = rest.partition("/")
            if (
                scheme.lower() != b_scheme.lower()
                or host.lower() != b_host.lower()
                or not path.startswith(b_path)
            ):
                continue
            rel = unquote(path[len(b_path) :])
            parts = rel.split("/")
            if (
                not rel
                or "\\" in rel
                or "\0" in rel
                or rel.startswith("/")
                or any(part in ("", ".", "..") or ":" in part for part in parts)
            ):
                return None
            target = assets.joinpath(*parts)
            try:
                target.resolve().relative_to(assets.resolve())
            except (ValueError, OSError, RuntimeError):
                return None
            return target
        return None

    def contains(self, path: Path) -> bool:
        """True when ``path``, with every symbolic link followed, is inside the workspace
        (always True without a workspace)."""
        if self.root is None:
            return True
        try:
            Path(path).resolve().relative_to(self.root.resolve())
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    def setting_error(self, table: str, key: str, message: str) -> ProjectError:
        """A :class:`ProjectError` for ``[table] key`` of mailwright.toml, at its line."""
        file = self.path(SETTINGS_FILE)
        line, column = setting_position(file, table, key) if file else (0, 0)
        return ProjectError(message, SETTINGS_FILE if file is None else str(file), line, column)

    def relative(self, path: Path) -> str:
        """``path`` relative to the workspace root, with forward slashes."""
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()


def setting_position(file: Path, table: str, key: str) -> tuple[int, int]:
    """(line, column) of ``key``'s value in ``[table]`` of a TOML file; (0, 0) if not found.

    Reads the plain ``key = value`` layout (and ``table.key = value`` at the top),
    which is how settings are written by hand.
    """
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0, 0
    current = ""
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]\s*(#.*)?", stripped)
        if header:
            current = header.group(1).strip('"')
            continue
        m = re.match(r"\s*([A-Za-z0-9_.\-\"]+)\s*=\s*", raw)
        if not m:
            continue
        name = m.group(1).replace('"', "")
        if (current == table and name == key) or (not current and name == f"{table}.{key}"):
            return number, m.end() + 1
    return 0, 0


def load_settings(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProjectError(f"cannot read settings: {exc.strerror}", str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProjectError(
            f"settings file is not UTF-8 text (bad byte at offset {exc.start})", str(path)
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 0) or 0
        col = getattr(exc, "colno", 0) or 0
        msg = getattr(exc, "msg", str(exc))
        where = _TOML_AT.search(msg)
        if where and not line:  # Python 3.11 puts the position in the message only
            if where.group(1):
                line, col = int(where.group(1)), int(where.group(2))
            else:  # "at end of document"
                line, col = line_col(text, len(text))
            msg = msg[: where.start()].rstrip()
        raise ProjectError(f"invalid TOML: {msg}", str(path), line, col) from None


def load_project(root: Path) -> Project:
    """Load a workspace snapshot. Raises :class:`ProjectError` for unusable files."""
    root = root.resolve()
    settings_path = root / SETTINGS_FILE
    settings = load_settings(settings_path) if settings_path.is_file() else {}
    styles_path = root / STYLES_FILE
    if styles_path.is_file():
        try:
            styles = load_styles(styles_path)
        except StylesError as exc:
            issues = [
                error(
                    "styles/invalid",
                    f"{e.field}: {e.message}" if e.field else e.message,
                    e.file or str(styles_path),
                    e.line,
                    e.column,
                )
                for e in exc.errors
            ]
            raise ProjectError(str(exc), issues=issues) from None
    else:
        styles = default_styles()
    components = load_library(root, styles=styles) if (root / "components").is_dir() else None
    return Project(root=root, settings=settings, styles=styles, components=components)
