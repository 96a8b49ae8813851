"""A small, lossless CSS rule splitter for the CSS transformers.

It does not understand CSS values; it cuts a stylesheet into top-level rules
(style rules, at-rules with or without a block, comments) while respecting
strings, comments and nested braces, and it reports what it cannot cut:
an unterminated block, comment or string, or an unknown at-rule. A stylesheet
with problems is left untouched by every transformer (and each problem is a
located warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KNOWN_AT_RULES = frozenset({
    "media", "supports", "font-face", "import", "charset", "keyframes", "-webkit-keyframes",
    "-moz-keyframes", "-o-keyframes", "page", "namespace", "layer", "container",
    "font-feature-values", "property", "counter-style", "document", "-moz-document",
    "viewport", "-ms-viewport", "scope", "starting-style", "font-palette-values",
})
#: At-rules whose block holds style rules (the others hold declarations/keyframes).
GROUPING_AT_RULES = frozenset({"media", "supports", "document", "-moz-document", "layer",
                               "container", "scope"})


@dataclass(slots=True)
class Rule:
    """One top-level piece of a stylesheet. ``text`` is its exact source."""

    kind: str  # "style" | "at" | "comment" | "space"
    text: str
    start: int
    prelude: str = ""  # selector list, or the at-rule's name + condition
    block: str | None = None  # inside the braces
    at_name: str = ""

    @property
    def is_grouping(self) -> bool:
        return self.kind == "at" and self.at_name in GROUPING_AT_RULES and self.block is not None


@dataclass(slots=True)
class CssProblem:
    message: str
    offset: int  # into the stylesheet text


@dataclass(slots=True)
class Sheet:
    rules: list[Rule] = field(default_factory=list)
    problems: list[CssProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _skip_string(css: str, i: int) -> int:
    q = css[i]
    i += 1
    n = len(css)
    while i < n:
        c = css[i]
        if c == "\\":
            i += 2
            continue
        if c == q:
            return i + 1
        if c == "\n":
            return -1
        i += 1
    return -1


def _block_end(css: str, i: int, problems: list[CssProblem], base: int) -> int:
    """``css[i]`` is ``{``; return the index after the matching ``}`` (or -1)."""
    depth = 0
    n = len(css)
    start = i
    while i < n:
        c = css[i]
        if c in "\"'":
            j = _skip_string(css, i)
            if j < 0:
                problems.append(CssProblem("unterminated string in CSS", base + i))
                return -1
            i = j
            continue
        if c == "/" and css.startswith("/*", i):
            j = css.find("*/", i + 2)
            if j < 0:
                problems.append(CssProblem("unterminated comment in CSS", base + i))
                return -1
            i = j + 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    problems.append(CssProblem("unterminated rule: missing '}'", base + start))
    return -1


def parse_sheet(css: str, base: int = 0) -> Sheet:
    """Cut ``css`` into rules. ``base`` offsets reported problems."""
    sheet = Sheet()
    i = 0
    n = len(css)
    while i < n:
        if css[i].isspace():
            j = i
            while j < n and css[j].isspace():
                j += 1
            sheet.rules.append(Rule("space", css[i:j], i))
            i = j
            continue
        if css.startswith("/*", i):
            j = css.find("*/", i + 2)
            if j < 0:
                sheet.problems.append(CssProblem("unterminated comment in CSS", base + i))
                return sheet
            sheet.rules.append(Rule("comment", css[i:j + 2], i))
            i = j + 2
            continue
        if css.startswith("<!--", i) or css.startswith("-->", i):
            k = 4 if css.startswith("<!--", i) else 3
            sheet.rules.append(Rule("comment", css[i:i + k], i))
            i += k
            continue
        # prelude up to '{' or ';' (at-rules without block)
        j = i
        while j < n and css[j] not in "{;}":
            if css[j] in "\"'":
                k = _skip_string(css, j)
                if k < 0:
                    sheet.problems.append(CssProblem("unterminated string in CSS", base + j))
                    return sheet
                j = k
                continue
            if css.startswith("/*", j):
                k = css.find("*/", j + 2)
                if k < 0:
                    sheet.problems.append(CssProblem("unterminated comment in CSS", base + j))
                    return sheet
                j = k + 2
                continue
            j += 1
        prelude = css[i:j]
        at_name = ""
        if prelude.startswith("@"):
            m = re.match(r"@([-\w]+)", prelude)
            at_name = m.group(1).lower() if m else ""
            if at_name not in KNOWN_AT_RULES:
                sheet.problems.append(CssProblem(f"unknown at-rule '@{at_name}'", base + i))
        if j >= n:
            sheet.problems.append(CssProblem(
                "unterminated rule: missing '{' or ';'" if not at_name else
                f"unterminated '@{at_name}' rule", base + i))
            return sheet
        if css[j] == "}":
            sheet.problems.append(CssProblem("unexpected '}'", base + j))
            return sheet
        if css[j] == ";":
            if not at_name:
                sheet.problems.append(CssProblem("declaration outside a rule", base + i))
                return sheet
            sheet.rules.append(Rule("at", css[i:j + 1], i, prelude.strip(), None, at_name))
            i = j + 1
            continue
        end = _block_end(css, j, sheet.problems, base)
        if end < 0:
            return sheet
        kind = "at" if at_name else "style"
        rule = Rule(kind, css[i:end], i, prelude.strip(), css[j + 1:end - 1], at_name)
        sheet.rules.append(rule)
        if rule.is_grouping and rule.block is not None:
            inner = parse_sheet(rule.block, base + j + 1)
            sheet.problems.extend(inner.problems)
        i = end
    return sheet


def split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside strings, parentheses and brackets."""
    out: list[str] = []
    depth = 0
    cur = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = _skip_string(text, i)
            i = n if j < 0 else j
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == sep and depth == 0:
            out.append(text[cur:i])
            cur = i + 1
        i += 1
    out.append(text[cur:])
    return out


def declarations(block: str) -> list[tuple[str, str]]:
    """``(property, value)`` pairs of a declaration block (comments dropped)."""
    clean = re.sub(r"/\*.*?\*/", "", block, flags=re.S)
    out: list[tuple[str, str]] = []
    for part in split_top(clean, ";"):
        if ":" not in part:
            continue
        prop, _, value = part.partition(":")
        if prop.strip():
            out.append((prop.strip(), value.strip()))
    return out


def has_important(block: str) -> bool:
    return re.search(r"!\s*important", block, re.I) is not None
