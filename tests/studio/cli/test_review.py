"""``mailwright review``: two pinned comments on the demo's spring email travel through
git (committed, cloned, read in the clone), resolve and reopen, outdated pins."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from studio.cli import main
from tests.conftest import DEMO

SPRING = "emails/marketing/spring-collection.html"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git (Debian: git)")


def git(cwd: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Ana",
        "GIT_AUTHOR_EMAIL": "ana@test",
        "GIT_COMMITTER_NAME": "Ana",
        "GIT_COMMITTER_EMAIL": "ana@test",
        "HOME": str(cwd),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def listed(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    """The review list's JSON, read as its readers read it."""
    capsys.readouterr()
    assert main(["review", str(path), "list", "--format", "json", *extra]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_two_pinned_comments_travel_through_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = tmp_path / "origin"
    shutil.copytree(DEMO, origin, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "demo")
    email = origin / SPRING
    assert (
        main(
            [
                "review",
                str(email),
                "add",
                "-m",
                "Hero is too dark on phones",
                "--line",
                "17",
                "--device",
                "mobile",
                "--scheme",
                "dark",
                "--author",
                "Ana",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "review",
                str(email),
                "add",
                "-m",
                "Say which Sunday",
                "--line",
                "23",
                "--author",
                "Ben",
            ]
        )
        == 0
    )
    assert "Added comment" in capsys.readouterr().out
    git(origin, "add", "reviews")
    git(origin, "commit", "-qm", "review round 1")
    files = git(origin, "ls-files", "reviews").split()
    assert len(files) == 2 and all(
        f.startswith("reviews/marketing/spring-collection/") for f in files
    )

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    data = listed(clone / SPRING, capsys)
    comments = data["comments"]
    assert isinstance(comments, list)
    assert [
        (c["author"], c["text"], c["device"], c["scheme"], c["state"], c["line"]) for c in comments
    ] == [
        ("Ana", "Hero is too dark on phones", "mobile", "dark", "current", 17),
        ("Ben", "Say which Sunday", "desktop", "light", "current", 23),
    ]
    assert comments[0]["anchor"]["tag"] == "x-image"
    assert comments[1]["anchor"]["tag"] == "x-paragraph"
    # the node is the compiled HTML's data-mw-node mark: the preview pins it there
    from compiler import compile_file
    from compiler.project import load_project

    result = compile_file(clone / SPRING, project=load_project(clone))
    assert f'data-mw-node="{comments[0]["node"]}"' in result.marked_html

    # resolved in the clone, pushed back: the origin sees it resolved
    assert main(["review", str(clone / SPRING), "resolve", "1", "--author", "Ben"]) == 0
    git(clone, "commit", "-qam", "resolved")
    git(clone, "push", "-q", "origin", "HEAD:refs/heads/resolved")
    git(origin, "merge", "-q", "--ff-only", "resolved")
    data = listed(email, capsys, "--open")
    assert [c["text"] for c in data["comments"]] == ["Say which Sunday"]
    assert main(["review", str(email), "reopen", "1"]) == 0
    assert len(listed(email, capsys, "--open")["comments"]) == 2
    assert main(["review", str(email), "delete", "2"]) == 0
    assert [c["text"] for c in listed(email, capsys)["comments"]] == ["Hero is too dark on phones"]


def test_a_pin_whose_element_is_gone_is_listed_as_outdated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    email = ws / SPRING
    assert main(["review", str(email), "add", "-m", "Crop the hero", "--line", "17"]) == 0
    lines = email.read_text("utf-8").split("\n")
    assert "<x-image" in lines[16]
    email.write_text("\n".join(lines[:16] + lines[17:]), "utf-8")
    capsys.readouterr()
    assert main(["review", str(email)]) == 0
    out = capsys.readouterr().out
    assert "1 comment, 1 open" in out and "outdated (was <x-image> at line 17)" in out
    assert "Crop the hero" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "-m", "x", "--line", "9999"], "--line 9999: no element"),
        (["add", "-m", "x", "--line", "a"], "give LINE or LINE:COLUMN"),
        (["add", "-m", " "], "needs some text"),
        (["resolve"], "needs the comment"),
        (["resolve", "zzz"], "no comment 'zzz'"),
    ],
)
def test_bad_input_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    assert main(["review", str(ws / SPRING), *args]) == 2
    assert says in capsys.readouterr().err


def test_a_review_bundle_needs_a_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.html").write_text("<p>Hi</p>\n", "utf-8")
    assert main(["export", str(tmp_path / "a.html"), "--format", "review"]) == 2
    assert "a review bundle needs the email's workspace" in capsys.readouterr().err


def test_review_rounds_are_named_versions_and_comments_belong_to_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    email = ws / SPRING
    assert main(["review", str(email), "add", "-m", "Before any round"]) == 0
    assert main(["review", str(email), "round", "Round 1", "-m", "hero and prices"]) == 0
    out = capsys.readouterr().out
    assert (
        "Started review round “Round 1” of emails/marketing/spring-collection.html "
        "(version 1 in the history)" in out
    )
    assert main(["review", str(email), "add", "-m", "In round one", "--line", "17"]) == 0
    assert main(["review", str(email), "round", "Round 1"]) == 2  # names are unique
    assert "already a review round named 'Round 1'" in capsys.readouterr().err
    data = listed(email, capsys)
    assert [r["name"] for r in data["rounds"]] == ["Round 1"]
    assert [c["round"] for c in data["comments"]] == ["", "Round 1"]
    capsys.readouterr()
    assert main(["history", str(email), "list"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert " review " in line and line.endswith("“Review: Round 1” — hero and prices")
