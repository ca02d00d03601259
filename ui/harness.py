"""A bench window over a database in one call, for scripts, benchmarks and tests.

Waiting is bounded and driven by Qt's event loop (``processEvents`` with a deadline), never
by sleeping: each wait returns as soon as the executors have delivered their results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from station.config import StationConfig
from station.events import BenchEvent
from station.storage.db import Database
from station.workflow import BenchState
from ui.app import build_services, shutdown
from ui.main_window import MainWindow
from ui.services import BenchServices


class BenchHarness:
    """Builds services and the main window; ``close()`` stops every thread it started."""

    def __init__(
        self,
        config: StationConfig,
        db: Database,
        *,
        demo: bool = True,
        language: str = "en",
        policy: Any = None,
        start_printing: bool = True,
    ) -> None:
        self.services: BenchServices = build_services(
            config, db, demo=demo, policy=policy, start_devices=False, start_printing=start_printing
        )
        self.services.languages.switch(language)
        self.window = MainWindow(self.services)
        self.services.bench.start()
        self.services.sync.start()
        self.wait_until(lambda: self.services.bench.state is not None)

    @property
    def state(self) -> BenchState:
        state = self.services.bench.state
        assert state is not None
        return state

    def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Run the event loop (sleeping in Qt, not holding the GIL) until ``condition``."""
        if condition():
            return
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(2)
        check.timeout.connect(lambda: loop.quit() if condition() else None)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        check.start()
        loop.exec()
        check.stop()
        if not condition():
            s = self.services
            raise TimeoutError(
                f"the bench did not get there in time (db pending {s.db_executor.pending}, "
                f"render pending {s.render_executor.pending}, step {s.bench.state})"
            )

    def wait_idle(self, timeout: float = 30.0) -> None:
        s = self.services
        self.wait_until(
            lambda: s.db_executor.pending == 0 and s.render_executor.pending == 0, timeout
        )
        QApplication.processEvents()

    def submit(self, event: BenchEvent) -> BenchState:
        self.services.bench.submit(event)
        self.wait_idle()
        return self.state

    def close(self) -> None:
        self.window.services.kiosk = False
        self.window.close()
        shutdown(self.services)
        self.window.deleteLater()
        QApplication.processEvents()
