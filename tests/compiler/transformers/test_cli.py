"""The transformer settings as users spell them: ``mailwright build`` flags, the
workspace table, the email's front matter and sidecar file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler import compile_file, load_project
from studio.cli import main

EMAIL = """---
subject: Spring
---
<html><head><style>.a { color: red; } .never { color: blue; }
@media (max-width: 600px) { .a { color: green !important; } }</style></head>
<body><table><tr><td class="a">Hello {{ customer.first_name }}</td></tr></table>
<a href="https://example.com/shop">Shop</a>
<!--[if mso]><table><tr><td><![endif]--><p>x</p><!--[if mso]></td></tr></table><![endif]-->
</body></html>
"""


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text(
        'name = "t"\n[transformers.url-params]\nenabled = true\n'
        'params = { utm_source = "workspace" }\n',
        encoding="utf-8",
    )
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "spring.html").write_text(EMAIL, encoding="utf-8")
    (tmp_path / "emails" / "spring.json").write_text(
        json.dumps({"transformers": {"url-params": {"params": {"utm_campaign": "spring"}}}}),
        encoding="utf-8",
    )
    return tmp_path


def build(workspace: Path, *flags: str) -> tuple[int, str]:
    out = workspace / "out"
    code = main(["build", str(workspace / "emails" / "spring.html"), "-o", str(out), *flags])
    html = (out / "spring.html").read_text(encoding="utf-8") if code == 0 else ""
    return code, html


def test_set_url_params_as_the_issue_spells_it(workspace: Path) -> None:
    code, html = build(workspace, "--set", "url-params.params=utm_source=newsletter")
    assert code == 0
    # the workspace list and the message list are both appended; --set replaces the
    # message list of the email's settings file (later layers win per option)
    assert 'href="https://example.com/shop?utm_source=workspace&amp;utm_source=newsletter"' in html
    assert "utm_campaign" not in html


def test_set_format_minify_as_the_issue_spells_it(workspace: Path) -> None:
    _, plain = build(workspace)
    code, html = build(workspace, "--set", "format.minify=true")
    assert code == 0
    assert len(html) < len(plain)  # setting an option turns its transformer on
    assert "\n<a" not in html and "{{ customer.first_name }}" in html
    assert "<!--[if mso]><table><tr><td><![endif]-->" in html
    assert "@media (max-width: 600px)" in html  # not rewritten to range syntax


@pytest.mark.parametrize(
    "off", [["--disable", "format"], ["--disable", "all"], ["--set", "format.enabled=false"]]
)
def test_set_does_not_enable_what_the_same_command_line_disables(
    workspace: Path, off: list[str]
) -> None:
    _, plain = build(workspace, *off)
    code, html = build(workspace, *off, "--set", "format.minify=true")
    assert code == 0 and html == plain


def test_email_message_params_and_workspace_params_are_both_appended(workspace: Path) -> None:
    code, html = build(workspace)
    assert code == 0
    assert "?utm_source=workspace&amp;utm_campaign=spring" in html


def test_sidecar_settings_file(workspace: Path) -> None:
    email = workspace / "emails" / "spring.html"
    email.with_suffix(".json").write_text(
        json.dumps(
            {
                "subject": "Spring",
                "transformers": {"css-cleanup": True, "url-params": {"params": {"m": "1"}}},
            }
        ),
        encoding="utf-8",
    )
    result = compile_file(email, project=load_project(workspace))
    assert ".never" not in result.html and ".a" in result.html
    assert "?utm_source=workspace&amp;m=1" in result.html


@pytest.mark.parametrize(
    "name",
    [
        "mjml",
        "css-variables",
        "inline-css",
        "css-cleanup",
        "url-params",
        "a11y-fixes",
        "format",
        "all",
    ],
)
def test_every_cli_name_is_accepted(workspace: Path, name: str) -> None:
    assert build(workspace, "--enable", name)[0] == 0
    assert build(workspace, "--disable", name)[0] == 0


def test_enable_all_then_disable_one(workspace: Path) -> None:
    code, html = build(workspace, "--enable", "all", "--disable", "inline-css")
    assert code == 0
    assert 'role="presentation"' in html  # a11y-fixes ran
    assert ".never" not in html  # css-cleanup ran
    assert 'class="a"' in html and 'style="color: red' not in html  # not inlined


def test_disable_wins_over_the_workspace(workspace: Path) -> None:
    code, html = build(workspace, "--disable", "url-params")
    assert code == 0 and 'href="https://example.com/shop"' in html


def test_config_file(workspace: Path) -> None:
    cfg = workspace / "ship.toml"
    cfg.write_text(
        "[transformers.inline-css]\nenabled = true\n"
        '[transformers.url-params]\nparams = { ref = "cfg" }\n',
        encoding="utf-8",
    )
    code, html = build(workspace, "--config", str(cfg))
    assert code == 0
    assert 'style="color: red;"' in html
    assert "?utm_source=workspace&amp;ref=cfg" in html


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--enable", "minfy"], "unknown transformer 'minfy'"),
        (["--set", "format.minify=perhaps"], "format.minify must be true or false"),
        (["--set", "url-params.params=utm_source"], "expected key=value"),
    ],
)
def test_bad_names_stop_with_a_message(
    workspace: Path, capsys: pytest.CaptureFixture[str], flags: list[str], message: str
) -> None:
    assert build(workspace, *flags)[0] == 2
    assert message in capsys.readouterr().err


def test_front_matter_transformers_line(tmp_path: Path) -> None:
    email = tmp_path / "e.html"
    email.write_text(
        '---\nsubject: x\ntransformers: {"url-params": {"enabled": true, '
        '"params": {"m": "1"}}}\n---\n<a href="https://x.com">a</a>\n',
        encoding="utf-8",
    )
    result = compile_file(email)
    assert 'href="https://x.com?m=1"' in result.html


def test_the_mjml_framework_option_compiles_an_html_email(tmp_path: Path) -> None:
    email = tmp_path / "e.html"
    email.write_text(
        "<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ name }}</mj-text>"
        "</mj-column></mj-section></mj-body></mjml>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["build", str(email), "-o", str(out)]) == 0
    assert (out / "e.html").read_text(encoding="utf-8").startswith("<mjml>")  # option off
    assert main(["build", str(email), "-o", str(out), "--enable", "mjml"]) == 0
    html = (out / "e.html").read_text(encoding="utf-8")
    assert html.lower().startswith("<!doctype html>") and "<mj-" not in html
    assert "Hi {{ name }}" in html
