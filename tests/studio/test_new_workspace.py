"""A new workspace from a starter: its files, its git repository, and that it builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compiler.liquid.data import default_profile_path
from compiler.project import load_project
from studio.cli import main
from studio.new_workspace import Starter, create_workspace, starters
from studio.workspace import WorkspaceError

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_starters_list_the_bundled_emails_blank_first() -> None:
    found = starters()
    assert found, "no starters in resources/"
    assert found[0].label == "Blank email"
    assert {s.path.suffix for s in found} >= {".html", ".mjml"}


def test_starters_include_workspace_folders(tmp_path: Path) -> None:
    (tmp_path / "newsletter" / "emails").mkdir(parents=True)
    (tmp_path / "promo.html").write_text("<x-base></x-base>\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a starter", encoding="utf-8")
    labels = [(s.label, s.is_workspace) for s in starters((tmp_path,))]
    assert labels == [("Newsletter", True), ("Promo", False)]


@pytest.mark.parametrize("suffix", [".html", ".mjml"])
def test_new_workspace_has_every_file_and_builds(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    starter = next(s for s in starters() if s.path.suffix == suffix)
    root = create_workspace(tmp_path / "Acme news", starter=starter, git=False)
    assert root == (tmp_path / "Acme news").resolve()
    for rel in (
        "mailwright.toml",
        "styles.json",
        "data/profiles/default.json",
        ".gitignore",
        f"emails/welcome{suffix}",
        "components",
        "templates",
        "assets",
    ):
        assert (root / rel).exists(), rel
    assert not (root / ".git").exists()
    assert (root / f"emails/welcome{suffix}").read_bytes() == starter.path.read_bytes()
    project = load_project(root)
    assert project.settings["name"] == "Acme news"
    assert default_profile_path(project) == root / "data" / "profiles" / "default.json"
    assert json.loads((root / "styles.json").read_text(encoding="utf-8"))
    assert ".mailwright/" in (root / ".gitignore").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(root)]) == 0, capsys.readouterr()
    assert (root / "dist" / "welcome.html").is_file()


@needs_git
def test_new_workspace_is_a_git_repository(tmp_path: Path) -> None:
    root = create_workspace(tmp_path / "ws", name="Team")
    assert (root / ".git").is_dir()


def test_workspace_starter_is_copied_and_completed(tmp_path: Path) -> None:
    source = tmp_path / "starter"
    (source / "emails").mkdir(parents=True)
    (source / "emails" / "launch.html").write_text("<x-base></x-base>\n", encoding="utf-8")
    (source / ".mailwright").mkdir()
    root = create_workspace(tmp_path / "ws", starter=Starter("Launch", source), git=False)
    assert (root / "emails" / "launch.html").is_file()
    assert not (root / "emails" / "welcome.html").exists()
    assert not (root / ".mailwright").exists()
    assert (root / "styles.json").is_file() and (root / "mailwright.toml").is_file()


def test_a_folder_with_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="new or empty folder"):
        create_workspace(tmp_path / "ws")
    assert (tmp_path / "ws" / "keep.txt").read_text(encoding="utf-8") == "mine"
