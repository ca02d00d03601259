"""`station devices list|monitor`, `station simulate` and the device checks of `station doctor`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import serial

from drivers.commands import configured_rows, doctor_checks, event_json, monitor, serial_port_rows
from drivers.events import (
    ConnectionStatus,
    DeviceError,
    DeviceStatusEvent,
    PrinterStatusEvent,
    RfidEvent,
    ScanEvent,
    WeightEvent,
    WeightState,
)
from drivers.simulators.base import unescape
from drivers.simulators.rfid import RfidSimulator
from drivers.simulators.scale import ScaleSimulator
from drivers.simulators.scanner import ScannerSimulator
from tests.drivers.test_device_manager import FakePort

ROOT = Path(__file__).resolve().parents[2]


class Lines(io.StringIO):
    """A text sink that lets the test wait for JSON lines written from device threads."""

    def __init__(self) -> None:
        super().__init__()
        self._changed = threading.Condition()

    def write(self, text: str) -> int:
        with self._changed:
            written = super().write(text)
            self._changed.notify_all()
            return written

    def wait(self, predicate: Any, timeout: float = 3.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.getvalue().splitlines():
                    record: dict[str, Any] = json.loads(line)
                    if predicate(record):
                        return record
                left = deadline - time.monotonic()
                assert left > 0, f"no matching line in {self.getvalue()!r}"
                self._changed.wait(left)


def test_event_json_carries_the_payload_of_each_kind() -> None:
    scan = event_json(ScanEvent("scanner", "]C1RMA-0001234", "]C1", "serial", 1.0))
    assert scan["event"] == "scan" and scan["data"] == "]C1RMA-0001234"
    assert (scan["symbology"], scan["symbology_name"], scan["kind"]) == ("]C1", "GS1-128", "serial")
    assert scan["code"]["kind"] == "rma"
    rfid = event_json(RfidEvent("rfid", "3074257BF7194E4000001A85", -60, 1, 2.0))
    assert rfid["epc_uri"] == "urn:epc:id:sgtin:0614141.812345.6789"
    assert rfid["sgtin"] == {
        "company_prefix": "0614141",
        "item_reference": "812345",
        "serial": "6789",
        "gtin": "80614141123458",
    }
    assert "sgtin" not in event_json(RfidEvent("rfid", "E2801160600002054CC2096F", None, None, 2.0))
    weight = event_json(WeightEvent("scale", None, "g", WeightState.MOTION, "S D 1.0 g", 3.0))
    assert (weight["event"], weight["grams"], weight["state"]) == ("weight", None, "motion")
    status = event_json(DeviceStatusEvent("scale", ConnectionStatus.DISCONNECTED, "gone", 4.0))
    assert (status["event"], status["status"]) == ("status", "disconnected")
    printer = event_json(PrinterStatusEvent("printer", False, ("paper_out",), "Paper out", 5.0))
    assert (printer["event"], printer["faults"]) == ("printer", ["paper_out"])
    error = event_json(DeviceError("scanner", "1 control byte", 6.0, b"\x07A"))
    assert (error["event"], error["raw"]) == ("error", "07 41")
    for line in (scan, rfid, weight, status, printer, error):
        assert line["device"] and json.dumps(line)


def test_monitor_prints_one_json_line_per_event(tmp_path: Path) -> None:
    out, notes, stop = Lines(), io.StringIO(), threading.Event()
    with (
        ScannerSimulator(link=tmp_path / "scanner") as scanner,
        RfidSimulator(link=tmp_path / "rfid") as rfid,
    ):
        devices = {
            "scanner": {"port": str(tmp_path / "scanner")},
            "rfid": {"port": str(tmp_path / "rfid")},
            "printer": {"kind": "file", "dir": str(tmp_path / "labels")},
            "camera": {"kind": "folder", "dir": str(tmp_path / "photos")},
        }
        runner = threading.Thread(
            target=monitor, args=(devices, out), kwargs={"stop": stop, "notes": notes}
        )
        runner.start()
        try:
            out.wait(lambda r: r["device"] == "scanner" and r.get("status") == "connected")
            out.wait(lambda r: r["device"] == "rfid" and r.get("status") == "connected")
            assert rfid.streaming_started.wait(2.0)
            scanner.scan("]C1RMA-0001234")
            rfid.tag("3074257BF7194E4000001A85")
            assert out.wait(lambda r: r["event"] == "scan")["data"] == "]C1RMA-0001234"
            assert out.wait(lambda r: r["event"] == "rfid")["sgtin"]["serial"] == "6789"
            printer = out.wait(lambda r: r["event"] == "printer")
            assert printer["device"] == "printer" and printer["ready"] is True
        finally:
            stop.set()
            runner.join(5)
    assert not runner.is_alive()
    assert "camera: not monitored" in notes.getvalue()
    assert out.wait(lambda r: r.get("detail") == "stopped")


def test_simulate_command_prints_the_pty_path_first_and_follows_stdin() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "station.cli", "simulate", "scanner", "--script", "-"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdin is not None
        path = process.stdout.readline().strip()
        if not path.startswith("/dev/pts/"):
            process.stdin.close()
            process.wait(10)
            raise AssertionError(f"no pty path; stderr: {process.stderr.read()}")  # type: ignore[union-attr]
        with serial.Serial(path, timeout=3) as port:
            process.stdin.write("scan ]C1RMA-0001234\nnonsense here\n")
            process.stdin.flush()
            assert port.read_until(b"\r") == b"]C1RMA-0001234\r"
        process.stdin.write("quit\n")
        process.stdin.close()
        assert process.wait(10) == 0
        assert process.stderr is not None
        assert "line 2: unknown action 'nonsense'" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def test_listing_shows_ports_with_usb_ids_and_where_devices_are() -> None:
    ports = [
        FakePort("/dev/ttyUSB0", 0x0C2E, 0x0B61, "SN42", "Honeywell scanner"),
        FakePort("/dev/ttyS0"),
    ]
    rows = serial_port_rows(lambda: ports)
    assert rows[0] == {
        "port": "/dev/ttyS0",
        "usb": "",
        "description": "USB serial",
        "manufacturer": "Zebra",
    }
    assert rows[1]["usb"] == "0C2E:0B61:SN42"
    configured = configured_rows(
        {
            "scanner": {"usb": "0C2E:0B61:SN42"},
            "scale": {"protocol": "nci", "port": "/nonexistent/ttyUSB9"},
            "printer": {"kind": "tcp", "host": "10.1.2.3", "port": 9100},
            "rfid": {"port": 7},
        },
        lambda: ports,
    )
    assert [(r["name"], r["present"]) for r in configured[:3]] == [
        ("scanner", "/dev/ttyUSB0"),
        ("scale", "no"),
        ("printer", ""),
    ]
    assert configured[2]["target"] == "tcp 10.1.2.3:9100"
    assert configured[3]["present"].startswith("config error")


def test_doctor_checks_each_device_and_says_what_to_fix(tmp_path: Path) -> None:
    with (
        ScaleSimulator("nci", link=tmp_path / "scale") as scale,
        ScaleSimulator("toledo_continuous", link=tmp_path / "belt", rate_hz=20) as belt,
        RfidSimulator(link=tmp_path / "rfid"),
        ScannerSimulator(link=tmp_path / "scanner") as scanner,
    ):
        scale.set_weight(2000.0)
        belt.set_weight(150.0)
        held = serial.Serial(str(tmp_path / "scanner"), exclusive=True)
        try:
            checks = doctor_checks(
                {
                    "scale": {"protocol": "nci", "port": str(tmp_path / "scale")},
                    "scale_belt": {"protocol": "toledo_continuous", "port": str(tmp_path / "belt")},
                    "rfid": {"port": str(tmp_path / "rfid")},
                    "scanner": {"port": str(tmp_path / "scanner")},
                    "scanner_gone": {"port": str(tmp_path / "nothing-here")},
                    "scanner_desk": {"kind": "hid"},
                    "scale_typo": {"protocol": "sics", "prot": "/dev/x"},
                    "printer": {"kind": "file", "dir": str(tmp_path / "labels")},
                    "camera": {"kind": "folder", "dir": str(tmp_path / "photos")},
                    "camera_2": {"kind": "folder", "folder": "x"},
                },
                timeout_s=1.0,
            )
        finally:
            held.close()
        assert scanner.plugged
    by_name = {check.name.removeprefix("device "): check for check in checks}
    assert len(by_name) == len(checks) == 10
    assert by_name["scale"].ok and "nci scale answers (stable 1999.89 g)" in by_name["scale"].detail
    assert by_name["scale_belt"].ok, by_name["scale_belt"].detail
    assert by_name["rfid"].ok and "firmware" in by_name["rfid"].detail
    assert not by_name["scanner"].ok and "already running" in by_name["scanner"].fix
    assert not by_name["scanner_gone"].ok and "station devices list" in by_name["scanner_gone"].fix
    assert by_name["scanner_desk"].ok
    assert not by_name["scale_typo"].ok and "prot: unknown key" in by_name["scale_typo"].detail
    assert by_name["camera"].ok and "photos" in by_name["camera"].detail
    assert not by_name["camera_2"].ok and "folder" in by_name["camera_2"].detail
    assert by_name["printer"].ok, by_name["printer"]  # checked by the printers module


def test_doctor_reports_a_scale_that_does_not_answer(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        devices = {"scale": {"protocol": "sics", "port": os.ttyname(slave)}}
        checks = doctor_checks(devices, timeout_s=0.2)
    finally:
        os.close(master)
        os.close(slave)
    check = next(c for c in checks if c.name == "device scale")
    assert not check.ok and "no sics reply" in check.detail and "9600 8N1" in check.fix
    assert [c.name for c in checks] == ["device scale", "printer"]  # labels go to files


def test_script_lines_understand_escapes_and_report_mistakes() -> None:
    assert unescape(r"]C1<GS>01\x1d10\\r") == "]C1\x1d01\x1d10\\r"
    errors = io.StringIO()
    with ScannerSimulator() as scanner, serial.Serial(scanner.path, timeout=2) as port:
        more = scanner.run_script(
            [
                "# a comment",
                "",
                "scan A<GS>B",
                "sleep -1",
                "scan",
                "chunk 2 0",
                "scan CD",
                "quit",
                "scan X",
            ],
            errors,
        )
        assert port.read_until(b"CD\r") == b"A\x1dB\rCD\r"
    assert more is False
    assert errors.getvalue().splitlines() == ["line 4: expected sleep SECONDS", "line 5: scan TEXT"]
