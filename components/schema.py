"""Typed prop schemas, shared by standard and custom components.

A schema validates a prop value the way zod v3 does (same issue codes and
messages: ``Required``, ``Expected number, received string``, ``Invalid enum
value. Expected 'left' | 'center' | 'right', received 'x'``), coerces literal
attribute strings to its type (``"16"`` → 16, ``"true"``/``""`` → True), and
describes itself as JSON so docs, the properties panel and autocompletion are
generated from it. :class:`Prop` adds the properties-panel metadata (type,
label, section, options, …) of the Design Studio ``defineProps`` format.

Schemas are immutable: ``optional()``, ``default()``, ``array()`` and
:func:`with_dynamic_styles` return new schemas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Final


class _Missing:
    """The value of a prop that was not given at all (JS ``undefined``)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

DARK_KEYS = ("light", "dark")
RESPONSIVE_KEYS = ("small", "medium")
COMBINED_KEYS = ("small:light", "small:dark", "medium:light", "medium:dark")


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One zod-style issue: ``code``, ``path`` (keys and indexes) and ``message``."""

    code: str
    path: tuple[str | int, ...]
    message: str

    def describe(self, prop: str = "") -> str:
        where = ".".join(str(p) for p in ((prop,) if prop else ()) + self.path)
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "path": list(self.path), "message": self.message}


def received_type(value: object) -> str:
    """The zod name of a value's type (``string``, ``number``, ``nan``, ``array`` …)."""
    if value is MISSING or value is None:
        return "undefined" if value is MISSING else "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "nan" if isinstance(value, float) and math.isnan(value) else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "function" if callable(value) else "unknown"


@dataclass(frozen=True, slots=True)
class Dynamic:
    """Which dynamic-value objects a schema accepts (S:dark-mode, S:responsive-styles)."""

    dark_mode: bool = False
    responsive: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        keys: tuple[str, ...] = ()
        if self.dark_mode:
            keys += DARK_KEYS
        if self.responsive:
            keys += RESPONSIVE_KEYS
        if self.dark_mode and self.responsive:
            keys += COMBINED_KEYS
        return keys

    def __bool__(self) -> bool:
        return self.dark_mode or self.responsive


def _invalid_type(expected: str, value: object, path: tuple[str | int, ...]) -> SchemaIssue:
    got = received_type(value)
    if got == "undefined":
        return SchemaIssue("invalid_type", path, "Required")
    return SchemaIssue("invalid_type", path, f"Expected {expected}, received {got}")


@dataclass(frozen=True, slots=True)
class Schema:
    """Base schema: accepts anything. Subclasses narrow ``_check``."""

    kind: ClassVar[str] = "any"
    is_optional: bool = False
    default_value: object = MISSING
    dynamic: Dynamic = field(default_factory=Dynamic)

    # -- builders -------------------------------------------------------------
    def optional(self) -> Schema:
        return replace(self, is_optional=True)

    def default(self, value: object) -> Schema:
        return replace(self, default_value=value)

    def array(self) -> ArraySchema:
        return ArraySchema(item=self)

    # -- validation ---------------------------------------------------------
    def parse(
        self, value: object, path: tuple[str | int, ...] = ()
    ) -> tuple[object, list[SchemaIssue]]:
        """Validate ``value``: the value to use (default applied) and the issues."""
        if value is MISSING or value is None:
            if self.default_value is not MISSING:
                return self.default_value, []
            if self.is_optional:
                return MISSING, []
            return MISSING, [SchemaIssue("invalid_type", path, "Required")]
        if isinstance(value, InvalidLiteral):
            return MISSING, [
                SchemaIssue(
                    "invalid_type",
                    path,
                    f"Expected {value.expected}, received string ({value.reason})",
                )
            ]
        if self.dynamic and isinstance(value, Mapping) and not self._accepts_mapping():
            return self._parse_dynamic(value, path)
        issues: list[SchemaIssue] = []
        out = self._check(value, path, issues)
        return out, issues

    def _accepts_mapping(self) -> bool:
        return False

    def _parse_dynamic(
        self, value: Mapping[str, object], path: tuple[str | int, ...]
    ) -> tuple[object, list[SchemaIssue]]:
        allowed = self.dynamic.keys
        issues: list[SchemaIssue] = []
        extra = [k for k in value if k not in allowed]
        if extra:
            keys = ", ".join(f"'{k}'" for k in extra)
            issues.append(
                SchemaIssue("unrecognized_keys", path, f"Unrecognized key(s) in object: {keys}")
            )
        out: dict[str, object] = {}
        for key in allowed:
            if key in value and value[key] is not None:
                out[key] = self._check(value[key], (*path, key), issues)
        return out, issues

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        return value

    def coerce(self, literal: str) -> object:
        """A literal attribute string converted toward this schema's type."""
        return literal

    def read_literal(self, literal: str) -> tuple[object, list[SchemaIssue]]:
        """A literal attribute string validated: ``parse(coerce(literal))``. The
        subclasses answer their common cases directly (emails repeat these a lot)."""
        return self.parse(self.coerce(literal))

    # -- description ----------------------------------------------------------
    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {"type": self.kind}
        if self.is_optional:
            out["optional"] = True
        if self.default_value is not MISSING:
            out["default"] = self.default_value
        if self.dynamic:
            out["dynamic"] = {
                "darkMode": self.dynamic.dark_mode,
                "responsive": self.dynamic.responsive,
            }
        out.update(self._describe_extra())
        return out

    def _describe_extra(self) -> dict[str, object]:
        return {}


