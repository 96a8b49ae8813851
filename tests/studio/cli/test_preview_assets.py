"""``mailwright preview`` shows images published from the workspace's ``assets/`` offline."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main

pytestmark = pytest.mark.qt

BASE = "https://assets.brand.example/"
RUST = (168, 67, 46)


def png(colour: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def email(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text(f'[assets]\nbase_url = "{BASE}"\n', encoding="utf-8")
    (tmp_path / "assets" / "hero").mkdir(parents=True)
    (tmp_path / "assets" / "hero" / "spring.png").write_bytes(png(RUST, (300, 150)))
    path = tmp_path / "emails" / "hello.html"
    path.parent.mkdir()
    path.write_text(
        '<!doctype html><html lang="en"><head><title>Hi</title>'
        "<style>body{margin:0;background:#ffffff}</style></head><body>"
        f'<img src="{BASE}hero/spring.png" width="300" height="150" alt="Spring" '
        'style="display:block"><p style="height:50px;margin:0">Hello</p>'
        "</body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("raw", [True, False])
def test_preview_shows_the_workspace_image(email: Path, tmp_path: Path, raw: bool) -> None:
    out = tmp_path / "shot.png"
    args = ["preview", str(email), "--width", "400", "-o", str(out)]
    assert main([*args, "--raw"] if raw else args) == 0
    img = Image.open(out).convert("RGB")
    rust = sum(
        1 for x in range(0, 400, 4) for y in range(0, img.height, 4) if img.getpixel((x, y)) == RUST
    )
    assert rust > 0.8 * (300 * 150) / 16


def test_blocked_images_show_no_workspace_image(email: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert main(["preview", str(email), "--raw", "--block-images", "-o", str(out)]) == 0
    img = Image.open(out).convert("RGB")
    assert all(
        img.getpixel((x, y)) != RUST
        for x in range(0, img.width, 4)
        for y in range(0, img.height, 4)
    )
