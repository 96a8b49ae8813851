"""What the phases of a component use share: its records and the per-expansion state.

A leaf module: :mod:`components.custom.host`, :mod:`components.custom.template` and
:mod:`components.custom.instance` all read it, and it reads none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from components.diagnostics import Severity
from components.js import Scope
from components.markup.nodes import Element


class Report(Protocol):
    """Reports one problem of a use: in the component file, or ``at_host`` (the use)."""

    def __call__(
        self,
        rule: str,
        message: str,
        line: int = 0,
        column: int = 0,
        *,
        severity: Severity = Severity.ERROR,
        at_host: bool = False,
    ) -> None: ...


class InstanceAbort(Exception):
    """A time or memory limit was hit: the instance is abandoned (already reported)."""


@dataclass(slots=True)
class Frame:
    """An enclosing custom component while its content expands."""

    tag: str
    component: object  # the JS Component object (for Component.context)


@dataclass(slots=True)
class RenderState:
    """Per-expansion state of the custom components (kept in ``ctx.extensions``)."""

    base: Scope
    stack: list[Frame] = field(default_factory=list)
    #: id(host element) → (the host, the tag of its parent component where it is written —
    #: standard or custom, "" at the top level —, whether it is inside an email's
    #: ``<mj-raw>``); template hosts are added as they are made
    parents: dict[int, tuple[Element, str, bool]] = field(default_factory=dict)
    #: whether the email's own elements are in ``parents`` yet
    document_parents: bool = False


@dataclass(slots=True)
class StyleOut:
    """One evaluated component ``<style>`` (kept for detaching)."""

    css: str
    group: str | None
    media: str | None
    isolated: bool
