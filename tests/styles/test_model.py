from __future__ import annotations

import re

import pytest

from styles.model import (
    ColorVar,
    FontVar,
    GlobalStyles,
    RadiusVar,
    SpacingVar,
    StylesError,
    hex_to_css,
    new_id,
    normalize_name,
)


def test_new_id_shape_and_randomness() -> None:
    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"[a-z0-9]{12}", i) for i in ids)


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("Brand", "brand"),
        ("Brand Blue", "brand_blue"),
        ("  Brand -- Blue!! ", "brand_blue"),
        ("Überschrift 1", "berschrift_1"),
        ("already_ok_9", "already_ok_9"),
        ("!!!", "var"),
    ],
)
def test_normalize_name(name: str, expect: str) -> None:
    assert normalize_name(name) == expect


@pytest.mark.parametrize(
    ("hex_value", "opacity", "expect"),
    [
        ("#1A2B3C", 100, "#1a2b3c"),
        ("#abc", 100, "#aabbcc"),
        ("#1a2b3c", 50, "rgba(26, 43, 60, 0.5)"),
        ("#000000", 0, "rgba(0, 0, 0, 0)"),
        ("#fff", 33, "rgba(255, 255, 255, 0.33)"),
        ("#102030", 99.5, "rgba(16, 32, 48, 0.995)"),
    ],
)
def test_hex_to_css(hex_value: str, opacity: float, expect: str) -> None:
    assert hex_to_css(hex_value, opacity) == expect


def test_variable_keys_and_css() -> None:
    color = ColorVar("Brand Blue", "#2563EB", 80, id="k2j3m4n5p6q7")
    assert color.key == "brand_blue_k2j3m4n5p6q7"
    assert color.css() == "rgba(37, 99, 235, 0.8)"
    assert RadiusVar("Round", 8, id="aaaaaaaaaaaa").css() == "8px"
    assert SpacingVar("Gap", 12.5, id="aaaaaaaaaaab").css() == "12.5px"
    assert SpacingVar("None", 0, id="aaaaaaaaaaac").css() == "0"


@pytest.mark.parametrize(
    ("font", "expect"),
    [
        (FontVar("Body", "Georgia"), "Georgia, 'Times New Roman', Times, serif"),
        (
            FontVar("Body", "Inter", "custom", "https://x.test/inter.css", "Arial"),
            "Inter, Arial, Helvetica, sans-serif",
        ),
        (
            FontVar("Body", "Open Sans", "custom", "https://x.test/o.css", "Georgia, serif"),
            "'Open Sans', Georgia, serif",
        ),
        (FontVar("Body", "Open Sans", "custom", "https://x.test/o.css"), "'Open Sans', sans-serif"),
        (
            FontVar("Body", "Inter", "custom", "https://x.test/i.css", "Arial", stack="Inter, Foo"),
            "Inter, Foo",
        ),
    ],
)
def test_font_stacks(font: FontVar, expect: str) -> None:
    assert font.css() == expect


def _styles() -> GlobalStyles:
    return GlobalStyles(
        colors=[
            ColorVar("Brand", "#2563eb", id="k2j3m4n5p6q7"),
            ColorVar("Ink", "#111111", id="inkinkinkink"),
        ],
        fonts=[
            FontVar(
                "Body", "Inter", "custom", "https://f.test/inter.css", "Arial", id="fontfontfont"
            )
        ],
        defaults={
            "link": {
                "color": {"light": "$colors.brand_k2j3m4n5p6q7", "dark": "$colors.ink_inkinkinkink"}
            },
            "paragraph": {"font-family": "$fonts.body_fontfontfont"},
        },
    )


def test_resolve_by_id_whatever_the_name_part() -> None:
    styles = _styles()
    assert styles.resolve("$colors.brand_k2j3m4n5p6q7") == "#2563eb"
    assert styles.resolve("$colors.old_name_k2j3m4n5p6q7") == "#2563eb"
    assert styles.resolve("$colors.k2j3m4n5p6q7") == "#2563eb"
    assert (
        styles.resolve("linear-gradient($colors.brand_k2j3m4n5p6q7, #fff)")
        == "linear-gradient(#2563eb, #fff)"
    )
    with pytest.raises(StylesError, match="unknown colors variable"):
        styles.resolve("$colors.gone_zzzzzzzzzzzz")


def test_canonical_references_follow_a_rename() -> None:
    styles = _styles()
    styles.colors[0].name = "Primary"
    assert (
        styles.canonical_references("$colors.brand_k2j3m4n5p6q7") == "$colors.primary_k2j3m4n5p6q7"
    )


def test_remove_variable_inlines_its_last_value() -> None:
    styles = _styles()
    removed = styles.remove_variable("k2j3m4n5p6q7")
    assert isinstance(removed, ColorVar)
    assert [c.id for c in styles.colors] == ["inkinkinkink"]
    assert styles.defaults["link"]["color"] == {
        "light": "#2563eb",
        "dark": "$colors.ink_inkinkinkink",
    }
    assert styles.remove_variable("nothingnothi") is None


def test_font_stylesheets_lists_used_custom_fonts() -> None:
    styles = _styles()
    assert styles.font_stylesheets() == ["https://f.test/inter.css"]
    styles.defaults["paragraph"] = {}
    assert styles.font_stylesheets() == []


def test_styles_error_format() -> None:
    err = StylesError("bad", field="colors[0].hex", file="styles.json", line=3, column=7)
    assert str(err) == "styles.json:3:7: colors[0].hex: bad"
    assert err.errors == [err]
    assert str(StylesError("bad")) == "bad"
    assert str(StylesError("bad", line=2, column=1)) == "2:1: bad"
