from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.models.filetree import FileTreeModel, SearchModel
from studio.models.preferences import Preferences, PreferencesModel
from studio.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.create(tmp_path / "w")
    for name, text in (
        ("b.html", "<card-a></card-a><card-a/>"),
        ("a.html", "<card-b/>"),
        ("c.html", "<card-a></card-a>"),
    ):
        (w.root / "emails" / name).write_text(text)
    (w.root / "emails" / "zfolder").mkdir()
    w.create_component("card-a")
    w.create_component("card-b")
    os.utime(w.root / "emails/a.html", (1000, 1000))
    os.utime(w.root / "emails/b.html", (3000, 3000))
    os.utime(w.root / "emails/c.html", (2000, 2000))
    return w


def names(model: FileTreeModel, top: str) -> list[str]:
    node = next(n for n in model.tree().children if n.name == top)
    return [c.name for c in node.children]


def test_sort_folders_first_by_name_edited_used(ws: Workspace) -> None:
    m = FileTreeModel(ws)
    assert names(m, "emails") == ["zfolder", "a.html", "b.html", "c.html"]
    m.set_sort("edited", descending=True)
    assert names(m, "emails") == ["zfolder", "b.html", "c.html", "a.html"]
    m.set_sort("used_in", descending=True)
    assert names(m, "components") == ["card-a.html", "card-b.html"]
    assert m.used_in("components/card-a.html") == 2
    with pytest.raises(ValueError, match="unknown sort"):
        m.set_sort("size")


def test_filter_and_poll_detects_disk_changes(ws: Workspace) -> None:
    m = FileTreeModel(ws)
    events: list[None] = []
    m.changed.connect(events.append)
    m.set_filter("components")
    assert {e.rel for e in m.rows()} == {
        "components",
        "components/card-a.html",
        "components/card-b.html",
    }
    assert not m.poll()
    (ws.root / "components" / "card-c.html").write_text("<template/>")
    assert m.poll()
    assert "components/card-c.html" in [e.rel for e in m.rows()]
    assert len(events) == 2


def test_search_model_summary(ws: Workspace) -> None:
    s = SearchModel(ws)
    s.set_query("card-a")
    assert s.summary == "3 files match “card-a”"
    assert s.hits[0].file.rel == "components/card-a.html"


def test_preferences_validate() -> None:
    p = Preferences.from_dict(
        {"theme": "neon", "font_size": "200", "hover_support": "false", "tab_width": "x"}
    )
    assert (p.theme, p.font_size, p.hover_support, p.tab_width) == ("light", 48, False, 2)
    model = PreferencesModel()
    seen: list[tuple[str, object]] = []
    model.changed.connect(seen.append)
    model.set("theme", "dark")
    model.set("theme", "dark")
    assert seen == [("theme", "dark")]
