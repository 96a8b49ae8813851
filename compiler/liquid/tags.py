"""The product's own Liquid tags.

* ``{% unsubscribe_url %}``, ``{% view_in_browser_url %}``,
  ``{% manage_subscription_preferences_url %}`` — per-recipient links the
  sending platform fills in. Previews show clearly fake URLs on
  ``preview.mailwright.example`` (a reserved domain) naming the recipient.
* ``{% cio_link url:https://example.com track:true url_params:true %}`` — a
  tracked link. ``url_params`` (default true) appends the workspace URL
  parameters; ``track`` (default true) wraps the link in a preview tracking
  URL. ``url`` may be a quoted string, a bare URL, a variable or ``{{ var }}``.
* ``{% cio_link_id %}`` — the id of a manually tracked (universal) link.
* ``{% random 3 %}`` — a whole number from 0 to 3 inclusive. Previews and
  proofs seed it with the recipient's id, so one recipient always sees the
  same value and a proof is repeatable.
* ``{% render_liquid journey.body %}`` — renders a value that itself holds
  Liquid, in the current context.
"""

from __future__ import annotations

import random as _random
import re
from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote, urlsplit, urlunsplit

from liquid.ast import Node
from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, Token

if TYPE_CHECKING:
    from liquid import Environment
    from liquid.context import RenderContext
    from liquid.expression import Expression

from compiler.liquid.environment import PREVIEW_HOST, Missing


def _expression_token(stream: TokenStream) -> Token | None:
    """Leave the stream on the tag's last token; return its expression token, if any."""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return stream.current
    return None


def _expression(env: Environment, text: str, at: Token, offset: int = 0) -> Expression:
    tok = Token(TOKEN_EXPRESSION, text, at.start_index + offset, at.source)
    return FilteredExpression.parse(env, TokenStream(tokenize(text, tok)))


def recipient_id(context: RenderContext) -> str:
    """The previewed recipient's id (``customer.id``, then the profile ``id``)."""
    scope = context.globals
    customer = scope.get("customer")
    if isinstance(customer, Mapping):
        for key in ("id", "cio_id", "email"):
            value = customer.get(key)
            if value not in (None, ""):
                return str(value)
    value = scope.get("id")
    return "preview" if value in (None, "") else str(value)


# --- per-recipient links -------------------------------------------------------------

class PreviewLinkNode(Node):
    __slots__ = ("kind",)

    def __init__(self, token: Token, kind: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {self.token.value} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        who = quote(recipient_id(context), safe="")
        return buffer.write(f"https://{PREVIEW_HOST}/{self.kind}/{who}")


def _link_tag(tag_name: str, kind: str) -> type[Tag]:
    class LinkTag(Tag):
        name = tag_name
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token = stream.current
            extra = _expression_token(stream)
            if extra is not None:
                raise LiquidSyntaxError(f"'{tag_name}' takes no arguments", token=extra)
            return PreviewLinkNode(token, kind)

    LinkTag.__name__ = f"{kind.title().replace('-', '')}Tag"
    return LinkTag


UnsubscribeUrlTag = _link_tag("unsubscribe_url", "unsubscribe")
ViewInBrowserUrlTag = _link_tag("view_in_browser_url", "view-in-browser")
ManagePreferencesUrlTag = _link_tag("manage_subscription_preferences_url", "preferences")


# --- cio_link ------------------------------------------------------------------------

_ARG = re.compile(r"""(\w+)\s*:\s*("[^"]*"|'[^']*'|\{\{.*?\}\}|[^\s]+)""", re.S)


def named_arguments(text: str, at: Token, pattern: re.Pattern[str],
                    allowed: Collection[str]) -> Iterator[tuple[str, str, int]]:
    """The ``key: value`` pairs of a tag's markup, in order: (key, raw value, its offset).

    ``pattern`` matches one pair (key in group 1, value in group 2). Anything but
    commas and whitespace between pairs, and a key not in ``allowed``, is a syntax error.
    """
    pos = 0
    for m in pattern.finditer(text):
        if text[pos:m.start()].strip(" ,\n\t"):
            raise LiquidSyntaxError(f"unexpected '{text[pos:m.start()].strip()}'", token=at)
        pos = m.end()
        if m.group(1) not in allowed:
            raise LiquidSyntaxError(f"unknown option '{m.group(1)}'", token=at)
        yield m.group(1), m.group(2), m.start(2)
    if text[pos:].strip(" ,\n\t"):
        raise LiquidSyntaxError(f"unexpected '{text[pos:].strip()}'", token=at)


def embedded_expression(env: Environment, raw: str, at: Token, offset: int) -> Expression:
    """The expression of a ``{{ … }}`` argument value found at ``offset`` of the markup."""
    inner = raw[2:-2]
    return _expression(env, inner.strip(), at, offset + 2 + len(inner) - len(inner.lstrip()))
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)
CIO_LINK_SYNTAX = "cio_link url:URL [track:true|false] [url_params:true|false]"


