"""`station devices list|monitor`, `station simulate scanner|scale|rfid` and the device doctor.

Each command is a thin ``cmd_*`` wrapper (argparse in, exit code out) around a function
that takes plain data and returns data or writes JSON lines, so tests call the core
directly. ``doctor_checks`` returns `station.doctor.Check` values for `station doctor`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from drivers.device_config import (
    DeviceConfigError,
    OtherSpec,
    RfidSpec,
    ScaleSpec,
    ScannerSpec,
    parse_device,
)
from drivers.events import (
    DeviceError,
    DeviceEvent,
    DeviceStatusEvent,
    EventSink,
    PrinterStatusEvent,
    RfidEvent,
    ScanEvent,
    WeightEvent,
)
from drivers.framing import FrameError
from drivers.manager import DeviceFactory, DeviceManager
from drivers.rfid import mercury
from drivers.scales.base import ScaleAck, ScaleReading
from drivers.scales.device import PROTOCOLS, make_protocol
from drivers.serial_link import (
    PortLister,
    SerialSettings,
    open_serial,
    resolve_port,
    system_ports,
    usb_id_of,
)
from drivers.simulators.base import PtySimulator
from drivers.simulators.rfid import RfidSimulator
from drivers.simulators.scale import ScaleSimulator
from drivers.simulators.scanner import ScannerSimulator
from drivers.status_poller import StatusPoller
from station.config import ConfigError, StationConfig, StationPaths, load_config
from station.doctor import Check
from station.scancodes import parse_epc, parse_scan

Devices = Mapping[str, Mapping[str, Any]]


def _load_config(args: argparse.Namespace) -> StationConfig:
    return load_config(Path(args.config) if getattr(args, "config", None) else None)


# -- JSON form of events --------------------------------------------------------------------


def event_json(event: DeviceEvent) -> dict[str, Any]:
    """One monitor line: ``device``, ``event`` and the payload of that kind of event."""
    line: dict[str, Any] = {"device": event.device}
    if isinstance(event, ScanEvent):
        code = parse_scan(event.data)  # how the bench will read it, to help set scanners up
        line |= {
            "event": "scan",
            "data": event.data,
            "symbology": event.symbology,
            "symbology_name": code.symbology_name,
            "kind": event.kind,
            "code": {"kind": code.kind.value, "value": code.value, "error": code.error},
        }
    elif isinstance(event, RfidEvent):
        line |= {
            "event": "rfid",
            "epc": event.epc,
            "rssi": event.rssi,
            "antenna": event.antenna,
            "read_count": event.read_count,
        }
        code = parse_epc(event.epc)
        line["epc_uri"] = code.epc_uri
        line["identity"] = code.symbology_name
        if code.gtin:
            line["sgtin"] = {
                "company_prefix": code.company_prefix,
                "item_reference": code.item_reference,
                "serial": code.serial,
                "gtin": code.gtin,
            }
    elif isinstance(event, WeightEvent):
        line |= {
            "event": "weight",
            "grams": event.grams,
            "state": event.state.value,
            "unit": event.unit,
            "settled": event.settled,
            "raw": event.raw,
        }
    elif isinstance(event, DeviceStatusEvent):
        line |= {"event": "status", "status": event.status.value, "detail": event.detail}
    elif isinstance(event, PrinterStatusEvent):
        line |= {
            "event": "printer",
            "ready": event.ready,
            "faults": list(event.faults),
            "detail": event.detail,
        }
    elif isinstance(event, DeviceError):
        line |= {"event": "error", "message": event.message, "raw": event.raw.hex(" ")}
    line["at"] = round(event.at, 6)
    line["time"] = datetime.now(UTC).isoformat(timespec="milliseconds")
    return line


# -- devices list ---------------------------------------------------------------------------


def serial_port_rows(lister: PortLister = system_ports) -> list[dict[str, str]]:
    """Serial ports present: device, ``VID:PID:SERIAL`` (empty if not USB) and description."""
    rows = []
    for port in sorted(lister(), key=lambda p: str(p.device)):
        rows.append(
            {
                "port": str(port.device),
                "usb": usb_id_of(port),
                "description": str(getattr(port, "description", "") or ""),
                "manufacturer": str(getattr(port, "manufacturer", "") or ""),
            }
        )
    return rows


def configured_rows(devices: Devices, lister: PortLister = system_ports) -> list[dict[str, str]]:
    """Configured devices: role, where they are set to be and whether that is present now."""
    rows = []
    for name, table in devices.items():
        try:
            spec = parse_device(name, table)
        except DeviceConfigError as exc:
            rows.append(
                {"name": name, "role": "?", "target": "", "present": "config error: " + str(exc)}
            )
            continue
        if isinstance(spec, OtherSpec):
            target = _other_target(spec)
            rows.append({"name": name, "role": spec.role, "target": target, "present": ""})
            continue
        serial = spec.serial
        if serial is None:
            rows.append(
                {"name": name, "role": "scanner", "target": "keyboard wedge", "present": ""}
            )
            continue
        found = resolve_port(serial, lister)
        rows.append(
            {
                "name": name,
                "role": _role(spec),
                "target": serial.describe(),
                "present": found or "no",
            }
        )
    return rows


def _role(spec: ScannerSpec | ScaleSpec | RfidSpec) -> str:
    if isinstance(spec, ScaleSpec):
        return f"scale ({spec.protocol})"
    return "scanner" if isinstance(spec, ScannerSpec) else "rfid"


def _other_target(spec: OtherSpec) -> str:
    table = spec.table
    kind = str(table.get("kind", ""))
    if kind == "tcp":
        return f"tcp {table.get('host', '?')}:{table.get('port', 9100)}"
    if kind == "spooler":
        return f"spooler queue {table.get('queue', '?')}"
    if kind in ("file", "folder"):
        return f"{kind} {table.get('dir', table.get('path', '?'))}"
    return kind or "?"


def cmd_devices_list(args: argparse.Namespace) -> int:
    devices = _load_config(args).devices
    ports, configured = serial_port_rows(), configured_rows(devices)
    if args.json:
        for row in ports:
            print(json.dumps({"kind": "port", **row}))
        for row in configured:
            print(json.dumps({"kind": "configured", **row}))
        return 0
    print("Serial ports:")
    for row in ports or [
        {"port": "(none found)", "usb": "", "description": "", "manufacturer": ""}
    ]:
        print(f"  {row['port']:<24} {row['usb'] or '-':<28} {row['description']}")
    print("Configured devices:")
    for row in configured or [{"name": "(none)", "role": "", "target": "", "present": ""}]:
        present = f"  [present: {row['present']}]" if row["present"] else ""
        print(f"  {row['name']:<16} {row['role']:<22} {row['target']}{present}")
    return 0


# -- devices monitor ------------------------------------------------------------------------


def monitor(
    devices: Devices,
    out: TextIO,
    *,
    seconds: float | None = None,
    stop: threading.Event | None = None,
    lister: PortLister = system_ports,
    notes: TextIO | None = None,
    base_dir: Path | None = None,
) -> int:
    """Print one JSON line per device event until ``seconds`` pass or ``stop`` is set.

    Printers are asked for their status every few seconds and reported when it changes.
    """

    def write(event: DeviceEvent) -> None:
        out.write(json.dumps(event_json(event), ensure_ascii=False) + "\n")
        out.flush()

    factories: dict[str, DeviceFactory] = {}
    printers = printer_poller(base_dir)
    if printers is not None:
        factories["printer"] = printers
    manager = DeviceManager(devices, write, lister=lister, factories=factories)
    for name, why in manager.skipped.items():
        if notes is not None:
            notes.write(f"{name}: not monitored ({why})\n")
    stop = stop or threading.Event()
    manager.start()
    try:
        stop.wait(seconds)
    finally:
        manager.stop()
    return 0


def printer_poller(base_dir: Path | None, interval_s: float = 5.0) -> DeviceFactory | None:
    """Builds a `StatusPoller` per printer table, using the printers module's own status."""
    try:
        from drivers.printers.config import open_printer
        from drivers.printers.diagnostics import printer_status_event
    except ImportError:  # a build without label printing
        return None

    def build(name: str, table: Mapping[str, Any], emit: EventSink) -> StatusPoller:
        try:
            printer = open_printer(table, section=f"devices.{name}", base_dir=base_dir)
        except ConfigError as exc:
            raise DeviceConfigError(str(exc)) from None
        return StatusPoller(
            name, lambda: printer_status_event(name, printer), emit, interval_s=interval_s
        )

    return build


