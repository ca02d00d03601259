"""Helpers shared by the printer, queue and camera tests: event capture and thread-leak checks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recorder(Generic[T]):
    """A thread-safe callback that keeps what it is given and lets a test wait for it."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._changed = threading.Condition()

    def __call__(self, item: T) -> None:
        with self._changed:
            self._items.append(item)
            self._changed.notify_all()

    @property
    def items(self) -> list[T]:
        with self._changed:
            return list(self._items)

    def wait_for(self, predicate: Callable[[list[T]], bool], timeout: float = 5.0) -> list[T]:
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self._items), timeout=timeout):
                raise AssertionError(f"timed out after {timeout} s; got {self._items!r}")
            return list(self._items)


def new_threads(before: set[threading.Thread], timeout: float = 3.0) -> list[str]:
    """Threads started since ``before`` that are still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not alive or time.monotonic() > deadline:
            return [t.name for t in alive]
        alive[0].join(timeout=max(0.0, min(0.1, deadline - time.monotonic())))
