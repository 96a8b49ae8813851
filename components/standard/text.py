"""``x-heading-1`` … ``x-heading-6``, ``x-paragraph`` and ``x-list``: text with the text set."""

from __future__ import annotations

from collections.abc import Mapping

from components.expand.context import ExpandContext
from components.expand.html import attr
from components.markup.nodes import Element
from components.schema import MISSING, Prop, enum
from components.standard.common import (
    LANG_PROPS,
    TEXT_PROPS,
    BaseCss,
    base_css,
    box,
    common,
    global_defaults,
    lang_dir,
    open_tag,
    put_css,
    put_text_props,
    text_base,
    text_extras,
    text_set,
)
from components.standard.registry import (
    HEADING_MARKS,
    LIST_MARKS,
    RICH_MARKS,
    Props,
    StandardComponent,
)
from styles.css import Variant, css_value
from styles.dynamic import DynamicValueError, variants

#: Heading sizes, weights and line heights come from the heading's own defaults, not
#: from the enclosing container.
HEADING_INHERITS = ("color", "font-family", "text-align")

LINK_SELECTORS = "p a, h1 a, h2 a, h3 a, h4 a, h5 a, h6 a, li a"


def _add_link_styles(ctx: ExpandContext) -> None:
    """The rules of links in text (once per expansion: a journaled expansion makes every
    addition, since a replay repeats them)."""
    ctx.global_cache[_LINKS_DONE] = {}
    # One rule per variant (base, desktop, dark, desktop dark) holding every property,
    # not one rule per property.
    merged: dict[Variant, list[tuple[str, str]]] = {}
    for prop, value in global_defaults(ctx, "link").items():
        if prop == "font-family":
            continue  # links inherit the paragraph font from their text
        try:
            v = variants(value)
        except DynamicValueError:
            continue  # the styles file reports its own problems
        places: tuple[tuple[Variant, object], ...] = (
            ("base", v.base),
            ("medium", v.medium),
            ("dark", v.dark),
            ("medium_dark", v.medium_dark),
        )
        for variant, leaf in places:
            if isinstance(leaf, (str, int, float)):
                merged.setdefault(variant, []).append((prop, css_value(prop, leaf)))
    for variant, decls in merged.items():
        ctx.css.add(LINK_SELECTORS, decls, variant)


_LINKS_DONE = "__links_done"


