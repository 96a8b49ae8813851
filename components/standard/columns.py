"""``x-row`` and ``x-column``: display:table columns with an MSO ghost table.

Mobile first: columns stack below the break point and sit side by side from
it up (``@media (min-width: <break-point>px)``). ``fallback="multi"`` keeps
them side by side in clients without media queries (then they stack below the
break point via ``max-width``). ``:reverse="true"`` stacks them in reverse
(the last column on top). ``gap`` is horizontal space between side-by-side
columns and vertical space between stacked ones; a column's padding, fill and
border sit on an inner box so the gap stays clear of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from components.expand.context import ExpandContext
from components.expand.html import expression, unescape
from components.js import JSEngine, JSError
from components.js.literal import NOT_LITERAL, literal_value
from components.markup.nodes import LIQUID_RE, Element, Text
from components.schema import MISSING, Prop, array, boolean, enum, number
from components.standard.common import (
    BORDER_PROPS,
    TEXT_PROPS,
    align,
    background,
    border_pairs,
    border_set,
    box,
    common,
    explicit_text,
    margin_for,
    mso_value,
    open_tag,
    px,
    size,
    text_set,
)
from components.standard.registry import Props, Report, StandardComponent
from styles.css import THUNDERBIRD_GROUP, THUNDERBIRD_PREFIX


def _columns(el: Element) -> list[Element]:
    return [c for c in el.children if isinstance(c, Element) and c.name == "x-column"]


def _layout_widths(
    ctx: ExpandContext, el: Element, props: Props, columns: list[Element]
) -> list[float]:
    """The column widths in %: ``:layout`` when it fits, else equal shares.

    A ``:layout`` whose length differs from the number of columns is reported
    (``markup/row-layout``) unless the markup validator already reports it — it
    does for rows of the email itself whose ``:layout`` it can evaluate alone."""
    layout = props.values.get("layout", MISSING)  # (props["layout"])
    if isinstance(layout, list) and len(layout) == len(columns):
        widths = []
        for w in layout:  # (one loop: no generator's test, then a list of the floats)
            if not isinstance(w, (int, float)) or isinstance(w, bool):
                break
            widths.append(float(w))
        else:
            return widths
    if columns and isinstance(layout, list) and not _validator_reports(ctx, el):
        n, m = len(layout), len(columns)
        ctx.report(
            "markup/row-layout",
            f"<x-row> :layout has {n} width{'s' if n != 1 else ''} but {m} <x-column> "
            f"child{'ren' if m != 1 else ''}; give one width per column (equal widths "
            "are used meanwhile)",
            node=el,
        )
    return [100 / len(columns)] * len(columns) if columns else []


def _validator_reports(ctx: ExpandContext, el: Element) -> bool:
    """True when the markup validator reports this row's layout itself (it runs
    :func:`check_layout` on the email's own rows)."""
    if not ctx.in_document(el):
        return False
    found: list[str] = []
    check_layout(el, lambda rule, message, node: found.append(rule), lambda: ctx.engine)
    return bool(found)


def parse_layout(text: str) -> object:
    """A literal ``layout`` value as the row reads it (a list when it is one)."""
    return array(number()).coerce(text)


def check_layout(el: Element, report: Report, engine: Callable[[], JSEngine]) -> None:
    """``row-layout``: an ``x-row`` whose ``:layout`` (or literal ``layout="[…]"``)
    length differs from its number of ``x-column`` children. The row's structural
    check (``ROW.check``), run by the markup validator on the email's rows."""
    attr = el.attr(":layout") or el.attr("#set:layout")
    literal = el.attr("layout")
    value: object
    if attr is not None and attr.value is not None:
        value_text = attr.value
        source = expression(value_text, attr.parts).text if "&" in value_text else value_text
        value = literal_value(source)
        if value is NOT_LITERAL:
            try:
                value = engine().evaluate(source)
            except JSError:
                return  # the expander reports expression errors, located
    elif literal is not None and literal.value is not None and not LIQUID_RE.search(literal.value):
        value = parse_layout(unescape(literal.value))  # layout="[50,50]" is an array too
    else:
        return
    columns = _columns(el)
    if isinstance(value, list) and len(value) != len(columns):
        n, m = len(value), len(columns)
        report(
            "row-layout",
            f"<x-row> :layout has {n} width{'s' if n != 1 else ''} but "
            f"{m} <x-column> child{'ren' if m != 1 else ''}; give one width per column",
            el,
        )


