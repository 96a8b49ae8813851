"""``mailwright studio``: without a display it explains how to work headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.cli import main


def test_no_display_prints_headless_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "")
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["studio", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no display found" in out
    for cmd in ("mailwright build", "mailwright preview", "mailwright check"):
        assert cmd in out


def test_missing_workspace_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["studio", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().out


def test_open_workspace_opens_the_studio_and_returns_on_close(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mailwright run` calls studio.open_workspace: a real window on the workspace, exit 0."""
    from PySide6.QtWidgets import QApplication

    from studio.cli.studio import open_workspace
    from studio.qt.main_window import MainWindow

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    (tmp_path / "ws" / "emails").mkdir(parents=True)
    (tmp_path / "ws" / "emails" / "hello.html").write_text("<p>Hello</p>\n", encoding="utf-8")
    seen: list[str] = []

    def look() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible() and w.workspace is not None:
                seen.append(w.workspace.root.name)
                seen.extend(f.rel for f in w.workspace.files(folders=False))

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, look)
    code = open_workspace(
        tmp_path / "ws", quit_after_ms=300, settings_file=tmp_path / "settings.ini"
    )
    assert code == 0
    assert seen[:2] == ["ws", "emails/hello.html"]
    assert "recentWorkspaces" in (tmp_path / "settings.ini").read_text(encoding="utf-8")


def test_open_workspace_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    from studio.cli.studio import open_workspace

    assert open_workspace(tmp_path / "missing") == 2


def test_the_studio_hands_the_interpreter_to_the_gui_thread_within_a_millisecond() -> None:
    """The studio's QApplication sets the interpreter's switch interval to 1 ms: a paint
    waits no longer than that behind a compile thread for each of its Python calls."""
    script = (
        "import sys; from studio.qt.app import SWITCH_INTERVAL_S, application; "
        "application(); print(sys.getswitchinterval(), SWITCH_INTERVAL_S)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    interval, wanted = map(float, out.stdout.split())
    assert interval == wanted == 0.001
