"""Link output elements back to the source spans they came from.

The expander marks every output element that stems from a source element
with ``data-mw-node="<id>"`` (the source node's id). Transformers keep
unknown attributes, so the mark survives the whole pipeline; validators and
the studio's Inspect Element / Focus Mode look ids up here. The compiler
strips the marks from the HTML it ships (:func:`strip_marks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from components.markup.nodes import Span

MARK_ATTR = "data-mw-node"
_MARK_RE = re.compile(r' data-mw-node="\d+"')
_ID_RE = re.compile(r'data-mw-node="(\d+)"')


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an output element came from: a file and a span in it."""

    file: str
    span: Span
    tag: str


@dataclass(slots=True)
class SourceMap:
    """Node id → origin, for one compile."""

    origins: dict[int, Origin] = field(default_factory=dict)

    def add(self, node_id: int, origin: Origin) -> None:
        self.origins.setdefault(node_id, origin)

    def origin(self, node_id: int) -> Origin | None:
        return self.origins.get(node_id)

    def node_at(self, offset: int, file: str = "") -> int | None:
        """The innermost source element whose span contains ``offset``."""
        best: tuple[int, int] | None = None
        for node_id, o in self.origins.items():
            if file and o.file != file:
                continue
            if o.span.start <= offset < o.span.end:
                size = o.span.end - o.span.start
                if best is None or size < best[0]:
                    best = (size, node_id)
        return None if best is None else best[1]

    def locate_output(self, html: str, offset: int) -> Origin | None:
        """The origin of the nearest marked element at or before ``offset`` in ``html``."""
        start = html.rfind("data-mw-node=", 0, offset + 1)
        while start != -1:
            m = _ID_RE.match(html, start)
            if m:
                o = self.origins.get(int(m.group(1)))
                if o is not None:
                    return o
            start = html.rfind("data-mw-node=", 0, start)
        return None


def mark(node_id: int) -> str:
    """The attribute text (with leading space) that marks an output element."""
    return f' {MARK_ATTR}="{node_id}"'


def strip_marks(html: str) -> str:
    return _MARK_RE.sub("", html)
