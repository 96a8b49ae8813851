"""What each tag declares about its own syntax, and the grammar read from those declarations.

A tag class may declare

* ``syntax`` — the product's message head for a syntax error in the tag
  ("Syntax Error in tag 'if' - Valid syntax: if [expression]");
* ``inner_tags`` — for a block tag, the tags it accepts inside
  (``if``: ``elsif``, ``else``) with, per inner tag, its own message head or "".

:func:`grammar` reads the block table the structure check needs from the
tags an environment has registered; :func:`syntax_head` reads the message
head of a tag, or of an inner tag within its block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from liquid.tag import Tag

from compiler.liquid.scan import Grammar

if TYPE_CHECKING:
    from liquid import Environment


class DeclaredTag(Tag):
    """A tag that declares its syntax message and, for a block, its inner tags."""

    syntax: ClassVar[str] = ""
    inner_tags: ClassVar[Mapping[str, str]] = {}


def valid_syntax(name: str, form: str) -> str:
    """The usual message head: ``Syntax Error in tag 'NAME' - Valid syntax: FORM``."""
    return f"Syntax Error in tag '{name}' - Valid syntax: {form}"


def grammar(env: Environment) -> Grammar:
    """The block tags (with the inner tags each accepts) and every tag ``env`` knows."""
    blocks: dict[str, frozenset[str]] = {}
    for name, tag in env.tags.items():
        if tag.block and tag.end:
            blocks[name] = frozenset(getattr(tag, "inner_tags", {}))
    return Grammar(blocks=blocks, tags=frozenset(env.tags))


def syntax_head(env: Environment, name: str, parent: str = "") -> str:
    """The message head for a syntax error in tag ``name`` (inside block ``parent``)."""
    owners = [env.tags[parent]] if parent in env.tags else list(env.tags.values())
    for owner in owners:
        inner: Mapping[str, str] = getattr(owner, "inner_tags", {})
        if inner.get(name):
            return inner[name]
    tag = env.tags.get(name)
    declared = getattr(tag, "syntax", "") if tag is not None else ""
    return declared or f"Syntax Error in tag '{name}'"
