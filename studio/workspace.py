"""File operations on a workspace folder: the dashboard's verbs, with no Qt.

A workspace is a folder (``mailwright.toml`` at its root) holding
``emails/``, ``templates/``, ``components/``, ``styles.json``, ``assets/`` and
``data/``. This module lists, creates, duplicates (``[Copy] name``), moves,
renames, deletes and imports files, searches them by name and content and keeps
the recent-files list. Where a custom component is used (delete, rename, "used
in") is answered by the one reference engine, ``components.custom.workspace_ops``.

Every operation that cannot be done raises :class:`WorkspaceError` with a
message for the user (never a half-done change). Paths handed in and out are
workspace-relative with forward slashes (``emails/welcome.html``).
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import mimetypes
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path

from compiler.result import Envelope
from components.custom.names import tag_from_path, tag_problems
from components.custom.workspace_ops import Reference, find_references
from studio.models.envelope import set_front_matter
from styles.atomic import write_atomic

SETTINGS_FILE = "mailwright.toml"
STYLES_FILE = "styles.json"
STATE_DIR = ".mailwright"
RECENT_FILE = "recent.json"
RECENT_KEEP = 20
SEARCH_MAX_BYTES = 4 * 1024 * 1024
EXCERPT_WIDTH = 120
SOURCE_SUFFIXES = (".html", ".htm", ".mjml")
SIDECAR_SUFFIXES = (".json", ".txt")  # an email's settings and hand-written plain text
IMPORT_SUFFIXES = (".html", ".htm", ".eml", ".mjml")


class FileKind(StrEnum):
    """What a dashboard entry is, in the user's words."""

    EMAIL = "email"
    TEMPLATE = "template"
    COMPONENT = "component"
    STYLES = "styles"
    FOLDER = "folder"

    def __str__(self) -> str:
        return self.value


# The top-level folder each kind of source file lives in.
KIND_FOLDERS: dict[FileKind, str] = {
    FileKind.EMAIL: "emails",
    FileKind.TEMPLATE: "templates",
    FileKind.COMPONENT: "components",
}
FOLDER_KINDS = {folder: kind for kind, folder in KIND_FOLDERS.items()}


class WorkspaceError(Exception):
    """An operation the workspace refuses; ``str()`` tells the user why."""


@dataclass(frozen=True, slots=True)
class WorkspaceFile:
    """One dashboard entry: a source file or a folder."""

    rel: str
    kind: FileKind
    is_dir: bool
    modified: float
    area: FileKind  # email/template/component area it lives in (styles: STYLES)

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    @property
    def folder(self) -> str:
        return self.rel.rsplit("/", 1)[0] if "/" in self.rel else ""


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


@dataclass(slots=True)
class ImportResult:
    path: str
    assets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _safe_name(name: str) -> str:
    name = name.strip().replace("/", "-").replace("\\", "-")
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "", name)
    return name.strip(". ")


# Starter files for a new email from scratch (``new-email.html`` / ``new-email.mjml``).
STARTERS = Path(__file__).resolve().parents[1] / "resources" / "templates"


def starter_source(suffix: str = ".html", starters: Path | None = None) -> str:
    """The source of a new email from scratch.

    ``resources/templates/new-email.html`` (or ``new-email.mjml`` for a ``.mjml``
    email) when it is there; otherwise a minimal built-in email (MJML: a minimal
    ``<mjml>`` document).
    """
    folder = STARTERS if starters is None else starters
    suffix = suffix.lower() if suffix.lower() in (".html", ".mjml") else ".html"
    try:
        return (folder / f"new-email{suffix}").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    if suffix == ".mjml":
        return ("<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n"
                "        <mj-text>Hello!</mj-text>\n      </mj-column>\n    </mj-section>\n"
                "  </mj-body>\n</mjml>\n")
    return new_email_source()


def new_email_source(title: str = "") -> str:
    """The source of a new, empty email (built in)."""
    head = f"---\nsubject: {title}\n---\n" if title else ""
    return head + "<x-base>\n  <x-section>\n    <x-paragraph>Hello!</x-paragraph>\n" \
        "  </x-section>\n</x-base>\n"


