"""``mailwright new FOLDER --starter NAME``: the first-launch "New workspace" in a shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli import main


def test_list_names_every_starter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--list"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert names[0] == "blank-email"
    assert {"newsletter", "receipt", "blank-email-mjml"} <= set(names)


@pytest.mark.parametrize("starter", ["newsletter", "Newsletter", "receipt", "blank-email-mjml"])
def test_new_workspace_from_a_starter_builds(
    tmp_path: Path, starter: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brand"
    assert main(["new", str(folder), "--starter", starter, "--no-git"]) == 0
    out = capsys.readouterr().out
    assert f"created workspace {folder.resolve()}" in out
    for name in ("mailwright.toml", "styles.json", "data/profiles/default.json", ".gitignore"):
        assert (folder / name).is_file(), name
    (email,) = [p for p in (folder / "emails").rglob("*") if p.is_file()]
    assert email.relative_to(folder).as_posix() in out
    assert main(["build", str(folder)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_the_newsletter_starter_is_the_one_copied(tmp_path: Path) -> None:
    from studio.new_workspace import starters

    (newsletter,) = [s for s in starters() if s.label == "Newsletter"]
    assert main(["new", str(tmp_path / "ws"), "--starter", "newsletter", "--no-git"]) == 0
    (email,) = [p for p in (tmp_path / "ws" / "emails").rglob("*") if p.is_file()]
    assert email.read_bytes() == newsletter.path.read_bytes()


def test_unknown_starter_lists_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "ws"), "--starter", "invoice"]) == 2
    err = capsys.readouterr().err
    assert "--starter invoice: no such starter" in err and "newsletter" in err
    assert "Traceback" not in err
    assert not (tmp_path / "ws").exists()


def test_a_folder_with_files_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    assert main(["new", str(folder)]) == 2
    assert "choose a new or empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "keep me"


def test_no_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new"]) == 2
    assert "name the folder" in capsys.readouterr().err
