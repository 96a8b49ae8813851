"""Importing a folder of existing emails: paths kept, references followed, Liquid intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.transformers import RESTYLING
from compiler.transformers.core.liquid_guard import tokens
from studio.workspace import Workspace, WorkspaceError, import_folder
from tests.conftest import CORPUS, corpus_files, requires_corpus

LIQUID_EMAIL = """<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="css/email.css?v=2">
<link rel="stylesheet" href="https://fonts.example/css?family=Open+Sans">
<link rel="stylesheet" href="{{ shop.css_url }}">
<style>.hero { background: url('img/bg.png') } .x { color: {{ brand.color }} }</style>
</head><body>
<table>{% for item in order.items %}<tr><td class="{{ item.kind }}">
<img src="img/logo.png" alt="{{ shop.name }}" width="120">
<img src="{{ item.image | img_url }}" alt="">
<img src="img/{{ item.sku }}.png" alt="">
<a href="{{ order.url }}?ref=mail">{{ item.title | escape }}</a>
</td></tr>{% endfor %}</table>
<td background="img/bg.png" style="background-image:url(img/bg.png)">{% if x %}y{% endif %}</td>
<img src="../../outside.png" alt="x"><img src="img/missing.png" alt="x">
</body></html>
"""


def folder(tmp_path: Path) -> Path:
    src = tmp_path / "old"
    (src / "shop" / "css").mkdir(parents=True)
    (src / "shop" / "img").mkdir()
    (src / "shop" / "order.liquid").write_text(LIQUID_EMAIL, encoding="utf-8")
    (src / "shop" / "order.txt").write_text("Your order {{ order.name }}\n", encoding="utf-8")
    (src / "shop" / "css" / "email.css").write_text(
        "@import 'base.css'; .a { background: url(../img/dot.png) }", encoding="utf-8"
    )
    (src / "shop" / "css" / "base.css").write_text(".b{color:red}", encoding="utf-8")
    for name in ("logo.png", "bg.png", "dot.png", "unused.png"):
        (src / "shop" / "img" / name).write_bytes(b"\x89PNG fake")
    (src / "_partial.html").write_text("<p>{{ footer }}</p>", encoding="utf-8")
    (src / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(b"x")
    return src


def test_files_keep_their_paths_under_their_kind_of_folder(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws")
    done = import_folder(ws, folder(tmp_path))
    places = {f.source: (f.role, f.target, f.status) for f in done.files}
    assert places["shop/order.liquid"] == ("email", "emails/shop/order.html", "copied")
    assert places["shop/order.txt"] == ("text", "emails/shop/order.txt", "copied")
    assert places["_partial.html"] == ("snippet", "snippets/_partial.html", "copied")
    assert places["shop/css/email.css"][:2] == ("asset", "assets/shop/css/email.css")
    # what the stylesheet refers to comes along, keeping its place relative to it
    assert places["shop/css/base.css"][:2] == ("asset", "assets/shop/css/base.css")
    assert places["shop/img/dot.png"][:2] == ("asset", "assets/shop/img/dot.png")
    assert {"shop/img/logo.png", "shop/img/bg.png"} <= set(places)
    assert done.ignored == ["README.md", "shop/img/unused.png"]
    for f in done.files:
        assert ws.path(f.target).is_file()


def test_references_are_rewritten_and_liquid_is_untouched(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws")
    done = import_folder(ws, folder(tmp_path))
    text = (ws.root / "emails" / "shop" / "order.html").read_text(encoding="utf-8")
    assert tokens(text) == tokens(LIQUID_EMAIL)  # every token, byte for byte, in order
    assert text.replace("../../assets/shop/", "") == LIQUID_EMAIL  # nothing else changed
    assert 'href="../../assets/shop/css/email.css?v=2"' in text
    assert 'src="../../assets/shop/img/logo.png"' in text
    assert 'background="../../assets/shop/img/bg.png"' in text
    assert "url('../../assets/shop/img/bg.png')" in text
    assert "url(../../assets/shop/img/bg.png)" in text
    # template-made, remote and unresolvable references are left exactly as written
    for kept in (
        'href="{{ shop.css_url }}"',
        'src="img/{{ item.sku }}.png"',
        'href="https://fonts.example/css?family=Open+Sans"',
        'src="../../outside.png"',
        'src="img/missing.png"',
    ):
        assert kept in text
    email = next(f for f in done.files if f.role == "email")
    assert any("outside the imported folder" in p for p in email.problems)
    assert any("img/missing.png" in p and "not found" in p for p in email.problems)
    assert any('now "../../assets/shop/css/email.css?v=2"' in c for c in email.changes)
    assert any("named order.html" in c for c in email.changes)


def test_nothing_is_overwritten_and_a_second_import_changes_nothing(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws")
    src = folder(tmp_path)
    import_folder(ws, src)
    again = import_folder(ws, src)
    assert {f.status for f in again.files} == {"unchanged"}
    (src / "_partial.html").write_text("<p>changed</p>", encoding="utf-8")
    third = import_folder(ws, src)
    partial = next(f for f in third.files if f.role == "snippet")
    assert partial.status == "skipped" and "not overwritten" in partial.problems[0]
    assert (ws.root / "snippets" / "_partial.html").read_text() == "<p>{{ footer }}</p>"


def test_into_and_as_is(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws")
    (ws.root / "emails" / "legacy").mkdir()
    done = import_folder(ws, folder(tmp_path), into="legacy", as_is=True, restyling=RESTYLING)
    email = done.emails[0]
    assert email.target == "emails/legacy/shop/order.html"
    side = json.loads((ws.root / "emails" / "legacy" / "shop" / "order.json").read_text())
    assert side == {"transformers": {n: {"enabled": False} for n in RESTYLING}}
    assert "url-params" not in RESTYLING and "inline-css" in RESTYLING
    text = ws.path(email.target).read_text(encoding="utf-8")
    assert 'src="../../../assets/legacy/shop/img/logo.png"' in text
    with pytest.raises(WorkspaceError, match="inside the workspace"):
        import_folder(ws, folder(tmp_path / "again"), into="../x")


def test_mjml_partials_and_includes(tmp_path: Path) -> None:
    src = tmp_path / "mj"
    (src / "parts").mkdir(parents=True)
    (src / "news.mjml").write_text(
        '<mjml><mj-body><mj-include path="parts/header.mjml" />'
        "<mj-section><mj-column><mj-text>Hi {{ name }}</mj-text></mj-column></mj-section>"
        "</mj-body></mjml>",
        encoding="utf-8",
    )
    (src / "parts" / "header.mjml").write_text(
        '<mj-section><mj-column><mj-image src="../logo.png" /></mj-column></mj-section>',
        encoding="utf-8",
    )
    (src / "logo.png").write_bytes(b"png")
    ws = Workspace.create(tmp_path / "ws")
    done = import_folder(ws, src)
    places = {f.source: f.target for f in done.files}
    assert places == {
        "news.mjml": "emails/news.mjml",
        "parts/header.mjml": "snippets/parts/header.mjml",
        "logo.png": "assets/logo.png",
    }
    news = (ws.root / "emails" / "news.mjml").read_text()
    assert 'mj-include path="../snippets/parts/header.mjml"' in news and "{{ name }}" in news
    header = (ws.root / "snippets" / "parts" / "header.mjml").read_text()
    assert 'src="../../assets/logo.png"' in header


def test_an_html_file_an_mjml_email_includes_is_a_partial(tmp_path: Path) -> None:
    src = tmp_path / "mj"
    src.mkdir()
    (src / "news.mjml").write_text(
        '<mjml><mj-body><mj-include path="footer.html" type="html" /></mj-body></mjml>'
    )
    (src / "footer.html").write_text("<p>{{ footer }}</p>")
    (src / "letter.html").write_text("<p>{{ name }}</p>")
    done = import_folder(Workspace.create(tmp_path / "ws"), src)
    assert {f.source: f.target for f in done.files} == {
        "news.mjml": "emails/news.mjml",
        "footer.html": "snippets/footer.html",
        "letter.html": "emails/letter.html",
    }


def test_an_include_named_without_its_suffix_is_found(tmp_path: Path) -> None:
    src = tmp_path / "mj"
    (src / "parts").mkdir(parents=True)
    (src / "news.mjml").write_text(
        '<mjml><mj-body><mj-include path="./parts/head" /></mj-body></mjml>'
    )
    (src / "parts" / "head.mjml").write_text("<mj-section></mj-section>")
    ws = Workspace.create(tmp_path / "ws")
    done = import_folder(ws, src)
    assert not done.files[0].problems
    assert 'path="../snippets/parts/head.mjml"' in (ws.root / "emails" / "news.mjml").read_text()


def test_an_unreadable_file_is_skipped_and_said(tmp_path: Path) -> None:
    import os

    src = tmp_path / "old"
    src.mkdir()
    (src / "a.html").write_text("<p>a</p>")
    locked = src / "b.html"
    locked.write_text("<p>b</p>")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who reads any file (root)")
        done = import_folder(Workspace.create(tmp_path / "ws"), src)
    finally:
        locked.chmod(0o644)
    (b,) = [f for f in done.files if f.source == "b.html"]
    assert b.status == "skipped" and "cannot be read" in b.problems[0]
    assert [f.target for f in done.emails] == ["emails/a.html"]


def test_imported_mjml_includes_compile(tmp_path: Path) -> None:
    from compiler import compile_file
    from compiler.project import load_project

    src = tmp_path / "mj"
    (src / "parts").mkdir(parents=True)
    (src / "news.mjml").write_text(
        '<mjml><mj-body><mj-include path="parts/header.mjml" /></mj-body></mjml>'
    )
    (src / "parts" / "header.mjml").write_text(
        "<mj-section><mj-column><mj-text>Header {{ name }}</mj-text></mj-column></mj-section>"
    )
    ws = Workspace.create(tmp_path / "ws")
    import_folder(ws, src)
    result = compile_file(ws.root / "emails" / "news.mjml", project=load_project(ws.root))
    assert not [i for i in result.issues if i.is_error], result.issues
    assert "Header {{ name }}" in result.html


def test_unusable_input(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws")
    with pytest.raises(WorkspaceError, match="no such file"):
        import_folder(ws, tmp_path / "nope")
    with pytest.raises(WorkspaceError, match="already inside the workspace"):
        import_folder(ws, ws.root / "emails")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(WorkspaceError, match="cannot import"):
        import_folder(ws, pdf)
    latin = tmp_path / "one" / "old.html"
    latin.parent.mkdir()
    latin.write_bytes("<p>Caf\xe9 {{ x }}</p>".encode("cp1252"))
    done = import_folder(ws, latin)
    assert [f.target for f in done.files] == ["emails/old.html"]
    assert "Windows-1252" in done.files[0].changes[0]
    assert (ws.root / "emails" / "old.html").read_text(encoding="utf-8") == "<p>Café {{ x }}</p>"


def test_a_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    src = tmp_path / "old"
    src.mkdir()
    secret = tmp_path / "secret.html"
    secret.write_text("<p>secret</p>")
    (src / "a.html").write_text('<img src="b.png" alt="">')
    (src / "b.png").symlink_to(tmp_path / "secret.html")
    (src / "c.html").symlink_to(secret)
    ws = Workspace.create(tmp_path / "ws")
    done = import_folder(ws, src)
    assert [f.target for f in done.files] == ["emails/a.html"]
    assert "outside the imported folder" in done.files[0].problems[0]
    assert not (ws.root / "emails" / "c.html").exists()


@requires_corpus
def test_every_corpus_folder_imports_with_its_template_tokens_intact(tmp_path: Path) -> None:
    """Every corpus template lands in the workspace with the same tokens, byte for byte;
    the only edits are references to the files that came along."""
    for source in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        ws = Workspace.create(tmp_path / source.name)
        done = import_folder(ws, source)
        by_source = {f.source: f for f in done.files}
        for path in corpus_files(".html", ".htm", ".liquid", ".hbs", ".mjml"):
            if source not in path.parents:
                continue
            entry = by_source[path.relative_to(source).as_posix()]
            assert entry.status == "copied"
            before = path.read_text(encoding="utf-8")
            after = ws.path(entry.target).read_text(encoding="utf-8")
            assert tokens(after) == tokens(before), path
            if not any(" now " in c for c in entry.changes):
                assert after == before.removeprefix("\ufeff"), path
