"""A one-line label that shortens its text with "…" to the width it is given.

It asks for little width (its size hint is a short prefix), so a long subject
never widens a column or gets cut mid-glyph; the full text is its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

HINT_CHARS = 12  # the width asked for: about this many characters


class ElidedLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        if text == self._full:
            return  # a relayout of every widget around it, for nothing
        self._full = text
        self.setToolTip(text)
        super().setText(text)
        self.updateGeometry()
        self.update()

    def full_text(self) -> str:
        return self._full

    def displayed_text(self) -> str:
        """The text as painted at the current width."""
        return self.fontMetrics().elidedText(self._full, self._mode, max(0, self.width()))

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        sample = self._full[:HINT_CHARS] + ("…" if len(self._full) > HINT_CHARS else "")
        return QSize(fm.horizontalAdvance(sample) + 2, fm.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        painter.drawText(
            self.rect(),
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.displayed_text(),
        )
        painter.end()
