"""The global styles of a workspace: variables and component defaults.

Variables (colours, fonts, radii, spacing) each have a display name and an id
fixed when they are created; code refers to them by key ``<name>_<id>``.
Component defaults give the standard text, link,
button and divider components their brand look; each property is a plain value
or a dynamic value (see :mod:`styles.dynamic`) and may refer to a variable with
``$<type>.<key>``, e.g. ``"$colors.brand_k2j3m4n5p6q7"``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypeAlias

#: A plain property value: CSS text, or a number (px unless the property is unitless).
Leaf: TypeAlias = str | int | float
#: A property value as written in styles.json: plain or dynamic.
StyleValue: TypeAlias = Leaf | dict[str, Leaf]

VariableType = Literal["colors", "fonts", "radii", "spacing"]
VARIABLE_TYPES: tuple[VariableType, ...] = ("colors", "fonts", "radii", "spacing")

ID_LENGTH = 12
_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
ID_RE = re.compile(r"[a-z0-9]{12}")
HEX_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
#: A variable reference inside a property value: ``$colors.brand_k2j3m4n5p6q7``.
REFERENCE_RE = re.compile(r"\$(colors|fonts|radii|spacing)\.([A-Za-z0-9_]+)")


class StylesError(Exception):
    """Bad global styles: the file, where, and what is wrong.

    ``field`` is a path like ``colors[2].opacity``; ``line``/``column`` are
    1-based (0 when unknown). One error may carry several: ``errors`` lists all
    of them (including this one first) so a file is fixed in one pass.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        file: str = "",
        line: int = 0,
        column: int = 0,
        errors: list[StylesError] | None = None,
    ) -> None:
        self.message = message
        self.field = field
        self.file = file
        self.line = line
        self.column = column
        self.errors: list[StylesError] = errors if errors else [self]
        super().__init__(self._one())

    def _one(self) -> str:
        where = self.file
        if self.line:
            where = f"{where}:{self.line}:{self.column}" if where else f"{self.line}:{self.column}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.message])

    def __str__(self) -> str:
        return "\n".join(e._one() for e in self.errors)


