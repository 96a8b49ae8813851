"""The entry point: :func:`expand`."""

from __future__ import annotations

from dataclasses import dataclass

from components.diagnostics import Issue
from components.expand.context import (
    HEAD_SLOT,
    STYLE_SLOT,
    TITLE_SLOT,
    ComponentLibrary,
    ExpandContext,
    ExpandOptions,
    Expansion,
)
from components.expand.html import is_known_tag
from components.expand.replay import ExpansionCache, JournalCss, Op
from components.js import JSEngine
from components.markup.nodes import (
    DIRECTIVE_MARKS,
    Attr,
    Conditional,
    Document,
    Element,
    Node,
    iter_elements,
)
from components.sourcemap import SourceMap
from components.standard import REGISTRY
from styles.css import CssBuilder, ResolvedDefaults
from styles.model import GlobalStyles

_DEFAULT_OPTIONS = ExpandOptions()


def expand(
    document: Document,
    *,
    file: str = "",
    styles: GlobalStyles | None = None,
    options: ExpandOptions = _DEFAULT_OPTIONS,
    engine: JSEngine | None = None,
    library: ComponentLibrary | None = None,
    preheader: str = "",
    cache: ExpansionCache | None = None,
    style_defaults: ResolvedDefaults | None = None,
) -> Expansion:
    """Expand ``document`` into HTML. Never raises for bad input: problems are issues.

    ``preheader`` is the envelope's (front matter): x-base writes it into the page when
    it has no ``preheader`` prop of its own.

    ``cache``: the records of this email's previous expansion; unchanged elements are
    replayed from it and it is left holding this expansion's records
    (:mod:`components.expand.replay`). The HTML is the same with or without it.

    ``style_defaults``: the component defaults of ``styles`` resolved once
    (:func:`styles.css.resolve_defaults`; a loaded project holds them); used only when
    made from this ``styles`` object, else they are resolved as the expansion needs them.
    """
    return expand_pieces(
        document,
        file=file,
        styles=styles,
        options=options,
        engine=engine,
        library=library,
        preheader=preheader,
        cache=cache,
        style_defaults=style_defaults,
    ).join()


@dataclass(slots=True)
class Pieces:
    """An expansion whose page is not joined yet (:func:`expand_pieces`). It holds
    nothing of the source's tree nor of the expansion's state: a caller that lets the
    tree go before :meth:`join` does not hold it while the page is made."""

    out: list[str]
    source_map: SourceMap
    issues: list[Issue]
    title: str
    preheader: str
    #: what fills the title slot (x-base's ``<title>``, else a component's)
    title_html: str
    #: a component's ``<title>``, for the head of a page with no title slot and no
    #: ``<title>`` of its own ("" otherwise)
    extra_title_html: str
    style_html: str
    head_html: str

    def join(self, *, lstrip: bool = False) -> Expansion:
        """The expansion: the page with its slots filled (its leading whitespace
        stripped with ``lstrip``, without a copy of the page). The pieces are let go."""
        out, self.out = self.out, []
        html = _fill_slots_in_place(out, self, lstrip)
        if html is None:
            html = _fill_slots("".join(out), self)
            if lstrip:
                html = html.lstrip()
        del out
        return Expansion(
            html=html,
            source_map=self.source_map,
            issues=self.issues,
            title=self.title,
            preheader=self.preheader,
        )


