"""Test helpers for the device drivers: an event recorder that waits, fd counting, fast timings."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from drivers.events import ConnectionStatus, DeviceEvent, DeviceStatusEvent
from drivers.serial_link import ReconnectPolicy

E = TypeVar("E")

# Short timings so reconnect tests run quickly; the defaults are tested where they matter.
FAST = ReconnectPolicy(first_retry_s=0.02, max_retry_s=0.1, presence_check_s=0.1, read_tick_s=0.02)


class Recorder:
    """An event sink that keeps events and lets a test wait for one, without sleeping."""

    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def of(self, kind: type[E]) -> list[E]:
        with self._changed:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(
        self,
        kind: type[E],
        predicate: Callable[[E], bool] = lambda e: True,
        *,
        timeout: float = 3.0,
        after: int = 0,
    ) -> E:
        """The first event of ``kind`` (from index ``after``) matching ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event in self.events[after:]:
                    if isinstance(event, kind) and predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no {kind.__name__} within {timeout} s; got {self.events!r}"
                    )
                self._changed.wait(left)

    def wait_count(self, kind: type[E], count: int, *, timeout: float = 3.0) -> list[E]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found: list[E] = [e for e in self.events if isinstance(e, kind)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{len(found)} of {count} {kind.__name__}; got {self.events!r}"
                    )
                self._changed.wait(left)

    def wait_status(
        self, status: ConnectionStatus, *, after: int = 0, timeout: float = 3.0
    ) -> DeviceStatusEvent:
        return self.wait_for(
            DeviceStatusEvent, lambda e: e.status is status, after=after, timeout=timeout
        )

    def mark(self) -> int:
        with self._changed:
            return len(self.events)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))