def new_component_source(tag: str) -> str:
    """The source of a new custom component (Parcel's starter component)."""
    return (
        "<script>\n"
        f'  export const config = {{ label: "{tag}" }};\n'
        "</script>\n\n"
        "<template>\n  <slot>Content goes here</slot>\n</template>\n"
    )


class Workspace:
    """A workspace folder on disk."""

    def __init__(self, root: Path, *, starters: Path | None = None) -> None:
        self.root = Path(root).resolve()
        self.starters = starters  # None: the bundled resources/templates

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
        for folder in (*KIND_FOLDERS.values(), "assets", "data"):
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
        return WorkspaceFile(rel, FileKind.FOLDER if is_dir else area, is_dir,
                             p.stat().st_mtime, area)

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
            for p in _walk(base):
                if p.is_dir():
                    if folders:
                        out.append(self._entry(p))
                elif p.suffix.lower() in SOURCE_SUFFIXES:
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
        name = _safe_name(name)
        if not name:
            raise WorkspaceError("the name is empty")
        if not name.lower().endswith(SOURCE_SUFFIXES):
            name += suffix
        if kind is FileKind.COMPONENT:
            tag = tag_from_path(name)
            problems = tag_problems(tag)
            if problems:
                raise WorkspaceError(f"'{tag}' is not a valid component tag name: "
                                     + "; ".join(problems))
        target = self.path(f"{folder}/{name}")
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def create_email(self, name: str, folder: str = "", template: str = "") -> str:
        """A new email from scratch, or from the template at ``template`` (relative path)."""
        target = self._target(FileKind.EMAIL, name, folder)
        if template:
            src = self.path(template)
            if self.area_of(template) is not FileKind.TEMPLATE or not src.is_file():
                raise WorkspaceError(f"{template}: not a template")
            text = src.read_text(encoding="utf-8")
        else:
            text = starter_source(target.suffix, self.starters)
        write_atomic(target, text)
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
        name = _safe_name(name)
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
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        sides = self._sidecar_pairs(src, target)
        src.rename(target)
        for side, dest in sides:
            side.rename(dest)
        self._rename_recent(rel, self.rel(target))
        return self.rel(target)

    def rename(self, rel: str, new_name: str) -> str:
        src = self.path(rel)
        if not src.exists():
            raise WorkspaceError(f"{rel}: no such file")
        new_name = _safe_name(new_name)
        if not new_name:
            raise WorkspaceError("the name is empty")
        if src.is_file() and not new_name.lower().endswith(SOURCE_SUFFIXES):
            new_name += src.suffix
        if src.is_file() and self.area_of(rel) is FileKind.COMPONENT:
            refs = self.references(rel)
            if refs:
                raise WorkspaceError(_refs_message(rel, "renamed", refs))
        target = src.with_name(new_name)
        if target.exists():
            raise WorkspaceError(f"{self.rel(target)} already exists")
        sides = self._sidecar_pairs(src, target)
        src.rename(target)
        for side, dest in sides:
            side.rename(dest)
        self._rename_recent(rel, self.rel(target))
        return self.rel(target)

    def delete(self, rel: str) -> None:
        """Delete a file or folder; a component still used elsewhere refuses, saying where."""
        p = self.path(rel)
        if not p.exists():
            raise WorkspaceError(f"{rel}: no such file")
        if self.area_of(rel) is None or rel in KIND_FOLDERS.values():
            raise WorkspaceError(f"{rel}: cannot be deleted from the dashboard")
        inside = [p] if p.is_file() else [q for q in _walk(p) if q.is_file()]
        prefix = rel.rstrip("/") + "/"
        for q in inside:
            qrel = self.rel(q)
            if self.area_of(qrel) is not FileKind.COMPONENT:
                continue
            refs = [r for r in self.references(qrel)
                    if r.file != qrel and not r.file.startswith(prefix)]
            if refs:
                raise WorkspaceError(_refs_message(qrel, "deleted", refs))
        if p.is_dir():
            shutil.rmtree(p)
        else:
            for side in self._sidecars(p):
                side.unlink()
            p.unlink()
        self._drop_recent(rel)

    # ---- references -------------------------------------------------------------
    def references(self, component: str) -> list[Reference]:
        """Every use of the component at ``component`` (a path or a tag name): its
        elements and ``#is`` uses in emails, templates and other components."""
        return find_references(self.root, tag_from_path(component))

    def used_in(self, rel: str) -> int:
        """How many files use this entry (components only; others count 0)."""
        if self.area_of(rel) is not FileKind.COMPONENT or self.path(rel).is_dir():
            return 0
        return len({r.file for r in self.references(rel)})

    # ---- search -----------------------------------------------------------------
    def search(self, query: str, kind: FileKind | None = None,
               max_excerpts: int = 3) -> list[SearchHit]:
        """Files whose name or content contains ``query`` (case-insensitive)."""
        q = query.strip()
        if not q:
            return []
        needle = q.lower()
        hits: list[SearchHit] = []
        for f in self.files(kind, folders=False):
            name_match = needle in f.name.lower()
            text = _read_text(self.root / f.rel)
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
                        excerpts.append(_excerpt(text, low, needle, start, line))
                    start = low.find(needle, start + len(needle))
            if name_match or count:
                hits.append(SearchHit(f, name_match, tuple(excerpts), count))
        hits.sort(key=lambda h: (not h.name_match, -h.match_count, h.file.rel.lower()))
        return hits

    # ---- recent files -----------------------------------------------------------
    def _recent_path(self) -> Path:
        return self.root / STATE_DIR / RECENT_FILE

    def _load_recent(self) -> list[str]:
        try:
            data = json.loads(self._recent_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [x for x in data if isinstance(x, str)] if isinstance(data, list) else []

    def _save_recent(self, items: list[str]) -> None:
        self.state_dir()
        write_atomic(self._recent_path(), json.dumps(items[:RECENT_KEEP], indent=1))

    def touch_recent(self, rel: str) -> None:
        items = [x for x in self._load_recent() if x != rel]
        self._save_recent([rel, *items])

    def recent(self, limit: int = 5) -> list[str]:
        """Recently opened files that still exist, newest first."""
        return [x for x in self._load_recent() if (self.root / x).is_file()][:limit]

    def _rename_recent(self, old: str, new: str) -> None:
        items = self._load_recent()
        if not items:
            return
        changed = [new + x[len(old):] if x == old or x.startswith(old + "/") else x
                   for x in items]
        self._save_recent(changed)

    def _drop_recent(self, rel: str) -> None:
        items = self._load_recent()
        kept = [x for x in items if x != rel and not x.startswith(rel + "/")]
        if kept != items:
            self._save_recent(kept)

    # ---- import -----------------------------------------------------------------
    def import_file(self, source: Path, folder: str = "emails") -> ImportResult:
        """Import an ``.html``/``.htm``/``.mjml`` file or an ``.eml`` message as an email."""
        source = Path(source)
        suffix = source.suffix.lower()
        if suffix not in IMPORT_SUFFIXES:
            raise WorkspaceError(
                f"{source.name}: cannot import {suffix or 'this file'}; "
                f"use {', '.join(IMPORT_SUFFIXES)}")
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise WorkspaceError(f"{source}: cannot read ({exc.strerror})") from None
        if suffix == ".eml":
            return self._import_eml(source, data, folder)
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        out_suffix = ".mjml" if suffix == ".mjml" else ".html"
        target = self._import_target(folder, source.stem, out_suffix)
        write_atomic(target, text)
        return ImportResult(self.rel(target))

    def _import_target(self, folder: str, stem: str, suffix: str) -> Path:
        if self.area_of(folder) is not FileKind.EMAIL:
            raise WorkspaceError(f"{folder}: imported emails go under emails/")
        base = _safe_name(stem) or "imported"
        self.path(folder).mkdir(parents=True, exist_ok=True)
        for n in range(1, 1000):
            name = f"{base}{suffix}" if n == 1 else f"{base} ({n}){suffix}"
            target = self.path(f"{folder}/{name}")
            if not target.exists():
                return target
        raise WorkspaceError(f"{folder}: too many files named {base}")

    def _import_eml(self, source: Path, data: bytes, folder: str) -> ImportResult:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        if not isinstance(msg, EmailMessage):  # pragma: no cover - policy.default guarantees it
            raise WorkspaceError(f"{source.name}: not an email message")
        notes: list[str] = []
        body_part = msg.get_body(preferencelist=("html", "plain"))
        if body_part is None:
            raise WorkspaceError(f"{source.name}: the message has no HTML or text part")
        content = body_part.get_content()
        body = content if isinstance(content, str) else content.decode("utf-8", "replace")
        if body_part.get_content_type() != "text/html":
            notes.append("the message has no HTML part; its plain text was imported")
            body = "<html><body><pre>" + html.escape(body) + "</pre></body></html>\n"
        subject = str(msg.get("subject", "") or "").strip()
        target = self._import_target(folder, subject or source.stem, ".html")
        asset_dir_rel = "assets/" + _asset_folder(target.stem)
        assets: list[str] = []
        cid_map: dict[str, str] = {}
        used_names: set[str] = set()
        for part in msg.walk():
            if part.is_multipart() or part is body_part:
                continue
            ctype = part.get_content_type()
            if not ctype.startswith("image/"):
                continue
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes) or not payload:
                continue
            cid = str(part.get("content-id", "") or "").strip().strip("<>")
            name = _safe_name(part.get_filename() or "") or (
                _safe_name(cid.split("@", 1)[0]) or "image")
            if "." not in name:
                name += mimetypes.guess_extension(ctype) or ".bin"
            name = _unique(name, used_names)
            asset_path = self.path(f"{asset_dir_rel}/{name}")
            asset_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(asset_path, payload)
            assets.append(self.rel(asset_path))
            if cid:
                cid_map[cid] = os.path.relpath(asset_path, target.parent).replace(os.sep, "/")

        def swap(m: re.Match[str]) -> str:
            ref = m.group(2)
            new = cid_map.get(ref)
            if new is None:
                notes.append(f"cid:{ref} has no matching image in the message")
                return m.group(0)
            return m.group(1) + new

        if cid_map or "cid:" in body:
            body = re.sub(r"""(["'(\s=])cid:([^"')\s>]+)""", swap, body)
        envelope = Envelope(subject=subject, from_=str(msg.get("from", "") or ""),
                            reply_to=str(msg.get("reply-to", "") or ""))
        write_atomic(target, set_front_matter(body, envelope))
        return ImportResult(self.rel(target), assets, notes)


