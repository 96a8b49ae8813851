"""The markup validator: structural rules of the component language, located.

Rules (all ``markup/…``):

* ``unknown-tag`` — an ``x-*`` tag that is not a standard component, or a
  component tag (a name with a hyphen) no file defines — misspelt, with "did you
  mean", or deleted (errors); any other tag that is
  neither HTML nor a known component is a warning (mail clients show their
  content: service tags such as ``<webversion>``). Known vocabularies:
  ``mj-*`` MJML tags, namespaced Office/VML tags, ``<xml>`` inside an MSO
  conditional comment, ``amp-*`` tags in an AMP email (``<html ⚡4email>``);
* the standard components' own structural rules, read from their declarations
  (:class:`components.standard.registry.StandardComponent`): a component outside
  its ``allowed_parents`` (``column-outside-row`` — ``x-column`` not directly inside
  ``x-row``; the check is :class:`components.placement.Parents`) and each
  component's ``check`` (``row-layout`` — an ``x-row`` whose ``:layout`` length
  differs from its number of ``x-column`` children);
* ``multiple-base`` / ``base-not-outermost`` / ``base-with-html`` — one
  ``x-base`` per email, outermost, never together with ``<html>``;
* ``li-outside-list`` (warning) — ``li`` outside ``x-list``/``ul``/``ol``;
* ``directive-outside-component`` (warning) — a directive (``#if``, ``#each``,
  ``:attr`` …) on plain HTML of the email, or a ``${…}`` in its text: emails are not
  templates, only component templates evaluate them (the expander drops such
  attributes; ``${…}`` text is sent as written).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from components.diagnostics import Issue, Severity, line_col
from components.expand.context import ComponentLibrary
from components.expand.html import is_known_tag
from components.js import Interpolation, JSEngine, split_template
from components.markup.nodes import (
    DIRECTIVE_MARKS,
    Attr,
    Conditional,
    Document,
    Element,
    Node,
    Parent,
    Text,
    iter_elements,
)
from components.standard import REGISTRY


def _elements(document: Document) -> tuple[list[tuple[Element, Element | None, bool]], bool]:
    """Every element in document order (pre-order), with its parent element (not a
    conditional comment between them; None at the top) and whether it sits inside a
    conditional comment; and whether any text may hold a ``${…}``. One pass, without
    recursion."""
    out: list[tuple[Element, Element | None, bool]] = []
    expressions = False
    stack: list[tuple[Iterator[Node], Element | None, bool]] = [
        (iter(document.children), None, False)
    ]
    while stack:
        nodes, parent, inside = stack[-1]
        for node in nodes:
            if isinstance(node, Element):
                out.append((node, parent, inside))
                if node.children:
                    stack.append((iter(node.children), node, inside))
                    break
            elif isinstance(node, Conditional):
                stack.append((iter(node.children), parent, True))
                break
            elif isinstance(node, Text) and "${" in node.raw:
                expressions = True
        else:
            stack.pop()
    return out, expressions


def _is_amp(document: Document) -> bool:
    """Whether ``document`` is an AMP email (``<html ⚡4email>``)."""
    return any(
        el.name == "html"
        and any(isinstance(a, Attr) and a.name.lower() in _AMP_MARKS for a in el.attrs)
        for el in iter_elements(document)
    )


def _has_content_before(children: list[Node], target: Element) -> bool:
    for node in children:
        if node is target:
            return False
        if isinstance(node, Text) and not node.raw.strip():
            continue
        if isinstance(node, (Element, Text)):
            return True
    return False


_AMP_MARKS = frozenset({"⚡4email", "amp4email"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def _edits(name: str) -> Iterator[str]:
    """Every name one typo away from ``name`` (deletion, swap, substitution, insertion)."""
    for i in range(len(name) + 1):
        head, tail = name[:i], name[i:]
        if tail:
            yield head + tail[1:]
        if len(tail) > 1:
            yield head + tail[1] + tail[0] + tail[2:]
        for c in _LETTERS:
            if tail:
                yield head + c + tail[1:]
            yield head + c + tail


def _unknown_tag(el: Element, library: ComponentLibrary | None) -> tuple[Severity, str]:
    """How bad an unknown tag is and what to say: a misspelt component is an error."""
    name = el.name
    if name.startswith("x-"):
        import difflib  # a misspelling's suggestion only (cold start: docs/performance.md)

        close = difflib.get_close_matches(name, list(REGISTRY), n=1, cutoff=0.75)
        hint = f"did you mean <{close[0]}>? " if close else ""
        return Severity.ERROR, (
            f"<{el.name_raw}> is not a standard component; {hint}check "
            "the spelling or use a custom component without the x- prefix"
        )
    if "-" in name and not name.startswith("amp-"):
        # a custom-element name: a component tag, misspelt or its file deleted
        for candidate in _edits(name) if library is not None else ():
            if candidate != name and library is not None and library.get(candidate) is not None:
                return Severity.ERROR, (
                    f"<{el.name_raw}> is not a component; did you mean "
                    f"<{candidate}>? (components/{candidate}.html)"
                )
        return Severity.ERROR, (
            f"<{el.name_raw}> is not a known component; add "
            f"components/{name}.html or fix the tag name"
        )
    return Severity.WARNING, (
        f"<{el.name_raw}> is neither HTML nor a known component; mail "
        "clients show its content as plain text. If it is a component, "
        f"add components/{name}.html; else fix the tag name"
    )


def validate(
    document: Document,
    file: str = "",
    *,
    library: ComponentLibrary | None = None,
    engine: JSEngine | None = None,
) -> list[Issue]:
    """Structural problems of ``document``; each located, with what to do about it."""
    return check(document, file, library=library, engine=engine).issues


@dataclass(frozen=True, slots=True)
class Checked:
    """What :func:`check` found: the issues :func:`validate` gives, and whether nothing in
    the document expands (the ``as_written`` of
    :func:`components.expand.expander.expand_pieces`, read on the validator's walk: no
    standard or custom component, no directive, no ``<head>``)."""

    issues: list[Issue]
    as_written: bool


def check(
    document: Document,
    file: str = "",
    *,
    library: ComponentLibrary | None = None,
    engine: JSEngine | None = None,
) -> Checked:
    """:func:`validate`, and whether nothing in ``document`` expands (:class:`Checked`)."""
    file = file or document.file
    issues: list[Issue] = []

    def report(
        rule: str,
        message: str,
        el: Element,
        severity: Severity = Severity.ERROR,
        attr: Attr | None = None,
    ) -> None:
        span = attr.span if attr is not None and attr.span.line else el.span
        issues.append(Issue(f"markup/{rule}", severity, message, file, span.line, span.column))

    engines: list[JSEngine] = [engine] if engine is not None else []

    def get_engine() -> JSEngine:
        if not engines:
            engines.append(JSEngine(time_limit_ms=50, memory_limit_mb=16))
        return engines[0]

    bases: list[tuple[Element, Element | None]] = []
    htmls: list[Element] = []
    amp: bool | None = None  # whether this is an AMP email, read once when needed
    elements, expressions = _elements(document)
    as_written = True
    for el, parent, in_conditional in elements:
        name = el.name
        if name == "x-base":
            bases.append((el, parent))
        elif name == "html":
            htmls.append(el)
        elif name == "head":
            as_written = False  # (the expansion fills its slots)
        if name[:2] == "x-":
            as_written = False
            component = REGISTRY.get(name)
            if component is None:
                severity, message = _unknown_tag(el, library)
                report("unknown-tag", message, el, severity)
                continue
            if component.allowed_parents:
                problem = component.parents.refusal(
                    el.name_raw, parent.name if parent is not None else ""
                )
                if problem:
                    report(component.parent_rule, problem, el)
            if component.check is not None:
                component.check(el, report, get_engine)
            continue
        custom = library is not None and library.get(name) is not None
        if custom and as_written:
            # a custom component expands; one named as a known tag is written as it is,
            # unless a directive is on it (the loop below reads those of other elements)
            as_written = is_known_tag(name) and not any(
                isinstance(a, Attr) and a.name[:1] in DIRECTIVE_MARKS for a in el.attrs
            )
        if not custom and not is_known_tag(name) and not (name == "xml" and in_conditional):
            if amp is None:
                amp = _is_amp(document)
            if not (amp and name.startswith("amp-")):
                severity, message = _unknown_tag(el, library)
                report("unknown-tag", message, el, severity)
        if not custom:
            for a in el.attrs:
                if isinstance(a, Attr) and a.name[:1] in DIRECTIVE_MARKS:
                    _check_directives(el, report)
                    as_written = False
                    break
        if name == "li" and (parent is None or parent.name not in ("x-list", "ul", "ol", "menu")):
            report(
                "li-outside-list",
                "<li> should sit inside <x-list>, <ul> or <ol>",
                el,
                Severity.WARNING,
            )
    for text in _texts(document) if expressions else ():
        for part in split_template(text.raw):
            if isinstance(part, Interpolation):
                line, column = line_col(text.raw, part.offset - 2)
                issues.append(
                    Issue(
                        "markup/directive-outside-component",
                        Severity.WARNING,
                        f"${{{part.expr}}} is not evaluated in an email: expressions and "
                        "directives work only inside custom component templates (it is sent as "
                        "written; use Liquid, or move this markup into a component)",
                        file,
                        text.span.line + line - 1,
                        text.span.column + column - 1 if line == 1 else column,
                    )
                )
    if len(bases) > 1:
        for el, _ in bases[1:]:
            report(
                "multiple-base",
                "only one <x-base> is allowed per email; remove this one "
                "or merge its content into the first",
                el,
            )
    for el, base_parent in bases[:1]:
        if base_parent is not None or _has_content_before(document.children, el):
            report(
                "base-not-outermost",
                "<x-base> must be the outermost element, wrapping "
                "all content; move everything inside it",
                el,
            )
        for html in htmls:
            report(
                "base-with-html",
                "use either <x-base> or <html>, never both: <x-base> "
                "already writes the <html> element",
                html,
            )
    return Checked(issues, as_written)


def _check_directives(el: Element, report: Callable[..., None]) -> None:
    """Directives on plain HTML of an email are not evaluated (emails are not templates)."""
    for attr in el.attributes():
        if attr.name[:1] in DIRECTIVE_MARKS:
            report(
                "directive-outside-component",
                f"{attr.name} on <{el.name_raw}> is ignored and removed: directives work "
                "only inside custom component templates and, as :prop values, on standard "
                "and custom components (emails are not templates); use Liquid or move "
                "this markup into a component",
                el,
                Severity.WARNING,
                attr,
            )


def _texts(document: Document) -> Iterator[Text]:
    """Every text node of ``document`` outside raw-text elements (script, style …)."""
    stack: list[Parent] = [document]
    while stack:
        parent = stack.pop()
        for node in parent.children:
            if isinstance(node, Text):
                if "${" in node.raw:
                    yield node
            elif isinstance(node, Element):
                if not node.raw_text and node.name != "x-head":
                    stack.append(node)
            elif isinstance(node, Conditional):
                stack.append(node)
