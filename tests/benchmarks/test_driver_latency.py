"""Driver latency: a frame's last byte written to the pty -> the driver's callback; replug time.

Run with ``pytest -m benchmark -s tests/benchmarks/test_driver_latency.py``. Prints p50/p99
(target p99 under 5 ms) and the reconnect times after unplug/replug with default timings.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.events import (
    ConnectionStatus,
    DeviceEvent,
    DeviceStatusEvent,
    RfidEvent,
    ScanEvent,
    WeightEvent,
)
from drivers.rfid import mercury
from drivers.rfid.reader import RfidOptions, rfid_reader
from drivers.scales.device import ScaleOptions, scale_device
from drivers.scales.sics import SicsProtocol
from drivers.scanners.serial_scanner import ScannerOptions, serial_scanner
from drivers.serial_link import SerialDevice, SerialSettings
from drivers.simulators.scanner import ScannerSimulator

pytestmark = pytest.mark.benchmark

FRAMES = 400


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return (
        f"p50 {p50:.3f} ms  p99 {p99:.3f} ms  max {ordered[-1] * 1000:.3f} ms  (n={len(ordered)})"
    )


class Stopwatch:
    """Callback that time-stamps the events a test waits for."""

    def __init__(self, wanted: Callable[[DeviceEvent], bool]) -> None:
        self.wanted = wanted
        self.arrived = threading.Event()
        self.at = 0.0
        self.events: list[DeviceEvent] = []
        self.connected = threading.Event()

    def __call__(self, event: DeviceEvent) -> None:
        now = time.perf_counter()
        self.events.append(event)
        if isinstance(event, DeviceStatusEvent) and event.status is ConnectionStatus.CONNECTED:
            self.connected.set()
        if self.wanted(event):
            self.at = now
            self.arrived.set()


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    tty.setraw(slave)
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def measure(
    master: int, frames: Callable[[int], bytes], watch: Stopwatch, chunk: int = 0
) -> list[float]:
    samples = []
    for index in range(FRAMES):
        data = frames(index)
        watch.arrived.clear()
        if chunk:
            for offset in range(0, len(data) - chunk, chunk):
                os.write(master, data[offset : offset + chunk])
            tail = data[len(data) - (len(data) - 1) % chunk - 1 :]
        else:
            tail = data
        os.write(master, tail)
        written = time.perf_counter()
        assert watch.arrived.wait(2.0), f"frame {index} never reached the callback"
        samples.append(watch.at - written)
    return samples


def run_device(device: SerialDevice, watch: Stopwatch) -> None:
    device.start()
    assert watch.connected.wait(2.0)


def test_scanner_frame_to_callback_latency(pty: tuple[int, str]) -> None:
    master, path = pty
    watch = Stopwatch(lambda e: isinstance(e, ScanEvent))
    device = serial_scanner("scanner", SerialSettings(port=path), ScannerOptions(), watch)
    run_device(device, watch)
    try:
        whole = measure(master, lambda i: f"]C1RMA-{i:07d}\r".encode(), watch)
        bytewise = measure(master, lambda i: f"]C1LPN{i:08d}\r".encode(), watch, chunk=1)
    finally:
        device.stop()
    print(f"\nscanner, whole frames:      {percentiles(whole)}")
    print(f"scanner, one byte at a time: {percentiles(bytewise)}")


def test_rfid_record_to_callback_latency(pty: tuple[int, str]) -> None:
    master, path = pty
    watch = Stopwatch(lambda e: isinstance(e, RfidEvent))
    device = rfid_reader("rfid", SerialSettings(port=path), RfidOptions(dedupe_s=0.0), watch)
    run_device(device, watch)
    flags = int(mercury.DEFAULT_METADATA)

    def record(index: int) -> bytes:
        epc = bytes.fromhex("3074257BF7194E40") + index.to_bytes(4, "big")
        body = (
            b"\x10\x00\x1b"
            + flags.to_bytes(2, "big")
            + b"\x01"
            + mercury.build_tag_record(epc, flags)
        )
        return mercury.build_reply(0x22, 0, body)

    try:
        samples = measure(master, record, watch)
    finally:
        device.stop()
    print(f"\nrfid streamed record:       {percentiles(samples)}")


def test_scale_reply_to_callback_latency(pty: tuple[int, str]) -> None:
    master, path = pty
    watch = Stopwatch(lambda e: isinstance(e, WeightEvent))
    options = ScaleOptions(poll_s=0.0, reply_timeout_s=2.0)
    device = scale_device("scale", SerialSettings(port=path), SicsProtocol(), options, watch)
    device.start()
    assert watch.connected.wait(2.0)

    def reply(index: int) -> bytes:
        request = b""
        while not request.endswith(b"SI\r\n"):
            request += os.read(master, 64)  # answer the poll, as the balance would
        return f"S S {100 + index % 2:>10.2f} g\r\n".encode()  # alternate so each is a change

    try:
        samples = measure(master, reply, watch)
    finally:
        device.stop()
    print(f"\nscale (MT-SICS SI reply):   {percentiles(samples)}")


def test_reconnect_time_after_replug(tmp_path: Path) -> None:
    link = tmp_path / "scanner"
    statuses: list[tuple[float, ConnectionStatus]] = []
    changed = threading.Condition()

    def callback(event: DeviceEvent) -> None:
        if isinstance(event, DeviceStatusEvent):
            with changed:
                statuses.append((time.perf_counter(), event.status))
                changed.notify_all()

    def wait(status: ConnectionStatus, after: int) -> float:
        with changed:
            assert changed.wait_for(lambda: any(s is status for _, s in statuses[after:]), 3.0)
            return next(t for t, s in statuses[after:] if s is status)

    detect, reopen = [], []
    away = random.Random(7)
    with ScannerSimulator(link=link) as sim:
        device = serial_scanner(
            "scanner", SerialSettings(port=str(link)), ScannerOptions(), callback
        )
        device.start()
        try:
            wait(ConnectionStatus.CONNECTED, 0)
            for _ in range(15):
                mark = len(statuses)
                pulled = time.perf_counter()
                sim.unplug()
                detect.append(wait(ConnectionStatus.DISCONNECTED, mark) - pulled)
                time.sleep(away.uniform(0.1, 1.5))  # unplugged for a while: the backoff grows
                mark = len(statuses)
                plugged = time.perf_counter()
                sim.replug()
                reopen.append(wait(ConnectionStatus.CONNECTED, mark) - plugged)
        finally:
            device.stop()
    print(f"\nunplug detected after:      {percentiles(detect)}")
    print(f"reopened after replug:      {percentiles(reopen)}")
