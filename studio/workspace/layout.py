"""What a workspace folder holds: its layout, kinds of file, names and starter sources."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from compiler.liquid.snippets import TEXT_SUFFIXES as SNIPPET_TEXT_SUFFIXES
from compiler.root import EMAIL_SUFFIXES as SOURCE_SUFFIXES


class FileKind(StrEnum):
    """What a dashboard entry is, in the user's words."""

    EMAIL = "email"
    TEMPLATE = "template"
    COMPONENT = "component"
    SNIPPET = "snippet"  # snippets/: text or JSON the Liquid reads as {{ snippets.name }}
    DATA = "data"  # data/: sample profiles (JSON) and people lists (JSONL)
    STYLES = "styles"
    FOLDER = "folder"

    def __str__(self) -> str:
        return self.value


# The top-level folder each kind of source file lives in.
KIND_FOLDERS: dict[FileKind, str] = {
    FileKind.EMAIL: "emails",
    FileKind.TEMPLATE: "templates",
    FileKind.COMPONENT: "components",
    FileKind.SNIPPET: "snippets",
    FileKind.DATA: "data",
}
# The files each area lists (a snippet is text or JSON: compiler.liquid.snippets reads them).
KIND_SUFFIXES: dict[FileKind, tuple[str, ...]] = {
    FileKind.EMAIL: SOURCE_SUFFIXES,
    FileKind.TEMPLATE: SOURCE_SUFFIXES,
    FileKind.COMPONENT: SOURCE_SUFFIXES,
    FileKind.SNIPPET: (*SNIPPET_TEXT_SUFFIXES, ".json"),
    FileKind.DATA: (".json", ".jsonl"),
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


class Folders(Protocol):
    """What the concern modules (search, import) need of a :class:`Workspace`: its root,
    paths checked to stay inside it, and its listing. ``Workspace`` is one; naming the
    protocol instead of the class keeps the imports one way (``files`` imports them).
    """

    root: Path

    def path(self, rel: str) -> Path: ...

    def rel(self, path: Path) -> str: ...

    def area_of(self, rel: str) -> FileKind | None: ...

    def files(
        self, kind: FileKind | None = None, *, folders: bool = True
    ) -> list[WorkspaceFile]: ...


def safe_name(name: str) -> str:
    """``name`` made safe as one file name (no separators, control or reserved characters)."""
    name = name.strip().replace("/", "-").replace("\\", "-")
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "", name)
    return name.strip(". ")


def walk(base: Path) -> Iterator[Path]:
    """Folders and files under ``base``, sorted, hidden ones skipped."""
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        d = Path(dirpath)
        for name in dirnames:
            yield d / name
        for name in sorted(filenames):
            if not name.startswith("."):
                yield d / name


# Starter files for a new email from scratch (``new-email.html`` / ``new-email.mjml``).
STARTERS = Path(__file__).resolve().parents[2] / "resources" / "templates"


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
        return (
            "<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n"
            "        <mj-text>Hello!</mj-text>\n      </mj-column>\n    </mj-section>\n"
            "  </mj-body>\n</mjml>\n"
        )
    return new_email_source()


def new_email_source(title: str = "") -> str:
    """The source of a new, empty email (built in)."""
    head = f"---\nsubject: {title}\n---\n" if title else ""
    return (
        head + "<x-base>\n  <x-section>\n    <x-paragraph>Hello!</x-paragraph>\n"
        "  </x-section>\n</x-base>\n"
    )


def new_component_source(tag: str) -> str:
    """The source of a new custom component (Parcel's starter component)."""
    return (
        "<script>\n"
        f'  export const config = {{ label: "{tag}" }};\n'
        "</script>\n\n"
        "<template>\n  <slot>Content goes here</slot>\n</template>\n"
    )
