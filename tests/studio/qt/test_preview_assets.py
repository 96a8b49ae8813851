"""The studio's live preview loads images published from the workspace's ``assets/``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from compiler.project import load_project
from studio.models.preview import PreviewSettings
from studio.qt.preview import PreviewPane

pytestmark = pytest.mark.qt

BASE = "https://assets.brand.example/"
RUST = (168, 67, 46)
IMAGES = (
    "JSON.stringify(Array.prototype.map.call(document.images, function (i) {"
    " return [i.currentSrc || i.src, i.naturalWidth]; }))"
)


@pytest.fixture
def pane(qtbot: QtBot, tmp_path: Path) -> Iterator[PreviewPane]:
    (tmp_path / "mailwright.toml").write_text(f'[assets]\nbase_url = "{BASE}"\n', encoding="utf-8")
    (tmp_path / "assets").mkdir()
    out = io.BytesIO()
    Image.new("RGB", (240, 120), RUST).save(out, "PNG")
    (tmp_path / "assets" / "logo.png").write_bytes(out.getvalue())
    email = tmp_path / "emails" / "hello.html"
    email.parent.mkdir()
    p = PreviewPane(PreviewSettings(), load_project(tmp_path))
    p.resize(900, 600)
    p.show()
    p.set_file(email)
    yield p
    p.shutdown()
    p.deleteLater()


def _images(qtbot: QtBot, pane: PreviewPane) -> list[list[object]]:
    box: list[str] = []
    pane.run_js(IMAGES, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    found = json.loads(box[0])
    assert isinstance(found, list)
    return found


def test_live_preview_shows_workspace_images(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    with qtbot.waitSignal(pane.page_loaded, timeout=30000):
        pane.request(
            '<!doctype html><html lang="en"><head><title>Hi</title></head><body '
            'style="margin:0"><img src="' + BASE + 'logo.png" width="240" '
            'height="120" alt="Logo" style="display:block"></body></html>',
            immediate=True,
        )
    [[src, width]] = _images(qtbot, pane)
    assert src == (tmp_path / "assets" / "logo.png").resolve().as_uri() and width == 240
    shot = Image.open(pane.screenshot(tmp_path / "shot.png")).convert("RGB")
    assert shot.getpixel((120, 60)) == RUST
    # Block images: nothing loads, not even from disk.
    pane.settings.update(block_images=True)
    qtbot.waitUntil(lambda: pane.loaded, timeout=30000)
    qtbot.waitUntil(lambda: _images(qtbot, pane) == [[BASE + "logo.png", 0]], timeout=10000)
    shot = Image.open(pane.screenshot(tmp_path / "blocked.png")).convert("RGB")
    assert shot.getpixel((120, 60)) != RUST


def test_a_stalled_image_is_given_up_and_named(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    from tests.hostile.test_stalled_resources import stalling_server

    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    Image.new("RGB", (10, 10), RUST).save(outside)
    pane.resource_timeout_ms = 1000
    loads: list[bool] = []
    pane.page_loaded.connect(loads.append)
    with stalling_server() as server:
        pane.request(
            '<!doctype html><html lang="en"><head><title>Hi</title></head><body>'
            f'<img src="{server}/stall.png" width="40" height="40" alt="late">'
            f'<img src="{outside.as_uri()}" width="10" height="10" alt="out">'
            "</body></html>",
            immediate=True,
        )
        qtbot.waitUntil(lambda: bool(loads), timeout=30000)  # the page finished without it
    note = pane.resource_note.text()
    assert pane.resource_note.isVisibleTo(pane)
    assert f"Not loaded within 1 s, shown broken: {server}/stall.png" in note
    assert f"Not loaded: {outside.as_uri()}: outside the workspace" in note
    loads.clear()
    pane.request("<p>fine</p>", immediate=True)  # the next page starts clean
    qtbot.waitUntil(lambda: bool(loads), timeout=30000)
    assert not pane.resource_note.isVisibleTo(pane)
