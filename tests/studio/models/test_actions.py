from __future__ import annotations

import pytest

from studio.models.actions import (
    ACTIONS,
    MENUS,
    ActionRegistry,
    action,
    palette_matches,
    shortcut_conflicts,
)


def test_declared_once_unique_ids_and_no_shortcut_conflicts() -> None:
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    assert shortcut_conflicts() == {}
    assert all(a.menu in ("", *MENUS) for a in ACTIONS)


@pytest.mark.parametrize(
    ("aid", "keys"),
    [
        ("preview.inspect", "Ctrl+Shift+C"),
        ("preview.focus", "Ctrl+Shift+M"),
        ("view.toggle_preview", "Ctrl+Shift+D"),
        ("view.toggle_sidebar", "Ctrl+Shift+B"),
        ("edit.preferences", "Ctrl+,"),
        ("line.delete", "Ctrl+Shift+K"),
        ("edit.find_next", "Ctrl+G"),
        ("line.move_up", "Alt+Up"),
        ("file.close_editor", "Alt+W"),
        ("cursor.add_below", "Ctrl+Alt+Down"),
        ("line.select", "Ctrl+L"),
        ("fold.current", "Ctrl+K, Ctrl+["),
        ("fold.unfold_current", "Ctrl+K, Ctrl+]"),
        ("line.outdent", "Ctrl+["),
        ("line.indent", "Ctrl+]"),
    ],
)
def test_keyboard_shortcuts_page(aid: str, keys: str) -> None:
    assert action(aid).shortcut == keys


def test_palette_fuzzy() -> None:
    assert palette_matches("inspect")[0].id == "preview.inspect"
    assert palette_matches("fmt doc")[0].id == "edit.format"
    assert palette_matches("zzzz") == []


def test_registry_trigger_checkable_and_enabled() -> None:
    reg = ActionRegistry()
    calls: list[str] = []
    changes: list[tuple[str, bool]] = []
    reg.checked_changed.connect(changes.append)
    reg.bind("preview.inspect", lambda: calls.append("inspect"))
    assert not reg.trigger("preview.inspect")  # editor-only, no editor yet
    reg.set_editor_open(True)
    assert reg.trigger("preview.inspect")
    assert reg.checked("preview.inspect") and changes == [("preview.inspect", True)]
    assert calls == ["inspect"]
    with pytest.raises(KeyError):
        reg.bind("nope", lambda: None)
