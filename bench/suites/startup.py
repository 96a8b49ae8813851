"""Cold start as a user sees it: whole processes, timed from spawn (issue 15, item 3).

Targets: ``mailwright studio resources/demo --open <the marketing email>`` to that email
previewed (images on) ≤ 1.0 s; ``mailwright build <one email>`` ≤ 0.25 s, both as a
whole process. Each is reported beside references measured in the same run:

* ``startup/python``: ``python -c pass`` — the interpreter alone, the floor of any
  Python command;
* ``startup/webengine-floor``: a bare process that starts Qt WebEngine and loads a
  one-line page in a view — the floor of any preview;
* ``startup/version``: ``mailwright --version`` — the command line's own start.

``startup/studio-previewed`` reads the studio's ``mailwright: previewed`` line (printed
when the email's preview page has loaded, ``--quit-when-previewed``). Where the desktop
bundle is built (``dist/mailwright``), the same commands run from it too
(``startup/bundle-*``). Medians of ``runs`` fresh processes; nothing is warm but the
operating system's file cache and Python's bytecode caches (``__pycache__``), as in any
installed copy: the children run without ``PYTHONDONTWRITEBYTECODE`` and each command
runs once untimed first, so a source checkout is not timed compiling its own modules.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.run import DEMO, DEMO_EMAIL, Result  # noqa: E402

EMAIL_REL = DEMO_EMAIL.relative_to(DEMO).as_posix()
BUNDLE = ROOT / "dist" / "mailwright" / "mailwright"

WEBENGINE_FLOOR = r"""
import sys
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWebEngineWidgets import QWebEngineView
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(sys.argv[:1])
view = QWebEngineView()
view.loadFinished.connect(lambda ok: (print("mailwright: previewed", flush=True), app.quit()))
view.setHtml("<p>Hello</p>")
view.show()
app.exec()
"""


def env() -> dict[str, str]:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    e.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # pip and the bundle ship bytecode; so do we
    return e


def time_process(
    cmd: list[str], *, until: str = "", cwd: Path = ROOT, home: Path | None = None
) -> float | None:
    """Seconds from spawn to exit (or to the first stdout line containing ``until``)."""
    e = env()
    if home is not None:
        e["HOME"] = str(home)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=e, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    seen = None
    if until:
        for line in proc.stdout:
            if until in line:
                seen = time.perf_counter() - t0
                break
        proc.stdout.close()
        proc.wait(timeout=120)
        return seen
    proc.communicate(timeout=120)
    took = time.perf_counter() - t0
    return took if proc.returncode in (0, 1) else None


def median_ms(
    name: str,
    cmd: list[str],
    runs: int,
    *,
    until: str = "",
    target_ms: float | None = None,
    **kw: Path,
) -> Result:
    time_process(cmd, until=until, **kw)  # untimed: writes the bytecode caches
    times = [
        t for t in (time_process(cmd, until=until, **kw) for _ in range(runs)) if t is not None
    ]
    if not times:
        return Result(name, float("nan"), 0, {"error": "the process did not finish"})
    extra: dict[str, object] = {"min_ms": round(min(times) * 1000)}
    if target_ms is not None:
        extra["target_ms"] = target_ms
    return Result(name, statistics.median(times) * 1000, len(times), extra)


def benches(runs: int) -> list[Result]:
    runs = max(3, min(runs, 7))
    mw = [sys.executable, "-m", "studio"]
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        out = home / "out"
        demo = home / "demo"
        shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("dist", ".mailwright"))
        email = str(demo / EMAIL_REL)
        results.append(median_ms("startup/python", [sys.executable, "-c", "pass"], runs))
        results.append(median_ms("startup/version", [*mw, "--version"], runs))
        results.append(
            median_ms(
                "startup/build-one-email",
                [*mw, "build", email, "-o", str(out)],
                runs,
                target_ms=250,
            )
        )
        results.append(
            median_ms(
                "startup/webengine-floor",
                [sys.executable, "-c", WEBENGINE_FLOOR],
                runs,
                until="mailwright: previewed",
            )
        )
        studio = ["studio", str(demo), "--open", EMAIL_REL, "--quit-when-previewed"]
        results.append(
            median_ms(
                "startup/studio-previewed",
                [*mw, *studio],
                runs,
                until="mailwright: previewed",
                target_ms=1000,
                home=home,
            )
        )
        if BUNDLE.is_file():
            results.append(median_ms("startup/bundle-version", [str(BUNDLE), "--version"], runs))
            results.append(
                median_ms(
                    "startup/bundle-build-one-email",
                    [str(BUNDLE), "build", email, "-o", str(out)],
                    runs,
                )
            )
            results.append(
                median_ms(
                    "startup/bundle-studio-previewed",
                    [str(BUNDLE), *studio],
                    runs,
                    until="mailwright: previewed",
                    home=home,
                )
            )
    floor = next(r.median_ms for r in results if r.name == "startup/python")
    web = next(r.median_ms for r in results if r.name == "startup/webengine-floor")
    for r in results:
        if r.extra is not None and r.median_ms == r.median_ms:
            r.extra["x_python"] = round(r.median_ms / floor, 1)
            if "studio" in r.name:
                r.extra["x_webengine_floor"] = round(r.median_ms / web, 2)
    return results
