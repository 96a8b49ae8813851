"""A command imports what it needs: ``--version`` nothing of the compiler, a command its own
module only (what the cold-start bench measures: ``bench/suites/startup.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBE = """
import contextlib, io, json, sys
from studio.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in sys.modules if EVERY or m.split('.')[0] in
                        ('compiler', 'components', 'studio', 'PySide6'))))
"""


def loaded(*argv: str, every_module: bool = False) -> set[str]:
    """The modules (ours and PySide6's, or ``every_module``) a run of ``argv`` imported."""
    probe = f"EVERY = {every_module}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def imported_by(code: str) -> set[str]:
    """Every module a fresh interpreter holds after running ``code`` (import statements)."""
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_version_imports_no_command() -> None:
    modules = loaded("--version")
    assert not {m for m in modules if m.startswith("studio.cli.")}
    assert not {m for m in modules if m.split(".")[0] in ("compiler", "components", "PySide6")}


@pytest.mark.parametrize("command", ["doctor", "new"])
def test_a_command_imports_only_its_own_module(command: str) -> None:
    modules = {m for m in loaded(command, "--help") if m.startswith("studio.cli.")}
    assert modules == {f"studio.cli.{command}"}


def test_the_studio_starts_chromium_before_importing_the_compiler() -> None:
    """``studio.qt.app`` (which starts Chromium, then imports the window on a worker
    thread) imports no pipeline, no network stack and no qtpy: those load while the
    engine starts, or never."""
    modules = imported_by("import studio.qt.app")
    assert "studio.render.engine" in modules
    heavy = {
        "compiler.pipeline",
        "compiler.project",
        "components.custom",
        "httpx",
        "qtpy",
        "qtawesome",
        "liquid",
        "PIL",
    }
    assert not heavy & modules


def test_the_window_imports_no_validator_panel() -> None:
    """The window's modules leave out what the first preview does not use: the
    developer tools panel with the validators behind it (built when first opened, the
    checks imported by their first run), a component file's trial form, and the
    validators (the Assets panel reads its limits from ``compiler.image_limits``), and
    Pillow (imported when the Assets panel first lists its images), and the version
    history's panel with its diff views (imported when it is opened)."""
    modules = imported_by("import studio.qt.main_window")
    assert "studio.qt.editor_page" in modules
    assert (
        not {
            "studio.qt.devtools",
            "studio.models.checks",
            "studio.checks",
            "studio.qt.component_trial",
            "compiler.validators",
            "PIL",
            "studio.qt.history_panel",
            "studio.models.diff",
        }
        & modules
    )


def test_a_build_imports_no_network_stack() -> None:
    modules = loaded("build", "--help")
    assert "studio.cli.build" in modules
    modules = imported_by("import compiler, studio.cli.build\nfrom compiler import compile_file")
    assert "compiler.pipeline" in modules
    assert not {"httpx", "httpcore", "compiler.validators.http"} & modules


def test_a_default_build_imports_only_the_transformers_it_runs(tmp_path: Path) -> None:
    """The transformers that are off (every one but MJML's check and the plain text by
    default) are imported when a setting turns them on, not by every build; nor the
    thread pool and logging of QuickJS's Python wrapper, which the engine does not use."""
    email = ROOT / "resources" / "demo" / "emails" / "marketing" / "spring-collection.html"
    argv = ["build", str(email), "-o", str(tmp_path)]
    off = {
        "compiler.transformers." + m
        for m in (
            "css_variables",
            "inline_css",
            "css_cleanup",
            "url_params",
            "a11y_fixes",
            "formatting",
        )
    }
    modules = loaded(*argv, every_module=True)
    assert {"compiler.transformers.plaintext", "compiler.transformers.mjml", "_quickjs"} <= modules
    assert not (off | {"css_inline", "concurrent.futures", "logging"}) & modules
    assert off <= loaded(*argv, "--enable", "all", every_module=True)


def test_the_studio_skips_pysides_source_scan_of_each_import() -> None:
    """PySide6 reads the source of every module imported after it (its ``__feature__``
    hook); the studio's cold start (``mailwright studio``, before it imports the window's
    modules) gives ``import`` back the import it wrapped, and Qt classes still work in
    modules imported afterwards."""
    probe = """
import builtins, sys
import studio.qt.app
from studio.startup import skip_feature_scan
import PySide6.support.feature as feature
assert builtins.__import__.__name__ == "__feature_import__"
import colorsys
assert "colorsys" in feature.pyside_feature_dict  # scanned
skip_feature_scan()
import sched
assert "sched" not in feature.pyside_feature_dict  # not scanned
from PySide6.QtCore import QCoreApplication, QObject, Signal
class Box(QObject):
    said = Signal(str)
qapp = QCoreApplication([])
box, got = Box(), []
box.said.connect(got.append)
box.said.emit("hello")
print(got)
"""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "['hello']"
