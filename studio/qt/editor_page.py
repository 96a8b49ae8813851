"""One open email: envelope, code tabs (HTML / Text / Transformers), preview, developer tools.

The page is built around one :class:`EmailDocument` and one :class:`EditorState`;
a visual editor can later sit in the same splitter over the same document.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import replace
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compiler.liquid.localization import (
    LocalizationSettings,
    file_for,
    profile_language,
    split_language,
    translations_of,
)
from compiler.project import Project
from compiler.result import CompileResult
from studio.models.completion import (
    CompletionSources,
    PropInfo,
    custom_components,
    standard_components,
)
from studio.models.component_preview import component_file
from studio.models.document import DocumentError, EmailDocument
from studio.models.editor import EditorState
from studio.models.envelope import FIELD_KEYS
from studio.models.layout import (
    EditorLayout,
    ProblemCounts,
    clamp_fraction,
    fraction_of,
    split,
)
from studio.models.merge import Merged
from studio.models.plaintext import PlainTextPart, generate_text
from studio.models.preview import PreviewSettings
from studio.models.quick_fix import QuickFix
from studio.models.transformers import EmailTransformers, OptionField, transformer_fields
from studio.qt.code_editor import CodeEditor
from studio.qt.elided import ElidedLabel
from studio.qt.icons import icon
from studio.qt.preview import PreviewPane
from studio.qt.problem_checks import ProblemChecks
from studio.qt.visual_editor import ModeSwitch, VisualEditor, mode_of
from styles.paths import files_under

if TYPE_CHECKING:
    from studio.qt.component_trial import ComponentTrial
    from studio.qt.devtools import DevTools

ADD_LANGUAGE = "add-language"  # the language box's last entry
ENVELOPE_LABELS = {
    "subject": "Subject",
    "preheader": "Preheader",
    "title": "Title",
    "from_": "From",
    "reply_to": "Reply-to",
}


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
    """The plain-text part (``<email>.txt``): edit it, or Generate it from the compiled HTML.

    Edits are written to the sidecar after a short pause (and when the editor
    closes); an empty tab removes the file, so the generated text is used.
    """

    SAVE_DELAY_MS = 500

    def __init__(self, state: EditorState) -> None:
        super().__init__()
        self.state = state
        self.part = PlainTextPart(state.document.path)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(
            "Plain-text version (saved as the email's .txt beside it). "
            "Empty: the text generated from the HTML is used. "
            "Generate writes it from the HTML (replacing what is here)."
        )
        self.edit.setPlainText(self.part.text)
        self.status = QLabel(self._status())
        self.status.setWordWrap(True)
        self.generate_button = QPushButton("Generate")
        self.generate_button.clicked.connect(self.generate)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(self.SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save)
        self.edit.textChanged.connect(self.save_timer.start)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.generate_button)
        lay.addLayout(top)
        lay.addWidget(self.edit)

    def _status(self) -> str:
        if self.part.error:
            return self.part.error
        if self.part.path is None:
            return "Save the email to keep a plain-text part"
        if self.part.exists:
            return f"Saved in {self.part.path.name}"
        return "Generated from the HTML (nothing saved)"

    @property
    def pending(self) -> bool:
        return self.save_timer.isActive()

    def save(self) -> bool:
        self.save_timer.stop()
        text = self.edit.toPlainText()
        if text == self.part.text:
            return True
        err = self.part.save(text)
        self.status.setText(err or self._status())
        return not err

    def generate(self) -> None:
        result = self.state.result
        if result is None:
            return
        try:
            text = generate_text(result.html, result.envelope.preheader)
        except Exception as exc:  # a generator bug is shown, never a dead studio
            self.status.setText(f"Generate failed: {type(exc).__name__}: {exc}")
            return
        self.edit.setPlainText(text or result.text)


class TransformersTab(QScrollArea):
    """Each transformer's options for this email, generated from the options dataclasses.

    Writes the email's sidecar ``<email>.json`` (``transformers`` object) through
    :class:`EmailTransformers`; an option set for this email is shown in bold. The form
    (a row per option: some 150 widgets) is made when the tab is first shown or its
    inputs are read, not with every email opened (cold start).
    """

    def __init__(self, model: EmailTransformers) -> None:
        super().__init__()
        self.model = model
        self.setWidgetResizable(True)
        self.error = QLabel(model.error)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b42318;")
        self._inputs: dict[tuple[str, str], QWidget] = {}
        self._labels: dict[tuple[str, str], QLabel] = {}
        self._built = False

    @property
    def inputs(self) -> dict[tuple[str, str], QWidget]:
        """(transformer, option) → its input."""
        self._build()
        return self._inputs

    @property
    def labels(self) -> dict[tuple[str, str], QLabel]:
        """(transformer, option) → its label (bold when set for this email)."""
        self._build()
        return self._labels

    def showEvent(self, event: QShowEvent) -> None:
        self._build()
        super().showEvent(event)

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        inner = QWidget()
        form = QFormLayout(inner)
        form.addRow(self.error)
        for info in transformer_fields():
            head = QHBoxLayout()
            title = QLabel(f"<b>{info.name}</b>")
            title.setToolTip(info.doc)
            reset = QPushButton("Use workspace settings")
            reset.setObjectName(f"reset-{info.name}")
            reset.clicked.connect(lambda _c=False, n=info.name: self._reset(n))
            head.addWidget(title)
            head.addStretch(1)
            head.addWidget(reset)
            form.addRow(head)
            for f in info.options:
                label = QLabel(f.name)
                label.setToolTip(f.doc)
                widget = self._input(f)
                widget.setToolTip(f"{f.doc}\n({f.type}; default {f.default!r})".strip())
                form.addRow(label, widget)
                self._inputs[(f.transformer, f.name)] = widget
                self._labels[(f.transformer, f.name)] = label
        if not self._inputs:
            form.addRow(QLabel("No transformer options are available in this build."))
        self.setWidget(inner)
        self.refresh()

    def _input(self, f: OptionField) -> QWidget:
        key = (f.transformer, f.name)
        if f.type == "boolean":
            box = QCheckBox()
            box.toggled.connect(lambda on, k=key: self._set(k, on))
            return box
        if f.type == "integer":
            spin = QSpinBox()
            spin.setRange(-1_000_000, 1_000_000)
            spin.editingFinished.connect(lambda k=key, s=spin: self._set(k, s.value()))
            return spin
        edit = QLineEdit()
        if f.type == "string":
            edit.editingFinished.connect(lambda k=key, e=edit: self._set(k, e.text()))
        else:  # lists: JSON
            edit.setPlaceholderText('JSON, e.g. ["a", "b"]')
            edit.editingFinished.connect(lambda k=key, e=edit: self._set_json(k, e.text()))
        return edit

    def refresh(self) -> None:
        """Show what a compile of this email uses now (once the form is made)."""
        for (t, o), w in self._inputs.items():
            value = self.model.value(t, o)
            w.blockSignals(True)
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QSpinBox):
                w.setValue(int(value) if isinstance(value, int) else 0)
            elif isinstance(w, QLineEdit) and not w.hasFocus():
                w.setText(value if isinstance(value, str) else json.dumps(value))
            w.blockSignals(False)
            label = self._labels[(t, o)]
            bold = self.model.is_overridden(t, o)
            label.setText(f"<b>{o}</b> (this email)" if bold else o)

    def _set(self, key: tuple[str, str], value: Any) -> bool:
        return not self.set_option(key[0], key[1], value)

    def set_option(self, transformer: str, option: str, value: Any) -> str:
        """Set one option for this email (the sidecar is written); the error shown, or ""."""
        if self.model.value(transformer, option) == value:
            return ""
        err = self.model.set(transformer, option, value)
        self.error.setText(err)
        self.refresh()
        return err

    def _set_json(self, key: tuple[str, str], text: str) -> bool:
        try:
            value = json.loads(text) if text.strip() else []
        except ValueError as exc:
            self.error.setText(f"{key[0]}.{key[1]}: not valid JSON ({exc})")
            return False
        return self._set(key, value)

    def _reset(self, name: str) -> None:
        self.error.setText(self.model.reset(name))
        self.refresh()


class EnvelopeSection(QWidget):
    """The envelope form under a one-line header that folds it (folded by default: the
    inbox line above the preview shows the rendered subject and preheader)."""

    toggled = Signal(bool)

    def __init__(self, document: EmailDocument, open_: bool = False) -> None:
        super().__init__()
        self.document = document
        self.form = EnvelopeForm(document)
        self.header = QToolButton()
        self.header.setObjectName("envelopeHeader")
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        self.header.setText("Envelope")
        self.header.toggled.connect(self._toggled)
        self.summary = ElidedLabel()  # the subject, shortened to the column's width
        self.summary.setObjectName("envelopeSummary")
        self.summary.setEnabled(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 4, 0)
        row.addWidget(self.header)
        row.addWidget(self.summary, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(row)
        lay.addWidget(self.form)
        self.header.setToolTip(
            "Subject, preheader, title, from and reply-to (stored in the email's front matter)"
        )
        self._header_open: bool | None = None  # the state the header's icon shows
        document.changed.connect(lambda _e: self._update_header())
        self.set_open(open_)

    @property
    def is_open(self) -> bool:
        return self.header.isChecked()

    def set_open(self, on: bool) -> None:
        self.header.blockSignals(True)
        self.header.setChecked(on)
        self.header.blockSignals(False)
        self.form.setVisible(on)
        self._update_header()

    def _toggled(self, on: bool) -> None:
        self.form.setVisible(on)
        self._update_header()
        self.toggled.emit(on)

    def _update_header(self) -> None:
        on = self.header.isChecked()
        if on != self._header_open:  # a new icon relays out the editor's whole column
            self._header_open = on
            self.header.setIcon(icon("chevron-down" if on else "chevron-right"))
        self.summary.set_full_text("" if on else self.document.envelope.subject)


class ProblemsStrip(QWidget):
    """One line under the preview: the problem counts; opens the developer tools."""

    toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("problemsStrip")
        self.button = QToolButton()
        self.button.setObjectName("problemsToggle")
        self.button.setCheckable(True)
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setToolTip("Problems, Source, Links, Images, SpamAssassin, Accessibility")
        self.button.toggled.connect(self._toggled)
        self.counts = ProblemCounts()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 0, 2, 0)
        lay.addWidget(self.button)
        lay.addStretch(1)
        self.set_counts(ProblemCounts())

    def set_counts(self, counts: ProblemCounts) -> None:
        if counts == self.counts and self.button.text():
            return  # a new icon relays out the editor's whole column: only on a change
        self.counts = counts
        self.button.setText(f"Problems: {counts.summary()}")
        name = (
            "close-circle-outline"
            if counts.errors
            else "alert-outline"
            if counts.warnings
            else "check-circle-outline"
        )
        self.button.setIcon(icon(name))
        self.button.setProperty(
            "severity", "error" if counts.errors else "warning" if counts.warnings else "ok"
        )

    def set_open(self, on: bool) -> None:
        self.button.blockSignals(True)
        self.button.setChecked(on)
        self.button.blockSignals(False)

    def _toggled(self, on: bool) -> None:
        self.toggled.emit(on)


class EditorPage(QWidget):
    """Envelope + code tabs | preview + developer tools, for one document."""

    title_changed = Signal(str)
    editor_mode_changed = Signal(str)  # "visual", "code" or "split"
    layout_changed = Signal(object)  # EditorLayout: the user moved a splitter or folded a part
    language_requested = Signal(str)  # the path of a translation to open
    add_language_requested = Signal()  # the language box's "Add language…"

    def __init__(
        self,
        document: EmailDocument,
        *,
        project: Project | None = None,
        preview_settings: PreviewSettings | None = None,
        theme: str = "light",
        custom_tags: tuple[str, ...] = (),
        sample_profiles: dict[str, Any] | None = None,
        debounce_ms: int = 0,
        editor_mode: str = "code",
        layout: EditorLayout | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self.state = EditorState(document)
        self.project = project
        self.sample_profiles = sample_profiles or {}
        self._components = standard_components()
        self.custom_tags = custom_tags
        self._custom: dict[str, tuple[PropInfo, ...]] = {}
        self._custom_stamp: tuple[tuple[str, float], ...] | None = None
        self.editor = CodeEditor(document, self.state, theme)
        self.editor.completion_sources = self._completion_sources
        self.text_tab = TextTab(self.state)
        self.transformers = EmailTransformers(document.path, project)
        self.transformers_tab = TransformersTab(self.transformers)
        self.transformers.changed.connect(
            lambda _c: self.preview.request(self.document.text, immediate=True)
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "HTML")
        self.tabs.addTab(self.text_tab, "Text")
        self.tabs.addTab(self.transformers_tab, "Transformers")
        self.tabs.currentChanged.connect(
            lambda i: self.state.set_tab(("html", "text", "transformers")[i])
        )
        self.disk_banner = QLabel()
        self.disk_banner.setStyleSheet("background:#fff4e5;padding:4px;")
        self.disk_banner.linkActivated.connect(lambda _link: self.merge_from_disk())
        self.disk_banner.hide()

        self.layout_state = layout or EditorLayout()
        self.envelope_section = EnvelopeSection(document, self.layout_state.envelope_open)
        self.envelope = self.envelope_section.form
        self.envelope_section.toggled.connect(lambda on: self._set_layout(envelope_open=on))

        left = QWidget()
        left.setObjectName("codeColumn")
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(0)
        ll.addWidget(self.disk_banner)
        ll.addWidget(self.envelope_section)
        ll.addWidget(self.tabs, 1)
        ll.addWidget(self.editor.find_bar)
        self.left = left

        # the surface shown first takes Chromium's warm page: this one in Code mode
        self.preview = PreviewPane(preview_settings, project, warm=mode_of(editor_mode) == "code")
        self.preview.debounce.setInterval(debounce_ms)
        self.preview.set_file(document.path)
        self.preview.set_sample_profiles(
            self.sample_profiles, default_profile_key(project, self.sample_profiles)
        )
        # The checks behind the Problems strip run with every compile; the developer
        # tools panel that lists them is built when first opened (``devtools``).
        self.problem_checks = ProblemChecks(
            self.state,
            project=lambda: self.project,
            profile=lambda: self.preview.sample_data,
            parent=self,
        )
        self._devtools: DevTools | None = None
        #: the Links and Images panels' remembered results (the window shares one)
        self.url_cache: MutableMapping[str, Any] | None = None
        # Liquid in URLs and the subject is checked with the selected profile
        self.preview.data_box.currentIndexChanged.connect(lambda _i: self.problem_checks.check())
        self.preview.data_box.currentIndexChanged.connect(lambda _i: self.follow_language())
        self.preview.translation_note.linkActivated.connect(self.language_requested.emit)
        self.problems_strip = ProblemsStrip()
        self.problems_strip.toggled.connect(self.set_devtools_open)
        self.state.problems_changed.connect(
            lambda problems: self.problems_strip.set_counts(
                ProblemCounts.of([p.issue for p in problems])
            )
        )
        self.preview_split = QSplitter(Qt.Orientation.Vertical)
        self.preview_split.setChildrenCollapsible(False)
        self.preview_split.addWidget(self.preview)
        self.preview_split.setStretchFactor(0, 1)
        self.preview_split.splitterMoved.connect(lambda _p, _i: self._remember_split())
        right = QWidget()
        right.setObjectName("previewColumn")
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.preview_split, 1)
        rl.addWidget(self.problems_strip)
        self.right = right

        self.visual = VisualEditor(self.state, self.preview, self.preview.settings)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.visual)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.splitterMoved.connect(lambda _p, _i: self._remember_split())
        self.mode_switch = ModeSwitch(mode_of(editor_mode))
        self.mode_switch.mode_chosen.connect(self.set_editor_mode)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.mode_switch)
        lay.addWidget(self.splitter, 1)
        self._applying = False
        self.editor_mode = ""
        self.set_editor_mode(mode_of(editor_mode))
        self.apply_layout(self.layout_state)

        # A component file is not an email: no envelope, inbox line, text part or
        # transformer settings (its preview is the component in a section).
        self.is_component = component_file(document.path, project) is not None
        self.trial: ComponentTrial | None = None
        if self.is_component:
            if self.editor_mode == "visual":
                # a component is written, not assembled: its template opens in code
                # (the mode switch still offers the canvas)
                self.set_editor_mode("code")
            self.envelope_section.hide()
            self.preview.inbox.hide()
            self.tabs.setTabVisible(1, False)
            self.tabs.setTabVisible(2, False)
            # Try it: a preset and prop values for the instance the preview shows
            assert project is not None
            from studio.qt.component_trial import ComponentTrial

            self.trial = ComponentTrial(document, project)
            self.preview.component_use = self.trial.use()
            self.trial.use_changed.connect(self._try_component)
            self.preview_split.insertWidget(0, self.trial)
            self.preview_split.setStretchFactor(0, 0)

        # Languages: the email and its translations (welcome.html, welcome.fr.html)
        self._language_index = 0
        self.language_box = QComboBox()
        self.language_box.setObjectName("languageBox")
        self.language_box.setToolTip("Language: open this email's translation, or add one")
        self.fill_languages()
        self.language_box.activated.connect(self._language_chosen)
        toolbar = self.preview.toolbar.layout()
        assert toolbar is not None
        toolbar.addWidget(self.language_box)
        self.follow_language()

        self.preview.result_shown.connect(self._on_result)
        # the checks of a compile run once its page is shown, unless another compile
        # is coming (its own page runs them)
        self.preview.page_loaded.connect(lambda _ok: self._page_shown())
        self.visual.canvas.updated.connect(lambda _how: self._page_shown())
        self.preview.node_clicked.connect(self.state.inspect)
        self.state.focus_node.connect(self.preview.focus_node)
        self.state.mode_changed.connect(self._on_mode)
        document.changed.connect(lambda _e: self.preview.request(document.text))
        document.dirty_changed.connect(lambda _d: self.title_changed.emit(self.title))
        document.saved.connect(lambda _p: self.title_changed.emit(self.title))
        self.preview.request(document.text, immediate=True)

    def _try_component(self, use: str) -> None:
        self.preview.component_use = use
        self.preview.request(self.document.text, immediate=True)

    def set_editor_mode(self, mode: str) -> None:
        """Visual (panels + canvas), Code (code + preview) or Split (panels + canvas + code)."""
        mode = mode_of(mode)
        if mode == self.editor_mode:
            return
        self.editor_mode = mode
        self.mode_switch.set_mode(mode)
        self.visual.setVisible(mode != "code")
        self.left.setVisible(mode != "visual")
        self.right.setVisible(mode == "code" and self.state.preview_visible)
        self.preview.set_in_view(mode == "code" and self.state.preview_visible)
        if mode == "split":  # canvas and code side by side, the canvas a little wider
            total = max(self.splitter.width(), 2)
            self.splitter.setSizes([total * 11 // 20, total * 9 // 20, 0])
        if mode != "code":
            self.visual.refresh()
        if hasattr(self, "layout_state"):
            self._applying = True
            try:
                self._apply_sizes()
            finally:
                self._applying = False
        self.editor_mode_changed.emit(mode)

    @property
    def title(self) -> str:
        return ("● " if self.document.dirty else "") + self.document.name

    # ---- layout -----------------------------------------------------------------
    def apply_layout(self, layout: EditorLayout) -> None:
        """Show ``layout`` (the window's remembered one, or the default after Reset layout)."""
        self.layout_state = layout
        self._applying = True
        try:
            self.envelope_section.set_open(layout.envelope_open)
            if layout.devtools_open or self._devtools is not None:
                self.devtools.setVisible(layout.devtools_open)
            self.problems_strip.set_open(layout.devtools_open)
            self._apply_sizes()
        finally:
            self._applying = False

    def _main_view(self) -> QWidget | None:
        """What the code column shares the width with: the canvas (Visual/Split) or the
        preview column (Code)."""
        for w in (self.visual, self.right):
            if not w.isHidden():
                return w
        return None

    def _apply_sizes(self) -> None:
        width = self.splitter.width() or self.width()
        main = self._main_view()
        sizes = [0] * self.splitter.count()
        left = self.splitter.indexOf(self.left)
        if not self.left.isHidden() and main is not None:
            sizes[left], sizes[self.splitter.indexOf(main)] = split(
                width, self.layout_state.code_fraction
            )
        elif main is not None:
            sizes[self.splitter.indexOf(main)] = width
        else:
            sizes[left] = width
        self.splitter.setSizes(sizes)
        if self.layout_state.devtools_open:
            height = self.preview_split.height() or self.height()
            preview, tools = split(height, 1 - self.layout_state.devtools_fraction)
            self.preview_split.setSizes([preview, tools])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._applying = True
        try:
            self._apply_sizes()  # the same proportions at every window size
        finally:
            self._applying = False

    def _remember_split(self) -> None:
        if self._applying:
            return
        changes: dict[str, float] = {}
        main = self._main_view()
        if main is not None and not self.left.isHidden():
            sizes = self.splitter.sizes()
            code = fraction_of(
                sizes[self.splitter.indexOf(self.left)], sizes[self.splitter.indexOf(main)]
            )
            if code is not None:
                changes["code_fraction"] = code
        if self._devtools is not None and self._devtools.isVisible():
            preview = fraction_of(*self.preview_split.sizes()[:2])
            if preview is not None:
                changes["devtools_fraction"] = clamp_fraction(1 - preview)
        self._set_layout(**changes)

    def _set_layout(self, **changes: Any) -> None:
        new = replace(self.layout_state, **changes)
        if new != self.layout_state:
            self.layout_state = new
            self.layout_changed.emit(new)

    def apply_fix(self, fix: QuickFix) -> str:
        """Apply a problem's quick fix: an option of this email's transformers, set as the
        Transformers tab sets it (so it shows there, and is undone there); the preview
        then recompiles. On an error the tab is shown with it. Returns the error or ""."""
        err = self.transformers_tab.set_option(fix.transformer, fix.option, fix.value)
        if err:
            self.tabs.setCurrentWidget(self.transformers_tab)
        return err

    @property
    def devtools(self) -> DevTools:
        """The developer tools under the preview, built when first wanted: opened, or
        read (they are not needed for the first preview; ``problem_checks`` runs the
        checks the Problems strip counts either way)."""
        if self._devtools is None:
            from studio.qt.devtools import DevTools

            tools = DevTools(
                self.state,
                project=self.project,
                profile=lambda: self.preview.sample_data,
                checks=self.problem_checks,
            )
            for panel in (tools.links, tools.images):
                panel.url_cache = self.url_cache
            tools.problems.fix_requested.connect(self.apply_fix)
            tools.hide()  # shown by set_devtools_open / apply_layout
            self.preview_split.insertWidget(self.preview_split.indexOf(self.preview) + 1, tools)
            self.preview_split.setStretchFactor(self.preview_split.indexOf(tools), 0)
            self._devtools = tools
        return self._devtools

    @property
    def devtools_built(self) -> bool:
        """Whether the developer tools panel has been built (it is, once opened)."""
        return self._devtools is not None

    def set_project(self, project: Project | None) -> None:
        """The workspace's settings changed: the checks and panels use ``project``."""
        self.project = project
        self.preview.project = project
        if self._devtools is not None:
            self._devtools.project = project
            for panel in self._devtools.panels:
                panel.project = project

    def set_devtools_open(self, on: bool) -> None:
        """Open or close the developer tools under the preview (the Problems strip)."""
        if on or self._devtools is not None:
            self.devtools.setVisible(on)
        self.problems_strip.set_open(on)
        self._set_layout(devtools_open=on)
        self._applying = True
        try:
            self._apply_sizes()
        finally:
            self._applying = False

    # ---- languages ----------------------------------------------------------------
    def fill_languages(self) -> None:
        """One entry per language of this email (shown when it has translations)."""
        box = self.language_box
        box.clear()
        path = self.document.path
        if path is None or self.is_component:
            box.hide()
            return
        group = translations_of(path)
        default = "en"
        if self.project is not None:
            loc = self.project.settings.get("localization")
            if isinstance(loc, dict) and isinstance(loc.get("default"), str):
                default = loc["default"]
        entries = [(default, group.default), *sorted(group.variants.items())]
        _base, mine = split_language(path)
        for code, file in entries:  # the code in the toolbar, the file on hover
            box.addItem(code.upper(), str(file))
            box.setItemData(box.count() - 1, file.name, Qt.ItemDataRole.ToolTipRole)
            if (mine or default) == code:
                box.setCurrentIndex(box.count() - 1)
        self._language_index = box.currentIndex()
        box.insertSeparator(box.count())
        box.addItem(icon("plus"), "Add language…", ADD_LANGUAGE)
        # as wide as a code in the toolbar (so it stays one row at 1280 px); the list
        # opens as wide as its entries
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(max(len(c) for c, _f in entries))
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 8)
        box.setVisible(True)

    def reload_sample_data(self, profiles: dict[str, Any]) -> None:
        """The workspace's profiles or snippets changed: the same profile (read again)
        stays selected and the preview renders again."""
        index = self.preview.data_box.currentIndex()  # 0: "No sample data"
        keep = self.preview.data_box.currentText() if index > 0 else None
        if keep not in profiles and index > 0:  # it was deleted: the default again
            keep = default_profile_key(self.project, profiles)
        self.sample_profiles = profiles
        self.preview.set_sample_profiles(profiles, keep)
        self.follow_language()
        self.preview.request(self.document.text, immediate=True)

    def follow_language(self) -> None:
        """The preview shows what the selected profile gets, as ``mailwright render``
        does: on a default message, the translation its language picks (with a note and
        a link to open it); on a translation file, that file."""
        path = self.document.path
        profile = self.preview.sample_data
        if path is None or self.is_component or profile is None:
            self.preview.set_translation(None)
            return
        settings = LocalizationSettings.from_settings(
            self.project.settings if self.project is not None else {}
        )
        chosen = file_for(path, profile, settings)
        if chosen == path:
            self.preview.set_translation(None)
            return
        who = html_escape(self.preview.data_box.currentText())
        language = html_escape(profile_language(profile, settings.attribute) or "")
        self.preview.set_translation(
            chosen,
            (
                f"Showing {html_escape(chosen.name)}: the translation {who} gets (language "
                f'{language}). <a href="{html_escape(str(chosen))}">Open it</a>'
            ),
        )

    def _language_chosen(self, index: int) -> None:
        file = self.language_box.itemData(index)
        if file == ADD_LANGUAGE:
            self.language_box.setCurrentIndex(self._language_index)
            self.add_language_requested.emit()
            return
        if (
            isinstance(file, str)
            and self.document.path is not None
            and Path(file) != self.document.path
        ):
            self.language_requested.emit(file)

    def _completion_sources(self) -> CompletionSources:
        data = self.preview.sample_data
        if data is None and self.sample_profiles:
            data = next(iter(self.sample_profiles.values()))
        return CompletionSources(
            self._components, self.custom_tags, data, custom_props=self.custom_props()
        )

    def custom_props(self) -> dict[str, tuple[PropInfo, ...]]:
        """The workspace's custom components' props (re-read when a component file changes)."""
        root = self.project.root if self.project is not None else None
        if root is None:
            return {}
        from components.custom import component_files

        stamp = []
        for f in component_files(root):
            try:
                stamp.append((str(f), f.stat().st_mtime))
            except OSError:
                continue
        if tuple(stamp) != self._custom_stamp:
            self._custom = custom_components(root)
            self._custom_stamp = tuple(stamp)
        return self._custom

    def _on_result(self, result: CompileResult) -> None:
        self.state.set_result(result)

    def _page_shown(self) -> None:
        if not (shiboken6.isValid(self.preview) and shiboken6.isValid(self.problem_checks)):
            return  # a page's answer that came while the editor closes
        if not self.preview.busy:
            self.problem_checks.page_shown()

    def _on_mode(self, change: tuple[str, bool]) -> None:
        name, on = change
        if name == "inspect_mode":
            self.preview.set_inspect_mode(on)
        elif name == "table_view":
            self.preview.set_table_view(on)
        elif name == "preview_visible":
            self.right.setVisible(on and self.editor_mode == "code")
            self.preview.set_in_view(on and self.editor_mode == "code")

    def check_disk(self) -> None:
        """Reload when the file changed on disk; ask first when there is unsaved work."""
        self.preview.refresh_translation()
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
        self.disk_banner.setText(
            "This file changed on disk and you have unsaved changes: "
            "<a href='merge'>Merge</a> combines both (conflicts "
            "marked in the code); Save keeps yours; File ▸ Reload "
            "from Disk takes the disk version (undoable)."
        )
        self.disk_banner.show()

    def merge_from_disk(self) -> Merged | None:
        """The three-way merge offer: unsaved text + the file on disk, over the text last
        saved (undoable); conflicts are marked in the code and the cursor goes to the
        first."""
        try:
            merged = self.document.merge_disk()
        except DocumentError as exc:
            self.disk_banner.setText(f"Not merged: {exc}")
            return None
        if merged.clean:
            self.disk_banner.hide()
        else:
            self.disk_banner.setText(
                f"Merged with {merged.conflicts} conflict{'s' if merged.conflicts != 1 else ''}"
                ": keep one side of each <<<<<<< … ======= … >>>>>>> block in the code, "
                "then save (Undo takes the merge back)."
            )
            self.state.set_cursor(merged.regions[0][0])
        return merged

    def reload_from_disk(self) -> None:
        if self.document.path is not None and self.document.path.exists():
            self.document.reload()
            self.disk_banner.hide()

    def shutdown(self) -> None:
        self.text_tab.save()
        self.visual.canvas.shutdown()
        if self._devtools is not None:
            self._devtools.shutdown()
        self.problem_checks.shutdown()
        self.preview.shutdown()


