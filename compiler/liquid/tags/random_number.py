"""``{% random 3 %}``: a whole number from 0 to 3 inclusive.

Previews and proofs seed it with the recipient's id and the tag's position,
so one recipient always sees the same value and a proof is repeatable.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.stream import TokenStream
from liquid.tag import Tag

from compiler.liquid.primitives import required
from compiler.liquid.tags.arguments import ExpressionNode, one_expression
from compiler.liquid.tags.recipient import recipient_id
from compiler.liquid.tags.syntax import DeclaredTag, valid_syntax

if TYPE_CHECKING:
    from liquid.context import RenderContext


class RandomNode(ExpressionNode):
    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = required(self.expression.evaluate(context))
        try:
            limit = int(str(value).strip())
        except ValueError:
            raise LiquidError(
                f"random expects a whole number, found '{value}'", token=self.token
            ) from None
        if limit < 0:
            raise LiquidError("random expects a number of 0 or more", token=self.token)
        rng = random.Random(f"{recipient_id(context)}:{self.token.start_index}")
        return buffer.write(str(rng.randint(0, limit)))


class RandomTag(DeclaredTag):
    name = "random"
    block = False
    syntax = valid_syntax("random", "random [max]")

    def parse(self, stream: TokenStream) -> Node:
        return RandomNode(*one_expression(self.env, stream, "missing maximum"))


TAGS: tuple[type[Tag], ...] = (RandomTag,)
