"""The command line without Qt: what ``pip install mailwright`` (no ``studio`` extra) gives.

Each command runs in a fresh interpreter in which importing PySide6 fails exactly as it
does where PySide6 is not installed. The real install from the wheel into a new
virtualenv is ``tests/packaging/test_wheel.py`` (``make wheel-test``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT

BLOCK_QT = """
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NoQt())
from studio.cli import main
code = main(sys.argv[1:])
assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 was imported"
sys.exit(code)
"""

EMAIL = DEMO / "emails" / "marketing" / "spring-collection.html"


def mailwright(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_runs_without_qt(tmp_path: Path) -> None:
    done = mailwright("build", str(DEMO), "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "marketing" / "spring-collection.html").read_text().startswith("<!")
    assert "0 error(s)" in done.stdout


def test_check_runs_without_qt() -> None:
    done = mailwright("check", str(DEMO))
    assert done.returncode == 0, done.stderr
    assert "3 emails checked: 0 errors" in done.stdout


def test_render_and_history_run_without_qt(tmp_path: Path) -> None:
    out = tmp_path / "welcome.html"
    done = mailwright("render", str(EMAIL), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000
    assert mailwright("history", "--help").returncode == 0
    assert mailwright("send", str(EMAIL), "--to", "a@example.com", "--dry-run").returncode == 0


def test_a11y_says_which_extra_to_install() -> None:
    done = mailwright("check", str(EMAIL), "--a11y")
    assert done.returncode == 0, done.stderr
    assert "pip install 'mailwright[studio]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_preview_says_which_extra_to_install(tmp_path: Path) -> None:
    done = mailwright("preview", str(EMAIL), "-o", "shot.png", cwd=tmp_path)
    assert done.returncode == 2
    assert "pip install 'mailwright[studio]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "shot.png").exists()


def test_studio_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    done = mailwright("studio", str(DEMO))
    assert done.returncode == 2
    assert "pip install 'mailwright[studio]'" in done.stdout
