"""`station run`: builds the bench application's parts and starts the window.

``--demo`` needs no hardware and no server: the database in the station home is seeded
once with the demo data, devices are simulated from an on-screen panel, labels go to files
(with PNG previews) in the labels folder. ``--kiosk`` shows the window full screen and only
a lead can close it.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from station.config import ConfigError, StationConfig, load_config
from station.storage.db import Database

log = logging.getLogger(__name__)

DEMO_BENCHES = ("bench-01", "bench-02", "bench-03")
DEMO_SEEDED_KEY = "demo_seeded"


def add_run_parser(subparsers: Any) -> None:
    """Register `station run` on the launcher's sub-command parser."""
    p = subparsers.add_parser(
        "run", help="start the bench application", description="start the bench application"
    )
    p.add_argument("--config", metavar="FILE", help="station TOML config")
    p.add_argument(
        "--demo",
        action="store_true",
        help="no hardware, no server: seeded demo data and simulated devices",
    )
    p.add_argument(
        "--kiosk", action="store_true", help="full screen; only a lead can close the station"
    )
    p.add_argument(
        "--language",
        choices=("en", "nl", "zh_CN"),
        help="UI language (default: the config's [ui] language)",
    )
    p.set_defaults(func=cmd_run)


def seed_demo_once(config: StationConfig, db: Database) -> None:
    """Import the demo data set the first time the demo runs in this station home."""
    from station.cli import seed_demo
    from station.storage import repo

    with db.sessions() as session:
        if repo.get_state(session, DEMO_SEEDED_KEY):
            return
    started = time.perf_counter()
    seed_demo(config, db)
    with db.transaction() as session:
        repo.next_counter(session, DEMO_SEEDED_KEY)
    log.info("demo data seeded in %.1f s", time.perf_counter() - started)


def build_services(
    config: StationConfig,
    db: Database,
    *,
    demo: bool,
    kiosk: bool = False,
    policy: Any = None,
    recent_log: Any = None,
    start_devices: bool = True,
    start_printing: bool = True,
    start_sync: bool = True,
) -> Any:
    """Every part of a bench window; the caller owns shutting them down (:func:`shutdown`)."""
    from PySide6.QtWidgets import QApplication

    from station.labels import render_preview_png
    from station.workflow import BenchSession
    from ui.bench import BenchController
    from ui.camera import TestPattern, open_photo_source
    from ui.devices import DeviceBridge, start_device_manager, wedge_options
    from ui.i18n import LanguageSwitcher
    from ui.ops import SerialExecutor
    from ui.printing import PrintBridge
    from ui.services import BenchServices
    from ui.sync_status import SyncStatusPoller

    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    if policy is None:
        from station.policy import Policy

        policy = Policy.load(config.policy_dir) if config.policy_dir else Policy.default()
    db_executor = SerialExecutor("db")
    render_executor = SerialExecutor("render")
    printing = PrintBridge()
    if start_printing:
        printing.start(config, db.engine)
    devices = DeviceBridge()
    if demo:
        devices.set_status("printer", "simulated")  # labels go to files with previews
    if start_devices and not demo:
        manager = start_device_manager(config, devices.deliver)
        if manager is not None:
            devices.attach(manager)

    def make_session() -> BenchSession:
        return BenchSession(db, policy, config, on_print_job=printing.wake)

    dpi = config.label_dpi
    bench = BenchController(
        db_executor,
        make_session,
        render_executor=render_executor,
        render_preview=lambda zpl: render_preview_png(zpl, dpi=dpi),
    )
    captures = config.paths.home / "captures"
    try:
        camera = open_photo_source(
            config.devices.get("camera"),
            default_dir=captures,
            base_dir=config.source.parent if config.source is not None else config.paths.home,
            demo=demo,
        )
    except ConfigError as exc:  # the bench still works; the photos step says what is wrong
        log.error("camera: %s", exc)
        camera = TestPattern(captures)
        camera.explain_error(str(exc))
    if demo:
        devices.set_status("camera", "simulated")
    else:
        camera.stateChanged.connect(lambda state, _message: devices.set_status("camera", state))
        devices.set_status("camera", camera.state)
    sync_client = _start_sync_client(config, db) if start_sync else None
    sync = SyncStatusPoller(
        db_executor,
        db,
        hub_url=config.hub_url,
        client_status=sync_client.status if sync_client is not None else None,
    )
    if sync_client is not None:
        # A committed unit goes to the hub now rather than at the next timer tick.
        bench.unitCommitted.connect(lambda _record: sync_client.wake())
    languages = LanguageSwitcher(app)
    benches = DEMO_BENCHES if demo else (config.station_id,)
    return BenchServices(
        config=config,
        db=db,
        db_executor=db_executor,
        render_executor=render_executor,
        bench=bench,
        devices=devices,
        printing=printing,
        sync=sync,
        languages=languages,
        camera=camera,
        recent_log=recent_log,
        demo=demo,
        kiosk=kiosk,
        benches=benches,
        photo_slots=dict(getattr(policy, "photo_slots", {}) or {}),
        wedge=wedge_options(config),
        sync_client=sync_client,
    )


