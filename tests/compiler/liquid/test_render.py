"""``render(compile_result, profile)``: envelope fields, the blank-subject error, the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import compile_file, load_project
from compiler.liquid import render
from compiler.liquid.render import Renderer
from compiler.liquid.snippets import SnippetSet
from compiler.project import Project
from compiler.result import CompileResult

EMAIL = """---
subject: "{{ customer.subject_line | default: 'News' }} for {{ customer.first_name }}"
preheader: "{% if customer.vip %}VIP early access{% else %}Spring is here{% endif %}"
from: "{{ customer.rep | default: 'Fernway' }} <team@example.com>"
reply_to: "{{ customer.rep_email }}"
---
<p>Hi {{ customer.first_name }}</p>
"""


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, CompileResult]:
    root = tmp_path_factory.mktemp("ws")
    (root / "mailwright.toml").write_text('name = "t"\n', encoding="utf-8")
    (root / "emails").mkdir()
    (root / "emails" / "news.html").write_text(EMAIL, encoding="utf-8")
    project = load_project(root)
    result = compile_file(root / "emails" / "news.html", project=project)
    assert [i for i in result.issues if i.is_error] == []
    return project, result


def test_every_envelope_field_renders_its_liquid(compiled: tuple[Project, CompileResult]) -> None:
    project, result = compiled
    email = render(
        result,
        {
            "customer": {
                "first_name": "Ann",
                "vip": True,
                "rep": "Bo",
                "rep_email": "bo@example.com",
            }
        },
        project=project,
    )
    assert email.ok, email.issues
    assert email.subject == "News for Ann"
    assert email.preheader == "VIP early access"
    assert email.from_ == "Bo <team@example.com>"
    assert email.reply_to == "bo@example.com"
    assert "<p>Hi Ann</p>" in email.html
    assert email.envelope_json()["from"] == "Bo <team@example.com>"


def test_envelope_errors_name_the_field_and_point_into_the_front_matter(
    compiled: tuple[Project, CompileResult],
) -> None:
    project, result = compiled
    email = render(result, {"customer": {"first_name": "Ann"}}, project=project)
    assert not email.ok
    (issue,) = email.issues
    assert issue.message == "Variable 'customer.rep_email' is missing (in Reply-To)"
    assert (issue.line, issue.column) == (5, 15)  # at the variable, as in the body


def test_a_subject_that_renders_blank_is_an_error(compiled: tuple[Project, CompileResult]) -> None:
    project, result = compiled
    blank = CompileResult(
        file=result.file,
        source=result.source,
        html=result.html,
        marked_html=result.marked_html,
        text=result.text,
        envelope=type(result.envelope)(subject="{{ customer.subject_line }}"),
    )
    email = render(blank, {"customer": {"first_name": "A", "subject_line": "  "}}, project=project)
    assert [(i.rule, i.message) for i in email.issues] == [
        ("liquid/blank-subject", "subject can not be blank (in Subject)")
    ]
    assert email.issues[0].is_error
    ok = render(blank, {"customer": {"first_name": "A", "subject_line": "Hi"}}, project=project)
    assert ok.ok and ok.subject == "Hi"


def test_parsed_templates_are_cached_by_content() -> None:
    renderer = Renderer(snippets=SnippetSet({}))
    text = "Hi {{ customer.first_name }}"
    first = renderer.cache.get(text)
    # an equal text built separately (another object) is the same cache entry
    again = renderer.cache.get("".join(["Hi ", "{{ customer.first_name }}"]))
    assert again is first
    assert renderer.cache.get(text + " ") is not first
    for name in ("A", "B"):
        assert (
            renderer.render_template(text, {"customer": {"first_name": name}}).text == f"Hi {name}"
        )
    assert renderer.cache.get(text) is first


def test_the_cache_is_bounded() -> None:
    renderer = Renderer(snippets=SnippetSet({}))
    renderer.cache.capacity = 3
    first = renderer.cache.get("{{ a }}")
    for i in range(3):
        renderer.cache.get(f"{{{{ b{i} }}}}")
    assert renderer.cache.get("{{ a }}") is not first  # dropped, parsed again


def test_render_api_is_the_package_entry_point(tmp_path: Path) -> None:
    (tmp_path / "e.html").write_text("<p>{{ customer.first_name }}</p>", encoding="utf-8")
    result = compile_file(tmp_path / "e.html")
    email = render(result, {"customer": {"first_name": "Zoe"}})
    assert "<p>Zoe</p>" in email.html and email.text.strip() == "Zoe"