def cmd_devices_monitor(args: argparse.Namespace) -> int:
    config = _load_config(args)
    base_dir = config.source.parent if config.source is not None else None
    try:
        return monitor(
            config.devices, sys.stdout, seconds=args.seconds, notes=sys.stderr, base_dir=base_dir
        )
    except DeviceConfigError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 1


def add_devices_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "devices", help="serial ports and configured devices; live device events"
    )
    actions = parser.add_subparsers(dest="devices_command", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list", help="serial ports (with USB VID:PID:serial) and configured devices"
    )
    listing.add_argument("--config", metavar="FILE", help="station TOML config")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=cmd_devices_list)
    watch = actions.add_parser("monitor", help="print one JSON line per device event")
    watch.add_argument("--config", metavar="FILE", help="station TOML config")
    watch.add_argument("--seconds", type=float, metavar="N", help="stop after N seconds")
    watch.set_defaults(func=cmd_devices_monitor)
    return parser


# -- simulate -------------------------------------------------------------------------------


def build_simulator(args: argparse.Namespace) -> PtySimulator:
    link = args.link or None
    if args.device == "scanner":
        return ScannerSimulator(
            prefix=_delimiter(args.prefix), suffix=_delimiter(args.suffix) or b"\r", link=link
        )
    if args.device == "scale":
        return ScaleSimulator(
            args.protocol,
            unit=args.unit,
            rate_hz=args.rate,
            checksum=not args.no_checksum,
            link=link,
        )
    return RfidSimulator(link=link)


