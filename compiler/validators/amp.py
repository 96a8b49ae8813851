"""AMP for email: the markup an AMP email must have and may not have.

Reported by the problem checker (:mod:`compiler.validators.problems`) for
emails whose ``<html>`` carries ``⚡4email`` or ``amp4email``; other emails are
not looked at. From ``amp-for-email.md`` (the minimum template) and the AMP
for email specification:

- ``problems/amp-required`` (error) — a required piece is missing: the
  ``<!doctype html>``, ``<meta charset="utf-8">``, the AMP runtime
  ``<script async src="https://cdn.ampproject.org/v0.js">`` or the boilerplate
  ``<style amp4email-boilerplate>body{visibility:hidden}</style>``.
- ``problems/amp-disallowed-tag`` (error) — a tag AMP emails may not contain
  (``<img>`` instead of ``<amp-img>``, other scripts, ``iframe``, ``object``,
  ``embed``, ``frame``, ``base``, ``link rel=stylesheet``, ``video``, ``audio``), or a
  second ``<style>`` besides ``amp-custom`` and the boilerplate.
- ``problems/amp-extension`` (error) — an ``amp-*`` component used without its
  ``<script async custom-element="amp-…">``.
- ``problems/amp-important`` (error) — ``!important`` in a ``style`` attribute or in
  ``<style amp-custom>``: AMP forbids it (the AMP validator rejects the email, and
  clients then show the HTML part instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler.validators.base import CheckContext
from components.diagnostics import Issue, Severity

RULE_IDS: tuple[str, ...] = (
    "problems/amp-required",
    "problems/amp-disallowed-tag",
    "problems/amp-extension",
    "problems/amp-important",
)

_HTML = re.compile(r"<html\b([^>]*)>", re.I)
_AMP_MARK = re.compile(r"(?:^|\s)(?:⚡4email|amp4email)(?:[\s=/]|$)", re.I)
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_RUNTIME = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']https://cdn\.ampproject\.org/v0\.js["']""", re.I
)
_BOILERPLATE = re.compile(
    r"<style\b[^>]*\bamp4email-boilerplate\b[^>]*>\s*body\s*\{\s*visibility\s*:\s*hidden\s*;?\s*\}"
    r"\s*</style>",
    re.I,
)
_CHARSET = re.compile(r"""<meta\b[^>]*\bcharset\s*=\s*["']?utf-8\b""", re.I)
_DOCTYPE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<!doctype\s+html\s*>", re.I | re.S)
_IMPORTANT = re.compile(r"!\s*important\b", re.I)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_AMP_CUSTOM = re.compile(r"<style\b[^>]*\bamp-custom\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_CUSTOM_ELEMENT = re.compile(r"""\bcustom-(?:element|template)\s*=\s*["']?(amp-[\w-]+)""", re.I)
DISALLOWED = frozenset(
    {
        "img",
        "iframe",
        "object",
        "embed",
        "frame",
        "frameset",
        "base",
        "video",
        "audio",
        "applet",
        "param",
    }
)
#: AMP components built into the runtime (no extension script)
BUILT_IN = frozenset({"amp-img", "amp-layout", "amp-pixel"})


def is_amp(html: str) -> bool:
    m = _HTML.search(html)
    return m is not None and _AMP_MARK.search(m.group(1)) is not None


def check(ctx: CheckContext) -> Iterator[Issue]:
    html = ctx.html
    m = _HTML.search(html)
    if m is None or _AMP_MARK.search(m.group(1)) is None:
        return
    at = m.start()
    missing = [
        what
        for pattern, what in (
            (_DOCTYPE, "<!doctype html> before <html>"),
            (_CHARSET, '<meta charset="utf-8">'),
            (_RUNTIME, '<script async src="https://cdn.ampproject.org/v0.js"></script>'),
            (_BOILERPLATE, "<style amp4email-boilerplate>body{visibility:hidden}</style>"),
        )
        if pattern.search(html) is None
    ]
    for what in missing:
        yield ctx.issue(
            "problems/amp-required",
            Severity.ERROR,
            f"an AMP email needs {what} (see the minimum AMP template)",
            at,
        )
    extensions = {n.lower() for n in _CUSTOM_ELEMENT.findall(html)}
    reported: set[str] = set()
    for tag in _TAG.finditer(html):
        name, attrs = tag.group(1).lower(), tag.group(2)
        problem = ""
        if name in DISALLOWED:
            problem = (
                "<img> is not allowed in an AMP email: use <amp-img> with width and height"
                if name == "img"
                else f"<{name}> is not allowed in an AMP email"
            )
        elif (
            name == "script"
            and _RUNTIME.match(tag.group(0)) is None
            and _CUSTOM_ELEMENT.search(attrs) is None
        ):
            problem = "only the AMP runtime and AMP extension scripts may be used in an AMP email"
        elif name == "link" and re.search(r"\brel\s*=\s*[\"']?stylesheet", attrs, re.I):
            problem = (
                "a linked stylesheet is not allowed in an AMP email: put the CSS in "
                "<style amp-custom>"
            )
        elif name == "style" and not re.search(
            r"\bamp-custom\b|\bamp4email-boilerplate\b", attrs, re.I
        ):
            problem = (
                "an AMP email has one <style amp-custom> (and the boilerplate): move this CSS there"
            )
        elif (
            name.startswith("amp-")
            and name not in BUILT_IN
            and name not in extensions
            and name not in reported
        ):
            reported.add(name)
            yield ctx.issue(
                "problems/amp-extension",
                Severity.ERROR,
                f"<{name}> needs its script in the head: <script async "
                f'custom-element="{name}" src="https://cdn.ampproject.org/v0/'
                f'{name}-0.1.js"></script>',
                tag.start(),
            )
            continue
        if problem:
            yield ctx.issue("problems/amp-disallowed-tag", Severity.ERROR, problem, tag.start())
        style = _STYLE_ATTR.search(attrs)
        value = "" if style is None else next(v for v in style.groups() if v is not None)
        if _IMPORTANT.search(value):
            yield ctx.issue(
                "problems/amp-important",
                Severity.ERROR,
                f'<{name} style="…!important">: AMP emails may not use !important '
                "(AMP forbids it inline and in <style amp-custom>); remove it",
                tag.start(),
            )
    for block in _AMP_CUSTOM.finditer(html):
        found = _IMPORTANT.search(block.group(1))
        if found is not None:
            yield ctx.issue(
                "problems/amp-important",
                Severity.ERROR,
                "!important in <style amp-custom>: AMP emails may not use it; "
                "remove it (AMP applies the styles in order)",
                block.start(1) + found.start(),
            )
