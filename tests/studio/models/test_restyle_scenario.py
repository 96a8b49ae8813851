"""Issue 11's Done-when as model operations: the demo email restyled for a new brand
without code, each step one minimal edit — the whole diff is exactly those changes."""

from __future__ import annotations

import difflib
import html
import shutil
from pathlib import Path

from compiler.pipeline import compile_email
from compiler.project import load_project
from components.custom.workspace_ops import save_component
from studio.models import conditions as C
from studio.models import properties as P
from studio.models import text_slots as T
from studio.models.component_from_selection import save_as_component
from studio.models.layers import Layers, build_layers
from studio.models.style_values import ColorValue, Gradient, Stop
from studio.models.visual_edits import VisualEdit
from tests.conftest import DEMO

EMAIL = Path("emails/marketing/spring-collection.html")

#: the code tab after the scenario: exactly these changes (unified diff, no context)
EXPECTED_DIFF = Path(__file__).with_name("restyle_scenario.diff")


def diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return "".join(list(lines)[2:])


def test_the_demo_restyled_without_code(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    project = load_project(root)
    original = (root / EMAIL).read_text(encoding="utf-8")
    text = original

    def layers() -> Layers:
        return build_layers(text, project.components)

    def apply(edit: VisualEdit | None) -> None:
        nonlocal text
        assert edit is not None
        text = edit.result(text)

    def nth(tag: str, n: int = 0) -> str:
        return [r.id for r in layers() if r.tag == tag][n]

    # the message: background and font
    apply(P.set_message_value(layers(), "background", "#fbf7ef"))
    apply(P.set_message_value(layers(), "font-family", "Georgia, serif"))
    # the headline's section: a gradient, and a dark-mode colour beside it
    gradient = Gradient(135, (Stop("#1d3b2a", 0), Stop("#2f4f3a", 100)))
    apply(P.set_value(layers(), [nth("x-section", 2)], "background", gradient.css))
    apply(P.set_value(layers(), [nth("x-section", 2)], "background", "#0f1a14", variant="dark"))
    # the button: its colour (90 % opacity), its padding on mobile only
    apply(P.set_value(layers(), [nth("x-cta")], "background", ColorValue("#1d6fb8", 90).css))
    apply(P.set_value(layers(), [nth("x-cta")], "padding", "10px 20px", mobile_only=True))
    # the headline: a bold word and the first name with a fallback, typed on the canvas
    heading = nth("x-heading-1")
    slot = T.slot_of(layers(), heading)
    assert slot is not None
    editing = T.editing_html(slot.text)
    token = T.liquid_output("customer.first_name", "friend")
    edited = (
        editing.replace("Spring", "<b>Spring</b>", 1)
        + f', <span class="mw-liquid" contenteditable="false" '
        f'data-liquid="{html.escape(token)}">Maya</span>'
    )
    apply(T.edit_from_canvas(layers(), heading, edited))
    # the members' box section: shown only to members
    apply(C.wrap(layers(), [nth("x-section", 4)], C.Condition("customer.member").liquid()))
    # the product cards' row: a new component, used twice
    made = save_as_component(layers(), [nth("x-row")], "product-pair", uses=2)
    save_component(root, made.tag, made.source)
    apply(made.edit)

    assert diff(original, text) == EXPECTED_DIFF.read_text(encoding="utf-8")
    result = compile_email(text, project=load_project(root), file=str(root / EMAIL))
    assert [i for i in result.issues if i.is_error] == []
    assert "linear-gradient(135deg, #1d3b2a 0%, #2f4f3a 100%)" in result.html
    once = compile_email(original, project=project, file=str(root / EMAIL)).html
    assert result.html.count("Ridge rain shell") == 2 * once.count("Ridge rain shell") > 0
