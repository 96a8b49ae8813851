"""Version History's other views: the two versions side by side, and the two versions
rendered with the changed regions highlighted (over :mod:`studio.models.diff`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPainter,
    QPixmap,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from compiler.liquid import default_profile
from compiler.pipeline import compile_email
from compiler.project import Project, ProjectError
from studio.models.diff import Band, DiffRow, Kind, changed_bands, side_by_side
from studio.models.preview import PreviewState
from studio.qt.preview import render_liquid
from studio.render.page import base_url_for

HINT_WIDTH = 280  # what the views ask of the Version History dock
OLD_COLOUR = "#fee2e2"
NEW_COLOUR = "#dcfce7"
BLANK_COLOUR = "#eceff3"


class _Rows(QSyntaxHighlighter):
    """Colours each line of one side by what happened to it."""

    def __init__(self, document: QTextDocument, old_side: bool) -> None:
        super().__init__(document)
        self.kinds: list[Kind] = []
        self.blank: list[bool] = []
        self.formats: dict[str, QTextCharFormat] = {}
        mine = OLD_COLOUR if old_side else NEW_COLOUR
        for key, colour in (("mine", mine), ("blank", BLANK_COLOUR)):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colour))
            fmt.setForeground(QColor("#111111"))
            self.formats[key] = fmt

    def highlightBlock(self, text: str) -> None:
        n = self.currentBlock().blockNumber()
        if n >= len(self.kinds) or self.kinds[n] == "same":
            return
        fmt = self.formats["blank" if self.blank[n] else "mine"]
        self.setFormat(0, max(len(text), 1), fmt)


class SideBySide(QWidget):
    """The older version on the left, the newer on the right, lines facing each other,
    scrolled together."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DiffRow] = []
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.old_view, self.new_view = QPlainTextEdit(), QPlainTextEdit()
        self.old_label, self.new_label = QLabel(), QLabel()
        self.highlighters = []
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        for view, label, old in (
            (self.old_view, self.old_label, True),
            (self.new_view, self.new_label, False),
        ):
            view.setReadOnly(True)
            view.setFont(font)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.highlighters.append(_Rows(view.document(), old))
            column = QVBoxLayout()
            column.setSpacing(0)
            label.setObjectName("sideLabel")
            column.addWidget(label)
            column.addWidget(view, 1)
            lay.addLayout(column, 1)
        for a, b in ((self.old_view, self.new_view), (self.new_view, self.old_view)):
            a.verticalScrollBar().valueChanged.connect(b.verticalScrollBar().setValue)
            a.horizontalScrollBar().valueChanged.connect(b.horizontalScrollBar().setValue)

    def sizeHint(self) -> QSize:
        return QSize(HINT_WIDTH, 300)  # the dock stays narrow; widen it to compare

    def show_texts(self, old: str, new: str, old_label: str, new_label: str) -> None:
        self.rows = side_by_side(old, new)
        self.old_label.setText(old_label)
        self.new_label.setText(new_label)
        for view, hl, old_side in (
            (self.old_view, self.highlighters[0], True),
            (self.new_view, self.highlighters[1], False),
        ):
            hl.kinds = [r.kind for r in self.rows]
            hl.blank = [(r.old_line if old_side else r.new_line) == 0 for r in self.rows]
            view.setPlainText(
                "\n".join((r.old_text if old_side else r.new_text) for r in self.rows)
            )


def row_keys(image: QImage) -> list[bytes]:
    """One value per pixel row of ``image`` (its bytes), for :func:`changed_bands`."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    width = rgb.width() * 4
    bits = bytes(rgb.constBits())
    per_line = rgb.bytesPerLine()
    return [bits[y * per_line : y * per_line + width] for y in range(rgb.height())]


def marked(image: QImage, bands: list[Band], colour: str) -> QImage:
    """``image`` with each changed band tinted and flagged at the left edge."""
    out = image.convertToFormat(QImage.Format.Format_ARGB32)
    painter = QPainter(out)
    tint = QColor(colour)
    tint.setAlpha(90)
    edge = QColor(colour).darker(160)
    for start, end in bands:
        painter.fillRect(0, start, out.width(), end - start, tint)
        painter.fillRect(0, start, 6, end - start, edge)
    painter.end()
    return out


def render_version(text: str, path: Path, project: Project | None) -> QImage:
    """A version as the preview shows it: compiled, its Liquid rendered for the
    workspace's default profile, full height in the shared offscreen engine."""
    from studio.render import shared_qt_engine

    result = compile_email(text, file=str(path), project=project)
    html = result.html
    if project is not None:
        try:
            profile = default_profile(project)
        except ProjectError:
            profile = None
        if profile is not None:
            html, _errors = render_liquid(html, profile, project, str(path))
    return shared_qt_engine().render(
        html,
        PreviewState(),
        base_url=base_url_for(path),
        assets=project.asset_path if project else None,
    )


class RenderedDiff(QWidget):
    """The two versions rendered side by side; the changed regions tinted (red: gone
    from the older, green: new in the newer)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: tuple[QImage, QImage] | None = None
        self.bands: tuple[list[Band], list[Band]] = ([], [])
        self.old_picture, self.new_picture = QLabel(), QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QWidget()
        pictures = QHBoxLayout(row)
        pictures.setContentsMargins(0, 0, 0, 0)
        for label in (self.old_picture, self.new_picture):
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            pictures.addWidget(label, 1)
        self.pictures = QScrollArea()
        self.pictures.setWidgetResizable(True)
        self.pictures.setWidget(row)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.pictures, 1)

    def sizeHint(self) -> QSize:
        return QSize(HINT_WIDTH, 300)

    def show_images(self, old: QImage, new: QImage) -> None:
        self.bands = changed_bands(row_keys(old), row_keys(new))
        self.images = (marked(old, self.bands[0], "#dc2626"), marked(new, self.bands[1], "#16a34a"))
        n = len(self.bands[0]) + len(self.bands[1])
        self.summary.setText(
            "No visible differences."
            if n == 0
            else f"{len(self.bands[0])} region(s) gone (red), "
            f"{len(self.bands[1])} region(s) new or changed (green)."
        )
        self._scale()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        if self.images is None:
            return
        width = max((self.pictures.viewport().width() - 12) // 2, 80)
        for label, image in zip((self.old_picture, self.new_picture), self.images, strict=True):
            label.setPixmap(
                QPixmap.fromImage(image).scaledToWidth(
                    width, Qt.TransformationMode.SmoothTransformation
                )
            )
