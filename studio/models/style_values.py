"""What the properties panel's compound controls read and write: a colour with its
opacity, a background gradient, a padding/margin box.

Pure Python (no Qt). Each value has a ``parse`` that reads what a person (or the
panel) wrote — None when the text is something else (a global style reference,
Liquid, a CSS function this control does not edit), so the panel falls back to the
plain text field and never rewrites what it cannot read — and a ``css`` that writes
the shortest form a person would write. A colour is written by
:func:`styles.model.hex_to_css`, the same function that writes the global colours.

* :class:`ColorValue` — ``#rgb``/``#rrggbb``/``#rrggbbaa``/``rgb()``/``rgba()`` ↔
  hex + opacity (0–100): ``#1a2b3c`` at 100 %, ``rgba(26, 43, 60, 0.5)`` below.
* :class:`Gradient` — ``linear-gradient(<angle>deg, <colour> <pos>%, …)`` ↔ angle and
  stops (colour, position); stops are kept in order of position.
* :class:`BoxValue` — ``10px`` / ``10px 20px`` / ``10px 20px 5px`` / four sides ↔
  top, right, bottom, left; ``linked`` when all four are equal; written in the
  shortest CSS form (``14px 32px``), unitless numbers as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from styles.model import format_number, hex_to_css

_HEX_RE = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)"
_RGB_RE = re.compile(
    rf"rgba?\(\s*({_NUM})\s*[, ]\s*({_NUM})\s*[, ]\s*({_NUM})\s*(?:[,/]\s*({_NUM})(%?)\s*)?\)", re.I
)
_LENGTH_RE = re.compile(rf"{_NUM}(?:px|em|rem|%|pt)?|auto")
_BARE_NUMBER_RE = re.compile(rf"(?<![\w.#-]){_NUM}(?![\w.%(])")


#: the units a padding or margin side's picker offers (``BoxValue`` reads these)
BOX_UNITS = ("px", "%", "em", "rem", "pt")
_SIDE_RE = re.compile(rf"({_NUM})(px|em|rem|%|pt)?", re.I)


def split_length(text: str) -> tuple[str, str] | None:
    """A side's length as its number and unit: ``14px`` → (``14``, ``px``), ``0`` →
    (``0``, ``""``); None for anything else (``auto``, Liquid)."""
    m = _SIDE_RE.fullmatch(text.strip())
    return None if m is None else (m.group(1), (m.group(2) or "").lower())


def join_length(number: str, unit: str) -> str:
    """A side's length written from its number and unit; zero needs no unit."""
    return number if float(number) == 0 else number + unit


def px_lengths(text: str) -> str:
    """``text`` typed into a length field with every bare non-zero number given ``px``
    (``8 12`` → ``8px 12px``; ``0``, ``1.5em``, ``50%``, ``auto`` and Liquid stay as
    typed): a unitless length is not CSS, and a browser drops the whole declaration."""
    if "{" in text:
        return text  # Liquid or an expression: the designer's own syntax

    def unit(m: re.Match[str]) -> str:
        return m.group(0) if float(m.group(0)) == 0 else m.group(0) + "px"

    return _BARE_NUMBER_RE.sub(unit, text)


@dataclass(frozen=True, slots=True)
class ColorValue:
    """A colour as the colour control shows it: ``hex`` (``#rrggbb``, lower case) and
    ``opacity`` 0–100."""

    hex: str
    opacity: float = 100

    @classmethod
    def parse(cls, text: str | None) -> ColorValue | None:
        text = (text or "").strip()
        m = _HEX_RE.fullmatch(text)
        if m:
            digits = m.group(1).lower()
            if len(digits) in (3, 4):
                digits = "".join(c * 2 for c in digits)
            opacity = 100.0
            if len(digits) == 8:
                opacity = round(int(digits[6:], 16) / 255 * 100, 1)
                digits = digits[:6]
            return cls("#" + digits, opacity)
        m = _RGB_RE.fullmatch(text)
        if m:
            r, g, b = (max(0, min(255, round(float(m.group(i))))) for i in (1, 2, 3))
            opacity = 100.0
            if m.group(4) is not None:
                alpha = float(m.group(4))
                opacity = alpha if m.group(5) else alpha * 100
            return cls(f"#{r:02x}{g:02x}{b:02x}", max(0.0, min(100.0, round(opacity, 2))))
        return None

    @property
    def css(self) -> str:
        return hex_to_css(self.hex, self.opacity)

    def with_opacity(self, opacity: float) -> ColorValue:
        return replace(self, opacity=max(0.0, min(100.0, opacity)))


