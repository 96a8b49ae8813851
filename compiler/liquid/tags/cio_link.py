"""Tracked links: ``{% cio_link %}`` and ``{% cio_link_id %}``.

* ``{% cio_link url:https://example.com track:true url_params:true %}`` — a
  tracked link. ``url_params`` (default true) appends the workspace URL
  parameters; ``track`` (default true) wraps the link in a preview tracking
  URL. ``url`` may be a quoted string, a bare URL, a variable or ``{{ var }}``.
* ``{% cio_link_id %}`` — the id of a manually tracked (universal) link.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote, urlsplit, urlunsplit

from liquid.ast import Node
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import Token

from compiler.liquid.primitives import PREVIEW_HOST, required
from compiler.liquid.tags.arguments import (
    OutputNode,
    embedded_expression,
    expression_token,
    named_arguments,
    no_arguments,
    parse_expression,
)
from compiler.liquid.tags.syntax import DeclaredTag, valid_syntax

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.expression import Expression

_ARG = re.compile(r"""(\w+)\s*:\s*("[^"]*"|'[^']*'|\{\{.*?\}\}|[^\s]+)""", re.S)
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)


class CioLinkNode(OutputNode):
    __slots__ = ("args",)

    def __init__(self, token: Token, args: dict[str, Expression | str | bool]) -> None:
        super().__init__(token)
        self.args = args

    def __str__(self) -> str:
        return "{% cio_link %}"

    def _value(self, name: str, context: RenderContext, default: object) -> object:
        arg = self.args.get(name)
        if arg is None:
            return default
        if isinstance(arg, str | bool):
            return arg
        return required(arg.evaluate(context))

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
    extra = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params if k not in have)
    if not extra:
        return url
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class CioLinkTag(DeclaredTag):
    name = "cio_link"
    block = False
    syntax = valid_syntax("cio_link", "cio_link url:URL [track:true|false] [url_params:true|false]")

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        expr = expression_token(stream)
        if expr is None:
            raise LiquidSyntaxError("missing url", token=token)
        args: dict[str, Expression | str | bool] = {}
        for key, raw, at in named_arguments(expr.value, expr, _ARG, ("url", "track", "url_params")):
            if raw[0] in "\"'":
                args[key] = raw[1:-1]
            elif raw in ("true", "false"):
                args[key] = raw == "true"
            elif raw.startswith("{{"):
                args[key] = embedded_expression(self.env, raw, expr, at)
            elif key == "url" and _URLISH.match(raw):
                args[key] = raw
            else:
                args[key] = parse_expression(self.env, raw, expr, at)
        if "url" not in args:
            raise LiquidSyntaxError("missing url", token=expr)
        return CioLinkNode(token, args)


class CioLinkIdNode(OutputNode):
    __slots__ = ()

    def __str__(self) -> str:
        return "{% cio_link_id %}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        n = int(context.tag_namespace.get("cio_link_id", 0)) + 1
        context.tag_namespace["cio_link_id"] = n
        return buffer.write(f"preview-link-{n}")


class CioLinkIdTag(DeclaredTag):
    name = "cio_link_id"
    block = False
    syntax = valid_syntax("cio_link_id", "cio_link_id")

    def parse(self, stream: TokenStream) -> Node:
        return CioLinkIdNode(no_arguments(stream, "cio_link_id"))


TAGS: tuple[type[Tag], ...] = (CioLinkTag, CioLinkIdTag)
