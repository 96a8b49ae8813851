"""CSS inlining: move embedded CSS into ``style`` attributes (engine: ``css-inline``).

What stays in the head (each switchable): ``@media`` rules (including
``prefers-color-scheme``), ``@font-face``, rules with ``!important``, rules
with pseudo-classes or pseudo-elements (``:hover`` can't be inlined). Other
at-rules (``@import``, ``@keyframes``, ``@supports`` …) always stay. Rules
that contain Liquid always stay: inlining would copy the token into every
matching element. ``<style data-embed>`` and ``<style data-ignore-inlining>``
are left alone, and external stylesheets are never downloaded. Nothing is
inlined into the head or elements that draw nothing (``<br>``, ``<meta>``,
``<title>`` …). AMP emails (``<html ⚡4email>``) are left as written, with a note.

This is a text step: ``css-inline`` parses and serializes the (guarded)
document itself. Style attributes it cannot parse (Liquid, broken CSS) are
held aside and merged back after the inlined declarations (they win).
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import cast

import css_inline

from compiler.transformers.core import liquid_guard
from compiler.transformers.core.base import Work, css_problems, option
from compiler.transformers.core.markup import Body, Cut, Markup, Node, Tag, Text, parse
from compiler.transformers.core.stylesheet import Rule, Sheet, declarations, has_important
from components.diagnostics import Issue, Severity
from components.markup.elements import DRAWS_NOTHING

NAME = "inline-css"

_KEPT = "data-mw-kept"
_SKIP = "data-mw-skip"
_HOLD = "data-mw-hold-style"
#: What both marks start with
_MARKED = "data-mw-"
assert _SKIP.startswith(_MARKED) and _HOLD.startswith(_MARKED)


@dataclass(frozen=True)
class Options:
    enabled: bool = option(False, "Move embedded CSS into style attributes.")
    linked_stylesheets: bool = option(
        False,
        "Put a linked stylesheet that is a file of the workspace into a <style> where "
        "its <link> was, and inline it (most email clients ignore <link>).",
    )
    preserve_media_queries: bool = option(
        True,
        "Keep @media rules (responsive and prefers-color-scheme) in the head; "
        "when off they are removed.",
    )
    preserve_font_faces: bool = option(True, "Keep @font-face rules in the head.")
    preserve_important: bool = option(
        True, "Keep rules with !important in the head instead of inlining them."
    )
    preserve_pseudos: bool = option(
        True,
        "Keep rules with pseudo-classes/elements (:hover, ::before) in the head; "
        "when off they are removed.",
    )
    keep_inlined_rules: bool = option(False, "Also keep the rules that were inlined in the head.")
    remove_empty_style_tags: bool = option(True, "Remove <style> blocks left empty.")
    apply_width_attributes: bool = option(
        False, "Copy CSS widths to width attributes of table, td, th and img."
    )
    apply_height_attributes: bool = option(
        False, "Copy CSS heights to height attributes of table, td, th and img."
    )


# A style attribute the engine can read: ';'-separated parts, each blank or
# "property: value" (a value with at least one non-space character, no braces;
# anything else is held aside, which is the safe side).
_PART = r"(?:\s*+-?[A-Za-z_][\w-]*+\s*+:(?=[^;{}]*?[^\s;{}])[^;{}]*+|\s*+)"
_STYLE_OK = re.compile(_PART + r"(?:;" + _PART + r")*+")


def _style_ok(style: str, prefix: str) -> bool:
    return prefix not in style and _STYLE_OK.fullmatch(style) is not None


#: :data:`_PART` inside a double-quoted value (which holds no ``"``).
_PART_QUOTED = _PART.replace("[^;{}]", '[^;{}"]').replace(r"[^\s;{}]", r'[^\s;{}"]')


@functools.lru_cache(maxsize=8)
def _plainly_readable(prefix: str) -> re.Pattern[str]:
    """A tag written plainly — each attribute after white space, its value (if any) in
    double quotes, ``style`` in lower case — whose ``style`` (if any) is readable
    (:func:`_style_ok`). A tag it matches reads as :meth:`Tag.get` reads it (the same
    names and values as :data:`markup._ATTR_RE` cuts there), so it holds no style to
    hold aside; one it does not match is read attribute by attribute."""
    style = f'(?![^"]*{re.escape(prefix)})' + _PART_QUOTED + r"(?:;" + _PART_QUOTED + r")*+"
    other = r"""(?![sS][tT][yY][lL][eE](?![^\s"'>/=]))[^\s"'>/=]++(?:="[^"]*+")?+"""
    return re.compile(
        r'<[a-zA-Z][^\s/>]*+(?:\s++(?:style="' + style + r'"|' + other + r"))*+\s*+/?>"
    )


def _classify(rule: Rule, opts: Options, prefix: str) -> str:
    """``inline``, ``keep`` or ``drop``."""
    if rule.kind == "space":
        return "inline"
    if rule.kind == "comment":
        return "keep" if prefix in rule.text else "drop"
    if prefix in rule.text:
        return "keep"
    if rule.kind == "at":
        if rule.at_name == "media":
            return "keep" if opts.preserve_media_queries else "drop"
        if rule.at_name == "font-face":
            return "keep" if opts.preserve_font_faces else "drop"
        return "keep"
    if ":" in rule.prelude:
        return "keep" if opts.preserve_pseudos else "drop"
    if rule.block is not None and has_important(rule.block):
        return "keep" if opts.preserve_important else "inline"
    return "inline"


def _reparsed(rules: list[Rule]) -> Sheet:
    """What ``parse_sheet`` gives for the concatenated texts of ``rules`` (top-level
    rules of a stylesheet without problems): the same rules at their new offsets."""
    out = Sheet()
    offset = 0
    for r in rules:
        out.rules.append(Rule(r.kind, r.text, offset, r.prelude, r.block, r.at_name, r.inner))
        offset += len(r.text)
    return out


def _conditional_properties(
    work: Work, blocks: list[tuple[Tag, Text]] | list[tuple[Tag, Body]], opts: Options
) -> set[str]:
    """Properties that CSS staying in the head sets only under a condition (inside
    ``@media``/``@supports``, or in ``<style media="…">``) without ``!important``.
    Inlining a base declaration of such a property would make it beat that override
    (a style attribute wins over any rule), so those declarations stay in the head."""
    out: set[str] = set()

    def collect(sheet: Sheet, conditional: bool) -> None:
        for r in sheet.rules:
            if r.kind == "style" and conditional and r.block is not None:
                out.update(p.lower() for p, v in declarations(r.block) if not has_important(v))
            elif (
                r.is_grouping
                and r.inner is not None
                and (r.at_name != "media" or opts.preserve_media_queries)
            ):
                collect(r.inner, True)

    for tag, text in blocks:
        sheet = work.sheet(text.text)
        if sheet.ok:
            collect(sheet, _conditional_block(tag))
    return out


def _conditional_block(tag: Tag) -> bool:
    media = (tag.get("media") or "").strip().lower()
    return media not in ("", "all", "screen")


def _overrides(prop: str, conditional: set[str]) -> bool:
    p = prop.lower()
    return any(p == c or p.startswith(c + "-") or c.startswith(p + "-") for c in conditional)


def _split_rule(rule: Rule, conditional: set[str]) -> tuple[str, Rule | None]:
    """``rule`` as the text to inline and the rule to keep in the head (its declarations
    a conditional rule overrides), or ``(rule.text, None)`` when nothing is overridden."""
    if not conditional or rule.block is None:
        return rule.text, None
    parts = declarations(rule.block)
    held = [(p, v) for p, v in parts if _overrides(p, conditional)]
    if not held:
        return rule.text, None
    inline = [(p, v) for p, v in parts if not _overrides(p, conditional)]
    head = rule.text[: len(rule.text) - len(rule.block) - 1]
    kept_block = ";".join(f"{p}:{v}" for p, v in held)
    kept = Rule("style", f"{head}{kept_block}}}", 0, rule.prelude, kept_block)
    inline_text = f"{head}{';'.join(f'{p}:{v}' for p, v in inline)}}}" if inline else ""
    return inline_text, kept


@dataclass(slots=True)
class _Block:
    """What the step does with one style block (:func:`_split_block`)."""

    #: the engine must leave the block alone (marked: :func:`_shield`)
    shield: bool
    #: the block's new text, the rules the engine inlines; None: the block stays as it is
    inline: str | None = None
    #: the rules kept in the head, in a block of their own after this one
    kept: list[Rule] = field(default_factory=list)
    #: a style rule (not only an at-rule) is inlined
    any_inline: bool = False


def _split_block(
    work: Work, tag: Tag, css: str, opts: Options, prefix: str, conditional: set[str]
) -> _Block:
    """How the style block ``tag`` (its text ``css``) is split for the engine: left as
    it is (for some media only, marked to be embedded or ignored, or unreadable: its
    problems reported) or its rules parted into those inlined and those kept."""
    if _conditional_block(tag) and not tag.has("data-css-inline"):
        return _Block(shield=True)  # only for some media: never inlined
    if tag.has("data-embed") or tag.has("data-ignore-inlining") or tag.has("data-css-inline"):
        return _Block(shield=not tag.has("data-css-inline"))
    sheet = work.sheet(css)
    if not sheet.ok:
        css_problems(work, NAME, css, sheet.problems)
        return _Block(shield=True)
    inline: list[str] = []
    block = _Block(shield=False)
    for rule in sheet.rules:
        what = _classify(rule, opts, prefix)
        if what == "inline" and rule.kind == "style":
            inline_text, held = _split_rule(rule, conditional)
            if inline_text:
                inline.append(inline_text)
                block.any_inline = True
            if held is not None:
                block.kept.append(held)
        elif what == "inline":
            inline.append(rule.text)
        elif what == "keep":
            block.kept.append(rule)
    block.inline = "".join(inline)
    return block


def _unreadable_style(tag: Tag, readable: dict[str, bool], prefix: str) -> str | None:
    """``tag``'s style attribute where the engine could not read it (to be held out of
    its reach: :data:`_HOLD`), else None; ``readable`` caches the answer per style."""
    style = tag.get("style")
    if style is None:
        return None
    ok = readable.get(style)
    if ok is None:
        ok = readable[style] = _style_ok(style, prefix)
    return None if ok else style


@dataclass(slots=True)
class _Edits:
    """What :func:`_prepare` changed: each node it edited, by its index, with its text
    before, and where it put nodes in, so that the document as it was can be written
    back from the prepared text when the engine refuses it (no copy of it is kept
    meanwhile). Indices are those of the document before any node was put in."""

    nodes: list[Node]
    #: index → the node's text before its first edit
    before: dict[int, str] = field(default_factory=dict)
    #: (index, nodes): ``nodes`` put in before the node at ``index``, in this order
    put_in: list[tuple[int, list[Node]]] = field(default_factory=list)

    def edit(self, i: int) -> Node:
        """The node at ``i``, noted before its first edit."""
        node = self.nodes[i]
        if i not in self.before:
            self.before[i] = node.serialize()
        return node

    def shield(self, i: int) -> None:
        """Mark the tag at ``i`` for the engine to leave alone (marks :func:`_settle`
        takes off)."""
        tag = self.edit(i)
        assert isinstance(tag, Tag)
        tag.set("data-css-inline", "ignore")
        tag.set(_SKIP, None)

    def insert(self) -> None:
        """Put the nodes of :attr:`put_in` in (after every edit), in the order of their
        places; runs put in at one place (the kept rules of style blocks left without an
        end tag, put in at the end) in the order given: the page's."""
        self.put_in.sort(key=lambda p: p[0])  # (a stable sort)
        shift = 0
        for i, run in self.put_in:
            self.nodes[i + shift : i + shift] = run
            shift += len(run)

    def undo(self, parts: list[str]) -> list[tuple[int, int, str]]:
        """The splices (start, end, text before), in order, that turn ``"".join(parts)``
        (the nodes after :meth:`insert`, serialized one part each) back into the
        document before the edits."""
        places: list[int] = []  # where each node put in was put, in order
        runs: list[tuple[int, int]] = []  # (index after the insert, nodes)
        for i, run in self.put_in:
            runs.append((i + len(places), len(run)))
            places.extend([i] * len(run))
        changed = sorted(
            [
                *((i + bisect_right(places, i), 1, text) for i, text in self.before.items()),
                *((at, size, "") for at, size in runs),
            ]
        )
        out: list[tuple[int, int, str]] = []
        pos = last = 0
        for i, size, text in changed:
            pos += sum(map(len, parts[last:i]))
            end = pos + sum(map(len, parts[i : i + size]))
            out.append((pos, end, text))
            pos, last = end, i + size
        return out


def _undone(prepared: str, splices: list[tuple[int, int, str]]) -> str:
    """``prepared`` with ``splices`` (in order) put in: the document before the edits."""
    out: list[str] = []
    pos = 0
    for start, end, text in splices:
        out.append(prepared[pos:start])
        out.append(text)
        pos = end
    out.append(prepared[pos:])
    return "".join(out)


def _prepare(work: Work, doc: Markup, found: _Survey, opts: Options, edits: _Edits) -> bool:
    """Split style blocks, shield what draws nothing and hold unparseable style
    attributes (each edit noted in ``edits``); False if nothing to inline."""
    prefix = work.guard.prefix
    nodes = doc.nodes
    any_inline = False
    kept_blocks: list[tuple[int, list[Node]]] = []  # (a block's index, its kept rules)
    conditional = _conditional_properties(
        work, [cast(tuple[Tag, Text], (nodes[i], nodes[i + 1])) for i in found.blocks], opts
    )
    left: list[str] = []  # the style texts left as they are, and the kept rules' texts
    for i in found.blocks:
        tag = cast(Tag, nodes[i])
        text = cast(Text, nodes[i + 1])
        block = _split_block(work, tag, text.text, opts, prefix, conditional)
        if block.shield:
            edits.shield(i)
        if block.inline is None:
            left.append(text.text)
            continue
        any_inline = any_inline or block.any_inline
        kept = block.kept
        edits.edit(i + 1)
        text.text = block.inline
        kept_css = "".join(r.text for r in kept)
        if kept_css.strip():
            # the engine leaves this block alone: css-cleanup reads it from this parse
            work.add_sheet(kept_css, _reparsed(kept))
            left.append(kept_css)
            kept_blocks.append(
                (i, parse(f'<style {_KEPT} data-css-inline="ignore">{kept_css}</style>').nodes)
            )
    # the texts split here are read no more (memory: the parses are as large as the CSS)
    work.keep_sheets(left)
    for i, kept_nodes in kept_blocks:
        # after the end tag of its own style block: in the place its rules had in the
        # page (an @import before the rules of later blocks, as CSS wants it)
        j = i + 2
        while j < len(nodes):
            node = nodes[j]
            if isinstance(node, Tag) and node.end and node.name == "style":
                break
            j += 1
        edits.put_in.append((min(j + 1, len(nodes)), kept_nodes))
    for i in found.unrendered:
        if not cast(Tag, nodes[i]).has("data-css-inline"):
            edits.shield(i)
    readable: dict[str, bool] = {}  # emails repeat the same style attributes
    # and the same tags: an unedited tag written as one before holds a readable style
    # (or none) when that one did
    plain: set[str] = set()
    readable_tag = _plainly_readable(prefix).fullmatch  # (no attribute index made)
    for i in found.tags:
        tag = cast(Tag, nodes[i])
        if not tag.dirty:
            if tag.raw in plain:
                continue
            if readable_tag(tag.raw):
                plain.add(tag.raw)
                continue
        style = _unreadable_style(tag, readable, prefix)
        if style is not None:
            edits.edit(i)
            tag.remove("style")
            tag.set(_HOLD, style)
            continue
        if not tag.dirty:
            plain.add(tag.raw)
    edits.insert()
    return any_inline


@dataclass(slots=True)
class _Survey:
    """What one walk over the document finds for the inlining (nodes by their index)."""

    #: the start tags, in order
    tags: list[int] = field(default_factory=list)
    #: each ``<style>`` start tag followed by its text (as :meth:`Markup.style_blocks`)
    blocks: list[int] = field(default_factory=list)
    #: the head and everything in it, and elements that draw nothing, where the engine
    #: is to inline nothing (``*{…}`` would otherwise land on ``<meta>``, ``<br>``…);
    #: ``<style>`` and ``<link>`` stay readable: they are where the CSS comes from
    unrendered: list[int] = field(default_factory=list)
    #: the names of the start tags
    names: set[str] = field(default_factory=set)
    #: each ``<link>`` start tag with its index in the document
    links: list[tuple[int, Tag]] = field(default_factory=list)


def _survey(doc: Markup) -> _Survey:
    out = _Survey()
    tags, blocks, unrendered, names = out.tags, out.blocks, out.unrendered, out.names
    nodes = doc.nodes
    in_head = False
    for i, tag in enumerate(nodes):
        if tag.__class__ is not Tag:
            continue
        assert isinstance(tag, Tag)
        name = tag.name
        if tag.end:
            if name == "head":
                in_head = False
            continue
        tags.append(i)
        names.add(name)
        if name == "style":
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if isinstance(nxt, Text) and nxt.kind == "raw":
                blocks.append(i)
            continue
        if name == "head":
            in_head = True
        elif name == "body":
            in_head = False
        elif name == "link":
            out.links.append((i, tag))
            continue
        if in_head or name == "head" or name in DRAWS_NOTHING:
            unrendered.append(i)
    return out


def _survey_cut(doc: Cut) -> _Survey:
    """:func:`_survey` of a cut (its indices are the matches')."""
    out = _Survey()
    tags, blocks, unrendered, names = out.tags, out.blocks, out.unrendered, out.names
    parts = doc.parts
    in_head = False
    # each start tag's name as written → its lower case where the survey does more with
    # it than note it (:data:`_SURVEYED`), else "" (emails repeat a few names)
    starts: dict[str, str] = _NamesRead()
    for k, (node, written) in enumerate(zip(parts[1::3], parts[2::3], strict=True)):
        if written is None:
            continue
        if node[1] == "/":
            if in_head and written.lower() == "head":
                in_head = False
            continue
        tags.append(k)
        name = starts.get(written)
        if name is None:
            low = written if written.islower() else written.lower()
            names.add(low)
            name = starts[written] = low if low in _SURVEYED else ""
        if not name:  # (not style, head, body, link, nor a name that draws nothing)
            if in_head:
                unrendered.append(k)
            continue
        if name == "style":  # (its body follows: in a cut, always)
            blocks.append(k)
            continue
        if name == "head":
            in_head = True
        elif name == "body":
            in_head = False
        elif name == "link":
            out.links.append((k, doc.tag(k)))
            continue
        if in_head or name == "head" or name in DRAWS_NOTHING:
            unrendered.append(k)
    return out


#: The names :func:`_survey_cut` does more with than note (in lower case)
_SURVEYED = frozenset({"style", "head", "body", "link"}) | DRAWS_NOTHING
#: The dictionary :func:`_survey_cut` notes each start tag's name as written in (a test
#: gives one that notes nothing: each name read anew)
_NamesRead = dict


def _doctype_of_cut(doc: Cut) -> str:
    """:func:`_doctype_of` of a cut: its text before the first match, and that match
    when the text is blank and the match is no tag."""
    parts = doc.parts
    lead = parts[0]
    if not lead.strip() and len(parts) > 1 and parts[2] is None:
        lead += parts[1]
    m = _DOCTYPE.match(lead)
    return m.group(1) if m else ""


def _shield(tag: Tag) -> None:
    """Mark ``tag`` for the engine to leave alone (marks :func:`_settle` takes off)."""
    tag.set("data-css-inline", "ignore")
    tag.set(_SKIP, None)


def _prepare_cut(
    work: Work, doc: Cut, found: _Survey, opts: Options, before: dict[int, str]
) -> bool:
    """:func:`_prepare` on a cut (edited in place: its tags, bodies — each noted in
    ``before`` with its text before — and the kept rules put in after their block's end
    tag); False if nothing to inline."""
    prefix = work.guard.prefix
    parts = doc.parts
    any_inline = False
    blocks = [(doc.tag(k), Body(parts, 3 * k + 3)) for k in found.blocks]
    conditional = _conditional_properties(work, blocks, opts)
    left: list[str] = []  # the style texts left as they are, and the kept rules' texts
    for k, (tag, text) in zip(found.blocks, blocks, strict=True):
        block = _split_block(work, tag, text.text, opts, prefix, conditional)
        if block.shield:
            _shield(tag)
        if block.inline is None:
            left.append(text.text)
            continue
        any_inline = any_inline or block.any_inline
        kept = block.kept
        before[text.at] = text.text
        text.text = block.inline
        kept_css = "".join(r.text for r in kept)
        if kept_css.strip():
            # the engine leaves this block alone: css-cleanup reads it from this parse
            work.add_sheet(kept_css, _reparsed(kept))
            left.append(kept_css)
            # after the end tag of its own style block (see _prepare), else at the end
            end = next(
                (
                    j
                    for j in range(k + 1, len(parts) // 3)
                    if parts[3 * j + 2] is not None
                    and parts[3 * j + 1][1] == "/"
                    and parts[3 * j + 2].lower() == "style"
                ),
                -1,
            )
            doc.put_after(end, f'<style {_KEPT} data-css-inline="ignore">{kept_css}</style>')
    # the texts split here are read no more (memory: the parses are as large as the CSS)
    work.keep_sheets(left)
    for k in found.unrendered:
        tag = doc.tag(k)
        if not tag.has("data-css-inline"):
            _shield(tag)
    readable: dict[str, bool] = {}  # emails repeat the same style attributes
    # and the same tags: an unedited tag written as one before holds a readable style
    # (or none) when that one did
    plain: set[str] = set()
    readable_tag = _plainly_readable(prefix).fullmatch  # (no attribute index made)
    made = doc.made
    texts = parts[1::3]
    for k in found.tags:
        raw = texts[k]
        if raw in plain and k not in made:  # (most tags: one written alike before)
            continue
        tag_or_none = made.get(k)
        if tag_or_none is None or not tag_or_none.dirty:
            if raw in plain:
                continue
            if readable_tag(raw):
                plain.add(raw)
                continue
        tag = doc.tag(k)
        style = _unreadable_style(tag, readable, prefix)
        if style is not None:
            tag.remove("style")
            tag.set(_HOLD, style)
            continue
        if not tag.dirty:
            plain.add(tag.raw)
    return any_inline


def _finish(html: str, opts: Options, fragment: bool, strip_tbody: bool = False) -> Markup:
    """The engine's output ``html`` parsed, its marks taken off (:func:`_settle`)."""
    doc = _settle(parse(html), opts, strip_tbody, held_any=_HOLD in html)
    if fragment:
        out = doc.serialize()
        m = re.search(r"<head>(.*?)</head>\s*<body>(.*)</body>\s*</html>\s*\Z", out, re.S)
        if m:
            return parse(m.group(1) + m.group(2))
    return doc


def _settle(
    doc: Markup, opts: Options, strip_tbody: bool = False, *, held_any: bool = True
) -> Markup:
    """``doc`` (the engine's output, or the prepared tree when nothing was inlined)
    with the preparation's marks taken off, the held styles put back after the inlined
    ones, the empty style blocks dropped (with ``strip_tbody``, the ``<tbody>`` tags).
    ``held_any=False``: no tag holds a held style (the document's text has none)."""
    drop: set[int] = set()
    nodes = doc.nodes
    # The engine writes attribute names in lower case (HTML's tokenizer does), and the
    # prepared tree holds the marks as they were set, so a tag whose text does not hold
    # one of them as written has not got it: only the tags that do, and the style (and
    # tbody) tags, are read.
    named = {"style", "tbody"} if strip_tbody else {"style"}
    marked = [
        (i, n, t)
        for i, n in enumerate(nodes)
        if n.__class__ is Tag
        for t in (n.raw if not n.dirty else n.serialize(),)
        # (both marks start with _MARKED: one search for the tags that hold neither)
        if n.name in named or (_MARKED in t and (_SKIP in t or (held_any and _HOLD in t)))
    ]
    for i, n, text in marked:
        assert isinstance(n, Tag)
        if strip_tbody and n.name == "tbody":
            drop.add(i)  # the engine's parser adds <tbody>; the source had none
            continue
        if n.end:
            continue
        if _SKIP in text and n.has(_SKIP):
            n.remove(_SKIP)
            n.remove("data-css-inline")
        if n.name == "style":
            if n.has(_KEPT):
                n.remove(_KEPT)
                n.remove("data-css-inline")
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            end = nodes[i + 2] if i + 2 < len(nodes) else None
            if (
                opts.remove_empty_style_tags
                and isinstance(nxt, Text)
                and not nxt.text.strip()
                and isinstance(end, Tag)
                and end.end
                and end.name == "style"
            ):
                drop.update((i, i + 1, i + 2))
        held = n.get(_HOLD) if _HOLD in text else None
        if held is not None:
            n.remove(_HOLD)
            inlined = (n.get("style") or "").strip()
            if inlined and not inlined.endswith(";"):
                inlined += ";"
            n.set("style", f"{inlined} {held}".strip() if inlined else held)
    if drop:  # the nodes between the dropped ones, copied a run at a time
        kept: list[Node] = []
        start = 0
        for i in sorted(drop):
            kept += nodes[start:i]
            start = i + 1
        kept += nodes[start:]
        doc.nodes = kept
    return doc


_DOCTYPE = re.compile(r"\s*(<!doctype[^>]*>)", re.I)


def _doctype_of(doc: Markup) -> str:
    """The document's doctype exactly as written ("" when it has none): as
    ``_DOCTYPE.match`` reads the serialized document (the nodes up to its first tag or
    non-blank text)."""
    lead: list[str] = []
    for node in doc.nodes:
        if node.__class__ is Tag:
            break
        assert isinstance(node, Text)
        lead.append(node.text)
        if node.kind != "text" or node.text.strip():
            break
    m = _DOCTYPE.match("".join(lead))
    return m.group(1) if m else ""


def _same_doctype(doc: Markup, doctype: str) -> Markup:
    """``doc`` with the source's doctype back: the engine writes ``<!DOCTYPE html>``, and an
    XHTML doctype (almost-standards mode) or none (quirks mode) lays images in table cells
    out differently from that, so the doctype is part of how the email looks."""
    for i, node in enumerate(doc.nodes):
        if isinstance(node, Text) and node.kind == "decl" and node.text[:9].lower() == "<!doctype":
            if doctype:
                node.text = doctype
            else:
                del doc.nodes[i]
            return doc
        if isinstance(node, Tag) or (isinstance(node, Text) and node.text.strip()):
            break
    if doctype:
        doc.nodes.insert(0, Text(doctype, "decl"))
    return doc


#: caniemail's ``html-link``: clients that load a ``<link rel="stylesheet">``.
LINK_SUPPORT = "14 %"


def _linked_sheets(work: Work, doc: Markup, links: list[tuple[int, Tag]], opts: Options) -> bool:
    """A ``<link rel="stylesheet">`` (of ``links``: each with its index in ``doc``) that is
    a file of the workspace: put into a ``<style>`` in its place with
    ``linked_stylesheets`` (it is then inlined like any other), else offered as a fix.
    Remote or unreadable ones are css-cleanup's note. True when one was put in."""
    if work.folders is None:
        return False
    prefix = work.guard.prefix
    embeds: list[tuple[int, str]] = []
    for i, node in links:
        href = node.get("href")
        if (
            href is None
            or prefix in href
            or "stylesheet" not in (node.get("rel") or "").lower().split()
        ):
            continue
        css = work.folders.read(href)
        if css is None:
            continue
        snippet = node.serialize()
        if not opts.linked_stylesheets:
            line, col = work.locate(snippet)
            work.issues.append(
                Issue(
                    f"{NAME}/linked-stylesheet",
                    Severity.WARNING,
                    f"{href} is a file of the workspace, but most email clients ignore <link> "
                    f"(caniemail: {LINK_SUPPORT} load it), so its rules are not inlined; turn on "
                    "inline-css.linked_stylesheets to put it into a <style> here and inline it",
                    work.file,
                    line,
                    col,
                    data={"href": href, "fix": {"set": f"{NAME}.linked_stylesheets=true"}},
                )
            )
            continue
        if liquid_guard.has_tokens(css) or prefix in css or "</style" in css.lower():
            work.warn(
                f"{NAME}/linked-stylesheet",
                f"{href} holds template syntax or </style>: it cannot be put into a "
                "<style> unchanged, so its <link> stays",
                snippet,
            )
            continue
        media = node.get("media")
        open_tag = "<style>" if not media else f'<style media="{html.escape(media)}">'
        embeds.append((i, f"{open_tag}\n{css}\n</style>"))
    for i, block in reversed(embeds):
        doc.nodes[i : i + 1] = parse(block).nodes
    return bool(embeds)


def apply(work: Work, options: Options) -> None:
    if not options.enabled:
        return
    if work.skip_amp(NAME):
        return
    if work.cut() is not None and _apply_cut(work, options):
        return
    doc = work.markup()
    found = _survey(doc)
    if _linked_sheets(work, doc, found.links, options):
        found = _survey(doc)  # with the <style> blocks put in
    fragment = "html" not in found.names
    had_tbody = "tbody" in found.names
    doctype = _doctype_of(doc)
    edits = _Edits(doc.nodes)
    any_inline = _prepare(work, doc, found, options, edits)
    del found  # it holds the tree's tags: the tree is let go below
    if not any_inline:
        # nothing to inline: the marks taken off the tree itself (no engine, no new parse)
        work.set_markup(_settle(doc, options))
        return
    parts = doc.parts()  # (a part per node: where the edited nodes are in the text)
    prepared = "".join(parts)
    undo = edits.undo(parts)
    # The tree is not read again: let it go before the engine's output is parsed into
    # the next one (two trees of the email at once were the run's memory peak), and
    # keep no copy of the document as it was (the undo's splices give it back).
    del parts, doc, edits
    work.set_text(prepared)  # (the work lets its tree go; it holds the text, kept anyway)
    try:
        out = _engine(prepared, options)
    except (css_inline.InlineError, ValueError) as exc:
        # the prepared edits are undone: the text is the step's input
        work.set_text(_undone(prepared, undo))
        work.warn(f"{NAME}/failed", f"CSS was not inlined: the inliner stopped with: {exc}")
        return
    work.set_text("")  # (the work lets the text go: the del frees it before the parse)
    del prepared, undo
    work.set_markup(
        _same_doctype(_finish(out, options, fragment, strip_tbody=not had_tbody), doctype)
    )


def _apply_cut(work: Work, options: Options) -> bool:
    """:func:`apply` on the run's cut: the tags read and edited are the only ones made;
    the engine's output is parsed into the run's tree. False (nothing done) when a
    linked stylesheet may be put in (:func:`apply` does it on the tree)."""
    doc = work.cut()
    assert doc is not None
    found = _survey_cut(doc)
    if found.links and work.folders is not None:
        return False
    fragment = "html" not in found.names
    had_tbody = "tbody" in found.names
    doctype = _doctype_of_cut(doc)
    edited: dict[int, str] = {}
    any_inline = _prepare_cut(work, doc, found, options, edited)
    del found
    undo: list[tuple[int, int, str]] = []
    prepared = doc.text(undo, edited)
    # the page is not read again: no copy of it as it was is kept (the undo's splices
    # give it back), and the work lets the cut go below
    del doc, edited
    if not any_inline:
        # nothing to inline: the marks taken off the page's tree (no engine)
        work.set_markup(_settle(parse(prepared), options))
        return True
    work.set_text(prepared)
    try:
        out = _engine(prepared, options)
    except (css_inline.InlineError, ValueError) as exc:
        # the prepared edits are undone: the text is the step's input
        work.set_text(_undone(prepared, undo))
        work.warn(f"{NAME}/failed", f"CSS was not inlined: the inliner stopped with: {exc}")
        return True
    work.set_text("")  # (the work lets the text go: the del frees it before the parse)
    del prepared, undo
    work.set_markup(
        _same_doctype(_finish(out, options, fragment, strip_tbody=not had_tbody), doctype)
    )
    return True


def _engine(html: str, options: Options) -> str:
    """css-inline's output for the prepared ``html``."""
    out: str = css_inline.inline(
        html,
        inline_style_tags=True,
        keep_style_tags=True,
        keep_link_tags=True,
        keep_at_rules=True,
        remove_inlined_selectors=not options.keep_inlined_rules,
        load_remote_stylesheets=False,
        apply_width_attributes=options.apply_width_attributes,
        apply_height_attributes=options.apply_height_attributes,
    )
    return out
