"""One use of a custom component: the phases that turn a host element into plain nodes.

:class:`Instance` turns a host element (``<product-card :price="9">…``) into
*plain markup nodes*: the component's template with every directive applied
and every ``${}`` evaluated, slot content put in place, and nested standard
and custom components left as elements whose attributes are literal or
``:name='<json>'`` (so they no longer depend on this component's scope). The
expander then expands those nodes like any email content, which renders the
standard components and, through the library, nested custom components.

The phases, in order: the host (:mod:`components.custom.host`: placement, props,
slots), the script (here), the template (:mod:`components.custom.template`: plan,
siblings, repeat; attributes by :mod:`components.custom.attributes`), then the host
again (unused slots, attribute fall-through).

Problems become located issues: in the component file (line and column) with
the host element named, or at the host element for prop and slot problems.
A script that fails, loops or allocates too much stops only this instance.
"""

from __future__ import annotations

import contextlib
import functools
import re

from components.custom.definition import ComponentDefinition
from components.custom.host import HostUse
from components.custom.state import Frame, InstanceAbort, RenderState, StyleOut
from components.custom.template import TemplateInstantiation
from components.custom.values import plain
from components.diagnostics import Issue, Severity
from components.expand.context import ComponentLibrary, ExpandContext
from components.js import UNDEFINED, JSError, JSHandle, Scope
from components.markup.nodes import Element, Node

__all__ = ["Frame", "Instance", "InstanceAbort", "RenderState", "StyleOut"]

MAX_DEPTH = 40
_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")
_JS_RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else enum export "
    "extends false finally for function if import in instanceof new null return super "
    "switch this throw true try typeof var void while with yield let static await "
    "arguments eval undefined NaN Infinity".split()
)


@functools.lru_cache(maxsize=4096)
def _js_name(name: str) -> bool:
    """True when a prop called ``name`` can also be a variable of the script."""
    return _IDENT_RE.fullmatch(name) is not None and name not in _JS_RESERVED


class Instance:
    """One host element expanded with one component definition."""

    def __init__(
        self,
        library: ComponentLibrary,
        definition: ComponentDefinition,
        ctx: ExpandContext,
        state: RenderState,
        host: Element,
    ) -> None:
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
            self.host_desc = (
                f"{outer} › {self.host_file}:{self.host_span.line}:"
                f"{self.host_span.column} <{host.name_raw}>"
            )
        self.component: object = None
        self.uses = HostUse(definition, ctx, state, host, library, self.report)
        self.template = TemplateInstantiation(
            definition,
            ctx,
            state,
            self.uses,
            library,
            self.report,
            self.memory_blame,
            self.host_desc,
        )

    @property
    def styles(self) -> list[StyleOut]:
        """The evaluated ``<style>`` blocks of this use (kept for detaching)."""
        return self.template.styles

    @property
    def head(self) -> list[str]:
        """The head tags (``<title>``, ``<meta>``, ``<link>``) of this use."""
        return self.template.head

    # -- reporting ----------------------------------------------------------------
    def report(
        self,
        rule: str,
        message: str,
        line: int = 0,
        column: int = 0,
        *,
        severity: Severity = Severity.ERROR,
        at_host: bool = False,
    ) -> None:
        if at_host:
            file = self.host_file
            if not line:
                line, column = self.host_span.line, self.host_span.column
        else:
            file = self.d.file
        self.ctx.issues.append(Issue(rule, severity, message, file, line, column, self.host_desc))

    # -- the whole use ------------------------------------------------------------
    def build(self) -> list[Node] | None:
        """The plain nodes of this use, or None when it cannot render (reported)."""
        d = self.d
        if d.errors:
            first = d.errors[0]
            more = f" (and {len(d.errors) - 1} more)" if len(d.errors) > 1 else ""
            self.ctx.issues.append(
                Issue(
                    "components/unusable",
                    Severity.ERROR,
                    f"<{d.tag}> cannot be used: {first.message}{more}",
                    first.file,
                    first.line,
                    first.column,
                    self.host_desc,
                )
            )
            return None
        if (
            len(self.state.stack) >= MAX_DEPTH
            or sum(1 for f in self.state.stack if f.tag == d.tag) > 10
        ):
            self.report(
                "components/recursion",
                f"<{d.tag}> is nested too deeply (a component that contains itself?)",
                at_host=True,
            )
            return None
        host, template = self.uses, self.template
        host.parent, host.in_mj_raw = host.placement()
        host.check_parents()
        host.check_mjml()
        attrs = host.read_attributes()
        props = host.validate(attrs)
        host.read_slots()
        try:
            scope = self.run_script(props)
            if scope is None:
                return None
            template.head_elements(scope)
            nodes = template.instantiate(d.template.children if d.template else [], scope)
            self.settle()
        except InstanceAbort:
            return None
        host.check_unused_slots(template.used_slots)
        host.fall_through(nodes, attrs)
        return nodes

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
            self.component = engine.evaluate_raw("__mw_component(props, __mw_parent, false)", inst)
            scope = engine.scope({"Component": JSHandle(self.component)}, inst)
        except JSError as err:
            self.report(
                f"components/script-{err.kind}", f"<{self.d.tag}>: {err.message}", at_host=True
            )
            return None
        script = self.d.script
        if script is None or not script.code.strip():
            return scope
        try:
            return engine.run_script(script.code, scope, script.names)
        except JSError as err:
            line, col = self._script_pos(err.line, err.column)
            detail = {
                "timeout": f" (the script ran longer than {engine.time_limit_ms} ms and "
                "was stopped: an endless loop?)",
                "memory": f" (the script needed more than {engine.memory_limit_mb} MB)",
            }.get(err.kind, "")
            if err.kind == "memory":
                detail = self.memory_blame() or detail
            message = (
                err.message
                if err.kind in ("syntax", "runtime")
                else f"<{self.d.tag}> script stopped"
            )
            self.report(
                f"components/script-{err.kind}",
                f"<{self.d.tag}> script: {message}{detail}"
                if err.kind in ("syntax", "runtime")
                else f"{message}{detail}",
                line,
                col,
            )
            return None

    def settle(self) -> None:
        """Run the promise jobs this use left scheduled, so what they hold is freed now
        (a job that runs out of time or memory is this component's failure)."""
        span = self.d.script_span
        line, column = (span.line, span.column) if span is not None else (0, 0)
        try:
            pending = not self.engine.settle()
        except JSError as err:
            self.template.fail(err, line, column, "a promise job")
            return
        if pending:
            self.report(
                "components/script-runtime",
                f"<{self.d.tag}>: promise jobs kept scheduling more jobs and were stopped",
                line,
                column,
            )

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
        return (
            f" (not caused by <{self.d.tag}>: {held / 2**20:.0f} MB of the "
            f"{engine.memory_limit_mb} MB were already held by {who})"
        )

    def _script_pos(self, line: int, column: int) -> tuple[int, int]:
        span = self.d.script_span
        if span is None:
            return line, column
        return span.line + line - 1, (span.column + column - 1 if line == 1 else column)
