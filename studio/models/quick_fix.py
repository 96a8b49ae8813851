"""Quick fixes for problems, without a window.

A check that knows how to repair what it found says so in its issue's data, as data:
``issue.data["fix"] = {"set": "NAME.OPTION=VALUE"}`` sets one transformer option for
this email (inline-css's ``linked-stylesheet`` warning offers
``inline-css.linked_stylesheets=true``). :func:`quick_fixes` reads that; the editor
applies it through the email's own transformer settings
(``studio.models.transformers.EmailTransformers``, the Transformers tab's model: the
email's sidecar ``.json``), so a fix is exactly what the user could have set by hand,
validated by the compiler's own coercion, and undone by setting it back in that tab.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from components.diagnostics import Issue


@dataclass(frozen=True, slots=True)
class QuickFix:
    """Set ``transformer.option`` to ``value`` for this email."""

    transformer: str
    option: str
    value: object

    @property
    def label(self) -> str:
        return f"Set {self.transformer}.{self.option} = {json.dumps(self.value)} for this email"


def _value(text: str) -> object:
    """``true`` → True, ``3`` → 3, ``"a"`` → "a"; anything else is the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def quick_fixes(issue: Issue) -> list[QuickFix]:
    """The fixes ``issue`` offers (none when its data has no well-formed ``fix``)."""
    fix = issue.data.get("fix")
    if not isinstance(fix, Mapping):
        return []
    setting = fix.get("set")
    if not isinstance(setting, str):
        return []
    key, eq, value = setting.partition("=")
    transformer, dot, option = key.strip().partition(".")
    if not (eq and dot and transformer and option):
        return []
    return [QuickFix(transformer, option.strip(), _value(value.strip()))]
