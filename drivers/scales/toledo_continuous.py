"""Mettler Toledo continuous output: a status-and-weight frame sent many times a second.

Frame (18 bytes with checksum, 17 without), usually 9600 baud 7E1::

    STX SWA SWB SWC w w w w w w t t t t t t CR CHK

Six weight digits and six tare digits, no decimal point (status word A says where it is),
spaces allowed for leading zeros. CHK makes the 7-bit sum of all 18 bytes zero (the two's
complement of the sum of the others). Status words (bit 7 is parity everywhere):

* SWA bits 0-2: decimal point — 0: XXXX00, 1: XXXXX0, 2: XXXXXX, 3: XXXXX.X, 4: XXXX.XX,
  5: XXX.XXX, 6: XX.XXXX, 7: X.XXXXX; bits 3-4: increment size (x1, x2, x5).
* SWB bit 0 net, 1 negative, 2 out of range (over, or under when negative), 3 motion,
  4 kg (else lb), 6 not zeroed since power-up.
* SWC bits 0-2: unit when not lb/kg on some indicators (1 grams, 3 ounces); bit 3 print
  request.

The host may send single characters: ``Z`` zero, ``T`` tare (no reply; the next frames
show the result).
"""

from __future__ import annotations

from drivers.events import WeightState
from drivers.framing import FrameError
from drivers.scales.base import Pending, ScaleAction, ScaleReading, ScaleReply
from drivers.scales.units import to_grams

STX, CR = 0x02, 0x0D
_DIGITS = frozenset(b"0123456789 ")
_FACTORS = (100.0, 10.0, 1.0, 0.1, 0.01, 0.001, 0.0001, 0.00001)

SWB_NET, SWB_NEGATIVE, SWB_RANGE, SWB_MOTION, SWB_KG, SWB_POWER_UP = 1, 2, 4, 8, 16, 64


def checksum(body: bytes) -> int:
    """The CHK byte for the 17 bytes before it."""
    return -sum(b & 0x7F for b in body) & 0x7F


class ToledoContinuousParser:
    """Fixed-length frames found by STX and checked (CR position, digits, checksum)."""

    def __init__(self, *, with_checksum: bool = True) -> None:
        self._length = 18 if with_checksum else 17
        self._checksum = with_checksum
        self._buffer = bytearray()
        self._garbage = bytearray()
        self._quiet = 0

    @property
    def pending(self) -> bool:
        return bool(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()
        self._garbage.clear()
        self._quiet = 0

    def feed(self, chunk: bytes) -> list[bytes | FrameError]:
        out: list[bytes | FrameError] = []
        self._buffer += chunk
        while self._buffer:
            start = self._buffer.find(STX)
            if start < 0:
                self._drop(len(self._buffer))
                break
            if start:
                self._drop(start)
            if len(self._buffer) < self._length:
                break
            candidate = bytes(self._buffer[: self._length])
            self._flush(out)
            problem = self._check(candidate)
            if problem is None:
                del self._buffer[: self._length]
                self._quiet = 0
                out.append(candidate)
            else:
                if self._length > self._quiet:  # not inside bytes already reported
                    out.append(FrameError(problem, candidate))
                    self._quiet = self._length
                self._drop(1)  # resynchronise on the next STX
        if len(self._garbage) >= 64:
            self._flush(out)
        return out

    def _check(self, frame: bytes) -> str | None:
        if frame[16] != CR:
            return "frame without CR at byte 17"
        if not all(b in _DIGITS for b in frame[4:16]):
            return "non-digit in weight or tare"
        if self._checksum and frame[17] & 0x7F != checksum(frame[:17]):
            return "checksum mismatch"
        return None

    def _drop(self, count: int) -> None:
        quiet = min(self._quiet, count)
        self._quiet -= quiet
        self._garbage += self._buffer[quiet:count]
        del self._buffer[:count]

    def _flush(self, out: list[bytes | FrameError]) -> None:
        if self._garbage:
            out.append(FrameError(f"{len(self._garbage)} bytes of garbage", bytes(self._garbage)))
            self._garbage.clear()


class ToledoContinuousProtocol:
    name = "toledo_continuous"
    demand = False

    def __init__(self, *, with_checksum: bool = True) -> None:
        self._checksum = with_checksum

    def new_parser(self) -> ToledoContinuousParser:
        return ToledoContinuousParser(with_checksum=self._checksum)

    def poll_command(self) -> bytes:
        return b""

    def command(self, action: ScaleAction) -> bytes | None:
        return b"Z" if action == "zero" else b"T"

    def decode(self, frame: bytes, pending: Pending) -> ScaleReply:
        swa, swb, swc = frame[1] & 0x7F, frame[2] & 0x7F, frame[3] & 0x7F
        raw = frame.hex(" ")
        digits = frame[4:10].decode("ascii").replace(" ", "0")
        value = int(digits) * _FACTORS[swa & 0x07]
        negative = bool(swb & SWB_NEGATIVE)
        unit = {0: "kg" if swb & SWB_KG else "lb", 1: "g", 3: "oz"}.get(swc & 0x07, "")
        if swb & SWB_RANGE:
            state = WeightState.UNDERLOAD if negative else WeightState.OVERLOAD
            return ScaleReading(state, None, unit, raw)
        if swb & SWB_POWER_UP:
            return ScaleReading(WeightState.ERROR, None, unit, raw, "not zeroed since power-up")
        if not unit:
            return ScaleReading(
                WeightState.ERROR, None, unit, raw, f"unit code {swc & 7} unsupported"
            )
        if swb & SWB_MOTION:
            return ScaleReading(WeightState.MOTION, None, unit, raw)
        grams = to_grams(-value if negative else value, unit)
        return ScaleReading(WeightState.STABLE, grams, unit, raw)


def build_frame(
    value: float,
    *,
    decimals: int,
    unit: str = "kg",
    motion: bool = False,
    over: bool = False,
    under: bool = False,
    tare: float = 0.0,
    with_checksum: bool = True,
) -> bytes:
    """A continuous-output frame (for simulators and tests). ``decimals`` is 0..5."""
    code = decimals + 2
    swa = 0x20 | 0x08 | code  # increment x1
    swb = 0x20
    swc = 0x20
    if value < 0 or under:
        swb |= SWB_NEGATIVE
    if over or under:
        swb |= SWB_RANGE
    if motion:
        swb |= SWB_MOTION
    if unit == "kg":
        swb |= SWB_KG
    elif unit == "g":
        swc |= 1
    elif unit == "oz":
        swc |= 3
    counts = min(round(abs(value) / _FACTORS[code]), 999_999)
    tare_counts = min(round(abs(tare) / _FACTORS[code]), 999_999)
    body = bytes((STX, swa, swb, swc)) + f"{counts:06d}{tare_counts:06d}".encode() + bytes((CR,))
    return body + bytes((checksum(body),)) if with_checksum else body