def _delimiter(text: str) -> bytes:
    from drivers.simulators.base import unescape

    named = {"cr": "\r", "lf": "\n", "crlf": "\r\n", "stx": "\x02", "none": ""}
    return named.get(text.lower(), unescape(text)).encode("latin-1")


def run_simulator(
    simulator: PtySimulator,
    script: Iterable[str] | None,
    out: TextIO,
    err: TextIO,
    *,
    exit_at_end: bool = False,
    stop: threading.Event | None = None,
) -> int:
    """Start ``simulator``, print its path first, run the script, serve until told to stop."""
    simulator.start()
    try:
        out.write(simulator.path + "\n")
        out.flush()
        if script is not None:
            more = simulator.run_script(script, err)
            if not more or exit_at_end:
                return 0
        (stop or threading.Event()).wait()
        return 0
    finally:
        simulator.stop()


def cmd_simulate(args: argparse.Namespace) -> int:
    # On SIGTERM unwind like Ctrl-C, so the pty is closed and the --link symlink removed.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        simulator = build_simulator(args)
    except ValueError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    script: Iterable[str] | None = None
    handle: TextIO | None = None
    if args.script == "-":
        script = sys.stdin
    elif args.script:
        try:
            handle = open(args.script, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            print(f"station: {exc}", file=sys.stderr)
            return 1
        script = handle
    try:
        return run_simulator(
            simulator, script, sys.stdout, sys.stderr, exit_at_end=args.exit_at_end
        )
    finally:
        if handle is not None:
            handle.close()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def add_simulate_parser(subparsers: Any) -> Any:
    """Adds `station simulate`; returns its sub-commands so others (printer) can join."""
    parser = subparsers.add_parser(
        "simulate",
        help="a virtual scanner, scale or RFID reader on a pseudo-terminal, or a label printer",
    )
    kinds = parser.add_subparsers(dest="device", required=True, metavar="DEVICE")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--script", metavar="FILE|-", help="actions, one a line (- for stdin)")
        p.add_argument("--link", metavar="PATH", help="keep a symlink here to the current pty")
        p.add_argument("--exit-at-end", action="store_true", help="stop when the script ends")
        p.set_defaults(func=cmd_simulate)

    scanner = kinds.add_parser("scanner", help="serial barcode scanner (scan TEXT)")
    scanner.add_argument("--prefix", default="", help="sent before each code (e.g. STX)")
    scanner.add_argument("--suffix", default="CR", help="sent after each code: CR, LF, CRLF")
    common(scanner)
    scale = kinds.add_parser("scale", help="scale (weight GRAMS stable|motion, overload, ...)")
    scale.add_argument("--protocol", choices=PROTOCOLS, default="sics")
    scale.add_argument("--unit", choices=("g", "kg", "lb", "oz"), help="displayed unit")
    scale.add_argument("--rate", type=float, default=10.0, help="frames a second (continuous)")
    scale.add_argument("--no-checksum", action="store_true", help="continuous frames without CHK")
    common(scale)
    rfid = kinds.add_parser("rfid", help="ThingMagic Mercury RFID module (tag EPC, burst EPC N)")
    common(rfid)
    try:
        from drivers.printers.simulator import add_printer_simulate_parser
    except ImportError:
        pass
    else:
        add_printer_simulate_parser(kinds)  # the TCP printer, from the printers module
    return kinds


# -- doctor ---------------------------------------------------------------------------------


def doctor_checks(
    config: StationConfig | Devices,
    *,
    lister: PortLister = system_ports,
    timeout_s: float = 1.0,
) -> list[Check]:
    """One check per configured device. ``config`` is a StationConfig or its devices mapping.

    Serial devices are looked up and opened; scales and RFID readers must answer a poll
    (a running station holding the port makes this fail, and says so). Printers are
    checked by the printers module (``~HS`` status); camera tables are validated.
    """
    if not isinstance(config, StationConfig):
        frozen = {name: MappingProxyType(dict(table)) for name, table in config.items()}
        config = StationConfig(paths=StationPaths.resolve(), devices=MappingProxyType(frozen))
    base_dir = config.source.parent if config.source is not None else None
    checks: list[Check] = []
    for name, table in config.devices.items():
        label = f"device {name}"
        try:
            spec = parse_device(name, table)
        except DeviceConfigError as exc:
            checks.append(Check(label, False, str(exc), "correct the key in the config file"))
            continue
        if not spec.enabled:
            checks.append(Check(label, True, "disabled in the config"))
        elif isinstance(spec, OtherSpec):
            if spec.role == "camera":
                checks.append(_check_camera(label, spec, base_dir))
        elif spec.serial is None:
            checks.append(Check(label, True, "keyboard-wedge scanner: read by the app window"))
        else:
            checks.append(_check_serial(label, spec, spec.serial, lister, timeout_s))
    try:
        from drivers.printers.diagnostics import printer_checks
    except ImportError:
        return checks
    return checks + printer_checks(config)


def _check_serial(
    label: str,
    spec: ScannerSpec | ScaleSpec | RfidSpec,
    serial: SerialSettings,
    lister: PortLister,
    timeout_s: float,
) -> Check:
    port_name = resolve_port(serial, lister)
    if port_name is None:
        return Check(
            label,
            False,
            f"{serial.describe()}: not found",
            "plug the device in; `station devices list` shows the ports and USB ids present",
        )
    try:
        port = open_serial(port_name, serial, 0.05)
    except (OSError, ValueError) as exc:
        text = str(exc)
        fix = "check the port name"
        if "ermission" in text:
            fix = "give this user access to serial ports (Linux: the dialout group)"
        elif "busy" in text.lower() or "lock" in text.lower():
            fix = "close the program using the port (is the station already running?)"
        return Check(label, False, f"{port_name}: cannot open: {text}", fix)
    try:
        if isinstance(spec, ScannerSpec):
            return Check(label, True, f"{port_name}: opens ({serial.describe()})")
        if isinstance(spec, ScaleSpec):
            return _probe_scale(label, spec, port, port_name, timeout_s)
        return _probe_rfid(label, port, port_name, serial, timeout_s)
    except OSError as exc:
        return Check(label, False, f"{port_name}: {exc}", "check the cable and the port settings")
    finally:
        port.close()


def _read_until(port: Any, done: Callable[[bytes], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        data = port.read(max(1, port.in_waiting))
        if data and done(data):
            return


def _probe_scale(label: str, spec: ScaleSpec, port: Any, port_name: str, timeout_s: float) -> Check:
    protocol = make_protocol(spec.protocol, unit=spec.unit, checksum=spec.checksum)
    parser = protocol.new_parser()
    mask = 0x7F if spec.serial.bytesize == 7 else 0xFF
    answers: list[ScaleReading | ScaleAck] = []
    problems: list[str] = []

    def take(data: bytes) -> bool:
        for item in parser.feed(bytes(b & mask for b in data)):
            reply = item if isinstance(item, FrameError) else protocol.decode(item, "poll")
            if isinstance(reply, FrameError):
                problems.append(reply.message)
            else:
                answers.append(reply)
        return bool(answers)

    if protocol.demand:
        port.write(protocol.poll_command())
    _read_until(port, take, timeout_s if protocol.demand else max(timeout_s, 1.5))
    if answers:
        reading = answers[0]
        if isinstance(reading, ScaleReading):
            grams = f" {reading.grams:g} g" if reading.grams is not None else ""
            what = reading.state.value + grams
        else:
            what = reading.detail
        return Check(label, True, f"{port_name}: {spec.protocol} scale answers ({what})")
    detail = f"{port_name}: no {spec.protocol} reply within {timeout_s:.1f} s"
    if problems:
        detail += f" (unreadable: {problems[0]})"
    return Check(
        label,
        False,
        detail,
        f"check the scale is on and set to {spec.protocol} at {spec.serial.describe()}",
    )


def _probe_rfid(
    label: str, port: Any, port_name: str, serial: SerialSettings, timeout_s: float
) -> Check:
    parser = mercury.MercuryFrameParser()
    versions: list[mercury.MercuryFrame] = []

    def take(data: bytes) -> bool:
        for item in parser.feed(data):
            if isinstance(item, mercury.MercuryFrame) and item.opcode == mercury.OP_VERSION:
                versions.append(item)
        return bool(versions)

    port.write(mercury.cmd_version())
    _read_until(port, take, timeout_s)
    if versions and versions[0].status == mercury.STATUS_OK:
        data = versions[0].data
        firmware = ".".join(f"{b:02X}" for b in data[12:16]) if len(data) >= 16 else "?"
        return Check(label, True, f"{port_name}: Mercury reader answers (firmware {firmware})")
    return Check(
        label,
        False,
        f"{port_name}: no Mercury version reply within {timeout_s:.1f} s",
        f"check the reader is powered and set to {serial.baud} baud",
    )


def _check_camera(label: str, spec: OtherSpec, base_dir: Path | None) -> Check:
    if spec.table.get("kind") == "qt":
        return Check(label, True, "Qt camera: opened by the app window")
    try:
        from drivers.camera.config import open_camera
    except ImportError:
        return Check(label, True, "camera: not checked (no camera module)")
    try:
        open_camera(
            spec.table, lambda photo: None, section=f"devices.{spec.name}", base_dir=base_dir
        )
    except ConfigError as exc:
        return Check(label, False, str(exc), "correct the key in the config file")
    folder = Path(str(spec.table.get("dir", ""))).expanduser()
    if not folder.is_absolute() and base_dir is not None:
        folder = base_dir / folder
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK | os.X_OK):
        return Check(label, False, f"camera folder {folder} cannot be written", f"create {folder}")
    return Check(label, True, f"{spec.table.get('kind')} camera, photos from {folder}")
