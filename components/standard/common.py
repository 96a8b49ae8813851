"""Prop sets and render helpers shared by the standard components."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from components.expand.context import ExpandContext
from components.expand.html import attr
from components.markup.nodes import Element
from components.schema import (
    MISSING,
    Option,
    Prop,
    Schema,
    boolean,
    enum,
    number,
    string,
    with_dynamic_styles,
)
from components.standard.registry import Props
from styles.css import UNITLESS, component_declarations, css_value
from styles.dynamic import Variants

DARK = {"dark_mode": True}
RESPONSIVE = {"responsive": True}


def dyn(schema: Schema, *, dark: bool = False, responsive: bool = False) -> Schema:
    return with_dynamic_styles(schema, dark_mode=dark, responsive=responsive)


def color(name: str, label: str = "", section: str = "Styles") -> Prop:
    return Prop(
        name, dyn(string(), dark=True).optional(), type="color", label=label, section=section
    )


def background(name: str = "background", label: str = "Fill") -> Prop:
    return Prop(
        name, dyn(string(), dark=True).optional(), type="background", label=label, section="Styles"
    )


def size(
    name: str,
    label: str = "",
    section: str = "Layout",
    *,
    responsive: bool = True,
    units: tuple[str, ...] = ("auto", "px", "percentage"),
) -> Prop:
    return Prop(
        name,
        dyn(number(css=True), responsive=responsive).optional(),
        type="size",
        label=label,
        section=section,
        units=units,
    )


def box(name: str, label: str = "") -> Prop:
    return Prop(
        name,
        dyn(number(css=True), responsive=True).optional(),
        type="box",
        label=label,
        section="Layout",
        collapsed_input="axis",
    )


ALIGN_OPTIONS = tuple(
    Option(v.capitalize(), v, f"format_align_{v}") for v in ("left", "center", "right")
)


def align(name: str = "align", label: str = "Align", section: str = "Layout") -> Prop:
    return Prop(
        name,
        dyn(enum(["left", "center", "right"]), responsive=True).optional(),
        type="toggle",
        label=label,
        section=section,
        options=ALIGN_OPTIONS,
    )


WEIGHTS = ("300", "400", "700")
ALL_WEIGHTS = tuple(str(w) for w in range(100, 1000, 100))


def text_set(weights: Sequence[str] = WEIGHTS) -> tuple[Prop, ...]:
    return (
        color("color", "Text color", "Text"),
        Prop("font-family", string().optional(), type="font-family", label="Font", section="Text"),
        Prop(
            "font-size",
            dyn(number(css=True), responsive=True).optional(),
            type="number",
            label="Size",
            section="Text",
            min=1,
            max=200,
        ),
        Prop(
            "font-weight",
            enum(list(weights)).optional(),
            type="select",
            label="Weight",
            section="Text",
            options=tuple(Option(w, w) for w in weights),
        ),
        Prop(
            "line-height",
            dyn(number(css=True), responsive=True).optional(),
            type="number",
            label="Line height",
            section="Text",
            step=0.1,
        ),
        align("text-align", "Text align", "Text"),
    )


TEXT_PROPS = ("color", "font-family", "font-size", "font-weight", "line-height", "text-align")
LANG_PROPS = ("lang", "dir")


def lang_dir() -> tuple[Prop, ...]:
    return (
        Prop("lang", string().optional(), label="Language", section="Advanced"),
        Prop(
            "dir",
            enum(["ltr", "rtl", "auto"]).optional(),
            type="select",
            label="Direction",
            section="Advanced",
        ),
    )


def text_extras() -> tuple[Prop, ...]:
    return (
        Prop(
            "text-transform",
            enum(["none", "capitalize", "uppercase", "lowercase"]).optional(),
            type="select",
            label="Transform",
            section="Text",
        ),
        Prop(
            "text-decoration",
            enum(["none", "underline", "line-through"]).optional(),
            type="select",
            label="Decoration",
            section="Text",
        ),
    )


def border_set() -> tuple[Prop, ...]:
    return (
        Prop(
            "border-style",
            enum(["none", "solid", "dashed", "dotted"]).optional(),
            type="select",
            label="Border style",
            section="Styles",
        ),
        Prop(
            "border-width",
            number(css=True).optional(),
            type="box",
            label="Border width",
            section="Styles",
        ),
        color("border-color", "Border color"),
        Prop(
            "border-radius",
            number(css=True).optional(),
            type="radius",
            label="Radius",
            section="Styles",
        ),
        Prop("box-shadow", string().optional(), type="shadow", label="Shadow", section="Styles"),
        Prop(
            "opacity",
            number().optional(),
            type="slider",
            label="Opacity",
            section="Styles",
            min=0,
            max=1,
            step=0.05,
        ),
    )


BORDER_PROPS = (
    "border-style",
    "border-width",
    "border-color",
    "border-radius",
    "box-shadow",
    "opacity",
)


def common() -> tuple[Prop, ...]:
    return (
        Prop(
            "hide-on",
            enum(["mobile", "desktop"]).optional(),
            type="toggle",
            label="Hide on",
            section="Advanced",
            options=(
                Option("Mobile", "mobile", "smartphone"),
                Option("Desktop", "desktop", "desktop_windows"),
            ),
        ),
        Prop("class", string().optional(), label="CSS class", section="Advanced"),
        Prop("style", string().optional(), type="textarea", label="CSS style", section="Advanced"),
    )


def track_link() -> Prop:
    return Prop(
        "track-link", boolean().default(True), type="switch", label="Track link", section="General"
    )


# -- resolving values -------------------------------------------------------------------
def global_defaults(ctx: ExpandContext, component: str) -> Mapping[str, object]:
    """The global style defaults of ``component`` as CSS property → value (maybe dynamic):
    the expansion's resolved defaults (a loaded project's, made once), else resolved
    here, once per expansion. Read-only."""
    if not component:
        return _NO_DEFAULTS
    resolved = ctx.style_defaults
    if resolved is not None:
        found = resolved.values.get(component)
        if found is not None:
            return found
    cache = ctx.global_cache
    mine = cache.get(component)
    if mine is None:
        problem = resolved.problems.get(component) if resolved is not None else None
        decls: Mapping[str, Variants[str]] = {}
        if problem is None and resolved is None:
            try:
                decls = component_declarations(ctx.styles, component)
            except Exception as err:  # a broken styles file must not stop the compile
                problem = str(err)
        if problem is not None:
            ctx.report("styles/invalid", f"global {component} styles: {problem}")
            ctx.uncacheable()  # reported once, by whichever element comes first
        mine = cache[component] = {prop: v.value() for prop, v in decls.items()}
    return mine


_NO_DEFAULTS: Mapping[str, object] = MappingProxyType({})


def text_base(
    ctx: ExpandContext, component: str, inherit: Sequence[str] = TEXT_PROPS
) -> Mapping[str, object]:
    """Each text prop as enclosing containers and the global defaults of ``component``
    give it (MISSING for none), made once per inherited dict. Read-only."""
    inherited = ctx.inherited
    known = ctx.inherited_text.get(component)
    if known is not None and known[1] is inherited and known[0] == inherit:
        return known[2]
    defaults = global_defaults(ctx, component)
    out: dict[str, object] = {}
    for name in TEXT_PROPS:
        value = inherited.get(name, MISSING) if name in inherit else MISSING
        out[name] = defaults.get(name, MISSING) if value is MISSING else value
    ctx.inherited_text[component] = (tuple(inherit), inherited, out)
    return out


def put_css(
    ctx: ExpandContext, el: Element, name: str, value: object, inline: list[str], classes: list[str]
) -> None:
    """One set ``(name, value)`` as :func:`~components.standard.common.declare_all`
    puts it (a set value is never MISSING or None)."""
    kind = type(value)
    if kind is str:
        if value:
            inline.append(name + ":" + value.strip())  # type: ignore[attr-defined]
    elif kind is int:  # (css_value's answer for an int, without its calls: declare_all's)
        inline.append(
            name + ":" + str(value)
            if value == 0 or name in UNITLESS
            else name + ":" + str(value) + "px"
        )
    elif kind is float:
        inline.append(name + ":" + css_value(name, value))  # type: ignore[arg-type]
    else:
        ctx.declare((name, value), el, inline, classes)


#: per expansion: component → (the text_base dict, its base_css)
_BASE_CSS = "components.standard.common.base_css"


#: what :func:`base_css` holds for a text prop: its style text, or None for a value to
#: declare (:func:`declare_base`), then (style text or None, class or None) once declared
BaseCss = dict[str, "str | tuple[str | None, str | None] | None"]


def base_css(ctx: ExpandContext, component: str, base: Mapping[str, object]) -> BaseCss:
    """Text prop → the style text of its value in ``base`` (what :func:`text_base` gave
    ``component``): ``"name:css"``, "" when it declares nothing, None when it is neither
    plain text nor a number (a dynamic value: declared by :func:`declare_base`, which adds
    its class). Made once per ``base`` dict in an expansion."""
    memo = ctx.extensions.get(_BASE_CSS)
    if not isinstance(memo, dict):
        memo = ctx.extensions[_BASE_CSS] = {}
    known = memo.get(component)
    if known is not None and known[0] is base:
        return known[1]  # type: ignore[no-any-return]
    css: BaseCss = {}
    for name in TEXT_PROPS:
        value = base[name]
        kind = type(value)
        if kind is str:
            css[name] = name + ":" + value.strip() if value else ""  # type: ignore[attr-defined]
        elif kind is int or kind is float:
            css[name] = name + ":" + css_value(name, value)  # type: ignore[arg-type]
        elif value is MISSING or value is None:
            css[name] = ""
        else:
            css[name] = None
    memo[component] = (base, css)
    return css


def put_text_props(
    ctx: ExpandContext,
    el: Element,
    values: Mapping[str, object],
    css: BaseCss,
    base: Mapping[str, object],
    inline: list[str],
    classes: list[str],
) -> None:
    """Every text prop's style for a use, as :func:`declare_all` puts them: the use's own
    value where ``values`` (its props' values) sets one (:func:`put_css`), else its value
    in ``base`` (``css``: :func:`base_css`; :func:`put_base`)."""
    get = values.get
    for name in TEXT_PROPS:
        value = get(name)
        if value is None:
            made = css[name]
            if type(made) is str:
                if made:
                    inline.append(made)
            elif type(made) is tuple:  # declared before: its text and class (put_base's)
                if made[0] is not None:
                    inline.append(made[0])
                if made[1] is not None:
                    classes.append(made[1])
            else:  # a value that is not plain text or a number
                put_base(ctx, el, css, name, base, inline, classes)
        elif type(value) is str:  # (put_css's first cases, without its call)
            if value:
                inline.append(name + ":" + value.strip())
        elif type(value) is int:
            inline.append(
                name + ":" + str(value)
                if value == 0 or name in UNITLESS
                else name + ":" + str(value) + "px"
            )
        else:
            put_css(ctx, el, name, value, inline, classes)


def put_base(
    ctx: ExpandContext,
    el: Element,
    css: BaseCss,
    name: str,
    base: Mapping[str, object],
    inline: list[str],
    classes: list[str],
) -> None:
    """The style of text prop ``name`` as ``base`` gives it (``css``: :func:`base_css`),
    for a use that does not set it: as :func:`declare_all` puts ``(name, base[name])``."""
    made = css[name]
    if isinstance(made, str):
        if made:
            inline.append(made)
    elif made is None:
        declare_base(ctx, el, css, name, base[name], inline, classes)
    else:  # declared before: its text and class
        text, cls = made
        if text is not None:
            inline.append(text)
        if cls is not None:
            classes.append(cls)


def declare_base(
    ctx: ExpandContext,
    el: Element,
    css: BaseCss,
    name: str,
    value: object,
    inline: list[str],
    classes: list[str],
) -> None:
    """Declare a base value that is neither plain text nor a number (``ctx.declare``).
    Once the expansion keeps its output (``ctx.dynamic_values``: the same text and class
    for every use, nothing left to add), ``css[name]`` holds them for the next uses of
    this base; not while a journal is kept (each use journals its additions)."""
    ctx.declare((name, value), el, inline, classes)
    if ctx.journal is None:
        seen = ctx.dynamic_values.get((name, id(value)))
        if seen is not None and seen[0] is value:
            done = seen[1]
            css[name] = (":".join(done[0]) if done[0] is not None else None, done[1])


def text_values(
    ctx: ExpandContext, props: Props, component: str, *, inherit: Sequence[str] = TEXT_PROPS
) -> dict[str, object]:
    """Text props after inheritance: explicit → enclosing container → global default."""
    out = dict(text_base(ctx, component, inherit))
    get = props.values.get
    for name in TEXT_PROPS:
        value = get(name, MISSING)
        if value is not MISSING and value is not None:
            out[name] = value
    return out


def css_pairs(values: Mapping[str, object], names: Sequence[str]) -> list[tuple[str, object]]:
    """``(name, value)`` for each of ``names`` with a value in ``values`` (unset ones, which
    would declare nothing, are left out)."""
    get = values.get
    return [(n, v) for n in names if (v := get(n)) is not None and v is not MISSING]


def explicit_text(props: Props, names: Sequence[str] = TEXT_PROPS) -> list[tuple[str, object]]:
    """The text props a container sets itself. Containers write only these: what they
    inherit already reaches their content through CSS inheritance, and global defaults
    are written by ``x-base`` and by each content element."""
    if props.values.keys().isdisjoint(names):  # (the common case, without a loop)
        return []
    get = props.values.get
    return [(n, v) for n in names if (v := get(n)) is not None and v is not MISSING and v != ""]


_PX_BORDER = frozenset({"border-width", "border-radius"})


def border_pairs(props: Props, names: Sequence[str] = BORDER_PROPS) -> list[tuple[str, object]]:
    """The border props of ``names`` that are set, as ``(CSS property, value)`` in that
    order; widths and radii as px (unset ones would declare nothing)."""
    if props.values.keys().isdisjoint(names):  # (the common case, without a loop)
        return []
    get = props.values.get
    return [
        (n, px(v) if n in _PX_BORDER else v)
        for n in names
        if (v := get(n)) is not None and v is not MISSING
    ]


#: Keys of a dynamic value in the order Outlook for Windows picks one: it reads no
#: media queries and shows the desktop layout in light mode (S:responsive-styles).
MSO_KEYS = ("medium:light", "medium", "light", "small:light", "small")


def mso_value(value: object) -> object:
    """The value Outlook for Windows should get (ghost tables, VML): a plain value as is,
    a dynamic one as its desktop light variant; None when there is none."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is int or kind is float or value is None:
        return value
    if value is MISSING:
        return None
    if isinstance(value, Mapping):
        for key in MSO_KEYS:
            leaf = value.get(key)
            if leaf is not None and leaf != "":
                return leaf
        return None
    if value is MISSING or value == "":
        return None
    return value


def mso_css(value: object) -> str:
    """:func:`mso_value` as CSS text for a ghost-table attribute ("" when there is none)."""
    leaf = mso_value(value)
    if isinstance(leaf, bool) or leaf is None:
        return ""
    if isinstance(leaf, (int, float)):
        return f"{leaf:g}px" if leaf else "0"
    return str(leaf).strip()


def margin_for(alignment: object) -> object:
    """Block margins that align a box of limited width; dynamic alignments give a
    dynamic margin (one variant per alignment variant)."""
    if type(alignment) is not str and isinstance(alignment, Mapping):
        return {
            k: MARGINS.get(str(v), "0 auto")
            for k, v in alignment.items()
            if v is not None and v != ""
        }
    return MARGINS.get(str(alignment), "0 auto")


#: the block margins of a plain alignment other than centred (:func:`margin_for`)
MARGINS = {"left": "0 auto 0 0", "right": "0 0 0 auto"}


def px(value: object) -> object:
    """A bare number as px (strings pass through)."""
    kind = type(value)
    if kind is str or value is MISSING:
        return value
    if (
        kind is int
        or kind is float
        or (isinstance(value, (int, float)) and not isinstance(value, bool))
    ):
        return f"{value:g}px" if value else "0"
    return value


# -- writing tags -------------------------------------------------------------------------
def declare_all(
    ctx: ExpandContext,
    pairs: Iterable[tuple[str, object]],
    el: Element,
    inline: list[str],
    classes: list[str],
) -> None:
    """``"property:css"`` of each ``(property, value)`` appended to ``inline``, and the
    classes generated for dynamic values to ``classes``: what ``ctx.style_text`` makes,
    without its call for a pair of plain text or a number (the common cases)."""
    append = inline.append
    for name, value in pairs:
        kind = type(value)
        if kind is str:
            if value:
                append(name + ":" + value.strip())  # type: ignore[attr-defined]
        elif kind is int:  # (css_value's answer for an int, without its calls)
            append(
                name + ":" + str(value)
                if value == 0 or name in UNITLESS
                else name + ":" + str(value) + "px"
            )
        elif kind is float:
            append(name + ":" + css_value(name, value))  # type: ignore[arg-type]
        elif value is not MISSING and value is not None:
            ctx.declare((name, value), el, inline, classes)


def open_tag(
    ctx: ExpandContext,
    tag: str,
    el: Element,
    props: Props | None,
    pairs: Iterable[tuple[str, object]] = (),
    *,
    classes: Sequence[str] = (),
    attrs: Sequence[tuple[str, str | None]] = (),
    outer: bool = True,
    raw_attrs: Sequence[tuple[str, str]] = (),
) -> str:
    """A start tag. ``outer=True`` makes it the component's outermost element: it gets
    the source mark, the user's ``class``/``style``, hide-on, pass-through
    attributes and Liquid from the attribute list. ``pairs`` are its style's
    ``(property, value)`` (:func:`declare_all`)."""
    # the style text and the classes (given ones, then generated ones)
    inline: list[str] = []
    cls: list[str] = [c for c in classes if c] if classes else []
    declare_all(ctx, pairs, el, inline, cls)
    style = ";".join(inline)
    text = "<" + tag + ctx.mark(el) if outer else "<" + tag
    for n, v in attrs:
        if v is not None:
            text += attr(n, v)
    for n, v in raw_attrs:
        text += attr(n, v, raw=True)
    if outer and props is not None:
        values = props.values
        hide_on = values.get("hide-on")
        if hide_on is not None and hide_on is not MISSING and hide_on != "":
            hide = ctx.hide_class(hide_on)
            if hide:
                cls.append(hide)
        user_class = values.get("class")
        if isinstance(user_class, str) and user_class:
            cls.append(user_class)
        user_style = values.get("style")
        if isinstance(user_style, str):
            user_style = user_style.strip()
            if user_style:
                style = f"{style};{user_style}" if style else user_style
    if cls:
        names = " ".join(cls).split()
        text += attr("class", names[0] if len(names) == 1 else " ".join(dict.fromkeys(names)))
    if style:
        text += attr("style", style)
    if outer and props is not None:
        for n, raw in props.passthrough:
            text += attr(n, raw, raw=True)
        if props.liquid:
            text += "".join(props.liquid)
    return text + ">"


def string_prop(props: Props, name: str) -> str:
    value = props.values.get(name, "")  # (props.get)
    return value if isinstance(value, str) else str(value)
