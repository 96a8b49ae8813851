"""File operations on a workspace folder: the dashboard's verbs, with no Qt.

The :class:`Workspace` lists, creates, duplicates (``[Copy] name``), moves,
renames and deletes files; an email's ``.json`` and ``.txt`` sidecars travel
with it. Where a custom component is used (delete, rename, "used in") is
answered by the one reference engine, ``components.custom.workspace_ops``.
Search (:mod:`studio.workspace.search`), the recent-files list
(:mod:`studio.workspace.recent`) and import (:mod:`studio.workspace.importing`)
live in their own modules; the class offers them as methods.

Every operation that cannot be done raises :class:`WorkspaceError` with a
message for the user (never a half-done change). Paths handed in and out are
workspace-relative with forward slashes (``emails/welcome.html``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from compiler.liquid.localization import LocalizationSettings, language_code, split_language
from compiler.liquid.snippets import snippet_name, snippet_uses
from compiler.project import ProjectError, load_settings
from compiler.root import EMAIL_SUFFIXES as SOURCE_SUFFIXES
from compiler.root import SETTINGS_FILE, SIDECAR_SUFFIXES, STATE_DIR, STYLES_FILE
from components.custom.names import tag_from_path, tag_problems
from components.custom.workspace_ops import Reference, find_references, usage_counts
from components.diagnostics import line_col
from studio.workspace.importing import ImportResult, import_file
from studio.workspace.languages import translation_copy
from studio.workspace.layout import (
    FOLDER_KINDS,
    KIND_FOLDERS,
    KIND_SUFFIXES,
    FileKind,
    WorkspaceError,
    WorkspaceFile,
    new_component_source,
    safe_name,
    starter_source,
    walk,
)
from studio.workspace.recent import RecentFiles
from studio.workspace.search import SearchHit, search
from studio.workspace.starters import starter_email, with_subject
from styles.atomic import write_atomic


class Workspace:
    """A workspace folder on disk."""

    def __init__(self, root: Path, *, starters: Path | None = None) -> None:
        self.root = Path(root).resolve()
        self.starters = starters  # None: the bundled resources/templates
        self.recent_files = RecentFiles(self.root)

    # ---- opening ----------------------------------------------------------------
    @classmethod
    def open(cls, root: Path) -> Workspace:
        root = Path(root)
        if not root.is_dir():
            raise WorkspaceError(f"{root}: no such folder")
        return cls(root)

    @classmethod
    def create(cls, root: Path, name: str = "") -> Workspace:
        """Create an empty workspace (or complete a partial one) at ``root``."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        settings = root / SETTINGS_FILE
        if not settings.exists():
            title = (name or root.name).replace('"', "'")
            write_atomic(settings, f'name = "{title}"\n')
        for folder in (*KIND_FOLDERS.values(), "assets"):
            (root / folder).mkdir(exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():  # machine state and build output stay out of git
            write_atomic(ignore, f"{STATE_DIR}/\ndist/\n")
        return cls(root)

    @property
    def name(self) -> str:
        settings = self.root / SETTINGS_FILE
        if settings.is_file():
            m = re.search(r'^name\s*=\s*"([^"]*)"', settings.read_text("utf-8", "replace"), re.M)
            if m and m.group(1):
                return m.group(1)
        return self.root.name

    # ---- paths ------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        """The absolute path of ``rel``; refuses anything outside the workspace."""
        p = (self.root / rel).resolve()
        if p != self.root and self.root not in p.parents:
            raise WorkspaceError(f"{rel}: outside the workspace")
        return p

    def inside(self, path: Path) -> bool:
        """Whether ``path``, links resolved, is in the workspace (a link out of it is not)."""
        p = Path(path).resolve()
        return p == self.root or p.is_relative_to(self.root)

    def rel(self, path: Path) -> str:
        p = Path(path).resolve()
        try:
            return p.relative_to(self.root).as_posix()
        except ValueError:
            raise WorkspaceError(f"{path}: outside the workspace") from None

    def area_of(self, rel: str) -> FileKind | None:
        top = rel.split("/", 1)[0]
        if rel == STYLES_FILE:
            return FileKind.STYLES
        return FOLDER_KINDS.get(top)

    def state_dir(self) -> Path:
        d = self.root / STATE_DIR
        d.mkdir(exist_ok=True)
        return d

    def _entry(self, p: Path) -> WorkspaceFile:
        rel = self.rel(p)
        area = self.area_of(rel)
        if area is None:
            raise WorkspaceError(f"{rel}: not an email, template, component or styles file")
        is_dir = p.is_dir()
        return WorkspaceFile(
            rel, FileKind.FOLDER if is_dir else area, is_dir, p.stat().st_mtime, area
        )

    def entry(self, rel: str) -> WorkspaceFile:
        p = self.path(rel)
        if not p.exists():
            raise WorkspaceError(f"{rel}: no such file")
        return self._entry(p)

    # ---- listing ----------------------------------------------------------------
    def files(self, kind: FileKind | None = None, *, folders: bool = True) -> list[WorkspaceFile]:
        """Every dashboard entry (folders first, then by path), optionally of one kind."""
        out: list[WorkspaceFile] = []
        for k, folder in KIND_FOLDERS.items():
            if kind not in (None, k):
                continue
            base = self.root / folder
            if not base.is_dir():
                continue
            if folders:
                out.append(self._entry(base))
            for p in walk(base):
                if not self.inside(p):  # a link out of the workspace: not listed, never read
                    continue
                if p.is_dir():
                    if folders:
                        out.append(self._entry(p))
                elif p.suffix.lower() in KIND_SUFFIXES[k]:
                    out.append(self._entry(p))
        styles = self.root / STYLES_FILE
        if kind in (None, FileKind.STYLES) and styles.is_file():
            out.append(self._entry(styles))
        out.sort(key=lambda e: (not e.is_dir, e.rel.lower()))
        return out

    def components(self) -> list[WorkspaceFile]:
        return self.files(FileKind.COMPONENT, folders=False)

    # ---- creating ---------------------------------------------------------------
    def _target(self, kind: FileKind, name: str, folder: str, suffix: str = ".html") -> Path:
        area = KIND_FOLDERS[kind]
        folder = folder or area
        if self.area_of(folder) is not kind:
            raise WorkspaceError(f"{folder}: a {kind} must live under {area}/")
        name = safe_name(name)
        if not name:
            raise WorkspaceError("the name is empty")
        if not name.lower().endswith(SOURCE_SUFFIXES):
            name += suffix
        if kind is FileKind.COMPONENT:
            tag = tag_from_path(name)
            problems = tag_problems(tag)
            if problems:
                raise WorkspaceError(
                    f"'{tag}' is not a valid component tag name: " + "; ".join(problems)
                )
        target = self.path(f"{folder}/{name}")
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def create_email(
        self,
        name: str,
        folder: str = "",
        template: str = "",
        *,
        starter: str = "",
        subject: str = "",
    ) -> str:
        """A new email from scratch, from the template at ``template`` (relative path) or
        from the starter layout ``starter`` (``studio.workspace.starters``); ``subject``
        goes into the envelope (front matter)."""
        target = self._target(FileKind.EMAIL, name, folder)
        if template:
            src = self.path(template)
            if self.area_of(template) is not FileKind.TEMPLATE or not src.is_file():
                raise WorkspaceError(f"{template}: not a template")
            text = src.read_text(encoding="utf-8")
        elif starter:
            try:
                text = starter_email(starter)
            except (KeyError, OSError) as exc:
                raise WorkspaceError(
                    f"starter layout {starter!r} is not available: {exc}"
                ) from None
        else:
            text = starter_source(target.suffix, self.starters)
        write_atomic(target, with_subject(text, subject))
        return self.rel(target)

    def create_template(self, name: str, folder: str = "") -> str:
        target = self._target(FileKind.TEMPLATE, name, folder)
        write_atomic(target, starter_source(target.suffix, self.starters))
        return self.rel(target)

    def create_component(self, name: str, folder: str = "") -> str:
        target = self._target(FileKind.COMPONENT, name, folder)
        write_atomic(target, new_component_source(tag_from_path(target.name)))
        return self.rel(target)

    def create_folder(self, name: str, parent: str) -> str:
        if self.area_of(parent) not in (FileKind.EMAIL, FileKind.TEMPLATE, FileKind.COMPONENT):
            raise WorkspaceError(f"{parent}: folders go under emails/, templates/ or components/")
        name = safe_name(name)
        if not name:
            raise WorkspaceError("the folder name is empty")
        target = self.path(f"{parent}/{name}")
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        target.mkdir(parents=True)
        return self.rel(target)

    # ---- duplicate / move / rename / delete -------------------------------------
    def duplicate(self, rel: str) -> str:
        """Copy a file or folder beside itself as ``[Copy] name``.

        Components are tag names, which cannot hold ``[Copy] ``: a component
        copy is named ``name-copy`` (``name-copy-2``…) instead.
        """
        src = self.path(rel)
        if not src.exists():
            raise WorkspaceError(f"{rel}: no such file")
        if self.area_of(rel) is None or rel in KIND_FOLDERS.values():
            raise WorkspaceError(f"{rel}: cannot be duplicated")
        target = self._copy_name(src)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            write_atomic(target, src.read_bytes())
            for side, dest in self._sidecar_pairs(src, target):
                write_atomic(dest, side.read_bytes())
        return self.rel(target)

    def add_language(self, rel: str, code: str) -> str:
        """ "Add language": the email ``rel`` copied as its ``code`` translation
        (``receipt.html`` → ``receipt.fr.html``), marked as still to translate
        (:func:`studio.workspace.languages.translation_copy`); its sidecars come along.
        A translation's own translations are its default message's."""
        src = self.path(rel)
        if not src.is_file() or self.area_of(rel) is not FileKind.EMAIL:
            raise WorkspaceError(f"{rel}: only an email can have translations")
        lang = language_code(code)
        if lang is None:
            raise WorkspaceError(
                f"{code!r} is not a language code: write two or three "
                "letters and an optional region (fr, de, pt-BR)"
            )
        settings_path = self.root / SETTINGS_FILE
        try:
            settings = load_settings(settings_path) if settings_path.is_file() else {}
        except ProjectError:
            settings = {}
        if lang == LocalizationSettings.from_settings(settings).default:
            raise WorkspaceError(
                f"{lang} is the language of the default message "
                "([localization] default in mailwright.toml)"
            )
        base, own = split_language(src)
        default = src.with_name(base + src.suffix) if own is not None else src
        if not default.is_file():
            default = src
        target = default.with_name(f"{base}.{lang}{default.suffix}")
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        text = default.read_text(encoding="utf-8")
        pairs = self._sidecar_pairs(default, target)
        write_atomic(target, translation_copy(text, lang, default.name))
        for side, dest in pairs:
            write_atomic(dest, side.read_bytes())
        return self.rel(target)

    def _sidecars(self, src: Path) -> list[Path]:
        """An email's settings (``.json``) and plain-text part (``.txt``), which travel with it."""
        if not src.is_file() or self.area_of(self.rel(src)) is not FileKind.EMAIL:
            return []
        return [src.with_suffix(x) for x in SIDECAR_SUFFIXES if src.with_suffix(x).is_file()]

    def _sidecar_pairs(self, src: Path, target: Path) -> list[tuple[Path, Path]]:
        pairs = [(side, target.with_suffix(side.suffix)) for side in self._sidecars(src)]
        for _, dest in pairs:
            if dest.exists():
                raise WorkspaceError(f"{self.rel(dest)} already exists")
        return pairs

    def _copy_name(self, src: Path) -> Path:
        component = self.area_of(self.rel(src)) is FileKind.COMPONENT and src.is_file()
        stem, suffix = (src.stem, src.suffix) if src.is_file() else (src.name, "")
        for n in range(1, 1000):
            if component:
                name = f"{stem}-copy{'' if n == 1 else f'-{n}'}{suffix}"
            else:
                name = f"[Copy{'' if n == 1 else f' {n}'}] {stem}{suffix}"
            candidate = src.with_name(name)
            if not candidate.exists():
                return candidate
        raise WorkspaceError(f"{self.rel(src)}: too many copies")

    def move(self, rel: str, folder: str) -> str:
        """Move a file or folder into ``folder`` (in the same area: emails stay emails)."""
        src = self.path(rel)
        dest_dir = self.path(folder)
        if not src.exists():
            raise WorkspaceError(f"{rel}: no such file")
        if rel in KIND_FOLDERS.values():
            raise WorkspaceError(f"{rel}: the top folders cannot be moved")
        if not dest_dir.is_dir():
            raise WorkspaceError(f"{folder}: no such folder")
        if self.area_of(rel) is not self.area_of(folder):
            raise WorkspaceError(f"{rel}: cannot move into {folder} (another kind of file)")
        if src.is_dir() and (dest_dir == src or src in dest_dir.parents):
            raise WorkspaceError(f"{rel}: cannot move a folder into itself")
        target = dest_dir / src.name
        if target == src:
            return rel
        return self._rename_to(rel, src, target)

    def _rename_to(self, rel: str, src: Path, target: Path) -> str:
        """Move ``src`` (``rel``) and its sidecars to ``target``; recent files follow."""
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        sides = self._sidecar_pairs(src, target)
        src.rename(target)
        for side, dest in sides:
            side.rename(dest)
        self.recent_files.renamed(rel, self.rel(target))
        return self.rel(target)

    def rename(self, rel: str, new_name: str) -> str:
        src = self.path(rel)
        if not src.exists():
            raise WorkspaceError(f"{rel}: no such file")
        new_name = safe_name(new_name)
        if not new_name:
            raise WorkspaceError("the name is empty")
        area = self.area_of(rel)
        suffixes = KIND_SUFFIXES.get(area, SOURCE_SUFFIXES) if area else SOURCE_SUFFIXES
        if src.is_file() and not new_name.lower().endswith(suffixes):
            new_name += src.suffix
        if src.is_file() and self.area_of(rel) is FileKind.COMPONENT:
            refs = self.references(rel)
            if refs:
                raise WorkspaceError(_refs_message(rel, "renamed", refs))
        target = src.with_name(new_name)
        return self._rename_to(rel, src, target)

    def delete(self, rel: str) -> None:
        """Delete a file or folder; a component still used elsewhere refuses, saying where."""
        p = self.path(rel)
        if not p.exists():
            raise WorkspaceError(f"{rel}: no such file")
        if self.area_of(rel) is None or rel in KIND_FOLDERS.values():
            raise WorkspaceError(f"{rel}: cannot be deleted from the dashboard")
        inside = [p] if p.is_file() else [q for q in walk(p) if q.is_file()]
        prefix = rel.rstrip("/") + "/"
        for q in inside:
            qrel = self.rel(q)
            if self.area_of(qrel) is not FileKind.COMPONENT:
                continue
            refs = [
                r for r in self.references(qrel) if r.file != qrel and not r.file.startswith(prefix)
            ]
            if refs:
                raise WorkspaceError(_refs_message(qrel, "deleted", refs))
        if p.is_dir():
            shutil.rmtree(p)
        else:
            for side in self._sidecars(p):
                side.unlink()
            p.unlink()
        self.recent_files.dropped(rel)

    # ---- references -------------------------------------------------------------
    def references(self, component: str) -> list[Reference]:
        """Every use of the component at ``component`` (a path or a tag name): its
        elements and ``#is`` uses in emails, templates and other components."""
        return find_references(self.root, tag_from_path(component))

    def used_in(self, rel: str) -> int:
        """How many files use this entry (components and snippets; others count 0)."""
        area = self.area_of(rel)
        if area not in (FileKind.COMPONENT, FileKind.SNIPPET) or self.path(rel).is_dir():
            return 0
        refs = self.references(rel) if area is FileKind.COMPONENT else self.snippet_references(rel)
        return len({r.file for r in refs})

    def used_in_each(self, rels: list[str]) -> dict[str, int]:
        """:meth:`used_in` of each entry of ``rels``; the components' counts come from
        one scan of the workspace (the dashboard asks for all of them at once)."""
        out: dict[str, int] = {}
        components: dict[str, str] = {}  # rel -> tag
        for rel in rels:
            area = self.area_of(rel)
            if area is FileKind.COMPONENT and not self.path(rel).is_dir():
                components[rel] = tag_from_path(rel)
            else:
                out[rel] = self.used_in(rel)
        counts = usage_counts(self.root, sorted(set(components.values())))
        out.update((rel, counts[tag]) for rel, tag in components.items())
        return out

    def snippet_references(self, rel: str) -> list[Reference]:
        """Every use of the snippet at ``rel`` (``{{ snippets.name }}``,
        ``snippets["name"]``) in the Liquid of emails, templates and components."""
        name = snippet_name(self.path(rel), self.root / KIND_FOLDERS[FileKind.SNIPPET])
        out: list[Reference] = []
        for f in self.files(folders=False):
            if f.area not in (FileKind.EMAIL, FileKind.TEMPLATE, FileKind.COMPONENT):
                continue
            try:
                text = self.path(f.rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for used, offset in snippet_uses(text):
                if used == name:
                    line, column = line_col(text, offset)
                    out.append(Reference(f.rel, line, column))
        return out

    # ---- search, recent files, import (one module each) ----------------------------
    def search(
        self, query: str, kind: FileKind | None = None, max_excerpts: int = 3
    ) -> list[SearchHit]:
        """Files whose name or content contains ``query`` (case-insensitive)."""
        return search(self, query, kind, max_excerpts)

    def touch_recent(self, rel: str) -> None:
        self.recent_files.touch(rel)

    def recent(self, limit: int = 5) -> list[str]:
        """Recently opened files that still exist, newest first."""
        return self.recent_files.newest(limit)

    def import_file(self, source: Path, folder: str = "emails") -> ImportResult:
        """Import an ``.html``/``.htm``/``.mjml`` file or an ``.eml`` message as an email."""
        return import_file(self, source, folder)


def _refs_message(rel: str, verb: str, refs: list[Reference]) -> str:
    where = "\n".join(f"  {r.file}:{r.line}:{r.column}" for r in refs[:20])
    more = f"\n  … and {len(refs) - 20} more" if len(refs) > 20 else ""
    return f"{rel} cannot be {verb}: <{tag_from_path(rel)}> is still used in\n{where}{more}"