def _start_sync_client(config: StationConfig, db: Database) -> Any:
    """The running sync client when this station is enrolled with a hub, else None."""
    try:
        from sync.commands import make_client
    except ImportError:
        return None
    try:
        client = make_client(config, db)
        if client is not None:
            client.start()
    except Exception:  # the bench works offline; sync problems show in the status bar
        log.exception("sync client did not start")
        return None
    return client


def shutdown(services: Any) -> None:
    """Stop timers and threads in the order that loses nothing: input, DB work, printing."""
    services.sync.stop()
    services.camera.stop()
    if services.sync_client is not None:
        services.sync_client.stop()
    services.devices.stop()
    services.db_executor.shutdown()
    services.render_executor.shutdown()
    services.printing.stop()


def cmd_run(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.logs import install_excepthook, setup_logging
    from ui.main_window import MainWindow

    started = time.perf_counter()
    config = load_config(Path(args.config) if args.config else None)
    config.paths.ensure()
    recent = setup_logging(config.paths.logs, verbose=bool(getattr(args, "verbose", False)))
    log.info("station run: home %s, demo=%s, kiosk=%s", config.paths.home, args.demo, args.kiosk)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Returns bench station")
    theme.apply(app)
    install_excepthook(recent, config.paths.logs)
    with Database(config.db_url) as db:
        if args.demo:
            seed_demo_once(config, db)
        services = build_services(config, db, demo=args.demo, kiosk=args.kiosk, recent_log=recent)
        services.languages.switch(args.language or config.language)
        window = MainWindow(services)
        services.bench.ready.connect(lambda: _ready_to_scan(started))
        services.bench.start()
        services.sync.start()
        if args.kiosk:
            window.showFullScreen()
        else:
            window.resize(1600, 1000)
            window.show()
        _quit_on_signals(app)
        try:
            code = app.exec()
        finally:
            shutdown(services)
            window.deleteLater()
    return int(code)


def _ready_to_scan(started: float) -> None:
    """Start-up is over: log it, and move what start-up allocated out of the collector's way.

    Everything alive now (Qt wrappers, policy, caches) lives for the whole shift. Without
    ``gc.freeze()`` each full collection walks it again, and one landing in a pull's
    transaction held the bench for over 100 ms (tests/benchmarks/test_sync_bench.py,
    gc-as-is vs gc-frozen).
    """
    import gc

    gc.collect()
    gc.freeze()
    log.info("ready to scan %.2f s after start", time.perf_counter() - started)


def _quit_on_signals(app: Any) -> None:
    """Ctrl+C and SIGTERM close the window the normal way, so queued DB work finishes."""
    import signal

    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes; a timer gives it the chance.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m ui.app` runs the app like `station run`."""
    parser = argparse.ArgumentParser(prog="station")
    sub = parser.add_subparsers(dest="command", required=True)
    add_run_parser(sub)
    args = parser.parse_args(["run", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
