"""UI benchmark: scans on a pseudo-terminal into the running bench window, 1,000,000 RMAs local.

Prints (never asserts on timing):
- scan to screen: from writing the frame's last byte on the pty to the inspector having
  painted the identified RMA (device thread → Qt bridge → DB executor → state → paint);
- start to ready-to-scan: opening the database, policy, services, window, first state shown
  (in-process; the Python/Qt import time is measured separately in a fresh interpreter);
- resident memory while completing units through the window, sampled every 10%.

Run: ``QT_QPA_PLATFORM=offscreen pytest -m benchmark -s tests/benchmarks/test_ui_bench.py``.
Smaller runs: BENCH_RMAS, BENCH_SKUS, BENCH_UI_SCANS, BENCH_UI_UNITS.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import tty
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from drivers.camera.pattern import TestPatternCamera
from station.config import StationConfig, StationPaths, load_config
from station.demo import generate_large
from station.domain import QuestionKind
from station.events import Answer, Cancel, Confirm, Login, Photo, Scan, Weight
from station.importer import import_files
from station.photos import PhotoStore
from station.storage.db import Database
from station.workflow import BenchState, Step
from ui import theme
from ui.app import build_services, shutdown
from ui.main_window import MainWindow
from ui.simulate import demo_parcels

pytestmark = pytest.mark.benchmark

RMAS = int(os.environ.get("BENCH_RMAS", "1000000"))
# A station home from an earlier run (its station.db already holds the RMAs): skip the import.
REUSE_HOME = os.environ.get("BENCH_UI_HOME", "")
SKUS = int(os.environ.get("BENCH_SKUS", "200000"))
SCANS = int(os.environ.get("BENCH_UI_SCANS", "500"))
UNITS = int(os.environ.get("BENCH_UI_UNITS", "10000"))


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def _figures(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{name}: n={len(ms)} p50={statistics.median(ms):.2f} ms "
        f"p99={_pct(ms, 0.99):.2f} ms max={max(ms):.2f} ms"
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _wait(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Run the Qt event loop until ``condition`` holds.

    The loop sleeps in Qt between checks like the real application's, so it does not hold
    the GIL and slow down the device and database threads whose latency is measured.
    """
    if condition():
        return
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(1)
    check.timeout.connect(lambda: loop.quit() if condition() else None)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    check.start()
    loop.exec()
    check.stop()
    if not condition():
        raise TimeoutError("the bench window did not get there in time")


class PaintWatch(QObject):
    """Notes when a label is painted showing the text we wait for."""

    def __init__(self) -> None:
        super().__init__()
        self.expect = ""
        self.painted_at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.expect and not self.painted_at:
            text = watched.text() if hasattr(watched, "text") else ""
            if text.startswith(self.expect):
                self.painted_at = time.perf_counter()
        return False


@pytest.fixture(scope="module")
def large_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if REUSE_HOME and (Path(REUSE_HOME) / "station.db").exists():
        yield Path(REUSE_HOME)
        return
    home = tmp_path_factory.mktemp("ui-bench")
    paths = StationPaths(home)
    paths.ensure()
    t0 = time.perf_counter()
    files = generate_large(home / "large", skus=SKUS, rmas=RMAS, today=date.today())
    with Database(f"sqlite:///{paths.database}") as db, db.transaction() as session:
        import_files(session, catalog=files.catalog, rmas=files.rmas, operators=files.operators)
    print(f"\n{RMAS} RMAs / {SKUS} SKUs generated and imported in {time.perf_counter() - t0:.1f} s")
    yield home


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    tty.setraw(slave)
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def _config(home: Path, scanner_port: str | None) -> StationConfig:
    text = ""
    if scanner_port:
        text = f'[devices.scanner]\nport = "{scanner_port}"\nrepeat_window_ms = 0\n'
    path = home / "station.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, paths=StationPaths(home))


def test_import_time_of_the_app_modules() -> None:
    code = (
        "import time; t = time.perf_counter(); import ui.app, ui.main_window, "
        "station.workflow; print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    print(
        f"\nimport of ui.app + ui.main_window + station.workflow: "
        f"{float(out.stdout) * 1000:.0f} ms (fresh interpreter)"
    )


