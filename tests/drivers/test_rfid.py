"""ThingMagic Mercury framing and tag decoding, burst folding, and the reader over a real pty."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest

from drivers.events import ConnectionStatus, DeviceError, DeviceStatusEvent, RfidEvent
from drivers.framing import FrameError
from drivers.rfid import mercury
from drivers.rfid.reader import RfidOptions, TagDeduplicator, rfid_reader
from drivers.serial_link import SerialDevice, SerialSettings
from drivers.simulators.rfid import RfidSimulator
from tests.drivers.ptykit import FAST, Recorder

SGTIN = "3074257BF7194E4000001A85"
OTHER = "E2801160600002054CC2096F"


def test_crc_matches_frames_captured_from_real_modules() -> None:
    assert mercury.cmd_version() == bytes.fromhex("FF 00 03 1D 0C")
    assert mercury.build_command(0x9A, bytes.fromhex("01 0C 00")) == bytes.fromhex(
        "FF 03 9A 01 0C 00 A3 5D"
    )
    assert mercury.cmd_get_tag_buffer(0x57) == bytes.fromhex("FF 03 29 00 57 00 A3 22")
    # The continuous-read blob the SparkFun/URA logs show, with metadata 0x01FF.
    assert mercury.cmd_start_continuous_read(0x01FF)[3:-2] == bytes.fromhex(
        "00 00 01 22 00 00 05 07 22 10 00 1B 03 E8 01 FF"
    )


def streamed(epc: str, flags: int = 0x01FF, rssi: int = -60, antenna: int = 1) -> bytes:
    record = mercury.build_tag_record(bytes.fromhex(epc), flags, rssi=rssi, antenna=antenna)
    data = b"\x10\x00\x1b" + flags.to_bytes(2, "big") + b"\x01" + record
    return mercury.build_reply(0x22, 0, data)


def test_streamed_record_with_all_metadata_decodes() -> None:
    (frame,) = mercury.MercuryFrameParser().feed(streamed(SGTIN, 0x0FFF, rssi=-67, antenna=2))
    assert isinstance(frame, mercury.MercuryFrame)
    (tag,) = mercury.decode_tag_reads(frame)
    assert (tag.epc, tag.rssi, tag.antenna, tag.protocol, tag.pc) == (SGTIN, -67, 2, 5, 0x3000)


def test_tag_buffer_reply_with_several_tags_decodes() -> None:
    flags = int(mercury.DEFAULT_METADATA)
    records = b"".join(
        mercury.build_tag_record(bytes.fromhex(e), flags, read_count=3) for e in (SGTIN, OTHER)
    )
    reply = mercury.build_reply(0x29, 0, flags.to_bytes(2, "big") + b"\x00\x02" + records)
    (frame,) = mercury.MercuryFrameParser().feed(reply)
    assert isinstance(frame, mercury.MercuryFrame)
    tags = mercury.decode_tag_reads(frame)
    assert [(t.epc, t.read_count) for t in tags] == [(SGTIN, 3), (OTHER, 3)]


def test_xpc_words_are_skipped() -> None:
    flags = int(mercury.Metadata.PROTOCOL)
    tagged = (
        bytes.fromhex("3200") + bytes.fromhex("8000") + bytes.fromhex("0001") + bytes.fromhex(SGTIN)
    )
    tagged += mercury.gen2_crc16(tagged).to_bytes(2, "big")
    record = bytes((mercury.PROTOCOL_GEN2,)) + (len(tagged) * 8).to_bytes(2, "big") + tagged
    frame = mercury.MercuryFrame(0x29, 0, flags.to_bytes(2, "big") + b"\x00\x01" + record, b"")
    (tag,) = mercury.decode_tag_reads(frame)
    assert tag.epc == SGTIN


def test_keep_alives_counts_and_errors() -> None:
    keep_alive = mercury.MercuryFrame(0x22, 0x0400, b"", b"")
    assert mercury.decode_tag_reads(keep_alive) == []
    count = mercury.MercuryFrame(0x22, 0, b"\x00\x00\x00\x07", b"")
    assert mercury.decode_tag_reads(count) == [] and mercury.tags_found(count) == 7
    with pytest.raises(mercury.MercuryError, match="0x0505"):
        mercury.decode_tag_reads(mercury.MercuryFrame(0x22, 0x0505, b"", b""))
    with pytest.raises(mercury.MercuryError, match="cut short"):
        mercury.decode_tag_reads(mercury.MercuryFrame(0x29, 0, b"\x00\x47\x00\x01\x01", b""))


def test_parser_resyncs_after_garbage_bad_crc_and_chunking() -> None:
    good = streamed(SGTIN)
    corrupt = bytearray(streamed(OTHER))
    corrupt[-1] ^= 0xFF
    wire = b"\x13\x37" + bytes(corrupt) + good + b"\xff\x05" + good + b"\xff\xf0" + good
    parser = mercury.MercuryFrameParser()
    items = [item for byte in wire for item in parser.feed(bytes([byte]))]
    frames = [i for i in items if isinstance(i, mercury.MercuryFrame)]
    errors = [i.message for i in items if isinstance(i, FrameError)]
    assert [f.raw for f in frames] == [good, good]
    assert errors == [
        "2 bytes of garbage",
        "CRC mismatch, frame dropped",
        "CRC mismatch, frame dropped",
    ]
    # "FF F0" announces 247 bytes: the last good frame waits inside that until the link
    # goes idle and the reader session calls resync.
    assert parser.pending
    items = parser.resync()
    assert [i.raw for i in items if isinstance(i, mercury.MercuryFrame)] == [good]
    assert not parser.pending


def test_deduplicator_folds_a_burst_and_reports_a_tag_that_came_back() -> None:
    dedupe = TagDeduplicator(1.0)
    assert dedupe.admit(SGTIN, 0.0)
    assert not dedupe.admit(SGTIN, 0.1)
    assert dedupe.admit(OTHER, 0.2)
    assert not dedupe.admit(SGTIN, 1.05)  # still in the field: the window slides
    assert dedupe.admit(SGTIN, 2.5)


# -- over a real pseudo-terminal --------------------------------------------------------


@pytest.fixture
def rfid_sim() -> Iterator[RfidSimulator]:
    with RfidSimulator() as sim:
        yield sim


def start_reader(path: str, recorder: Recorder, options: RfidOptions) -> SerialDevice:
    settings = SerialSettings(port=path, baud=115200)
    device = rfid_reader("rfid", settings, options, recorder, policy=FAST)
    device.start()
    recorder.wait_status(ConnectionStatus.CONNECTED)
    return device


@pytest.mark.parametrize("mode", ["stream", "poll"])
def test_reader_reports_each_tag_once_per_burst(
    rfid_sim: RfidSimulator, mode: Literal["stream", "poll"]
) -> None:
    recorder = Recorder()
    device = start_reader(
        rfid_sim.path, recorder, RfidOptions(mode=mode, poll_s=0.05, dedupe_s=5.0)
    )
    try:
        if mode == "stream":
            assert rfid_sim.streaming_started.wait(2.0), "reader never started streaming"
        rfid_sim.burst(SGTIN, 6)
        rfid_sim.tag(OTHER, -48, 2)
        rfid_sim.burst(SGTIN, 3)
        tags = recorder.wait_count(RfidEvent, 2)
        assert {(t.epc, t.antenna) for t in tags} == {(SGTIN, 1), (OTHER, 2)}
        assert next(t for t in tags if t.epc == OTHER).rssi == -48
        rfid_sim.tag(SGTIN)  # and once more after the burst: still folded
        marker = "E200001D4711000000000001"
        rfid_sim.tag(marker)
        recorder.wait_for(RfidEvent, lambda e: e.epc == marker)
        assert [t.epc for t in recorder.of(RfidEvent)].count(SGTIN) == 1
        if mode == "poll":
            assert {0x22, 0x29, 0x2A} <= set(rfid_sim.opcodes)
        else:
            assert rfid_sim.opcodes[0] == 0x2F
    finally:
        device.stop()


def test_reader_survives_chunked_bytes_garbage_and_replug(tmp_path: object) -> None:
    link = f"{tmp_path}/rfid"
    recorder = Recorder()
    with RfidSimulator(link=link) as sim:
        device = start_reader(link, recorder, RfidOptions(dedupe_s=0.0))
        try:
            assert sim.streaming_started.wait(2.0)
            sim.chunk_size, sim.chunk_delay_s = 1, 0.0005
            sim.send(b"\x01\x02garbage")
            sim.tag(SGTIN)
            assert recorder.wait_for(RfidEvent).epc == SGTIN
            assert recorder.of(DeviceError), "garbage must be reported"
            mark = recorder.mark()
            sim.unplug()
            recorder.wait_status(ConnectionStatus.DISCONNECTED, after=mark, timeout=1.0)
            mark = recorder.mark()
            sim.replug()
            recorder.wait_status(ConnectionStatus.CONNECTED, after=mark, timeout=2.0)
            assert sim.streaming_started.wait(2.0), "streaming must be restarted after a replug"
            sim.tag(OTHER)
            recorder.wait_for(RfidEvent, lambda e: e.epc == OTHER)
        finally:
            device.stop()


def test_a_silent_reader_is_reported(tmp_path: object) -> None:
    import os
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)
    recorder = Recorder()
    device = start_reader(
        os.ttyname(slave), recorder, RfidOptions(reply_timeout_s=0.2, search_ms=10)
    )
    try:
        event = recorder.wait_for(DeviceStatusEvent, lambda e: e.status is ConnectionStatus.ERROR)
        assert "no reply" in event.detail
        assert os.read(master, 64).startswith(mercury.cmd_start_continuous_read()[:3])
    finally:
        device.stop()
        os.close(master)
        os.close(slave)
