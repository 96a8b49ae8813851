"""The assets browser's model: the demo's images and their uses, the optimizer (resize,
re-encode, metadata stripped), the 2 MB refusal, uploads and the URL a media prop gets."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from compiler.project import load_project
from studio.models import assets as A
from tests.conftest import DEMO


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    return root


def encoded(image: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


def photo(width: int, height: int) -> Image.Image:
    """Gradients with a little grain: compresses like a photo."""
    base = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 12)
    r = Image.blend(base, grain, 0.25)
    g = Image.blend(base.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain, 0.25)
    b = Image.blend(base.transpose(Image.Transpose.FLIP_TOP_BOTTOM), grain, 0.25)
    return Image.merge("RGB", (r, g, b))


def test_the_demo_assets_and_where_they_are_used(demo: Path) -> None:
    assets = {a.path: a for a in A.list_assets(load_project(demo))}
    beanie = assets["beanie.jpg"]
    assert (beanie.format, beanie.width > 0, beanie.bytes) == (
        "JPEG",
        True,
        (demo / "assets" / "beanie.jpg").stat().st_size,
    )
    assert [(u.file, u.shown_width) for u in beanie.uses] == [
        ("emails/marketing/spring-collection.html", 172)
    ]
    shell = assets["ridge-shell.jpg"]  # a product card's prop: no width on the element
    assert [(u.file, u.line, u.shown_width) for u in shell.uses] == [
        ("emails/marketing/spring-collection.html", 34, None)
    ]
    assert assets["icons/instagram.png"].uses == ()  # in assets/, used nowhere
    assert all(A.refusal(a) is None for a in assets.values())


def test_optimize_resizes_to_twice_the_shown_width_and_strips_metadata() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    original = encoded(photo(2400, 1200), "JPEG", quality=95, exif=exif.tobytes())
    result = A.optimize(original, max_width=600)
    assert (result.format, result.width, result.height) == ("JPEG", 1200, 600)
    assert (result.before_format, result.before_width, result.before_bytes) == (
        "JPEG",
        2400,
        len(original),
    )
    assert result.saved > 0
    with Image.open(io.BytesIO(result.data)) as out:
        assert not out.getexif() and "icc_profile" not in out.info


@pytest.mark.parametrize(
    ("image", "fmt", "expect"),
    [
        (photo(800, 600), "PNG", "JPEG"),  # opaque photo: JPEG smaller
        (Image.new("RGBA", (200, 100), (255, 0, 0, 128)), "PNG", "PNG"),  # transparency kept
        (Image.new("RGB", (200, 100), (0, 90, 40)), "PNG", "PNG"),  # flat: PNG smaller
        (photo(400, 300), "WEBP", "JPEG"),
    ],
)
def test_optimize_picks_jpeg_or_png(image: Image.Image, fmt: str, expect: str) -> None:
    result = A.optimize(encoded(image, fmt))
    assert result.format == expect
    assert (result.width, result.height) == image.size


def test_over_2_mb_is_refused_until_optimized(demo: Path) -> None:
    noise = Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3))
    (demo / "assets" / "noise.png").write_bytes(encoded(noise, "PNG"))
    project = load_project(demo)
    heavy = next(a for a in A.list_assets(project) if a.path == "noise.png")
    reason = A.refusal(heavy)
    assert reason is not None and "over 2 MB" in reason and "optimize it first" in reason
    result = A.optimize((demo / "assets" / "noise.png").read_bytes(), max_width=300)
    written = A.write_optimized(demo, heavy, result)
    assert written == "noise.jpg" and (demo / "assets" / "noise.png").exists()
    light = next(a for a in A.list_assets(project) if a.path == "noise.jpg")
    assert A.refusal(light) is None and light.width == 600


def test_write_in_place_and_upload(demo: Path, tmp_path: Path) -> None:
    project = load_project(demo)
    flask = next(a for a in A.list_assets(project) if a.path == "flask.jpg")
    result = A.optimize((demo / "assets" / "flask.jpg").read_bytes(), max_width=10)
    assert A.write_optimized(demo, flask, result) == "flask.jpg"
    assert (demo / "assets" / "flask.jpg").read_bytes() == result.data
    upload = tmp_path / "flask.jpg"
    upload.write_bytes(result.data)
    assert A.add_asset(demo, upload) == "flask-2.jpg"
    assert A.add_asset(demo, upload, "products") == "products/flask.jpg"
    text = tmp_path / "notes.jpg"
    text.write_text("not an image")
    with pytest.raises(ValueError, match="not a readable image"):
        A.add_asset(demo, text)


def test_the_url_a_media_prop_gets(demo: Path) -> None:
    project = load_project(demo)
    assert A.asset_url(project, "icons/x.png") == "https://assets.fernway.example/icons/x.png"
    (demo / "mailwright.toml").write_text("")
    plain = load_project(demo)
    assert (
        A.asset_url(plain, "icons/x.png", demo / "emails" / "marketing" / "a.html")
        == "../../assets/icons/x.png"
    )
