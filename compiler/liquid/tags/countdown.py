"""``{% countdown %}``: the product's animated countdown timer (liquid-recipes).

    {% countdown point:64 font:roboto weight:light fg:000000 bg:f2f6f9
       time:"2022-07-04 12:00:00 (GMT)" locale:en looping:true resolution:S frames:2 %}

The product renders an animated GIF on its image service. Mailwright has no
such service, so the tag renders an ``<img>`` whose ``src`` is a clearly fake
URL on the reserved preview domain carrying the normalised parameters, and
whose ``alt`` names the moment counted down to. What the docs specify is
checked where the tag is written: the required ``point``, ``fg``, ``bg`` and
``time``; integers, hex colours, the font, weight, locale, ``looping`` and
``resolution`` values; ``frames`` within what the resolution allows (the GIF
holds at most 60 frames: seconds 60, minutes 2, hours 1, days 1). A value
written as ``{{ expression }}`` is read from the profile and checked when the
message renders.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from liquid.ast import Node
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import Token

from compiler.liquid.primitives import PREVIEW_HOST, required
from compiler.liquid.tags.arguments import (
    OutputNode,
    embedded_expression,
    expression_token,
    named_arguments,
)
from compiler.liquid.tags.syntax import DeclaredTag, valid_syntax

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.expression import Expression
    from liquid.stream import TokenStream

SYNTAX_FORM = (
    'countdown point:SIZE fg:HEX bg:HEX time:"YYYY-MM-DD hh:mm:ss (TZ)" '
    "[font:inter|roboto] [weight:WEIGHT] [locale:en|ru|jp|zh|pt|es] "
    "[looping:true|false] [resolution:S|M|H|D] [frames:N]"
)

REQUIRED = ("point", "fg", "bg", "time")
DEFAULTS: dict[str, str] = {
    "font": "inter",
    "weight": "normal",
    "locale": "en",
    "looping": "false",
    "resolution": "S",
    "frames": "1",
}
OPTIONS = frozenset(REQUIRED) | frozenset(DEFAULTS)
FONTS = frozenset({"inter", "roboto"})
LOCALES = frozenset({"en", "ru", "jp", "zh", "pt", "es"})
WEIGHTS = frozenset(
    {
        "normal",
        "bold",
        "bolder",
        "lighter",
        "thin",
        "extralight",
        "light",
        "medium",
        "semibold",
        "extrabold",
        "black",
        *(str(n) for n in range(100, 1000, 100)),
    }
)
# Frames the 60-frame GIF can show at each resolution.
MAX_FRAMES = {"S": 60, "M": 2, "H": 1, "D": 1}

_ARG = re.compile(r"""(\w+)\s*:\s*("[^"]*"|'[^']*'|\{\{.*?\}\}|[^\s"']+)""", re.S)
_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(?:\(\s*([^)]*?)\s*\))?")
_OFFSET = re.compile(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


class CountdownValueError(ValueError):
    """A parameter value the docs do not allow; ``str()`` says which and why."""


def parse_time(text: str) -> dt.datetime:
    """``2022-07-04 12:00:00 (GMT)``: the zone in brackets is an IANA name, GMT/UTC or an
    offset (``+02:00``); without one the time is UTC."""
    m = _TIME.fullmatch(text.strip())
    if m is None:
        raise CountdownValueError(f"time '{text}' is not in the format YYYY-MM-DD hh:mm:ss (TZ)")
    clock = m.group(2) if m.group(2).count(":") == 2 else m.group(2) + ":00"
    try:
        naive = dt.datetime.fromisoformat(f"{m.group(1)}T{clock}")
    except ValueError:
        raise CountdownValueError(f"time '{text}' is not a real date and time") from None
    return naive.replace(tzinfo=_zone(m.group(3) or "UTC"))


def _zone(name: str) -> dt.tzinfo:
    upper = name.upper()
    if upper in ("GMT", "UTC", "Z"):
        return dt.UTC
    off = _OFFSET.fullmatch(upper)
    if off is not None:
        minutes = int(off.group(2)) * 60 + int(off.group(3) or 0)
        if minutes >= 24 * 60:
            raise CountdownValueError(f"time zone offset '{name}' is more than a day")
        sign = -1 if off.group(1) == "-" else 1
        return dt.timezone(sign * dt.timedelta(minutes=minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CountdownValueError(f"unknown time zone '{name}'") from None


def _whole(name: str, text: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d+", text):
        raise CountdownValueError(f"{name} must be a whole number, not '{text}'")
    value = int(text)
    if not low <= value <= high:
        raise CountdownValueError(f"{name} must be from {low} to {high}, not {value}")
    return value


def _choice(name: str, text: str, allowed: frozenset[str]) -> str:
    if text.lower() not in allowed:
        raise CountdownValueError(
            f"{name} must be one of {', '.join(sorted(allowed))}, not '{text}'"
        )
    return text.lower()


def _colour(name: str, text: str) -> str:
    m = _HEX.fullmatch(text)
    if m is None:
        raise CountdownValueError(f"{name} must be a hex colour such as f2f6f9, not '{text}'")
    digits = m.group(1).lower()
    return digits if len(digits) == 6 else "".join(c * 2 for c in digits)


@dataclass(frozen=True)
class Countdown:
    """A checked countdown: every parameter, normalised."""

    point: int
    fg: str
    bg: str
    time: dt.datetime
    time_text: str
    font: str
    weight: str
    locale: str
    looping: bool
    resolution: str
    frames: int

    def url(self, host: str = PREVIEW_HOST) -> str:
        query = urlencode(
            {
                "time": self.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "point": self.point,
                "fg": self.fg,
                "bg": self.bg,
                "font": self.font,
                "weight": self.weight,
                "locale": self.locale,
                "looping": "true" if self.looping else "false",
                "resolution": self.resolution,
                "frames": self.frames,
            }
        )
        return f"https://{host}/countdown.gif?{query}"

    def html(self) -> str:
        alt = f"Countdown to {self.time_text}"
        return f'<img src="{escape(self.url())}" alt="{escape(alt)}" border="0">'


def check(values: dict[str, str]) -> Countdown:
    """Check and normalise parameter texts (raises :class:`CountdownValueError`)."""
    missing = [name for name in REQUIRED if name not in values]
    if missing:
        raise CountdownValueError(f"missing {', '.join(missing)}")
    full = {**DEFAULTS, **values}
    looping = full["looping"].lower()
    if looping not in ("true", "false"):
        raise CountdownValueError(f"looping must be true or false, not '{full['looping']}'")
    resolution = full["resolution"].upper()
    if resolution not in MAX_FRAMES:
        raise CountdownValueError(f"resolution must be one of S, M, H, D, not '{resolution}'")
    return Countdown(
        point=_whole("point", full["point"], 1, 512),
        fg=_colour("fg", full["fg"]),
        bg=_colour("bg", full["bg"]),
        time=parse_time(full["time"]),
        time_text=full["time"].strip(),
        font=_choice("font", full["font"], FONTS),
        weight=_choice("weight", full["weight"], WEIGHTS),
        locale=_choice("locale", full["locale"], LOCALES),
        looping=looping == "true",
        resolution=resolution,
        frames=_whole("frames", full["frames"], 1, MAX_FRAMES[resolution]),
    )


class CountdownNode(OutputNode):
    __slots__ = ("checked", "expressions_", "literals")

    def __init__(
        self,
        token: Token,
        literals: dict[str, str],
        expressions: dict[str, Expression],
        checked: Countdown | None,
    ) -> None:
        super().__init__(token)
        self.literals = literals
        self.expressions_ = expressions
        self.checked = checked

    def __str__(self) -> str:
        return "{% countdown %}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        if self.checked is not None:
            return buffer.write(self.checked.html())
        values = dict(self.literals)
        for name, expr in self.expressions_.items():
            value = required(expr.evaluate(context))
            if isinstance(value, bool):
                value = "true" if value else "false"
            values[name] = "" if value is None else str(value)
        try:
            return buffer.write(check(values).html())
        except CountdownValueError as exc:
            raise LiquidError(f"countdown: {exc}", token=self.token) from None


class CountdownTag(DeclaredTag):
    name = "countdown"
    block = False
    syntax = valid_syntax("countdown", SYNTAX_FORM)

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        expr = expression_token(stream)
        if expr is None:
            raise LiquidSyntaxError("missing point, fg, bg, time", token=token)
        literals: dict[str, str] = {}
        expressions: dict[str, Expression] = {}
        for key, raw, at in named_arguments(expr.value, expr, _ARG, OPTIONS):
            if key in literals or key in expressions:
                raise LiquidSyntaxError(f"'{key}' is given twice", token=expr)
            if raw.startswith("{{"):
                expressions[key] = embedded_expression(self.env, raw, expr, at)
            else:
                literals[key] = raw[1:-1] if raw[0] in "\"'" else raw
        checked: Countdown | None = None
        try:
            if expressions:
                # Check what is written now; the rest when the profile is known.
                missing = [n for n in REQUIRED if n not in literals and n not in expressions]
                if missing:
                    raise CountdownValueError(f"missing {', '.join(missing)}")
                sample = {**{n: _SAMPLE[n] for n in expressions}, **literals}
                check(sample)
            else:
                checked = check(literals)
        except CountdownValueError as exc:
            raise LiquidSyntaxError(str(exc), token=expr) from None
        return CountdownNode(token, literals, expressions, checked)


# Stand-ins for values given as {{ … }} when checking the written ones at parse time.
_SAMPLE = {
    "point": "12",
    "fg": "000000",
    "bg": "ffffff",
    "time": "2000-01-01 00:00:00",
    "font": "inter",
    "weight": "normal",
    "locale": "en",
    "looping": "false",
    "resolution": "S",
    "frames": "1",
}


TAGS: tuple[type[Tag], ...] = (CountdownTag,)
