"""``x-row`` and ``x-column``: display:table columns with an MSO ghost table.

Mobile first: columns stack below the break point and sit side by side from
it up (``@media (min-width: <break-point>px)``). ``fallback="multi"`` keeps
them side by side in clients without media queries (then they stack below the
break point via ``max-width``). ``:reverse="true"`` stacks them in reverse.
"""

from __future__ import annotations

from components.expand.context import ExpandContext
from components.markup.nodes import Element
from components.schema import Prop, array, boolean, enum, number
from components.standard.common import (
    BORDER_PROPS,
    TEXT_PROPS,
    align,
    background,
    border_set,
    box,
    common,
    css_pairs,
    open_tag,
    px,
    size,
    text_set,
    text_values,
)
from components.standard.registry import Props, StandardComponent


def _columns(el: Element) -> list[Element]:
    return [c for c in el.children if isinstance(c, Element) and c.name == "x-column"]


def render_row(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    columns = _columns(el)
    layout = props.get("layout", [])
    widths: list[float] = []
    if isinstance(layout, list) and len(layout) == len(columns):
        widths = [float(w) for w in layout if isinstance(w, (int, float))]
    if len(widths) != len(columns):
        widths = [100 / len(columns)] * len(columns) if columns else []
    gap = props.get("gap", 0)
    gap_px = gap if isinstance(gap, (int, float)) else 0
    bp = props.get("break-point", 600)
    bp = int(bp) if isinstance(bp, (int, float)) else 600
    multi = props.get("fallback", "single") == "multi"
    reverse = props.get("reverse", False) is True
    ctx.column_bp = bp
    row_class = f"mw-row-{el.id}"
    col_class = f"mw-col-{el.id}"
    desktop = f"(min-width: {bp}px)"
    mobile = f"(max-width: {bp - 1}px)"
    table = {"display": "table !important", "width": "100% !important",
             "table-layout": "fixed !important"}
    if multi:
        ctx.css.add_block(f".{row_class}>div{{display:table;width:100%;table-layout:fixed}}")
        stacked = f".{row_class}>div{{display:block !important}}" \
                  f".{row_class}>div>.{col_class}{{display:block !important;" \
                  "width:100% !important;max-width:100% !important}"
        if reverse:
            stacked += f".{row_class}>div{{display:flex !important;" \
                       "flex-direction:column-reverse !important}"
        if gap_px:
            stacked += f".{row_class}>div>.{col_class}+.{col_class}{{padding-left:0 !important;" \
                       f"padding-top:{gap_px:g}px !important}}"
        ctx.css.add_block(stacked, media=f"screen and {mobile}", group="mw-columns")
    else:
        if reverse:
            ctx.css.add_block(f".{row_class}>div{{display:flex;flex-direction:column-reverse}}")
        ctx.css.add_block(
            f"@media {desktop}{{.{row_class}>div{{"
            + ";".join(f"{k}:{v}" for k, v in table.items()) + "}"
            + f".{row_class}>div>.{col_class}{{display:table-cell !important}}"
            + (f".{row_class}>div>.{col_class}+.{col_class}{{padding-top:0 !important;"
               f"padding-left:{gap_px:g}px !important}}" if gap_px else "")
            + "}")
    text = text_values(ctx, props, "paragraph")
    explicit = {k: props[k] for k in TEXT_PROPS}
    outer = [("max-width", px(props["width"])), ("margin", props["margin"]),
             ("padding", px(props["padding"])), ("background", props["background"]),
             *[(n, px(props[n]) if n in ("border-width", "border-radius") else props[n])
               for n in BORDER_PROPS], *css_pairs(text, TEXT_PROPS)]
    out.append(open_tag(ctx, "div", el, props, outer, classes=(row_class,)))
    out.append('<!--[if mso]><table role="presentation" width="100%" cellpadding="0" '
               'cellspacing="0" border="0" style="border-collapse:collapse"><tr><![endif]-->')
    inner_style = "display:table;width:100%;table-layout:fixed" if multi else "width:100%"
    out.append(f'<div style="{inner_style}">')
    index = 0
    with ctx.inheriting(explicit):
        for child in el.children:
            if isinstance(child, Element) and child.name == "x-column":
                width = widths[index] if index < len(widths) else 0
                ctx.column_frame = (col_class, width, gap_px if index else 0, multi)
                ctx.expand_element(child, out)
                index += 1
            elif isinstance(child, Element):
                ctx.expand_element(child, out)
            else:
                ctx.expand_node(child, out)
    ctx.column_frame = None
    out.append("</div><!--[if mso]></tr></table><![endif]--></div>")


def render_column(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    frame = ctx.column_frame
    if frame is None:
        ctx.report("markup/column-outside-row",
                   "<x-column> only works directly inside <x-row>; wrap it in an <x-row>",
                   node=el)
        ctx.expand_nodes(el.children, out)
        return
    col_class, width, gap, multi = frame
    ctx.column_frame = None
    valign = props.get("vertical-align", "top")
    mso_pad = f"padding-left:{gap:g}px;" if gap else ""
    out.append(f'<!--[if mso]><td width="{width:g}%" valign="{valign}" '
               f'style="{mso_pad}width:{width:g}%"><![endif]-->')
    base_display = "table-cell" if multi else "block"
    pairs: list[tuple[str, object]] = [
        ("display", base_display), ("width", f"{width:g}%" if multi else None),
        ("vertical-align", valign), ("padding", px(props["padding"])),
        ("background", props["background"]),
        *[(n, px(props[n]) if n in ("border-width", "border-radius") else props[n])
          for n in BORDER_PROPS],
    ]
    if not multi:
        ctx.css.add_block(f"@media (min-width: {ctx.column_bp}px){{.{col_class}-w{int(width * 100)}"
                          f"{{width:{width:g}% !important}}}}")
    classes = (col_class, f"{col_class}-w{int(width * 100)}" if not multi else "")
    out.append(open_tag(ctx, "div", el, props, pairs, classes=classes))
    ctx.expand_nodes(el.children, out)
    out.append("</div><!--[if mso]></td><![endif]-->")


ROW = StandardComponent(
    tag="x-row",
    description="Columns: an outer x-row holding x-column children; :layout gives % widths.",
    text_defaults="paragraph",
    props=(
        Prop("layout", array(number()).optional(), type="hidden", label="Layout",
             section="Layout", help_text="Column widths in %, one per x-column"),
        Prop("gap", number().default(0), type="number", label="Gap", section="Layout", min=0),
        size("width", "Width"),
        box("padding", "Padding"),
        box("margin", "Margin"),
        align(),
        background(),
        *border_set(),
        Prop("break-point", number().default(600), type="number", label="Break point",
             section="Layout", min=0),
        Prop("fallback", enum(["single", "multi"]).default("single"), type="toggle",
             label="Fallback", section="Layout"),
        Prop("reverse", boolean().default(False), type="switch",
             label="Reverse top and bottom columns", section="Layout"),
        *text_set(),
        *common(),
    ),
    render=render_row,
)

COLUMN = StandardComponent(
    tag="x-column",
    description="One column of an x-row.",
    props=(
        box("padding", "Padding"),
        background(),
        Prop("vertical-align", enum(["top", "middle", "bottom"]).default("top"), type="toggle",
             label="Vertical align", section="Layout"),
        *border_set(),
        *common(),
    ),
    render=render_column,
    allowed_parents=("x-row",),
)
