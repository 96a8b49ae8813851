"""The Review panel in the real window on the demo's spring email: comments from the
files, pins drawn on the preview, Comment… at the cursor for the preview's device and
scheme, Resolve/Reopen written back, outdated comments kept."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.models.preview import Scheme, SizeMode
from studio.models.reviews import ReviewStore, anchor_at_line
from studio.qt.main_window import MainWindow
from tests.studio.qt.test_layout import clipped, save_shot, shots_dir

SPRING = "emails/marketing/spring-collection.html"


def test_comments_are_listed_pinned_added_resolved_and_reopened(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.project is not None
    root = window.project.root
    assert root is not None
    text = (root / SPRING).read_text("utf-8")
    store = ReviewStore(root)
    store.add(
        SPRING,
        "Hero is too dark on phones",
        author="Ana",
        anchor=anchor_at_line(text, 17),
        device="mobile",
        scheme="dark",
        created="2026-12-07T09:00:00.000Z",
    )
    store.add(
        SPRING,
        "Old remark",
        author="Ben",
        created="2026-12-07T09:01:00.000Z",
        anchor=anchor_at_line("---\n---\n<x-base><x-gone></x-gone></x-base>\n", 3, 9),
    )
    page = window.open_file(SPRING)
    assert page is not None
    qtbot.waitUntil(lambda: page.preview.loaded, timeout=30000)
    panel = window.show_review()
    assert panel is not None and window.review_dock is not None
    assert window.review_dock.objectName() in window.panels  # View ▸ Panels, layout kept
    assert panel.summary.text() == "2 comments, 2 open"
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert rows[0].startswith("1. mobile/dark · <x-image> line 17")
    assert "outdated (was <x-gone> at line 3)" in rows[1]
    qtbot.waitUntil(lambda: panel.pins_shown == 1, timeout=10000)  # the outdated one: no pin

    # selecting a comment shows its device and scheme, and its element
    panel.list.setCurrentRow(0)
    state = page.preview.settings.state
    assert (state.size_mode, state.scheme) == (SizeMode.MOBILE, Scheme.DARK)
    assert page.state.cursor == text.index("<x-image")
    qtbot.waitUntil(lambda: panel.pins_shown == 1 and page.preview.loaded, timeout=30000)
    focused: list[object] = []
    page.preview.focus_node(added_node := panel.placed[0].node, focused.append)
    qtbot.waitUntil(lambda: bool(focused), timeout=10000)
    assert added_node is not None and isinstance(focused[0], dict)  # the element is there

    # the screen at a laptop's size: nothing cut off (docs/images/review-1280x800.png)
    page.preview.settings.update(size_mode=SizeMode.DESKTOP, scheme=Scheme.LIGHT)
    panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: page.preview.loaded and panel.pins_shown == 1, timeout=30000)
    assert clipped(window) == []
    save_shot(window, page, qtbot, shots_dir(tmp_path) / "review-1280x800.png")

    # Comment… on the element at the cursor, for the preview's device and scheme
    page.preview.settings.update(size_mode=SizeMode.DESKTOP, scheme=Scheme.LIGHT)
    page.state.set_cursor(text.index("Shop the collection"))
    added = panel.add("Make the button bigger")
    assert added is not None and added.node is not None
    assert added.comment.anchor is not None and added.comment.anchor.tag == "x-cta"
    data = json.loads(store.file(added.comment).read_text("utf-8"))
    assert (data["device"], data["scheme"], data["author"]) == ("desktop", "light", panel.author)
    assert panel.summary.text() == "3 comments, 3 open"
    qtbot.waitUntil(lambda: panel.pins_shown == 2, timeout=10000)

    # Resolve hides it (and its pin); Show resolved lists it; Reopen brings it back
    panel.list.setCurrentRow(2)
    panel.set_status(resolved=True)
    assert json.loads(store.file(added.comment).read_text("utf-8"))["status"] == "resolved"
    assert panel.list.count() == 2 and panel.summary.text() == "3 comments, 2 open"
    qtbot.waitUntil(lambda: panel.pins_shown == 1, timeout=10000)
    panel.show_resolved.setChecked(True)
    assert panel.list.count() == 3 and "resolved by" in panel.list.item(2).text()
    panel.list.setCurrentRow(2)
    panel.set_status(resolved=False)
    assert json.loads(store.file(added.comment).read_text("utf-8"))["status"] == "open"

    # Reply…, This device and scheme only, Delete
    panel.list.setCurrentRow(0)
    replied = panel.reply("Lighter in v3")
    assert replied is not None and [r.text for r in replied.comment.replies] == ["Lighter in v3"]
    assert "↳ " + panel.author + ": Lighter in v3" in panel.list.item(0).text()
    page.preview.settings.update(size_mode=SizeMode.DESKTOP, scheme=Scheme.LIGHT)
    panel.this_view_only.setChecked(True)
    assert [panel.list.item(i).text().split(" · ")[0] for i in range(panel.list.count())] == [
        "2. desktop/light",
        "3. desktop/light",
    ]
    page.preview.settings.update(size_mode=SizeMode.MOBILE, scheme=Scheme.DARK)
    assert panel.list.count() == 1 and panel.list.item(0).text().startswith("1. mobile/dark")
    panel.this_view_only.setChecked(False)
    panel.list.setCurrentRow(2)
    panel.delete()
    assert not store.file(added.comment).exists()
    assert panel.summary.text() == "2 comments, 2 open"

    # the panel follows the email shown
    receipt = window.open_file("emails/transactional/receipt.html")
    assert receipt is not None and window.review_dock.panel is not None
    assert window.review_dock.panel.email == "emails/transactional/receipt.html"
    assert window.review_dock.panel.summary.text().startswith("No comments yet")

    # New round…: named in the summary, new comments belong to it
    spring = window.open_file(SPRING)
    assert spring is not None and window.review_dock.panel is not None
    spring_panel = window.review_dock.panel
    made = spring_panel.new_round("Round 2")
    assert made is not None and made.version is not None
    assert spring_panel.summary.text().startswith("Round “Round 2” · ")
    added = spring_panel.add("After the round")
    assert added is not None and added.comment.round == "Round 2"


def test_pins_show_on_the_visual_canvas_and_survive_its_patches(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A designer works in Visual mode (the default): open comments carry their pins on
    the canvas too, drawn again after the canvas patches its page for an edit."""
    import shutil

    from PySide6.QtCore import QSettings

    from tests.conftest import DEMO
    from tests.studio.qt.test_canvas import js

    shutil.copytree(DEMO, tmp_path / "demo", ignore=shutil.ignore_patterns("dist"))
    root = tmp_path / "demo"
    text = (root / SPRING).read_text("utf-8")
    ReviewStore(root).add(
        SPRING,
        "Hero is too dark",
        author="Ana",
        anchor=anchor_at_line(text, 17),
        created="2026-12-07T09:00:00.000Z",
    )
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    qtbot.addWidget(window)
    assert window.open_workspace(root)
    window.resize(1280, 800)
    page = window.open_file(SPRING)
    assert page is not None
    canvas = page.visual.canvas
    with qtbot.waitSignal(canvas.updated, timeout=30000):
        window.show()
    assert page.editor_mode == "visual"
    panel = window.show_review()
    assert panel is not None and panel.canvas is canvas
    qtbot.waitUntil(lambda: panel.canvas_pins_shown == 1, timeout=10000)

    def pins_on_canvas() -> list[str]:
        found = js(
            qtbot,
            canvas,
            "[...document.querySelectorAll('.mw-review-pin')]"
            ".map(e => e.textContent + '|' + e.title).join('\\n')",
        )
        return str(found).split("\n") if found else []

    assert pins_on_canvas() == ["1|Ana: Hero is too dark"]
    # an edit patches the canvas in place (the pin would go with the old body): drawn again
    with qtbot.waitSignal(canvas.updated, timeout=30000) as patched:
        page.document.set_text(
            page.document.text.replace("Spring is on the trail", "Spring is here")
        )
    assert patched.args == ["morph"]
    qtbot.waitUntil(lambda: panel.canvas_pins_shown == 1, timeout=10000)
    assert pins_on_canvas() == ["1|Ana: Hero is too dark"]
    window.close()
