"""First launch: the demo, a new workspace from a starter, or a folder; then it opens."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.qt


def test_open_the_demo_copies_it_once(qapp: object, tmp_path: Path) -> None:
    from studio.qt.first_launch import DEMO_FOLDER_NAME, FirstLaunchDialog

    dialog = FirstLaunchDialog(base=tmp_path)
    chosen: list[str] = []
    dialog.chosen.connect(chosen.append)
    first = dialog.open_demo()
    assert first == tmp_path / DEMO_FOLDER_NAME
    assert (first / "emails" / "marketing" / "spring-collection.html").is_file()
    (first / "emails" / "mine.html").write_text("<x-base></x-base>\n", encoding="utf-8")
    assert dialog.open_demo() == first  # the user's copy is kept, not replaced
    assert (first / "emails" / "mine.html").is_file()
    assert chosen == [str(first), str(first)]


def test_new_workspace_from_the_chosen_starter(qapp: object, tmp_path: Path) -> None:
    from studio.qt.first_launch import FirstLaunchDialog

    dialog = FirstLaunchDialog(base=tmp_path)
    chosen: list[str] = []
    dialog.chosen.connect(chosen.append)
    mjml = next(i for i, s in enumerate(dialog.starter_list) if s.path.suffix == ".mjml")
    dialog.name_edit.setText("Spring launch")
    dialog.starter_box.setCurrentIndex(mjml)
    dialog.location_edit.setText(str(tmp_path / "work"))
    dialog.create_button.click()
    root = tmp_path / "work" / "Spring launch"
    assert chosen == [str(root.resolve())]
    assert (root / "emails" / "welcome.mjml").is_file()
    assert (root / "data" / "profiles" / "default.json").is_file()


def test_problems_are_shown_not_raised(qapp: object, tmp_path: Path) -> None:
    from studio.qt.first_launch import FirstLaunchDialog

    dialog = FirstLaunchDialog(base=tmp_path)
    chosen: list[str] = []
    dialog.chosen.connect(chosen.append)
    assert dialog.create_workspace("  ", 0, tmp_path) is None
    assert "name" in dialog.error.text()
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x.txt").write_text("x", encoding="utf-8")
    assert dialog.create_workspace("taken", 0, tmp_path) is None
    assert "empty folder" in dialog.error.text()
    assert not dialog.open_folder(tmp_path / "missing")
    assert "no such folder" in dialog.error.text()
    assert chosen == []
    assert dialog.open_folder(tmp_path / "taken")
    assert chosen == [str(tmp_path / "taken")]


def test_studio_without_a_workspace_offers_first_launch(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No workspace and none recent: the dialog shows; "Open the demo" opens the copy."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studio.qt.app import run
    from studio.qt.first_launch import FirstLaunchDialog
    from studio.qt.main_window import MainWindow

    monkeypatch.setenv("HOME", str(tmp_path))
    seen: list[str] = []

    def click_demo() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, FirstLaunchDialog) and w.isVisible()
        ]
        seen.append(f"dialogs={len(dialogs)}")
        if dialogs:
            dialogs[0].demo_button.click()

    def look() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible() and w.workspace is not None:
                seen.append(str(w.workspace.root))

    QTimer.singleShot(100, click_demo)
    QTimer.singleShot(400, look)
    assert run(None, quit_after_ms=700, settings_file=tmp_path / "s.ini") == 0
    assert seen == ["dialogs=1", str((tmp_path / "Mailwright" / "Fernway demo").resolve())]
