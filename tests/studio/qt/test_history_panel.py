"""The "Version history" panel over a real SQLite history, and its hooks in the window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compiler.root import STATE_DIR
from studio.history import History, history_for
from studio.models.document import EmailDocument
from studio.qt.history_panel import HistoryPanel
from studio.qt.main_window import MainWindow
from tests.conftest import DEMO
from tests.studio.qt.test_layout import shots_dir

pytestmark = pytest.mark.qt

V1 = "---\nsubject: One\n---\n<p>{{ customer.first_name }}</p>\n"


class Answers:
    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def ask(self, title: str, text: str, buttons: tuple[str, ...]) -> str:
        self.asked.append(text)
        answer = self.answers.pop(0)
        assert answer is not None
        return answer

    def prompt(self, title: str, label: str) -> str | None:
        self.asked.append(label)
        return self.answers.pop(0)


@pytest.fixture()
def setup(tmp_path: Path) -> Iterator[tuple[History, EmailDocument]]:
    (tmp_path / "mailwright.toml").write_text("", encoding="utf-8")
    (tmp_path / "emails").mkdir()
    email = tmp_path / "emails" / "a.html"
    email.write_text(V1, encoding="utf-8")
    history = History(tmp_path, author="Tess")
    doc = EmailDocument.load(email)
    doc.history = history
    yield history, doc
    history.close()


def test_saves_record_versions_and_the_panel_compares_them(
    qtbot: QtBot, setup: tuple[History, EmailDocument]
) -> None:
    history, doc = setup
    panel = HistoryPanel(history, doc)
    qtbot.addWidget(panel)
    assert panel.list.count() == 0 and "No versions yet" in panel.status.text()
    doc.save()  # the document records a version on every save
    assert doc.history_error is None
    doc.set_text(V1 + "<p>second</p>\n")
    doc.save()
    doc.save()  # unchanged: no new version
    assert [v.number for v in panel.shown] == [2, 1]  # refreshed on save
    assert panel.list.item(0).text().startswith("2 · save\n")
    assert "Tess" in panel.list.item(0).text()
    panel.list.setCurrentRow(0)
    lines = panel.diff_view.toPlainText().splitlines()
    assert lines[0] == "--- emails/a.html (version 1)" and "+<p>second</p>" in lines
    panel.list.setCurrentRow(1)  # the first version: its text
    assert panel.diff_view.toPlainText() == V1
    doc.set_text(V1 + "<p>unsaved</p>\n")
    panel.compare.setCurrentIndex(1)  # with the current text
    assert "+<p>unsaved</p>" in panel.diff_view.toPlainText().splitlines()
    panel.list.setCurrentRow(0)
    assert "-<p>second</p>" in panel.diff_view.toPlainText().splitlines()
    # the diff is coloured: an added line has the green background
    block = panel.diff_view.document().findBlockByNumber(
        panel.diff_view.toPlainText().splitlines().index("+<p>unsaved</p>")
    )
    formats = block.layout().formats()
    assert formats and formats[0].format.background().color().name() == "#dcfce7"


def test_save_named_version_and_filter(qtbot: QtBot, setup: tuple[History, EmailDocument]) -> None:
    history, doc = setup
    answers = Answers("Launch copy", None, "again")
    panel = HistoryPanel(history, doc, prompt=answers.prompt)
    qtbot.addWidget(panel)
    assert panel.save_version()
    assert panel.status.text() == "Saved version 1."
    assert not panel.save_version()  # cancelled at the prompt
    assert not panel.save_version()  # nothing changed
    assert "was not saved" in panel.status.text()
    doc.set_text(V1 + "<p>x</p>\n")
    doc.save()
    panel.filter.setCurrentIndex(1)
    assert [v.number for v in panel.shown] == [1]
    assert panel.list.item(0).text().startswith("1 · manual · “Launch copy”")


def test_restore_keeps_unsaved_text_and_reloads_the_editor(
    qtbot: QtBot, setup: tuple[History, EmailDocument]
) -> None:
    history, doc = setup
    doc.save()
    doc.set_text(V1 + "<p>two</p>\n")
    doc.save()
    unsaved = V1 + "<p>two</p>\n<p>unsaved {{ x }}</p>\n"
    doc.set_text(unsaved)
    answers = Answers("Cancel", "Restore")
    panel = HistoryPanel(history, doc, ask=answers.ask)
    qtbot.addWidget(panel)
    panel.list.setCurrentRow(1)  # version 1
    assert panel.restore_selected() is None  # cancelled
    assert doc.path is not None
    assert doc.text == unsaved and len(history.versions(doc.path)) == 2
    with qtbot.waitSignal(panel.restored) as sig:
        made = panel.restore_selected()
    assert made is not None and sig.args[0] == made and made.number == 4
    assert "The current text is kept as a new version first." in answers.asked[-1]
    assert doc.text == V1 and not doc.dirty
    assert doc.path is not None and doc.path.read_text(encoding="utf-8") == V1
    assert history.get(doc.path, 3).text == unsaved
    assert [v.kind for v in panel.shown] == ["restore", "save", "save", "save"]
    doc.undo()  # the reload is undoable, like any edit
    assert doc.text == unsaved


def test_a_damaged_history_is_reported_not_raised(
    qtbot: QtBot, setup: tuple[History, EmailDocument]
) -> None:
    history, doc = setup
    history.close()
    history.path.parent.mkdir(exist_ok=True)
    history.path.write_bytes(b"junk" * 500)
    panel = HistoryPanel(history, doc)
    qtbot.addWidget(panel)
    assert "the version history is damaged" in panel.status.text()
    doc.set_text(V1 + "<p>x</p>\n")
    doc.save()  # the save itself stands; the new history records it
    assert doc.history_error is None
    assert [v.number for v in panel.shown] == [1]


def test_history_for_reads_the_policy(tmp_path: Path) -> None:
    h, problem = history_for(tmp_path, {"history": {"keep_last": 7}})
    assert problem is None and h.policy.keep_last == 7
    h, problem = history_for(tmp_path, {"history": {"keep_last": "all"}})
    assert problem is not None and "keep_last" in problem and h.policy.keep_last == 100


def test_window_records_on_save_and_opens_the_panel_and_dialog(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w.preview_settings.update(block_images=True)
    try:
        assert w.open_workspace(tmp_path / "demo")
        page = w.open_file("emails/transactional/receipt.html")
        assert page is not None and page.document.history is w.history
        page.document.set_text(page.document.text + "\n<!-- edited -->\n")
        assert w.registry.trigger("file.save")
        assert (tmp_path / "demo" / STATE_DIR / "history.sqlite").is_file()
        assert w.registry.trigger("file.version_history")
        panel = w.history_dock.widget() if w.history_dock else None
        assert isinstance(panel, HistoryPanel)
        assert [v.file for v in panel.shown] == ["emails/transactional/receipt.html"]
        assert w.registry.trigger("file.send_test")
        assert w.send_dialog is not None
        assert w.send_dialog.profile_box.count() == 1 + len(page.sample_profiles)
        w.send_dialog.close()
    finally:
        for p in w.pages():
            p.document.save()
        w.close()


def test_side_by_side_and_rendered_views(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 12: the history diff was plain text only. Side by side: the lines face each
    other, coloured. Rendered: both versions as the preview shows them (Liquid rendered
    for the default profile), the region that changed highlighted and nothing else."""
    shutil.copytree(DEMO, tmp_path / "demo")
    from compiler import load_project

    project = load_project(tmp_path / "demo")
    email = tmp_path / "demo" / "emails" / "transactional" / "receipt.html"
    history = History(tmp_path / "demo", author="Tess")
    doc = EmailDocument.load(email)
    doc.history = history
    try:
        doc.save()
        doc.set_text(doc.text.replace("Thanks, {{", "Thank you so much, {{"))
        doc.save()
        panel = HistoryPanel(history, doc, project=project)
        qtbot.addWidget(panel)
        panel.resize(900, 700)
        panel.show()
        panel.list.setCurrentRow(0)  # version 2, against version 1
        panel.view_box.setCurrentIndex(panel.view_box.findText("Side by side"))
        side = panel.side
        assert panel.views.currentWidget() is side
        changed = [r for r in side.rows if r.kind != "same"]
        assert len(changed) == 1 and changed[0].kind == "changed"
        assert "Thanks," in changed[0].old_text and "Thank you so much," in changed[0].new_text
        row = side.rows.index(changed[0])
        assert side.old_view.document().findBlockByNumber(row).text() == changed[0].old_text
        for view, colour in ((side.old_view, "#fee2e2"), (side.new_view, "#dcfce7")):
            formats = view.document().findBlockByNumber(row).layout().formats()
            assert formats and formats[0].format.background().color().name() == colour
        assert side.new_label.text() == "emails/transactional/receipt.html (version 2)"
        panel.grab().save(str(shots_dir(tmp_path) / "history-side-by-side.png"))

        panel.view_box.setCurrentIndex(panel.view_box.findText("Rendered"))
        rendered = panel.rendered
        assert panel.views.currentWidget() is rendered
        old_bands, new_bands = rendered.bands
        assert len(old_bands) == 1 and len(new_bands) == 1  # the heading, nothing else
        assert rendered.images is not None
        height = rendered.images[1].height()
        start, end = new_bands[0]
        assert 40 < start < end < height / 2 and end - start < 120  # near the top
        assert (
            "1 region(s) gone (red), 1 region(s) new or changed (green)" in rendered.summary.text()
        )
        assert rendered.new_picture.pixmap() is not None
        panel.grab().save(str(shots_dir(tmp_path) / "history-rendered.png"))
    finally:
        history.close()
