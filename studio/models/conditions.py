"""Conditional display of whole components: ``{% if %}`` around rows, as a form.

Pure Python (no Qt). liquid-visual-editor.md renders components conditionally with
a Liquid block around them (``{% if customer.language == "es" %} <x-image …>
{% endif %}``); the layers panel shows such a block as a row
(:mod:`studio.models.layers`, kind ``"liquid"``). Here the visual editor writes it
without code:

* :class:`Condition` — the form: an attribute (a Liquid path), an operator
  (:data:`OPERATORS`) and a value; :meth:`Condition.parse` reads what the form can
  show (else None: the expression is shown as text and replaced only when the
  designer writes a new one), :meth:`Condition.liquid` writes the expression;
* :func:`wrap` — ``{% if … %}`` / ``{% endif %}`` (or ``unless``) around each row, on
  lines of their own at the row's indentation when the row stands on its own lines
  (the row's own lines are not re-indented: the diff is the two new lines);
* :func:`set_condition` — a block row's condition (and ``if``/``unless``) rewritten
  in its open token only;
* :func:`repeat` — ``{% for item in list %}`` / ``{% endfor %}`` around rows, the
  same way (liquid-visual-editor.md's repeat; a row of the layers panel too);
* :func:`unwrap` — the block's open and close tokens removed (their whole lines when
  they stand alone), the rows inside kept byte for byte; refused for a block with
  ``elsif``/``else`` branches.

Each returns a :class:`~studio.models.visual_edits.VisualEdit` (one undo step).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from components.markup import Liquid
from studio.models.layers import Layer, Layers
from studio.models.visual_edits import (
    EditRefused,
    Replacement,
    VisualEdit,
    block_of,
    outermost_rows,
)

#: operator → (label in the form, Liquid written); ``truthy``/``falsy`` take no value
OPERATORS: Final[dict[str, tuple[str, str]]] = {
    "truthy": ("is set / true", ""),
    "falsy": ("is not set / false", ""),
    "==": ("is", "=="),
    "!=": ("is not", "!="),
    "contains": ("contains", "contains"),
    ">": ("is greater than", ">"),
    "<": ("is less than", "<"),
}
_PATH = r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]+\])*"
_VALUE = r"\"[^\"]*\"|'[^']*'|-?\d+(?:\.\d+)?|true|false|nil|blank|empty"
_COMPARE_RE = re.compile(rf"\s*({_PATH})\s*(==|!=|contains|>|<)\s*({_VALUE})\s*")
_LOOP_RE = re.compile(rf"[A-Za-z_]\w*\s+in\s+{_PATH}(?:\s+(?:limit|offset):\s*\d+)*")
_OPEN_RE = re.compile(r"\{%-?\s*(if|unless)\s+(.*?)\s*-?%\}", re.S)


@dataclass(frozen=True, slots=True)
class Condition:
    """``variable`` ``operator`` ``value`` (``value`` as written: ``"es"``, ``3``)."""

    variable: str
    operator: str = "truthy"
    value: str = ""

    @classmethod
    def parse(cls, expression: str) -> Condition | None:
        expression = expression.strip()
        if re.fullmatch(_PATH, expression):
            return cls(expression)
        m = re.fullmatch(rf"({_PATH})\s*==\s*false", expression)
        if m:
            return cls(m.group(1), "falsy")
        m = _COMPARE_RE.fullmatch(expression)
        if m:
            return cls(m.group(1), m.group(2), m.group(3))
        return None

    def liquid(self) -> str:
        if self.operator not in OPERATORS:
            raise EditRefused(f"unknown operator {self.operator!r}")
        if not re.fullmatch(_PATH, self.variable.strip()):
            raise EditRefused(f"{self.variable!r} is not an attribute (customer.member)")
        if self.operator == "truthy":
            return self.variable.strip()
        if self.operator == "falsy":
            return f"{self.variable.strip()} == false"
        value = self.value.strip()
        if not re.fullmatch(_VALUE, value):
            value = '"' + value.replace('"', "") + '"'
        return f"{self.variable.strip()} {OPERATORS[self.operator][1]} {value}"


def repeat(layers: Layers, row_ids: Sequence[str], item: str, collection: str) -> VisualEdit | None:
    """Repeat each row for every item of a list: ``{% for item in collection %}`` /
    ``{% endfor %}`` around it (the rows use ``{{ item.name }}``)."""
    return wrap(layers, row_ids, f"{item.strip()} in {collection.strip()}", tag="for")


def _check_expression(expression: str) -> str:
    expression = " ".join(expression.split())
    if not expression or "%}" in expression or "{%" in expression:
        raise EditRefused("write a condition, such as customer.member")
    return expression


def wrap(
    layers: Layers, row_ids: Sequence[str], expression: str, *, tag: str = "if"
) -> VisualEdit | None:
    """Show each row only when ``expression`` holds (``tag`` ``if``) or does not
    (``unless``)."""
    if tag not in ("if", "unless", "for"):
        raise EditRefused(f"a condition is {{% if %}} or {{% unless %}}, not {tag!r}")
    expression = _check_expression(expression)
    if tag == "for" and not _LOOP_RE.fullmatch(expression):
        raise EditRefused("repeat for each item of a list: item in message_data.items")
    text = layers.text
    rows = outermost_rows(layers, row_ids)
    if not rows:
        return None
    # inserts by offset, in order (a row's close and the next row's open can share one)
    inserts: dict[int, list[str]] = {}
    opens: list[tuple[int, int]] = []  # (offset, index of the open among its inserts)
    open_token = f"{{% {tag} {expression} %}}"
    close_token = f"{{% end{tag} %}}"
    for row in rows:
        b = block_of(text, row)
        indent, newline = (b.indent, "\n") if b.full else ("", "")
        at = inserts.setdefault(b.start, [])
        opens.append((b.start, len(at)))
        at.append(f"{indent}{open_token}{newline}")
        inserts.setdefault(b.end, []).append(f"{indent}{close_token}{newline}")
    reps = tuple(Replacement(o, o, "".join(parts)) for o, parts in sorted(inserts.items()))
    selection = []
    for offset, index in opens:
        before = sum(len(r.new) for r in reps if r.start < offset)
        lead = "".join(inserts[offset][:index])
        indent = inserts[offset][index][
            : len(inserts[offset][index]) - len(inserts[offset][index].lstrip())
        ]
        selection.append(offset + before + len(lead) + len(indent))
    label = {"if": "Show when ", "unless": "Hide when ", "for": "Repeat for "}[tag] + expression
    return VisualEdit(label, reps, tuple(selection))


def _block(
    layers: Layers, row_id: str, tags: tuple[str, ...] = ("if", "unless")
) -> tuple[Layer, Liquid]:
    row = layers.row(row_id)
    if (
        row is None
        or row.kind != "liquid"
        or not isinstance(row.node, Liquid)
        or (row.tag not in tags)
    ):
        raise EditRefused("select a condition row ({% if %} in the layers)")
    return row, row.node


def condition_of(layers: Layers, row_id: str) -> tuple[str, str] | None:
    """A condition row's tag (``if``/``unless``) and expression, else None."""
    row = layers.row(row_id)
    if row is None or row.kind != "liquid" or not isinstance(row.node, Liquid):
        return None
    m = _OPEN_RE.fullmatch(layers.text[row.node.span.start : row.node.span.end])
    return (m.group(1), m.group(2)) if m else None


