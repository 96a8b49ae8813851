"""What every transformer shares: the work state, option fields, issue helpers.

A transformer module defines exactly ``NAME``, a frozen ``Options`` dataclass
(every field made with :func:`option`, so its doc string travels with it; an
``enabled`` field first) and ``apply(work, options)``, which returns at once
when ``options.enabled`` is false. What kind of step it is (``source``,
``tree``, ``text``) is stated once, in :data:`compiler.transformers.steps.STEPS`.
The string entry point for people and tests is
:func:`compiler.transformers.runner.transform`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from compiler.transformers.core.liquid_guard import Guarded
from compiler.transformers.core.markup import Cut, Markup, Tag, parse
from compiler.transformers.core.stylesheet import Sheet, parse_sheet
from components.diagnostics import Issue, Severity, line_col, warning


def option(default: Any, doc: str) -> Any:
    """A documented dataclass field (lists/dicts: pass a tuple or a factory-free value)."""
    return field(default=default, metadata={"doc": doc})


def utf8_size(text: str) -> int:
    """``len(text.encode("utf-8"))`` without the whole encoded copy: a string holding any
    character above U+007F is encoded a piece at a time (the encoder reserves up to 4
    bytes per character, 1.5-3x the document's own size, where the compile's memory
    peaks)."""
    if text.isascii():
        return len(text)
    return sum(len(text[i : i + _PIECE].encode("utf-8")) for i in range(0, len(text), _PIECE))


_PIECE = 2048


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True, slots=True)
class Folders:
    """Where files an email links to (``<link rel="stylesheet" href="css/a.css">``) may
    be read: relative to the email's folder, or from the workspace root for ``/…``
    (then ``assets/…`` first), and only inside the workspace."""

    base_dir: Path
    root: Path

    def read(self, href: str, limit: int = 2_000_000) -> str | None:
        """The text of the linked file, or None when it is remote, templated, outside
        the workspace, missing, too large or not UTF-8."""
        href = href.strip()
        if not href or _SCHEME.match(href) or "{" in href:
            return None
        path = unquote(urlsplit(href).path)
        if not path:
            return None
        if path.startswith("/"):
            candidates = [self.root / "assets" / path.lstrip("/"), self.root / path.lstrip("/")]
        else:
            candidates = [self.base_dir / path]
        root = self.root.resolve()
        for candidate in candidates:
            try:
                real = candidate.resolve()
                if not real.is_relative_to(root) or not real.is_file():
                    continue
                if real.stat().st_size > limit:
                    return None
                return real.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError):
                return None
        return None


class Held:
    """A text a run keeps for rare reads (its input, where issues are located), as small
    as it can be meanwhile: as UTF-8 when it holds any character beyond ASCII (a str
    holding one beyond Latin-1, a curly quote or a dash, takes two or four bytes a
    character; UTF-8 one an ASCII character), decoded when first read."""

    __slots__ = ("_text", "_utf8")

    def __init__(self, text: str) -> None:
        self._text: str | None = None
        self._utf8: bytes | None = None
        if text.isascii():
            self._text = text
        else:
            self._utf8 = text.encode("utf-8", "surrogatepass")

    def text(self) -> str:
        if self._text is None:
            assert self._utf8 is not None
            self._text = self._utf8.decode("utf-8", "surrogatepass")
            self._utf8 = None
        return self._text

    def search(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` (written in ASCII, with no class that reads beyond it)
        occurs in the text, read without decoding it."""
        if self._text is not None:
            return pattern.search(self._text) is not None
        assert self._utf8 is not None
        return _as_bytes(pattern.pattern, pattern.flags).search(self._utf8) is not None


@functools.lru_cache(maxsize=16)
def _as_bytes(pattern: str, flags: int) -> re.Pattern[bytes]:
    return re.compile(pattern.encode("ascii"), flags & ~re.UNICODE)


