"""The device manager: config tables to running devices, one callback, hot-plug without leaks."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drivers.device_config import (
    DeviceConfigError,
    OtherSpec,
    ScaleSpec,
    ScannerSpec,
    parse_device,
    parse_devices,
)
from drivers.events import (
    ConnectionStatus,
    DeviceError,
    DeviceEvent,
    DeviceStatusEvent,
    PrinterStatusEvent,
    RfidEvent,
    ScanEvent,
    WeightEvent,
)
from drivers.manager import DeviceManager
from drivers.serial_link import ReconnectPolicy, SerialSettings, UsbId, resolve_port
from drivers.simulators.rfid import RfidSimulator
from drivers.simulators.scale import ScaleSimulator
from drivers.simulators.scanner import ScannerSimulator
from drivers.status_poller import StatusPoller
from tests.drivers.ptykit import FAST, Recorder, open_fds


@dataclasses.dataclass
class FakePort:
    """What serial.tools.list_ports reports for a USB adapter."""

    device: str
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    description: str = "USB serial"
    manufacturer: str = "Zebra"


# -- config ---------------------------------------------------------------------------------


def test_tables_become_specs_with_defaults_per_protocol() -> None:
    specs = parse_devices(
        {
            "scanner": {"kind": "serial", "port": "/dev/ttyUSB0", "baud": 9600, "suffix": "\r"},
            "scanner_desk": {"kind": "hid", "fnc1": "|", "inter_key_ms": 25},
            "scale": {"protocol": "toledo8217", "usb": "0403:6001:A9X", "unit": "kg"},
            "rfid": {"port": "/dev/ttyACM0", "mode": "poll"},
            "printer": {"kind": "tcp", "host": "10.0.0.5", "port": 9100},
        }
    )
    scanner, wedge, scale, rfid, printer = specs
    assert isinstance(scanner, ScannerSpec) and scanner.serial == SerialSettings(
        port="/dev/ttyUSB0"
    )
    assert isinstance(wedge, ScannerSpec) and wedge.serial is None and wedge.wedge.fnc1 == "|"
    assert wedge.wedge.max_gap_s == 0.025
    assert isinstance(scale, ScaleSpec) and scale.unit == "kg"
    assert scale.serial == SerialSettings(
        usb=UsbId(0x0403, 0x6001, "A9X"), baud=9600, bytesize=7, parity="E"
    )
    assert rfid.serial.baud == 115200 and rfid.options.mode == "poll"  # type: ignore[union-attr]
    assert isinstance(printer, OtherSpec) and printer.role == "printer"


@pytest.mark.parametrize(
    ("name", "table", "message"),
    [
        ("scale", {"port": "/dev/x"}, "[devices.scale] protocol: required"),
        ("scale", {"protocol": "dymo", "port": "/dev/x"}, "protocol: one of sics"),
        (
            "scale",
            {"protocol": "sics", "port": "/dev/x", "unit": "kg"},
            "unit: only for toledo8217",
        ),
        ("scanner", {"port": "/dev/x", "baudrate": 9600}, "baudrate: unknown key"),
        ("scanner", {"port": "/dev/x", "parity": "maybe"}, "parity: N, E, O"),
        ("scanner", {"port": "/dev/x", "suffix": ""}, "suffix: must not be empty"),
        ("rfid", {"usb": "xyz"}, "usb: expected VID:PID"),
        ("rfid", {}, "port: set port"),
        ("till", {"port": "/dev/x"}, "cannot tell what device"),
        ("scale", {"protocol": "nci", "port": "/dev/x", "baud": True}, "baud: expected an integer"),
    ],
)
def test_config_errors_name_the_table_and_key(
    name: str, table: dict[str, object], message: str
) -> None:
    with pytest.raises(DeviceConfigError) as caught:
        parse_device(name, table)
    assert message in str(caught.value)


# -- running ------------------------------------------------------------------------------


def connected(name: str) -> Callable[[DeviceStatusEvent], bool]:
    return lambda e: e.device == name and e.status is ConnectionStatus.CONNECTED


def scanned(data: str) -> Callable[[ScanEvent], bool]:
    return lambda e: e.data == data


def test_all_devices_report_through_one_callback_and_stop_joins_them(tmp_path: Path) -> None:
    threads_before = threading.active_count()
    recorder = Recorder()
    seen_threads: set[str] = set()
    busy = threading.Lock()
    overlap: list[bool] = []

    def callback(event: DeviceEvent) -> None:
        if not busy.acquire(blocking=False):
            overlap.append(True)  # two devices inside the callback at once
            return
        try:
            seen_threads.add(threading.current_thread().name)
            recorder(event)
            if isinstance(event, ScanEvent) and event.data == "BOOM":
                raise RuntimeError("a broken callback must not kill the scanner thread")
        finally:
            busy.release()

    scanner = ScannerSimulator(link=tmp_path / "scanner")
    scale = ScaleSimulator("sics", link=tmp_path / "scale")
    rfid = RfidSimulator(link=tmp_path / "rfid")
    for sim in (scanner, scale, rfid):
        sim.start()
    devices: dict[str, dict[str, Any]] = {
        "scanner": {"port": str(tmp_path / "scanner")},
        "scanner_desk": {"kind": "hid"},
        "scale": {
            "protocol": "sics",
            "port": str(tmp_path / "scale"),
            "poll_ms": 30,
            "settle_ms": 100,
        },
        "rfid": {"port": str(tmp_path / "rfid")},
        "printer": {"kind": "tcp", "host": "127.0.0.1"},
    }
    manager = DeviceManager(devices, callback, policy=FAST)
    assert set(manager.devices) == {"scanner", "scale", "rfid"}
    assert set(manager.skipped) == {"scanner_desk", "printer"}
    try:
        with manager:
            for name in ("scanner", "scale", "rfid"):
                recorder.wait_for(DeviceStatusEvent, connected(name))
            assert rfid.streaming_started.wait(2.0)
            scanner.scan("BOOM")
            recorder.wait_for(ScanEvent)
            scanner.scan("]C1RMA-0001234")
            scale.set_weight(812.5)
            rfid.tag("3074257BF7194E4000001A85")
            assert recorder.wait_for(ScanEvent, lambda e: e.data != "BOOM").symbology == "]C1"
            assert recorder.wait_for(WeightEvent, lambda e: e.settled).grams == 812.5
            assert recorder.wait_for(RfidEvent).epc == "3074257BF7194E4000001A85"
            assert set(manager.alive()) == {"scanner", "scale", "rfid"}
        assert manager.alive() == []
    finally:
        for sim in (scanner, scale, rfid):
            sim.stop()
    assert not overlap, "the callback must never run twice at once"
    assert {"device-scanner", "device-scale", "device-rfid"} <= seen_threads
    assert threading.active_count() == threads_before


def test_usb_device_is_found_by_vid_pid_serial_under_a_new_name(tmp_path: Path) -> None:
    """The replugged adapter comes back as ttyUSB1 while another adapter takes ttyUSB0."""
    old_name, new_name = tmp_path / "ttyUSB0", tmp_path / "ttyUSB1"
    ports: list[FakePort] = []
    recorder = Recorder()
    with ScannerSimulator(link=old_name) as first:
        ports.append(FakePort(str(old_name), 0x05E0, 0x1200, "SCAN-A"))
        devices = {"scanner": {"usb": "05E0:1200:SCAN-A"}}
        manager = DeviceManager(devices, recorder, lister=lambda: list(ports), policy=FAST)
        with manager:
            connected = recorder.wait_status(ConnectionStatus.CONNECTED)
            assert str(old_name) in connected.detail
            first.scan("FROM-A")
            recorder.wait_for(ScanEvent)
            mark = recorder.mark()
            ports.clear()
            first.unplug()
            recorder.wait_status(ConnectionStatus.DISCONNECTED, after=mark)
            with (
                ScannerSimulator(link=new_name) as back,
                ScannerSimulator(link=old_name) as stranger,
            ):
                ports[:] = [
                    FakePort(str(old_name), 0x05E0, 0x1200, "SCAN-B"),  # same model, other unit
                    FakePort(str(new_name), 0x05E0, 0x1200, "SCAN-A"),
                ]
                again = recorder.wait_status(ConnectionStatus.CONNECTED, after=mark, timeout=2.0)
                assert str(new_name) in again.detail
                stranger.scan("FROM-STRANGER")
                back.scan("FROM-A-AGAIN")
                recorder.wait_for(ScanEvent, lambda e: e.data == "FROM-A-AGAIN")
                assert "FROM-STRANGER" not in [e.data for e in recorder.of(ScanEvent)]


def test_unplug_detected_within_1s_and_reopened_within_2s_with_default_timings(
    tmp_path: Path,
) -> None:
    recorder = Recorder()
    link = tmp_path / "scale"
    with ScaleSimulator("sics", link=link) as sim:
        manager = DeviceManager({"scale": {"protocol": "sics", "port": str(link)}}, recorder)
        with manager:
            recorder.wait_status(ConnectionStatus.CONNECTED)
            mark = recorder.mark()
            pulled = time.monotonic()
            sim.unplug()
            lost = recorder.wait_status(ConnectionStatus.DISCONNECTED, after=mark, timeout=1.0)
            assert lost.at - pulled < 1.0
            mark = recorder.mark()
            plugged = time.monotonic()
            sim.replug()
            back = recorder.wait_status(ConnectionStatus.CONNECTED, after=mark, timeout=2.0)
            assert back.at - plugged < 2.0
            sim.set_weight(55.0)
            recorder.wait_for(WeightEvent, lambda e: e.grams == 55.0, after=mark)


def test_a_hundred_plug_cycles_leak_no_threads_or_descriptors(tmp_path: Path) -> None:
    link = tmp_path / "scanner"
    recorder = Recorder()
    quick = ReconnectPolicy(
        first_retry_s=0.005, max_retry_s=0.02, presence_check_s=0.05, read_tick_s=0.02
    )
    with ScannerSimulator(link=link) as sim:
        manager = DeviceManager({"scanner": {"port": str(link)}}, recorder, policy=quick)
        with manager:
            recorder.wait_status(ConnectionStatus.CONNECTED)
            threads, fds = threading.active_count(), open_fds()
            for cycle in range(100):
                mark = recorder.mark()
                sim.unplug()
                recorder.wait_status(ConnectionStatus.DISCONNECTED, after=mark)
                mark = recorder.mark()
                sim.replug()
                recorder.wait_status(ConnectionStatus.CONNECTED, after=mark)
                if cycle % 25 == 0:
                    sim.scan(f"CYCLE-{cycle}")
                    recorder.wait_for(ScanEvent, scanned(f"CYCLE-{cycle}"))
            assert threading.active_count() == threads
            assert open_fds() == fds
        assert manager.alive() == []


def test_port_names_resolve_by_path_listing_or_url(tmp_path: Path) -> None:
    com3 = [FakePort("COM3"), FakePort("COM4")]
    assert resolve_port(SerialSettings(port="COM3"), lambda: com3) == "COM3"
    assert resolve_port(SerialSettings(port="com4"), lambda: com3) == "com4"
    assert resolve_port(SerialSettings(port="COM9"), lambda: com3) is None
    assert resolve_port(SerialSettings(port="COM9"), list) == "COM9"  # nothing listed: just try
    assert resolve_port(SerialSettings(port=str(tmp_path / "none")), lambda: com3) is None
    assert (
        resolve_port(SerialSettings(port="socket://10.0.0.9:4001"), list)
        == "socket://10.0.0.9:4001"
    )


def test_status_poller_reports_the_first_status_and_each_change() -> None:
    answers = itertools.chain([True, True, False, False], itertools.repeat(True))
    asked = threading.Semaphore(0)

    def probe() -> PrinterStatusEvent:
        ready = next(answers)
        asked.release()
        faults = () if ready else ("paper_out",)
        return PrinterStatusEvent("printer", ready, faults, "", time.monotonic())

    def broken() -> PrinterStatusEvent:
        raise RuntimeError("driver bug")

    recorder = Recorder()
    poller = StatusPoller("printer", probe, recorder, interval_s=0.001)
    failing = StatusPoller("other", broken, recorder, interval_s=0.001)
    poller.start()
    failing.start()
    try:
        for _ in range(8):
            assert asked.acquire(timeout=2.0)
        assert recorder.wait_for(DeviceError).message.startswith("status probe failed")
    finally:
        poller.stop()
        failing.stop()
    readiness = [e.ready for e in recorder.of(PrinterStatusEvent)]
    assert readiness == [True, False, True]
    assert len(recorder.of(DeviceError)) == 1  # the same failure is not repeated
    assert not poller.is_alive() and not failing.is_alive()
