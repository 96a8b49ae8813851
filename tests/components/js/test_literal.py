"""Plain literals read without an engine: the same value the engine gives, or a refusal."""

from __future__ import annotations

import pytest

from components.js import JSEngine
from components.js.literal import NOT_LITERAL, literal_value


@pytest.fixture(scope="module")
def engine() -> JSEngine:
    return JSEngine(time_limit_ms=100, memory_limit_mb=16)


#: read without the engine, to exactly what the engine returns (value and types)
READ = [
    "[50,50]",
    "[33, 34, 33]",
    " [ 40 ,\n 60 ] ",
    "[]",
    "[[1, 2], [3]]",
    "0",
    "12",
    "-5",
    "-0",
    "[-0]",
    "0.5",
    "33.3333",
    "-12.75",
    "123456789012345",
    "[0.1, 0.2, 100.0, 7.50]",
    "1.0",
    "[1.0, 2.000]",
    "true",
    "false",
    "null",
    "[true, null, false]",
    "'rtl'",
    '"#b4472f"',
    "''",
    "'é ✓ 😀'",
    "'tab\there'",
    "'{{ customer.name }}'",
    "{light: '#222', dark: '#eee'}",
    "{ 'small': 12, \"medium\": 16 }",
    "{}",
    "{a: 1, a: 2}",
    "{b: 1, a: 2, c: {d: [1, 'x']}}",
    "{$x: 1, _y: 2, '': 3}",
    "{b: 'c', 'x y': 1}",
]

#: left to the engine: outside the narrow grammar, or JavaScript gives another value
REFUSED = [
    "",
    "   ",
    "width",
    "1 + 1",
    "1e3",
    "0x10",
    "010",
    "1_000",
    "1.",
    ".5",
    "- 5",
    "1n",
    "1234567890123456",
    "0.1234567890123456",
    "NaN",
    "Infinity",
    "undefined",
    "[1,]",
    "[1,,2]",
    "[1 2]",
    "{a: 1,}",
    "{a 1}",
    "{__proto__: 1}",
    "{'__proto__': 1}",
    "{1: 'a'}",
    "{'2': 'a', b: 1}",
    "{a: b}",
    "'a\\nb'",
    "'it''s'",
    "'line\nbreak'",
    "'\u2028'",
    "'nul\x00'",
    '"unclosed',
    "[1] [2]",
    "(1)",
    "`x`",
    "'a' + 'b'",
    "[" * 40 + "]" * 40,
    "\u00a01",
]


@pytest.mark.parametrize("text", READ)
def test_literal_reads_what_the_engine_returns(engine: JSEngine, text: str) -> None:
    got = literal_value(text)
    want = engine.evaluate(text)
    assert got == want
    assert repr(got) == repr(want)  # same types too: 1 and 1.0 are equal but differ


@pytest.mark.parametrize("text", REFUSED)
def test_anything_else_is_left_to_the_engine(text: str) -> None:
    assert literal_value(text) is NOT_LITERAL
