"""The compound controls' values: read what a person wrote, write the shortest form."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from studio.models.style_values import (
    BoxValue,
    ColorValue,
    Gradient,
    Stop,
    join_length,
    px_lengths,
    split_length,
)


@dataclass(frozen=True)
class Case:
    description: str
    text: str
    expect: object


COLORS = [
    Case("hex", "#2F4F3A", ("#2f4f3a", 100, "#2f4f3a")),
    Case("short hex", "#fff", ("#ffffff", 100, "#ffffff")),
    Case("hex with alpha", "#00000080", ("#000000", 50.2, "rgba(0, 0, 0, 0.502)")),
    Case("rgba", "rgba(26, 43, 60, 0.5)", ("#1a2b3c", 50, "rgba(26, 43, 60, 0.5)")),
    Case("rgb", "rgb(255 0 0)", ("#ff0000", 100, "#ff0000")),
    Case("a global style is not a colour here", "globalStyles.colors.moss", None),
    Case("Liquid is not", "{{ brand.color }}", None),
    Case("a gradient is not", "linear-gradient(#fff, #000)", None),
]


@pytest.mark.parametrize("case", COLORS, ids=lambda c: c.description)
def test_colour_reads_and_writes(case: Case) -> None:
    value = ColorValue.parse(case.text)
    assert (None if value is None else (value.hex, value.opacity, value.css)) == case.expect


def test_opacity_below_100_writes_rgba() -> None:
    assert ColorValue("#1d6fb8").with_opacity(80).css == "rgba(29, 111, 184, 0.8)"
    assert ColorValue("#1d6fb8").with_opacity(140).css == "#1d6fb8"


GRADIENTS = [
    Case(
        "angle and positions",
        "linear-gradient(135deg, #1d3b2a 0%, #2f4f3a 100%)",
        "linear-gradient(135deg, #1d3b2a 0%, #2f4f3a 100%)",
    ),
    Case(
        "no angle: top to bottom, even stops",
        "linear-gradient(#fff, #888, #000)",
        "linear-gradient(180deg, #fff 0%, #888 50%, #000 100%)",
    ),
    Case(
        "side keyword",
        "linear-gradient(to right, red 10%, blue 90%)",
        "linear-gradient(90deg, red 10%, blue 90%)",
    ),
    Case(
        "rgba stops",
        "linear-gradient(45deg, rgba(0, 0, 0, 0.5) 0%, #fff 100%)",
        "linear-gradient(45deg, rgba(0, 0, 0, 0.5) 0%, #fff 100%)",
    ),
    Case("radial is not edited here", "radial-gradient(#fff, #000)", None),
    Case("a colour is not a gradient", "#ffffff", None),
    Case("one stop is not a gradient", "linear-gradient(90deg, #fff)", None),
]


@pytest.mark.parametrize("case", GRADIENTS, ids=lambda c: c.description)
def test_gradient_reads_and_writes(case: Case) -> None:
    value = Gradient.parse(case.text)
    assert (None if value is None else value.css) == case.expect


def test_gradient_stops_edit_in_position_order() -> None:
    g = Gradient.from_color("#2f4f3a", 135)
    assert g.css == "linear-gradient(135deg, #2f4f3a 0%, #97a79c 100%)"
    g = g.add_stop(Stop("#ffffff", 40)).with_stop(0, Stop("#000000", 0))
    assert g.css == "linear-gradient(135deg, #000000 0%, #ffffff 40%, #97a79c 100%)"
    assert g.remove_stop(1).css == "linear-gradient(135deg, #000000 0%, #97a79c 100%)"
    with pytest.raises(ValueError, match="two stops"):
        g.remove_stop(1).remove_stop(0)


BOXES = [
    Case("one", "10px", ("10px", "10px", "10px", "10px", True, "10px")),
    Case("two", "14px 32px", ("14px", "32px", "14px", "32px", False, "14px 32px")),
    Case("three", "32px 32px 8px", ("32px", "32px", "8px", "32px", False, "32px 32px 8px")),
    Case("four, shortened", "4px 8px 4px 8px", ("4px", "8px", "4px", "8px", False, "4px 8px")),
    Case("unitless", "0", ("0", "0", "0", "0", True, "0")),
    Case("Liquid is not a box", "{{ pad }}", None),
    Case("five values are not", "1px 2px 3px 4px 5px", None),
]


@pytest.mark.parametrize("case", BOXES, ids=lambda c: c.description)
def test_box_reads_and_writes(case: Case) -> None:
    value = BoxValue.parse(case.text)
    assert (
        None
        if value is None
        else (value.top, value.right, value.bottom, value.left, value.linked, value.css)
    ) == case.expect


def test_box_sides_linked_and_unlinked() -> None:
    box = BoxValue.parse("14px 32px")
    assert box is not None
    assert box.with_side("left", "20px").css == "14px 32px 14px 20px"
    assert box.with_all("12px").css == "12px"
    with pytest.raises(ValueError, match="unknown side"):
        box.with_side("middle", "1px")


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("8", "8px"),
        ("8 12", "8px 12px"),
        ("12 0 4.5 0", "12px 0 4.5px 0"),
        ("-4", "-4px"),
        ("0", "0"),
        ("8px", "8px"),
        ("1.5em 8", "1.5em 8px"),
        ("50%", "50%"),
        ("auto", "auto"),
        ("{{ pad }}", "{{ pad }}"),
        ("", ""),
    ],
)
def test_bare_numbers_typed_as_lengths_are_pixels(typed: str, written: str) -> None:
    assert px_lengths(typed) == written


IMAGES = [
    Case(
        "the studio's form",
        "#2f4f3a url('https://e.x/hero.jpg') center / cover no-repeat",
        (
            "https://e.x/hero.jpg",
            "center",
            "cover",
            "no-repeat",
            "#2f4f3a",
            "#2f4f3a url('https://e.x/hero.jpg') center / cover no-repeat",
        ),
    ),
    Case(
        "a bare url: the CSS defaults",
        "url(a.png)",
        ("a.png", "center", "auto", "repeat", "", "url('a.png') center / auto repeat"),
    ),
    Case(
        "position words and a size in px",
        'url("b.png") top left / 300px no-repeat',
        ("b.png", "top left", "300px", "no-repeat", "", "url('b.png') top left / 300px no-repeat"),
    ),
    Case(
        "Liquid in the URL kept",
        "url('{{ hero }}') center / cover no-repeat",
        (
            "{{ hero }}",
            "center",
            "cover",
            "no-repeat",
            "",
            "url('{{ hero }}') center / cover no-repeat",
        ),
    ),
    Case("a gradient is not an image here", "linear-gradient(#fff, #000)", None),
    Case("two layers are not", "url(a.png), url(b.png)", None),
    Case("a colour is not", "#ffffff", None),
]


@pytest.mark.parametrize("case", IMAGES, ids=lambda c: c.description)
def test_background_image_reads_and_writes(case: Case) -> None:
    from studio.models.style_values import BackgroundImage

    value = BackgroundImage.parse(case.text)
    assert (
        None
        if value is None
        else (value.url, value.position, value.size, value.repeat, value.color, value.css)
    ) == case.expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("600", ("600", "px", "600")),
        ("600px", ("600", "px", "600px")),
        ("50%", ("50", "percentage", "50%")),
        ("auto", ("", "auto", "auto")),
        ("1.5em", ("1.5", "em", "1.5em")),
        ("{{ w }}", None),
    ],
)
def test_size_reads_and_writes(text: str, expect: tuple[str, str, str] | None) -> None:
    from studio.models.style_values import SizeValue

    value = SizeValue.parse(text)
    assert (None if value is None else (value.number, value.unit, value.css)) == expect


def test_size_unit_changes() -> None:
    from studio.models.style_values import SizeValue

    value = SizeValue.parse("600")
    assert value is not None
    assert value.with_unit("percentage").css == "600%"
    assert value.with_unit("auto").css == "auto"
    assert value.with_unit("px").css == "600"


def test_a_side_split_into_number_and_unit_and_joined_back() -> None:
    assert split_length("14px") == ("14", "px") and split_length(" 1.5EM ") == ("1.5", "em")
    assert split_length("0") == ("0", "") and split_length("50%") == ("50", "%")
    assert split_length("auto") is None and split_length("{{ pad }}") is None
    assert join_length("14", "em") == "14em" and join_length("0", "px") == "0"
    assert join_length("0.0", "%") == "0.0" and join_length("-4", "px") == "-4px"
