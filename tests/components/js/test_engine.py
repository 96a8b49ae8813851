"""The sandboxed JavaScript engine: values, scopes, errors, limits, sandbox."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from components.js import UNDEFINED, JSEngine, JSError, JSHandle


@pytest.fixture(scope="module")
def engine() -> JSEngine:
    return JSEngine(time_limit_ms=100, memory_limit_mb=16)


@dataclass(frozen=True)
class Case:
    description: str
    expr: str
    expect: object


VALUE_CASES = [
    Case("integer stays int", "1 + 1", 2),
    Case("integral float becomes int", "4 / 2", 2),
    Case("fraction stays float", "1 / 4", 0.25),
    Case("string", "'a' + 'b'", "ab"),
    Case("template literal", "`${2 * 3}px`", "6px"),
    Case("boolean", "1 < 2", True),
    Case("null", "null", None),
    Case("undefined", "undefined", None),
    Case("array", "[50, 50]", [50, 50]),
    Case("object", "({ light: '#000', dark: '#fff' })", {"light": "#000", "dark": "#fff"}),
    Case("nested", "({a: [1, {b: 2.5}]})", {"a": [1, {"b": 2.5}]}),
    Case("undefined entries dropped", "({a: undefined, b: 1})", {"b": 1}),
]


@pytest.mark.parametrize("case", VALUE_CASES, ids=lambda c: c.description)
def test_values_convert_to_python(engine: JSEngine, case: Case) -> None:
    assert engine.evaluate(case.expr) == case.expect


def test_functions_come_back_as_handles(engine: JSEngine) -> None:
    fn = engine.evaluate("(a) => a * 2")
    assert isinstance(fn, JSHandle)
    assert engine.call(fn, 21) == 42


def test_scopes_chain_and_shadow(engine: JSEngine) -> None:
    outer = engine.scope({"props": {"items": ["a", "b"]}, "x": 1})
    inner = engine.scope({"x": 10, "item": "c"}, outer)
    assert engine.evaluate("props.items.length + x", inner) == 12
    assert engine.evaluate("x", outer) == 1
    assert engine.evaluate("item", inner) == "c"
    assert inner.lookup("props") == {"items": ["a", "b"]}
    assert inner.names() == {"props", "x", "item"}


def test_scope_accepts_js_handles(engine: JSEngine) -> None:
    fn = engine.evaluate("(s) => s.toUpperCase()")
    assert isinstance(fn, JSHandle)
    scope = engine.scope({"up": fn})
    assert engine.evaluate("up('hi')", scope) == "HI"


def test_compiled_expressions_are_cached(engine: JSEngine) -> None:
    assert engine.compile("x + 1") is engine.compile("x + 1")
    a = engine.scope({"x": 1})
    b = engine.scope({"x": 5})
    assert engine.evaluate("x + 1", a) == 2
    assert engine.evaluate("x + 1", b) == 6


@dataclass(frozen=True)
class ErrorCase:
    description: str
    expr: str
    kind: str
    line: int
    column: int
    message: str


ERROR_CASES = [
    ErrorCase("syntax error", "1 +* 2", "syntax", 1, 4, "SyntaxError"),
    ErrorCase("unknown name", "foo.bar", "runtime", 1, 1, "foo is not defined"),
    ErrorCase("runtime on line 2", "1 +\n  a.b.c", "runtime", 2, 3, "cannot read property"),
    ErrorCase("thrown error", "(() => { throw new Error('boom') })()", "runtime", 1, 34, "boom"),
    ErrorCase("statement is not an expression", "while(true){}", "syntax", 1, 1, "SyntaxError"),
    ErrorCase("endless loop", "(() => { for(;;){} })()", "timeout", 1, 1, "time limit"),
    ErrorCase(
        "huge allocation",
        "(() => { const a = []; for(;;) a.push('xxxxxxxxxxxxxxxx' + a.length) })()",
        "memory",
        1,
        1,
        "memory",
    ),
    ErrorCase(
        "string doubling", "(() => { let s = 'x'; for(;;) s += s })()", "memory", 1, 1, "memory"
    ),
    ErrorCase("deep recursion", "(function f(){ return f() })()", "runtime", 1, 1, "stack"),
    ErrorCase("empty", "   ", "syntax", 1, 1, "empty expression"),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda c: c.description)
def test_errors_are_located_and_classified(case: ErrorCase) -> None:
    engine = JSEngine(time_limit_ms=100, memory_limit_mb=16)
    scope = engine.scope({"a": {"b": None}})
    with pytest.raises(JSError) as info:
        engine.evaluate(case.expr, scope)
    err = info.value
    assert err.kind == case.kind
    assert err.rule == f"expr/{case.kind}"
    assert (err.line, err.column) == (case.line, case.column)
    assert case.message in err.message
    # the engine stays usable after every kind of failure
    assert engine.evaluate("a.b === null ? 'ok' : 'no'", scope) == "ok"


SANDBOX_CASES = [
    "typeof require",
    "typeof fetch",
    "typeof setTimeout",
    "typeof setInterval",
    "typeof XMLHttpRequest",
    "typeof process",
    "typeof std",
    "typeof os",
    "typeof Deno",
    "typeof window",
    "typeof document",
]


@pytest.mark.parametrize("expr", SANDBOX_CASES)
def test_sandbox_has_no_host_access(engine: JSEngine, expr: str) -> None:
    assert engine.evaluate(expr) == "undefined"


def test_dynamic_import_never_loads_a_module(engine: JSEngine) -> None:
    engine.eval_source(
        "globalThis.__imp = 'pending';"
        "import('os').then(() => { globalThis.__imp = 'loaded' },"
        " (e) => { globalThis.__imp = 'failed' })"
    )
    assert engine.evaluate("__imp") in ("pending", "failed")


def test_static_import_fails_in_a_script(engine: JSEngine) -> None:
    with pytest.raises(JSError) as info:
        engine.run_script("import * as os from 'os';")
    assert info.value.kind == "syntax"


def test_run_script_returns_named_bindings() -> None:
    engine = JSEngine()
    props = engine.scope({"props": {"tone": "warn"}})
    result = engine.run_script(
        "const color = props.tone === 'warn' ? '#b00' : '#000';\n"
        "function twice(x) { return x * 2 }",
        props,
        ["color", "twice", "missing"],
    )
    assert engine.evaluate("color", result) == "#b00"
    assert engine.evaluate("twice(4)", result) == 8
    assert engine.evaluate("typeof missing", result) == "undefined"
    assert engine.evaluate("props.tone", result) == "warn"


def test_run_script_errors_are_located_in_the_script() -> None:
    engine = JSEngine()
    with pytest.raises(JSError) as info:
        engine.run_script("const a = 1;\nconst b = a.c.d;", None, ["a", "b"])
    assert (info.value.kind, info.value.line) == ("runtime", 2)


def test_globals_and_helper_source() -> None:
    engine = JSEngine()
    engine.define("globalStyles", {"colors": {"pink_abc": "#f0c"}})
    assert engine.evaluate("globalStyles.colors.pink_abc") == "#f0c"
    engine.eval_source("globalThis.Component = { props: { string: () => ({type: 'string'}) } }")
    assert engine.evaluate("Component.props.string()") == {"type": "string"}


def test_undefined_scope_values_shadow_and_are_undefined() -> None:
    engine = JSEngine()
    outer = engine.scope({"a": 1, "b": None})
    inner = engine.scope({"a": UNDEFINED, "c": 2}, outer)
    assert engine.evaluate("[typeof a, a === undefined, b === null, c]", inner) == [
        "undefined",
        True,
        True,
        2,
    ]
    assert engine.evaluate("typeof a", outer) == "number"