def test_scan_on_a_pty_to_unit_on_screen(
    large_home: Path, pty: tuple[int, str], qapp: QApplication
) -> None:
    master, port = pty
    theme.apply(qapp)
    started = time.perf_counter()
    config = _config(large_home, port)
    db = Database(config.db_url)
    services = build_services(config, db, demo=False, start_printing=False)
    window = MainWindow(services)
    window.resize(1600, 1000)
    window.show()
    services.bench.start()
    _wait(lambda: services.bench.state is not None and window.login.prompt.isVisible(), 30)
    QApplication.processEvents()
    ready = time.perf_counter() - started
    try:
        services.bench.submit(Login("B1001", "1234"))
        _wait(
            lambda: services.bench.state is not None and services.bench.state.step is Step.IDENTIFY
        )
        _wait(lambda: services.devices.status.get("scanner") == "connected", 10)
        parcels = demo_parcels(db, limit=SCANS)
        watch = PaintWatch()
        head = window.inspector.verify_rma_head
        head.installEventFilter(watch)
        samples = []
        for parcel in parcels:
            watch.expect, watch.painted_at = parcel.rma, 0.0
            os.write(master, f"{parcel.rma}\r".encode())
            written = time.perf_counter()
            _wait(lambda: watch.painted_at > 0, 5)
            samples.append(watch.painted_at - written)
            services.bench.submit(Cancel())
            _wait(
                lambda: (
                    services.bench.state is not None and services.bench.state.step is Step.IDENTIFY
                )
            )
        head.removeEventFilter(watch)
    finally:
        window.services.kiosk = False
        window.close()
        shutdown(services)
        window.deleteLater()
        db.close()
    print(f"\nstart to ready-to-scan (in-process, {RMAS} RMAs): {ready * 1000:.0f} ms")
    print(_figures(f"scan on pty to RMA painted on screen ({RMAS} RMAs)", samples))


def test_memory_while_completing_units(large_home: Path, tmp_path: Path) -> None:
    """Runs in a fresh process: this one holds what generating 1M RMAs allocated."""
    code = (
        "import sys; from pathlib import Path; "
        "from tests.benchmarks.test_ui_bench import memory_run; "
        "memory_run(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(large_home), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=3600,
        cwd=Path(__file__).resolve().parents[2],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    print("\n" + out.stdout.strip())
    assert "units completed through the window" in out.stdout


def memory_run(large_home: Path, tmp_path: Path) -> None:
    """The bench window on the 1M-RMA home, completing UNITS units; prints RSS samples."""
    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    theme.apply(qapp)
    config = _config(large_home, None)
    db = Database(config.db_url)
    services = build_services(config, db, demo=False, start_printing=False)
    window = MainWindow(services)
    window.resize(1600, 1000)
    window.show()
    services.bench.start()
    bench = services.bench

    def state() -> BenchState:
        assert bench.state is not None
        return bench.state

    def idle() -> None:
        _wait(lambda: services.db_executor.pending == 0, 30)

    _wait(lambda: bench.state is not None)
    photo = PhotoStore(config.paths.photos).add(TestPatternCamera(tmp_path).capture().path)
    samples: list[tuple[int, float]] = [(0, _rss_mb())]
    units = 0
    try:
        bench.submit(Login("B1001", "1234"))
        idle()
        parcels = demo_parcels(db, limit=UNITS)
        started = time.perf_counter()
        for parcel in parcels:
            bench.submit(Scan(parcel.rma))
            bench.submit(Scan(parcel.item_code))
            bench.submit(Weight(parcel.weight_g or 500.0, True))
            idle()
            # Events go in as a bench would produce them, several per screen update.
            for q in state().questions:
                answer = "yes" if q.kind is QuestionKind.YES_NO else "1"
                bench.submit(Answer(q.id, answer))
            idle()
            unit = state().unit
            if state().step is Step.PHOTOS and unit is not None and unit.assessment:
                missing = [p for p in unit.assessment.required_photos if p not in unit.photo_slots]
                for _slot in missing:
                    bench.submit(Photo(str(photo.path)))
                idle()
            for _ in range(2):  # confirm; a held unit is parked with a second Enter
                if state().step in (Step.DISPOSITION, Step.HOLD):
                    bench.submit(Confirm())
                    idle()
            if state().step is not Step.IDENTIFY:
                bench.submit(Cancel())
                idle()
            units += 1
            if units % max(1, len(parcels) // 10) == 0:
                samples.append((units, _rss_mb()))
        elapsed = time.perf_counter() - started
    finally:
        window.close()
        shutdown(services)
        window.deleteLater()
        db.close()
    print(
        f"{units} units completed through the window in {elapsed:.1f} s "
        f"({units / elapsed:.1f} units/s)"
    )
    print(
        "resident memory of a fresh process (units: MB): "
        + ", ".join(f"{n}: {mb:.0f}" for n, mb in samples)
    )
    half = samples[len(samples) // 2][1]
    print(f"growth over the second half: {samples[-1][1] - half:+.1f} MB")
    assert units == len(parcels)
