"""``mailwright render``: one email, one profile, HTML and text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text(
        '[data]\ndefault = "alex"\n[localization]\nattribute = "customer.lang"\n', encoding="utf-8"
    )
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hi.html").write_text(
        "---\nsubject: Hi {{ customer.first_name }}\n---\n"
        '<p>Hi {{ customer.first_name }}, <a href="{% unsubscribe_url %}">unsubscribe</a></p>\n',
        encoding="utf-8",
    )
    (tmp_path / "emails" / "hi.es.html").write_text(
        "<p>Hola {{ customer.first_name }}</p>\n", encoding="utf-8"
    )
    profiles = tmp_path / "data" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "alex.json").write_text(
        json.dumps({"id": "alex", "customer": {"first_name": "Alex"}}), encoding="utf-8"
    )
    (profiles / "eva.json").write_text(
        json.dumps({"id": "eva", "customer": {"first_name": "Eva", "lang": "es"}}), encoding="utf-8"
    )
    (profiles / "nobody.json").write_text(json.dumps({"id": "n"}), encoding="utf-8")
    return tmp_path


def test_default_profile_to_stdout(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(workspace / "emails" / "hi.html")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Subject: Hi Alex\n")
    assert "<p>Hi Alex, " in out and "preview.mailwright.example/unsubscribe/alex" in out


def test_translation_picked_and_written(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "eva.html"
    code = main(
        [
            "render",
            str(workspace / "emails" / "hi.html"),
            "--data",
            str(workspace / "data" / "profiles" / "eva.json"),
            "-o",
            str(target),
        ]
    )
    assert code == 0
    assert "Hola Eva" in target.read_text(encoding="utf-8")
    assert target.with_suffix(".txt").exists()


def test_missing_attribute_exits_1_with_location(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "render",
            str(workspace / "emails" / "hi.html"),
            "--data",
            str(workspace / "data" / "profiles" / "nobody.json"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "hi.html:4:10: error: Variable 'customer.first_name' is missing" in err
    assert "hi.html:2:16: error: Variable 'customer.first_name' is missing (in Subject)" in err
    assert "^" in err


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["emails/nope.html"], "no such email file"),
        (["emails/hi.html", "--data", "missing.json"], "data file not found"),
        (["emails/hi.html", "--data", "bad.json"], "invalid JSON"),
    ],
)
def test_unusable_input_exits_2(
    workspace: Path, capsys: pytest.CaptureFixture[str], args: list[str], expect: str
) -> None:
    (workspace / "bad.json").write_text("{oops", encoding="utf-8")
    argv = ["render"] + [str(workspace / a) if a.endswith((".html", ".json")) else a for a in args]
    assert main(argv) == 2
    assert expect in capsys.readouterr().err
