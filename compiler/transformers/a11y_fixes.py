"""Accessibility fixes: the safe automatic fixes for the EMC rules of the problem checker.

Each fix has its own switch:

* ``lang`` / ``dir`` on ``<html>`` and on the body wrapper (EMC ``body-lang``,
  ``body-dir``); the language is detected from the text unless set. When the
  body has no wrapper element, one is added
  (``<div role="article" aria-roledescription="email" lang dir>``).
* ``role="presentation"`` on layout tables (``table-role``); tables with
  ``<th>``, ``<caption>`` or ``<thead>`` are data tables and are left alone.
* zoom-blocking viewport settings removed (``user-scalable=no``, ``maximum-scale=1``).
* ``alt=""`` on images marked decorative (``data-decorative``, ``role="presentation"``,
  ``aria-hidden="true"``); other images without ``alt`` get a warning, not a guess.
* ``role="button"`` removed from links (``role-button``).
* HTML5 landmarks replaced by ``div`` (``article-article``, ``region-section``,
  ``navigation-nav``, ``banner-header``, ``contentinfo-footer``, ``main-main``,
  ``complementary-aside``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from compiler.transformers.core.base import Work, option
from compiler.transformers.core.markup import Tag, Text
from components.markup.elements import SERIALIZES_AS_VOID

NAME = "a11y-fixes"


@dataclass(frozen=True)
class Options:
    enabled: bool = option(False, "Apply the safe accessibility fixes.")
    lang: str = option("", "Language code to set; empty = detect from the text.")
    fallback_lang: str = option("en", "Language used when detection is not sure.")
    dir: str = option("auto", "Text direction: auto (from the language), ltr or rtl.")
    html_lang: bool = option(True, "Set lang and dir on <html> when missing.")
    body_wrapper: bool = option(
        True, "Set lang and dir on the body wrapper (adding a wrapper when there is none)."
    )
    table_role: bool = option(True, 'Add role="presentation" to layout tables.')
    viewport_zoom: bool = option(True, "Remove viewport settings that block zooming.")
    decorative_images: bool = option(True, 'Set alt="" on images marked decorative.')
    link_role_button: bool = option(True, 'Remove role="button" from links.')
    semantic_elements: bool = option(
        True, "Replace article/section/nav/header/footer/main/aside with div (+ role)."
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_RTL = {"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku"}
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and you your for with this that are our from have will not"),
    "fr": _words("le la les et des vous votre pour avec est une dans pas sur nous"),
    "de": _words("der die das und sie ihr ist mit für nicht ein eine den auf wir"),
    "es": _words("el la los las y de que en para con por su una es tu nuestro"),
    "it": _words("il la che di e per con non una sono del della gli tuo nostro"),
    "nl": _words("de het een en van je uw voor met is niet op ons zijn"),
    "pt": _words("o a os as e de que para com não uma do da seu nosso você"),
}
_WORD_RE = re.compile(r"[^\W\d_]+", re.U)


def detect_lang(text: str) -> str | None:
    """A language code from stop-word counts and scripts, or None when unsure."""
    if re.search(r"[\u0590-\u05ff]", text):
        return "he"
    if len(re.findall(r"[\u0600-\u06ff]", text)) > 20:
        return "ar"
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if len(words) < 5:
        return None
    scores = Counter({lang: sum(1 for w in words if w in sw) for lang, sw in _STOPWORDS.items()})
    best = scores.most_common(2)
    if not best or best[0][1] < 3 or (len(best) > 1 and best[0][1] < best[1][1] * 1.3):
        return None
    return best[0][0]


_SEMANTIC = {
    "article": "article",
    "section": "region",
    "nav": "navigation",
    "header": "",
    "footer": "",
    "main": "",
    "aside": "",
}


#: The tag names :func:`apply`'s walk acts on, besides :data:`_SEMANTIC`'s
_ACTED = frozenset({"html", "body", "table", "th", "caption", "thead", "meta", "img", "a"})
_ACTED_SEMANTIC = _ACTED | frozenset(_SEMANTIC)
#: The dictionary :func:`apply` notes whether a table has a role in, by its text (a test
#: gives one that notes nothing: each table read anew)
_RoledOf = dict


def _visible_text(work: Work) -> str:
    parts: list[str] = []
    skip = 0
    for n in work.markup().nodes:
        if isinstance(n, Tag):
            if n.name in ("head", "style", "script", "title"):
                skip += -1 if n.end else 1
        elif n.kind == "text" and skip <= 0:
            parts.append(n.text)
    return re.sub(r"&[#\w]+;", " ", " ".join(parts))


def apply(work: Work, options: Options) -> None:
    if not options.enabled:
        return
    doc = work.markup()
    lang = options.lang.strip()
    if not lang and (options.html_lang or options.body_wrapper):
        html_tag = next(doc.tags("html"), None)
        lang = (html_tag.get("lang") if html_tag else "") or ""
        if not lang or work.guard.prefix in lang:
            lang = detect_lang(_visible_text(work)) or options.fallback_lang
    base = lang.split("-")[0].lower()
    direction = options.dir if options.dir in ("ltr", "rtl") else ("rtl" if base in _RTL else "ltr")

    nodes = doc.nodes
    body_index = -1
    body_end = -1  # the first </body> after the last <body>
    table_stack: list[Tag] = []
    tables: list[Tag] = []  # the <table> start tags, in order
    data_tables: set[int] = set()
    missing_alt = 0
    # the names this walk acts on (most of an email's tags are none of them: td, tr, div)
    acted = _ACTED_SEMANTIC if options.semantic_elements else _ACTED
    tag_class = Tag
    for i, n in enumerate(nodes):
        if n.__class__ is not tag_class:
            continue
        name = n.name
        if name not in acted:
            continue
        if n.end:
            if name == "table" and table_stack:
                table_stack.pop()
            elif options.semantic_elements and name in _SEMANTIC:
                n.rename("div")
            elif name == "body" and body_end < 0 <= body_index:
                body_end = i
            continue
        if name == "html" and options.html_lang:
            if not n.has("lang"):
                n.set("lang", lang)
            if not n.has("dir"):
                n.set("dir", direction)
        elif name == "body":
            body_index = i
            body_end = -1
        elif name == "table":
            table_stack.append(n)
            tables.append(n)
        elif name in ("th", "caption", "thead") and table_stack:
            data_tables.add(id(table_stack[-1]))
        elif (
            name == "meta" and options.viewport_zoom and (n.get("name") or "").lower() == "viewport"
        ):
            content = n.get("content") or ""
            parts = [p for p in re.split(r"\s*[,;]\s*", content.strip()) if p]
            kept = [
                p
                for p in parts
                if not re.fullmatch(
                    r"user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?", p, re.I
                )
            ]
            if kept != parts:
                n.set("content", ", ".join(kept))
        elif name == "img":
            decorative = (
                n.has("data-decorative")
                or (n.get("role") or "").lower() in ("presentation", "none")
                or (n.get("aria-hidden") or "").lower() == "true"
            )
            alt = n.get("alt")
            if decorative and options.decorative_images:
                n.remove("data-decorative")
                if alt and work.guard.prefix in alt:
                    work.warn(
                        f"{NAME}/decorative-alt",
                        "image marked decorative has Liquid alt text; left as is",
                        n.serialize(),
                    )
                elif alt != "":
                    n.set("alt", "")
            elif not n.has("alt"):
                missing_alt += 1
        elif name == "a" and options.link_role_button and (n.get("role") or "").lower() == "button":
            n.remove("role")
        elif options.semantic_elements and name in _SEMANTIC:
            role = _SEMANTIC[name]
            n.rename("div")
            if role and not n.has("role"):
                n.set("role", role)
    if options.table_role:
        # an unedited table's text → whether it has a role (emails repeat their tables)
        roled: dict[str, bool] = _RoledOf()
        for t in tables:
            if id(t) in data_tables:
                continue
            if t.dirty:
                has_role = t.has("role")
            else:
                known = roled.get(t.raw)
                if known is None:
                    known = roled[t.raw] = t.has("role")
                has_role = known
            if not has_role:
                t.set("role", "presentation")
    if options.body_wrapper and body_index >= 0:
        _wrap_body(doc.nodes, body_index, body_end, lang, direction)
    if missing_alt:
        work.warn(
            f"{NAME}/img-alt",
            f"{missing_alt} image(s) have no alt attribute; add alt text "
            "(or mark decorative images with data-decorative)",
        )


def _wrap_body(
    nodes: list[Tag | Text], body_index: int, body_end: int, lang: str, direction: str
) -> None:
    """Set lang/dir on the first element in <body>, or wrap the body's content.
    ``body_end``: the index of the first ``</body>`` after ``nodes[body_index]`` (-1: none).
    The body is read until it is known to hold more than one element or text: the
    content is then wrapped, whatever follows."""
    first: Tag | None = None
    only_child = True
    depth = 0
    close_index = body_end if body_end >= 0 else len(nodes)
    for j in range(body_index + 1, close_index):
        n = nodes[j]
        if isinstance(n, Tag):
            if depth == 0 and first is None and not n.end:
                first = n
            elif depth == 0 and not n.end and first is not None:
                only_child = False
                break
            if n.name not in SERIALIZES_AS_VOID and not n.self_closing:
                depth += -1 if n.end else 1
        elif n.kind == "text" and n.text.strip() and depth == 0:
            only_child = False
            break
    if first is not None and only_child and first.name in ("div", "table", "center"):
        if not first.has("lang"):
            first.set("lang", lang)
        if not first.has("dir"):
            first.set("dir", direction)
        return
    opening = Text(
        f'<div role="article" aria-roledescription="email" lang="{lang}" dir="{direction}">', "decl"
    )
    nodes.insert(close_index, Text("</div>", "decl"))
    nodes.insert(body_index + 1, opening)
