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

from styles.brackets import CSS, Unclosed, find_closing, find_first, skip, split_top

KNOWN_AT_RULES = frozenset(
    {
        "media",
        "supports",
        "font-face",
        "import",
        "charset",
        "keyframes",
        "-webkit-keyframes",
        "-moz-keyframes",
        "-o-keyframes",
        "page",
        "namespace",
        "layer",
        "container",
        "font-feature-values",
        "property",
        "counter-style",
        "document",
        "-moz-document",
        "viewport",
        "-ms-viewport",
        "scope",
        "starting-style",
        "font-palette-values",
    }
)
#: At-rules whose block holds style rules (the others hold declarations/keyframes).
GROUPING_AT_RULES = frozenset(
    {"media", "supports", "document", "-moz-document", "layer", "container", "scope"}
)


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


_SPACE = re.compile(r"\s+")
#: A style rule without strings, comments or nested braces (what the slow path reads
#: the same way, one character class at a time).
_SIMPLE_RULE = re.compile(r"([^{;}\"'/]++)\{([^{}\"'/]*+)\}")
_AT_NAME = re.compile(r"@([-\w]+)")
_UNCLOSED = {"comment": "unterminated comment in CSS", "string": "unterminated string in CSS"}


def _problem(unclosed: Unclosed, base: int) -> CssProblem:
    return CssProblem(_UNCLOSED[unclosed.what], base + unclosed.at)


def parse_sheet(css: str, base: int = 0) -> Sheet:
    """Cut ``css`` into rules. ``base`` offsets reported problems.

    Grouping at-rules (``@media`` …) get their block parsed too (``Rule.inner``).
    """
    sheet = Sheet()
    rules = sheet.rules
    i = 0
    n = len(css)
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
            after = skip(css, i, CSS)
            if isinstance(after, Unclosed):
                sheet.problems.append(_problem(after, base))
                return sheet
            rules.append(Rule("comment", css[i:after], i))
            i = after
            continue
        if c in "<-" and (css.startswith("<!--", i) or css.startswith("-->", i)):
            k = 4 if c == "<" else 3
            rules.append(Rule("comment", css[i : i + k], i))
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
        found = find_first(css, i, "{;}", CSS)
        if isinstance(found, Unclosed):
            sheet.problems.append(_problem(found, base))
            return sheet
        j = found
        prelude = css[i:j]
        at_name = ""
        if prelude.startswith("@"):
            am = _AT_NAME.match(prelude)
            at_name = am.group(1).lower() if am else ""
            if at_name not in KNOWN_AT_RULES:
                sheet.problems.append(CssProblem(f"unknown at-rule '@{at_name}'", base + i))
        if j >= n:
            sheet.problems.append(
                CssProblem(
                    "unterminated rule: missing '{' or ';'"
                    if not at_name
                    else f"unterminated '@{at_name}' rule",
                    base + i,
                )
            )
            return sheet
        if css[j] == "}":
            sheet.problems.append(CssProblem("unexpected '}'", base + j))
            return sheet
        if css[j] == ";":
            if not at_name:
                sheet.problems.append(CssProblem("declaration outside a rule", base + i))
                return sheet
            rules.append(Rule("at", css[i : j + 1], i, prelude.strip(), None, at_name))
            i = j + 1
            continue
        closed = find_closing(css, j, CSS)
        if isinstance(closed, Unclosed):
            sheet.problems.append(
                _problem(closed, base)
                if closed.what != "bracket"
                else CssProblem("unterminated rule: missing '}'", base + j)
            )
            return sheet
        end = closed
        kind = "at" if at_name else "style"
        rule = Rule(kind, css[i:end], i, prelude.strip(), css[j + 1 : end - 1], at_name)
        rules.append(rule)
        if rule.is_grouping and rule.block is not None:
            rule.inner = parse_sheet(rule.block, base + j + 1)
            sheet.problems.extend(rule.inner.problems)
        i = end
    return sheet


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_IMPORTANT = re.compile(r"!\s*important", re.I)


def declarations(block: str) -> list[tuple[str, str]]:
    """``(property, value)`` pairs of a declaration block (comments dropped)."""
    clean = _COMMENT.sub("", block) if "/*" in block else block
    out: list[tuple[str, str]] = []
    for part in split_top(clean, ";"):
        if ":" not in part:
            continue
        prop, _, value = part.partition(":")
        if prop.strip():
            out.append((prop.strip(), value.strip()))
    return out


def has_important(block: str) -> bool:
    return "!" in block and _IMPORTANT.search(block) is not None