def expand_pieces(
    document: Document,
    *,
    file: str = "",
    styles: GlobalStyles | None = None,
    options: ExpandOptions = _DEFAULT_OPTIONS,
    engine: JSEngine | None = None,
    library: ComponentLibrary | None = None,
    preheader: str = "",
    cache: ExpansionCache | None = None,
    style_defaults: ResolvedDefaults | None = None,
    parsed_from: str | None = None,
    consume: list[Node] | None = None,
    as_written: bool | None = None,
) -> Pieces:
    """:func:`expand` up to the page's pieces: ``expand_pieces(…).join()`` is ``expand(…)``.
    The compiler lets the source's tree go in between (less memory while the page is
    joined).

    ``parsed_from``: the text ``document`` was parsed from, when the tree is unchanged
    since (the compiler's case). Without marks, markup in which nothing expands (no
    component, no directive, no ``<head>`` to fill: an MJML email) expands to that text,
    as the parser's round trip writes it: it is taken as it is, without a walk.
    ``as_written``: whether nothing in ``document`` expands, where the caller knows it
    (the compiler's validator reads it on its walk: :func:`components.validate.check`);
    None: read here.

    ``consume``: a children list of ``document`` whose nodes the walk takes out (an empty
    text in place of each) as it expands them, when nothing reads the tree after the
    walk (the compiler's, with no custom component: x-base's children, the page's
    sections) — the tree is let go while the page is written, not after."""
    styles = styles if styles is not None else GlobalStyles()
    if style_defaults is not None and style_defaults.styles is not styles:
        style_defaults = None
    file = file or document.file
    journal: list[Op] | None = None
    css = CssBuilder(options.breakpoint)
    if cache is not None:
        cache.begin(library, styles, file, (options, preheader))
        journal = []
        css = JournalCss(options.breakpoint, journal)
    ctx = ExpandContext(
        js_engine=engine,
        file=file,
        styles=styles,
        options=options,
        library=library,
        registry=REGISTRY,
        css=css,
        document=document,
        envelope_preheader=preheader,
        cache=cache,
        journal=journal,
        style_defaults=style_defaults,
        consume=consume,
    )
    out: list[str] = []
    if (
        parsed_from is not None
        and cache is None
        and not options.marks
        and (as_written if as_written is not None else _as_written(document, library))
    ):
        out.append(parsed_from)
    try:
        if not out:
            ctx.expand_nodes(document.children, out)
    except BaseException:
        if cache is not None:
            cache.clear()
        raise
    ctx.use_records.clear()  # (they hold pieces of the page: not while it is joined)
    if cache is not None:
        cache.finish()
    style_html = ctx.css.render_html() if ctx.css else ""
    if ctx.mso_rules:
        style_html += (
            ("\n" if style_html else "")
            + "<!--[if mso]><style>"
            + "".join(ctx.mso_rules)
            + "</style><![endif]-->"
        )
    head_html = "".join(ctx.font_links) + "".join(ctx.head)
    extra = ctx.component_title_html
    if extra and _has_title(document):
        extra = ""
    return Pieces(
        out,
        ctx.source_map,
        ctx.issues,
        ctx.title or ctx.component_title,
        ctx.preheader,
        ctx.base_title_html or ctx.component_title_html or "<title></title>",
        extra,
        style_html,
        head_html,
    )


def _as_written(document: Document, library: ComponentLibrary | None) -> bool:
    """Whether nothing in ``document`` expands: its elements are passed through as
    written (no standard or custom component, no directive, no ``<head>``, whose slots
    the expansion fills), so without marks its expansion is its text."""
    pending = [document.children]
    while pending:
        for node in pending.pop():
            if isinstance(node, Element):
                name = node.name
                if (
                    name[:2] == "x-"
                    or name == "head"
                    or (library is not None and not is_known_tag(name) and library.has(name))
                ):
                    return False
                for a in node.attrs:
                    if isinstance(a, Attr) and a.name[:1] in DIRECTIVE_MARKS:
                        return False
                if node.children:
                    pending.append(node.children)
            elif isinstance(node, Conditional):
                pending.append(node.children)
    return True


def _fill_slots(html: str, page: Pieces) -> str:
    """``html`` with its slots filled: the title, then the merged styles and the head."""
    head_html = page.head_html
    style_html = page.style_html
    if TITLE_SLOT in html:
        html = html.replace(TITLE_SLOT, page.title_html, 1).replace(TITLE_SLOT, "")
    elif page.extra_title_html:
        head_html = page.extra_title_html + head_html
    if STYLE_SLOT in html:
        sep = "\n" if style_html else ""
        html = html.replace(STYLE_SLOT, style_html + sep, 1).replace(STYLE_SLOT, "")
        html = html.replace(HEAD_SLOT, head_html, 1).replace(HEAD_SLOT, "")
    elif style_html or head_html:
        html = style_html + head_html + ("\n" if style_html or head_html else "") + html
    return html


def _fill_slots_in_place(out: list[str], page: Pieces, lstrip: bool = False) -> str | None:
    """The page, when every slot (every NUL character) is in one piece of ``out`` that
    holds the style slot — x-base's head, an ``<html>`` page's ``<head>``: that piece
    filled by :func:`_fill_slots`, which then gives what it gives on the whole page,
    without its passes over the whole page. None otherwise (``out`` as it was).
    ``lstrip``: the page's leading whitespace left out (whitespace pieces skipped, the
    first other one stripped), as ``str.lstrip`` of the joined page gives it."""
    i = next((k for k, piece in enumerate(out) if "\x00" in piece), -1)
    if i < 0:
        return None
    piece = out[i]
    if STYLE_SLOT not in piece:
        return None
    filled = out[i] = _fill_slots(piece, page)
    start = 0
    if lstrip:
        while start < len(out) and (not out[start] or out[start].isspace()):
            start += 1
    if start < len(out) and lstrip:
        first = out[start]
        out[start] = first.lstrip()
        html = "".join(out[start:] if start else out)
        out[start] = first
    else:
        html = "".join(out[start:] if start else out)
    if html.count("\x00") != filled.count("\x00"):  # slots elsewhere too: not this way
        out[i] = piece
        return None
    return html


def _has_title(document: Document) -> bool:
    """Whether the email writes its own ``<title>`` (in an ``<html>`` document)."""
    return any(el.name == "title" for el in iter_elements(document))
