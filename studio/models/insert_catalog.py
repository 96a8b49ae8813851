"""The Insert panel's model: what can be inserted, grouped, and the markup each writes.

Pure Python (no Qt). :func:`insert_catalog` returns :class:`InsertGroup` s in panel
order: first the standard components, grouped as Design Studio groups them
(``StandardComponent.group``: Layout, Text, Media, Actions, Spacing, Advanced,
Document), then the workspace's custom components grouped by their ``config.section``
(``"Custom components"`` when they declare none), alphabetically by group and label.

A custom component is offered once per ``config.presets`` entry (Design Studio's rule:
a component without presets is not in the Insert menu; see
``ComponentDefinition.insertable``); a component whose file has errors is not offered.

:class:`InsertEntry.markup` is the markup an insert writes, clean and indented two
spaces per level, starting at column 0; :func:`indent_markup` shifts it to the depth
of the place it goes (``visual_edits.insert`` does). Preset content is written as its
author wrote it (only surrounding blank lines and the common indentation of its lines
are removed), so Liquid in it is untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from components.custom.definition import ComponentDefinition
from components.markup import LIQUID_RE
from components.standard import STANDARD_COMPONENTS, StandardComponent

#: the standard groups in panel order
STANDARD_GROUPS = ("Layout", "Text", "Media", "Actions", "Spacing", "Advanced", "Document")
CUSTOM_GROUP = "Custom components"


@dataclass(frozen=True, slots=True)
class InsertEntry:
    """One draggable entry of the Insert panel."""

    id: str  # unique in the catalog: "x-paragraph", "fernway-card#0"
    kind: Literal["standard", "custom"]
    tag: str
    label: str
    group: str
    icon: str  # standard: the tag without "x-"; custom: config.icon or ""
    markup: str
    preset: str = ""  # the preset's label (custom components)
    description: str = ""


@dataclass(frozen=True, slots=True)
class InsertGroup:
    name: str
    kind: Literal["standard", "custom"]
    entries: tuple[InsertEntry, ...]


def standard_entry(component: StandardComponent) -> InsertEntry:
    return InsertEntry(
        component.tag,
        "standard",
        component.tag,
        component.label or component.tag,
        component.group or "Advanced",
        component.tag.removeprefix("x-"),
        clean_markup(component.insert or f"<{component.tag}></{component.tag}>"),
        description=component.description,
    )


def custom_entries(definition: ComponentDefinition) -> list[InsertEntry]:
    d = definition
    if d.errors or not d.insertable:
        return []
    return [
        InsertEntry(
            f"{d.tag}#{i}",
            "custom",
            d.tag,
            p.label or d.label or d.tag,
            d.section or CUSTOM_GROUP,
            d.icon,
            clean_markup(p.content),
            preset=p.label,
            description=d.label or d.tag,
        )
        for i, p in enumerate(d.presets)
    ]


def insert_catalog(
    library: object | None = None,
    *,
    definitions: Iterable[ComponentDefinition] | None = None,
) -> list[InsertGroup]:
    """Every insertable entry, grouped. ``library``: the workspace's
    :class:`components.custom.library.CustomLibrary` (or pass ``definitions``)."""
    groups: dict[str, list[InsertEntry]] = {g: [] for g in STANDARD_GROUPS}
    for component in STANDARD_COMPONENTS:
        entry = standard_entry(component)
        groups.setdefault(entry.group, []).append(entry)
    out = [
        InsertGroup(name, "standard", tuple(entries)) for name, entries in groups.items() if entries
    ]
    if definitions is None:
        getter = getattr(library, "definitions", None)
        definitions = getter() if callable(getter) else ()
    custom: dict[str, list[InsertEntry]] = {}
    for d in definitions:
        for entry in custom_entries(d):
            custom.setdefault(entry.group, []).append(entry)
    for name in sorted(custom, key=lambda g: (g == CUSTOM_GROUP, g.lower())):
        entries = sorted(custom[name], key=lambda e: (e.label.lower(), e.id))
        out.append(InsertGroup(name, "custom", tuple(entries)))
    return out


def entry_by_id(catalog: Iterable[InsertGroup], entry_id: str) -> InsertEntry | None:
    for group in catalog:
        for entry in group.entries:
            if entry.id == entry_id:
                return entry
    return None


def clean_markup(markup: str) -> str:
    """``markup`` without surrounding blank lines and trailing spaces, and with the
    common indentation of its lines after the first removed. A Liquid token that
    spans lines is never re-indented: then only the surrounding blank lines go."""
    text = markup.replace("\r\n", "\n").strip("\n").rstrip()
    lines = text.split("\n")
    if not text:
        return ""
    lines[0] = lines[0].lstrip()
    if any("\n" in token for token in LIQUID_RE.findall(text)):
        return "\n".join(lines)
    rest = [ln for ln in lines[1:] if ln.strip()]
    common = min((len(ln) - len(ln.lstrip(" \t")) for ln in rest), default=0)
    return "\n".join([lines[0], *(ln[common:].rstrip() if ln.strip() else "" for ln in lines[1:])])


def indent_markup(markup: str, indent: str) -> str:
    """``markup`` with every line after the first indented by ``indent`` (the first
    goes where the cursor is, already indented)."""
    lines = markup.split("\n")
    return "\n".join([lines[0], *((indent + ln) if ln else "" for ln in lines[1:])])
