"""Tags a sending platform adds that this Liquid does not implement.

A workspace lists them in ``mailwright.toml`` as ``liquid_tags = ["name", …]``.
Each parses with any arguments and renders as written, so checks accept it
and previews and proofs show it where the platform will fill it in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import Token

from compiler.liquid.tags.arguments import OutputNode, expression_token
from compiler.liquid.tags.syntax import DeclaredTag

if TYPE_CHECKING:
    from liquid.context import RenderContext

NAME = re.compile(r"[A-Za-z_]\w*")


class PlatformNode(OutputNode):
    __slots__ = ("text",)

    def __init__(self, token: Token, text: str) -> None:
        super().__init__(token)
        self.text = text

    def __str__(self) -> str:
        return self.text

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(self.text)


def platform_tag(tag_name: str) -> type[Tag]:
    """A tag named ``tag_name`` that renders as ``{% tag_name arguments %}``."""

    class PlatformTag(DeclaredTag):
        name = tag_name
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token = stream.current
            arg = expression_token(stream)
            args = f" {arg.value.strip()}" if arg is not None and arg.value.strip() else ""
            return PlatformNode(token, f"{{% {tag_name}{args} %}}")

    PlatformTag.__name__ = f"Platform_{tag_name}"
    return PlatformTag
