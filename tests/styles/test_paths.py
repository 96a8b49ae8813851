"""styles.paths: the one listing rule for a workspace's folders."""

from __future__ import annotations

from pathlib import Path

from styles.paths import files_under, inside


def test_links_out_hidden_files_and_other_suffixes_are_left_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.html").write_text("s")
    (outside / "dir" / "x.html").write_text("s")
    root = tmp_path / "ws"
    comp = root / "components"
    (comp / "cards").mkdir(parents=True)
    (comp / ".old").mkdir()
    (comp / "a.html").write_text("a")
    (comp / "cards" / "b.mjml").write_text("b")
    (comp / "notes.txt").write_text("n")
    (comp / ".hidden.html").write_text("h")
    (comp / ".old" / "c.html").write_text("c")
    (comp / "key.html").symlink_to(outside / "secret.html")
    (comp / "linked").symlink_to(outside / "dir")
    (comp / "alias.html").symlink_to(comp / "a.html")
    (comp / "loop.html").symlink_to(comp / "loop.html")
    found = [
        p.relative_to(root).as_posix() for p in files_under(root, "components", (".html", ".mjml"))
    ]
    assert found == ["components/a.html", "components/alias.html", "components/cards/b.mjml"]
    assert [p.name for p in files_under(root, "components")] == [
        "a.html",
        "alias.html",
        "b.mjml",
        "notes.txt",
    ]
    assert files_under(root, "missing") == []


def test_a_linked_folder_itself_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.html").write_text("s")
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "emails").symlink_to(tmp_path / "outside")
    assert files_under(tmp_path / "ws", "emails") == []
    assert not inside(tmp_path / "ws", tmp_path / "ws" / "emails" / "x.html")
    assert inside(tmp_path / "ws", tmp_path / "ws")
