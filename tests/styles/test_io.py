from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from styles import css as css_module
from styles.io import (
    DEFAULT_STYLES_PATH,
    MAX_BYTES,
    default_styles,
    dumps_styles,
    load_styles,
    parse_styles,
    save_styles,
)
from styles.model import COMPONENT_PROPS, ColorVar, GlobalStyles, StylesError

BASE: dict[str, Any] = {
    "version": 1,
    "colors": [
        {"id": "k2j3m4n5p6q7", "name": "Brand", "hex": "#2563eb", "opacity": 100},
        {"id": "inkinkinkink", "name": "Ink", "hex": "#111111", "opacity": 60},
    ],
    "fonts": [
        {
            "id": "fontfontfont",
            "name": "Body",
            "type": "custom",
            "family": "Inter",
            "url": "https://fonts.example.test/inter.css",
            "fallback": "Arial",
        },
        {"id": "sysfontsysfo", "name": "System", "type": "standard", "family": "System"},
    ],
    "radii": [{"id": "radiusradius", "name": "Round", "px": 8}],
    "spacing": [{"id": "spacespacesp", "name": "Gap", "px": 16}],
    "defaults": {
        "heading1": {
            "color": {"light": "$colors.ink_inkinkinkink", "dark": "#ffffff"},
            "font-size": {"small": 28, "medium": 32},
            "font-weight": 700,
        },
        "paragraph": {"font-family": "$fonts.body_fontfontfont", "line-height": 1.5},
        "link": {"color": "$colors.brand_k2j3m4n5p6q7", "text-decoration": "underline"},
        "button": {
            "padding": "$spacing.gap_spacespacesp 24px",
            "background": {
                "small:light": "#2563eb",
                "small:dark": "#93c5fd",
                "medium:light": "#1d4ed8",
            },
            "background-image": "linear-gradient($colors.brand_k2j3m4n5p6q7, #fff)",
            "border-radius": "$radii.round_radiusradius",
        },
        "divider": {"background-color": "rgba(0, 0, 0, 0.1)", "height": 1},
    },
}


def doc(edit: Any = None) -> str:
    data = copy.deepcopy(BASE)
    if edit is not None:
        edit(data)
    return json.dumps(data, indent=2)


def test_base_document_is_valid() -> None:
    styles = parse_styles(doc())
    assert [c.key for c in styles.colors] == ["brand_k2j3m4n5p6q7", "ink_inkinkinkink"]
    assert styles.defaults["heading1"]["font-size"] == {"small": 28, "medium": 32}


def test_round_trip_is_equal_and_byte_stable(tmp_path: Path) -> None:
    first = parse_styles(doc())
    path = tmp_path / "styles.json"
    save_styles(first, path)
    text = path.read_text("utf-8")
    second = load_styles(path)
    assert second == first
    save_styles(second, path)
    assert path.read_text("utf-8") == text
    assert text.endswith("}\n")
    assert list(json.loads(text)) == ["version", "colors", "fonts", "radii", "spacing", "defaults"]


def test_save_uses_canonical_order() -> None:
    data = copy.deepcopy(BASE)
    data["defaults"] = {
        "link": {"text-decoration": "none", "color": {"dark": "#fff", "light": "#000"}},
        "heading1": {"font-weight": 400, "color": "#000"},
    }
    text = dumps_styles(parse_styles(json.dumps(data)))
    saved = json.loads(text)
    assert list(saved["defaults"]) == ["heading1", "link"]
    assert list(saved["defaults"]["heading1"]) == ["color", "font-weight"]
    assert list(saved["defaults"]["link"]) == ["color", "text-decoration"]
    assert list(saved["defaults"]["link"]["color"]) == ["light", "dark"]


def test_save_rewrites_references_after_a_rename() -> None:
    styles = parse_styles(doc())
    styles.colors[0].name = "Primary Blue"
    saved = json.loads(dumps_styles(styles))
    assert saved["defaults"]["link"]["color"] == "$colors.primary_blue_k2j3m4n5p6q7"


