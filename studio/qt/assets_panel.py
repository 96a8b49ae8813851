"""The assets browser in the visual editor: ``assets/`` as thumbnails, upload, optimize.

Widgets over :mod:`studio.models.assets`: each image with its dimensions, bytes and
where it is used (tooltip); heavy images marked and the ones over the limits refused
with the reason. **Upload** by the file dialog or by dropping files on the list (copied
into ``assets/`` under a free name). **Optimize…** shows the image before and after
side by side with both sizes and writes it only when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImageReader,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from studio.models import assets as A

THUMB = 36


def _kb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} KB"


def _pixmap(data: bytes | Path, size: int) -> QPixmap:
    """The image (a file or its bytes) scaled to fit ``size`` × ``size``, decoded at about
    that size: a JPEG decodes at 1/2, 1/4 or 1/8 of its size (the demo's fourteen
    thumbnails took 40 ms to decode in full and scale, 9 ms so, at every start)."""
    buffer = QBuffer()
    if isinstance(data, Path):
        reader = QImageReader(str(data))
    else:
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
    full = reader.size()
    if full.width() > 2 * size and full.height() > 2 * size:
        # decoded at twice the size, then scaled as before (the decoder's own scaling
        # alone loses detail a smooth scaling keeps)
        reader.setScaledSize(full.scaled(2 * size, 2 * size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return QPixmap()
    return QPixmap.fromImage(
        image.scaled(
            size,
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )


class AssetList(QListWidget):
    """The thumbnails; files dropped on it are uploaded."""

    def __init__(self, upload: Callable[[list[Path]], object]) -> None:
        super().__init__()
        self._upload = upload
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self._upload(files)


class AssetsPanel(QWidget):
    """``assets/`` of the workspace the ``project`` callable gives."""

    changed = Signal()  # a file was added or written

    def __init__(
        self, project: Callable[[], Project | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.assets: list[A.Asset] = []
        self.list = AssetList(self.upload)
        # a narrow column: one line per image, the thumbnail beside its name and size
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setUniformItemSizes(True)
        self.upload_button = QPushButton("Upload…")
        self.upload_button.clicked.connect(self._ask_upload)
        self.optimize_button = QPushButton("Optimize…")
        self.optimize_button.clicked.connect(self._ask_optimize)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.upload_button)
        buttons.addWidget(self.optimize_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Assets")
        title.setStyleSheet("font-weight: 600")
        lay.addWidget(title)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.note)
        self.list.currentRowChanged.connect(self._show_note)

    # -- listing ------------------------------------------------------------------
    def refresh(self) -> None:
        project = self.project()
        self.assets = A.list_assets(project) if project is not None else []
        self.list.clear()
        root = project.root if project is not None else None
        for asset in self.assets:
            used = f" · {len(asset.uses)}×" if asset.uses else ""
            text = f"{asset.path}\n{asset.width}×{asset.height} · {_kb(asset.bytes)}{used}"
            item = QListWidgetItem(text)
            if root is not None:
                item.setIcon(QIcon(_pixmap(root / "assets" / asset.path, THUMB)))
            uses = "\n".join(f"{u.file}:{u.line}" for u in asset.uses) or "not used"
            problem = A.refusal(asset)
            item.setToolTip(
                f"assets/{asset.path}\n{asset.format}, {asset.width}×"
                f"{asset.height}, {asset.bytes:,} bytes\nUsed in:\n{uses}"
                + (f"\n\n{problem}" if problem else "")
            )
            if problem:
                item.setForeground(QColor("#b42318"))
            elif asset.heavy:
                item.setForeground(QColor("#b54708"))
            self.list.addItem(item)
        self.optimize_button.setEnabled(bool(self.assets))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()

    def selected(self) -> A.Asset | None:
        row = self.list.currentRow()
        return self.assets[row] if 0 <= row < len(self.assets) else None

    def _show_note(self, _row: int) -> None:
        asset = self.selected()
        if asset is None:
            self.note.setText("")
            return
        uses = len(asset.uses)
        self.note.setText(
            A.refusal(asset)
            or (
                f"{asset.name}: {_kb(asset.bytes)}, used {uses}×"
                if uses
                else f"{asset.name}: {_kb(asset.bytes)}, not used yet"
            )
        )

    # -- upload -------------------------------------------------------------------
    def upload(self, files: list[Path]) -> list[str]:
        """Copy ``files`` into ``assets/``; the paths they got (problems in the note)."""
        project = self.project()
        if project is None or project.root is None:
            self.note.setText("open a workspace to add assets")
            return []
        added, problems = [], []
        for file in files:
            try:
                added.append(A.add_asset(project.root, file))
            except ValueError as exc:
                problems.append(str(exc))
        self.refresh()
        self.note.setText("\n".join([*(f"Added assets/{a}" for a in added), *problems]))
        if added:
            self.changed.emit()
        return added

    def _ask_upload(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Upload images", "", "Images (*.png *.jpg *.jpeg *.gif *.webp *.bmp)"
        )
        if files:
            self.upload([Path(f) for f in files])

    # -- optimize -----------------------------------------------------------------
    def optimize(self, asset: A.Asset) -> OptimizeDialog | None:
        project = self.project()
        if project is None or project.root is None:
            return None
        data = (project.root / "assets" / asset.path).read_bytes()
        try:
            result = A.optimize(data, max_width=asset.largest_shown_width)
        except OSError as exc:
            self.note.setText(f"{asset.name}: {exc}")
            return None
        return OptimizeDialog(project.root, asset, data, result, self)

    def _ask_optimize(self) -> None:
        asset = self.selected()
        if asset is None:
            self.note.setText("choose an image to optimize")
            return
        dialog = self.optimize(asset)
        if dialog is not None and dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.note.setText(f"Wrote assets/{dialog.written}")
            self.changed.emit()


class OptimizeDialog(QDialog):
    """Before and after side by side, both sizes; Write saves the optimized image."""

    def __init__(
        self,
        root: Path,
        asset: A.Asset,
        data: bytes,
        result: A.Optimized,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Optimize {asset.name}")
        self.root, self.asset, self.optimized = root, asset, result
        self.written = ""
        grid = QGridLayout()
        for column, (title, raw, fmt, w, h, size) in enumerate(
            (
                (
                    "Before",
                    data,
                    result.before_format,
                    result.before_width,
                    result.before_height,
                    result.before_bytes,
                ),
                (
                    "After",
                    result.data,
                    result.format,
                    result.width,
                    result.height,
                    len(result.data),
                ),
            )
        ):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
            picture = QLabel()
            picture.setPixmap(_pixmap(raw, 320))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(picture, 1, column)
            grid.addWidget(QLabel(f"{fmt}, {w}×{h}, {_kb(size)}"), 2, column)
        shown = asset.largest_shown_width
        saved = result.saved
        summary = (
            f"Saves {_kb(saved)} ({saved * 100 // max(1, result.before_bytes)} %)"
            if saved > 0
            else "No smaller than the original"
        )
        notes = [summary, "Metadata removed"]
        if shown:
            notes.append(f"Shown at most {shown} px wide: kept at {result.width} px (2×)")
        if result.format != (result.before_format or result.format):
            notes.append(f"Written as {result.format}: a new file beside the original")
        self.summary = QLabel("\n".join(notes))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.write_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.write_button.setText("Write")
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)

    def write(self) -> None:
        self.written = A.write_optimized(self.root, self.asset, self.optimized)
        self.accept()
