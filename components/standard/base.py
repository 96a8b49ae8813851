"""``x-base``: the document — doctype, html, head (merged styles) and the article wrapper."""

from __future__ import annotations

from components.expand.context import HEAD_SLOT, STYLE_SLOT, TITLE_SLOT, ExpandContext
from components.expand.html import attr, escape_text
from components.markup.nodes import LIQUID_RE, Element
from components.schema import MISSING, Prop, string
from components.standard.common import (
    ALL_WEIGHTS,
    LANG_PROPS,
    TEXT_PROPS,
    background,
    common,
    css_pairs,
    lang_dir,
    open_tag,
    string_prop,
    text_set,
    text_values,
)
from components.standard.registry import Props, StandardComponent

#: the props x-base hands down to its content
_INHERITED = (*TEXT_PROPS, *LANG_PROPS)
PREHEADER_FILLER = "&#8199;&#65279;&#847; " * 40


def render(ctx: ExpandContext, el: Element, props: Props, out: list[str]) -> None:
    title = string_prop(props, "title")
    preheader = string_prop(props, "preheader")
    raw_preheader = "preheader" in props.raw
    if not preheader and ctx.envelope_preheader:  # the envelope's (front matter)
        preheader, raw_preheader = ctx.envelope_preheader, False
    ctx.title, ctx.preheader = title, preheader
    raw_title = "title" in props.raw
    if title:  # x-base's title wins; else a component's; never two, never an empty
        ctx.base_title_html = f"<title>{title if raw_title else escape_text(title)}</title>"
    if not raw_preheader:
        preheader = escape_text(preheader)
    lang = string_prop(props, "lang") or "en"
    direction = string_prop(props, "dir") or "ltr"
    text = text_values(ctx, props, "paragraph")
    if isinstance(text.get("font-family"), str):
        ctx.add_font(str(text["font-family"]))
    body: list[str] = []
    with ctx.inheriting(props.given(_INHERITED), hidden_on=string_prop(props, "hide-on")):
        ctx.expand_nodes(el.children, body)

    bg = props["background"]
    body_open = open_tag(
        ctx,
        "body",
        el,
        None,
        [("background", bg), ("margin", "0"), ("padding", "0"), ("width", "100%")],
        classes=("body",),
        attrs=(("xml:lang", lang),),
        outer=False,
    )
    wrapper = open_tag(
        ctx,
        "div",
        el,
        props,
        [("background", bg), *css_pairs(text, TEXT_PROPS)]
        if _given(text.get("font-size"))
        else [("background", bg), *css_pairs(text, TEXT_PROPS), ("font-size", "medium")],
        attrs=(
            ("role", "article"),
            ("aria-roledescription", "email"),
            ("aria-label", None if raw_title or not title or LIQUID_RE.search(title) else title),
            ("lang", lang),
            ("dir", direction),
        ),
        # A title holding Liquid is written once, in <title>: copying it into the
        # label would duplicate the tokens (Liquid is never duplicated).
        raw_attrs=(("aria-label", title),)
        if raw_title and title and not LIQUID_RE.search(title)
        else (),
    )
    out.append(
        "<!DOCTYPE html>\n"
        f"<html{attr('lang', lang)}{attr('dir', direction)} "
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="x-apple-disable-message-reformatting">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="format-detection" '
        'content="telephone=no, date=no, address=no, email=no, url=no">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="supported-color-schemes" content="light dark">\n'
        "<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96"
        "</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->\n"
        f"{TITLE_SLOT}\n"
        f"{STYLE_SLOT}{HEAD_SLOT}"
        "</head>\n"
        f"{body_open}\n{wrapper}\n"
    )
    if preheader:
        out.append(
            f'<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">'
            f"{preheader}{PREHEADER_FILLER}</div>\n"
        )
    out.extend(body)
    out.append("\n</div>\n</body>\n</html>\n")


def _given(value: object) -> bool:
    return value is not MISSING and value is not None and value != "" and value is not False


COMPONENT = StandardComponent(
    tag="x-base",
    label="Message",
    group="Document",
    content="components",
    insert="<x-base>\n</x-base>",
    description="The message itself: doctype, html, head and body. One per email, outermost.",
    text_defaults="paragraph",
    props=(
        Prop("title", string().optional(), label="Title", section="General"),
        Prop(
            "preheader", string().optional(), type="textarea", label="Preheader", section="General"
        ),
        background(),
        *text_set(ALL_WEIGHTS),
        *lang_dir(),
        *common(),
    ),
    render=render,
)
