"""One serial device in its own thread: open it by path or USB id, read, reopen after unplug.

`SerialDevice` owns a thread that opens the port (pyserial), hands received bytes to a
protocol `Session`, and on any port error closes everything, reports ``disconnected`` and
tries again with a short backoff. A device configured by USB ``VID:PID[:SERIAL]`` is looked
up in ``serial.tools.list_ports`` on every attempt, so it is found again under whatever
name the OS gives it after a replug. A port that vanishes without an I/O error is noticed
by a presence check every ``presence_check_s``.

The session's methods run on the device thread only; it talks back through ``Link.write``
and its own event sink. Stopping joins the thread; the port and its descriptors are closed
on that thread before it ends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import serial
import serial.tools.list_ports

from drivers.events import ConnectionStatus, DeviceError, DeviceStatusEvent, EventSink

log = logging.getLogger(__name__)

PortLister = Callable[[], Sequence[Any]]
"""Returns objects shaped like ``serial.tools.list_ports_common.ListPortInfo``."""


def system_ports() -> list[Any]:
    return list(serial.tools.list_ports.comports())


@dataclasses.dataclass(frozen=True, slots=True)
class UsbId:
    """A USB serial adapter's identity: vendor and product id, and its serial number if set."""

    vid: int
    pid: int
    serial: str | None = None

    @classmethod
    def parse(cls, text: str) -> UsbId:
        """Parse ``"0C2E:0B61"`` or ``"0C2E:0B61:ABC123"`` (hex ids)."""
        parts = text.strip().split(":", 2)
        if len(parts) < 2:
            raise ValueError(f"expected VID:PID[:SERIAL], got {text!r}")
        try:
            vid, pid = int(parts[0], 16), int(parts[1], 16)
        except ValueError as exc:
            raise ValueError(f"VID and PID are hex numbers, got {text!r}") from exc
        if not (0 <= vid <= 0xFFFF and 0 <= pid <= 0xFFFF):
            raise ValueError(f"VID and PID are 16-bit, got {text!r}")
        serial_number = parts[2] if len(parts) == 3 and parts[2] else None
        return cls(vid, pid, serial_number)

    def matches(self, port: Any) -> bool:
        if getattr(port, "vid", None) != self.vid or getattr(port, "pid", None) != self.pid:
            return False
        return self.serial is None or getattr(port, "serial_number", None) == self.serial

    def __str__(self) -> str:
        text = f"{self.vid:04X}:{self.pid:04X}"
        return f"{text}:{self.serial}" if self.serial else text


def usb_id_of(port: Any) -> str:
    """``VID:PID:SERIAL`` of a listed port, or ``""`` for ports that are not USB."""
    vid, pid = getattr(port, "vid", None), getattr(port, "pid", None)
    if vid is None or pid is None:
        return ""
    return str(UsbId(vid, pid, getattr(port, "serial_number", None) or None))


@dataclasses.dataclass(frozen=True, slots=True)
class SerialSettings:
    """Where a device is and how its line is set up. ``port`` may be a pyserial URL."""

    port: str | None = None
    usb: UsbId | None = None
    baud: int = 9600
    bytesize: int = 8
    parity: str = "N"  # N, E, O, M, S
    stopbits: float = 1

    def describe(self) -> str:
        where = f"usb {self.usb}" if self.usb else (self.port or "?")
        stop = int(self.stopbits) if self.stopbits == int(self.stopbits) else self.stopbits
        return f"{where} {self.baud} {self.bytesize}{self.parity}{stop}"


def _is_device_path(port: str) -> bool:
    return port.startswith(("/", "."))


def resolve_port(settings: SerialSettings, lister: PortLister) -> str | None:
    """The port name to open now, or None when the device is not there.

    A USB id is looked up in the port list; a path (``/dev/ttyUSB0``, a by-id link) must
    exist; a bare name (``COM3``) must be listed, unless the system lists no ports at all;
    a pyserial URL is always tried.
    """
    if settings.usb is not None:
        for port in lister():
            if settings.usb.matches(port):
                return str(port.device)
        return None
    name = settings.port
    if name is None:
        return None
    if "://" in name:
        return name
    if _is_device_path(name):
        return name if os.path.exists(name) else None
    listed = [str(port.device).upper() for port in lister()]
    return name if not listed or name.upper() in listed else None


def open_serial(port: str, settings: SerialSettings, read_timeout: float) -> serial.SerialBase:
    exclusive = "://" not in port  # two programs reading one scanner would each lose scans
    extra: dict[str, Any] = {"exclusive": True} if exclusive else {}
    return serial.serial_for_url(
        port,
        baudrate=settings.baud,
        bytesize=settings.bytesize,
        parity=settings.parity,
        stopbits=settings.stopbits,
        timeout=read_timeout,
        write_timeout=1.0,
        **extra,
    )


class Link:
    """The open port as a session sees it: it may only write."""

    def __init__(self, port: serial.SerialBase, name: str) -> None:
        self._port = port
        self.name = name

    def write(self, data: bytes) -> None:
        self._port.write(data)


