"""Printer checks for ``station doctor`` and printer status events for ``devices monitor``."""

from __future__ import annotations

import time

from drivers.events import PrinterStatusEvent
from drivers.printers.base import Printer
from drivers.printers.queue import station_printers
from station.config import ConfigError, StationConfig
from station.doctor import Check


def printer_status_event(device: str, printer: Printer) -> PrinterStatusEvent:
    """Ask ``printer`` how it is (at most its ~HS timeout) and say so as a device event."""
    try:
        status = printer.status()
    except Exception as exc:  # PrinterError, or anything odd: the monitor must go on
        return PrinterStatusEvent(
            device=device, ready=False, faults=("no_answer",), detail=str(exc), at=time.monotonic()
        )
    detail = status.summary
    if status.warnings:
        detail += " (" + "; ".join(status.warnings) + ")"
    return PrinterStatusEvent(
        device=device,
        ready=status.ok,
        faults=status.fault_codes,
        detail=detail,
        at=time.monotonic(),
    )


def printer_checks(config: StationConfig) -> list[Check]:
    """One doctor line per configured printer (or one saying labels go to files)."""
    try:
        printers = station_printers(config)
    except ConfigError as exc:
        return [Check("printer", False, str(exc), "correct the named key in the config file")]
    checks: list[Check] = []
    for name, printer in printers.items():
        if name == "default" and "printer" in printers:
            continue  # the same printer under its table name
        label = "printer" if name == "default" else name
        event = printer_status_event(name, printer)
        where = printer.name
        if name == "default":
            where = f"no [devices.printer] configured — labels are written to {printer.name}"
        fix = ""
        if not event.ready:
            fix = (
                event.detail
                if event.faults != ("no_answer",)
                else (
                    "switch the printer on, check its cable/network and the host and port in "
                    f"[devices.{label}]"
                )
            )
        checks.append(Check(label, event.ready, f"{where}: {event.detail}", fix))
    return checks