def _text_element(tag: str, component: str, inherits: tuple[str, ...]):  # type: ignore[no-untyped-def]
    end = f"</{tag}>"

    def render(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
        base = text_base(ctx, component, inherits)
        values = props.values
        font = values.get("font-family")  # (it holds set values only: None is "not given")
        if font is None:
            font = base["font-family"]
        # (a font stack met before adds nothing more, unless a journal is kept: no call)
        if isinstance(font, str) and (font not in ctx.font_stacks or ctx.journal is not None):
            ctx.add_font(font)
        if ctx.journal is not None or _LINKS_DONE not in ctx.global_cache:
            _add_link_styles(ctx)
        if props.passthrough or props.liquid or not values.keys().isdisjoint(_TAG_EXTRAS):
            out.append(text_open_tag(ctx, tag, el, props, base))
        else:
            out.append(text_start_tag(ctx, tag, el, values, base, base_css(ctx, component, base)))
        ctx.expand_nodes(el.children, out)
        out.append(end)

    return render


#: the props that add to a text element's start tag besides its style and language
_TAG_EXTRAS = frozenset({"hide-on", "class", "style"})


def text_open_tag(
    ctx: ExpandContext, tag: str, el: Element, props: Props, base: Mapping[str, object]
) -> str:
    """A text element's start tag for any use (:func:`open_tag`): ``base`` is what
    :func:`text_base` gives its component."""
    get = props.values.get
    # the style: margin, the text props (given, else inherited or default), the
    # extras (declare_all leaves the unset ones out)
    pairs = [("margin", get("margin", "0"))]
    if tag in ("ul", "ol"):
        pairs += (("list-style-type", get("list-style", MISSING)), ("padding", "0 0 0 1.5em"))
    for name in TEXT_PROPS:
        value = get(name)
        pairs.append((name, base[name] if value is None else value))
    pairs += (
        ("text-transform", get("text-transform", MISSING)),
        ("text-decoration", get("text-decoration", MISSING)),
    )
    lang = [
        (n, v if isinstance(v, str) else str(v))
        for n in LANG_PROPS
        if (v := get(n)) is not None and v != ""
    ]
    return open_tag(ctx, tag, el, props, pairs, attrs=lang)


def text_start_tag(
    ctx: ExpandContext,
    tag: str,
    el: Element,
    values: Mapping[str, object],
    base: Mapping[str, object],
    css: BaseCss,
) -> str:
    """:func:`text_open_tag` for a use without hide-on, class, style, pass-through
    attributes or Liquid in its attribute list (``values``: its props' values), written
    directly: the inherited and default values' style text made once per expansion
    (``css``: :func:`~components.standard.common.base_css`), the use's own values put in
    as :func:`~components.standard.common.declare_all` puts them."""
    inline: list[str] = []
    classes: list[str] = []
    get = values.get
    value = get("margin")
    if value is None:
        inline.append("margin:0")
    else:
        put_css(ctx, el, "margin", value, inline, classes)
    if tag in ("ul", "ol"):
        value = get("list-style")
        if value is not None:
            put_css(ctx, el, "list-style-type", value, inline, classes)
        inline.append("padding:0 0 0 1.5em")
    put_text_props(ctx, el, values, css, base, inline, classes)
    for name in _EXTRAS:
        value = get(name)
        if value is not None:
            put_css(ctx, el, name, value, inline, classes)
    style = ";".join(inline)
    text = "<" + tag + ctx.mark(el)
    if not values.keys().isdisjoint(LANG_PROPS):
        for name in LANG_PROPS:
            value = get(name)
            if value is not None and value != "":
                text += attr(name, value if isinstance(value, str) else str(value))
    if classes:
        names = " ".join(classes).split()
        text += attr("class", names[0] if len(names) == 1 else " ".join(dict.fromkeys(names)))
    if style:  # (attr's answer for plain text without its call; attr escapes the others)
        if "&" in style or '"' in style or "<" in style or ">" in style or "{" in style:
            text += attr("style", style)
        else:
            text += ' style="' + style + '"'
    return text + ">"


_EXTRAS = ("text-transform", "text-decoration")


def heading(level: int) -> StandardComponent:
    return StandardComponent(
        replayable=True,
        tag=f"x-heading-{level}",
        label=f"Heading {level}",
        group="Text",
        content="text",
        marks=HEADING_MARKS,
        insert=f"<x-heading-{level}>Heading {level}</x-heading-{level}>",
        description=f"A level-{level} heading (<h{level}>).",
        text_defaults=f"heading{level}",
        props=(box("margin", "Margin"), *text_set(), *text_extras(), *lang_dir(), *common()),
        render=_text_element(f"h{level}", f"heading{level}", HEADING_INHERITS),
    )


PARAGRAPH = StandardComponent(
    replayable=True,
    tag="x-paragraph",
    label="Paragraph",
    group="Text",
    content="text",
    marks=RICH_MARKS,
    insert="<x-paragraph>Write your text here.</x-paragraph>",
    description="A paragraph of text (<p>).",
    text_defaults="paragraph",
    props=(box("margin", "Margin"), *text_set(), *text_extras(), *lang_dir(), *common()),
    render=_text_element("p", "paragraph", TEXT_PROPS),
)

LIST_STYLES = (
    "disc",
    "circle",
    "square",
    "decimal",
    "decimal-leading-zero",
    "lower-alpha",
    "upper-alpha",
    "lower-roman",
    "upper-roman",
    "lower-greek",
    "lower-latin",
    "upper-latin",
    "armenian",
    "georgian",
    "hebrew",
    "hiragana",
    "hiragana-iroha",
    "katakana",
    "katakana-iroha",
)
UNORDERED = frozenset({"disc", "circle", "square"})


def _render_list(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    style = props.get("list-style", "disc")
    tag = "ul" if style in UNORDERED else "ol"
    _text_element(tag, "paragraph", TEXT_PROPS)(ctx, el, props, out)


LIST = StandardComponent(
    replayable=True,
    tag="x-list",
    label="List",
    group="Text",
    content="text",
    marks=LIST_MARKS,
    insert="<x-list>\n  <li>First item</li>\n  <li>Second item</li>\n</x-list>",
    description="A bulleted or numbered list; its children are <li> elements.",
    text_defaults="paragraph",
    props=(
        Prop(
            "list-style",
            enum(list(LIST_STYLES)).default("disc"),
            type="select",
            label="List type",
            section="General",
        ),
        box("margin", "Margin"),
        *text_set(),
        *text_extras(),
        *lang_dir(),
        *common(),
    ),
    render=_render_list,
)

HEADINGS = tuple(heading(n) for n in range(1, 7))
