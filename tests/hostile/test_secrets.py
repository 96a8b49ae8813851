"""Secrets: a workspace never picks which secret is sent, no password crosses the network in
clear, and a hostile SMTP server (a real one on 127.0.0.1 that echoes what it receives)
never gets the password printed back."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from compiler.project import Project
from studio.send import FailureKind, SendError, SmtpSettings, is_loopback, send_test
from tests.studio.smtp_servers import echo_server
from tests.studio.test_send import NO_USER_CONFIG, PROFILE, pw_env, settings_for, workspace

__all__ = ["workspace"]  # the fixture, shared with the test-send tests

pytestmark = pytest.mark.network


def test_no_login_in_clear_to_a_host_off_this_computer(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    remote = SmtpSettings.from_settings({"smtp": {"host": "192.0.2.10", "username": "u"}})
    with pytest.raises(SendError) as err:  # refused before any connection is made
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=remote,
            environ=pw_env("p"),
        )
    assert err.value.kind is FailureKind.SETTINGS
    assert "without TLS" in str(err.value) and "192.0.2.10:25" in str(err.value)
    for host in ("localhost", "127.0.0.1", "127.8.9.1", "::1", "[::1]"):
        assert is_loopback(host), host
    for host in ("192.0.2.10", "example.com", "localhost.example.com", "10.0.0.1"):
        assert not is_loopback(host), host
    for security in ("starttls", "ssl"):
        tls = SmtpSettings.from_settings(
            {"smtp": {"host": "192.0.2.10", "username": "u", "security": security}}
        )
        assert not tls.plaintext_login_refused
    assert not SmtpSettings.from_settings(
        {"smtp": {"host": "192.0.2.10"}}
    ).plaintext_login_refused  # no login, no secret


def test_a_workspace_cannot_pick_the_variable_its_password_comes_from(tmp_path: Path) -> None:
    environ = {**NO_USER_CONFIG, "AWS_SECRET_ACCESS_KEY": "aws-secret"}
    with pytest.raises(SendError, match="a workspace cannot choose"):
        SmtpSettings.from_settings(
            {"smtp": {"username": "u", "password_env": "AWS_SECRET_ACCESS_KEY"}}
        )
    settings = SmtpSettings.from_settings(
        {"smtp": {"username": "u", "password_env": "MAILWRIGHT_SMTP_PASSWORD"}}
    )
    with pytest.raises(SendError, match="needs a password"):
        settings.password(environ)  # the AWS variable is never read
    assert settings.password({**environ, "MAILWRIGHT_SMTP_PASSWORD": "mine"}) == "mine"
    # the user, not the workspace, may name their own variable
    config = tmp_path / "config" / "mailwright" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[smtp]\npassword_env = "MY_SMTP_PW"\n', encoding="utf-8")
    own = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "MY_SMTP_PW": "from-user-config",
        "MAILWRIGHT_SMTP_PASSWORD": "fallback",
    }
    assert settings.password(own) == "from-user-config"
    assert settings.password({**own, "MY_SMTP_PW": ""}) == ""
    del own["MY_SMTP_PW"]
    assert settings.password(own) == "fallback"
    config.write_text('[smtp]\npassword_env = "NOT A NAME"\n', encoding="utf-8")
    with pytest.raises(SendError, match="not an environment variable name"):
        settings.password(own)


def test_a_server_echoing_the_credentials_gets_them_redacted(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    password = "s3cret-Pa55word"
    with echo_server() as (port, received):
        with pytest.raises(SendError) as err:
            send_test(
                path,
                ["me@example.com"],
                project=workspace,
                profile=PROFILE,
                settings=settings_for(port, username="tester"),
                environ=pw_env(password),
            )
        assert any(line.startswith("AUTH") for line in received)  # the echo really happened
    text = str(err.value)
    assert err.value.kind is FailureKind.AUTH and "535" in text and "[redacted]" in text
    plain = base64.b64encode(f"\0tester\0{password}".encode()).decode()
    for secret in (
        password,
        plain,
        plain.rstrip("="),
        base64.b64encode(password.encode()).decode().rstrip("="),
    ):
        assert secret not in text
