"""Formatting: prettify or minify, encode HTML entities, prevent widow words.

Never touched: Liquid (guarded), MSO conditional comments, ``<pre>``/``<textarea>``
content, ``<script>``.

Minify uses ``minify-html`` with settings that keep email clients working:
comments are kept by the engine (ordinary comments are removed by us first,
conditional comments and downlevel-revealed markers stay), closing tags and
``<html>``/``<head>`` are kept, and its CSS minifier is off because it
rewrites ``@media (max-width: 600px)`` into range syntax
(``(width<=600px)``) that email clients do not understand; a small
whitespace-only CSS compactor runs instead. ``data-mw-node`` marks are
re-quoted after minifying.

Prettify only changes whitespace between tags: whitespace-only text between
tags is re-indented, and a line break is added between adjacent structural
tags (document, table and list structure, headings, paragraphs). Text and
inline markup are left exactly as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.entities import codepoint2name

from compiler.transformers.core.base import Work, option
from compiler.transformers.core.liquid_guard import Guarded
from compiler.transformers.core.markup import Markup, Tag, Text
from compiler.transformers.core.stylesheet import parse_sheet
from components.markup.elements import SERIALIZES_AS_VOID

NAME = "format"


@dataclass(frozen=True)
class Options:
    enabled: bool = option(False, "Apply the formatting options below.")
    prettify: bool = option(False, "Indent the HTML for reading.")
    indent: str = option("spaces", "Indent with spaces or tabs.")
    indent_size: int = option(2, "Spaces per indent level.")
    width: int = option(100, "Line width used to decide when to wrap attributes.")
    wrap_attributes: bool = option(False, "Put each attribute on its own line in long tags.")
    minify: bool = option(False, "Minify the HTML (wins over prettify).")
    minify_css: bool = option(True, "With minify: compact <style> whitespace and comments.")
    remove_comments: bool = option(
        True, "With minify: remove ordinary comments (conditional comments always stay)."
    )
    entities: bool = option(False, "Encode special and invisible characters as HTML entities.")
    widows: bool = option(False, "Join the last two words of paragraphs with &nbsp;.")
    widow_min_words: int = option(4, "Only blocks with at least this many words.")


_KEEP_WS = frozenset({"pre", "textarea", "script", "style", "xmp"})
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "blockquote", "dd", "dt"}
)
_STRUCTURAL = frozenset(
    {
        "html",
        "head",
        "body",
        "meta",
        "title",
        "link",
        "style",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "ol",
        "li",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "base",
    }
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_SPACE = re.compile(r"(\S)[ \t\r\n]+(\S+[ \t\r\n]*)$")


def _entity(m: re.Match[str]) -> str:
    cp = ord(m.group(0))
    name = codepoint2name.get(cp)
    return f"&{name};" if name else f"&#{cp};"


def encode_entities(text: str) -> str:
    return _NON_ASCII.sub(_entity, text)


def _is_conditional(comment: str) -> bool:
    return comment.startswith(("<!--[if", "<!--<![endif", "<!--<!")) or "[endif]" in comment


_CSS_PIECE = re.compile(
    r"(?P<str>\"(?:[^\"\\]++|\\[\s\S]?)*+\"?|'(?:[^'\\]++|\\[\s\S]?)*+'?)"
    r"|(?P<comment>/\*[\s\S]*?(?:\*/|\Z))"
    r"|(?P<space>\s+)"
    r"|[^\"'/\s]+|/"
)


def compact_css(css: str) -> str:
    """Whitespace and comments out of CSS; strings and media queries kept as written."""
    out: list[str] = []
    prev = ""  # the last character written
    for m in _CSS_PIECE.finditer(css):
        kind = m.lastgroup
        if kind == "comment":
            continue
        if kind == "space":
            nxt = css[m.end() : m.end() + 1]
            if prev and prev not in "{};," and nxt not in "{};,":
                out.append(" ")
                prev = " "
            continue
        piece = m.group(0)
        out.append(piece)
        prev = piece[-1]
    return "".join(out).replace(";}", "}").strip()


def _tree_part(doc: Markup, options: Options, prefix: str) -> None:
    keep = 0
    block_last: list[tuple[str, list[Text], int]] = []  # (name, text nodes, words)
    done: set[int] = set()
    for n in doc.nodes:
        if isinstance(n, Tag):
            if n.name in _KEEP_WS:
                keep += -1 if n.end else (0 if n.self_closing else 1)
                keep = max(keep, 0)
            if options.entities and not n.end and not n.serialize().isascii():
                for attr in ("alt", "title", "aria-label"):
                    v = n.get(attr)
                    if v and _NON_ASCII.search(v):
                        n.set(attr, encode_entities(v))
            if options.widows and n.name in _BLOCKS:
                if not n.end:
                    block_last.append((n.name, [], 0))
                else:
                    while block_last:
                        name, texts, words = block_last.pop()
                        if block_last:
                            parent = block_last[-1]
                            block_last[-1] = (parent[0], parent[1] + texts, parent[2] + words)
                        if name == n.name:
                            if words >= options.widow_min_words and texts:
                                last = texts[-1]
                                if (
                                    id(last) not in done
                                    and last.kind == "text"
                                    and prefix not in last.text
                                ):
                                    new = _WORD_SPACE.sub(r"\1&nbsp;\2", last.text)
                                    if new != last.text:
                                        last.text = new
                                        done.add(id(last))
                            break
            continue
        if n.kind == "comment" and prefix in n.text and options.widows and block_last:
            name, texts, words = block_last[-1]  # Liquid ends the block's text: no widow fix
            block_last[-1] = (name, [*texts, Text("", "liquid")], words)
            continue
        if n.kind != "text" or keep:
            continue
        if options.entities and not n.text.isascii():
            n.text = encode_entities(n.text)
        if options.widows and block_last and n.text.strip():
            name, texts, words = block_last[-1]
            block_last[-1] = (name, [*texts, n], words + len(n.text.split()))


_UNQUOTED_MARK = re.compile(r"(\sdata-mw-node=)(\d+)(?=[\s>/])")


def _minify(doc: Markup, options: Options, guard: Guarded) -> str:
    prefix = guard.prefix
    kept: list[Tag | Text] = []
    for n in doc.nodes:
        if isinstance(n, Text) and n.kind == "comment":
            if prefix in n.text:
                if guard.text_placeholder(n.text) is not None:
                    # minify-html trims whitespace next to comments: text placeholders
                    # become words
                    n.text = n.text[4:-3]
                    n.kind = "text"
            elif options.remove_comments and not _is_conditional(n.text):
                continue
        kept.append(n)
    doc.nodes = kept
    if options.minify_css:
        for _tag, text in doc.style_blocks():
            if parse_sheet(text.text).ok:
                text.text = compact_css(text.text)
    source = doc.serialize()
    # imported here: the transformer is off by default, and loading its 18 MB extension
    # is ~10 ms of every cold start (`mailwright build`, the studio)
    import minify_html

    out = minify_html.minify(
        source,
        keep_comments=True,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        keep_ssi_comments=True,
        minify_css=False,
        minify_js=False,
        minify_doctype=False,
        preserve_brace_template_syntax=True,
        preserve_chevron_percent_template_syntax=True,
    )
    return _UNQUOTED_MARK.sub(lambda m: f'{m.group(1)}"{m.group(2)}"', out)


def _prettify(doc: Markup, options: Options, prefix: str) -> str:
    unit = "\t" if options.indent == "tabs" else " " * max(0, options.indent_size)
    parts: list[str] = []
    depth = 0
    keep = 0
    prev_struct = False
    for n in doc.nodes:
        if isinstance(n, Tag):
            struct = n.name in _STRUCTURAL
            if n.end:
                depth = max(0, depth - 1) if n.name not in SERIALIZES_AS_VOID else depth
            if keep == 0 and struct and prev_struct:
                # two structural tags in a row, or only whitespace between them
                if parts and parts[-1].strip() == "":
                    parts.pop()
                parts.append("\n" + unit * depth)
            text = n.serialize()
            if (
                keep == 0
                and not n.end
                and options.wrap_attributes
                and len(text) + len(unit * depth) > options.width
                and len(n.attrs) > 1
            ):
                inner = "\n" + unit * (depth + 1)
                attrs = [
                    a.name
                    if a.value is None
                    else f"{a.name}={a.quote or chr(34)}{a.value}{a.quote or chr(34)}"
                    for a in n.attrs
                ]
                text = (
                    f"<{n.name}{inner}"
                    + inner.join(attrs)
                    + ("\n" + unit * depth + ("/>" if n.self_closing else ">"))
                )
            parts.append(text)
            if n.name in _KEEP_WS:
                keep += -1 if n.end else (0 if n.self_closing else 1)
                keep = max(keep, 0)
            if not n.end and n.name not in SERIALIZES_AS_VOID and not n.self_closing:
                depth += 1
            prev_struct = struct
            continue
        if n.kind == "text" and not n.text.strip() and keep == 0:
            parts.append(n.text)  # may be replaced by the next structural tag
            continue
        if n.kind == "comment" and prefix in n.text and n.text.startswith("<!--" + prefix):
            parts.append(n.text)  # Liquid in text: exactly where it was
            prev_struct = False
            continue
        if n.kind == "comment" and keep == 0 and prev_struct:
            parts.append("\n" + unit * depth)
        parts.append(n.text)
        prev_struct = n.kind in {"comment", "decl"}
    return "".join(parts).lstrip("\n")


def apply(work: Work, options: Options) -> None:
    if not options.enabled:
        return
    prefix = work.guard.prefix
    if options.entities or options.widows:
        _tree_part(work.markup(), options, prefix)
    if options.minify:
        work.set_text(_minify(work.markup(), options, work.guard))
    elif options.prettify:
        work.set_text(_prettify(work.markup(), options, prefix))
