"""Timing marks of a cold start, printed when ``MAILWRIGHT_STARTUP_TRACE`` is set.

``MAILWRIGHT_STARTUP_TRACE=1 mailwright studio DEMO --open EMAIL --quit-when-previewed``
prints ``mailwright startup: <ms> <cpu ms> <what>`` on stderr at each stage of the start:
wall-clock milliseconds since this module was first imported (just after the
interpreter's own start) and the CPU time this process has used so far (every thread,
Chromium's in-process threads included), so a slow start can be located without a
profiler, and told apart from a busy machine. Costs nothing unset.
"""

from __future__ import annotations

import builtins
import gc
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

_T0 = time.perf_counter()
ENABLED = bool(os.environ.get("MAILWRIGHT_STARTUP_TRACE"))


def mark(what: str) -> None:
    """Print the time since the start and ``what`` (only when tracing)."""
    if ENABLED:
        ms = (time.perf_counter() - _T0) * 1000
        cpu = time.process_time() * 1000
        print(f"mailwright startup: {ms:7.1f} {cpu:7.1f} {what}", file=sys.stderr, flush=True)


@contextmanager
def paused_collection() -> Iterator[None]:
    """Run the block without the cyclic garbage collector, then freeze what it made.

    Imports and building the window allocate some 100,000 objects that live as long as
    the process; collecting while they are made costs about an eighth of the studio's
    imports (and a full collection afterwards 80 ms). Frozen (:func:`gc.freeze`), later
    collections skip them. What the block left as cyclic garbage (under a thousand
    objects at the studio's start) stays, once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def skip_feature_scan() -> None:
    """Give ``import`` back the import PySide6 wrapped (for the studio's own process).

    Importing PySide6 replaces ``builtins.__import__`` with a hook for its opt-in
    ``from __feature__ import snake_case, true_property`` syntax. After the first import
    of each module, that hook reads the module's whole source (``inspect.getsource``) to
    see whether it mentions PySide6: some 450 modules at a cold start, about a sixth of
    the window's import time (``docs/performance.md``, "Cold start"). Mailwright selects
    no feature, so in its own process the scan buys nothing: PySide6 treats a module it
    has no entry for like one that does not use it, and with no feature selected anywhere
    every module sees the same Qt classes. PySide6 keeps the import it wrapped as
    ``builtins.__orig_import__`` (its loader of lazily created classes); without it, or
    when something else has replaced the hook since, nothing changes."""
    wrapped = getattr(builtins, "__orig_import__", None)
    hook = builtins.__import__
    if wrapped is not None and getattr(hook, "__name__", "") == "__feature_import__":
        builtins.__import__ = wrapped