@dataclass(frozen=True, slots=True)
class StringSchema(Schema):
    kind: ClassVar[str] = "string"

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        if isinstance(value, str):
            return value
        issues.append(_invalid_type("string", value, path))
        return MISSING

    def read_literal(self, literal: str) -> tuple[object, list[SchemaIssue]]:
        return literal, []


_NUMBER_RE = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


@dataclass(frozen=True, slots=True)
class NumberSchema(Schema):
    """A number. ``css=True`` (standard components) also accepts CSS strings like ``1.2em``."""

    kind: ClassVar[str] = "number"
    css: bool = False
    minimum: float | None = None
    maximum: float | None = None

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        if isinstance(value, str) and _NUMBER_RE.fullmatch(value):
            value = _to_number(value)
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and not (isinstance(value, float) and math.isnan(value))
        ):
            if isinstance(value, float) and math.isinf(value):
                # zod's .finite(): an endless number has no CSS or layout meaning
                issues.append(SchemaIssue("not_finite", path, "Number must be finite"))
                return MISSING
            if self.minimum is not None and value < self.minimum:
                issues.append(
                    SchemaIssue(
                        "too_small",
                        path,
                        f"Number must be greater than or equal to {_fmt(self.minimum)}",
                    )
                )
            if self.maximum is not None and value > self.maximum:
                issues.append(
                    SchemaIssue(
                        "too_big",
                        path,
                        f"Number must be less than or equal to {_fmt(self.maximum)}",
                    )
                )
            return value
        if self.css and isinstance(value, str) and value.strip():
            return value
        issues.append(_invalid_type("number", value, path))
        return MISSING

    def coerce(self, literal: str) -> object:
        return _to_number(literal) if _NUMBER_RE.fullmatch(literal) else literal

    def read_literal(self, literal: str) -> tuple[object, list[SchemaIssue]]:
        if (
            literal.isdecimal()
            and literal.isascii()
            and len(literal) < 16
            and self.minimum is None
            and self.maximum is None
        ):
            return int(literal), []  # what _to_number makes of it
        if self.css and literal[-1:].isalpha():
            return literal, []  # a CSS length (``24px``): no number ends with a letter
        if _NUMBER_RE.fullmatch(literal):
            number = _to_number(literal)
            if (
                (type(number) is int or math.isfinite(number))
                and self.minimum is None
                and self.maximum is None
            ):
                return number, []
            return self.parse(number)
        if self.css and literal.strip():
            return literal, []
        return self.parse(literal)

    def _describe_extra(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.css:
            out["css"] = True
        if self.minimum is not None:
            out["min"] = self.minimum
        if self.maximum is not None:
            out["max"] = self.maximum
        return out


@dataclass(frozen=True, slots=True)
class BooleanSchema(Schema):
    kind: ClassVar[str] = "boolean"

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        if isinstance(value, bool):
            return value
        issues.append(_invalid_type("boolean", value, path))
        return MISSING

    def coerce(self, literal: str) -> object:
        low = literal.strip().lower()
        if low in ("", "true"):
            return True
        if low == "false":
            return False
        return literal

    def read_literal(self, literal: str) -> tuple[object, list[SchemaIssue]]:
        value = self.coerce(literal)
        return (value, []) if type(value) is bool else self.parse(value)


@dataclass(frozen=True, slots=True)
class EnumSchema(Schema):
    kind: ClassVar[str] = "enum"
    values: tuple[str, ...] = ()

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _fmt(value)
        if isinstance(value, str) and value in self.values:
            return value
        expected = " | ".join(f"'{v}'" for v in self.values)
        if isinstance(value, str):
            issues.append(
                SchemaIssue(
                    "invalid_enum_value",
                    path,
                    f"Invalid enum value. Expected {expected}, received '{value}'",
                )
            )
        else:
            issues.append(_invalid_type(expected, value, path))
        return MISSING

    def read_literal(self, literal: str) -> tuple[object, list[SchemaIssue]]:
        return (literal, []) if literal in self.values else self.parse(literal)

    def _describe_extra(self) -> dict[str, object]:
        return {"values": list(self.values)}


#: the types of an array of ints (:meth:`ArraySchema.parse`)
_INT_ONLY = frozenset({int})


@dataclass(frozen=True, slots=True)
class ArraySchema(Schema):
    kind: ClassVar[str] = "array"
    item: Schema = field(default_factory=Schema)

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        if not isinstance(value, (list, tuple)):
            issues.append(_invalid_type("array", value, path))
            return MISSING
        item = self.item
        if (
            type(item) is NumberSchema
            and item.minimum is None
            and item.maximum is None
            and not item.dynamic
            and _INT_ONLY.issuperset(map(type, value))  # (each an int: no generator)
        ):
            return list(value)  # what each item's parse gives (``[50, 50]``: a row layout)
        out = []
        for i, item in enumerate(value):
            parsed, item_issues = self.item.parse(item, (*path, i))
            issues.extend(item_issues)
            out.append(parsed)
        return out

    def coerce(self, literal: str) -> object:
        """``"[50,50]"`` → ``[50, 50]`` (JSON or a JavaScript-style literal)."""
        return _coerce_structured(literal, "array")

    def _describe_extra(self) -> dict[str, object]:
        return {"item": self.item.describe()}


@dataclass(frozen=True, slots=True)
class ObjectSchema(Schema):
    """An object with known keys; unknown keys are dropped (zod's default ``strip``)."""

    kind: ClassVar[str] = "object"
    shape: Mapping[str, Schema] = field(default_factory=dict)

    def _accepts_mapping(self) -> bool:
        return True

    def _check(
        self, value: object, path: tuple[str | int, ...], issues: list[SchemaIssue]
    ) -> object:
        if not isinstance(value, Mapping):
            issues.append(_invalid_type("object", value, path))
            return MISSING
        out: dict[str, object] = {}
        for key, schema in self.shape.items():
            parsed, sub = schema.parse(value.get(key, MISSING), (*path, key))
            issues.extend(sub)
            if parsed is not MISSING:
                out[key] = parsed
        return out

    def coerce(self, literal: str) -> object:
        """``"{a: 1}"`` → ``{"a": 1}`` (JSON or a JavaScript-style literal)."""
        return _coerce_structured(literal, "object")

    def _describe_extra(self) -> dict[str, object]:
        return {"shape": {k: s.describe() for k, s in self.shape.items()}}


@dataclass(frozen=True, slots=True)
class InvalidLiteral:
    """A literal attribute that should spell an array or object but does not.

    ``coerce`` returns it; ``parse`` reports it as zod's ``invalid_type`` with the
    reason, e.g. ``Expected array, received string (not a valid array literal:
    expected ',' or ']' at character 7)``.
    """

    text: str
    expected: str
    reason: str


class _LiteralError(ValueError):
    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(f"{reason} at character {offset + 1}")


_LIT_NUMBER_RE = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_LIT_WORD_RE = re.compile(r"[A-Za-z_$][\w$-]*")
_LIT_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0"}


def parse_literal(text: str) -> object:
    """A JSON-ish literal attribute value: JSON, plus what people write in JavaScript —
    single-quoted strings, unquoted keys, trailing commas. Raises ValueError (with the
    character position) when ``text`` is none of these."""
    value, end = _literal_value(text, _literal_space(text, 0))
    end = _literal_space(text, end)
    if end != len(text):
        raise _LiteralError("unexpected text after the value", end)
    return value


def _literal_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _literal_value(text: str, i: int) -> tuple[object, int]:
    if i >= len(text):
        raise _LiteralError("unexpected end", i)
    c = text[i]
    if c in "[{":
        close = "]" if c == "[" else "}"
        items: list[object] = []
        obj: dict[str, object] = {}
        i = _literal_space(text, i + 1)
        while True:
            if i < len(text) and text[i] == close:
                return (items if c == "[" else obj), i + 1
            if c == "[":
                item, i = _literal_value(text, i)
                items.append(item)
            else:
                if i < len(text) and text[i] in "'\"":
                    key, i = _literal_string(text, i)
                else:
                    m = _LIT_WORD_RE.match(text, i) or _LIT_NUMBER_RE.match(text, i)
                    if m is None:
                        raise _LiteralError("expected a key", i)
                    key, i = m.group(), m.end()
                i = _literal_space(text, i)
                if i >= len(text) or text[i] != ":":
                    raise _LiteralError("expected ':'", i)
                obj[str(key)], i = _literal_value(text, _literal_space(text, i + 1))
            i = _literal_space(text, i)
            if i < len(text) and text[i] == ",":
                i = _literal_space(text, i + 1)
            elif i >= len(text) or text[i] != close:
                raise _LiteralError(f"expected ',' or '{close}'", i)
    if c in "'\"":
        return _literal_string(text, i)
    m = _LIT_NUMBER_RE.match(text, i)
    if m:
        return _to_number(m.group()), m.end()
    m = _LIT_WORD_RE.match(text, i)
    words = {"true": True, "false": False, "null": None}
    if m and m.group() in words:
        return words[m.group()], m.end()
    raise _LiteralError("expected a value", i)


def _literal_string(text: str, i: int) -> tuple[str, int]:
    quote = text[i]
    out: list[str] = []
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text):
            nxt = text[j + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[j + 2 : j + 6]):
                out.append(chr(int(text[j + 2 : j + 6], 16)))
                j += 6
                continue
            out.append(_LIT_ESCAPES.get(nxt, nxt))
            j += 2
            continue
        if c == quote:
            return "".join(out), j + 1
        out.append(c)
        j += 1
    raise _LiteralError("unterminated string", i)


