"""The registry and runner (compiler/validators/__init__.py)."""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Iterator

import pytest

from compiler.result import CompileResult
from compiler.validators import (
    REGISTRY,
    STATIC,
    CheckOptions,
    available,
    load,
    run_checks,
    selection,
)
from compiler.validators.base import CheckContext
from components.diagnostics import Issue, Severity
from tests.compiler.validators.conftest import Site

HANG = 120.0  # seconds after which a run that has not returned counts as hung


def test_selection_for_flags() -> None:
    assert selection() == ["problems", "spam"]
    assert selection(["links"]) == ["problems", "spam", "links"]
    assert selection(["spam"]) == ["problems", "spam", "spamassassin"]
    assert selection(["a11y"]) == ["problems", "spam", "emc", "a11y"]
    assert selection(all_checks=True) == list(REGISTRY)


def test_my_validators_are_available() -> None:
    names = available()
    for name in ("problems", "spam", "links", "images", "spamassassin"):
        assert name in names
        module = load(name)
        assert module is not None and callable(module.check)
    assert load("no-such-check") is None


def test_static_run_finds_problems_and_spam_without_raising() -> None:
    html = "<p>FREE!!! <div>x</div></p>"
    issues = run_checks(CompileResult(file="e.html", source=html, html=html), STATIC)
    rules = {i.rule for i in issues}
    assert "problems/block-in-p" in rules and "spam/exclamation" in rules
    assert "spam/score" in rules


def test_garbage_input_never_raises() -> None:
    for html in (
        "",
        "<",
        "<<<>>>",
        "<a href='",
        "<!--",
        "<style>",
        "\x00\x01<div " * 50,
        "<table>" * 500,
        "{% if %}{{",
        "<img src=data:,>",
    ):
        result = CompileResult(file="e.html", source=html, html=html)
        issues = run_checks(result, ["problems", "spam", "links", "images"], options=CheckOptions())
        assert not any(i.rule.endswith("-failed") for i in issues), (html, issues)


class _Broken:
    NAME = "broken"

    @staticmethod
    def check(ctx: CheckContext) -> Iterator[Issue]:
        yield ctx.issue("broken/first", Severity.WARNING, "found before crashing")
        raise RuntimeError("bug in a validator")


def test_a_crashing_validator_becomes_an_error_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    import compiler.validators as registry

    # A real module object whose check() raises half-way.
    module = types.ModuleType("broken_check")
    module.NAME = "broken"  # type: ignore[attr-defined]
    module.check = _Broken.check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "broken_check", module)
    monkeypatch.setitem(registry.REGISTRY, "broken", "broken_check")
    result = CompileResult(file="e.html", source="<p>x</p>", html="<p>x</p>")
    issues = run_checks(result, ["broken", "problems"])
    failed = [i for i in issues if i.rule == "check/broken-failed"]
    assert failed and failed[0].severity is Severity.ERROR
    assert "bug in a validator" in failed[0].message


def test_absent_validator_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    import compiler.validators as registry

    monkeypatch.setitem(registry.REGISTRY, "ghost", "compiler.validators.ghost_check")
    result = CompileResult(file="e.html", source="", html="")
    issues = run_checks(result, ["ghost"])
    assert [i.rule for i in issues] == ["check/ghost-unavailable"]


def test_every_bad_input_in_one_run_gives_a_clear_issue_within_the_timeout(
    site: Site, silent_server: str, closed_port: str
) -> None:
    # Issue 5's "done when": each bad input yields its issue; nothing hangs or crashes.
    html = (
        f'<a href="{closed_port}/x">Unreachable host</a>'
        '<a href="https://exa mple.com/">Invalid URL</a>'
        f'<a href="{site.base}/loop/a">Redirect loop</a>'
        f'<a href="{silent_server}/never">Never answers</a>'
        f'<img src="{site.base}/img/corrupt.png" alt="Corrupt">'
        f'<img src="{site.base}/img/truncated.jpg" alt="Truncated">'
        f'<img src="{site.base}/huge.png" alt="Fifty megabytes">'
        f'<img src="{silent_server}/never.png" alt="Never answers">'
    )
    result = CompileResult(file="e.html", source=html, html=html)
    found: list[Issue] = []
    run = threading.Thread(
        target=lambda: found.extend(
            run_checks(
                result,
                ["problems", "links", "images"],
                options=CheckOptions(network=True, timeout_s=1.0),
            )
        ),
        daemon=True,
    )
    run.start()
    run.join(HANG)  # a guard against a hang, far above any run: not a performance bound
    assert not run.is_alive(), "the checks never returned"
    by_rule: dict[str, list[Issue]] = {}
    for issue in found:
        by_rule.setdefault(issue.rule, []).append(issue)
    for rule in (
        "links/unreachable",
        "links/invalid-url",
        "links/redirect-loop",
        "links/timeout",
        "images/corrupt",
        "images/truncated",
        "images/too-heavy",
        "images/timeout",
    ):
        assert rule in by_rule, (rule, sorted(by_rule))
        assert all(i.severity is Severity.ERROR and i.message for i in by_rule[rule])
    assert not [r for r in by_rule if r.startswith("check/")]
    # The server that never answers was given up at the run's own 1 s bound (the event
    # that bounds the run), not at a default: its issues say so.
    for rule in ("links/timeout", "images/timeout"):
        assert all("no answer within 1 s" in i.message for i in by_rule[rule]), by_rule[rule]
