"""The device manager: every configured device on its own thread, one callback for all events.

`DeviceManager` builds the devices of the ``[devices.*]`` tables (see `drivers.device_config`),
starts each on its own thread and hands every event to one callback. Calls to the callback
are serialised (never two at once) and an exception in it is logged, not allowed to kill a
device thread; keep it short — put the event on a queue or emit a queued Qt signal.

Serial devices reconnect on their own (see `drivers.serial_link`): an unplugged device is
reported ``disconnected`` and reopened when it comes back, found by USB VID:PID:serial when
configured so. Keyboard-wedge scanners are read by the UI (it owns key events); printers
and cameras are built by the factories given for their role, or left to their own modules.
``stop`` joins every thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from drivers.device_config import (
    DeviceSpec,
    OtherSpec,
    RfidSpec,
    ScaleSpec,
    ScannerSpec,
    parse_devices,
)
from drivers.events import DeviceEvent, EventSink
from drivers.rfid.reader import rfid_reader
from drivers.scales.device import ScaleDevice, make_protocol, scale_device
from drivers.scanners.serial_scanner import serial_scanner
from drivers.serial_link import PortLister, ReconnectPolicy, system_ports

log = logging.getLogger(__name__)


class Device(Protocol):
    name: str

    def start(self) -> None: ...

    def stop(self, timeout: float = 2.0) -> None: ...

    def is_alive(self) -> bool: ...


DeviceFactory = Callable[[str, Mapping[str, Any], EventSink], Device | None]
"""Builds a printer or camera device from its table, or None when it needs no thread."""


class DeviceManager:
    def __init__(
        self,
        devices: Mapping[str, Mapping[str, Any]],
        on_event: EventSink,
        *,
        lister: PortLister = system_ports,
        policy: ReconnectPolicy | None = None,
        factories: Mapping[str, DeviceFactory] | None = None,
    ) -> None:
        self._on_event = on_event
        self._deliver_lock = threading.Lock()
        self._lister = lister
        self._policy = policy
        self._factories = dict(factories or {})
        self.specs: list[DeviceSpec] = parse_devices(devices)
        self.devices: dict[str, Device] = {}
        self.skipped: dict[str, str] = {}  # device name -> why no thread runs for it here
        for spec in self.specs:
            self._build(spec)
        self._started = False

    def _build(self, spec: DeviceSpec) -> None:
        if not spec.enabled:
            self.skipped[spec.name] = "disabled in the config"
            return
        emit = self.deliver
        if isinstance(spec, ScannerSpec):
            if spec.serial is None:
                self.skipped[spec.name] = "keyboard-wedge scanner: decoded by the UI"
                return
            self.devices[spec.name] = serial_scanner(
                spec.name, spec.serial, spec.options, emit, lister=self._lister, policy=self._policy
            )
        elif isinstance(spec, ScaleSpec):
            protocol = make_protocol(spec.protocol, unit=spec.unit, checksum=spec.checksum)
            self.devices[spec.name] = scale_device(
                spec.name,
                spec.serial,
                protocol,
                spec.options,
                emit,
                lister=self._lister,
                policy=self._policy,
            )
        elif isinstance(spec, RfidSpec):
            self.devices[spec.name] = rfid_reader(
                spec.name, spec.serial, spec.options, emit, lister=self._lister, policy=self._policy
            )
        elif isinstance(spec, OtherSpec):
            factory = self._factories.get(spec.role)
            device = factory(spec.name, spec.table, emit) if factory else None
            if device is None:
                self.skipped[spec.name] = f"{spec.role}: handled by its own module"
            else:
                self.devices[spec.name] = device

    def deliver(self, event: DeviceEvent) -> None:
        """The sink every device reports to: one event at a time, callback errors contained."""
        with self._deliver_lock:
            try:
                self._on_event(event)
            except Exception:
                log.exception("device event callback failed on %r", event)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        for device in self.devices.values():
            device.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop every device and wait for its thread (``timeout`` for all together)."""
        deadline = time.monotonic() + timeout
        for device in self.devices.values():
            device.stop(max(0.05, deadline - time.monotonic()))
        self._started = False

    def alive(self) -> list[str]:
        return [name for name, device in self.devices.items() if device.is_alive()]

    def scale(self, name: str = "scale") -> ScaleDevice:
        device = self.devices.get(name)
        if not isinstance(device, ScaleDevice):
            raise KeyError(f"no scale named {name!r}")
        return device

    def __enter__(self) -> DeviceManager:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
