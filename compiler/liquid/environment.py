"""The Liquid environment: python-liquid set up like the reference product's "latest" Liquid.

* Missing values are :class:`Missing`: falsy and equal to ``nil``/``blank`` in
  conditions, iterated as empty by ``for``, replaced by ``default``, but an
  error as soon as they are output or given to another filter ("Variable
  'customer.eemail' is missing"), because the product refuses to send such a
  message.
* The product's own tags (:mod:`compiler.liquid.tags`) and filters
  (:mod:`compiler.liquid.filters`) are registered explicitly in the one
  :func:`register`; :attr:`MailwrightEnvironment.grammar` is the block table
  read from the registered tags' own declarations.
* Rendering skips python-liquid's per-render set-up (chained global maps, a
  context extension per template): :meth:`MailwrightTemplate.render_nodes`
  renders top-level nodes one by one into one buffer and records every error.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import StringIO
from typing import Any, cast

from liquid import Environment
from liquid.ast import BlockNode, Node
from liquid.builtin.expressions.logical import EqExpression, NeExpression
from liquid.builtin.expressions.primitive import Blank
from liquid.context import RenderContext
from liquid.exceptions import (
    LiquidError,
    LiquidInterrupt,
    LocalNamespaceLimitError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    ResourceLimitError,
    StopRender,
)
from liquid.expression import Expression
from liquid.output import LimitedStringIO
from liquid.template import BoundTemplate
from liquid.token import TOKEN_TAG, Token
from liquid.undefined import UNDEFINED, Undefined

from compiler.liquid import filters, tags
from compiler.liquid.primitives import Missing, path_text
from compiler.liquid.scan import Grammar
from compiler.liquid.tags.platform import NAME as PLATFORM_NAME
from compiler.liquid.tags.platform import platform_tag
from compiler.liquid.tags.syntax import grammar
from compiler.project import ProjectError


class LenientBlank(Blank):
    """``blank`` as the product reads it: a missing value and ``nil`` are blank too."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, Missing) or super().__eq__(other)

    def __hash__(self) -> int:
        return hash("blank")


def is_blank(value: object) -> bool:
    """The product's ``blank``: missing, ``nil``, ``false``, empty or whitespace-only text,
    an empty array or object.

    python-liquid says ``false != blank``; the product's docs say a fallback
    written as ``{% if customer.first_name == blank %}`` "renders when
    first_name is not stored on a person's profile or when first_name equals
    null, false, or an empty string" (liquid-upgrade).
    """
    if isinstance(value, Missing) or value is None or value is False:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    if isinstance(value, list | dict | tuple):
        return not value
    return isinstance(value, Blank)


class BlankTest(Expression):
    """``x == blank`` / ``x != blank`` (either side), with :func:`is_blank`.

    python-liquid compares booleans only with booleans, before ``blank`` can
    say ``false`` is blank, so the whole comparison is replaced.
    """

    __slots__ = ("negate", "subject")

    def __init__(self, token: Token, subject: Expression, *, negate: bool) -> None:
        super().__init__(token)
        self.subject = subject
        self.negate = negate

    def __str__(self) -> str:
        return f"{self.subject} {'!=' if self.negate else '=='} blank"

    def evaluate(self, context: RenderContext) -> object:
        return is_blank(self.subject.evaluate(context)) is not self.negate

    def children(self) -> list[Expression]:
        return [self.subject]


def _blank_test(expr: object) -> BlankTest | None:
    """A :class:`BlankTest` for an ``==``/``!=`` with ``blank`` on one side."""
    if not isinstance(expr, EqExpression | NeExpression):
        return None
    left, right = expr.left, expr.right
    if isinstance(right, Blank):
        subject = left
    elif isinstance(left, Blank):
        subject = right
    else:
        return None
    return BlankTest(expr.token, subject, negate=isinstance(expr, NeExpression))


def lenient_blanks(nodes: list[Node]) -> None:
    """Make ``blank`` read as the product reads it in parsed nodes.

    Comparisons with ``blank`` become :class:`BlankTest`; any other ``blank``
    (``case``/``when``) becomes :class:`LenientBlank`.
    """

    def swap(value: object) -> object:
        if type(value) is Blank:
            return LenientBlank(value.token)
        test = _blank_test(value)
        if test is not None:
            fix(test.subject)
            return test
        return None

    def fix(expr: object, depth: int = 0) -> None:
        if depth > 50:
            return
        for klass in type(expr).__mro__:
            for slot in getattr(klass, "__slots__", ()):
                if slot == "token":
                    continue
                value = getattr(expr, slot, None)
                new = swap(value)
                if new is not None:
                    setattr(expr, slot, new)
                elif isinstance(value, Expression):
                    fix(value, depth + 1)
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        new = swap(item)
                        if new is not None:
                            value[i] = new
                        elif isinstance(item, Expression):
                            fix(item, depth + 1)

    def visit(node: Node) -> None:
        for expr in node.expressions():
            fix(expr)
        try:
            children = list(node.children(None, include_partials=False))  # type: ignore[arg-type]
        except (LiquidError, TypeError, AttributeError):
            children = []
        for child in children:
            visit(child)

    for node in nodes:
        visit(node)


