"""``x-section`` and ``x-box``: containers with MSO ghost tables and inherited text styles."""

from __future__ import annotations

from components.expand.context import ExpandContext
from components.markup.nodes import Element
from components.schema import Prop, enum, string
from components.standard.common import (
    BORDER_PROPS,
    LANG_PROPS,
    TEXT_PROPS,
    align,
    background,
    border_set,
    box,
    common,
    css_pairs,
    lang_dir,
    open_tag,
    px,
    size,
    string_prop,
    text_set,
    text_values,
)
from components.standard.registry import Props, StandardComponent

DEFAULT_WIDTH = 600


def _width_px(value: object, default: int = DEFAULT_WIDTH) -> str:
    """The width for MSO tables: px when known, else the default."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}px"
    if isinstance(value, str) and value.strip().endswith("px"):
        return value.strip()
    if isinstance(value, dict):
        return _width_px(value.get("medium", value.get("small", default)), default)
    return f"{default}px"


def _margin_for(alignment: object) -> str:
    return {"left": "0 auto 0 0", "right": "0 0 0 auto"}.get(str(alignment), "0 auto")


def _landmark(props: Props) -> list[tuple[str, str | None]]:
    role, label = string_prop(props, "role"), string_prop(props, "label")
    if role and label:
        return [("role", role), ("aria-label", label)]
    return []


def _lang(props: Props) -> list[tuple[str, str | None]]:
    return [(n, string_prop(props, n)) for n in LANG_PROPS if props.has(n)]


def _decorations(props: Props) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = [(n, props[n]) for n in BORDER_PROPS]
    return [(n, px(v) if n in ("border-width", "border-radius") else v) for n, v in pairs]


def render_section(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    width = props.get("width", DEFAULT_WIDTH)
    mso_width = _width_px(width)
    alignment = props.get("align", "center")
    outer_bg = props["outer-background"]
    inner_bg = props["background"]
    text = text_values(ctx, props, "paragraph")
    explicit = {k: props[k] for k in (*TEXT_PROPS, *LANG_PROPS)}
    # outer, full-width element: the section's mark, outer background, margin
    out.append(open_tag(ctx, "div", el, props, [("background", outer_bg),
                                                ("margin", props["margin"])]))
    td_bg = f";background:{outer_bg}" if isinstance(outer_bg, str) and outer_bg else ""
    inner_td = f"width:{mso_width}"
    if isinstance(inner_bg, str) and inner_bg:
        inner_td += f";background:{inner_bg}"
    mso_align = alignment if isinstance(alignment, str) else "center"
    out.append(
        f'<!--[if mso]><table role="presentation" width="100%" cellpadding="0" '
        f'cellspacing="0" border="0" style="border-collapse:collapse{td_bg}"><tr>'
        f'{"<td></td>" if mso_align != "left" else ""}<td align="{mso_align}" '
        f'style="{inner_td}"><![endif]-->'
    )
    inner = [("max-width", px(width)), ("margin", _margin_for(alignment)),
             ("padding", px(props["padding"])), ("background", inner_bg),
             *_decorations(props), *css_pairs(text, TEXT_PROPS)]
    out.append(open_tag(ctx, "div", el, None, inner, outer=False,
                        attrs=(*_landmark(props), *_lang(props))))
    with ctx.inheriting(explicit):
        ctx.expand_nodes(el.children, out)
    out.append("</div>")
    out.append(f'<!--[if mso]></td>{"<td></td>" if mso_align != "right" else ""}'
               "</tr></table><![endif]--></div>")


def render_box(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    width = props["width"]
    alignment = props.get("align", "center")
    text = text_values(ctx, props, "paragraph")
    explicit = {k: props[k] for k in (*TEXT_PROPS, *LANG_PROPS)}
    if width is not None and not isinstance(width, bool) and props.has("width"):
        mso_align = alignment if isinstance(alignment, str) else "center"
        out.append(f'<!--[if mso]><table role="presentation" align="{mso_align}" '
                   f'cellpadding="0" cellspacing="0" border="0" '
                   f'style="width:{_width_px(width)}"><tr><td><![endif]-->')
    pairs = [("max-width", px(width)) if props.has("width") else ("max-width", None),
             ("height", px(props["height"])),
             ("margin", props["margin"] if props.has("margin") else (
                 _margin_for(alignment) if props.has("width") else None)),
             ("padding", px(props["padding"])), ("background", props["background"]),
             *_decorations(props), *css_pairs(text, TEXT_PROPS)]
    out.append(open_tag(ctx, "div", el, props, pairs, attrs=(*_landmark(props), *_lang(props))))
    with ctx.inheriting(explicit):
        ctx.expand_nodes(el.children, out)
    out.append("</div>")
    if props.has("width"):
        out.append("<!--[if mso]></td></tr></table><![endif]-->")


ROLE = enum(["article", "region", "navigation"])

SECTION = StandardComponent(
    tag="x-section",
    description="A full-width band with an outer background and a centred content area.",
    text_defaults="paragraph",
    props=(
        size("width", "Width"),
        box("padding", "Padding"),
        box("margin", "Margin"),
        align(),
        background("outer-background", "Background"),
        background("background", "Content fill"),
        *border_set(),
        *text_set(),
        *lang_dir(),
        Prop("label", string().optional(), label="Label", section="Accessibility"),
        Prop("role", ROLE.optional(), type="select", label="Role", section="Accessibility"),
        *common(),
    ),
    render=render_section,
)

BOX = StandardComponent(
    tag="x-box",
    description="Groups content with one background; role and label only apply together.",
    text_defaults="paragraph",
    props=(
        size("width", "Width"),
        size("height", "Height"),
        box("padding", "Padding"),
        box("margin", "Margin"),
        align(),
        background(),
        *border_set(),
        *text_set(),
        *lang_dir(),
        Prop("label", string().optional(), label="Label", section="Accessibility"),
        Prop("role", ROLE.optional(), type="select", label="Role", section="Accessibility"),
        *common(),
    ),
    render=render_box,
)
