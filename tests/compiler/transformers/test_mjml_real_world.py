"""MJML as real projects write it: includes, MJML 3 leftovers, Liquid in attributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.pipeline import CompileOptions, TransformerOverrides, compile_file
from compiler.project import load_project
from compiler.transformers import run_transformers, settings_from, transform

ALL = CompileOptions(transformers=TransformerOverrides(enable=("all",)))


def workspace(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mailwright.toml").write_text('name = "x"\n', encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def build(root: Path, email: str = "emails/a.mjml") -> tuple[str, list[tuple[str, str, int, int]]]:
    result = compile_file(root / email, project=load_project(root), options=ALL)
    return result.html, [
        (i.rule, Path(i.file).name, i.line, i.column)
        for i in result.issues
        if i.is_error or i.rule.startswith("mjml/")
    ]


SECTION = "<mj-section><mj-column><mj-text>{text}</mj-text></mj-column></mj-section>\n"


def test_includes_resolve_relative_to_the_including_file(tmp_path: Path) -> None:
    root = workspace(
        tmp_path,
        {
            "emails/a.mjml": '<mjml>\n<mj-body>\n  <mj-include path="parts/header.mjml" />\n'
            + SECTION.format(text="Body {{ customer.name }}")
            + "</mj-body>\n</mjml>\n",
            "emails/parts/header.mjml": SECTION.format(text="Header {{ brand }}")
            + '<mj-include path="../common/footer" />\n',
            "emails/common/footer.mjml": SECTION.format(text="Footer text"),
        },
    )
    html, issues = build(root)
    assert issues == []
    assert (
        html.index("Header {{ brand }}")
        < html.index("Footer text")
        < html.index("Body {{ customer.name }}")
    )


def test_a_missing_include_is_a_located_error(tmp_path: Path) -> None:
    root = workspace(
        tmp_path,
        {
            "emails/a.mjml": '<mjml>\n<mj-body>\n  <mj-include path="nope.mjml" />\n</mj-body>\n'
            "</mjml>\n"
        },
    )
    _, issues = build(root)
    assert issues == [("mjml/include", "a.mjml", 3, 3)]


def test_an_include_without_a_workspace_is_a_located_error() -> None:
    src = '<mjml>\n<mj-body>\n  <mj-include path="x.mjml" />\n</mj-body></mjml>'
    out, issues = transform("mjml", src, file="e.mjml")
    assert out == src
    assert [(i.rule, i.line, i.column) for i in issues] == [("mjml/include", 3, 3)]


@pytest.mark.parametrize("tag", ["mj-include", "MJ-INCLUDE", "Mj-Include"])
def test_an_include_is_found_in_any_case(tag: str) -> None:
    """Includes are found however their tag is spelled (as MRML reads tag names)."""
    src = f'<mjml>\n<mj-body>\n  <{tag} path="x.mjml" />\n</mj-body></mjml>'
    _, issues = transform("mjml", src, file="e.mjml")
    assert [(i.rule, i.line, i.column) for i in issues] == [("mjml/include", 3, 3)]


def test_the_look_for_an_include_reads_as_a_lower_case_copy_would() -> None:
    """The first look for ``<mj-include`` (a case-blind search, no lower-case copy of the
    page) finds it exactly where the page's lower-case copy holds it, for every character
    whose lower case is one of its letters in place of each of them (İ: no)."""
    from compiler.transformers.mjml import _INCLUDE_TAG

    needle = "<mj-include"
    odd = [chr(c) for c in range(0x80, 0x3000) if set(chr(c).lower()) & set("mjinclude")]
    for c in [*odd, "I", "J", "M", "E"]:
        for i in range(len(needle)):
            text = "x" + needle[:i] + c + needle[i + 1 :] + "y"
            assert (needle in text.lower()) is (_INCLUDE_TAG.search(text) is not None), text


def test_an_include_cycle_is_located_where_it_closes(tmp_path: Path) -> None:
    root = workspace(
        tmp_path,
        {
            "emails/a.mjml": (
                '<mjml>\n<mj-body>\n<mj-include path="b.mjml" />\n</mj-body>\n</mjml>\n'
            ),
            "emails/b.mjml": SECTION.format(text="b") + '\n  <mj-include path="c.mjml" />\n',
            "emails/c.mjml": '<mj-include path="b.mjml" />\n',
        },
    )
    _, issues = build(root)
    assert issues == [("mjml/include-cycle", "c.mjml", 1, 1)]


def test_an_include_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.mjml").write_text(SECTION.format(text="hidden words"), encoding="utf-8")
    root = workspace(
        tmp_path / "ws",
        {
            "emails/a.mjml": '<mjml>\n<mj-body>\n<mj-include path="../../secret.mjml" />\n'
            "</mj-body>\n</mjml>\n"
        },
    )
    html, issues = build(root)
    assert issues == [("mjml/include", "a.mjml", 3, 1)] and "hidden words" not in html


def test_unquoted_liquid_in_an_attribute_gets_a_hint_at_the_attribute() -> None:
    src = (
        "<mjml>\n<mj-body>\n<mj-section><mj-column>\n"
        "  <mj-button href={{ url }}>Go</mj-button>\n"
        "</mj-column></mj-section></mj-body></mjml>\n"
    )
    _, issues = transform("mjml", src, file="e.mjml")
    (issue,) = issues
    assert (issue.rule, issue.line, issue.column) == ("mjml/invalid", 4, 14)
    assert 'href="{{ … }}"' in issue.message


def test_mjml3_container_is_named_with_what_replaces_it() -> None:
    src = (
        '<mjml>\n<mj-body>\n<mj-container background-color="#eee">\n'
        + SECTION.format(text="x")
        + "</mj-container>\n</mj-body>\n</mjml>\n"
    )
    _, issues = transform("mjml", src, file="e.mjml")
    assert [(i.rule, i.line, i.column) for i in issues] == [("mjml/mjml3", 3, 1)]
    assert "<mj-body>" in issues[0].message


def test_a_failed_mjml_step_stops_the_run() -> None:
    src = "<mjml>\n<mj-body>\n<mj-section>\n</mj-body>\n</mjml>\n"
    out = run_transformers(src, settings_from({"all": True}), file="e.mjml")
    assert [i.rule for i in out.issues] == ["mjml/invalid"]
    assert out.html == src and out.text == ""
    assert "inline-css" not in out.timings and "plaintext" not in out.timings