def test_save_is_atomic_and_refuses_invalid_styles(tmp_path: Path) -> None:
    path = tmp_path / "styles.json"
    path.write_text("original", "utf-8")
    path.chmod(0o640)
    bad = GlobalStyles(colors=[ColorVar("Brand", "not-a-colour", id="k2j3m4n5p6q7")])
    with pytest.raises(StylesError, match="hex"):
        save_styles(bad, path)
    assert path.read_text("utf-8") == "original"
    save_styles(parse_styles(doc()), path)
    assert (path.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["styles.json"]


def test_save_cleans_up_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "styles.json"
    path.write_text("original", "utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        save_styles(parse_styles(doc()), path)
    assert path.read_text("utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["styles.json"]


def test_default_styles_load_and_cover_every_component() -> None:
    styles = default_styles()
    assert DEFAULT_STYLES_PATH.is_file()
    assert set(styles.defaults) == set(COMPONENT_PROPS)
    for component in ("heading1", "paragraph", "link", "button"):
        color = styles.defaults[component]["color"]
        assert isinstance(color, dict), component
        assert "dark" in color
    # saved in canonical form: saving it again changes nothing
    assert dumps_styles(styles) == DEFAULT_STYLES_PATH.read_text("utf-8")
    assert css_module.global_css(styles)


# ------------------------------------------------------------ field errors


@dataclass(frozen=True)
class Bad:
    description: str
    edit: Any
    field: str
    message: str
    at: str = ""  # text the reported line:column must point at


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def edit(data: Any) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return edit


def _delete(path: tuple[Any, ...]) -> Any:
    def edit(data: Any) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return edit


BAD = [
    Bad(
        "top-level unknown key",
        _set(("colours",), []),
        "colours",
        "unknown key 'colours'",
        '"colours"',
    ),
    Bad("unsupported version", _set(("version",), 2), "version", "unsupported version 2", "2"),
    Bad("variables not an array", _set(("colors",), {}), "colors", "expected an array", "{"),
    Bad(
        "variable not an object", _set(("radii", 0), 8), "radii[0]", "expected a radius object", "8"
    ),
    Bad(
        "unknown variable key",
        _set(("colors", 1, "opacty"), 5),
        "colors[1].opacty",
        "did you mean 'opacity'",
        '"opacty"',
    ),
    Bad(
        "opacity out of range",
        _set(("colors", 1, "opacity"), 150),
        "colors[1].opacity",
        "between 0 and 100, got 150",
        "150",
    ),
    Bad(
        "opacity wrong type",
        _set(("colors", 1, "opacity"), "50%"),
        "colors[1].opacity",
        "expected an opacity",
        '"50%"',
    ),
    Bad(
        "bad hex",
        _set(("colors", 0, "hex"), "blue"),
        "colors[0].hex",
        "expected a hex colour",
        '"blue"',
    ),
    Bad("missing hex", _delete(("colors", 0, "hex")), "colors[0].hex", "missing hex", "{"),
    Bad(
        "bad id",
        _set(("colors", 0, "id"), "Brand-1"),
        "colors[0].id",
        "12-character id",
        '"Brand-1"',
    ),
    Bad("missing id", _delete(("spacing", 0, "id")), "spacing[0].id", "missing id", "{"),
    Bad(
        "duplicate id across types",
        _set(("radii", 0, "id"), "k2j3m4n5p6q7"),
        "radii[0].id",
        "duplicate id 'k2j3m4n5p6q7' (also used by colors[0])",
        '"k2j3m4n5p6q7"',
    ),
    Bad("empty name", _set(("colors", 0, "name"), " "), "colors[0].name", "non-empty name"),
    Bad(
        "px wrong type",
        _set(("spacing", 0, "px"), "16px"),
        "spacing[0].px",
        "number of pixels",
        '"16px"',
    ),
    Bad("negative px", _set(("radii", 0, "px"), -1), "radii[0].px", "number of pixels", "-1"),
    Bad(
        "unknown standard font",
        _set(("fonts", 1, "family"), "Comic"),
        "fonts[1].family",
        "unknown standard font 'Comic'",
    ),
    Bad("font type", _set(("fonts", 1, "type"), "web"), "fonts[1].type", "'standard' or 'custom'"),
    Bad(
        "custom font url not css",
        _set(("fonts", 0, "url"), "https://x.test/font.woff2"),
        "fonts[0].url",
        ".css stylesheet",
    ),
    Bad(
        "custom font url not http",
        _set(("fonts", 0, "url"), "javascript:alert(1).css"),
        "fonts[0].url",
        ".css stylesheet",
    ),
    Bad(
        "url on a standard font",
        _set(("fonts", 1, "url"), "https://x.test/a.css"),
        "fonts[1].url",
        "only custom fonts",
    ),
    Bad(
        "font family injection",
        _set(("fonts", 0, "family"), "Inter;}body{"),
        "fonts[0].family",
        "without quotes",
    ),
    Bad(
        "unknown component",
        _set(("defaults", "buton"), {}),
        "defaults.buton",
        "did you mean 'button'",
        '"buton"',
    ),
    Bad(
        "unknown property",
        _set(("defaults", "link", "colour"), "#000"),
        "defaults.link.colour",
        "unknown key 'colour' in link",
        '"colour"',
    ),
    Bad(
        "bad colour in a dark value",
        _set(("defaults", "heading1", "color", "dark"), "blu"),
        "defaults.heading1.color.dark",
        "expected a colour like #1a2b3c or rgba(…), got 'blu'",
        '"blu"',
    ),
    Bad(
        "responsive key on a dark-only property",
        _set(("defaults", "link", "color"), {"light": "#000", "medium": "#111"}),
        "defaults.link.color.medium",
        "does not accept responsive values",
        '"medium"',
    ),
    Bad(
        "dark key on a responsive-only property",
        _set(("defaults", "heading1", "font-size"), {"small": 1, "dark": 2}),
        "defaults.heading1.font-size.dark",
        "does not accept dark-mode values",
    ),
    Bad(
        "unknown dynamic key",
        _set(("defaults", "heading1", "color"), {"dim": "#000"}),
        "defaults.heading1.color.dim",
        "unknown key 'dim'",
    ),
    Bad(
        "empty dynamic value",
        _set(("defaults", "heading1", "color"), {}),
        "defaults.heading1.color",
        "empty dynamic value",
    ),
    Bad(
        "nested dynamic value",
        _set(("defaults", "heading1", "color"), {"light": {"a": 1}}),
        "defaults.heading1.color.light",
        "plain value",
    ),
    Bad(
        "unknown variable",
        _set(("defaults", "link", "color"), "$colors.brand_zzzzzzzzzzzz"),
        "defaults.link.color",
        "unknown colors variable 'brand_zzzzzzzzzzzz'",
    ),
    Bad(
        "malformed reference key",
        _set(("defaults", "link", "color"), "$colors.bk2j3m4n5p6q7"),
        "defaults.link.color",
        "unknown colors variable",
    ),
    Bad(
        "wrong variable type",
        _set(("defaults", "link", "color"), "$fonts.body_fontfontfont"),
        "defaults.link.color",
        "is a fonts variable; this property takes $colors",
    ),
    Bad(
        "bad weight",
        _set(("defaults", "heading1", "font-weight"), 750),
        "defaults.heading1.font-weight",
        "font weight",
    ),
    Bad(
        "boolean is not a size",
        _set(("defaults", "heading1", "font-size"), True),
        "defaults.heading1.font-size",
        "got true",
    ),
    Bad(
        "bad decoration",
        _set(("defaults", "link", "text-decoration"), "wavy"),
        "defaults.link.text-decoration",
        "underline",
    ),
    Bad(
        "bad padding",
        _set(("defaults", "button", "padding"), "1px 2px 3px 4px 5px"),
        "defaults.button.padding",
        "1 to 4 values",
    ),
    Bad(
        "bad gradient",
        _set(("defaults", "button", "background-image"), "red"),
        "defaults.button.background-image",
        "linear-gradient",
    ),
    Bad(
        "bad line height",
        _set(("defaults", "paragraph", "line-height"), -1),
        "defaults.paragraph.line-height",
        "line height",
    ),
    Bad(
        "defaults not an object",
        _set(("defaults",), []),
        "defaults",
        "expected an object of component defaults",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.description)
def test_field_errors(case: Bad) -> None:
    text = doc(case.edit)
    with pytest.raises(StylesError) as info:
        parse_styles(text, file="styles.json")
    err = next((e for e in info.value.errors if e.field == case.field), None)
    assert err is not None, [str(e) for e in info.value.errors]
    assert case.message in err.message
    assert err.file == "styles.json"
    assert str(err).startswith(f"styles.json:{err.line}:{err.column}: {case.field}: ")
    assert err.line > 0
    if case.at:
        line = text.splitlines()[err.line - 1]
        assert line[err.column - 1 :].startswith(case.at), (line, err.column)


def test_all_errors_are_collected_in_file_order() -> None:
    def edit(data: Any) -> None:
        data["colors"][0]["hex"] = "nope"
        data["colors"][1]["opacity"] = 101
        data["defaults"]["link"]["color"] = "blu"
        data["defaults"]["divider"]["height"] = "tall"

    with pytest.raises(StylesError) as info:
        parse_styles(doc(edit), file="styles.json")
    fields = [e.field for e in info.value.errors]
    assert fields == [
        "colors[0].hex",
        "colors[1].opacity",
        "defaults.link.color",
        "defaults.divider.height",
    ]
    first = info.value
    assert (first.field, first.line) == ("colors[0].hex", info.value.errors[0].line)
    assert len(str(first).splitlines()) == 4


# ---------------------------------------------------------- whole-file errors


@dataclass(frozen=True)
class BadFile:
    description: str
    data: bytes
    message: str
    line: int
    column: int


BAD_FILES = [
    BadFile("empty", b"", "the file is empty", 1, 1),
    BadFile("only whitespace", b"  \n\n ", "the file is empty", 1, 1),
    BadFile("not JSON", b"colors: []", "not valid JSON: Expecting value", 1, 1),
    BadFile(
        "trailing comma", b'{\n  "colors": [\n    {"id": "x"},\n  ]\n}', "not valid JSON", 4, 3
    ),
    BadFile("unterminated", b'{\n  "colors": [\n', "not valid JSON", 3, 1),
    BadFile("NaN", b'{\n  "version": NaN\n}', "NaN is not a JSON number", 2, 14),
    BadFile(
        "top-level array", b"[1, 2]", "expected a JSON object at the top level, got an array", 1, 1
    ),
    BadFile("top-level string", b'"x"', "got 'x'", 1, 1),
    BadFile(
        "non-UTF-8 bytes", b'{\n  "colors": [],\n  \xff\xfe\n}', "not UTF-8 text (byte 0xff)", 3, 3
    ),
    BadFile(
        "duplicate key", b'{\n  "colors": [],\n  "colors": []\n}', "duplicate key 'colors'", 3, 3
    ),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=lambda c: c.description)
def test_file_errors(case: BadFile) -> None:
    with pytest.raises(StylesError) as info:
        parse_styles(case.data, file="styles.json")
    err = info.value
    assert case.message in err.message
    assert (err.line, err.column) == (case.line, case.column)
    assert str(err).startswith(f"styles.json:{case.line}:{case.column}: ")


def test_utf8_bom_and_non_ascii_names_are_fine() -> None:
    def edit(data: Any) -> None:
        data["colors"][0]["name"] = "Marke Blau – Ü"

    styles = parse_styles("\ufeff".encode() + doc(edit).encode())
    assert styles.colors[0].name == "Marke Blau – Ü"
    assert "Marke Blau – Ü" in dumps_styles(styles)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    text = '{"defaults": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(StylesError):
        parse_styles(text)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "styles.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(StylesError, match="at most 5 MB"):
        load_styles(path)
    with pytest.raises(StylesError, match="at most 5 MB"):
        parse_styles(b" " * (MAX_BYTES + 1))


def test_missing_file_is_a_styles_error(tmp_path: Path) -> None:
    with pytest.raises(StylesError, match="cannot read") as info:
        load_styles(tmp_path / "nope.json")
    assert info.value.file.endswith("nope.json")


def test_missing_sections_default_to_empty() -> None:
    styles = parse_styles("{}")
    assert styles == GlobalStyles()


def test_the_documented_example_is_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "styles.md"
    example = docs.read_text("utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    styles = parse_styles(example, file="docs/styles.md")
    assert styles.fonts[1].css() == "Inter, Arial, Helvetica, sans-serif"
