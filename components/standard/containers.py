"""``x-section`` and ``x-box``: containers with MSO ghost tables and inherited text styles."""

from __future__ import annotations

from components.expand.context import ExpandContext
from components.expand.html import attr
from components.markup.nodes import Element
from components.schema import MISSING, Prop, enum, string
from components.standard.common import (
    BORDER_PROPS,
    LANG_PROPS,
    MARGINS,
    TEXT_PROPS,
    align,
    background,
    border_pairs,
    border_set,
    box,
    common,
    declare_all,
    explicit_text,
    lang_dir,
    margin_for,
    mso_css,
    mso_value,
    open_tag,
    px,
    size,
    string_prop,
    text_set,
)
from components.standard.registry import Props, StandardComponent

DEFAULT_WIDTH = 600
#: the props a section or box hands down to its content
_INHERITED = (*TEXT_PROPS, *LANG_PROPS)


def _width_px(value: object, default: int = DEFAULT_WIDTH) -> str:
    """The width for MSO ghost tables: px when known (the desktop variant of a dynamic
    width, since Outlook shows desktop), else the default."""
    leaf = mso_value(value)
    if isinstance(leaf, (int, float)) and not isinstance(leaf, bool):
        return f"{leaf:g}px"
    if isinstance(leaf, str) and leaf.strip().endswith("px"):
        return leaf.strip()
    return f"{default}px"


def _mso_align(alignment: object) -> str:
    if type(alignment) is str:  # (mso_value's answer for it, without its call)
        return alignment if alignment in ("left", "center", "right") else "center"
    leaf = mso_value(alignment)
    return leaf if leaf in ("left", "center", "right") else "center"


def _landmark(props: Props) -> list[tuple[str, str | None]]:
    role, label = string_prop(props, "role"), string_prop(props, "label")
    if role and label:
        return [("role", role), ("aria-label", label)]
    return []


def _lang(props: Props) -> list[tuple[str, str | None]]:
    get = props.values.get
    return [(n, v if isinstance(v, str) else str(v)) for n in LANG_PROPS if (v := get(n, "")) != ""]


def _td_style(width: str, background: object) -> str:
    style = f"width:{width}" if width else ""
    bg = mso_css(background)
    if bg:
        style += (";" if style else "") + f"background:{bg}"
    return style


#: the props that add to a section's start tags besides its width, alignment, padding and
#: fills (its text and language props also reach its content)
_SECTION_EXTRAS = frozenset(
    {"margin", "hide-on", "class", "style", *BORDER_PROPS, *_INHERITED, "role", "label"}
)


