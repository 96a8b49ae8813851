"""Test sends through a real SMTP server on 127.0.0.1 (aiosmtpd), and its failure modes."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from compiler.project import Project, load_project
from studio.send import (
    FailureKind,
    SendError,
    SendOptions,
    SmtpSettings,
    parse_recipients,
    prepare_test,
    send_test,
)
from tests.conftest import DEMO
from tests.studio.smtp_servers import (
    closed_port,
    make_certificate,
    silent_server,
    smtp_server,
)

pytestmark = pytest.mark.network

EMAIL = """---
subject: Hello {{ customer.first_name }} — your plan
preheader: Your {{ customer.plan }} plan at a glance
from: "{{ brand.name }}" <team@brand.example>
reply_to: help+{{ customer.id }}@brand.example
---
<x-base title="Plan" preheader="Your {{ customer.plan }} plan at a glance">
  <x-section>
    <x-paragraph>Hi {{ customer.first_name }}, you are on <b>{{ customer.plan }}</b>.</x-paragraph>
    {% if customer.vip %}<x-paragraph>Thanks for being a VIP!</x-paragraph>{% endif %}
  </x-section>
</x-base>
"""

PROFILE = {
    "id": "ana",
    "customer": {"id": "42", "first_name": "Ana", "plan": "Gold", "vip": True},
    "brand": {"name": "Brand & Co"},
}


@pytest.fixture()
def workspace(tmp_path: Path) -> Project:
    (tmp_path / "mailwright.toml").write_text('name = "t"\n', encoding="utf-8")
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "plan.html").write_text(EMAIL, encoding="utf-8")
    (tmp_path / "emails" / "broken.html").write_text(
        "---\nsubject: Hi {{ customer.first_name }}\nfrom: a@b.example\n---\n"
        "<p>Hello {{ customer.nickname }}</p>\n",
        encoding="utf-8",
    )
    return load_project(tmp_path)


NO_USER_CONFIG = {"XDG_CONFIG_HOME": "/nonexistent/mailwright-test"}


def pw_env(password: str) -> dict[str, str]:
    """An environment with the password where the user keeps it (and no user config)."""
    return {**NO_USER_CONFIG, "MAILWRIGHT_SMTP_PASSWORD": password}


def settings_for(port: int, **kw: object) -> SmtpSettings:
    table: dict[str, object] = {"host": "127.0.0.1", "port": port, "timeout": 5, **kw}
    return SmtpSettings.from_settings({"smtp": table})


def test_sends_multipart_alternative_with_rendered_liquid(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server() as (ctl, box):
        delivery = send_test(
            path,
            ["me@example.com", "Lee <lee@example.com>"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(ctl.port),
        )
    assert delivery.ok and delivery.accepted == ["me@example.com", "lee@example.com"]
    assert delivery.file == "emails/plan.html"
    [got] = box.messages
    assert got.mail_from == "team@brand.example"
    assert got.rcpt_tos == ["me@example.com", "lee@example.com"]
    msg = got.message
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert str(msg["Subject"]) == "[TEST] Hello Ana — your plan"
    assert msg["From"].addresses[0].display_name == "Brand & Co"
    assert msg["From"].addresses[0].addr_spec == "team@brand.example"
    assert str(msg["Reply-To"]) == "help+42@brand.example"
    assert str(msg["To"]) == "me@example.com, lee@example.com"
    assert str(msg["Message-ID"]) == delivery.message_id and msg["Date"]
    assert str(msg["MIME-Version"]) == "1.0"
    assert str(msg["X-Mailer"]).startswith("Mailwright ")
    text_part, html_part = msg.iter_parts()
    text, html = text_part.get_content(), html_part.get_content()
    assert text_part.get_content_charset() == "utf-8"
    assert "Hi Ana, you are on Gold." in " ".join(text.split())
    assert "Thanks for being a VIP!" in text
    assert "Hi Ana, you are on <b>Gold</b>." in html
    assert "Your Gold plan at a glance" in html  # the preheader lives in the HTML
    assert "{{" not in html + text and "{%" not in html + text


def test_prefix_can_be_dropped_and_threading_prevented(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    plain = prepare_test(
        path,
        ["a@example.com"],
        project=workspace,
        profile=PROFILE,
        options=SendOptions(test_prefix=False),
    )
    assert str(plain["Subject"]) == "Hello Ana — your plan"
    custom = SmtpSettings.from_settings({"smtp": {"subject_prefix": "[PROOF]"}})
    assert str(
        prepare_test(path, ["a@example.com"], project=workspace, profile=PROFILE, settings=custom)[
            "Subject"
        ]
    ).startswith("[PROOF] Hello Ana")
    subjects = {
        str(
            prepare_test(
                path,
                ["a@example.com"],
                project=workspace,
                profile=PROFILE,
                options=SendOptions(prevent_threading=True),
            )["Subject"]
        )
        for _ in range(3)
    }
    assert len(subjects) == 3
    assert all(s.startswith("[TEST] Hello Ana — your plan (#") for s in subjects)


def test_refuses_to_send_with_liquid_errors(workspace: Project) -> None:
    path = workspace.path("emails", "broken.html")
    assert path is not None
    with smtp_server() as (ctl, box), pytest.raises(SendError) as err:
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(ctl.port),
        )
    assert box.messages == []
    assert err.value.kind is FailureKind.RENDER
    [issue] = err.value.issues
    assert "nickname" in issue.message
    assert (issue.line, issue.column) == (5, 13)  # at `customer.nickname`
    assert "not sent" in str(err.value)


def test_demo_translation_is_chosen_by_the_profile_language(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    project = load_project(tmp_path / "demo")
    lea = json.loads((tmp_path / "demo/data/profiles/lea-fr.json").read_text(encoding="utf-8"))
    path = tmp_path / "demo/emails/transactional/receipt.html"
    msg = prepare_test(path, ["a@example.com"], project=project, profile=lea)
    assert str(msg["Subject"]).startswith("[TEST] Votre reçu Fernway")
    assert str(msg["X-Mailwright-Source"]) == "receipt.fr.html"


def test_recipients_are_checked_deduplicated_and_limited() -> None:
    assert parse_recipients(["a@x.example, B <b@x.example>", "A@x.example;c@x.example\n"]) == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
    ]
    with pytest.raises(SendError, match="not an email address: 'nope', 'x@'") as err:
        parse_recipients(["ok@x.example, nope", "x@"])
    assert err.value.kind is FailureKind.RECIPIENTS
    with pytest.raises(SendError, match="no recipients"):
        parse_recipients([" , "])
    many = [f"p{i}@x.example" for i in range(26)]
    with pytest.raises(SendError, match="26 recipients: a test send goes to at most 25"):
        parse_recipients(many)
    assert len(parse_recipients(many, limit=26)) == 26


def test_closed_port_is_unreachable(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    port = closed_port()
    with pytest.raises(SendError) as err:
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(port),
        )
    assert err.value.kind is FailureKind.UNREACHABLE
    assert f"127.0.0.1:{port}: connection refused" in str(err.value)


def test_server_that_never_answers_times_out(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with silent_server() as port, pytest.raises(SendError) as err:
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(port, timeout=0.3),
        )
    assert err.value.kind is FailureKind.TIMEOUT
    assert "did not answer within 0.3 s" in str(err.value)


def test_rejected_recipients(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server(reject={"gone@example.com"}) as (ctl, box):
        settings = settings_for(ctl.port)
        delivery = send_test(
            path,
            ["me@example.com", "gone@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings,
        )
        assert not delivery.ok and delivery.accepted == ["me@example.com"]
        code, words = delivery.refused["gone@example.com"]
        assert code == 550 and "mailbox unavailable" in words
        assert [m.rcpt_tos for m in box.messages] == [["me@example.com"]]
        with pytest.raises(SendError) as err:
            send_test(
                path, ["gone@example.com"], project=workspace, profile=PROFILE, settings=settings
            )
    assert err.value.kind is FailureKind.REJECTED
    assert "refused every recipient (gone@example.com: 550 5.1.1" in str(err.value)


def test_rejected_message_data(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server(reject_data=True) as (ctl, box), pytest.raises(SendError) as err:
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(ctl.port),
        )
    assert err.value.kind is FailureKind.REJECTED and box.messages == []
    assert "refused the message: 550 5.7.1 message content rejected" in str(err.value)


def test_login_with_password_from_the_environment(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server(users={"tester": "s3cret"}) as (ctl, box):
        settings = settings_for(ctl.port, username="tester")
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings,
            environ=pw_env("s3cret"),
        )
        assert [m.login for m in box.messages] == ["tester"]
        with pytest.raises(SendError) as err:
            send_test(
                path,
                ["me@example.com"],
                project=workspace,
                profile=PROFILE,
                settings=settings,
                environ=pw_env("wrong"),
            )
        assert err.value.kind is FailureKind.AUTH
        assert "refused the login of 'tester': 535" in str(err.value)
        with pytest.raises(
            SendError,
            match=r"needs a password: export "
            "MAILWRIGHT_SMTP_PASSWORD",
        ) as unset:
            send_test(
                path,
                ["me@example.com"],
                project=workspace,
                profile=PROFILE,
                settings=settings,
                environ=NO_USER_CONFIG,
            )
        assert unset.value.kind is FailureKind.SETTINGS
    assert len(box.messages) == 1


def test_login_needs_auth_offered(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server() as (ctl, _box), pytest.raises(SendError) as err:
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(ctl.port, username="u"),
            environ=pw_env("p"),
        )
    assert err.value.kind is FailureKind.AUTH and "does not offer login" in str(err.value)


def test_starttls_and_ssl_with_a_private_ca(workspace: Project, tmp_path: Path) -> None:
    cert = make_certificate(tmp_path)
    if cert is None:
        pytest.skip("openssl binary not installed (Debian package openssl)")
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server(tls=cert, users={"u": "p"}) as (ctl, box):
        trusted = settings_for(ctl.port, security="starttls", ca_file=str(cert.cert), username="u")
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=trusted,
            environ=pw_env("p"),
        )
        assert [m.login for m in box.messages] == ["u"]
        with pytest.raises(SendError) as err:
            send_test(
                path,
                ["me@example.com"],
                project=workspace,
                profile=PROFILE,
                settings=settings_for(ctl.port, security="starttls"),
            )
        assert err.value.kind is FailureKind.TLS
        assert "certificate is not trusted" in str(err.value)
    with smtp_server(tls=cert, implicit_tls=True) as (ctl, box):
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(ctl.port, security="ssl", ca_file=str(cert.cert)),
        )
        assert len(box.messages) == 1


def test_starttls_not_offered(workspace: Project) -> None:
    path = workspace.path("emails", "plan.html")
    assert path is not None
    with smtp_server() as (ctl, box), pytest.raises(SendError) as err:
        send_test(
            path,
            ["me@example.com"],
            project=workspace,
            profile=PROFILE,
            settings=settings_for(ctl.port, security="starttls"),
        )
    assert err.value.kind is FailureKind.TLS and "does not offer STARTTLS" in str(err.value)
    assert box.messages == []


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"password": "x"}, "passwords are never stored in mailwright.toml"),
        ({"security": "tls"}, "use one of none, starttls, ssl"),
        ({"port": "25"}, "port = '25': must be whole number"),
        ({"port": 70000}, "must be 1-65535"),
        ({"timeout": 0}, "must be more than 0"),
        ({"max_recipients": 500}, "must be 1-100"),
        ({"hots": "x"}, "unknown key(s): hots"),
        ({"password_env": "AWS_SECRET_ACCESS_KEY"}, "a workspace cannot choose which of your"),
    ],
)
def test_bad_settings_are_explained(table: dict[str, object], words: str) -> None:
    with pytest.raises(SendError) as err:
        SmtpSettings.from_settings({"smtp": table}).password(NO_USER_CONFIG)
    assert err.value.kind is FailureKind.SETTINGS
    assert words in str(err.value) and str(err.value).startswith("mailwright.toml: ")


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ('password = "x"', "3:12: [smtp] password: passwords are never stored"),
        ('security = "tls"', "3:12: [smtp] security = 'tls'"),
        ("port = 70000", "3:8: [smtp] port = 70000: must be 1-65535"),
        ('hots = "x"', "3:8: [smtp] unknown key(s): hots"),
        ("to = 5", "3:6: [smtp] to: must be an address"),
        ('host = " "', "3:8: [smtp] host is empty"),
        ('verify = "yes"', "3:10: [smtp] verify = 'yes': must be true/false"),
    ],
)
def test_bad_settings_are_located_at_their_key(tmp_path: Path, line: str, where: str) -> None:
    toml = tmp_path / "mailwright.toml"
    toml.write_text(f'name = "x"\n[smtp]\n{line}\n', encoding="utf-8")
    with pytest.raises(SendError) as err:
        SmtpSettings.from_settings(tomllib.loads(toml.read_text(encoding="utf-8")), root=tmp_path)
    assert str(err.value).startswith(f"mailwright.toml:{where}")


def test_settings_defaults_and_overrides(tmp_path: Path) -> None:
    s = SmtpSettings.from_settings({})
    assert (s.host, s.port, s.security, s.max_recipients) == ("127.0.0.1", 25, "none", 25)
    assert SmtpSettings.from_settings({"smtp": {"security": "starttls"}}).port == 587
    ssl_ = SmtpSettings.from_settings(
        {"smtp": {"security": "ssl", "ca_file": "ca.pem", "to": "me@x.example"}}, root=tmp_path
    )
    assert ssl_.port == 465 and ssl_.ca_file == str(tmp_path / "ca.pem")
    assert ssl_.to == ("me@x.example",)
    o = s.with_overrides(host="localhost", port=2525)
    assert (o.host, o.port, s.port) == ("localhost", 2525, 25)


def test_from_falls_back_to_settings_and_must_be_an_address(workspace: Project) -> None:
    root = workspace.root
    assert root is not None
    (root / "emails" / "nofrom.html").write_text("<p>Hi</p>\n", encoding="utf-8")
    path = root / "emails" / "nofrom.html"
    with pytest.raises(SendError, match="has no From address") as err:
        prepare_test(path, ["a@x.example"], project=workspace, profile=PROFILE)
    assert err.value.kind is FailureKind.SETTINGS
    s = SmtpSettings.from_settings({"smtp": {"from": "Studio <studio@x.example>"}})
    msg = prepare_test(path, ["a@x.example"], project=workspace, profile=PROFILE, settings=s)
    assert str(msg["From"]) == "Studio <studio@x.example>"
    (root / "emails" / "badfrom.html").write_text(
        "---\nfrom: '{{ customer.first_name }}'\n---\n<p>Hi</p>\n", encoding="utf-8"
    )
    with pytest.raises(SendError, match="From 'Ana' is not an email address"):
        prepare_test(
            root / "emails" / "badfrom.html", ["a@x.example"], project=workspace, profile=PROFILE
        )
