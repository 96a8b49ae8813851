"""Every Insert entry — each standard component, each demo custom component preset —
inserted into an empty email through the model compiles with 0 errors. (The browser
render of the same emails is the canvas's test, in tests/studio/qt.)"""

from __future__ import annotations

from compiler.pipeline import compile_email
from compiler.project import load_project
from studio.models import visual_edits as V
from studio.models.drop_rules import Dragged, places
from studio.models.insert_catalog import InsertEntry, insert_catalog
from studio.models.layers import build_layers
from tests.conftest import DEMO

PROJECT = load_project(DEMO)
LIBRARY = PROJECT.components
EMPTY = (DEMO.parent / "templates" / "new-email.html").read_text(encoding="utf-8")
CATALOG = insert_catalog(LIBRARY)
ENTRIES = [e for g in CATALOG for e in g.entries]


def _insert(text: str, entry: InsertEntry) -> str | None:
    layers = build_layers(text, LIBRARY)
    found = places(layers, Dragged.markup(entry.markup))
    if not found:
        return None
    return V.insert(layers, entry.markup, found[-1]).result(text)


def _with_parent(text: str, entry: InsertEntry) -> str:
    """Insert ``entry``, first inserting a parent it needs when it has no place yet."""
    done = _insert(text, entry)
    if done is not None:
        return done
    d = LIBRARY.get(entry.tag) if LIBRARY is not None else None
    parents = d.definition.allowed_parents if d is not None else ()
    if entry.tag == "x-column":
        parents = ("x-row",)
    for parent in ENTRIES:
        if parent.tag in parents:
            ready = _insert(text, parent)
            if ready is not None:
                done = _insert(ready, entry)
                if done is not None:
                    return done
    raise AssertionError(f"no place for {entry.id}")


def test_every_entry_compiles_with_zero_errors_in_an_empty_email() -> None:
    assert {e.kind for e in ENTRIES} == {"standard", "custom"}
    for entry in ENTRIES:
        start = "" if entry.tag == "x-base" else EMPTY
        text = _with_parent(start, entry)
        assert entry.markup.split("\n")[0] in text
        result = compile_email(text, file=str(DEMO / "emails" / "new.html"), project=PROJECT)
        errors = [i for i in result.issues if i.severity.name == "ERROR"]
        assert errors == [], (entry.id, text, errors)
