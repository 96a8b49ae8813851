from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from styles.css import (
    CLASS_NAMES,
    CssBuilder,
    StyleBlock,
    component_declarations,
    css_value,
    global_css,
    prefix_selector,
    resolve_defaults,
    split_selectors,
)
from styles.dynamic import DynamicValueError, Variants
from styles.io import default_styles, parse_styles
from styles.model import COMPONENT_PROPS, GlobalStyles
from tests.styles.cssparse import Rule, rules

MEDIUM = "(min-width: 600px)"
DARK = "(prefers-color-scheme: dark)"
MEDIUM_DARK = "(min-width: 600px) and (prefers-color-scheme: dark)"


def main_rules(builder: CssBuilder) -> list[Rule]:
    blocks = builder.render()
    assert blocks and blocks[0].group is None and blocks[0].media is None
    return rules(blocks[0].css)


def find(found: list[Rule], selector: str, media: str | None = None) -> list[Rule]:
    return [r for r in found if r.selector == selector and r.media == media]


def thunderbird(builder: CssBuilder) -> dict[str, list[Rule]]:
    return {b.media or "": rules(b.css) for b in builder.render() if b.group == "thunderbird"}


def test_base_rules_are_plain_and_in_order() -> None:
    b = CssBuilder()
    b.add(".a", {"color": "#000"})
    b.add(".b", [("font-size", "medium"), ("font-size", "max(16px, 1rem)")])
    found = main_rules(b)
    assert [r.selector for r in found] == [".a", ".b"]
    assert found[0].decls == (("color", "#000", False),)
    assert [d[1] for d in found[1].decls] == ["medium", "max(16px, 1rem)"]
    assert len(b.render()) == 1


def test_medium_rules_go_in_the_600px_query_with_important() -> None:
    b = CssBuilder()
    b.add(".a", {"font-size": "20px"}, "medium")
    (rule,) = find(main_rules(b), ".a", MEDIUM)
    assert rule.decls == (("font-size", "20px", True),)


def test_custom_breakpoint() -> None:
    b = CssBuilder(breakpoint=480)
    b.add(".a", {"width": "50%"}, "medium")
    assert find(main_rules(b), ".a", "(min-width: 480px)")
    assert set(thunderbird(b)) == {"(min-width: 480px)"}


def test_dark_rules_get_important_and_outlook_com_overrides() -> None:
    b = CssBuilder()
    b.add(
        ".x, .y > a", {"color": "#fff", "background-color": "#000", "border-color": "#333"}, "dark"
    )
    found = main_rules(b)
    (dark,) = find(found, ".x, .y > a", DARK)
    assert all(important for _, _, important in dark.decls)
    (text,) = find(found, "[data-ogsc] .x, [data-ogsc] .y > a")
    assert [d[0] for d in text.decls] == ["color", "border-color"]
    assert all(d[2] for d in text.decls)
    (bg,) = find(found, "[data-ogsb] .x, [data-ogsb] .y > a")
    assert bg.decls == (("background-color", "#000", True),)


def test_existing_important_is_not_doubled() -> None:
    b = CssBuilder()
    b.add(".a", {"color": "#fff !important"}, "dark")
    (rule,) = find(main_rules(b), ".a", DARK)
    assert rule.decls == (("color", "#fff", True),)
    assert "!important !important" not in b.render()[0].css


def test_medium_dark_rules() -> None:
    b = CssBuilder()
    b.add(".a", {"color": "#eee", "background": "#111"}, "medium_dark")
    found = main_rules(b)
    assert find(found, ".a", MEDIUM_DARK)
    assert find(found, "[data-ogsc] .a", MEDIUM)
    assert find(found, "[data-ogsb] .a", MEDIUM)


def test_media_blocks_come_in_cascade_order() -> None:
    b = CssBuilder()
    b.add(".a", {"color": "#d"}, "medium_dark")
    b.add(".a", {"color": "#c"}, "dark")
    b.add(".a", {"color": "#b"}, "medium")
    b.add(".a", {"color": "#a"})
    media = [r.media for r in main_rules(b) if r.selector == ".a"]
    assert media == [None, MEDIUM, DARK, MEDIUM_DARK]


