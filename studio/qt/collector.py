"""The cyclic garbage collector, run from the event loop instead of at any allocation.

Left automatic, Python may start a collection anywhere an object is allocated — also
inside a ``QObject`` destructor, where PySide's wrappers allocate. Such a collection can
destroy another wrapped ``QObject`` whose destructor then waits for the signal-slot mutex
the first one holds, and the studio hangs (seen in the test suite under load). The
studio therefore turns automatic collection off and collects from a timer of the event
loop, where no destructor is running: the same generations Python would collect (by
:func:`gc.get_count` against :func:`gc.get_threshold`), a little later.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class EventLoopCollector(QObject):
    """Owns the timer; :meth:`stop` gives collection back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = 0
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the oldest generation whose count passed its threshold; the generation
        collected, or -1 when none was due."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = -1
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                due = generation
                break
        if due >= 0:
            gc.collect(due)
            self.collections += 1
        return due

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
