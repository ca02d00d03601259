"""Building a label printer from its ``[devices.printer]`` table in the station config.

::

    [devices.printer]
    kind = "tcp"          # raw TCP, Zebra ~HS status before each job
    host = "10.0.4.21"
    port = 9100           # optional, default 9100
    timeout = 1.0         # optional, seconds to wait for ~HS (default 1.0)
    job_timeout = 10.0    # optional, seconds to send a job and get it confirmed

    [devices.printer]
    kind = "spooler"      # the system spooler (CUPS lpr) through the zebra package
    queue = "zebra_bench1"

    [devices.printer]
    kind = "file"         # ZPL + PNG preview per job, for demo and training
    dir = "labels"        # relative paths are taken from base_dir (the config's folder)
    preview = true        # optional, default true
    dpi = 203             # optional, 203 or 300 (default: the station's label dpi)

Like every device table it may also say ``type = "printer"`` and ``enabled = false``
(read by the device manager). Every error raises :class:`station.config.ConfigError`
naming the table and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from drivers.printers.base import Printer
from drivers.printers.filesink import FilePrinter
from drivers.printers.spooler import SpoolerPrinter
from drivers.printers.tcp import TcpPrinter
from station.config import ConfigError

# "type" (the device role) and "enabled" are read by the device manager
# (drivers.device_config) for every device table, so they are allowed here too.
COMMON_KEYS = {"kind", "type", "enabled"}
KEYS = {
    "tcp": COMMON_KEYS | {"host", "port", "timeout", "job_timeout"},
    "spooler": COMMON_KEYS | {"queue"},
    "file": COMMON_KEYS | {"dir", "preview", "dpi"},
}


def _text(table: Mapping[str, Any], section: str, key: str) -> str:
    if key not in table:
        raise ConfigError(f"[{section}] {key}: missing")
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"[{section}] {key}: expected a non-empty string, got {value!r}")
    return value.strip()


def _seconds(table: Mapping[str, Any], section: str, key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 600:
        raise ConfigError(f"[{section}] {key}: expected seconds between 0 and 600, got {value!r}")
    return float(value)


def open_printer(
    config: Mapping[str, Any],
    *,
    section: str = "devices.printer",
    base_dir: Path | None = None,
    dpi: int = 203,
) -> Printer:
    """The printer a ``[devices.printer]`` table describes (nothing is contacted yet)."""
    kind = config.get("kind")
    if kind not in KEYS:
        raise ConfigError(
            f"[{section}] kind: expected one of {', '.join(repr(k) for k in KEYS)}, got {kind!r}"
        )
    unknown = sorted(set(config) - KEYS[kind])
    if unknown:
        raise ConfigError(
            f"[{section}] {unknown[0]}: unknown key for kind={kind!r} "
            f"(known: {', '.join(sorted(KEYS[kind]))})"
        )
    if kind == "tcp":
        port = config.get("port", 9100)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise ConfigError(f"[{section}] port: expected 1..65535, got {port!r}")
        return TcpPrinter(
            _text(config, section, "host"),
            port,
            timeout=_seconds(config, section, "timeout", 1.0),
            job_timeout=_seconds(config, section, "job_timeout", 10.0),
        )
    if kind == "spooler":
        return SpoolerPrinter(_text(config, section, "queue"))
    folder = Path(_text(config, section, "dir")).expanduser()
    if not folder.is_absolute() and base_dir is not None:
        folder = base_dir / folder
    preview = config.get("preview", True)
    if not isinstance(preview, bool):
        raise ConfigError(f"[{section}] preview: expected true or false, got {preview!r}")
    label_dpi = config.get("dpi", dpi)
    if label_dpi not in (203, 300) or isinstance(label_dpi, bool):
        raise ConfigError(f"[{section}] dpi: expected 203 or 300, got {label_dpi!r}")
    return FilePrinter(folder, preview=preview, dpi=label_dpi)