class Session(Protocol):
    """A device protocol driven by `SerialDevice`. All calls come from the device thread."""

    def opened(self, link: Link, now: float) -> None: ...

    def received(self, data: bytes, now: float) -> None: ...

    def tick(self, now: float) -> None: ...

    def closed(self, now: float) -> None: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ReconnectPolicy:
    """Timings of the device thread. Defaults meet "detected in 1 s, reopened in 2 s"."""

    first_retry_s: float = 0.05
    max_retry_s: float = 0.5
    presence_check_s: float = 0.5
    read_tick_s: float = 0.05  # longest a read blocks; bounds tick and stop latency


class _Unplugged(Exception):
    pass


def _lost(exc: OSError) -> str:
    text = str(exc)
    # pyserial's wording for a port whose other end went away (USB unplugged, pty closed)
    if "returned no data" in text or "Errno 5]" in text or exc.errno == 5:
        return "connection lost (unplugged?)"
    return text


class SerialDevice:
    """Runs ``session`` over the serial port of ``settings`` on a thread of its own."""

    def __init__(
        self,
        name: str,
        settings: SerialSettings,
        session: Session,
        emit: EventSink,
        *,
        lister: PortLister = system_ports,
        clock: Callable[[], float] = time.monotonic,
        policy: ReconnectPolicy | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self._session = session
        self._emit = emit
        self._lister = lister
        self._clock = clock
        self._policy = policy or ReconnectPolicy()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_status: tuple[ConnectionStatus, str] | None = None
        self.port_name: str | None = None  # the port currently open, for diagnostics

    @property
    def connected(self) -> bool:
        return self.port_name is not None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"device {self.name} already started")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"device-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("device %s: thread did not stop within %.1f s", self.name, timeout)

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the device thread ----------------------------------------------------------------

    def _status(self, status: ConnectionStatus, detail: str) -> None:
        if self._last_status == (status, detail):
            return  # a device that stays away is reported once, not on every retry
        self._last_status = (status, detail)
        self._emit(DeviceStatusEvent(self.name, status, detail, self._clock()))

    def _run(self) -> None:
        delay = self._policy.first_retry_s
        while not self._stop.is_set():
            try:
                if self._attempt():
                    delay = self._policy.first_retry_s
            except Exception as exc:  # whatever happens, the device keeps being retried
                log.exception("device %s: unexpected failure", self.name)
                self._emit(DeviceError(self.name, f"internal error: {exc!r}", self._clock()))
            self._stop.wait(delay)
            delay = min(delay * 2, self._policy.max_retry_s)

    def _attempt(self) -> bool:
        """Find and open the port and serve it until it fails; True if it was opened."""
        try:
            port_name = resolve_port(self.settings, self._lister)
        except OSError as exc:
            self._status(ConnectionStatus.ERROR, f"cannot list serial ports: {exc}")
            return False
        if port_name is None:
            self._status(ConnectionStatus.DISCONNECTED, f"{self.settings.describe()}: not found")
            return False
        try:
            port = open_serial(port_name, self.settings, self._policy.read_tick_s)
        except (OSError, ValueError) as exc:
            self._status(ConnectionStatus.ERROR, f"{port_name}: cannot open: {exc}")
            return False
        self._serve(port, port_name)
        return True

    def _serve(self, port: serial.SerialBase, port_name: str) -> None:
        self.port_name = port_name
        reason = "stopped"
        try:
            where = self.settings.describe()
            if port_name not in where:
                where = f"{port_name} ({where})"
            self._status(ConnectionStatus.CONNECTED, where)
            now = self._clock()
            self._guard(self._session.opened, Link(port, port_name), now)
            next_check = now + self._policy.presence_check_s
            while not self._stop.is_set():
                data = port.read(max(1, port.in_waiting))
                now = self._clock()
                if data:
                    self._guard(self._session.received, data, now)
                self._guard(self._session.tick, now)
                if now >= next_check:
                    next_check = now + self._policy.presence_check_s
                    if not self._still_there(port_name):
                        raise _Unplugged(f"{port_name} is gone")
        except _Unplugged as exc:
            reason = str(exc)
        except OSError as exc:  # SerialException is an OSError
            reason = f"{port_name}: {_lost(exc)}"
        finally:
            self.port_name = None
            with contextlib.suppress(OSError):
                port.close()
            with contextlib.suppress(OSError):
                self._guard(self._session.closed, self._clock())
        self._status(ConnectionStatus.DISCONNECTED, reason)

    def _still_there(self, port_name: str) -> bool:
        try:
            return resolve_port(self.settings, self._lister) == port_name
        except OSError:
            return True  # cannot enumerate right now: only an I/O error proves it is gone

    def _guard(self, call: Callable[..., None], *args: object) -> None:
        """Run session code; port errors propagate, a bug in the session is only reported."""
        try:
            call(*args)
        except OSError:
            raise
        except Exception as exc:  # the reader must survive a protocol bug
            log.exception("device %s: session failed", self.name)
            self._emit(DeviceError(self.name, f"internal error: {exc!r}", self._clock()))
