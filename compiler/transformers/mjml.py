"""MJML framework: compile ``.mjml`` emails (or any email with the option on) to HTML.

Engine: ``mjml-python`` (MRML, the Rust port). A source step: it runs on the
email's text before the Liquid guard, since MRML keeps Liquid in text and
attributes as written. MRML copies ``mj-title`` into ``<title>`` and other
places, so the Liquid check for this step only requires that no token is
lost or invented. ``mj-raw`` content passes through unchanged (standard and
custom components inside it are expanded before this step). MJML errors
become located issues and the source is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import mjml as mrml

from compiler.transformers.core import liquid_guard
from compiler.transformers.core.base import Work, option
from components.diagnostics import error, line_col, warning

NAME = "mjml"

#: What a new ``.mjml`` email starts from (the reference product's template).
NEW_EMAIL_TEMPLATE = """<mjml lang="en">
  <mj-head>
    <mj-title>Subject goes here</mj-title>
    <mj-preview>Preview text goes here</mj-preview>
  </mj-head>
  <mj-body>
    <!-- Content goes here -->
  </mj-body>
</mjml>
"""


@dataclass(frozen=True)
class Options:
    enabled: bool = option(
        False, "Compile the email as MJML (always on for files ending in .mjml).")
    keep_comments: bool = option(True, "Keep HTML comments of the MJML source in the output.")


_POSITION = re.compile(r"position (\d+):(\d+)")
_ROOT = re.compile(r"^\s*(?:<!--.*?-->\s*)*<mjml[\s>]", re.S)

#: MJML "ending" tags: their content is HTML/text MRML does not parse as MJML.
ENDING_TAGS = frozenset({
    "mj-raw", "mj-text", "mj-button", "mj-table", "mj-navbar-link", "mj-accordion-title",
    "mj-accordion-text", "mj-social-element", "mj-style", "mj-title", "mj-preview",
})
_TAG = re.compile(
    r"""<(/?)([a-zA-Z][\w:.-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(/?)>""")


def _wanted(html: str, options: Options, file: str = "") -> bool:
    """Files ending in .mjml always; others when the option is on and they start with <mjml>."""
    if file.lower().endswith(".mjml"):
        return True
    return options.enabled and _ROOT.match(html) is not None


def find_problem(src: str) -> tuple[int, str] | None:
    """Where MJML markup stops making sense, with a hint: the first malformed tag
    (unquoted value, stray ``<``), an unclosed comment or ending tag, or else the
    innermost element never closed. ``None`` when the tags look balanced."""
    stack: list[tuple[str, int]] = []
    pos = 0
    while True:
        i = src.find("<", pos)
        if i < 0:
            break
        if src.startswith("<!--", i):
            j = src.find("-->", i + 4)
            if j < 0:
                return i, "this comment is never closed (-->)"
            pos = j + 3
            continue
        if src.startswith("<!", i) or src.startswith("<?", i):
            j = src.find(">", i)
            pos = len(src) if j < 0 else j + 1
            continue
        m = _TAG.match(src, i)
        if m is None:
            return i, ("this tag cannot be read: quote attribute values "
                       '(padding="10px") and write a literal < as &lt;')
        closing, name, _attrs, self_closing = m.groups()
        name = name.lower()
        pos = m.end()
        if closing:
            if stack and stack[-1][0] != name and any(n == name for n, _ in stack):
                open_name, at = stack[-1]  # closing an outer element: the inner one is open
                return at, f"<{open_name}> is never closed (</{name}> comes first)"
            if stack and stack[-1][0] == name:
                stack.pop()
            continue
        if self_closing:
            continue
        if name in ENDING_TAGS:
            close = re.compile(r"</" + re.escape(name) + r"\s*>", re.I).search(src, pos)
            if close is None:
                return i, f"<{name}> is never closed"
            pos = close.end()
            continue
        stack.append((name, i))
    if stack:
        name, i = stack[-1]
        return i, f"<{name}> is never closed"
    return None


def unrendered_tags(src: str) -> list[tuple[int, str, str]]:
    """MJML tags inside an ending tag (``<mj-image>`` in ``<mj-navbar-link>``): MRML
    passes an ending tag's content through as HTML, so they reach the output as
    they are. Each as (offset, tag, enclosing ending tag)."""
    out: list[tuple[int, str, str]] = []
    for m in re.finditer(r"<(" + "|".join(sorted(ENDING_TAGS)) + r")(?=[\s/>])", src, re.I):
        start = src.find(">", m.end())
        if start < 0 or src[start - 1] == "/":
            continue
        name = m.group(1).lower()
        close = re.compile(r"</" + name + r"\s*>", re.I).search(src, start)
        inner_end = close.start() if close else len(src)
        for inner in re.finditer(r"<(mj-[\w-]+)", src[start:inner_end]):
            out.append((start + inner.start(), inner.group(1).lower(), name))
    return out


def locate_in_source(html: str, offset: int, source: str) -> tuple[int, int]:
    """Line and column in ``source`` (the email file) of ``html[offset:]``.

    ``html`` is the expanded email: MJML tags pass the expander untouched, but
    components inside ``mj-raw`` change length and front matter is removed, so
    the same text is found by occurrence (the n-th ``<mj-section`` stays the
    n-th). Falls back to the position in ``html``.
    """
    offset = max(0, min(offset, len(html)))
    if not source or source == html:
        return line_col(html, offset)
    m = re.compile(r"<[/!]?[\w:.-]*|[^\n<]{1,40}").match(html, offset)
    needle = m.group(0) if m else ""
    if needle.strip():
        nth = html.count(needle, 0, offset)
        at = -1
        for _ in range(nth + 1):
            at = source.find(needle, at + 1)
            if at < 0:
                break
        if at >= 0:
            return line_col(source, at)
    if offset >= len(html.rstrip()):
        return line_col(source, len(source.rstrip()))
    return line_col(html, offset)


def _error_offset(html: str, msg: str) -> tuple[int, str]:
    """Best offset in ``html`` for MRML's message, and a hint to add to it."""
    problem = find_problem(html)
    m = _POSITION.search(msg)
    if m:
        at = int(m.group(1))
        if at > 0 and html[at - 1:at] == "<":
            at -= 1
        return at, ""
    if "find mjml element" in msg:
        return 0, ""
    if problem is not None:
        return problem[0], f" ({problem[1]})"
    if "end of stream" in msg:
        return len(html.rstrip()), ""
    return 0, ""


def apply(work: Work, options: Options) -> None:
    """Compile MJML to HTML; on errors leave the text unchanged and add located issues.

    Runs for files ending in ``.mjml`` whatever ``enabled`` says, and for other
    files when it is on and the text starts with ``<mjml>``. ``work.source`` is
    the email file as written (the text is its expanded form): errors are
    located in it.
    """
    html = work.text()
    file, source = work.file, work.source
    if not _wanted(html, options, file):
        return
    if not _ROOT.match(html):
        line, col = locate_in_source(html, len(html) - len(html.lstrip()), source)
        work.issues.append(error(
            f"{NAME}/no-root", "MJML email must start with <mjml> (see the new-email template)",
            file, line, col))
        return
    try:
        out = mrml.mjml2html(html, disable_comments=not options.keep_comments)
    except (ValueError, RuntimeError) as exc:
        msg = str(exc)
        offset, hint = _error_offset(html, msg)
        line, col = locate_in_source(html, offset, source)
        work.issues.append(error(f"{NAME}/invalid", f"MJML: {msg}{hint}", file, line, col))
        return
    problems = liquid_guard.verify(html, out, step=NAME, file=file, allow_copies=True)
    if problems:
        work.issues.extend(problems)
        return
    if "<mj-" in out:
        for offset, tag, parent in unrendered_tags(html):
            line, col = locate_in_source(html, offset, source)
            work.issues.append(warning(
                f"{NAME}/unrendered",
                f"<{tag}> inside <{parent}> is not rendered: the content of <{parent}> is "
                f"HTML, so <{tag}> reaches the email as it is; move it out of <{parent}> or "
                "write HTML", file, line, col))
    work.set_text(out)
