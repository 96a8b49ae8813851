"""The host phase of a component use: where it is written, its props, its slot content.

:class:`HostUse` reads the host element (``<promo-card title="…">…</promo-card>``):
its parent component (for ``allowedParents``) and whether it sits in an email's
``<mj-raw>``; its attributes sorted into props and the rest; the props validated
against the schema; the children sorted into slots and checked against each slot's
schema (``text`` marks, ``children`` tags and ``min``/``max``). After the template
phase it reports slots the template never renders and lets the attributes that are
not props fall through to the single root element.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from components.custom.attributes import make_attr
from components.custom.definition import ComponentDefinition, SlotDef
from components.custom.state import RenderState, Report
from components.custom.values import js_literal, js_string
from components.diagnostics import Severity
from components.expand.context import ComponentLibrary, ExpandContext
from components.markup.nodes import Attr, Conditional, Document, Element, Liquid, Node, Text
from components.schema import MISSING

MARK_TAGS: dict[str, tuple[str, ...]] = {
    "bold": ("b", "strong"),
    "italic": ("i", "em"),
    "underline": ("u",),
    "strikethrough": ("s", "strike", "del"),
    "link": ("a",),
    "color": ("span", "font"),
    "superscript": ("sup",),
    "subscript": ("sub",),
    "code": ("code",),
    "linebreak": ("br",),
}


@dataclass(slots=True)
class HostAttributes:
    """The host's attributes, sorted out."""

    values: dict[str, object] = field(default_factory=dict)
    attrs: dict[str, Attr] = field(default_factory=dict)
    literal: set[str] = field(default_factory=set)
    #: attributes that are not props, in order: Liquid, or (name, literal Attr or None, value)
    extra: list[Liquid | tuple[str, Attr | None, object]] = field(default_factory=list)


