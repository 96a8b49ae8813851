"""The code editor's syntax highlighter: applies :mod:`studio.models.highlight` tokens."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from studio.models.highlight import MSO, highlight_line
from studio.models.text import is_bmp, utf16_offsets

PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "tag": "#22863a",
        "component": "#6f42c1",
        "custom": "#b31d28",
        "attr": "#6a737d",
        "directive": "#d73a49",
        "string": "#032f62",
        "interp": "#e36209",
        "liquid": "#005cc5",
        "comment": "#8a8f98",
        "mso": "#a0522d",
        "css-prop": "#005cc5",
        "css-value": "#032f62",
        "css-selector": "#6f42c1",
        "entity": "#e36209",
        "punct": "#6a737d",
        "mso-line": "#fff4e5",
        "mso-gray": "#9aa0a6",
    },
    "dark": {
        "tag": "#7ee787",
        "component": "#d2a8ff",
        "custom": "#ff7b72",
        "attr": "#8b949e",
        "directive": "#ff7b72",
        "string": "#a5d6ff",
        "interp": "#ffa657",
        "liquid": "#79c0ff",
        "comment": "#8b949e",
        "mso": "#e3b341",
        "css-prop": "#79c0ff",
        "css-value": "#a5d6ff",
        "css-selector": "#d2a8ff",
        "entity": "#ffa657",
        "punct": "#8b949e",
        "mso-line": "#2d2414",
        "mso-gray": "#6e7681",
    },
}


class EmailHighlighter(QSyntaxHighlighter):
    """HTML, x- and custom tags, directives, ``${}``, Liquid, CSS and MSO comments."""

    def __init__(
        self, document: QTextDocument, theme: str = "light", mso_highlight: bool = True
    ) -> None:
        super().__init__(document)
        self.mso_highlight = mso_highlight
        self.formats: dict[str, QTextCharFormat] = {}
        self.set_theme(theme, rehighlight=False)

    def set_theme(self, theme: str, rehighlight: bool = True) -> None:
        colors = PALETTES.get(theme, PALETTES["light"])
        self.colors = colors
        self.formats = {}
        for kind, color in colors.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(color))
            if kind in ("component", "custom", "liquid"):
                fmt.setFontWeight(QFont.Weight.DemiBold)
            if kind == "comment":
                fmt.setFontItalic(True)
            self.formats[kind] = fmt
        if rehighlight:
            self.rehighlight()

    def set_mso_highlight(self, on: bool) -> None:
        self.mso_highlight = on
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        prev = self.previousBlockState()
        state = prev if prev >= 0 else 0
        tokens, new_state = highlight_line(text, state)
        mso_line = bool((state | new_state) & MSO) or any(t.kind == "mso" for t in tokens)
        tint = QColor(self.colors["mso-line"]) if self.mso_highlight and mso_line else None
        if tint is not None:
            base = QTextCharFormat()
            base.setBackground(tint)
            self.setFormat(0, len(text), base)
        gray = not self.mso_highlight
        # Qt's positions: the same as ours but where a character is beyond the BMP (all
        # found in one pass: a minified email is one line of thousands of tokens)
        bounds = (
            None
            if not text or is_bmp(text)
            else utf16_offsets(text, [p for t in tokens for p in (t.start, t.end)])
        )
        formats = self.formats
        plain = QTextCharFormat()  # (setFormat copies the format it is given)
        if tint is not None:  # each kind's format on the MSO line's background
            formats = {kind: QTextCharFormat(fmt) for kind, fmt in formats.items()}
            for fmt in (*formats.values(), plain):
                fmt.setBackground(tint)
        set_format = self.setFormat
        for k, t in enumerate(tokens):
            start, end = (t.start, t.end) if bounds is None else (bounds[2 * k], bounds[2 * k + 1])
            kind = t.kind
            if gray and kind == "mso":
                kind = "mso-gray"
            set_format(start, end - start, formats.get(kind, plain))
        self.setCurrentBlockState(new_state)
