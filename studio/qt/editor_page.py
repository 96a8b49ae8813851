"""One open email: envelope, code tabs (HTML / Text / Transformers), preview, developer tools.

The page is built around one :class:`EmailDocument` and one :class:`EditorState`;
a visual editor can later sit in the same splitter over the same document.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from compiler.result import CompileResult
from studio.models.completion import CompletionSources, standard_components
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.models.envelope import FIELD_KEYS
from studio.models.preview import PreviewSettings
from studio.qt.code_editor import CodeEditor
from studio.qt.devtools import DevTools
from studio.qt.preview import PreviewPane

ENVELOPE_LABELS = {"subject": "Subject", "preheader": "Preheader", "title": "Title",
                   "from_": "From", "reply_to": "Reply-to"}


class EnvelopeForm(QWidget):
    """Subject, preheader, title, from, reply-to — stored in the email's front matter."""

    def __init__(self, document: EmailDocument) -> None:
        super().__init__()
        self.document = document
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(4, 2, 4, 2)
        for attr, _key in FIELD_KEYS:
            edit = QLineEdit()
            edit.setPlaceholderText("Liquid allowed, e.g. {{ customer.first_name }}")
            edit.editingFinished.connect(lambda a=attr, e=edit: self._write(a, e.text()))
            form.addRow(ENVELOPE_LABELS[attr], edit)
            self.fields[attr] = edit
        document.changed.connect(lambda _e: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        env = self.document.envelope
        for attr, edit in self.fields.items():
            value = getattr(env, attr)
            if edit.text() != value and not edit.hasFocus():
                edit.setText(value)

    def _write(self, attr: str, value: str) -> None:
        if getattr(self.document.envelope, attr) != value:
            self.document.set_envelope_field(attr, value)


class TextTab(QWidget):
    """The plain-text part: edit it, or Generate it from the compiled HTML."""

    def __init__(self, state: EditorState) -> None:
        super().__init__()
        self.state = state
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("Plain-text version. Generate writes it from the HTML "
                                     "(replacing what is here).")
        self.generate_button = QPushButton("Generate")
        self.generate_button.clicked.connect(self.generate)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.generate_button)
        lay.addLayout(top)
        lay.addWidget(self.edit)

    def generate(self) -> None:
        result = self.state.result
        if result is None:
            return
        text = result.text
        if not text:
            try:
                mod = importlib.import_module("compiler.text")
                fn = getattr(mod, "html_to_text", None) or getattr(mod, "to_text", None)
                text = str(fn(result.html)) if callable(fn) else ""
            except Exception:
                text = ""
        self.edit.setPlainText(text or "(the compiler produced no plain text)")


