"""Qt bridge for devices: driver-thread events in, GUI-thread signals and bench events out.

Drivers call :meth:`DeviceBridge.deliver` from their own threads with frozen
``drivers.events`` values; the bridge re-emits them on the GUI thread, keeps the per-device
state the status bar shows, and turns scans, tags and settled weights into the bench input
events the workflow takes. The simulate panel delivers the very same event types.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal

from drivers.events import (
    ConnectionStatus,
    DeviceError,
    DeviceEvent,
    DeviceStatusEvent,
    PrinterStatusEvent,
    RfidEvent,
    ScanEvent,
    WeightEvent,
    WeightState,
)
from drivers.scanners.wedge import WedgeOptions
from station.config import StationConfig
from station.events import BenchEvent, Rfid, Scan, Weight

log = logging.getLogger(__name__)

SIMULATED = "simulated"


class WeightGate:
    """Forwards only the weight changes the workflow needs: settled weights and losing it.

    A scale in continuous mode reports ten times a second; the session needs a Weight event
    when a weight is accepted (settled) and one when the load moves again, not every frame.
    """

    def __init__(self) -> None:
        self._stable = False

    def event(self, reading: WeightEvent) -> Weight | None:
        if reading.state is WeightState.STABLE and reading.settled and reading.grams is not None:
            self._stable = True
            return Weight(grams=reading.grams, stable=True)
        if reading.state is not WeightState.STABLE and self._stable:
            self._stable = False
            return Weight(grams=None, stable=False)
        return None


def bench_event(event: DeviceEvent, gate: WeightGate) -> BenchEvent | None:
    """The bench input a device event stands for, if any."""
    if isinstance(event, ScanEvent):
        return Scan(data=event.data)
    if isinstance(event, RfidEvent):
        return Rfid(epc=event.epc)
    if isinstance(event, WeightEvent):
        return gate.event(event)
    return None


def device_kind(event: DeviceEvent) -> str:
    """The status bar slot an event belongs to."""
    if isinstance(event, ScanEvent):
        return "scanner"
    if isinstance(event, WeightEvent):
        return "scale"
    if isinstance(event, RfidEvent):
        return "rfid"
    if isinstance(event, PrinterStatusEvent):
        return "printer"
    name = event.device.lower()
    for kind in ("scanner", "scale", "rfid", "printer", "camera"):
        if kind in name:
            return kind
    return name


class DeviceManagerLike(Protocol):
    def stop(self) -> None: ...


class DeviceBridge(QObject):
    """Device events from any thread, re-emitted on the GUI thread.

    Signals:
        deviceEvent(object): every ``drivers.events`` value, in arrival order.
        benchEvent(object): the bench input a scan, tag or settled weight stands for.
        liveWeight(object): every ``WeightEvent`` (the live scale display).
        statusChanged(str, str): device kind ("scanner", "scale", ...) and its state.
    """

    deviceEvent = Signal(object)
    benchEvent = Signal(object)
    liveWeight = Signal(object)
    statusChanged = Signal(str, str)
    _incoming = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gate = WeightGate()
        self._status: dict[str, str] = {}
        self._manager: DeviceManagerLike | None = None
        self._incoming.connect(self._on_gui_thread, Qt.ConnectionType.QueuedConnection)

    @property
    def status(self) -> dict[str, str]:
        return dict(self._status)

    def deliver(self, event: DeviceEvent) -> None:
        """Called by drivers on any thread; never blocks."""
        self._incoming.emit(event)

    def set_status(self, kind: str, state: str) -> None:
        if self._status.get(kind) != state:
            self._status[kind] = state
            self.statusChanged.emit(kind, state)

    def _on_gui_thread(self, event: DeviceEvent) -> None:
        kind = device_kind(event)
        if isinstance(event, DeviceStatusEvent):
            self.set_status(kind, event.status.value)
        elif isinstance(event, PrinterStatusEvent):
            self.set_status(kind, "ready" if event.ready else ", ".join(event.faults) or "fault")
        elif isinstance(event, DeviceError):
            log.warning("device %s: %s", event.device, event.message)
        elif self._status.get(kind) in (None, ConnectionStatus.DISCONNECTED.value):
            self.set_status(kind, ConnectionStatus.CONNECTED.value)
        if isinstance(event, WeightEvent):
            self.liveWeight.emit(event)
        self.deviceEvent.emit(event)
        bench = bench_event(event, self._gate)
        if bench is not None:
            self.benchEvent.emit(bench)

    def attach(self, manager: DeviceManagerLike) -> None:
        self._manager = manager

    def stop(self) -> None:
        if self._manager is not None:
            self._manager.stop()
            self._manager = None


def start_device_manager(
    config: StationConfig, sink: Callable[[DeviceEvent], None]
) -> DeviceManagerLike | None:
    """Start the drivers' device manager for the configured ``[devices.*]`` tables."""
    from drivers.manager import DeviceManager

    try:
        manager = DeviceManager(config.devices, sink)
        manager.start()
    except Exception:  # a bad device table must not stop the bench from starting
        log.exception("device manager did not start; continuing without devices")
        return None
    for name, why in manager.skipped.items():
        log.info("device %s: %s", name, why)
    return manager


def wedge_options(config: StationConfig) -> WedgeOptions | None:
    """The keyboard-wedge settings of the first ``kind = "hid"`` scanner, if one is set up."""
    from drivers.device_config import DeviceConfigError, ScannerSpec, parse_devices

    try:
        specs = parse_devices(config.devices)
    except DeviceConfigError as exc:
        log.warning("device config: %s", exc)
        return None
    return next((s.wedge for s in specs if isinstance(s, ScannerSpec) and s.kind == "hid"), None)


def now() -> float:
    """The clock device events use (``time.monotonic``)."""
    return time.monotonic()
