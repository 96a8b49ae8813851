"""Calling the offscreen engine from a worker thread.

Qt WebEngine lives on the GUI thread (the one that made the ``QApplication``); its pages
can only be driven from there. Long jobs that use it — publishing with every check, the
PDF report — run on a worker thread so the window stays live, and reach the engine
through :class:`GuiThreadEngine`: each method call is handed to the GUI thread's event
loop, and the worker waits for its result (or its exception). The GUI thread must keep
its event loop running meanwhile (``studio.qt.busy.run_busy`` does).

On the GUI thread itself, or in a process without a ``QApplication``, calls run
directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

T = TypeVar("T")

#: how often a waiting worker checks that the application still exists (not a delay:
#: the wait ends at once when the call is done)
_ALIVE_CHECK_S = 1.0


class GuiThreadGone(RuntimeError):
    """The application ended while a worker waited for a call on the GUI thread."""


class _Invoker(QObject):
    """Lives on the GUI thread; runs the jobs other threads post to it."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run)

    @Slot(object)
    def _run(self, job: Callable[[], None]) -> None:
        job()


_invoker: list[_Invoker] = []
_invoker_lock = threading.Lock()


def on_gui_thread_now() -> bool:
    """True on the thread that runs the application's event loop (the main thread)."""
    return threading.current_thread() is threading.main_thread()


def _the_invoker(app: QCoreApplication) -> _Invoker:
    with _invoker_lock:
        if not _invoker:
            invoker = _Invoker()
            if invoker.thread() is not app.thread():
                invoker.moveToThread(app.thread())
            _invoker.append(invoker)
        return _invoker[0]


def call_on_gui_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` run on the GUI thread; its result, or its exception raised
    here. Direct when called on the GUI thread or without an application."""
    app = QCoreApplication.instance()
    if app is None or on_gui_thread_now():
        return fn(*args, **kwargs)
    done = threading.Event()
    box: dict[str, Any] = {}

    def job() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the waiting thread, raised there
            box["error"] = exc
        finally:
            done.set()

    _the_invoker(app).posted.emit(job)
    while not done.wait(_ALIVE_CHECK_S):
        if QCoreApplication.instance() is None or QCoreApplication.closingDown():
            raise GuiThreadGone("the application closed before the engine answered")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


class GuiThreadEngine:
    """The shared engine as seen from a worker thread: every method runs on the GUI
    thread (see the module's docstring). Attributes that are not methods are read as
    they are."""

    def __init__(self, engine: object) -> None:
        self._engine = engine

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._engine, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            return call_on_gui_thread(value, *args, **kwargs)

        call.__name__ = name
        return call