def _coerce_structured(literal: str, expected: str) -> object:
    """``literal`` parsed when it looks like an array or object, else unchanged."""
    opener = "[" if expected == "array" else "{"
    stripped = literal.strip()
    if not stripped.startswith(opener):
        return literal
    try:
        return parse_literal(stripped)
    except ValueError as exc:
        return InvalidLiteral(literal, expected, f"not a valid {expected} literal: {exc}")


def _to_number(text: str) -> int | float:
    number = float(text)
    if number.is_integer() and abs(number) <= 2**53 and "e" not in text.lower():
        return int(number)
    return number


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# -- the Component.props vocabulary ------------------------------------------------
def string() -> StringSchema:
    return StringSchema()


def number(*, css: bool = False) -> NumberSchema:
    return NumberSchema(css=css)


def boolean() -> BooleanSchema:
    return BooleanSchema()


def enum(values: Sequence[str]) -> EnumSchema:
    return EnumSchema(values=tuple(str(v) for v in values))


def array(item: Schema) -> ArraySchema:
    return ArraySchema(item=item)


def object_(shape: Mapping[str, Schema]) -> ObjectSchema:
    return ObjectSchema(shape=dict(shape))


def with_dynamic_styles(
    schema: Schema, *, dark_mode: bool = False, responsive: bool = False
) -> Schema:
    """``Component.props.withDynamicStyles(schema, {darkMode, responsive})``."""
    return replace(schema, dynamic=Dynamic(dark_mode, responsive))


