"""``x-cta`` (bulletproof link button) and ``x-image`` (wrapped, optionally linked image)."""

from __future__ import annotations

import contextlib
import hashlib
import operator
from collections.abc import Mapping

from components.expand.context import ExpandContext
from components.expand.html import attr
from components.markup.nodes import Element
from components.schema import MISSING, Prop, number, string
from components.standard.common import (
    BORDER_PROPS,
    MARGINS,
    TEXT_PROPS,
    align,
    background,
    base_css,
    border_pairs,
    border_set,
    box,
    color,
    common,
    css_pairs,
    declare_all,
    dyn,
    global_defaults,
    lang_dir,
    margin_for,
    mso_value,
    open_tag,
    put_text_props,
    px,
    size,
    string_prop,
    text_base,
    text_extras,
    text_set,
    track_link,
)
from components.standard.registry import LABEL_MARKS, Props, StandardComponent
from styles.css import css_value


def _href(props: Props, name: str = "href") -> str:
    """``href="…"`` with a literal value copied raw (Liquid and entities untouched)."""
    value = props.values.get(name, "")  # (string_prop, without its call)
    if type(value) is not str:
        value = str(value)
    if not value:
        return ""
    if '"' not in value and name in props.raw:  # (attr's answer, without its call)
        return " " + name + '="' + value + '"'
    return attr(name, value, raw=name in props.raw)


def _link_class(props: Props) -> str:
    return "untracked" if props.get("track-link", True) is False else ""


_UNTRACKED = attr("class", "untracked")


_FIRST = operator.itemgetter(0)


def _hover(
    ctx: ExpandContext, el: Element, props: Props, mapping: tuple[tuple[str, str], ...]
) -> str:
    if props.values.keys().isdisjoint(map(_FIRST, mapping)):
        return ""  # no hover prop set: the common case, without reading each
    get = props.values.get
    decls = [
        (css, v)
        for name, css in mapping
        if (v := get(name)) is not None and v is not MISSING and v != ""
    ]
    if not decls:
        return ""
    plain = [
        (p, css_value(p, v))
        for p, v in decls
        if isinstance(v, (str, int, float)) and not isinstance(v, bool)
    ]
    if not plain:
        return ""
    text = "".join(f"{p}:{v}" for p, v in plain)
    cls = "mw-hover-" + hashlib.blake2s(text.encode(), digest_size=4).hexdigest()
    # !important: the element's own values are inline styles
    ctx.css.add(f".{cls}:hover", [(p, f"{v} !important") for p, v in plain])
    return cls


#: the hover props of x-image and x-cta and the CSS property each sets, and their names
_IMAGE_HOVER = (
    ("hover-opacity", "opacity"),
    ("hover-box-shadow", "box-shadow"),
    ("hover-border-radius", "border-radius"),
)
_CTA_HOVER = (
    ("hover-color", "color"),
    ("hover-background", "background"),
    *_IMAGE_HOVER,
)
_IMAGE_HOVER_PROPS = frozenset(map(_FIRST, _IMAGE_HOVER))
_CTA_HOVER_PROPS = frozenset(map(_FIRST, _CTA_HOVER))

#: The padding x-cta uses when neither the prop nor the global button style sets one.
DEFAULT_PADDING = "12px 24px"
#: Outlook scales one &emsp; (1em wide) by at most 500% with mso-font-width.
MAX_FONT_WIDTH = 500


def _em(length: str, font_px: float) -> float | None:
    """A CSS length in em of the button text (px, em and 0 are understood)."""
    text = length.strip().lower()
    try:
        if text.endswith("px"):
            return float(text[:-2]) / font_px
        if text.endswith("em") and not text.endswith("rem"):
            return float(text[:-2])
        if text.endswith("rem"):
            return float(text[:-3]) * 16 / font_px
        return 0.0 if float(text) == 0 else float(text) / font_px
    except ValueError:
        return None


