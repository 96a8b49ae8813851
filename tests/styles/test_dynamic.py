from __future__ import annotations

from dataclasses import dataclass

import pytest

from styles.dynamic import DynamicValueError, Variants, allowed_keys, variants


@dataclass(frozen=True)
class Case:
    description: str
    value: object
    expect: Variants[object]


CASES = [
    Case("plain string is the base", "#000", Variants("#000")),
    Case("plain number is the base", 16, Variants(16)),
    Case("zero is a real value", 0, Variants(0)),
    Case("None is no value", None, Variants(None)),
    Case("empty string is no value", "", Variants(None)),
    Case("light/dark", {"light": "#000", "dark": "#fff"}, Variants("#000", dark="#fff")),
    Case("dark only", {"dark": "#fff"}, Variants(None, dark="#fff")),
    Case("small/medium", {"small": 16, "medium": 20}, Variants(16, medium=20)),
    Case(
        "all combined keys",
        {"small:light": "a", "small:dark": "b", "medium:light": "c", "medium:dark": "d"},
        Variants("a", "b", "c", "d"),
    ),
    Case(
        "fallback: light beats small and small:light",
        {"light": "L", "small": "S", "small:light": "SL"},
        Variants("L"),
    ),
    Case("fallback: small beats small:light", {"small": "S", "small:light": "SL"}, Variants("S")),
    Case(
        "fallback: small:light last",
        {"small:light": "SL", "medium": "M"},
        Variants("SL", medium="M"),
    ),
    Case("dark beats small:dark", {"dark": "D", "small:dark": "SD"}, Variants(None, dark="D")),
    Case(
        "medium beats medium:light",
        {"medium": "M", "medium:light": "ML"},
        Variants(None, medium="M"),
    ),
    Case(
        "null and empty leaves are absent",
        {"light": "", "small": None, "small:light": "x", "dark": None},
        Variants("x"),
    ),
    Case(
        "mixed scheme and width keys",
        {"light": "#000", "dark": "#fff", "medium": "#111"},
        Variants("#000", dark="#fff", medium="#111"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_variants(case: Case) -> None:
    assert variants(case.value) == case.expect


@dataclass(frozen=True)
class Effective:
    description: str
    given: Variants[str]
    expect: Variants[str]


EFFECTIVE = [
    Effective("plain value everywhere", Variants("a"), Variants("a", "a", "a", "a")),
    Effective("dark carries to medium dark", Variants("a", dark="d"), Variants("a", "d", "a", "d")),
    Effective(
        "medium carries to medium dark without dark",
        Variants("a", medium="m"),
        Variants("a", "a", "m", "m"),
    ),
    Effective(
        "dark beats medium in medium dark",
        Variants("a", dark="d", medium="m"),
        Variants("a", "d", "m", "d"),
    ),
    Effective(
        "explicit medium dark wins", Variants("a", "d", "m", "md"), Variants("a", "d", "m", "md")
    ),
]


@pytest.mark.parametrize("case", EFFECTIVE, ids=lambda c: c.description)
def test_effective(case: Effective) -> None:
    assert case.given.effective() == case.expect


@dataclass(frozen=True)
class Bad:
    description: str
    value: dict[str, object]
    dark: bool
    responsive: bool
    key: str
    message: str


BAD = [
    Bad("unknown key", {"light": "a", "dim": "b"}, True, True, "dim", "unknown key 'dim'"),
    Bad(
        "dark key when only responsive",
        {"small": 1, "dark": 2},
        False,
        True,
        "dark",
        "does not accept dark-mode values",
    ),
    Bad(
        "width key when only dark",
        {"light": "a", "medium": "b"},
        True,
        False,
        "medium",
        "does not accept responsive values",
    ),
    Bad(
        "combined key needs both flags",
        {"small:dark": "a"},
        True,
        False,
        "small:dark",
        "combined responsive + dark-mode",
    ),
    Bad("nested object", {"light": {"x": 1}}, True, True, "light", "plain value"),
    Bad("array leaf", {"dark": [1]}, True, True, "dark", "plain value"),
    Bad("empty object", {}, True, True, "", "empty dynamic value"),
    Bad("nothing allowed", {"light": "a"}, False, False, "light", "none (use a plain value)"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.description)
def test_bad_values(case: Bad) -> None:
    with pytest.raises(DynamicValueError) as info:
        variants(case.value, dark=case.dark, responsive=case.responsive)
    assert info.value.key == case.key
    assert case.message in str(info.value)


def test_allowed_keys() -> None:
    assert allowed_keys(dark=True, responsive=False) == ("light", "dark")
    assert allowed_keys(dark=False, responsive=True) == ("small", "medium")
    assert len(allowed_keys()) == 8


def test_map_and_is_dynamic() -> None:
    v = variants({"light": 1, "medium": 2})
    assert v.is_dynamic
    assert not variants(1).is_dynamic
    assert v.map(lambda n: n * 10) == Variants(10, medium=20)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.description)
def test_value_reads_back_to_the_same_variants(case: Case) -> None:
    assert variants(case.expect.value()) == case.expect


def test_value_is_plain_unless_dynamic() -> None:
    assert Variants("#000").value() == "#000"
    assert Variants(None).value() is None
    assert Variants("#000", dark="#fff").value() == {"small:light": "#000", "small:dark": "#fff"}
    assert Variants(None, medium=20).value() == {"medium:light": 20}
