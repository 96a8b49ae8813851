"""The studio's Problems list is what ``mailwright check PATH`` reports (issue 12, defect 7).

Every demo email is opened in the real window; once its default checks have run,
the Problems list must hold exactly the issues ``mailwright check EMAIL --format
json`` prints for the same file (both call ``compiler.validators.check_email``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studio.cli import main as cli
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from tests.conftest import DEMO

pytestmark = pytest.mark.qt
EMAILS = sorted(p.relative_to(DEMO).as_posix() for p in (DEMO / "emails").rglob("*.html"))


def key(issue: dict[str, object]) -> tuple[object, ...]:
    return (
        issue["rule"],
        issue["severity"],
        issue["message"],
        Path(str(issue["file"])).name,
        issue["line"],
        issue["column"],
    )


def studio_problems(qtbot: QtBot, page: EditorPage) -> list[tuple[object, ...]]:
    qtbot.waitUntil(lambda: page.state.in_sync and page.state.checked, timeout=60000)
    return sorted(key(p.issue.to_json()) for p in page.state.problems)


def cli_problems(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[object, ...]]:
    capsys.readouterr()
    cli(["check", str(path), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    (email,) = out["emails"]
    return sorted(key(i) for i in email["issues"])


@pytest.mark.parametrize("email", EMAILS)
def test_problems_equal_what_the_cli_reports(
    qtbot: QtBot, window: MainWindow, email: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = window.open_file(email)
    assert page is not None
    shown = studio_problems(qtbot, page)
    assert window.workspace is not None
    assert shown == cli_problems(window.workspace.path(email), capsys)
    counts = page.problems_strip.counts
    assert counts.total == len(shown)


def test_the_demo_image_ratio_warning_is_listed(qtbot: QtBot, window: MainWindow) -> None:
    page = window.open_file("emails/marketing/spring-collection.html")
    assert page is not None
    rules = [r[0] for r in studio_problems(qtbot, page)]
    assert "spam/image-ratio" in rules
    assert "1 warning" in page.problems_strip.button.text()


def test_the_strip_counts_before_the_panel_is_built_and_the_panel_lists_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The developer tools panel is built when it is first opened (the first preview does
    not wait for it); the checks the strip counts run without it, and the panel built
    afterwards lists the same problems."""
    page = window.open_file("emails/marketing/spring-collection.html")
    assert page is not None
    shown = studio_problems(qtbot, page)
    assert not page.devtools_built
    assert page.problems_strip.counts.total == len(shown) > 0
    page.problems_strip.button.click()
    assert page.devtools_built and page.devtools.isVisible()
    tree = page.devtools.problems
    assert tree.topLevelItemCount() == len(shown)
    assert page.devtools.tabText(0) == f"Problems ({len(shown)})"
    assert "spam/image-ratio" in [
        tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())
    ]
    page.problems_strip.button.click()
    assert not page.devtools.isVisible()


def test_one_typo_gives_one_error(qtbot: QtBot, window: MainWindow) -> None:
    page = window.open_file("emails/transactional/receipt.html")
    assert page is not None
    doc = page.document
    at = doc.text.index("<x-cta")
    end = doc.text.index("</x-cta>")
    doc.replace(end, end + len("</x-cta>"), "</x-buton>")
    doc.replace(at, at + len("<x-cta"), "<x-buton")
    qtbot.waitUntil(lambda: page.state.in_sync and page.state.checked, timeout=60000)
    errors = [p.issue for p in page.state.problems if p.issue.is_error]
    assert [e.rule for e in errors] == ["markup/unknown-tag"]
    assert "1 error" in page.problems_strip.button.text()


def test_a_very_long_problem_list_lists_its_first_rows_and_counts_the_rest(qtbot: QtBot) -> None:
    from components.diagnostics import Issue, Severity
    from studio.models.document import EmailDocument
    from studio.models.editor import EditorState, Problem
    from studio.qt.devtools import MAX_LISTED, ProblemsList

    state = EditorState(EmailDocument("<p>x</p>\n", Path("/tmp/e.html")))
    listing = ProblemsList(state)
    qtbot.addWidget(listing)
    problems = [
        Problem(Issue("markup/stray-end-tag", Severity.WARNING, "stray", "/tmp/e.html", 1, 1), 0)
        for _ in range(MAX_LISTED + 25)
    ] + [Problem(Issue("spam/subject-missing", Severity.WARNING, "no subject", "e"), -1)]
    listing.show_problems(problems)
    assert listing.topLevelItemCount() == MAX_LISTED + 1
    last = listing.topLevelItem(MAX_LISTED)
    assert last is not None and last.text(1).startswith(
        "… and 26 more problems (markup/stray-end-tag 25, spam/subject-missing 1)"
    )
    assert listing.fixes_at(MAX_LISTED) == []  # the count row goes nowhere
