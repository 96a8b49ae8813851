"""The Personalization panel: the data files' attributes as a tree with the selected
profile's values; Add inserts at the caret of the text being edited, Copy copies."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from studio.qt.personalization_panel import PersonalizationPanel
from tests.studio.qt.tree_items import children

pytestmark = pytest.mark.qt

PROFILES: list[dict[str, Any]] = [
    {"customer": {"first_name": "Maya", "member": True}},
    {"customer": {"email": "j@e.x"}, "message_data": {"items": [1, 2]}},
]


def test_tree_add_and_copy(qtbot: QtBot) -> None:
    added: list[tuple[str, str]] = []
    editing = [False]

    def insert(path: str, fallback: str) -> bool:
        if editing[0]:
            added.append((path, fallback))
        return editing[0]

    panel = PersonalizationPanel(lambda: PROFILES, lambda: PROFILES[0], insert)
    qtbot.addWidget(panel)
    panel.show()
    customer = panel.tree.topLevelItem(0)
    assert customer is not None and customer.text(0) == "customer"
    rows = [(child.text(0), child.text(1)) for child in children(customer)]
    assert rows == [("first_name", "Maya"), ("member", "true"), ("email", "")]
    panel.tree.setCurrentItem(children(customer)[0])
    panel.fallback.setText("there")
    assert not panel.add()
    assert "double-click a text on the canvas first" in panel.note.text()
    panel.copy()
    assert QGuiApplication.clipboard().text() == '{{ customer.first_name | default: "there" }}'
    editing[0] = True
    with qtbot.waitSignal(panel.inserted) as sig:
        assert panel.add()
    assert added == [("customer.first_name", "there")]
    assert sig.args == ['{{ customer.first_name | default: "there" }}']
