"""The component file page's *Try it* panel: pick a preset, try prop values.

A component file (``components/x.html``) is previewed as one instance in a section
(:mod:`studio.models.component_preview`). This panel chooses that instance: a preset of
``config.presets`` (or ``<tag></tag>``), then its props edited with the properties panel
itself — the form generated from the component's own ``Component.defineProps``, read
again from the file's text as it is typed — over a small host email that exists only
here (nothing is written to the component file). Every change sets the preview's
``component_use`` and recompiles.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from compiler.project import Project
from studio.models import component_preview as CP
from studio.models.document import EmailDocument
from studio.qt.properties_panel import PropertiesPanel

#: the pause after typing in the component's code before its props are read again
REREAD_MS = 300


class ComponentTrial(QWidget):
    """Preset and props of the instance a component file's preview shows."""

    use_changed = Signal(str)  # the instance markup to preview

    def __init__(
        self, document: EmailDocument, project: Project, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("componentTrial")
        self.document = document
        self.project = project
        self.tag = ""
        self.presets: list[tuple[str, str]] = []
        self.preset_box = QComboBox()
        self.preset_box.setToolTip("The preset the preview starts from")
        self.preset_box.activated.connect(self._preset_chosen)
        self.instance = EmailDocument("")
        self.form = PropertiesPanel(self.instance)
        self.form.title.hide()
        self.form.row_tools = False  # no visibility or save-as-component for a trial
        self.instance.changed.connect(lambda _e: self._instance_changed())
        head = QHBoxLayout()
        title = QLabel("Try it")
        title.setStyleSheet("font-weight: 600")
        head.addWidget(title)
        head.addWidget(self.preset_box, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 0)
        lay.addLayout(head)
        lay.addWidget(self.form, 1)
        # typing in the component's code: its props are read again after a pause
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(REREAD_MS)
        self._later.timeout.connect(lambda: self.refresh(keep=True))
        document.changed.connect(lambda _e: self._later.start())
        self.refresh()

    def refresh(self, *, keep: bool = False) -> None:
        """Read the component again (its props and presets from the text as typed);
        ``keep`` the instance being tried when its preset still exists."""
        path = str(self.document.path) if self.document.path else ""
        library, self.tag = CP.component_library(self.document.text, path, self.project)
        self.form.library = library
        self.form.styles = self.project.styles
        presets = CP.presets(library, self.tag)
        if presets != self.presets or not keep:
            index = max(0, self.preset_box.currentIndex()) if keep else 0
            self.presets = presets
            self.preset_box.blockSignals(True)
            self.preset_box.clear()
            for label, _markup in presets:
                self.preset_box.addItem(label)
            self.preset_box.setCurrentIndex(min(index, len(presets) - 1))
            self.preset_box.blockSignals(False)
            self._preset_chosen(self.preset_box.currentIndex())
        else:
            self.form.rebuild()

    def _preset_chosen(self, index: int) -> None:
        _label, markup = self.presets[max(0, index)]
        self.instance.set_text(CP.trial_text(self.tag, markup))
        self._show_instance()
        self._instance_changed()

    def _show_instance(self) -> None:
        text = self.instance.text
        start = text.find(f"<{self.tag}")
        self.form.show_rows([start] if start != -1 else [])

    def use(self) -> str:
        return CP.use_of(self.instance.text)

    def _instance_changed(self) -> None:
        if self.instance.text:
            self.use_changed.emit(self.use())
