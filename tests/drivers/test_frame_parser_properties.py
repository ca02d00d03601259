"""Property tests: every frame parser and decoder takes any bytes without raising or inventing.

"Not inventing" means each frame a parser returns is a run of bytes that arrived
contiguously, and feeding the same bytes in any chunking gives the same frames.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.framing import DelimitedFrameParser, FrameError
from drivers.rfid import mercury
from drivers.scales.nci import NciProtocol
from drivers.scales.sics import SicsProtocol
from drivers.scales.toledo8217 import Toledo8217Protocol
from drivers.scales.toledo_continuous import (
    ToledoContinuousParser,
    ToledoContinuousProtocol,
    build_frame,
)
from drivers.scanners.serial_scanner import ScanFrame, ScanFrameParser
from drivers.scanners.wedge import GS, PassThrough, WedgeDecoder, WedgeOptions

# Bytes that mean something to one protocol or another, so random data hits the edge cases.
_SPECIAL = st.sampled_from(b"\x02\x03\x0a\x0d\x1d\x1e\x04\xff\x00?SZWT ]C1.0123456789")
_BYTES = st.lists(st.one_of(st.integers(0, 255), _SPECIAL), max_size=400).map(bytes)


def _chunks(data: bytes, cuts: Sequence[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, last = [], 0
    for point in points:
        pieces.append(data[last:point])
        last = point
    pieces.append(data[last:])
    return pieces


def _run(make: Callable[[], Any], data: bytes, cuts: Sequence[int]) -> tuple[list[Any], list[Any]]:
    whole = make().feed(data)
    parser = make()
    chunked: list[Any] = []
    for piece in _chunks(data, cuts):
        chunked.extend(parser.feed(piece))
    return whole, chunked


def _frames_only(items: list[Any]) -> list[Any]:
    return [item for item in items if not isinstance(item, FrameError)]


DELIMITED: dict[str, Callable[[], Any]] = {
    "sics": lambda: SicsProtocol().new_parser(),
    "toledo8217": lambda: Toledo8217Protocol().new_parser(),
    "nci": lambda: NciProtocol().new_parser(),
    "short max": lambda: DelimitedFrameParser(end=b"\r\n", max_length=5),
    "start byte": lambda: DelimitedFrameParser(start=b"\x02", end=b"\x03", max_length=10),
}


@settings(max_examples=150)
@given(data=_BYTES, cuts=st.lists(st.integers(0, 500), max_size=20))
def test_delimited_parsers_never_invent_frames(data: bytes, cuts: list[int]) -> None:
    for make in DELIMITED.values():
        whole, chunked = _run(make, data, cuts)
        assert _frames_only(whole) == _frames_only(chunked)
        for frame in _frames_only(whole):
            assert isinstance(frame, bytes)
            assert frame in data


@settings(max_examples=150)
@given(data=_BYTES, cuts=st.lists(st.integers(0, 500), max_size=20))
def test_scanner_parser_never_invents_frames(data: bytes, cuts: list[int]) -> None:
    configs: list[dict[str, Any]] = [
        {},
        {"suffix": b"\n"},
        {"suffix": b"\r\n"},
        {"prefix": b"\x02", "suffix": b"\x03"},
        {"prefix": b"]C", "suffix": b"\r", "max_length": 8},
        {"encoding": "utf-8"},
    ]
    for config in configs:
        whole, chunked = _run(functools.partial(ScanFrameParser, **config), data, cuts)
        assert _frames_only(whole) == _frames_only(chunked)
        for frame in _frames_only(whole):
            assert isinstance(frame, ScanFrame)
            assert frame.raw in data
            assert frame.raw and frame.text
            assert all(ch >= " " or ch in "\x1d\x1e\x04" for ch in frame.text)


@settings(max_examples=150)
@given(data=_BYTES, cuts=st.lists(st.integers(0, 500), max_size=20))
def test_mercury_parser_never_invents_frames(data: bytes, cuts: list[int]) -> None:
    for replies in (True, False):
        make = functools.partial(mercury.MercuryFrameParser, replies=replies)
        whole, chunked = _run(make, data, cuts)
        assert _frames_only(whole) == _frames_only(chunked)
        for frame in _frames_only(whole):
            assert frame.raw in data
            assert mercury.crc16(frame.raw[1:-2]) == int.from_bytes(frame.raw[-2:], "big")
            # Whatever a well-framed reply holds, decoding it either works or says why.
            with contextlib.suppress(mercury.MercuryError):
                mercury.decode_tag_reads(frame)


@settings(max_examples=150)
@given(data=_BYTES, cuts=st.lists(st.integers(0, 500), max_size=20))
def test_toledo_continuous_parser_never_invents_frames(data: bytes, cuts: list[int]) -> None:
    for checksum in (True, False):
        make = functools.partial(ToledoContinuousParser, with_checksum=checksum)
        whole, chunked = _run(make, data, cuts)
        assert _frames_only(whole) == _frames_only(chunked)
        for frame in _frames_only(whole):
            assert frame in data
            ToledoContinuousProtocol(with_checksum=checksum).decode(frame, None)


@settings(max_examples=300)
@given(frame=st.binary(max_size=40), pending=st.sampled_from([None, "poll", "zero", "tare"]))
def test_scale_decoders_accept_any_frame(frame: bytes, pending: Any) -> None:
    for protocol in (SicsProtocol(), Toledo8217Protocol(), NciProtocol()):
        reply = protocol.decode(frame, pending)
        grams = getattr(reply, "grams", None)
        if grams is not None:
            assert reply.state.value == "stable"  # type: ignore[union-attr]
            assert grams == grams  # never NaN


@settings(max_examples=200)
@given(
    flags=st.integers(0, 0x0FFF),
    body=st.binary(max_size=120),
    opcode=st.sampled_from([0x22, 0x29]),
    option=st.sampled_from([0x00, 0x10]),
)
def test_mercury_tag_decoding_only_raises_its_own_error(
    flags: int, body: bytes, opcode: int, option: int
) -> None:
    if opcode == 0x22:
        data = bytes((option,)) + b"\x00\x1b" + flags.to_bytes(2, "big") + b"\x01" + body
    else:
        data = flags.to_bytes(2, "big") + b"\x00" + bytes((len(body) % 4,)) + body
    frame = mercury.MercuryFrame(opcode, 0, data[:255], b"")
    try:
        tags = mercury.decode_tag_reads(frame)
    except mercury.MercuryError:
        return
    for tag in tags:
        assert tag.epc and all(c in "0123456789ABCDEF" for c in tag.epc)


@settings(max_examples=100)
@given(
    epc=st.binary(min_size=2, max_size=30).filter(lambda b: len(b) % 2 == 0),
    flags=st.integers(0, 0x0FFF),
    rssi=st.integers(-128, 127),
    antenna=st.integers(1, 15),
)
def test_mercury_tag_records_round_trip(epc: bytes, flags: int, rssi: int, antenna: int) -> None:
    flags |= mercury.Metadata.PROTOCOL
    record = mercury.build_tag_record(epc, flags, rssi=rssi, antenna=antenna)
    body = flags.to_bytes(2, "big") + b"\x00\x01" + record
    frame = mercury.MercuryFrameParser().feed(mercury.build_reply(0x29, 0, body))[0]
    assert isinstance(frame, mercury.MercuryFrame)
    (tag,) = mercury.decode_tag_reads(frame)
    assert tag.epc == epc.hex().upper()
    assert tag.rssi == (rssi if flags & mercury.Metadata.RSSI else None)
    assert tag.antenna == (antenna if flags & mercury.Metadata.ANTENNA else None)


@settings(max_examples=100)
@given(
    counts=st.integers(0, 999_999),
    decimals=st.integers(0, 5),
    motion=st.booleans(),
    unit=st.sampled_from(["kg", "lb", "g", "oz"]),
    garbage=st.binary(max_size=30),
)
def test_toledo_continuous_frames_survive_garbage(
    counts: int, decimals: int, motion: bool, unit: str, garbage: bytes
) -> None:
    frame = build_frame(counts / 10**decimals, decimals=decimals, unit=unit, motion=motion)
    parser = ToledoContinuousParser()
    frames = _frames_only(parser.feed(garbage + frame + frame))
    assert frames[-1] == frame  # the second copy is found whatever garbage came before
    reading = ToledoContinuousProtocol().decode(frame, None)
    assert reading.state.value == ("motion" if motion else "stable")  # type: ignore[union-attr]


_KEYS = st.lists(
    st.tuples(st.sampled_from(list("abcXYZ0189|-]C\r")), st.floats(0.0, 0.2)),
    max_size=60,
)


@settings(max_examples=300)
@given(keys=_KEYS, min_length=st.integers(1, 6))
def test_wedge_decoder_keeps_every_key(keys: list[tuple[str, float]], min_length: int) -> None:
    """Scans plus typed text give back exactly the keys typed: nothing lost, nothing made up."""
    decoder = WedgeDecoder("wedge", WedgeOptions(min_length=min_length, fnc1="|", terminators="\r"))
    now, out = 0.0, []
    for char, gap in keys:
        now += gap
        out.extend(decoder.flush(now))
        out.extend(decoder.feed(char, now))
    out.extend(decoder.flush(now + 1.0))
    rebuilt = "".join(
        item.text if isinstance(item, PassThrough) else item.data.replace(GS, "|") + "\r"
        for item in out
    )
    assert rebuilt == "".join(char for char, _ in keys)
    for item in out:
        if not isinstance(item, PassThrough):
            assert len(item.data) >= min_length
            assert "|" not in item.data