def set_condition(
    layers: Layers, row_id: str, expression: str, *, tag: str | None = None
) -> VisualEdit | None:
    """Rewrite a condition row's open token: its expression (and ``if``/``unless``);
    the close token follows the tag."""
    row, node = _block(layers, row_id)
    expression = _check_expression(expression)
    text = layers.text
    old = text[node.span.start : node.span.end]
    m = _OPEN_RE.fullmatch(old)
    if m is None:
        raise EditRefused("this condition is written in a form the panel cannot edit")
    new_tag = tag or m.group(1)
    reps = []
    new_open = (
        old[: m.start(1)] + new_tag + old[m.end(1) : m.start(2)] + expression + old[m.end(2) :]
    )
    if new_open != old:
        reps.append(Replacement(node.span.start, node.span.end, new_open))
    if new_tag != m.group(1):
        close_start, close_end = _close_span(layers, row)
        close = text[close_start:close_end]
        reps.append(
            Replacement(
                close_start, close_end, close.replace("end" + m.group(1), "end" + new_tag, 1)
            )
        )
    if not reps:
        return None
    return VisualEdit("Edit condition", tuple(reps), (row.span[0],))


def _close_span(layers: Layers, row: Layer) -> tuple[int, int]:
    text = layers.text
    end = row.span[1]
    start = text.rfind("{%", row.span[0], end)
    return start, end


def unwrap(layers: Layers, row_id: str) -> VisualEdit:
    """Remove a condition's (or a repeat's) tokens, keeping what it wraps byte for
    byte."""
    row, node = _block(layers, row_id, ("if", "unless", "for"))
    if any(layers.rows[c].kind == "branch" for c in row.children):
        raise EditRefused("this condition has other branches (elsif/else); edit it in the code")
    text = layers.text
    reps = [
        _token_removal(text, node.span.start, node.span.end),
        _token_removal(text, *_close_span(layers, row)),
    ]
    first = next((layers.rows[c] for c in row.children), None)
    start = first.span[0] if first is not None else row.span[0]
    return VisualEdit("Remove condition", tuple(reps), (start - (reps[0].end - reps[0].start),))


def _token_removal(text: str, start: int, end: int) -> Replacement:
    """The token, with its whole line when it stands alone on it."""
    line_start = text.rfind("\n", 0, start) + 1
    newline = text.find("\n", end)
    line_end = newline + 1 if newline != -1 else len(text)
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return Replacement(line_start, line_end, "")
    return Replacement(start, end, "")
