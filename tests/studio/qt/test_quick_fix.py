"""The Problems list's quick fix through a real editor page: the Fix button of the
linked-stylesheet warning sets the option for the email, the Transformers tab shows
it, and the recompiled preview has the stylesheet inlined and the warning gone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from compiler.project import load_project
from studio.models.document import EmailDocument
from studio.models.preview import PreviewSettings
from studio.qt.editor_page import EditorPage
from tests.studio.models.test_quick_fix import workspace

pytestmark = pytest.mark.qt

RULE = "inline-css/linked-stylesheet"


def test_the_fix_button_inlines_the_linked_stylesheet(qtbot: QtBot, tmp_path: Path) -> None:
    email = workspace(tmp_path)
    page = EditorPage(
        EmailDocument.load(email),
        project=load_project(tmp_path),
        preview_settings=PreviewSettings(),
        editor_mode="code",
    )
    page.resize(1280, 800)
    page.show()
    try:
        problems = page.devtools.problems
        qtbot.waitUntil(lambda: any(p.issue.rule == RULE for p in problems.problems), timeout=30000)
        row = next(n for n, p in enumerate(problems.problems) if p.issue.rule == RULE)
        fixable = [n for n in range(len(problems.problems)) if problems.fixes_at(n)]
        assert fixable == [row]  # only the problem that offers a fix has a button
        button = problems.fix_button(row)
        assert isinstance(button, QToolButton) and button.text() == "Fix"
        assert button.toolTip() == "Set inline-css.linked_stylesheets = true for this email"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

        side = email.with_suffix(".json")
        assert json.loads(side.read_text("utf-8")) == {
            "transformers": {"inline-css": {"linked_stylesheets": True}}
        }
        assert (
            "this email"
            in page.transformers_tab.labels[("inline-css", "linked_stylesheets")].text()
        )
        qtbot.waitUntil(
            lambda: (
                page.state.result is not None
                and 'style="color: #c0392b;"' in page.state.result.html
            ),
            timeout=30000,
        )
        qtbot.waitUntil(lambda: page.state.checked, timeout=30000)  # the checks of that compile
        assert not [p for p in problems.problems if p.issue.rule == RULE]
        result = page.state.result
        assert result is not None and "{{ customer.first_name }}" in result.html
        assert not page.document.dirty  # the email itself is not edited
    finally:
        page.shutdown()
        page.close()
        page.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