def test_thunderbird_blocks_repeat_variants_with_prefix() -> None:
    b = CssBuilder()
    b.add(".a", {"color": "#000"})
    b.add(".a, .b", {"font-size": "20px"}, "medium")
    b.add(".a", {"color": "#fff"}, "dark")
    b.add(".a", {"color": "#eee"}, "medium_dark")
    blocks = b.render()
    tb = [blk for blk in blocks if blk.group == "thunderbird"]
    assert [blk.media for blk in tb] == [MEDIUM, DARK, MEDIUM_DARK]
    assert all(blk.isolated for blk in tb)
    assert blocks[-3:] == tb
    medium = rules(tb[0].css)
    assert [r.selector for r in medium] == [".moz-text-html .a, .moz-text-html .b"]
    assert medium[0].media is None  # the media query is the <style media> attribute
    dark = rules(tb[1].css)
    assert dark[0].decls == (("color", "#fff", True),)
    # base rules are not repeated for Thunderbird
    assert all(".moz-text-html" not in r.selector for r in main_rules(b))


def test_outlook_and_thunderbird_can_be_switched_off() -> None:
    b = CssBuilder(outlook_com=False, thunderbird=False)
    b.add(".a", {"color": "#fff"}, "dark")
    blocks = b.render()
    assert len(blocks) == 1
    assert "data-og" not in blocks[0].css


def test_identical_rules_and_blocks_are_emitted_once() -> None:
    b = CssBuilder()
    for _ in range(3):
        b.add(".a", {"color": "#000"})
        b.add(".a", {"color": "#fff"}, "dark")
        b.add(".a", {"font-size": "20px"}, "medium")
        b.add_block(".c{color:red}")
        b.add_block(".d{color:blue}", group="outlook-web")
        b.add_block(".e{color:green}", isolated=True)
    b.add(".a", {"color": "#111"})  # a different rule stays
    found = main_rules(b)
    assert len(find(found, ".a")) == 2
    assert len(find(found, ".a", DARK)) == 1
    assert len(find(found, ".a", MEDIUM)) == 1
    assert len(find(found, "[data-ogsc] .a")) == 1
    assert len(find(found, ".c")) == 1
    others = [blk for blk in b.render()[1:] if blk.group != "thunderbird"]
    assert [len(rules(blk.css)) for blk in others] == [1, 1]


@dataclass(frozen=True)
class BlockCase:
    description: str
    adds: tuple[tuple[str, str | None, str | None, bool], ...]  # css, group, media, isolated
    expect: tuple[tuple[str | None, str | None, tuple[str, ...]], ...]  # group, media, selectors


BLOCK_CASES = [
    BlockCase(
        "plain blocks merge into main",
        ((".a{x:1}", None, None, False), (".b{x:1}", None, None, False)),
        ((None, None, (".a", ".b")),),
    ),
    BlockCase(
        "anonymous isolated blocks stay apart",
        ((".a{x:1}", None, None, True), (".b{x:1}", None, None, True)),
        ((None, None, (".a",)), (None, None, (".b",))),
    ),
    BlockCase(
        "same group merges",
        (
            (".a{x:1}", "outlook-web", None, True),
            (".m{x:1}", None, None, False),
            (".b{x:1}", "outlook-web", None, True),
        ),
        ((None, None, (".m",)), ("outlook-web", None, (".a", ".b"))),
    ),
    BlockCase(
        "same group, different media stay apart",
        ((".a{x:1}", "g", "(min-width:600px)", True), (".b{x:1}", "g", None, True)),
        (("g", "(min-width:600px)", (".a",)), ("g", None, (".b",))),
    ),
    BlockCase(
        "media spelled differently still merges",
        ((".a{x:1}", "g", "(min-width:600px)", True), (".b{x:1}", "g", "(min-width: 600px)", True)),
        (("g", "(min-width:600px)", (".a", ".b")),),
    ),
    BlockCase(
        "media block without a group is its own block",
        ((".a{x:1}", None, "print", False), (".m{x:1}", None, None, False)),
        ((None, None, (".m",)), (None, "print", (".a",))),
    ),
]


