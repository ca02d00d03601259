"""A device that is asked how it is now and then (a label printer), reported when that changes.

`StatusPoller` calls ``probe`` on its own thread every ``interval_s`` and hands the event to
``emit`` the first time and whenever it differs from the last one (ignoring its timestamp).
The probe owns its timeout (a printer's ``~HS`` has one second); an exception from it is
reported as a `DeviceError` and the polling goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable

from drivers.events import DeviceError, DeviceEvent, EventSink

log = logging.getLogger(__name__)


class StatusPoller:
    def __init__(
        self,
        name: str,
        probe: Callable[[], DeviceEvent],
        emit: EventSink,
        *,
        interval_s: float = 5.0,
    ) -> None:
        self.name = name
        self._probe = probe
        self._emit = emit
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"device {self.name} already started")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"device-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        last: DeviceEvent | None = None
        while not self._stop.is_set():
            try:
                event = self._probe()
            except Exception as exc:  # a probe bug must not end the polling
                log.exception("device %s: status probe failed", self.name)
                event = DeviceError(self.name, f"status probe failed: {exc!r}", time.monotonic())
            if last is None or _without_time(event) != _without_time(last):
                self._emit(event)
            last = event
            self._stop.wait(self.interval_s)


def _without_time(event: DeviceEvent) -> DeviceEvent:
    return dataclasses.replace(event, at=0.0)
