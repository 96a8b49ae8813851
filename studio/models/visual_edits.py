"""The visual editor's edit operations: each a minimal text edit on the email's source.

Pure Python (no Qt). Every operation is a function of the current text's
:class:`~studio.models.layers.Layers` that returns a :class:`VisualEdit` (or None when
there is nothing to do): a few non-overlapping replacements of the text, and where
the affected rows start in the text afterwards. :func:`apply` writes it through
:meth:`EmailDocument.apply_group` as ONE undo step, so undo/redo, autosave, history
and the code editor see it like any other edit, and undo restores the selection.

Operations: :func:`insert` (an Insert entry's markup, or pasted text), :func:`move`
(reorder and reparent, several rows at once), :func:`move_up` / :func:`move_down`,
:func:`duplicate`, :func:`delete`, :func:`rename`, :func:`copy` (text for the
clipboard), :func:`cut`, :func:`paste`. Where a row may go is
:mod:`studio.models.drop_rules`' to say; :func:`insert`, :func:`move` and
:func:`paste` refuse (``EditRefused``, with the reason) what it refuses.

Guarantees (tested over the demo workspace and the shared corpus):

* bytes the operation does not touch stay identical; undo restores the exact text;
* a row's *block* is its markup plus its leading label comment, and — when it stands
  on lines of its own — those whole lines; it moves, duplicates and deletes as one;
* a block moved to another depth is re-indented line by line (its indentation
  replaced by the new depth's), except lines that begin inside a multi-line Liquid
  token, comment or ``pre``/``textarea``/``script``/``style`` content: Liquid and
  comments are never changed; attribute order and quotes are never touched;
* inserted markup is indented to the place it goes, one line per block;
* an ``x-row`` whose literal ``:layout`` matched its columns gets equal widths for
  its new number of columns when an operation adds or removes columns (the layout
  would be wrong otherwise; ``markup/row-layout``).

Selections are tuples of source offsets: where each selected row's element (or
Liquid token) starts; after an edit, :meth:`Layers.starting_at` finds the rows again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from components.markup import LIQUID_RE, Element
from components.standard.columns import parse_layout
from studio.models.document import EmailDocument
from studio.models.drop_rules import Dragged, Place, refusal
from studio.models.insert_catalog import clean_markup, indent_markup
from studio.models.layers import Layer, Layers
from studio.models.text import Edit

INDENT_UNIT = "  "
_PROTECTED_RE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->|<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I
)


class EditRefused(ValueError):
    """The operation is not allowed there; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class Replacement:
    """``text[start:end]`` becomes ``new`` (offsets in the text before the edit)."""

    start: int
    end: int
    new: str


@dataclass(frozen=True, slots=True)
class VisualEdit:
    label: str  # for the Edit menu: "Insert Paragraph"
    replacements: tuple[Replacement, ...]
    selection: tuple[int, ...]  # where the affected rows start, after the edit
    moved: tuple[str, ...] = ()  # a move's rows (ids before it), as ``selection``

    def edits(self, text: str) -> list[Edit]:
        """The replacements as document edits, applied from the end of the text so
        each one's offsets are still those of ``text``."""
        ordered = sorted(self.replacements, key=lambda r: (r.start, r.end), reverse=True)
        return [Edit(r.start, text[r.start : r.end], r.new) for r in ordered]

    def result(self, text: str) -> str:
        for edit in self.edits(text):
            text = edit.apply(text)
        return text


def apply(
    document: EmailDocument, edit: VisualEdit | None, selection_before: Sequence[int] = ()
) -> tuple[int, ...] | None:
    """Apply ``edit`` to ``document`` as one undo step; the new selection (or None)."""
    if edit is None:
        return None
    edits = [e for e in edit.edits(document.text) if e.removed != e.inserted]
    if not edits:
        return None
    document.apply_group(
        edits, selection_before=tuple(selection_before), selection_after=edit.selection
    )
    return edit.selection


# -- blocks and places -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """The text a row occupies: ``start``…``end``; ``full`` when it is whole lines
    (from a line start through its newline); ``indent`` its first line's indentation."""

    start: int
    end: int
    full: bool
    indent: str
    anchor: int  # where the row's own markup starts (after its comment)


