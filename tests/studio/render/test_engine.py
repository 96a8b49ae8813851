"""The offscreen engine on real rendered pixels (Qt WebEngine, one warm engine)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from studio.models.preview import MOBILE_WIDTH, PreviewState, Scheme, SizeMode, Vision
from studio.render.engine import QtEngine
from tests.http_servers import image_handler, serving, solid_png
from tests.studio.render.pixels import pixels, px

pytestmark = pytest.mark.qt


DARK_RULE = """<!doctype html><html><head><style>
body{margin:0;background:#ffffff}
@media (prefers-color-scheme: dark){body{background:#102030 !important}}
</style></head><body><div style="height:40px;width:100px;background:#00ff00"></div>
<div style="height:500px"></div></body></html>"""


def test_dark_scheme_changes_the_body_background(engine: QtEngine) -> None:
    light = pixels(engine, DARK_RULE)
    dark = pixels(engine, DARK_RULE, PreviewState(scheme=Scheme.DARK))
    assert px(light, 400, 300) == (255, 255, 255)
    assert px(dark, 400, 300) == (0x10, 0x20, 0x30)
    assert px(dark, 50, 20) == (0, 255, 0)


WHITE_BLOCK = """<!doctype html><html><body style="margin:0;background:#ffffff">
<div style="background-color:#ffffff;color:#000000;height:200px;font-size:30px">Text</div>
<div style="background:#202020;height:100px"></div></body></html>"""


@pytest.mark.parametrize("scheme", [Scheme.FORCED_DARK_OUTLOOK, Scheme.FORCED_DARK_GMAIL])
def test_forced_dark_inverts_a_white_block(engine: QtEngine, scheme: Scheme) -> None:
    light = pixels(engine, WHITE_BLOCK)
    forced = pixels(engine, WHITE_BLOCK, PreviewState(scheme=scheme))
    assert px(light, 600, 150) == (255, 255, 255)
    assert max(px(forced, 600, 150)) < 40
    dark_block = px(forced, 600, 250)
    if scheme is Scheme.FORCED_DARK_OUTLOOK:
        assert dark_block == (0x20, 0x20, 0x20)  # already dark: kept
    else:
        assert min(dark_block) > 200  # full inversion: turned light


def test_outlook_applies_the_emails_data_ogsb_rules(engine: QtEngine) -> None:
    html = (
        "<html><head><style>[data-ogsb] .hero{background-color:#ff8800 !important}"
        "</style></head><body style='margin:0'>"
        "<div class='hero' style='background:#ffffff;height:80px'></div></body></html>"
    )
    out = pixels(engine, html, PreviewState(scheme=Scheme.FORCED_DARK_OUTLOOK))
    assert px(out, 100, 40) == (0xFF, 0x88, 0x00)
    assert px(pixels(engine, html), 100, 40) == (255, 255, 255)


@pytest.fixture
def image_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    with serving(image_handler(solid_png((255, 0, 0)), hits)) as base:
        yield base, hits


def test_block_images_shows_no_image_and_requests_nothing(
    engine: QtEngine, image_server: tuple[str, list[str]]
) -> None:
    base, hits = image_server
    html = (
        f"<html><body style='margin:0;background:#fff'>"
        f"<img src='{base}/a.png?1' width='200' height='100' alt=''>"
        f"<div style=\"background-image:url('{base}/b.png?1');width:200px;height:100px\">"
        f"</div><img src='data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'"
        " width='50' height='50' alt=''></body></html>"
    )
    shown = pixels(engine, html)
    assert px(shown, 100, 50) == (255, 0, 0) and px(shown, 100, 150) == (255, 0, 0)
    assert len(hits) == 2  # the control: without blocking, both images are fetched
    hits.clear()
    blocked = pixels(engine, html.replace("?1", "?2"), PreviewState(block_images=True))
    reds = sum(
        1
        for x in range(0, blocked.width, 4)
        for y in range(0, blocked.height, 4)
        if px(blocked, x, y)[0] > 200 and max(px(blocked, x, y)[1:]) < 60
    )
    assert reds == 0
    assert hits == []


def test_a_colour_blindness_filter_changes_a_red_swatch(engine: QtEngine) -> None:
    html = "<body style='margin:0'><div style='background:#ff0000;height:100px'></div></body>"
    normal = px(pixels(engine, html), 50, 50)
    assert normal == (255, 0, 0)
    for vision in (Vision.PROTANOPIA, Vision.DEUTERANOPIA, Vision.ACHROMATOPSIA):
        seen = px(pixels(engine, html, PreviewState(vision=vision)), 50, 50)
        assert seen != normal and seen[0] < 200, vision
    grey = px(pixels(engine, html, PreviewState(vision=Vision.ACHROMATOPSIA)), 50, 50)
    assert max(grey) - min(grey) <= 2


TWO_COLUMNS = """<!doctype html><html><head><meta name="viewport" content="width=device-width">
<style>body{margin:0}.col{display:inline-block;width:290px;height:60px;vertical-align:top}
@media (max-width:600px){.col{display:block !important;width:100% !important}}</style></head>
<body><div style="width:600px;max-width:100%"><div class="col" id="a" style="background:#f00">
</div><div class="col" id="b" style="background:#00f"></div></div></body></html>"""

BOXES = (
    "['a','b'].map(function(id){var r=document.getElementById(id)"
    ".getBoundingClientRect(); return [r.left, r.top, r.width];})"
)


def test_mobile_width_stacks_a_two_column_layout(engine: QtEngine) -> None:
    engine.load_html(TWO_COLUMNS)
    (ax, ay, _), (bx, by, _) = engine.evaluate(BOXES)
    assert ay == by and bx > ax
    engine.load_html(TWO_COLUMNS, PreviewState(size_mode=SizeMode.MOBILE))
    (ax, ay, aw), (bx, by, _) = engine.evaluate(BOXES)
    assert ax == bx == 0 and by >= ay + 60 and aw == MOBILE_WIDTH
    shot = engine.screenshot()
    assert shot.width() == MOBILE_WIDTH and shot.height() == 120


def test_email_scripts_never_run(engine: QtEngine) -> None:
    html = (
        "<html><body style='margin:0;background:#ffffff'>"
        "<script>document.body.style.background='#ff0000';window.ran=1</script>"
        "<img src='data:,x' onerror=\"document.body.style.background='#0000ff'\">"
        "<div style='height:300px' onmouseover=\"this.style.background='#0f0'\"></div>"
        "<a id='l' href=\"javascript:document.body.style.background='#00ff00'\">x</a>"
        "</body></html>"
    )
    shot = pixels(engine, html)
    assert px(shot, 400, 200) == (255, 255, 255)
    assert engine.evaluate("document.body.style.background") == "rgb(255, 255, 255)"
    engine.evaluate("document.getElementById('l').click()")
    assert engine.evaluate("document.body.style.background") == "rgb(255, 255, 255)"


def test_full_height_screenshot_follows_the_content(engine: QtEngine) -> None:
    html = "<body style='margin:0'><div style='height:2345px;background:#abcdef'></div></body>"
    shot = engine.render(html, width=500)
    assert (shot.width(), shot.height()) == (500, 2345)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_a_server_that_never_answers_costs_its_image_not_the_render(
    engine: QtEngine, silent_server: str
) -> None:
    html = f"<body><img src='{silent_server}/never.png' alt='x'></body>"
    engine.render(html, timeout_s=4.0)  # given up after half the budget, rendered broken
    assert engine.stalled == [f"{silent_server}/never.png"]
    shot = pixels(engine, "<body style='margin:0;background:#00ff00'><p>x</p></body>")
    assert px(shot, 10, 5) == (0, 255, 0)
    assert engine.stalled == []