def new_id() -> str:
    """A fresh variable id: 12 random lowercase base-36 characters."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))


def normalize_name(name: str) -> str:
    """The code form of a display name, ``[a-z0-9_]``: ``Brand Blue`` → ``brand_blue``."""
    out = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return out or "var"


def format_px(value: float) -> str:
    """``8`` → ``8px``, ``8.5`` → ``8.5px``, ``0`` → ``0``."""
    if value == 0:
        return "0"
    return f"{format_number(value)}px"


def format_number(value: float) -> str:
    """A number as CSS writes it: no trailing zeros, no exponent."""
    if type(value) is int:
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def hex_to_css(hex_value: str, opacity: float = 100) -> str:
    """``#1A2B3C`` at 100 % → ``#1a2b3c``; below 100 % → ``rgba(26, 43, 60, 0.5)``."""
    digits = hex_value.lstrip("#").lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if opacity >= 100:
        return "#" + digits
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    alpha = format_number(round(max(opacity, 0) / 100, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


# ---------------------------------------------------------------- variables


@dataclass(slots=True)
class ColorVar:
    """A colour: hex value plus opacity 0–100 (100 = opaque)."""

    name: str
    hex: str
    opacity: float = 100
    id: str = field(default_factory=new_id)

    @property
    def key(self) -> str:
        return f"{normalize_name(self.name)}_{self.id}"

    def css(self) -> str:
        return hex_to_css(self.hex, self.opacity)


#: Standard fonts and the stacks they expand to (the "Standard" font type).
STANDARD_FONTS: dict[str, str] = {
    "System": (
        "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
    ),
    "Arial": "Arial, Helvetica, sans-serif",
    "Helvetica": "Helvetica, Arial, sans-serif",
    "Verdana": "Verdana, Geneva, sans-serif",
    "Tahoma": "Tahoma, Verdana, Geneva, sans-serif",
    "Trebuchet MS": "'Trebuchet MS', Helvetica, Arial, sans-serif",
    "Georgia": "Georgia, 'Times New Roman', Times, serif",
    "Times New Roman": "'Times New Roman', Times, serif",
    "Palatino": "'Palatino Linotype', Palatino, 'Book Antiqua', Georgia, serif",
    "Courier New": "'Courier New', Courier, monospace",
}


def quote_family(family: str) -> str:
    """Quote a font family name that is not a single identifier."""
    family = family.strip()
    if re.fullmatch(r"-?[A-Za-z_][A-Za-z0-9_-]*", family):
        return family
    return f"'{family}'"


@dataclass(slots=True)
class FontVar:
    """A font: a standard one (``family`` names a :data:`STANDARD_FONTS` entry) or a
    custom web font (``family`` as in its stylesheet at ``url``, plus a ``fallback``).

    ``stack`` is the advanced "Font stack" field: when set it wins over everything.
    """

    name: str
    family: str
    type: Literal["standard", "custom"] = "standard"
    url: str = ""
    fallback: str = ""
    stack: str = ""
    id: str = field(default_factory=new_id)

    @property
    def key(self) -> str:
        return f"{normalize_name(self.name)}_{self.id}"

    def css(self) -> str:
        """The full ``font-family`` stack."""
        if self.stack:
            return self.stack
        if self.type == "standard":
            return STANDARD_FONTS.get(self.family, quote_family(self.family))
        fallback = STANDARD_FONTS.get(self.fallback, self.fallback) or "sans-serif"
        return f"{quote_family(self.family)}, {fallback}"


@dataclass(slots=True)
class LengthVar:
    """A length in px: the shape of :class:`RadiusVar` and :class:`SpacingVar`, which
    stay two types (a radius never equals a spacing)."""

    name: str
    px: float
    id: str = field(default_factory=new_id)

    @property
    def key(self) -> str:
        return f"{normalize_name(self.name)}_{self.id}"

    def css(self) -> str:
        return format_px(self.px)


@dataclass(slots=True)
class RadiusVar(LengthVar):
    """A corner radius in px."""


@dataclass(slots=True)
class SpacingVar(LengthVar):
    """A spacing (padding, gaps) in px."""


Variable: TypeAlias = ColorVar | FontVar | RadiusVar | SpacingVar


# ---------------------------------------------------------- component schema


class ValueKind(StrEnum):
    """What a property value must look like (validated on load)."""

    COLOR = "color"  # #1a2b3c, rgba(…), named colour, or $colors ref
    FONT = "font"  # a font stack or $fonts ref
    LENGTH = "length"  # number (px) or CSS length
    LINE_HEIGHT = "line-height"  # number (multiplier), length, percentage or normal
    WEIGHT = "weight"  # 100–900 or normal/bold
    DECORATION = "decoration"  # none | underline | overline | line-through
    RADIUS = "radius"  # number (px), CSS length, or $radii ref
    SPACING = "spacing"  # 1–4 lengths / $spacing refs (padding)
    IMAGE = "image"  # linear-gradient(…), radial-gradient(…), url(…) or none


@dataclass(frozen=True, slots=True)
class PropSpec:
    """One component-default property: the CSS property it emits, the kind of
    value it takes, and whether it accepts dark-mode / responsive values."""

    css: str
    kind: ValueKind
    dark: bool = False
    responsive: bool = False
    label: str = ""


_TEXT_PROPS: dict[str, PropSpec] = {
    "color": PropSpec("color", ValueKind.COLOR, dark=True, label="Text colour"),
    "font-family": PropSpec("font-family", ValueKind.FONT, label="Font"),
    "font-size": PropSpec("font-size", ValueKind.LENGTH, responsive=True, label="Size"),
    "font-weight": PropSpec("font-weight", ValueKind.WEIGHT, label="Weight"),
    "line-height": PropSpec(
        "line-height", ValueKind.LINE_HEIGHT, responsive=True, label="Line height"
    ),
}

#: Component defaults: component → property → spec. Order is the order files are written in.
COMPONENT_PROPS: dict[str, dict[str, PropSpec]] = {
    **{f"heading{n}": _TEXT_PROPS for n in range(1, 7)},
    "paragraph": _TEXT_PROPS,
    "link": {
        "color": PropSpec("color", ValueKind.COLOR, dark=True, label="Colour"),
        "font-weight": PropSpec("font-weight", ValueKind.WEIGHT, label="Weight"),
        "text-decoration": PropSpec("text-decoration", ValueKind.DECORATION, label="Decoration"),
    },
    "button": {
        "color": PropSpec("color", ValueKind.COLOR, dark=True, label="Text colour"),
        "font-family": PropSpec("font-family", ValueKind.FONT, label="Font"),
        "font-size": PropSpec("font-size", ValueKind.LENGTH, responsive=True, label="Size"),
        "font-weight": PropSpec("font-weight", ValueKind.WEIGHT, label="Weight"),
        "padding": PropSpec("padding", ValueKind.SPACING, responsive=True, label="Padding"),
        "background": PropSpec(
            "background-color", ValueKind.COLOR, dark=True, responsive=True, label="Fill"
        ),
        "background-image": PropSpec(
            "background-image", ValueKind.IMAGE, dark=True, label="Gradient / image"
        ),
        "border-radius": PropSpec("border-radius", ValueKind.RADIUS, label="Radius"),
    },
    "divider": {
        "background-color": PropSpec("background-color", ValueKind.COLOR, dark=True, label="Fill"),
        "height": PropSpec("height", ValueKind.LENGTH, responsive=True, label="Height"),
    },
}

#: Which component defaults each standard tag starts from (paragraph styles also
#: cover lists and the text of base/section/box/column; the paragraph font also
#: applies to links).
DEFAULTS_FOR_TAG: dict[str, str] = {
    **{f"x-heading-{n}": f"heading{n}" for n in range(1, 7)},
    "x-paragraph": "paragraph",
    "x-list": "paragraph",
    "x-base": "paragraph",
    "x-section": "paragraph",
    "x-box": "paragraph",
    "x-column": "paragraph",
    "x-cta": "button",
    "x-hr": "divider",
}


# -------------------------------------------------------------- the styles


@dataclass(slots=True)
class GlobalStyles:
    """Everything in a workspace's styles.json."""

    colors: list[ColorVar] = field(default_factory=list)
    fonts: list[FontVar] = field(default_factory=list)
    radii: list[RadiusVar] = field(default_factory=list)
    spacing: list[SpacingVar] = field(default_factory=list)
    #: component → property → value (see :data:`COMPONENT_PROPS`)
    defaults: dict[str, dict[str, StyleValue]] = field(default_factory=dict)
    version: int = 1

    def variables(self) -> Iterator[tuple[VariableType, Variable]]:
        """Every variable with its type, in file order."""
        for kind in VARIABLE_TYPES:
            for var in self._list(kind):
                yield kind, var

    def _list(self, kind: VariableType) -> Sequence[Variable]:
        if kind == "colors":
            return self.colors
        if kind == "fonts":
            return self.fonts
        if kind == "radii":
            return self.radii
        return self.spacing

    def find(self, kind: VariableType, key: str) -> Variable | None:
        """The variable a reference key names. Only the id counts: ``brand_k2j3m4n5p6q7``,
        ``old_name_k2j3m4n5p6q7`` and ``k2j3m4n5p6q7`` all find the same colour."""
        var_id = reference_id(key)
        for var in self._list(kind):
            if var.id == var_id:
                return var
        return None

    def resolve(self, value: str) -> str:
        """Replace every ``$type.key`` reference in ``value`` with its CSS value.

        Raises :class:`StylesError` for a reference to a missing variable.
        """
        if "$" not in value:
            return value

        def sub(m: re.Match[str]) -> str:
            kind: VariableType = m.group(1)  # type: ignore[assignment]
            var = self.find(kind, m.group(2))
            if var is None:
                raise StylesError(f"unknown {kind} variable {m.group(2)!r}")
            return var.css()

        return REFERENCE_RE.sub(sub, value)

    def resolve_value(self, value: StyleValue) -> StyleValue:
        """:meth:`resolve` every string in a plain or dynamic value."""
        if isinstance(value, str):
            return self.resolve(value)
        if isinstance(value, dict):
            return {k: self.resolve(v) if isinstance(v, str) else v for k, v in value.items()}
        return value

    def canonical_references(self, value: StyleValue) -> StyleValue:
        """Rewrite references to the variables' current keys (after a rename)."""

        def fix(text: str) -> str:
            def sub(m: re.Match[str]) -> str:
                var = self.find(m.group(1), m.group(2))  # type: ignore[arg-type]
                return m.group(0) if var is None else f"${m.group(1)}.{var.key}"

            return REFERENCE_RE.sub(sub, text) if "$" in text else text

        if isinstance(value, Mapping):
            return {k: fix(v) if isinstance(v, str) else v for k, v in value.items()}
        return fix(value) if isinstance(value, str) else value

    def remove_variable(self, var_id: str) -> Variable | None:
        """Delete a variable; component defaults that used it keep its last value
        (the reference is replaced by the CSS it stood for)."""
        for kind, var in self.variables():
            if var.id == var_id:
                self.colors = [v for v in self.colors if v is not var]
                self.fonts = [v for v in self.fonts if v is not var]
                self.radii = [v for v in self.radii if v is not var]
                self.spacing = [v for v in self.spacing if v is not var]
                self._inline(kind, var)
                return var
        return None

    def _inline(self, kind: VariableType, var: Variable) -> None:
        def fix(text: str) -> str:
            def sub(m: re.Match[str]) -> str:
                same = m.group(1) == kind and reference_id(m.group(2)) == var.id
                return var.css() if same else m.group(0)

            return REFERENCE_RE.sub(sub, text)

        for props in self.defaults.values():
            for name, value in props.items():
                if isinstance(value, dict):
                    props[name] = {k: fix(v) if isinstance(v, str) else v for k, v in value.items()}
                elif isinstance(value, str):
                    props[name] = fix(value)

    def font_stylesheets(self) -> list[str]:
        """Stylesheet URLs of the custom fonts the component defaults use, in order."""
        used: list[str] = []
        for props in self.defaults.values():
            for value in props.values():
                leaves = value.values() if isinstance(value, dict) else (value,)
                for leaf in leaves:
                    if not isinstance(leaf, str):
                        continue
                    for m in REFERENCE_RE.finditer(leaf):
                        var = self.find(m.group(1), m.group(2))  # type: ignore[arg-type]
                        if (
                            isinstance(var, FontVar)
                            and var.type == "custom"
                            and var.url
                            and var.url not in used
                        ):
                            used.append(var.url)
        return used


def reference_id(key: str) -> str:
    """The id part of a reference key (``brand_k2j3m4n5p6q7`` → ``k2j3m4n5p6q7``)."""
    return key[-ID_LENGTH:] if len(key) >= ID_LENGTH else key
