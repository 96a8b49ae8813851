"""Page preparation: compiled email HTML + preview settings → the page the engine loads.

Pure Python (no Qt), so the live preview (a ``QWebEngineView`` in the studio),
the offscreen engine and tests all load exactly the same page. Every rewrite
works on the HTML text with small, targeted edits; everything it does not
touch stays byte-identical (Liquid tokens included).

What :func:`prepare_page` does, in order:

1. **Block styles** — every ``<style>`` element and ``<link>`` tag of the email
   is removed (what clients that only keep inline styles show).
2. **Colour scheme** — ``(prefers-color-scheme: dark|light)`` media features in
   ``<style>`` blocks and ``media`` attributes are replaced by features that are
   always true or always false for the chosen scheme. This is engine-independent
   and per page (Chromium's ``--blink-settings=preferredColorScheme=0`` also
   works with Qt WebEngine 6.12, but only process-wide at start-up;
   ``QStyleHints.setColorScheme`` and ``QWebEngineSettings.ForceDarkMode`` had no
   effect offscreen). Forced-dark modes emulate clients that ignore the media
   query, so there the dark query is false.
3. **Forced dark** — colours rewritten (see :mod:`studio.render.colors`); for
   Outlook the ``data-ogsc``/``data-ogsb`` attributes are added to ``<html>``
   and ``<body>`` as Outlook.com does, so the email's own ``[data-ogsc]`` /
   ``[data-ogsb]`` rules apply (and are never rewritten).
4. **Hidden content** — optionally shows content hidden by screen size.
5. **Safety** — a Content-Security-Policy ``<meta>`` first in ``<head>``: no
   scripts ever, no frames/objects/connections, and nothing loaded at all for
   images, fonts, media or remote stylesheets when images are blocked.
6. **Vision filter** — an SVG ``feColorMatrix`` filter applied to ``<html>``.

Before all that, with ``assets`` (the workspace's :meth:`Project.asset_path`),
image URLs published from the workspace's ``assets/`` folder (``[assets]
base_url``) are pointed at the files on disk (:func:`localize_assets`), so the
preview shows the team's images offline. Not when images are blocked: then
nothing is loaded at all.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studio.models.preview import PreviewState, Scheme, Vision
from studio.render.colors import (
    ForcedDark,
    Role,
    forced_dark_color,
    format_color,
    parse_color,
    rewrite_declarations,
    rewrite_stylesheet,
)
from styles.brackets import CSS, closing

_STYLE_EL = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_STYLE_PARTS = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_SCHEME_FEATURE = re.compile(r"\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)", re.IGNORECASE)
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)(\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?(/?)>")
_ATTR = re.compile(r"(\s)([^\s=/>\"']+)(?:(\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DOCTYPE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>)?", re.IGNORECASE)
_HEAD_OPEN = re.compile(r"<head\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_HTML_OPEN = re.compile(r"<html\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_BODY_OPEN = re.compile(r"<body\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_COLOR_SCHEME_META = re.compile(
    r"<meta\b[^>]*name\s*=\s*[\"']?(?:color-scheme|supported-color-schemes)[^>]*>", re.IGNORECASE
)
_DARK_CONTENT = re.compile(r"content\s*=\s*[\"'][^\"']*dark", re.IGNORECASE)

# Media features that are always true / always false in a screen engine.
MEDIA_TRUE = "(min-width: 0px)"
MEDIA_FALSE = "(max-width: -1px)"

VISION_MATRICES: dict[Vision, tuple[float, ...]] = {
    # Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB
    # (SVG filters default to color-interpolation-filters: linearRGB).
    Vision.PROTANOPIA: (
        0.152286,
        1.052583,
        -0.204868,
        0.114503,
        0.786281,
        0.099216,
        -0.003882,
        -0.048116,
        1.051998,
    ),
    Vision.DEUTERANOPIA: (
        0.367322,
        0.860646,
        -0.227968,
        0.280085,
        0.672501,
        0.047413,
        -0.011820,
        0.042940,
        0.968881,
    ),
    Vision.TRITANOPIA: (
        1.255528,
        -0.076749,
        -0.178779,
        -0.078411,
        0.930809,
        0.147602,
        0.004733,
        0.691367,
        0.303900,
    ),
    # Rec. 709 luma: every colour becomes its grey.
    Vision.ACHROMATOPSIA: (0.2126, 0.7152, 0.0722, 0.2126, 0.7152, 0.0722, 0.2126, 0.7152, 0.0722),
}

VISION_FILTER_ID = "mw-vision-filter"
SVG_DEFS_ID = "mw-preview-defs"


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """What the engine loads: the HTML, the viewport width and the base URL."""

    html: str
    width: int
    base_url: str = "about:blank"
    block_images: bool = False  # hosts also switch the engine's image loading off
    notes: tuple[str, ...] = field(default=())


def content_security_policy(*, block_images: bool) -> str:
    """The CSP of every preview page: scripts never run; nothing remote when images are blocked."""
    always = (
        "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; "
        "child-src 'none'; worker-src 'none'; connect-src 'none'; form-action 'none'; "
        "manifest-src 'none'"
    )
    if block_images:
        return (
            f"{always}; img-src 'none'; media-src 'none'; font-src data:; "
            "style-src 'unsafe-inline' data:"
        )
    anywhere = "* data: blob: file: http: https:"
    return (
        f"{always}; img-src {anywhere}; media-src {anywhere}; font-src {anywhere}; "
        f"style-src 'unsafe-inline' {anywhere}"
    )


def remove_styles(html: str) -> str:
    """Drop every ``<style>`` element and ``<link>`` tag (Block styles)."""
    return _LINK_TAG.sub("", _STYLE_EL.sub("", html))


def emulate_color_scheme(html: str, dark: bool) -> str:
    """Make ``prefers-color-scheme`` queries answer ``dark`` (or ``light``) in any engine."""

    def feature(m: re.Match[str]) -> str:
        wants_dark = m.group(1).lower() == "dark"
        return MEDIA_TRUE if wants_dark == dark else MEDIA_FALSE

    def style(m: re.Match[str]) -> str:
        return _SCHEME_FEATURE.sub(feature, m.group(0))

    html = _STYLE_EL.sub(style, html)

    def tag(m: re.Match[str]) -> str:
        text = m.group(0)
        if "prefers-color-scheme" not in text.lower():
            return text
        return _rewrite_attrs(text, {"media": lambda v: _SCHEME_FEATURE.sub(feature, v)})

    return _TAG.sub(tag, html)


def _rewrite_attrs(tag: str, rewrites: dict[str, Callable[[str], str]]) -> str:
    """Apply ``rewrites[name](value)`` to the named attributes of one start tag."""
    m = _TAG.fullmatch(tag)
    if not m or not m.group(2):
        return tag

    def sub(a: re.Match[str]) -> str:
        name = a.group(2).lower()
        fn = rewrites.get(name)
        if fn is None or a.group(4) is None:
            return a.group(0)
        raw = a.group(4)
        quote = raw[0] if raw[0] in "\"'" else ""
        value = raw[1:-1] if quote else raw
        new = fn(value)
        return f"{a.group(1)}{a.group(2)}{a.group(3)}{quote}{new}{quote}"

    attrs = _ATTR.sub(sub, m.group(2))
    return f"<{m.group(1)}{attrs}{m.group(3)}>"


def _outside_comments(html: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the parts of ``html`` that are not comments (MSO blocks stay as written)."""
    out: list[str] = []
    pos = 0
    for m in _COMMENT.finditer(html):
        out.append(fn(html[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(html[pos:]))
    return "".join(out)


def _rewrite_markup(
    html: str,
    attrs: dict[str, Callable[[str], str]],
    stylesheet: Callable[[str], str],
    wanted: Callable[[str], bool] | None = None,
) -> str:
    """``html`` with the named attributes of every start tag rewritten (``attrs``) and
    the text of every ``<style>`` block passed through ``stylesheet``; comments (MSO
    blocks included) stay as written. ``wanted(tag)``, when given, says cheaply which
    start tags can need a rewrite at all (the others are not read attribute by
    attribute)."""

    def rewrite(t: re.Match[str]) -> str:
        tag = t.group(0)
        return _rewrite_attrs(tag, attrs) if wanted is None or wanted(tag) else tag

    def tags(text: str) -> str:
        return _TAG.sub(rewrite, text)

    def plain(part: str) -> str:
        out: list[str] = []
        pos = 0
        for m in _STYLE_PARTS.finditer(part):
            out.append(tags(part[pos : m.start()]))
            out.append(m.group(1) + stylesheet(m.group(2)) + m.group(3))
            pos = m.end()
        out.append(tags(part[pos:]))
        return "".join(out)

    return _outside_comments(html, plain)


def _keep_ogs(prelude: str) -> bool:
    return "data-ogs" in prelude.lower()


def force_dark(html: str, mode: ForcedDark) -> str:
    """Rewrite the email's colours the way a forced-dark client does."""

    def color_attr(role: Role) -> Callable[[str], str]:
        def fn(value: str) -> str:
            c = parse_color(value)
            return value if c is None else format_color(forced_dark_color(c, role, mode))

        return fn

    attr_rewrites: dict[str, Callable[[str], str]] = {
        "style": lambda v: rewrite_declarations(v, mode),
        "bgcolor": color_attr(Role.BACKGROUND),
        "color": color_attr(Role.FOREGROUND),
        "text": color_attr(Role.FOREGROUND),
        "link": color_attr(Role.FOREGROUND),
        "vlink": color_attr(Role.FOREGROUND),
        "alink": color_attr(Role.FOREGROUND),
    }

    html = _rewrite_markup(
        html, attr_rewrites, lambda css: rewrite_stylesheet(css, mode, _keep_ogs)
    )
    if mode is ForcedDark.OUTLOOK:
        html = _add_attrs(html, _HTML_OPEN, ' data-ogsc="" data-ogsb=""', create="<html{}>")
        html = _add_attrs(html, _BODY_OPEN, ' data-ogsc="" data-ogsb=""')
    return html


def _add_attrs(html: str, pattern: re.Pattern[str], attrs: str, create: str = "") -> str:
    m = pattern.search(html)
    if m is None:
        if not create:
            return html
        d = _DOCTYPE.match(html)
        at = d.end() if d else 0
        return html[:at] + create.format(attrs) + html[at:]
    tag = m.group(0)
    end = -2 if tag.endswith("/>") else -1
    return html[: m.start()] + tag[:end] + attrs + tag[end:] + html[m.end() :]


def _forced_dark_base(mode: ForcedDark) -> str:
    """Defaults for what the email leaves unset (page background, text, links), zero specificity."""
    bg = format_color(forced_dark_color((255, 255, 255, 1.0), Role.BACKGROUND, mode))
    fg = format_color(forced_dark_color((0, 0, 0, 1.0), Role.FOREGROUND, mode))
    link = format_color(forced_dark_color((0, 0, 238, 1.0), Role.FOREGROUND, mode))
    return f":where(html){{background-color:{bg};color:{fg}}}:where(a:link){{color:{link}}}"


_DISPLAY_NONE = re.compile(r"display\s*:\s*none\s*(?:!\s*important)?\s*;?", re.IGNORECASE)
_WIDTH_MEDIA = re.compile(r"@media[^{]*(?:width|device-width)[^{]*\{", re.IGNORECASE)
_CLASS_SEL = re.compile(r"\.([A-Za-z_][\w-]*)")
_HIDING_DECL = re.compile(
    r"(?:display\s*:\s*none|max-height\s*:\s*0(?:px)?|max-width\s*:\s*0(?:px)?|"
    r"overflow\s*:\s*hidden|visibility\s*:\s*hidden|mso-hide\s*:\s*all)"
    r"\s*(?:!\s*important)?\s*;?",
    re.IGNORECASE,
)


def _media_blocks(css: str) -> list[tuple[int, int]]:
    """(start, end) of the body of each width-dependent @media block."""
    spans: list[tuple[int, int]] = []
    for m in _WIDTH_MEDIA.finditer(css):
        end = closing(css, m.end() - 1, CSS)
        spans.append((m.end(), end - 1 if end > 0 else len(css)))
    return spans


_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")


def _revealed_classes(css: str) -> set[str]:
    """Classes that a width-dependent ``@media`` block sets to a visible ``display``."""
    revealed: set[str] = set()
    for start, end in _media_blocks(css):
        for rule in _RULE.finditer(css[start:end]):
            body = rule.group(2).lower()
            if "display" in body and not re.search(r"display\s*:\s*none", body):
                revealed.update(_CLASS_SEL.findall(rule.group(1)))
    return revealed


def show_hidden_content(html: str) -> str:
    """Show content that responsive CSS hides at some screen sizes.

    Both ways of writing responsive hiding are undone:

    * desktop-first: ``display: none`` inside width-dependent ``@media``
      blocks is dropped;
    * mobile-first: a rule outside those blocks that hides (``display: none``)
      a class which a width-dependent block shows again loses its hiding
      declarations (``display:none``, ``max-height:0``, ``overflow:hidden`` …) —
      the standard components' ``hide-on="mobile"`` is written this way.

    Elements with such a class also lose their inline hiding (``display:none``,
    ``max-height:0``, ``overflow:hidden``, ``mso-hide:all`` …).
    """
    revealed: set[str] = set()
    for m in _STYLE_PARTS.finditer(html):
        revealed |= _revealed_classes(m.group(2))

    def unhide_rules(css: str) -> str:
        def rule(r: re.Match[str]) -> str:
            body = r.group(2)
            if revealed.intersection(_CLASS_SEL.findall(r.group(1))) and re.search(
                r"display\s*:\s*none", body, re.IGNORECASE
            ):
                return r.group(1) + "{" + _HIDING_DECL.sub("", body) + "}"
            return r.group(0)

        return _RULE.sub(rule, css) if revealed else css

    def style(m: re.Match[str]) -> str:
        css = m.group(2)
        out: list[str] = []
        pos = 0
        for start, end in _media_blocks(css):
            out.append(unhide_rules(css[pos:start]))
            out.append(_DISPLAY_NONE.sub("", css[start:end]))
            pos = end
        out.append(unhide_rules(css[pos:]))
        return m.group(1) + "".join(out) + m.group(3)

    html = _STYLE_PARTS.sub(style, html)
    if not revealed:
        return html

    def tag(t: re.Match[str]) -> str:
        text = t.group(0)
        cm = re.search(r"\sclass\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", text, re.IGNORECASE)
        if not cm or not revealed.intersection(cm.group(1).strip("\"'").split()):
            return text
        return _rewrite_attrs(text, {"style": lambda v: _HIDING_DECL.sub("", v)})

    return _TAG.sub(tag, html)


def vision_markup(vision: Vision) -> tuple[str, str]:
    """(CSS, SVG element) applying a colour-vision filter to the whole page."""
    matrix = VISION_MATRICES.get(vision)
    if matrix is None:
        return "", ""
    rows = [matrix[i : i + 3] for i in (0, 3, 6)]
    values = " ".join(" ".join(f"{v:g}" for v in row) + " 0 0" for row in rows) + " 0 0 0 1 0"
    svg = (
        f'<svg id="{SVG_DEFS_ID}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
        'style="position:absolute;width:0;height:0;overflow:hidden" focusable="false">'
        f'<filter id="{VISION_FILTER_ID}"><feColorMatrix type="matrix" values="{values}"/>'
        "</filter></svg>"
    )
    css = f"html{{filter:url(#{VISION_FILTER_ID}) !important}}"
    return css, svg


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _inject_head(html: str, markup: str) -> str:
    """Put ``markup`` first in ``<head>`` (creating one where needed), after the doctype."""
    m = _HEAD_OPEN.search(html)
    if m is not None and not _inside_comment(html, m.start()):
        return html[: m.end()] + markup + html[m.end() :]
    m = _HTML_OPEN.search(html)
    if m is not None and not _inside_comment(html, m.start()):
        return html[: m.end()] + "<head>" + markup + "</head>" + html[m.end() :]
    d = _DOCTYPE.match(html)
    at = d.end() if d else 0
    return html[:at] + "<head>" + markup + "</head>" + html[at:]


def _inside_comment(html: str, pos: int) -> bool:
    start = html.rfind("<!--", 0, pos)
    return start != -1 and html.find("-->", start) > pos


def _inject_body_end(html: str, markup: str) -> str:
    matches = list(_BODY_CLOSE.finditer(html))
    if matches:
        at = matches[-1].start()
        return html[:at] + markup + html[at:]
    return html + markup


AssetMap = Callable[[str], Path | None]
_CSS_URL = re.compile(r"url\(\s*(&quot;|&#0*39;|[\"']|)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


def _local_url(url: str, assets: AssetMap) -> str | None:
    """The ``file:`` URL of the asset ``url`` stands for, when that file exists."""
    path = assets(html_lib.unescape(url.strip()))
    return path.resolve().as_uri() if path is not None and path.is_file() else None


_ASSET_HINTS = ("src", "background", "poster", "url(")  # what a rewritten tag must contain


def _may_hold_asset(tag: str) -> bool:
    low = tag.lower()
    return any(hint in low for hint in _ASSET_HINTS)


def localize_assets(html: str, assets: AssetMap) -> str:
    """Point image URLs that ``assets`` maps to existing files at those files (``file:``).

    Rewrites ``src``, ``srcset``, ``background`` and ``poster`` attributes and
    CSS ``url()`` in ``style`` attributes and ``<style>`` blocks; everything
    else (comments and MSO blocks included) stays byte-identical. URLs whose
    file is missing are left alone.
    """

    found: dict[str, str | None] = {}  # one file lookup per distinct URL of the page

    def local_url(url: str) -> str | None:
        if url not in found:
            found[url] = _local_url(url, assets)
        return found[url]

    def css(text: str) -> str:
        def url(m: re.Match[str]) -> str:
            local = local_url(m.group(2))
            return m.group(0) if local is None else f"url({m.group(1)}{local}{m.group(1)})"

        return _CSS_URL.sub(url, text) if "url(" in text.lower() else text

    def srcset(value: str) -> str:
        out: list[str] = []
        for cand in value.split(","):
            stripped = cand.strip()
            url = stripped.split(None, 1)[0] if stripped else ""
            local = local_url(url) if url else None
            out.append(cand if local is None else cand.replace(url, local, 1))
        return ",".join(out)

    def one(value: str) -> str:
        return local_url(value) or value

    rewrites: dict[str, Callable[[str], str]] = {
        "src": one,
        "background": one,
        "poster": one,
        "srcset": srcset,
        "style": css,
    }

    return _rewrite_markup(html, rewrites, css, _may_hold_asset)


def base_url_for(path: Path | None) -> str:
    """The URL relative asset paths of an email resolve against (its folder)."""
    if path is None:
        return "about:blank"
    folder = path.resolve() if path.is_dir() else path.resolve().parent
    return folder.as_uri() + "/"


def prepare_page(
    html: str,
    state: PreviewState | None = None,
    *,
    width: int | None = None,
    base_url: str = "about:blank",
    assets: AssetMap | None = None,
) -> PreparedPage:
    """The page the engine loads for ``html`` under the preview ``state``.

    ``assets`` maps published image URLs to workspace files (usually
    ``project.asset_path``); see :func:`localize_assets`.
    """
    state = state or PreviewState()
    notes: list[str] = []
    if assets is not None and not state.block_images:
        html = localize_assets(html, assets)
    if state.block_styles:
        html = remove_styles(html)
    html = emulate_color_scheme(html, dark=state.scheme is Scheme.DARK)
    extra_css = ""
    meta = _COLOR_SCHEME_META.search(html)
    if state.scheme is Scheme.DARK and meta and _DARK_CONTENT.search(meta.group(0)):
        # The engine itself prefers light; a page that opts into dark gets the dark canvas.
        extra_css += ":root{color-scheme:dark !important}"
    if state.scheme in (Scheme.FORCED_DARK_OUTLOOK, Scheme.FORCED_DARK_GMAIL):
        outlook = state.scheme is Scheme.FORCED_DARK_OUTLOOK
        mode = ForcedDark.OUTLOOK if outlook else ForcedDark.GMAIL
        html = force_dark(html, mode)
        extra_css = _forced_dark_base(mode) + extra_css
    if state.show_hidden:
        html = show_hidden_content(html)
    vision_css, vision_svg = vision_markup(state.vision)
    csp = content_security_policy(block_images=state.block_images)
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{_escape_attr(csp)}">'
        '<meta name="referrer" content="no-referrer">'
    )
    css = extra_css + vision_css
    if css:
        head += f'<style id="mw-preview-style">{css}</style>'
    html = _inject_head(html, head)
    if vision_svg:
        html = _inject_body_end(html, vision_svg)
    if state.block_images:
        notes.append("images blocked: nothing is loaded (images, fonts, remote stylesheets)")
    return PreparedPage(
        html=html,
        width=width or state.width,
        base_url=base_url,
        block_images=state.block_images,
        notes=tuple(notes),
    )
