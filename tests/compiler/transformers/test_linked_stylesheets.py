"""A linked stylesheet that is a file of the workspace: offered, then put into a <style>.

Most email clients ignore ``<link rel="stylesheet">`` (caniemail: 14 %), so an email
whose styles live in ``css/email.css`` shows unstyled in them. ``inline-css`` offers
the fix (a located warning with the option to set) and, with
``linked_stylesheets``, puts the file into a ``<style>`` where the link was and
inlines it like any other; template tokens stay where they were.
"""

from __future__ import annotations

from pathlib import Path

from compiler.pipeline import CompileOptions, TransformerOverrides, compile_file
from compiler.project import load_project
from compiler.transformers import run_transformers, settings_from
from compiler.transformers.core.liquid_guard import tokens
from components.diagnostics import Severity

EMAIL = """<!DOCTYPE html>
<html><head>
  <link rel="stylesheet" href="css/email.css" media="screen">
  <link rel="stylesheet" href="https://fonts.example/css?family=Inter">
</head><body>
<table>{% for item in order.items %}<tr><td class="cell {{ item.kind }}">
  <a class="cta" href="{{ item.url }}?ref=mail" style="border:{{ brand.border }}">
  {{ item.title }}</a>
</td></tr>{% endfor %}</table>
<p class="note">Hi {{ customer.first_name | default: "there" }}</p>
</body></html>
"""
CSS = (
    ".cell { padding: 8px } .cta { color: #b00 } .note { font-size: 13px }\n"
    "@media (max-width: 600px) { .cell { padding: 4px !important } }\n"
)


def workspace(tmp_path: Path, css: str = CSS) -> Path:
    (tmp_path / "emails" / "css").mkdir(parents=True)
    (tmp_path / "mailwright.toml").write_text('name = "t"\n')
    (tmp_path / "emails" / "css" / "email.css").write_text(css, encoding="utf-8")
    email = tmp_path / "emails" / "order.html"
    email.write_text(EMAIL, encoding="utf-8")
    return email


def run(email: Path, **options: object) -> tuple[str, list]:  # type: ignore[type-arg]
    out = run_transformers(
        EMAIL,
        settings_from({"inline-css": {"enabled": True, **options}}),
        file=str(email),
        base_dir=email.parent,
        root=email.parent.parent,
    )
    return out.html, out.issues


def test_the_fix_is_offered_at_the_link(tmp_path: Path) -> None:
    html, issues = run(workspace(tmp_path))
    (offer,) = [i for i in issues if i.rule == "inline-css/linked-stylesheet"]
    assert offer.severity is Severity.WARNING
    assert (offer.line, offer.column) == (3, 3)
    assert "14 %" in offer.message and "inline-css.linked_stylesheets" in offer.message
    assert offer.data == {
        "href": "css/email.css",
        "fix": {"set": "inline-css.linked_stylesheets=true"},
    }
    assert '<link rel="stylesheet" href="css/email.css" media="screen">' in html
    assert tokens(html) == tokens(EMAIL)


def test_the_stylesheet_is_put_in_place_and_inlined(tmp_path: Path) -> None:
    html, issues = run(workspace(tmp_path), linked_stylesheets=True)
    assert not [i for i in issues if i.severity is Severity.ERROR], issues
    assert not [i for i in issues if i.rule == "inline-css/linked-stylesheet"]
    assert "css/email.css" not in html
    assert '<link rel="stylesheet" href="https://fonts.example/css?family=Inter">' in html
    assert 'style="font-size: 13px;"' in html or 'style="font-size:13px' in html
    assert "padding: 8px" in html or "padding:8px" in html  # on the cells
    assert "@media (max-width: 600px)" in html  # the media query stays in the head
    # every template token where it was, byte for byte (the guard checked it too)
    assert tokens(html) == tokens(EMAIL)
    assert "{{ item.title }}" in html and 'href="{{ item.url }}?ref=mail"' in html
    assert "border:{{ brand.border }}" in html


def test_a_stylesheet_holding_template_syntax_stays_linked(tmp_path: Path) -> None:
    email = workspace(tmp_path, ".cta { color: {{ brand.accent }} }")
    html, issues = run(email, linked_stylesheets=True)
    (warn,) = [i for i in issues if i.rule == "inline-css/linked-stylesheet"]
    assert "template syntax" in warn.message and warn.line == 3
    assert 'href="css/email.css"' in html and "brand.accent" not in html


def test_nothing_is_read_outside_the_workspace_or_without_one(tmp_path: Path) -> None:
    email = workspace(tmp_path / "ws")
    (tmp_path / "evil.css").write_text(".cta{color:red}")
    html = EMAIL.replace("css/email.css", "../../evil.css")
    out = run_transformers(
        html,
        settings_from({"inline-css": {"enabled": True, "linked_stylesheets": True}}),
        file=str(email),
        base_dir=email.parent,
        root=email.parent.parent,
    )
    assert "../../evil.css" in out.html and not out.issues
    out = run_transformers(
        EMAIL, settings_from({"inline-css": {"enabled": True, "linked_stylesheets": True}})
    )
    assert 'href="css/email.css"' in out.html and not out.issues


def test_through_the_build_with_the_option_set(tmp_path: Path) -> None:
    email = workspace(tmp_path)
    sets = TransformerOverrides(
        enable=("all",), disable=("mjml",), sets=("inline-css.linked_stylesheets=true",)
    )
    result = compile_file(
        email, project=load_project(tmp_path), options=CompileOptions(transformers=sets)
    )
    assert not [i for i in result.issues if i.is_error], result.issues
    assert "css/email.css" not in result.html and "13px" in result.html
    assert tokens(result.html) == tokens(EMAIL)
