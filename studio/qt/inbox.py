"""The inbox line above the preview (paints :class:`studio.models.inbox.InboxLine`).

One row as an inbox list shows a message: the sender in bold, then the
subject in bold and the preheader in grey, shortened with "…" to the width;
a warning sign at the end when a length or a missing part needs attention
(hover it for the reasons).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from studio.models.inbox import InboxLine
from studio.qt.elided import ElidedLabel
from studio.qt.icons import icon

SENDER_WIDTH = 150  # px for the sender, as an inbox list gives it a column


class InboxLineWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxLine")
        self.line: InboxLine | None = None
        self.sender_label = ElidedLabel()
        self.sender_label.setObjectName("inboxSender")
        self.sender_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.sender_label.setFixedWidth(SENDER_WIDTH)
        font = self.sender_label.font()
        font.setBold(True)
        self.sender_label.setFont(font)
        self.subject_label = ElidedLabel()
        self.subject_label.setObjectName("inboxSubject")
        self.subject_label.setFont(font)
        self.dash = QLabel("–")
        self.preheader_label = ElidedLabel()
        self.preheader_label.setObjectName("inboxPreheader")
        self.preheader_label.setEnabled(False)  # drawn in the muted colour, as inboxes do
        self.warning = QToolButton()
        self.warning.setObjectName("inboxWarnings")
        self.warning.setAutoRaise(True)
        self.warning.setIcon(icon("alert-outline"))
        self.warning.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.warning.hide()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 4, 2)
        lay.setSpacing(6)
        lay.addWidget(self.sender_label)
        lay.addWidget(self.subject_label, 2)
        lay.addWidget(self.dash)
        lay.addWidget(self.preheader_label, 3)
        lay.addWidget(self.warning)

    def show_line(self, line: InboxLine) -> None:
        self.line = line
        self.sender_label.set_full_text(line.sender or "(no sender)")
        self.sender_label.setToolTip(
            f"{line.sender} <{line.address}>"
            if line.address and line.sender != line.address
            else line.address
        )
        self.subject_label.set_full_text(line.subject or "(no subject)")
        self.preheader_label.set_full_text(line.preheader)
        self.dash.setVisible(bool(line.preheader))
        notes = [*line.errors, *line.warnings]
        self.warning.setVisible(bool(notes))
        self.warning.setText(str(len(notes)) if notes else "")
        self.warning.setToolTip("\n".join(notes))