@dataclass(frozen=True, slots=True)
class Stop:
    """One colour stop of a gradient: its colour (CSS text) and position (0–100 %)."""

    color: str
    position: float


@dataclass(frozen=True, slots=True)
class Gradient:
    """A linear gradient: ``angle`` in degrees (180 = top to bottom) and its stops."""

    angle: float
    stops: tuple[Stop, ...]

    @classmethod
    def parse(cls, text: str | None) -> Gradient | None:
        """A ``linear-gradient(…)`` with an angle (or ``to <side>``) and colour stops,
        or None for anything else (a plain colour, a radial gradient, an image)."""
        text = (text or "").strip()
        m = re.fullmatch(r"linear-gradient\((.*)\)", text, re.I | re.S)
        if not m:
            return None
        parts = _split_top(m.group(1))
        if not parts:
            return None
        angle = 180.0
        first = parts[0].strip().lower()
        sides = {
            "to top": 0.0,
            "to right": 90.0,
            "to bottom": 180.0,
            "to left": 270.0,
            "to top right": 45.0,
            "to right top": 45.0,
            "to bottom right": 135.0,
            "to right bottom": 135.0,
            "to bottom left": 225.0,
            "to left bottom": 225.0,
            "to top left": 315.0,
            "to left top": 315.0,
        }
        am = re.fullmatch(rf"({_NUM})deg", first)
        if am:
            angle = float(am.group(1))
            parts = parts[1:]
        elif first in sides:
            angle = sides[first]
            parts = parts[1:]
        raw: list[tuple[str, float | None]] = []
        for part in parts:
            sm = re.fullmatch(rf"(.*?)(?:\s+({_NUM})%)?", part.strip(), re.S)
            assert sm is not None
            color = sm.group(1).strip()
            if not color or (
                ColorValue.parse(color) is None and not re.fullmatch(r"[a-zA-Z]+", color)
            ):
                return None
            raw.append((color, float(sm.group(2)) if sm.group(2) is not None else None))
        if len(raw) < 2:
            return None
        stops = []
        for i, (color, pos) in enumerate(raw):
            stops.append(Stop(color, pos if pos is not None else 100.0 * i / (len(raw) - 1)))
        return cls(angle, tuple(stops))

    @property
    def css(self) -> str:
        stops = ", ".join(
            f"{s.color} {format_number(s.position)}%"
            for s in sorted(self.stops, key=lambda s: s.position)
        )
        return f"linear-gradient({format_number(self.angle)}deg, {stops})"

    def with_stop(self, index: int, stop: Stop) -> Gradient:
        stops = list(self.stops)
        stops[index] = stop
        return replace(self, stops=tuple(stops))

    def add_stop(self, stop: Stop) -> Gradient:
        return replace(self, stops=tuple(sorted((*self.stops, stop), key=lambda s: s.position)))

    def remove_stop(self, index: int) -> Gradient:
        if len(self.stops) <= 2:
            raise ValueError("a gradient needs at least two stops")
        return replace(self, stops=self.stops[:index] + self.stops[index + 1 :])

    @classmethod
    def from_color(cls, color: str | None, angle: float = 180) -> Gradient:
        """A first gradient for a solid fill: the colour to a lighter copy of it."""
        value = ColorValue.parse(color) or ColorValue("#ffffff")
        r, g, b = (int(value.hex[i : i + 2], 16) for i in (1, 3, 5))
        light = "#" + "".join(f"{c + (255 - c) // 2:02x}" for c in (r, g, b))
        return cls(angle, (Stop(value.css, 0), Stop(light, 100)))


