"""The preview reads local files only inside the email's workspace, and never asks a
link-local or cloud metadata address for anything.

An email is content from anywhere: ``file:///…``, ``../../`` paths, CSS ``url(/…)`` and a
symbolic link out of ``assets/`` would otherwise show any image on the disk in the preview,
and in the PNGs and review reports made from it. Real renders in Qt WebEngine; a pixel
says whether the image was loaded (red) or not (the white page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main

pytest.importorskip("PySide6.QtWebEngineWidgets", reason="needs PySide6 (the studio extra)")

RED = (255, 0, 0)
WHITE = (255, 255, 255)


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """(workspace, a folder beside it), each with a red image."""
    outside = tmp_path / "outside"
    outside.mkdir()
    Image.new("RGB", (40, 40), RED).save(outside / "secret.png")
    ws = tmp_path / "ws"
    (ws / "emails").mkdir(parents=True)
    (ws / "assets").mkdir()
    (ws / "mailwright.toml").write_text('name = "w"\n', encoding="utf-8")
    Image.new("RGB", (40, 40), RED).save(ws / "assets" / "logo.png")
    (ws / "assets" / "link.png").symlink_to(outside / "secret.png")
    return ws, outside


def email(ws: Path, sources: list[str], *, pad: int = 0) -> Path:
    blocks = "".join(
        f'<div style="width:40px;height:40px;background:url({s})"></div>'
        if s.startswith("css:")
        else f'<img src="{s}" width="40" height="40" alt="" style="display:block">'
        for s in sources
    ).replace("url(css:", "url(")
    html = (
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        f'<body style="margin:0;background:#fff">{blocks}'
        f"<!-- {'x' * pad} --></body></html>"
    )
    path = ws / "emails" / "probe.html"
    path.write_text(html, encoding="utf-8")
    return path


def shot(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[list[tuple[int, ...]], str]:
    out = tmp_path / "probe.png"
    assert main(["preview", str(path), "--raw", "--width", "200", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    with Image.open(out) as image:
        rgb = image.convert("RGB")
        colours: list[tuple[int, ...]] = []
        for i in range(rgb.height // 40):
            colour = rgb.getpixel((20, 20 + 40 * i))
            assert isinstance(colour, tuple)
            colours.append(colour)
        return colours, err


def test_images_outside_the_workspace_are_not_loaded(
    places: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws, outside = places
    secret = outside / "secret.png"
    path = email(
        ws,
        [
            "../assets/logo.png",
            secret.as_uri(),
            "../../outside/secret.png",
            f"css:{secret}",
            "../assets/link.png",
        ],
    )
    pixels, err = shot(path, tmp_path, capsys)
    assert pixels == [RED, WHITE, WHITE, WHITE, WHITE]
    assert f"{secret.as_uri()}: outside the workspace; not loaded" in err
    # the three spellings of the outside file are one URL, named once; the link by its name
    assert f"{(ws / 'assets' / 'link.png').as_uri()}: outside the workspace" in err
    assert err.count("outside the workspace") == 2
    assert "Traceback" not in err


def test_a_page_too_big_for_sethtml_still_reads_its_workspace_only(
    places: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws, outside = places
    path = email(ws, ["../assets/logo.png", (outside / "secret.png").as_uri()], pad=2_000_000)
    pixels, err = shot(path, tmp_path, capsys)  # loaded from a temporary file, not setHtml
    assert pixels[:2] == [RED, WHITE]
    assert "outside the workspace" in err


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/x.png",
        "http://[fd00:ec2::254]/x.png",
        "http://[::ffff:169.254.1.1]/x.png",
        "http://169.254.169.254./x.png",  # the dot Chromium drops
        "http://2852039166/x.png",
    ],
)  # 169.254.169.254 as one number
def test_metadata_addresses_are_never_requested(
    places: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    ws, _ = places
    _, err = shot(email(ws, [url]), tmp_path, capsys)
    assert "link-local or cloud metadata address; never fetched; not loaded" in err


@pytest.mark.parametrize(
    "url",
    [
        "http://metadata.google.internal/computeMetadata/v1/x.png",
        "http://Instance-Data./latest/x.png",
    ],
)
def test_metadata_service_names_are_never_requested(
    places: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    ws, _ = places
    _, err = shot(email(ws, [url]), tmp_path, capsys)
    assert "is a cloud metadata service's name; never fetched; not loaded" in err


def test_the_engine_names_what_it_refused_and_starts_clean(places: tuple[Path, Path]) -> None:
    from studio.render.engine import QtEngine
    from studio.render.page import base_url_for

    ws, outside = places
    path = email(ws, [(outside / "secret.png").as_uri()])
    with QtEngine() as engine:
        engine.render(path.read_text(encoding="utf-8"), base_url=base_url_for(path))
        assert engine.refused == [f"{(outside / 'secret.png').as_uri()}: outside the workspace"]
        engine.render("<p>next</p>")
        assert engine.refused == []
