"""`station doctor` lines and `devices monitor` events for printers, against the simulator."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from drivers.printers import TcpPrinter
from drivers.printers.diagnostics import printer_checks, printer_status_event
from drivers.printers.simulator import PrinterSimulator, SimulatedFault
from station.config import StationConfig
from tests.drivers.printer_support import new_threads


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert new_threads(before) == []


def test_status_event_for_a_ready_and_a_faulted_printer() -> None:
    with PrinterSimulator() as simulator:
        printer = TcpPrinter(*simulator.address)
        ready = printer_status_event("printer", printer)
        simulator.set_fault(SimulatedFault.PAPER_OUT)
        faulted = printer_status_event("printer", printer)
    assert ready.ready and ready.faults == () and ready.detail == "ready"
    assert not faulted.ready and faulted.faults == ("paper_out",)
    assert faulted.detail == "Paper out — load labels and press FEED"


def test_status_event_for_a_silent_printer() -> None:
    with PrinterSimulator(fault=SimulatedFault.SILENT) as simulator:
        event = printer_status_event("printer", TcpPrinter(*simulator.address, timeout=0.3))
    assert not event.ready and event.faults == ("no_answer",)
    assert "did not answer ~HS" in event.detail


def test_doctor_lines(config: StationConfig) -> None:
    (files,) = printer_checks(config)
    assert files.ok and "no [devices.printer] configured" in files.detail

    with PrinterSimulator() as simulator:
        devices = {"printer": simulator.config}
        (ok,) = printer_checks(StationConfig(paths=config.paths, devices=devices))
        simulator.set_fault(SimulatedFault.HEAD_OPEN)
        (bad,) = printer_checks(StationConfig(paths=config.paths, devices=devices))
    assert ok.ok and ok.name == "printer" and ok.detail.endswith(": ready")
    assert not bad.ok and bad.fix == "Print head open — close the print head"

    broken = {"printer": {"kind": "tcp", "port": 9100}}
    (config_error,) = printer_checks(StationConfig(paths=config.paths, devices=broken))
    assert not config_error.ok and "[devices.printer] host: missing" in config_error.detail
