"""Save as component and detach: components from selections, and back.

Pure Python (no Qt). :func:`save_as_component` takes the selected rows (sibling
rows, in document order: their blocks are contiguous in the source), writes their
markup as the template of a new component (``components/<tag>.html``, the text
:func:`components.custom.workspace_ops.component_source` writes — the one place that
knows a component file's layout) and replaces the rows in the email with ``uses``
instances of it (``<tag></tag>``, one line each at the rows' indentation). The
caller writes the file (:func:`components.custom.workspace_ops.save_component`,
which refuses to overwrite) and applies the edit as ONE undo step. Compiling the
email afterwards renders the same HTML as before (tested).

:func:`detach` is the way back: a custom component's instance replaced with its
parts (:func:`components.custom.workspace_ops.detach_instance`: props applied,
directives run, slots filled, its styles in an ``<x-head>`` before it), written the
way a person would: the ``<x-head>`` on a line of its own, the parts indented to the
instance's place, and the values handed to nested components as they would be
typed — ``name="Ridge"`` for text, ``:size="18"``, ``:links="[{ label: 'A' }]"`` —
instead of the expander's JSON (``:links='[{"label":"A"}]'``). One undo step; the
email compiles to the same HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from components.custom.definition import MARKS as CUSTOM_MARKS
from components.custom.library import CustomLibrary
from components.custom.names import tag_problems
from components.custom.workspace_ops import component_source, detach_instance
from components.markup import LIQUID_RE, Element, parse
from components.markup.nodes import iter_elements
from components.standard import REGISTRY
from studio.models.layers import Layer, Layers, build_layers, content_span
from studio.models.properties import js_value
from studio.models.visual_edits import (
    EditRefused,
    Replacement,
    VisualEdit,
    block_at_column0,
    block_of,
    outermost_rows,
    reindent,
)
from styles.model import GlobalStyles

_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")


@dataclass(frozen=True, slots=True)
class NewComponent:
    """The component file to write (``path`` relative to the workspace) and the edit
    that puts its instances in place of the selection."""

    tag: str
    path: str
    source: str
    edit: VisualEdit


def suggested_tag(layers: Layers, row_ids: Sequence[str], existing: Collection[str] = ()) -> str:
    """A free tag name from the first row's label (``product-cards``, ``product-cards-2``)."""
    rows = outermost_rows(layers, row_ids)
    label = rows[0].label if rows else "component"
    words = "".join(c if c.isalnum() else " " for c in label.lower()).split()
    base = "-".join(words)[:40].strip("-") or "saved-component"
    if tag_problems(base) or base in REGISTRY:
        base = f"saved-{base}".strip("-")
    if tag_problems(base):
        base = "saved-component"
    tag, n = base, 2
    while tag in existing:
        tag, n = f"{base}-{n}", n + 1
    return tag


@dataclass(frozen=True, slots=True)
class PropChoice:
    """An attribute of a row in the selection made a prop of the new component: in
    the template it becomes ``:attribute="name"``; the prop's default is the value it
    had, so the instances render as before until one is given another."""

    row_id: str
    attribute: str
    name: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class SlotChoice:
    """A text row of the selection whose content becomes a text slot of the new
    component (``<slot name="…">`` around it in the template, its content the slot's
    default), so each use can write its own text."""

    row_id: str
    name: str = "default"


def save_as_component(
    layers: Layers,
    row_ids: Sequence[str],
    tag: str,
    *,
    label: str = "",
    uses: int = 1,
    existing: Collection[str] = (),
    props: Sequence[PropChoice] = (),
    slots: Sequence[SlotChoice] = (),
) -> NewComponent:
    """The new component ``<tag>`` made of the selected rows, used ``uses`` times in
    their place; ``props``: attributes made props. Refused (``EditRefused``, the
    reason) for a bad or taken tag name, an empty selection, rows that are not
    neighbours, or a prop that cannot be made."""
    problems = tag_problems(tag)
    if problems:
        raise EditRefused(problems[0])
    if tag in existing or tag in REGISTRY:
        raise EditRefused(f"a component <{tag}> already exists")
    if uses < 1:
        raise EditRefused("use the component at least once")
    rows = outermost_rows(layers, row_ids)
    if not rows:
        raise EditRefused("select the rows to save as a component")
    parent = rows[0].parent
    siblings = layers.siblings(rows[0].id)
    indexes = [siblings.index(r.id) if r.id in siblings else -1 for r in rows]
    if any(r.parent != parent for r in rows) or indexes != list(
        range(indexes[0], indexes[0] + len(rows))
    ):
        raise EditRefused("select neighbouring rows of one container to save them together")
    text = layers.text
    blocks = [block_of(text, r) for r in rows]
    template_text, declared, slot_marks = _with_props(layers, rows, props, slots)
    changed = bool(props or slots)
    template_layers = (
        layers if not changed else build_layers(template_text, definitions=layers.definitions)
    )
    shift = len(template_text) - len(text)
    template_rows = [
        r
        if not changed
        else template_layers.starting_at(r.span[0] if i == 0 else r.span[0] + shift)
        for i, r in enumerate(rows)
    ]
    template = "\n".join(
        block_at_column0(template_text, r)[0] for r in template_rows if r is not None
    )
    source = component_source(tag, template, label=label, props=declared, slots=slot_marks)
    first, last = blocks[0], blocks[-1]
    instance = f"<{tag}></{tag}>"
    if first.full and last.full:
        indent = first.indent
        new = "".join(f"{indent}{instance}\n" for _ in range(uses))
        starts = [
            first.start + len(indent) + i * (len(indent) + len(instance) + 1) for i in range(uses)
        ]
    else:
        new = instance * uses
        starts = [first.start + i * len(instance) for i in range(uses)]
    rep = Replacement(first.start, last.end, new)
    return NewComponent(
        tag,
        f"components/{tag}.html",
        source,
        VisualEdit(f"Save as component <{tag}>", (rep,), tuple(starts)),
    )


