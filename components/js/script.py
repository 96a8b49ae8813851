"""Light source handling for component scripts and ``${}`` templates.

:func:`prepare_script` turns a component ``<script>`` (an ES module body with
``export const props = …``) into code :meth:`JSEngine.run_script` can run: the
``export`` keywords are removed (keeping positions: they become spaces) and
the top-level names it declares are listed, exported or not.

:func:`split_template` splits text with ``${expr}`` into literal pieces and
expressions, honouring strings, template literals and nested braces inside
the expression.

Both scan JavaScript lexically (strings, comments, template literals, brace
depth); they do not parse it. The engine reports real syntax errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from styles.brackets import SCRIPT, Unclosed, closing, skip, split_top

_DECL_RE = re.compile(
    r"(export\s+)?(?:(?:const|let|var)\s+(?P<binding>[^=;]+?)\s*(?:=|;|$)"
    r"|(?:async\s+)?function\s*\*?\s*(?P<func>[A-Za-z_$][\w$]*)"
    r"|class\s+(?P<cls>[A-Za-z_$][\w$]*))",
    re.S,
)
_EXPORT_LIST_RE = re.compile(r"export\s*\{([^}]*)\}\s*;?")
_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")


@dataclass(slots=True)
class PreparedScript:
    code: str
    exports: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    default_export: bool = False


def _skip(src: str, i: int) -> int:
    """The index after the string or comment starting at ``i`` (``i`` when none does; the
    end of ``src`` when it is never closed)."""
    end = skip(src, i, SCRIPT)
    return len(src) if isinstance(end, Unclosed) else end


def _match_brace(src: str, i: int) -> int:
    """From just after an opening ``{``, the index after its matching ``}``; -1 if unclosed.

    A ``}`` inside a string, a template literal or a comment does not close it, and
    an unterminated string or comment leaves the brace unclosed.
    """
    return closing(src, i - 1, SCRIPT)


def _binding_names(pattern: str) -> list[str]:
    """The names a destructuring pattern binds: ``{a, b: c, ...d}``, ``[x, [y, z]]``, with
    defaults (``{a = 1}``) and nested patterns."""
    pattern = pattern.strip()
    end = closing(pattern, 0, SCRIPT)
    inner = pattern[1 : end - 1] if end > 0 else pattern[1:]
    names: list[str] = []
    for part in split_top(inner, ",", SCRIPT):
        target = split_top(part, "=", SCRIPT)[0]  # without its default
        if pattern[0] == "{":
            target = split_top(target, ":", SCRIPT)[-1]  # the value of ``key: value``
        target = target.strip().removeprefix("...")
        if target[:1] in "{[":
            names.extend(_binding_names(target))
        elif _IDENT_RE.fullmatch(target):
            names.append(target)
    return names


def _declarators(src: str, i: int) -> list[str]:
    """Names bound by the declaration list starting at ``i`` (after const/let/var)."""
    names: list[str] = []
    n = len(src)
    while i < n:
        while i < n and src[i].isspace():
            i += 1
        if i >= n:
            break
        if src[i] in "{[":
            j = closing(src, i, SCRIPT)  # a destructuring pattern, nested ones included
            j = j if j > 0 else n
            names.extend(_binding_names(src[i:j]))
            i = j
        else:
            m = _IDENT_RE.match(src, i)
            if not m:
                break
            names.append(m.group())
            i = m.end()
        # skip the initializer up to a top-level comma or the statement's end
        depth = 0
        last = ""
        while i < n:
            c = src[i]
            j = _skip(src, i)
            if j > i:  # a string or a comment
                if c in "'\"`":
                    last = c
                i = j
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth < 0:
                    return names
            elif depth == 0 and c == ",":
                i += 1
                break
            elif depth == 0 and c == ";":
                return names
            elif depth == 0 and c == "\n":
                rest = src[i:].lstrip()
                if (
                    last
                    and last not in ",=+-*/%&|^?:(<>!"
                    and (not rest or rest[0] not in ".?:+-*/%&|^,)=<>")
                ):
                    return names
            if not c.isspace():
                last = c
            i += 1
        else:
            break
    return names


def prepare_script(src: str) -> PreparedScript:
    """Remove top-level ``export`` keywords and list top-level declarations."""
    out = list(src)
    result = PreparedScript(code=src)
    i, n, depth, paren = 0, len(src), 0, 0
    at_stmt = True
    while i < n:
        c = src[i]
        j = _skip(src, i)
        if j > i:  # a string or a comment
            if c in "'\"`":
                at_stmt = False
            i = j
            continue
        if c in "{":
            depth += 1
        elif c == "}":
            depth -= 1
            at_stmt = depth == 0
            i += 1
            continue
        elif c in "([":
            paren += 1
        elif c in ")]":
            paren -= 1
        elif c in ";\n":
            at_stmt = True
            i += 1
            continue
        if depth == 0 and paren == 0 and (at_stmt or c.isspace()) and (c.isalpha() or c == "_"):
            if i == 0 or not (src[i - 1].isalnum() or src[i - 1] in "_$."):
                m_list = _EXPORT_LIST_RE.match(src, i)
                if m_list:
                    for item in m_list.group(1).split(","):
                        parts = item.split()
                        if parts:
                            result.exports.append(parts[-1])
                    for k in range(m_list.start(), m_list.end()):
                        if out[k] != "\n":
                            out[k] = " "
                    i = m_list.end()
                    continue
                if src.startswith("export default", i):
                    # Same length, so positions in error messages stay right.
                    result.default_export = True
                    out[i : i + 14] = list("var __default=")
                    result.names.append("__default")
                    i += 14
                    continue
                m = _DECL_RE.match(src, i)
                if m:
                    if m.group("binding") is not None:
                        names = _declarators(src, m.start("binding"))
                    else:
                        names = [m.group("func") or m.group("cls")]
                    result.names.extend(nm for nm in names if nm not in result.names)
                    if m.group(1):
                        result.exports.extend(names)
                        for k in range(m.start(1), m.end(1)):
                            if out[k] != "\n":
                                out[k] = " "
                    i = m.start() + (len(m.group(1)) if m.group(1) else 0) + 1
                    at_stmt = False
                    continue
            at_stmt = False
        elif not c.isspace():
            at_stmt = False
        i += 1
    result.code = "".join(out)
    return result


@dataclass(frozen=True, slots=True)
class Interpolation:
    """One ``${expr}`` inside a text: the expression and its offset in that text."""

    expr: str
    offset: int  # offset of the expression's first character


def open_interpolation(text: str) -> bool:
    """Whether ``text`` ends inside a ``${…}`` (an unescaped ``${`` that is never closed)."""
    i = 0
    while True:
        j = text.find("${", i)
        if j < 0:
            return False
        if j > 0 and text[j - 1] == "\\":
            i = j + 2
            continue
        end = _match_brace(text, j + 2)
        if end < 0:
            return True
        i = end


def split_template(text: str) -> list[str | Interpolation]:
    """``"a ${x} b"`` → ``["a ", Interpolation("x", 4), " b"]``; ``\\${`` stays literal."""
    parts: list[str | Interpolation] = []
    i = 0
    start = 0
    n = len(text)
    while True:
        j = text.find("${", i)
        if j < 0:
            break
        if j > 0 and text[j - 1] == "\\":
            parts_text = text[start : j - 1] + "${"
            if parts_text:
                parts.append(parts_text)
            start = i = j + 2
            continue
        end = _match_brace(text, j + 2)
        if end < 0:
            break  # unterminated: keep the rest as text
        if j > start:
            parts.append(text[start:j])
        parts.append(Interpolation(text[j + 2 : end - 1], j + 2))
        start = i = end
    if start < n:
        parts.append(text[start:])
    # merge adjacent literal pieces
    merged: list[str | Interpolation] = []
    for p in parts:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + p
        else:
            merged.append(p)
    return merged
