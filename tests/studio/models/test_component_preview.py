"""A component file in the editor: its own problems only, the component shown in use
(issue 12, defect 5; no Qt)."""

from __future__ import annotations

from pathlib import Path

from compiler import load_project
from studio.models.component_preview import compile_component, component_file
from studio.models.live import compile_for_preview
from tests.conftest import DEMO

CARD = DEMO / "components" / "fernway-product-card.html"


def test_only_component_files_are_component_files() -> None:
    project = load_project(DEMO)
    assert component_file(CARD, project) == "components/fernway-product-card.html"
    assert component_file(DEMO / "emails" / "transactional" / "receipt.html", project) is None
    assert component_file(CARD, None) is None


def test_the_demo_card_previews_with_no_false_warnings() -> None:
    project = load_project(DEMO)
    text = CARD.read_text(encoding="utf-8")
    result = compile_for_preview(text, str(CARD), project)
    assert result.issues == []  # before: 15 "directives work only inside …" warnings
    assert result.source == text and result.file == str(CARD)
    assert "Ridgeline 45L Pack" in result.html  # the first preset, rendered
    assert "<fernway-product-card" not in result.html


def test_edits_show_and_problems_are_located_in_the_component_file() -> None:
    project = load_project(DEMO)
    text = CARD.read_text(encoding="utf-8").replace("<template", "<template><template", 1)
    result = compile_component(text, str(CARD), project)
    assert result.issues, "a broken component must say why"
    assert all(Path(i.file) == CARD for i in result.issues)
    assert any(i.is_error for i in result.issues)