def prop_candidates(layers: Layers, row_ids: Sequence[str]) -> list[PropChoice]:
    """The attributes of the first selected row and its rows that can become props
    (written as text), each with a free prop name (``name``, ``price2``…)."""
    rows = outermost_rows(layers, row_ids)
    if not rows:
        return []
    out: list[PropChoice] = []
    taken: set[str] = set()
    for row in [rows[0], *_descendants(layers, rows[0])]:
        if not isinstance(row.node, Element) or row.kind == "slot":
            continue
        for attr in row.node.attributes():
            if attr.value is None or attr.name.startswith((":", "#", "@")):
                continue
            base = re.sub(r"[^A-Za-z0-9_]+(.)", lambda m: m.group(1).upper(), attr.name)
            base = base if _IDENT_RE.fullmatch(base) else "prop"
            name, n = base, 2
            while name in taken:
                name, n = f"{base}{n}", n + 1
            taken.add(name)
            out.append(PropChoice(row.id, attr.name, name, f"{row.label} {attr.name}"))
    return out


def slot_candidates(layers: Layers, row_ids: Sequence[str]) -> list[tuple[str, SlotChoice]]:
    """The texts of the first selected row (itself and its rows) that can become text
    slots: (what the dialog shows, the choice with a free slot name)."""
    rows = outermost_rows(layers, row_ids)
    if not rows:
        return []
    out: list[tuple[str, SlotChoice]] = []
    taken: set[str] = set()
    for row in [rows[0], *_descendants(layers, rows[0])]:
        component = REGISTRY.get(row.tag) if row.kind == "standard" else None
        if (
            component is None
            or component.content != "text"
            or not isinstance(row.node, Element)
            or content_span(row.node) is None
        ):
            continue
        words = "".join(c if c.isalnum() else " " for c in row.label).split()
        base = (words[0].lower() + "".join(w.capitalize() for w in words[1:])) if words else ""
        base = base if _IDENT_RE.fullmatch(base) else "text"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        start, end = content_span(row.node) or (0, 0)
        shown = " ".join(layers.text[start:end].split())
        shown = shown if len(shown) <= 30 else shown[:29] + "…"
        out.append((f"{row.label}: {shown}", SlotChoice(row.id, name)))
    return out