COMMON_LANGUAGES = ("de", "es", "fr", "it", "nl", "pt-br", "pl", "sv", "da", "ja", "zh-hans")


def ask_language_code(parent: QWidget, path: Path) -> str | None:
    """Ask which language to add to the email at ``path`` (common codes it has not got
    yet are offered; any code can be typed). None when cancelled."""
    have = set(translations_of(path).variants)
    offered = [c for c in COMMON_LANGUAGES if c not in have]
    code, ok = QInputDialog.getItem(
        parent,
        "Add language",
        f"Translate {path.name} to (a language code such as fr, de or pt-BR):",
        offered,
        0,
        True,
    )
    return code.strip() if ok and code.strip() else None


def default_profile_key(project: Project | None, profiles: dict[str, Any]) -> str | None:
    """The key (path under ``data/``) of the workspace's default sample profile
    (``[data] default`` in mailwright.toml, else the first profile), if it is listed."""
    if project is None or project.root is None:
        return None
    from compiler.liquid import default_profile_path
    from compiler.project import ProjectError

    try:
        path = default_profile_path(project)
    except ProjectError:
        return None
    if path is None:
        return None
    try:
        key = path.resolve().relative_to((project.root / "data").resolve()).as_posix()
    except ValueError:
        return None
    return key if key in profiles else None


def load_sample_profiles(root: Path | None) -> dict[str, Any]:
    """``data/**/*.json`` of the workspace: name → profile, read as ``mailwright render`` and
    ``check`` read them (``compiler.liquid.read_profile``); unreadable files are left out."""
    from compiler.liquid import read_profile
    from compiler.project import ProjectError

    out: dict[str, Any] = {}
    if root is None or not (root / "data").is_dir():
        return out
    for p in files_under(root, "data", (".json",)):
        try:
            out[p.relative_to(root / "data").as_posix()] = read_profile(p)
        except ProjectError:
            continue
    return out
