"""Timing marks of a cold start, printed when ``MAILWRIGHT_STARTUP_TRACE`` is set.

``MAILWRIGHT_STARTUP_TRACE=1 mailwright studio DEMO --open EMAIL --quit-when-previewed``
prints ``mailwright startup: <ms> <cpu ms> <what>`` on stderr at each stage of the start:
wall-clock milliseconds since this module was first imported (just after the
interpreter's own start) and the CPU time this process has used so far (every thread,
Chromium's in-process threads included), so a slow start can be located without a
profiler, and told apart from a busy machine. Costs nothing unset.
"""

from __future__ import annotations

import os
import sys
import time

_T0 = time.perf_counter()
ENABLED = bool(os.environ.get("MAILWRIGHT_STARTUP_TRACE"))


def mark(what: str) -> None:
    """Print the time since the start and ``what`` (only when tracing)."""
    if ENABLED:
        ms = (time.perf_counter() - _T0) * 1000
        cpu = time.process_time() * 1000
        print(f"mailwright startup: {ms:7.1f} {cpu:7.1f} {what}", file=sys.stderr, flush=True)
