"""Workspace operations: list, find references, detach, save as component, rename."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.custom import load_library
from components.custom.workspace_ops import (
    detach_instance,
    extract_component,
    find_references,
    list_components,
    rename_component,
    rename_in_source,
    save_component,
    write_all,
)
from tests.components.custom.helpers import body, compile_email

CARD = """<script>
export const config = { label: "Card",
  presets: [{ label: "Card", content: `<promo-card></promo-card>` }],
  allowedParents: ['page-wrap'] };
export const props = Component.defineProps({ title: Component.props.string().default('Sale') });
</script>
<style>.card{color:red}</style>
<template><div class="card"><h2>${title}</h2><x-paragraph :font-size="14"><slot>Body</slot>
</x-paragraph></div></template>
"""
WRAP = """<script>export const slots = Component.defineSlots({ default:
  Component.slots.children(['promo-card']) });</script>
<template><section><slot/></section></template>
"""
EMAIL = """<x-base>
  <p>{{ customer.first_name }}, hello</p>
  <page-wrap><promo-card title="Spring &amp; Summer">Get <b>20%</b> off {{ code }}</promo-card>
  </page-wrap>
  <p>bye</p>
</x-base>
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "promo-card.html").write_text(CARD)
    (tmp_path / "components" / "page-wrap.html").write_text(WRAP)
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "welcome.html").write_text(EMAIL)
    (tmp_path / "emails" / "other.html").write_text("<p>no components</p>")
    return tmp_path


def test_list_components_with_schemas(workspace: Path) -> None:
    found = list_components(workspace)
    assert [d.tag for d in found] == ["page-wrap", "promo-card"]
    card = found[1].describe()
    assert card["insertable"] is True and card["allowedParents"] == ["page-wrap"]
    assert card["props"] == [
        {
            "name": "title",
            "schema": {"type": "string", "default": "Sale"},
            "type": "text",
            "label": "Title",
        }
    ]
    assert found[0].describe()["slots"] == [
        {"name": "default", "schema": "children", "children": ["promo-card"]}
    ]
    assert found[0].insertable is False


def test_find_references(workspace: Path) -> None:
    refs = find_references(workspace, "promo-card")
    assert [(r.file, r.line, r.column) for r in refs] == [("emails/welcome.html", 3, 14)]
    assert [r.file for r in find_references(workspace, "page-wrap")] == ["emails/welcome.html"]


def test_detach_keeps_the_rest_byte_identical(workspace: Path) -> None:
    library = load_library(workspace)
    offset = EMAIL.index("<promo-card")
    result = detach_instance(EMAIL, offset + 3, library, file="emails/welcome.html")
    assert result.ok, result.issues
    end = EMAIL.index("</promo-card>") + len("</promo-card>")
    assert result.text.startswith(EMAIL[:offset])
    assert result.text.endswith(EMAIL[end:])
    middle = result.text[offset : len(result.text) - len(EMAIL[end:])]
    assert middle.startswith("<x-head><style>.card{color:red}</style></x-head>")
    assert "<h2>Spring &amp; Summer</h2>" in middle
    assert "Get <b>20%</b> off {{ code }}" in middle  # slot content byte-identical
    assert "promo-card" not in middle
    # the detached email compiles to the same body as the original
    comps = {"promo-card": CARD, "page-wrap": WRAP}
    before = compile_email(comps, EMAIL)
    after = compile_email(comps, result.text)
    assert body(after.html) == body(before.html)


def test_detach_outside_a_component(workspace: Path) -> None:
    result = detach_instance(EMAIL, 3, load_library(workspace))
    assert not result.ok and result.text == EMAIL