class TransformersTab(QScrollArea):
    """Settings of each transformer, generated from its option dataclass (read-only here)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        inner = QWidget()
        form = QFormLayout(inner)
        self.rows = 0
        for name, options in transformer_options():
            form.addRow(QLabel(f"<b>{name}</b>"))
            for f in options:
                default = _default(f)
                label = QLabel(f"{f.name} = {default!r}")
                label.setToolTip(str(f.metadata.get("doc", "")) if f.metadata else "")
                form.addRow("", label)
                self.rows += 1
        if not self.rows:
            form.addRow(QLabel("No transformer options are available in this build."))
        self.setWidget(inner)


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def transformer_options() -> list[tuple[str, tuple[dataclasses.Field[Any], ...]]]:
    """(transformer name, option fields) for every transformer module with an options dataclass."""
    out: list[tuple[str, tuple[dataclasses.Field[Any], ...]]] = []
    try:
        pkg = importlib.import_module("compiler.transformers")
    except Exception:
        return out
    folder = Path(pkg.__file__ or "").parent
    for path in sorted(folder.glob("*.py")):
        if path.stem.startswith("_") or path.stem in ("base",):
            continue
        try:
            mod = importlib.import_module(f"compiler.transformers.{path.stem}")
        except Exception:
            continue
        opts = getattr(mod, "Options", None)
        if opts is not None and dataclasses.is_dataclass(opts):
            out.append((getattr(mod, "NAME", path.stem), dataclasses.fields(opts)))
    return out


class EditorPage(QWidget):
    """Envelope + code tabs | preview + developer tools, for one document."""

    title_changed = Signal(str)

    def __init__(self, document: EmailDocument, *, project: Project | None = None,
                 preview_settings: PreviewSettings | None = None, theme: str = "light",
                 custom_tags: tuple[str, ...] = (), sample_profiles: dict[str, Any] | None = None,
                 debounce_ms: int = 60) -> None:
        super().__init__()
        self.document = document
        self.state = EditorState(document)
        self.project = project
        self.sample_profiles = sample_profiles or {}
        self._components = standard_components()
        self.custom_tags = custom_tags
        self.envelope = EnvelopeForm(document)
        self.editor = CodeEditor(document, self.state, theme)
        self.editor.completion_sources = self._completion_sources
        self.text_tab = TextTab(self.state)
        self.transformers_tab = TransformersTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "HTML")
        self.tabs.addTab(self.text_tab, "Text")
        self.tabs.addTab(self.transformers_tab, "Transformers")
        self.tabs.currentChanged.connect(
            lambda i: self.state.set_tab(("html", "text", "transformers")[i]))
        self.disk_banner = QLabel()
        self.disk_banner.setStyleSheet("background:#fff4e5;padding:4px;")
        self.disk_banner.hide()

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.disk_banner)
        ll.addWidget(self.envelope)
        ll.addWidget(self.tabs, 1)
        ll.addWidget(self.editor.find_bar)

        self.preview = PreviewPane(preview_settings, project)
        self.preview.debounce.setInterval(debounce_ms)
        self.preview.set_file(document.path)
        self.preview.set_sample_profiles(self.sample_profiles)
        self.devtools = DevTools(self.state, browser=_browser_engine)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview)
        right.addWidget(self.devtools)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        self.right = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)

        self.preview.result_shown.connect(self._on_result)
        self.preview.node_clicked.connect(self.state.inspect)
        self.state.focus_node.connect(self.preview.focus_node)
        self.state.mode_changed.connect(self._on_mode)
        document.changed.connect(lambda _e: self.preview.request(document.text))
        document.dirty_changed.connect(lambda _d: self.title_changed.emit(self.title))
        document.saved.connect(lambda _p: self.title_changed.emit(self.title))
        self.preview.request(document.text, immediate=True)

    @property
    def title(self) -> str:
        return ("● " if self.document.dirty else "") + self.document.name

    def _completion_sources(self) -> CompletionSources:
        data = self.preview.sample_data
        if data is None and self.sample_profiles:
            data = next(iter(self.sample_profiles.values()))
        return CompletionSources(self._components, self.custom_tags, data)

    def _on_result(self, result: CompileResult) -> None:
        self.state.set_result(result)

    def _on_mode(self, change: tuple[str, bool]) -> None:
        name, on = change
        if name == "inspect_mode":
            self.preview.set_inspect_mode(on)
        elif name == "table_view":
            self.preview.set_table_view(on)
        elif name == "preview_visible":
            self.right.setVisible(on)

    def check_disk(self) -> None:
        """Reload when the file changed on disk; ask first when there is unsaved work."""
        if not self.document.disk_changed():
            return
        if self.document.path is not None and not self.document.path.exists():
            self.disk_banner.setText("This file was deleted or moved on disk. Save to keep it.")
            self.disk_banner.show()
            return
        if not self.document.dirty:
            self.document.reload()
            self.disk_banner.hide()
            return
        self.disk_banner.setText("This file changed on disk and you have unsaved changes: "
                                 "Save keeps yours; File ▸ Reload from Disk takes the disk "
                                 "version (undoable).")
        self.disk_banner.show()

    def reload_from_disk(self) -> None:
        if self.document.path is not None and self.document.path.exists():
            self.document.reload()
            self.disk_banner.hide()

    def shutdown(self) -> None:
        self.preview.shutdown()


def _browser_engine() -> Any:
    from studio.render.engine import QtEngine

    return QtEngine()


def load_sample_profiles(root: Path | None) -> dict[str, Any]:
    """``data/**/*.json`` of the workspace: name → parsed JSON object."""
    out: dict[str, Any] = {}
    if root is None or not (root / "data").is_dir():
        return out
    for p in sorted((root / "data").rglob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            out[p.relative_to(root / "data").as_posix()] = data
    return out
