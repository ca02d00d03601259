"""Serial scanners (framing, AIM, repeats, garbage) and the keyboard-wedge decoder."""

from __future__ import annotations

import os
import tty
from collections.abc import Iterator

import pytest
import serial

from drivers.events import ConnectionStatus, DeviceError, DeviceStatusEvent, ScanEvent
from drivers.framing import FrameError
from drivers.scanners.serial_scanner import (
    RepeatFilter,
    ScanFrame,
    ScanFrameParser,
    ScannerOptions,
    serial_scanner,
)
from drivers.scanners.wedge import PassThrough, WedgeDecoder, WedgeOptions
from drivers.serial_link import SerialDevice, SerialSettings
from drivers.simulators.scanner import ScannerSimulator
from tests.drivers.ptykit import FAST, Recorder


def texts(items: list[ScanFrame | FrameError]) -> list[str]:
    return [item.text if isinstance(item, ScanFrame) else f"ERROR {item.message}" for item in items]


# -- framing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "wire"),
    [(b"\r", b"RMA-1\rRMA-2\r"), (b"\n", b"RMA-1\nRMA-2\n"), (b"\r\n", b"RMA-1\r\nRMA-2\r\n")],
)
def test_frames_end_with_the_configured_suffix(suffix: bytes, wire: bytes) -> None:
    parser = ScanFrameParser(suffix=suffix)
    frames = [item for byte in wire for item in parser.feed(bytes([byte]))]  # one byte at a time
    assert texts(frames) == ["RMA-1", "RMA-2"]
    assert not parser.pending


def test_a_crlf_scanner_on_a_cr_setting_still_reads_cleanly() -> None:
    assert texts(ScanFrameParser(suffix=b"\r").feed(b"ABC123\r\nDEF456\r\n")) == [
        "ABC123",
        "DEF456",
    ]


def test_prefix_byte_marks_the_start_and_stray_bytes_are_reported() -> None:
    parser = ScanFrameParser(prefix=b"\x02", suffix=b"\r")
    items = parser.feed(b"noise\x02LPN00000001\r\r\n\x02LPN00000002\r")
    assert texts(items) == ["ERROR 5 stray bytes", "LPN00000001", "LPN00000002"]


def test_multi_byte_prefix_is_required_and_stripped() -> None:
    parser = ScanFrameParser(prefix=b"SCAN:", suffix=b"\r")
    assert texts(parser.feed(b"SCAN:12345\rOTHER\r")) == [
        "12345",
        "ERROR frame without the configured prefix",
    ]


def test_aim_identifier_and_gs_separators_are_kept() -> None:
    (frame,) = ScanFrameParser().feed(b"]C1010950110153000317260101\x1d10ABC\r")
    assert isinstance(frame, ScanFrame)
    assert frame.symbology == "]C1"
    assert frame.text == "]C1010950110153000317260101\x1d10ABC"
    assert frame.payload == "010950110153000317260101\x1d10ABC"


def test_iso15434_envelope_controls_are_allowed() -> None:
    (frame,) = ScanFrameParser().feed(b"[)>\x1e06\x1d1PABC\x1e\x04\r")
    assert isinstance(frame, ScanFrame)


def test_garbage_and_overlong_frames_are_reported_never_scanned() -> None:
    parser = ScanFrameParser(max_length=10)
    items = parser.feed(b"AB\x07CD\rGOOD-1\r" + b"X" * 40 + b"\rGOOD-2\r\xff\xfe\r")
    assert texts(items) == [
        "ERROR 1 control byte(s) in frame (0x07 first)",
        "GOOD-1",
        "ERROR frame longer than 10 bytes dropped",
        "GOOD-2",
        "ERROR frame is not valid ascii",
    ]


def test_repeat_filter_suppresses_identical_codes_inside_the_window() -> None:
    now = [0.0]
    repeats = RepeatFilter(0.4, clock=lambda: now[0])
    assert repeats.admit("RMA-1")
    now[0] = 0.3
    assert not repeats.admit("RMA-1")
    now[0] = 0.35
    assert repeats.admit("RMA-2")  # a different code passes at once
    now[0] = 0.36
    assert repeats.admit("RMA-1")
    now[0] = 0.5
    assert not repeats.admit("RMA-1")  # sliding: held under the scanner stays suppressed
    now[0] = 0.95
    assert repeats.admit("RMA-1")


# -- the wedge decoder --------------------------------------------------------------------


def type_keys(
    decoder: WedgeDecoder, text: str, start: float, gap: float
) -> list[ScanEvent | PassThrough]:
    out: list[ScanEvent | PassThrough] = []
    now = start
    for char in text:
        out.extend(decoder.flush(now))
        out.extend(decoder.feed(char, now))
        now += gap
    out.extend(decoder.flush(now + 1))
    return out


def test_wedge_burst_is_a_scan_and_fnc1_substitute_becomes_gs() -> None:
    decoder = WedgeDecoder("wedge", WedgeOptions(fnc1="|"))
    (scan,) = type_keys(decoder, "]C101095011015300031|10ABC\r", 0.0, 0.004)
    assert isinstance(scan, ScanEvent)
    assert scan.data == "]C101095011015300031\x1d10ABC"
    assert (scan.symbology, scan.kind, scan.device) == ("]C1", "hid", "wedge")


def test_wedge_human_typing_passes_through_including_the_substitute() -> None:
    decoder = WedgeDecoder("wedge", WedgeOptions(fnc1="|"))
    out = type_keys(decoder, "a|b\r", 0.0, 0.15)
    assert all(isinstance(item, PassThrough) for item in out)
    assert "".join(item.text for item in out if isinstance(item, PassThrough)) == "a|b\r"


