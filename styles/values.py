"""Checks for single property values (one per :class:`~styles.model.ValueKind`).

Each check returns ``None`` when the value is fine, or the message to show.
References (``$colors.key``) are checked separately against the variables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeGuard

from styles.brackets import PLAIN, balanced
from styles.model import HEX_RE, REFERENCE_RE, ValueKind, VariableType

_NAMED_COLOR_WORDS = """
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
yellowgreen transparent currentcolor
"""
NAMED_COLORS = frozenset(_NAMED_COLOR_WORDS.split())

_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)"
_COLOR_FN = re.compile(
    rf"(?:rgba?|hsla?)\(\s*{_NUM}(?:%|deg)?(?:\s*[,\s/]\s*{_NUM}%?){{2,3}}\s*\)", re.I
)
_CSS_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_LENGTH = re.compile(rf"{_NUM}(?:px|em|rem|%|pt)")
_ZERO = re.compile(r"[+-]?0*\.?0+")
_UNSAFE = re.compile(r"[;{}<>\\]")
_WEIGHT_WORDS = frozenset({"normal", "bold", "lighter", "bolder"})
_DECORATIONS = frozenset({"none", "underline", "overline", "line-through"})
_IMAGE_START = re.compile(r"(?:repeating-)?(?:linear|radial|conic)-gradient\(|url\(", re.I)

Check = Callable[[object], str | None]


def show(value: object) -> str:
    """A value as an error message quotes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return str(value)


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_css_color(text: str) -> bool:
    """A colour literal: hex, rgb()/rgba()/hsl()/hsla(), or a named colour."""
    text = text.strip()
    return bool(
        _CSS_HEX.fullmatch(text) or _COLOR_FN.fullmatch(text) or text.lower() in NAMED_COLORS
    )


def _is_length(text: str) -> bool:
    return bool(_LENGTH.fullmatch(text) or _ZERO.fullmatch(text))


def _only_reference(text: str, kind: VariableType) -> bool:
    m = REFERENCE_RE.fullmatch(text.strip())
    return m is not None and m.group(1) == kind


def check_color(value: object) -> str | None:
    if isinstance(value, str) and (is_css_color(value) or _only_reference(value, "colors")):
        return None
    return f"expected a colour like #1a2b3c or rgba(…), got {show(value)}"


def check_font(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return (
            f"expected a font stack like Arial, sans-serif or a $fonts reference, got {show(value)}"
        )
    if _UNSAFE.search(value):
        return f"a font stack may not contain ; {{ }} < > or \\, got {show(value)}"
    if "$" in value and not _only_reference(value, "fonts"):
        return (
            f"a font reference must be the whole value, like $fonts.body_k2j3m4n5p6q7, got "
            f"{show(value)}"
        )
    return None


def check_length(value: object) -> str | None:
    if is_number(value) and value >= 0:
        return None
    if isinstance(value, str) and (_is_length(value.strip()) or _only_reference(value, "spacing")):
        return None
    return f"expected a size like 16 (px), 16px or 1.2em, got {show(value)}"


def check_line_height(value: object) -> str | None:
    if is_number(value) and value > 0:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text == "normal" or _is_length(text) or re.fullmatch(_NUM, text):
            return None
    return f"expected a line height like 1.5, 24px or 150%, got {show(value)}"


def check_weight(value: object) -> str | None:
    text = str(value).strip() if is_number(value) or isinstance(value, str) else ""
    if text in _WEIGHT_WORDS or (
        text.isdigit() and 100 <= int(text) <= 900 and int(text) % 100 == 0
    ):
        return None
    return (
        f"expected a font weight from 100 to 900 (in hundreds), normal or bold, got {show(value)}"
    )


def check_decoration(value: object) -> str | None:
    if isinstance(value, str):
        words = value.split()
        if (
            words
            and all(w in _DECORATIONS for w in words)
            and ("none" not in words or len(words) == 1)
        ):
            return None
    return f"expected none, underline, overline or line-through, got {show(value)}"


def check_radius(value: object) -> str | None:
    if is_number(value) and value >= 0:
        return None
    if isinstance(value, str) and (_is_length(value.strip()) or _only_reference(value, "radii")):
        return None
    return f"expected a radius like 8 (px), 8px or a $radii reference, got {show(value)}"


def check_spacing(value: object) -> str | None:
    if is_number(value) and value >= 0:
        return None
    if isinstance(value, str):
        parts = value.split()
        if 1 <= len(parts) <= 4 and all(
            _is_length(p) or _only_reference(p, "spacing") for p in parts
        ):
            return None
    return (
        "expected padding like 12, 12px 24px or $spacing references (1 to 4 values), "
        f"got {show(value)}"
    )


def check_image(value: object) -> str | None:
    if isinstance(value, str):
        text = value.strip()
        if text == "none":
            return None
        if (
            _IMAGE_START.match(text)
            and text.endswith(")")
            and balanced(text, "(", PLAIN)
            and not _UNSAFE.search(text.replace("\\", ""))
        ):
            return None
    return f"expected linear-gradient(…), radial-gradient(…), url(…) or none, got {show(value)}"


CHECKS: dict[ValueKind, Check] = {
    ValueKind.COLOR: check_color,
    ValueKind.FONT: check_font,
    ValueKind.LENGTH: check_length,
    ValueKind.LINE_HEIGHT: check_line_height,
    ValueKind.WEIGHT: check_weight,
    ValueKind.DECORATION: check_decoration,
    ValueKind.RADIUS: check_radius,
    ValueKind.SPACING: check_spacing,
    ValueKind.IMAGE: check_image,
}

#: Which variable types a value of each kind may refer to.
REFERABLE: dict[ValueKind, tuple[VariableType, ...]] = {
    ValueKind.COLOR: ("colors",),
    ValueKind.FONT: ("fonts",),
    ValueKind.LENGTH: ("spacing",),
    ValueKind.RADIUS: ("radii",),
    ValueKind.SPACING: ("spacing",),
    ValueKind.IMAGE: ("colors",),
}


def is_hex(value: object) -> bool:
    return isinstance(value, str) and HEX_RE.fullmatch(value) is not None
