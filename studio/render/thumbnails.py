"""Thumbnails of the starter layouts for the New Email gallery.

They ship as PNGs in ``resources/starters/thumbnails/`` (so the dialog opens at
once, with no rendering), made from the starters by the real compile and the
offscreen engine::

    QT_QPA_PLATFORM=offscreen python -m studio.render.thumbnails

``index.json`` there records a digest of each starter's source; a test fails when
a starter changes and its thumbnail was not made again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from compiler.liquid import read_profile, render_template
from compiler.pipeline import compile_email
from compiler.project import Project
from studio.workspace.starters import STARTER_DIR, STARTERS

THUMBNAIL_DIR = STARTER_DIR / "thumbnails"
INDEX = THUMBNAIL_DIR / "index.json"
SIZE = (180, 225)  # width, height: the top of the email at 600 px, scaled down
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "data" / "profiles" \
    / "maya.json"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def thumbnail_path(starter_id: str) -> Path:
    return THUMBNAIL_DIR / f"{starter_id}.png"


def write_thumbnails(out: Path = THUMBNAIL_DIR) -> list[Path]:
    """Render every starter (default styles, Liquid for the demo's sample profile) and
    write its thumbnail and the index of digests."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    from studio.models.preview import PreviewState
    from studio.render import shared_qt_engine

    out.mkdir(parents=True, exist_ok=True)
    profile = read_profile(SAMPLE)
    project = Project()
    written: list[Path] = []
    index: dict[str, str] = {}
    for s in STARTERS:
        result = compile_email(s.path.read_text(encoding="utf-8"), file=str(s.path),
                               project=project)
        html = render_template(result.html, profile, file=str(s.path), project=project).text
        image = shared_qt_engine().render(html, PreviewState(), width=620)
        width, height = SIZE
        small = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        card = QImage(width, height, QImage.Format.Format_RGB32)
        card.fill(small.pixelColor(0, small.height() - 1))  # a short email: its background
        painter = QPainter(card)
        painter.drawImage(0, 0, small)
        painter.end()
        small = card
        target = out / f"{s.id}.png"
        if not small.save(str(target)):
            raise OSError(f"{target}: cannot write")
        written.append(target)
        index[s.id] = digest(s.path)
    (out / "index.json").write_text(json.dumps(index, indent=2, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return written


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    for p in write_thumbnails():
        print(p)