@dataclass(slots=True)
class Work:
    """The state one transformer run threads through its steps.

    Holds the guarded document either as text, as parsed :class:`Markup` or as the
    scan's :class:`Cut` (the run's protection hands it over: no node made until a step
    asks for the tree), converting lazily so consecutive tree steps share one parse and
    one serialization.
    """

    guard: Guarded
    file: str = ""
    #: the HTML the run was given (for locating issues; :attr:`source` reads it)
    _source: str | Held = ""
    envelope_preheader: str = ""
    issues: list[Issue] = field(default_factory=list)
    #: where linked files may be read (None: nothing is read from disk)
    folders: Folders | None = None
    _text: str | None = None
    _markup: Markup | None = None
    _cut: Cut | None = None
    #: parsed stylesheets by their exact text: the CSS steps read the same ``<style>``
    #: text one after another (a sheet is read, never changed in place)
    _sheets: dict[str, Sheet] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The HTML the run was given (decoded on first read when the run holds it as
        :class:`Held`)."""
        held = self._source
        return held if isinstance(held, str) else held.text()

    def source_has(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` (ASCII) occurs in :attr:`source`, which is not decoded."""
        held = self._source
        return pattern.search(held) is not None if isinstance(held, str) else held.search(pattern)

    def text(self) -> str:
        if self._text is None:
            if self._cut is not None:
                self._text = self._cut.text()
                self._cut = None
            else:
                assert self._markup is not None
                self._text = self._markup.serialize()
                self._markup = None
        return self._text

    def markup(self) -> Markup:
        if self._markup is None:
            if self._cut is not None:
                self._markup = self._cut.markup()
                self._cut = None
            else:
                self._markup = parse(self.text())
            self._text = None
        return self._markup

    def cut(self) -> Cut | None:
        """The document as the scan's cut, when the work holds it so (else None: the
        step reads :meth:`markup` or :meth:`text`); a step edits it in place."""
        return self._cut

    def serialized(self) -> str:
        """The document's text, the work left as it is (a tree or a cut is kept)."""
        if self._text is not None:
            return self._text
        if self._cut is not None:
            return self._cut.text()
        assert self._markup is not None
        return self._markup.serialize()

    def set_text(self, text: str) -> None:
        self._text = text
        self._markup = self._cut = None

    def set_markup(self, markup: Markup) -> None:
        self._markup = markup
        self._text = self._cut = None

    def set_cut(self, cut: Cut) -> None:
        self._cut = cut
        self._text = self._markup = None

    def sheet(self, css: str) -> Sheet:
        """``parse_sheet(css)``, parsed once per run for each distinct text."""
        found = self._sheets.get(css)
        if found is None:
            found = self._sheets[css] = parse_sheet(css)
        return found

    def add_sheet(self, css: str, sheet: Sheet) -> None:
        """Record ``sheet`` as the parse of ``css`` (a stylesheet a step assembled from
        parsed rules)."""
        self._sheets[css] = sheet

    def keep_sheets(self, texts: Iterable[str]) -> None:
        """Forget the parsed stylesheets but those of ``texts`` (for a step that rewrote
        the others: no later step reads their old text)."""
        sheets = self._sheets
        self._sheets = {t: sheets[t] for t in texts if t in sheets}

    def forget_reads(self) -> None:
        """Let go what the steps cached to read the document (parsed stylesheets, the
        tree's attribute indexes): once the last step has run, nothing reads them, and
        together they are about as large as the document (memory)."""
        self._sheets.clear()
        if self._markup is not None:
            self._markup.forget_reads()
        if self._cut is not None:
            self._cut.read.clear()

    def locate(self, snippet: str) -> tuple[int, int]:
        """Line and column of ``snippet`` (guarded text) in the original HTML."""
        probe = self.guard.restore(snippet.strip())[:60]
        if not probe:
            return 0, 0
        off = self.source.find(probe)
        if off < 0:
            return 0, 0
        return line_col(self.source, off)

    def warn(self, rule: str, message: str, snippet: str = "") -> None:
        line, col = self.locate(snippet) if snippet else (0, 0)
        self.issues.append(warning(rule, message, self.file, line, col))

    def note(self, rule: str, message: str, snippet: str = "") -> None:
        """An info issue (what a step chose not to do, and why), located at ``snippet``."""
        line, col = self.locate(snippet) if snippet else (0, 0)
        self.issues.append(Issue(rule, Severity.INFO, message, self.file, line, col))

    def skip_amp(self, name: str) -> bool:
        """True (with a note) when the document is an AMP email, which CSS steps leave
        as written: AMP allows one ``<style amp-custom>``, needs its boilerplate style
        and forbids inline ``!important``."""
        cut = self._cut
        tag = amp_html(self.markup()) if cut is None else amp_html_cut(cut)
        if tag is None:
            return False
        self.note(
            f"{name}/amp",
            f"an AMP email: {name} leaves it as written (AMP has its own "
            "CSS rules: one <style amp-custom>, the boilerplate style, no inline "
            "!important)",
            tag.serialize(),
        )
        return True


AMP_MARKS = ("⚡4email", "amp4email")


def amp_html(doc: Markup) -> Tag | None:
    """The ``<html ⚡4email>`` (or ``amp4email``) tag of an AMP email, else None."""
    for n in doc.nodes:  # up to the first <html> (near the start), not a list of them all
        if isinstance(n, Tag) and n.name == "html" and not n.end:
            return n if any(n.has(mark) for mark in AMP_MARKS) else None
    return None


def amp_html_cut(cut: Cut) -> Tag | None:
    """:func:`amp_html` of a cut's document."""
    parts = cut.parts
    for k, name in enumerate(parts[2::3]):
        if name is not None and name.lower() == "html" and parts[3 * k + 1][1] != "/":
            tag = cut.tag(k)
            return tag if any(tag.has(mark) for mark in AMP_MARKS) else None
    return None


def css_problems(work: Work, rule_prefix: str, css: str, problems: list[Any]) -> None:
    """Report a stylesheet's problems as located warnings (the sheet is left untouched)."""
    head = work.guard.restore(css).strip()[:80]
    block = work.source.find(head) if head else -1
    for p in problems:
        line = col = 0
        if block >= 0:
            snippet = work.guard.restore(css[p.offset : p.offset + 30])
            inner = work.source.find(snippet, block) if snippet.strip() else -1
            line, col = line_col(work.source, inner if inner >= 0 else block)
        work.issues.append(
            warning(
                f"{rule_prefix}/bad-css",
                f"{p.message}; this stylesheet was left untouched",
                work.file,
                line,
                col,
            )
        )
