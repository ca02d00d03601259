"""The scale device: polls demand protocols, reads continuous ones, emits `WeightEvent`.

`ScaleSession` runs on the device thread of a `SerialDevice`. For a demand protocol it
sends the poll command every ``poll_s`` (one request outstanding at a time, given up after
``reply_timeout_s``); a continuous scale is only listened to, and called silent when no
frame came for ``silence_s``. Zero and tare requests from other threads are queued and
sent between polls.

Each reading goes through `StableWeightFilter`. A `WeightEvent` is emitted when the state
or the weight changes, and once with ``settled=True`` when the filter accepts a weight;
identical readings in between are not repeated. A scale that stops answering is reported
as a device status ``error`` (and ``connected`` again when it answers).
"""

from __future__ import annotations

import collections
import dataclasses

from drivers.events import (
    ConnectionStatus,
    DeviceError,
    DeviceStatusEvent,
    EventSink,
    WeightEvent,
    WeightState,
)
from drivers.framing import FrameError
from drivers.scales.base import Pending, ScaleAck, ScaleAction, ScaleProtocol, ScaleReading
from drivers.scales.nci import NciProtocol
from drivers.scales.sics import SicsProtocol
from drivers.scales.stable import StableWeightFilter
from drivers.scales.toledo8217 import Toledo8217Protocol
from drivers.scales.toledo_continuous import ToledoContinuousProtocol
from drivers.serial_link import Link, PortLister, ReconnectPolicy, SerialDevice, SerialSettings
from drivers.serial_link import system_ports as _system_ports

PROTOCOLS = ("sics", "toledo8217", "toledo_continuous", "nci")

# baud, data bits, parity, stop bits — the factory setting of each family
DEFAULT_LINE: dict[str, tuple[int, int, str, float]] = {
    "sics": (9600, 8, "N", 1),
    "toledo8217": (9600, 7, "E", 1),
    "toledo_continuous": (9600, 7, "E", 1),
    "nci": (9600, 7, "E", 1),
}


def make_protocol(name: str, *, unit: str = "lb", checksum: bool = True) -> ScaleProtocol:
    if name == "sics":
        return SicsProtocol()
    if name == "toledo8217":
        return Toledo8217Protocol(unit)
    if name == "toledo_continuous":
        return ToledoContinuousProtocol(with_checksum=checksum)
    if name == "nci":
        return NciProtocol()
    raise ValueError(f"unknown scale protocol {name!r} (known: {', '.join(PROTOCOLS)})")


@dataclasses.dataclass(frozen=True, slots=True)
class ScaleOptions:
    poll_s: float = 0.2
    reply_timeout_s: float = 1.0
    silence_s: float = 2.0
    division_g: float = 1.0
    settle_readings: int = 3
    settle_s: float = 0.5


