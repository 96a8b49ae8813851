"""Workspace assets on real pixels: URLs under ``[assets] base_url`` render from ``assets/``.

The base URL points at a live image server on 127.0.0.1 that answers every
path with solid green, so a pixel tells where an image came from (disk: red
or blue; the server: green) and every request is counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.project import Project, load_project
from studio.models.preview import PreviewState
from studio.render.engine import QtEngine
from studio.render.page import base_url_for
from tests.http_servers import image_handler, serving, solid_png
from tests.studio.render.pixels import pixels, px

pytestmark = pytest.mark.qt

RED, BLUE, GREEN = (220, 30, 40), (30, 60, 200), (0, 255, 0)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    with serving(image_handler(solid_png(GREEN), hits)) as base:
        yield base + "/cdn/", hits


def workspace(tmp_path: Path, base: str) -> tuple[Project, Path]:
    (tmp_path / "mailwright.toml").write_text(f'[assets]\nbase_url = "{base}"\n', encoding="utf-8")
    (tmp_path / "assets" / "icons").mkdir(parents=True)
    (tmp_path / "assets" / "icons" / "red.png").write_bytes(solid_png(RED))
    (tmp_path / "assets" / "bg.png").write_bytes(solid_png(BLUE, (20, 20)))
    email = tmp_path / "emails" / "e.html"
    email.parent.mkdir()
    return load_project(tmp_path), email


def page(base: str, run: str) -> str:
    return (
        "<!doctype html><html><head><style>body{margin:0;background:#fff}"
        f".bg{{width:200px;height:50px;background:url('{base}bg.png?{run}')}}</style></head>"
        f'<body><img src="{base}icons/red.png?{run}" width="200" height="100" alt="Red" '
        'style="display:block">'
        '<div class="bg"></div>'
        f'<img src="{base}not-in-assets.png?{run}" width="200" height="100" alt="Web" '
        'style="display:block"></body></html>'
    )


def test_mapped_images_render_from_disk_and_nothing_else_is_fetched(
    engine: QtEngine, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, hits = server
    project, email = workspace(tmp_path, base)
    shot = pixels(
        engine, page(base, "shown"), base_url=base_url_for(email), assets=project.asset_path
    )
    assert px(shot, 100, 50) == RED  # <img> from assets/icons/red.png
    assert px(shot, 100, 125) == BLUE  # CSS background from assets/bg.png
    assert px(shot, 100, 200) == GREEN  # not in assets/: still loaded from the web
    shown = [h for h in hits if h.endswith("?shown")]
    assert shown == ["/cdn/not-in-assets.png?shown"], shown


def test_without_the_mapping_the_same_page_loads_from_the_web(
    engine: QtEngine, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, hits = server
    _, email = workspace(tmp_path, base)
    shot = pixels(engine, page(base, "web"), base_url=base_url_for(email))
    assert px(shot, 100, 50) == GREEN  # the control: the server's image
    assert "/cdn/icons/red.png?web" in hits


def test_blocked_images_load_nothing_at_all(
    engine: QtEngine, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, hits = server
    project, email = workspace(tmp_path, base)
    shot = pixels(
        engine,
        page(base, "blocked"),
        PreviewState(block_images=True),
        base_url=base_url_for(email),
        assets=project.asset_path,
    )
    colours = {px(shot, x, y) for x in range(0, shot.width, 7) for y in range(0, shot.height, 7)}
    assert not colours & {RED, BLUE, GREEN}
    assert not [h for h in hits if h.endswith("?blocked")]
    decoded = engine.evaluate(
        "Array.prototype.map.call(document.images, function (i) { return i.naturalWidth; })"
    )
    assert decoded == [0, 0]