def mso_padding(padding: object, font_size: object) -> tuple[float, float, float, float]:
    """The button's padding (top, right, bottom, left) in em of its text, for
    Outlook's padding trick; the default padding when it cannot be known (a unit
    other than px/em/rem, Liquid …). A dynamic value counts as its desktop value."""
    if (
        type(padding) is str
        and (type(font_size) is int or type(font_size) is float)
        and (font_size > 0)
    ):
        # the common case (px lengths, a font size in px) without the general reading
        parts = padding.split()
        if 1 <= len(parts) <= 4 and all(p.endswith("px") for p in parts):
            try:
                e = [float(p[:-2]) / font_size or 0.0 for p in parts]
            except ValueError:
                pass
            else:
                while len(e) < 4:  # CSS shorthand: bottom = top, left = right
                    e.append(e[len(e) - 2] if len(e) >= 2 else e[0])
                return e[0], e[1], e[2], e[3]
    font = mso_value(font_size)
    font_px = 16.0
    if isinstance(font, (int, float)) and not isinstance(font, bool) and font > 0:
        font_px = float(font)
    elif isinstance(font, str) and font.strip().endswith("px"):
        try:  # (not contextlib.suppress: a context manager per button costs more)
            font_px = float(font.strip()[:-2]) or 16.0
        except ValueError:
            font_px = 16.0
    value = mso_value(padding)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value:g}px"
    parts = str(value).split() if isinstance(value, str) else []
    ems = [_em(p, font_px) for p in parts]
    if not 1 <= len(parts) <= 4 or any(e is None for e in ems):
        parts = DEFAULT_PADDING.split()
        ems = [_em(p, font_px) for p in parts]
    e = [x or 0.0 for x in ems]
    while len(e) < 4:  # CSS shorthand: bottom = top, left = right
        e.append(e[len(e) - 2] if len(e) >= 2 else e[0])
    return e[0], e[1], e[2], e[3]


def _pct(value: float) -> str:
    return f"{round(value * 100, 2):g}%"


