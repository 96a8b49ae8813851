"""One use of a custom component: props, slots, script, styles and the template.

:class:`Instance` turns a host element (``<product-card :price="9">…``) into
*plain markup nodes*: the component's template with every directive applied
and every ``${}`` evaluated, slot content put in place, and nested standard
and custom components left as elements whose attributes are literal or
``:name='<json>'`` (so they no longer depend on this component's scope). The
expander then expands those nodes like any email content, which renders the
standard components and, through the library, nested custom components.

Problems become located issues: in the component file (line and column) with
the host element named, or at the host element for prop and slot problems.
A script that fails, loops or allocates too much stops only this instance.
"""

from __future__ import annotations

import contextlib
import functools
import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from components.custom.attributes import (
    CHAIN,
    AttributeBuilder,
    Classified,
    classify,
    make_attr,
)
from components.custom.css import substitute_set
from components.custom.definition import ComponentDefinition, SlotDef, attr_location
from components.custom.values import js_literal, js_string, plain, truthy
from components.diagnostics import Issue, Severity, line_col
from components.expand.context import ComponentLibrary, ExpandContext, ExpansionLimit
from components.expand.html import escape_text, expression
from components.expand.html import unescape as unescape_text
from components.js import UNDEFINED, JSError, JSHandle, Scope, split_template
from components.js.script import Interpolation
from components.markup.nodes import (
    Attr,
    Comment,
    Conditional,
    Document,
    Element,
    Liquid,
    Node,
    Span,
    Text,
)
from components.markup.serialize import serialize
from components.schema import MISSING

MAX_DEPTH = 40
#: most copies one ``#each`` makes (each is a scope and a copy of the element)
MAX_EACH = 10_000
_EACH_RE = re.compile(
    r"\s*(?:\(\s*([A-Za-z_$][\w$]*)\s*(?:,\s*([A-Za-z_$][\w$]*)\s*)?"
    r"(?:,\s*([A-Za-z_$][\w$]*)\s*)?\)|([A-Za-z_$][\w$]*))\s+(?:in|of)\s+(.+)", re.S)
_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")
_JS_RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else enum export "
    "extends false finally for function if import in instanceof new null return super "
    "switch this throw true try typeof var void while with yield let static await "
    "arguments eval undefined NaN Infinity".split())
MARK_TAGS: dict[str, tuple[str, ...]] = {
    "bold": ("b", "strong"), "italic": ("i", "em"), "underline": ("u",),
    "strikethrough": ("s", "strike", "del"), "link": ("a",), "color": ("span", "font"),
    "superscript": ("sup",), "subscript": ("sub",), "code": ("code",), "linebreak": ("br",),
}


@functools.lru_cache(maxsize=4096)
def _js_name(name: str) -> bool:
    """True when a prop called ``name`` can also be a variable of the script."""
    return _IDENT_RE.fullmatch(name) is not None and name not in _JS_RESERVED


class InstanceAbort(Exception):
    """A time or memory limit was hit: the instance is abandoned (already reported)."""


@dataclass(slots=True)
class Frame:
    """An enclosing custom component while its content expands."""

    tag: str
    component: object  # the JS Component object (for Component.context)


@dataclass(slots=True)
class RenderState:
    """Per-expansion state of the custom components (kept in ``ctx.extensions``)."""

    base: Scope
    stack: list[Frame] = field(default_factory=list)
    #: id(host element) → (the host, the tag of its parent component where it is written —
    #: standard or custom, "" at the top level —, whether it is inside an email's
    #: ``<mj-raw>``); template hosts are added as they are made
    parents: dict[int, tuple[Element, str, bool]] = field(default_factory=dict)
    #: whether the email's own elements are in ``parents`` yet
    document_parents: bool = False


@dataclass(slots=True)
class StyleOut:
    """One evaluated component ``<style>`` (kept for detaching)."""

    css: str
    group: str | None
    media: str | None
    isolated: bool


