"""Save as component and detach leave the email's pixels as they were: the demo's
product cards rendered by the preview engine (images blocked) before, as a component
used in their place, and with that component detached again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.pipeline import compile_email
from compiler.project import load_project
from components.custom.workspace_ops import save_component
from studio.models.component_from_selection import detach, save_as_component
from studio.models.layers import build_layers
from studio.models.preview import PreviewState
from studio.render.engine import QtEngine
from tests.conftest import DEMO

pytestmark = pytest.mark.qt

EMAIL = Path("emails/marketing/spring-collection.html")


def test_save_as_component_and_detach_render_the_same_pixels(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    path = root / EMAIL
    text = path.read_text(encoding="utf-8")
    state = PreviewState(block_images=True)

    def html(source: str) -> str:
        result = compile_email(source, project=load_project(root), file=str(path))
        assert [i.message for i in result.issues if i.is_error] == []
        return result.html

    layers = build_layers(text, load_project(root).components)
    row = next(r.id for r in layers if r.tag == "x-row")
    made = save_as_component(layers, [row], "product-pair")
    save_component(root, made.tag, made.source)
    saved = made.edit.result(text)
    project = load_project(root)
    assert project.components is not None
    layers = build_layers(saved, project.components)
    pair = next(r.id for r in layers if r.tag == "product-pair")
    detached = detach(
        layers, pair, project.components, file=str(path), styles=project.styles
    ).result(saved)
    with QtEngine() as engine:
        before = engine.render(html(text), state, width=600)
        as_component = engine.render(html(saved), state, width=600)
        again = engine.render(html(detached), state, width=600)
        # the comparison can fail: one word changed is other pixels
        other = engine.render(
            html(text.replace("Ridge rain shell", "Ridge rain coat")), state, width=600
        )
    assert other != before
    assert before.size() == as_component.size() == again.size()
    assert as_component == before
    assert again == before
