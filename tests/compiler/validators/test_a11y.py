"""Accessibility validator: axe-core in the real Qt engine, EMC rules, locations, order."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import compiler
from compiler.project import Project
from compiler.result import CompileResult
from compiler.validators import a11y
from compiler.validators.base import CheckContext, CheckOptions
from components.diagnostics import Severity
from components.markup.nodes import Span
from components.sourcemap import Origin, SourceMap
from tests.conftest import DEMO

if TYPE_CHECKING:
    from studio.render.engine import QtEngine


@pytest.fixture(scope="session")
def engine() -> QtEngine:
    from studio.render import shared_qt_engine

    return shared_qt_engine()


GOOD = """<!doctype html><html lang="en"><head><title>March news</title></head>
<body lang="en" dir="ltr" style="background:#ffffff">
<table role="presentation" width="100%"><tr><td>
<h1 style="color:#111111">March news</h1>
<p style="color:#222222;background:#ffffff">Our spring range is here.</p>
<img src="data:," alt="A pair of red running shoes" width="100" height="50">
<a href="https://example.test/spring" style="color:#0b3d91">Shop the spring range</a>
</td></tr></table></body></html>"""

BAD = """<!doctype html><html><head></head>
<body style="background:#ffffff">
<table><tr><td data-mw-node="7">
<p style="color:#eeeeee;background:#ffffff">Barely readable</p>
<img src="data:," width="100" height="50">
<a href="https://example.test/x" role="button">here</a>
</td></tr></table></body></html>"""

AXE_RULES = {"a11y/image-alt", "a11y/color-contrast", "a11y/html-has-lang", "a11y/document-title"}


def context(html: str, browser: object = None, source_map: SourceMap | None = None) -> CheckContext:
    result = CompileResult(
        file="emails/news.html",
        source=html,
        html=html,
        marked_html=html,
        source_map=source_map or SourceMap(),
    )
    return CheckContext(result, Project(), CheckOptions(browser=browser))  # type: ignore[arg-type]


def test_axe_finds_known_violations_in_a_bad_page(engine: QtEngine) -> None:
    sm = SourceMap()
    sm.add(7, Origin("emails/news.html", Span(100, 200, 12, 5), "x-column"))
    issues = list(a11y.check(context(BAD, engine, sm)))
    rules = {i.rule for i in issues}
    assert rules >= AXE_RULES
    assert {
        "a11y/table-role",
        "a11y/role-button",
        "a11y/accessible-hyperlinks",
        "a11y/body-lang",
    } <= rules
    alt = next(i for i in issues if i.rule == "a11y/image-alt")
    assert alt.severity is Severity.ERROR and alt.data["impact"] == "critical"
    assert str(alt.data["help_url"]).startswith("https://dequeuniversity.com/rules/axe/")
    assert (alt.file, alt.line, alt.column) == ("emails/news.html", 12, 5)  # via the mark
    contrast = next(i for i in issues if i.rule == "a11y/color-contrast")
    assert contrast.data["impact"] == "serious" and "img" not in str(contrast.data["selector"])


def test_results_are_sorted_critical_serious_moderate_minor(engine: QtEngine) -> None:
    issues = list(a11y.check(context(BAD, engine)))
    order = ["critical", "serious", "moderate", "minor"]
    ranks = [order.index(str(i.data["impact"])) for i in issues]
    assert ranks == sorted(ranks) and len(set(ranks)) >= 3


def test_a_good_page_has_none_of_the_known_violations(engine: QtEngine) -> None:
    issues = list(a11y.check(context(GOOD, engine)))
    assert not {i.rule for i in issues} & (
        AXE_RULES | {"a11y/table-role", "a11y/body-lang", "a11y/role-button"}
    )
    assert not [i for i in issues if i.is_error]


def test_without_an_engine_emc_still_runs_and_one_warning_says_why() -> None:
    issues = list(a11y.check(context(BAD)))
    assert [i.rule for i in issues if i.rule == "a11y/no-engine"] == ["a11y/no-engine"]
    assert any(i.rule == "a11y/role-button" for i in issues)
    assert not any(i.rule == "a11y/image-alt" for i in issues)


def test_email_content_cannot_tamper_with_the_axe_run(engine: QtEngine) -> None:
    html = BAD.replace(
        "<body",
        "<script>window.axe={run:function(){return "
        "Promise.resolve({violations:[]})}}</script><body",
    )
    rules = {i.rule for i in a11y.check(context(html, engine))}
    assert "a11y/image-alt" in rules


def test_empty_html_gives_nothing() -> None:
    assert list(a11y.check(context("  "))) == []


# ------------------------------------------------- the demo workspace, axe-core 4.x


def demo_emails() -> list[Path]:
    return sorted((DEMO / "emails").rglob("*.html"))


@pytest.mark.parametrize("email", demo_emails(), ids=lambda p: p.name)
def test_the_compiled_demo_emails_have_no_error_level_a11y_issue(
    engine: QtEngine, email: Path
) -> None:
    project = compiler.load_project(DEMO)
    result = compiler.compile_file(email, project=project)
    issues = list(a11y.check(CheckContext(result, project, CheckOptions(browser=engine))))
    assert not [i for i in issues if i.rule in ("a11y/no-engine", "a11y/engine-failed")]
    errors = [f"{i.rule} {i.file}:{i.line}:{i.column} {i.message}" for i in issues if i.is_error]
    assert errors == []


# The accessible wrapper of good-email-code / EMC, which x-base emits.
WRAPPER = """<!doctype html><html lang="en" dir="ltr"><head><title>Receipt</title></head>
<body><div role="article" aria-roledescription="email" aria-label="Your receipt" lang="en"
dir="ltr"><table role="presentation"><tr><td><h1>Thanks</h1><p>Order 1234 is confirmed.
<a href="https://example.test/order">See your order</a></p></td></tr></table></div></body></html>"""


def test_aria_roledescription_on_the_email_wrapper_is_valid(engine: QtEngine) -> None:
    # axe-core 3.1 (axe-selenium-python's copy) called it an invalid ARIA attribute (critical).
    assert list(a11y.check(context(WRAPPER, engine))) == []


def test_rules_that_do_not_fit_email_stay_off_and_emc_speaks_instead(engine: QtEngine) -> None:
    no_h1 = WRAPPER.replace("<h1>Thanks</h1>", "<p>Thanks</p>")
    rules = {i.rule for i in a11y.check(context(no_h1, engine))}
    # axe-core 4.x would report region, landmark-one-main and page-has-heading-one here.
    assert rules == {"a11y/h1-tag"}
