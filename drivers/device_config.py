"""The ``[devices.*]`` tables of the station config, checked and turned into device specs.

A table's role comes from its ``type`` key or else from its name: ``[devices.scanner]``,
``[devices.scanner_2]``, ``[devices.scale]``, ``[devices.rfid]``, ``[devices.printer]``,
``[devices.camera]``. Every key is checked here, so a typo is an error naming the table
and the key, not a device that silently never starts. Printer and camera tables belong to
their own modules and are passed through unchecked.

Serial keys (scanner, scale, rfid): ``port`` (path or pyserial URL) or ``usb``
(``"VID:PID[:SERIAL]"``, hex, found again after a replug whatever its port name),
``baud``, ``bytesize`` (5-8), ``parity`` (``N``/``E``/``O``/``M``/``S`` or ``none``/``even``
/...), ``stopbits`` (1, 1.5, 2), ``enabled`` (default true).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal

from drivers.rfid.reader import RfidOptions
from drivers.scales.device import DEFAULT_LINE, PROTOCOLS, ScaleOptions
from drivers.scales.units import GRAMS_PER_UNIT
from drivers.scanners.serial_scanner import ScannerOptions
from drivers.scanners.wedge import WedgeOptions
from drivers.serial_link import SerialSettings, UsbId

ROLES = ("scanner", "scale", "rfid", "printer", "camera")

_SERIAL_KEYS = {"type", "enabled", "port", "usb", "baud", "bytesize", "parity", "stopbits"}
_SCANNER_KEYS = _SERIAL_KEYS | {
    "kind",
    "prefix",
    "suffix",
    "max_length",
    "repeat_window_ms",
    "encoding",
    "inter_key_ms",
    "min_length",
    "fnc1",
}
_SCALE_KEYS = _SERIAL_KEYS | {
    "protocol",
    "unit",
    "poll_ms",
    "reply_timeout_ms",
    "division_g",
    "settle_readings",
    "settle_ms",
    "checksum",
}
_RFID_KEYS = _SERIAL_KEYS | {"protocol", "mode", "dedupe_ms", "poll_ms", "search_ms"}

_PARITY = {"n": "N", "none": "N", "e": "E", "even": "E", "o": "O", "odd": "O"}
_PARITY |= {"m": "M", "mark": "M", "s": "S", "space": "S"}
_NAMED_BYTES = {"cr": "\r", "lf": "\n", "crlf": "\r\n", "tab": "\t", "stx": "\x02", "etx": "\x03"}


class DeviceConfigError(ValueError):
    """A bad ``[devices.*]`` table; the message names the table and the key."""


@dataclasses.dataclass(frozen=True, slots=True)
class ScannerSpec:
    name: str
    kind: Literal["serial", "hid"]
    serial: SerialSettings | None
    options: ScannerOptions
    wedge: WedgeOptions
    enabled: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class ScaleSpec:
    name: str
    protocol: str
    serial: SerialSettings
    options: ScaleOptions
    unit: str
    checksum: bool
    enabled: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class RfidSpec:
    name: str
    serial: SerialSettings
    options: RfidOptions
    enabled: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class OtherSpec:
    """A printer or camera table, for the modules that own them."""

    name: str
    role: str
    table: Mapping[str, Any]
    enabled: bool = True


DeviceSpec = ScannerSpec | ScaleSpec | RfidSpec | OtherSpec


def device_role(name: str, table: Mapping[str, Any]) -> str:
    declared = table.get("type")
    if isinstance(declared, str) and declared in ROLES:
        return declared
    if declared is not None:
        raise DeviceConfigError(f"[devices.{name}] type: one of {', '.join(ROLES)}")
    for role in ROLES:
        if name.startswith(role):
            return role
    raise DeviceConfigError(
        f"[devices.{name}]: cannot tell what device this is; add type = one of {', '.join(ROLES)}"
    )


def parse_devices(devices: Mapping[str, Mapping[str, Any]]) -> list[DeviceSpec]:
    return [parse_device(name, table) for name, table in devices.items()]


def parse_device(name: str, table: Mapping[str, Any]) -> DeviceSpec:
    role = device_role(name, table)
    keys = _Table(name, table)
    if role == "scanner":
        return _scanner(name, keys)
    if role == "scale":
        return _scale(name, keys)
    if role == "rfid":
        return _rfid(name, keys)
    return OtherSpec(name, role, table, enabled=keys.boolean("enabled", True))


def _scanner(name: str, keys: _Table) -> ScannerSpec:
    keys.only(_SCANNER_KEYS)
    has_port = "port" in keys.table or "usb" in keys.table
    kind = keys.choice("kind", ("serial", "hid"), "serial" if has_port else "hid")
    serial = _serial(keys, (9600, 8, "N", 1)) if kind == "serial" else None
    fnc1 = keys.text("fnc1", "") or None
    if fnc1 is not None and len(fnc1) != 1:
        raise keys.error("fnc1", 'one character, e.g. "|"')
    return ScannerSpec(
        name,
        "serial" if kind == "serial" else "hid",
        serial,
        ScannerOptions(
            prefix=keys.delimiter("prefix", ""),
            suffix=keys.delimiter("suffix", "\r", required=True),
            max_length=keys.integer("max_length", 512, low=8, high=65536),
            repeat_window_s=keys.integer("repeat_window_ms", 400, low=0, high=60_000) / 1000,
            encoding=keys.choice("encoding", ("ascii", "latin-1", "utf-8"), "ascii"),
        ),
        WedgeOptions(
            max_gap_s=keys.integer("inter_key_ms", 30, low=1, high=1000) / 1000,
            min_length=keys.integer("min_length", 4, low=1, high=512),
            fnc1=fnc1,
        ),
        enabled=keys.boolean("enabled", True),
    )


def _scale(name: str, keys: _Table) -> ScaleSpec:
    keys.only(_SCALE_KEYS)
    if "protocol" not in keys.table:
        raise keys.error("protocol", f"required, one of {', '.join(PROTOCOLS)}")
    protocol = keys.choice("protocol", PROTOCOLS, "sics")
    unit = keys.choice("unit", tuple(GRAMS_PER_UNIT), "lb")
    if "unit" in keys.table and protocol != "toledo8217":
        raise keys.error("unit", "only for toledo8217 (the other protocols send their unit)")
    if "checksum" in keys.table and protocol != "toledo_continuous":
        raise keys.error("checksum", "only for toledo_continuous")
    return ScaleSpec(
        name,
        protocol,
        _serial(keys, DEFAULT_LINE[protocol]),
        ScaleOptions(
            poll_s=keys.integer("poll_ms", 200, low=20, high=10_000) / 1000,
            reply_timeout_s=keys.integer("reply_timeout_ms", 1000, low=50, high=30_000) / 1000,
            division_g=keys.number("division_g", 1.0, low=0.0001, high=100_000),
            settle_readings=keys.integer("settle_readings", 3, low=1, high=100),
            settle_s=keys.integer("settle_ms", 500, low=0, high=60_000) / 1000,
        ),
        unit,
        keys.boolean("checksum", True),
        enabled=keys.boolean("enabled", True),
    )


def _rfid(name: str, keys: _Table) -> RfidSpec:
    keys.only(_RFID_KEYS)
    keys.choice("protocol", ("mercury",), "mercury")
    mode = keys.choice("mode", ("stream", "poll"), "stream")
    return RfidSpec(
        name,
        _serial(keys, (115200, 8, "N", 1)),
        RfidOptions(
            mode="poll" if mode == "poll" else "stream",
            dedupe_s=keys.integer("dedupe_ms", 1000, low=0, high=600_000) / 1000,
            poll_s=keys.integer("poll_ms", 250, low=20, high=60_000) / 1000,
            search_ms=keys.integer("search_ms", 150, low=10, high=60_000),
        ),
        enabled=keys.boolean("enabled", True),
    )


def _serial(keys: _Table, line: tuple[int, int, str, float]) -> SerialSettings:
    port = keys.text("port", "") or None
    usb_text = keys.text("usb", "") or None
    if port is None and usb_text is None:
        raise keys.error("port", 'set port = "/dev/ttyUSB0" (or COM3) or usb = "VID:PID[:SERIAL]"')
    usb = None
    if usb_text is not None:
        try:
            usb = UsbId.parse(usb_text)
        except ValueError as exc:
            raise keys.error("usb", str(exc)) from None
    parity_text = keys.text("parity", line[2]).lower()
    if parity_text not in _PARITY:
        raise keys.error("parity", "N, E, O, M or S (or none, even, odd)")
    stopbits = keys.number("stopbits", line[3], low=1, high=2)
    if stopbits not in (1, 1.5, 2):
        raise keys.error("stopbits", "1, 1.5 or 2")
    return SerialSettings(
        port=port,
        usb=usb,
        baud=keys.integer("baud", line[0], low=50, high=4_000_000),
        bytesize=keys.integer("bytesize", line[1], low=5, high=8),
        parity=_PARITY[parity_text],
        stopbits=stopbits,
    )


class _Table:
    """Typed access to one device table with error messages that name the key."""

    def __init__(self, name: str, table: Mapping[str, Any]) -> None:
        self.name = name
        self.table = table

    def error(self, key: str, expected: str) -> DeviceConfigError:
        return DeviceConfigError(f"[devices.{self.name}] {key}: {expected}")

    def only(self, allowed: set[str]) -> None:
        for key in self.table:
            if key not in allowed:
                raise self.error(key, f"unknown key (known: {', '.join(sorted(allowed))})")

    def text(self, key: str, default: str) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, got {value!r}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(key, default)
        if value not in options:
            raise self.error(key, f"one of {', '.join(options)}, got {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def integer(self, key: str, default: int, *, low: int, high: int) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(key, f"expected an integer {low}..{high}, got {value!r}")
        return value

    def number(self, key: str, default: float, *, low: float, high: float) -> float:
        value = self.table.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise self.error(key, f"expected a number {low}..{high}, got {value!r}")
        return float(value)

    def delimiter(self, key: str, default: str, *, required: bool = False) -> bytes:
        """A prefix/suffix: literal text (TOML escapes) or a name like "CR", "CRLF", "STX"."""
        value = self.text(key, default)
        value = _NAMED_BYTES.get(value.lower(), value)
        if required and not value:
            raise self.error(key, 'must not be empty (e.g. "\\r", "CRLF")')
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            raise self.error(key, "characters of one byte each") from None
