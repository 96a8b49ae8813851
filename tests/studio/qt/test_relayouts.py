"""A value shown again unchanged does not relayout the window around it.

Every ``updateGeometry`` of a widget invalidates the layouts of all its ancestors, up
to the editor page: a label or button set to what it already shows on every compile
cost a relayout (and repaints) of the whole editor per keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from studio.models.document import EmailDocument
from studio.models.layout import ProblemCounts
from studio.qt.editor_page import EnvelopeSection, ProblemsStrip
from studio.qt.elided import ElidedLabel

pytestmark = pytest.mark.qt


class _Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.requests += 1
        return False


class Host(QWidget):
    """A parent laid out around ``child``, counting the layout requests they get."""

    def __init__(self, qtbot: QtBot, child: QWidget) -> None:
        super().__init__()
        qtbot.addWidget(self)
        QVBoxLayout(self).addWidget(child)
        self.show()
        qtbot.waitExposed(self)
        self.counter = _Counter()
        self.installEventFilter(self.counter)
        child.installEventFilter(self.counter)

    def relayouts(self, change: Callable[[], object]) -> int:
        """Layout requests ``change`` sends here or to the child (once the posted events
        are handled)."""
        QCoreApplication.sendPostedEvents()
        self.counter.requests = 0
        change()
        QCoreApplication.sendPostedEvents()
        return self.counter.requests


def test_an_elided_label_set_to_its_own_text_does_not_relayout(qtbot: QtBot) -> None:
    label = ElidedLabel("Spring is here")
    host = Host(qtbot, label)
    assert host.relayouts(lambda: label.set_full_text("Spring is here")) == 0
    assert host.relayouts(lambda: label.set_full_text("Spring is near")) >= 1
    assert label.full_text() == "Spring is near" and label.toolTip() == "Spring is near"


def test_the_problems_strip_set_to_the_same_counts_does_not_relayout(qtbot: QtBot) -> None:
    strip = ProblemsStrip()
    strip.set_counts(ProblemCounts(0, 2, 0))
    text = strip.button.text()
    host = Host(qtbot, strip)
    assert host.relayouts(lambda: strip.set_counts(ProblemCounts(0, 2, 0))) == 0
    assert strip.button.text() == text
    assert host.relayouts(lambda: strip.set_counts(ProblemCounts(1, 2, 0))) >= 1
    assert strip.button.text() != text and strip.button.property("severity") == "error"


def test_typing_in_the_email_does_not_relayout_the_envelope_header(qtbot: QtBot) -> None:
    """The folded envelope's header shows the subject: typing in the body leaves it as
    it is (no relayout); a new subject or opening the form changes it."""
    doc = EmailDocument("---\nsubject: Hi\n---\n<x-base><x-paragraph>A</x-paragraph></x-base>\n")
    section = EnvelopeSection(doc)
    host = Host(qtbot, section)
    at = doc.text.index(">A<") + 2
    assert host.relayouts(lambda: doc.replace(at, at, "bc")) == 0
    assert section.summary.full_text() == "Hi"
    assert (
        host.relayouts(lambda: doc.replace(doc.text.index("Hi"), doc.text.index("Hi") + 2, "Hello"))
        >= 1
    )
    assert section.summary.full_text() == "Hello"
    assert host.relayouts(lambda: section.set_open(True)) >= 1
    assert section.summary.full_text() == ""
