"""``set()`` in component ``<style>``: JavaScript values as CSS text.

``set('props.background')`` (a quoted path) and ``set(newColor?.dark)`` (a bare
expression) are replaced by the value's text. Inside a declaration, a value of
``undefined``, ``null`` or ``''`` drops that whole declaration. Inside a
selector (``.defaultImage-set(hash)``) the text is spliced into the selector.
Values are inserted as CSS text, never HTML: ``</`` cannot end the style element.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from components.custom.values import js_string
from components.schema import MISSING
from styles.brackets import SCRIPT, closing

_SET_RE = re.compile(r"(?<![A-Za-z0-9_])set\(")
_QUOTED_RE = re.compile(r"""\s*(['"])(.*)\1\s*""", re.S)

#: evaluate(expression, offset of the expression in the css) → value or MISSING
Evaluate = Callable[[str, int], object]


def css_text(value: object) -> str:
    return js_string(value).replace("</", "<\\/")


def substitute_set(css: str, evaluate: Evaluate) -> str:
    """``css`` with every ``set(…)`` replaced (see the module doc)."""
    if "set(" not in css:
        return css
    edits: list[tuple[int, int, str]] = []
    drops: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _SET_RE.search(css, pos)
        if m is None:
            break
        close = closing(css, m.end() - 1, SCRIPT) - 1  # the argument is JavaScript
        if close < 0:
            break
        arg = css[m.end() : close]
        quoted = _QUOTED_RE.fullmatch(arg)
        if quoted:
            expr = quoted.group(2)
            offset = m.end() + arg.index(quoted.group(1)) + 1
        else:
            expr = arg
            offset = m.end()
        value = evaluate(expr.strip(), offset + (len(expr) - len(expr.lstrip())))
        back = max(
            css.rfind("{", 0, m.start()), css.rfind("}", 0, m.start()), css.rfind(";", 0, m.start())
        )
        ahead = [
            k for k in (css.find("{", close), css.find("}", close), css.find(";", close)) if k >= 0
        ]
        forward = min(ahead) if ahead else len(css)
        in_selector = forward < len(css) and css[forward] == "{"
        missing = value is MISSING or value is None or value == ""
        if missing and not in_selector:
            end = forward + 1 if forward < len(css) and css[forward] == ";" else forward
            drops.append((back + 1, end))
        else:
            edits.append((m.start(), close + 1, css_text(value)))
        pos = close + 1
    out: list[str] = []
    cursor = 0
    events = sorted(
        [(s, e, r) for s, e, r in edits] + [(s, e, None) for s, e in drops],
        key=lambda t: (t[0], t[2] is not None),
    )
    for start, end, repl in events:
        if start < cursor:
            continue  # inside a dropped declaration
        out.append(css[cursor:start])
        if repl is not None:
            out.append(repl)
        cursor = end
    out.append(css[cursor:])
    return "".join(out)
