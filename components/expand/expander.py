"""The entry point: :func:`expand`."""

from __future__ import annotations

from components.expand.context import (
    HEAD_SLOT,
    STYLE_SLOT,
    TITLE_SLOT,
    ComponentLibrary,
    ExpandContext,
    ExpandOptions,
    Expansion,
)
from components.expand.replay import ExpansionCache, JournalCss, Op
from components.js import JSEngine
from components.markup.nodes import Document, iter_elements
from components.standard import REGISTRY
from styles.css import CssBuilder
from styles.model import GlobalStyles

_DEFAULT_OPTIONS = ExpandOptions()


def expand(document: Document, *, file: str = "", styles: GlobalStyles | None = None,
           options: ExpandOptions = _DEFAULT_OPTIONS, engine: JSEngine | None = None,
           library: ComponentLibrary | None = None, preheader: str = "",
           cache: ExpansionCache | None = None) -> Expansion:
    """Expand ``document`` into HTML. Never raises for bad input: problems are issues.

    ``preheader`` is the envelope's (front matter): x-base writes it into the page when
    it has no ``preheader`` prop of its own.

    ``cache``: the records of this email's previous expansion; unchanged elements are
    replayed from it and it is left holding this expansion's records
    (:mod:`components.expand.replay`). The HTML is the same with or without it.
    """
    styles = styles if styles is not None else GlobalStyles()
    file = file or document.file
    journal: list[Op] | None = None
    css = CssBuilder(options.breakpoint)
    if cache is not None:
        cache.begin(library, styles, file, (options, preheader))
        journal = []
        css = JournalCss(options.breakpoint, journal)
    ctx = ExpandContext(js_engine=engine, file=file, styles=styles,
                        options=options, library=library, registry=REGISTRY,
                        css=css, document=document,
                        envelope_preheader=preheader, cache=cache, journal=journal)
    out: list[str] = []
    try:
        ctx.expand_nodes(document.children, out)
    except BaseException:
        if cache is not None:
            cache.clear()
        raise
    if cache is not None:
        cache.finish()
    html = "".join(out)
    style_html = ctx.css.render_html() if ctx.css else ""
    if ctx.mso_rules:
        style_html += ("\n" if style_html else "") + "<!--[if mso]><style>" + "".join(
            ctx.mso_rules) + "</style><![endif]-->"
    head_html = "".join(ctx.font_links) + "".join(ctx.head)
    filled = _fill_slots(html, ctx, document, style_html, head_html)
    if filled is not None:
        html = filled
    else:
        if TITLE_SLOT in html:
            title_html = ctx.base_title_html or ctx.component_title_html or "<title></title>"
            html = html.replace(TITLE_SLOT, title_html, 1).replace(TITLE_SLOT, "")
        elif ctx.component_title_html and not _has_title(document):
            head_html = ctx.component_title_html + head_html
        if STYLE_SLOT in html:
            sep = "\n" if style_html else ""
            html = html.replace(STYLE_SLOT, style_html + sep, 1).replace(STYLE_SLOT, "")
            html = html.replace(HEAD_SLOT, head_html, 1).replace(HEAD_SLOT, "")
        elif style_html or head_html:
            html = style_html + head_html + ("\n" if style_html or head_html else "") + html
    return Expansion(html=html, source_map=ctx.source_map, issues=ctx.issues,
                     title=ctx.title or ctx.component_title, preheader=ctx.preheader)


_PAGE_SLOTS = STYLE_SLOT + HEAD_SLOT


def _fill_slots(html: str, ctx: ExpandContext, document: Document, style_html: str,
                head_html: str) -> str | None:
    """The page with its slots filled in one copy, when they are the usual ones (x-base's
    title, style and head slots, or an ``<html>`` page's style and head slots, each
    once, no other NUL character anywhere): what the replacements below give, without
    a pass over the whole page for each. None otherwise."""
    first = html.find("\x00")
    if first < 0 or "\x00" in style_html or "\x00" in head_html:
        return None
    nuls = html.count("\x00", first)
    sep = "\n" if style_html else ""
    if nuls == 6 and html.startswith(TITLE_SLOT, first):  # x-base
        title_html = ctx.base_title_html or ctx.component_title_html or "<title></title>"
        at = html.find(_PAGE_SLOTS, first + len(TITLE_SLOT))
        if at < 0 or "\x00" in title_html:
            return None
        return "".join((html[:first], title_html, html[first + len(TITLE_SLOT):at],
                        style_html, sep, head_html, html[at + len(_PAGE_SLOTS):]))
    if nuls == 4 and html.startswith(_PAGE_SLOTS, first):  # <html><head>
        if ctx.component_title_html and not _has_title(document):
            head_html = ctx.component_title_html + head_html
            if "\x00" in head_html:
                return None
        return "".join((html[:first], style_html, sep, head_html,
                        html[first + len(_PAGE_SLOTS):]))
    return None


def _has_title(document: Document) -> bool:
    """Whether the email writes its own ``<title>`` (in an ``<html>`` document)."""
    return any(el.name == "title" for el in iter_elements(document))
