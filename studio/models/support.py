"""Hover text: email-client support of an element or CSS property (caniemail data)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][\w-]*")


def word_at(text: str, offset: int) -> tuple[int, int, str] | None:
    """The tag/attribute/property name around ``offset``: (start, end, word)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end == -1 else line_end
    for m in _WORD.finditer(text, line_start, line_end):
        if m.start() <= offset <= m.end():
            return m.start(), m.end(), m.group(0)
    return None


def _kind(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 2) : start]
    after = text[end : end + 3].lstrip()
    if before.endswith(("<", "</")):
        return "tag"
    if after.startswith(":") and not after.startswith("::"):
        return "css"
    if after.startswith("="):
        return "attr"
    return ""


def support_text(text: str, offset: int) -> str | None:
    """A one-paragraph summary of client support for the name under ``offset``, or None."""
    found = word_at(text, offset)
    if found is None:
        return None
    start, end, word = found
    kind = _kind(text, start, end)
    if not kind:
        return None
    try:
        from compiler.validators.caniemail import lookup

        info = lookup(kind, word)
    except Exception:  # the data file is missing or unreadable: no hover, no crash
        return None
    if info is None:
        return None
    pct = round(100 * info.share) if hasattr(info, "share") else None
    parts = [f"{info.title}: " + (f"{pct}% support" if pct is not None else "support")]
    if info.unsupported:
        parts.append(
            "Not supported: "
            + ", ".join(info.unsupported[:8])
            + (" …" if len(info.unsupported) > 8 else "")
        )
    if info.partial:
        parts.append(
            "Partial: " + ", ".join(info.partial[:6]) + (" …" if len(info.partial) > 6 else "")
        )
    parts.append(info.url)
    return "\n".join(parts)
