"""CSS colour values and the forced-dark colour rewrites (pure Python).

Forced dark mode is emulated the way the clients do it: by rewriting the
colours the email declares (inline ``style``, ``bgcolor``/``color``/``text``/
``link`` attributes and declarations in ``<style>`` blocks), not with a CSS
filter, so images stay untouched and the result is the same in any engine.

* Outlook (partial inversion): light backgrounds become dark and dark
  foregrounds (text, borders) become light; colours already suited to a dark
  page are kept.
* Gmail (full inversion): every background and foreground colour has its
  HSL lightness inverted (hue and saturation kept), light or dark.

Lightness is compressed into 7 %–93 % so white turns into ``#121212`` rather
than pure black, as the clients do.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable
from enum import StrEnum

RGBA = tuple[int, int, int, float]


class Role(StrEnum):
    BACKGROUND = "background"
    FOREGROUND = "foreground"


class ForcedDark(StrEnum):
    OUTLOOK = "outlook"
    GMAIL = "gmail"


_HEX = re.compile(r"#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b")
_FUNC = re.compile(r"(rgba?|hsla?)\(\s*([^()]*)\)", re.IGNORECASE)
_NUM = r"\s*([+-]?[\d.]+%?)\s*"


def parse_color(text: str) -> RGBA | None:
    """``(r, g, b, alpha)`` of a CSS colour, or None for keywords and unknown values."""
    s = text.strip()
    low = s.lower()
    if low.startswith("#"):
        m = _HEX.fullmatch(s)
        if not m:
            return None
        h = m.group(1)
        if len(h) in (3, 4):
            h = "".join(c * 2 for c in h)
        r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
        a = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
        return r, g, b, a
    m = _FUNC.fullmatch(s)
    if m:
        parts = [p for p in re.split(r"[\s,/]+", m.group(2).strip()) if p]
        if len(parts) not in (3, 4):
            return None
        try:
            alpha = _alpha(parts[3]) if len(parts) == 4 else 1.0
            if m.group(1).lower().startswith("rgb"):
                r, g, b = (_channel(p) for p in parts[:3])
                return r, g, b, alpha
            hue = float(parts[0].removesuffix("deg")) / 360 % 1.0
            sat = _percent(parts[1])
            light = _percent(parts[2])
        except ValueError:
            return None
        rr, gg, bb = colorsys.hls_to_rgb(hue, light, sat)
        return round(rr * 255), round(gg * 255), round(bb * 255), alpha
    from PIL import ImageColor  # here: the studio imports this module before Chromium starts

    if low in ImageColor.colormap:
        rgb = ImageColor.getrgb(low)
        return rgb[0], rgb[1], rgb[2], 1.0
    return None


def _channel(p: str) -> int:
    v = float(p[:-1]) * 2.55 if p.endswith("%") else float(p)
    return max(0, min(255, round(v)))


def _alpha(p: str) -> float:
    v = float(p[:-1]) / 100 if p.endswith("%") else float(p)
    return max(0.0, min(1.0, v))


def _percent(p: str) -> float:
    if not p.endswith("%"):
        raise ValueError(p)
    return max(0.0, min(1.0, float(p[:-1]) / 100))


def format_color(c: RGBA) -> str:
    r, g, b, a = c
    if a >= 1.0:
        return f"#{r:02x}{g:02x}{b:02x}"
    return f"rgba({r}, {g}, {b}, {round(a, 3)})"


def lightness(c: RGBA) -> float:
    return colorsys.rgb_to_hls(c[0] / 255, c[1] / 255, c[2] / 255)[1]


def _with_lightness(c: RGBA, light: float) -> RGBA:
    h, _, s = colorsys.rgb_to_hls(c[0] / 255, c[1] / 255, c[2] / 255)
    r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, light)), s)
    return round(r * 255), round(g * 255), round(b * 255), c[3]


def _inverted(light: float) -> float:
    return 0.07 + (1.0 - light) * 0.86


def forced_dark_color(c: RGBA, role: Role, mode: ForcedDark) -> RGBA:
    """The colour a forced-dark client shows instead of ``c``."""
    light = lightness(c)
    if mode is ForcedDark.GMAIL:
        return _with_lightness(c, _inverted(light))
    if role is Role.BACKGROUND:
        return _with_lightness(c, _inverted(light)) if light > 0.5 else c
    return _with_lightness(c, _inverted(light)) if light < 0.5 else c


# A colour token inside a CSS value: hex, rgb()/hsl() functions or a bare word.
_TOKEN = re.compile(r"#[0-9a-fA-F]{3,8}\b|(?:rgba?|hsla?)\([^()]*\)|\b[a-zA-Z]+\b", re.IGNORECASE)
# Spans a rewrite must never touch: url(...) and template tokens.
_PROTECTED = re.compile(r"url\([^)]*\)|\{\{.*?\}\}|\{%.*?%\}|\{\{\{.*?\}\}\}", re.DOTALL)


def rewrite_value(value: str, fn: Callable[[RGBA], RGBA]) -> str:
    """Apply ``fn`` to every colour in a CSS value, leaving everything else byte-identical."""
    out: list[str] = []
    pos = 0
    for m in _PROTECTED.finditer(value):
        out.append(_rewrite_plain(value[pos : m.start()], fn))
        out.append(m.group(0))
        pos = m.end()
    out.append(_rewrite_plain(value[pos:], fn))
    return "".join(out)


def _rewrite_plain(text: str, fn: Callable[[RGBA], RGBA]) -> str:
    def sub(m: re.Match[str]) -> str:
        c = parse_color(m.group(0))
        return m.group(0) if c is None else format_color(fn(c))

    return _TOKEN.sub(sub, text)


_BACKGROUND_PROPS = frozenset({"background", "background-color"})
_FOREGROUND_PROPS = frozenset(
    {
        "color",
        "-webkit-text-fill-color",
        "text-decoration-color",
        "caret-color",
        "outline",
        "outline-color",
        "column-rule",
        "column-rule-color",
        "border",
        "border-color",
        "border-top",
        "border-right",
        "border-bottom",
        "border-left",
        "border-top-color",
        "border-right-color",
        "border-bottom-color",
        "border-left-color",
    }
)


def role_of(prop: str) -> Role | None:
    p = prop.strip().lower()
    if p in _BACKGROUND_PROPS:
        return Role.BACKGROUND
    if p in _FOREGROUND_PROPS:
        return Role.FOREGROUND
    return None


_DECL = re.compile(r"(?P<prop>-?[A-Za-z][\w-]*)(?P<sep>\s*:\s*)(?P<val>(?:url\([^)]*\)|[^;{}])*)")


def rewrite_declarations(css: str, mode: ForcedDark) -> str:
    """Forced-dark rewrite of a declaration list (a ``style`` attribute's value)."""

    def sub(m: re.Match[str]) -> str:
        role = role_of(m.group("prop"))
        if role is None:
            return m.group(0)
        val = rewrite_value(m.group("val"), lambda c: forced_dark_color(c, role, mode))
        return m.group("prop") + m.group("sep") + val

    return _DECL.sub(sub, css)


_RULE = re.compile(r"(?P<prelude>[^{}]*)\{(?P<body>[^{}]*)\}")


def rewrite_stylesheet(
    css: str, mode: ForcedDark, keep: Callable[[str], bool] = lambda prelude: False
) -> str:
    """Forced-dark rewrite of every style rule in a stylesheet.

    Rules whose selector ``keep`` accepts (e.g. ``[data-ogsc]`` rules, which
    the author wrote *for* dark mode) and at-rules like ``@font-face`` are
    left alone.
    """

    def sub(m: re.Match[str]) -> str:
        prelude = m.group("prelude")
        if prelude.strip().startswith("@") or keep(prelude):
            return m.group(0)
        return prelude + "{" + rewrite_declarations(m.group("body"), mode) + "}"

    return _RULE.sub(sub, css)
