"""Scale protocols (MT-SICS, Toledo 8217, Toledo continuous, NCI), stable-weight logic, devices."""

from __future__ import annotations

import os
import tty
from collections.abc import Iterator

import pytest

from drivers.events import (
    ConnectionStatus,
    DeviceError,
    DeviceStatusEvent,
    WeightEvent,
    WeightState,
)
from drivers.framing import FrameError
from drivers.scales.base import ScaleAck, ScaleReading
from drivers.scales.device import (
    DEFAULT_LINE,
    ScaleDevice,
    ScaleOptions,
    make_protocol,
    scale_device,
)
from drivers.scales.nci import NciProtocol
from drivers.scales.sics import SicsProtocol
from drivers.scales.stable import StableWeightFilter
from drivers.scales.toledo8217 import Toledo8217Protocol
from drivers.scales.toledo_continuous import (
    ToledoContinuousParser,
    ToledoContinuousProtocol,
    build_frame,
)
from drivers.scales.units import to_grams
from drivers.serial_link import SerialSettings
from drivers.simulators.scale import ScaleSimulator
from tests.drivers.ptykit import FAST, Recorder

STABLE, MOTION, ERROR = WeightState.STABLE, WeightState.MOTION, WeightState.ERROR
UNDER, OVER = WeightState.UNDERLOAD, WeightState.OVERLOAD


def reading(reply: object) -> tuple[WeightState, float | None, str]:
    assert isinstance(reply, ScaleReading), reply
    return reply.state, reply.grams, reply.unit


# -- decoding, one protocol at a time -----------------------------------------------------


def test_units_convert_to_grams() -> None:
    assert to_grams(1, "lb") == 453.592
    assert to_grams(2.5, "KG") == 2500.0
    assert to_grams(1, "oz") == 28.35
    with pytest.raises(ValueError, match="unknown weight unit"):
        to_grams(1, "pcs")


def test_sics_replies() -> None:
    sics = SicsProtocol()
    assert reading(sics.decode(b"S S     100.00 g\r", "poll")) == (STABLE, 100.0, "g")
    assert reading(sics.decode(b"S S      -0.25 kg\r", "poll")) == (STABLE, -250.0, "kg")
    assert reading(sics.decode(b"S D     100.01 g\r", "poll")) == (MOTION, None, "g")
    assert reading(sics.decode(b"S +\r", "poll"))[0] is OVER
    assert reading(sics.decode(b"S -\r", "poll"))[0] is UNDER
    assert reading(sics.decode(b"S I\r", "poll"))[0] is MOTION
    assert reading(sics.decode(b"ES\r", "poll"))[0] is ERROR
    assert reading(sics.decode(b"S S        nan g\r", "poll"))[0] is ERROR
    assert sics.decode(b"Z A\r", "zero") == ScaleAck("zero", True, "zeroed", "Z A")
    assert sics.decode(b"Z I\r", "zero") == ScaleAck("zero", False, "not executable now", "Z I")
    assert sics.decode(b"EL\r", "tare") == ScaleAck("tare", False, "logical error", "EL")
    tare = sics.decode(b"T S      20.00 g\r", "tare")
    assert isinstance(tare, ScaleAck) and tare.ok
    assert isinstance(sics.decode(b"X Y Z\r", "poll"), FrameError)
    assert sics.poll_command() == b"SI\r\n"


def test_toledo8217_replies() -> None:
    toledo = Toledo8217Protocol("lb")
    assert reading(toledo.decode(b"01.250", "poll")) == (STABLE, 566.99, "lb")
    assert reading(toledo.decode(b"?a", "poll"))[0] is MOTION  # 0x61: bit 0
    assert reading(toledo.decode(b"?b", "poll"))[0] is OVER
    assert reading(toledo.decode(b"?d", "poll"))[0] is UNDER
    assert reading(toledo.decode(b"?h", "poll"))[0] is ERROR
    assert (
        reading(toledo.decode(b"?" + bytes([0xE1 & 0x7F]), "poll"))[0] is MOTION
    )  # parity stripped
    assert toledo.decode(b"?p", "zero") == ScaleAck("zero", True, "centre of zero", "?p")
    assert isinstance(toledo.decode(b"?A", "poll"), FrameError)  # bits 5 and 6 must be set
    assert isinstance(toledo.decode(b"1.2.3", "poll"), FrameError)
    assert toledo.command("tare") is None


