"""The template phase of a component use: the template walked with its directives.

:class:`TemplateInstantiation` turns the component's template into plain nodes for
one use: ``#if``/``#else-if``/``#else`` chains and ``#each`` applied (:meth:`siblings`,
:meth:`repeat`), ``${}`` evaluated in text and attributes, ``<slot>`` filled with the
host's content or its fallback, ``#is`` renames, and each element's attributes built
by :class:`~components.custom.attributes.AttributeBuilder`. The component's
``<style>``, ``<title>``, ``<meta>`` and ``<link>`` go to the email's head. Every
copy spends the email's :class:`~components.expand.context.ExpansionBudget`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from components.custom.attributes import CHAIN, AttributeBuilder, Classified, classify
from components.custom.css import substitute_set
from components.custom.definition import ComponentDefinition, attr_location
from components.custom.state import InstanceAbort, RenderState, Report, StyleOut
from components.custom.values import js_string, plain, truthy
from components.diagnostics import Severity, line_col
from components.expand.context import ComponentLibrary, ExpandContext, ExpansionLimit
from components.expand.html import escape_text, expression
from components.expand.html import unescape as unescape_text
from components.js import JSError, Scope, split_template
from components.js.script import Interpolation
from components.markup.nodes import Attr, Comment, Conditional, Element, Liquid, Node, Span, Text
from components.markup.serialize import serialize
from components.schema import MISSING

if TYPE_CHECKING:
    from components.custom.host import HostUse

#: most copies one ``#each`` makes (each is a scope and a copy of the element)
MAX_EACH = 10_000
_EACH_RE = re.compile(
    r"\s*(?:\(\s*([A-Za-z_$][\w$]*)\s*(?:,\s*([A-Za-z_$][\w$]*)\s*)?"
    r"(?:,\s*([A-Za-z_$][\w$]*)\s*)?\)|([A-Za-z_$][\w$]*))\s+(?:in|of)\s+(.+)",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Plan:
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


def make_plan(el: Element) -> Plan:
    chain = ""
    cond: Attr | None = None
    for a in el.attributes():
        if a.name in CHAIN:
            chain, cond = a.name, a
            break
    dyn_is = el.attr("#set:is") or el.attr(":is")
    return Plan(
        chain,
        cond,
        el.attr("#each"),
        el.attr("#is"),
        dyn_is,
        tuple(classify(item) for item in el.attrs),
    )


class TemplateInstantiation:
    """The template of one use, instantiated (see the module docstring)."""

    def __init__(
        self,
        definition: ComponentDefinition,
        ctx: ExpandContext,
        state: RenderState,
        host: HostUse,
        library: ComponentLibrary,
        report: Report,
        memory_blame: Callable[[], str],
        host_desc: str,
    ) -> None:
        self.d = definition
        self.ctx = ctx
        self.engine = ctx.engine
        self.state = state
        self.library = library
        self.report = report
        self.memory_blame = memory_blame
        self.host_desc = host_desc
        self.uses = host
        self.mark_id = host.host.id
        self.mark_span = host.host.span
        #: the slots the template rendered
        self.used_slots: set[str] = set()
        #: components enclosing the element being instantiated, inside the template
        self.template_parents: list[str] = []
        #: the evaluated ``<style>`` blocks and head tags (kept for detaching)
        self.styles: list[StyleOut] = []
        self.head: list[str] = []

    @property
    def slot_content(self) -> dict[str, list[Node]]:
        """The host's content for each slot (read by the host phase before this one)."""
        return self.uses.slot_content

    @property
    def in_mj_raw(self) -> bool:
        """Whether the host is inside an email's ``<mj-raw>``."""
        return self.uses.in_mj_raw

    def plan(self, el: Element) -> Plan:
        """``el``'s directives (``el`` is part of this component's template)."""
        plans = self.d.plans
        found = plans.get(id(el))
        if found is not None and found[0] is el:
            return cast(Plan, found[1])
        made = make_plan(el)
        plans[id(el)] = (el, made)
        return made

    def fail(self, err: JSError, line: int, column: int, where: str) -> None:
        if err.kind in ("timeout", "memory"):
            limit = (
                f"{self.engine.time_limit_ms} ms"
                if err.kind == "timeout"
                else f"{self.engine.memory_limit_mb} MB"
            )
            blame = self.memory_blame() if err.kind == "memory" else ""
            self.report(
                f"components/script-{err.kind}",
                f"<{self.d.tag}>: {where} went over the {limit} limit and was stopped{blame}",
                line,
                column,
            )
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
            self.fail(err, line, col, attr.name)
            return MISSING

    def eval_at(
        self, expr: str, scope: Scope, span: Span, raw: str, offset: int, where: str
    ) -> object:
        try:
            return self.engine.evaluate(expr, scope)
        except JSError as err:
            rel_line, rel_col = line_col(raw, offset)
            inner_line = rel_line + err.line - 1
            col = (rel_col + err.column - 1) if err.line == 1 else err.column
            line = span.line + inner_line - 1
            column = span.column + col - 1 if inner_line == 1 else col
            self.fail(err, line, column, where)
            return MISSING

    def interpolate(
        self, raw: str, span: Span, scope: Scope, *, attr: bool = False, html_escape: bool = True
    ) -> str | None:
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
        if tag:
            self.ctx.add_head(tag, once=True)
        self.head.append(tag)

    def set_title(self, tag: str, text: str, el: Element) -> None:
        """x-base's title wins; else the first component title; never two."""
        ctx = self.ctx
        if ctx.title or not text.strip():
            return
        if not ctx.component_title_html:
            ctx.component_title_html = tag
            ctx.component_title = html.unescape(text)
        elif ctx.component_title_html != tag:
            self.report(
                "components/title",
                f"<{self.d.tag}> title {text.strip()!r} is ignored: the email already "
                f"has the title {ctx.component_title.strip()!r} from an earlier "
                "component (an email has one <title>)",
                el.span.line,
                el.span.column,
                severity=Severity.WARNING,
            )

    def siblings(
        self, nodes: Sequence[Node], scope: Scope, emit: Callable[[Node, Scope], None]
    ) -> None:
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
                self.report(
                    "components/directive",
                    f"{kind} must follow a sibling with #if or #else-if",
                    cond_attr.span.line,
                    cond_attr.span.column,
                )
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

    def repeat(
        self,
        el: Element,
        each: Attr | None,
        cond: Attr | None,
        scope: Scope,
        emit: Callable[[Node, Scope], None],
    ) -> None:
        if each is None:
            if cond is None or truthy(self.eval_attr(cond, scope, template_fallback=False)):
                emit(el, scope)
            return
        m = _EACH_RE.fullmatch(each.value or "")
        if m is None:
            self.report(
                "components/directive",
                f'#each={each.value!r}: write "item in items", "(item, index) in '
                'items" or "(value, key, index) in object"',
                each.span.line,
                each.span.column,
            )
            return
        first, second, third, single, expr = m.groups()
        names = (single or first, second, third)
        fake = Attr(
            each.name,
            expr,
            each.quote,
            each.pre,
            each.eq,
            Span(
                each.span.start,
                each.span.end,
                each.span.line,
                each.span.column + (len(each.value or "") - len(expr)),
            ),
            each.parts,
        )
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
            self.report(
                "components/directive",
                f"#each cannot iterate over {js_string(source)!r}: use an array, an "
                "object, a number or a string",
                each.span.line,
                each.span.column,
            )
            return
        if len(items) > MAX_EACH:
            # each item is a scope and a copy of the element: millions would never finish
            self.report(
                "components/directive",
                f"#each repeats more than {MAX_EACH} times; no email needs that many "
                "copies (the element is left out)",
                each.span.line,
                each.span.column,
            )
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
                self.fail(err, each.span.line, each.span.column, "#each")
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
                out.append(
                    Conditional(
                        node.condition,
                        node.open_raw,
                        self.instantiate(node.children, sc),
                        node.close_raw,
                        node.revealed,
                        node.span,
                        node.id,
                    )
                )
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
            return [
                n
                for n in self.instantiate(el.children, scope)
                if not (isinstance(n, Element) and n.name == "x-empty-state")
            ]
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
                return [
                    Element(
                        "fragment",
                        [Attr("#slot", slot.value)],
                        children,
                        span=self.mark_span,
                        id=self.mark_id,
                    )
                ]
            return children
        copy = self.element(el, scope, tag, plan)
        return [] if copy is None else [copy]

    def element(
        self, el: Element, scope: Scope, tag: str, plan: Plan | None = None
    ) -> Element | None:
        """A plain copy of ``el`` (renamed to ``tag``) with its directives applied."""
        is_component = tag.startswith("x-") or self.library.has(tag)
        builder = AttributeBuilder(self, scope, is_component=is_component)
        for what, item, arg in (plan or make_plan(el)).attrs:
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
        copy = Element(
            tag,
            attrs,
            children,
            name_raw=tag if renamed else el.name_raw,
            tag_end=el.tag_end or ">",
            end_raw=end_raw,
            self_closing=el.self_closing,
            void=el.void,
            raw_text=el.raw_text,
            span=self.mark_span,
            id=self.mark_id,
        )
        if is_component:
            # problems of this element are located in the component file
            self.ctx.add_origin(copy, self.d.file, el.span, self.host_desc)
            self.state.parents[id(copy)] = (
                copy,
                self.template_parents[-1] if self.template_parents else self.d.tag,
                self.in_mj_raw,
            )
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
                self.fail(err, item.span.line, item.span.column, item.name)
            return unescape_text(text)