def _fmt(value: float) -> str:
    return f"{value:g}"


def row_class(
    widths: Sequence[float], gap: float, break_point: int, multi: bool, reverse: bool, side_gap: str
) -> str:
    """The part of a row's class names that its layout decides (eight hex digits)."""
    return _digest(repr((tuple(widths), gap, break_point, multi, reverse, side_gap)))


def _digest(layout: str) -> str:
    return hashlib.blake2s(layout.encode(), digest_size=4).hexdigest()


#: per expansion: the class name of each row layout met (its rules are added)
_ROWS_KEY = "components.standard.rows"


def render_row(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    get = props.values.get  # (props.get, and props[name] with MISSING, without a call)
    columns = _columns(el)
    widths = _layout_widths(ctx, el, props, columns)
    gap = get("gap", 0)
    gap_px = float(gap) if isinstance(gap, (int, float)) and not isinstance(gap, bool) else 0.0
    bp = get("break-point", 600)
    bp = int(bp) if isinstance(bp, (int, float)) and not isinstance(bp, bool) else 600
    multi = get("fallback", "single") == "multi"
    reverse = get("reverse", False) is True
    # Stacked, the gap sits between the columns as they appear: above each later one,
    # or below it when the order is reversed (flex column-reverse).
    stacked_gap = "padding-bottom" if reverse else "padding-top"
    # Side by side, the gap is on the side facing the previous column: its left in a
    # left-to-right row, its right in a right-to-left one (cells then flow leftwards).
    rtl = ctx.inherited.get("dir") == "rtl"
    side_gap = "padding-right" if rtl else "padding-left"
    # The class names are a digest of what the row's CSS is made of: rows laid out
    # alike share their rules, and a row's output does not depend on where it is in
    # the email (so an unchanged row is reused as it is: components.expand.replay).
    layout = repr((tuple(widths), gap_px, bp, multi, reverse, side_gap))
    made = ctx.extensions.get(_ROWS_KEY)
    if not isinstance(made, dict):
        made = ctx.extensions[_ROWS_KEY] = {}
    name = made.get(layout)
    css_done = name is not None and ctx.journal is None
    if name is None:
        name = made[layout] = _digest(layout)
    row, col = f"mw-row-{name}", f"mw-col-{name}"
    # a row laid out like an earlier one adds the same rules again: nothing new (a
    # journaled expansion makes every addition: a replay repeats them)
    if not css_done:
        cells, pair = f".{row}>div>.{col}", f".{row}>div>.{col}+.{col}"
        widths_css = [
            (f".{col}-w{int(w * 100)}", f"width:{w:g}% !important") for w in dict.fromkeys(widths)
        ]
        if multi:
            # side by side everywhere (inline styles), stacked below the break point
            stacked = [
                (
                    f".{row}>div",
                    f"display:{'flex' if reverse else 'block'} !important"
                    + (";flex-direction:column-reverse !important" if reverse else ""),
                ),
                (cells, "display:block !important;width:100% !important"),
            ]
            if gap_px:
                stacked.append(
                    (pair, f"{side_gap}:0 !important;{stacked_gap}:{gap_px:g}px !important")
                )
            _media_rules(ctx, f"(max-width: {bp - 1}px)", stacked)
        else:
            # mobile first: stacked by default, side by side from the break point up
            base = ""
            if reverse:
                base += f".{row}>div{{display:flex;flex-direction:column-reverse}}"
            if gap_px:
                base += f"{pair}{{{stacked_gap}:{gap_px:g}px}}"
            if base:
                ctx.css.add_block(base)
            desktop = [
                (
                    f".{row}>div",
                    "display:table !important;width:100% !important;table-layout:fixed !important",
                ),
                (cells, "display:table-cell !important"),
                *widths_css,
            ]
            if gap_px:
                desktop.append(
                    (pair, f"{stacked_gap}:0 !important;{side_gap}:{gap_px:g}px !important")
                )
            _media_rules(ctx, f"(min-width: {bp}px)", desktop)
    explicit = props.given(TEXT_PROPS)
    if props.passthrough or props.liquid or not props.values.keys().isdisjoint(_ROW_EXTRAS):
        width, margin, padding = get("width", ""), get("margin", ""), get("padding", "")
        outer = [
            ("max-width", px(width)),
            (
                "margin",
                margin
                if margin != ""
                else (margin_for(get("align", "center")) if width != "" else None),
            ),
            ("padding", px(padding)),
            ("box-sizing", "border-box" if width != "" and padding != "" else None),
            ("background", get("background", MISSING)),
            *border_pairs(props),
            *explicit_text(props),
        ]
        out.append(open_tag(ctx, "div", el, props, outer, classes=(row,)))
    else:  # nothing but the row's class in its start tag: what open_tag makes of it
        out.append("<div" + ctx.mark(el) + ' class="' + row + '">')
    row_width = get("width", MISSING)
    table_width = "100%" if row_width is MISSING else _mso_width(row_width)  # (no call)
    alignment = get("align", "center")
    mso_align = (  # (_mso_align's answer for a plain alignment, without its call)
        (alignment if alignment in ("left", "right") else "center")
        if type(alignment) is str
        else _mso_align(alignment)
    )
    rtl_attr = ' dir="rtl"' if rtl else ""
    out.append(
        f'<!--[if mso]><table role="presentation" width="{table_width}" '
        f'align="{mso_align}"'
        f'{rtl_attr} cellpadding="0" '
        'cellspacing="0" border="0" style="border-collapse:collapse"><tr><![endif]-->'
    )
    inner_style = "display:table;width:100%;table-layout:fixed" if multi else "width:100%"
    out.append(f'<div style="{inner_style}">')
    index = 0
    saved = ctx.column_frame
    with ctx.inheriting(explicit):
        for child in el.children:
            if isinstance(child, Element) and child.name == "x-column":
                width = widths[index] if index < len(widths) else 0
                ctx.column_frame = (col, width, gap_px if index else 0, multi, side_gap)
                ctx.expand_element(child, out)
                index += 1
            elif isinstance(child, Element):
                ctx.column_frame = None
                ctx.expand_element(child, out)
            elif type(child) is Text and not ctx.budget.depth:
                out.append(child.raw)  # (what expand_node does with it, without its call)
            else:
                ctx.expand_node(child, out)
    ctx.column_frame = saved
    out.append("</div><!--[if mso]></tr></table><![endif]--></div>")


def _media_rules(ctx: ExpandContext, media: str, rules: list[tuple[str, str]]) -> None:
    """Rules under a media query, in the main style block and again (prefixed with
    ``.moz-text-html``) in Thunderbird's ``<style media>`` block: Thunderbird honours
    the attribute but not ``@media`` in a style sheet (see :mod:`styles.css`)."""
    # (lists, not generators: join makes one from a generator anyway)
    ctx.css.add_block(f"@media {media}{{" + "".join([f"{sel}{{{d}}}" for sel, d in rules]) + "}")
    if ctx.css.thunderbird:
        ctx.css.add_block(
            "".join([f"{THUNDERBIRD_PREFIX} {sel}{{{d}}}" for sel, d in rules]),
            group=THUNDERBIRD_GROUP,
            media=media,
        )


def _mso_width(value: object) -> str:
    leaf = mso_value(value)
    if isinstance(leaf, (int, float)) and not isinstance(leaf, bool):
        return _fmt(leaf)
    if isinstance(leaf, str) and leaf.strip().endswith(("px", "%")):
        return leaf.strip().removesuffix("px")
    return "100%"


def _mso_align(alignment: object) -> str:
    if type(alignment) is str:  # (mso_value's answer for it, without its call)
        return alignment if alignment in ("left", "right") else "center"
    leaf = mso_value(alignment)
    return leaf if isinstance(leaf, str) and leaf in ("left", "right") else "center"


#: the props that add to a row's start tag besides its class
_ROW_EXTRAS = frozenset(
    {
        "width",
        "margin",
        "padding",
        "background",
        *BORDER_PROPS,
        *TEXT_PROPS,
        "hide-on",
        "class",
        "style",
    }
)
#: the column props drawn on its inner box (padding, fill, border)
_BOX_PROPS = ("padding", "background", *BORDER_PROPS)
_VALIGNS = frozenset({"top", "middle", "bottom"})
#: the props that add to a column's start tag besides its frame and alignment
_TAG_EXTRAS = frozenset({"hide-on", "class", "style"})


def render_column(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    frame = ctx.column_frame
    if frame is None:  # outside a row: reported by the parent check (COLUMN.parents)
        if props.liquid:  # Liquid in the attribute list is never dropped
            out.append(f"<div{''.join(props.liquid)}>")
            ctx.expand_nodes(el.children, out)
            out.append("</div>")
        else:
            ctx.expand_nodes(el.children, out)
        return
    col, width, gap, multi, side_gap = frame
    ctx.column_frame = None
    valign = props.values.get("vertical-align", "top")  # (props.get)
    width_pct = f"{width:g}%"  # (_fmt's text, without its call)
    gap_px = f"{gap:g}px" if gap else ""
    mso_pad = f"{side_gap}:{gap_px};" if gap else ""
    out.append(
        f'<!--[if mso]><td width="{width_pct}" valign="{valign}" '
        f'style="{mso_pad}width:{width_pct}"><![endif]-->'
    )
    # The cell: layout only (display, width, alignment; the gap comes from the row's
    # CSS). Padding, fill and border go on an inner box so the gap stays clear of them.
    values = props.values
    if (
        type(valign) is str
        and valign in _VALIGNS
        and not props.passthrough
        and not props.liquid
        and values.keys().isdisjoint(_TAG_EXTRAS)
    ):
        # plain values, no class, style or hide-on of its own: the start tag open_tag
        # would make, written directly
        out.append(
            "<div"
            + ctx.mark(el)
            + ' class="'
            + col
            + (
                f'" style="display:table-cell;width:{width_pct};'
                + (f"{side_gap}:{gap_px};" if gap else "")
                if multi
                else f' {col}-w{int(width * 100)}" style="display:block;'
            )
            + f'box-sizing:border-box;vertical-align:{valign}">'
        )
    else:
        cell: list[tuple[str, object]] = [
            ("display", "table-cell" if multi else "block"),
            ("width", width_pct if multi else None),
            (side_gap, gap_px if multi and gap else None),
            ("box-sizing", "border-box"),
            ("vertical-align", valign),
        ]
        classes = (col, f"{col}-w{int(width * 100)}" if not multi else "")
        out.append(open_tag(ctx, "div", el, props, cell, classes=classes))
    boxed = not values.keys().isdisjoint(_BOX_PROPS) and props.has_any(_BOX_PROPS)
    if boxed:
        decorations: list[tuple[str, object]] = [
            ("padding", px(props["padding"])),
            ("background", props["background"]),
            *border_pairs(props),
        ]
        out.append(open_tag(ctx, "div", el, None, decorations, outer=False))
    ctx.expand_nodes(el.children, out)
    out.append("</div></div>" if boxed else "</div>")
    out.append("<!--[if mso]></td><![endif]-->")


ROW = StandardComponent(
    tag="x-row",
    label="Columns",
    group="Layout",
    content="components",
    insert='<x-row :layout="[50,50]">\n  <x-column>\n  </x-column>\n'
    "  <x-column>\n  </x-column>\n</x-row>",
    description="Columns: an outer x-row holding x-column children; :layout gives % widths.",
    text_defaults="paragraph",
    props=(
        Prop(
            "layout",
            array(number()).optional(),
            type="hidden",
            label="Layout",
            section="Layout",
            help_text="Column widths in %, one per x-column",
        ),
        Prop("gap", number().default(0), type="number", label="Gap", section="Layout", min=0),
        size("width", "Width"),
        box("padding", "Padding"),
        box("margin", "Margin"),
        align(),
        background(),
        *border_set(),
        Prop(
            "break-point",
            number().default(600),
            type="number",
            label="Break point",
            section="Layout",
            min=0,
        ),
        Prop(
            "fallback",
            enum(["single", "multi"]).default("single"),
            type="toggle",
            label="Fallback",
            section="Layout",
        ),
        Prop(
            "reverse",
            boolean().default(False),
            type="switch",
            label="Reverse top and bottom columns",
            section="Layout",
        ),
        *text_set(),
        *common(),
    ),
    render=render_row,
    check=check_layout,
)

COLUMN = StandardComponent(
    replayable=True,
    tag="x-column",
    label="Column",
    group="Layout",
    content="components",
    insert="<x-column>\n</x-column>",
    description="One column of an x-row.",
    props=(
        box("padding", "Padding"),
        background(),
        Prop(
            "vertical-align",
            enum(["top", "middle", "bottom"]).default("top"),
            type="toggle",
            label="Vertical align",
            section="Layout",
        ),
        *border_set(),
        *common(),
    ),
    render=render_column,
    allowed_parents=("x-row",),
    parent_rule="column-outside-row",
    parent_hint='wrap the columns in <x-row :layout="[…]">',
)
