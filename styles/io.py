"""Reading and writing styles.json.

:func:`parse_styles` checks everything and reports every problem at once: one
:class:`~styles.model.StylesError` whose ``errors`` list each problem with its
field path (``colors[2].opacity``) and, where the text lets us find it, its
line and column. :func:`save_styles` writes atomically with a stable key order
so the file diffs cleanly in git.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from styles.atomic import write_atomic
from styles.dynamic import DYNAMIC_KEYS, check_key
from styles.model import (
    COMPONENT_PROPS,
    ID_RE,
    REFERENCE_RE,
    STANDARD_FONTS,
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
    new_id,
    reference_id,
)
from styles.values import CHECKS, REFERABLE, check_font, is_hex, is_number, show

#: Files above this size are refused before they are read.
MAX_BYTES = 5 * 1024 * 1024
FORMAT_VERSION = 1
DEFAULT_STYLES_PATH = Path(__file__).resolve().parents[1] / "resources" / "styles" / "default.json"

JsonPath: TypeAlias = tuple[str | int, ...]

_TOP_KEYS = ("version", "colors", "fonts", "radii", "spacing", "defaults")
_VAR_KEYS: dict[VariableType, tuple[str, ...]] = {
    "colors": ("id", "name", "hex", "opacity"),
    "fonts": ("id", "name", "type", "family", "url", "fallback", "stack"),
    "radii": ("id", "name", "px"),
    "spacing": ("id", "name", "px"),
}
_UNSAFE_FAMILY = re.compile(r"[\"';{}<>\\]")


def _close_matches(word: str, choices: Sequence[str]) -> list[str]:
    """The choice closest to a misspelt ``word`` (one, or none): ``difflib`` is imported
    here, on a mistake, not by every cold start that reads styles."""
    import difflib

    return difflib.get_close_matches(word, choices, n=1)


def format_path(path: JsonPath) -> str:
    """``("colors", 2, "opacity")`` → ``colors[2].opacity``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class _Problems:
    """Problems found while checking, each with a path and whether it points at the key."""

    def __init__(self) -> None:
        self.items: list[tuple[JsonPath, str, bool]] = []
        # (type, id) of variables with errors of their own: references to them
        # are not reported again
        self.broken: set[tuple[str, str]] = set()

    def add(self, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        self.items.append((path, message, at_key))

    def unknown_keys(
        self, obj: dict[str, Any], allowed: tuple[str, ...], path: JsonPath, what: str
    ) -> None:
        for key in obj:
            if key not in allowed:
                near = _close_matches(key, allowed)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                self.add(
                    (*path, key),
                    f"unknown key {key!r} in {what}{hint}; allowed: " + ", ".join(allowed),
                    at_key=True,
                )


# ------------------------------------------------------------------ parsing


def load_styles(path: str | os.PathLike[str]) -> GlobalStyles:
    """Read and check a styles file. Raises :class:`StylesError` (never OSError)."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(size, name)
        data = path.read_bytes()
    except OSError as exc:
        raise StylesError(
            f"cannot read the styles file: {exc.strerror or exc}", file=name
        ) from None
    return parse_styles(data, file=name)


def _too_big(size: int, file: str) -> StylesError:
    return StylesError(
        f"the file is {size / 1024 / 1024:.1f} MB; a styles file may be at most "
        f"{MAX_BYTES // 1024 // 1024} MB (is this the right file?)",
        file=file,
    )


def parse_styles(text: str | bytes, file: str = "") -> GlobalStyles:
    """Check and build :class:`GlobalStyles` from the text (or bytes) of a styles file.

    Raises one :class:`StylesError` listing every problem found.
    """
    if isinstance(text, bytes):
        raw = text
        if len(raw) > MAX_BYTES:
            raise _too_big(len(raw), file)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise StylesError(
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                file=file,
                line=line,
                column=col,
            ) from None
    elif len(text) > MAX_BYTES:
        raise _too_big(len(text.encode("utf-8", "surrogatepass")), file)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise StylesError(
            'the file is empty; expected a JSON object like {"colors": []}',
            file=file,
            line=1,
            column=1,
        )
    duplicates: list[bool] = []
    data = _decode(text, file, duplicates)
    problems = _Problems()
    styles = _build(data, problems)
    index: dict[JsonPath, tuple[int, int]] = {}
    if duplicates or problems.items:
        index, repeated = _index(text)
        for path in repeated:
            problems.add(
                path, f"duplicate key {path[-1]!r} (only the last one would count)", at_key=True
            )
    if problems.items:
        raise _error(problems, index, text, file)
    return styles


def _decode(text: str, file: str, duplicates: list[bool]) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            duplicates.append(True)
        return out

    def constant(name: str) -> Any:
        raise _BadConstant(name)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise StylesError(
            f"not valid JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from None
    except _BadConstant as exc:
        offset = max(text.find(exc.name), 0)
        line, col = _line_col(text, offset)
        raise StylesError(
            f"not valid JSON: {exc.name} is not a JSON number", file=file, line=line, column=col
        ) from None
    except RecursionError:
        raise StylesError("not valid JSON: nested too deeply", file=file) from None


class _BadConstant(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _line_col(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _error(
    problems: _Problems, index: dict[JsonPath, tuple[int, int]], text: str, file: str
) -> StylesError:
    found: list[StylesError] = []
    for path, message, at_key in problems.items:
        probe = path
        while probe and probe not in index:
            probe = probe[:-1]
        line = col = 0
        if probe in index:
            key_offset, value_offset = index[probe]
            line, col = _line_col(text, key_offset if at_key and probe == path else value_offset)
        found.append(
            StylesError(message, field=format_path(path), file=file, line=line, column=col)
        )
    found.sort(key=lambda e: (e.line == 0, e.line, e.column))
    first = found[0]
    return StylesError(
        first.message,
        field=first.field,
        file=file,
        line=first.line,
        column=first.column,
        errors=found,
    )


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _index(text: str) -> tuple[dict[JsonPath, tuple[int, int]], list[JsonPath]]:
    """Where each value (and its key) starts in valid JSON text, by path; plus the
    paths of repeated object keys. Iterative, so deep nesting cannot overflow."""
    out: dict[JsonPath, tuple[int, int]] = {}
    repeated: list[JsonPath] = []
    stack: list[tuple[JsonPath, list[int] | None]] = []  # (path, [count] for arrays)
    pending: tuple[str, int] | None = None
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok in (",", ":"):
            continue
        if tok in ("}", "]"):
            if stack:
                stack.pop()
            continue
        pos = m.start()
        if stack and stack[-1][1] is None and pending is None:
            pending = (json.loads(tok), pos)  # an object key
            continue
        if not stack:
            path: JsonPath = ()
            key_pos = pos
        elif (counter := stack[-1][1]) is None:
            assert pending is not None
            path = (*stack[-1][0], pending[0])
            key_pos = pending[1]
            pending = None
            if path in out:
                repeated.append(path)
        else:
            path = (*stack[-1][0], counter[0])
            counter[0] += 1
            key_pos = pos
        out[path] = (key_pos, pos)
        if tok == "{":
            stack.append((path, None))
        elif tok == "[":
            stack.append((path, [0]))
    return out, repeated


# ----------------------------------------------------------------- checking


def _build(data: Any, problems: _Problems) -> GlobalStyles:
    styles = GlobalStyles()
    if not isinstance(data, dict):
        problems.add((), f"expected a JSON object at the top level, got {show(data)}")
        return styles
    problems.unknown_keys(data, _TOP_KEYS, (), "the styles file")
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        problems.add(
            ("version",),
            f"unsupported version {show(version)}; this Mailwright reads version {FORMAT_VERSION}",
        )
    seen_ids: dict[str, JsonPath] = {}
    for kind in VARIABLE_TYPES:
        items = data.get(kind, [])
        if not isinstance(items, list):
            problems.add((kind,), f"expected an array of {kind} variables, got {show(items)}")
            continue
        for i, item in enumerate(items):
            var = _variable(kind, item, (kind, i), problems)
            if var is None:
                continue
            if var.id in seen_ids:
                problems.add(
                    (kind, i, "id"),
                    f"duplicate id {var.id!r} (also used by {format_path(seen_ids[var.id])})",
                )
            else:
                seen_ids[var.id] = (kind, i)
            _append(styles, var)
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.add(
            ("defaults",), f"expected an object of component defaults, got {show(defaults)}"
        )
    else:
        styles.defaults = _defaults(defaults, styles, problems)
    return styles


def _append(styles: GlobalStyles, var: Variable) -> None:
    if isinstance(var, ColorVar):
        styles.colors.append(var)
    elif isinstance(var, FontVar):
        styles.fonts.append(var)
    elif isinstance(var, RadiusVar):
        styles.radii.append(var)
    else:
        styles.spacing.append(var)


def _variable(
    kind: VariableType, item: Any, path: JsonPath, problems: _Problems
) -> Variable | None:
    singular = {"colors": "colour", "fonts": "font", "radii": "radius", "spacing": "spacing"}[kind]
    if not isinstance(item, dict):
        problems.add(path, f"expected a {singular} object, got {show(item)}")
        return None
    problems.unknown_keys(item, _VAR_KEYS[kind], path, f"a {singular}")
    before = len(problems.items)
    var_id = item.get("id")
    if var_id is None:
        problems.add(
            (*path, "id"),
            f"missing id; give the {singular} a 12-character id of "
            f"lowercase letters and digits, such as {new_id()!r}",
        )
    elif not isinstance(var_id, str) or not ID_RE.fullmatch(var_id):
        problems.add(
            (*path, "id"),
            f"expected a 12-character id of lowercase letters and digits, got {show(var_id)}",
        )
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.add(
            (*path, "name"),
            f"expected a non-empty name, got {show(name)}"
            if "name" in item
            else f"missing name for the {singular}",
        )
    if kind == "colors":
        _color_fields(item, path, problems)
    elif kind == "fonts":
        _font_fields(item, path, problems)
    else:
        px = item.get("px")
        if "px" not in item:
            problems.add((*path, "px"), f"missing px (the {singular} in pixels)")
        elif not is_number(px) or px < 0:
            problems.add((*path, "px"), f"expected a number of pixels like 8, got {show(px)}")
    if len(problems.items) != before:
        if isinstance(var_id, str):
            problems.broken.add((kind, var_id))
        return None
    name, var_id = item["name"], item["id"]
    if kind == "colors":
        return ColorVar(name, item["hex"], item.get("opacity", 100), id=var_id)
    if kind == "fonts":
        return FontVar(
            name,
            item["family"],
            item.get("type", "standard"),
            item.get("url", ""),
            item.get("fallback", ""),
            item.get("stack", ""),
            id=var_id,
        )
    if kind == "radii":
        return RadiusVar(name, item["px"], id=var_id)
    return SpacingVar(name, item["px"], id=var_id)


def _color_fields(item: dict[str, Any], path: JsonPath, problems: _Problems) -> None:
    if "hex" not in item:
        problems.add((*path, "hex"), "missing hex (the colour, like #1a2b3c)")
    elif not is_hex(item["hex"]):
        problems.add(
            (*path, "hex"), f"expected a hex colour like #1a2b3c or #abc, got {show(item['hex'])}"
        )
    if "opacity" in item:
        opacity = item["opacity"]
        if not is_number(opacity):
            problems.add(
                (*path, "opacity"), f"expected an opacity from 0 to 100, got {show(opacity)}"
            )
        elif not 0 <= opacity <= 100:
            problems.add((*path, "opacity"), f"opacity must be between 0 and 100, got {opacity}")


def _font_fields(item: dict[str, Any], path: JsonPath, problems: _Problems) -> None:
    font_type = item.get("type", "standard")
    if font_type not in ("standard", "custom"):
        problems.add((*path, "type"), f"expected 'standard' or 'custom', got {show(font_type)}")
        return
    family = item.get("family")
    if "family" not in item:
        problems.add((*path, "family"), "missing family (the font's name)")
    elif font_type == "standard" and family not in STANDARD_FONTS:
        problems.add(
            (*path, "family"),
            f"unknown standard font {show(family)}; choose one of "
            + ", ".join(STANDARD_FONTS)
            + " (or use type 'custom')",
        )
    elif not isinstance(family, str) or not family.strip() or _UNSAFE_FAMILY.search(family):
        problems.add(
            (*path, "family"),
            f"expected a font family name without quotes, ; {{ }} < > or \\, got {show(family)}",
        )
    url = item.get("url", "")
    if font_type == "custom":
        if "url" not in item:
            problems.add((*path, "url"), "missing url (the stylesheet of the custom font)")
        elif not _is_stylesheet_url(url):
            problems.add(
                (*path, "url"),
                "expected the http(s) URL of a .css stylesheet (or a "
                f"Google Fonts css URL), got {show(url)}",
            )
    elif url:
        problems.add((*path, "url"), "only custom fonts have a stylesheet url")
    for key in ("fallback", "stack"):
        if key in item:
            value = item[key]
            message = check_font(value) if value != "" else None
            if message:
                problems.add((*path, key), message)
            elif isinstance(value, str) and "$" in value:
                problems.add((*path, key), "a font variable cannot refer to another variable")


def _is_stylesheet_url(url: object) -> bool:
    if not isinstance(url, str) or any(c in url for c in "\"'<> \t\n"):
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return parts.path.lower().endswith(".css") or parts.netloc == "fonts.googleapis.com"


def _defaults(
    defaults: dict[str, Any], styles: GlobalStyles, problems: _Problems
) -> dict[str, dict[str, StyleValue]]:
    out: dict[str, dict[str, StyleValue]] = {}
    problems.unknown_keys(defaults, tuple(COMPONENT_PROPS), ("defaults",), "defaults")
    for component, props in defaults.items():
        specs = COMPONENT_PROPS.get(component)
        if specs is None:
            continue
        path: JsonPath = ("defaults", component)
        if not isinstance(props, dict):
            problems.add(path, f"expected an object of {component} properties, got {show(props)}")
            continue
        problems.unknown_keys(props, tuple(specs), path, component)
        kept: dict[str, StyleValue] = {}
        for prop, value in props.items():
            spec = specs.get(prop)
            if spec is None:
                continue
            ok = _prop(value, spec, (*path, prop), styles, problems)
            if ok:
                kept[prop] = value
        out[component] = kept
    return out


def _prop(
    value: Any, spec: PropSpec, path: JsonPath, styles: GlobalStyles, problems: _Problems
) -> bool:
    before = len(problems.items)
    if isinstance(value, dict):
        if not value:
            problems.add(
                path,
                "empty dynamic value; give a plain value or at least one of "
                + ", ".join(
                    k
                    for k in DYNAMIC_KEYS
                    if not check_key(k, dark=spec.dark, responsive=spec.responsive)
                ),
            )
        for key, leaf in value.items():
            problem = check_key(key, dark=spec.dark, responsive=spec.responsive)
            if problem:
                problems.add((*path, key), problem, at_key=True)
            elif isinstance(leaf, dict | list):
                problems.add((*path, key), f"expected a plain value, got {show(leaf)}")
            else:
                _leaf(leaf, spec, (*path, key), styles, problems)
    else:
        _leaf(value, spec, path, styles, problems)
    return len(problems.items) == before


def _leaf(
    leaf: Leaf, spec: PropSpec, path: JsonPath, styles: GlobalStyles, problems: _Problems
) -> None:
    if isinstance(leaf, str) and "$" in leaf:
        bad = False
        for m in REFERENCE_RE.finditer(leaf):
            kind: VariableType = m.group(1)  # type: ignore[assignment]
            allowed = REFERABLE.get(spec.kind, ())
            if kind not in allowed:
                problems.add(
                    path,
                    f"{m.group(0)} is a {kind} variable; this property takes "
                    + (
                        " or ".join(f"${a}" for a in allowed) + " variables"
                        if allowed
                        else "no variables"
                    ),
                )
                bad = True
            elif (kind, reference_id(m.group(2))) in problems.broken:
                bad = True
            elif styles.find(kind, m.group(2)) is None or not _reference_key_ok(m.group(2)):
                known = [v.key for k, v in styles.variables() if k == kind]
                near = _close_matches(m.group(2), known)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                problems.add(path, f"unknown {kind} variable {m.group(2)!r}{hint}")
                bad = True
        if bad:
            return
    check: Callable[[object], str | None] = CHECKS[spec.kind]
    message = check(leaf)
    if message:
        problems.add(path, message)


def _reference_key_ok(key: str) -> bool:
    return bool(
        ID_RE.fullmatch(key) or (len(key) > 13 and key[-13] == "_" and ID_RE.fullmatch(key[-12:]))
    )


# ------------------------------------------------------------------ writing


def to_data(styles: GlobalStyles) -> dict[str, Any]:
    """The JSON data of a styles file, keys in their canonical order."""
    fonts: list[dict[str, Any]] = []
    for f in styles.fonts:
        font: dict[str, Any] = {"id": f.id, "name": f.name, "type": f.type, "family": f.family}
        for key, value in (("url", f.url), ("fallback", f.fallback), ("stack", f.stack)):
            if value:
                font[key] = value
        fonts.append(font)
    defaults: dict[str, dict[str, Any]] = {}
    for component, specs in COMPONENT_PROPS.items():
        if component not in styles.defaults:
            continue
        props = styles.defaults[component]
        defaults[component] = {
            name: _canonical(styles.canonical_references(props[name]))
            for name in (*specs, *(p for p in props if p not in specs))
            if name in props
        }
    for component, props in styles.defaults.items():  # unknown components: caught on save
        if component not in defaults:
            defaults[component] = dict(props)
    return {
        "version": styles.version,
        "colors": [
            {"id": c.id, "name": c.name, "hex": c.hex, "opacity": c.opacity} for c in styles.colors
        ],
        "fonts": fonts,
        "radii": [{"id": r.id, "name": r.name, "px": r.px} for r in styles.radii],
        "spacing": [{"id": s.id, "name": s.name, "px": s.px} for s in styles.spacing],
        "defaults": defaults,
    }


def _canonical(value: StyleValue) -> StyleValue:
    if isinstance(value, dict):
        order = {k: i for i, k in enumerate(DYNAMIC_KEYS)}
        return dict(sorted(value.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))
    return value


def dumps_styles(styles: GlobalStyles) -> str:
    """The text of a styles file: 2-space JSON, canonical key order, final newline."""
    return json.dumps(to_data(styles), indent=2, ensure_ascii=False) + "\n"


def save_styles(styles: GlobalStyles, path: str | os.PathLike[str]) -> None:
    """Check ``styles`` and write them to ``path`` atomically (temp file, fsync, rename).

    Raises :class:`StylesError` (and writes nothing) when the styles would not
    load back; the old file is untouched on any failure.
    """
    path = Path(path)
    text = dumps_styles(styles)
    parse_styles(text, file=str(path))
    write_atomic(path, text)


def default_styles() -> GlobalStyles:
    """The built-in brand a new workspace starts from (``resources/styles/default.json``)."""
    return load_styles(DEFAULT_STYLES_PATH)
