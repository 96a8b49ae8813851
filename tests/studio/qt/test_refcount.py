"""The PySide6 6.12 ``None`` refcount guard."""

from __future__ import annotations

import sys

import pytest

import studio.qt  # noqa: F401  (the guard runs on import)
from studio.qt.refcount import HEADROOM, protect_none, void_call_leak


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_none_has_headroom_when_void_calls_leak() -> None:
    assert not protect_none()  # already done on import
    if void_call_leak():
        assert sys.getrefcount(None) > HEADROOM // 2
    else:
        assert sys.getrefcount(None) < HEADROOM