def test_wedge_short_burst_and_slow_enter_are_not_scans() -> None:
    decoder = WedgeDecoder("wedge", WedgeOptions(min_length=4))
    assert all(isinstance(i, PassThrough) for i in type_keys(decoder, "ab\r", 0.0, 0.005))
    out = (
        decoder.feed("1", 10.0)
        + decoder.feed("2", 10.005)
        + decoder.feed("3", 10.01)
        + decoder.feed("4", 10.015)
    )
    out += decoder.feed("\r", 10.3)  # Enter came too late to belong to the burst
    assert out == [PassThrough("1234"), PassThrough("\r")]


def test_wedge_holds_keys_only_until_the_deadline() -> None:
    decoder = WedgeDecoder()
    assert decoder.feed("x", 1.0) == []
    assert decoder.deadline == pytest.approx(1.03)
    assert decoder.flush(1.01) == []
    assert decoder.flush(1.031) == [PassThrough("x")]
    assert decoder.deadline is None


# -- over a real pseudo-terminal --------------------------------------------------------


@pytest.fixture
def scanner_sim() -> Iterator[ScannerSimulator]:
    with ScannerSimulator() as sim:
        yield sim


def start_scanner(
    path: str, recorder: Recorder, options: ScannerOptions | None = None
) -> SerialDevice:
    settings = SerialSettings(port=path)
    device = serial_scanner("scanner", settings, options or ScannerOptions(), recorder, policy=FAST)
    device.start()
    recorder.wait_status(ConnectionStatus.CONNECTED)
    return device


def test_scans_over_a_pty_one_byte_at_a_time_with_garbage(scanner_sim: ScannerSimulator) -> None:
    recorder = Recorder()
    device = start_scanner(scanner_sim.path, recorder)
    try:
        scanner_sim.chunk_size, scanner_sim.chunk_delay_s = 1, 0.001
        scanner_sim.scan("]C1RMA-0001234")
        scanner_sim.send(b"\x00\x13\x7f\r")
        scanner_sim.scan("]d2\x1d0109501101530003")
        scans = recorder.wait_count(ScanEvent, 2)
        assert [(s.data, s.symbology, s.kind) for s in scans] == [
            ("]C1RMA-0001234", "]C1", "serial"),
            ("]d2\x1d0109501101530003", "]d2", "serial"),
        ]
        error = recorder.wait_for(DeviceError)
        assert "control byte" in error.message and error.raw == b"\x00\x13\x7f"
    finally:
        device.stop()


def test_identical_repeats_are_suppressed_and_a_new_code_passes(
    scanner_sim: ScannerSimulator,
) -> None:
    recorder = Recorder()
    device = start_scanner(scanner_sim.path, recorder, ScannerOptions(repeat_window_s=5.0))
    try:
        for code in ("RMA-1", "RMA-1", "RMA-1", "RMA-2", "RMA-1"):
            scanner_sim.scan(code)
        recorder.wait_count(ScanEvent, 3)
        assert [s.data for s in recorder.of(ScanEvent)] == ["RMA-1", "RMA-2", "RMA-1"]
    finally:
        device.stop()


def test_unplug_is_detected_and_the_replugged_scanner_reads_again(tmp_path: object) -> None:
    link = os.path.join(str(tmp_path), "scanner")
    recorder = Recorder()
    with ScannerSimulator(link=link) as sim:
        device = start_scanner(link, recorder)
        try:
            mark = recorder.mark()
            sim.unplug()
            recorder.wait_status(ConnectionStatus.DISCONNECTED, after=mark, timeout=1.0)
            mark = recorder.mark()
            sim.replug()
            recorder.wait_status(ConnectionStatus.CONNECTED, after=mark, timeout=2.0)
            sim.scan("AFTER-REPLUG")
            assert recorder.wait_for(ScanEvent).data == "AFTER-REPLUG"
        finally:
            device.stop()
    assert not device.is_alive()


def test_a_port_that_is_not_there_is_reported_once_then_opened_when_it_appears(
    tmp_path: object,
) -> None:
    link = os.path.join(str(tmp_path), "later")
    recorder = Recorder()
    device = serial_scanner(
        "scanner", SerialSettings(port=link), ScannerOptions(), recorder, policy=FAST
    )
    device.start()
    try:
        gone = recorder.wait_status(ConnectionStatus.DISCONNECTED)
        assert "not found" in gone.detail
        master, slave = os.openpty()
        tty.setraw(slave)
        try:
            os.symlink(os.ttyname(slave), link)
            recorder.wait_status(ConnectionStatus.CONNECTED, timeout=2.0)
            os.write(master, b"LATE-1\r")
            assert recorder.wait_for(ScanEvent).data == "LATE-1"
            statuses = [
                e.detail
                for e in recorder.of(DeviceStatusEvent)
                if e.status is ConnectionStatus.DISCONNECTED
            ]
            assert len(statuses) == 1  # retries are not reported again and again
        finally:
            device.stop()
            os.close(master)
            os.close(slave)
    finally:
        device.stop()


def test_a_port_held_by_another_program_is_an_error_not_a_crash(
    scanner_sim: ScannerSimulator,
) -> None:
    holder = serial.Serial(scanner_sim.path, exclusive=True)
    recorder = Recorder()
    device = serial_scanner(
        "scanner", SerialSettings(port=scanner_sim.path), ScannerOptions(), recorder, policy=FAST
    )
    try:
        device.start()
        status = recorder.wait_status(ConnectionStatus.ERROR)
        assert "cannot open" in status.detail
        holder.close()
        recorder.wait_status(ConnectionStatus.CONNECTED, timeout=2.0)
    finally:
        device.stop()
        holder.close()
