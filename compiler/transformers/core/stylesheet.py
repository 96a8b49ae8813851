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
    inner: Sheet | None = None  # the parsed block of a grouping at-rule (@media …)

    @property
    def is_grouping(self) -> bool:
        return self.kind == "at" and self.at_name in GROUPING_AT_RULES and self.block is not None

    @property
    def head(self) -> str:
        """The text up to and including the opening brace (the whole rule if it has none)."""
        if self.block is None:
            return self.text
        return self.text[: len(self.text) - len(self.block) - 1]


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


# Runs of characters that need no attention, skipped in one regex step.
_PLAIN_IN_BLOCK = re.compile(r"[^{}\"'/]+")
_PLAIN_IN_PRELUDE = re.compile(r"[^{;}\"'/]+")
_SPACE = re.compile(r"\s+")
#: A style rule without strings, comments or nested braces (what the slow path reads
#: the same way, one character class at a time).
_SIMPLE_RULE = re.compile(r"([^{;}\"'/]++)\{([^{}\"'/]*+)\}")
_STRING = {q: re.compile(q + r"(?:[^" + q + r"\\\n]|\\.)*" + q, re.S) for q in "\"'"}
_AT_NAME = re.compile(r"@([-\w]+)")


def _skip_string(css: str, i: int) -> int:
    """``css[i]`` is a quote; the index after the closing quote, or -1 (unterminated)."""
    m = _STRING[css[i]].match(css, i)
    return m.end() if m else -1


def _block_end(css: str, i: int, problems: list[CssProblem], base: int) -> int:
    """``css[i]`` is ``{``; return the index after the matching ``}`` (or -1)."""
    depth = 0
    n = len(css)
    start = i
    plain = _PLAIN_IN_BLOCK.match
    while i < n:
        m = plain(css, i)
        if m is not None:
            i = m.end()
            if i >= n:
                break
        c = css[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "/":
            if css.startswith("/*", i):
                j = css.find("*/", i + 2)
                if j < 0:
                    problems.append(CssProblem("unterminated comment in CSS", base + i))
                    return -1
                i = j + 2
                continue
        else:  # a quote
            j = _skip_string(css, i)
            if j < 0:
                problems.append(CssProblem("unterminated string in CSS", base + i))
                return -1
            i = j
            continue
        i += 1
    problems.append(CssProblem("unterminated rule: missing '}'", base + start))
    return -1


def parse_sheet(css: str, base: int = 0) -> Sheet:
    """Cut ``css`` into rules. ``base`` offsets reported problems.

    Grouping at-rules (``@media`` …) get their block parsed too (``Rule.inner``).
    """
    sheet = Sheet()
    rules = sheet.rules
    i = 0
    n = len(css)
    plain = _PLAIN_IN_PRELUDE.match
    simple = _SIMPLE_RULE.match
    while i < n:
        c = css[i]
        if c.isspace():
            m = _SPACE.match(css, i)
            assert m is not None
            rules.append(Rule("space", m.group(0), i))
            i = m.end()
            continue
        if c == "/" and css.startswith("/*", i):
            j = css.find("*/", i + 2)
            if j < 0:
                sheet.problems.append(CssProblem("unterminated comment in CSS", base + i))
                return sheet
            rules.append(Rule("comment", css[i:j + 2], i))
            i = j + 2
            continue
        if c in "<-" and (css.startswith("<!--", i) or css.startswith("-->", i)):
            k = 4 if c == "<" else 3
            rules.append(Rule("comment", css[i:i + k], i))
            i += k
            continue
        if c not in "@<-":
            m = simple(css, i)
            if m is not None:  # the common case in one step: "selector { declarations }"
                end = m.end()
                rules.append(Rule("style", css[i:end], i, m.group(1).strip(), m.group(2)))
                i = end
                continue
        # prelude up to '{' or ';' (at-rules without block)
        j = i
        while j < n:
            m = plain(css, j)
            if m is not None:
                j = m.end()
                if j >= n:
                    break
            c = css[j]
            if c in "{;}":
                break
            if c == "/":
                if css.startswith("/*", j):
                    k = css.find("*/", j + 2)
                    if k < 0:
                        sheet.problems.append(CssProblem("unterminated comment in CSS", base + j))
                        return sheet
                    j = k + 2
                else:
                    j += 1
                continue
            k = _skip_string(css, j)
            if k < 0:
                sheet.problems.append(CssProblem("unterminated string in CSS", base + j))
                return sheet
            j = k
        prelude = css[i:j]
        at_name = ""
        if prelude.startswith("@"):
            am = _AT_NAME.match(prelude)
            at_name = am.group(1).lower() if am else ""
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
            rules.append(Rule("at", css[i:j + 1], i, prelude.strip(), None, at_name))
            i = j + 1
            continue
        end = _block_end(css, j, sheet.problems, base)
        if end < 0:
            return sheet
        kind = "at" if at_name else "style"
        rule = Rule(kind, css[i:end], i, prelude.strip(), css[j + 1:end - 1], at_name)
        rules.append(rule)
        if rule.is_grouping and rule.block is not None:
            rule.inner = parse_sheet(rule.block, base + j + 1)
            sheet.problems.extend(rule.inner.problems)
        i = end
    return sheet


def split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside strings, parentheses and brackets."""
    if not any(c in text for c in "\"'(["):
        return text.split(sep)
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
