"""A workspace from anywhere reads nothing outside itself.

Probes: settings naming files outside (``[data] default = "../x.json"``, an
absolute path, ``[smtp] ca_file``), symbolic links from ``snippets/`` and
``emails/`` to files outside, and a symlinked email's output path. Each is
refused with a message naming the file (and, for a setting, its line); the
secret outside is never in any output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.liquid.data import default_profile_path
from compiler.liquid.render import Renderer
from compiler.pipeline import compile_file
from compiler.project import ProjectError, load_project
from studio.cli import main
from studio.send import FailureKind, SendError, SmtpSettings

SECRET = "TOP-SECRET-4242"
EMAIL = (
    "<x-base>\n  <x-section>\n    <x-paragraph>Hi {{ snippets.pw }}</x-paragraph>\n"
    "  </x-section>\n</x-base>\n"
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace with files a workspace must not read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "profile.json").write_text(json.dumps({"id": SECRET}), encoding="utf-8")
    (folder / "email.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    return folder


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "emails").mkdir(parents=True)
    (root / "mailwright.toml").write_text('name = "hostile"\n', encoding="utf-8")
    (root / "emails" / "hi.html").write_text(EMAIL, encoding="utf-8")
    return root


@pytest.mark.parametrize("value", ["../outside/profile.json", "{outside}/profile.json"])
def test_data_default_outside_is_refused_at_its_line(
    ws: Path, outside: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    setting = value.format(outside=outside)
    (ws / "mailwright.toml").write_text(
        f'name = "hostile"\n\n[data]\ndefault = "{setting}"\n', encoding="utf-8"
    )
    project = load_project(ws)
    with pytest.raises(ProjectError) as err:
        default_profile_path(project)
    assert (err.value.line, err.value.column) == (4, 11)
    assert "outside the workspace" in str(err.value)
    assert main(["render", str(ws / "emails" / "hi.html")]) == 2
    shown = capsys.readouterr()
    assert SECRET not in shown.out + shown.err
    assert "mailwright.toml:4:11" in shown.err and "outside the workspace" in shown.err


def test_ca_file_outside_is_refused_at_its_line(ws: Path, outside: Path) -> None:
    (ws / "mailwright.toml").write_text(
        'name = "hostile"\n[smtp]\nhost = "127.0.0.1"\nca_file = "../outside/secret.txt"\n',
        encoding="utf-8",
    )
    with pytest.raises(SendError) as err:
        SmtpSettings.from_settings(load_project(ws).settings, root=ws)
    assert err.value.kind is FailureKind.SETTINGS
    assert str(err.value).startswith("mailwright.toml:4:11: [smtp] ca_file")
    inside = SmtpSettings.from_settings({"smtp": {"ca_file": "certs/ca.pem"}}, root=ws)
    assert inside.ca_file == str((ws / "certs" / "ca.pem").resolve())


def test_a_snippet_linked_outside_is_not_read(ws: Path, outside: Path) -> None:
    (ws / "snippets").mkdir()
    (ws / "snippets" / "pw.txt").symlink_to(outside / "secret.txt")
    (ws / "snippets" / "ok.txt").write_text("fine", encoding="utf-8")
    project = load_project(ws)
    result = compile_file(ws / "emails" / "hi.html", project=project)
    rendered = Renderer(project).render(result, {"id": "p"})
    assert SECRET not in rendered.html
    issues = Renderer(project).snippets.issues
    problems = [i for i in issues if "outside the workspace" in i.message]
    assert [Path(i.file).name for i in problems] == ["pw.txt"]


def test_an_email_linked_outside_is_refused(
    ws: Path, outside: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ws / "emails" / "leak.html").symlink_to(outside / "email.html")
    result = compile_file(ws / "emails" / "leak.html", project=load_project(ws))
    assert [i.rule for i in result.issues] == ["input/outside-workspace"]
    assert main(["build", str(ws), "-o", str(tmp_path / "out")]) == 2
    shown = capsys.readouterr()
    assert "outside the workspace" in shown.out + shown.err
    assert not (tmp_path / "out" / "leak.html").exists()
    assert SECRET not in "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))


def test_a_symlinked_email_is_built_where_the_link_is(ws: Path, tmp_path: Path) -> None:
    (ws / "emails" / "shared").mkdir()
    (ws / "templates").mkdir()
    (ws / "templates" / "base.html").write_text(
        EMAIL.replace("{{ snippets.pw }}", "there"), encoding="utf-8"
    )
    (ws / "emails" / "shared" / "promo.html").symlink_to(ws / "templates" / "base.html")
    out = tmp_path / "out"
    assert main(["build", str(ws), "-o", str(out)]) == 0
    assert (out / "shared" / "promo.html").is_file()
    assert not (out / "templates").exists() and not (out / "base.html").exists()
    single = tmp_path / "single"
    assert main(["build", str(ws / "emails" / "shared" / "promo.html"), "-o", str(single)]) == 0
    assert (single / "shared" / "promo.html").is_file()


def test_a_component_linked_outside_is_neither_loaded_nor_searched(ws: Path, outside: Path) -> None:
    from components.custom.library import load_library
    from components.custom.workspace_ops import find_references

    (outside / "card.html").write_text(
        f"<template><p>{SECRET}</p><x-thing></x-thing></template>", encoding="utf-8"
    )
    (ws / "components").mkdir()
    (ws / "components" / "card.html").symlink_to(outside / "card.html")
    assert not load_library(ws).has("card")
    assert find_references(ws, "x-thing") == []


def test_a_default_profile_name_too_long_for_the_disk_is_a_located_refusal(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ws / "mailwright.toml").write_text(
        f'name = "hostile"\n\n[data]\ndefault = "{"a" * 5000}"\n', encoding="utf-8"
    )  # found by the workspace fuzzer
    assert main(["check", str(ws)]) in (0, 1)  # check goes on without a sample profile
    shown = capsys.readouterr()
    assert 'mailwright.toml:4:11: [data] default = "aaa' in shown.err
    assert "names no file in data/profiles/" in shown.err and "Traceback" not in shown.err
    assert main(["render", str(ws / "emails" / "hi.html")]) == 2
    assert "mailwright.toml:4:11" in capsys.readouterr().err