class HostUse:
    """One use's host element, read: placement, attributes, props and slots."""

    def __init__(
        self,
        definition: ComponentDefinition,
        ctx: ExpandContext,
        state: RenderState,
        host: Element,
        library: ComponentLibrary,
        report: Report,
    ) -> None:
        self.d = definition
        self.ctx = ctx
        self.state = state
        self.host = host
        self.library = library
        self.report = report
        #: the component the host is written in ("" at the top level)
        self.parent = ""
        #: whether the host is inside an email's ``<mj-raw>``
        self.in_mj_raw = False
        #: the content given for each slot (only slots with meaningful content)
        self.slot_content: dict[str, list[Node]] = {}

    def placement(self) -> tuple[str, bool]:
        """Where the host is written: its parent component (standard or custom; plain
        HTML in between does not count; "" when there is none) and whether it is inside
        ``<mj-raw>`` of the email (for a host in a template: whether the use that made
        it is)."""
        state = self.state
        if not state.document_parents:
            state.document_parents = True
            if self.ctx.document is not None:
                _record_parents(self.ctx.document, state.parents, self.library)
        found = state.parents.get(id(self.host))
        if found is not None and found[0] is self.host:
            return found[1], found[2]
        return (state.stack[-1].tag if state.stack else ""), False

    def check_mjml(self) -> None:
        """An ``.mjml`` component is used only from an ``.mjml`` email inside ``<mj-raw>``."""
        if not self.d.file.lower().endswith(".mjml"):
            return
        email_is_mjml = self.ctx.file.lower().endswith(".mjml")
        if email_is_mjml and self.in_mj_raw:
            return
        where = "inside <mj-raw>" if email_is_mjml else "in an .mjml email, inside <mj-raw>"
        self.report(
            "components/mjml-placement",
            f"<{self.d.tag}> is an MJML component ({self.d.file}): use it only {where} "
            "(transformer-mjml)",
            at_host=True,
        )

    def check_parents(self) -> None:
        rule = self.d.parents
        problem = rule.refusal(self.d.tag, self.parent)
        if problem:
            self.report(rule.rule, problem, at_host=True, severity=Severity.WARNING)

    def read_attributes(self) -> HostAttributes:
        out = HostAttributes()
        declared = self.d.prop_map
        for item in self.host.attrs:
            if isinstance(item, Liquid):
                out.extra.append(item)
                continue
            name = item.name
            if name == "#slot":
                continue
            if name == "#set":
                value = self.ctx.evaluate(item.value or "", node=self.host, attr=item)
                if isinstance(value, Mapping):
                    for k, v in value.items():
                        self._host_value(out, declared, str(k), v, item, literal=False)
                elif value is not MISSING:
                    self.report(
                        "components/directive",
                        "#set takes an object of attributes",
                        item.span.line,
                        item.span.column,
                        at_host=True,
                    )
                continue
            if name.startswith((":", "#set:")):
                key = name[1:] if name.startswith(":") else name[5:]
                value = self.ctx.evaluate(item.value or "", node=self.host, attr=item)
                if value is not MISSING:
                    self._host_value(out, declared, key, value, item, literal=False)
                continue
            if name.startswith("#"):
                self.report(
                    "components/unknown-directive",
                    f"directive {name} is not supported on a component used in an email "
                    "(use it inside a component template)",
                    item.span.line,
                    item.span.column,
                    at_host=True,
                    severity=Severity.WARNING,
                )
                continue
            raw = item.value
            text: object = "" if raw is None else raw
            if raw is not None and "{{" not in raw and "{%" not in raw:
                text = html.unescape(raw)
            self._host_value(out, declared, name, text, item, literal=True)
        return out

    def _host_value(
        self,
        out: HostAttributes,
        declared: Mapping[str, object],
        key: str,
        value: object,
        item: Attr,
        *,
        literal: bool,
    ) -> None:
        if key in declared:
            out.values[key] = value
            out.attrs[key] = item
            if literal:
                out.literal.add(key)
            else:
                out.literal.discard(key)
        else:
            out.extra.append((key, item if literal else None, value))

    def validate(self, host: HostAttributes) -> dict[str, object]:
        d = self.d
        props: dict[str, object] = {}
        if d.props_form == "array":
            for p in d.props:
                if p.name in host.values:
                    props[p.name] = host.values[p.name]
            return props
        for p in d.props:
            given = host.values.get(p.name, MISSING)
            literal = p.name in host.literal and isinstance(given, str)
            if literal and isinstance(given, str) and ("{{" in given or "{%" in given):
                props[p.name] = given  # Liquid decides at send time
                continue
            if literal and isinstance(given, str):
                given = p.schema.coerce(given)
            value, issues = p.schema.parse(given)
            if issues:
                attr = host.attrs.get(p.name)
                line, col = (attr.span.line, attr.span.column) if attr is not None else (0, 0)
                detail = "; ".join(i.describe(p.name) for i in issues)
                self.report("props/invalid", f"<{d.tag}> {detail}", line, col, at_host=True)
                value, _ = p.schema.parse(MISSING)
            if value is not MISSING:
                props[p.name] = value
        return props

    def read_slots(self) -> None:
        content: dict[str, list[Node]] = {}
        where: dict[str, Element] = {}
        for child in self.host.children:
            name = "default"
            nodes: list[Node] = [child]
            if isinstance(child, Element):
                slot = child.get("#slot")
                if slot is not None:
                    name = slot.strip() or "default"
                    where.setdefault(name, child)
                    if child.name == "fragment":
                        nodes = list(child.children)
                    else:
                        copy = child.with_attrs(
                            [
                                a
                                for a in child.attrs
                                if not (isinstance(a, Attr) and a.name == "#slot")
                            ]
                        )
                        # written in the host, like the host
                        self.state.parents[id(copy)] = (copy, self.d.tag, self.in_mj_raw)
                        nodes = [copy]
                elif child.name == "fragment":
                    nodes = list(child.children)
            content.setdefault(name, []).extend(nodes)
        self.slot_content = {k: v for k, v in content.items() if _meaningful(v)}
        for name, empty_def in self.d.slots.items():
            if name not in self.slot_content and empty_def.min:
                self.check_slot(empty_def, [])  # empty: a count of 0 below the minimum
        for name, nodes in self.slot_content.items():
            slot_def = self.d.slots.get(name)
            if slot_def is not None:
                self.check_slot(slot_def, nodes)
            elif name not in self.d.template_slots:
                el = where.get(name)
                line, col = (el.span.line, el.span.column) if el is not None else (0, 0)
                known = sorted(set(self.d.slots) | self.d.template_slots)
                hint = (
                    f"; its slots are {', '.join(repr(k) for k in known)}"
                    if known
                    else "; it has no slots, so this content is dropped"
                )
                self.report(
                    "slots/unknown",
                    f"<{self.d.tag}> has no slot {name!r}{hint}",
                    line,
                    col,
                    at_host=True,
                )

    def check_slot(self, slot: SlotDef, nodes: Sequence[Node]) -> None:
        tag = self.d.tag
        if slot.kind == "text":
            allowed = {t for m in slot.marks for t in MARK_TAGS.get(m, ())}
            for el in _elements_deep(nodes):
                if el.name not in allowed:
                    marks = ", ".join(slot.marks) or "none"
                    self.report(
                        "slots/invalid",
                        f"<{tag}> slot {slot.name!r} takes text with the marks {marks}; "
                        f"<{el.name_raw}> is not allowed",
                        el.span.line,
                        el.span.column,
                        at_host=True,
                    )
                    return
        elif slot.kind == "children":
            count = 0
            for node in nodes:
                if isinstance(node, Element):
                    if node.name == "x-empty-state":
                        continue
                    count += 1
                    problem = slot.refusal(tag, node.name_raw)
                    if problem:
                        self.report(
                            "slots/invalid", problem, node.span.line, node.span.column, at_host=True
                        )
                elif isinstance(node, Text) and node.raw.strip():
                    self.report(
                        "slots/invalid",
                        f"<{tag}> slot {slot.name!r} takes components, not text",
                        node.span.line,
                        node.span.column,
                        at_host=True,
                    )
            problem = slot.count_problem(tag, count)
            if problem:
                self.report("slots/invalid", problem, at_host=True)

    def check_unused_slots(self, used_slots: set[str]) -> None:
        for name in self.slot_content:
            if (
                name in self.d.slots
                and name not in used_slots
                and name not in self.d.template_slots
            ):
                self.report(
                    "slots/unused",
                    f"<{self.d.tag}> defines slot {name!r} but its template has no "
                    f'<slot name="{name}">: the content is dropped',
                    at_host=True,
                    severity=Severity.WARNING,
                )

    def fall_through(self, nodes: list[Node], host: HostAttributes) -> None:
        if not host.extra:
            return
        roots = [n for n in nodes if isinstance(n, Element)]
        others = [
            n
            for n in nodes
            if isinstance(n, (Liquid, Conditional)) or (isinstance(n, Text) and n.raw.strip())
        ]
        if len(roots) != 1 or others:
            names = ", ".join(e[0] if isinstance(e, tuple) else e.raw for e in host.extra)
            self.report(
                "components/fall-through",
                f"<{self.d.tag}> has no single root element, so the attributes that "
                f"are not props ({names}) are dropped",
                at_host=True,
                severity=Severity.WARNING,
            )
            return
        root = roots[0]
        is_component = root.name.startswith("x-") or self.library.has(root.name)
        after_liquid = False
        for entry in host.extra:
            if isinstance(entry, Liquid):
                root.attrs.append(entry)
                after_liquid = True
                continue
            pre = entry[1].pre if entry[1] is not None and after_liquid else " "
            after_liquid = False
            name, literal, value = entry
            if name == "class":
                self._merge_root(root, "class", js_string(value), is_component, " ")
            elif name == "style":
                self._merge_root(root, "style", js_string(value), is_component, ";")
            else:
                root.attrs = [
                    a
                    for a in root.attrs
                    if not (isinstance(a, Attr) and a.name in (name, ":" + name))
                ]
                if literal is not None:
                    root.attrs.append(Attr(name, literal.value, literal.quote, pre, literal.eq))
                elif is_component:
                    root.attrs.append(Attr(":" + name, js_literal(value), quote="'"))
                elif value is True:
                    root.attrs.append(Attr(name, None))
                elif value is not None and value is not False and value is not MISSING:
                    root.attrs.append(make_attr(name, js_string(value)))

    @staticmethod
    def _merge_root(root: Element, name: str, value: str, is_component: bool, sep: str) -> None:
        current = ""
        keep: list[Attr | Liquid] = []
        for a in root.attrs:
            if isinstance(a, Attr) and a.name in (name, ":" + name):
                if a.name == name:
                    current = html.unescape(a.value or "")
                else:
                    try:
                        current = js_string(json.loads(a.value or "null"))
                    except ValueError:
                        current = ""
                continue
            keep.append(a)
        if sep == " ":
            merged = " ".join(dict.fromkeys((current + " " + value).split()))
        else:
            merged = ";".join(p for p in (current.strip().rstrip(";"), value.strip()) if p)
        root.attrs = keep
        if is_component:
            root.attrs.append(Attr(":" + name, js_literal(merged), quote="'"))
        else:
            root.attrs.append(make_attr(name, merged))


