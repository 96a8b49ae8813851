"""Preview modes on real rendered pixels of the demo marketing email.

The demo email is compiled with the demo workspace and rendered through the
shared engine with the real page preparation. Its images point at
``assets.fernway.example``; here they are pointed at an image server on
127.0.0.1 (one solid magenta PNG for every path), so the page is complete,
nothing leaves the machine, and every request is counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

import compiler
from studio.models.preview import MOBILE_WIDTH, PreviewState, Scheme, SizeMode, Vision
from studio.render.engine import QtEngine
from tests.conftest import DEMO
from tests.http_servers import image_handler, serving, solid_png
from tests.studio.render.pixels import pixels, px

pytestmark = pytest.mark.qt

EMAIL = Path("emails/marketing/spring-collection.html")
ASSETS = "https://assets.fernway.example/"
MAGENTA = (255, 0, 255)
# The demo's page background (x-base :background) in light and dark.
PAGE_LIGHT, PAGE_DARK = (0xF4, 0xF1, 0xEA), (0x11, 0x14, 0x12)
CTA_RED = (0xB4, 0x47, 0x2F)  # "Shop the collection"


@pytest.fixture(scope="module")
def image_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    with serving(image_handler(solid_png(MAGENTA), hits)) as base:
        yield base, hits


@pytest.fixture(scope="module")
def demo_html(image_server: tuple[str, list[str]]) -> Callable[[str], str]:
    """The compiled demo email with its images on the loopback server under ``/<run>/``."""
    result = compiler.compile_file(DEMO / EMAIL, project=compiler.load_project(DEMO))
    assert not [i for i in result.issues if i.is_error], result.issues
    assert ASSETS in result.html
    base = image_server[0]
    return lambda run: result.html.replace(ASSETS, f"{base}/{run}/")


def rect(engine: QtEngine, selector: str, text: str = "") -> dict[str, float]:
    """The bounding box of the first element matching ``selector`` (containing ``text``)."""
    found = engine.evaluate(
        f"(function(){{var els=document.querySelectorAll({selector!r});"
        f"for(var i=0;i<els.length;i++){{var e=els[i];"
        f"if(e.textContent.indexOf({text!r})<0 && (e.alt||'').indexOf({text!r})<0) continue;"
        "var r=e.getBoundingClientRect();"
        "return {left:r.left,top:r.top,right:r.right,bottom:r.bottom,width:r.width,"
        "height:r.height};}return null;})()"
    )
    assert isinstance(found, dict), f"no {selector} with {text!r} in the demo email"
    return {k: float(v) for k, v in found.items()}


def test_dark_scheme_changes_the_demo_body_background(
    engine: QtEngine, demo_html: Callable[[str], str]
) -> None:
    light = pixels(engine, demo_html("light"))
    h1 = rect(engine, "h1")
    dark = pixels(engine, demo_html("dark"), PreviewState(scheme=Scheme.DARK))
    # Beside the 600 px column (desktop is 800 px wide), level with the heading.
    y = (h1["top"] + h1["bottom"]) / 2
    assert px(light, 10, y) == PAGE_LIGHT
    assert px(dark, 10, y) == PAGE_DARK


@pytest.mark.parametrize("scheme", [Scheme.FORCED_DARK_OUTLOOK, Scheme.FORCED_DARK_GMAIL])
def test_forced_dark_inverts_the_demos_white_block(
    engine: QtEngine, demo_html: Callable[[str], str], scheme: Scheme
) -> None:
    light = pixels(engine, demo_html("light"))
    h1 = rect(engine, "h1")
    forced = pixels(engine, demo_html("forced"), PreviewState(scheme=scheme))
    assert rect(engine, "h1") == h1  # same layout: only colours change
    # In the white section's 32 px padding, left of the heading.
    x, y = h1["left"] - 16, (h1["top"] + h1["bottom"]) / 2
    assert px(light, x, y) == (255, 255, 255)
    assert max(px(forced, x, y)) < 48, px(forced, x, y)


def _magenta(image: Image.Image) -> int:
    return sum(
        1
        for x in range(0, image.width, 3)
        for y in range(0, image.height, 3)
        if px(image, x, y) == MAGENTA
    )


IMAGES_STATE = (
    "Array.prototype.map.call(document.images, function (i) {"
    " return [i.currentSrc || i.src, i.naturalWidth]; })"
)


def test_block_images_hides_every_image_of_the_demo_and_requests_nothing(
    engine: QtEngine, demo_html: Callable[[str], str], image_server: tuple[str, list[str]]
) -> None:
    _, hits = image_server
    shown = pixels(engine, demo_html("shown"))
    loaded = engine.evaluate(IMAGES_STATE)
    assert isinstance(loaded, list) and len(loaded) >= 5
    assert sum(1 for _, w in loaded if w) >= 5  # decoded
    assert _magenta(shown) > 1000  # the control: images do show
    assert any(h.startswith("/shown/") for h in hits)  # … and are fetched
    blocked = pixels(engine, demo_html("blocked"), PreviewState(block_images=True))
    images = engine.evaluate(IMAGES_STATE)
    assert isinstance(images, list) and len(images) == len(loaded)
    assert [w for _, w in images] == [0] * len(images), images  # not one image decoded
    assert _magenta(blocked) == 0
    assert not [h for h in hits if h.startswith("/blocked/")]


def test_mobile_stacks_the_demos_two_column_row(
    engine: QtEngine, demo_html: Callable[[str], str]
) -> None:
    pixels(engine, demo_html("desktop"))
    ridge, scree = rect(engine, "img", "Ridge rain shell"), rect(engine, "img", "Scree mid boot")
    assert ridge["top"] == scree["top"] and scree["left"] > ridge["right"]
    shot = pixels(engine, demo_html("mobile"), PreviewState(size_mode=SizeMode.MOBILE))
    assert shot.width == MOBILE_WIDTH
    ridge, scree = rect(engine, "img", "Ridge rain shell"), rect(engine, "img", "Scree mid boot")
    assert abs(ridge["left"] - scree["left"]) < 1 and scree["top"] > ridge["bottom"]
    # On the pixels: both product images show, one above the other, in one column.
    for box in (ridge, scree):
        cx, cy = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
        assert px(shot, cx, cy) == MAGENTA
    between = (ridge["bottom"] + scree["top"]) / 2
    assert px(shot, (ridge["left"] + ridge["right"]) / 2, between) != MAGENTA


def test_a_colour_blindness_filter_changes_the_demos_red_button(
    engine: QtEngine, demo_html: Callable[[str], str]
) -> None:
    normal_shot = pixels(engine, demo_html("light"))
    cta = rect(engine, "a", "Shop the collection")
    x, y = cta["left"] + 8, (cta["top"] + cta["bottom"]) / 2  # in its 32 px padding
    normal = px(normal_shot, x, y)
    assert normal == CTA_RED
    seen = {
        vision: px(pixels(engine, demo_html("light"), PreviewState(vision=vision)), x, y)
        for vision in (Vision.PROTANOPIA, Vision.DEUTERANOPIA, Vision.ACHROMATOPSIA)
    }
    for vision, colour in seen.items():
        assert colour != normal, vision
        # red and green move closer: the swatch no longer reads as a strong red
        assert abs(colour[0] - colour[1]) < (normal[0] - normal[1]) / 2, (vision, colour)
    grey = seen[Vision.ACHROMATOPSIA]
    assert max(grey) - min(grey) <= 2
