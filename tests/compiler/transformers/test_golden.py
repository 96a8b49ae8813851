"""Golden fixtures (juice style): fixtures/<transformer>/<case>.html (``.mjml`` for
MJML), optional <case>.options.json, and <case>.expected.html (``.expected.txt``
for the plain-text part), discovered automatically.

HTML outputs are compared structurally (tags, attributes as a set, text with
whitespace collapsed, comments), and every template token must match exactly;
the plain-text part is compared as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from compiler.transformers import STEPS, settings_from, transform
from compiler.transformers.core import liquid_guard
from compiler.transformers.core.markup import Tag, parse
from compiler.transformers.formatting import compact_css

FIXTURES = Path(__file__).parent / "fixtures"
MODULES = {s.name: s.module for s in STEPS}


def structure(html: str) -> list[object]:
    out: list[object] = []
    for n in parse(html).nodes:
        if isinstance(n, Tag):
            attrs = frozenset((a.name.lower(), a.value) for a in n.attrs)
            out.append(("/" if n.end else "") + n.name if n.end else (n.name, attrs))
        elif n.kind == "raw" and n.parent == "style":
            out.append(("css", re.sub(r"\s*([{};:,])\s*", r"\1", compact_css(n.text))))
        else:
            text = re.sub(r"\s+", " ", n.text).strip()
            if text:
                out.append(
                    (
                        n.kind if n.kind != "decl" else "text",
                        text.lower() if n.kind == "decl" else text,
                    )
                )
    return out


def cases() -> list[tuple[str, Path]]:
    found = []
    for path in sorted([*FIXTURES.glob("*/*.html"), *FIXTURES.glob("*/*.mjml")]):
        if path.name.endswith(".expected.html"):
            continue
        found.append((path.parent.name, path))
    return found


def test_every_transformer_has_golden_fixtures() -> None:
    assert {name for name, _ in cases()} == set(MODULES)


def test_every_fixture_folder_is_a_transformer_and_has_cases() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders <= set(MODULES)
    assert {name for name, _ in cases()} == folders


@pytest.mark.parametrize(("name", "path"), cases(), ids=lambda v: getattr(v, "stem", v))
def test_golden(name: str, path: Path) -> None:
    module: Any = MODULES[name]
    opts_path = path.with_name(path.stem + ".options.json")
    raw = json.loads(opts_path.read_text(encoding="utf-8")) if opts_path.exists() else {}
    options = settings_from({}, {name: {"enabled": True, **raw}})[name]
    html = path.read_text(encoding="utf-8")
    if name == "plaintext":
        text, issues = module.generate_with_issues(html, options, file=str(path))
        assert issues == []
        assert text == path.with_name(path.stem + ".expected.txt").read_text(encoding="utf-8")
        return
    expected = path.with_name(path.stem + ".expected.html").read_text(encoding="utf-8")
    out, issues = transform(module.NAME, html, options, file=str(path))
    assert [i for i in issues if i.is_error] == []
    assert liquid_guard.tokens(out) == liquid_guard.tokens(expected)
    assert structure(out) == structure(expected)
