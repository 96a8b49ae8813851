"""What one compile produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from components.diagnostics import Issue
from components.markup import Document
from components.sourcemap import SourceMap


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


@dataclass(slots=True)
class CompileResult:
    """The output of :func:`compiler.compile_email`.

    ``html`` is what ships (no source marks). ``marked_html`` is the same
    document with ``data-mw-node`` marks, for previews and validators.
    ``timings`` are milliseconds per pipeline step; ``sizes`` are bytes
    before and after each transformer. ``document`` is the parsed source (when kept).
    """

    file: str
    source: str
    html: str
    marked_html: str = ""
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

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)
