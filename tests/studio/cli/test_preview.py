"""``mailwright preview``: real offscreen renders to PNG, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main, make_parser
from studio.cli.preview import (
    SHEET_PAD,
    SHEET_SCHEMES,
    SHEET_WIDTHS,
    sheet_boxes,
    state_from,
)
from studio.models.preview import Scheme, Vision

EMAIL = """<!doctype html><html lang="en"><head><style>body{margin:0;background:#ffffff}
@media (prefers-color-scheme: dark){body{background:#000000 !important}}</style></head>
<body><div style="height:50px;background:#ff0000">Hi {{ customer.first_name }}</div>
<div style="height:250px"></div></body></html>"""


def rgb(img: Image.Image, x: int, y: int) -> tuple[int, ...]:
    """The colour at (x, y) of an RGB image."""
    colour = img.getpixel((x, y))
    assert isinstance(colour, tuple)
    return colour


@pytest.fixture
def email(tmp_path: Path) -> Path:
    path = tmp_path / "welcome.html"
    path.write_text(EMAIL, encoding="utf-8")
    return path


def test_preview_writes_a_full_height_png(email: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert (
        main(["preview", str(email), "--raw", "--width", "420", "--scheme", "dark", "-o", str(out)])
        == 0
    )
    img = Image.open(out).convert("RGB")
    assert img.size == (420, 300)
    assert rgb(img, 200, 200) == (0, 0, 0)
    assert rgb(img, 200, 40)[0] > 200


def test_sheet_has_desktop_and_mobile_in_every_scheme(email: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.png"
    assert main(["preview", str(email), "--raw", "--sheet", "-o", str(out)]) == 0
    img = Image.open(out).convert("RGB")
    sizes = [(w, 300) for _, w in SHEET_WIDTHS for _ in SHEET_SCHEMES]
    boxes = sheet_boxes(sizes, columns=len(SHEET_SCHEMES))
    assert img.size == (
        max(x + w for x, _, w, _ in boxes) + SHEET_PAD,
        max(y + h for _, y, _, h in boxes) + SHEET_PAD,
    )
    assert [w for _, _, w, _ in boxes] == [800] * 4 + [375] * 4
    page: dict[tuple[int, Scheme], tuple[int, ...]] = {}
    for i, (x, y, w, h) in enumerate(boxes):
        width, scheme = SHEET_WIDTHS[i // 4][1], SHEET_SCHEMES[i % 4]
        page[width, scheme] = rgb(img, x + w // 2, y + 200)  # the body under the block
        assert rgb(img, x + w // 2, y + h - 2) == page[width, scheme]  # full height
    for width in (800, 375):
        assert page[width, Scheme.LIGHT] == (255, 255, 255)
        assert page[width, Scheme.DARK] == (0, 0, 0)  # the email's own dark-mode rule
        for forced in (Scheme.FORCED_DARK_OUTLOOK, Scheme.FORCED_DARK_GMAIL):
            assert max(page[width, forced]) < 60, (width, forced, page[width, forced])
            assert page[width, forced] != (0, 0, 0)  # forced dark is not the dark-mode rule


def test_liquid_is_rendered_with_a_profile(email: Path, tmp_path: Path) -> None:
    profile = tmp_path / "ada.json"
    profile.write_text('{"customer": {"first_name": "Ada"}}', encoding="utf-8")
    out = tmp_path / "ada.png"
    assert main(["preview", str(email), "--raw", "--data", str(profile), "-o", str(out)]) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["preview", "missing.html", "-o", "x.png"],
        ["preview", "{email}", "-o", "{tmp}/shot.jpg"],
        ["preview", "{email}", "--width", "5", "-o", "{tmp}/shot.png"],
        ["preview", "{email}", "-o", "{tmp}/no/such/folder/shot.png"],
        ["preview", "{email}", "--raw", "--data", "{tmp}/bad.json", "-o", "{tmp}/shot.png"],
    ],
)
def test_unusable_input_exits_2_with_a_message(
    args: list[str], email: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text('{"a": ', encoding="utf-8")
    argv = [a.format(email=email, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mailwright: error:") and "Traceback" not in err


def test_flags_make_the_preview_state(email: Path) -> None:
    args = make_parser().parse_args(
        [
            "preview",
            str(email),
            "-o",
            "x.png",
            "--width",
            "375",
            "--scheme",
            "forced-dark-outlook",
            "--block-images",
            "--block-styles",
            "--vision",
            "tritanopia",
            "--show-hidden",
        ]
    )
    state = state_from(args)
    assert (state.width, state.scheme, state.vision) == (
        375,
        Scheme.FORCED_DARK_OUTLOOK,
        Vision.TRITANOPIA,
    )
    assert state.block_images and state.block_styles and state.show_hidden
    plain = state_from(make_parser().parse_args(["preview", str(email), "-o", "x.png"]))
    assert (plain.width, plain.scheme, plain.vision) == (800, Scheme.LIGHT, Vision.NONE)
    assert not (plain.block_images or plain.block_styles or plain.show_hidden)


def test_block_images_and_vision_reach_the_render(tmp_path: Path) -> None:
    red = tmp_path / "red.html"
    red.write_text(
        '<body style="margin:0"><div style="height:40px;background:#ff0000"></div>'
        '<img src="pic.png" alt="" width="40" height="40"></body>',
        encoding="utf-8",
    )
    Image.new("RGB", (40, 40), (0, 0, 255)).save(tmp_path / "pic.png")
    shots = {}
    for name, extra in (
        ("plain", []),
        ("blocked", ["--block-images"]),
        ("achromatopsia", ["--vision", "achromatopsia"]),
    ):
        out = tmp_path / f"{name}.png"
        assert main(["preview", str(red), "--raw", "--width", "200", *extra, "-o", str(out)]) == 0
        shots[name] = Image.open(out).convert("RGB")
    assert rgb(shots["plain"], 20, 60) == (0, 0, 255)  # the image, loaded from its folder
    assert rgb(shots["blocked"], 20, 60) != (0, 0, 255)
    r, g, b = rgb(shots["achromatopsia"], 20, 20)
    assert rgb(shots["plain"], 20, 20) == (255, 0, 0) and r == g == b  # red turned grey


def test_default_profile_renders_liquid_unless_no_data() -> None:
    from studio.cli.preview import email_html
    from tests.conftest import DEMO

    email = DEMO / "emails" / "marketing" / "spring-collection.html"
    html, _, notes = email_html(email, raw=False, data=None, use_default_data=True)
    assert "{{ customer.first_name" not in html and "Hi Maya" in html
    assert any("maya.json" in n for n in notes)
    as_written, _, _ = email_html(email, raw=False, data=None, use_default_data=False)
    assert "{{ customer.first_name" in as_written