class MailwrightContext(RenderContext):
    """A render context whose missing values know their full path."""

    __slots__ = ()

    def get(
        self, path: list[object], *, token: Token | None, default: object = UNDEFINED
    ) -> object:
        it = iter(path)
        root = next(it)
        try:
            obj = self.scope[root]  # type: ignore[index]
        except (KeyError, TypeError, IndexError):
            if default is UNDEFINED:
                return Missing(path_text(path), token=token)
            return default
        for segment in it:
            if isinstance(obj, Missing):
                return Missing(path_text(path), token=token)
            try:
                obj = self.get_item(obj, segment)
            except (KeyError, TypeError, IndexError):
                if default is UNDEFINED:
                    return Missing(path_text(path), token=token)
                return default
        return obj


@dataclass
class RenderError:
    """One error met while rendering: the exception and the node that raised it."""

    error: LiquidError
    node_token: Token | None


class Output(LimitedStringIO):
    """The render buffer: python-liquid's byte limit, counted without encoding ASCII text."""

    def write(self, text: str) -> int:
        if text:
            self.size += len(text) if text.isascii() else len(text.encode("utf-8"))
            if self.size > self.limit:
                raise OutputStreamLimitError("output stream limit reached", token=None)
        return StringIO.write(self, text)


def _innermost_tag(exc: BaseException) -> Token | None:
    """The token of the innermost tag being rendered when ``exc`` was raised."""
    found: Token | None = None
    tb = exc.__traceback__
    while tb is not None:
        node = tb.tb_frame.f_locals.get("self")
        if (
            isinstance(node, Node)
            and not isinstance(node, BlockNode)
            and node.token.kind == TOKEN_TAG
        ):
            found = node.token
        tb = tb.tb_next
    return found


class MailwrightTemplate(BoundTemplate):
    context_class = MailwrightContext

    def render_nodes(self, data: Mapping[str, object], errors: list[RenderError]) -> str:
        """Render every top-level node; an error skips that node and is recorded.
        A resource limit stops the render there (see :class:`LiquidSettings`)."""
        context = MailwrightContext(self, globals=data)
        buffer = Output(self.env.output_stream_limit or sys.maxsize)
        for node in self.nodes:
            try:
                node.render(context, buffer)
            except LiquidInterrupt as exc:
                errors.append(
                    RenderError(
                        LiquidError(f"unexpected '{exc}' outside a loop", token=node.token),
                        node.token,
                    )
                )
            except StopRender:
                break
            except ResourceLimitError as exc:
                token = exc.token or _innermost_tag(exc) or node.token
                errors.append(RenderError(limit_error(self.env, exc, token), node.token))
                break
            except LiquidError as exc:
                errors.append(RenderError(exc, node.token))
            except RecursionError:
                errors.append(
                    RenderError(
                        LiquidError("rendering nested too deeply", token=node.token), node.token
                    )
                )
        return buffer.getvalue()


def limit_error(
    env: Environment, exc: ResourceLimitError, token: Token | None
) -> ResourceLimitError:
    """The limit ``exc`` hit, said with its value and the setting that raises it."""
    if isinstance(exc, OutputStreamLimitError):
        what = f"the output is over {env.output_stream_limit:,} bytes"
        key = "max_output_bytes"
    elif isinstance(exc, LoopIterationLimitError):
        what = f"loops would run over {env.loop_iteration_limit:,} iterations"
        key = "max_loop_iterations"
    elif isinstance(exc, LocalNamespaceLimitError):
        what = f"assigned values hold over {env.local_namespace_limit:,} bytes"
        key = "max_assigned_bytes"
    else:
        return type(exc)(str(exc.message), token=token)
    return type(exc)(f"{what}, the limit ([liquid] {key} in mailwright.toml)", token=token)


