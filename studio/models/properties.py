"""The properties panel's model: a selected row's fields, generated from prop schemas.

Pure Python (no Qt). The fields are never written per component: they come from the
same :class:`components.schema.Prop` declarations that drive rendering and completion
— a standard component's ``StandardComponent.props``, a custom component's
``Component.defineProps`` (``ComponentDefinition.props``). Plain HTML rows have only
the **Advanced** group.

:func:`fields` gives one :class:`Field` per prop (props of ``type: 'hidden'`` are left
out), in declaration order, each with its ``control`` (the prop type of
component-properties.md; an untyped prop gets the control its schema suggests),
the value written in the source — verbatim, Liquid included — or, when absent, the
schema's ``default``, and its device / colour-scheme ``variants`` when the prop is
written as a dynamic value (``:padding="{ small: '8px', medium: '16px' }"``,
``:color="{ light: '#000', dark: '#fff' }"``). Array and object props are groups
whose ``children`` are fields again (``path`` addresses them). Then the **Advanced**
group: ``class``, ``style`` (:func:`style_declarations` reads it as declarations,
:func:`set_style_declaration` edits one), ``id`` and the ``data-*`` attributes.
Several rows (:func:`shared_fields`): the fields all of them have, ``mixed`` when
their values differ.

Writes return a :class:`~studio.models.visual_edits.VisualEdit` applied with
``visual_edits.apply(document, edit, selection)`` as ONE undo step, for every row
given (multi-select): :func:`set_value` (``variant`` ``"base"``, ``"dark"``,
``"medium"`` or ``"medium:dark"``; ``path`` into an array/object prop),
:func:`reset` (the attribute removed, or one variant), :func:`set_style_declaration`.
They are minimal edits of the start tag: only the attribute's value changes (its
name too when a literal becomes a dynamic value or back); attribute order, quote
characters, spacing and every other byte stay; a new attribute is appended after
the last one, in the element's (else the file's) quote style and on its own line
when the attributes are one per line; Liquid in values is written verbatim.

:func:`choices` gives a field's ready values: the workspace's global styles (written
as bare references, ``:color="globalStyles.colors.brand_…"``, :class:`GlobalRef`) and,
for a url, the standard links.

The message (:func:`message_fields`, :func:`set_message_value`): the ``x-base`` row's
fields and the envelope (subject, preheader, from, reply-to) of the front matter in
one list; envelope fields are named ``envelope:<key>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from compiler.envelope import read_front_matter
from compiler.result import Envelope
from components.markup import DIRECTIVE_MARKS, LIQUID_RE, Attr, Element, start_tag
from components.schema import (
    MISSING,
    ArraySchema,
    EnumSchema,
    ObjectSchema,
    Option,
    Prop,
    Schema,
    parse_literal,
)
from components.standard import REGISTRY
from studio.models.envelope import FIELD_KEYS, set_front_matter
from studio.models.layers import Layer, Layers
from studio.models.visual_edits import Replacement, VisualEdit
from styles.globals import globals_object
from styles.model import GlobalStyles

#: the four places a dynamic value applies, and the keys that feed each, in the
#: renderer's fallback order (styles/dynamic.py): the first present key wins
VARIANTS: Final[tuple[str, ...]] = ("base", "dark", "medium", "medium:dark")
VARIANT_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "base": ("light", "small", "small:light"),
    "dark": ("dark", "small:dark"),
    "medium": ("medium", "medium:light"),
    "medium:dark": ("medium:dark",),
}
_ALL_KEYS = frozenset(k for keys in VARIANT_KEYS.values() for k in keys)
ADVANCED = "Advanced"
#: attributes every component and element takes besides its props (Advanced group)
ADVANCED_ATTRS: Final[tuple[str, ...]] = ("class", "style", "id")
_CONTROL_OF_KIND = {
    "boolean": "switch",
    "number": "number",
    "enum": "select",
    "array": "array",
    "object": "object",
}
_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*\Z")
_NEEDS_QUOTES_RE = re.compile(r"[\s\"'=<>`]|\A\Z")

Path = tuple[str | int, ...]


class PropertyError(ValueError):
    """The edit cannot be written (``str()`` says why, for the panel)."""


@dataclass(frozen=True, slots=True)
class Field:
    """One row of the properties panel.

    ``name`` is the attribute (prop) name without ``:``; ``value`` the base value as
    the panel edits it — literal text verbatim (Liquid included), a dynamic value's
    base entry, ``None`` when the attribute is absent; ``written`` whether the
    attribute is in the source (the reset arrow shows); ``default`` what applies when
    absent (``MISSING``: nothing, the global style or the renderer's own);
    ``variants`` the dynamic entries given, by :data:`VARIANTS` name (base included);
    ``expression`` the attribute's JavaScript when it is not a literal the panel can
    read (shown as code; a write replaces it); ``mixed``: the selected rows differ.
    """

    name: str
    label: str
    control: str
    section: str
    group: str = "Properties"
    value: str | None = None
    written: bool = False
    default: object = MISSING
    variants: Mapping[str, object] = field(default_factory=dict)
    dark: bool = False
    responsive: bool = False
    expression: str | None = None
    mixed: bool = False
    prop: Prop | None = field(default=None, repr=False, compare=False)
    children: tuple[Field, ...] = ()
    path: Path = ()

    @property
    def options(self) -> tuple[Option, ...]:
        """Select/toggle entries (``optgroup`` groups them), declared or the enum's."""
        if self.prop is None:
            return ()
        if self.prop.options:
            return self.prop.options
        schema = self.prop.schema
        if isinstance(schema, EnumSchema):
            return tuple(Option(v, v) for v in schema.values)
        return ()

    @property
    def optgroups(self) -> tuple[tuple[str, tuple[Option, ...]], ...]:
        """The options by ``optgroup`` in first-seen order ("" for ungrouped)."""
        groups: dict[str, list[Option]] = {}
        for option in self.options:
            groups.setdefault(option.optgroup, []).append(option)
        return tuple((name, tuple(opts)) for name, opts in groups.items())

    @property
    def minimum(self) -> float | None:
        if self.prop is None:
            return None
        if self.prop.min is not None:
            return self.prop.min
        return getattr(self.prop.schema, "minimum", None)

    @property
    def maximum(self) -> float | None:
        if self.prop is None:
            return None
        if self.prop.max is not None:
            return self.prop.max
        return getattr(self.prop.schema, "maximum", None)

    @property
    def step(self) -> float | None:
        return self.prop.step if self.prop is not None else None

    @property
    def units(self) -> tuple[str, ...]:
        return self.prop.units if self.prop is not None else ()

    @property
    def collapsed_input(self) -> str:
        """``global`` (one input), ``axis`` (two) or "" for a box control's start."""
        return self.prop.collapsed_input if self.prop is not None else ""

    @property
    def placeholder(self) -> str:
        return self.prop.placeholder if self.prop is not None else ""

    @property
    def accept(self) -> str:
        return self.prop.accept if self.prop is not None else ""

    @property
    def help_text(self) -> str:
        return self.prop.help_text if self.prop is not None else ""

    @property
    def url_kind(self) -> str:
        """A url control's mode: ``email`` (mailto:), ``phone`` (tel:) or ``url``."""
        text = (self.value or "").strip().lower()
        if text.startswith("mailto:"):
            return "email"
        if text.startswith("tel:"):
            return "phone"
        return "url"


# -- choices: global styles and standard links --------------------------------------

#: which global style variables a control offers (styles.json's kinds)
GLOBAL_KINDS: Final[Mapping[str, str]] = {
    "color": "colors",
    "background": "colors",
    "font-family": "fonts",
    "radius": "radii",
    "box": "spacing",
    "size": "spacing",
}
#: the per-recipient links a url field offers (the product's Liquid tags,
#: compiler/liquid/tags.py)
STANDARD_LINKS: Final[tuple[tuple[str, str], ...]] = (
    ("Unsubscribe", "{% unsubscribe_url %}"),
    ("View in browser", "{% view_in_browser_url %}"),
    ("Preferences", "{% manage_subscription_preferences_url %}"),
)


@dataclass(frozen=True, slots=True)
class Choice:
    """A ready value for a field: a global style (``write`` a :class:`GlobalRef`,
    ``shown`` its CSS value: the swatch, the font stack) or a standard link."""

    label: str
    shown: str
    write: str | GlobalRef


def choices(f: Field, styles: GlobalStyles | None) -> tuple[Choice, ...]:
    """What the field offers before free input: the workspace's global colours for a
    colour or background (swatches), its fonts for a font family (first in the
    list), radii, spacing for boxes and sizes; the standard links for a url."""
    if f.control == "url":
        return tuple(Choice(label, link, link) for label, link in STANDARD_LINKS)
    kind = GLOBAL_KINDS.get(f.control)
    if kind is None or styles is None:
        return ()
    variables = globals_object(styles)[kind]
    names = {v.key: v.name for v in getattr(styles, kind)}
    return tuple(
        Choice(names.get(key, key), css, GlobalRef(f"globalStyles.{kind}.{key}"))
        for key, css in variables.items()
    )


def is_global(value: str | None) -> bool:
    """``value`` is a global style reference (a :func:`choices` entry written)."""
    return bool(value) and _GLOBAL_REF_RE.fullmatch(value or "") is not None


# -- reading --------------------------------------------------------------------------


def props_of(layers: Layers, row: Layer) -> tuple[Prop, ...] | None:
    """The declared props of a row's component; None for a row that is not one."""
    if not isinstance(row.node, Element):
        return None
    if row.kind == "standard":
        component = REGISTRY.get(row.node.name)
        return component.props if component is not None else ()
    if row.kind == "custom":
        definition = layers.definitions.get(row.node.name)
        return definition.props if definition is not None else ()
    if row.kind == "html":
        return ()
    return None


def fields(layers: Layers, row_id: str) -> list[Field]:
    """The properties of one row (empty for a row without an element: slots, Liquid)."""
    row = layers.row(row_id)
    if row is None:
        return []
    props = props_of(layers, row)
    if props is None or not isinstance(row.node, Element):
        return []
    el = row.node
    out: list[Field] = []
    declared = {p.name for p in props}
    for prop in props:
        if prop.type == "hidden":
            continue
        out.append(_prop_field(el, prop))
    for name in ADVANCED_ATTRS:
        if name not in declared:
            out.append(_attr_field(el, name))
    for attr in el.attributes():
        if attr.name.startswith("data-") and attr.name not in declared:
            out.append(_attr_field(el, attr.name))
    return out


def shared_fields(layers: Layers, row_ids: Sequence[str]) -> list[Field]:
    """The fields every row of ``row_ids`` has (same name and control), in the first
    row's order; ``mixed`` where the written values differ."""
    if not row_ids:
        return []
    per_row = [fields(layers, r) for r in row_ids]
    if len(per_row) == 1:
        return per_row[0]
    out: list[Field] = []
    for f in per_row[0]:
        others = [
            next((g for g in row if g.name == f.name and g.control == f.control), None)
            for row in per_row[1:]
        ]
        if any(o is None for o in others):
            continue
        same = all(
            o is not None
            and (o.value, dict(o.variants), o.expression)
            == (f.value, dict(f.variants), f.expression)
            for o in others
        )
        out.append(f if same else replace(f, mixed=True))
    return out


def control_of(prop: Prop) -> str:
    """The panel control for ``prop``: its declared type, or — untyped — its schema's."""
    if prop.type != "text":
        return prop.type
    return _CONTROL_OF_KIND.get(prop.schema.kind, "text")


def _written_attr(el: Element, name: str) -> Attr | None:
    """The attribute that sets ``name`` (literal, ``:name`` or ``#set:name``); the last
    wins, as in the expander."""
    found = None
    for attr in el.attributes():
        if attr.name in (name, ":" + name, "#set:" + name):
            found = attr
    return found


def _prop_field(el: Element, prop: Prop) -> Field:
    schema = prop.schema
    attr = _written_attr(el, prop.name)
    default = schema.default_value
    base = Field(
        prop.name,
        prop.display_label,
        control_of(prop),
        prop.section or "General",
        ADVANCED if prop.section == ADVANCED else "Properties",
        default=default,
        dark=schema.dynamic.dark_mode,
        responsive=schema.dynamic.responsive,
        prop=prop,
    )
    if base.control == "textarea" and prop.name == "style":
        base = replace(base, control="style")
    if attr is None:
        return replace(base, children=_children(schema, _default_structure(default), ()))
    if not attr.name.startswith((":", "#set:")):
        return replace(base, value=attr.value if attr.value is not None else "", written=True)
    literal = _literal(attr.value or "")
    if literal is MISSING:
        return replace(base, written=True, expression=attr.value or "")
    if (
        isinstance(literal, Mapping)
        and not isinstance(schema, ObjectSchema)
        and literal
        and set(literal) <= _ALL_KEYS
    ):
        variants = _variants(literal)
        value = variants.get("base")
        return replace(
            base, written=True, variants=variants, value=None if value is None else _text(value)
        )
    if isinstance(schema, (ArraySchema, ObjectSchema)):
        return replace(
            base, written=True, value=attr.value, children=_children(schema, literal, ())
        )
    return replace(base, written=True, value=_text(literal))


def _variants(literal: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for variant, keys in VARIANT_KEYS.items():
        for key in keys:
            if key in literal and literal[key] not in (None, ""):
                out[variant] = literal[key]
                break
    return out


def _default_structure(default: object) -> object:
    return default if isinstance(default, (list, Mapping)) else MISSING


def _children(schema: Schema, value: object, path: Path) -> tuple[Field, ...]:
    """Nested fields of an array/object prop: one per item or per shape key."""
    out: list[Field] = []
    if isinstance(schema, ObjectSchema):
        given = value if isinstance(value, Mapping) else {}
        for key, sub in schema.shape.items():
            out.append(_nested(str(key), sub, given.get(key, MISSING), (*path, key)))
    elif isinstance(schema, ArraySchema) and isinstance(value, list):
        for i, item in enumerate(value):
            out.append(_nested(f"{i + 1}", schema.item, item, (*path, i)))
    return tuple(out)


def _nested(label: str, schema: Schema, value: object, path: Path) -> Field:
    control = _CONTROL_OF_KIND.get(schema.kind, "text")
    prop = Prop(str(path[-1]), schema, type="select" if control == "select" else "text")
    return Field(
        str(path[-1]),
        label.replace("-", " ").capitalize(),
        control,
        "",
        value=None if value is MISSING or isinstance(value, (list, Mapping)) else _text(value),
        written=value is not MISSING,
        default=schema.default_value,
        prop=prop,
        children=_children(schema, value, path),
        path=path,
    )


def _attr_field(el: Element, name: str) -> Field:
    attr = _written_attr(el, name)
    label = {"class": "CSS class", "style": "CSS style", "id": "ID"}.get(name, name)
    control = "style" if name == "style" else "text"
    if attr is None:
        return Field(name, label, control, ADVANCED, ADVANCED)
    if attr.name.startswith((":", "#set:")):
        return Field(
            name, label, control, ADVANCED, ADVANCED, written=True, expression=attr.value or ""
        )
    return Field(
        name,
        label,
        control,
        ADVANCED,
        ADVANCED,
        value=attr.value if attr.value is not None else "",
        written=True,
    )


@dataclass(frozen=True, slots=True)
class GlobalRef:
    """A reference to a global style variable in a ``:prop`` value, written bare:
    ``globalStyles.colors.brand_k2j3m4n5p6q7`` (docs/expressions.md)."""

    path: str

    def __str__(self) -> str:
        return self.path


_GLOBAL_REF_RE = re.compile(r"globalStyles\.(?:colors|fonts|radii|spacing)\.[A-Za-z0-9_$]+")
_REF_MARK = "\x00globalStyles:"


def _literal(source: str) -> object:
    """A ``:prop`` expression read as a literal value (global style references
    included, as :class:`GlobalRef`), or MISSING when it is other code."""
    marked = _mark_refs(source)
    try:
        value = parse_literal(marked)
    except ValueError:
        return MISSING
    return _unmark(value) if marked != source else value


def _mark_refs(source: str) -> str:
    """References outside string literals replaced by marked JSON strings."""
    out: list[str] = []
    i = 0
    quote = ""
    while i < len(source):
        c = source[i]
        if quote:
            if c == "\\":
                out.append(source[i : i + 2])
                i += 2
                continue
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        else:
            m = _GLOBAL_REF_RE.match(source, i)
            if m and (i == 0 or not (source[i - 1].isalnum() or source[i - 1] in "_$.")):
                out.append(f'"{_REF_MARK}{m.group()}"')
                i = m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _unmark(value: object) -> object:
    if isinstance(value, str) and value.startswith(_REF_MARK):
        return GlobalRef(value[len(_REF_MARK) :])
    if isinstance(value, list):
        return [_unmark(v) for v in value]
    if isinstance(value, dict):
        return {k: _unmark(v) for k, v in value.items()}
    return value


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- writing --------------------------------------------------------------------------


def set_value(
    layers: Layers,
    row_ids: Sequence[str],
    name: str,
    value: str | GlobalRef,
    *,
    variant: str = "base",
    path: Path = (),
    mobile_only: bool = False,
) -> VisualEdit | None:
    """Set prop/attribute ``name`` to ``value`` (the control's text) on every row.

    ``variant`` other than ``"base"`` writes a dynamic value (``:name="{ … }"``);
    ``path`` sets one item or key inside an array/object prop. A :class:`GlobalRef`
    (a :func:`choices` entry's ``write``) is written bare, as code. ``mobile_only``
    (the device toggle on mobile, base variant of a responsive prop): the desktop
    keeps what it showed — a value without a desktop entry gets one holding the old
    value (``padding="14px 32px"`` → ``:padding="{ small: '10px 20px', medium: '14px
    32px' }"``). None when every row already has that value."""
    if variant not in VARIANT_KEYS:
        raise PropertyError(f"unknown variant {variant!r}; use one of {', '.join(VARIANTS)}")
    if mobile_only and (variant != "base" or path):
        raise PropertyError("mobile only applies to a property's own value")
    reps: list[Replacement] = []
    for row in _rows(layers, row_ids):
        assert isinstance(row.node, Element)
        _check_writable(layers, row, name, "medium" if mobile_only else variant)
        if mobile_only:
            rep = _set_mobile(layers, row.node, name, value)
        else:
            rep = _set_one(layers, row.node, name, value, variant, path)
        if rep is not None:
            reps.append(rep)
    return _edit(layers, row_ids, reps, f"Set {name}")


def reset(
    layers: Layers, row_ids: Sequence[str], name: str, *, variant: str | None = None
) -> VisualEdit | None:
    """Remove attribute ``name`` from every row (back to the default or global style);
    with ``variant``, remove only that entry of its dynamic value (a value left with
    its base only is written as a plain attribute again)."""
    reps: list[Replacement] = []
    for row in _rows(layers, row_ids):
        assert isinstance(row.node, Element)
        attr = _written_attr(row.node, name)
        if attr is None:
            continue
        if variant is None:
            reps.append(_removal(layers.text, attr))
            continue
        literal = _literal(attr.value or "") if attr.name.startswith((":", "#set:")) else None
        if not isinstance(literal, Mapping) or not set(literal) <= _ALL_KEYS:
            continue
        remaining = {k: v for k, v in literal.items() if k not in VARIANT_KEYS[variant]}
        if remaining == literal:
            continue
        if not remaining:
            reps.append(_removal(layers.text, attr))
        else:
            reps.append(_write_dynamic(layers.text, attr, name, remaining))
    return _edit(layers, row_ids, reps, f"Reset {name}")


def add_item(
    layers: Layers, row_ids: Sequence[str], name: str, *, path: Path = ()
) -> VisualEdit | None:
    """Append a blank item to the array prop ``name`` (at ``path`` inside it, for an
    array nested in an object) on every row: ``""``, ``0``, ``false``, the first
    enum value, or an object with its required keys blank."""

    def change(current: object, schema: Schema) -> object:
        target_schema = _schema_at(schema, path)
        if not isinstance(target_schema, ArraySchema):
            raise PropertyError(f"{name} is not a list here")
        items = _get_path(current, path)
        items = list(items) if isinstance(items, list) else []
        items.append(_blank(target_schema.item))
        return _put_path(current, path, items)

    return _edit_literal(layers, row_ids, name, change, f"Add {name} item")


def remove_item(layers: Layers, row_ids: Sequence[str], name: str, path: Path) -> VisualEdit | None:
    """Remove the array item at ``path`` (its last step an index) on every row."""
    if not path or not isinstance(path[-1], int):
        raise PropertyError("choose the item to remove")
    index = path[-1]

    def change(current: object, schema: Schema) -> object:
        items = _get_path(current, path[:-1])
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise PropertyError(f"{name} has no item {index + 1}")
        return _put_path(current, path[:-1], items[:index] + items[index + 1 :])

    return _edit_literal(layers, row_ids, name, change, f"Remove {name} item")


def _edit_literal(
    layers: Layers,
    row_ids: Sequence[str],
    name: str,
    change: Callable[[object, Schema], object],
    label: str,
) -> VisualEdit | None:
    """Rewrite the literal value of prop ``name`` with ``change(current, schema)``
    (``:name`` written, or appended, in the element's quote style)."""
    reps: list[Replacement] = []
    for row in _rows(layers, row_ids):
        assert isinstance(row.node, Element)
        prop = next((p for p in props_of(layers, row) or () if p.name == name), None)
        if prop is None:
            raise PropertyError(f"<{row.tag}> has no property {name!r}")
        attr = _written_attr(row.node, name)
        if attr is None:
            current: object = _default_structure(prop.schema.default_value)
            current = (
                []
                if current is MISSING and isinstance(prop.schema, ArraySchema)
                else ({} if current is MISSING else current)
            )
        elif attr.name.startswith((":", "#set:")):
            current = _literal(attr.value or "")
            if current is MISSING:
                raise PropertyError(f"{name} is a JavaScript expression here; edit it in the code")
        else:
            raise PropertyError(f"{name} is written as text here; edit it in the code")
        updated = change(current, prop.schema)
        if attr is None:
            reps.append(
                _append(
                    layers.text,
                    row.node,
                    ":" + name,
                    js_value(updated, _quote_for(layers.text, row.node)),
                )
            )
        else:
            new = js_value(updated, attr.quote or '"')
            if new != attr.value:
                reps.append(_value_replacement(layers.text, attr, new))
    return _edit(layers, row_ids, reps, label)


def _schema_at(schema: Schema, path: Path) -> Schema:
    for step in path:
        if isinstance(step, int) and isinstance(schema, ArraySchema):
            schema = schema.item
        elif isinstance(step, str) and isinstance(schema, ObjectSchema):
            schema = schema.shape.get(step, Schema())
        else:
            return Schema()
    return schema


def _get_path(value: object, path: Path) -> object:
    for step in path:
        if isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, Mapping):
            value = value.get(step, MISSING)
        else:
            return MISSING
    return value


def _put_path(value: object, path: Path, new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(value) if isinstance(value, list) else []
        while len(items) <= head:
            items.append(MISSING)
        items[head] = _put_path(items[head], rest, new)
        return items
    obj = dict(value) if isinstance(value, Mapping) else {}
    obj[head] = _put_path(obj.get(head, MISSING), rest, new)
    return obj


def _blank(schema: Schema) -> object:
    """What a new item of ``schema`` starts as."""
    if schema.default_value is not MISSING:
        return schema.default_value
    if isinstance(schema, EnumSchema):
        return schema.values[0] if schema.values else ""
    if isinstance(schema, ObjectSchema):
        return {k: _blank(sub) for k, sub in schema.shape.items() if not sub.is_optional}
    if isinstance(schema, ArraySchema):
        return []
    return {"number": 0, "boolean": False}.get(schema.kind, "")


def style_declarations(style: str) -> list[tuple[str, str]]:
    """A ``style`` attribute as (property, value) declarations, in order; Liquid and
    the values are verbatim (a ``;`` inside Liquid, quotes or parentheses does not
    split)."""
    return [(p, v) for p, v, _ in _declaration_spans(style) if p]


def set_style_declaration(
    layers: Layers, row_ids: Sequence[str], prop: str, value: str | None
) -> VisualEdit | None:
    """Set (or with ``value`` None, remove) one declaration of each row's ``style``.

    Only that declaration's text changes; a new one is appended after the last
    (``; `` added when the last has no ``;``)."""
    reps: list[Replacement] = []
    prop = prop.strip().lower()
    for row in _rows(layers, row_ids):
        assert isinstance(row.node, Element)
        attr = _written_attr(row.node, "style")
        if attr is not None and attr.name.startswith((":", "#set:")):
            raise PropertyError("the style is a JavaScript expression here; edit it in the code")
        if attr is None:
            if value is None:
                continue
            rep = _set_one(layers, row.node, "style", f"{prop}: {value}", "base", ())
            if rep is not None:
                reps.append(rep)
            continue
        style = attr.value or ""
        new = _with_declaration(style, prop, value)
        if new != style:
            reps.append(_value_replacement(layers.text, attr, new))
    return _edit(layers, row_ids, reps, f"Set {prop}")


def _declaration_spans(style: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(property lower-cased, value stripped, span of the whole declaration)."""
    out: list[tuple[str, str, tuple[int, int]]] = []
    start = i = 0
    depth = 0
    quote = ""
    while i <= len(style):
        if i < len(style):
            m = LIQUID_RE.match(style, i)
            if m:
                i = m.end()
                continue
            c = style[i]
            if quote:
                quote = "" if c == quote else quote
            elif c in "\"'":
                quote = c
            elif c == "(":
                depth += 1
            elif c == ")":
                depth = max(0, depth - 1)
        if i == len(style) or (style[i] == ";" and not quote and depth == 0):
            text = style[start:i]
            if text.strip():
                prop, sep, val = text.partition(":")
                out.append((prop.strip().lower() if sep else "", val.strip(), (start, i)))
            start = i + 1
        i += 1
    return out


def _with_declaration(style: str, prop: str, value: str | None) -> str:
    for name, _old, (start, end) in _declaration_spans(style):
        if name != prop:
            continue
        text = style[start:end]
        if value is None:
            if end < len(style) and style[end] == ";":
                stop = end + 1
                if start == 0:
                    while stop < len(style) and style[stop].isspace():
                        stop += 1
                return style[:start] + style[stop:]
            return style[: max(start - 1, 0)] + style[end:]
        colon = text.index(":")
        lead = len(text[colon + 1 :]) - len(text[colon + 1 :].lstrip())
        trail = len(text) - len(text.rstrip())
        val_start = start + colon + 1 + lead
        val_end = end - trail
        return style[:val_start] + value + style[val_end:]
    if value is None:
        return style
    body = style.rstrip()
    tail = style[len(body) :]
    if not body:
        return f"{prop}: {value}"
    sep = " " if body.endswith(";") else "; "
    spaced = ": " if re.search(r":\s", style) or ":" not in style else ":"
    return f"{body}{sep}{prop}{spaced}{value}{tail}"


def _check_writable(layers: Layers, row: Layer, name: str, variant: str) -> None:
    """Refuse a name the row does not take and a variant its prop does not accept."""
    props = {p.name: p for p in props_of(layers, row) or ()}
    prop = props.get(name)
    if prop is None:
        if name in ADVANCED_ATTRS or name.startswith("data-"):
            if variant != "base":
                raise PropertyError(f"{name} has no device or colour-scheme variants")
            return
        raise PropertyError(f"<{row.tag}> has no property {name!r}")
    dynamic = prop.schema.dynamic
    if variant in ("dark", "medium:dark") and not dynamic.dark_mode:
        raise PropertyError(f"{prop.display_label} has no dark-mode value")
    if variant in ("medium", "medium:dark") and not dynamic.responsive:
        raise PropertyError(f"{prop.display_label} has no desktop value")


def _rows(layers: Layers, row_ids: Sequence[str]) -> list[Layer]:
    rows = []
    for row_id in row_ids:
        row = layers.row(row_id)
        if row is None or not isinstance(row.node, Element):
            raise PropertyError(f"row {row_id!r} has no properties")
        rows.append(row)
    return rows


def _edit(
    layers: Layers, row_ids: Sequence[str], reps: list[Replacement], label: str
) -> VisualEdit | None:
    if not reps:
        return None
    starts = []
    for row in _rows(layers, row_ids):
        offset = row.span[0]
        starts.append(offset + sum(len(r.new) - (r.end - r.start) for r in reps if r.end <= offset))
    return VisualEdit(label, tuple(reps), tuple(starts))


def _set_one(
    layers: Layers, el: Element, name: str, value: str | GlobalRef, variant: str, path: Path
) -> Replacement | None:
    text = layers.text
    attr = _written_attr(el, name)
    if path:
        current = (
            _literal(attr.value or "")
            if attr is not None and attr.name.startswith((":", "#set:"))
            else (MISSING if attr is not None else None)
        )
        if current is MISSING:
            raise PropertyError(f"{name} is not a literal value here; edit it in the code")
        updated = _set_path(current, path, value)
        if attr is None:
            return _append(text, el, ":" + name, js_value(updated, _quote_for(text, el)))
        return _value_replacement(text, attr, js_value(updated, attr.quote or '"'))
    if (
        isinstance(value, GlobalRef)
        and variant == "base"
        and (attr is None or not _is_dynamic(attr))
    ):
        if attr is None:
            return _append(text, el, ":" + name, value.path)
        if attr.name.startswith((":", "#set:")):
            return None if attr.value == value.path else _value_replacement(text, attr, value.path)
        return _rewrite(text, attr, ":" + name, value.path)
    if (
        isinstance(value, str)
        and variant == "base"
        and (attr is None or not attr.name.startswith((":", "#set:")) or not _is_dynamic(attr))
    ):
        if attr is None:
            return _append(text, el, name, value)
        if attr.name.startswith((":", "#set:")):
            written = _literal(attr.value or "")
            typed = _literal(value)
            if (
                written is not MISSING
                and not isinstance(written, str)
                and (typed is not MISSING and not isinstance(typed, str))
            ):
                # :track-link="false" stays an expression of the same kind
                new = js_value(typed, attr.quote or '"')
                return None if new == attr.value else _value_replacement(text, attr, new)
            # an expression or a string: becomes a plain attribute
            return _rewrite(text, attr, name, value)
        if attr.value == value:
            return None
        return _value_replacement(text, attr, value)
    current_map: dict[str, object] = {}
    if attr is not None and attr.name.startswith((":", "#set:")) and _is_dynamic(attr):
        found = _literal(attr.value or "")
        assert isinstance(found, Mapping)
        current_map = dict(found)
    elif attr is not None and attr.name.startswith((":", "#set:")):
        written = _literal(attr.value or "")
        if written is MISSING or isinstance(written, (Mapping, list)):
            raise PropertyError(f"{name} is a JavaScript expression here; edit it in the code")
        current_map = {_base_key(el, name, variant): written}
    elif attr is not None:
        current_map = {_base_key(el, name, variant): attr.value or ""}
    keys = VARIANT_KEYS[variant]
    key = next((k for k in keys if k in current_map), None)
    if key is None:
        key = _base_key(el, name, variant) if variant == "base" else keys[0]
    if current_map.get(key) == value:
        return None
    current_map[key] = value
    if attr is None:
        return _append(text, el, ":" + name, js_value(current_map, _quote_for(text, el)))
    return _write_dynamic(text, attr, name, current_map)


def _set_mobile(
    layers: Layers, el: Element, name: str, value: str | GlobalRef
) -> Replacement | None:
    """The base (mobile) entry set to ``value``, the desktop keeping the old base."""
    attr = _written_attr(el, name)
    if attr is None:
        # nothing written: the default applies on both; a desktop entry cannot name it
        return _set_one(layers, el, name, value, "base", ())
    if attr.name.startswith((":", "#set:")):
        written = _literal(attr.value or "")
        if written is MISSING or (isinstance(written, (Mapping, list)) and not _is_dynamic(attr)):
            raise PropertyError(f"{name} is a JavaScript expression here; edit it in the code")
        current: dict[str, object] = (
            dict(written) if isinstance(written, Mapping) else {"small": written}
        )
    else:
        current = {"small": attr.value or ""}
    base_key = next((k for k in VARIANT_KEYS["base"] if k in current), "small")
    if not any(k in current for k in VARIANT_KEYS["medium"]) and base_key in current:
        current["medium"] = current[base_key]
    new: object = value
    if isinstance(value, str) and isinstance(current.get(base_key), (int, float)):
        typed = _literal(value)
        if isinstance(typed, (int, float)) and not isinstance(typed, bool):
            new = typed  # 18 → 14 stays a number
    if current.get(base_key) == new:
        return None
    current[base_key] = new
    return _write_dynamic(layers.text, attr, name, current)


def _base_key(el: Element, name: str, variant: str) -> str:
    """The key a new base entry gets: ``light`` beside colour-scheme entries,
    ``small`` beside width entries."""
    return "small" if variant in ("medium", "medium:dark") else "light"


def _is_dynamic(attr: Attr) -> bool:
    literal = _literal(attr.value or "")
    return isinstance(literal, Mapping) and bool(literal) and set(literal) <= _ALL_KEYS


def _write_dynamic(text: str, attr: Attr, name: str, value: Mapping[str, object]) -> Replacement:
    """``attr`` rewritten to hold ``value``: a plain attribute when only a string base
    entry is left, else ``:name="{ … }"`` (a ``#set:`` prefix is kept)."""
    if len(value) == 1 and next(iter(value)) in VARIANT_KEYS["base"]:
        only = next(iter(value.values()))
        if isinstance(only, str):
            return _rewrite(text, attr, name, only)
    quote = attr.quote or '"'
    only_ref = (
        len(value) == 1
        and next(iter(value)) in VARIANT_KEYS["base"]
        and isinstance(next(iter(value.values())), GlobalRef)
    )
    code = js_value(next(iter(value.values())) if only_ref else value, quote)
    if attr.name.startswith((":", "#set:")):
        return _value_replacement(text, attr, code)
    return _rewrite(text, attr, ":" + name, code)


def _set_path(current: object, path: Path, value: str | GlobalRef) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(current) if isinstance(current, list) else []
        while len(items) <= head:
            items.append({} if rest and isinstance(rest[0], str) else "")
        items[head] = _set_path(items[head], rest, value)
        return items
    obj = dict(current) if isinstance(current, Mapping) else {}
    obj[head] = _set_path(obj.get(head, MISSING), rest, value)
    return obj


def js_value(value: object, attr_quote: str = '"') -> str:
    """``value`` as a JavaScript literal a person would write inside an attribute
    quoted with ``attr_quote``: ``{ light: '#fff', dark: '#000' }``, ``[50, 50]``."""
    q = "'" if attr_quote == '"' else '"'
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = ", ".join(
            f"{_js_key(str(k), q)}: {js_value(v, attr_quote)}" for k, v in value.items()
        )
        return "{ " + inner + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(js_value(v, attr_quote) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, GlobalRef):
        return value.path
    if value is None or value is MISSING:
        return "null"
    if isinstance(value, (int, float)):
        return _text(value)
    return _js_string(str(value), q)


def _js_key(key: str, q: str) -> str:
    return key if _IDENT_RE.match(key) else _js_string(key, q)


def _js_string(s: str, q: str) -> str:
    out = s.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n")
    return f"{q}{out}{q}"


def _escape_value(value: str, quote: str) -> str:
    """``value`` safe between ``quote`` characters; Liquid tokens verbatim."""
    if not quote:
        return value
    entity = "&quot;" if quote == '"' else "&#39;"
    out: list[str] = []
    last = 0
    for m in LIQUID_RE.finditer(value):
        out.append(value[last : m.start()].replace(quote, entity))
        out.append(m.group())
        last = m.end()
    out.append(value[last:].replace(quote, entity))
    return "".join(out)


def _value_replacement(text: str, attr: Attr, value: str) -> Replacement:
    """Only the text between the quotes changes (an unquoted or bare attribute that
    now needs quotes gets the file's)."""
    start, end = attr.span.start, attr.span.end
    if attr.value is not None and attr.quote:
        value_end = end - len(attr.quote)
        value_start = value_end - len(attr.value)
        return Replacement(value_start, value_end, _escape_value(value, attr.quote))
    quote = '"' if _NEEDS_QUOTES_RE.search(value) else ""
    quote = _dominant_quote(text) if quote else ""
    eq = attr.eq or "="
    return Replacement(start, end, f"{attr.name}{eq}{quote}{_escape_value(value, quote)}{quote}")


def _rewrite(text: str, attr: Attr, name: str, value: str) -> Replacement:
    """The whole attribute rewritten with a new name (``x`` ↔ ``:x``), its ``=`` and
    quote character kept."""
    quote = attr.quote or _dominant_quote(text)
    eq = attr.eq or "="
    return Replacement(
        attr.span.start, attr.span.end, f"{name}{eq}{quote}{_escape_value(value, quote)}{quote}"
    )


def _removal(text: str, attr: Attr) -> Replacement:
    return Replacement(attr.span.start - len(attr.pre), attr.span.end, "")


def _append(text: str, el: Element, name: str, value: str) -> Replacement:
    """A new attribute after the element's last one, in the file's style."""
    tag = start_tag(el)
    offset = el.span.start + len(tag) - len(el.tag_end)
    attrs = list(el.attributes())
    pre = " "
    if attrs and "\n" in attrs[-1].pre:
        pre = attrs[-1].pre
    quote = _quote_for(text, el)
    return Replacement(offset, offset, f"{pre}{name}={quote}{_escape_value(value, quote)}{quote}")


def _quote_for(text: str, el: Element) -> str:
    for attr in reversed(list(el.attributes())):
        if attr.quote and attr.name[:1] not in DIRECTIVE_MARKS:
            return attr.quote
    return _dominant_quote(text)


def _dominant_quote(text: str) -> str:
    return "'" if text.count("='") > text.count('="') else '"'


# -- the message ----------------------------------------------------------------------

#: envelope field → (front-matter key, label, control)
ENVELOPE_FIELDS: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("subject", "subject", "Subject", "text"),
    ("preheader", "preheader", "Preheader", "textarea"),
    ("from_", "from", "From", "text"),
    ("reply_to", "reply_to", "Reply-to", "text"),
)


def message_fields(layers: Layers) -> list[Field]:
    """The envelope (section ``Envelope``) then the ``x-base`` row's fields."""
    envelope = read_front_matter(layers.text).envelope
    out = [
        Field(
            f"envelope:{key}",
            label,
            control,
            "Envelope",
            value=getattr(envelope, attr) or None,
            written=bool(getattr(envelope, attr)),
        )
        for attr, key, label, control in ENVELOPE_FIELDS
    ]
    base = _base_row(layers)
    if base is not None:
        out.extend(fields(layers, base.id))
    return out


def set_message_value(
    layers: Layers, name: str, value: str | GlobalRef | None, *, variant: str = "base"
) -> VisualEdit | None:
    """Write one message field: ``envelope:<key>`` into the front matter (None or ""
    removes it), anything else on ``x-base`` (None resets it)."""
    if name.startswith("envelope:"):
        if isinstance(value, GlobalRef):
            raise PropertyError("the envelope takes text, not a global style")
        return _set_envelope(layers.text, name.removeprefix("envelope:"), value or "")
    base = _base_row(layers)
    if base is None:
        raise PropertyError("the email has no <x-base>")
    if value is None:
        return reset(layers, [base.id], name, variant=None if variant == "base" else variant)
    return set_value(layers, [base.id], name, value, variant=variant)


def _base_row(layers: Layers) -> Layer | None:
    return next((r for r in layers if r.kind == "standard" and r.tag == "x-base"), None)


def _set_envelope(text: str, key: str, value: str) -> VisualEdit | None:
    attr = next((a for a, k in FIELD_KEYS if k == key), None)
    if attr is None:
        raise PropertyError(f"unknown envelope field {key!r}")
    fm = read_front_matter(text)
    current = fm.envelope
    if getattr(current, attr) == value:
        return None
    wanted = replace(current, **{attr: value}) if isinstance(current, Envelope) else current
    new = set_front_matter(text, wanted)
    body = text[fm.end :] if fm.end else text
    assert new.endswith(body)
    head = new[: len(new) - len(body)]
    return VisualEdit(f"Set {key}", (Replacement(0, fm.end, head),), ())
