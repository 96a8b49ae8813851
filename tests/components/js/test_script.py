"""Component script preparation and ``${}`` splitting."""

from __future__ import annotations

from components.js import (
    Interpolation,
    JSEngine,
    open_interpolation,
    prepare_script,
    split_template,
)


def test_exports_are_removed_keeping_positions() -> None:
    src = "export const props = 1;\nexport function f() { return 2 }\nconst x = 3"
    prepared = prepare_script(src)
    assert len(prepared.code) == len(src)
    assert "export" not in prepared.code
    assert prepared.exports == ["props", "f"]
    assert prepared.names == ["props", "f", "x"]


def test_top_level_names_only() -> None:
    src = (
        "const a = {b: 1}, c = [1, 2]\n"
        "let {d, e: f} = a, [g, h] = c;\n"
        "var long = 1 +\n  2\n"
        "function outer() { const inner = 1; return inner }\n"
        "class K {}\n"
        "const s = `${'const nope = 1'}`; // const alsoNope = 2\n"
    )
    assert prepare_script(src).names == ["a", "c", "d", "f", "g", "h", "long", "outer", "K", "s"]


def test_destructuring_patterns_bind_every_name() -> None:
    # nested patterns, defaults, rest elements, renamed and computed keys, quoted keys
    # with a colon; a declaration after a nested pattern is still read
    src = (
        "export const [a, [b, c]] = x, d = 2;\n"
        "export const {e, f: {g}, h = [1, 2], ...i} = y;\n"
        "const {[k]: l, 'm:n': o} = z\n"
    )
    prepared = prepare_script(src)
    assert prepared.names == ["a", "b", "c", "d", "e", "g", "h", "i", "l", "o"]
    assert prepared.exports == ["a", "b", "c", "d", "e", "g", "h", "i"]


def test_export_list_and_default() -> None:
    prepared = prepare_script("const a = 1;\nexport { a as alias };\nexport default { x: 1 };")
    assert prepared.exports == ["alias"]
    assert prepared.default_export
    engine = JSEngine()
    scope = engine.run_script(prepared.code, None, prepared.names)
    assert engine.evaluate("__default.x + a", scope) == 2


def test_prepared_script_runs() -> None:
    prepared = prepare_script(
        "export const props = Component.defineProps({ n: 1 });\nconst doubled = props.n * 2;"
    )
    engine = JSEngine()
    engine.eval_source("globalThis.Component = { defineProps: (d) => d }")
    scope = engine.run_script(prepared.code, None, prepared.names)
    assert engine.evaluate("doubled", scope) == 2


def test_split_template() -> None:
    parts = split_template("a ${x} b ${ {k: '}'}.k } \\${not} end")
    assert parts == [
        "a ",
        Interpolation("x", 4),
        " b ",
        Interpolation(" {k: '}'}.k ", 11),
        " ${not} end",
    ]


def test_split_template_unterminated_is_text() -> None:
    assert split_template("a ${x") == ["a ${x"]
    assert split_template("") == []


def test_split_template_unclosed_string_ending_in_brace_is_text() -> None:
    # The text ends in "}" but that brace is inside an unterminated string.
    assert split_template("${'{{ x }}") == ["${'{{ x }}"]
    assert split_template("a ${`b ${c}` + '}") == ["a ${`b ${c}` + '}"]
    assert split_template("${ /* } */ ") == ["${ /* } */ "]
    assert split_template("${'{{ x }}'}") == [Interpolation("'{{ x }}'", 2)]


def test_open_interpolation() -> None:
    assert open_interpolation("${'{{ x }}")
    assert open_interpolation("a ${x} ${ {")
    assert not open_interpolation("a ${x} b")
    assert not open_interpolation("\\${'")
    assert not open_interpolation("${'{{ x }}'}")