def _with_props(
    layers: Layers,
    rows: Sequence[Layer],
    props: Sequence[PropChoice],
    slots: Sequence[SlotChoice] = (),
) -> tuple[str, list[tuple[str, str, str]], list[tuple[str, tuple[str, ...]]]]:
    """The text with each chosen attribute written as ``:attribute="name"`` and each
    chosen text row's content in a ``<slot>``; the props to declare (name, label,
    default) and the text slots (name, marks)."""
    text = layers.text
    if not props and not slots:
        return text, [], []
    inside = {r.id for r in rows} | {d.id for r in rows for d in _descendants(layers, r)}
    reps: list[tuple[int, int, str]] = []
    declared: list[tuple[str, str, str]] = []
    slot_marks: list[tuple[str, tuple[str, ...]]] = []
    for slot in slots:
        row = layers.row(slot.row_id)
        component = REGISTRY.get(row.tag) if row is not None else None
        span = content_span(row.node) if row is not None and isinstance(row.node, Element) else None
        if (
            row is None
            or row.id not in inside
            or component is None
            or (component.content != "text")
            or span is None
        ):
            raise EditRefused(
                "a text slot is made from a text of the selection "
                "(heading, paragraph, button label)"
            )
        if not _IDENT_RE.fullmatch(slot.name) or slot.name in {n for n, _ in slot_marks}:
            raise EditRefused(f"{slot.name!r}: a slot name is a word, once")
        start, end = span
        opening = "<slot>" if slot.name == "default" else f'<slot name="{slot.name}">'
        reps.append((start, start, opening))
        reps.append((end, end, "</slot>"))
        slot_marks.append((slot.name, tuple(m for m in component.marks if m in CUSTOM_MARKS)))
    for choice in props:
        row = layers.row(choice.row_id)
        if row is None or row.id not in inside or not isinstance(row.node, Element):
            raise EditRefused(f"{choice.attribute}: choose it on a row of the selection")
        if not _IDENT_RE.fullmatch(choice.name) or choice.name in {d[0] for d in declared}:
            raise EditRefused(f"{choice.name!r}: a prop name is a word (letters, digits, _), once")
        attr = next((a for a in row.node.attributes() if a.name == choice.attribute), None)
        if attr is None or attr.value is None:
            raise EditRefused(f'<{row.tag}> has no {choice.attribute}="…" to make a prop')
        reps.append((attr.span.start, attr.span.end, f':{attr.name}="{choice.name}"'))
        declared.append((choice.name, choice.label or choice.attribute, attr.value))
    if len(rows) > 1 and any(rows[0].span[1] <= s for s, _e, _n in reps):
        raise EditRefused("props and slots can be made from the first selected row only")
    for start, end, new in sorted(reps, key=lambda r: (r[0], r[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text, declared, slot_marks


def _descendants(layers: Layers, row: Layer) -> list[Layer]:
    out: list[Layer] = []
    stack = list(row.children)
    while stack:
        child = layers.rows[stack.pop()]
        out.append(child)
        stack.extend(child.children)
    return out


def detach(
    layers: Layers,
    row_id: str,
    library: CustomLibrary,
    *,
    file: str = "",
    styles: GlobalStyles | None = None,
) -> VisualEdit:
    """Replace a custom component instance with its parts (see the module docstring).
    Refused (``EditRefused``) for a row that is not one, or when it cannot be expanded
    (the first problem's message)."""
    row = layers.row(row_id)
    if row is None or row.kind != "custom" or not isinstance(row.node, Element):
        raise EditRefused("select a component of the workspace to detach")
    text = layers.text
    start, end = row.span
    result = detach_instance(text, start, library, file=file, styles=styles)
    if not result.ok:
        problem = next((i for i in result.issues if i.is_error), None)
        raise EditRefused(problem.message if problem else f"<{row.tag}> cannot be detached")
    parts = result.text[start : len(result.text) - (len(text) - end)]
    indent = _line_indent(text, start)
    tidy = _person_written(parts, indent)
    return VisualEdit(f"Detach <{row.tag}>", (Replacement(start, end, tidy),), (start,))


def _line_indent(text: str, offset: int) -> str:
    line = text[text.rfind("\n", 0, offset) + 1 : offset]
    return line[: len(line) - len(line.lstrip())] if not line.strip() else ""


def _person_written(parts: str, indent: str) -> str:
    """The expander's output as a person would write it at ``indent``."""
    head = ""
    if parts.startswith("<x-head>"):
        close = parts.index("</x-head>") + len("</x-head>")
        head, parts = parts[:close], parts[close:]
    parts = _typed_values(parts)
    # the template's own indentation (its first line at column 0) → the instance's
    body = parts.strip("\n")
    lines = body.split("\n")
    rest = [ln for ln in lines if ln.strip()]
    common = min((len(ln) - len(ln.lstrip()) for ln in rest), default=0)
    body = reindent(body, " " * common, indent) if common or indent else body
    body = body[len(indent) :] if body.startswith(indent) else body.lstrip()
    if head:
        return f"{head}\n{indent}{body}"
    return body


def _typed_values(markup: str) -> str:
    """``:name='<JSON>'`` attributes rewritten as typed (the rest byte for byte)."""
    reps: list[tuple[int, int, str]] = []
    for el in iter_elements(parse(markup).document):
        for attr in el.attributes():
            if not attr.name.startswith(":") or attr.quote != "'" or attr.value is None:
                continue
            try:
                value = json.loads(attr.value)
            except ValueError:
                continue
            name = attr.name[1:]
            if isinstance(value, str):
                if LIQUID_RE.search(value) is None and '"' in value:
                    new = f"{name}='{value}'" if "'" not in value else None
                else:
                    new = f'{name}="{value}"'
            else:
                new = f':{name}="{js_value(value)}"'
            if new is not None:
                reps.append((attr.span.start, attr.span.end, new))
    for start, end, new in sorted(reps, reverse=True):
        markup = markup[:start] + new + markup[end:]
    return markup
