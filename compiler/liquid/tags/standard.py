"""The standard Liquid tags as the product writes their syntax errors.

python-liquid implements them; each subclass here only declares the
product's message head and, for a block, the inner tags it accepts.
``include`` and ``render`` are not part of the product's Liquid: they are
refused where they are written, naming the snippet to use instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from liquid.ast import Node
from liquid.builtin.tags.assign_tag import AssignTag
from liquid.builtin.tags.capture_tag import CaptureTag
from liquid.builtin.tags.case_tag import CaseTag
from liquid.builtin.tags.comment_tag import CommentTag
from liquid.builtin.tags.cycle_tag import CycleTag
from liquid.builtin.tags.decrement_tag import DecrementTag
from liquid.builtin.tags.doc_tag import DocTag
from liquid.builtin.tags.echo_tag import EchoTag
from liquid.builtin.tags.for_tag import ForTag
from liquid.builtin.tags.if_tag import IfTag
from liquid.builtin.tags.ifchanged_tag import IfChangedTag
from liquid.builtin.tags.increment_tag import IncrementTag
from liquid.builtin.tags.tablerow_tag import TablerowTag
from liquid.builtin.tags.unless_tag import UnlessTag
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.tag import Tag

from compiler.liquid.tags.arguments import expression_token
from compiler.liquid.tags.syntax import DeclaredTag, valid_syntax

_ELSIF = valid_syntax("elsif", "elsif [expression]")


class If(IfTag, DeclaredTag):
    syntax = valid_syntax("if", "if [expression]")
    inner_tags: ClassVar[Mapping[str, str]] = {"elsif": _ELSIF, "else": ""}


class Unless(UnlessTag, DeclaredTag):
    syntax = valid_syntax("unless", "unless [expression]")
    inner_tags: ClassVar[Mapping[str, str]] = {"elsif": _ELSIF, "else": ""}


class Case(CaseTag, DeclaredTag):
    syntax = "Syntax Error in 'case' - Valid syntax: case [condition]"
    inner_tags: ClassVar[Mapping[str, str]] = {
        "when": "Syntax Error in tag 'case' - Valid when condition: "
        "{% when [condition] [or condition2...] %}",
        "else": "Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters)",
    }


class For(ForTag, DeclaredTag):
    syntax = "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]"
    inner_tags: ClassVar[Mapping[str, str]] = {"else": ""}


class Tablerow(TablerowTag, DeclaredTag):
    syntax = (
        "Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3"
    )


class Capture(CaptureTag, DeclaredTag):
    syntax = valid_syntax("capture", "capture [var]")


class Assign(AssignTag, DeclaredTag):
    syntax = valid_syntax("assign", "assign [var] = [source]")


class Cycle(CycleTag, DeclaredTag):
    syntax = "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]"


class Increment(IncrementTag, DeclaredTag):
    syntax = valid_syntax("increment", "increment [var]")


class Decrement(DecrementTag, DeclaredTag):
    syntax = valid_syntax("decrement", "decrement [var]")


class Echo(EchoTag, DeclaredTag):
    syntax = valid_syntax("echo", "echo [expression]")


class Comment(CommentTag, DeclaredTag):
    pass


class Doc(DocTag, DeclaredTag):
    pass


class IfChanged(IfChangedTag, DeclaredTag):
    pass


def _not_in_product(tag_name: str) -> type[Tag]:
    class NotInProduct(DeclaredTag):
        name = tag_name
        block = False
        syntax = f"'{tag_name}' is not part of this Liquid"

        def parse(self, stream: TokenStream) -> Node:
            token = stream.current
            arg = expression_token(stream)
            words = arg.value.split() if arg is not None else []
            first = words[0].strip(",") if words else ""
            snippet = (
                first[1:-1]
                if len(first) > 1 and first[0] in "'\"" and first[-1] == first[0]
                else ""
            )
            if snippet.replace("_", "a").replace("-", "a").isalnum():
                hint = f"put it in snippets/{snippet}.html and write {{{{ snippets.{snippet} }}}}"
            elif snippet:
                hint = f'put it in snippets/ and write {{{{ snippets["{snippet}"] }}}}'
            else:
                hint = "use a snippet: {{ snippets.NAME }} (files in snippets/)"
            raise LiquidSyntaxError(f"'{tag_name}' is not part of this Liquid; {hint}", token=token)

    NotInProduct.__name__ = f"{tag_name.title()}NotInProduct"
    return NotInProduct


Include = _not_in_product("include")
Render = _not_in_product("render")

TAGS: tuple[type[Tag], ...] = (
    If,
    Unless,
    Case,
    For,
    Tablerow,
    Capture,
    Assign,
    Cycle,
    Increment,
    Decrement,
    Echo,
    Comment,
    Doc,
    IfChanged,
    Include,
    Render,
)
