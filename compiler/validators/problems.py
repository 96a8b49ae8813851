"""The problem checker: markup mistakes, client support, Gmail limits, Liquid syntax.

Errors are likely rendering breaks; warnings are quality advice; info is
context (which clients lack a feature you use). Rules:

- ``problems/unclosed-tag`` (error) — an element is never closed.
- ``problems/misnested-tag`` (warning; error for custom elements) — an element is
  closed by an outer end tag (browsers and mail clients recover from plain HTML).
- ``problems/stray-end-tag`` (warning) — an end tag with nothing to close.
- ``problems/block-in-p`` (error) — a block element inside ``<p>``; browsers end
  the paragraph there and the layout falls apart.
- ``problems/duplicate-id`` (error), ``problems/duplicate-attribute`` (warning),
  ``problems/invalid-attribute`` (error: a malformed attribute),
  ``problems/attribute-units`` (warning: ``width="600px"``; HTML wants a bare
  number and Outlook ignores the rest), ``problems/css-unitless`` (warning:
  ``style="padding:8 12"``; a non-zero length without a unit is not CSS).
- ``problems/client-support`` (warning when fewer than half of the tested
  clients support a feature at all and it is not a progressive enhancement
  with a built-in fallback — see :data:`PROGRESSIVE`; info when some client
  lacks it).
- ``problems/gmail-clipped`` (error, over 102,000 bytes), ``problems/gmail-size``
  (warning, over 90,000 bytes), ``problems/gmail-style-size`` (error: all
  ``<style>`` blocks together over 16,384 characters), ``problems/gmail-nested-at-rule``
  (error: an at-rule inside another; Gmail drops the whole block).
- ``problems/liquid-syntax`` (error) and ``problems/liquid-unknown-tag`` (warning), found
  by the Liquid environment the renderer uses (:mod:`compiler.liquid`).
- ``problems/amp-required``, ``problems/amp-disallowed-tag``,
  ``problems/amp-extension`` (errors) — the markup of an AMP email
  (:mod:`compiler.validators.amp`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler.envelope import blank_front_matter, read_front_matter
from compiler.liquid.environment import LiquidSettings, MailwrightEnvironment, environment_for
from compiler.liquid.localization import TRANSLATE_MARK
from compiler.liquid.scan import Problem
from compiler.liquid.template import parse_text
from compiler.transformers.core.stylesheet import Sheet, parse_sheet
from compiler.validators import amp, caniemail
from compiler.validators.base import CheckContext
from compiler.validators.document import Document, document
from components.diagnostics import Issue, Severity
from components.markup import LIQUID_RE

NAME = "problems"
# Every rule this validator reports (tests prove each with a known-bad and a known-good email).
RULE_IDS: tuple[str, ...] = (
    "problems/unclosed-tag",
    "problems/misnested-tag",
    "problems/stray-end-tag",
    "problems/block-in-p",
    "problems/duplicate-id",
    "problems/duplicate-attribute",
    "problems/invalid-attribute",
    "problems/attribute-units",
    "problems/css-unitless",
    "problems/client-support",
    "problems/gmail-clipped",
    "problems/gmail-size",
    "problems/gmail-style-size",
    "problems/gmail-nested-at-rule",
    "problems/liquid-syntax",
    "problems/liquid-unknown-tag",
    "problems/untranslated",
    *amp.RULE_IDS,
)

GMAIL_CLIP_BYTES = 102_000
GMAIL_WARN_BYTES = 90_000
GMAIL_STYLE_CHARS = 16_384

_SIZE_ATTRS = ("width", "height")
_SIZE_VALUE = re.compile(r"^\s*\d+(?:\.\d+)?\s*(px|pt|em|rem)\s*$", re.I)
# style declarations whose value is lengths (a bare non-zero number there is not CSS)
_LENGTH_DECL = re.compile(
    r"(?:^|;)\s*((?:padding|margin)(?:-(?:top|right|bottom|left))?|(?:min-|max-)?(?:width|height)"
    r"|font-size|border(?:-(?:top|right|bottom|left))?-width|border(?:-[a-z]+)?-radius"
    r"|letter-spacing|text-indent)\s*:\s*([^;]*)",
    re.I,
)
_BARE_NUMBER = re.compile(r"(?<![\w.#%-])[+-]?(?:\d+\.?\d*|\.\d+)(?![\w.%(])")
_HANDLEBARS = re.compile(r"\{\{\s*[#/^>]|\{\{\s*else\s*\}\}")


def check(ctx: CheckContext) -> Iterator[Issue]:
    doc = document(ctx)
    yield from markup_problems(ctx, doc)
    yield from client_support(ctx, doc)
    yield from gmail_limits(ctx, doc)
    yield from liquid_syntax(ctx)
    yield from untranslated(ctx)
    yield from amp.check(ctx)


def markup_problems(ctx: CheckContext, doc: Document) -> Iterator[Issue]:
    for p in doc.problems:
        if p.kind == "unclosed":
            yield ctx.issue(
                "problems/unclosed-tag",
                Severity.ERROR,
                f"<{p.tag}> is never closed",
                p.offset,
                tag=p.tag,
            )
        elif p.kind == "misnested":
            # Browsers and mail clients recover from plain HTML misnesting (the email shows
            # as its author saw it); a custom element's structure depends on it.
            fatal = "-" in p.tag or "-" in p.detail
            yield ctx.issue(
                "problems/misnested-tag",
                Severity.ERROR if fatal else Severity.WARNING,
                f"<{p.tag}> is still open when </{p.detail}> closes its parent",
                p.offset,
                tag=p.tag,
            )
        elif p.kind == "stray-end":
            yield ctx.issue(
                "problems/stray-end-tag",
                Severity.WARNING,
                f"</{p.tag}> closes nothing",
                p.offset,
                tag=p.tag,
            )
        elif p.kind == "block-in-p":
            yield ctx.issue(
                "problems/block-in-p",
                Severity.ERROR,
                f"<{p.tag}> inside <p>: browsers end the paragraph here; "
                "use a <div> for the outer block",
                p.offset,
                tag=p.tag,
            )
    seen_ids: dict[str, int] = {}
    for el in doc.elements:
        el_id = el.attrs.get("id", "").strip()
        if el_id and "{{" not in el_id and "{%" not in el_id:
            if el_id in seen_ids:
                yield ctx.issue(
                    "problems/duplicate-id",
                    Severity.ERROR,
                    f'id "{el_id}" is used more than once',
                    el.at,
                    id=el_id,
                )
            else:
                seen_ids[el_id] = el.at
        for name in el.duplicate_attrs:
            yield ctx.issue(
                "problems/duplicate-attribute",
                Severity.WARNING,
                f'<{el.tag}> has "{name}" twice; clients keep only the first',
                el.at,
                attribute=name,
            )
        if el.bad_attrs:
            bad = " ".join(el.bad_attrs)
            yield ctx.issue(
                "problems/invalid-attribute",
                Severity.ERROR,
                f"<{el.tag}> has a malformed attribute: {bad[:40]}",
                el.at,
                attribute=bad[:80],
            )
        style = el.attrs.get("style", "")
        if style and "{" not in style:  # Liquid values are the template's
            yield from _unitless(ctx, el.tag, style, el.at)
        if el.tag in ("img", "table", "td", "th"):
            for name in _SIZE_ATTRS:
                value = el.attrs.get(name, "")
                if value and _SIZE_VALUE.match(value):
                    yield ctx.issue(
                        "problems/attribute-units",
                        Severity.WARNING,
                        f'<{el.tag} {name}="{value}">: the attribute takes a bare '
                        "number of pixels; Outlook ignores units",
                        el.at,
                        attribute=name,
                        value=value,
                    )


def _unitless(ctx: CheckContext, tag: str, style: str, at: int) -> Iterator[Issue]:
    for m in _LENGTH_DECL.finditer(style):
        prop, value = m.group(1).lower(), m.group(2).strip()
        bare = [n.group(0) for n in _BARE_NUMBER.finditer(value) if float(n.group(0)) != 0]
        if bare:
            yield ctx.issue(
                "problems/css-unitless",
                Severity.WARNING,
                f'<{tag} style="{prop}: {value}">: {bare[0]} has no unit; a '
                "length without one is not CSS, and standards-mode browsers and "
                f"several mail clients drop the declaration (write {bare[0]}px)",
                at,
                property=prop,
                value=value,
            )


def client_support(ctx: CheckContext, doc: Document) -> Iterator[Issue]:
    for s, offset in caniemail.iter_support(doc):
        if not s.unsupported or s.tested == 0:
            continue
        pct = round(s.share * 100)
        lacking = ", ".join(s.unsupported[:6]) + (
            f" and {len(s.unsupported) - 6} more" if len(s.unsupported) > 6 else ""
        )
        severity = Severity.WARNING if s.share < 0.5 and not progressive(s.slug) else Severity.INFO
        yield ctx.issue(
            "problems/client-support",
            severity,
            f"{s.title}: supported by {pct}% of tested email clients"
            f" ({round(s.full_share * 100)}% fully); not in {lacking}",
            offset,
            feature=s.slug,
            url=s.url,
            share=round(s.share, 3),
            supported=list(s.supported),
            partial=list(s.partial),
            unsupported=list(s.unsupported),
        )


# Features email code uses as enhancements with a fallback built in: clients
# that ignore them still show the email correctly, so they are only noted.
PROGRESSIVE = frozenset(
    {
        "html-meta-color-scheme",
        "html-link",
        "html-target",
        "css-at-media",
        "css-at-media-prefers-color-scheme",
        "css-at-media-prefers-reduced-motion",
        "css-at-media-hover",
        "css-at-media-orientation",
        "css-at-media-device-pixel-ratio",
        "css-at-font-face",
        "css-important",
        "css-color-scheme",
        "html-aria-hidden",
        "html-aria-label",
        "html-aria-labelledby",
        "html-aria-describedby",
        "html-aria-live",
        "html-role",
        "html-lang",
        "html-dir",
        "css-transition",
        "css-animation",
        "css-at-keyframes",
        "css-box-shadow",
        "css-text-shadow",
        "css-border-radius",
        "html-picture",
        "html-srcset",
    }
)


def progressive(slug: str) -> bool:
    return slug in PROGRESSIVE or slug.startswith(("css-pseudo-class-", "css-pseudo-element-"))


def gmail_limits(ctx: CheckContext, doc: Document) -> Iterator[Issue]:
    size = ctx.result.size if ctx.result.html else len(ctx.html.encode("utf-8"))
    if size > GMAIL_CLIP_BYTES:
        yield ctx.issue(
            "problems/gmail-clipped",
            Severity.ERROR,
            f"the email is {size / 1000:.1f} KB; Gmail clips messages over 102 KB "
            "and hides the rest (including the unsubscribe link)",
            bytes=size,
        )
    elif size > GMAIL_WARN_BYTES:
        yield ctx.issue(
            "problems/gmail-size",
            Severity.WARNING,
            f"the email is {size / 1000:.1f} KB, close to Gmail's 102 KB clipping limit",
            bytes=size,
        )
    total = sum(len(css) for _, css in doc.styles)
    if total > GMAIL_STYLE_CHARS:
        offset = doc.styles[-1][0] if doc.styles else -1
        yield ctx.issue(
            "problems/gmail-style-size",
            Severity.ERROR,
            f"<style> blocks hold {total:,} characters; Gmail drops all styles "
            f"beyond {GMAIL_STYLE_CHARS:,}",
            offset,
            characters=total,
        )
    for offset, css in doc.styles:
        nested = nested_at_rule(css)
        if nested >= 0:
            yield ctx.issue(
                "problems/gmail-nested-at-rule",
                Severity.ERROR,
                "an at-rule nested inside another at-rule: Gmail drops this whole <style> block",
                offset + nested,
            )


def nested_at_rule(css: str) -> int:
    """Offset in ``css`` of the first at-rule inside another at-rule's block, or -1.

    Reads the stylesheet with the CSS transformers' rule splitter (strings, comments
    and nested braces handled once, there); Liquid is blanked first."""
    blank = LIQUID_RE.sub(lambda m: " " * len(m.group()), css)
    return _first_nested(parse_sheet(blank), 0, inside=False)


def _first_nested(sheet: Sheet, base: int, *, inside: bool) -> int:
    for rule in sheet.rules:
        if rule.kind != "at":
            continue
        at = base + rule.start
        if inside:
            return at
        if rule.inner is not None:
            found = _first_nested(rule.inner, at + len(rule.head), inside=True)
            if found >= 0:
                return found
    return -1


def untranslated(ctx: CheckContext) -> Iterator[Issue]:
    """A translation that still carries "Add language"'s note has not been translated
    (its text is the default message's)."""
    m = TRANSLATE_MARK.search(ctx.result.source)
    if m is not None:
        yield ctx.source_issue(
            "problems/untranslated",
            Severity.WARNING,
            f"still marked as to translate to {m.group(1)}: translate "
            "the subject, preheader and text, then delete the note",
            m.start(),
        )


def liquid_syntax(ctx: CheckContext) -> Iterator[Issue]:
    """Parse the body (front matter blanked) and each envelope field with the environment
    the renderer uses: the same tags (the product's, and the platform tags the workspace
    lists as ``liquid_tags``), the same block structure, the same messages."""
    source = ctx.result.source
    if "{{" not in source and "{%" not in source:
        return
    language = str(ctx.project.settings.get("template_language", "liquid")).lower()
    if language != "liquid" or _HANDLEBARS.search(source):
        return
    env = environment_for(LiquidSettings.from_settings(ctx.project.settings))
    front = read_front_matter(source, ctx.file)
    body = blank_front_matter(source, front.end)
    prepared = parse_text(env, body)
    if prepared.problems:
        problem = prepared.problems[0]
        rule, severity = _rule(env, body, problem)
        if problem.offset >= 0:
            yield ctx.source_issue(rule, severity, f"Liquid: {problem.message}", problem.offset)
        else:
            yield ctx.issue(rule, severity, f"Liquid: {problem.message}")
    for key, value in ctx.result.envelope.to_json().items():
        if "{{" not in value and "{%" not in value:
            continue
        field = parse_text(env, value)
        if not field.problems:
            continue
        m = re.search(rf"^{re.escape(key).replace('_', '[_-]')}[ \t]*:", source[: front.end], re.M)
        text = f"Liquid in the {key.replace('_', '-')} field: {field.problems[0].message}"
        if m:
            yield ctx.source_issue("problems/liquid-syntax", Severity.ERROR, text, m.start())
        else:
            yield ctx.issue("problems/liquid-syntax", Severity.ERROR, text)


_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")


def _rule(env: MailwrightEnvironment, text: str, problem: Problem) -> tuple[str, Severity]:
    """An unknown tag is a warning (a platform may fill it in); a stray ``end…``,
    ``else`` or ``when`` and every other problem is a syntax error."""
    if problem.rule == "liquid/unknown-tag":
        m = _TAG_NAME.match(text, max(problem.offset, 0))
        name = m.group(1) if m else ""
        if name and not name.startswith("end") and name not in env.grammar.inner:
            return "problems/liquid-unknown-tag", Severity.WARNING
    return "problems/liquid-syntax", Severity.ERROR
