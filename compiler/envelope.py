"""The envelope of an email: front matter or a sibling ``.json`` file.

Front matter is a block of ``key: value`` lines between two ``---`` lines at
the very top of the file::

    ---
    subject: Your receipt, {{ customer.first_name | default: "friend" }}
    preheader: Thanks for shopping with us
    ---
    <x-base>…

Values may be quoted with ``"`` or ``'``; Liquid is kept as written. A
sibling ``welcome.json`` next to ``welcome.html`` may hold the same keys
(plus ``transformers``) and wins over front matter for the keys it sets.

The compile does not cut the front matter out: it blanks it (spaces, same
length, newlines kept) so every offset, line and column in the rest of the
file stays true.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.result import Envelope
from components.diagnostics import Issue, error, warning

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]?(.*?)[ \t]*$")
ENVELOPE_KEYS = {
    "subject": "subject",
    "preheader": "preheader",
    "title": "title",
    "from": "from_",
    "reply_to": "reply_to",
    "reply-to": "reply_to",
}


@dataclass
class FrontMatter:
    envelope: Envelope = field(default_factory=Envelope)
    settings: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    end: int = 0  # offset where the email body starts


def _unquote(value: str) -> str:
    """Strip YAML-style quotes: ``"a \\"b\\""`` → ``a "b"``; ``'it''s'`` → ``it's``."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r'\\(["\\])', r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def read_front_matter(text: str, file: str = "") -> FrontMatter:
    fm = FrontMatter()
    m = _FRONT.match(text)
    if not m:
        return fm
    fm.end = m.end()
    for n, raw in enumerate(m.group(1).splitlines(), start=2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        lm = _LINE.match(raw)
        if not lm:
            fm.issues.append(
                error(
                    "envelope/front-matter",
                    "front matter lines must look like 'key: value'",
                    file,
                    n,
                    1,
                )
            )
            continue
        key, value = lm.group(1), _unquote(lm.group(2))
        if key in ENVELOPE_KEYS:
            setattr(fm.envelope, ENVELOPE_KEYS[key], value)
        else:
            fm.settings[key] = value
    return fm


def blank_front_matter(text: str, end: int) -> str:
    """Replace the first ``end`` characters by spaces, keeping newlines."""
    if not end:
        return text
    head = re.sub(r"[^\r\n]", " ", text[:end])
    return head + text[end:]


def read_sidecar(path: Path, fm: FrontMatter) -> None:
    """Merge ``<email>.json`` beside ``path`` into the front matter, if present."""
    side = path.with_suffix(".json")
    if not side.is_file():
        return
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        fm.issues.append(error("envelope/sidecar", f"cannot read {side.name}: {exc}", str(side)))
        return
    except json.JSONDecodeError as exc:
        fm.issues.append(
            error("envelope/sidecar", f"invalid JSON: {exc.msg}", str(side), exc.lineno, exc.colno)
        )
        return
    if not isinstance(data, dict):
        fm.issues.append(error("envelope/sidecar", "expected a JSON object", str(side), 1, 1))
        return
    for key, value in data.items():
        if key in ENVELOPE_KEYS:
            if not isinstance(value, str):
                fm.issues.append(
                    warning("envelope/sidecar", f"'{key}' should be a string", str(side))
                )
            setattr(fm.envelope, ENVELOPE_KEYS[key], str(value))
        else:
            fm.settings[key] = value
