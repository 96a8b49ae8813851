"""The review bundle: the demo's spring email with a comment goes to a reviewer as one ZIP
(report, email, what it needs, comments); the reviewer, without the repository, opens it,
comments and resolves; the designer imports the comments back."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from compiler import compile_file
from compiler.project import load_project
from studio.cli import main

if TYPE_CHECKING:
    from studio.render.engine import QtEngine

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"
SPRING = "emails/marketing/spring-collection.html"


def listed(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["review", str(path), "list", "--format", "json"]) == 0
    comments: list[dict[str, object]] = json.loads(capsys.readouterr().out)["comments"]
    return comments


def test_a_review_round_through_a_bundle(
    tmp_path: Path, engine: QtEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "designer"
    shutil.copytree(DEMO, ws, ignore=shutil.ignore_patterns("dist", ".mailwright"))
    assert (
        main(
            [
                "review",
                str(ws / SPRING),
                "add",
                "-m",
                "Hero too dark?",
                "--line",
                "17",
                "--author",
                "Dana",
            ]
        )
        == 0
    )
    bundle = tmp_path / "spring.review.zip"
    assert main(["export", str(ws / SPRING), "--format", "review", "-o", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        assert zf.read("report.pdf").startswith(b"%PDF-")
        assert (
            "mailwright review emails/marketing/spring-collection.html import"
            in zf.read("REVIEW.txt").decode()
        )
        zf.extractall(tmp_path / "reviewer")
    assert {
        "report.pdf",
        "REVIEW.txt",
        "mailwright.toml",
        "styles.json",
        SPRING,
        "components/fernway-header.html",
        "components/fernway-product-card.html",
        "assets/spring-hero.jpg",
        "assets/spring-hero-night.jpg",
        "data/profiles/maya.json",
    } <= names
    assert "emails/transactional/receipt.html" not in names  # only this email
    assert len([n for n in names if n.startswith("reviews/marketing/spring-collection/")]) == 1

    # the reviewer's copy opens: it compiles as in the workspace, with no error
    reviewer = tmp_path / "reviewer"
    result = compile_file(reviewer / SPRING, project=load_project(reviewer))
    assert not [i for i in result.issues if i.is_error]
    assert (
        main(
            [
                "review",
                str(reviewer / SPRING),
                "add",
                "-m",
                "Price in bold",
                "--line",
                "23",
                "--author",
                "Rita",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "review",
                str(reviewer / SPRING),
                "reply",
                "1",
                "-m",
                "Yes, lighten it",
                "--author",
                "Rita",
            ]
        )
        == 0
    )
    assert main(["review", str(reviewer / SPRING), "resolve", "1", "--author", "Rita"]) == 0

    # back at the designer's: one added, one merged (reply, resolved); again: nothing new
    capsys.readouterr()
    assert main(["review", str(ws / SPRING), "import", str(reviewer)]) == 0
    assert "1 comment added, 1 updated" in capsys.readouterr().out
    comments = listed(ws / SPRING, capsys)
    assert [(c["author"], c["text"], c["status"]) for c in comments] == [
        ("Dana", "Hero too dark?", "resolved"),
        ("Rita", "Price in bold", "open"),
    ]
    assert comments[0]["replies"] == [
        {
            "author": "Rita",
            "created": comments[0]["replies"][0]["created"],  # type: ignore[index]
            "text": "Yes, lighten it",
        }
    ]
    assert main(["review", str(ws / SPRING), "import", str(bundle)]) == 0  # older bundle
    assert "0 comments added, 0 updated" in capsys.readouterr().out
    assert main(["review", str(ws / SPRING), "import", str(tmp_path / "nope.zip")]) == 2
