"""Markup real emails carry, which the transformers must keep rendering as written.

Each case is a small reproduction of something found in third-party templates.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from compiler.pipeline import CompileOptions, TransformerOverrides, compile_email, compile_file
from compiler.transformers import css_cleanup, run_transformers, settings_from, transform
from compiler.transformers.core.base import Work
from compiler.transformers.runner import TransformOutcome, _one_by_one, run_guarded
from compiler.transformers.steps import BY_NAME, Step
from components.diagnostics import Severity

ALL_BUT_MJML = CompileOptions(transformers=TransformerOverrides(enable=("all",), disable=("mjml",)))


def errors(issues: list) -> list:  # type: ignore[type-arg]
    return [i for i in issues if i.severity is Severity.ERROR]


# --- css-cleanup: stylesheets it cannot see, attribute selectors ------------------------

LINKED = (
    '<html><head><link rel="stylesheet" href="https://cdn.example/css/email.css">'
    "<style>.x{color:red} .gone{color:blue}</style></head><body>"
    '<table><tr><td class="content__cell x orphan">a</td></tr></table></body></html>'
)


def test_cleanup_keeps_every_class_when_a_linked_stylesheet_cannot_be_read() -> None:
    out, issues = transform("css-cleanup", LINKED, file="e.html")
    assert 'class="content__cell x orphan"' in out
    notes = [i for i in issues if i.rule == "css-cleanup/linked-stylesheet"]
    assert len(notes) == 1 and notes[0].severity is Severity.INFO
    assert "https://cdn.example/css/email.css" in notes[0].message
    assert notes[0].line == 1 and notes[0].column == 13  # at the <link>
    assert ".gone" not in out  # a selector no element matches still goes


def test_cleanup_reads_a_linked_stylesheet_found_beside_the_email(tmp_path: Path) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "email.css").write_text(".content__cell{padding:4px}", "utf-8")
    email = tmp_path / "e.html"
    html = LINKED.replace("https://cdn.example/css/email.css", "css/email.css")
    out = run_transformers(
        html,
        settings_from({"css-cleanup": True}),
        file=str(email),
        base_dir=tmp_path,
        root=tmp_path,
    )
    assert 'class="content__cell x"' in out.html  # used by the linked sheet
    assert ".gone" not in out.html  # the whole CSS is known: unused names go
    assert not [i for i in out.issues if i.rule == "css-cleanup/linked-stylesheet"]


def test_a_linked_stylesheet_outside_the_workspace_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside.css").write_text(".content__cell{padding:4px}", "utf-8")
    root = tmp_path / "ws"
    root.mkdir()
    html = LINKED.replace("https://cdn.example/css/email.css", "../outside.css")
    out = run_transformers(
        html,
        settings_from({"css-cleanup": True}),
        file=str(root / "e.html"),
        base_dir=root,
        root=root,
    )
    assert 'class="content__cell x orphan"' in out.html
    assert [i.rule for i in out.issues] == ["css-cleanup/linked-stylesheet"]


ATTRIBUTE_SELECTORS = (
    "<html><head><style>.x{color:red}"
    '@media screen and (max-width:600px){ td[class="stack"]{display:block!important} '
    'table[class="wrap"]{width:100%!important} div[class~="hh"]{color:blue} '
    'p[class*="ile-"]{margin:0} span[class^="pre"]{color:green} i[class$="end"]{color:red} '
    '*[id="main"]{color:red} }</style></head><body><table class="wrap"><tr>'
    '<td class="stack x">a</td></tr></table><div class="hh">b</div>'
    '<p class="mobile-only">c</p><span class="prefix">d</span><i class="the-end">e</i>'
    '<p class="unused">f</p></body></html>'
)


def test_cleanup_treats_classes_named_by_attribute_selectors_as_used() -> None:
    out, issues = transform("css-cleanup", ATTRIBUTE_SELECTORS, file="e.html")
    assert errors(issues) == []
    for cls in (
        'class="stack x"',
        'class="wrap"',
        'class="hh"',
        'class="mobile-only"',
        'class="prefix"',
        'class="the-end"',
    ):
        assert cls in out, cls
    for rule in (
        'td[class="stack"]',
        'table[class="wrap"]',
        'div[class~="hh"]',
        'p[class*="ile-"]',
        'span[class^="pre"]',
        'i[class$="end"]',
        '*[id="main"]',
    ):
        assert rule in out, rule
    assert "<p>f</p>" in out  # a class nothing names still goes


def test_shorten_never_renames_a_class_an_attribute_selector_names() -> None:
    out, _ = transform(
        "css-cleanup",
        ATTRIBUTE_SELECTORS,
        css_cleanup.Options(enabled=True, shorten=True),
        file="e.html",
    )
    assert 'td[class="stack"]' in out and 'class="stack ' in out
    assert 'class="mobile-only"' in out and 'class="prefix"' in out


# --- the guard and rules holding Liquid -------------------------------------------------

LIQUID_RULE = (
    "<!DOCTYPE html>\n<html><head>\n<style>\n.x{color:red}\n"
    ".cta__cell { background: {{ brand.accent_color }}; }\n"
    '</style></head><body><p class="x">hi</p></body></html>\n'
)


def test_cleanup_keeps_a_rule_holding_liquid_and_the_build_passes() -> None:
    result = compile_email(LIQUID_RULE, file="e.html", options=ALL_BUT_MJML)
    assert errors(result.issues) == []
    assert ".cta__cell { background: {{ brand.accent_color }}; }" in result.html


def test_a_guard_error_is_located_at_its_token_in_the_source() -> None:
    def drop_second_token(work: Work, _options: object) -> None:
        work.set_text(work.text().replace(f"{work.guard.prefix}1x", ""))

    html = "<p>\n  {{ a }}\n</p>\n<p>\n    {{ b }}</p>"

    class On:
        enabled = True

    out, issues = run_guarded(drop_second_token, "t", html, On(), file="e.html")
    assert out == html
    assert [(i.rule, i.line, i.column) for i in issues] == [("transformers/liquid-changed", 5, 5)]


def test_guard_errors_in_the_one_by_one_run_point_into_the_run_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # inline-css changes the text before the broken step runs; the error must still point
    # at the token in the HTML the run was given, not in inline-css's output
    html = (
        "<html><head>\n<style>\n.x{color:red}\n\n\n.y { color: {{ c }}; }\n</style></head>"
        '<body><p class="x">a</p></body></html>'
    )

    def broken(work: Work, _options: object) -> None:
        work.set_text(work.text().replace(work.guard.prefix + "0x", ""))

    fake = types.SimpleNamespace(NAME="broken", Options=css_cleanup.Options, apply=broken)
    monkeypatch.setitem(sys.modules, "compiler.transformers.broken", fake)  # a step's module
    steps = [BY_NAME["inline-css"], Step("css-cleanup", "tree", "broken")]
    outcome = TransformOutcome(html, "")
    _one_by_one(
        html, steps, settings_from({"inline-css": True, "css-cleanup": True}), "e.html", outcome
    )
    bad = [i for i in outcome.issues if i.rule == "transformers/liquid-changed"]
    assert [(i.line, i.column) for i in bad] == [(6, 13)]


# --- inline-css: nothing into the head or elements that render nothing ----------------

UNIVERSAL = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>T</title>'
    "<style>*{-ms-text-size-adjust:100%} p{margin:0}</style></head>"
    '<body><p>a<br>b</p><img src="x.png" alt=""><table><tr><td>c</td></tr></table>'
    "</body></html>"
)


def test_inline_css_never_styles_the_head_or_void_elements() -> None:
    out, issues = transform("inline-css", UNIVERSAL, file="e.html")
    assert errors(issues) == []
    head = out[out.index("<head") : out.index("<body")]
    assert "style=" not in head, head
    assert "<br>" in out
    assert "<td style=" in out and "<p style=" in out  # rendered elements still get it
    assert '<img src="x.png" alt="" style="-ms-text-size-adjust' in out  # an image renders


def test_compile_file_of_the_real_world_reproduction(tmp_path: Path) -> None:
    email = tmp_path / "emails" / "a.html"
    email.parent.mkdir()
    email.write_text(LIQUID_RULE, encoding="utf-8")
    result = compile_file(email, options=ALL_BUT_MJML)
    assert errors(result.issues) == []


def test_the_build_reads_a_linked_stylesheet_from_the_workspace_assets(tmp_path: Path) -> None:
    from compiler.project import load_project

    (tmp_path / "mailwright.toml").write_text('name = "x"\n', encoding="utf-8")
    (tmp_path / "assets" / "css").mkdir(parents=True)
    (tmp_path / "assets" / "css" / "email.css").write_text(
        ".content__cell{padding:4px}", encoding="utf-8"
    )
    email = tmp_path / "emails" / "a.html"
    email.parent.mkdir()
    email.write_text(
        LINKED.replace("https://cdn.example/css/email.css", "/css/email.css"), encoding="utf-8"
    )
    result = compile_file(email, project=load_project(tmp_path), options=ALL_BUT_MJML)
    assert 'class="content__cell"' in result.html  # x inlined away, orphan unused
    assert not [i for i in result.issues if i.rule == "css-cleanup/linked-stylesheet"]


# --- AMP emails pass inlining and cleanup untouched -----------------------------------

AMP = (
    '<!doctype html>\n<html ⚡4email data-css-strict>\n<head><meta charset="utf-8">'
    '<script async src="https://cdn.ampproject.org/v0.js"></script>'
    "<style amp4email-boilerplate>body{visibility:hidden}</style>"
    "<style amp-custom>h1{margin:1rem} .unused{color:red} "
    "@media (max-width:600px){h1{margin:0}}</style></head>"
    '<body><h1 class="t">Hi {{ customer.first_name }}</h1></body></html>'
)


def test_amp_emails_pass_inlining_and_cleanup_untouched_with_a_note() -> None:
    for name in ("inline-css", "css-cleanup"):
        for html in (AMP, AMP.replace("⚡4email", "amp4email")):
            out, issues = transform(name, html, file="e.html")
            assert out == html, name
            assert [(i.rule, i.severity, i.line) for i in issues] == [
                (f"{name}/amp", Severity.INFO, 2)
            ]


def test_a_whole_run_on_an_amp_email_keeps_its_required_markup() -> None:
    out = run_transformers(AMP, settings_from({"all": True, "mjml": False}), file="e.html")
    assert errors(out.issues) == []
    assert "<style amp4email-boilerplate>body{visibility:hidden}</style>" in out.html
    assert out.html.count("<style") == 2 and "<body>" in out.html


XHTML = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
)


def test_inline_css_keeps_the_doctype_that_decides_the_rendering_mode() -> None:
    body = (
        "<html><head><style>td{color:red}</style></head><body><table><tr><td>"
        '<img src="a.png" width="10" height="10"></td></tr></table></body></html>'
    )
    for doctype in (XHTML, "<!doctype html>\n", ""):
        out, _ = transform("inline-css", doctype + body, file="e.html")
        assert "style=" in out
        assert out.startswith(doctype.strip() + "<html") if doctype else out.startswith("<html>")
