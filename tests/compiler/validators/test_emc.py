"""EMC accessibility rules: a known-bad and a known-good fixture for every rule."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from compiler.project import Project
from compiler.result import CompileResult
from compiler.validators import emc
from compiler.validators.base import CheckContext
from components.diagnostics import Severity

GOOD_BODY = '<div lang="en" dir="ltr"><h1>Hello</h1>{}</div>'


def page(content: str, *, body: str = '<body lang="en" dir="ltr">') -> str:
    return f"<!doctype html><html><head><title>t</title></head>{body}{content}</body></html>"


@dataclass(frozen=True)
class Case:
    rule: str
    bad: str
    good: str


CASES = (
    Case(
        "body-lang",
        page("<h1>Hi</h1><p>Text</p>", body='<body dir="ltr">'),
        page('<div lang="en"><h1>Hi</h1><p>Text</p></div>', body='<body dir="ltr">'),
    ),
    Case(
        "body-dir",
        page("<h1>Hi</h1><p>Text</p>", body='<body lang="en">'),
        page('<div dir="ltr"><h1>Hi</h1><p>Text</p></div>', body='<body lang="en">'),
    ),
    Case(
        "table-role",
        page("<h1>x</h1><table><tr><td>cell</td></tr></table>"),
        page('<h1>x</h1><table role="presentation"><tr><td>cell</td></tr></table>'),
    ),
    Case(
        "role-button",
        page('<h1>x</h1><a href="https://x.test/buy" role="button">Buy shoes</a>'),
        page('<h1>x</h1><a href="https://x.test/buy">Buy shoes</a>'),
    ),
    Case(
        "accessible-hyperlinks",
        page('<h1>x</h1><a href="https://x.test/a">Click here</a>'),
        page('<h1>x</h1><a href="https://x.test/a">Read the March report</a>'),
    ),
    Case(
        "article-article",
        page("<h1>x</h1><article>a</article>"),
        page('<h1>x</h1><div role="article">a</div>'),
    ),
    Case(
        "region-section",
        page("<h1>x</h1><section>a</section>"),
        page('<h1>x</h1><div role="region" aria-label="a">a</div>'),
    ),
    Case(
        "navigation-nav",
        page("<h1>x</h1><nav>a</nav>"),
        page('<h1>x</h1><div role="navigation">a</div>'),
    ),
    Case("banner-header", page("<h1>x</h1><header>a</header>"), page("<h1>x</h1><div>a</div>")),
    Case(
        "contentinfo-footer",
        page('<h1>x</h1><div role="contentinfo">a</div>'),
        page("<h1>x</h1><div>a</div>"),
    ),
    Case("main-main", page("<h1>x</h1><main>a</main>"), page("<h1>x</h1><div>a</div>")),
    Case("complementary-aside", page("<h1>x</h1><aside>a</aside>"), page("<h1>x</h1><div>a</div>")),
    Case("h1-tag", page("<h1>One</h1><h1>Two</h1>"), page("<h1>One</h1><h2>Two</h2>")),
    Case(
        "vml-alt",
        page(
            '<h1>x</h1><!--[if mso]><v:rect fill="true" style="width:600px"></v:rect><![endif]-->'
        ),
        page(
            '<h1>x</h1><!--[if mso]><v:rect alt="" fill="true" style="width:600px">'
            "</v:rect><![endif]-->"
        ),
    ),
    Case(
        "vml-links",
        page(
            '<h1>x</h1><!--[if mso]><v:rect alt="" style="width:600px"><v:textbox>'
            '<![endif]--><a href="https://x.test/sale">See the sale</a>'
            "<!--[if mso]></v:textbox></v:rect><![endif]-->"
        ),
        page(
            '<h1>x</h1><!--[if mso]><v:roundrect alt="Sale" href="https://x.test/sale">'
            '</v:roundrect><![endif]--><a href="https://x.test/sale">See the sale</a>'
        ),
    ),
    Case(
        "vml-headings",
        page(
            '<h1>x</h1><!--[if mso]><v:rect alt="" style="width:600px"><v:textbox>'
            "<![endif]--><h2>Big news</h2><!--[if mso]></v:textbox></v:rect><![endif]-->"
        ),
        page(
            '<h1>x</h1><!--[if mso]><v:rect alt="" style="width:600px"></v:rect>'
            "<![endif]--><h2>Big news</h2>"
        ),
    ),
)


def ctx_for(html: str) -> CheckContext:
    return CheckContext(CompileResult(file="emails/a.html", source=html, html=html), Project())


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule_fires_on_bad_and_not_on_good(case: Case) -> None:
    bad = [i for i in emc.check(ctx_for(case.bad)) if i.rule == f"a11y/{case.rule}"]
    assert bad, f"{case.rule} did not fire"
    good = [i for i in emc.check(ctx_for(case.good)) if i.rule == f"a11y/{case.rule}"]
    assert good == []
    impact = emc.RULES[case.rule].impact
    assert bad[0].severity is emc.IMPACT_SEVERITY[impact]
    assert bad[0].data["help_url"] and bad[0].data["impact"] == impact


def test_every_specified_rule_has_a_case() -> None:
    assert {c.rule for c in CASES} == set(emc.RULES)


def test_issues_are_located_and_sorted_by_impact() -> None:
    html = page(
        "<h1>x</h1>\n<nav>n</nav>\n<table><tr><td>c</td></tr></table>\n"
        '<a href="https://x.test" role="button">Buy a lamp</a>'
    )
    found = list(emc.check(ctx_for(html)))
    assert [i.rule for i in found] == ["a11y/role-button", "a11y/table-role", "a11y/navigation-nav"]
    assert [i.severity for i in found] == [Severity.ERROR, Severity.ERROR, Severity.INFO]
    assert (found[0].line, found[0].column) == (4, 1)
    assert (found[1].line, found[1].column) == (3, 1)


def test_body_lang_on_body_itself_passes_and_head_text_is_ignored() -> None:
    html = page("<h1>x</h1><p>Words</p>")
    assert not [
        i for i in emc.check(ctx_for(html)) if i.rule in ("a11y/body-lang", "a11y/body-dir")
    ]


def test_body_lang_ignores_text_in_noscript() -> None:
    # (components.markup.elements.NOT_SHOWN: the rule read noscript's text as the body's
    # before, unlike the scan and the plain-text part)
    html = page(
        '<div lang="en" dir="ltr"><h1>Hi</h1></div><noscript><p>Scripts off</p></noscript>',
        body="<body>",
    )
    assert not [
        i for i in emc.check(ctx_for(html)) if i.rule in ("a11y/body-lang", "a11y/body-dir")
    ]


def test_missing_h1_is_reported_once() -> None:
    found = [i for i in emc.check(ctx_for(page("<p>x</p>"))) if i.rule == "a11y/h1-tag"]
    assert len(found) == 1 and "no <h1>" in found[0].message


def test_link_text_from_image_alt_and_aria_label() -> None:
    vague = page('<h1>x</h1><a href="https://x.test"><img src="a.png" alt="here"></a>')
    clear = page('<h1>x</h1><a href="https://x.test" aria-label="Open your invoice">More</a>')
    assert any(i.rule == "a11y/accessible-hyperlinks" for i in emc.check(ctx_for(vague)))
    assert not any(i.rule == "a11y/accessible-hyperlinks" for i in emc.check(ctx_for(clear)))


def test_empty_and_broken_html_do_not_raise() -> None:
    assert list(emc.check(ctx_for(""))) == []
    list(emc.check(ctx_for("<table><tr><td><a href=x>here</td></table></div></span><<>")))


def test_emc_reads_the_shared_document_scan() -> None:
    """One scan of the output for every validator: EMC reads ``validators/document.py``'s."""
    from compiler.validators.document import Document as Scanned
    from compiler.validators.document import document

    ctx = ctx_for(page("<h1>x</h1><table><tr><td>c</td></tr></table>"))
    scanned = document(ctx)
    found = list(emc.check(ctx))
    assert ctx.cache["document"] is scanned and isinstance(scanned, Scanned)
    assert [i.rule for i in found] == ["a11y/table-role"]


def test_a_vml_shape_across_conditional_comments_encloses_the_html_between() -> None:
    html = page(
        '<h1>x</h1><!--[if mso]><v:roundrect alt="">\n<![endif]-->'
        '<a href="https://x.test">Shop the lamp</a>'
        '<!--[if mso]></v:roundrect><![endif]--><a href="https://y.test">Outside</a>'
    )
    links = [i for i in emc.check(ctx_for(html)) if i.rule == "a11y/vml-links"]
    assert len(links) == 1 and links[0].line == 2