def block_of(text: str, row: Layer) -> Block:
    start = row.comment[0] if row.comment is not None else row.span[0]
    end = row.span[1]
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    newline = text.find("\n", end)
    after = text[end : newline if newline != -1 else len(text)]
    if not before.strip() and not after.strip():
        stop = newline + 1 if newline != -1 else len(text)
        return Block(line_start, stop, True, before, row.span[0])
    return Block(start, end, False, _line_indent(text, start), row.span[0])


def _line_indent(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    m = re.match(r"[ \t]*", text[line_start:offset])
    return m.group(0) if m else ""


@dataclass(frozen=True, slots=True)
class Spot:
    """Where new blocks go: ``offset``; ``indent`` their depth; ``lines``: written as
    whole lines (``prefix`` and ``suffix`` are added around them)."""

    offset: int
    indent: str
    lines: bool
    prefix: str = ""
    suffix: str = ""
    #: a named slot without a fragment yet: the blocks go in a new fragment
    fragment: str = ""


def spot_for(layers: Layers, place: Place) -> Spot:
    """Where text dropped at ``place`` is written."""
    text = layers.text
    container = layers.row(place.parent) if place.parent is not None else None
    siblings = container.children if container is not None else layers.roots
    if container is not None and container.kind == "slot" and container.inner is None:
        siblings = []  # a named slot filled by #slot elements only: add a fragment
    if siblings:
        if place.index < len(siblings):
            b = block_of(text, layers.rows[siblings[place.index]])
            return Spot(b.start, b.indent, b.full)
        b = block_of(text, layers.rows[siblings[-1]])
        if b.full:
            return Spot(
                b.end, b.indent, True, prefix="" if text[b.end - 1 : b.end] == "\n" else "\n"
            )
        return Spot(b.end, b.indent, False)
    if container is None:  # an empty email
        body_end = len(text)
        lead = "" if not text or text.endswith("\n") else "\n"
        return Spot(body_end, "", True, prefix=lead)
    outer = _container_indent(layers, container)
    inner_indent = outer + INDENT_UNIT
    inner = container.inner
    if inner is None:
        if container.kind == "slot":  # a named slot with nothing in it yet
            host = layers.parent(container.id)
            assert host is not None and host.inner is not None
            spot = _empty_spot(
                text,
                host.inner,
                _line_indent(text, host.span[0]),
                _line_indent(text, host.span[0]) + INDENT_UNIT,
            )
            return Spot(
                spot.offset,
                spot.indent,
                spot.lines,
                spot.prefix,
                spot.suffix,
                fragment=container.tag,
            )
        raise EditRefused(f"<{container.tag}> takes no content")
    return _empty_spot(text, inner, outer, inner_indent)


_COMMENTS_ONLY_RE = re.compile(r"[ \t]*\n(?:[ \t]*<!--(?!\[).*?-->[ \t]*\n)+[ \t]*", re.S)


def _empty_spot(text: str, inner: tuple[int, int], outer: str, indent: str) -> Spot:
    start, end = inner
    content = text[start:end]
    if _COMMENTS_ONLY_RE.fullmatch(content):
        # a placeholder comment (<!-- Content goes here -->): new rows go above it, so
        # it stays the container's last line and never becomes a row's name
        first_line = start + content.index("\n") + 1
        return Spot(first_line, indent, True)
    last_newline = content.rfind("\n")
    if last_newline != -1 and not content[last_newline + 1 :].strip():
        # the end tag is on its own line: new lines go just before that line
        return Spot(
            start + last_newline + 1,
            indent,
            True,
            prefix="" if content[: last_newline + 1].endswith("\n") else "\n",
        )
    if not content.strip():
        # <x-column></x-column> or <x-column> </x-column>: open it up
        return Spot(start, indent, True, prefix="\n", suffix=outer)
    return Spot(end, indent, False)


def _container_indent(layers: Layers, container: Layer) -> str:
    """The indentation of the line that opens ``container`` (a slot: its fragment's,
    else its host's)."""
    text = layers.text
    if container.kind == "slot":
        if isinstance(container.node, Element):
            return _line_indent(text, container.node.span.start)
        host = layers.parent(container.id)
        return _line_indent(text, host.span[0]) if host is not None else ""
    return _line_indent(text, container.span[0])


def reindent(block: str, old: str, new: str, *, first: bool = True) -> str:
    """``block`` with each line's leading ``old`` indentation replaced by ``new`` —
    not lines that begin inside a Liquid token, a comment or raw text content, nor
    lines indented less than ``old`` (left as they are); ``first``: the first line
    too."""
    if old == new:
        return block
    protected = [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(block) if "\n" in m.group(0)]
    out: list[str] = []
    pos = 0
    for i, line in enumerate(block.split("\n")):
        inside = any(s < pos < e for s, e in protected)
        pos += len(line) + 1
        if (i > 0 or first) and not inside and line.strip() and line.startswith(old):
            out.append(new + line[len(old) :])
        else:
            out.append(line)
    return "\n".join(out)


def _written(blocks: Sequence[tuple[str, int]], spot: Spot) -> tuple[str, list[int]]:
    """Blocks (column-0 text, where the row starts in it) as written at ``spot``, and
    where each row starts in the written text."""
    parts: list[str] = [spot.prefix]
    starts: list[int] = []
    indent = spot.indent
    if spot.fragment:
        parts.append(f'{indent}<fragment #slot="{spot.fragment}">\n')
        indent += INDENT_UNIT
    for block, anchor in blocks:
        lead = indent if spot.lines or spot.fragment else ""
        pos = sum(len(p) for p in parts) + len(lead)
        starts.append(pos + len(indent_markup(block[:anchor] + "|", indent)) - 1)
        parts.append(lead + indent_markup(block, indent))
        if spot.lines or spot.fragment:
            parts.append("\n")
    if spot.fragment:
        parts.append(f"{spot.indent}</fragment>\n")
    parts.append(spot.suffix)
    return "".join(parts), starts


def outermost_rows(layers: Layers, row_ids: Sequence[str]) -> list[Layer]:
    """The rows (element, Liquid or HTML rows), without those inside another one of
    them, in document order; slot rows are not movable."""
    chosen = {
        r for r in row_ids if r in layers.rows and layers.rows[r].kind not in ("slot", "branch")
    }
    return [
        row
        for row in layers
        if row.id in chosen and not any(a.id in chosen for a in layers.ancestors(row.id))
    ]


def block_at_column0(text: str, row: Layer) -> tuple[str, int]:
    """The row's block text at column 0 (one line per line, no final newline) and
    where the row's own markup starts in it."""
    b = block_of(text, row)
    raw = text[b.start : b.end]
    anchor = b.anchor - b.start
    if b.full:
        raw = raw[:-1] if raw.endswith("\n") else raw
        moved = reindent(raw, b.indent, "")
        return moved, _map_offset(raw, moved, anchor)
    head = text[b.start : b.anchor]  # an inline row: comment + whitespace before it
    body = reindent(raw[len(head) :], b.indent, "", first=False)
    return head + body, anchor


def _map_offset(old: str, new: str, offset: int) -> int:
    """Where ``offset`` of ``old`` is in ``new`` (the same lines, indentation changed)."""
    line = old.count("\n", 0, offset)
    col = offset - (old.rfind("\n", 0, offset) + 1)
    old_line = old.split("\n")[line]
    new_line = new.split("\n")[line]
    shift = len(new_line) - len(old_line)
    start = sum(len(x) + 1 for x in new.split("\n")[:line])
    return start + max(0, col + shift)


# -- operations --------------------------------------------------------------------------


def insert(layers: Layers, markup: str, place: Place, *, label: str = "Insert") -> VisualEdit:
    """Insert ``markup`` (an Insert entry's, or pasted text) at ``place``."""
    problem = refusal(layers, Dragged.markup(markup), place)
    if problem:
        raise EditRefused(problem)
    spot = spot_for(layers, place)
    block = clean_markup(markup)
    new, [start] = _written([(block, 0)], spot)
    reps = [Replacement(spot.offset, spot.offset, new)]
    columns = len(re.findall(r"^<x-column\b", block))
    reps += _layout_fixes(layers, {_row_element(layers, place.parent): columns})
    return VisualEdit(label, tuple(reps), (_after(reps, spot.offset) + start,))


def paste(layers: Layers, clipboard: str, place: Place) -> VisualEdit:
    """Paste text :func:`copy` or :func:`cut` put on the clipboard (any email's)."""
    if not clipboard.strip():
        raise EditRefused("the clipboard holds no markup")
    return insert(layers, clipboard, place, label="Paste")


def copy(layers: Layers, row_ids: Sequence[str]) -> str:
    """The selected rows' blocks as clipboard text, at column 0, one after another."""
    return "\n".join(
        block_at_column0(layers.text, row)[0] for row in outermost_rows(layers, row_ids)
    )


def delete(layers: Layers, row_ids: Sequence[str]) -> VisualEdit | None:
    rows = outermost_rows(layers, row_ids)
    if not rows:
        return None
    reps = [_removal(layers.text, row) for row in rows]
    reps += _layout_fixes(layers, _column_changes(layers, rows, -1))
    return VisualEdit("Delete", tuple(reps), ())


def cut(layers: Layers, row_ids: Sequence[str]) -> tuple[str, VisualEdit | None]:
    return copy(layers, row_ids), delete(layers, row_ids)


def duplicate(layers: Layers, row_ids: Sequence[str]) -> VisualEdit | None:
    """Each selected row copied right after itself (with its label comment)."""
    rows = outermost_rows(layers, row_ids)
    if not rows:
        return None
    text = layers.text
    reps: list[Replacement] = []
    starts: list[tuple[int, int]] = []
    for row in rows:
        b = block_of(text, row)
        raw = text[b.start : b.end]
        lead = "\n" if b.full and not raw.endswith("\n") else ""
        reps.append(Replacement(b.end, b.end, lead + raw))
        starts.append((b.end, len(lead) + b.anchor - b.start))
    reps += _layout_fixes(layers, _column_changes(layers, rows, +1))
    return VisualEdit(
        "Duplicate", tuple(reps), tuple(_after(reps, offset) + rel for offset, rel in starts)
    )


def move(layers: Layers, row_ids: Sequence[str], place: Place) -> VisualEdit | None:
    """Move the rows (reorder or reparent) to ``place``, re-indented to its depth."""
    rows = outermost_rows(layers, row_ids)
    if not rows:
        return None
    problem = refusal(layers, Dragged.moving(layers, [r.id for r in rows]), place)
    if problem:
        raise EditRefused(problem)
    text = layers.text
    spot = spot_for(layers, place)
    blocks_anchors = [block_at_column0(text, row) for row in rows]
    removals = [_removal(text, row) for row in rows]
    for r in removals:
        if r.start < spot.offset < r.end:
            raise EditRefused("a layer cannot be moved into itself")
    new, starts = _written(blocks_anchors, spot)
    reps = [*removals, Replacement(spot.offset, spot.offset, new)]
    edit_text = VisualEdit("Move", tuple(reps), ()).result(text)
    if edit_text == text:
        return None
    changes = _column_changes(layers, rows, -1)
    target = _row_element(layers, place.parent)
    changes[target] = changes.get(target, 0) + sum(1 for r in rows if r.tag == "x-column")
    reps += _layout_fixes(layers, changes)
    base = _after(reps, spot.offset)
    return VisualEdit(
        "Move", tuple(reps), tuple(base + s for s in starts), tuple(r.id for r in rows)
    )


def move_up(layers: Layers, row_id: str) -> VisualEdit | None:
    """Swap the row with its previous sibling (None at the top)."""
    row = layers.row(row_id)
    if row is None:
        return None
    siblings = layers.siblings(row_id)
    i = siblings.index(row_id)
    return None if i == 0 else move(layers, [row_id], Place(row.parent, i - 1))


def move_down(layers: Layers, row_id: str) -> VisualEdit | None:
    row = layers.row(row_id)
    if row is None:
        return None
    siblings = layers.siblings(row_id)
    i = siblings.index(row_id)
    return None if i >= len(siblings) - 1 else move(layers, [row_id], Place(row.parent, i + 2))


def rename(layers: Layers, row_id: str, label: str) -> VisualEdit | None:
    """Name a row: its leading comment ``<!-- label -->`` is written, rewritten, or
    removed (an empty label, or the component's own name)."""
    row = layers.row(row_id)
    if row is None or row.kind in ("slot", "branch", "html-group"):
        return None
    label = " ".join(label.replace("--", "–").split())
    if LIQUID_RE.search(label) or "{{" in label or "{%" in label:
        raise EditRefused("a layer name cannot hold Liquid")
    text = layers.text
    clear = not label or label == row.default_label
    if row.comment is not None:
        start, end = row.comment
        if clear:  # the comment's line(s) go; the element keeps its indentation
            line_start = text.rfind("\n", 0, start) + 1
            indent = _line_indent(text, row.span[0])
            return VisualEdit(
                "Rename",
                (Replacement(line_start, row.span[0], indent),),
                (line_start + len(indent),),
            )
        return VisualEdit(
            "Rename",
            (Replacement(start, end, f"<!-- {label} -->"),),
            (row.span[0] + len(f"<!-- {label} -->") - (end - start),),
        )
    if clear:
        return None
    indent = _line_indent(text, row.span[0])
    line_start = text.rfind("\n", 0, row.span[0]) + 1
    comment = f"<!-- {label} -->"
    if not text[line_start : row.span[0]].strip():
        new = f"{comment}\n{indent}"
        return VisualEdit(
            "Rename", (Replacement(row.span[0], row.span[0], new),), (row.span[0] + len(new),)
        )
    inner = indent + INDENT_UNIT
    new = f"\n{inner}{comment}\n{inner}"
    return VisualEdit(
        "Rename", (Replacement(row.span[0], row.span[0], new),), (row.span[0] + len(new),)
    )


# -- helpers -----------------------------------------------------------------------------


def _removal(text: str, row: Layer) -> Replacement:
    b = block_of(text, row)
    return Replacement(b.start, b.end, "")


def _after(reps: Sequence[Replacement], offset: int) -> int:
    """Where ``offset`` of the old text is after ``reps``: moved by every replacement
    that ends at or before it, except insertions at ``offset`` itself."""
    shift = 0
    for r in reps:
        if r.end <= offset and not r.start == r.end == offset:
            shift += len(r.new) - (r.end - r.start)
    return offset + shift


def _row_element(layers: Layers, row_id: str | None) -> str | None:
    """The nearest element row at or around ``row_id`` (Liquid and slot rows are not
    elements): the element the children of ``row_id`` are written in."""
    row = layers.row(row_id) if row_id is not None else None
    while row is not None and not row.node_id:
        row = layers.parent(row.id)
    return row.id if row is not None else None


def _column_changes(layers: Layers, rows: Sequence[Layer], sign: int) -> dict[str | None, int]:
    changes: dict[str | None, int] = {}
    for row in rows:
        if row.tag == "x-column":
            parent = _row_element(layers, row.parent)
            changes[parent] = changes.get(parent, 0) + sign
    return changes


def _layout_fixes(layers: Layers, changes: dict[str | None, int]) -> list[Replacement]:
    """Equal ``:layout`` widths for every ``x-row`` whose number of columns changes
    by ``changes[row id]``, when its literal layout matched its columns before."""
    out: list[Replacement] = []
    for row_id, delta in changes.items():
        row = layers.row(row_id) if row_id is not None else None
        if not delta or row is None or row.tag != "x-row" or not isinstance(row.node, Element):
            continue
        count = sum(1 for c in row.node.children if isinstance(c, Element) and c.name == "x-column")
        fix = _layout_replacement(row.node, count, count + delta)
        if fix is not None:
            out.append(fix)
    return out


def _layout_replacement(row: Element, before: int, after: int) -> Replacement | None:
    if before == after or after < 0:
        return None
    attr = row.attr(":layout") or row.attr("layout")
    if attr is None or attr.value is None or LIQUID_RE.search(attr.value):
        return None
    try:
        value = json.loads(attr.value) if attr.name == ":layout" else parse_layout(attr.value)
    except ValueError:
        return None
    if not isinstance(value, list) or len(value) != before:
        return None
    widths = equal_widths(after) if after else []  # a row without columns: "[]"
    new_value = "[" + ",".join(str(w) for w in widths) + "]"
    # the value sits between the quotes at the end of the attribute's span
    value_end = attr.span.end - len(attr.quote)
    value_start = value_end - len(attr.value)
    return Replacement(value_start, value_end, new_value)


def equal_widths(n: int) -> list[int]:
    """``n`` whole-number widths summing to 100, the extra ones in the middle."""
    base, extra = divmod(100, n)
    widths = [base] * n
    middle = (n - extra) // 2
    for i in range(extra):
        widths[middle + i] += 1
    return widths
