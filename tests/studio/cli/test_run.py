"""``mailwright run`` (what ``make run`` starts) on a machine without a display."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.cli import main
from tests.conftest import DEMO


def test_without_a_display_it_says_so_and_builds_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not DEMO.is_dir():
        pytest.skip("demo workspace not found")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    shutil.copytree(DEMO, tmp_path / "demo")
    out = tmp_path / "out"
    code = main(["run", str(tmp_path / "demo"), "-o", str(out)])
    text = capsys.readouterr().out
    assert "No display found" in text
    for cmd in ("mailwright studio", "mailwright build", "mailwright preview"):
        assert cmd in text
    assert code == 0, text
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "marketing/spring-collection.html",
        "transactional/receipt.fr.html",
        "transactional/receipt.html",
    ]