def render_section(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    values = props.values
    if props.passthrough or props.liquid or not values.keys().isdisjoint(_SECTION_EXTRAS):
        section_general(ctx, el, props, out)
        return
    # none of those: the start tags open_tag would make, written directly
    get = values.get
    width = get("width", DEFAULT_WIDTH)
    alignment = get("align", "center")
    outer_bg = get("outer-background", MISSING)
    inner_bg = get("background", MISSING)
    classes: list[str] = []
    inline: list[str] = []
    if outer_bg is not MISSING:
        declare_all(ctx, (("background", outer_bg),), el, inline, classes)
    out.append(
        "<div" + ctx.mark(el) + _class_style(classes, ";".join(inline)) + ">"
        if inline or classes
        else "<div" + ctx.mark(el) + ">"  # (no outer fill: _class_style gives "")
    )
    # (sections written alike share their Outlook table: made once per plain values)
    key = (
        (outer_bg, alignment, type(width), width, inner_bg)
        if (
            type(outer_bg) in _PLAIN
            and type(alignment) is str
            and type(width) in _PLAIN
            and type(inner_bg) in _PLAIN
        )
        else None
    )
    tables = ctx.extensions.get(_MSO_TABLES)
    if not isinstance(tables, dict):
        tables = ctx.extensions[_MSO_TABLES] = {}
    table = tables.get(key) if key is not None else None
    if table is None:
        table = _mso_open(outer_bg, alignment, width, inner_bg)
        if key is not None:
            tables[key] = table
    out.append(table)
    padding = get("padding", MISSING)
    classes, inline = [], []
    declare_all(
        ctx,
        (
            # (px's, margin_for's and px's answers for an int and plain text, without calls)
            ("max-width", (f"{width:g}px" if width else "0") if type(width) is int else px(width)),
            ("margin", MARGINS.get(alignment, "0 auto"))
            if type(alignment) is str
            else ("margin", margin_for(alignment)),
            ("padding", padding if type(padding) is str else px(padding)),
            ("box-sizing", "border-box" if padding is not MISSING and padding != "" else None),
            ("background", inner_bg),
        ),
        el,
        inline,
        classes,
    )
    out.append("<div" + _class_style(classes, ";".join(inline)) + ">")
    ctx.expand_nodes(el.children, out)  # (no text or language prop to hand down)
    out.append("</div>")
    # (_mso_align's answer for a plain alignment, without its call)
    right = alignment == "right" if type(alignment) is str else _mso_align(alignment) == "right"
    out.append(_MSO_CLOSE_RIGHT if right else _MSO_CLOSE)


#: per expansion: (outer fill, alignment, width's type, width, fill) → a section's
#: Outlook table (:func:`_mso_open`), for plain values
_MSO_TABLES = "components.standard.section.mso"
#: the types of plain values (MISSING's too: an unset fill)
_PLAIN = frozenset({str, int, float, type(MISSING)})
_MSO_CLOSE = "<!--[if mso]></td><td></td></tr></table><![endif]--></div>"
_MSO_CLOSE_RIGHT = "<!--[if mso]></td></tr></table><![endif]--></div>"


def _class_style(classes: list[str], style: str) -> str:
    """The class and style attributes of a start tag, as :func:`open_tag` writes them."""
    text = ""
    if classes:
        names = " ".join(classes).split()
        text = attr("class", names[0] if len(names) == 1 else " ".join(dict.fromkeys(names)))
    if style:  # (attr's answer for plain text without its call; attr escapes the others)
        if "&" in style or '"' in style or "<" in style or ">" in style or "{" in style:
            text += attr("style", style)
        else:
            text += ' style="' + style + '"'
    return text


def _mso_open(outer_bg: object, alignment: object, width: object, inner_bg: object) -> str:
    """The Outlook-only table a section's content sits in, up to its cell."""
    outer_css = mso_css(outer_bg)
    td_bg = f";background:{outer_css}" if outer_css else ""
    mso_align = _mso_align(alignment)
    return (
        f'<!--[if mso]><table role="presentation" width="100%" cellpadding="0" '
        f'cellspacing="0" border="0"{attr("style", "border-collapse:collapse" + td_bg)}><tr>'
        f'{"<td></td>" if mso_align != "left" else ""}<td align="{mso_align}"'
        f"{attr('style', _td_style(_width_px(width), inner_bg))}><![endif]-->"
    )


def section_general(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    """A section, any use (:func:`render_section` writes the common ones directly)."""
    get = props.values.get  # (props.get, and props[name] with MISSING, without a call)
    width = get("width", DEFAULT_WIDTH)
    alignment = get("align", "center")
    outer_bg = get("outer-background", MISSING)
    inner_bg = get("background", MISSING)
    explicit = props.given(_INHERITED)
    # outer, full-width element: the section's mark, outer background, margin
    out.append(
        open_tag(
            ctx, "div", el, props, [("background", outer_bg), ("margin", get("margin", MISSING))]
        )
    )
    out.append(_mso_open(outer_bg, alignment, width, inner_bg))
    padding = get("padding", MISSING)
    inner = [
        ("max-width", px(width)),
        ("margin", margin_for(alignment)),
        ("padding", px(padding)),
        ("box-sizing", "border-box" if padding is not MISSING and padding != "" else None),
        ("background", inner_bg),
        *border_pairs(props),
        *explicit_text(props),
    ]
    out.append(
        open_tag(ctx, "div", el, None, inner, outer=False, attrs=(*_landmark(props), *_lang(props)))
    )
    with ctx.inheriting(explicit):
        ctx.expand_nodes(el.children, out)
    out.append("</div>")
    out.append(_MSO_CLOSE_RIGHT if _mso_align(alignment) == "right" else _MSO_CLOSE)


def render_box(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    width = props["width"]
    sized = props.has("width")
    alignment = props.get("align", "center")
    explicit = props.given(_INHERITED)
    if sized:
        out.append(
            f'<!--[if mso]><table role="presentation" align="{_mso_align(alignment)}" '
            f'cellpadding="0" cellspacing="0" border="0" '
            f'style="width:{_width_px(width)}"><tr><td'
            f"{_attr_style(_td_style('', props['background']))}><![endif]-->"
        )
    pairs = [
        ("max-width", px(width) if sized else None),
        ("height", px(props["height"])),
        (
            "margin",
            props["margin"] if props.has("margin") else (margin_for(alignment) if sized else None),
        ),
        ("padding", px(props["padding"])),
        ("box-sizing", "border-box" if sized and props.has("padding") else None),
        ("background", props["background"]),
        *border_pairs(props),
        *explicit_text(props),
    ]
    out.append(open_tag(ctx, "div", el, props, pairs, attrs=(*_landmark(props), *_lang(props))))
    with ctx.inheriting(explicit):
        ctx.expand_nodes(el.children, out)
    out.append("</div>")
    if sized:
        out.append("<!--[if mso]></td></tr></table><![endif]-->")


def _attr_style(style: str) -> str:
    return attr("style", style) if style else ""


ROLE = enum(["article", "region", "navigation"])

SECTION = StandardComponent(
    replayable=True,
    tag="x-section",
    label="Section",
    group="Layout",
    content="components",
    insert="<x-section>\n</x-section>",
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
    replayable=True,
    tag="x-box",
    label="Box",
    group="Layout",
    content="components",
    insert="<x-box>\n</x-box>",
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
