"""The Email Markup Consortium's accessibility rules (static: no browser needed).

The custom rules of ``developer-tools.md``: ``body-lang``, ``body-dir``,
``table-role``, ``role-button``, ``accessible-hyperlinks``, the semantic-element
rules (``article-article`` … ``complementary-aside``), ``h1-tag`` and the VML
rules. Rule ids are ``a11y/<rule>``; severities follow the rules' impact
(Critical/Serious → error, Moderate → warning, Minor → info), as for axe.

The rules read the scan every validator shares (:mod:`compiler.validators.document`)
with its Outlook nesting: Outlook-only content (``<!--[if mso]> … <![endif]-->``)
is markup, and VML shapes opened in one conditional comment and closed in
another enclose the HTML between them, the way Outlook sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from compiler.validators.base import CheckContext
from compiler.validators.document import Document as ScannedDocument
from compiler.validators.document import Element as ScannedElement
from compiler.validators.document import document, scan
from components.diagnostics import Issue, Severity
from components.markup.elements import NOT_SHOWN

NAME = "emc"
PREFIX = "a11y"

IMPACT_ORDER: dict[str, int] = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
IMPACT_SEVERITY: dict[str, Severity] = {
    "critical": Severity.ERROR,
    "serious": Severity.ERROR,
    "moderate": Severity.WARNING,
    "minor": Severity.INFO,
}
HELP_BASE = "https://github.com/mailwright/mailwright/blob/main/docs/accessibility.md#"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    impact: str  # critical | serious | moderate | minor ("Mild" in the spec)
    help: str  # one line: what to do


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "body-lang", "serious", "Content inside the body should be wrapped in a lang attribute"
        ),
        Rule("body-dir", "serious", "Content inside the body should be wrapped in a dir attribute"),
        Rule(
            "table-role",
            "serious",
            'Tables used for layout should have role="presentation" (or "none")',
        ),
        Rule("role-button", "critical", 'Don\'t use role="button" on <a> tags'),
        Rule("accessible-hyperlinks", "moderate", "Link text should be descriptive"),
        Rule("article-article", "minor", 'Use <div role="article"> instead of <article>'),
        Rule("region-section", "minor", 'Use <div role="region"> instead of <section>'),
        Rule("navigation-nav", "minor", 'Use <div role="navigation"> instead of <nav>'),
        Rule("banner-header", "moderate", "Avoid using the banner landmark in an email"),
        Rule("contentinfo-footer", "moderate", "Avoid using the contentinfo landmark in an email"),
        Rule("main-main", "moderate", "Avoid using the main landmark in an email"),
        Rule(
            "complementary-aside", "moderate", "Avoid using the complementary landmark in an email"
        ),
        Rule("h1-tag", "moderate", "Email should have exactly one h1 tag"),
        Rule("vml-alt", "critical", "VML requires an alt attribute"),
        Rule("vml-links", "critical", "Avoid placing links inside VML elements"),
        Rule("vml-headings", "moderate", "Avoid placing headings inside VML elements"),
    )
}
RULE_IDS: tuple[str, ...] = tuple(f"{PREFIX}/{rule}" for rule in RULES)

# Link texts that say nothing about where the link goes (compared lower-case, trimmed).
VAGUE_LINK_TEXTS: frozenset[str] = frozenset(
    {
        "click",
        "click here",
        "click this",
        "here",
        "go",
        "go here",
        "link",
        "this link",
        "this",
        "more",
        "read more",
        "learn more",
        "see more",
        "view more",
        "more info",
        "more information",
        "info",
        "details",
        "continue",
        "tap here",
        "press here",
        "this page",
        "find out more",
        "check it out",
        "start",
        "open",
    }
)

# Semantic element or landmark role → rule.
SEMANTIC: dict[str, str] = {
    "article": "article-article",
    "section": "region-section",
    "nav": "navigation-nav",
    "header": "banner-header",
    "footer": "contentinfo-footer",
    "main": "main-main",
    "aside": "complementary-aside",
}
LANDMARK_ROLES: dict[str, str] = {
    "banner": "banner-header",
    "contentinfo": "contentinfo-footer",
    "main": "main-main",
    "complementary": "complementary-aside",
}
VML_SHAPES: frozenset[str] = frozenset(
    {
        "v:rect",
        "v:roundrect",
        "v:oval",
        "v:image",
        "v:shape",
        "v:line",
        "v:polyline",
        "v:arc",
        "v:curve",
        "v:group",
    }
)
HEADINGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One EMC rule failure at an offset in the scanned HTML."""

    rule: str
    message: str
    offset: int

    @property
    def impact(self) -> str:
        return RULES[self.rule].impact


class Document:
    """The shared scan of the email (:mod:`compiler.validators.document`) read with the
    nesting Outlook sees (conditional comments transparent), and helpers the rules share."""

    def __init__(self, scanned: ScannedDocument) -> None:
        self.elements: list[ScannedElement] = scanned.elements
        self.children: dict[int, list[int]] = {}
        for el in self.elements:
            self.children.setdefault(el.outlook_parent, []).append(el.index)
        self.own_text: dict[int, list[str]] = {}
        # (enclosing element, offset, text) of every text a reader may see
        self.texts: list[tuple[int, int, str]] = []
        for t in scanned.texts:
            self.own_text.setdefault(t.outlook_parent, []).append(t.text)
            self.texts.append((t.outlook_parent, t.start, t.text))

    def ancestors(self, index: int) -> Iterator[int]:
        while index >= 0:
            yield index
            index = self.elements[index].outlook_parent

    def in_tag(self, index: int, tags: frozenset[str]) -> bool:
        return any(self.elements[i].tag in tags for i in self.ancestors(index))

    def text_of(self, index: int) -> str:
        """Text content of an element, with images' alt text, whitespace collapsed."""
        parts: list[str] = []
        self._collect(index, parts)
        return " ".join(" ".join(parts).split())

    def _collect(self, index: int, parts: list[str]) -> None:
        el = self.elements[index]
        if el.tag == "img":
            parts.append(el.attrs.get("alt", ""))
        parts.extend(self.own_text.get(index, ()))
        for child in self.children.get(index, ()):
            self._collect(child, parts)

    def first(self, tag: str) -> int:
        return next((e.index for e in self.elements if e.tag == tag), -1)


