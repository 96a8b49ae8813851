"""Prop schemas: zod v3 messages, coercion, dynamic values, descriptions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from components import schema as s


@dataclass(frozen=True)
class Case:
    description: str
    schema: s.Schema
    value: object
    expect: object
    messages: tuple[str, ...] = ()


CASES = [
    Case("required", s.string(), s.MISSING, s.MISSING, ("Required",)),
    Case("optional", s.string().optional(), s.MISSING, s.MISSING),
    Case("default", s.number().default(16), s.MISSING, 16),
    Case("wrong type", s.number(), "abc", s.MISSING, ("Expected number, received string",)),
    Case("numeric string", s.number(), "16", 16),
    Case("null", s.string(), None, s.MISSING, ("Required",)),
    Case("boolean", s.boolean(), "yes", s.MISSING, ("Expected boolean, received string",)),
    Case(
        "enum",
        s.enum(["left", "center", "right"]),
        "x",
        s.MISSING,
        ("Invalid enum value. Expected 'left' | 'center' | 'right', received 'x'",),
    ),
    Case("enum ok", s.enum(["300", "400"]), 400, "400"),
    Case(
        "array items",
        s.array(s.number()),
        [1, "a"],
        [1, s.MISSING],
        ("Expected number, received string",),
    ),
    Case("array type", s.array(s.number()), 5, s.MISSING, ("Expected array, received number",)),
    Case("object strips unknown", s.object_({"a": s.number()}), {"a": 1, "b": 2}, {"a": 1}),
    Case("object nested", s.object_({"a": s.number()}), {}, {}, ("Required",)),
    Case("css number", s.number(css=True), "1.2em", "1.2em"),
    Case(
        "dark object",
        s.with_dynamic_styles(s.string(), dark_mode=True),
        {"light": "#000", "dark": "#fff"},
        {"light": "#000", "dark": "#fff"},
    ),
    Case(
        "dark object bad key",
        s.with_dynamic_styles(s.string(), dark_mode=True),
        {"small": "#000"},
        {},
        ("Unrecognized key(s) in object: 'small'",),
    ),
    Case(
        "combined keys",
        s.with_dynamic_styles(s.number(), dark_mode=True, responsive=True),
        {"small:dark": 1, "medium": "2"},
        {"small:dark": 1, "medium": 2},
    ),
    Case("min", s.NumberSchema(minimum=0), -1, -1, ("Number must be greater than or equal to 0",)),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_parse(case: Case) -> None:
    value, issues = case.schema.parse(case.value)
    assert value == case.expect
    assert tuple(i.message for i in issues) == case.messages


def test_issue_paths() -> None:
    _, issues = s.array(s.object_({"n": s.number()})).parse([{"n": "x"}])
    assert issues[0].path == (0, "n")
    assert issues[0].describe("items") == "items.0.n: Expected number, received string"
    assert issues[0].to_json()["code"] == "invalid_type"


@pytest.mark.parametrize(
    ("schema", "literal", "expect"),
    [
        (s.number(), "16", 16),
        (s.number(), "1.5", 1.5),
        (s.number(), "16px", "16px"),
        (s.boolean(), "", True),
        (s.boolean(), "true", True),
        (s.boolean(), "false", False),
        (s.string(), "16", "16"),
        (s.array(s.number()), "[50,50]", [50, 50]),
        (s.array(s.number()), " [50, 50] ", [50, 50]),
        (s.array(s.string()), "['a', \"b\", 'it\\'s',]", ["a", "b", "it's"]),
        (
            s.object_({"a": s.number()}),
            "{\"a\": 1, b: [true, null], 'c': -1.5e2}",
            {"a": 1, "b": [True, None], "c": -150.0},
        ),
        (s.array(s.string()), "a,b", "a,b"),
        (s.object_({}), "plain", "plain"),
    ],
)
def test_coerce_literals(schema: s.Schema, literal: str, expect: object) -> None:
    assert schema.coerce(literal) == expect


def test_describe_round_trips() -> None:
    schema = s.with_dynamic_styles(s.enum(["a", "b"]), dark_mode=True).optional().default("a")
    desc = schema.describe()
    assert desc == {
        "type": "enum",
        "optional": True,
        "default": "a",
        "dynamic": {"darkMode": True, "responsive": False},
        "values": ["a", "b"],
    }
    assert s.schema_from_description(desc) == schema
    nested = s.object_({"xs": s.array(s.number())})
    assert s.schema_from_description(nested.describe()) == nested
    with pytest.raises(ValueError, match="unsupported schema type"):
        s.schema_from_description({"type": "date"})


def test_prop_describe_has_panel_metadata() -> None:
    prop = s.Prop(
        "text-align",
        s.enum(["left", "right"]).optional(),
        type="toggle",
        section="Text",
        help_text="Where text sits",
    )
    desc = prop.describe()
    assert desc["label"] == "Text align"
    assert desc["helpText"] == "Where text sits"
    assert desc["options"] == [
        {"label": "left", "value": "left"},
        {"label": "right", "value": "right"},
    ]


def test_standard_components_describe_to_json() -> None:
    import json

    from components.standard import describe_all

    data = describe_all()
    assert json.loads(json.dumps(data)) == data
    tags = {d["tag"] for d in data}
    assert {"x-base", "x-section", "x-row", "x-column", "x-cta", "x-image", "x-wrap"} <= tags


@pytest.mark.parametrize(
    ("schema", "literal", "message"),
    [
        (
            s.array(s.number()),
            "[50,50",
            "Expected array, received string (not a valid array literal: expected ',' or ']' at "
            "character 7)",
        ),
        (
            s.array(s.number()),
            "[50 50]",
            "Expected array, received string (not a valid array literal: expected ',' or ']' at "
            "character 5)",
        ),
        (
            s.object_({"a": s.number()}),
            "{a: }",
            "Expected object, received string (not a valid object literal: expected a value at "
            "character 5)",
        ),
        (
            s.array(s.string()),
            "['a]",
            "Expected array, received string (not a valid array literal: unterminated string at "
            "character 2)",
        ),
    ],
)
def test_invalid_structured_literals_get_a_zod_message(
    schema: s.Schema, literal: str, message: str
) -> None:
    value, issues = schema.parse(schema.coerce(literal))
    assert value is s.MISSING
    assert [(i.code, i.message) for i in issues] == [("invalid_type", message)]


def test_coerced_array_items_are_still_validated() -> None:
    schema = s.array(s.number())
    _, issues = schema.parse(schema.coerce("[1, 'x']"))
    assert [i.describe("layout") for i in issues] == ["layout.1: Expected number, received string"]


_READ_SCHEMAS = [
    s.string(),
    s.string().optional(),
    s.with_dynamic_styles(s.string(), dark_mode=True),
    s.number(),
    s.number(css=True).optional(),
    s.number().default(0),
    s.NumberSchema(minimum=0, maximum=10),
    s.NumberSchema(css=True, minimum=1),
    s.boolean(),
    s.boolean().default(True),
    s.enum(["left", "center", "right"]),
    s.enum(["300", "400"]).optional(),
    s.array(s.number()),
    s.object_({"a": s.number()}),
    s.Schema(),
]
_READ_LITERALS = [
    "",
    " ",
    "0",
    "600",
    "0600",
    "-4",
    "1.5",
    " 12 ",
    "1e3",
    "1e400",
    "12px",
    "auto",
    "true",
    "FALSE",
    "left",
    "400",
    "[50,50]",
    "[1,",
    "{a: 2}",
    "123456789012345678",
    "٣",
    "１２",
    "11",
    "{{ x }}",
]


@pytest.mark.parametrize("schema", _READ_SCHEMAS, ids=lambda x: repr(x)[:60])
def test_read_literal_is_parse_of_coerce(schema: s.Schema) -> None:
    """The fast reader of literal attributes gives what coerce + parse give, exactly."""
    for literal in _READ_LITERALS:
        got = schema.read_literal(literal)
        want = schema.parse(schema.coerce(literal))
        assert repr(got) == repr(want), literal