def _record_parents(
    root: Document, out: dict[int, tuple[Element, str, bool]], library: ComponentLibrary
) -> None:
    """For each element of ``root``: the tag of the nearest enclosing component and
    whether it is inside ``<mj-raw>``."""
    stack: list[tuple[Element | Document | Conditional, str, bool]] = [(root, "", False)]
    while stack:
        parent, component, raw = stack.pop()
        for node in parent.children:
            if isinstance(node, Element):
                out[id(node)] = (node, component, raw)
                name = node.name
                inner = name if name.startswith("x-") or library.has(name) else component
                stack.append((node, inner, raw or name == "mj-raw"))
            elif isinstance(node, Conditional):
                stack.append((node, component, raw))


def _meaningful(nodes: Sequence[Node]) -> bool:
    for n in nodes:
        if isinstance(n, Element):
            if n.name != "x-empty-state":
                return True
        elif isinstance(n, (Liquid, Conditional)) or (isinstance(n, Text) and n.raw.strip()):
            return True
    return False


def _elements_deep(nodes: Sequence[Node]) -> list[Element]:
    out: list[Element] = []
    stack = list(reversed(nodes))
    while stack:
        n = stack.pop()
        if isinstance(n, Element):
            out.append(n)
            stack.extend(reversed(n.children))
        elif isinstance(n, Conditional):
            stack.extend(reversed(n.children))
    return out
