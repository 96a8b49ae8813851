"""Issue 2 item 4: every documented prop of every standard component is accepted and shows.

``DOCUMENTED`` is transcribed from the "List of CSS … properties" tables of
standard-components.md (plus the props component-language §2.8 and the project's
decisions §5.2 add: ``lang``/``dir`` of sections, ``hide-on`` everywhere, ``reverse``,
``x-wrap``'s ``gap``/``direction``/``align``, ``track-link``). For each (tag, prop) the
component is rendered twice — without the prop and with it — and the test checks that
the prop is declared in the registry, raises no issue, and that its value shows up in
the output (a needle that appears more often with the prop than without).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from components.expand import ExpandOptions
from components.expand.expander import expand
from components.markup import parse
from components.standard import REGISTRY
from styles.model import GlobalStyles

TEXT = ["color", "font-family", "font-size", "font-weight", "line-height", "text-align"]
BORDER = ["opacity", "border-radius", "border-style", "border-width", "border-color", "box-shadow"]
TEXT_DECO = ["text-transform", "text-decoration"]
ALL = ["class", "style", "hide-on"]

DOCUMENTED: dict[str, list[str]] = {
    "x-cta": [
        "href",
        "width",
        "height",
        "padding",
        "margin",
        "align",
        "background",
        *BORDER,
        "hover-color",
        "hover-background",
        "hover-opacity",
        "hover-box-shadow",
        "hover-border-radius",
        *TEXT,
        *TEXT_DECO,
        "track-link",
        *ALL,
    ],
    **{f"x-heading-{n}": ["margin", *TEXT, *TEXT_DECO, "lang", "dir", *ALL] for n in range(1, 7)},
    "x-image": [
        "src",
        "href",
        "alt",
        "width",
        "margin",
        "align",
        *BORDER,
        "hover-opacity",
        "hover-box-shadow",
        "hover-border-radius",
        "background-color",
        *TEXT,
        "letter-spacing",
        *TEXT_DECO,
        "srcset",
        "sizes",
        "track-link",
        *ALL,
    ],
    "x-list": ["list-style", *TEXT, *TEXT_DECO, *ALL],
    "x-paragraph": ["margin", *TEXT, *TEXT_DECO, "lang", "dir", *ALL],
    "x-hr": ["margin", "background-color", "height", "width", "border-radius", "align", *ALL],
    "x-spacer": ["size", *ALL],
    "x-box": [
        "width",
        "height",
        "padding",
        "margin",
        "align",
        "background",
        *BORDER,
        *TEXT,
        "lang",
        "dir",
        "label",
        "role",
        *ALL,
    ],
    "x-row": [
        "layout",
        "gap",
        "width",
        "padding",
        "margin",
        "align",
        "background",
        *BORDER,
        "break-point",
        "fallback",
        "reverse",
        *TEXT,
        *ALL,
    ],
    "x-column": ["padding", "background", "vertical-align", *BORDER, *ALL],
    "x-section": [
        "width",
        "padding",
        "margin",
        "border-radius",
        "align",
        "outer-background",
        "background",
        "opacity",
        "border-style",
        "border-width",
        "border-color",
        "box-shadow",
        *TEXT,
        "lang",
        "dir",
        "label",
        "role",
        *ALL,
    ],
    "x-base": ["title", "preheader", "background", *TEXT, "lang", "dir", "class", "style"],
    "x-wrap": ["gap", "direction", "align", *ALL],
    "x-font-family": ["font-family"],
}


@dataclass(frozen=True)
class Value:
    """How to set one prop: the attribute text, what must show, what else it needs."""

    attr: str
    needle: str
    companions: str = ""
    #: written instead of ``attr`` in the render without the prop (for a required prop)
    baseline: str = ""


def _value(tag: str, prop: str) -> Value:
    special: dict[str, Value] = {
        "href": Value('href="https://example.test/zq"', "https://example.test/zq"),
        "width": Value('width="347px"', "347"),
        "height": Value('height="93px"', "93px") if tag != "x-hr" else Value(':height="7"', "7px"),
        "padding": Value('padding="13px 17px"', "13px 17px"),
        "margin": Value('margin="11px 19px"', "11px 19px"),
        "align": Value('align="right"', "right")
        if tag not in ("x-box", "x-hr")
        else Value('align="right"', "margin:0 0 0 auto"),
        "opacity": Value(':opacity="0.43"', "0.43"),
        "border-radius": Value('border-radius="9px"', "9px"),
        "border-style": Value('border-style="dashed"', "dashed"),
        "border-width": Value('border-width="3px"', "3px", 'border-style="solid"'),
        "border-color": Value('border-color="#a1b2c4"', "#a1b2c4", 'border-style="solid"'),
        "box-shadow": Value('box-shadow="0 0 5px #a1b2c5"', "0 0 5px #a1b2c5"),
        "hover-color": Value('hover-color="#a1b2c6"', "#a1b2c6"),
        "hover-background": Value('hover-background="#a1b2c7"', "#a1b2c7"),
        "hover-opacity": Value(':hover-opacity="0.37"', "0.37"),
        "hover-box-shadow": Value('hover-box-shadow="0 0 7px #a1b2c8"', "0 0 7px #a1b2c8"),
        "hover-border-radius": Value('hover-border-radius="23px"', "23px"),
        "color": Value('color="#a1b2c9"', "#a1b2c9"),
        "background": Value('background="#a1b2ca"', "#a1b2ca"),
        "outer-background": Value('outer-background="#a1b2cb"', "#a1b2cb"),
        "background-color": Value('background-color="#a1b2cc"', "#a1b2cc"),
        "font-family": Value('font-family="Trebuchet MS, sans-serif"', "Trebuchet MS"),
        "font-size": Value(':font-size="37"', "37px"),
        "font-weight": Value('font-weight="300"', "300"),
        "line-height": Value(':line-height="1.9"', "1.9"),
        "text-align": Value('text-align="right"', "right"),
        "text-transform": Value('text-transform="uppercase"', "uppercase"),
        "text-decoration": Value('text-decoration="line-through"', "line-through"),
        "letter-spacing": Value(':letter-spacing="3"', "letter-spacing"),
        "lang": Value('lang="fr"', 'lang="fr"'),
        "dir": Value('dir="rtl"', 'dir="rtl"'),
        "label": Value('label="Promo block"', 'aria-label="Promo block"', 'role="region"'),
        "role": Value('role="region"', 'role="region"', 'label="Promo block"'),
        "class": Value('class="qz-custom"', "qz-custom"),
        "style": Value('style="outline:1px solid #a1b2cd"', "outline:1px solid #a1b2cd"),
        "hide-on": Value('hide-on="mobile"', "display:none"),
        "track-link": Value(':track-link="false"', "untracked"),
        "src": Value('src="https://example.test/pic-zq.png"', "pic-zq.png"),
        "alt": Value('alt="A zq cat"', 'alt="A zq cat"'),
        "srcset": Value('srcset="a-zq.png 1x, b-zq.png 2x"', "b-zq.png 2x"),
        "sizes": Value('sizes="(max-width: 600px) 93vw"', "93vw"),
        "list-style": Value('list-style="upper-roman"', "upper-roman"),
        "size": Value(':size="29"', "29px"),
        "layout": Value(':layout="[30,70]"', "70%"),
        "gap": Value(':gap="14"', "14px") if tag == "x-row" else Value(':gap="22"', "11px"),
        "break-point": Value(':break-point="480"', "480px"),
        "fallback": Value('fallback="multi"', "max-width: 599px"),
        "reverse": Value(':reverse="true"', "column-reverse"),
        "vertical-align": Value('vertical-align="middle"', "middle"),
        "direction": Value('direction="vertical"', "margin-top:"),
        "title": Value('title="Hello zq"', "<title>Hello zq</title>"),
        "preheader": Value('preheader="Peek zq"', "Peek zq"),
    }
    if tag == "x-font-family":
        return Value(
            'font-family="Roboto, sans-serif"',
            "fonts.googleapis.com",
            baseline='font-family="Arial, sans-serif"',
        )
    needs = {
        ("x-image", "track-link"): 'href="https://example.test/t"',
        ("x-box", "align"): 'width="300px"',
        ("x-hr", "align"): 'width="50%"',
    }
    value = special[prop]
    if (tag, prop) in needs:
        value = Value(value.attr, value.needle, needs[tag, prop])
    return value


def _source(tag: str, attrs: str) -> str:
    if tag == "x-row":
        return (
            f'<x-row :layout="[50,50]" {attrs}><x-column>a</x-column><x-column>b</x-column></x-row>'
        ).replace(':layout="[50,50]" :layout', ":layout")
    if tag == "x-column":
        return (
            f'<x-row :layout="[50,50]"><x-column {attrs}>a</x-column><x-column>b</x-column></x-row>'
        )
    if tag == "x-wrap":
        return f'<x-wrap {attrs}><x-cta href="#">One</x-cta><x-cta href="#">Two</x-cta></x-wrap>'
    if tag == "x-list":
        return f"<x-list {attrs}><li>one</li></x-list>"
    if tag in ("x-image", "x-hr", "x-spacer", "x-font-family"):
        if tag == "x-image" and "src=" not in attrs:
            attrs += ' src="https://example.test/base.png"'
        return f"<{tag} {attrs}/>"
    return f"<{tag} {attrs}>Some text</{tag}>"


def _render(source: str) -> tuple[str, list[str]]:
    doc = parse(source, "t.html").document
    out = expand(doc, file="t.html", styles=GlobalStyles(), options=ExpandOptions(marks=False))
    return out.html, [f"{i.rule}: {i.message}" for i in out.issues]


CASES = [
    pytest.param(tag, prop, id=f"{tag} {prop}")
    for tag, props in DOCUMENTED.items()
    for prop in props
]


@pytest.mark.parametrize(("tag", "prop"), CASES)
def test_documented_prop_is_accepted_and_has_a_visible_effect(tag: str, prop: str) -> None:
    component = REGISTRY[tag]
    assert prop in {p.name for p in component.props}, f"{tag} does not declare {prop}"
    value = _value(tag, prop)
    without_html, without_issues = _render(
        _source(tag, f"{value.companions} {value.baseline}".strip())
    )
    with_html, with_issues = _render(_source(tag, f"{value.companions} {value.attr}".strip()))
    assert with_issues == without_issues == [], with_issues
    assert with_html != without_html
    assert with_html.count(value.needle) > without_html.count(value.needle), (
        f"{value.needle!r} does not show for {tag} {prop}:\n{with_html}"
    )


def test_every_component_of_the_page_is_in_the_table() -> None:
    documented_elsewhere = {"x-head", "x-hidden-text", "x-edit-text", "x-empty-state"}
    # components without props of their own (beyond class/style/hide-on) have fixtures
    assert set(REGISTRY) == set(DOCUMENTED) | documented_elsewhere


# -- issue 2 item 3: each component default of set-styles.md reaches its components ------


@dataclass(frozen=True)
class Default:
    kind: str  # the styles.json component (`defaults.<kind>`)
    prop: str
    light: str  # the base value, inlined
    variant: str  # the dark or desktop value, in a media rule
    source: str
    media: str  # "dark" or "desktop"


DEFAULTS = [
    *[
        Default(
            f"heading{n}",
            "color",
            f"#10101{n}",
            f"#e0e0e{n}",
            f"<x-heading-{n}>h</x-heading-{n}>",
            "dark",
        )
        for n in range(1, 7)
    ],
    *[
        Default(
            f"heading{n}",
            "font-size",
            f"2{n}px",
            f"4{n}px",
            f"<x-heading-{n}>h</x-heading-{n}>",
            "desktop",
        )
        for n in range(1, 7)
    ],
    Default("paragraph", "color", "#111112", "#eeeee1", "<x-paragraph>p</x-paragraph>", "dark"),
    Default("paragraph", "font-size", "15px", "17px", "<x-paragraph>p</x-paragraph>", "desktop"),
    Default("paragraph", "color", "#111113", "#eeeee2", "<x-list><li>a</li></x-list>", "dark"),
    Default(
        "paragraph", "font-size", "13px", "19px", "<x-base><x-box>t</x-box></x-base>", "desktop"
    ),
    Default(
        "link",
        "color",
        "#666667",
        "#777778",
        '<x-paragraph>a <a href="#">l</a></x-paragraph>',
        "dark",
    ),
    Default("button", "background", "#333334", "#444445", '<x-cta href="#">b</x-cta>', "dark"),
    Default("button", "padding", "5px 6px", "7px 8px", '<x-cta href="#">b</x-cta>', "desktop"),
    Default(
        "divider", "background-color", "#555556", "#555557", '<x-hr global-styles="true"/>', "dark"
    ),
    Default("divider", "height", "3px", "5px", '<x-hr global-styles="true"/>', "desktop"),
]


def _number(text: str) -> object:
    return int(text[:-2]) if text.endswith("px") and " " not in text else text


@pytest.mark.parametrize(
    "case", DEFAULTS, ids=lambda d: f"{d.kind} {d.prop} {d.media} {d.source.split('>')[0][1:]}"
)
def test_global_component_default_reaches_its_component(case: Default) -> None:
    key = ("light", "dark") if case.media == "dark" else ("small", "medium")
    value = {key[0]: _number(case.light), key[1]: _number(case.variant)}
    styles = GlobalStyles(defaults={case.kind: {case.prop: value}})  # type: ignore[dict-item]
    doc = parse(case.source, "t.html").document
    html = expand(doc, file="t.html", styles=styles, options=ExpandOptions(marks=False)).html
    body = html.split("</style>")[-1]
    css = html[: len(html) - len(body)]
    assert case.light in body or case.light in css, html  # the base value applies
    query = "prefers-color-scheme: dark" if case.media == "dark" else "min-width: 600px"
    block = css.split(f"@media ({query})")[1].split("}\n")[0]
    assert f"{case.variant} !important" in block, css
    if case.media == "dark":  # Outlook.com and Thunderbird get the dark value too
        assert "[data-ogs" in css and ".moz-text-html" in css
    # without the default, neither value shows
    plain = expand(
        parse(case.source, "t.html").document,
        file="t.html",
        styles=GlobalStyles(),
        options=ExpandOptions(marks=False),
    ).html
    assert case.light not in plain and case.variant not in plain


@pytest.mark.parametrize("tag", ["x-paragraph", "x-heading-2", "x-list"])
def test_untracked_class_on_a_link_in_text_is_kept(tag: str) -> None:
    # standard-components "Disable link tracking": in text, class="untracked" on the link
    inner = '<a href="https://example.test/u" class="untracked">link</a>'
    source = (
        f"<{tag}><li>{inner}</li></{tag}>" if tag == "x-list" else f"<{tag}>Read {inner}</{tag}>"
    )
    html, issues = _render(source)
    assert issues == [] and inner in html
