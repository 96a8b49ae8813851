"""Focused assertions on the standard components' output: what each golden fixture
is there to show, checked on its own (the structural diff of test_fixtures.py
says *that* something changed; these say *what* must hold)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

import compiler
from components.expand import ExpandOptions
from components.expand.expander import expand
from components.markup import parse
from components.standard.links import mso_padding
from styles.model import GlobalStyles

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Output:
    html: str
    rules: list[str]
    issues: list[tuple[str, int, int]]

    @property
    def css(self) -> str:
        return "".join(re.findall(r"<style[^>]*>(.*?)</style>", self.html, re.S))

    def tree(self) -> lxml_html.HtmlElement:
        return lxml_html.fromstring(f"<div>{self.body()}</div>")

    def body(self) -> str:
        return re.sub(r"<style[^>]*>.*?</style>", "", self.html, flags=re.S)

    def mso(self) -> str:
        """Everything Outlook for Windows sees besides the markup: the conditional parts."""
        return "".join(re.findall(r"<!--\[if mso\]>(.*?)<!\[endif\]-->", self.html, re.S))


def render(source: str, styles: GlobalStyles | None = None) -> Output:
    parsed = parse(source, "t.html")
    out = expand(
        parsed.document,
        file="t.html",
        styles=styles or GlobalStyles(),
        options=ExpandOptions(marks=False),
    )
    return Output(
        out.html, [i.rule for i in out.issues], [(i.rule, i.line, i.column) for i in out.issues]
    )


def fixture(name: str) -> Output:
    return render((FIXTURES / f"{name}.html").read_text())


def style_of(el: lxml_html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for decl in (el.get("style") or "").split(";"):
        if ":" in decl:
            prop, value = decl.split(":", 1)
            out[prop.strip()] = value.strip()
    return out


def media_block(css: str, query: str) -> str:
    """The rules inside ``@media <query>{…}`` (all such blocks joined)."""
    found = []
    for m in re.finditer(r"@media\s*" + re.escape(query) + r"\s*\{", css):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        found.append(css[m.end() : i - 1])
    return "".join(found)


# -- every fixture ------------------------------------------------------------------------

ALL = sorted(
    p.relative_to(FIXTURES).with_suffix("").as_posix()
    for p in FIXTURES.rglob("*.html")
    if not p.name.endswith(".expected.html")
)


@pytest.mark.parametrize("name", ALL)
def test_layout_tables_are_presentational(name: str) -> None:
    out = fixture(name)
    for table in re.findall(r"<table\b[^>]*>", out.html):
        assert re.search(r'role="(presentation|none)"', table), table


@pytest.mark.parametrize("name", ALL)
def test_no_link_is_a_button(name: str) -> None:
    assert not re.search(r'<a\b[^>]*role="button"', fixture(name).html)


# -- x-base ------------------------------------------------------------------------------


def test_base_wraps_the_body_in_an_article_with_lang_and_dir() -> None:
    out = fixture("x-base/minimal")
    doc = lxml_html.document_fromstring(out.html)
    wrappers = doc.xpath("/html/body/div[@role='article']")
    assert len(wrappers) == 1
    wrapper = wrappers[0]
    assert (wrapper.get("lang"), wrapper.get("dir")) == ("fr", "ltr")
    assert wrapper.get("aria-roledescription") == "email"
    assert doc.xpath("/html/body")[0].get("xml:lang") == "fr"
    assert list(style_of(wrapper)).count("font-size") == 1, "one font-size, no duplicate"
    assert '<meta name="color-scheme" content="light dark">' in out.html


def test_a_liquid_title_is_written_once() -> None:
    out = fixture("x-base/liquid-title")
    token = "{{ customer.first_name | default: &quot;there&quot; }}"
    assert out.html.count(token) == 1
    assert f"<title>Hi {token}</title>" in out.html


# -- containers ---------------------------------------------------------------------------


def test_section_ghost_table_gets_the_desktop_light_fill() -> None:
    out = fixture("x-section/dark-responsive")
    assert '<td align="left" style="width:600px;background:#ffffff">' in out.mso()
    inner = out.tree().xpath("//div[contains(@class, 'mw-')]")[0]
    assert style_of(inner)["padding"] == "12px" and style_of(inner)["box-sizing"] == "border-box"
    assert "padding:32px !important" in media_block(out.css, "(min-width: 600px)")
    dark = media_block(out.css, "(prefers-color-scheme: dark)")
    assert "background:#111111 !important" in dark
    assert re.search(r"\[data-ogsb\] \.mw-\w+\{background:#111111 !important\}", out.css)


def test_dynamic_values_reach_the_ghost_tables() -> None:
    out = render(
        '<x-section :outer-background="{ light: `#eee`, dark: `#111` }" '
        ':width="{ small: 320, medium: 560 }" :align="{ small: `center`, '
        'medium: `right` }"><x-box :width="{ small: 200, medium: 400 }" '
        ':background="{ light: `#fff`, dark: `#000` }">x</x-box></x-section>'
    )
    mso = out.mso()
    assert 'style="border-collapse:collapse;background:#eee"' in mso
    assert '<td align="right" style="width:560px">' in mso
    assert 'style="width:400px"><tr><td style="background:#fff">' in mso
    # the responsive alignment moves the section with a responsive margin
    assert "margin:0 0 0 auto !important" in media_block(out.css, "(min-width: 600px)")


def test_hide_on() -> None:
    mobile = fixture("x-section/hide-on-mobile")
    assert ".mw-hide-mobile{display:none !important" in mobile.css
    assert ".mw-hide-mobile{display:block !important" in media_block(
        mobile.css, "(min-width: 600px)"
    )
    assert ".mw-hide-mobile{display:block" in mobile.mso(), "Outlook shows desktop content"
    desktop = fixture("x-section/hide-on-desktop")
    assert "display:none" not in desktop.css.split("@media")[0], "visible on phones"
    assert ".mw-hide-desktop{display:none !important;mso-hide:all !important}" in desktop.mso()


def test_box_role_needs_a_label() -> None:
    assert 'role="article"' not in fixture("x-box/role-without-label").html
    basic = fixture("x-box/basic").tree().xpath("//div[@role]")[0]
    assert (basic.get("role"), basic.get("aria-label")) == ("navigation", "Footer")


def test_text_inherits_from_containers_above_global_defaults() -> None:
    styles = GlobalStyles(
        defaults={
            "paragraph": {"color": "#111111", "font-size": 14},
            "heading1": {"color": {"light": "#222222", "dark": "#eeeeee"}, "font-size": 30},
        }
    )
    out = render(
        '<x-base><x-section color="#0000ff"><x-paragraph>a</x-paragraph>'
        '<x-paragraph color="#ff0000">b</x-paragraph><x-heading-1>h</x-heading-1>'
        "</x-section><x-heading-1>top</x-heading-1></x-base>",
        styles,
    )
    doc = lxml_html.document_fromstring(out.html)
    a, b = doc.xpath("//p")
    inside, top = doc.xpath("//h1")
    assert style_of(a)["color"] == "#0000ff"  # container beats global default
    assert style_of(a)["font-size"] == "14px"  # global default fills the rest
    assert style_of(b)["color"] == "#ff0000"  # explicit beats container
    assert style_of(inside)["font-size"] == "30px"  # headings keep their own size
    assert style_of(top)["color"] == "#222222" and top.get("class")  # dark via class
    section_inner = doc.xpath("//div[@role='article']/div/div")[0]
    assert "font-size" not in style_of(section_inner), "containers write only their own"


# -- columns -------------------------------------------------------------------------------


def column_class(html: str) -> str:
    """The column class of the one row in ``html`` (a digest of the row's layout)."""
    found: set[str] = set(re.findall(r"mw-col-[0-9a-f]{8}\b", html))
    assert len(found) == 1, found
    return found.pop()


def test_rows_laid_out_alike_share_their_class_and_rules() -> None:
    source = (
        '<x-row :layout="[30,70]" gap="16"><x-column>A</x-column><x-column>B</x-column></x-row>'
    )
    one = expand(parse(source, "a.html").document, file="a.html", styles=GlobalStyles())
    two = expand(
        parse(source + "<p>x</p>" + source, "a.html").document, file="a.html", styles=GlobalStyles()
    )
    assert column_class(one.html) == column_class(two.html)
    css = two.html.split("</style>")[0]
    assert css == one.html.split("</style>")[0], "the second row adds no rule"
    other = source.replace('gap="16"', 'gap="8"')
    three = expand(parse(source + other, "a.html").document, file="a.html", styles=GlobalStyles())
    assert len(set(re.findall(r"mw-col-[0-9a-f]{8}\b", three.html))) == 2


def test_row_widths_and_gap() -> None:
    out = fixture("x-row/two-columns")
    col = column_class(out.html)
    desktop = media_block(out.css, "(min-width: 600px)")
    assert f".{col}-w3000{{width:30% !important}}" in desktop
    assert f".{col}-w7000{{width:70% !important}}" in desktop
    assert "padding-left:16px !important" in desktop
    base = out.css.split("@media")[0]
    assert f".{col}+.{col}{{padding-top:16px}}" in base, "stacked columns keep the gap"
    assert '<td width="30%"' in out.mso() and '<td width="70%" valign="middle"' in out.mso()
    left = out.tree().xpath(f"//div[contains(@class, '{col}-w3000')]")[0]
    assert style_of(left)["display"] == "block", "mobile first: stacked by default"
    fill = left.xpath("./div")[0]
    assert style_of(fill) == {"padding": "8px", "background": "#eeeeee"}, "fill inside the gap"


def test_fallback_multi_and_reverse() -> None:
    out = fixture("x-row/multi-reverse")
    cells = out.tree().xpath(f"//div[@class='{column_class(out.html)}']")
    assert [style_of(c)["display"] for c in cells] == ["table-cell", "table-cell"]
    assert [style_of(c)["width"] for c in cells] == ["50%", "50%"]
    narrow = media_block(out.css, "(max-width: 479px)")
    assert "flex-direction:column-reverse !important" in narrow
    assert "display:block !important;width:100% !important" in narrow
    assert "moz-text-html" in out.html, "Thunderbird gets the rules too"


def test_reverse_puts_the_gap_between_the_reversed_columns() -> None:
    out = fixture("x-row/reverse-gap")
    base = out.css.split("@media")[0]
    assert "flex-direction:column-reverse" in base
    col = column_class(out.html)
    assert f".{col}+.{col}{{padding-bottom:10px}}" in base
    assert "padding-bottom:0 !important;padding-left:10px !important" in media_block(
        out.css, "(min-width: 600px)"
    )


def test_layout_mismatch_is_reported_once_per_compile() -> None:
    # the validator reports what it can evaluate alone; the expander stays quiet
    static = compiler.compile_email(
        '<x-row :layout="[50,50,0]"><x-column>A</x-column><x-column>B</x-column></x-row>'
    )
    assert [i.rule for i in static.issues].count("markup/row-layout") == 1
    # a layout only the expander can evaluate: the expander reports it
    scoped = compiler.compile_email(
        '<x-row :layout="globalStyles ? [50,50,0] : []"><x-column>A</x-column>'
        "<x-column>B</x-column></x-row>"
    )
    assert [i.rule for i in scoped.issues] == ["markup/row-layout"]
    assert (scoped.issues[0].line, scoped.issues[0].column) == (1, 1)
    assert 'width="50%"' in scoped.html


# -- links ---------------------------------------------------------------------------------


def test_cta_is_a_bulletproof_link() -> None:
    out = fixture("x-cta/basic")
    link = out.tree().xpath("//a")[0]
    style = style_of(link)
    assert style["display"] == "inline-block" and style["mso-padding-alt"] == "0"
    assert style["text-underline-color"] == style["background"] == "#0055ff"
    assert link.get("role") is None
    # padding 12px 32px at 16px: 2em each side, .75em top and bottom
    assert '<i style="mso-font-width:200%;mso-text-raise:150%" hidden>&emsp;</i>' in out.mso()
    assert '<span style="mso-text-raise:75%">' in out.mso()
    assert '<i style="mso-font-width:200%" hidden>&emsp;&#8203;</i>' in out.mso()
    assert ":hover{color:#eeeeee !important;background:#003399 !important}" in out.css


def test_cta_outlook_padding_follows_the_padding_and_font_size() -> None:
    mso = fixture("x-cta/outlook-padding").mso()  # padding 8px 120px 16px 40px at 20px
    assert "mso-font-width:200%;mso-text-raise:120%" in mso  # left 2em, raise 1.2em
    assert 'mso-text-raise:80%"' in mso  # bottom .8em
    assert 'mso-font-width:300%" hidden>&emsp;&emsp;&#8203;' in mso  # 6em > 5em: two


def test_untracked_cta() -> None:
    assert fixture("x-cta/untracked").tree().xpath("//a")[0].get("class") == "untracked"


def test_image() -> None:
    img = fixture("x-image/basic").tree().xpath("//a/img")[0]
    assert img.get("width") == "300" and img.get("alt") == "A photo"
    assert style_of(img)["display"] == "block" and style_of(img)["margin"] == "0 auto 0 0"
    assert style_of(img)["max-width"] == "300px" and style_of(img)["width"] == "100%"
    hover = fixture("x-image/srcset-hover")
    assert ":hover{opacity:0.8 !important}" in hover.css, "opacity is unitless"
    img = hover.tree().xpath("//img")[0]
    assert (img.get("srcset"), img.get("sizes")) == ("a.png 1x, a@2x.png 2x", "100vw")
    assert img.get("class", "").startswith("mw-hover-")


def test_image_dark_and_desktop_sources() -> None:
    dark = fixture("x-image/dark-src").tree()
    (source,) = dark.xpath("//picture/source")
    assert (source.get("srcset"), source.get("media")) == (
        "dark.png",
        "(prefers-color-scheme: dark)",
    )
    assert dark.xpath("//picture//img")  # lxml nests it in <source>[0].get("src") == "light.png"
    out = fixture("x-image/responsive")
    media = [s.get("media") for s in out.tree().xpath("//picture//source")]
    assert media == ["(prefers-color-scheme: dark)", "(min-width: 600px)"]
    img = out.tree().xpath("//img")[0]
    assert img.get("width") == "300", "Outlook gets the desktop width"
    assert style_of(img)["max-width"] == "200px"
    assert "max-width:300px !important" in media_block(out.css, "(min-width: 600px)")


# -- x-wrap, x-hr, x-spacer -------------------------------------------------------------------


def test_wrap_gap_direction_and_align() -> None:
    nav = fixture("x-wrap/navigation").tree()
    box = nav.xpath("./div/div")[0]
    assert style_of(box)["margin"] == "0 -6px -12px", "the box takes the outer halves back"
    items = box.xpath("./div")
    # half the gap each side and the full gap below: wrapped lines keep the gap too
    assert [style_of(i)["margin"] for i in items] == ["0 6px 12px"] * 3
    assert all(style_of(i)["display"] == "inline-block" for i in items)
    assert nav.xpath("count(.//a)") == 3
    right = fixture("x-wrap/horizontal-right")
    aligns = [style_of(d)["text-align"] for d in right.tree().xpath("//a/..")]
    assert aligns == ["right", "left"], "items take the wrap's align unless they set their own"
    assert 'align="right"' in right.mso()
    vertical = fixture("x-wrap/social-vertical").tree()
    assert [style_of(d).get("margin-top") for d in vertical.xpath("./div/div")] == [None, "8px"]
    assert {style_of(i)["margin"] for i in vertical.xpath("//img")} == {"0 auto 0 0"}


def test_hr_and_spacer() -> None:
    hr = fixture("x-hr/basic").tree()
    assert not hr.xpath("//*[@role='separator']"), "the <hr> is the separator itself"
    second = style_of(hr.xpath("//hr")[1])
    assert second["background"] == second["color"] == "#ff0000"
    assert (second["height"], second["width"], second["margin"]) == ("2px", "50%", "0 auto 0 0")
    spacers = fixture("x-spacer/sizes").tree().xpath("./div")
    assert [(style_of(s)["height"], style_of(s)["line-height"]) for s in spacers] == [
        ("16px", "16px"),
        ("40px", "40px"),
    ]


# -- dark mode and Liquid ----------------------------------------------------------------------


def test_dark_colour_rules() -> None:
    out = fixture("x-paragraph/dark-color")
    cls = out.tree().xpath("//p")[0].get("class")
    assert f".{cls}{{color:#ffffff !important}}" in media_block(
        out.css, "(prefers-color-scheme: dark)"
    )
    assert f"[data-ogsc] .{cls}{{color:#ffffff !important}}" in out.css
    assert f".moz-text-html .{cls}{{color:#ffffff !important}}" in out.css


def test_liquid_in_a_dynamic_value_is_written_once_and_reported() -> None:
    source = (FIXTURES / "x-paragraph/liquid-dark.html").read_text()
    out = render(source)
    assert out.html.count("{{ brand.dark }}") == 1 and out.html.count("{{ brand.light }}") == 1
    assert 'style="margin:0;color:{{ brand.light }}"' in out.html, "light stays in place"
    assert "{{ brand.dark }} !important" in media_block(out.css, "(prefers-color-scheme: dark)")
    column = source.index(":color") + 1
    assert out.issues == [("liquid/moved-to-head", 1, column)]


def test_liquid_in_plain_props_stays_in_place() -> None:
    out = fixture("x-paragraph/liquid")
    assert out.rules == []
    assert 'style="margin:0;color:{{ brand.color }}"' in out.html
    assert "{% if vip %}VIP {{ customer.name }}{% endif %}" in out.html


def test_literal_layout_is_an_array() -> None:
    # layout="[30,70]" without the colon is coerced like :layout (schema array coerce)
    out = render('<x-row layout="[30,70]"><x-column>A</x-column><x-column>B</x-column></x-row>')
    assert out.rules == []
    assert 'width="30%"' in out.html and 'width="70%"' in out.html


def test_literal_layout_mismatch_and_invalid_literal_are_reported() -> None:
    static = compiler.compile_email(
        '<x-row layout="[50,50,0]"><x-column>A</x-column><x-column>B</x-column></x-row>'
    )
    assert [i.rule for i in static.issues].count("markup/row-layout") == 1
    bad = render('<x-row layout="[50,50"><x-column>A</x-column><x-column>B</x-column></x-row>')
    assert bad.rules == ["props/invalid"]
    issue_text = next(
        i
        for i in expand(
            parse('<x-row layout="[50,50"><x-column>A</x-column></x-row>', "t.html").document,
            file="t.html",
            styles=GlobalStyles(),
        ).issues
    )
    assert (
        "layout: Expected array, received string (not a valid array literal" in issue_text.message
    )


def test_rtl_row_puts_the_gap_between_the_columns() -> None:
    source = (
        '<x-section dir="rtl"><x-row gap="10"><x-column>A</x-column>'
        "<x-column>B</x-column></x-row></x-section>"
    )
    out = render(source)
    desktop = media_block(out.css, "(min-width: 600px)")
    # cells flow right to left: the later column's gap faces the earlier one, on its right
    assert "padding-right:10px !important" in desktop and "padding-left" not in desktop
    assert 'dir="rtl"' in out.mso() and 'style="padding-right:10px;' in out.mso()
    multi = render(source.replace("<x-row ", '<x-row fallback="multi" '))
    cells = [style_of(d) for d in multi.tree().xpath("//div[contains(@class,'mw-col-')]")]
    assert [c.get("padding-right") for c in cells] == [None, "10px"]
    assert "padding-right:0 !important" in media_block(multi.css, "(max-width: 599px)")
    ltr = render(source.replace(' dir="rtl"', ""))
    assert "padding-left:10px !important" in media_block(ltr.css, "(min-width: 600px)")
    assert 'dir="rtl"' not in ltr.mso()


def test_cta_width_and_height_reach_outlook() -> None:
    out = render(
        '<x-cta href="/a" width="200" height="48px" align="center" '
        'background="#ff0000">Go</x-cta><x-cta href="/b" width="10em">B</x-cta>'
        '<x-cta href="/c">C</x-cta>'
    )
    mso = out.mso()
    cell = lxml_html.fromstring(mso + "</td></tr></table>").xpath("//td")[0]
    assert (cell.get("width"), cell.get("height"), cell.get("bgcolor")) == ("200", "48", "#ff0000")
    assert cell.getparent().getparent().get("align") == "center"
    assert mso.count("<table") == 1, "only sizes Outlook understands (px, %) get a cell"
    assert out.html.count("<!--[if mso]></td></tr></table><![endif]-->") == 1
    assert len(out.tree().xpath("//a")) == 3


def test_cta_outlook_padding_in_px_reads_as_the_general_reading() -> None:
    # a font size in px text takes the general reading; a number, the px one
    for padding in (
        "8px 120px 16px 40px",
        "12px 24px",
        "10px",
        "0px -0px 3px",
        "1.5px 2.25px 4px",
        "1e1px 2px",
        "1px 2px 3px 4px 5px",
        "xpx 2px",
        "",
    ):
        for size in (20, 15.5):
            assert str(mso_padding(padding, size)) == str(mso_padding(padding, f"{size}px")), (
                padding,
                size,
            )


def test_cta_prepared_outer_tag_is_the_general_one() -> None:
    # an empty class sends a use through open_tag; without it, the prepared start tag
    for align in ("left", "center", "right"):
        prepared, general = (
            expand(
                parse(f'<x-cta href="/a" align="{align}"{extra}>A</x-cta>', "t.html").document,
                file="t.html",
                styles=GlobalStyles(),
                options=ExpandOptions(marks=True),
            ).html
            for extra in ("", ' class=""')
        )
        assert f'<div data-mw-node="1" style="text-align:{align}">' in prepared
        assert prepared == general


def test_image_prepared_tags_are_the_general_ones() -> None:
    # an empty class sends the outer div through open_tag, an empty box-shadow the img's
    # style through style_text; without them, the prepared div tag and the direct style
    def page(attrs: str, extra: str) -> str:
        text = f'<x-wrap align="right"><x-image src="/a.png"{attrs}{extra}></x-image></x-wrap>'
        return expand(
            parse(text, "t.html").document,
            file="t.html",
            styles=GlobalStyles(),
            options=ExpandOptions(marks=True),
        ).html

    for attrs in (
        "",
        ' align="left"',
        ' align="center" width="120"',
        ' width="50%"',
        ' width=" 80px "',
        ' width=""',
        ' width="0"',
        ' width="12.5"',
        ' href="/b" alt="x"',
        ' :width="{small: 100, medium: 200}"',
    ):
        prepared = page(attrs, "")
        assert prepared == page(attrs, ' class=""') == page(attrs, ' box-shadow=""'), attrs
    assert '" class="mw-image" style="text-align:right">' in page("", "")  # (inherited)


def test_column_prepared_tag_is_the_general_one() -> None:
    # an empty class sends a column's start tag through open_tag
    def page(row: str, column: str, extra: str) -> str:
        text = (
            f'<x-row :layout="[30,70]"{row}><x-column{column}{extra}>a</x-column>'
            f"<x-column{extra}>b</x-column></x-row>"
        )
        return expand(
            parse(text, "t.html").document,
            file="t.html",
            styles=GlobalStyles(),
            options=ExpandOptions(marks=True),
        ).html

    for row in (
        "",
        ' gap="12"',
        ' fallback="multi"',
        ' fallback="multi" gap="8"',
        ' dir="rtl" gap="4"',
    ):
        for column in ("", ' vertical-align="middle"', ' padding="4px"'):
            assert page(row, column, "") == page(row, column, ' class=""'), (row, column)


def test_global_link_styles_are_one_rule_per_variant() -> None:
    styles = GlobalStyles(
        defaults={
            "link": {
                "color": {"light": "#0000ee", "dark": "#8888ff"},
                "font-weight": 700,
                "text-decoration": "underline",
            }
        }
    )
    out = render('<x-paragraph>a <a href="#">l</a></x-paragraph>', styles)
    base = out.css.split("@media")[0]
    assert base.count("li a{") == 1
    assert "li a{color:#0000ee;font-weight:700;text-decoration:underline}" in base
    assert media_block(out.css, "(prefers-color-scheme: dark)").count("li a{") == 1


def _marked_page(text: str, styles: GlobalStyles) -> str:
    """The marked page of ``text``, its issues, and its source map's ids and tags (for
    comparing a direct render with the general one: an extra attribute moves spans)."""
    out = expand(
        parse(text, "t.html").document,
        file="t.html",
        styles=styles,
        options=ExpandOptions(marks=True),
    )
    return (
        out.html
        + repr([(i.rule, i.message) for i in out.issues])
        + repr(sorted((k, o.tag) for k, o in out.source_map.origins.items()))
    )


def test_text_prepared_tags_are_the_general_ones() -> None:
    # an empty class sends a text element's start tag through open_tag; without it, the
    # start tag written directly from the base values' style text made once
    styles = GlobalStyles(
        defaults={
            "paragraph": {
                "color": "#111111",
                "font-size": 14,
                "line-height": 1.5,
                "font-family": " Lato, sans-serif ",
            },
            "heading1": {"color": {"light": "#222222", "dark": "#eeeeee"}, "font-size": 30},
            "heading2": {"font-weight": 700, "text-align": ""},
        }
    )

    def page(container: str, attrs: str, extra: str, styles: GlobalStyles) -> str:
        uses = "".join(
            f"<{tag}{attrs}{extra}>t <b>x</b></{tag}>"
            for tag in ("x-paragraph", "x-heading-1", "x-heading-2", "x-list")
        )
        text = f"<x-base><x-section{container}>{uses}{uses}</x-section>{uses}</x-base>"
        return _marked_page(text, styles)

    for container in (
        "",
        ' color="#0000ff" font-size="18"',
        ' text-align="center" dir="rtl"',
        " :color=\"{light: '#000', dark: '#fff'}\"",
        ' lang="fr"',
    ):
        for attrs in (
            "",
            ' font-size="12" text-align="right"',
            ' margin="0 0 8px"',
            ' line-height="1.25" font-weight="700" color=" #333 "',
            ' :font-size="{small: 14, medium: 18}"',
            ' lang="de" dir="ltr"',
            ' text-transform="uppercase" text-decoration="underline"',
            ' list-style="decimal" margin="0"',
            ' font-size="1.2em"',
            " :color=\"{light: '#123', dark: '#456'}\" line-height=\"0\"",
        ):
            for given in (GlobalStyles(), styles):
                assert page(container, attrs, "", given) == page(
                    container, attrs, ' class=""', given
                ), (container, attrs)


def test_section_prepared_tags_are_the_general_ones() -> None:
    # an empty class sends a section through the general render (open_tag); without it,
    # its start tags and Outlook table written directly
    def page(attrs: str, extra: str) -> str:
        use = f"<x-section{attrs}{extra}><x-paragraph>a</x-paragraph></x-section>"
        text = f'<x-base color="#010101">{use}<x-box hide-on="mobile">{use}</x-box></x-base>'
        return _marked_page(text, GlobalStyles())

    for attrs in (
        "",
        ' width="600" padding="24px" background="#ffffff"',
        ' width="480px" align="left" outer-background="#f4f1ea"',
        ' width="50%" align="right" padding="0" background="url(&quot;a&quot;)"',
        ' width="0" padding="12"',
        ' width="12.5" background=" #fff "',
        ' :width="{small: 320, medium: 600}" :align="{small: \'left\'}"',
        " :outer-background=\"{light: '#fff', dark: '#000'}\"",
        " :background=\"{light: '#eee', dark: '#111'}\" padding=\"8px 16px\"",
        ' :padding="{small: 8, medium: 24}" align="center"',
        ' background="a&amp;b" outer-background="{{ bg }}"',
    ):
        assert page(attrs, "") == page(attrs, ' class=""'), attrs


def test_cta_text_props_come_from_the_use_its_font_container_and_the_global_button() -> None:
    styles = GlobalStyles(
        defaults={
            "button": {
                "color": {"light": "#111111", "dark": "#eeeeee"},
                "font-size": 18,
                "font-weight": 700,
            }
        }
    )
    out = render(
        '<x-section font-family="Lato, sans-serif" color="#ff0000" font-size="9">'
        '<x-cta href="/a">A</x-cta><x-cta href="/b" font-size="12" color="#00ff00" '
        'line-height="0">B</x-cta><x-cta href="/c">C</x-cta></x-section>',
        styles,
    )
    first, second, third = out.tree().xpath("//a")
    # (the global button's dark colour declared once, then written from what it gave)
    assert (third.get("style"), third.get("class")) == (first.get("style"), first.get("class"))
    # (the style's order: the fill and box, then the text props in their order, then
    # the transform, the decoration and Outlook's padding)
    assert first.get("style").split(";")[3:8] == [
        "color:#111111",
        "font-family:Lato, sans-serif",
        "font-size:18px",
        "font-weight:700",
        "text-decoration:none",
    ]
    assert first.get("class") and "mw-" in first.get("class")  # the dark colour's class
    assert style_of(second)["font-size"] == "12px" and style_of(second)["color"] == "#00ff00"
    assert style_of(second)["line-height"] == "0" and not second.get("class")
    assert "color:#ffffff" not in second.get("style")
    assert out.issues == []


def test_row_prepared_tag_is_the_general_one() -> None:
    # an empty class sends a row's start tag through open_tag
    def page(row: str, extra: str) -> str:
        text = (
            f'<x-row :layout="[30,70]"{row}{extra}><x-column>a</x-column>'
            f"<x-column>b</x-column></x-row>"
        )
        return expand(
            parse(text, "t.html").document,
            file="t.html",
            styles=GlobalStyles(),
            options=ExpandOptions(marks=True),
        ).html

    for row in (
        "",
        ' gap="12"',
        ' fallback="multi" align="right"',
        ' dir="rtl" gap="4"',
        ' width="480" align="left"',
        ' padding="8px" background="#fff"',
        ' color="#123" gap="8"',
        ' :reverse="true" break-point="480"',
    ):
        assert page(row, "") == page(row, ' class=""'), row
    assert '<div data-mw-node="1" class="mw-row-' in page("", "")


#: attribute values of every kind the renders' own writing of an attribute meets: plain,
#: with a quote of either kind, an ampersand (an entity), angle brackets, Liquid with and
#: without a quote inside
ATTR_VALUES = [
    "plain.png",
    'say "hi".png',
    "it's.png",
    "a&amp;b.png",
    "a&b <c>.png",
    "{{ img }}.png",
    '{{ img | default: "x" }}.png',
    '{% if a %}a{% endif %}".png',
]


@pytest.mark.parametrize("value", ATTR_VALUES)
def test_attributes_written_directly_are_what_attr_writes(value: str) -> None:
    """x-image's src and alt, x-cta's href (raw literals) and the style of a text element,
    a button, an image and a section (written from the props) are written without
    ``attr``'s call where it would copy them as they are: each is what ``attr`` makes."""
    from components.expand.html import attr

    # (a value with a double quote written in single quotes, as the author may)
    if '"' in value and "'" not in value:
        q, raw = "'", value
    else:
        q, raw = '"', value.replace('"', "&quot;")
    src = f"<x-image src={q}{raw}{q} alt={q}{raw}{q} href={q}{raw}{q}></x-image>"
    out = render(f"<x-section>{src}<x-cta href={q}{raw}{q}>B</x-cta></x-section>").html
    for name in ("src", "alt", "href"):
        assert attr(name, raw, raw=True) in out, name
    assert out.count(attr("href", raw, raw=True)) == 2
    family = value.replace(".png", "")
    escaped = family.replace("&", "&amp;").replace('"', "&quot;")
    for tag, closing in (("x-paragraph", "p"), ("x-cta", "a"), ("x-section", "div")):
        text = render(f'<{tag} font-family="{escaped}">t</{tag}>').html
        styles = re.findall(r' style=("[^"]*"|\'[^\']*\')', text)
        assert styles, (tag, closing)
        for written in styles:
            if "{" in written:  # (Liquid: attr writes it, tokens kept as they are)
                assert "{{" in written or "{%" in written
                continue
            raw = html.unescape(written[1:-1])
            assert attr("style", raw) == " style=" + written, (tag, written)


@pytest.mark.parametrize(
    ("props", "written"),
    [
        ("", "text-decoration:none;mso-padding-alt:0"),
        (' text-transform="uppercase"', "text-transform:uppercase;text-decoration:none;"),
        (' text-decoration="underline"', ";text-decoration:underline;mso-padding-alt:0"),
        (' text-decoration=""', ";text-decoration:none;mso-padding-alt:0"),
        (' text-transform="none" text-decoration="line-through"', "none;text-decoration:line"),
    ],
)
def test_a_button_s_text_transform_and_decoration(props: str, written: str) -> None:
    """A button without either prop writes the default decoration without declare_all's
    call; with one, declare_all writes them (an empty one is not set: the default)."""
    html = render(f'<x-cta href="h"{props}>Go</x-cta>').html
    style = re.search(r'<a href="h" style="([^"]*)"', html)
    assert style is not None
    assert written in style.group(1)
    assert style.group(1).count("text-decoration:") == 1
