"""CSS colour parsing and the forced-dark colour rules."""

from __future__ import annotations

import pytest

from studio.render.colors import (
    ForcedDark,
    Role,
    forced_dark_color,
    format_color,
    lightness,
    parse_color,
    rewrite_declarations,
    rewrite_stylesheet,
)


@pytest.mark.parametrize(
    ("text", "rgba"),
    [
        ("#fff", (255, 255, 255, 1.0)),
        ("#FF000080", (255, 0, 0, 128 / 255)),
        ("rgb(1, 2, 3)", (1, 2, 3, 1.0)),
        ("rgba(10,20,30,0.5)", (10, 20, 30, 0.5)),
        ("rgb(100% 0% 0% / 50%)", (255, 0, 0, 0.5)),
        ("hsl(120, 100%, 50%)", (0, 255, 0, 1.0)),
        ("White", (255, 255, 255, 1.0)),
    ],
)
def test_parse_color(text: str, rgba: tuple[int, int, int, float]) -> None:
    assert parse_color(text) == rgba


@pytest.mark.parametrize(
    "text", ["transparent", "inherit", "currentColor", "#ggg", "rgb(1,2)", "url(a.png)", "solid"]
)
def test_keywords_and_junk_are_not_colours(text: str) -> None:
    assert parse_color(text) is None


def test_outlook_darkens_light_backgrounds_and_lightens_dark_text_only() -> None:
    white, black = (255, 255, 255, 1.0), (0, 0, 0, 1.0)
    assert lightness(forced_dark_color(white, Role.BACKGROUND, ForcedDark.OUTLOOK)) < 0.1
    assert forced_dark_color(black, Role.BACKGROUND, ForcedDark.OUTLOOK) == black
    assert lightness(forced_dark_color(black, Role.FOREGROUND, ForcedDark.OUTLOOK)) > 0.9
    assert forced_dark_color(white, Role.FOREGROUND, ForcedDark.OUTLOOK) == white


def test_gmail_inverts_everything() -> None:
    navy = (0, 0, 80, 1.0)
    assert lightness(forced_dark_color(navy, Role.BACKGROUND, ForcedDark.GMAIL)) > 0.75
    assert format_color(
        forced_dark_color((255, 255, 255, 0.5), Role.BACKGROUND, ForcedDark.GMAIL)
    ).startswith("rgba(18, 18, 18, 0.5")


def test_declarations_keep_urls_liquid_and_other_properties() -> None:
    css = (
        "background:#ffffff url(img/white.png) no-repeat; color:{{ brand.color }};"
        " width:600px; border:1px solid black"
    )
    out = rewrite_declarations(css, ForcedDark.OUTLOOK)
    assert "url(img/white.png)" in out and "{{ brand.color }}" in out and "width:600px" in out
    assert "#ffffff" not in out and "black" not in out


def test_stylesheet_keeps_data_ogs_rules_and_at_rules() -> None:
    css = (
        "@font-face{font-family:X;src:url(x.woff)} .a{background-color:#fff}"
        " [data-ogsb] .a{background-color:#fff !important}"
        " @media (max-width:600px){.b{color:#000}}"
    )
    out = rewrite_stylesheet(css, ForcedDark.OUTLOOK, lambda p: "data-ogs" in p)
    assert "[data-ogsb] .a{background-color:#fff !important}" in out
    assert ".a{background-color:#fff}" not in out
    assert ".b{color:#000}" not in out and "@font-face{font-family:X;src:url(x.woff)}" in out