def _split_top(text: str) -> list[str]:
    """``text`` split at top-level commas (not inside parentheses)."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [p for p in (s.strip() for s in out) if p]


SIDES = ("top", "right", "bottom", "left")


@dataclass(frozen=True, slots=True)
class BoxValue:
    """Padding or margin as four sides (CSS text each: ``14px``, ``0``, ``8``)."""

    top: str
    right: str
    bottom: str
    left: str

    @classmethod
    def parse(cls, text: str | None) -> BoxValue | None:
        parts = (text or "").split()
        if not 1 <= len(parts) <= 4 or not all(_LENGTH_RE.fullmatch(p) for p in parts):
            return None
        if len(parts) == 1:
            parts *= 4
        elif len(parts) == 2:
            parts = [parts[0], parts[1], parts[0], parts[1]]
        elif len(parts) == 3:
            parts = [parts[0], parts[1], parts[2], parts[1]]
        return cls(*parts)

    @property
    def linked(self) -> bool:
        return self.top == self.right == self.bottom == self.left

    def side(self, name: str) -> str:
        return str(getattr(self, name))

    def with_side(self, name: str, value: str) -> BoxValue:
        if name not in SIDES:
            raise ValueError(f"unknown side {name!r}")
        return replace(self, **{name: value})

    def with_all(self, value: str) -> BoxValue:
        return BoxValue(value, value, value, value)

    @property
    def css(self) -> str:
        """The shortest CSS shorthand for the four sides."""
        t, r, b, left = self.top, self.right, self.bottom, self.left
        if r == left:
            if t == b:
                return t if t == r else f"{t} {r}"
            return f"{t} {r} {b}"
        return f"{t} {r} {b} {left}"


POSITIONS: tuple[str, ...] = (
    "center",
    "top",
    "bottom",
    "left",
    "right",
    "top left",
    "top right",
    "bottom left",
    "bottom right",
)
SIZES: tuple[str, ...] = ("cover", "contain", "auto")
REPEATS: tuple[str, ...] = ("no-repeat", "repeat", "repeat-x", "repeat-y")
_URL_RE = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.I | re.S)
_POSITION_WORD = re.compile(rf"(?:left|right|center|top|bottom|{_NUM}(?:%|px)?)\Z", re.I)


@dataclass(frozen=True, slots=True)
class BackgroundImage:
    """A background image as the ``background`` shorthand writes it: the fallback
    colour (shown where images are off), the image URL, its position, size and
    repeat — ``#2f4f3a url('https://…/hero.jpg') center / cover no-repeat``."""

    url: str
    position: str = "center"
    size: str = "cover"
    repeat: str = "no-repeat"
    color: str = ""

    @classmethod
    def parse(cls, text: str | None) -> BackgroundImage | None:
        """The shorthand with one ``url(…)``; None for anything else (a gradient, a
        colour, several layers, Liquid around the URL is kept verbatim)."""
        text = (text or "").strip()
        urls = list(_URL_RE.finditer(text))
        if len(urls) != 1 or "gradient(" in text.lower() or "," in _URL_RE.sub("", text):
            return None
        m = urls[0]
        rest = (text[: m.start()] + " " + text[m.end() :]).replace("/", " / ").split()
        color, position, size, repeat = "", [], "", ""
        after_slash = False
        for word in rest:
            low = word.lower()
            if word == "/":
                after_slash = True
            elif low in REPEATS:
                repeat = low
            elif after_slash and (low in SIZES or re.fullmatch(rf"{_NUM}(?:%|px)?", low)):
                size = f"{size} {low}".strip()
            elif _POSITION_WORD.fullmatch(low):
                position.append(low)
            elif ColorValue.parse(word) is not None or re.fullmatch(r"[a-z]+", low):
                color = word
            else:
                return None
        return cls(
            m.group(2), " ".join(position) or "center", size or "auto", repeat or "repeat", color
        )

    @property
    def css(self) -> str:
        url = self.url.replace("'", "%27")
        parts = [self.color, f"url('{url}')", f"{self.position} / {self.size}", self.repeat]
        return " ".join(p for p in parts if p)


#: a size's unit as the panel offers it, by the name ``Prop.units`` declares
UNIT_SUFFIX: dict[str, str] = {"px": "px", "percentage": "%", "auto": "auto", "em": "em"}


@dataclass(frozen=True, slots=True)
class SizeValue:
    """A size as number + unit: ``600`` / ``600px`` (px), ``50%``, ``auto``; ``plain``:
    px written as a bare number (the components read a bare number as px)."""

    number: str
    unit: str = "px"
    plain: bool = True

    @classmethod
    def parse(cls, text: str | None) -> SizeValue | None:
        text = (text or "").strip()
        if text.lower() == "auto":
            return cls("", "auto")
        m = re.fullmatch(rf"({_NUM})(px|%|em)?", text, re.I)
        if not m:
            return None
        unit = {"%": "percentage", None: "px"}.get(m.group(2), (m.group(2) or "").lower())
        return cls(m.group(1), unit, m.group(2) is None)

    @property
    def css(self) -> str:
        if self.unit == "auto":
            return "auto"
        if self.unit == "px" and self.plain:
            return self.number
        return f"{self.number}{UNIT_SUFFIX.get(self.unit, self.unit)}"

    def with_unit(self, unit: str) -> SizeValue:
        return replace(self, unit=unit, plain=self.plain and unit == "px")
