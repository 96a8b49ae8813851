"""The pip-installable command line: the built wheel in a new virtualenv without Qt.

Marked ``wheel`` (it downloads the dependencies, ~40 s): run by ``make wheel-test`` and
by CI when the packaging inputs change (``packaging/ci-changed``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT

pytestmark = pytest.mark.wheel


def run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], check=False, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_wheel_installs_and_builds_without_qt(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT,
                cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("mailwright-*.whl")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    installed = run(venv / "bin" / "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    names = run(venv / "bin" / "pip", "list", "--format=freeze", cwd=tmp_path).stdout.lower()
    assert "pyside6" not in names and "shiboken6" not in names

    workspace = tmp_path / "ci" / "brand"
    shutil.copytree(DEMO, workspace)
    # nothing of the checkout on the path: only the venv's own mailwright
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    mailwright = venv / "bin" / "mailwright"
    version = run(mailwright, "--version", cwd=tmp_path, env=env)
    assert version.returncode == 0 and version.stdout.startswith("mailwright "), version.stderr
    build = run(mailwright, "build", workspace, cwd=tmp_path, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (workspace / "dist" / "marketing" / "spring-collection.html").stat().st_size > 5000
    check = run(mailwright, "check", workspace, cwd=tmp_path, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "3 emails checked: 0 errors" in check.stdout
    preview = run(mailwright, "preview", workspace / "emails" / "marketing" /
                  "spring-collection.html", "-o", tmp_path / "x.png", cwd=tmp_path, env=env)
    assert preview.returncode == 2
    assert "pip install 'mailwright[studio]'" in preview.stderr
    assert "Traceback" not in preview.stderr
    # the demo workspace ships in the wheel: `mailwright run --headless` builds it
    demo = run(mailwright, "run", "--headless", "-o", tmp_path / "out", cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert os.listdir(tmp_path / "out")
