"""Write an email's envelope back into its front matter (reading is the compiler's).

:func:`compiler.envelope.read_front_matter` reads the block of ``key: value``
lines between two ``---`` lines at the top of an email; this module writes it.
Keys that are not envelope fields (per-email settings) are kept in place, in
their order; envelope fields are updated in place or appended; empty fields
are dropped; an email whose envelope and settings are all empty gets no front
matter at all. Liquid in values is written exactly as given.
"""

from __future__ import annotations

import re

from compiler.envelope import ENVELOPE_KEYS, read_front_matter
from compiler.result import Envelope

# Envelope attribute → the key written to the file.
FIELD_KEYS: tuple[tuple[str, str], ...] = (
    ("subject", "subject"),
    ("preheader", "preheader"),
    ("title", "title"),
    ("from_", "from"),
    ("reply_to", "reply_to"),
)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")


def envelope_of(text: str) -> Envelope:
    """The envelope written in ``text``'s front matter (empty fields when there is none)."""
    return read_front_matter(text).envelope


def quote_value(value: str) -> str:
    """A value as one front-matter line reads it back unchanged."""
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    needs = value != value.strip() or (
        len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
    )
    if not needs:
        return value
    return f"'{value}'" if '"' in value[:1] + value[-1:] else f'"{value}"'


def set_front_matter(text: str, envelope: Envelope) -> str:
    """``text`` with its front matter rewritten to hold ``envelope``.

    The body after the front matter is returned byte for byte.
    """
    fm = read_front_matter(text)
    body = text[fm.end :] if fm.end else text
    if fm.end:
        block = text[: fm.end]
        first_nl = block.index("\n") + 1
        last = block.rstrip("\r\n").rfind("\n") + 1
        inner_lines = block[first_nl:last].splitlines()
    else:
        inner_lines = []
    wanted = {key: getattr(envelope, attr) for attr, key in FIELD_KEYS}
    written: set[str] = set()
    out: list[str] = []
    for line in inner_lines:
        m = _KEY_LINE.match(line)
        key = m.group(1) if m else ""
        if key in ENVELOPE_KEYS:
            canonical = "reply_to" if key in ("reply_to", "reply-to") else key
            value = wanted.get(canonical, "")
            if canonical in written or not value:
                continue
            written.add(canonical)
            out.append(f"{key}: {quote_value(value)}")
        else:
            out.append(line)
    for _attr, key in FIELD_KEYS:
        if key not in written and wanted[key]:
            out.append(f"{key}: {quote_value(wanted[key])}")
    if not any(line.strip() for line in out):
        return body
    newline = "\r\n" if "\r\n" in text[:200] else "\n"
    head = "---" + newline + newline.join(out) + newline + "---" + newline
    return head + body
