"""``studio.render.browser``: the engines behind the BrowserEngine interface."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.render import axe, browser, chromium, shared_qt_engine
from studio.render.axe import (
    AXE_DIR,
    AXE_FILE,
    DISABLED_RULES,
    AxeNotFound,
    axe_source,
    axe_version,
)
from studio.render.chromium import ChromiumEngine, EngineUnavailable, find_chromium


def test_qt_is_the_default_and_is_shared() -> None:
    assert browser() is shared_qt_engine() is browser("qt")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="qt, chromium"):
        browser("netscape")


def test_missing_chromium_gives_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = str(tmp_path / "chromium")
    monkeypatch.setattr(chromium, "CHROMIUM_PATHS", (missing,))
    monkeypatch.setattr(chromium, "CHROMEDRIVER_PATHS", (missing,))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() is None
    with pytest.raises(EngineUnavailable, match="apt-get install chromium chromium-driver"):
        ChromiumEngine()


@pytest.mark.skipif(
    find_chromium() is None,
    reason="Chromium/chromedriver not installed (apt-get install chromium chromium-driver)",
)
def test_chromium_runs_the_same_axe_as_qt() -> None:
    page = (
        "<html><head><title>T</title></head><body><img src='x.png'>"
        "<p style='color:#eeeeee;background:#ffffff'>faint</p></body></html>"
    )
    with ChromiumEngine() as engine:
        found = engine.run_axe(page)
        version = engine.axe_version()
    assert version == axe_version()
    rules = {v["id"] for v in found}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= rules
    assert rules == {v["id"] for v in shared_qt_engine().run_axe(page)}


def test_axe_core_4_is_vendored_with_its_licence() -> None:
    source = axe_source()
    assert AXE_FILE.parent.name == "axe" and AXE_FILE.parent.parent.name == "resources"
    assert source.startswith(f"/*! axe v{axe_version()}")
    assert int(axe_version().split(".")[0]) >= 4
    assert "Mozilla Public License" in (AXE_DIR / "LICENSE").read_text(encoding="utf-8")
    assert axe_version() in (AXE_DIR / "README.md").read_text(encoding="utf-8")
    assert (AXE_DIR / "LICENSE-3RD-PARTY.txt").is_file()
    assert "region" in DISABLED_RULES


def test_qt_engine_runs_the_vendored_axe() -> None:
    engine = shared_qt_engine()
    engine.run_axe("<html><body><p>x</p></body></html>")
    assert engine.evaluate("axe.version") == axe_version()


def test_a_missing_axe_file_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(axe, "AXE_FILE", tmp_path / "axe.min.js")
    axe.axe_source.cache_clear()
    try:
        with pytest.raises(AxeNotFound, match="axe-core is missing: cannot read"):
            axe_source()
    finally:
        monkeypatch.undo()
        axe.axe_source.cache_clear()
    assert axe_source()
