"""CSS cleanup: remove unused class/id selectors, optionally shorten names.

Only selectors with at least one class or id are considered
(``a[x-apple-data-detectors]`` is never touched). A selector is removed when
one of its classes or ids appears on no element; a rule whose selectors are
all removed goes. Class names that no stylesheet mentions are removed from
``class`` attributes (ids are never removed from elements: links may target
them). With ``shorten``, the remaining class and id names are renamed
consistently in CSS and HTML (``href="#id"``, ``for``, ``aria-*`` too).

Classes and ids named by attribute selectors (``td[class="stack"]``,
``[class~=…]``, ``[class*=…]``, ``[class^=…]``, ``[class$=…]``, ``[id…]``) are in
use: they are kept on elements and never renamed, and such selectors are never
removed. A rule whose declarations hold Liquid is kept whole (the rendered
value may be what the selector is for). A linked stylesheet
(``<link rel="stylesheet">``) is read when it is a file inside the workspace
(relative to the email, or ``/…`` from ``assets/`` or the root); one that
cannot be read (remote, templated, outside the workspace) may use any class:
then no class is removed from elements and none is renamed, with one note.

AMP emails (``<html ⚡4email>``) are left as written, with a note.

Never touched: names on the allowlist (the email-client reset names by
default, ``*`` wildcards allowed), selectors under ``[data-ogsc]``/
``[data-ogsb]``/``.moz-text-html``, names containing template syntax (Liquid
placeholders and the configured patterns), and a class whose template-built
variants may exist (``class="btn-{{ kind }}"`` keeps every ``.btn-…``).
``<style data-embed>`` blocks are read for usage but never changed.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass, field

from compiler.transformers.core.base import Work, css_problems, option
from compiler.transformers.core.markup import Markup, Tag, Text
from compiler.transformers.core.stylesheet import Rule, Sheet
from components.diagnostics import Issue, Severity
from styles.brackets import split_top

NAME = "css-cleanup"

RESET_NAMES: tuple[str, ...] = (
    "MsoHyperlink",
    "MsoHyperlinkFollowed",
    "MsoNormal",
    "MsoNormalTable",
    "MsoPlainText",
    "ExternalClass",
    "ReadMsgBody",
    "outlook",
    "MessageViewBody",
    "MessageWebViewDiv",
    "moz-text-html",
    "ogsc",
    "ogsb",
    "yshortcuts",
    "apple-link",
    "x-apple-*",
    "gmail-*",
    "a6S",
    "im",
    "body",
    "bodyTable",
    "emailBody",
    "untracked",
    "disable-url-params",
    "mso-*",
    "Mso*",
)


@dataclass(frozen=True)
class Options:
    enabled: bool = option(False, "Remove unused CSS classes and ids.")
    remove_unused: bool = option(True, "Remove selectors whose class or id is not used.")
    remove_html_classes: bool = option(
        True, "Remove class names no stylesheet mentions from class attributes."
    )
    shorten: bool = option(False, "Shorten class and id names consistently in CSS and HTML.")
    allowlist: tuple[str, ...] = option(
        RESET_NAMES, "Class/id names never removed or renamed (* wildcards allowed)."
    )
    ignore_patterns: tuple[tuple[str, str], ...] = option(
        (("{{", "}}"), ("{%", "%}")),
        "Template delimiters whose contents are never treated as class names.",
    )


_NAME_RE = re.compile(r"([.#])(-?[_a-zA-Z\u00a0-\uffff][-\w\u00a0-\uffff]*|\\[^\n])")
_PROTECTED_SELECTOR = re.compile(r"\[data-ogs[cb]\]|\.moz-text-html", re.I)


_ATTRIBUTE = re.compile(
    r"""\[\s*(class|id)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]*))\s*([iIsS])?\s*)?\]""",
    re.I,
)


@dataclass(frozen=True)
class _Match:
    """An attribute selector on ``class``/``id``: which names it may match."""

    kind: str  # "." or "#"
    op: str  # "", "=", "~=", "|=", "^=", "$=", "*="
    value: str
    fold: bool  # the ``i`` flag

    def matches(self, word: str, whole: str) -> bool:
        """Whether the selector may match an element whose attribute holds ``word``
        (``whole``: the attribute's value): the safe side when unsure."""
        v, w, a = self.value, word, whole
        if self.fold:
            v, w, a = v.lower(), w.lower(), a.lower()
        if self.op == "":
            return True
        if self.op == "=":
            return a.strip() == v or w in v.split()
        if self.op == "~=":
            return w == v
        if self.op == "|=":
            return w == v or w.startswith(v + "-")
        if self.op == "^=":
            return w.startswith(v) or a.startswith(v)
        if self.op == "$=":
            return w.endswith(v) or a.endswith(v)
        return v in w or v in a  # *=


def _attribute_matches(sel: str) -> list[_Match]:
    out = []
    for m in _ATTRIBUTE.finditer(sel):
        value = next((g for g in (m.group(3), m.group(4), m.group(5)) if g is not None), "")
        out.append(
            _Match(
                "." if m.group(1).lower() == "class" else "#",
                m.group(2) or "",
                value,
                (m.group(6) or "").lower() == "i",
            )
        )
    return out


_NOT_NAMES = re.compile(r"\([^()]*\)|\[[^\]]*\]|\"[^\"]*\"|'[^']*'")


def _names_in_selector(sel: str) -> list[tuple[str, str]]:
    # drop :not(...)/:is(...) arguments and attribute selectors and strings
    plain = _NOT_NAMES.sub("", sel)
    return [(m.group(1), m.group(2)) for m in _NAME_RE.finditer(plain)]


@functools.lru_cache(maxsize=16)
def _allow_re(allowlist: tuple[str, ...]) -> re.Pattern[str]:
    """The allowlist's ``*`` patterns as one regex (made once per allowlist)."""
    return re.compile("|".join(fnmatch.translate(p) for p in allowlist) or r"(?!)")


class _Names:
    def __init__(self, options: Options, prefix: str) -> None:
        self.allow = _allow_re(options.allowlist)
        self._allowed: dict[str, bool] = {}
        self.prefix = prefix
        self.patterns = options.ignore_patterns
        self.used: dict[str, set[str]] = {".": set(), "#": set()}
        self.stems: list[str] = []  # static parts of templated class names
        self.pieces: set[str] = set()  # never renamed: they occur inside templated names

    def templated(self, name: str) -> bool:
        return self.prefix in name or any(a in name for a, _ in self.patterns)

    def allowed(self, name: str) -> bool:
        known = self._allowed.get(name)
        if known is None:
            known = self._allowed[name] = self.allow.match(name) is not None
        return known

    def keep(self, kind: str, name: str) -> bool:
        if name in self.used[kind] or self.allowed(name):
            return True
        return kind == "." and any(name.startswith(s) for s in self.stems)


def _clean_sheet(
    sheet: Sheet,
    names: _Names,
    rename: dict[str, dict[str, str]],
    remove: bool,
    done: dict[str, str] | None = None,
) -> str:
    done = {} if done is None else done  # rule text → cleaned (emails repeat rules)
    out: list[str] = []
    for r in sheet.rules:
        if r.kind == "style" and r.block is not None:
            cleaned = done.get(r.text)
            if cleaned is None:
                cleaned = done[r.text] = _clean_rule(r, names, rename, remove)
            out.append(cleaned)
        elif r.is_grouping and r.inner is not None:
            # the @media/@supports block itself stays, even when emptied: conditional
            # blocks are what responsive and dark-mode support hang on
            out.append(r.head + _clean_sheet(r.inner, names, rename, remove, done) + "}")
        else:
            out.append(r.text)
    return "".join(out)


def _clean_rule(r: Rule, names: _Names, rename: dict[str, dict[str, str]], remove: bool) -> str:
    selectors = split_top(r.prelude, ",")
    kept: list[str] = []
    # a rule whose value holds Liquid stays: the rendered value may be its whole point
    remove = remove and names.prefix not in (r.block or "")
    for original in selectors:
        sel = original
        found = _names_in_selector(sel)
        protected = bool(_PROTECTED_SELECTOR.search(sel)) or names.templated(sel)
        if remove and found and not protected and not all(names.keep(k, n) for k, n in found):
            continue
        if rename and found and not protected:
            sel = _NAME_RE.sub(
                lambda m: m.group(1) + rename[m.group(1)].get(m.group(2), m.group(2)), sel
            )
        kept.append(sel.strip())
    if not kept:
        return ""
    if kept == [s.strip() for s in selectors]:
        return r.text
    brace = r.text.index("{")
    head = r.text[:brace]
    return ", ".join(kept) + head[len(head.rstrip()) :] + r.text[brace:]


def _short(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = letters[rem] + out
    return out


def apply(work: Work, options: Options) -> None:
    if not options.enabled:
        return
    if work.skip_amp(NAME):
        return
    found = _read(work.markup())
    names = _Names(options, work.guard.prefix)
    seen: set[str] = set()
    for tag in found.distinct:
        cls = tag.get("class")
        if cls and cls not in seen:
            seen.add(cls)
            for word in cls.split():
                if names.templated(word):
                    for piece in re.split(re.escape(work.guard.prefix) + r"\d+x", word):
                        static = piece
                        for a, b in options.ignore_patterns:
                            static = re.sub(
                                re.escape(a) + ".*?(" + re.escape(b) + "|$)", " ", static
                            )
                        for part in static.split():
                            names.used["."].add(part)
                            names.pieces.add(part)
                            names.stems.append(part)
                else:
                    names.used["."].add(word)
        ident = tag.get("id")
        if ident:
            names.used["#"].add(ident.strip())
    blocks: list[tuple[bool, Text, Sheet]] = []
    mentioned: set[str] = set()
    matchers: list[_Match] = []
    unseen = _linked_sheets(work, found.links, mentioned, matchers)
    for tag, text in found.blocks:
        sheet = work.sheet(text.text)
        editable = not tag.has("data-embed") and sheet.ok
        if not sheet.ok:
            css_problems(work, NAME, text.text, sheet.problems)
        blocks.append((editable, text, sheet))
        selectors = _selectors_text(sheet)
        for kind, name in _names_in_selector(selectors):
            if kind == ".":
                mentioned.add(name)
        matchers.extend(_attribute_matches(selectors))
    if matchers:
        _names_matched(found.distinct, matchers, names, mentioned)
    for comment in found.style_comments:
        mentioned.update(re.findall(r"\.(-?[_a-zA-Z][-\w]*)", comment.text))
    rename: dict[str, dict[str, str]] = {".": {}, "#": {}}
    if options.shorten:
        taken = set()
        counter = 0
        for kind in (".", "#"):
            for name in sorted(names.used[kind]):
                if (
                    names.allowed(name)
                    or names.templated(name)
                    or name in names.pieces
                    or any(name.startswith(st) for st in names.stems)
                ):
                    continue
                while True:
                    short = _short(counter)
                    counter += 1
                    if (
                        short not in names.used["."]
                        and short not in names.used["#"]
                        and short not in taken
                        and not names.allowed(short)
                    ):
                        break
                taken.add(short)
                if len(short) < len(name):
                    rename[kind][name] = short
    if unseen or any(not e for e, _, _ in blocks):
        # a stylesheet we cannot read may use any name: do not rename or drop HTML classes
        rename = {".": {}, "#": {}}
        remove_html = False
    else:
        remove_html = options.remove_html_classes
    for editable, text, sheet in blocks:
        if editable:
            text.text = _clean_sheet(
                sheet, names, rename if options.shorten else {}, options.remove_unused
            )
    if remove_html or options.shorten:
        _rewrite_html(found.tags, names, rename, mentioned if remove_html else None)


_STYLE_IN = re.compile("<style", re.I)


@dataclass(slots=True)
class _Found:
    """What one walk over the document finds for the cleanup."""

    #: the start tags, in order
    tags: list[Tag] = field(default_factory=list)
    #: the start tags less the unedited ones written exactly as an earlier unedited one
    #: (emails repeat their tags: those hold the same names)
    distinct: list[Tag] = field(default_factory=list)
    links: list[Tag] = field(default_factory=list)
    #: each ``<style>`` start tag with its text (as :meth:`Markup.style_blocks`)
    blocks: list[tuple[Tag, Text]] = field(default_factory=list)
    #: comments holding a ``<style>`` (an Outlook-only block: its classes are in use)
    style_comments: list[Text] = field(default_factory=list)


def _read(doc: Markup) -> _Found:
    out = _Found()
    tags, distinct, links, blocks = out.tags, out.distinct, out.links, out.blocks
    written: set[str] = set()
    nodes = doc.nodes
    for i, n in enumerate(nodes):
        if isinstance(n, Tag):
            if n.end:
                continue
            tags.append(n)
            if n.dirty:
                distinct.append(n)
            elif n.raw not in written:
                written.add(n.raw)
                distinct.append(n)
            if n.name == "style":
                nxt = nodes[i + 1] if i + 1 < len(nodes) else None
                if isinstance(nxt, Text) and nxt.kind == "raw":
                    blocks.append((n, nxt))
            elif n.name == "link":
                links.append(n)
        elif n.kind == "comment" and _STYLE_IN.search(n.text):
            out.style_comments.append(n)
    return out


def _linked_sheets(
    work: Work, links: list[Tag], mentioned: set[str], matchers: list[_Match]
) -> bool:
    """Read the linked stylesheets (of ``links``) found inside the workspace into
    ``mentioned`` and ``matchers``; True when one cannot be read (noted once)."""
    unseen: list[tuple[Tag, str]] = []
    for tag in links:
        rel = (tag.get("rel") or "").lower().split()
        href = tag.get("href")
        if "stylesheet" not in rel or href is None:
            continue
        css = (
            work.folders.read(href)
            if work.folders is not None and work.guard.prefix not in href
            else None
        )
        sheet = work.sheet(css) if css is not None else None
        if sheet is None or not sheet.ok:
            unseen.append((tag, work.guard.restore(href)))
            continue
        selectors = _selectors_text(sheet)
        mentioned.update(n for k, n in _names_in_selector(selectors) if k == ".")
        matchers.extend(_attribute_matches(selectors))
    if unseen:
        tag, href = unseen[0]
        line, col = work.locate(tag.serialize())
        more = f" (and {len(unseen) - 1} more)" if len(unseen) > 1 else ""
        work.issues.append(
            Issue(
                f"{NAME}/linked-stylesheet",
                Severity.INFO,
                f"the linked stylesheet {href}{more} cannot be read here (remote, or not a file "
                "inside the workspace): it may use any class, so no class is removed from "
                "elements or renamed",
                work.file,
                line,
                col,
            )
        )
    return bool(unseen)


def _names_matched(
    tags: list[Tag], matchers: list[_Match], names: _Names, mentioned: set[str]
) -> None:
    """Classes and ids attribute selectors may match (on ``tags``): mentioned, and never
    renamed."""
    for tag in tags:
        for kind, attr in ((".", "class"), ("#", "id")):
            value = tag.get(attr)
            if not value:
                continue
            for word in value.split():
                if any(m.kind == kind and m.matches(word, value) for m in matchers):
                    names.pieces.add(word)
                    if kind == ".":
                        mentioned.add(word)


def _selectors_text(sheet: Sheet) -> str:
    """All selector preludes of a stylesheet, comma-joined (for usage scans)."""
    out: list[str] = []
    for r in sheet.rules:
        if r.kind == "style":
            out.append(r.prelude)
        elif r.is_grouping and r.inner is not None:
            out.append(_selectors_text(r.inner))
    return ",".join(out)


def _rewrite_html(
    tags: list[Tag], names: _Names, rename: dict[str, dict[str, str]], mentioned: set[str] | None
) -> None:
    cmap, imap = rename["."], rename["#"]
    rewritten: dict[str, str | None] = {}  # class attribute → new value (None: unchanged)

    def rewrite(cls: str) -> str | None:
        words = cls.split()
        new = []
        for w in words:
            if names.templated(w) or names.allowed(w):
                new.append(w)
            elif mentioned is not None and w not in mentioned:
                continue
            else:
                new.append(cmap.get(w, w))
        return None if new == words else " ".join(new)

    untouched: set[str] = set()  # unedited tags left as they were, as written: the same
    # text is left alike
    for tag in tags:
        if not tag.dirty and tag.raw in untouched:
            continue
        cls = tag.get("class")
        if cls is not None:
            if cls in rewritten:
                value = rewritten[cls]
            else:
                value = rewritten[cls] = rewrite(cls)
            if value is not None:
                if value:
                    tag.set("class", value)
                else:
                    tag.remove("class")
        if imap:
            ident = tag.get("id")
            if ident and ident in imap:
                tag.set("id", imap[ident])
            href = tag.get("href")
            if href and href.startswith("#") and href[1:] in imap:
                tag.set("href", "#" + imap[href[1:]])
            for attr in ("for", "aria-labelledby", "aria-describedby", "aria-controls"):
                v = tag.get(attr)
                if v and any(x in imap for x in v.split()):
                    tag.set(attr, " ".join(imap.get(x, x) for x in v.split()))
        if not tag.dirty:
            untouched.add(tag.raw)
