"""The "Send test…" dialog: recipients, sample profile, [TEST] prefix, prevent threading.

The send itself (:func:`studio.send.send_test`) runs on a worker thread, so the
window keeps responding while the SMTP server is slow; the result comes back
as :attr:`SendTestDialog.finished_send` (a :class:`Delivery` or a
:class:`SendError`). The text sent is the editor's current text, saved or not.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from components.diagnostics import Issue
from studio.models.editor import EditorState
from studio.models.recipient_groups import GroupError, RecipientGroups
from studio.send import (
    PASSWORD_VARIABLE,
    Delivery,
    FailureKind,
    SendError,
    SendOptions,
    SmtpSettings,
    parse_recipients,
    send_test,
    store_password,
)


def go_to_issue(state: EditorState, issue: Issue) -> None:
    """Select an issue of a refused send in the editor (when it is in this file)."""
    state.go_to_problem(state.problem_for(issue))


class _Relay(QObject):
    """Carries the worker thread's result to the GUI thread (a queued signal)."""

    done = Signal(object)


class SendTestDialog(QDialog):
    """Send the open email to up to ``max_recipients`` addresses over SMTP."""

    finished_send = Signal(object)  # Delivery or SendError
    issue_activated = Signal(object)  # an Issue of a refused message: jump to it

    def __init__(
        self,
        path: Path,
        project: Project,
        *,
        profiles: Mapping[str, Mapping[str, Any]] | None = None,
        current_profile: str | None = None,
        source: Callable[[], str] | None = None,
        environ: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Send test — {path.name}")
        self.path = path
        self.project = project
        self.profiles = dict(profiles or {})
        self.source = source
        self.environ = environ
        self.session_password: str | None = None  # when the system has no keyring
        self.ask_password: Callable[[str], str | None] = self._ask_password
        self.sending = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self.settings: SmtpSettings | None = None
        settings_problem = ""
        try:
            self.settings = SmtpSettings.from_settings(project.settings, root=project.root)
        except SendError as exc:
            settings_problem = str(exc)

        self.recipients = QPlainTextEdit()
        self.recipients.setPlaceholderText("one address per line (or separated by commas)")
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(90)
        if self.settings is not None:
            self.recipients.setPlainText("\n".join(self.settings.to))
        self.groups: RecipientGroups | None = None
        self.ask_group_name: Callable[[], str | None] = self._ask_group_name
        self.group_box = QComboBox()
        self.group_box.setObjectName("recipientGroups")
        self.add_group_button = QPushButton("Add")
        self.add_group_button.setToolTip("Add the group's addresses to the recipients")
        self.add_group_button.clicked.connect(self._add_group_clicked)
        self.save_group_button = QPushButton("Save as group…")
        self.save_group_button.clicked.connect(self._save_group_clicked)
        self.delete_group_button = QPushButton("Delete")
        self.delete_group_button.clicked.connect(self._delete_group_clicked)
        group_row = QHBoxLayout()
        for w in (
            self.group_box,
            self.add_group_button,
            self.save_group_button,
            self.delete_group_button,
        ):
            group_row.addWidget(w)
        group_row.setStretch(0, 1)
        group_problem = self._load_groups()
        self.profile_box = QComboBox()
        self.profile_box.addItem("No sample data", None)
        for name in self.profiles:
            self.profile_box.addItem(name, name)
        if current_profile is not None and current_profile in self.profiles:
            self.profile_box.setCurrentIndex(self.profile_box.findData(current_profile))
        elif self.profiles:
            self.profile_box.setCurrentIndex(1)
        prefix = self.settings.subject_prefix if self.settings else "[TEST]"
        self.prefix = QCheckBox(f"Put {prefix} before the subject")
        self.prefix.setChecked(True)
        self.prevent_threading = QCheckBox(
            "Prevent threading (a unique subject and header each time)"
        )
        self.prevent_threading.setChecked(True)
        self.server = QLabel(self._server_text())
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(settings_problem or group_problem)
        self.status.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.hide()
        self.problems.itemActivated.connect(self._problem_activated)
        self.problems.itemDoubleClicked.connect(self._problem_activated)
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.setEnabled(self.settings is not None)
        self.send_button.clicked.connect(self.send)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        limit = self.settings.max_recipients if self.settings else 25
        form.addRow(f"To (up to {limit})", self.recipients)
        form.addRow("Groups", group_row)
        form.addRow("Sample data", self.profile_box)
        form.addRow("", self.prefix)
        form.addRow("", self.prevent_threading)
        form.addRow("Server", self.server)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.problems, 1)
        lay.addLayout(buttons)
        self.resize(520, 380)

    # ---- recipient groups (studio.models.recipient_groups) --------------------------
    def _load_groups(self) -> str:
        try:
            self.groups = RecipientGroups.load(environ=self.environ)
        except GroupError as exc:
            self.groups = None
            return str(exc)
        self._fill_groups()
        return ""

    def _fill_groups(self, current: str = "") -> None:
        self.group_box.clear()
        names = self.groups.names() if self.groups is not None else []
        if not names:
            self.group_box.addItem("No groups saved yet", None)
        for name in names:
            count = len(self.groups.groups[name]) if self.groups is not None else 0
            self.group_box.addItem(f"{name} ({count})", name)
        if current:
            self.group_box.setCurrentIndex(max(0, self.group_box.findData(current)))
        for b in (self.add_group_button, self.delete_group_button):
            b.setEnabled(bool(names))
        self.save_group_button.setEnabled(self.groups is not None)

    def _ask_group_name(self) -> str | None:
        text, ok = QInputDialog.getText(self, "Save as group", "Group name:")
        return text if ok else None

    def _add_group_clicked(self, _checked: bool = False) -> None:
        self.add_group()

    def _save_group_clicked(self, _checked: bool = False) -> None:
        self.save_group()

    def _delete_group_clicked(self, _checked: bool = False) -> None:
        self.delete_group()

    def add_group(self) -> list[str]:
        """Append the chosen group's addresses to the recipients (not twice)."""
        name = self.group_box.currentData()
        if self.groups is None or not isinstance(name, str):
            return []
        have = self.recipients.toPlainText().strip()
        known = {a.strip().lower() for a in have.replace(",", "\n").replace(";", "\n").split("\n")}
        new = [a for a in self.groups.groups.get(name, []) if a.lower() not in known]
        self.recipients.setPlainText("\n".join(x for x in (have, *new) if x))
        return new

    def save_group(self) -> str | None:
        """Save the recipients as a named group; the status says what happened."""
        if self.groups is None:
            return None
        name = self.ask_group_name()
        if not name:
            return None
        limit = self.settings.max_recipients if self.settings else 25
        try:
            saved = self.groups.set(name, [self.recipients.toPlainText()], limit=limit)
        except (GroupError, OSError) as exc:
            self.status.setText(f"Group not saved: {exc}")
            return None
        clean = " ".join(name.split())
        self._fill_groups(clean)
        self.status.setText(
            f"Saved the group “{clean}” ({len(saved)} addresses) for every workspace"
        )
        return clean

    def delete_group(self) -> None:
        name = self.group_box.currentData()
        if self.groups is None or not isinstance(name, str):
            return
        try:
            self.groups.delete(name)
        except (GroupError, OSError) as exc:
            self.status.setText(f"Group not deleted: {exc}")
            return
        self._fill_groups()
        self.status.setText(f"Deleted the group “{name}”")

    def _server_text(self) -> str:
        s = self.settings
        if s is None:
            return "— ([smtp] in mailwright.toml has a problem)"
        login = f", login {s.username}" if s.username else ""
        return f"{s.host}:{s.port} ({s.security}{login}) — [smtp] in mailwright.toml"

    def _ask_password(self, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, "SMTP password", label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def profile(self) -> dict[str, Any]:
        name = self.profile_box.currentData()
        return dict(self.profiles.get(name, {})) if isinstance(name, str) else {}

    def _password_if_needed(self) -> bool:
        """Ask once for a login's password when none is found, and keep it in the system
        keyring (or, when there is none, for this dialog). False when the user cancels."""
        settings = self.settings
        if settings is None or not settings.username or self.session_password is not None:
            return True
        try:
            settings.password(self.environ)
            return True
        except SendError:
            pass
        given = self.ask_password(
            f"Password for {settings.username} at {settings.host}:{settings.port}"
        )
        if given is None:
            self.status.setText("Not sent: no password given")
            return False
        problem = store_password(settings, given)
        if problem:
            self.session_password = given
            self.status.setText(f"The password is kept until this dialog closes: {problem}")
        return True

    def send(self) -> bool:
        """Start sending (False when the input is refused at once; the status says why)."""
        if self.sending or self.settings is None:
            return False
        if not self._password_if_needed():
            return False
        self.problems.clear()
        self.problems.hide()
        try:
            to = parse_recipients([self.recipients.toPlainText()], self.settings.max_recipients)
        except SendError as exc:
            self._show_error(exc)
            return False
        options = SendOptions(
            test_prefix=self.prefix.isChecked(),
            prevent_threading=self.prevent_threading.isChecked(),
        )
        source = self.source() if self.source is not None else None
        profile = self.profile()
        settings = self.settings
        environ = self.environ
        if self.session_password is not None:
            environ = {
                **(os.environ if environ is None else environ),
                PASSWORD_VARIABLE: self.session_password,
            }
        self.sending = True
        self.send_button.setEnabled(False)
        self.status.setText(f"Sending to {', '.join(to)}…")

        def work() -> None:
            result: Delivery | SendError
            try:
                result = send_test(
                    self.path,
                    to,
                    project=self.project,
                    profile=profile,
                    settings=settings,
                    options=options,
                    source=source,
                    environ=environ,
                )
            except SendError as exc:
                result = exc
            except Exception as exc:  # a bug must reach the user, not kill the thread
                result = SendError(FailureKind.PROTOCOL, f"internal error: {exc!r}")
            with contextlib.suppress(RuntimeError):  # the dialog was closed and deleted
                self._relay.done.emit(result)

        threading.Thread(target=work, name="send-test", daemon=True).start()
        return True

    def _done(self, result: object) -> None:
        self.sending = False
        self.send_button.setEnabled(True)
        if isinstance(result, SendError):
            self._show_error(result)
        elif isinstance(result, Delivery):
            text = f"Sent “{result.subject}” to {', '.join(result.accepted)}."
            if result.refused:
                text += " Refused: " + "; ".join(
                    f"{a} ({c} {w})" for a, (c, w) in result.refused.items()
                )
            self.status.setText(text)
        self.finished_send.emit(result)

    def _show_error(self, exc: SendError) -> None:
        self.status.setText(("Not sent: " if exc.kind is not FailureKind.RENDER else "") + str(exc))
        if exc.issues:
            for issue in exc.issues:
                where = f"{issue.line}:{issue.column}  " if issue.line else ""
                item = QListWidgetItem(f"{where}{issue.message}")
                item.setData(Qt.ItemDataRole.UserRole, issue)
                self.problems.addItem(item)
            self.problems.show()

    def _problem_activated(self, item: QListWidgetItem) -> None:
        issue = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(issue, Issue):
            self.issue_activated.emit(issue)
