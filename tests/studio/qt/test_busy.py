"""Long jobs off the GUI thread (studio/qt/busy.py) and the engine reached from a worker
(studio/render/gui_thread.py): the window's event loop runs while the job does, the
job's engine calls run on the GUI thread, results and errors come back."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from compiler.project import load_project
from studio.qt.busy import BusyJob, run_busy
from studio.qt.publishing import publish_email
from studio.render import shared_qt_engine
from studio.render.engine import QtEngine, RenderError
from studio.render.gui_thread import GuiThreadEngine, on_gui_thread_now
from tests.http_servers import QuietHandler, serving

pytestmark = [pytest.mark.qt]

#: how long a probe waits for the GUI thread before it calls the window frozen
FROZEN_S = 20.0


def gui_answers(asked: threading.Event, answered: threading.Event) -> QTimer:
    """A timer on the GUI thread that answers ``asked`` — it can only fire while the GUI
    thread's event loop runs."""
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: answered.set() if asked.is_set() else None)
    timer.start()
    return timer


def test_the_event_loop_runs_while_the_job_does(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked, answered = threading.Event(), threading.Event()
    timer = gui_answers(asked, answered)

    def job(progress: object) -> tuple[bool, bool]:
        progress("waiting for the window")  # type: ignore[operator]
        asked.set()
        return answered.wait(FROZEN_S), on_gui_thread_now()

    busy = BusyJob(parent, "Testing", job)
    assert busy.run() == (True, False)  # the GUI answered; the job ran on another thread
    assert busy.messages == ["waiting for the window"]
    timer.stop()


def test_the_job_error_is_raised_on_the_gui_thread(qtbot: QtBot) -> None:
    def job(progress: object) -> None:
        raise ValueError("bad input at line 3")

    with pytest.raises(ValueError, match="bad input at line 3"):
        run_busy(None, "Testing", job)


def test_a_worker_reaches_the_shared_engine_through_the_gui_thread(qtbot: QtBot) -> None:
    gui_engine = shared_qt_engine()
    assert isinstance(gui_engine, QtEngine)

    def job(progress: object) -> tuple[object, object, str]:
        engine = shared_qt_engine()
        engine.load_html("<p id=x>from a worker</p>")
        text = engine.evaluate("document.getElementById('x').textContent")
        try:
            engine.evaluate("(function () { throw new Error('broken on purpose'); })()")
        except RenderError as exc:
            return engine, text, str(exc)
        return engine, text, ""

    engine, text, error = run_busy(None, "Testing", job)
    assert isinstance(engine, GuiThreadEngine) and engine._engine is gui_engine
    assert text == "from a worker"
    assert "broken on purpose" in error


def test_publishing_keeps_the_window_live_while_a_link_is_checked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The link check's server answers only once the GUI thread's event loop has run
    while it was waiting: with the checks on the GUI thread it never would."""
    asked, answered = threading.Event(), threading.Event()
    answered_in_time: list[bool] = []

    class Handler(QuietHandler):
        def do_HEAD(self) -> None:
            if self.path == "/slow":
                asked.set()
                answered_in_time.append(answered.wait(FROZEN_S))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    timer = gui_answers(asked, answered)
    with serving(Handler) as url:
        (tmp_path / "emails").mkdir()
        (tmp_path / "mailwright.toml").write_text('name = "t"\n', "utf-8")
        email = tmp_path / "emails" / "march.html"
        email.write_text(
            "---\nsubject: March\nfrom: Acme <news@acme.example>\n---\n<!doctype html>\n"
            '<html lang="en" dir="ltr"><head><title>March</title></head><body>\n'
            '<div lang="en" dir="ltr"><h1>March</h1>\n<p>Hello, here is what changed in '
            f'your account this month. <a href="{url}/slow">Details</a></p>\n'
            f'<p><a href="{url}/unsubscribe">Unsubscribe</a></p>\n</div></body></html>\n',
            "utf-8",
        )
        status = publish_email(
            load_project(tmp_path), email, ask=lambda *_a: "Cancel", reason=lambda: None
        )
    timer.stop()
    assert answered_in_time == [True]
    assert status == "Published to dist/march/: 4 files written", status
    manifest = json.loads((tmp_path / "dist" / "march" / "manifest.json").read_text("utf-8"))
    assert manifest["checks"]["error"] == 0
