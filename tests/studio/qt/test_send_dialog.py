"""The "Send test…" dialog against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from pytestqt.qtbot import QtBot

from compiler.project import Project, load_project
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.qt.send_dialog import SendTestDialog, go_to_issue
from studio.send import Delivery, FailureKind, SendError
from tests.studio.smtp_servers import closed_port, smtp_server

pytestmark = [pytest.mark.qt, pytest.mark.network]

SOURCE = (
    "---\nsubject: Hi {{ customer.first_name }}\nfrom: Shop <shop@example.com>\n---\n"
    "<p>Hello {{ customer.first_name }}</p>\n"
)
PROFILES = {
    "profiles/ana.json": {"customer": {"first_name": "Ana"}},
    "profiles/bo.json": {"customer": {"first_name": "Bo"}},
}


def workspace(tmp_path: Path, smtp: str) -> tuple[Path, Project]:
    (tmp_path / "mailwright.toml").write_text(f"[smtp]\n{smtp}\n", encoding="utf-8")
    (tmp_path / "emails").mkdir(exist_ok=True)
    email = tmp_path / "emails" / "hi.html"
    email.write_text(SOURCE, encoding="utf-8")
    return email, load_project(tmp_path)


def test_sends_the_editors_text_for_the_chosen_profile(qtbot: QtBot, tmp_path: Path) -> None:
    with smtp_server() as (ctl, box):
        email, project = workspace(
            tmp_path, f'host = "127.0.0.1"\nport = {ctl.port}\nto = ["me@example.com"]'
        )
        unsaved = SOURCE.replace("Hello", "Howdy")
        dialog = SendTestDialog(
            email,
            project,
            profiles=PROFILES,
            current_profile="profiles/bo.json",
            source=lambda: unsaved,
        )
        qtbot.addWidget(dialog)
        assert dialog.recipients.toPlainText() == "me@example.com"  # [smtp] to
        assert dialog.profile_box.currentText() == "profiles/bo.json"
        assert dialog.server.text().startswith(f"127.0.0.1:{ctl.port} (none)")
        dialog.recipients.setPlainText("me@example.com\nLee <lee@example.com>")
        dialog.prevent_threading.setChecked(False)
        with qtbot.waitSignal(dialog.finished_send, timeout=10000) as sig:
            assert dialog.send()
            assert not dialog.send_button.isEnabled()  # one send at a time
        assert isinstance(sig.args[0], Delivery)
        assert dialog.send_button.isEnabled()
        assert dialog.status.text() == ("Sent “[TEST] Hi Bo” to me@example.com, lee@example.com.")
        [got] = box.messages
        assert got.rcpt_tos == ["me@example.com", "lee@example.com"]
        html = got.message.get_body(("html",))
        assert html is not None and "Howdy Bo" in html.get_content()
        # the prefix box, and prevent threading (on by default, as in the product)
        dialog.prefix.setChecked(False)
        dialog.prevent_threading.setChecked(True)
        with qtbot.waitSignal(dialog.finished_send, timeout=10000):
            dialog.send()
        assert str(box.messages[1].message["Subject"]).startswith("Hi Bo (#")


def test_liquid_errors_are_listed_and_lead_to_the_source(qtbot: QtBot, tmp_path: Path) -> None:
    with smtp_server() as (ctl, box):
        email, project = workspace(tmp_path, f"port = {ctl.port}")
        doc = EmailDocument.load(email)
        doc.set_text(SOURCE + "<p>{{ customer.missing }}</p>\n")
        state = EditorState(doc)
        dialog = SendTestDialog(email, project, profiles=PROFILES, source=lambda: doc.text)
        qtbot.addWidget(dialog)
        dialog.recipients.setPlainText("me@example.com")
        with qtbot.waitSignal(dialog.finished_send, timeout=10000) as sig:
            dialog.send()
    err = sig.args[0]
    assert isinstance(err, SendError) and err.kind is FailureKind.RENDER
    assert box.messages == []
    assert dialog.status.text().startswith("not sent: the message has 1 Liquid error")
    assert dialog.problems.count() == 1
    item = dialog.problems.item(0)
    assert item.text().startswith("6:7  ") and "customer.missing" in item.text()
    with qtbot.waitSignal(dialog.issue_activated) as jumped:
        dialog.problems.itemActivated.emit(item)
    selections: list[tuple[int, int]] = []
    state.selection_requested.connect(selections.append)
    go_to_issue(state, jumped.args[0])
    offset = doc.text.index("customer.missing")
    assert selections == [(offset, offset)]


def test_bad_recipients_and_unreachable_server(qtbot: QtBot, tmp_path: Path) -> None:
    port = closed_port()
    email, project = workspace(tmp_path, f"port = {port}\nmax_recipients = 2")
    dialog = SendTestDialog(email, project, profiles=PROFILES)
    qtbot.addWidget(dialog)
    assert dialog.profile_box.currentText() == "profiles/ana.json"
    dialog.recipients.setPlainText("a@example.com, nope")
    assert not dialog.send()
    assert dialog.status.text() == "Not sent: not an email address: 'nope'"
    dialog.recipients.setPlainText("a@example.com, b@example.com, c@example.com")
    assert not dialog.send()
    assert "at most 2" in dialog.status.text()
    dialog.recipients.setPlainText("a@example.com")
    with qtbot.waitSignal(dialog.finished_send, timeout=10000):
        assert dialog.send()
    assert dialog.status.text().startswith(
        f"Not sent: cannot connect to 127.0.0.1:{port}: connection refused"
    )


def test_bad_smtp_settings_disable_send(qtbot: QtBot, tmp_path: Path) -> None:
    email, project = workspace(tmp_path, 'password = "x"')
    dialog = SendTestDialog(email, project)
    qtbot.addWidget(dialog)
    assert not dialog.send_button.isEnabled() and not dialog.send()
    assert "passwords are never stored in mailwright.toml" in dialog.status.text()


class FileKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend (keyring's plugin interface) keeping passwords in a JSON
    file: CI machines have no desktop keyring."""

    priority = 1

    def __init__(self, path: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # (keyring: unannotated)
        self.path = path

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self.path.write_text(json.dumps(data))


@pytest.fixture
def system_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    before = keyring.get_keyring()
    ring = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)


