"""Thumbnails for the New Email gallery: the starter layouts and the workspace's
own templates.

The starters' ship as PNGs in ``resources/starters/thumbnails/`` (so the dialog
opens at once, with no rendering), made from the starters by the real compile and
the offscreen engine::

    QT_QPA_PLATFORM=offscreen python -m studio.render.thumbnails

``index.json`` there records a digest of each starter's source; a test fails when
a starter changes and its thumbnail was not made again.

A workspace template's thumbnail (:func:`template_thumbnail`) is made the same way
on first need and kept in ``.mailwright/thumbnails/<digest>.png``; the digest covers
the template, the workspace's settings and styles and every component it uses, so
a change to any of them makes a new one.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.liquid import read_profile, render_template
from compiler.pipeline import compile_email
from compiler.project import Project
from compiler.root import SETTINGS_FILE, STATE_DIR, STYLES_FILE
from studio.workspace.starters import STARTER_DIR, STARTERS

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

THUMBNAIL_DIR = STARTER_DIR / "thumbnails"
INDEX = THUMBNAIL_DIR / "index.json"
SIZE = (180, 225)  # width, height: the top of the email at 600 px, scaled down
SAMPLE = (
    Path(__file__).resolve().parents[2] / "resources" / "demo" / "data" / "profiles" / "maya.json"
)
CACHE = "thumbnails"  # under the workspace's STATE_DIR
#: a template larger than this keeps its icon (its compile would hold up the dialog)
TEMPLATE_MAX_CHARS = 1_000_000


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def thumbnail_path(starter_id: str) -> Path:
    return THUMBNAIL_DIR / f"{starter_id}.png"


def card(html: str, *, base_url: str = "about:blank", project: Project | None = None) -> QImage:
    """``html`` rendered at 620 px in the offscreen engine, scaled to a gallery card (the
    top of the email; a short email is filled out with its background). With
    ``project``, image URLs under its ``[assets] base_url`` show its ``assets/`` files,
    as in the preview."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    from studio.models.preview import PreviewState
    from studio.render import shared_qt_engine

    image = shared_qt_engine().render(
        html,
        PreviewState(),
        width=620,
        base_url=base_url,
        assets=project.asset_path if project else None,
    )
    width, height = SIZE
    small = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    out = QImage(width, height, QImage.Format.Format_RGB32)
    out.fill(small.pixelColor(0, small.height() - 1))
    painter = QPainter(out)
    painter.drawImage(0, 0, small)
    painter.end()
    return out


def write_thumbnails(out: Path = THUMBNAIL_DIR) -> list[Path]:
    """Render every starter (default styles, Liquid for the demo's sample profile) and
    write its thumbnail and the index of digests."""
    out.mkdir(parents=True, exist_ok=True)
    profile = read_profile(SAMPLE)
    project = Project()
    written: list[Path] = []
    index: dict[str, str] = {}
    for s in STARTERS:
        result = compile_email(
            s.path.read_text(encoding="utf-8"), file=str(s.path), project=project
        )
        html = render_template(result.html, profile, file=str(s.path), project=project).text
        target = out / f"{s.id}.png"
        if not card(html).save(str(target)):
            raise OSError(f"{target}: cannot write")
        written.append(target)
        index[s.id] = digest(s.path)
    (out / "index.json").write_text(
        json.dumps(index, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return written


def _template_digest(project: Project, root: Path, text: str) -> str:
    from studio.publish import components_used

    h = hashlib.sha256(text.encode("utf-8"))
    inputs = [
        root / SETTINGS_FILE,
        root / STYLES_FILE,
        *sorted(components_used(project, text).values()),
    ]
    for path in inputs:
        h.update(b"\0" + str(path).encode("utf-8") + b"\0")
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


def template_thumbnail(project: Project, template: Path, *, make: bool = True) -> Path | None:
    """The gallery card of a workspace template: its cached PNG, made first (in the
    offscreen engine, Liquid for the workspace's default sample profile, or for an
    empty one) when ``make``.
    None without a workspace, when it is not cached and not ``make``, or when the
    template cannot be read or rendered or is over :data:`TEMPLATE_MAX_CHARS` (the
    gallery then shows an icon)."""
    root = project.root
    if root is None:
        return None
    try:
        if template.stat().st_size > 4 * TEMPLATE_MAX_CHARS:
            return None
        text = template.read_text(encoding="utf-8")
        if len(text) > TEMPLATE_MAX_CHARS:
            return None
        target = root / STATE_DIR / CACHE / f"{_template_digest(project, root, text)}.png"
    except (OSError, UnicodeDecodeError):
        return None
    if target.is_file() or not make:
        return target if target.is_file() else None
    from studio.publish import default_sample
    from studio.render.engine import RenderError
    from studio.render.page import base_url_for

    result = compile_email(text, file=str(template), project=project)
    profile, _label = default_sample(project)  # none: an unknown recipient, defaults shown
    html = render_template(result.html, profile or {}, file=str(template), project=project).text
    try:
        image = card(html, base_url=base_url_for(template), project=project)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part.png")
        if not image.save(str(partial)):
            return None
        partial.replace(target)
    except (RenderError, OSError):
        return None
    return target


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    for p in write_thumbnails():
        print(p)