@dataclass(slots=True)
class _Host:
    """The host's attributes, sorted out."""

    values: dict[str, object] = field(default_factory=dict)
    attrs: dict[str, Attr] = field(default_factory=dict)
    literal: set[str] = field(default_factory=set)
    #: attributes that are not props, in order: Liquid, or (name, literal Attr or None, value)
    extra: list[Liquid | tuple[str, Attr | None, object]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A template element's directives, sorted out once per component: every use of
    the component reads them again, and the template never changes."""

    #: "#if", "#else-if" or "#else" (the first one written), or ""
    chain: str
    cond: Attr | None
    each: Attr | None
    is_raw: Attr | None  # #is
    is_dynamic: Attr | None  # #set:is or :is
    #: each attribute: (what it does, the attribute, the name part that matters)
    attrs: tuple[Classified, ...]


def _make_plan(el: Element) -> _Plan:
    chain = ""
    cond: Attr | None = None
    for a in el.attributes():
        if a.name in CHAIN:
            chain, cond = a.name, a
            break
    dyn_is = el.attr("#set:is") or el.attr(":is")
    return _Plan(chain, cond, el.attr("#each"), el.attr("#is"), dyn_is,
                 tuple(classify(item) for item in el.attrs))


class Instance:
    """One host element expanded with one component definition."""

    def __init__(self, library: ComponentLibrary, definition: ComponentDefinition,
                 ctx: ExpandContext, state: RenderState, host: Element) -> None:
        self.library = library
        self.d = definition
        self.ctx = ctx
        self.engine = ctx.engine
        self.state = state
        self.host = host
        origin = ctx.origin_of(host)
        if origin is None:  # written in the email (maybe as slot content)
            self.host_file, self.host_span = ctx.file, host.span
            self.host_desc = f"{ctx.file}:{host.span.line}:{host.span.column} <{host.name_raw}>"
        else:  # written in a component template: the chain starts at the email's host
            self.host_file, self.host_span, outer = origin.file, origin.span, origin.host
            self.host_desc = (f"{outer} › {self.host_file}:{self.host_span.line}:"
                              f"{self.host_span.column} <{host.name_raw}>")
        self.slot_content: dict[str, list[Node]] = {}
        self.used_slots: set[str] = set()
        self.component: object = None
        self.styles: list[StyleOut] = []
        self.head: list[str] = []
        self.mark_id = host.id
        self.mark_span = host.span
        #: components enclosing the element being instantiated, inside the template
        self.template_parents: list[str] = []
        self.parent = ""
        self.in_mj_raw = False

    # -- reporting ----------------------------------------------------------------
    def report(self, rule: str, message: str, line: int = 0, column: int = 0, *,
               severity: Severity = Severity.ERROR, at_host: bool = False) -> None:
        if at_host:
            file = self.host_file
            if not line:
                line, column = self.host_span.line, self.host_span.column
        else:
            file = self.d.file
        self.ctx.issues.append(Issue(rule, severity, message, file, line, column,
                                     self.host_desc))

    def plan(self, el: Element) -> _Plan:
        """``el``'s directives (``el`` is part of this component's template)."""
        plans = self.d.plans
        found = plans.get(id(el))
        if found is not None and found[0] is el:
            return cast(_Plan, found[1])
        made = _make_plan(el)
        plans[id(el)] = (el, made)
        return made

    # -- the whole use ------------------------------------------------------------
    def build(self) -> list[Node] | None:
        """The plain nodes of this use, or None when it cannot render (reported)."""
        d = self.d
        if d.errors:
            first = d.errors[0]
            more = f" (and {len(d.errors) - 1} more)" if len(d.errors) > 1 else ""
            self.ctx.issues.append(Issue(
                "components/unusable", Severity.ERROR,
                f"<{d.tag}> cannot be used: {first.message}{more}",
                first.file, first.line, first.column, self.host_desc))
            return None
        if len(self.state.stack) >= MAX_DEPTH or sum(
                1 for f in self.state.stack if f.tag == d.tag) > 10:
            self.report("components/recursion",
                        f"<{d.tag}> is nested too deeply (a component that contains itself?)",
                        at_host=True)
            return None
        self.parent, self.in_mj_raw = self.placement()
        self.check_parents()
        self.check_mjml()
        host = self.read_host()
        props = self.validate(host)
        self.read_slots()
        try:
            scope = self.run_script(props)
            if scope is None:
                return None
            self.head_elements(scope)
            nodes = self.instantiate(d.template.children if d.template else [], scope)
            self.settle()
        except InstanceAbort:
            return None
        self.check_unused_slots()
        self.fall_through(nodes, host)
        return nodes

    # -- parents, host attributes, props ----------------------------------------
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
        self.report("components/mjml-placement",
                    f"<{self.d.tag}> is an MJML component ({self.d.file}): use it only {where} "
                    "(transformer-mjml)", at_host=True)

    def check_parents(self) -> None:
        rule = self.d.parents
        problem = rule.refusal(self.d.tag, self.parent)
        if problem:
            self.report(rule.rule, problem, at_host=True, severity=Severity.WARNING)

    def read_host(self) -> _Host:
        out = _Host()
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
                    self.report("components/directive", "#set takes an object of attributes",
                                item.span.line, item.span.column, at_host=True)
                continue
            if name.startswith((":", "#set:")):
                key = name[1:] if name.startswith(":") else name[5:]
                value = self.ctx.evaluate(item.value or "", node=self.host, attr=item)
                if value is not MISSING:
                    self._host_value(out, declared, key, value, item, literal=False)
                continue
            if name.startswith("#"):
                self.report("components/unknown-directive",
                            f"directive {name} is not supported on a component used in an email "
                            "(use it inside a component template)", item.span.line,
                            item.span.column, at_host=True, severity=Severity.WARNING)
                continue
            raw = item.value
            text: object = "" if raw is None else raw
            if raw is not None and "{{" not in raw and "{%" not in raw:
                text = html.unescape(raw)
            self._host_value(out, declared, name, text, item, literal=True)
        return out

    def _host_value(self, out: _Host, declared: Mapping[str, object], key: str, value: object,
                    item: Attr, *, literal: bool) -> None:
        if key in declared:
            out.values[key] = value
            out.attrs[key] = item
            if literal:
                out.literal.add(key)
            else:
                out.literal.discard(key)
        else:
            out.extra.append((key, item if literal else None, value))

    def validate(self, host: _Host) -> dict[str, object]:
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

    # -- slots ------------------------------------------------------------------------
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
                        copy = _copy(child)
                        copy.attrs = [a for a in child.attrs
                                      if not (isinstance(a, Attr) and a.name == "#slot")]
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
                hint = (f"; its slots are {', '.join(repr(k) for k in known)}" if known
                        else "; it has no slots, so this content is dropped")
                self.report("slots/unknown", f"<{self.d.tag}> has no slot {name!r}{hint}",
                            line, col, at_host=True)

    def check_slot(self, slot: SlotDef, nodes: Sequence[Node]) -> None:
        tag = self.d.tag
        if slot.kind == "text":
            allowed = {t for m in slot.marks for t in MARK_TAGS.get(m, ())}
            for el in _elements_deep(nodes):
                if el.name not in allowed:
                    marks = ", ".join(slot.marks) or "none"
                    self.report("slots/invalid",
                                f"<{tag}> slot {slot.name!r} takes text with the marks {marks}; "
                                f"<{el.name_raw}> is not allowed", el.span.line, el.span.column,
                                at_host=True)
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
                        self.report("slots/invalid", problem, node.span.line,
                                    node.span.column, at_host=True)
                elif isinstance(node, Text) and node.raw.strip():
                    self.report("slots/invalid",
                                f"<{tag}> slot {slot.name!r} takes components, not text",
                                node.span.line, node.span.column, at_host=True)
            problem = slot.count_problem(tag, count)
            if problem:
                self.report("slots/invalid", problem, at_host=True)

    def check_unused_slots(self) -> None:
        for name in self.slot_content:
            if (name in self.d.slots and name not in self.used_slots
                    and name not in self.d.template_slots):
                self.report("slots/unused",
                            f"<{self.d.tag}> defines slot {name!r} but its template has no "
                            f"<slot name=\"{name}\">: the content is dropped", at_host=True,
                            severity=Severity.WARNING)

    # -- the script ---------------------------------------------------------------
    def run_script(self, props: dict[str, object]) -> Scope | None:
        engine = self.engine
        given = plain(props)
        assert isinstance(given, dict)
        values: dict[str, object] = {"props": given}
        for name in dict.fromkeys([*(p.name for p in self.d.props), *props]):
            if _js_name(name):
                values[name] = given.get(name) if name in props else UNDEFINED
        parent = self.state.stack[-1].component if self.state.stack else None
        values["__mw_parent"] = JSHandle(parent) if parent is not None else None
        try:
            inst = engine.scope(values, self.state.base)
            self.component = engine.evaluate_raw("__mw_component(props, __mw_parent, false)",
                                                 inst)
            scope = engine.scope({"Component": JSHandle(self.component)}, inst)
        except JSError as err:
            self.report(f"components/script-{err.kind}", f"<{self.d.tag}>: {err.message}",
                        at_host=True)
            return None
        script = self.d.script
        if script is None or not script.code.strip():
            return scope
        try:
            return engine.run_script(script.code, scope, script.names)
        except JSError as err:
            line, col = self._script_pos(err.line, err.column)
            detail = {"timeout": f" (the script ran longer than {engine.time_limit_ms} ms and "
                                 "was stopped: an endless loop?)",
                      "memory": f" (the script needed more than {engine.memory_limit_mb} MB)"
                      }.get(err.kind, "")
            if err.kind == "memory":
                detail = self.memory_blame() or detail
            message = (err.message if err.kind in ("syntax", "runtime")
                       else f"<{self.d.tag}> script stopped")
            self.report(f"components/script-{err.kind}",
                        f"<{self.d.tag}> script: {message}{detail}"
                        if err.kind in ("syntax", "runtime") else f"{message}{detail}",
                        line, col)
            return None

    def settle(self) -> None:
        """Run the promise jobs this use left scheduled, so what they hold is freed now
        (a job that runs out of time or memory is this component's failure)."""
        span = self.d.script_span
        line, column = (span.line, span.column) if span is not None else (0, 0)
        try:
            pending = not self.engine.settle()
        except JSError as err:
            self._fail(err, line, column, "a promise job")
            return
        if pending:
            self.report("components/script-runtime",
                        f"<{self.d.tag}>: promise jobs kept scheduling more jobs and were "
                        "stopped", line, column)

    def memory_blame(self) -> str:
        """After a memory failure: when the components enclosing this use (or those
        before it) already held most of the engine's memory, say so — this use is not
        the cause. "" when it is."""
        engine = self.engine
        with contextlib.suppress(JSError):
            engine.settle()
        engine.collect()
        held = engine.memory_used
        if held < engine.memory_limit_mb * 2**20 // 4:
            return ""
        holders = ", ".join(dict.fromkeys(f"<{f.tag}>" for f in self.state.stack))
        who = f"the enclosing {holders}" if holders else "the components used before it"
        return (f" (not caused by <{self.d.tag}>: {held / 2**20:.0f} MB of the "
                f"{engine.memory_limit_mb} MB were already held by {who})")

    def _script_pos(self, line: int, column: int) -> tuple[int, int]:
        span = self.d.script_span
        if span is None:
            return line, column
        return span.line + line - 1, (span.column + column - 1 if line == 1 else column)

    # -- evaluation --------------------------------------------------------------
    def _fail(self, err: JSError, line: int, column: int, where: str) -> None:
        if err.kind in ("timeout", "memory"):
            limit = (f"{self.engine.time_limit_ms} ms" if err.kind == "timeout"
                     else f"{self.engine.memory_limit_mb} MB")
            blame = self.memory_blame() if err.kind == "memory" else ""
            self.report(f"components/script-{err.kind}",
                        f"<{self.d.tag}>: {where} went over the {limit} limit and was "
                        f"stopped{blame}", line, column)
            raise InstanceAbort
        self.report(err.rule, f"<{self.d.tag}>: {err.message} in {where}", line, column)

    def eval_attr(self, attr: Attr, scope: Scope, *, template_fallback: bool = True) -> object:
        """Evaluate a directive's value (entities decoded, Liquid untouched)."""
        source = expression(attr.value or "", attr.parts)
        expr = source.text
        try:
            return self.engine.evaluate(expr, scope)
        except JSError as err:
            if err.kind == "syntax" and template_fallback and "${" in expr and "`" not in expr:
                # written like a template literal without backticks (custom-comp-syntax)
                try:
                    return self.engine.evaluate("`" + expr + "`", scope)
                except JSError:
                    pass
            line, col = attr_location(attr, *source.raw_position(err.line, err.column))
            self._fail(err, line, col, attr.name)
            return MISSING

    def eval_at(self, expr: str, scope: Scope, span: Span, raw: str, offset: int,
                where: str) -> object:
        try:
            return self.engine.evaluate(expr, scope)
        except JSError as err:
            rel_line, rel_col = line_col(raw, offset)
            inner_line = rel_line + err.line - 1
            col = (rel_col + err.column - 1) if err.line == 1 else err.column
            line = span.line + inner_line - 1
            column = span.column + col - 1 if inner_line == 1 else col
            self._fail(err, line, column, where)
            return MISSING

    def interpolate(self, raw: str, span: Span, scope: Scope, *, attr: bool = False,
                    html_escape: bool = True) -> str | None:
        """``raw`` with each ``${}`` evaluated and escaped; None when it has none."""
        if "${" not in raw:
            return None
        parts = split_template(raw)
        if not any(isinstance(p, Interpolation) for p in parts):
            # only escaped \${ … }: drop the backslashes
            return "".join(p for p in parts if isinstance(p, str)) if "\\${" in raw else None
        out: list[str] = []
        for p in parts:
            if isinstance(p, str):
                out.append(unescape_text(p) if attr else p)
                continue
            text = js_string(self.eval_at(p.expr, scope, span, raw, p.offset, "${}"))
            out.append(text if attr or not html_escape else escape_text(text))
        return "".join(out)

    # -- style, title, meta, link --------------------------------------------------
    def head_elements(self, scope: Scope) -> None:
        def emit(node: Node, sc: Scope) -> None:
            if isinstance(node, Element) and node.name in ("style", "title", "meta", "link"):
                self.head_element(node, sc)
        self.siblings(self.d.head_nodes, scope, emit)

    def head_element(self, el: Element, scope: Scope) -> None:
        if el.name == "style":
            text = "".join(c.raw for c in el.children if isinstance(c, (Text, Liquid)))
            first = next((c for c in el.children if isinstance(c, (Text, Liquid))), None)
            span = first.span if first is not None else el.span

            def evaluate(expr: str, offset: int) -> object:
                return self.eval_at(expr, scope, span, text, offset, "set()")

            css = substitute_set(text, evaluate)
            group: str | None = None
            isolated = False
            media: str | None = None
            for a in el.attributes():
                if a.name in ("#isolated", "isolated"):
                    isolated = True
                    group = html.unescape(a.value) if a.value else None
                elif a.name == "media":
                    media = html.unescape(a.value or "") or None
                elif a.name in (":media", "#set:media"):
                    value = self.eval_attr(a, scope)
                    media = js_string(value) or None
            self.styles.append(StyleOut(css, group, media, isolated))
            self.ctx.css.add_block(css, group=group, media=media, isolated=isolated)
            return
        if el.name == "title":
            raw = "".join(c.raw for c in el.children if isinstance(c, (Text, Liquid)))
            title_span: Span = el.children[0].span if el.children else el.span
            title = self.interpolate(raw, title_span, scope)
            text = raw if title is None else title
            tag = f"<title>{text}</title>"
            self.head.append(tag)
            self.set_title(tag, text, el)
            return
        copy = self.element(el, scope, el.name, self.plan(el))
        tag = serialize(copy) if copy is not None else ""
        if tag and tag not in self.ctx.head:
            self.ctx.head.append(tag)
        self.head.append(tag)

    def set_title(self, tag: str, text: str, el: Element) -> None:
        """§5.15: x-base's title wins; else the first component title; never two."""
        ctx = self.ctx
        if ctx.title or not text.strip():
            return
        if not ctx.component_title_html:
            ctx.component_title_html = tag
            ctx.component_title = html.unescape(text)
        elif ctx.component_title_html != tag:
            self.report("components/title",
                        f"<{self.d.tag}> title {text.strip()!r} is ignored: the email already "
                        f"has the title {ctx.component_title.strip()!r} from an earlier "
                        "component (an email has one <title>)", el.span.line, el.span.column,
                        severity=Severity.WARNING)

    # -- the template ---------------------------------------------------------------
    def siblings(self, nodes: Sequence[Node], scope: Scope,
                 emit: Callable[[Node, Scope], None]) -> None:
        """Walk siblings applying #if/#else-if/#else chains and #each."""
        chain_open = False
        taken = False
        for node in nodes:
            if not isinstance(node, Element):
                if isinstance(node, Comment) or (isinstance(node, Text) and not node.raw.strip()):
                    emit(node, scope)
                    continue
                chain_open = False
                emit(node, scope)
                continue
            plan = self.plan(node)
            kind, cond_attr, each = plan.chain, plan.cond, plan.each
            if kind in ("#else-if", "#else") and not chain_open:
                assert cond_attr is not None
                self.report("components/directive",
                            f"{kind} must follow a sibling with #if or #else-if (§5.12)",
                            cond_attr.span.line, cond_attr.span.column)
                continue
            if kind in {"#else-if", "#else"}:
                if taken:
                    if kind == "#else":
                        chain_open = False
                    continue
                if kind == "#else":
                    chain_open = False
                    self.repeat(node, each, None, scope, emit)
                    continue
            if kind == "#if":
                chain_open, taken = True, False
            elif kind == "":
                chain_open = False
                self.repeat(node, each, None, scope, emit)
                continue
            assert cond_attr is not None
            if each is not None:
                taken = True
                self.repeat(node, each, cond_attr, scope, emit)
                continue
            if truthy(self.eval_attr(cond_attr, scope, template_fallback=False)):
                taken = True
                emit(node, scope)

    def repeat(self, el: Element, each: Attr | None, cond: Attr | None, scope: Scope,
               emit: Callable[[Node, Scope], None]) -> None:
        if each is None:
            if cond is None or truthy(self.eval_attr(cond, scope, template_fallback=False)):
                emit(el, scope)
            return
        m = _EACH_RE.fullmatch(each.value or "")
        if m is None:
            self.report("components/directive",
                        f"#each={each.value!r}: write \"item in items\", \"(item, index) in "
                        "items\" or \"(value, key, index) in object\"",
                        each.span.line, each.span.column)
            return
        first, second, third, single, expr = m.groups()
        names = (single or first, second, third)
        fake = Attr(each.name, expr, each.quote, each.pre, each.eq, Span(
            each.span.start, each.span.end, each.span.line,
            each.span.column + (len(each.value or "") - len(expr))), each.parts)
        source = self.eval_attr(fake, scope, template_fallback=False)
        items: list[tuple[object, object, int]]
        if source is MISSING or source is None:
            items = []
        elif isinstance(source, list):
            items = [(v, i, i) for i, v in enumerate(source)]
        elif isinstance(source, Mapping):
            items = [(v, k, i) for i, (k, v) in enumerate(source.items())]
        elif isinstance(source, bool):
            items = []
        elif isinstance(source, (int, float)):
            count = source if math.isfinite(source) else MAX_EACH + 1  # inf, NaN: no range
            items = [(n, n, n) for n in range(max(0, min(int(count), MAX_EACH + 1)))]
        elif isinstance(source, str):
            items = [(c, i, i) for i, c in enumerate(source)]
        else:
            self.report("components/directive",
                        f"#each cannot iterate over {js_string(source)!r}: use an array, an "
                        "object, a number or a string", each.span.line, each.span.column)
            return
        if len(items) > MAX_EACH:
            # each item is a scope and a copy of the element: millions would never finish
            self.report("components/directive",
                        f"#each repeats more than {MAX_EACH} times; no email needs that many "
                        "copies (the element is left out)",
                        each.span.line, each.span.column)
            return
        budget = self.ctx.budget
        for value, key, index in items:
            values: dict[str, object] = {}
            if names[0]:
                values[names[0]] = value
            if names[1]:
                values[names[1]] = key
            if names[2]:
                values[names[2]] = index
            try:
                loop = self.engine.scope(plain(values), scope)  # type: ignore[arg-type]
            except JSError as err:
                self._fail(err, each.span.line, each.span.column, "#each")
                continue
            if cond is None or truthy(self.eval_attr(cond, loop, template_fallback=False)):
                try:
                    budget.spend(1)  # the copy's scope
                    emit(el, loop)
                except ExpansionLimit as limit:
                    limit.each = (self.d.file, each, self.host_desc)  # outer ones overwrite
                    raise

    def instantiate(self, nodes: Sequence[Node], scope: Scope) -> list[Node]:
        out: list[Node] = []

        budget = self.ctx.budget

        def emit(node: Node, sc: Scope) -> None:
            if isinstance(node, Text):
                text = self.interpolate(node.raw, node.span, sc)
                made = node if text is None else Text(text, node.span, node.id)
                budget.spend(1, len(made.raw))
                out.append(made)
            elif isinstance(node, Element):
                budget.spend(1)
                out.extend(self.element_nodes(node, sc))
            elif isinstance(node, Conditional):
                out.append(Conditional(node.condition, node.open_raw,
                                       self.instantiate(node.children, sc), node.close_raw,
                                       node.revealed, node.span, node.id))
            else:
                out.append(node)
        self.siblings(nodes, scope, emit)
        return out

    def element_nodes(self, el: Element, scope: Scope) -> list[Node]:
        if el.name == "slot":
            name = el.get("name") or "default"
            self.used_slots.add(name)
            given = self.slot_content.get(name)
            if given:
                return list(given)
            return [n for n in self.instantiate(el.children, scope)
                    if not (isinstance(n, Element) and n.name == "x-empty-state")]
        tag = el.name
        plan = self.plan(el)
        raw_is, dyn_is = plan.is_raw, plan.is_dynamic
        if raw_is is not None and raw_is.value:
            tag = raw_is.value.strip().lower()
        elif dyn_is is not None:
            value = self.eval_attr(dyn_is, scope)
            if isinstance(value, str) and value.strip():
                tag = value.strip().lower()
        if tag == "fragment":
            html_attr = el.attr(":html") or el.attr("#set:html")
            if html_attr is not None:
                return [Text(js_string(self.eval_attr(html_attr, scope)), el.span)]
            children = self.instantiate(el.children, scope)
            slot = el.attr("#slot")
            if slot is not None:  # content for a nested component's named slot
                return [Element("fragment", [Attr("#slot", slot.value)], children,
                                span=self.mark_span, id=self.mark_id)]
            return children
        copy = self.element(el, scope, tag, plan)
        return [] if copy is None else [copy]

    def element(self, el: Element, scope: Scope, tag: str,
                plan: _Plan | None = None) -> Element | None:
        """A plain copy of ``el`` (renamed to ``tag``) with its directives applied."""
        is_component = tag.startswith("x-") or self.library.has(tag)
        builder = AttributeBuilder(self, scope, is_component=is_component)
        for what, item, arg in (plan or _make_plan(el)).attrs:
            builder.add(what, item, arg)
        attrs = builder.finish()
        inner_html, raw_children = builder.inner_html, builder.raw_children
        if inner_html is not None:
            children: list[Node] = [Text(inner_html, el.span)]
        elif raw_children:
            children = [Text("".join(serialize(c) for c in el.children), el.span)]
        elif is_component:
            self.template_parents.append(tag)
            try:
                children = self.instantiate(el.children, scope)
            finally:
                self.template_parents.pop()
        else:
            children = self.instantiate(el.children, scope)
        renamed = tag != el.name
        end_raw = el.end_raw
        if renamed and (el.end_raw or not el.self_closing):
            end_raw = f"</{tag}>"
        if renamed and not end_raw and not el.void and not el.self_closing:
            end_raw = f"</{tag}>"
        copy = Element(tag, attrs, children, name_raw=tag if renamed else el.name_raw,
                       tag_end=el.tag_end or ">", end_raw=end_raw,
                       self_closing=el.self_closing, void=el.void, raw_text=el.raw_text,
                       span=self.mark_span, id=self.mark_id)
        if is_component:
            # problems of this element are located in the component file (§5.16)
            self.ctx.add_origin(copy, self.d.file, el.span, self.host_desc)
            self.state.parents[id(copy)] = (copy, self.template_parents[-1]
                                            if self.template_parents else self.d.tag,
                                            self.in_mj_raw)
        return copy

    def class_list(self, item: Attr, scope: Scope) -> object:
        """``#set:class="a b c "``: directives.md's string form, written without quotes.

        A value made only of class names is JavaScript when it evaluates (``:class="cls"``
        naming a script value); when it is not valid JavaScript (``class1 class2``) it is
        the class list itself. A single unknown name is still reported.
        """
        text = item.value or ""
        try:
            return self.engine.evaluate(expression(text, item.parts).text, scope)
        except JSError as err:
            if err.kind == "syntax":
                return unescape_text(text)
            return self.eval_attr(item, scope)

    def literal_or_expr(self, item: Attr, scope: Scope) -> object:
        """``#style:x="v"``: a JavaScript expression when it is one, else the literal text."""
        text = item.value or ""
        try:
            return self.engine.evaluate(expression(text, item.parts).text, scope)
        except JSError as err:
            if err.kind in ("timeout", "memory"):
                self._fail(err, item.span.line, item.span.column, item.name)
            return unescape_text(text)

    # -- attribute fall-through (§5.8) ------------------------------------------------
    def fall_through(self, nodes: list[Node], host: _Host) -> None:
        if not host.extra:
            return
        roots = [n for n in nodes if isinstance(n, Element)]
        others = [n for n in nodes if isinstance(n, (Liquid, Conditional)) or (
            isinstance(n, Text) and n.raw.strip())]
        if len(roots) != 1 or others:
            names = ", ".join(e[0] if isinstance(e, tuple) else e.raw for e in host.extra)
            self.report("components/fall-through",
                        f"<{self.d.tag}> has no single root element, so the attributes that "
                        f"are not props ({names}) are dropped", at_host=True,
                        severity=Severity.WARNING)
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
                root.attrs = [a for a in root.attrs if not (
                    isinstance(a, Attr) and a.name in (name, ":" + name))]
                if literal is not None:
                    root.attrs.append(Attr(name, literal.value, literal.quote, pre, literal.eq))
                elif is_component:
                    root.attrs.append(Attr(":" + name, js_literal(value), quote="'"))
                elif value is True:
                    root.attrs.append(Attr(name, None))
                elif value is not None and value is not False and value is not MISSING:
                    root.attrs.append(make_attr(name, js_string(value)))

    @staticmethod
    def _merge_root(root: Element, name: str, value: str, is_component: bool,
                    sep: str) -> None:
        current = ""
        keep: list[Attr | Liquid] = []
        for a in root.attrs:
            if isinstance(a, Attr) and a.name in (name, ":" + name):
                if a.name == name:
                    current = html.unescape(a.value or "")
                else:
                    try:
                        import json
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


def _record_parents(root: Document, out: dict[int, tuple[Element, str, bool]],
                    library: ComponentLibrary) -> None:
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


def _copy(el: Element) -> Element:
    return Element(el.name, list(el.attrs), el.children, el.name_raw, el.tag_end, el.end_raw,
                   el.self_closing, el.void, el.raw_text, el.span, el.id)


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
