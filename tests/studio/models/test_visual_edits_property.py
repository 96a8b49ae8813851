"""Random visual edits over real emails: minimal, lossless, undoable, compiling.

For the demo workspace's emails and a seeded sample of the shared corpus: random
sequences of insert / move / duplicate / delete (of one row or a multi-selection) /
undo through the document. After
each step the bytes outside the edit's replacements are the old bytes, the Liquid
tokens are the old ones (less what a delete removed), the email still compiles with
no more structural errors than it started with; after undo-all the text is the
original, byte for byte. Seeded and bounded so it runs in seconds.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from compiler.pipeline import compile_email
from compiler.project import Project, load_project
from components.markup import LIQUID_RE
from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.drop_rules import Dragged, Place, refusal
from studio.models.insert_catalog import insert_catalog
from studio.models.layers import Layers, build_layers
from tests.conftest import CORPUS, DEMO, corpus_files

STEPS = 6
SEED = 20261207


def _errors(text: str, file: str, project: Project | None) -> Counter[str]:
    result = compile_email(text, file=file, project=project)
    bad = [i for i in result.issues if i.rule.startswith(("internal/", "input/"))]
    assert not bad, bad
    return Counter(
        i.rule
        for i in result.issues
        if i.severity.name == "ERROR" and i.rule.startswith(("markup/", "slots/"))
    )


def random_place(rng: random.Random, layers: Layers, dragged: Dragged) -> Place | None:
    containers: list[str | None] = [None, *layers.rows]
    for _ in range(40):
        parent = rng.choice(containers)
        children = layers.rows[parent].children if parent is not None else layers.roots
        place = Place(parent, rng.randint(0, len(children)))
        if refusal(layers, dragged, place) is None:
            return place
    return None


def movable(layers: Layers) -> list[str]:
    return [r.id for r in layers if r.kind not in ("slot", "branch")]


def random_step(
    rng: random.Random, doc: EmailDocument, layers: Layers, entries: list[str]
) -> tuple[str, V.VisualEdit | None]:
    op = rng.choice(["insert", "insert", "move", "move", "duplicate", "delete", "undo"])
    rows = movable(layers)
    if op == "insert":
        markup = rng.choice(entries)
        place = random_place(rng, layers, Dragged.markup(markup))
        return op, V.insert(layers, markup, place) if place is not None else None
    # one row, or a multi-selection of two or three
    chosen = rng.sample(rows, min(len(rows), rng.choice([1, 1, 2, 3])))
    if op == "move" and rows:
        place = random_place(rng, layers, Dragged.moving(layers, chosen))
        return op, V.move(layers, chosen, place) if place is not None else None
    if op == "duplicate" and rows:
        return op, V.duplicate(layers, chosen)
    if op == "delete" and rows:
        return op, V.delete(layers, chosen)
    return "undo", None


def _emails() -> list[tuple[Path, Project | None]]:
    project = load_project(DEMO)
    demo = [(p, project) for p in sorted((DEMO / "emails").rglob("*.html"))]
    files = [p for p in corpus_files(".html") if p.stat().st_size < 40_000]
    sample = random.Random(SEED).sample(files, min(4, len(files)))
    return demo + [(p, None) for p in sample]


@pytest.mark.parametrize(
    ("path", "project"), _emails(), ids=lambda v: v.name if isinstance(v, Path) else ""
)
def test_random_edits_are_minimal_and_undo_to_the_original(
    path: Path, project: Project | None
) -> None:
    if not str(path).startswith(str(DEMO)) and not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    original = path.read_text(encoding="utf-8")
    file = str(path)
    library = project.components if project is not None else None
    catalog = insert_catalog(library)
    entries = [
        e.markup
        for g in catalog
        for e in g.entries
        if e.tag not in ("x-base", "x-head", "x-font-family", "x-edit-text")
    ]
    rng = random.Random(f"{SEED}:{path.name}")
    before_errors = _errors(original, file, project)
    doc = EmailDocument(original)
    for _ in range(STEPS):
        before = doc.text
        layers = build_layers(before, library)
        op, edit = random_step(rng, doc, layers, entries)
        if op == "undo":
            doc.undo()
            before_errors = _errors(doc.text, file, project)
            continue
        if edit is None:
            continue
        V.apply(doc, edit)
        after = doc.text
        assert after == edit.result(before)
        first = min(r.start for r in edit.replacements)
        last = max(r.end for r in edit.replacements)
        tail = len(before) - last
        assert after[:first] == before[:first]
        assert after[len(after) - tail :] == before[last:]
        removed = Counter(
            t for r in edit.replacements for t in LIQUID_RE.findall(before[r.start : r.end])
        )
        added = Counter(t for r in edit.replacements for t in LIQUID_RE.findall(r.new))
        tokens = Counter(LIQUID_RE.findall(before))
        tokens.subtract(removed)
        tokens.update(added)
        assert +tokens == Counter(LIQUID_RE.findall(after)), op
        if op == "move":
            assert Counter(LIQUID_RE.findall(after)) == Counter(LIQUID_RE.findall(before))
        for offset in edit.selection:
            assert build_layers(after, library).starting_at(offset) is not None, (op, offset)
        errors = _errors(after, file, project)
        # no new kind of structural error; no more of them, save a duplicated row's own
        # (and a slot left short by a delete)
        assert set(errors) <= set(before_errors) | {"slots/invalid"}, (op, errors)
        if op != "duplicate":
            assert sum(errors.values()) <= sum(before_errors.values()) + errors["slots/invalid"], (
                op,
                errors - before_errors,
            )
        before_errors = errors
    while doc.can_undo:
        doc.undo()
    assert doc.text == original
