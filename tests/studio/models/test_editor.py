"""Inspect Element / Focus Mode mapping and problems, on a real source map."""

from __future__ import annotations

from pathlib import Path

from compiler.result import CompileResult
from components.diagnostics import Issue, Severity
from components.markup.nodes import Span
from components.sourcemap import Origin, SourceMap
from studio.models.document import EmailDocument
from studio.models.editor import EditorState
from studio.models.layers import build_layers
from studio.models.live import LiveCompile, compile_for_preview

SRC = "<x-base>\n  <x-section>\n    <x-paragraph>Hi</x-paragraph>\n  </x-section>\n</x-base>\n"


def _result(path: Path, text: str = SRC) -> CompileResult:
    sm = SourceMap()
    for node_id, tag in ((1, "x-base"), (2, "x-section"), (3, "x-paragraph")):
        start = text.index(f"<{tag}")
        end = text.index(f"</{tag}>") + len(tag) + 3
        line = text.count("\n", 0, start) + 1
        sm.add(node_id, Origin(str(path), Span(start, end, line, 1), tag))
    sm.add(9, Origin("/elsewhere/components/card.html", Span(0, 5, 1, 1), "card"))
    issues = [
        Issue("a/warn", Severity.WARNING, "w", str(path), 3, 5),
        Issue("a/err", Severity.ERROR, "e", str(path), 2, 3),
        Issue("a/other", Severity.ERROR, "e2", "/elsewhere/x.html", 1, 1),
    ]
    return CompileResult(file=str(path), source=text, html="", source_map=sm, issues=issues)


def test_inspect_selects_source_of_clicked_node(tmp_path: Path) -> None:
    path = tmp_path / "e.html"
    state = EditorState(EmailDocument(SRC, path))
    state.set_result(_result(path))
    got: list[tuple[int, int]] = []
    state.selection_requested.connect(got.append)
    rng = state.inspect(3)
    assert rng is not None
    assert SRC[rng[0] : rng[1]] == "<x-paragraph>Hi</x-paragraph>"
    assert got == [rng]
    assert state.inspect(9) is None  # another file: nothing selected here
    assert state.inspect(42) is None


def test_focus_mode_follows_cursor_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "e.html"
    state = EditorState(EmailDocument(SRC, path))
    state.set_result(_result(path))
    focused: list[int | None] = []
    state.focus_node.connect(focused.append)
    state.set_cursor(SRC.index("Hi"))
    assert focused == []  # focus mode off
    state.set_mode("focus_mode", True)
    assert focused == [3]
    state.set_cursor(SRC.index("<x-section") + 3)
    assert focused == [3, 2]
    state.set_cursor(SRC.index("<x-section") + 4)  # same node: no new event
    assert focused == [3, 2]
    # both ways: the focused node inspects back to a range containing the cursor
    rng = state.source_range(2)
    assert rng and rng[0] <= state.cursor < rng[1]
    state.set_mode("focus_mode", False)
    assert focused[-1] is None


def test_problems_sorted_and_located(tmp_path: Path) -> None:
    path = tmp_path / "e.html"
    state = EditorState(EmailDocument(SRC, path))
    state.set_result(_result(path))
    rules = [p.issue.rule for p in state.problems]
    assert rules == ["a/err", "a/other", "a/warn"]
    err = state.problems[0]
    assert err.offset == SRC.index("<x-section")
    assert not state.problems[1].in_document
    assert not state.go_to_problem(state.problems[1])
    assert state.go_to_problem(err) and state.cursor == err.offset
    assert state.in_sync
    state.document.sync_text(SRC + " ")
    assert not state.in_sync


def test_live_compile_newest_wins() -> None:
    live = LiveCompile()
    got: list[str] = []
    live.result_ready.connect(lambda r: got.append(r.source))
    t1 = live.request("one")
    t2 = live.request("two")
    assert live.accept(t2, CompileResult(file="", source="two", html=""))
    assert not live.accept(t1, CompileResult(file="", source="one", html=""))  # stale
    assert got == ["two"] and not live.pending


def test_compile_for_preview_never_raises() -> None:
    result = compile_for_preview("<p>{{ name }}</p>")
    assert isinstance(result, CompileResult)
    assert "{{ name }}" in result.html or result.issues


def test_the_preview_keeps_the_source_tree_for_the_layers() -> None:
    """The layers view reads the preview compile's own tree (a build does not keep it)."""
    source = "<x-base><x-section><x-heading>Hi</x-heading></x-section></x-base>"
    result = compile_for_preview(source)
    assert result.document is not None
    own = build_layers(result.source, document=result.document)
    parsed = build_layers(result.source)
    assert own.document is result.document
    assert [(r.tag, r.kind, r.node_id) for r in own.rows.values()] == [
        (r.tag, r.kind, r.node_id) for r in parsed.rows.values()
    ]
    assert [r.tag for r in own.rows.values()][:3] == ["x-base", "x-section", "x-heading"]


def test_problem_for_locates_an_issue_in_this_document_only(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(SRC)
    state = EditorState(EmailDocument.load(path))
    here = Issue("r", Severity.ERROR, "m", str(path), 3, 5)
    assert state.problem_for(here).offset == SRC.index("<x-paragraph>")
    assert state.problem_for(Issue("r", Severity.ERROR, "m", "", 2, 3)).offset == SRC.index(
        "<x-section>"
    )  # no file: the email itself
    elsewhere = Issue("r", Severity.ERROR, "m", str(tmp_path / "b.html"), 3, 5)
    assert state.problem_for(elsewhere).offset == -1
    assert not state.problem_for(elsewhere).in_document
    assert state.problem_for(Issue("r", Severity.ERROR, "m", str(path), 0, 0)).offset == -1
    # against another text (the compiled one) when asked
    assert state.problem_for(here, "x\ny\n").offset == len("x\ny\n")
