"""Shared helpers of the standard components: the global style defaults they read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.expand.expander import expand
from components.markup import parse
from styles.css import ResolvedDefaults, resolve_defaults
from styles.io import default_styles
from styles.model import GlobalStyles

EMAIL = """<x-base>
  <x-section>
    <x-heading-1>Title</x-heading-1>
    <x-heading-3 color="#123456">Sub</x-heading-3>
    <x-paragraph>Text with <a href="https://e.example">a link</a></x-paragraph>
    <x-paragraph>Again</x-paragraph>
    <x-cta href="https://e.example">Go</x-cta>
    <x-hr global-styles></x-hr>
    <x-list><li>one</li></x-list>
  </x-section>
</x-base>
"""

#: nested deeper than a StyleValue: what styles.json's loader rejects
TOO_DEEP: Any = {"dark": {"deeper": 1}}

STYLES: dict[str, Callable[[], GlobalStyles]] = {
    "default": default_styles,
    "empty": GlobalStyles,
    "broken": lambda: GlobalStyles(
        defaults={
            "button": {"background": "$colors.gone_k2j3m4n5p6q7"},
            "paragraph": {"color": TOO_DEEP},
        }
    ),
}


@pytest.mark.parametrize("name", STYLES)
def test_resolved_defaults_expand_as_defaults_resolved_in_the_expansion(name: str) -> None:
    styles = STYLES[name]()

    def run(style_defaults: ResolvedDefaults | None = None) -> tuple[str, list[str]]:
        out = expand(
            parse(EMAIL, "e.html").document,
            file="e.html",
            styles=styles,
            style_defaults=style_defaults,
        )
        return out.html, [f"{i.rule}@{i.line}:{i.column} {i.message}" for i in out.issues]

    html, issues = run(style_defaults=resolve_defaults(styles))
    assert (html, issues) == run()
    if name == "broken":  # each broken component reported once, by its first use
        assert [i.split("@")[0] for i in issues] == ["styles/invalid"] * 2
    # defaults made from another styles object are not used
    other = GlobalStyles(defaults={"paragraph": {"color": "#ff0000"}})
    assert run(style_defaults=resolve_defaults(other)) == (html, issues)
