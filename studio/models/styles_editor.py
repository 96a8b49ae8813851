"""The global styles editor, without a window.

:class:`StylesEditor` edits a workspace's ``styles.json`` (variables and
component defaults, see ``docs/styles.md``) as a working copy of
:class:`~styles.model.GlobalStyles`. Every edit is one undo step, is checked at
once by the styles package's own loader (``styles.io.parse_styles`` on the text
that would be saved) and reports its problems by field path
(``colors[2].hex``, ``defaults.heading1.color.dark``), so a widget can show each
problem at its field. :meth:`StylesEditor.save` refuses while there are problems
and otherwise writes atomically through ``styles.io.save_styles``.

Property fields are edited as four places, like the styles spec's dark-mode and
mobile/desktop toggles: ``base`` (mobile + light, what every client sees),
``dark``, ``desktop`` and ``desktop_dark``; :func:`compose` turns them back into a
plain or dynamic value in the form the file already uses.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studio.models.events import Event
from styles.dynamic import Variants, variants
from styles.io import default_styles, dumps_styles, load_styles, parse_styles, save_styles
from styles.model import (
    COMPONENT_PROPS,
    REFERENCE_RE,
    VARIABLE_TYPES,
    ColorVar,
    FontVar,
    GlobalStyles,
    Leaf,
    PropSpec,
    RadiusVar,
    SpacingVar,
    StylesError,
    StyleValue,
    Variable,
    VariableType,
    reference_id,
)
from styles.paths import files_under
from styles.values import REFERABLE

UNDO_LIMIT = 200

COMPONENT_LABELS: dict[str, str] = {
    **{f"heading{n}": f"Heading {n}" for n in range(1, 7)},
    "paragraph": "Paragraph",
    "link": "Link",
    "button": "Button",
    "divider": "Divider",
}
VARIABLE_LABELS: dict[VariableType, str] = {
    "colors": "Colour",
    "fonts": "Font",
    "radii": "Radius",
    "spacing": "Spacing",
}
#: The editable fields of each variable type (``id`` never changes).
VARIABLE_FIELDS: dict[VariableType, tuple[str, ...]] = {
    "colors": ("name", "hex", "opacity"),
    "fonts": ("name", "type", "family", "url", "fallback", "stack"),
    "radii": ("name", "px"),
    "spacing": ("name", "px"),
}
_NUMERIC_FIELDS = frozenset({"opacity", "px"})

Place = Literal["base", "dark", "desktop", "desktop_dark"]
PLACES: tuple[Place, ...] = ("base", "dark", "desktop", "desktop_dark")
PLACE_LABELS: dict[Place, str] = {
    "base": "Value",
    "dark": "Dark",
    "desktop": "Desktop",
    "desktop_dark": "Desktop dark",
}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


@dataclass(frozen=True, slots=True)
class Change:
    """What an edit touched: ``kind`` is ``variable``, ``default`` or ``all`` (undo,
    redo, reload); ``target`` is the variable id or ``component.property``."""

    kind: Literal["variable", "default", "all"]
    target: str = ""


def places_of(spec: PropSpec) -> tuple[Place, ...]:
    """The places a property can take a value in (base always; dark, desktop…)."""
    out: list[Place] = ["base"]
    if spec.dark:
        out.append("dark")
    if spec.responsive:
        out.append("desktop")
    if spec.dark and spec.responsive:
        out.append("desktop_dark")
    return tuple(out)


def parse_leaf(text: str | float) -> Leaf:
    """A typed field as a file value: ``"28"`` → 28, ``"1.5"`` → 1.5, text stays text."""
    if not isinstance(text, str):
        return text
    text = text.strip()
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def split(value: StyleValue | None) -> dict[Place, Leaf]:
    """A plain or dynamic value as its places (absent places left out)."""
    if value is None:
        return {}
    v: Variants[Leaf] = variants(value)
    found: dict[Place, Leaf | None] = {
        "base": v.base,
        "dark": v.dark,
        "desktop": v.medium,
        "desktop_dark": v.medium_dark,
    }
    return {k: leaf for k, leaf in found.items() if leaf is not None and leaf != ""}


def compose(
    places: Mapping[Place, Leaf], spec: PropSpec, like: StyleValue | None = None
) -> StyleValue | None:
    """Places back to a file value: plain when only the base is given, else an object.

    Keys follow the form of ``like`` (the value being replaced) where it has one:
    ``{small, medium}`` stays responsive-only, ``{light, dark}`` stays scheme-only,
    ``small:light``… stays combined.
    """
    given = {k: v for k, v in places.items() if v != "" and k in places_of(spec)}
    if not given:
        return None
    if set(given) == {"base"}:
        return given["base"]
    keys: dict[Place, str]
    if isinstance(like, Mapping) and any(":" in k for k in like):
        keys = {
            "base": "small:light",
            "dark": "small:dark",
            "desktop": "medium:light",
            "desktop_dark": "medium:dark",
        }
    else:
        base = "light" if spec.dark else "small"
        if spec.dark and spec.responsive and isinstance(like, Mapping) and "small" in like:
            base = "small"
        keys = {"base": base, "dark": "dark", "desktop": "medium", "desktop_dark": "medium:dark"}
    return {keys[p]: given[p] for p in PLACES if p in given}


def whole_reference(value: Leaf) -> tuple[VariableType, str] | None:
    """``("colors", "k2j3m4n5p6q7")`` when the value is exactly one reference."""
    if not isinstance(value, str):
        return None
    m = REFERENCE_RE.fullmatch(value.strip())
    if m is None:
        return None
    kind: VariableType = m.group(1)  # type: ignore[assignment]
    return kind, reference_id(m.group(2))


class StylesEditor:
    """A working copy of a workspace's global styles, with undo, checking and save."""

    def __init__(
        self, styles: GlobalStyles, path: Path | None = None, *, saved_text: str | None = None
    ) -> None:
        self.styles = styles
        self.path = path
        self._saved_text = dumps_styles(styles) if saved_text is None else saved_text
        self._undo: list[GlobalStyles] = []
        self._redo: list[GlobalStyles] = []
        self.errors: dict[str, str] = {}
        self.save_error = ""
        self._dirty = self._text() != self._saved_text
        self.changed: Event[Change] = Event()
        self.errors_changed: Event[dict[str, str]] = Event()
        self.dirty_changed: Event[bool] = Event()
        #: why the file may not be written now ("" when it may): another studio holds
        #: its edit lock (studio.workspace.locks); save refuses
        self.view_only = ""
        self.saved: Event[Path] = Event()
        self._check()

    @classmethod
    def open(cls, path: Path) -> StylesEditor:
        """Edit ``path``; a missing file starts from the built-in brand (unsaved).

        Raises :class:`StylesError` when the file is there but does not load (fix
        it in a text editor first: the editor never overwrites what it cannot read).
        """
        if not path.exists():
            return cls(default_styles(), path, saved_text="")
        return cls(load_styles(path), path)

    # ---- state ------------------------------------------------------------------
    def _text(self) -> str:
        try:
            return dumps_styles(self.styles)
        except (TypeError, ValueError) as exc:  # a value JSON cannot hold
            return f"<unsaveable: {exc}>"

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def valid(self) -> bool:
        return not self.errors

    def _check(self) -> None:
        found: dict[str, str] = {}
        text = self._text()
        if text.startswith("<unsaveable"):
            found[""] = text.strip("<>")
        else:
            try:
                parse_styles(text)
            except StylesError as exc:
                for err in exc.errors:
                    found.setdefault(err.field, err.message)
        if found != self.errors:
            self.errors = found
            self.errors_changed.emit(dict(found))

    def _after(self, change: Change) -> None:
        self._check()
        dirty = self._text() != self._saved_text
        self.changed.emit(change)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _edit(self) -> None:
        """Record the state before an edit (one undo step)."""
        self._undo.append(copy.deepcopy(self.styles))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self.styles)
        self.styles = self._undo.pop()
        self._after(Change("all"))
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self.styles)
        self.styles = self._redo.pop()
        self._after(Change("all"))
        return True

    def errors_at(self, path: str) -> list[str]:
        """Messages for ``path`` and everything below it (``defaults.link.color`` also
        gets ``defaults.link.color.dark``)."""
        return [
            f"{field[len(path) :].lstrip('.') or ''}: {msg}".lstrip(": ") if field != path else msg
            for field, msg in self.errors.items()
            if field == path or field.startswith((path + ".", path + "["))
        ]

    # ---- variables --------------------------------------------------------------
    def variable(self, var_id: str) -> tuple[VariableType, Variable, int]:
        """The variable with ``var_id``: (type, variable, index in its list)."""
        for kind in VARIABLE_TYPES:
            for i, var in enumerate(self._list(kind)):
                if var.id == var_id:
                    return kind, var, i
        raise KeyError(f"no variable with id {var_id!r}")

    def _list(self, kind: VariableType) -> list[Variable]:
        return getattr(self.styles, kind)  # type: ignore[no-any-return]

    def variables(self, kind: VariableType) -> list[Variable]:
        return list(self._list(kind))

    def path_of(self, var_id: str, field: str = "") -> str:
        """The field path errors use: ``colors[2].hex``."""
        kind, _var, i = self.variable(var_id)
        return f"{kind}[{i}]" + (f".{field}" if field else "")

    def add_variable(self, kind: VariableType, name: str = "") -> Variable:
        """A new variable (fresh id) at the end of its list, with a starting value."""
        taken = {v.name for v in self._list(kind)}
        if not name:
            n = len(taken) + 1
            while f"{VARIABLE_LABELS[kind]} {n}" in taken:
                n += 1
            name = f"{VARIABLE_LABELS[kind]} {n}"
        var: Variable
        if kind == "colors":
            var = ColorVar(name, "#000000")
        elif kind == "fonts":
            var = FontVar(name, "Arial")
        elif kind == "radii":
            var = RadiusVar(name, 4)
        else:
            var = SpacingVar(name, 8)
        self._edit()
        self._list(kind).append(var)
        self._after(Change("variable", var.id))
        return var

    def rename_variable(self, var_id: str, name: str) -> None:
        """A new display name; the id (and so every reference) stays."""
        self.set_variable(var_id, "name", name)

    def set_variable(self, var_id: str, field: str, value: str | float) -> None:
        """Set one field (``hex``, ``opacity``, ``family``…) of a variable.

        Numbers may come as text (``"50"``); a value that is not a number stays text
        so the check reports it at the field.
        """
        kind, var, _i = self.variable(var_id)
        if field not in VARIABLE_FIELDS[kind]:
            raise KeyError(f"{kind} variables have no field {field!r}")
        if field in _NUMERIC_FIELDS:
            value = parse_leaf(value)
        elif isinstance(value, str) and field != "stack":
            value = value.strip()
        if getattr(var, field) == value:
            return
        self._edit()
        _kind, var, _i = self.variable(var_id)
        setattr(var, field, value)
        if isinstance(var, FontVar) and field == "type" and value == "standard":
            var.url = ""
        self._after(Change("variable", var_id))

    def delete_variable(self, var_id: str) -> Variable | None:
        """Delete a variable; defaults that used it keep its last value
        (``GlobalStyles.remove_variable``)."""
        try:
            self.variable(var_id)
        except KeyError:
            return None
        self._edit()
        try:
            gone = self.styles.remove_variable(var_id)
        except (ValueError, TypeError):  # a broken value cannot be inlined: drop it plainly
            kind, var, _i = self.variable(var_id)
            self._list(kind).remove(var)
            gone = var
        self._after(Change("variable", var_id))
        return gone

    def uses_in_workspace(self, var_id: str) -> list[str]:
        """Workspace files (emails, templates, components) that mention the variable,
        e.g. as ``globalStyles.colors.<key>``: they no longer resolve after a delete."""
        if self.path is None:
            return []
        root = self.path.parent
        found: list[str] = []
        for area in ("emails", "templates", "components"):
            for f in files_under(root, area, (".html", ".htm", ".mjml")):
                try:
                    if var_id in f.read_text(encoding="utf-8", errors="replace"):
                        found.append(f.relative_to(root).as_posix())
                except OSError:
                    continue
        return found

    def references(self, kinds: tuple[VariableType, ...]) -> list[tuple[str, str]]:
        """(display name, ``$type.key``) of every variable a field of these types may use."""
        return [(var.name, f"${kind}.{var.key}") for kind in kinds for var in self._list(kind)]

    def referable(self, component: str, prop: str) -> tuple[VariableType, ...]:
        return REFERABLE.get(COMPONENT_PROPS[component][prop].kind, ())

    def reference_name(self, value: Leaf) -> str | None:
        """The variable name a whole-reference value stands for (None otherwise)."""
        ref = whole_reference(value)
        if ref is None:
            return None
        var = self.styles.find(ref[0], ref[1])
        return None if var is None else var.name

    # ---- component defaults -----------------------------------------------------
    def value(self, component: str, prop: str) -> StyleValue | None:
        return self.styles.defaults.get(component, {}).get(prop)

    def places(self, component: str, prop: str) -> dict[Place, Leaf]:
        return split(self.value(component, prop))

    def set_value(self, component: str, prop: str, value: StyleValue | None) -> None:
        """Replace a property's whole value (``None`` removes it)."""
        if component not in COMPONENT_PROPS or prop not in COMPONENT_PROPS[component]:
            raise KeyError(f"{component} has no property {prop!r}")
        if self.value(component, prop) == value:
            return
        self._edit()
        props = self.styles.defaults.setdefault(component, {})
        if value is None:
            props.pop(prop, None)
        else:
            props[prop] = value
        self._after(Change("default", f"{component}.{prop}"))

    def set_place(self, component: str, prop: str, place: Place, text: str | float) -> None:
        """Set one place of a property (``""`` clears it). A variable's display name
        of the right type becomes a reference to it; numbers become numbers."""
        spec = COMPONENT_PROPS[component][prop]
        if place not in places_of(spec):
            raise KeyError(f"{component}.{prop} has no {place} value")
        leaf: Leaf = parse_leaf(text)
        if isinstance(leaf, str):
            for name, ref in self.references(self.referable(component, prop)):
                if leaf == name:
                    leaf = ref
                    break
        current = self.value(component, prop)
        places = split(current)
        if leaf == "":
            places.pop(place, None)
        else:
            places[place] = leaf
        self.set_value(component, prop, compose(places, spec, current))

    def field_path(self, component: str, prop: str) -> str:
        return f"defaults.{component}.{prop}"

    # ---- saving -----------------------------------------------------------------
    def save(self, path: Path | None = None) -> bool:
        """Write ``styles.json`` atomically. Refused (False) while there are problems;
        a write failure is kept in :attr:`save_error`."""
        path = path or self.path
        self.save_error = ""
        if self.view_only:
            self.save_error = f"not saved: view only — {self.view_only}"
            return False
        self._check()
        if path is None:
            self.save_error = "no file to save to"
            return False
        if self.errors:
            self.save_error = (
                f"not saved: fix the {len(self.errors)} problem"
                f"{'s' if len(self.errors) != 1 else ''} first"
            )
            return False
        try:
            save_styles(self.styles, path)
        except StylesError as exc:  # cannot happen after the check, but never lose the reason
            self.save_error = str(exc)
            return False
        except OSError as exc:
            self.save_error = f"cannot write {path.name}: {exc.strerror or exc}"
            return False
        self.path = path
        self._saved_text = self._text()
        if self._dirty:
            self._dirty = False
            self.dirty_changed.emit(False)
        self.saved.emit(path)
        return True
