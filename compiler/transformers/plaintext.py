"""The plain-text part, generated from the final HTML (the Text tab's "Generate").

Headings stand on their own lines (``#`` marks optional), paragraphs and
blocks are separated by blank lines, list items get ``- `` or ``1. ``, links
become ``text (url)`` (just ``url`` when the text is the URL; ``mailto:`` shows
the address), images inside links give their ``alt``. Skipped: the head,
``<style>``/``<script>``, hidden elements (``display:none``, ``mso-hide:all``,
``aria-hidden="true"``, zero-size screen-reader text), the preheader and its
filler characters, and MSO-only conditional content. Liquid stays as written,
in text and in link URLs.
"""

from __future__ import annotations

import html as html_lib
import re
import textwrap
from dataclasses import dataclass

from compiler.transformers.core import liquid_guard
from compiler.transformers.core.base import option
from compiler.transformers.core.markup import VOID, Markup, Tag
from components.diagnostics import Issue, error

NAME = "plaintext"


@dataclass(frozen=True)
class Options:
    enabled: bool = option(True, "Generate the plain-text part from the final HTML.")
    heading_marks: bool = option(False, "Prefix headings with # marks (markdown style).")
    link_urls: bool = option(True, "Write links as 'text (url)'.")
    width: int = option(0, "Wrap lines at this width (0 = no wrapping).")


_BLOCK = frozenset({"p", "div", "table", "tr", "ul", "ol", "blockquote", "section", "article",
                    "header", "footer", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
                    "pre", "dl", "dt", "dd"})
_SKIP = frozenset({"head", "style", "script", "title", "noscript", "template", "xml"})
_FILLER = re.compile("[\u034f\u200b\u200c\u200d\u2007\u00ad\ufeff\u2060]")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden|max-height\s*:\s*0(?![.\d])",
    re.I)


_SPACES = re.compile(r"\s+")


def _hidden(tag: Tag, styles: dict[str, bool]) -> bool:
    """Whether ``tag`` hides its content; ``styles`` caches the answer per style value
    (emails repeat the same inline styles)."""
    low = tag.serialize().lower()
    # words every way of hiding needs; most tags have none of them (no attribute parse)
    if not ("hidden" in low or "none" in low or "mso-hide" in low or "max-height" in low):
        return False
    if tag.has("hidden") or (tag.get("aria-hidden") or "").lower() == "true":
        return True
    style = tag.get("style")
    if not style:
        return False
    found = styles.get(style)
    if found is None:
        found = styles[style] = _HIDDEN_STYLE.search(style) is not None
    return found


def generate(html: str, options: Options | None = None, *, preheader: str = "") -> str:
    """Plain text for ``html`` (Liquid kept)."""
    opts = options or Options()
    if not opts.enabled:
        return ""
    guard, doc = liquid_guard.protect_parsed(html)
    return generate_guarded(doc, guard, opts, preheader=preheader)


