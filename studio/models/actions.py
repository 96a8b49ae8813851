"""Every studio action, declared once as data.

Menus, toolbars, keyboard shortcuts and the command palette are all built
from :data:`ACTIONS`; nothing else declares a shortcut.

An action with a ``scope`` (``"visual"``) has its shortcut only while the
focus is in that part of the window (the visual editor: canvas, insert and
layers panels). Where a scoped action shares a key with an unscoped one
(Ctrl/Cmd+D is Select Next Occurrence in the code and Duplicate in the visual
editor), the unscoped action's key hands over to the scoped one while the
scope is active (:attr:`ActionRegistry.scope_active`). Shortcuts use Qt's
portable notation: ``Ctrl`` is Cmd on macOS and ``Alt`` is Option, which is
how ``keyboard-shortcuts.md`` reads ("CMD/CTRL", "OPTION"); a chord of two
keys is written ``"Ctrl+K, Ctrl+["`` (comma and space, as ``QKeySequence``
parses it).

:class:`ActionRegistry` binds ids to handlers and keeps the checked/enabled
state of each action, so the state is testable without a window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from studio.models.events import Event


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    text: str
    menu: str = ""  # top-level menu it appears in ("" = palette/shortcut only)
    shortcut: str = ""
    alt_shortcuts: tuple[str, ...] = ()
    toolbar: str = ""  # toolbar it appears on ("" = none)
    checkable: bool = False
    palette: bool = True
    tip: str = ""
    editor_only: bool = False  # needs an open editor
    scope: str = ""  # "visual": only while the focus is in the visual editor
    icon: str = ""  # Material Design Icons name (qtawesome "mdi6."), for toolbars


MENUS: tuple[str, ...] = ("File", "Edit", "Selection", "View", "Preview", "Tools", "Help")

ACTIONS: tuple[Action, ...] = (
    # File
    Action(
        "file.new_email",
        "New Email…",
        "File",
        "Ctrl+N",
        toolbar="dashboard",
        icon="email-plus-outline",
    ),
    Action("file.new_template", "New Template…", "File", icon="file-document-plus-outline"),
    Action("file.new_component", "New Component…", "File", icon="puzzle-outline"),
    Action("file.new_folder", "New Folder…", "File", icon="folder-plus-outline"),
    Action(
        "file.import",
        "Import…",
        "File",
        toolbar="dashboard",
        tip="Import an .html, .htm, .eml or .mjml file",
        icon="tray-arrow-down",
    ),
    Action(
        "file.open_workspace", "Open Workspace…", "File", "Ctrl+Shift+O", icon="folder-open-outline"
    ),
    Action(
        "file.dashboard",
        "Dashboard",
        "File",
        "Ctrl+Shift+E",
        toolbar="editor",
        icon="view-dashboard-outline",
    ),
    Action(
        "file.global_styles",
        "Global Styles",
        "File",
        toolbar="dashboard",
        tip="Edit the workspace's colours, fonts, radii, spacing and component defaults",
        icon="palette-swatch-outline",
    ),
    Action(
        "file.save",
        "Save",
        "File",
        "Ctrl+S",
        toolbar="editor",
        editor_only=True,
        icon="content-save-outline",
    ),
    Action(
        "file.reload",
        "Reload from Disk",
        "File",
        editor_only=True,
        tip="Replace the editor's text with the file on disk (undoable)",
    ),
    Action("file.close_editor", "Close Editor", "File", "Alt+W", editor_only=True),
    Action(
        "file.screenshot",
        "Save Preview Screenshot…",
        "File",
        editor_only=True,
        toolbar="preview",
        icon="camera-outline",
    ),
    Action(
        "file.send_test",
        "Send Test…",
        "File",
        toolbar="editor",
        editor_only=True,
        tip="Send this email, rendered for a sample profile, over SMTP ([smtp] settings)",
        icon="send-outline",
    ),
    Action(
        "file.publish",
        "Publish…",
        "File",
        toolbar="editor",
        editor_only=True,
        tip="Run every check and write dist/<email>/ when no error remains",
        icon="publish",
    ),
    Action("file.export_zip", "Export as ZIP…", "File", editor_only=True),
    Action("file.export_eml", "Export as .eml…", "File", editor_only=True),
    Action("file.export_html", "Export as HTML…", "File", editor_only=True),
    Action(
        "file.export_review",
        "Export Review Bundle…",
        "File",
        editor_only=True,
        tip="The PDF report, the email and its review comments in one ZIP for a reviewer",
    ),
    Action(
        "file.copy_html",
        "Copy HTML",
        "File",
        editor_only=True,
        tip="The compiled HTML (as publish ships it) to the clipboard",
    ),
    Action(
        "file.export_pdf",
        "Export PDF Report…",
        "File",
        editor_only=True,
        tip="A review report: screenshots, inbox line, links, images, spam, accessibility",
    ),
    Action(
        "file.review",
        "Review Comments",
        "File",
        editor_only=True,
        tip="Comments pinned to elements, for a device and scheme (reviews/ in git)",
    ),
    Action(
        "file.version_history",
        "Version History",
        "File",
        editor_only=True,
        tip="Versions of this file: compare, restore, save a named version",
        icon="history",
    ),
    Action("file.quit", "Quit", "File", "Ctrl+Q"),
    # Edit
    Action("edit.undo", "Undo", "Edit", "Ctrl+Z", editor_only=True, icon="undo"),
    Action("edit.redo", "Redo", "Edit", "Ctrl+Shift+Z", ("Ctrl+Y",), editor_only=True, icon="redo"),
    Action("edit.find", "Find", "Edit", "Ctrl+F", editor_only=True, icon="magnify"),
    Action("edit.replace", "Replace", "Edit", "Ctrl+Alt+F", ("Ctrl+H",), editor_only=True),
    Action("edit.find_next", "Find Next", "Edit", "Ctrl+G", ("F3",), editor_only=True),
    Action(
        "edit.find_previous",
        "Find Previous",
        "Edit",
        "Ctrl+Shift+G",
        ("Shift+F3",),
        editor_only=True,
    ),
    Action(
        "edit.format",
        "Format Document",
        "Edit",
        "Shift+Alt+F",
        toolbar="editor",
        editor_only=True,
        icon="format-align-left",
    ),
    Action("edit.wrap_bold", "Wrap Bold", "Edit", "Ctrl+B", editor_only=True),
    Action("edit.wrap_italic", "Wrap Italics", "Edit", "Ctrl+I", editor_only=True),
    Action("edit.wrap_underline", "Wrap Underline", "Edit", "Ctrl+U", editor_only=True),
    Action("edit.toggle_comment", "Toggle Line Comment", "Edit", "Ctrl+/", editor_only=True),
    Action("edit.preferences", "Preferences…", "Edit", "Ctrl+,"),
    # Selection / lines
    Action("line.move_up", "Move Line Up", "Selection", "Alt+Up", editor_only=True),
    Action("line.move_down", "Move Line Down", "Selection", "Alt+Down", editor_only=True),
    Action("line.copy_up", "Copy Line Up", "Selection", "Shift+Alt+Up", editor_only=True),
    Action("line.copy_down", "Copy Line Down", "Selection", "Shift+Alt+Down", editor_only=True),
    Action("line.delete", "Delete Line", "Selection", "Ctrl+Shift+K", editor_only=True),
    Action("line.indent", "Indent Line", "Selection", "Ctrl+]", editor_only=True),
    Action("line.outdent", "Outdent Line", "Selection", "Ctrl+[", editor_only=True),
    Action("line.select", "Select Current Line", "Selection", "Ctrl+L", editor_only=True),
    Action("cursor.add_above", "Insert Cursor Above", "Selection", "Ctrl+Alt+Up", editor_only=True),
    Action(
        "cursor.add_below", "Insert Cursor Below", "Selection", "Ctrl+Alt+Down", editor_only=True
    ),
    Action(
        "edit.select_all_matches", "Select All Matches", "Selection", "Alt+Return", editor_only=True
    ),
    Action(
        "cursor.select_next",
        "Select Next Occurrence",
        "Selection",
        "Ctrl+D",
        editor_only=True,
        tip="Select the word, then add the next match as another cursor",
    ),
    # View
    Action("view.command_palette", "Command Palette…", "View", "Ctrl+Shift+P", ("F1",)),
    Action(
        "view.toggle_sidebar",
        "Toggle Sidebar",
        "View",
        "Ctrl+Shift+B",
        checkable=True,
        icon="dock-left",
    ),
    Action(
        "view.toggle_preview",
        "Toggle Preview",
        "View",
        "Ctrl+Shift+D",
        checkable=True,
        toolbar="editor",
        editor_only=True,
        icon="dock-right",
    ),
    Action("view.dark_theme", "Dark Theme", "View", checkable=True),
    Action(
        "view.devtools",
        "Developer Tools",
        "View",
        checkable=True,
        editor_only=True,
        tip="Problems, Source, Links, Images, SpamAssassin and Accessibility under the preview",
        icon="bug-outline",
    ),
    Action(
        "view.reset_layout",
        "Reset Layout",
        "View",
        icon="restore",
        tip="Put panels and splitters back where they start",
    ),
    Action("fold.current", "Fold Current Region", "View", "Ctrl+K, Ctrl+[", editor_only=True),
    Action(
        "fold.unfold_current", "Unfold Current Region", "View", "Ctrl+K, Ctrl+]", editor_only=True
    ),
    Action("fold.unfold_all", "Unfold All", "View", editor_only=True),
    Action("view.shortcuts", "Keyboard Shortcuts", "Help", "Ctrl+K, Ctrl+S"),
    # Preview / developer tools
    Action(
        "preview.inspect",
        "Inspect Element",
        "Preview",
        "Ctrl+Shift+C",
        checkable=True,
        toolbar="preview",
        editor_only=True,
        tip="Click an element in the preview to select its source",
        icon="cursor-default-click-outline",
    ),
    Action(
        "preview.focus",
        "Focus Mode",
        "Preview",
        "Ctrl+Shift+M",
        checkable=True,
        toolbar="preview",
        editor_only=True,
        tip="The preview follows the cursor and outlines the element",
        icon="target",
    ),
    Action(
        "preview.tables",
        "Expanded Table View",
        "Preview",
        checkable=True,
        toolbar="preview",
        editor_only=True,
        icon="table-border",
    ),
    Action("preview.refresh", "Refresh Preview", "Preview", "F5", editor_only=True, icon="refresh"),
    Action("text.generate", "Generate Plain Text", "Tools", editor_only=True),
    # Visual editor (canvas, insert and layers panels): keyboard-shortcuts.md's basic
    # editing keys act on the selected components there
    Action(
        "mode.visual",
        "Visual Editor",
        "View",
        editor_only=True,
        tip="Insert and layers panels with the canvas",
    ),
    Action(
        "mode.code", "Code Editor", "View", editor_only=True, tip="Code tabs with the live preview"
    ),
    Action(
        "mode.split",
        "Split Editor",
        "View",
        editor_only=True,
        tip="Panels, canvas and code side by side",
    ),
    Action("visual.duplicate", "Duplicate", "Edit", "Ctrl+D", editor_only=True, scope="visual"),
    Action(
        "visual.delete",
        "Delete",
        "Edit",
        "Delete",
        ("Backspace",),
        editor_only=True,
        scope="visual",
    ),
    Action("visual.copy", "Copy Component", "Edit", "Ctrl+C", editor_only=True, scope="visual"),
    Action("visual.cut", "Cut Component", "Edit", "Ctrl+X", editor_only=True, scope="visual"),
    Action(
        "visual.paste",
        "Paste Component",
        "Edit",
        "Ctrl+V",
        editor_only=True,
        scope="visual",
        tip="Paste components after the selection",
    ),
    Action("visual.move_up", "Move Up", "Edit", "Alt+Up", editor_only=True, scope="visual"),
    Action("visual.move_down", "Move Down", "Edit", "Alt+Down", editor_only=True, scope="visual"),
    Action("visual.rename", "Rename Layer", "Edit", "F2", editor_only=True, scope="visual"),
    Action(
        "visual.hide",
        "Hide on Canvas",
        "Edit",
        editor_only=True,
        scope="visual",
        tip="Hide the selected layers on the canvas (view only; the email is unchanged)",
    ),
    Action(
        "visual.select_parent",
        "Select Parent",
        "Selection",
        "Esc",
        ("Left",),
        editor_only=True,
        scope="visual",
    ),
    Action(
        "visual.select_child",
        "Select First Child",
        "Selection",
        "Right",
        editor_only=True,
        scope="visual",
    ),
    Action(
        "visual.select_previous",
        "Select Previous",
        "Selection",
        "Up",
        editor_only=True,
        scope="visual",
    ),
    Action(
        "visual.select_next", "Select Next", "Selection", "Down", editor_only=True, scope="visual"
    ),
    Action(
        "visual.zoom_in", "Zoom In", "View", "Ctrl+=", ("Ctrl++",), editor_only=True, scope="visual"
    ),
    Action("visual.zoom_out", "Zoom Out", "View", "Ctrl+-", editor_only=True, scope="visual"),
    Action("visual.zoom_reset", "Actual Size", "View", "Ctrl+0", editor_only=True, scope="visual"),
    Action("help.about", "About Mailwright", "Help"),
)

_BY_ID = {a.id: a for a in ACTIONS}


def action(action_id: str) -> Action:
    return _BY_ID[action_id]


def keys_of(a: Action) -> tuple[str, ...]:
    return tuple(s for s in (a.shortcut, *a.alt_shortcuts) if s)


def shortcut_conflicts(actions: Iterable[Action] = ACTIONS) -> dict[str, list[str]]:
    """Shortcuts bound to more than one action of one scope (should be empty).

    A scoped action may share a key with an unscoped one: the key hands over
    while the scope is active (see the module docstring)."""
    seen: dict[tuple[str, str], list[str]] = {}
    for a in actions:
        for s in keys_of(a):
            seen.setdefault((a.scope, s.lower()), []).append(a.id)
    return {k: v for (_scope, k), v in seen.items() if len(v) > 1}


def handovers(actions: Iterable[Action] = ACTIONS) -> dict[str, list[str]]:
    """Unscoped action id → the scoped actions that take its key over in their scope."""
    actions = list(actions)
    unscoped: dict[str, str] = {}
    for a in actions:
        if not a.scope:
            for s in keys_of(a):
                unscoped.setdefault(s.lower(), a.id)
    out: dict[str, list[str]] = {}
    for a in actions:
        if a.scope:
            for s in keys_of(a):
                owner = unscoped.get(s.lower())
                if owner is not None and a.id not in out.get(owner, []):
                    out.setdefault(owner, []).append(a.id)
    return out


def _fuzzy_score(query: str, text: str) -> int | None:
    """Subsequence match score (higher is better), None when ``query`` is not in ``text``."""
    q, t = query.lower(), text.lower()
    if not q:
        return 0
    if q in t:
        return 1000 - t.index(q) * 10 - len(t)
    score, pos, prev = 0, 0, -2
    for ch in q:
        i = t.find(ch, pos)
        if i == -1:
            return None
        score += 10 if i == prev + 1 else (5 if i == 0 or t[i - 1] in " .-" else 1)
        prev, pos = i, i + 1
    return score - len(t)


def palette_matches(query: str, actions: Iterable[Action] = ACTIONS) -> list[Action]:
    """Palette entries matching ``query``, best first."""
    scored = []
    for a in actions:
        if not a.palette:
            continue
        label = f"{a.menu}: {a.text}" if a.menu else a.text
        s = _fuzzy_score(query, label)
        if s is not None:
            scored.append((-s, label, a))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [a for _, _, a in scored]


class ActionRegistry:
    """Handlers and state for the declared actions."""

    def __init__(self, actions: Iterable[Action] = ACTIONS) -> None:
        self.actions = {a.id: a for a in actions}
        self._handlers: dict[str, Callable[[], object]] = {}
        self._checked: dict[str, bool] = {a.id: False for a in self.actions.values() if a.checkable}
        self._enabled: dict[str, bool] = {a.id: not a.editor_only for a in self.actions.values()}
        self.checked_changed: Event[tuple[str, bool]] = Event()
        self.enabled_changed: Event[tuple[str, bool]] = Event()
        self.triggered: Event[str] = Event()
        #: is the focus in this scope now ("visual")? The window answers.
        self.scope_active: Callable[[str], bool] = lambda _scope: False
        self.handovers = handovers(self.actions.values())

    def bind(self, action_id: str, handler: Callable[[], object]) -> None:
        if action_id not in self.actions:
            raise KeyError(f"unknown action {action_id!r}")
        self._handlers[action_id] = handler

    def is_bound(self, action_id: str) -> bool:
        return action_id in self._handlers

    def trigger(self, action_id: str) -> bool:
        """Run an action's handler (toggling it first when checkable)."""
        a = self.actions[action_id]
        for twin in self.handovers.get(action_id, ()):
            scoped = self.actions[twin]
            if (
                self.scope_active(scoped.scope)
                and self._enabled.get(twin, True)
                and twin in self._handlers
            ):
                return self.trigger(twin)
        if not self._enabled.get(action_id, True):
            return False
        if a.checkable:
            self.set_checked(action_id, not self._checked[action_id])
        handler = self._handlers.get(action_id)
        if handler is None:
            return False
        handler()
        self.triggered.emit(action_id)
        return True

    def checked(self, action_id: str) -> bool:
        return self._checked.get(action_id, False)

    def set_checked(self, action_id: str, value: bool) -> None:
        if self._checked.get(action_id) != value:
            self._checked[action_id] = value
            self.checked_changed.emit((action_id, value))

    def enabled(self, action_id: str) -> bool:
        return self._enabled.get(action_id, True)

    def set_enabled(self, action_id: str, value: bool) -> None:
        if self._enabled.get(action_id) != value:
            self._enabled[action_id] = value
            self.enabled_changed.emit((action_id, value))

    def set_editor_open(self, value: bool) -> None:
        for a in self.actions.values():
            if a.editor_only:
                self.set_enabled(a.id, value)
