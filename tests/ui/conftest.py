"""UI test fixtures: a seeded demo database per test, a real bench window, a leak check.

The demo data is generated and imported once per session into a template station home
(PIN hashing and CSV import take seconds); each test gets its own copy of that SQLite file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station.config import StationConfig, StationPaths, load_config
from station.storage.db import Database
from station.workflow import BenchState, Step
from ui import theme
from ui.app import build_services, seed_demo_once, shutdown
from ui.main_window import MainWindow
from ui.services import BenchServices
from ui.simulate import DemoParcel, demo_parcels


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo-template")
    config = load_config(None, paths=StationPaths(home))
    config.paths.ensure()
    with Database(config.db_url) as db:
        seed_demo_once(config, db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return home


@pytest.fixture
def demo_config(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> StationConfig:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy2(demo_template / "station.db", home / "station.db")
    shutil.copytree(demo_template / "demo", home / "demo")
    monkeypatch.setenv("STATION_HOME", str(home))
    config = load_config(None, paths=StationPaths(home))
    config.paths.ensure()
    return config


def _settle() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


@pytest.fixture
def no_leaked_widgets(qapp: QApplication) -> Iterator[None]:
    """After the test every top-level widget it made is gone again (napari's check)."""
    _settle()
    baseline = set(QApplication.topLevelWidgets())
    yield
    _settle()
    leaked = [w for w in QApplication.topLevelWidgets() if w not in baseline]
    assert not leaked, (
        f"widgets leaked: {[type(w).__name__ + ':' + w.objectName() for w in leaked]}"
    )


class Bench:
    """A real bench window over a copy of the demo database, with helpers that wait."""

    def __init__(
        self,
        qtbot: QtBot,
        config: StationConfig,
        db: Database,
        language: str,
        *,
        demo: bool = True,
    ) -> None:
        self.qtbot = qtbot
        self.config = config
        self.db = db
        self.services: BenchServices = build_services(config, db, demo=demo, start_devices=False)
        self.services.languages.switch(language)
        self.window = MainWindow(self.services)
        self.window.resize(1600, 1000)
        self.window.show()
        with qtbot.waitSignal(self.services.bench.ready, timeout=10_000):
            self.services.bench.start()
        self.keys: list[str] = []
        self.window.login.keyUsed.connect(self.keys.append)
        self.window.inspector.keyUsed.connect(self.keys.append)

    @property
    def state(self) -> BenchState:
        state = self.services.bench.state
        assert state is not None
        return state

    def wait_for(self, condition: Callable[[BenchState], bool], timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: condition(self.state), timeout=timeout)

    def wait_step(self, step: Step, timeout: int = 10_000) -> None:
        self.wait_for(lambda s: s.step is step, timeout)

    def wait_idle(self) -> None:
        executor = self.services.db_executor
        self.qtbot.waitUntil(lambda: executor.pending == 0, timeout=10_000)

    def parcels(self) -> list[DemoParcel]:
        return demo_parcels(self.db)

    def close(self) -> None:
        self.window.close()
        shutdown(self.services)
        self.window.deleteLater()
        self.services.bench.deleteLater()
        _settle()


@pytest.fixture
def make_bench(
    qtbot: QtBot, demo_config: StationConfig, no_leaked_widgets: None
) -> Iterator[Callable[..., Bench]]:
    theme.apply(QApplication.instance())  # type: ignore[arg-type]
    made: list[tuple[Bench, Database]] = []

    def make(language: str = "en", *, config_text: str = "") -> Bench:
        """A bench window; ``config_text`` (TOML) makes it a configured, non-demo station."""
        config = demo_config
        if config_text:
            config.paths.config_file.write_text(config_text, encoding="utf-8")
            config = load_config(None, paths=config.paths)
        db = Database(config.db_url)
        bench = Bench(qtbot, config, db, language, demo=not config_text)
        made.append((bench, db))
        return bench

    yield make
    for bench, db in made:
        bench.services.languages.switch("en")
        bench.close()
        db.close()


@pytest.fixture
def bench(make_bench: Callable[..., Bench]) -> Bench:
    return make_bench()


# The offscreen platform plugin warns whenever a window's size constraints change; it is
# the test platform talking, not the application.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