def generate_guarded(doc: Markup, guard: liquid_guard.Guarded, opts: Options, *,
                     preheader: str = "") -> str:
    """:func:`generate` on an already guarded and parsed document (the runner's final tree)."""
    out: list[str] = []
    skip_depth = 0
    hidden_stack: list[str] = []
    links: list[tuple[str, int]] = []  # (href, index in out where the link text starts)
    lists: list[list[int]] = []  # counters (-1 for ul)
    pre = 0
    hidden_styles: dict[str, bool] = {}
    for n in doc.nodes:
        if isinstance(n, Tag):
            name = n.name
            if hidden_stack:
                if name == hidden_stack[-1] and name not in VOID and not n.self_closing:
                    if n.end:
                        hidden_stack.pop()
                    else:
                        hidden_stack.append(name)
                continue
            if name in _SKIP:
                skip_depth += -1 if n.end else 1
                skip_depth = max(skip_depth, 0)
                continue
            if skip_depth:
                continue
            if n.end:
                if name == "a" and links:
                    guarded_href, start = links.pop()
                    # Compare restored text; write guarded text, so the whitespace
                    # clean-up below can never touch a token.
                    text = liquid_guard.restore_text("".join(out[start:]), guard).strip()
                    href = liquid_guard.restore_text(guarded_href, guard)
                    if opts.link_urls and href and not href.startswith("#"):
                        mailto = href.lower().startswith("mailto:")
                        shown = href[7:] if mailto else href
                        written = guarded_href[7:] if mailto else guarded_href
                        if not text:
                            out[start:] = [written]
                        elif text != shown and shown not in text:
                            out.append(f" ({written})")
                elif name in ("ul", "ol") and lists:
                    lists.pop()
                    out.append("\n\n")
                elif name == "pre":
                    pre = max(0, pre - 1)
                    out.append("\n\n")
                elif name == "tr":
                    out.append("\n")
                elif name in ("h1", "h2", "h3", "h4", "h5", "h6", "p") or name in _BLOCK:
                    out.append("\n\n")
                elif name in ("td", "th"):
                    out.append(" ")
                continue
            if _hidden(n, hidden_styles) and name not in VOID:
                hidden_stack.append(name)
                continue
            if name == "br":
                out.append("\n")
            elif name == "a":
                links.append((html_lib.unescape(n.get("href") or "").strip(), len(out)))
            elif name == "img":
                if links and n.get("alt"):
                    out.append(html_lib.unescape(n.get("alt") or ""))
            elif name in ("ul", "ol"):
                lists.append([0 if name == "ol" else -1])
                out.append("\n\n")
            elif name == "li":
                if lists and lists[-1][0] >= 0:
                    lists[-1][0] += 1
                    out.append(f"\n{lists[-1][0]}. ")
                else:
                    out.append("\n- ")
            elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                out.append("\n\n" + ("#" * int(name[1]) + " " if opts.heading_marks else ""))
            elif name == "pre":
                pre += 1
                out.append("\n\n")
            elif name in _BLOCK:
                out.append("\n\n" if name != "tr" else "\n")
            continue
        if skip_depth or hidden_stack:
            continue
        if n.kind == "comment":
            if guard.text_placeholder(n.text) is not None:
                out.append(n.text)
            continue
        if n.kind != "text":
            continue
        text = n.text
        if not pre and text.isspace():
            out.append(" ")
            continue
        if "&" in text:
            text = html_lib.unescape(text)
        text = _FILLER.sub("", text)
        out.append(text if pre else _SPACES.sub(" ", text))
    # Whitespace is tidied and lines wrapped while Liquid is still behind its
    # placeholders (which hold no spaces), so no token is ever re-spaced or split.
    text = "".join(out)
    lines = [ln.strip() if not pre else ln.rstrip() for ln in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    text = re.sub(r"[ \t]{2,}", " ", text)
    if opts.width > 0:
        text = "\n".join(textwrap.fill(p, opts.width, break_long_words=False,
                                       break_on_hyphens=False) if p else p
                         for p in text.split("\n"))
    text = liquid_guard.restore_text(text, guard)
    text = liquid_guard.BRACE_ENTITY_RE.sub(lambda m: html_lib.unescape(m.group(0)), text)
    pre_text = _FILLER.sub("", preheader).strip()
    if pre_text and text.startswith(pre_text):
        text = text[len(pre_text):].lstrip()
    return text + "\n" if text else ""


def generate_with_issues(html: str, options: Options | None = None, *,
                         file: str = "", preheader: str = "") -> tuple[str, list[Issue]]:
    """:func:`generate` plus an error when the text has a template token the HTML has not.

    The text may leave tokens out (hidden content, the head) and repeats a
    link's Liquid URL after its text, but never invents or alters a token.
    """
    text = generate(html, options, preheader=preheader)
    return text, check_tokens(text, html, file)


def check_tokens(text: str, html: str, file: str = "") -> list[Issue]:
    """An error when ``text`` has a template token that ``html`` has not."""
    known = set(liquid_guard.tokens(html))
    for token in liquid_guard.tokens(text):
        if token not in known:
            return [error(
                "plaintext/liquid-changed",
                f"the plain-text part has the template token {token!r} that the HTML has not; "
                "edit the text part by hand", file)]
    return []