class CioLinkNode(Node):
    __slots__ = ("args",)

    def __init__(self, token: Token, args: dict[str, Expression | str | bool]) -> None:
        super().__init__(token)
        self.args = args
        self.blank = False

    def __str__(self) -> str:
        return "{% cio_link %}"

    def _value(self, name: str, context: RenderContext, default: object) -> object:
        arg = self.args.get(name)
        if arg is None:
            return default
        if isinstance(arg, str | bool):
            return arg
        value = arg.evaluate(context)
        if isinstance(value, Missing):
            raise value.error()
        return value

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        url = self._value("url", context, "")
        url = "" if url is None else str(url)
        if self._value("url_params", context, True) not in (False, "false"):
            url = append_parameters(url, getattr(context.env, "settings", None))
        if self._value("track", context, True) not in (False, "false"):
            n = int(context.tag_namespace.get("cio_link", 0)) + 1
            context.tag_namespace["cio_link"] = n
            url = f"https://{PREVIEW_HOST}/click/{n}?to={quote(url, safe='')}"
        return buffer.write(url)


def append_parameters(url: str, settings: object) -> str:
    """Append the workspace URL parameters to ``url`` (existing keys win)."""
    params = getattr(settings, "url_parameters", ())
    if not params or not url or url.startswith(("mailto:", "tel:", "#")):
        return url
    parts = urlsplit(url)
    have = {kv.split("=", 1)[0] for kv in parts.query.split("&") if kv}
    extra = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}"
                     for k, v in params if k not in have)
    if not extra:
        return url
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class CioLinkTag(Tag):
    name = "cio_link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        expr = _expression_token(stream)
        if expr is None:
            raise LiquidSyntaxError("missing url", token=token)
        args: dict[str, Expression | str | bool] = {}
        for key, raw, at in named_arguments(expr.value, expr, _ARG,
                                            ("url", "track", "url_params")):
            if raw[0] in "\"'":
                args[key] = raw[1:-1]
            elif raw in ("true", "false"):
                args[key] = raw == "true"
            elif raw.startswith("{{"):
                args[key] = embedded_expression(self.env, raw, expr, at)
            elif key == "url" and _URLISH.match(raw):
                args[key] = raw
            else:
                args[key] = _expression(self.env, raw, expr, at)
        if "url" not in args:
            raise LiquidSyntaxError("missing url", token=expr)
        return CioLinkNode(token, args)


class CioLinkIdNode(Node):
    __slots__ = ()

    def __init__(self, token: Token) -> None:
        super().__init__(token)
        self.blank = False

    def __str__(self) -> str:
        return "{% cio_link_id %}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        n = int(context.tag_namespace.get("cio_link_id", 0)) + 1
        context.tag_namespace["cio_link_id"] = n
        return buffer.write(f"preview-link-{n}")


class CioLinkIdTag(Tag):
    name = "cio_link_id"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        extra = _expression_token(stream)
        if extra is not None:
            raise LiquidSyntaxError("'cio_link_id' takes no arguments", token=extra)
        return CioLinkIdNode(token)


# --- random --------------------------------------------------------------------------

class RandomNode(Node):
    __slots__ = ("limit",)

    def __init__(self, token: Token, limit: Expression) -> None:
        super().__init__(token)
        self.limit = limit
        self.blank = False

    def __str__(self) -> str:
        return f"{{% random {self.limit} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = self.limit.evaluate(context)
        if isinstance(value, Missing):
            raise value.error()
        try:
            limit = int(str(value).strip())
        except ValueError:
            raise LiquidError(f"random expects a whole number, found '{value}'",
                              token=self.token) from None
        if limit < 0:
            raise LiquidError("random expects a number of 0 or more", token=self.token)
        rng = _random.Random(f"{recipient_id(context)}:{self.token.start_index}")
        return buffer.write(str(rng.randint(0, limit)))


class RandomTag(Tag):
    name = "random"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        expr = _expression_token(stream)
        if expr is None:
            raise LiquidSyntaxError("missing maximum", token=token)
        return RandomNode(token, _expression(self.env, expr.value, expr))


# --- render_liquid -------------------------------------------------------------------

class RenderLiquidNode(Node):
    __slots__ = ("expression",)

    def __init__(self, token: Token, expression: Expression) -> None:
        super().__init__(token)
        self.expression = expression
        self.blank = False

    def __str__(self) -> str:
        return f"{{% render_liquid {self.expression} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = self.expression.evaluate(context)
        if isinstance(value, Missing):
            raise value.error()
        text = "" if value is None else str(value)
        if "{" not in text:
            return buffer.write(text)
        if context._copy_depth > 10:
            raise LiquidError("render_liquid nested too deeply", token=self.token)
        try:
            template = context.env.from_string(text)
        except LiquidError as exc:
            raise LiquidError(f"the value given to render_liquid is not valid Liquid: "
                              f"{exc.message}", token=self.token) from None
        written = 0
        context._copy_depth += 1
        try:
            for node in template.nodes:
                written += node.render(context, buffer)
        finally:
            context._copy_depth -= 1
        return written


class RenderLiquidTag(Tag):
    name = "render_liquid"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        expr = _expression_token(stream)
        if expr is None:
            raise LiquidSyntaxError("missing expression", token=token)
        return RenderLiquidNode(token, _expression(self.env, expr.value, expr))


PRODUCT_TAGS: tuple[type[Tag], ...] = (
    UnsubscribeUrlTag,
    ViewInBrowserUrlTag,
    ManagePreferencesUrlTag,
    CioLinkTag,
    CioLinkIdTag,
    RandomTag,
    RenderLiquidTag,
)


def register(env: Environment) -> None:
    for tag in PRODUCT_TAGS:
        env.add_tag(tag)
