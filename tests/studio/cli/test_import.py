"""``mailwright import SOURCE WORKSPACE``: existing emails brought into a workspace, with a
report of what the import and the build change, on real third-party emails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.transformers import RESTYLING
from studio.cli import main
from tests.conftest import CORPUS, requires_corpus

SHOPIFY = CORPUS / "illarionvk-shopify-email-templates"
NARRATIVE = CORPUS / "sendwithus-templates" / "templates" / "narrative"


@requires_corpus
def test_a_liquid_folder_with_linked_stylesheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "shop"
    assert main(["import", str(SHOPIFY), str(ws)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"created {ws}: imported 22 emails, 2 snippets, 2 assets")
    assert "not imported (not an email, and no email refers to it): LICENSE.txt" in out
    assert "✓ snippets/_layout.html  ← _layout.html" in out
    assert 'import: href="_ink.css" now "../assets/_ink.css"' in out
    assert "import: named order-confirmation.html" in out
    assert (ws / "assets" / "_ink.css").read_bytes() == (SHOPIFY / "_ink.css").read_bytes()
    assert (ws / "mailwright.toml").is_file()
    # the workspace builds, every transformer on, without an error
    assert main(["build", str(ws), "--enable", "all", "--disable", "mjml"]) == 0


@requires_corpus
def test_the_report_says_what_the_build_changes_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    assert main(["import", str(NARRATIVE), str(ws), "--enable", "all", "--disable", "mjml"]) == 0
    out = capsys.readouterr().out
    block = out.split("✓ emails/confirm.html  ← confirm.html\n", 1)[1].split("\n✓ ", 1)[0]
    assert "build: inline-css " in block and "Move embedded CSS into style attributes." in block
    assert "build: css-cleanup " in block
    # the upstream <h4>Awesome Co<h4> is a warning with its place, not a failed build
    assert (
        f"{ws}/emails/confirm.html:312:45: warning: <h4> opened here is closed implicitly" in block
    )
    assert "9 email(s) imported: 0 error(s)" in out


@requires_corpus
def test_as_is_ships_the_emails_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    (ws / "emails").mkdir(parents=True)
    (ws / "mailwright.toml").write_text(
        'name = "Brand"\n[transformers]\ninline-css = true\ncss-cleanup = true\nformat = true\n'
    )
    assert main(["import", str(NARRATIVE), str(ws), "--into", "narrative", "--as-is"]) == 0
    out = capsys.readouterr().out
    assert out.count("build: ships as written (no transformer changes it)") == 9
    assert f"turns off {', '.join(RESTYLING)}" in out
    side = json.loads((ws / "emails" / "narrative" / "confirm.json").read_text())
    assert side["transformers"]["inline-css"] == {"enabled": False}
    assert main(["build", str(ws), "-o", str(tmp_path / "out")]) == 0
    built = (tmp_path / "out" / "narrative" / "confirm.html").read_text(encoding="utf-8")
    assert built == (NARRATIVE / "confirm.html").read_text(encoding="utf-8")


@requires_corpus
def test_json_report_of_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One file is imported with what it refers to (its folder is the file's own)."""
    assert (
        main(["import", str(SHOPIFY / "_layout.html"), str(tmp_path / "ws"), "--format", "json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["created"] is True and data["ignored"] == []
    assert [(f["role"], f["target"]) for f in data["files"]] == [
        ("snippet", "snippets/_layout.html"),
        ("asset", "assets/_ink.css"),
        ("asset", "assets/custom.css"),
    ]
    assert (
        main(
            [
                "import",
                str(SHOPIFY / "output" / "order-confirmation.html"),
                str(tmp_path / "ws"),
                "--format",
                "json",
                "--enable",
                "css-cleanup",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    (email,) = data["files"]
    assert email["target"] == "emails/order-confirmation.html" and email["status"] == "copied"
    (step,) = email["build"]
    assert step["transformer"] == "css-cleanup" and step["after"] < step["before"]
    assert step["why"] == "Remove unused CSS classes and ids."
    assert all(i["severity"] != "error" for i in email["issues"])


def test_unusable_input_and_skipped_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "old"
    src.mkdir()
    (src / "a.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    assert main(["import", str(tmp_path / "nope"), str(tmp_path / "ws")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("x")
    assert main(["import", str(src), str(busy)]) == 2
    assert "not a workspace" in capsys.readouterr().err
    ws = tmp_path / "ws"
    assert main(["import", str(src), str(ws)]) == 0
    (src / "a.html").write_text("<p>{{ other }}</p>", encoding="utf-8")
    assert main(["import", str(src), str(ws)]) == 1
    out = capsys.readouterr().out
    assert "✗ emails/a.html  ← a.html  (skipped)" in out and "not overwritten" in out
    assert (ws / "emails" / "a.html").read_text() == "<p>{{ name }}</p>"
    assert main(["import", str(src), str(ws), "--set", "nope.x=1"]) == 2
