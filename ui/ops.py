"""Background operations: a serial executor whose results come back on the GUI thread.

As in Anki, all database work goes through one ``ThreadPoolExecutor(max_workers=1)`` so
the GUI thread never waits on SQLite and the bench session (not thread-safe) is only ever
touched by that one worker. The body of an operation never touches a widget; its
``on_success`` / ``on_failure`` callbacks run on the GUI thread through a queued signal.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class _Outcome:
    future: Future[Any]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    owner: QObject | None


class SerialExecutor(QObject):
    """Runs callables one at a time on a worker thread.

    Signals:
        idle(): emitted on the GUI thread when the last queued operation has been delivered.
        failed(str): an operation without an ``on_failure`` raised; carries the message.
    """

    idle = Signal()
    failed = Signal(str)
    _finished = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending = 0
        self._lock = threading.Lock()
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        """Operations submitted whose callbacks have not run yet."""
        return self._pending

    def run(
        self,
        body: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> Future[T]:
        """Queue ``body``; its result goes to ``on_success`` on the GUI thread.

        When ``owner`` (the widget the callbacks update) is deleted before the result
        arrives, or the executor was shut down, the callbacks are skipped.
        """
        if self._closed:
            raise RuntimeError(f"executor {self.name} is shut down")
        self._pending += 1
        future = self._pool.submit(body)
        future.add_done_callback(
            lambda f: self._finished.emit(_Outcome(f, on_success, on_failure, owner))
        )
        return future

    def _deliver(self, outcome: _Outcome) -> None:
        self._pending -= 1
        try:
            if self._closed or (outcome.owner is not None and not shiboken6.isValid(outcome.owner)):
                return  # nobody left to show the result to
            error = outcome.future.exception()
            if error is None:
                if outcome.on_success is not None:
                    outcome.on_success(outcome.future.result())
            elif outcome.on_failure is not None:
                outcome.on_failure(error)
            else:
                log.error("%s operation failed", self.name, exc_info=error)
                self.failed.emit(f"{type(error).__name__}: {error}")
        finally:
            if self._pending == 0:
                self.idle.emit()

    def shutdown(self) -> None:
        """Finish the queued work (the bench may be committing a unit) and stop the worker."""
        self._closed = True
        self._pool.shutdown(wait=True)
