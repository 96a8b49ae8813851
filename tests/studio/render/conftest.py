"""One warm Qt WebEngine for every render test (engine start-ups are slow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from studio.render.engine import QtEngine


@pytest.fixture(scope="session")
def engine() -> QtEngine:
    from studio.render import shared_qt_engine

    return shared_qt_engine()
