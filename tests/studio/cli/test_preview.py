"""``mailwright preview``: real offscreen renders to PNG, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main

EMAIL = """<!doctype html><html lang="en"><head><style>body{margin:0;background:#ffffff}
@media (prefers-color-scheme: dark){body{background:#000000 !important}}</style></head>
<body><div style="height:50px;background:#ff0000">Hi {{ customer.first_name }}</div>
<div style="height:250px"></div></body></html>"""


@pytest.fixture
def email(tmp_path: Path) -> Path:
    path = tmp_path / "welcome.html"
    path.write_text(EMAIL, encoding="utf-8")
    return path


def test_preview_writes_a_full_height_png(email: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert main(["preview", str(email), "--raw", "--width", "420", "--scheme", "dark",
                 "-o", str(out)]) == 0
    img = Image.open(out).convert("RGB")
    assert img.size == (420, 300)
    assert img.getpixel((200, 200)) == (0, 0, 0)
    assert img.getpixel((200, 40))[0] > 200


def test_sheet_has_desktop_and_mobile_in_every_scheme(email: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.png"
    assert main(["preview", str(email), "--raw", "--sheet", "-o", str(out)]) == 0
    img = Image.open(out)
    assert img.width > 4 * 800 and img.height > 2 * 300


def test_liquid_is_rendered_with_a_profile(email: Path, tmp_path: Path) -> None:
    profile = tmp_path / "ada.json"
    profile.write_text('{"customer": {"first_name": "Ada"}}', encoding="utf-8")
    out = tmp_path / "ada.png"
    assert main(["preview", str(email), "--raw", "--data", str(profile), "-o", str(out)]) == 0


@pytest.mark.parametrize("args", [
    ["preview", "missing.html", "-o", "x.png"],
    ["preview", "{email}", "-o", "{tmp}/shot.jpg"],
    ["preview", "{email}", "--width", "5", "-o", "{tmp}/shot.png"],
    ["preview", "{email}", "-o", "{tmp}/no/such/folder/shot.png"],
    ["preview", "{email}", "--raw", "--data", "{tmp}/bad.json", "-o", "{tmp}/shot.png"],
])
def test_unusable_input_exits_2_with_a_message(
        args: list[str], email: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.json").write_text('{"a": ', encoding="utf-8")
    argv = [a.format(email=email, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mailwright: error:") and "Traceback" not in err
