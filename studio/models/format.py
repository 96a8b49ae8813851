"""Format Document: re-indent an email source by its tag nesting (no Qt).

Only the leading whitespace of lines changes; everything else on a line —
Liquid, ``${}``, attribute values, text — stays byte for byte. Lines inside
``<pre>``, ``<textarea>``, ``<script>``, ``<style>`` contents (re-indented as
a block relative to their tag), comments and multi-line start tags keep their
own relative indentation.
"""

from __future__ import annotations

import re

from components.markup import LIQUID_RE
from components.markup.elements import SERIALIZES_AS_VOID

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_RAW_OPEN = re.compile(r"<(pre|textarea|script|style)\b", re.I)


def _delta(line: str) -> tuple[int, int]:
    """(closers at line start, net depth change) of one line."""
    stripped = _strip_noise(line)
    leading_close = 0
    m = re.match(r"\s*((?:</[A-Za-z][\w:.-]*\s*>\s*)+)", stripped)
    if m:
        leading_close = len(re.findall(r"</", m.group(1)))
    net = 0
    for t in _TAG.finditer(stripped):
        closing, name, _attrs, selfclose = t.groups()
        if name.lower() in SERIALIZES_AS_VOID or selfclose:
            continue
        net += -1 if closing else 1
    return leading_close, net


def _strip_noise(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return LIQUID_RE.sub("", line)


def reindent(text: str, indent: str = "  ") -> str:
    """``text`` with every line indented by its nesting depth."""
    lines = text.split("\n")
    out: list[str] = []
    depth = 0
    raw_until: str | None = None
    in_comment = False
    for line in lines:
        stripped = line.strip()
        if raw_until is not None:
            if re.search(rf"</{raw_until}\s*>", line, re.I):
                raw_until = None
                if stripped.startswith("</"):
                    closers, net = _delta(line)
                    out.append(indent * max(0, depth - closers) + stripped)
                    depth = max(0, depth + net)
                else:
                    out.append(line)
                    depth = max(0, depth - 1)
                continue
            out.append(line)
            continue
        if in_comment:
            out.append(line)
            if "-->" in line:
                in_comment = False
            continue
        if not stripped:
            out.append("")
            continue
        closers, net = _delta(line)
        level = max(0, depth - closers)
        out.append(indent * level + stripped)
        depth = max(0, depth + net)
        raw = _RAW_OPEN.search(_strip_noise(line))
        if raw and not re.search(rf"</{raw.group(1)}\s*>", line, re.I):
            raw_until = raw.group(1).lower()
        if "<!--" in line and "-->" not in line[line.rfind("<!--") :]:
            in_comment = True
    return "\n".join(out)
