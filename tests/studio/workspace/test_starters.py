"""The six starter layouts (issue 12): each compiles, is responsive and dark-mode aware,
passes every validator that runs without the network with 0 errors, and takes the
subject typed in the New Email dialog into its envelope."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler import compile_file, load_project
from compiler.validators import CheckOptions, check_email, selection
from studio.workspace import Workspace
from studio.workspace.starters import STARTERS, starter, with_subject
from tests.conftest import DEMO

IDS = [s.id for s in STARTERS]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("starters") / "demo"
    shutil.copytree(DEMO, root)
    return Workspace.open(root)


def test_the_six_layouts_of_the_issue_ship() -> None:
    assert {
        "newsletter",
        "promotion",
        "product-announcement",
        "receipt",
        "password-reset",
        "event-invitation",
    } <= set(IDS)
    for s in STARTERS:
        assert s.path.is_file() and s.name and s.description


@pytest.mark.parametrize("starter_id", IDS)
def test_a_starter_email_compiles_clean_responsive_and_dark(
    demo: Workspace, starter_id: str
) -> None:
    rel = demo.create_email(
        f"from-{starter_id}", starter=starter_id, subject="Hi {{ customer.last_name }}, news"
    )
    path = demo.path(rel)
    project = load_project(demo.root)
    result = compile_file(path, project=project)
    assert result.envelope.subject == "Hi {{ customer.last_name }}, news"
    assert ", news" not in result.html  # the subject is the envelope's, not the page's
    names = [n for n in selection(all_checks=True) if n not in ("links", "images", "a11y")]
    issues = check_email(result, names, project=project, options=CheckOptions(url_cache={}))
    assert [i for i in issues if i.is_error] == []
    assert "@media" in result.html  # rows stack on phones
    assert "prefers-color-scheme: dark" in result.html  # colours for dark mode
    # Standard components only: the workspace's global styles apply to them.
    assert "<x-" not in result.html and "fernway-" not in path.read_text(encoding="utf-8")


def test_with_subject_replaces_only_the_subject() -> None:
    text = starter("receipt").path.read_text(encoding="utf-8")
    out = with_subject(text, "  Your order\nis in  ")
    assert "subject: Your order is in\n" in out
    assert "type: transactional" in out and out.endswith(text[text.index("<x-base") :])
    assert with_subject(text, "") == text


def test_from_scratch_puts_the_placeholder_subject_in_the_envelope(demo: Workspace) -> None:
    rel = demo.create_email("scratch-one", subject="Welcome aboard")
    text = demo.path(rel).read_text(encoding="utf-8")
    assert text.startswith("---\nsubject: Welcome aboard\n")
    assert 'title="Your email"' in text  # a document title, not the subject


def test_unknown_starter_is_refused(demo: Workspace, tmp_path: Path) -> None:
    from studio.workspace import WorkspaceError

    with pytest.raises(WorkspaceError, match="not available"):
        demo.create_email("x", starter="nope")