def _mso_side(width_em: float, raise_em: float = 0.0, *, last: bool = False) -> str:
    """The hidden ``<i>`` of Outlook's side padding: em spaces scaled by mso-font-width
    (several when wider than 5em); the first also raises by the vertical padding."""
    count = max(1, -(-round(width_em * 100) // MAX_FONT_WIDTH))
    # (_pct's text, without its calls)
    style = f"mso-font-width:{round(width_em / count * 100, 2):g}%"
    if raise_em:
        style += f";mso-text-raise:{round(raise_em * 100, 2):g}%"
    return f'<i style="{style}" hidden>{"&emsp;" * count}{"&#8203;" if last else ""}</i>'


#: x-cta's border props besides the radius (which falls back to the global button's)
_CTA_BORDER = tuple(n for n in BORDER_PROPS if n != "border-radius")


#: x-cta's outer ``<div>`` start tag after the mark, prepared for each plain alignment:
#: a use without margin, hide-on, class, style, pass-through attributes or Liquid in its
#: attribute list writes it as is (what :func:`open_tag` would make)
_DIV_TAILS = {a: f' style="text-align:{a}">' for a in ("left", "center", "right")}
#: the props that add to the outer ``<div>`` start tag besides its alignment
_DIV_EXTRAS = frozenset({"margin", "hide-on", "class", "style"})
#: the anchor's fixed markup, prepared once: only the varying props are filled in per use
_A_END = ' target="_blank">'
_CTA_CLOSE = "</a></div>"
_CTA_CLOSE_MSO = "</a><!--[if mso]></td></tr></table><![endif]--></div>"


def render_cta(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    values = props.values
    get = values.get  # (props.get, and props[name] with MISSING, without a call)
    # the text props: given, else inherited (the font) or the global button's
    base = text_base(ctx, "button", _CTA_INHERITS)
    alignment = get("align", ctx.inherited.get("align", "left"))
    tail = _DIV_TAILS.get(alignment) if type(alignment) is str else None
    if (
        tail is not None
        and not props.passthrough
        and not props.liquid
        and values.keys().isdisjoint(_DIV_EXTRAS)
    ):
        out.append("<div" + ctx.mark(el) + tail)
    else:
        out.append(
            open_tag(
                ctx,
                "div",
                el,
                props,
                [("text-align", alignment), ("margin", get("margin", MISSING))],
            )
        )
    hover = (
        _hover(ctx, el, props, _CTA_HOVER)
        if not values.keys().isdisjoint(_CTA_HOVER_PROPS)  # (the common case: none, no call)
        else ""
    )

    button = global_defaults(ctx, "button")
    padding = get("padding", "")
    if padding == "":
        padding = button.get("padding", DEFAULT_PADDING)
    radius = get("border-radius", "")
    if radius == "":
        radius = button.get("border-radius")
    background = get("background", "")
    if background == "":
        background = button.get("background-color", "#000000")
    # the style text, as open_tag makes it (dynamic values add their classes to gen)
    inline = ["display:inline-block"]
    gen: list[str] = []
    sized = "width" in values or "height" in values
    declare_all(
        ctx,
        (
            ("background", background),
            *(
                (("width", px(get("width", MISSING))), ("height", px(get("height", MISSING))))
                if sized
                else ()
            ),
            ("padding", padding if type(padding) is str else px(padding)),
            ("border-radius", radius if type(radius) is str else px(radius)),
            *border_pairs(props, _CTA_BORDER),
        ),
        el,
        inline,
        gen,
    )
    # (the fill, when it declared one, comes right after display)
    base_bg = inline[1][11:] if len(inline) > 1 and inline[1][:11] == "background:" else ""
    css = base_css(ctx, "button", base)
    put_text_props(ctx, el, values, css, base, inline, gen)  # (the base's text made once)
    if "text-transform" in values or "text-decoration" in values:
        declare_all(
            ctx,
            (
                ("text-transform", get("text-transform", MISSING)),
                ("text-decoration", get("text-decoration", "none")),
            ),
            el,
            inline,
            gen,
        )
    else:  # (what declare_all writes of the two unset, without its call)
        inline.append("text-decoration:none")
    inline.append("mso-padding-alt:0")
    color = get("color")
    if (base["color"] if color is None else color) in (None, MISSING):
        inline.append("color:#ffffff")
    style = ";".join(inline)
    if base_bg and "(" not in base_bg:
        style += ";text-underline-color:" + base_bg
    untracked = get("track-link") is False  # (_link_class: it has a default, so it is set)
    cls = (
        " ".join(c for c in ("untracked" if untracked else "", hover, *gen) if c)
        if (untracked or hover or gen)
        else ""
    )
    # Outlook for Windows ignores width and height on a link: a ghost-table cell of that
    # size (with the fill, so the whole box is coloured) holds the button there.
    mso_box = (
        _mso_box(props, base_bg, _given_or(get("text-align"), base, "text-align"), alignment)
        if sized
        else ""
    )
    if mso_box:
        out.append(f"<!--[if mso]>{mso_box}<![endif]-->")
    before, after = _mso_label(ctx, padding, _given_or(get("font-size"), base, "font-size"))
    out.append(
        "<a"
        + _href(props)
        + (attr("class", cls) if cls else "")
        + (
            attr("style", style)
            if "&" in style or '"' in style or "<" in style or ">" in style or "{" in style
            else ' style="' + style + '"'  # (attr's answer, without its call)
        )
        + _A_END
        + before
    )
    ctx.expand_nodes(el.children, out)
    out.append(after + (_CTA_CLOSE_MSO if mso_box else _CTA_CLOSE))


#: the text props a button inherits from its containers (the others are the global
#: button's)
_CTA_INHERITS = ("font-family",)


def _given_or(value: object, base: Mapping[str, object], name: str) -> object:
    """A text prop's value: the use's (``value``, None when not given), else ``base``'s."""
    return base[name] if value is None else value


#: per expansion: (padding, font size) → the markup of :func:`_mso_label`
_MSO_LABELS = "components.standard.cta.mso"


def _mso_label(ctx: ExpandContext, padding: object, font_size: object) -> tuple[str, str]:
    """The Outlook-only markup before and after a button's label, made once per
    expansion for each plain padding and font size (buttons repeat them).

    Outlook for Windows ignores the padding (mso-padding-alt:0): hidden em spaces
    scaled with mso-font-width make the sides, mso-text-raise the top and bottom
    (G:email-code/link-button). The zero-width space stops the last one collapsing."""
    key = (
        (type(padding), padding, type(font_size), font_size)
        if (type(padding) in _PLAIN and type(font_size) in _PLAIN)
        else None
    )
    memo = ctx.extensions.get(_MSO_LABELS)
    if key is not None and isinstance(memo, dict):
        known = memo.get(key)
        if known is not None:
            return known  # type: ignore[no-any-return]
    top, right, bottom, left = mso_padding(padding, font_size)
    made = (
        f"<!--[if mso]>{_mso_side(left, top + bottom)}"
        f'<span style="mso-text-raise:{_pct(bottom)}"><![endif]-->',
        f"<!--[if mso]></span>{_mso_side(right, last=True)}<![endif]-->",
    )
    if key is not None:
        if not isinstance(memo, dict):
            memo = ctx.extensions[_MSO_LABELS] = {}
        memo[key] = made
    return made


_PLAIN = frozenset({str, int, float})


def _mso_length(value: object) -> str:
    """A width/height for a ghost-table attribute: ``200``, ``200px`` → ``200``; ``50%``
    stays; anything else (em, auto, Liquid) → "" (not passed)."""
    leaf = mso_value(value)
    if isinstance(leaf, bool) or leaf is None:
        return ""
    if isinstance(leaf, (int, float)):
        return f"{leaf:g}" if leaf > 0 else ""
    text = str(leaf).strip()
    number = text.removesuffix("px")
    with contextlib.suppress(ValueError):
        if float(number.rstrip("%")) > 0 and (number == text.rstrip("%") or text.endswith("px")):
            return number if not text.endswith("%") else text
    return ""


def _mso_box(props: Props, background: str, text_align: object, alignment: object) -> str:
    """The opening of the Outlook-only cell that gives an x-cta its width/height ("" when
    neither is set)."""
    width, height = _mso_length(props["width"]), _mso_length(props["height"])
    if not width and not height:
        return ""
    align_value = mso_value(text_align)
    cell_align = align_value if align_value in ("left", "right") else "center"
    cell = (
        f'<td align="{cell_align}" valign="middle"'
        + (f' width="{width}"' if width else "")
        + (f' height="{height}"' if height else "")
        + (f' bgcolor="{background}"' if background.startswith("#") else "")
        + (
            f' style="background:{background}"'
            if background and "(" not in background and "{" not in background
            else ""
        )
        + ">"
    )
    box_align = mso_value(alignment)
    return (
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0"'
        + (f' align="{box_align}"' if box_align in ("left", "center", "right") else "")
        + (f' width="{width}"' if width else "")
        + f"><tr>{cell}"
    )


def _hover_set() -> tuple[Prop, ...]:
    """The hover props x-cta and x-image share (each also has its own: the button's fill)."""
    return (
        Prop(
            "hover-opacity",
            number().optional(),
            type="slider",
            label="Hover opacity",
            section="Hover",
            min=0,
            max=1,
            step=0.05,
        ),
        Prop(
            "hover-box-shadow",
            string().optional(),
            type="shadow",
            label="Hover shadow",
            section="Hover",
        ),
        Prop(
            "hover-border-radius",
            number(css=True).optional(),
            type="radius",
            label="Hover radius",
            section="Hover",
        ),
    )


CTA = StandardComponent(
    replayable=True,
    tag="x-cta",
    label="Button",
    group="Actions",
    content="text",
    marks=LABEL_MARKS,
    insert='<x-cta href="https://example.com">Button</x-cta>',
    description="A button: a link styled as a button that works in Outlook (bulletproof).",
    text_defaults="button",
    props=(
        Prop("href", string().optional(), type="url", label="Link", section="General"),
        track_link(),
        size("width", "Width"),
        size("height", "Height"),
        box("padding", "Padding"),
        box("margin", "Margin"),
        align(),
        background(),
        *border_set(),
        color("hover-color", "Hover text color"),
        Prop(
            "hover-background",
            string().optional(),
            type="background",
            label="Hover fill",
            section="Hover",
        ),
        *_hover_set(),
        *text_set(),
        *text_extras(),
        *lang_dir(),
        *common(),
    ),
    render=render_cta,
)


#: x-image's outer ``<div>`` start tag after the mark for each plain alignment, as
#: :func:`open_tag` makes it for a use without margin, hide-on, class, style, pass-through
#: attributes or Liquid in its attribute list
_IMAGE_DIV_TAILS = {
    a: f' class="mw-image" style="text-align:{a}">' for a in ("left", "center", "right")
}
#: the props that add to the ``<img>`` style besides its alignment and width
_IMG_STYLED = frozenset(
    {
        "border-style",
        *BORDER_PROPS,
        *TEXT_PROPS,
        "background-color",
        "letter-spacing",
        "text-transform",
        "text-decoration",
    }
)


def render_image(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    values = props.values
    get = values.get  # (props.get, and props[name] with MISSING, without a call)
    alignment = get("align", ctx.inherited.get("align", "center"))
    src = get("src", MISSING)
    width = get("width", MISSING)
    tail = _IMAGE_DIV_TAILS.get(alignment) if type(alignment) is str else None
    keys = values.keys()
    if (
        tail is not None
        and not props.passthrough
        and not props.liquid
        and keys.isdisjoint(_DIV_EXTRAS)
    ):
        out.append("<div" + ctx.mark(el) + tail)  # (what open_tag makes of it)
    else:
        wrapper = [("text-align", alignment), ("margin", get("margin", MISSING))]
        out.append(open_tag(ctx, "div", el, props, wrapper, classes=("mw-image",)))
    href = _href(props) if "href" in values else ""  # (no call without one)
    if href:
        # (_link_class: track-link has a default, so it is set)
        out.append(
            f"<a{href}{_UNTRACKED if get('track-link') is False else ''} "
            'target="_blank" style="text-decoration:none">'
        )
    hover = (
        _hover(ctx, el, props, _IMAGE_HOVER)
        if not keys.isdisjoint(_IMAGE_HOVER_PROPS)  # (the common case: none, no call)
        else ""
    )
    # Outlook sizes images by the width attribute (the desktop width of a dynamic one);
    # everyone else gets a fluid image capped at the width.
    width_attr = ""
    # (mso_value's answer for a number, without its call)
    mso_width = width if type(width) is int or type(width) is float else mso_value(width)
    if isinstance(mso_width, (int, float)) and not isinstance(mso_width, bool):
        width_attr = f' width="{mso_width:g}"'
    elif isinstance(mso_width, str) and mso_width.strip().endswith("px"):
        number = mso_width.strip()[:-2]
        if number.replace(".", "", 1).isdigit():
            width_attr = f' width="{number}"'
    if type(width) is int:  # (px's answer for an int, without its call)
        max_width: object = f"{width:g}px" if width else "0"
    else:
        max_width = px(width) if width is not MISSING and width != "" else None
    # (margin_for's answer for a plain alignment, without its call)
    margin = MARGINS.get(alignment, "0 auto") if type(alignment) is str else margin_for(alignment)
    if (
        type(margin) is str
        and (max_width is None or type(max_width) is str)
        and keys.isdisjoint(_IMG_STYLED)
    ):
        # plain values and no other style prop: the style text as style_text makes it
        style = (
            "display:block;margin:"
            + margin.strip()
            + ";width:100%"
            + (";max-width:" + max_width.strip() if max_width else "")
            + ";height:auto;border:0"
        )
        cls = hover
    else:
        # the alt text's own styles (an image inherits none and has no global defaults)
        alt_text = css_pairs(
            values, ("background-color", "letter-spacing", "text-transform", "text-decoration")
        )
        pairs: list[tuple[str, object]] = [
            # block, not inline: no descender gap under the image; margins align it
            ("display", "block"),
            ("margin", margin),
            ("width", "100%"),
            ("max-width", max_width),
            ("height", "auto"),
            ("border", "0") if get("border-style", "") == "" else ("border", None),
            *border_pairs(props),
            *css_pairs(values, TEXT_PROPS),
            *[(n, px(v) if n == "letter-spacing" else v) for n, v in alt_text],
        ]
        style, gen = ctx.style_text(pairs, node=el)
        cls = " ".join([c for c in (hover, *gen) if c])
    base_src: object = src
    dark_src = medium_src = medium_dark_src = None
    if isinstance(src, dict):
        base_src = src.get("light") or src.get("small") or src.get("small:light") or ""
        dark_src = src.get("dark") or src.get("small:dark")
        medium_src = src.get("medium") or src.get("medium:light")
        medium_dark_src = src.get("medium:dark")
    src_text = base_src if type(base_src) is str else str(base_src)
    src_attr = (  # (attr's answer for a raw value without a quote, without its call)
        ' src="' + src_text + '"'
        if '"' not in src_text and "src" in props.raw
        else attr("src", src_text, raw="src" in props.raw)
    )
    # No alt written: none invented, so the checks report it; alt="" is the author's
    # "decorative".
    alt = get("alt")
    if alt is None:
        alt_attr = ""
    else:
        alt = alt if type(alt) is str else str(alt)
        alt_attr = (  # (attr's answer for a raw value without a quote, without its call)
            ' alt="' + alt + '"'
            if '"' not in alt and "alt" in props.raw
            else attr("alt", alt, raw="alt" in props.raw)
        )
    extra = ""
    if get("srcset", "") != "":
        extra += attr("srcset", string_prop(props, "srcset"), raw="srcset" in props.raw)
    if get("sizes", "") != "":
        extra += attr("sizes", string_prop(props, "sizes"), raw="sizes" in props.raw)
    img = (
        f"<img{src_attr}{alt_attr}{width_attr}{extra}"
        f"{attr('class', cls) if cls else ''}"
        + (
            attr("style", style)
            if "&" in style or '"' in style or "<" in style or ">" in style or "{" in style
            else ' style="' + style + '"'  # (attr's answer, without its call)
        )
        + ">"
    )
    if dark_src or medium_src or medium_dark_src:
        # the first matching <source> wins: most specific first
        sources = ""
        if medium_dark_src:
            sources += (
                f"<source{attr('srcset', str(medium_dark_src))} "
                f'media="(min-width: {ctx.options.breakpoint}px) and '
                '(prefers-color-scheme: dark)">'
            )
        if dark_src:
            sources += (
                f'<source{attr("srcset", str(dark_src))} media="(prefers-color-scheme: dark)">'
            )
        if medium_src:
            sources += (
                f"<source{attr('srcset', str(medium_src))} "
                f'media="(min-width: {ctx.options.breakpoint}px)">'
            )
        img = f"<picture>{sources}{img}</picture>"
    out.append(img)
    if href:
        out.append("</a>")
    out.append("</div>")


IMAGE = StandardComponent(
    replayable=True,
    takes_content=False,
    tag="x-image",
    label="Image",
    group="Media",
    content="none",
    insert='<x-image src="https://placehold.co/600x300" alt=""></x-image>',
    description="An image, optionally linked; dark-mode and desktop sources via <picture>.",
    props=(
        Prop(
            "src",
            dyn(string(), dark=True, responsive=True),
            type="media",
            label="Source",
            section="General",
            accept="image/*",
        ),
        Prop("href", string().optional(), type="url", label="Link", section="General"),
        track_link(),
        Prop("alt", string().optional(), label="Alt text", section="General"),
        size("width", "Width"),
        box("margin", "Margin"),
        align(),
        *border_set(),
        *_hover_set(),
        color("background-color", "Alt text fill", "Alt text"),
        *text_set(),
        Prop(
            "letter-spacing",
            number(css=True).optional(),
            type="slider",
            label="Letter spacing",
            section="Alt text",
        ),
        *text_extras(),
        Prop("srcset", string().optional(), label="Image set", section="General"),
        Prop("sizes", string().optional(), label="Sizes", section="General"),
        *lang_dir()[:0],
        *common(),
    ),
    render=render_image,
)