def test_save_selection_as_locked_component(workspace: Path) -> None:
    email = '<x-base><div class="hero"><h1>Hi {{ name }} ${x}</h1></div><p>rest</p></x-base>'
    result = extract_component(email, email.index("<h1"), "hero-title", label="Hero title")
    assert result.ok
    assert result.email == (
        '<x-base><div class="hero"><hero-title></hero-title></div><p>rest</p></x-base>'
    )
    path = save_component(workspace, "hero-title", result.component)
    library = load_library(workspace)
    definition = library.get("hero-title")
    assert definition is not None and definition.definition.errors == []
    assert definition.definition.locked and definition.definition.label == "Hero title"
    compiled = compile_email({"hero-title": path.read_text()}, result.email)
    assert "<h1>Hi {{ name }} ${x}</h1>" in compiled.html
    with pytest.raises(FileExistsError):
        save_component(workspace, "hero-title", result.component)
    bad = extract_component(email, 10, "Hero")
    assert not bad.ok and "uppercase" in bad.issues[0].message


def test_rename_in_source_touches_only_tags() -> None:
    text = '<promo-card  title="promo-card">x</promo-card>\n<a #is="promo-card">y</a><promo-card/>'
    assert rename_in_source(text, "promo-card", "deal-card") == (
        '<deal-card  title="promo-card">x</deal-card>\n<a #is="deal-card">y</a><deal-card/>'
    )


def test_rename_component_updates_references(workspace: Path) -> None:
    result = rename_component(workspace, "promo-card", "deal-card", write=True)
    assert result.ok, result.issues
    assert not (workspace / "components" / "promo-card.html").exists()
    new_file = (workspace / "components" / "deal-card.html").read_text()
    assert "`<deal-card></deal-card>`" in new_file
    assert "children(['deal-card'])" in (workspace / "components" / "page-wrap.html").read_text()
    email = (workspace / "emails" / "welcome.html").read_text()
    assert email == EMAIL.replace("promo-card", "deal-card")
    assert (workspace / "emails" / "other.html").read_text() == "<p>no components</p>"
    assert load_library(workspace).issues == []
    clash = rename_component(workspace, "deal-card", "page-wrap")
    assert not clash.ok


def test_find_references_sees_is_and_survives_bad_bytes(workspace: Path) -> None:
    (workspace / "emails" / "legacy.html").write_bytes(
        b'<p>caf\xe9</p>\n<div #is="promo-card">x</div>\n'
    )
    (workspace / "emails" / ".drafts").mkdir()
    (workspace / "emails" / ".drafts" / "old.html").write_text("<promo-card></promo-card>")
    refs = find_references(workspace, "promo-card")
    assert [(r.file, r.line, r.column) for r in refs] == [
        ("emails/legacy.html", 2, 1),
        ("emails/welcome.html", 3, 14),
    ]


def test_rename_keeps_line_ends_and_bytes(workspace: Path) -> None:
    crlf = EMAIL.replace("\n", "\r\n").encode()
    (workspace / "emails" / "welcome.html").write_bytes(b"\xef\xbb\xbf" + crlf)
    card = (workspace / "components" / "promo-card.html").read_bytes().replace(b"\n", b"\r\n")
    (workspace / "components" / "promo-card.html").write_bytes(card)
    result = rename_component(workspace, "promo-card", "deal-card", write=True)
    assert result.ok, result.issues
    email = (workspace / "emails" / "welcome.html").read_bytes()
    assert email == b"\xef\xbb\xbf" + crlf.replace(b"promo-card", b"deal-card")
    renamed = (workspace / "components" / "deal-card.html").read_bytes()
    assert renamed == card.replace(b"promo-card", b"deal-card")


def test_write_all_writes_every_file_and_raises_the_first_failure(tmp_path: Path) -> None:
    """Several writes at a time: all land, and a failing one is raised after the others."""
    edits = {tmp_path / f"e{i}.html": f"<x-base>{i}</x-base>" for i in range(12)}
    write_all(edits)
    assert all(p.read_text() == text for p, text in edits.items())
    broken = {**dict.fromkeys(edits, "again"), tmp_path / "missing" / "x.html": "no folder"}
    with pytest.raises(FileNotFoundError):
        write_all(broken)
    assert all(p.read_text() == "again" for p in edits)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".mw-tmp")]
