"""Compile an email with custom components given as text (no workspace on disk needed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from components.custom import CustomLibrary, library_from_sources
from components.diagnostics import Issue, format_issue
from components.expand import ExpandOptions
from components.expand.expander import expand
from components.markup import parse
from components.sourcemap import strip_marks
from styles.model import GlobalStyles


@dataclass
class Compiled:
    html: str
    issues: list[Issue]
    library: CustomLibrary

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues + self.library.issues if i.is_error]

    def rules(self) -> list[str]:
        return [i.rule for i in self.issues + self.library.issues]

    def text(self) -> str:
        return norm(self.html)

    def explain(self) -> str:
        return "\n".join(format_issue(i) for i in self.issues + self.library.issues)


def library(components: Mapping[str, str], styles: GlobalStyles | None = None) -> CustomLibrary:
    return library_from_sources(
        {
            (k if k.startswith("components/") else f"components/{k}.html"): v
            for k, v in components.items()
        },
        styles=styles,
    )


def compile_email(
    components: Mapping[str, str],
    email: str,
    *,
    styles: GlobalStyles | None = None,
    file: str = "emails/e.html",
    time_limit_ms: int = 250,
    memory_limit_mb: int = 64,
) -> Compiled:
    lib = library(components, styles)
    doc = parse(email, file).document
    result = expand(
        doc,
        file=file,
        styles=styles,
        library=lib,
        options=ExpandOptions(
            marks=False, time_limit_ms=time_limit_ms, memory_limit_mb=memory_limit_mb
        ),
    )
    return Compiled(result.html, result.issues, lib)


def norm(html: str) -> str:
    """Whitespace-insensitive form for structural comparison (marks removed)."""
    text = strip_marks(html)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*(<[^>]+>)\s*", r"\1", text)
    text = re.sub(r"\s+(/?>)", r"\1", text)
    return text.strip()


def body(html: str) -> str:
    """``norm(html)`` without the leading <style> blocks the expander adds."""
    return re.sub(r"<style[^>]*>.*?</style>", "", norm(html), flags=re.S)