def _refs_message(rel: str, verb: str, refs: list[Reference]) -> str:
    where = "\n".join(f"  {r.file}:{r.line}:{r.column}" for r in refs[:20])
    more = f"\n  … and {len(refs) - 20} more" if len(refs) > 20 else ""
    return (f"{rel} cannot be {verb}: <{tag_from_path(rel)}> is still used in\n"
            f"{where}{more}")


def _walk(base: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        d = Path(dirpath)
        for name in dirnames:
            yield d / name
        for name in sorted(filenames):
            if not name.startswith("."):
                yield d / name


def _read_text(path: Path) -> str | None:
    try:
        if path.stat().st_size > SEARCH_MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def _excerpt(text: str, low: str, needle: str, start: int, line: int) -> Excerpt:
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
    low_shown = low[line_start + left:line_start + right]
    i = low_shown.find(needle)
    while i != -1:
        highlights.append((i + len(prefix), i + len(prefix) + len(needle)))
        i = low_shown.find(needle, i + len(needle))
    return Excerpt(line, prefix + shown.rstrip() + suffix, tuple(highlights), start)


def _asset_folder(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or f"imported-{int(time.time())}"


def _unique(name: str, used: set[str]) -> str:
    base, dot, ext = name.rpartition(".")
    if not dot:
        base, ext = name, ""
    candidate = name
    n = 2
    while candidate.lower() in used:
        candidate = f"{base}-{n}.{ext}" if ext else f"{base}-{n}"
        n += 1
    used.add(candidate.lower())
    return candidate
