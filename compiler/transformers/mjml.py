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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mjml as mrml

from compiler.transformers.core import liquid_guard
from compiler.transformers.core.base import Work, option
from components.diagnostics import Issue, error, line_col, warning

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
        False, "Compile the email as MJML (always on for files ending in .mjml)."
    )
    keep_comments: bool = option(True, "Keep HTML comments of the MJML source in the output.")


_UNQUOTED_LIQUID = re.compile(
    r"""<[a-zA-Z][\w:.-]*(?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*\s+"""
    r"""([^\s"'=<>/]+)\s*=\s*\{[{%]"""
)
_POSITION = re.compile(r"position (\d+):(\d+)")
_ROOT = re.compile(r"^\s*(?:<!--.*?-->\s*)*<mjml[\s>]", re.S)

#: MJML "ending" tags: their content is HTML/text MRML does not parse as MJML.
ENDING_TAGS = frozenset(
    {
        "mj-raw",
        "mj-text",
        "mj-button",
        "mj-table",
        "mj-navbar-link",
        "mj-accordion-title",
        "mj-accordion-text",
        "mj-social-element",
        "mj-style",
        "mj-title",
        "mj-preview",
    }
)
_TAG = re.compile(
    r"""<(/?)([a-zA-Z][\w:.-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(/?)>"""
)


_CONTAINER = re.compile(r"<mj-container[\s>/]", re.I)
_INCLUDE = re.compile(r"""<mj-include\b[^>]*?\bpath\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>""", re.I)
#: ``"<mj-include" in html.lower()`` without the page's lower-case copy (~5x faster on
#: the 32-block email; ASCII folding: no other character lower-cases into these letters)
_INCLUDE_TAG = re.compile("<mj-include", re.I | re.A)
_INCLUDE_DEPTH = 20


class _Includes:
    """``<mj-include path="…">`` resolved before MRML runs: relative to the including
    file, inside the workspace only; a missing file, one outside the workspace and a
    cycle are located errors. MRML asks :meth:`load` for the email's own includes (so
    its errors stay located in the email); MRML reads neither includes inside an
    included file nor an included whole ``<mjml>`` document, so those are written
    into the included text here (a whole document contributes its ``<mj-body>``)."""

    def __init__(self, work: Work, html: str, source: str) -> None:
        self.work = work
        self.problems: list[Issue] = []
        self.files: dict[str, str] = {}  # load key → text handed to MRML
        if _INCLUDE_TAG.search(html) is None:
            return
        folders = work.folders
        if folders is None:
            for m in _INCLUDE.finditer(html):
                line, col = locate_in_source(html, m.start(), source)
                self.problems.append(
                    error(
                        f"{NAME}/include",
                        "<mj-include> needs the email saved in a workspace "
                        "(paths are relative to the email file)",
                        work.file,
                        line,
                        col,
                    )
                )
            return
        self.root = folders.root.resolve()
        self._scan(
            html,
            folders.base_dir,
            (),
            lambda off: (work.file, *locate_in_source(html, off, source)),
            top=True,
        )

    def _scan(
        self,
        text: str,
        base: Path,
        chain: tuple[Path, ...],
        where: Callable[[int], tuple[str, int, int]],
        top: bool = False,
    ) -> str:
        out: list[str] = []
        pos = 0
        for m in _INCLUDE.finditer(text):
            raw = m.group(1) if m.group(1) is not None else (m.group(2) or "")
            path = self._resolve(raw, base)
            file, line, col = where(m.start())
            if path is None:
                relative_to = "the email" if top else "the including file"
                self.problems.append(
                    error(
                        f"{NAME}/include",
                        f'<mj-include path="{raw}">: no such file inside '
                        f"the workspace (paths are relative to {relative_to})",
                        file,
                        line,
                        col,
                    )
                )
                continue
            if path in chain or len(chain) >= _INCLUDE_DEPTH:
                names = " → ".join(p.name for p in (*chain, path))
                self.problems.append(
                    error(
                        f"{NAME}/include-cycle",
                        f"<mj-include> cycle: {names}; remove one of these includes",
                        file,
                        line,
                        col,
                    )
                )
                continue
            key = str(path)
            if key not in self.files:
                try:
                    content = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    self.problems.append(
                        error(
                            f"{NAME}/include",
                            f'<mj-include path="{raw}">: cannot read it ({exc})',
                            file,
                            line,
                            col,
                        )
                    )
                    continue
                self.files[key] = _body(
                    self._scan(content, path.parent, (*chain, path), _in_file(key, content))
                )
            if top:
                self.files.setdefault(raw, self.files[key])
            else:
                out.append(text[pos : m.start()] + self.files[key])
                pos = m.end()
        out.append(text[pos:])
        return "".join(out)

    def _resolve(self, raw: str, base: Path) -> Path | None:
        if not raw.strip() or "{" in raw:
            return None
        for candidate in (base / raw, base / f"{raw}.mjml"):
            try:
                real = candidate.resolve()
            except (OSError, RuntimeError):
                return None
            if real.is_relative_to(self.root) and real.is_file():
                return real
        return None

    def load(self, path: str) -> str:
        if path in self.files:
            return self.files[path]
        raise FileNotFoundError(path)


