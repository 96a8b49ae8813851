"""Shared fixtures of the studio's Qt tests."""

from __future__ import annotations

import gc
import json
import shutil
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from studio.qt.main_window import MainWindow
from tests.conftest import DEMO


@pytest.fixture(autouse=True)
def _widgets_deleted_without_collection() -> Iterator[None]:
    """After each test, the widgets it ``deleteLater``-ed are destroyed at once, with the
    cyclic garbage collector off. Left to the next test's event loop, a collection that
    starts inside a ``QObject`` destructor (PySide's wrapper allocates) can destroy
    another wrapped ``QObject`` whose destructor waits for the signal-slot mutex the
    first one holds: the process hangs (seen twice in full runs under ``-n 2``)."""
    yield
    if QCoreApplication.instance() is None:
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    finally:
        if was_enabled:
            gc.enable()


def code_first(settings: QSettings) -> QSettings:
    """``settings`` of someone who chose the Code mode (a first-time user gets Visual,
    ``Preferences.editor_mode``): for the tests of the code column and its preview."""
    raw = settings.value("preferences", "")
    data = json.loads(raw) if isinstance(raw, str) and raw else {}
    data.setdefault("editor_mode", "code")
    settings.setValue("preferences", json.dumps(data))
    return settings


@pytest.fixture(scope="module")
def window(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    """A studio window at 1280×800 on a copy of the demo workspace, shared by a module's
    tests (a module that needs another window defines its own ``window``)."""
    tmp = tmp_path_factory.mktemp("window")
    shutil.copytree(DEMO, tmp / "demo")
    w = MainWindow(code_first(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)))
    w.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    assert w.open_workspace(tmp / "demo")
    w.resize(1280, 800)
    w.show()
    yield w
    w.close()
