"""Every transformer over every file of the shared corpus: Liquid/Handlebars/Mustache
tokens (same multiset, same order), MSO conditional comments and @media blocks survive."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from compiler.transformers import (
    STEPS,
    run_transformers,
    settings_from,
    transform,
)
from compiler.transformers.core import liquid_guard
from tests.compiler.transformers.survival import survival_problems
from tests.conftest import corpus_files, requires_corpus

FULL: dict[str, dict[str, object]] = {
    "css-variables": {},
    "inline-css": {},
    "css-cleanup": {"shorten": True},
    "url-params": {"params": {"utm_source": "newsletter"}},
    "a11y-fixes": {},
    "format": {"minify": True, "entities": True, "widows": True},
}
SETTINGS = settings_from({}, {name: {"enabled": True, **opts} for name, opts in FULL.items()})
FILES = corpus_files(".html", ".htm", ".hbs", ".liquid", ".mjml")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@requires_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_transformer_keeps_liquid_mso_and_media(path: Path) -> None:
    html = _read(path)
    if path.suffix == ".mjml":
        out, issues = transform(STEPS[0].name, html, SETTINGS["mjml"], file=str(path))
        if not any(i.rule == "mjml/invalid" for i in issues):
            assert set(liquid_guard.tokens(out)) == set(liquid_guard.tokens(html))
        return
    failures: list[str] = []
    for step in STEPS:
        if step.name not in FULL:
            continue
        out, issues = transform(step.name, html, SETTINGS[step.name], file=str(path))
        errors = [i.message for i in issues if i.is_error]
        if errors:
            failures.append(f"{step.name}: {errors[0]}")
        check = out.replace("utm_source=newsletter", "")
        failures += [f"{step.name}: {p}" for p in survival_problems(html, check)]
    whole = run_transformers(html, SETTINGS, file=str(path))
    failures += [
        f"all: {i.message}" for i in whole.issues if i.rule == "transformers/liquid-changed"
    ]
    failures += [f"all: {p}" for p in survival_problems(html, whole.html)]
    # the run's own check compares placeholder lists; the full located check agrees
    failures += [
        f"all (full check): {i.message}" for i in liquid_guard.verify(html, whole.html, step="all")
    ]
    assert failures == []


CORRUPTIONS = [
    ("lost token", lambda h: h.replace("{{", "{", 1)),
    ("reordered tokens", None),
    ("lost MSO comment", lambda h: h.replace("<!--[if mso]>", "<!--", 1)),
    (
        "range media query",
        lambda h: h.replace("@media (max-width: 600px)", "@media (width<=600px)"),
    ),
]


def _swap_first_two_tokens(html: str) -> str:
    found = list(liquid_guard.TOKEN_RE.finditer(html))
    a, b = next((x, y) for x, y in itertools.pairwise(found) if x.group(0) != y.group(0))
    return html[: a.start()] + b.group(0) + html[a.end() : b.start()] + a.group(0) + html[b.end() :]


@pytest.mark.parametrize(("what", "corrupt"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_the_survival_check_detects_a_corrupted_output(what: str, corrupt: Any) -> None:
    html = (
        "<style>@media (max-width: 600px){.a{b:c}}</style><!--[if mso]><table><![endif]-->"
        "<p>{{ a }} {% if b %}x{% endif %}</p>"
    )
    assert survival_problems(html, html) == []
    corrupted = _swap_first_two_tokens(html) if corrupt is None else corrupt(html)
    assert corrupted != html
    assert survival_problems(html, corrupted) != [], what
