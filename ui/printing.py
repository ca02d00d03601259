"""Qt bridge for the durable print queue: job events from its worker thread as signals."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from sqlalchemy import Engine

from station.config import StationConfig

log = logging.getLogger(__name__)


class PrintBridge(QObject):
    """Starts the station's print queue and reports what happens to each label.

    Signals:
        jobChanged(str, str, str): LPN, event kind ("queued", "printed", "retrying" ...)
            and the queue's message for the operator.
    """

    jobChanged = Signal(str, str, str)
    _incoming = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: Any = None
        self._incoming.connect(self._on_gui_thread, Qt.ConnectionType.QueuedConnection)

    @property
    def queue(self) -> Any:
        return self._queue

    def start(self, config: StationConfig, engine: Engine) -> bool:
        """Start the drivers' print queue; False when this build has none."""
        try:
            from drivers.printers.queue import start_station_print_queue
        except ImportError:
            log.warning("no print queue in this build: labels are only previewed")
            return False
        self._queue = start_station_print_queue(config, engine, on_event=self._incoming.emit)
        return True

    def wake(self, _job_id: str = "") -> None:
        """A job was committed (called on the DB executor thread)."""
        if self._queue is not None:
            self._queue.wake()

    def _on_gui_thread(self, event: Any) -> None:
        self.jobChanged.emit(str(event.lpn), str(event.kind), str(event.message))

    def test_print(self, zpl: str) -> str:
        """Queue a test label; returns the job id."""
        if self._queue is None:
            raise RuntimeError("no print queue")
        return str(self._queue.submit("TEST", zpl))

    def stop(self) -> None:
        if self._queue is not None:
            self._queue.stop()
            self._queue = None
