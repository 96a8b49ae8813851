"""``mailwright studio``: without a display it explains how to work headless."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli import main


def test_no_display_prints_headless_help(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "")
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["studio", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no display found" in out
    for cmd in ("mailwright build", "mailwright preview", "mailwright check"):
        assert cmd in out


def test_missing_workspace_is_a_usage_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studio", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().out
