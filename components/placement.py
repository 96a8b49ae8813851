"""Where a component may be placed: the one parent check of the component language.

A component declares the parents it accepts as data — standard components with
``StandardComponent.allowed_parents`` (``x-column`` accepts only ``x-row``), custom
components with ``config.allowedParents`` — and every place that needs the rule reads
it through :class:`Parents`:

* the markup validator (:mod:`components.validate`) for the email's own elements,
* the expander (:meth:`components.standard.registry.StandardComponent.expand`,
  :mod:`components.custom.instance`) for elements made from component templates,
* the visual editor's drop targets (``studio/models/drop_rules.py``).

What "the parent" is differs by kind and is part of the rule: a standard
component's parent is the element directly around it (MSO conditionals and Liquid
are looked through); a custom component's parent is the nearest enclosing
*component*, standard or custom (plain HTML in between does not count), as the
layers panel shows it. :meth:`Parents.parent_in` computes either from a chain of
ancestor tags.

This module is a leaf: it imports nothing of ours, so the validator, the
standard components and the studio can all use it without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


def is_component_tag(tag: str, custom: Callable[[str], bool]) -> bool:
    """True for a standard (``x-…``) tag or one ``custom`` says is a custom component."""
    return tag.startswith("x-") or custom(tag)


@dataclass(frozen=True, slots=True)
class Parents:
    """The parents one component accepts, and how a refusal is reported.

    ``allowed`` — tag names ("" never appears; empty: any parent is fine).
    ``direct`` — True: the parent is the element directly around the component;
    False: the nearest enclosing component (standard or custom).
    ``declared_as`` — where the rule is written, named in the message
    (``config.allowedParents``); "" for standard components.
    ``hint`` — what to do, appended to the message.
    ``rule`` / ``error`` — the issue's rule id and whether it is an error (else a
    warning).
    """

    allowed: tuple[str, ...] = ()
    direct: bool = True
    declared_as: str = ""
    hint: str = ""
    rule: str = "markup/allowed-parents"
    error: bool = True

    def accepts(self, parent: str) -> bool:
        """True when a component under ``parent`` ("" = at the top level) is placed well."""
        return not self.allowed or parent in self.allowed

    def parent_in(
        self,
        ancestors: Sequence[str],
        is_component: Callable[[str], bool] = lambda tag: tag.startswith("x-"),
    ) -> str:
        """The parent this rule looks at, from the tags around a place (outermost first).

        ``is_component`` says which tags are components (for indirect rules)."""
        if self.direct:
            return ancestors[-1] if ancestors else ""
        for tag in reversed(ancestors):
            if is_component(tag):
                return tag
        return ""

    def refusal(self, tag: str, parent: str) -> str | None:
        """Why ``<tag>`` may not sit under ``parent`` (None when it may)."""
        if self.accepts(parent):
            return None
        names = ", ".join(f"<{a}>" for a in self.allowed)
        declared = f" ({self.declared_as})" if self.declared_as else ""
        how = "directly in" if self.direct else "in"
        where = (
            f"inside <{parent}>"
            if parent
            else ("at the top level" if self.direct else "outside any of them")
        )
        hint = f"; {self.hint}" if self.hint else ""
        return f"<{tag}> may only be placed {how} {names}{declared}; it is {where}{hint}"


#: Plain HTML elements the HTML parser only keeps in place inside certain parents
#: (elsewhere it closes or moves them: ``markup/misnested-tag``), and the children
#: those parents accept. Read by the visual editor's drop rules.
HTML_PARENTS: dict[str, Parents] = {
    tag: Parents(parents, hint=f"<{tag}> belongs in {' or '.join(f'<{p}>' for p in parents)}")
    for tag, parents in {
        "tr": ("table", "tbody", "thead", "tfoot"),
        "td": ("tr",),
        "th": ("tr",),
        "tbody": ("table",),
        "thead": ("table",),
        "tfoot": ("table",),
        "caption": ("table",),
        "colgroup": ("table",),
        "col": ("colgroup", "table"),
        "li": ("ul", "ol", "menu", "x-list"),
        "option": ("select", "optgroup", "datalist"),
        "optgroup": ("select",),
        "dt": ("dl",),
        "dd": ("dl",),
    }.items()
}
HTML_CHILDREN: dict[str, frozenset[str]] = {
    "table": frozenset({"tbody", "thead", "tfoot", "tr", "caption", "colgroup"}),
    "tbody": frozenset({"tr"}),
    "thead": frozenset({"tr"}),
    "tfoot": frozenset({"tr"}),
    "tr": frozenset({"td", "th"}),
    "colgroup": frozenset({"col"}),
    "ul": frozenset({"li"}),
    "ol": frozenset({"li"}),
    "select": frozenset({"option", "optgroup"}),
    "dl": frozenset({"dt", "dd", "div"}),
}

#: Elements that hold phrasing content only (a block inside one makes the HTML parser
#: close it early), and the phrasing elements they take.
PHRASING_ONLY = frozenset(
    "p h1 h2 h3 h4 h5 h6 span a b strong em i u s small big font label button sub sup "
    "code abbr cite q mark del ins kbd samp var time".split()
)
PHRASING = frozenset(
    "a abbr b br cite code del em font i img input ins kbd label mark q s samp small span "
    "strong sub sup time u var wbr big".split()
)
