"""The "Send test…" dialog against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from compiler.project import Project, load_project
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.qt.send_dialog import SendTestDialog, go_to_issue
from studio.send import Delivery, FailureKind, SendError
from tests.studio.smtp_servers import closed_port, smtp_server

pytestmark = [pytest.mark.qt, pytest.mark.network]

SOURCE = ("---\nsubject: Hi {{ customer.first_name }}\nfrom: Shop <shop@example.com>\n---\n"
          "<p>Hello {{ customer.first_name }}</p>\n")
PROFILES = {"profiles/ana.json": {"customer": {"first_name": "Ana"}},
            "profiles/bo.json": {"customer": {"first_name": "Bo"}}}


def workspace(tmp_path: Path, smtp: str) -> tuple[Path, Project]:
    (tmp_path / "mailwright.toml").write_text(f"[smtp]\n{smtp}\n", encoding="utf-8")
    (tmp_path / "emails").mkdir(exist_ok=True)
    email = tmp_path / "emails" / "hi.html"
    email.write_text(SOURCE, encoding="utf-8")
    return email, load_project(tmp_path)


def test_sends_the_editors_text_for_the_chosen_profile(qtbot: QtBot, tmp_path: Path) -> None:
    with smtp_server() as (ctl, box):
        email, project = workspace(
            tmp_path, f'host = "127.0.0.1"\nport = {ctl.port}\nto = ["me@example.com"]')
        unsaved = SOURCE.replace("Hello", "Howdy")
        dialog = SendTestDialog(email, project, profiles=PROFILES,
                                current_profile="profiles/bo.json", source=lambda: unsaved)
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
        assert dialog.status.text() == ("Sent “[TEST] Hi Bo” to me@example.com, "
                                        "lee@example.com.")
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
        email, project = workspace(tmp_path, f'port = {ctl.port}')
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
    email, project = workspace(tmp_path, f'port = {port}\nmax_recipients = 2')
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
        f"Not sent: cannot connect to 127.0.0.1:{port}: connection refused")


def test_bad_smtp_settings_disable_send(qtbot: QtBot, tmp_path: Path) -> None:
    email, project = workspace(tmp_path, 'password = "x"')
    dialog = SendTestDialog(email, project)
    qtbot.addWidget(dialog)
    assert not dialog.send_button.isEnabled() and not dialog.send()
    assert "passwords are never stored in mailwright.toml" in dialog.status.text()