def _in_file(file: str, text: str) -> Callable[[int], tuple[str, int, int]]:
    """Where an offset of an included file's ``text`` is, as (file, line, column)."""
    return lambda offset: (file, *line_col(text, offset))


_WHOLE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<mjml[\s>].*?<mj-body[^>]*>(.*)</mj-body>", re.S | re.I)


def _body(text: str) -> str:
    """An included whole ``<mjml>`` document's ``<mj-body>`` content; other text as it is."""
    m = _WHOLE.match(text)
    return m.group(1) if m else text


def _wanted(html: str, options: Options, file: str = "") -> bool:
    """Files ending in .mjml always; others when the option is on and they start with <mjml>."""
    if file.lower().endswith(".mjml"):
        return True
    return options.enabled and _ROOT.match(html) is not None


#: ``< name="Roboto" …>``: a tag whose name went missing (an attribute follows ``<``).
_NAMELESS = re.compile(r"<\s+([A-Za-z][\w-]*)\s*=\s*[\"']")


def _drop_nameless(html: str, source: str, file: str, issues: list[Issue]) -> str:
    """``html`` with every tag whose name went missing (``< name="Roboto" …/>``) blanked
    out, one warning each: the MJML compiler reads such a tag as text and leaves it out
    of the email, so a build must not fail on it. One holding Liquid stays (and fails,
    located): its tokens are never dropped. Offsets are kept (spaces, newlines as they are).
    """
    for _ in range(50):
        if _NAMELESS.search(html) is None:
            break
        found = find_problem(html)
        if found is None or _NAMELESS.match(html, found[0]) is None:
            break
        start = found[0]
        end = html.find(">", start) + 1
        if end == 0 or "{{" in html[start:end] or "{%" in html[start:end]:
            break
        line, col = locate_in_source(html, start, source)
        hint = found[1].split("; ", 1)[-1]
        issues.append(
            warning(
                f"{NAME}/nameless-tag",
                "this tag has no name, so it is left out of the email (as "
                f"the MJML compiler leaves it); {hint}",
                file,
                line,
                col,
            )
        )
        html = html[:start] + re.sub(r"[^\n]", " ", html[start:end]) + html[end:]
    return html


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
            liquid = _UNQUOTED_LIQUID.match(src, i)
            if liquid is not None:
                name = liquid.group(1)
                return liquid.start(1), (
                    f'the value of {name} holds Liquid without quotes: write {name}="{{{{ … }}}}"'
                )
            nameless = _NAMELESS.match(src, i)
            if nameless is not None:
                font = (
                    nameless.group(1).lower() == "name"
                    and "href" in src[i : src.find(">", i) + 1].lower()
                )
                return i, "this tag has no name; write it after the <" + (
                    ": <mj-font name=… href=…/> for a font" if font else ", or a literal < as &lt;"
                )
            return i, (
                "this tag cannot be read: quote attribute values "
                '(padding="10px") and write a literal < as &lt;'
            )
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
        if at > 0 and html[at - 1 : at] == "<":
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
        work.issues.append(
            error(
                f"{NAME}/no-root",
                "MJML email must start with <mjml> (see the new-email template)",
                file,
                line,
                col,
            )
        )
        return
    container = _CONTAINER.search(html)
    if container is not None:
        line, col = locate_in_source(html, container.start(), source)
        work.issues.append(
            warning(
                f"{NAME}/mjml3",
                "<mj-container> is MJML 3; MJML 4 has no such tag and passes it "
                "into the email as it is: move its attributes (background-color, width) to "
                "<mj-body> and remove the <mj-container> tags",
                file,
                line,
                col,
            )
        )
    html = _drop_nameless(html, source, file, work.issues)
    includes = _Includes(work, html, source)
    if includes.problems:
        work.issues.extend(includes.problems)
        return
    try:
        out = mrml.mjml2html(
            html, disable_comments=not options.keep_comments, include_loader=includes.load
        )
    except (ValueError, RuntimeError) as exc:
        msg = str(exc)
        offset, hint = _error_offset(html, msg)
        line, col = locate_in_source(html, offset, source)
        work.issues.append(error(f"{NAME}/invalid", f"MJML: {msg}{hint}", file, line, col))
        return
    included = "".join(includes.files.values())  # the included files bring their own Liquid
    problems = liquid_guard.verify(
        html + included, out, step=NAME, file=file, allow_copies=True, locate_in=html
    )
    if problems:
        work.issues.extend(problems)
        return
    if "<mj-" in out:
        for offset, tag, parent in unrendered_tags(html):
            line, col = locate_in_source(html, offset, source)
            work.issues.append(
                warning(
                    f"{NAME}/unrendered",
                    f"<{tag}> inside <{parent}> is not rendered: the content of <{parent}> is "
                    f"HTML, so <{tag}> reaches the email as it is; move it out of <{parent}> or "
                    "write HTML",
                    file,
                    line,
                    col,
                )
            )
    work.set_text(out)
