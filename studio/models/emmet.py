"""Emmet abbreviations (``code-editor-emmet.md``), expanded on Tab (no Qt).

Supported: child ``>``, sibling ``+``, climb-up ``^``, multiply ``*N``,
``#id``, ``.class`` (several), ``[attr=value]``, ``{text}``, ``(groups)`` and
``$`` numbering. ``a`` gets ``href=""`` and ``img`` gets ``src="" alt=""``
first, as Emmet does. An element whose children are all inline elements is
written on one line (``<td><a href=""></a></td>``); others nest, indented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from components.markup.elements import VOID_ELEMENTS

INLINE = frozenset("a abbr b br code em font i img small span strong sub sup u".split())
DEFAULT_ATTRS: dict[str, tuple[tuple[str, str], ...]] = {
    "a": (("href", ""),),
    "img": (("src", ""), ("alt", "")),
    "link": (("rel", "stylesheet"), ("href", "")),
}
_ABBR_CHARS = re.compile(r"[\w\-.#>+*^$()!@:]|\[[^\]\n]*\]|\{[^}\n]*\}")
_TAG = re.compile(r"[A-Za-z][\w:-]*")


class EmmetError(ValueError):
    pass


@dataclass
class Node:
    tag: str
    attrs: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    children: list[Node] = field(default_factory=list)


@dataclass
class _Item:
    """A parsed abbreviation item: an element (or a group), a count, its children."""

    node: Node | None
    group: list[_Item]
    count: int = 1
    children: list[_Item] = field(default_factory=list)


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.i = 0

    def peek(self) -> str:
        return self.src[self.i] if self.i < len(self.src) else ""

    def parse(self) -> list[_Item]:
        items = self.sequence()
        if self.i != len(self.src):
            raise EmmetError(f"unexpected {self.peek()!r} at {self.i + 1}")
        return items

    def sequence(self) -> list[_Item]:
        """Siblings joined by ``+``; ``>`` descends into the last one, ``^`` climbs."""
        roots: list[_Item] = []
        stack: list[list[_Item]] = [roots]
        while True:
            item = self.item()
            stack[-1].append(item)
            op = self.peek()
            if op == ">":
                self.i += 1
                stack.append(item.children)
            elif op == "+":
                self.i += 1
            elif op == "^":
                while self.peek() == "^":
                    self.i += 1
                    if len(stack) > 1:
                        stack.pop()
            else:
                return roots

    def item(self) -> _Item:
        if self.peek() == "(":
            self.i += 1
            group = self.sequence()
            if self.peek() != ")":
                raise EmmetError("missing ')'")
            self.i += 1
            return _Item(None, group, self.count())
        node = self.element()
        return _Item(node, [], self.count())

    def count(self) -> int:
        if self.peek() != "*":
            return 1
        self.i += 1
        m = re.compile(r"\d+").match(self.src, self.i)
        if not m:
            raise EmmetError("'*' needs a number")
        self.i = m.end()
        n = int(m.group(0))
        if not 1 <= n <= 500:
            raise EmmetError("multiply by 1 to 500")
        return n

    def element(self) -> Node:
        m = _TAG.match(self.src, self.i)
        tag = m.group(0) if m else "div"
        if m:
            self.i = m.end()
        elif self.peek() not in ("#", ".", "[", "{"):
            raise EmmetError(f"expected an element at {self.i + 1}")
        node = Node(tag, list(DEFAULT_ATTRS.get(tag.lower(), ())))
        classes: list[str] = []
        while True:
            ch = self.peek()
            if ch in ("#", "."):
                self.i += 1
                w = re.compile(r"[\w$-]+").match(self.src, self.i)
                if not w:
                    raise EmmetError(f"'{ch}' needs a name")
                self.i = w.end()
                if ch == "#":
                    _set(node.attrs, "id", w.group(0))
                else:
                    classes.append(w.group(0))
            elif ch == "[":
                end = self.src.find("]", self.i)
                if end == -1:
                    raise EmmetError("missing ']'")
                for am in re.finditer(
                    r"([^\s=\]]+)(?:=(\"[^\"]*\"|'[^']*'|[^\s\]]*))?", self.src[self.i + 1 : end]
                ):
                    value = am.group(2) or ""
                    if value[:1] in "\"'" and len(value) >= 2:
                        value = value[1:-1]
                    _set(node.attrs, am.group(1), value)
                self.i = end + 1
            elif ch == "{":
                end = self.src.find("}", self.i)
                if end == -1:
                    raise EmmetError("missing '}'")
                node.text = self.src[self.i + 1 : end]
                self.i = end + 1
            else:
                break
        if classes:
            _set(node.attrs, "class", " ".join(classes))
        return node


def _set(attrs: list[tuple[str, str]], name: str, value: str) -> None:
    for i, (n, _) in enumerate(attrs):
        if n == name:
            attrs[i] = (name, value)
            return
    attrs.append((name, value))


def _number(text: str, k: int) -> str:
    if k <= 0:
        return text
    return re.sub(r"\$+", lambda m: str(k).zfill(len(m.group(0))), text)


def _clone(node: Node, k: int) -> Node:
    return Node(
        _number(node.tag, k),
        [(n, _number(v, k)) for n, v in node.attrs],
        _number(node.text, k),
        [_clone(c, 0) for c in node.children],
    )


def _build(items: list[_Item], inherited: int) -> list[Node]:
    out: list[Node] = []
    for item in items:
        for k in range(1, item.count + 1):
            n = k if item.count > 1 else inherited
            if item.node is None:
                out.extend(_build(item.group, n))
                continue
            node = _clone(item.node, n)
            node.children = _build(item.children, n)
            out.append(node)
    return out


def _render(node: Node, indent: str, depth: int) -> str:
    attrs = "".join(f' {n}="{v}"' for n, v in node.attrs)
    pad = indent * depth
    if node.tag.lower() in VOID_ELEMENTS:
        return f"{pad}<{node.tag}{attrs}>"
    inline = all(c.tag.lower() in INLINE and not c.children for c in node.children)
    if inline:
        inner = node.text + "".join(_render(c, indent, 0) for c in node.children)
        return f"{pad}<{node.tag}{attrs}>{inner}</{node.tag}>"
    lines = [f"{pad}<{node.tag}{attrs}>{node.text}"]
    lines.extend(_render(c, indent, depth + 1) for c in node.children)
    lines.append(f"{pad}</{node.tag}>")
    return "\n".join(lines)


def expand(abbreviation: str, indent: str = "  ", base_indent: str = "") -> str:
    """The HTML of an abbreviation; raises :class:`EmmetError` when it is not one."""
    abbreviation = abbreviation.strip()
    if not abbreviation:
        raise EmmetError("empty abbreviation")
    nodes = _build(_Parser(abbreviation).parse(), 0)
    text = "\n".join(_render(n, indent, 0) for n in nodes)
    return text.replace("\n", "\n" + base_indent)


def abbreviation_before(line: str, column: int) -> tuple[int, str] | None:
    """The abbreviation ending at ``column`` in ``line``: (start column, text), or None.

    Only text that starts a line or follows whitespace or ``>`` of a tag is an
    abbreviation, and it must expand; plain words that are not HTML-looking
    (``hello``) are left alone unless they contain an operator.
    """
    left = line[:column]
    start = column
    while start > 0:
        # walk back over abbreviation characters, jumping over [..] and {..}
        ch = left[start - 1]
        if ch in "]}":
            opener = "[" if ch == "]" else "{"
            j = left.rfind(opener, 0, start - 1)
            if j == -1:
                return None
            start = j
            continue
        if _ABBR_CHARS.fullmatch(ch):
            start -= 1
            continue
        break
    abbr = left[start:]
    if not abbr or (start > 0 and not left[start - 1].isspace() and left[start - 1] != ">"):
        return None
    if not re.search(r"[>+*^#.\[{(]", abbr):
        m = _TAG.fullmatch(abbr)
        if not m or abbr.lower() not in _KNOWN:
            return None
    try:
        _Parser(abbr).parse()
    except EmmetError:
        return None
    return start, abbr


_KNOWN = frozenset(
    "a b blockquote body br center div em font h1 h2 h3 h4 h5 h6 head hr html i img li link "
    "meta ol p span strong style table tbody td th thead title tr u ul".split()
)