def test_the_password_is_asked_once_and_kept_in_the_keyring(
    qtbot: QtBot, tmp_path: Path, system_keyring: FileKeyring
) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "no-config")}  # no variable holds it
    asked: list[str] = []

    def ask_password(label: str) -> str:
        asked.append(label)
        return "pw-1"

    with smtp_server(users={"u": "pw-1"}) as (ctl, box):
        email, project = workspace(
            tmp_path,
            f'host = "127.0.0.1"\nport = {ctl.port}\nusername = "u"\nto = ["me@example.com"]',
        )
        for _ in range(2):  # two dialogs, as on two days
            dialog = SendTestDialog(email, project, profiles=PROFILES, environ=env)
            qtbot.addWidget(dialog)
            dialog.ask_password = ask_password
            with qtbot.waitSignal(dialog.finished_send, timeout=10000) as sig:
                assert dialog.send()
            assert isinstance(sig.args[0], Delivery), dialog.status.text()
        assert [m.login for m in box.messages] == ["u", "u"]
    assert asked == [f"Password for u at 127.0.0.1:{ctl.port}"]
    assert system_keyring.get_password("mailwright-smtp", f"u@127.0.0.1:{ctl.port}") == "pw-1"


def test_without_a_keyring_the_password_lasts_the_dialog_and_cancel_sends_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    env = {"XDG_CONFIG_HOME": str(tmp_path / "no-config")}
    try:
        with smtp_server(users={"u": "pw-2"}) as (ctl, box):
            email, project = workspace(
                tmp_path,
                f'host = "127.0.0.1"\nport = {ctl.port}\nusername = "u"\nto = ["me@example.com"]',
            )
            dialog = SendTestDialog(email, project, profiles=PROFILES, environ=env)
            qtbot.addWidget(dialog)
            dialog.ask_password = lambda label: None  # the user cancels
            assert not dialog.send()
            assert dialog.status.text() == "Not sent: no password given"
            answers = ["pw-2"]
            dialog.ask_password = lambda label: answers.pop()
            for _ in range(2):  # asked once, then kept for this dialog
                with qtbot.waitSignal(dialog.finished_send, timeout=10000) as sig:
                    assert dialog.send()
                assert isinstance(sig.args[0], Delivery)
            assert [m.login for m in box.messages] == ["u", "u"]
    finally:
        keyring.set_keyring(before)


def test_recipient_groups_saved_added_and_sent_to(qtbot: QtBot, tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    with smtp_server() as (ctl, box):
        email, project = workspace(tmp_path, f'host = "127.0.0.1"\nport = {ctl.port}')
        dialog = SendTestDialog(email, project, profiles=PROFILES, environ=env)
        qtbot.addWidget(dialog)
        assert dialog.group_box.currentText() == "No groups saved yet"
        assert not dialog.add_group_button.isEnabled()
        dialog.recipients.setPlainText("ana@example.com, ben@example.com")
        dialog.ask_group_name = lambda: "Design team"
        assert dialog.save_group() == "Design team"
        assert dialog.group_box.currentText() == "Design team (2)"
        # a new dialog (another email, another day) has it
        again = SendTestDialog(email, project, profiles=PROFILES, environ=env)
        qtbot.addWidget(again)
        again.recipients.setPlainText("ben@example.com")
        assert again.add_group() == ["ana@example.com"]  # not twice
        assert again.recipients.toPlainText() == "ben@example.com\nana@example.com"
        with qtbot.waitSignal(again.finished_send, timeout=10000):
            assert again.send()
        assert box.messages[0].rcpt_tos == ["ben@example.com", "ana@example.com"]
        assert box.messages[0].message["X-Entity-Ref-ID"]  # prevent threading is on
        again.delete_group()
        assert again.group_box.currentText() == "No groups saved yet"
        assert (
            json.loads(
                (tmp_path / "config" / "mailwright" / "recipient-groups.json").read_text("utf-8")
            )["groups"]
            == {}
        )
