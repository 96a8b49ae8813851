"""Long jobs (publishing with every check, the PDF report) off the GUI thread.

:func:`run_busy` runs a job on a worker thread and keeps the window live meanwhile: a
window-modal progress dialog says what the job is doing (its ``progress`` calls), the
window repaints, and the job's engine calls (``studio.render.gui_thread``) run on this
thread's event loop. It returns the job's result, or raises its exception, here — so
the caller reads like the synchronous code it replaces.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

#: a job that ends sooner shows no dialog (no flash for a quick export)
SHOW_AFTER_MS = 400

Progress = Callable[[str], None]


class _Relay(QObject):
    """Carries the worker's messages to the GUI thread (queued signals)."""

    said = Signal(str)
    finished = Signal()


class BusyJob:
    """One job on its worker thread; :attr:`dialog` is shown while it runs."""

    def __init__(self, parent: QWidget | None, title: str, job: Callable[[Progress], T]) -> None:
        self._job = job
        self._box: dict[str, Any] = {}
        self.relay = _Relay()
        self.messages: list[str] = []
        self.dialog = QProgressDialog(title, "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setCancelButton(None)  # checks cannot stop midway
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.relay.said.connect(self._said)

    def _said(self, message: str) -> None:
        self.messages.append(message)
        self.dialog.setLabelText(message)

    def _work(self) -> None:
        try:
            self._box["value"] = self._job(self.relay.said.emit)
        except BaseException as exc:  # raised again on the GUI thread
            self._box["error"] = exc
        finally:
            self.relay.finished.emit()

    def run(self) -> Any:
        loop = QEventLoop()
        self.relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
        worker = threading.Thread(target=self._work, name="mailwright-busy", daemon=True)
        worker.start()
        loop.exec()
        worker.join()
        self.dialog.close()
        self.dialog.deleteLater()
        if "error" in self._box:
            raise self._box["error"]
        return self._box.get("value")


def run_busy(parent: QWidget | None, title: str, job: Callable[[Progress], T]) -> T:
    """``job(progress)`` on a worker thread, the window live meanwhile; its result, or its
    exception raised here. ``progress(text)`` sets the dialog's line."""
    return BusyJob(parent, title, job).run()  # type: ignore[no-any-return]
