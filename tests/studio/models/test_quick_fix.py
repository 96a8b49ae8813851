"""Quick fixes read from an issue's data (studio/models/quick_fix.py), applied through
the email's transformer settings, on a real compile."""

from __future__ import annotations

from pathlib import Path

from compiler import compile_file
from compiler.project import load_project
from components.diagnostics import Issue, Severity
from studio.models.quick_fix import QuickFix, quick_fixes
from studio.models.transformers import EmailTransformers

EMAIL = """<!doctype html>
<html lang="en"><head><title>Hi</title>
<link rel="stylesheet" href="email.css"></head>
<body><p class="lead">Hello {{ customer.first_name }}</p></body></html>
"""


def workspace(root: Path) -> Path:
    (root / "emails").mkdir(parents=True)
    (root / "mailwright.toml").write_text(
        'name = "t"\n[transformers.inline-css]\nenabled = true\n', "utf-8"
    )
    (root / "emails" / "email.css").write_text(".lead { color: #c0392b; }\n", "utf-8")
    email = root / "emails" / "hi.html"
    email.write_text(EMAIL, "utf-8")
    return email


def test_the_linked_stylesheet_fix_inlines_it_once_applied(tmp_path: Path) -> None:
    email = workspace(tmp_path)
    project = load_project(tmp_path)
    before = compile_file(email, project=project)
    [issue] = [i for i in before.issues if i.rule == "inline-css/linked-stylesheet"]
    [fix] = quick_fixes(issue)
    assert fix == QuickFix("inline-css", "linked_stylesheets", True)
    assert fix.label == "Set inline-css.linked_stylesheets = true for this email"
    assert 'style="color: #c0392b' not in before.html

    assert EmailTransformers(email, project).set(fix.transformer, fix.option, fix.value) == ""
    after = compile_file(email, project=load_project(tmp_path))
    assert not [i for i in after.issues if i.rule == "inline-css/linked-stylesheet"]
    assert "<link" not in after.html
    assert (
        '<p class="lead" style="color: #c0392b;">Hello {{ customer.first_name }}</p>' in after.html
    )
    assert email.read_text("utf-8") == EMAIL  # the fix changes settings, not the email


def test_issues_without_a_well_formed_fix_offer_none() -> None:
    def issue(data: dict[str, object]) -> Issue:
        return Issue("x/y", Severity.WARNING, "m", data=data)

    assert quick_fixes(issue({})) == []
    assert quick_fixes(issue({"fix": "inline-css.x=true"})) == []
    assert quick_fixes(issue({"fix": {"set": 3}})) == []
    assert quick_fixes(issue({"fix": {"set": "no-dot=true"}})) == []
    assert quick_fixes(issue({"fix": {"set": "format.minify"}})) == []
    assert quick_fixes(issue({"fix": {"set": "format.indent = 4"}})) == [
        QuickFix("format", "indent", 4)
    ]
    assert quick_fixes(issue({"fix": {"set": "url-params.utm_source=news"}})) == [
        QuickFix("url-params", "utm_source", "news")
    ]


def test_a_fix_the_compiler_refuses_is_an_error_not_a_write(tmp_path: Path) -> None:
    email = workspace(tmp_path)
    model = EmailTransformers(email, load_project(tmp_path))
    err = model.set("inline-css", "no_such_option", True)
    assert err and not email.with_suffix(".json").exists()
