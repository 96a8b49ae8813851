"""What one compile produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from components.diagnostics import Issue
from components.markup import Document
from components.sourcemap import Marks, SourceMap


@dataclass(slots=True)
class Envelope:
    """The message's envelope. Every field may contain Liquid."""

    subject: str = ""
    preheader: str = ""
    title: str = ""
    from_: str = ""
    reply_to: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "preheader": self.preheader,
            "title": self.title,
            "from": self.from_,
            "reply_to": self.reply_to,
        }


@dataclass(slots=True, init=False)
class CompileResult:
    """The output of :func:`compiler.compile_email`.

    ``html`` is what ships (no source marks). ``marked_html`` is the same
    document with ``data-mw-node`` marks, for previews and validators: a compile keeps
    only the marks' places (``marks``, a :class:`~components.sourcemap.Marks`) and the
    marked page is made when first read (a build never reads it).
    ``timings`` are milliseconds per pipeline step; ``sizes`` are bytes
    before and after each transformer. ``document`` is the parsed source (when kept).
    """

    file: str
    source: str
    html: str
    #: the marked page as given, or the marks of ``html`` (``marked_html`` makes the page)
    marks: str | Marks = field(default="", repr=False)
    text: str = ""
    envelope: Envelope = field(default_factory=Envelope)
    issues: list[Issue] = field(default_factory=list)
    source_map: SourceMap = field(default_factory=SourceMap)
    timings: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: the markup tree of ``source`` (front matter blanked) the compile parsed, for
    #: readers of the same text (the studio's layers); only with
    #: ``CompileOptions(keep_document=True)`` (the studio's preview sets it), else None
    document: Document | None = field(default=None, repr=False, compare=False)

    def __init__(
        self,
        file: str,
        source: str,
        html: str,
        marked_html: str | None = None,
        text: str = "",
        envelope: Envelope | None = None,
        issues: list[Issue] | None = None,
        source_map: SourceMap | None = None,
        timings: dict[str, float] | None = None,
        sizes: dict[str, tuple[int, int]] | None = None,
        document: Document | None = None,
        marks: str | Marks = "",
    ) -> None:
        self.file = file
        self.source = source
        self.html = html
        self.marks = marks if marked_html is None else marked_html
        self.text = text
        self.envelope = Envelope() if envelope is None else envelope
        self.issues = [] if issues is None else issues
        self.source_map = SourceMap() if source_map is None else source_map
        self.timings = {} if timings is None else timings
        self.sizes = {} if sizes is None else sizes
        self.document = document

    @property
    def marked_html(self) -> str:
        """``html`` with its ``data-mw-node`` marks (made from ``marks`` on first read)."""
        marks = self.marks
        if isinstance(marks, str):
            return marks
        page = self.marks = marks.apply(self.html)
        return page

    @marked_html.setter
    def marked_html(self, value: str) -> None:
        self.marks = value

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)
