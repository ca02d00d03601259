"""The Qt side of one bench: feeds input events to the workflow session on the DB executor.

The :class:`~station.workflow.BenchSession` is created and driven only on the serial
database executor; the states and records it returns are frozen dataclasses and reach the
screens through signals on the GUI thread. Label previews render on a second executor so a
slow preview never delays the next scan.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from station.events import BenchEvent
from station.workflow import BenchSession, BenchState, UnitRecord
from ui.ops import SerialExecutor

log = logging.getLogger(__name__)

PreviewRenderer = Callable[[str], bytes]


class BenchController(QObject):
    """Owns the bench session (on the DB executor) and publishes what it returns.

    Signals:
        stateChanged(BenchState): every new state, in order.
        unitCommitted(UnitRecord): a unit was committed (completed or parked on hold).
        labelPreviewReady(str, bytes): LPN and PNG of the label just committed.
        ready(): the session exists and the first state has been published.
        eventHandled(float): seconds from ``submit`` to the state being published.
    """

    stateChanged = Signal(object)
    unitCommitted = Signal(object)
    labelPreviewReady = Signal(str, bytes)
    ready = Signal()
    eventHandled = Signal(float)

    def __init__(
        self,
        db_executor: SerialExecutor,
        make_session: Callable[[], BenchSession],
        *,
        render_executor: SerialExecutor | None = None,
        render_preview: PreviewRenderer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db_executor
        self._render = render_executor
        self._render_preview = render_preview
        self._make_session = make_session
        self._session: BenchSession | None = None  # touched only on the DB executor thread
        self._state: BenchState | None = None
        self._previewed = ""

    @property
    def state(self) -> BenchState | None:
        """The last state published on the GUI thread."""
        return self._state

    def start(self) -> None:
        self._db.run(self._create, self._started)

    def _create(self) -> BenchState:
        self._session = self._make_session()
        return self._session.state

    def _started(self, state: BenchState) -> None:
        self._publish([state])
        self.ready.emit()

    def submit(self, event: BenchEvent) -> None:
        """Queue one input event; the resulting state arrives through ``stateChanged``."""
        submitted = time.perf_counter()
        log.debug("event %r", event)
        self._db.run(
            lambda: self._handle(event),
            lambda items: self._published(items, submitted),
        )

    def _handle(self, event: BenchEvent) -> list[BenchState | UnitRecord]:
        assert self._session is not None, "submit() before the session started"
        return self._session.handle(event)

    def _published(self, items: list[BenchState | UnitRecord], submitted: float) -> None:
        self._publish(items)
        self.eventHandled.emit(time.perf_counter() - submitted)

    def _publish(self, items: list[BenchState | UnitRecord]) -> None:
        for item in items:
            if isinstance(item, UnitRecord):
                self.unitCommitted.emit(item)
            else:
                self._state = item
                self.stateChanged.emit(item)
                self._preview(item)

    def _preview(self, state: BenchState) -> None:
        record = state.last_record
        if (
            record is None
            or not state.last_label_zpl
            or record.lpn == self._previewed
            or self._render is None
            or self._render_preview is None
        ):
            return
        self._previewed = record.lpn
        zpl, render = state.last_label_zpl, self._render_preview
        self._render.run(
            lambda: render(zpl),
            lambda png: self.labelPreviewReady.emit(record.lpn, png),
            lambda exc: log.warning("label preview for %s failed: %s", record.lpn, exc),
        )
