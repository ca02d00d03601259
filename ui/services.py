"""The parts a bench window is built from, made once at start and passed to constructors."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from drivers.scanners.wedge import WedgeOptions
from station.config import StationConfig
from station.storage.db import Database
from ui.bench import BenchController
from ui.camera import PhotoSource
from ui.devices import DeviceBridge
from ui.i18n import LanguageSwitcher
from ui.logs import RecentLines
from ui.ops import SerialExecutor
from ui.printing import PrintBridge
from ui.sync_status import SyncStatusPoller


@dataclasses.dataclass(slots=True)
class BenchServices:
    """Everything a :class:`~ui.main_window.MainWindow` needs; no globals anywhere."""

    config: StationConfig
    db: Database
    db_executor: SerialExecutor
    render_executor: SerialExecutor
    bench: BenchController
    devices: DeviceBridge
    printing: PrintBridge
    sync: SyncStatusPoller
    languages: LanguageSwitcher
    camera: PhotoSource
    recent_log: RecentLines | None = None
    demo: bool = False
    kiosk: bool = False
    benches: Sequence[str] = ()  # bench ids the lead board always shows
    photo_slots: Mapping[str, str] = dataclasses.field(default_factory=dict)  # slot → what
    wedge: WedgeOptions | None = None  # keyboard-wedge scanner timing, from [devices.*]
    sync_client: Any = None  # sync.client.SyncClient when the station is enrolled
