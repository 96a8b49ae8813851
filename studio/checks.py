"""Checking emails: the one code path behind ``mailwright check`` and ``mailwright publish``.

:func:`prepare` picks the validators for a set of check flags and makes the
:class:`CheckOptions` (a browser engine for the accessibility check, when one
can start); a check that cannot run here (no browser engine, no validator
module) is dropped and named in :attr:`Checks.not_checked`, as the command line
reports it. :func:`check_file` compiles one email and runs the chosen
validators on it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler import CompileResult, Project, compile_file
from compiler.validators import NETWORK, CheckOptions, check_email, selection
from components.diagnostics import Issue

FLAGS = ("links", "images", "spam", "a11y")


@dataclass
class Checked:
    """One email and what the checks found."""

    label: str
    result: CompileResult
    issues: list[Issue] = field(default_factory=list)

    @property
    def unusable(self) -> bool:
        return any(i.rule.startswith("input/") for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]


@dataclass
class Checks:
    """The validators to run, their options, and the checks that cannot run here."""

    names: list[str]
    options: CheckOptions
    not_checked: dict[str, str] = field(default_factory=dict)  # check → why

    def notes(self) -> list[str]:
        return [f"the {name} check is unavailable: {why}" for name, why in self.not_checked.items()]


def browser_engine(kind: str) -> tuple[Any, str]:
    """A browser engine for axe, or None with the reason it is unavailable."""
    from studio.cli import qt_missing

    if kind == "qt" and (why := qt_missing()):
        return None, f"{why} (or use --browser chromium with chromium and chromedriver)"
    try:
        render = importlib.import_module("studio.render")
        factory: Callable[[str], Any] | None = getattr(render, "browser", None)
        if factory is None:
            return None, "no browser engine interface (studio.render.browser) in this build"
        return factory(kind), ""
    except Exception as exc:  # a missing engine must not crash the run
        return None, f"{type(exc).__name__}: {exc}"


def prepare(
    flags: Iterable[str] = (),
    *,
    all_checks: bool = False,
    browser: str = "qt",
    timeout_s: float = 10.0,
    profile: Mapping[str, Any] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Checks:
    """The validators for ``flags`` (``links``, ``images``, ``spam``, ``a11y``) and options."""
    names = selection(flags, all_checks=all_checks)
    options = CheckOptions(
        network=bool(NETWORK & set(names)), timeout_s=timeout_s, profile=profile, url_cache={}
    )
    if progress is not None:
        options.progress = progress
    checks = Checks(names, options)
    if "a11y" in names:
        if importlib.util.find_spec("compiler.validators.a11y") is None:
            checks.not_checked["a11y"] = "compiler.validators.a11y is missing in this build"
            names.remove("a11y")
        else:
            engine, why = browser_engine(browser)
            if engine is None:
                checks.not_checked["a11y"] = why
                names.remove("a11y")
            else:
                # The engine is the process's shared one (closed at exit): another user
                # in this process (the studio, a test session) may still hold it.
                options.browser = engine
    return checks


def check_result(result: CompileResult, label: str, checks: Checks, *, project: Project) -> Checked:
    """The compile's issues plus the chosen validators' (none when the input is unusable)."""
    return Checked(
        label, result, check_email(result, checks.names, project=project, options=checks.options)
    )


def check_file(path: Path, checks: Checks, *, project: Project) -> Checked:
    """Compile the email at ``path`` and check it."""
    return check_result(
        compile_file(path, project=project), project.relative(path), checks, project=project
    )