def _wrapped_in(doc: Document, attr: str) -> Finding | None:
    """body-lang / body-dir: every text in the body sits inside an element carrying ``attr``."""
    rule = "body-lang" if attr == "lang" else "body-dir"
    body = doc.first("body")
    for index, offset, _text in doc.texts:
        chain = list(doc.ancestors(index))
        if body >= 0 and body not in chain:
            continue  # head content (title, style)
        if any(doc.elements[i].tag in NOT_SHOWN for i in chain):
            continue
        owners = chain[: chain.index(body) + 1] if body in chain else chain
        if not any(doc.elements[i].attrs.get(attr, "").strip() for i in owners):
            at = doc.elements[body].start if body >= 0 else offset
            return Finding(
                rule,
                f"text in the body is not inside an element with a {attr} "
                f'attribute: add {attr}="…" to <body> and to the email\'s '
                "outer wrapper (clients often drop <html>)",
                at,
            )
    return None


def find(html: str | ScannedDocument) -> list[Finding]:
    """Every EMC rule failure in ``html`` (or its shared scan), in document order per rule."""
    doc = Document(scan(html) if isinstance(html, str) else html)
    out: list[Finding] = []
    for attr in ("lang", "dir"):
        found = _wrapped_in(doc, attr)
        if found is not None:
            out.append(found)
    h1s: list[int] = []
    for i, el in enumerate(doc.elements):
        tag, attrs = el.tag, el.attrs
        parent = el.outlook_parent
        role = attrs.get("role", "").strip().lower()
        if tag == "table" and role not in ("presentation", "none"):
            out.append(
                Finding(
                    "table-role",
                    'table without role="presentation": screen '
                    "readers read every cell of a layout table",
                    el.start,
                )
            )
        if tag == "a" and role == "button":
            out.append(
                Finding(
                    "role-button",
                    'link with role="button": keep it a link so it '
                    "shows in the screen reader's links list",
                    el.start,
                )
            )
        if tag == "a" and "href" in attrs:
            label = attrs.get("aria-label", "").strip() or doc.text_of(i)
            if label.lower().strip(" .:!?…>»→") in VAGUE_LINK_TEXTS:
                out.append(
                    Finding(
                        "accessible-hyperlinks",
                        f'link text "{label}" does not say where the link goes',
                        el.start,
                    )
                )
        if tag in SEMANTIC:
            rule = SEMANTIC[tag]
            out.append(Finding(rule, f"<{tag}>: {RULES[rule].help}", el.start))
        elif role in LANDMARK_ROLES:
            rule = LANDMARK_ROLES[role]
            out.append(Finding(rule, f'role="{role}": {RULES[rule].help}', el.start))
        if tag == "h1":
            h1s.append(el.start)
        if tag in VML_SHAPES and "alt" not in attrs:
            out.append(
                Finding(
                    "vml-alt",
                    f'<{tag}> has no alt attribute (use alt="" when it is decorative)',
                    el.start,
                )
            )
        if parent >= 0 and doc.in_tag(parent, VML_SHAPES | {"v:textbox"}):
            if tag == "a":
                out.append(
                    Finding(
                        "vml-links",
                        "link inside a VML shape: keyboards and some "
                        "screen readers cannot reach it",
                        el.start,
                    )
                )
            elif tag in HEADINGS:
                out.append(
                    Finding(
                        "vml-headings",
                        f"<{tag}> inside a VML shape: some screen readers cannot navigate to it",
                        el.start,
                    )
                )
    if len(h1s) > 1:
        out.extend(
            Finding("h1-tag", f"the email has {len(h1s)} <h1> tags; keep exactly one", at)
            for at in h1s[1:]
        )
    elif not h1s:
        body = doc.first("body")
        out.append(
            Finding(
                "h1-tag",
                "the email has no <h1>: give its main heading one",
                doc.elements[body].start if body >= 0 else 0,
            )
        )
    return out


def to_issue(ctx: CheckContext, f: Finding) -> Issue:
    rule = RULES[f.rule]
    return ctx.issue(
        f"{PREFIX}/{f.rule}",
        IMPACT_SEVERITY[rule.impact],
        f.message,
        f.offset,
        help=rule.help,
        help_url=HELP_BASE + f.rule,
        impact=rule.impact,
        source="emc",
    )


def issues(ctx: CheckContext) -> list[Issue]:
    """EMC findings as issues, sorted by impact (critical first) then position."""
    found = sorted(find(document(ctx)), key=lambda f: (IMPACT_ORDER[f.impact], f.offset))
    return [to_issue(ctx, f) for f in found]


def check(ctx: CheckContext) -> Iterable[Issue]:
    if not ctx.html.strip():
        return []
    return issues(ctx)