def test_toledo_continuous_frames() -> None:
    protocol = ToledoContinuousProtocol()
    stable = build_frame(1.234, decimals=3, unit="kg")
    assert len(stable) == 18
    assert sum(b & 0x7F for b in stable) % 128 == 0
    assert reading(protocol.decode(stable, None)) == (STABLE, 1234.0, "kg")
    assert reading(protocol.decode(build_frame(2.5, decimals=2, unit="lb"), None)) == (
        STABLE,
        1133.981,
        "lb",
    )
    assert reading(protocol.decode(build_frame(850, decimals=0, unit="g"), None)) == (
        STABLE,
        850.0,
        "g",
    )
    assert reading(protocol.decode(build_frame(-0.5, decimals=3), None)) == (STABLE, -500.0, "kg")
    assert reading(protocol.decode(build_frame(1.2, decimals=3, motion=True), None))[0] is MOTION
    assert reading(protocol.decode(build_frame(99, decimals=3, over=True), None))[0] is OVER
    assert reading(protocol.decode(build_frame(0, decimals=3, under=True), None))[0] is UNDER
    # Decimal point codes 0 and 1 mean trailing zeros: 000123 with code 0 is 12300.
    x100 = bytearray(build_frame(0.123, decimals=3, unit="kg"))
    x100[1] = 0x28
    x100[17] = -sum(b & 0x7F for b in x100[:17]) & 0x7F
    assert reading(protocol.decode(bytes(x100), None))[1] == 12_300_000.0


def test_toledo_continuous_parser_rejects_bad_checksums_and_resyncs() -> None:
    good = build_frame(1.0, decimals=3)
    bad = bytearray(good)
    bad[17] ^= 0x01
    parser = ToledoContinuousParser()
    items = parser.feed(b"\x7fjunk" + bytes(bad) + good)
    assert [i for i in items if isinstance(i, bytes)] == [good]
    assert [i.message for i in items if isinstance(i, FrameError)] == [
        "5 bytes of garbage",
        "checksum mismatch",
    ]
    assert ToledoContinuousParser(with_checksum=False).feed(good[:17]) == [good[:17]]


def test_nci_replies() -> None:
    nci = NciProtocol()
    assert reading(nci.decode(b"   1.250LB\r\n00\r", "poll")) == (STABLE, 566.99, "lb")
    assert reading(nci.decode(b"0.800kg\r\nS00\r", "poll")) == (STABLE, 800.0, "kg")
    assert reading(nci.decode(b"1LB 4.0OZ\r\n00\r", "poll")) == (STABLE, 566.99, "lb")
    assert reading(nci.decode(b"10\r", "poll"))[0] is MOTION
    assert reading(nci.decode(b"01\r", "poll"))[0] is UNDER
    assert reading(nci.decode(b"02\r", "poll"))[0] is OVER
    assert reading(nci.decode(b"14\r", "poll"))[0] is ERROR  # RAM error
    assert (
        reading(nci.decode(b"0" + b"p" + b"8\r", "poll"))[0] is ERROR
    )  # third byte: initial zero error
    assert reading(nci.decode(b"00\r", "poll"))[0] is ERROR  # no weight and no reason
    assert nci.decode(b"20\r", "zero") == ScaleAck("zero", True, "zeroed", "20")
    assert isinstance(nci.decode(b"1.0LB\r\nAB\r", "poll"), FrameError)
    assert isinstance(nci.decode(b"0p\r", "poll"), FrameError)  # "follows" bit without a byte


def test_motion_and_range_states_never_carry_grams() -> None:
    replies = [
        SicsProtocol().decode(b"S D       0.00 g", "poll"),
        Toledo8217Protocol().decode(b"?a", "poll"),
        ToledoContinuousProtocol().decode(build_frame(0, decimals=3, motion=True), None),
        NciProtocol().decode(b"11\r", "poll"),
    ]
    for reply in replies:
        assert isinstance(reply, ScaleReading) and reply.state is not STABLE and reply.grams is None


# -- the stable-weight filter -------------------------------------------------------------


def test_weight_is_accepted_after_three_agreeing_readings_over_half_a_second() -> None:
    settle = StableWeightFilter(division_g=1.0)
    assert settle.feed(STABLE, 500.0, 0.0) is None
    assert settle.feed(STABLE, 500.5, 0.2) is None
    assert settle.feed(STABLE, 500.0, 0.4) is None  # three readings, but only 0.4 s
    assert settle.feed(STABLE, 501.0, 0.5) == 501.0  # within one division of all the others
    assert settle.feed(STABLE, 501.0, 0.7) is None  # accepted once
    assert settle.feed(MOTION, None, 0.8) is None
    assert settle.feed(STABLE, 501.0, 0.9) is None  # motion started over
    assert settle.feed(STABLE, 501.0, 1.0) is None
    assert settle.feed(STABLE, 501.0, 1.4) == 501.0


def test_readings_that_disagree_by_more_than_a_division_do_not_settle() -> None:
    settle = StableWeightFilter(division_g=1.0)
    values = [500.0, 502.0, 500.0, 502.0, 500.0, 502.0]
    assert all(settle.feed(STABLE, v, i * 0.3) is None for i, v in enumerate(values))
    assert StableWeightFilter(division_g=5.0).feed(STABLE, 1.0, 0.0) is None


