"""The starter thumbnails the New Email gallery shows (issue 12, start screen)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.render.thumbnails import INDEX, SIZE, digest, thumbnail_path, write_thumbnails
from studio.workspace.starters import STARTERS


def test_every_starter_has_a_current_thumbnail() -> None:
    """Fails when a starter changed and its thumbnail was not made again
    (``python -m studio.render.thumbnails``)."""
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    assert set(index) == {s.id for s in STARTERS}
    stale = [s.id for s in STARTERS if index[s.id] != digest(s.path)]
    assert stale == [], "run: QT_QPA_PLATFORM=offscreen python -m studio.render.thumbnails"
    for s in STARTERS:
        assert thumbnail_path(s.id).is_file()


@pytest.mark.qt
def test_thumbnails_are_the_top_of_the_rendered_starter(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    written = write_thumbnails(tmp_path)
    assert [p.name for p in written] == [f"{s.id}.png" for s in STARTERS]
    for p in written:
        image = QImage(str(p))
        assert (image.width(), image.height()) == SIZE
        colours = {image.pixel(x, y) for x in range(0, SIZE[0], 6) for y in range(0, SIZE[1], 6)}
        assert len(colours) > 20  # a picture of an email, not a blank card
    assert json.loads((tmp_path / "index.json").read_text("utf-8")) == json.loads(
        INDEX.read_text("utf-8")
    )
