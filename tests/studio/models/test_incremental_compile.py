"""The incremental compile is the full compile: random edits of real emails.

One :class:`ExpansionCache` follows each email through a seeded random sequence of
visual edits (insert / move / duplicate / delete / rename, as the visual editor makes
them), text edits (a heading's words retyped, a random splice of the email's own text —
which may break the markup) and undo. After every step the compile that replays the
cache is compared with a fresh full compile of the same text: the shipped HTML, the
marked HTML the canvas shows, the plain text, the source map and the issues are equal,
byte for byte. The cache must also have been used (hits), or the test proves nothing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from compiler.pipeline import CompileOptions, compile_email
from compiler.project import Project, load_project
from components.expand.replay import ExpansionCache
from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.insert_catalog import insert_catalog
from studio.models.layers import build_layers
from tests.conftest import CORPUS, DEMO, corpus_files
from tests.studio.models.test_visual_edits_property import movable, random_step

STEPS = 12
SEED = 20261207


def _emails() -> list[tuple[Path, Project | None]]:
    project = load_project(DEMO)
    demo = [(p, project) for p in sorted((DEMO / "emails").rglob("*.html"))]
    files = [p for p in corpus_files(".html") if p.stat().st_size < 60_000]
    sample = random.Random(SEED).sample(files, min(6, len(files)))
    return demo + [(p, None) for p in sample]


def _same(text: str, file: str, project: Project | None, cache: ExpansionCache) -> None:
    fast = compile_email(
        text, file=file, project=project, options=CompileOptions(expansion_cache=cache)
    )
    full = compile_email(text, file=file, project=project)
    assert fast.marked_html == full.marked_html
    assert fast.html == full.html
    assert fast.text == full.text
    assert fast.source_map.origins == full.source_map.origins
    assert fast.issues == full.issues


def _retype(rng: random.Random, text: str) -> str:
    """Change the words of one text run between tags (what typing in a heading does)."""
    runs = [i for i in range(1, len(text)) if text[i - 1] == ">" and text[i].isalpha()]
    if not runs:
        return text
    at = rng.choice(runs)
    end = text.find("<", at)
    end = len(text) if end < 0 else end
    return text[:at] + rng.choice(["Spring", "Hello there", "Ünïcode ✓", ""]) + text[end:]


def _splice(rng: random.Random, text: str) -> str:
    """Replace a random range with another random piece of the same text."""
    a = rng.randrange(len(text) + 1)
    b = min(len(text), a + rng.randrange(40))
    c = rng.randrange(len(text) + 1)
    return text[:a] + text[c : c + rng.randrange(60)] + text[b:]


@pytest.mark.parametrize(
    ("path", "project"), _emails(), ids=lambda v: v.name if isinstance(v, Path) else ""
)
def test_incremental_compile_equals_the_full_compile(path: Path, project: Project | None) -> None:
    if not str(path).startswith(str(DEMO)) and not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    original = path.read_text(encoding="utf-8")
    file = str(path)
    library = project.components if project is not None else None
    entries = [
        e.markup
        for g in insert_catalog(library)
        for e in g.entries
        if e.tag not in ("x-base", "x-head", "x-font-family", "x-edit-text")
    ]
    rng = random.Random(f"{SEED}:incremental:{path.name}")
    cache = ExpansionCache()
    doc = EmailDocument(original)
    _same(doc.text, file, project, cache)
    hits = 0
    for _ in range(STEPS):
        kind = rng.choice(["visual", "visual", "visual", "rename", "retype", "splice"])
        if kind == "retype":
            doc.set_text(_retype(rng, doc.text))
        elif kind == "splice":
            doc.set_text(_splice(rng, doc.text))
        else:
            layers = build_layers(doc.text, library)
            if kind == "rename" and movable(layers):
                edit = V.rename(layers, rng.choice(movable(layers)), "Renamed")
                V.apply(doc, edit)
            else:
                op, made = random_step(rng, doc, layers, entries)
                if op == "undo":
                    doc.undo()
                elif made is not None:
                    V.apply(doc, made)
        _same(doc.text, file, project, cache)
        hits += cache.hits
    assert hits, "the cache was never used: the test compared two full compiles"
