"""Read generated CSS back with tinycss2, so tests check structure, not strings."""

from __future__ import annotations

from dataclasses import dataclass

import tinycss2
from tinycss2 import ast


@dataclass(frozen=True)
class Rule:
    media: str | None  # the enclosing @media prelude, normalized ("" = none)
    selector: str
    decls: tuple[tuple[str, str, bool], ...]  # (name, value, important)

    def value(self, name: str) -> str | None:
        for n, v, _ in self.decls:
            if n == name:
                return v
        return None


def _fail_on_errors(nodes: list[ast.Node], css: str) -> None:
    for node in nodes:
        if isinstance(node, ast.ParseError):
            raise AssertionError(f"CSS parse error {node.message} in:\n{css}")


def rules(css: str) -> list[Rule]:
    """Every style rule in ``css``, with the @media it sits in. Fails on any parse error."""
    out: list[Rule] = []
    _collect(
        tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), None, out, css
    )
    return out


def _collect(nodes: list[ast.Node], media: str | None, out: list[Rule], css: str) -> None:
    _fail_on_errors(nodes, css)
    for node in nodes:
        if isinstance(node, ast.AtRule):
            assert node.lower_at_keyword == "media", f"unexpected @{node.at_keyword}"
            assert node.content is not None
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            _collect(inner, " ".join(tinycss2.serialize(node.prelude).split()), out, css)
        elif isinstance(node, ast.QualifiedRule):
            decls = tinycss2.parse_declaration_list(
                node.content, skip_comments=True, skip_whitespace=True
            )
            _fail_on_errors(decls, css)
            out.append(
                Rule(
                    media,
                    " ".join(tinycss2.serialize(node.prelude).split()),
                    tuple(
                        (d.lower_name, tinycss2.serialize(d.value).strip(), d.important)
                        for d in decls
                        if isinstance(d, ast.Declaration)
                    ),
                )
            )
