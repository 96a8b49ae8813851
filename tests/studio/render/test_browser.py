"""``studio.render.browser``: the engines behind the BrowserEngine interface."""

from __future__ import annotations

import pytest

from studio.render import browser, shared_qt_engine
from studio.render.axe import DISABLED_RULES, axe_source
from studio.render.chromium import ChromiumEngine, EngineUnavailable, find_chromium


def test_qt_is_the_default_and_is_shared() -> None:
    assert browser() is shared_qt_engine() is browser("qt")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="qt, chromium"):
        browser("netscape")


@pytest.mark.skipif(find_chromium() is not None, reason="Chromium is installed here")
def test_missing_chromium_gives_a_clear_message() -> None:
    with pytest.raises(EngineUnavailable, match="apt-get install chromium chromium-driver"):
        browser("chromium")


@pytest.mark.skipif(find_chromium() is None, reason="Chromium/chromedriver not installed")
def test_chromium_runs_axe() -> None:
    with ChromiumEngine() as engine:
        found = engine.run_axe("<html><body><img src='x.png'></body></html>")
    assert "image-alt" in {v["id"] for v in found}


def test_axe_comes_from_the_installed_package() -> None:
    source = axe_source()
    assert "axe.version" in source or "axe-core" in source
    assert len(source) > 100_000
    assert "region" in DISABLED_RULES