@dataclass(frozen=True)
class LiquidSettings:
    """What the environment reads from ``mailwright.toml``.

    ``url_parameters`` come from the ``[url_parameters]`` table; ``cio_link``
    appends them when its ``url_params`` option is true. ``platform_tags``
    (``liquid_tags = [...]``) are tags the sending platform fills in
    (:mod:`compiler.liquid.tags.platform`).
    """

    url_parameters: tuple[tuple[str, str], ...] = ()
    platform_tags: tuple[str, ...] = ()
    max_output_bytes: int = 16_000_000
    max_loop_iterations: int = 1_000_000
    max_assigned_bytes: int = 32_000_000

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], file: str = "") -> LiquidSettings:
        """Read ``settings``; a bad ``[liquid]`` limit raises :class:`ProjectError` located
        in ``file`` (the settings file) when given."""
        params = settings.get("url_parameters")
        pairs: list[tuple[str, str]] = []
        if isinstance(params, Mapping):
            pairs = [(str(k), str(v)) for k, v in params.items()]
        names = settings.get("liquid_tags")
        platform = (
            tuple(sorted({str(n) for n in names if PLATFORM_NAME.fullmatch(str(n))}))
            if isinstance(names, list)
            else ()
        )
        limits: dict[str, int] = {}
        table = settings.get("liquid")
        if isinstance(table, Mapping):
            for key in LIMITS:
                if key not in table:
                    continue
                value = table[key]
                if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                    raise ProjectError(
                        f"[liquid] {key} must be a whole number above 0, not {value!r}",
                        file,
                        *_setting_line(file, key),
                    )
                limits[key] = value
        return cls(url_parameters=tuple(pairs), platform_tags=platform, **limits)


# The resource limits a workspace may set in its ``[liquid]`` table.
LIMITS = ("max_output_bytes", "max_loop_iterations", "max_assigned_bytes")


def _setting_line(file: str, key: str) -> tuple[int, int]:
    try:
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError, ValueError):
        return 0, 0
    m = re.search(rf"^[ \t]*{key}\s*=", text, re.M)
    if m is None:
        return 0, 0
    return text.count("\n", 0, m.start()) + 1, m.start() - text.rfind("\n", 0, m.start())


# Filters that must see a missing value as such instead of failing.
MISSING_FRIENDLY = frozenset({"default", "size"})


def _guard(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so a missing left value is reported, not silently emptied."""

    @functools.wraps(func)
    def guarded(val: object, *args: object, **kwargs: object) -> object:
        if isinstance(val, Missing):
            raise val.error()
        return func(val, *args, **kwargs)

    for attr in ("with_context", "with_environment"):
        if getattr(func, attr, False):
            setattr(guarded, attr, True)
    return guarded


class MailwrightEnvironment(Environment):
    """python-liquid configured as the product's latest Liquid."""

    template_class = MailwrightTemplate
    # Email bodies are not Liquid "blank" blocks: keep whitespace-only branches.
    suppress_blank_control_flow_blocks = False

    def __init__(self, settings: LiquidSettings | None = None) -> None:
        super().__init__(undefined=cast(type[Undefined], Missing), strict_filters=True)
        self.settings = settings = settings or LiquidSettings()
        # python-liquid reads its limits from the environment; these are per workspace.
        vars(self).update(
            output_stream_limit=settings.max_output_bytes,
            loop_iteration_limit=settings.max_loop_iterations,
            local_namespace_limit=settings.max_assigned_bytes,
        )
        for name in self.settings.platform_tags:
            if name not in self.tags:
                self.add_tag(platform_tag(name))
        self.grammar: Grammar = grammar(self)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=False)
        register(self)

    def from_string(
        self,
        source: str,
        name: str = "",
        path: Any = None,
        globals: Mapping[str, object] | None = None,
        matter: Mapping[str, object] | None = None,
    ) -> BoundTemplate:
        template = super().from_string(source, name=name, path=path, globals=globals, matter=matter)
        if "blank" in source:
            lenient_blanks(list(template.nodes))
        return template

    def add_filter(self, name: str, func: Callable[..., Any]) -> None:
        self.filters[name] = func if name in MISSING_FRIENDLY else _guard(name, func)


def register(env: Environment) -> None:
    """Register the product's tags and filters over python-liquid's standard ones."""
    for tag in tags.TAGS:
        env.add_tag(tag)
    for name, func in filters.PRODUCT_FILTERS.items():
        env.add_filter(name, func)
    for name in filters.NOT_IN_PRODUCT:
        env.filters.pop(name, None)


@functools.lru_cache(maxsize=16)
def environment_for(settings: LiquidSettings) -> MailwrightEnvironment:
    """One shared environment per distinct settings (environments are immutable once built)."""
    return MailwrightEnvironment(settings)
