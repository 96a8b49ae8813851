"""Workspace file operations on real folders in tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.workspace import (
    STARTERS,
    FileKind,
    Workspace,
    WorkspaceError,
    new_email_source,
    starter_source,
)


def test_create_lists_kinds_folders_first(ws: Workspace) -> None:
    ws.create_folder("promos", "emails")
    rels = [f.rel for f in ws.files()]
    assert rels[:6] == ["components", "data", "emails", "emails/promos", "snippets", "templates"]
    assert {f.kind for f in ws.files(FileKind.EMAIL, folders=False)} == {FileKind.EMAIL}
    assert ws.name == "Brand"


def test_create_email_from_scratch_and_template(ws: Workspace) -> None:
    rel = ws.create_email("Spring sale")
    assert rel == "emails/Spring sale.html"
    assert ws.path(rel).read_text() == starter_source(".html")
    rel2 = ws.create_email("from-tpl", template="templates/newsletter.html")
    assert ws.path(rel2).read_text() == "<x-base>News</x-base>\n"
    with pytest.raises(WorkspaceError, match="already exists"):
        ws.create_email("Spring sale")
    with pytest.raises(WorkspaceError, match="not a template"):
        ws.create_email("x", template="emails/welcome.html")
    with pytest.raises(WorkspaceError, match="must live under emails/"):
        ws.create_email("x", folder="components")


def test_component_names_are_tag_names(ws: Workspace) -> None:
    assert ws.create_component("promo-card") == "components/promo-card.html"
    for bad in ("Promo", "x-thing", "2col", "a--b"):
        with pytest.raises(WorkspaceError, match="not a valid component tag name"):
            ws.create_component(bad)
    with pytest.raises(WorkspaceError, match="must not be an HTML element name"):
        ws.create_component("table")


def test_duplicate_names_copies(ws: Workspace) -> None:
    assert ws.duplicate("emails/welcome.html") == "emails/[Copy] welcome.html"
    assert ws.duplicate("emails/welcome.html") == "emails/[Copy 2] welcome.html"
    assert ws.duplicate("components/brand-header.html") == "components/brand-header-copy.html"
    ws.create_folder("promos", "emails")
    ws.move("emails/receipt.html", "emails/promos")
    assert ws.duplicate("emails/promos") == "emails/[Copy] promos"
    assert (ws.root / "emails/[Copy] promos/receipt.html").is_file()


def test_move_rules(ws: Workspace) -> None:
    ws.create_folder("a", "emails")
    ws.create_folder("b", "emails/a")
    assert ws.move("emails/welcome.html", "emails/a/b") == "emails/a/b/welcome.html"
    with pytest.raises(WorkspaceError, match="into itself"):
        ws.move("emails/a", "emails/a/b")
    with pytest.raises(WorkspaceError, match="another kind"):
        ws.move("emails/receipt.html", "components")
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        ws.move("emails/receipt.html", "../..")


def test_delete_refuses_referenced_component(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError) as info:
        ws.delete("components/brand-header.html")
    assert "emails/welcome.html:5:3" in str(info.value)
    assert ws.references("brand-header")[0].file == "emails/welcome.html"
    assert ws.used_in("components/brand-header.html") == 1
    (ws.root / "emails" / "welcome.html").write_text("<x-base></x-base>")
    ws.delete("components/brand-header.html")
    assert not (ws.root / "components/brand-header.html").exists()


def test_delete_refuses_component_used_through_is(ws: Workspace) -> None:
    (ws.root / "emails" / "welcome.html").write_text(
        '<x-base>\n  <div #is="brand-header">Logo</div>\n</x-base>\n'
    )
    with pytest.raises(WorkspaceError, match="cannot be deleted") as info:
        ws.delete("components/brand-header.html")
    assert "emails/welcome.html:2:3" in str(info.value)
    assert (ws.root / "components/brand-header.html").is_file()
    assert ws.used_in("components/brand-header.html") == 1
    with pytest.raises(WorkspaceError, match="cannot be renamed"):
        ws.rename("components/brand-header.html", "top-bar")


def test_references_ignore_text_that_only_looks_like_a_use(ws: Workspace) -> None:
    (ws.root / "emails" / "welcome.html").write_text(
        "<x-base><!-- <brand-header> was here --><x-paragraph>&lt;brand-header&gt;"
        "</x-paragraph></x-base>\n"
    )
    assert ws.references("components/brand-header.html") == []
    ws.delete("components/brand-header.html")


def test_delete_folder_with_component_used_only_inside(ws: Workspace) -> None:
    ws.create_folder("kit", "components")
    ws.create_component("kit-a", "components/kit")
    (ws.root / "components/kit/kit-b.html").write_text("<template><kit-a></kit-a></template>")
    ws.delete("components/kit")
    assert not (ws.root / "components/kit").exists()


def test_rename_referenced_component_refuses(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="cannot be renamed"):
        ws.rename("components/brand-header.html", "top-bar")
    assert ws.rename("emails/receipt.html", "order receipt") == "emails/order receipt.html"


def test_new_email_uses_the_starter_templates_when_present(ws: Workspace, tmp_path: Path) -> None:
    starters = tmp_path / "starters"
    starters.mkdir()
    ws.starters = starters
    # absent: the built-in sources
    assert ws.path(ws.create_email("plain")).read_text() == new_email_source()
    mjml = ws.path(ws.create_email("plain.mjml")).read_text()
    assert mjml.startswith("<mjml>") and "<mj-body>" in mjml
    # present: used as they are (Liquid untouched)
    html = "<x-base>\n  <x-paragraph>Hi {{ customer.first_name }}</x-paragraph>\n</x-base>\n"
    (starters / "new-email.html").write_text(html, encoding="utf-8")
    (starters / "new-email.mjml").write_text("<mjml><mj-body></mj-body></mjml>\n", encoding="utf-8")
    assert ws.path(ws.create_email("fancy")).read_text() == html
    assert (
        ws.path(ws.create_email("fancy.mjml")).read_text() == "<mjml><mj-body></mj-body></mjml>\n"
    )
    assert ws.path(ws.create_template("tpl")).read_text() == html
    # the bundled folder is where the project keeps them
    assert STARTERS.parts[-2:] == ("resources", "templates")


def test_sidecars_travel_with_their_email(ws: Workspace) -> None:
    root = ws.root
    ws.create_folder("news", "emails")
    email = root / "emails" / "hello.html"
    email.write_text("<p>Hi</p>")
    email.with_suffix(".json").write_text('{"subject": "Hi"}')
    email.with_suffix(".txt").write_text("Hi")
    copy = ws.duplicate("emails/hello.html")
    assert (root / copy).with_suffix(".txt").read_text() == "Hi"
    renamed = ws.rename("emails/hello.html", "greeting")
    assert (root / renamed).with_suffix(".json").is_file()
    assert not email.with_suffix(".json").exists()
    moved = ws.move(renamed, "emails/news")
    assert (root / moved).with_suffix(".txt").is_file()
    ws.delete(moved)
    assert not (root / moved).with_suffix(".txt").exists()
    assert not (root / moved).with_suffix(".json").exists()


def test_a_new_workspace_keeps_machine_state_out_of_git(tmp_path: Path) -> None:
    w = Workspace.create(tmp_path / "fresh", "Fresh")
    assert (w.root / ".gitignore").read_text().split() == [".mailwright/", "dist/"]
    (w.root / ".gitignore").write_text("custom\n")
    Workspace.create(w.root)  # completing a workspace never overwrites the user's file
    assert (w.root / ".gitignore").read_text() == "custom\n"


def test_links_out_of_the_workspace_are_neither_listed_nor_searched(
    ws: Workspace, tmp_path: Path
) -> None:
    from studio.workspace.search import search

    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "secret.html").write_text("<p>SECRET-1234</p>")
    (outside / "more" / "x.html").write_text("<p>SECRET-1234</p>")
    (ws.root / "emails" / "linked.html").symlink_to(outside / "secret.html")
    (ws.root / "emails" / "folder").symlink_to(outside / "more")
    (ws.root / "emails" / "alias.html").symlink_to(ws.root / "emails" / "receipt.html")
    listed = [e.rel for e in ws.files()]
    assert "emails/linked.html" not in listed and "emails/folder" not in listed
    assert not any(rel.startswith(str(outside)) for rel in listed)
    assert "emails/receipt.html" in listed  # a link inside the workspace still counts
    assert search(ws, "SECRET-1234") == []


def test_snippets_and_data_are_listed_with_their_uses(ws: Workspace) -> None:
    """Issue 12: snippets/ and data/ in the dashboard, with "used in" for snippets."""
    (ws.root / "snippets" / "address.html").write_text("12 Alder St")
    (ws.root / "snippets" / "greetings.json").write_text('["Hi", "Hello"]')
    (ws.root / "snippets" / "notes.bin").write_bytes(b"\0")  # not a snippet: not listed
    (ws.root / "data" / "profiles").mkdir(parents=True)
    (ws.root / "data" / "profiles" / "ana.json").write_text('{"customer": {}}')
    (ws.root / "data" / "people.jsonl").write_text('{"id": 1}\n')
    (ws.root / "emails" / "welcome.html").write_text(
        "<x-base>{{ snippets.address }}\n{% for g in snippets['greetings'] %}{{ g }}"
        "{% endfor %}</x-base>"
    )
    (ws.root / "templates" / "newsletter.html").write_text(
        '<x-base>{{ snippets["address"] | upcase }} snippets.address</x-base>'
    )
    kinds = {f.rel: f.kind for f in ws.files(folders=False)}
    assert kinds["snippets/address.html"] is FileKind.SNIPPET
    assert kinds["snippets/greetings.json"] is FileKind.SNIPPET
    assert kinds["data/profiles/ana.json"] is FileKind.DATA
    assert kinds["data/people.jsonl"] is FileKind.DATA
    assert "snippets/notes.bin" not in kinds
    assert [f.rel for f in ws.files(FileKind.SNIPPET, folders=False)] == [
        "snippets/address.html",
        "snippets/greetings.json",
    ]
    refs = ws.snippet_references("snippets/address.html")
    # the text outside Liquid ("snippets.address" after the tag) is not a use
    assert [(r.file, r.line, r.column) for r in refs] == [
        ("emails/welcome.html", 1, 12),
        ("templates/newsletter.html", 1, 12),
    ]
    assert ws.used_in("snippets/address.html") == 2
    assert ws.used_in("snippets/greetings.json") == 1
    assert ws.used_in("data/profiles/ana.json") == 0
    assert ws.rename("data/people.jsonl", "customers") == "data/customers.jsonl"


def test_used_in_each_counts_as_used_in_does(ws: Workspace) -> None:
    """The dashboard's one-scan counts equal the reference search's, file by file: uses
    through #is, in another component, in comments and values (not uses), a component
    naming itself, upper-case tags, an MSO conditional, a file two components share."""
    root = ws.root
    (root / "components" / "promo-box.html").write_text(
        "<script>export const config = {}</script><template><div>"
        "<brand-header></brand-header><promo-box></promo-box></div></template>"
    )
    (root / "components" / "side").mkdir()
    (root / "components" / "side" / "tile-card.html").write_text("<template><p>Tile</p></template>")
    (root / "emails" / "a.html").write_text(
        '<x-base><div #is="promo-box">x</div><!-- <tile-card> --><p title="<tile-card>">'
        "</p></x-base>"
    )
    (root / "emails" / "b.html").write_text(
        "<x-base><!--[if mso]><tile-card></tile-card><![endif]--><PROMO-BOX></PROMO-BOX></x-base>"
    )
    (root / "emails" / "c.html").write_text(
        "<x-base><Tile-Card></Tile-Card><tile-card></tile-card>{{ '<promo-box>' }}</x-base>"
    )
    (root / "templates" / "t.html").write_text("<x-base><brand-header/></x-base>")
    rels = [f.rel for f in ws.files(None) if f.kind in (FileKind.COMPONENT, FileKind.SNIPPET)]
    rels.append("components/side")  # a folder counts 0
    each = ws.used_in_each(rels)
    assert each == {rel: ws.used_in(rel) for rel in rels}
    assert each["components/brand-header.html"] == 3
    assert each["components/promo-box.html"] == 1
    assert each["components/side/tile-card.html"] == 2
