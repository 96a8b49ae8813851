"""Large workspaces (issue 15, goal 5): 500 emails and 100 components, in one run.

    python bench/run.py --suite workspace_scale [--runs N]

The workspace is generated (``bench/workspace_gen.py``) in a temporary folder. The
reference of every result is measured in the same run:

* ``scale:read-all`` — list the workspace's source files and read each once
  (``components.custom.workspace_ops.source_files``): the floor of any scan;
* ``scale:dashboard-model`` — ``Workspace(root)`` and the dashboard's
  ``FileTreeModel`` (listing, dates, "used in" counts), no Qt; target ≤ 1 s;
* ``scale:dashboard-qt`` — the ``Dashboard`` widget built and shown offscreen, events
  processed (skipped without PySide6);
* ``scale:search`` — ``Workspace.search("unsubscribe")`` (a word in every email);
  target ≤ 300 ms;
* ``scale:rename`` — ``rename_component`` of the component used in 300 emails, with the
  files written (on a fresh copy each run); target ≤ 2 s;
* ``scale:build-jobs-N`` — ``mailwright build`` of the 500 emails as a whole process
  with N workers, N = 1 and one per core: ``speedup`` over N = 1 (linear: the number
  of cores) and identical outputs.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.run import ROOT, Result
from bench.workspace_gen import PROMO, generate
from components.custom.workspace_ops import rename_component, source_files
from studio.models.filetree import FileTreeModel
from studio.workspace import Workspace


def _median_ms(func: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), times


def _read_all(root: Path) -> int:
    return sum(len(p.read_bytes()) for p in source_files(root))


def _dashboard_qt(root: Path, runs: int) -> Result | None:
    try:
        from PySide6.QtWidgets import QApplication

        from studio.qt.dashboard import Dashboard
    except ImportError:
        print("# PySide6 is not installed: scale:dashboard-qt skipped", flush=True)
        return None
    app = QApplication.instance() or QApplication([])

    def once() -> None:
        d = Dashboard(Workspace(root))
        d.resize(1280, 800)
        d.show()
        app.processEvents()
        d.close()
        d.deleteLater()
        app.processEvents()

    once()
    median, times = _median_ms(once, runs)
    return Result(
        "scale:dashboard-qt", median, runs, {"max_ms": round(max(times)), "target_ms": 1000}
    )


def _build(root: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU milliseconds (user + system, the process and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "studio", "build", str(root), "-o", str(out), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    ms = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"build --jobs {jobs} failed ({done.returncode}): {done.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return ms, cpu


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def benches(runs: int) -> list[Result]:
    runs = max(3, min(runs, 10))
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "ws")
        out: list[Result] = []
        _read_all(root)  # warm the file cache for every contender alike
        floor, _ = _median_ms(lambda: _read_all(root), runs)
        out.append(
            Result(
                "scale:read-all",
                floor,
                runs,
                {"files": len(source_files(root)), "bytes": _read_all(root)},
            )
        )

        def dashboard() -> FileTreeModel:
            return FileTreeModel(Workspace(root))

        model = dashboard()
        median, times = _median_ms(dashboard, runs)
        out.append(
            Result(
                "scale:dashboard-model",
                median,
                runs,
                {
                    "x_read_all": round(median / floor, 1),
                    "max_ms": round(max(times)),
                    "entries": len(model.entries),
                    "target_ms": 1000,
                    "promo_used_in": model.used_in(
                        next(e.rel for e in model.entries if e.rel.endswith(f"{PROMO}.html"))
                    ),
                },
            )
        )
        qt = _dashboard_qt(root, runs)
        if qt is not None:
            qt.extra = {**(qt.extra or {}), "x_read_all": round(qt.median_ms / floor, 1)}
            out.append(qt)
        ws = Workspace(root)
        hits = ws.search("unsubscribe")
        median, times = _median_ms(lambda: ws.search("unsubscribe"), runs)
        out.append(
            Result(
                "scale:search",
                median,
                runs,
                {"x_read_all": round(median / floor, 1), "hits": len(hits), "target_ms": 300},
            )
        )
        rename_times = []
        changed = 0
        for k in range(runs):
            copy = Path(tmp) / f"rename-{k}"
            shutil.copytree(root, copy)
            t0 = time.perf_counter()
            result = rename_component(copy, PROMO, "nw-hero-banner", write=True)
            rename_times.append((time.perf_counter() - t0) * 1000)
            changed = len(result.edits)
            shutil.rmtree(copy)
        median = statistics.median(rename_times)
        out.append(
            Result(
                "scale:rename",
                median,
                runs,
                {
                    "x_read_all": round(median / floor, 1),
                    "files_written": changed,
                    "target_ms": 2000,
                },
            )
        )
        cores = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1)
        )
        serial, serial_cpu = _build(root, Path(tmp) / "out-1", 1)
        parallel, parallel_cpu = _build(root, Path(tmp) / f"out-{cores}", cores)
        same = _tree_bytes(Path(tmp) / "out-1") == _tree_bytes(Path(tmp) / f"out-{cores}")
        emails = len(list((root / "emails").rglob("*.html")))
        out.append(
            Result(
                "scale:build-jobs-1",
                serial,
                1,
                {
                    "emails": emails,
                    "emails_per_s": round(emails / serial * 1000, 1),
                    "cpu_ms": round(serial_cpu),
                    "cpu_busy": round(serial_cpu / serial, 2),
                },
            )
        )
        # speedup: wall time over the serial build's; cpu_busy: cores kept busy on average
        # (CPU time over wall time), which a machine shared with other work holds down
        out.append(
            Result(
                f"scale:build-jobs-{cores}",
                parallel,
                1,
                {
                    "emails_per_s": round(emails / parallel * 1000, 1),
                    "speedup": round(serial / parallel, 2),
                    "linear": cores,
                    "cpu_ms": round(parallel_cpu),
                    "cpu_busy": round(parallel_cpu / parallel, 2),
                    "cpu_x_serial": round(parallel_cpu / serial_cpu, 2),
                    "identical_outputs": same,
                },
            )
        )
        return out
