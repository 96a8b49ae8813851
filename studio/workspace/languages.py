""" "Add language": a translation of an email, beside it as ``name.LANG.html``.

The copy is the default message with its language said (x-base's ``lang``) and a
note at the top of x-base marking it as still to translate. The note is a Liquid
comment, so the copy compiles, previews and checks at once and the note never
reaches an inbox (rendering drops it). Only the note and the ``lang`` attribute
are added: the rest, Liquid included, is byte for byte the default's.
"""

from __future__ import annotations

import re

from compiler.envelope import read_front_matter
from compiler.liquid.localization import TRANSLATE_MARK, TRANSLATE_NOTE

_X_BASE = re.compile(r"<x-base\b[^>]*>", re.I)
_LANG = re.compile(r"""(\slang\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def translation_copy(text: str, code: str, default_name: str) -> str:
    """The default message ``text`` as the start of its ``code`` translation."""
    end = read_front_matter(text, "").end
    head, body = text[:end], text[end:]
    note = TRANSLATE_NOTE.format(code=code, name=default_name)
    match = _X_BASE.search(body)
    if match is None:  # no x-base (plain HTML, MJML): the note opens the body
        return head + note + "\n" + body
    tag = match.group(0)
    if _LANG.search(tag):
        tag = _LANG.sub(lambda m: f'{m.group(1)}"{code}"', tag, count=1)
    else:
        tag = tag[: len("<x-base")] + f' lang="{code}"' + tag[len("<x-base") :]
    return head + body[: match.start()] + tag + "\n  " + note + body[match.end() :]


def is_marked(text: str) -> bool:
    """The translation still carries its "Translate to …" note."""
    return TRANSLATE_MARK.search(text) is not None