def schema_from_description(desc: Mapping[str, Any]) -> Schema:
    """Rebuild a schema from :meth:`Schema.describe` output (or a JS-side description)."""
    kind = desc.get("type", "any")
    schema: Schema
    if kind == "string":
        schema = StringSchema()
    elif kind == "number":
        schema = NumberSchema(
            css=bool(desc.get("css", False)), minimum=desc.get("min"), maximum=desc.get("max")
        )
    elif kind == "boolean":
        schema = BooleanSchema()
    elif kind == "enum":
        schema = enum(list(desc.get("values", [])))
    elif kind == "array":
        schema = ArraySchema(item=schema_from_description(desc.get("item", {})))
    elif kind == "object":
        shape = desc.get("shape", {})
        schema = ObjectSchema(shape={k: schema_from_description(v) for k, v in shape.items()})
    elif kind == "any":
        schema = Schema()
    else:
        raise ValueError(
            f"unsupported schema type {kind!r}: use string, number, boolean, enum, array or object"
        )
    if desc.get("optional"):
        schema = schema.optional()
    if "default" in desc:
        schema = schema.default(desc["default"])
    dyn = desc.get("dynamic")
    if isinstance(dyn, Mapping):
        schema = with_dynamic_styles(
            schema, dark_mode=bool(dyn.get("darkMode")), responsive=bool(dyn.get("responsive"))
        )
    return schema


