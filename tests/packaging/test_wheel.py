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


def run(
    *cmd: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_wheel_installs_and_builds_without_qt(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT, cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("mailwright-*.whl")
    # pipx itself, as a developer has it: one virtualenv per application, its command linked
    tools = tmp_path / "tools"
    assert run(sys.executable, "-m", "venv", tools, cwd=tmp_path).returncode == 0
    got_pipx = run(tools / "bin" / "pip", "install", "-q", "pipx", cwd=tmp_path)
    assert got_pipx.returncode == 0, got_pipx.stderr
    pipx_env = {
        "PATH": f"{tools / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_DEFAULT_PYTHON": sys.executable,
    }
    installed = run(tools / "bin" / "pipx", "install", wheel, cwd=tmp_path, env=pipx_env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    venv = tmp_path / "pipx" / "venvs" / "mailwright"
    names = run(
        venv / "bin" / "python", "-m", "pip", "list", "--format=freeze", cwd=tmp_path
    ).stdout.lower()
    assert "mailwright==" in names
    assert "pyside6" not in names and "shiboken6" not in names

    workspace = tmp_path / "ci" / "brand"
    shutil.copytree(DEMO, workspace)
    # nothing of the checkout on the path: only the venv's own mailwright
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    mailwright = tmp_path / "bin" / "mailwright"  # what pipx put on the PATH
    version = run(mailwright, "--version", cwd=tmp_path, env=env)
    assert version.returncode == 0 and version.stdout.startswith("mailwright "), version.stderr
    build = run(mailwright, "build", workspace, cwd=tmp_path, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (workspace / "dist" / "marketing" / "spring-collection.html").stat().st_size > 5000
    check = run(mailwright, "check", workspace, cwd=tmp_path, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "3 emails checked: 0 errors" in check.stdout
    preview = run(
        mailwright,
        "preview",
        workspace / "emails" / "marketing" / "spring-collection.html",
        "-o",
        tmp_path / "x.png",
        cwd=tmp_path,
        env=env,
    )
    assert preview.returncode == 2
    assert "pip install 'mailwright[studio]'" in preview.stderr
    assert "Traceback" not in preview.stderr
    # the demo workspace ships in the wheel: `mailwright run --headless` builds it
    demo = run(mailwright, "run", "--headless", "-o", tmp_path / "out", cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert os.listdir(tmp_path / "out")

    # the designer's workspace (the newsletter starter, as the bundle test creates it) in CI
    brand = tmp_path / "ci" / "newsletter"
    created = run(mailwright, "new", brand, "--starter", "newsletter", cwd=tmp_path, env=env)
    assert created.returncode == 0, created.stdout + created.stderr
    built = run(mailwright, "build", brand, cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "1 email(s), 0 error(s)" in built.stdout