# -- devices over real pseudo-terminals ---------------------------------------------------

FAST_SCALE = ScaleOptions(poll_s=0.03, reply_timeout_s=1.0, silence_s=1.0, settle_s=0.1)


@pytest.fixture(params=["sics", "toledo8217", "toledo_continuous", "nci"])
def scale_pair(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[ScaleSimulator, ScaleDevice, Recorder]]:
    protocol = request.param
    sim = ScaleSimulator(protocol, rate_hz=30.0)
    sim.start()
    baud, bits, parity, stop = DEFAULT_LINE[protocol]
    settings = SerialSettings(port=sim.path, baud=baud, bytesize=bits, parity=parity, stopbits=stop)
    recorder = Recorder()
    device = scale_device(
        "scale", settings, make_protocol(protocol), FAST_SCALE, recorder, policy=FAST
    )
    device.start()
    try:
        yield sim, device, recorder
    finally:
        device.stop()
        sim.stop()


def test_each_protocol_reports_motion_then_a_settled_weight(
    scale_pair: tuple[ScaleSimulator, ScaleDevice, Recorder],
) -> None:
    sim, _, recorder = scale_pair
    sim.set_weight(1200.0, "motion")
    recorder.wait_for(WeightEvent, lambda e: e.state is MOTION)
    sim.chunk_size = 1  # replies now arrive one byte at a time
    sim.set_weight(1234.5, "stable")
    settled = recorder.wait_for(WeightEvent, lambda e: e.settled)
    assert settled.grams == pytest.approx(1234.5, abs=2.0)  # the scale's display resolution
    assert settled.state is STABLE
    sim.set_state("overload")
    recorder.wait_for(WeightEvent, lambda e: e.state is OVER)
    sim.set_state("underload")
    recorder.wait_for(WeightEvent, lambda e: e.state is UNDER)
    weights = recorder.of(WeightEvent)
    assert all(e.grams is None for e in weights if e.state is not STABLE), (
        "only stable readings carry grams"
    )
    assert all(e.grams != 0 for e in weights), "motion must never look like an empty scale"
    assert not recorder.of(DeviceError)


def test_zero_and_tare_reach_the_scale(
    scale_pair: tuple[ScaleSimulator, ScaleDevice, Recorder],
) -> None:
    sim, device, recorder = scale_pair
    sim.set_weight(300.0, "stable")
    recorder.wait_for(WeightEvent, lambda e: e.settled)
    device.zero()
    zeroed = recorder.wait_for(
        WeightEvent, lambda e: e.state is STABLE and e.grams is not None and abs(e.grams) < 1
    )
    assert zeroed.grams is not None
    device.tare()
    if sim.protocol in ("toledo8217", "nci"):
        recorder.wait_for(DeviceError, lambda e: "tare is not supported" in e.message)
    else:
        _ = recorder.wait_for(
            WeightEvent, lambda e: e.settled and e.grams is not None and abs(e.grams) < 1
        )
        assert any(c.startswith("T") for c in sim.commands)
    assert any(c.startswith("Z") for c in sim.commands)


def test_error_state_and_a_refused_zero_are_reported(
    scale_pair: tuple[ScaleSimulator, ScaleDevice, Recorder],
) -> None:
    sim, device, recorder = scale_pair
    sim.set_state("error")
    recorder.wait_for(WeightEvent, lambda e: e.state is ERROR)
    sim.set_weight(10.0, "motion")
    recorder.wait_for(WeightEvent, lambda e: e.state is MOTION)
    if sim.protocol != "toledo_continuous":  # continuous scales do not answer a zero
        device.zero()
        recorder.wait_for(DeviceError, lambda e: e.message.startswith("zero refused"))


def test_a_scale_that_stops_answering_is_reported_and_recovers() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    recorder = Recorder()
    device = scale_device(
        "scale",
        SerialSettings(port=os.ttyname(slave)),
        SicsProtocol(),
        FAST_SCALE,
        recorder,
        policy=FAST,
    )
    device.start()
    try:
        silent = recorder.wait_for(DeviceStatusEvent, lambda e: e.status is ConnectionStatus.ERROR)
        assert "no reply" in silent.detail
        while b"SI\r\n" not in os.read(master, 256):
            pass
        os.write(master, b"S S     42.0 g\r\n")
        recorder.wait_for(DeviceStatusEvent, lambda e: e.detail == "scale answers")
        assert recorder.wait_for(WeightEvent).grams == 42.0
        os.write(master, b"\x00\xffnoise\r\n")
        assert recorder.wait_for(DeviceError).raw == b"\x00\xffnoise\r"
    finally:
        device.stop()
        os.close(master)
        os.close(slave)
