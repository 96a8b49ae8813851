"""``mailwright send``: a real SMTP server on 127.0.0.1, and the exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from studio.cli import main
from tests.studio.smtp_servers import closed_port, smtp_server

pytestmark = pytest.mark.network


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "mailwright.toml").write_text(
        '[data]\ndefault = "alex"\n[smtp]\nhost = "127.0.0.1"\ntimeout = 5\n'
        'to = ["team@example.com"]\n',
        encoding="utf-8",
    )
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hi.html").write_text(
        "---\nsubject: Hi {{ customer.first_name }}\nfrom: Shop <shop@example.com>\n---\n"
        "<p>Hi {{ customer.first_name }}!</p>\n",
        encoding="utf-8",
    )
    (tmp_path / "emails" / "oops.html").write_text(
        "---\nsubject: Oops\nfrom: shop@example.com\n---\n<p>{{ customer.nope }}</p>\n",
        encoding="utf-8",
    )
    profiles = tmp_path / "data" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "alex.json").write_text(
        json.dumps({"id": "alex", "customer": {"first_name": "Alex"}}), encoding="utf-8"
    )
    (profiles / "bo.json").write_text(
        json.dumps({"id": "bo", "customer": {"first_name": "Bo"}}), encoding="utf-8"
    )
    return tmp_path


def test_sends_with_the_default_profile(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    email = str(workspace / "emails" / "hi.html")
    with smtp_server() as (ctl, box):
        code = main(
            [
                "send",
                email,
                "--to",
                "me@example.com",
                "--to",
                "you@example.com",
                "--smtp-port",
                str(ctl.port),
            ]
        )
        assert code == 0
        out = capsys.readouterr().out
        assert out.startswith(
            f"Sent “[TEST] Hi Alex” to me@example.com, you@example.com via 127.0.0.1:{ctl.port} (<"
        )
        [got] = box.messages
        assert got.rcpt_tos == ["me@example.com", "you@example.com"]
        msg = got.message
        assert str(msg["Subject"]) == "[TEST] Hi Alex"
        assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
        # another profile, no prefix, the default recipients of [smtp] to
        assert (
            main(
                [
                    "send",
                    email,
                    "--data",
                    str(workspace / "data/profiles/bo.json"),
                    "--no-prefix",
                    "--smtp-port",
                    str(ctl.port),
                ]
            )
            == 0
        )
        assert str(box.messages[1].message["Subject"]) == "Hi Bo"
        assert box.messages[1].rcpt_tos == ["team@example.com"]


def test_liquid_errors_are_located_and_nothing_is_sent(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server() as (ctl, box):
        code = main(
            [
                "send",
                str(workspace / "emails" / "oops.html"),
                "--to",
                "me@example.com",
                "--smtp-port",
                str(ctl.port),
            ]
        )
    assert code == 1 and box.messages == []
    err = capsys.readouterr().err
    assert "oops.html:5:7: error:" in err and "customer.nope" in err
    assert "<p>{{ customer.nope }}</p>" in err and "^" in err
    assert "not sent: the message has 1 Liquid error" in err


def test_unreachable_server_exits_1(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = closed_port()
    code = main(
        [
            "send",
            str(workspace / "emails" / "hi.html"),
            "--to",
            "me@example.com",
            "--smtp-port",
            str(port),
        ]
    )
    assert code == 1
    assert (
        f"not sent: cannot connect to 127.0.0.1:{port}: connection refused"
        in capsys.readouterr().err
    )


def test_partly_refused_exits_1(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server(reject={"bad@example.com"}) as (ctl, box):
        code = main(
            [
                "send",
                str(workspace / "emails" / "hi.html"),
                "--to",
                "me@example.com, bad@example.com",
                "--smtp-port",
                str(ctl.port),
            ]
        )
    assert code == 1 and [m.rcpt_tos for m in box.messages] == [["me@example.com"]]
    captured = capsys.readouterr()
    assert "to me@example.com via" in captured.out
    assert "refused bad@example.com: 550" in captured.err


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--to", "not-an-address"], "not an email address: 'not-an-address'"),
        (["--smtp-port", "0", "--to", "a@example.com"], "port 0: must be 1-65535"),
    ],
)
def test_usage_errors_exit_2(
    workspace: Path, capsys: pytest.CaptureFixture[str], extra: list[str], words: str
) -> None:
    assert main(["send", str(workspace / "emails" / "hi.html"), *extra]) == 2
    assert words in capsys.readouterr().err


def test_missing_file_and_password_variable(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["send", str(workspace / "emails" / "nope.html"), "--to", "a@x.example"]) == 2
    assert "no such email file" in capsys.readouterr().err
    toml = workspace / "mailwright.toml"
    original = toml.read_text(encoding="utf-8")
    toml.write_text(
        original + 'username = "u"\npassword_env = "AWS_SECRET_ACCESS_KEY"\n', encoding="utf-8"
    )
    assert main(["send", str(workspace / "emails" / "hi.html"), "--to", "a@x.example"]) == 2
    assert (
        "a workspace cannot choose which of your environment variables" in capsys.readouterr().err
    )
    toml.write_text(original + 'username = "u"\n', encoding="utf-8")
    monkeypatch.delenv("MAILWRIGHT_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(workspace / "no-user-config"))
    assert main(["send", str(workspace / "emails" / "hi.html"), "--to", "a@x.example"]) == 2
    assert "needs a password: export MAILWRIGHT_SMTP_PASSWORD" in capsys.readouterr().err
    toml.write_text('[smtp]\npassword = "hunter2"\n', encoding="utf-8")
    assert main(["send", str(workspace / "emails" / "hi.html"), "--to", "a@x.example"]) == 2
    assert "passwords are never stored in mailwright.toml" in capsys.readouterr().err


def test_dry_run_prints_the_mime_message(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "send",
                str(workspace / "emails" / "hi.html"),
                "--to",
                "a@x.example",
                "--dry-run",
                "--prevent-threading",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Subject: [TEST] Hi Alex (#" in out
    assert re.search(r"^X-Entity-Ref-ID: [0-9a-f]{32}\r?$", out, re.M)  # unique: no threading
    assert "Content-Type: multipart/alternative" in out
    assert "From: Shop <shop@example.com>" in out and "To: a@x.example" in out


def test_a_component_files_issue_shows_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from studio.cli import main

    (tmp_path / "mailwright.toml").write_text('name = "t"\n[smtp]\nhost = "127.0.0.1"\n')
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "promo-box.html").write_text(
        "<script>\nexport const props = Component.defineProps(['title'])\n</script>\n"
        "<template>\n  <div>${title.missing.deeper}</div>\n</template>\n"
    )
    (tmp_path / "emails").mkdir()
    email = tmp_path / "emails" / "a.html"
    email.write_text(
        "---\nsubject: Hi\nfrom: a@b.example\n---\n"
        '<x-base><promo-box title="x"></promo-box></x-base>\n'
    )
    code = main(["send", str(email), "--to", "r@example.com", "--dry-run"])
    err = capsys.readouterr().err
    assert code == 1
    assert "promo-box.html" in err
    assert "${title.missing.deeper}" in err  # the component's line, not the email's


def test_recipient_groups_are_saved_for_the_user_and_sent_to(
    workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    email = str(workspace / "emails" / "hi.html")
    with smtp_server() as (ctl, box):
        assert (
            main(
                [
                    "send",
                    email,
                    "--to",
                    "ana@example.com, ben@example.com",
                    "--save-group",
                    " Design  team ",
                    "--smtp-port",
                    str(ctl.port),
                ]
            )
            == 0
        )
        assert "Saved the recipient group “Design team” (2 addresses)" in capsys.readouterr().out
        saved = json.loads(
            (tmp_path / "config" / "mailwright" / "recipient-groups.json").read_text("utf-8")
        )
        assert saved == {
            "format": 1,
            "groups": {"Design team": ["ana@example.com", "ben@example.com"]},
        }
        assert (
            main(
                [
                    "send",
                    email,
                    "--group",
                    "Design team",
                    "--to",
                    "cy@example.com",
                    "--smtp-port",
                    str(ctl.port),
                ]
            )
            == 0
        )
        assert box.messages[1].rcpt_tos == ["cy@example.com", "ana@example.com", "ben@example.com"]
        assert (
            main(["send", email, "--group", "Design team", "--smtp-port", str(ctl.port)]) == 0
        )  # the group alone, not [smtp] to
        assert box.messages[2].rcpt_tos == ["ana@example.com", "ben@example.com"]
    assert main(["send", email, "--group", "Nobody"]) == 2
    assert "no recipient group named 'Nobody' (groups: Design team)" in capsys.readouterr().err