class ScaleSession:
    """One scale protocol over one serial link; see the module docstring."""

    def __init__(
        self,
        name: str,
        protocol: ScaleProtocol,
        options: ScaleOptions,
        emit: EventSink,
        *,
        seven_bit: bool = False,
    ) -> None:
        self.name = name
        self.protocol = protocol
        self.options = options
        self._emit = emit
        self._mask = 0x7F if seven_bit else 0xFF
        self._parser = protocol.new_parser()
        self._filter = StableWeightFilter(
            options.division_g, options.settle_readings, options.settle_s
        )
        self._actions: collections.deque[ScaleAction] = collections.deque()
        self._link: Link | None = None
        self._pending: Pending = None
        self._sent_at = 0.0
        self._next_poll = 0.0
        self._last_frame_at = 0.0
        self._last: tuple[WeightState, float | None] | None = None
        self._unit = ""  # the last unit the scale named, for replies that name none
        self._silent = False

    # -- called from any thread -----------------------------------------------------------

    def request(self, action: ScaleAction) -> None:
        """Ask for a zero or tare; it is sent by the device thread between polls."""
        self._actions.append(action)

    # -- the device thread ----------------------------------------------------------------

    def opened(self, link: Link, now: float) -> None:
        self._link = link
        self._parser.reset()
        self._filter.reset()
        self._pending = None
        self._next_poll = now
        self._last_frame_at = now
        self._last = None
        self._silent = False

    def received(self, data: bytes, now: float) -> None:
        if self._mask != 0xFF:
            data = bytes(b & self._mask for b in data)
        for item in self._parser.feed(data):
            if isinstance(item, FrameError):
                self._emit(DeviceError(self.name, item.message, now, item.raw))
                continue
            self._last_frame_at = now
            reply = self.protocol.decode(item, self._pending)
            self._pending = None
            if self._silent:
                self._silent = False
                self._emit(
                    DeviceStatusEvent(self.name, ConnectionStatus.CONNECTED, "scale answers", now)
                )
            if isinstance(reply, FrameError):
                self._emit(DeviceError(self.name, reply.message, now, reply.raw))
            elif isinstance(reply, ScaleAck):
                if not reply.ok:
                    self._emit(
                        DeviceError(self.name, f"{reply.action} refused: {reply.detail}", now)
                    )
            else:
                self._reading(reply, now)

    def tick(self, now: float) -> None:
        if self._pending is not None and now - self._sent_at > self.options.reply_timeout_s:
            self._pending = None
            self._report_silence(now, f"no reply within {self.options.reply_timeout_s:.1f} s")
        if not self.protocol.demand and now - self._last_frame_at > self.options.silence_s:
            self._report_silence(now, f"no valid frame for {self.options.silence_s:.1f} s")
        if self._pending is not None or self._link is None:
            return
        if self._actions:
            action = self._actions.popleft()
            command = self.protocol.command(action)
            if command is None:
                self._emit(
                    DeviceError(
                        self.name, f"{action} is not supported by {self.protocol.name}", now
                    )
                )
                return
            self._link.write(command)
            if self.protocol.demand:
                self._pending, self._sent_at = action, now
            return
        if self.protocol.demand and now >= self._next_poll:
            self._link.write(self.protocol.poll_command())
            self._pending, self._sent_at = "poll", now
            self._next_poll = now + self.options.poll_s

    def closed(self, now: float) -> None:
        self._link = None
        self._pending = None
        self._filter.reset()

    def _report_silence(self, now: float, detail: str) -> None:
        if not self._silent:
            self._silent = True
            self._filter.reset()
            self._last = None
            self._emit(DeviceStatusEvent(self.name, ConnectionStatus.ERROR, detail, now))

    def _reading(self, reading: ScaleReading, now: float) -> None:
        grams = reading.grams if reading.state is WeightState.STABLE else None
        self._unit = reading.unit or self._unit
        accepted = self._filter.feed(reading.state, grams, now)
        if accepted is not None or (reading.state, grams) != self._last:
            settled = accepted is not None
            event = WeightEvent(
                self.name, grams, self._unit, reading.state, reading.raw, now, settled
            )
            self._emit(event)
        self._last = (reading.state, grams)


class ScaleDevice:
    """A scale on a serial port: `SerialDevice` plus zero/tare requests."""

    def __init__(self, device: SerialDevice, session: ScaleSession) -> None:
        self.name = device.name
        self.serial = device
        self.session = session

    def start(self) -> None:
        self.serial.start()

    def stop(self, timeout: float = 2.0) -> None:
        self.serial.stop(timeout)

    def is_alive(self) -> bool:
        return self.serial.is_alive()

    def zero(self) -> None:
        self.session.request("zero")

    def tare(self) -> None:
        self.session.request("tare")


def scale_device(
    name: str,
    settings: SerialSettings,
    protocol: ScaleProtocol,
    options: ScaleOptions,
    emit: EventSink,
    *,
    lister: PortLister = _system_ports,
    policy: ReconnectPolicy | None = None,
) -> ScaleDevice:
    session = ScaleSession(name, protocol, options, emit, seven_bit=settings.bytesize == 7)
    device = SerialDevice(name, settings, session, emit, lister=lister, policy=policy)
    return ScaleDevice(device, session)