# -- props: schema + properties-panel metadata -------------------------------------
PROP_TYPES = frozenset(
    {
        "background",
        "box",
        "code",
        "color",
        "font-family",
        "hidden",
        "media",
        "number",
        "slider",
        "radius",
        "select",
        "toggle",
        "shadow",
        "size",
        "switch",
        "text",
        "textarea",
        "url",
    }
)


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: str
    icon: str = ""
    optgroup: str = ""

    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {"label": self.label, "value": self.value}
        if self.icon:
            out["icon"] = self.icon
        if self.optgroup:
            out["optgroup"] = self.optgroup
        return out


@dataclass(frozen=True, slots=True)
class Prop:
    """One prop: its schema and how the properties panel shows it (S:component-properties)."""

    name: str
    schema: Schema
    type: str = "text"
    label: str = ""
    section: str = ""
    help_text: str = ""
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    step: float | None = None
    units: tuple[str, ...] = ()
    placeholder: str = ""
    accept: str = ""
    collapsed_input: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("-", " ").capitalize()

    def parse(self, value: object) -> tuple[object, list[SchemaIssue]]:
        return self.schema.parse(value)

    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "schema": self.schema.describe(),
            "type": self.type,
            "label": self.display_label,
        }
        if self.section:
            out["section"] = self.section
        if self.help_text:
            out["helpText"] = self.help_text
        if self.options:
            out["options"] = [o.describe() for o in self.options]
        elif isinstance(self.schema, EnumSchema) and self.type in ("select", "toggle"):
            out["options"] = [{"label": v, "value": v} for v in self.schema.values]
        for key, value in (("min", self.min), ("max", self.max), ("step", self.step)):
            if value is not None:
                out[key] = value
        if self.units:
            out["units"] = list(self.units)
        if self.placeholder:
            out["placeholder"] = self.placeholder
        if self.accept:
            out["accept"] = self.accept
        if self.collapsed_input:
            out["collapsedInput"] = self.collapsed_input
        out.update(self.extra)
        return out
