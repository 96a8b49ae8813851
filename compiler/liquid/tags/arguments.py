"""Reading a tag's arguments, and the nodes that hold them: what every tag module uses.

* :func:`expression_token` — the markup after the tag name, if any;
* :func:`one_expression` — the tag's one argument, a filtered expression
  (``random``, ``render_liquid``);
* :func:`parse_expression` — a filtered expression from part of that markup,
  its tokens located in the template;
* :func:`named_arguments` — ``key: value`` pairs (``cio_link``, ``countdown``);
* :func:`embedded_expression` — a ``{{ … }}`` written as an argument value;
* :class:`OutputNode` — the base of a tag's node that writes output;
  :class:`ExpressionNode` — one holding a :func:`one_expression` argument.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from liquid.ast import Node
from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token

if TYPE_CHECKING:
    from liquid import Environment
    from liquid.expression import Expression


def expression_token(stream: TokenStream) -> Token | None:
    """Leave the stream on the tag's last token; return its expression token, if any."""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return stream.current
    return None


def no_arguments(stream: TokenStream, name: str) -> Token:
    """The tag's own token; a syntax error at the arguments when there are any."""
    token = stream.current
    extra = expression_token(stream)
    if extra is not None:
        raise LiquidSyntaxError(f"'{name}' takes no arguments", token=extra)
    return token


def one_expression(env: Environment, stream: TokenStream, missing: str) -> tuple[Token, Expression]:
    """The tag's own token and its one argument, a filtered expression; a syntax error
    saying ``missing`` (``missing maximum``) when there is none."""
    token = stream.current
    expr = expression_token(stream)
    if expr is None:
        raise LiquidSyntaxError(missing, token=token)
    return token, parse_expression(env, expr.value, expr)


def parse_expression(env: Environment, text: str, at: Token, offset: int = 0) -> Expression:
    """The filtered expression ``text``, found at ``offset`` of the markup of token ``at``."""
    tok = Token(TOKEN_EXPRESSION, text, at.start_index + offset, at.source)
    return FilteredExpression.parse(env, TokenStream(tokenize(text, tok)))


def named_arguments(
    text: str, at: Token, pattern: re.Pattern[str], allowed: Collection[str]
) -> Iterator[tuple[str, str, int]]:
    """The ``key: value`` pairs of a tag's markup, in order: (key, raw value, its offset).

    ``pattern`` matches one pair (key in group 1, value in group 2). Anything but
    commas and whitespace between pairs, and a key not in ``allowed``, is a syntax error.
    """
    pos = 0
    for m in pattern.finditer(text):
        if text[pos : m.start()].strip(" ,\n\t"):
            raise LiquidSyntaxError(f"unexpected '{text[pos : m.start()].strip()}'", token=at)
        pos = m.end()
        if m.group(1) not in allowed:
            raise LiquidSyntaxError(f"unknown option '{m.group(1)}'", token=at)
        yield m.group(1), m.group(2), m.start(2)
    if text[pos:].strip(" ,\n\t"):
        raise LiquidSyntaxError(f"unexpected '{text[pos:].strip()}'", token=at)


def embedded_expression(env: Environment, raw: str, at: Token, offset: int) -> Expression:
    """The expression of a ``{{ … }}`` argument value found at ``offset`` of the markup."""
    inner = raw[2:-2]
    return parse_expression(env, inner.strip(), at, offset + 2 + len(inner) - len(inner.lstrip()))


class OutputNode(Node):
    """A tag's node that writes output, so never ``blank`` (python-liquid takes a blank
    node for one that writes nothing but whitespace)."""

    __slots__ = ()

    def __init__(self, token: Token) -> None:
        super().__init__(token)
        self.blank = False


class ExpressionNode(OutputNode):
    """The node of a tag whose one argument is a filtered expression
    (:func:`one_expression`); it prints back as ``{% name expression %}``."""

    __slots__ = ("expression",)

    def __init__(self, token: Token, expression: Expression) -> None:
        super().__init__(token)
        self.expression = expression

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.expression} %}}"
