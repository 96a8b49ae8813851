"""``{% render_liquid journey.body %}``: render a value that itself holds Liquid,
in the current context."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.stream import TokenStream
from liquid.tag import Tag

from compiler.liquid.primitives import required
from compiler.liquid.tags.arguments import ExpressionNode, one_expression
from compiler.liquid.tags.syntax import DeclaredTag, valid_syntax

if TYPE_CHECKING:
    from liquid.context import RenderContext

# How deep render_liquid may nest (a value rendering a value rendering …).
MAX_DEPTH = 10


class RenderLiquidNode(ExpressionNode):
    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = required(self.expression.evaluate(context))
        text = "" if value is None else str(value)
        if "{" not in text:
            return buffer.write(text)
        if context._copy_depth > MAX_DEPTH:
            raise LiquidError("render_liquid nested too deeply", token=self.token)
        try:
            template = context.env.from_string(text)
        except LiquidError as exc:
            raise LiquidError(
                f"the value given to render_liquid is not valid Liquid: {exc.message}",
                token=self.token,
            ) from None
        written = 0
        context._copy_depth += 1
        try:
            for node in template.nodes:
                written += node.render(context, buffer)
        finally:
            context._copy_depth -= 1
        return written


class RenderLiquidTag(DeclaredTag):
    name = "render_liquid"
    block = False
    syntax = valid_syntax("render_liquid", "render_liquid [expression]")

    def parse(self, stream: TokenStream) -> Node:
        return RenderLiquidNode(*one_expression(self.env, stream, "missing expression"))


TAGS: tuple[type[Tag], ...] = (RenderLiquidTag,)
