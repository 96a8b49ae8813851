"""``mailwright history``: list, show, diff, restore, save, prune on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.history import History

V1 = "---\nsubject: One\n---\n<p>{{ customer.first_name }}</p>\n"
V2 = "---\nsubject: Two\n---\n<p>{{ customer.first_name }}</p>\n<p>more</p>\n"


@pytest.fixture()
def email(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text(
        "[history]\nkeep_last = 2\nkeep_days = 0\n", encoding="utf-8"
    )
    (tmp_path / "emails").mkdir()
    path = tmp_path / "emails" / "a.html"
    path.write_text(V1, encoding="utf-8")
    return path


def test_save_list_show_diff_restore(email: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(email)
    assert main(["history", f]) == 0
    assert "emails/a.html: no versions yet" in capsys.readouterr().out
    assert main(["history", f, "save", "--name", "First", "-m", "draft"]) == 0
    assert capsys.readouterr().out == "Saved emails/a.html as version 1\n"
    assert main(["history", f, "save"]) == 0
    assert "nothing changed since version 1; no version saved" in capsys.readouterr().out
    email.write_text(V2, encoding="utf-8")
    assert main(["history", f, "save"]) == 0
    capsys.readouterr()
    assert main(["history", f, "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "emails/a.html — 2 versions"
    assert lines[1].split()[0] == "2" and "manual" in lines[1]
    assert lines[2].split()[0] == "1" and lines[2].endswith("“First” — draft")
    assert main(["history", f, "list", "--format", "json", "--named"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [v["number"] for v in data["versions"]] == [1]
    assert data["versions"][0]["envelope"] == {"subject": "One"}
    assert main(["history", f, "show", "1"]) == 0
    assert capsys.readouterr().out == V1
    assert main(["history", f, "diff", "1", "2"]) == 0
    diff = capsys.readouterr().out.splitlines()
    assert "-subject: One" in diff and "+subject: Two" in diff and "+<p>more</p>" in diff
    assert main(["history", f, "diff", "2"]) == 0  # its predecessor to it
    assert "+<p>more</p>" in capsys.readouterr().out.splitlines()
    email.write_text(V2 + "<p>unsaved work</p>\n", encoding="utf-8")
    assert main(["history", f, "diff", "2", "current"]) == 0
    assert "+<p>unsaved work</p>" in capsys.readouterr().out.splitlines()
    assert main(["history", f, "restore", "1"]) == 0
    assert capsys.readouterr().out == (
        "Restored version 1 of emails/a.html (the current text "
        "was kept as version 3); it is now version 4\n"
    )
    assert email.read_text(encoding="utf-8") == V1
    with History(email.parent.parent) as h:
        assert h.get(email, 3).text == V2 + "<p>unsaved work</p>\n"


def test_prune_uses_the_workspace_policy(email: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with History(email.parent.parent, author="t") as h:
        h.policy = type(h.policy)(keep_last=100, keep_days=0)
        for i in range(5):
            h.record(email, f"<p>{i}</p>", name="Named" if i == 0 else "")
    assert main(["history", str(email), "prune"]) == 0
    assert "deleted 2 old versions" in capsys.readouterr().out
    with History(email.parent.parent) as h:
        assert [v.number for v in h.versions(email)] == [5, 4, 1]


def test_usage_errors(email: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(email)
    assert main(["history", f, "show", "3"]) == 2
    assert "emails/a.html: no version 3 (it has no versions yet)" in capsys.readouterr().err
    assert main(["history", f, "show"]) == 2
    assert "history show takes 1 version number, got 0" in capsys.readouterr().err
    assert main(["history", f, "diff", "x"]) == 2
    assert "'x' is not a version number" in capsys.readouterr().err
    loose = tmp_path.parent / f"{tmp_path.name}-loose.html"
    loose.write_text("<p>x</p>", encoding="utf-8")
    try:
        assert main(["history", str(loose)]) == 2
        assert "not in a workspace" in capsys.readouterr().err
    finally:
        loose.unlink()
    (email.parent.parent / "mailwright.toml").write_text(
        "[history]\nkeep_last = 0\n", encoding="utf-8"
    )
    assert main(["history", f]) == 2
    assert "keep_last = 0: must be a whole number of at least 1" in capsys.readouterr().err


def test_a_damaged_database_exits_1_and_is_moved_aside(
    email: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = email.parent.parent / ".mailwright"
    state.mkdir()
    (state / "history.sqlite").write_bytes(b"\x00garbage" * 1000)
    assert main(["history", str(email)]) == 1
    assert "the version history is damaged" in capsys.readouterr().err
    assert list(state.glob("history.sqlite.corrupt-*"))
    assert main(["history", str(email), "save"]) == 0
    assert "as version 1" in capsys.readouterr().out


def test_versions_keep_the_bytes_crlf_and_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mailwright.toml").write_text('name = "crlf"\n', encoding="utf-8")
    (tmp_path / "emails").mkdir()
    email = tmp_path / "emails" / "crlf.html"
    first = b"\xef\xbb\xbf---\r\nsubject: Hi\r\n---\r\n<p>One</p>\r\n"
    second = b"\xef\xbb\xbf---\r\nsubject: Hi\r\n---\r\n<p>Two</p>\r\n"
    email.write_bytes(first)
    assert main(["history", str(email), "save"]) == 0
    email.write_bytes(second)  # changed outside the studio, never recorded
    assert main(["history", str(email), "restore", "1"]) == 0
    assert email.read_bytes() == first
    history = History(email.parent.parent)
    kept = [v for v in history.versions(email) if v.kind == "save"]
    assert [history.get(email, v.number).text for v in kept] == [second.decode()]
    assert history.get(email, 1).text == first.decode()
    history.close()
    capsys.readouterr()
    assert main(["history", str(email), "diff", "1", "current"]) == 0
    assert capsys.readouterr().out == ""  # the restored file equals version 1, byte for byte
