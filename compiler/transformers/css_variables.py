"""CSS variables: insert ``:root`` custom properties where they are used.

Only variables defined on ``:root`` in a ``<style>`` block count (as in the
reference product). Uses inside gradients, shorthands and other functions are
replaced too; ``var(--x, fallback)`` uses the fallback when ``--x`` is not
defined. With ``preserve``, the ``var()`` declarations and the ``:root`` rule
stay and a static fallback declaration is inserted before each use.

A variable whose value contains Liquid is never copied (that would duplicate
the token): its uses are left as ``var()`` and a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.transformers.core.base import Work, css_problems, option
from compiler.transformers.core.markup import Body, Text
from compiler.transformers.core.stylesheet import Sheet, parse_sheet
from styles.brackets import closing, split_top

NAME = "css-variables"


@dataclass(frozen=True)
class Options:
    enabled: bool = option(False, "Insert :root CSS variables statically where they are used.")
    preserve: bool = option(
        False, "Keep the var() declarations and :root, adding a static fallback before each use."
    )
    style_attributes: bool = option(True, "Also replace var() inside style attributes.")


_VAR_START = re.compile(r"var\(\s*", re.I)


class _Resolver:
    def __init__(self, variables: dict[str, str], guard_prefix: str) -> None:
        self.vars = variables
        self.prefix = guard_prefix
        self.unresolved: set[str] = set()

    def substitute(self, value: str, depth: int = 0) -> str | None:
        """``value`` with every var() replaced, or None when one cannot be."""
        if depth > 20:
            return None
        out: list[str] = []
        pos = 0
        for m in _VAR_START.finditer(value):
            if m.start() < pos:
                continue
            close = closing(value, m.start() + 3) - 1  # the ")" of "var("
            if close < 0:
                return None
            inner = value[m.end() : close]
            name, _, fallback = inner.partition(",")
            name = name.strip()
            if name in self.vars:
                rep = self.substitute(self.vars[name], depth + 1)
            elif fallback.strip():
                rep = self.substitute(fallback.strip(), depth + 1)
            else:
                rep = None
            if rep is None or self.prefix in rep:
                self.unresolved.add(name)
                return None
            out.append(value[pos : m.start()])
            out.append(rep)
            pos = close + 1
        out.append(value[pos:])
        return "".join(out)


def _rewrite_decls(block: str, res: _Resolver, preserve: bool) -> str:
    if "var(" not in block.lower():
        return block
    parts = split_top(block, ";")
    out: list[str] = []
    for part in parts:
        if "var(" not in part.lower() or ":" not in part:
            out.append(part)
            continue
        prop, _, value = part.partition(":")
        if prop.strip().startswith("--"):
            out.append(part)
            continue
        static = res.substitute(value.strip())
        if static is None:
            out.append(part)
            continue
        lead = prop[: len(prop) - len(prop.lstrip())]
        if preserve:
            out.append(f"{lead}{prop.strip()}: {static};{part}")
        else:
            out.append(f"{lead}{prop.strip()}: {static}")
    return ";".join(out)


def _rewrite_sheet(sheet: Sheet, res: _Resolver, preserve: bool, keep: frozenset[str]) -> str:
    out: list[str] = []
    for r in sheet.rules:
        if r.block is None:
            out.append(r.text)
            continue
        head = r.head
        if r.kind == "style" and r.prelude == ":root" and not preserve:
            kept = [
                p
                for p in split_top(r.block, ";")
                if p.strip()
                and (not p.strip().startswith("--") or p.partition(":")[0].strip() in keep)
            ]
            if kept:
                out.append(head + ";".join(kept) + "}")
            continue
        if r.kind == "at" and (r.is_grouping or r.at_name.endswith("keyframes")):
            inner = r.inner if r.inner is not None else parse_sheet(r.block)
            out.append(head + _rewrite_sheet(inner, res, preserve, keep) + "}")
        else:
            out.append(head + _rewrite_decls(r.block, res, preserve) + "}")
    return "".join(out)


def _collect(sheet: Sheet, into: dict[str, str]) -> None:
    for r in sheet.rules:
        if r.kind == "style" and r.prelude == ":root" and r.block is not None:
            for part in split_top(r.block, ";"):
                prop, sep, value = part.partition(":")
                if sep and prop.strip().startswith("--"):
                    into[prop.strip()] = value.strip()


#: ``var(`` in any case; written as "(" preceded by "var" so that the search jumps
#: from one "(" to the next (a pattern starting with a letter in any case is tried at
#: every character)
_VAR_ANYWHERE = re.compile(r"\((?<=[vV][aA][rR]\()")


def apply(work: Work, options: Options) -> None:
    if not options.enabled:
        return
    # Most emails use var() in no tag (see below): the run's cut, when the work holds one,
    # is read for its style blocks only (no tree made)
    tags_read = options.style_attributes and work.source_has(_VAR_ANYWHERE)
    cut = None if tags_read else work.cut()
    blocks = cut.style_blocks() if cut is not None else work.markup().style_blocks()
    usable: list[tuple[Text | Body, Sheet]] = []
    variables: dict[str, str] = {}
    for _tag, text in blocks:
        sheet = work.sheet(text.text)
        if not sheet.ok:
            css_problems(work, NAME, text.text, sheet.problems)
            continue
        usable.append((text, sheet))
        _collect(sheet, variables)
    res = _Resolver(variables, work.guard.prefix)
    keep = frozenset(
        n for n, v in variables.items() if res.prefix in v or res.substitute(v) is None
    )
    res.unresolved.clear()
    for text, sheet in usable:
        if _VAR_ANYWHERE.search(text.text) or ":root" in text.text:
            text.text = _rewrite_sheet(sheet, res, options.preserve, keep)
    # Most emails use var() in no tag: the tags are read only when the document this run
    # guarded holds var( (a tag's text is its text but for placeholders, which are
    # letters and digits), and then after one search over their texts together.
    tags = list(work.markup().tags()) if tags_read else []
    if tags and _VAR_ANYWHERE.search("".join([t.serialize() for t in tags])):
        search = _VAR_ANYWHERE.search
        for tag in tags:
            if not search(tag.serialize()):
                continue
            style = tag.get("style")
            if style and search(style):
                new = _rewrite_decls(style, res, options.preserve)
                if new != style:
                    tag.set("style", new)
    for name in sorted(res.unresolved):
        value = variables.get(name, "")
        why = (
            "its value contains Liquid"
            if work.guard.prefix in value
            else "it is not defined on :root and has no fallback"
        )
        work.warn(f"{NAME}/unresolved", f"var({name}) was left as is: {why}", name)