@pytest.mark.parametrize("case", BLOCK_CASES, ids=lambda c: c.description)
def test_raw_blocks(case: BlockCase) -> None:
    b = CssBuilder()
    for css, group, media, isolated in case.adds:
        b.add_block(css, group=group, media=media, isolated=isolated)
    got = tuple(
        (blk.group, blk.media, tuple(r.selector for r in rules(blk.css))) for blk in b.render()
    )
    assert got == case.expect


def test_user_thunderbird_block_merges_with_generated_one() -> None:
    b = CssBuilder()
    b.add_block(
        ".moz-text-html .test{background:red}", group="thunderbird", media="(min-width:600px)"
    )
    b.add(".a", {"width": "50%"}, "medium")
    tb = [blk for blk in b.render() if blk.group == "thunderbird"]
    assert len(tb) == 1
    assert [r.selector for r in rules(tb[0].css)] == [".moz-text-html .test", ".moz-text-html .a"]


def test_raw_block_keeps_its_place_among_base_rules() -> None:
    b = CssBuilder()
    b.add(".std", {"margin": "0"})
    b.add_block(".custom{color:red}")
    b.add(".later", {"margin": "0"})
    assert [r.selector for r in main_rules(b)] == [".std", ".custom", ".later"]


def test_empty_declarations_are_dropped() -> None:
    b = CssBuilder()
    b.add(".a", {"color": "", "background": "  "})
    b.add("", {"color": "#000"})
    b.add_block("   ")
    assert not b
    assert b.render() == []
    b.add(".a", {"color": "", "margin": "0"})
    assert main_rules(b)[0].decls == (("margin", "0", False),)


def test_unknown_variant_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown variant"):
        CssBuilder().add(".a", {"color": "#000"}, "hover")  # type: ignore[arg-type]


def test_add_value_from_dynamic_values() -> None:
    b = CssBuilder()
    b.add_value(".h", "font-size", {"small": 24, "medium": 32})
    b.add_value(".h", "line-height", 1.25)
    b.add_value(".h", "color", {"light": "#000", "dark": "#fff"}, include_base=False)
    found = main_rules(b)
    assert [r.decls for r in find(found, ".h")] == [
        (("font-size", "24px", False),),
        (("line-height", "1.25", False),),
    ]
    assert find(found, ".h", MEDIUM)[0].value("font-size") == "32px"
    assert find(found, ".h", DARK)[0].value("color") == "#fff"
    with pytest.raises(DynamicValueError):
        b.add_value(".h", "color", {"light": "#000", "medium": "#fff"}, responsive=False)


def test_liquid_in_values_is_untouched() -> None:
    b = CssBuilder()
    liquid = "{{ customer.brand_color | default: '#fff' }}"
    b.add(".a", {"color": liquid}, "dark")
    b.add_block(".b{color:{% if x %}red{% else %}blue{% endif %}}")
    css = b.render_html()
    assert css.count(liquid + " !important") == 3  # dark, Outlook.com, Thunderbird
    assert ".b{color:{% if x %}red{% else %}blue{% endif %}}" in css


@pytest.mark.parametrize(
    ("prop", "value", "expect"),
    [
        ("font-size", 16, "16px"),
        ("font-size", 16.5, "16.5px"),
        ("font-size", "1.2em", "1.2em"),
        ("line-height", 1.5, "1.5"),
        ("font-weight", 700, "700"),
        ("height", 0, "0"),
        ("padding", " 12px 24px ", "12px 24px"),
    ],
)
def test_css_value(prop: str, value: int | float | str, expect: str) -> None:
    assert css_value(prop, value) == expect


def test_selector_splitting() -> None:
    assert split_selectors(".a, :is(.b, .c), [title='x,y'] .d") == [
        ".a",
        ":is(.b, .c)",
        "[title='x,y'] .d",
    ]
    assert prefix_selector("[data-ogsc]", ".a,.b") == "[data-ogsc] .a, [data-ogsc] .b"


