"""Change events for plain-Python models (no Qt).

A model owns one :class:`Event` per kind of change; widgets ``connect`` a
callback and the model ``emit``\\s. Callbacks run synchronously on the thread
that emits; Qt widgets marshal to the GUI thread themselves when needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """A list of callbacks taking one value."""

    __slots__ = ("_blocked", "_callbacks")

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], object]] = []
        self._blocked = 0

    def connect(self, callback: Callable[[T], object]) -> Callable[[T], object]:
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[[T], object]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        if self._blocked:
            return
        for callback in list(self._callbacks):
            callback(value)

    def __len__(self) -> int:
        return len(self._callbacks)
