"""The standard components, declared once as data (see :mod:`components.standard.registry`)."""

from __future__ import annotations

from collections.abc import Mapping

from components.standard import base, blocks, columns, containers, links, text
from components.standard.registry import Props, StandardComponent, registry_of

STANDARD_COMPONENTS: tuple[StandardComponent, ...] = (
    base.COMPONENT,
    blocks.HEAD,
    containers.SECTION,
    containers.BOX,
    columns.ROW,
    columns.COLUMN,
    *text.HEADINGS,
    text.PARAGRAPH,
    text.LIST,
    links.CTA,
    links.IMAGE,
    blocks.HR,
    blocks.SPACER,
    blocks.WRAP,
    blocks.HIDDEN_TEXT,
    blocks.EDIT_TEXT,
    blocks.EMPTY_STATE,
    blocks.FONT_FAMILY,
)

REGISTRY: Mapping[str, StandardComponent] = registry_of(STANDARD_COMPONENTS)


def describe_all() -> list[dict[str, object]]:
    """Every standard component as JSON (docs, properties panel, autocompletion)."""
    return [c.describe() for c in STANDARD_COMPONENTS]


__all__ = ["REGISTRY", "STANDARD_COMPONENTS", "Props", "StandardComponent", "describe_all"]


def markdown_reference() -> str:
    """The props reference of docs/standard-components.md, generated from the registry."""
    lines: list[str] = []
    for component in STANDARD_COMPONENTS:
        lines.append(f"### `<{component.tag}>`\n")
        lines.append(component.description + "\n")
        if component.text_defaults:
            lines.append(f"Global style defaults: `{component.text_defaults}`.\n")
        if not component.props:
            lines.append("No props.\n")
            continue
        lines.append("| Prop | Schema | Panel type | Dynamic | Default |")
        lines.append("|---|---|---|---|---|")
        for prop in component.props:
            d = prop.schema.describe()
            kind = str(d["type"])
            if "values" in d:
                kind += " (" + " \\| ".join(str(v) for v in d["values"]) + ")"  # type: ignore[attr-defined]
            if d.get("css"):
                kind += " or CSS"
            dyn = d.get("dynamic")
            flags = []
            if isinstance(dyn, dict):
                if dyn.get("darkMode"):
                    flags.append("dark")
                if dyn.get("responsive"):
                    flags.append("responsive")
            default = "" if "default" not in d else f"`{d['default']}`"
            req = "" if d.get("optional") or "default" in d else " **required**"
            lines.append(
                f"| `{prop.name}`{req} | {kind} | {prop.type} | {', '.join(flags)} | {default} |"
            )
        lines.append("")
    return "\n".join(lines)