def test_style_block_html() -> None:
    assert StyleBlock(".a{x:1}").to_html() == "<style>\n.a{x:1}\n</style>"
    assert (
        StyleBlock(".a{x:1}", "g", '(a) and "b"')
        .to_html()
        .startswith('<style media="(a) and &quot;b&quot;">')
    )


def test_every_rendered_block_parses() -> None:
    b = CssBuilder()
    styles = default_styles()
    from styles.css import add_global_css

    add_global_css(b, styles)
    b.add_block("@media (max-width: 600px){.x{display:none!important}}")
    b.add_block(".y{color:red}", group="interactive")
    for block in b.render():
        assert block.css.count("{") == block.css.count("}")
        assert rules(block.css)


# ------------------------------------------------------------ global styles


def test_global_css_from_the_default_styles() -> None:
    styles = default_styles()
    blocks = global_css(styles)
    main = rules(blocks[0].css)
    assert "$" not in "".join(blk.css for blk in blocks)
    selectors = {r.selector for r in main if r.media is None and not r.selector.startswith("[")}
    assert selectors == {"." + c for c in CLASS_NAMES.values()}
    (h1,) = find(main, ".mw-h1")
    assert h1.value("font-size") == "28px"
    assert find(main, ".mw-h1", MEDIUM)[0].value("font-size") == "34px"
    (link,) = find(main, ".mw-link")
    (para,) = find(main, ".mw-p")
    assert link.value("font-family") == para.value("font-family")
    assert find(main, ".mw-link", DARK)[0].value("color") == "#93c5fd"
    assert find(main, "[data-ogsc] .mw-link")
    assert find(main, "[data-ogsb] .mw-button")
    assert {blk.media for blk in blocks if blk.group == "thunderbird"} == {MEDIUM, DARK}


def test_component_declarations_resolve_variables_and_units() -> None:
    styles = parse_styles("""{
      "colors": [{"id": "k2j3m4n5p6q7", "name": "Brand", "hex": "#2563eb", "opacity": 50}],
      "spacing": [{"id": "spacespacesp", "name": "Gap", "px": 12}],
      "defaults": {
        "button": {"background": {"light": "$colors.brand_k2j3m4n5p6q7", "dark": "#000",
                                  "medium": "#111"},
                   "padding": {"small": "$spacing.gap_spacespacesp 24px", "medium": 20},
                   "font-size": 15}
      }
    }""")
    decls = component_declarations(styles, "button")
    assert decls["background-color"] == Variants(
        "rgba(37, 99, 235, 0.5)", dark="#000", medium="#111"
    )
    assert decls["padding"] == Variants("12px 24px", medium="20px")
    assert decls["font-size"] == Variants("15px")
    assert component_declarations(styles, "heading1") == {}
    assert component_declarations(styles, "nope") == {}


def test_resolved_defaults_are_each_components_declarations() -> None:
    styles = default_styles()
    resolved = resolve_defaults(styles)
    assert resolved.styles is styles and not resolved.problems
    assert set(resolved.values) == set(COMPONENT_PROPS)
    for component, values in resolved.values.items():
        assert values == {
            prop: v.value() for prop, v in component_declarations(styles, component).items()
        }, component
    assert resolved.values["heading1"]["font-size"] == {
        "small:light": "28px",
        "medium:light": "34px",
    }


def test_resolved_defaults_say_which_components_cannot_be_resolved() -> None:
    too_deep: Any = {"dark": {"deeper": 1}}  # deeper than a StyleValue nests
    styles = GlobalStyles(
        defaults={
            "button": {"background": "$colors.gone_k2j3m4n5p6q7"},
            "paragraph": {"color": too_deep},
        }
    )
    resolved = resolve_defaults(styles)
    assert set(resolved.problems) == {"button", "paragraph"}
    assert "unknown colors variable" in resolved.problems["button"]
    assert "button" not in resolved.values and resolved.values["link"] == {}
