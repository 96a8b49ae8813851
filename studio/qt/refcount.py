"""Guard against a PySide6 6.12.0 reference-count bug on Python 3.11.

With PySide6 6.12.0 (shiboken6 6.12.0) on CPython 3.11, every call of a
Qt method that returns ``void`` drops one reference to ``None``
(``widget.resize()``, ``app.processEvents()``, ``setFormat()`` …: measured,
100 calls lower ``sys.getrefcount(None)`` by 100; 6.11.3 does not). ``None``
is not immortal before Python 3.12, so a studio session ends, sooner or
later, in ``Fatal Python error: none_dealloc``.

:func:`protect_none` detects the bug with a harmless probe and, when it is
there, gives ``None`` a very large reference head-room once. An extra
reference to ``None`` is harmless (it is never freed); a missing one is fatal.
Nothing happens on Python ≥ 3.12 (immortal ``None``) or on fixed versions.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40
PROBE_CALLS = 64
_state = {"done": False}


def void_call_leak() -> int:
    """References to ``None`` one void Qt call drops (0 when the bug is absent)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    after = sys.getrefcount(None)
    return max(0, round((before - after) / PROBE_CALLS))


def protect_none() -> bool:
    """Add head-room to ``None``'s reference count if void Qt calls leak it. Idempotent."""
    if _state["done"] or sys.version_info >= (3, 12):
        return False
    _state["done"] = True
    leak = void_call_leak()
    if not leak:
        return False
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    refcnt.value += HEADROOM + leak * PROBE_CALLS
    return True
