"""``mailwright doctor``: versions, dated bundled data, tools found, what is missing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from studio.cli import doctor, main
from studio.render.axe import axe_version


def test_report_names_engine_data_and_tools(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    for text in (
        "Engine",
        "python-liquid",
        "quickjs-ng",
        "Bundled data",
        "caniemail support data  updated 2026-",
        "axe-core",
        "System tools",
        "SpamAssassin",
        "Chromium",
        "chromedriver",
    ):
        assert text in out


def test_axe_release_record_matches_the_vendored_file() -> None:
    release = json.loads(doctor.AXE_RELEASE.read_text(encoding="utf-8"))
    assert release["version"] == axe_version()
    assert dt.date.fromisoformat(release["released"])


def test_old_data_says_to_update() -> None:
    lines = doctor.data_lines(today=dt.date(2031, 1, 1))
    assert all("consider updating" in line.detail for line in lines)
    fresh = doctor.data_lines(today=dt.date(2026, 12, 1))
    assert not any("consider updating" in line.detail for line in fresh)


def test_missing_pieces_say_what_needs_them_and_how_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(doctor, "find_tool", lambda _tool: None)
    monkeypatch.setattr(doctor, "qt_missing", lambda: "no Qt")
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["doctor", "--format", "json"]) == 0
    items = {x["name"]: x for x in json.loads(capsys.readouterr().out)["items"]}
    assert items["SpamAssassin"] == {
        **items["SpamAssassin"],
        "found": False,
        "needed_for": "check --spam (SpamAssassin score)",
    }
    assert "apt-get install spamassassin" in items["SpamAssassin"]["install"]
    assert "apt-get install chromium-driver" in items["chromedriver"]["install"]
    assert items["Qt WebEngine"]["install"] == "pip install 'mailwright[studio]'"
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "Missing (the rest works without it):" in out
    assert "git: needed for new workspaces as git repositories" in out
