"""Small blocks: ``x-hr``, ``x-spacer``, ``x-wrap``, ``x-hidden-text``, ``x-edit-text``,
``x-empty-state``, ``x-font-family`` and ``x-head``."""

from __future__ import annotations

import re

from components.expand.context import ExpandContext
from components.markup.nodes import Element, Text
from components.markup.serialize import serialize
from components.schema import Prop, boolean, enum, number, string
from components.standard.common import (
    align,
    box,
    color,
    common,
    global_defaults,
    mso_css,
    open_tag,
    px,
    size,
    string_prop,
)
from components.standard.registry import RICH_MARKS, Props, StandardComponent


def render_hr(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:

    # Dividers do not take global styles unless asked to (S:standard-components).
    defaults = global_defaults(ctx, "divider") if props.get("global-styles", False) else {}
    fill = (
        props["background-color"]
        if props.has("background-color")
        else defaults.get("background-color", "#cccccc")
    )
    height = props["height"] if props.has("height") else defaults.get("height", 1)
    alignment = props.get("align", "center")
    margin = {"left": "0 auto 0 0", "right": "0 0 0 auto"}.get(str(alignment), "0 auto")
    # the <hr> is the separator; the div only carries the margin (G:email-code/hr)
    out.append(open_tag(ctx, "div", el, props, [("margin", props["margin"])]))
    out.append(
        open_tag(
            ctx,
            "hr",
            el,
            None,
            [
                ("border-width", "0"),
                ("background", fill),
                ("color", fill),
                ("height", px(height)),
                ("width", px(props.get("width", "100%"))),
                ("border-radius", px(props["border-radius"])),
                ("margin", margin),
            ],
            outer=False,
        )
    )
    out.append("</div>")


HR = StandardComponent(
    replayable=True,
    takes_content=False,
    tag="x-hr",
    label="Divider",
    group="Spacing",
    content="none",
    insert="<x-hr></x-hr>",
    description="A divider line. Takes no global styles unless global-styles is set.",
    text_defaults="",
    props=(
        box("margin", "Margin"),
        color("background-color", "Fill"),
        Prop(
            "height",
            number(css=True).optional(),
            type="number",
            label="Height",
            section="Layout",
            min=0,
        ),
        size("width", "Width"),
        Prop(
            "border-radius",
            number(css=True).optional(),
            type="radius",
            label="Radius",
            section="Styles",
        ),
        align(),
        Prop(
            "global-styles",
            boolean().default(False),
            type="switch",
            label="Use global divider styles",
            section="Styles",
        ),
        *common(),
    ),
    render=render_hr,
)


def render_spacer(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    height = px(props.get("size", 16))
    out.append(
        open_tag(
            ctx,
            "div",
            el,
            props,
            [("line-height", height), ("height", height), ("mso-line-height-rule", "exactly")],
        )
    )
    out.append("&#8202;</div>")


SPACER = StandardComponent(
    replayable=True,
    takes_content=False,
    tag="x-spacer",
    label="Spacer",
    group="Spacing",
    content="none",
    insert='<x-spacer size="24"></x-spacer>',
    description="Vertical space; its width follows the parent. Takes no global styles.",
    props=(
        Prop(
            "size",
            number(css=True).default(16),
            type="number",
            label="Size",
            section="Layout",
            min=0,
        ),
        *common(),
    ),
    render=render_spacer,
)


def render_wrap(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    gap = props.get("gap", 0)
    gap_css = px(gap) if gap else "0"
    vertical = props.get("direction", "horizontal") == "vertical"
    alignment = props.get("align", "center")
    out.append(open_tag(ctx, "div", el, props, [("text-align", alignment)]))
    items = [c for c in el.children if not (isinstance(c, Text) and not c.raw.strip())]
    half = _half(gap_css) if gap else None
    if not vertical and half:
        # Items carry half the gap on each side and the full gap below, so lines that
        # wrap keep the gap between them; this box takes the outer halves back.
        out.append(f'<div style="margin:0 -{half} -{gap_css}">')
    if not vertical:
        out.append(
            '<!--[if mso]><table role="presentation" cellpadding="0" cellspacing="0" '
            f'border="0" align="{mso_css(alignment) or "center"}"><tr><![endif]-->'
        )
    first = True
    for child in items:
        if not isinstance(child, Element):
            ctx.expand_node(child, out)
            continue
        with ctx.inheriting({"align": alignment}):  # items line up with the wrap
            _wrap_item(ctx, child, out, vertical=vertical, first=first, gap_css=gap_css, half=half)
        first = False
    if not vertical:
        out.append("<!--[if mso]></tr></table><![endif]-->")
        if half:
            out.append("</div>")
    out.append("</div>")


_CSS_LENGTH_RE = re.compile(r"\s*(\d*\.?\d+)([a-z%]*)\s*")


def _half(length: object) -> str | None:
    """Half of a CSS length (``12px`` → ``6px``); None when it is not a plain length."""
    m = _CSS_LENGTH_RE.fullmatch(str(length))
    if m is None or not float(m.group(1)):
        return None
    return f"{float(m.group(1)) / 2:g}{m.group(2) or 'px'}"


def _wrap_item(
    ctx: ExpandContext,
    child: Element,
    out: list[str],
    *,
    vertical: bool,
    first: bool,
    gap_css: object,
    half: str | None,
) -> None:
    """One item of an x-wrap: a block below the previous one (vertical) or an
    inline-block beside it, in its own ghost-table cell for Outlook (horizontal)."""
    if vertical:
        style = "" if first else f"margin-top:{gap_css}"
        out.append(f'<div style="{style}">' if style else "<div>")
    else:
        pad = "" if first else f"padding-left:{gap_css}"
        out.append(
            f'<!--[if mso]><td style="{pad}"><![endif]-->'
            if pad
            else "<!--[if mso]><td><![endif]-->"
        )
        if half:
            style = f"display:inline-block;vertical-align:middle;margin:0 {half} {gap_css}"
        else:
            style = "display:inline-block;vertical-align:middle" + (
                "" if first or gap_css == "0" else f";margin-left:{gap_css}"
            )
        out.append(f'<div style="{style}">')
    ctx.expand_node(child, out)
    out.append("</div>")
    if not vertical:
        out.append("<!--[if mso]></td><![endif]-->")


WRAP = StandardComponent(
    tag="x-wrap",
    label="Wrap",
    group="Layout",
    content="components",
    insert="<x-wrap>\n</x-wrap>",
    description="Lays children out in a line or a stack with a gap: navigation (x-cta×n), "
    "social links (x-image×n).",
    props=(
        Prop(
            "gap", number(css=True).default(0), type="number", label="Gap", section="Layout", min=0
        ),
        Prop(
            "direction",
            enum(["horizontal", "vertical"]).default("horizontal"),
            type="toggle",
            label="Direction",
            section="Layout",
        ),
        align(),
        *common(),
    ),
    render=render_wrap,
)

HIDDEN_TEXT_STYLE = (
    "max-height:0;max-width:0;display:inline-block;mso-font-width:0%;"
    "mso-style-textfill-type:none;white-space:nowrap;font-size:1px;"
    "color:rgba(0,0,0,0);text-indent:9px;overflow:hidden"
)


def render_hidden_text(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    pairs = [tuple(d.split(":", 1)) for d in HIDDEN_TEXT_STYLE.split(";")]
    out.append(open_tag(ctx, "span", el, props, [(p, v) for p, v in pairs]))
    ctx.expand_nodes(el.children, out)
    out.append("</span>")


HIDDEN_TEXT = StandardComponent(
    replayable=True,
    tag="x-hidden-text",
    label="Hidden text",
    group="Advanced",
    content="text",
    insert="<x-hidden-text>Text for screen readers</x-hidden-text>",
    description="Text for screen readers only (visually hidden).",
    props=common(),
    render=render_hidden_text,
)


def render_edit_text(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    ctx.expand_nodes(el.children, out)


EDIT_TEXT = StandardComponent(
    renders_element=False,
    tag="x-edit-text",
    label="Editable text",
    group="Advanced",
    content="text",
    marks=RICH_MARKS,
    insert="<x-edit-text>Editable text</x-edit-text>",
    description="Marks text inside div/span/table as editable in the visual editor; "
    "renders its content only.",
    props=(),
    render=render_edit_text,
)


def render_empty_state(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    return  # an editor drop-zone marker: never in the email


EMPTY_STATE = StandardComponent(
    renders_element=False,
    takes_content=False,
    tag="x-empty-state",
    label="Empty state",
    group="Advanced",
    content="none",
    insert="<x-empty-state></x-empty-state>",
    description="An editor drop-zone marker in slot fallbacks; never rendered.",
    props=(),
    render=render_empty_state,
)


def render_font_family(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    ctx.add_font(string_prop(props, "font-family"))


FONT_FAMILY = StandardComponent(
    renders_element=False,
    takes_content=False,
    tag="x-font-family",
    label="Font import",
    group="Advanced",
    content="none",
    insert='<x-font-family font-family="Helvetica, Arial, sans-serif"></x-font-family>',
    description="Imports the Google fonts named in a font stack into the head.",
    props=(Prop("font-family", string(), type="font-family", label="Font", section="Text"),),
    render=render_font_family,
)


def render_head(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    # Liquid in the attribute list is never dropped: it goes to the head before the content
    ctx.add_head("".join(props.liquid) + "".join(serialize(c) for c in el.children))


HEAD = StandardComponent(
    tag="x-head",
    label="Head",
    group="Advanced",
    content="text",
    insert="<x-head>\n</x-head>",
    description="Content copied verbatim into <head> (never merged or deduplicated).",
    props=(),
    render=render_head,
)
