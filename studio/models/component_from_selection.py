"""Save as component: the selected rows become a new custom component file.

Pure Python (no Qt). :func:`save_as_component` takes the selected rows (sibling
rows, in document order: their blocks are contiguous in the source), writes their
markup as the template of a new component (``components/<tag>.html``, the text
:func:`components.custom.workspace_ops.component_source` writes — the one place that
knows a component file's layout) and replaces the rows in the email with ``uses``
instances of it (``<tag></tag>``, one line each at the rows' indentation). The
caller writes the file (:func:`components.custom.workspace_ops.save_component`,
which refuses to overwrite) and applies the edit as ONE undo step. Compiling the
email afterwards renders the same HTML as before (tested).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from components.custom.names import tag_problems
from components.custom.workspace_ops import component_source
from components.standard import REGISTRY
from studio.models.layers import Layers
from studio.models.visual_edits import (
    EditRefused,
    Replacement,
    VisualEdit,
    block_at_column0,
    block_of,
    outermost_rows,
)


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


def save_as_component(layers: Layers, row_ids: Sequence[str], tag: str, *, label: str = "",
                      uses: int = 1, existing: Collection[str] = ()) -> NewComponent:
    """The new component ``<tag>`` made of the selected rows, used ``uses`` times in
    their place. Refused (``EditRefused``, the reason) for a bad or taken tag name, an
    empty selection or rows that are not neighbours."""
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
            range(indexes[0], indexes[0] + len(rows))):
        raise EditRefused("select neighbouring rows of one container to save them together")
    text = layers.text
    blocks = [block_of(text, r) for r in rows]
    template = "\n".join(block_at_column0(text, r)[0] for r in rows)
    source = component_source(tag, template, label=label)
    first, last = blocks[0], blocks[-1]
    instance = f"<{tag}></{tag}>"
    if first.full and last.full:
        indent = first.indent
        new = "".join(f"{indent}{instance}\n" for _ in range(uses))
        starts = [first.start + len(indent) + i * (len(indent) + len(instance) + 1)
                  for i in range(uses)]
    else:
        new = instance * uses
        starts = [first.start + i * len(instance) for i in range(uses)]
    rep = Replacement(first.start, last.end, new)
    return NewComponent(tag, f"components/{tag}.html", source,
                        VisualEdit(f"Save as component <{tag}>", (rep,), tuple(starts)))
