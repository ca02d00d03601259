"""Mettler Toledo 8217 demand mode (the POS scale protocol), usually 9600 baud 7E1.

The host sends single characters: ``W`` asks for the weight, ``Z`` zeroes. Replies::

    STX 01.250 CR          a valid weight, in the unit the scale is set to (no unit sent)
    STX ? s CR             a status byte s instead, when the weight is not valid

Status byte bits: 0 motion, 1 over capacity, 2 under zero, 3 outside the zero capture
range, 4 centre of zero, 5 and 6 always 1 (bit 7 is parity). ``Z`` is always answered with
a status record. The unit is configuration (``unit = "lb"`` by default: 8217 scales are
almost always set to pounds).
"""

from __future__ import annotations

from drivers.events import WeightState
from drivers.framing import DelimitedFrameParser, FrameError
from drivers.scales.base import (
    FrameSource,
    Pending,
    ScaleAck,
    ScaleAction,
    ScaleReading,
    ScaleReply,
    parse_number,
    text_of,
)
from drivers.scales.units import to_grams

STX, CR = b"\x02", b"\r"

MOTION, OVER, UNDER, ZERO_RANGE, CENTER_ZERO = 0x01, 0x02, 0x04, 0x08, 0x10


def status_text(status: int) -> str:
    words = [
        name
        for bit, name in (
            (MOTION, "motion"),
            (OVER, "over capacity"),
            (UNDER, "under zero"),
            (ZERO_RANGE, "outside zero capture range"),
            (CENTER_ZERO, "centre of zero"),
        )
        if status & bit
    ]
    return ", ".join(words) or "no flags"


class Toledo8217Protocol:
    name = "toledo8217"
    demand = True

    def __init__(self, unit: str = "lb") -> None:
        to_grams(0, unit)  # refuse an unknown unit now, not at the first reading
        self.unit = unit

    def new_parser(self) -> FrameSource:
        return DelimitedFrameParser(start=STX, end=CR, max_length=16)

    def poll_command(self) -> bytes:
        return b"W"

    def command(self, action: ScaleAction) -> bytes | None:
        return b"Z" if action == "zero" else None  # the 8217 set has no tare command

    def decode(self, frame: bytes, pending: Pending) -> ScaleReply:
        text = text_of(frame)
        if text is None:
            return FrameError("reply is not ASCII", frame)
        if text.startswith("?"):
            if len(text) != 2 or ord(text[1]) & 0x60 != 0x60:
                return FrameError(f"malformed status record {text!r}", frame)
            return self._status(ord(text[1]) & 0x1F, text, pending)
        value = parse_number(text)
        if value is None:
            return FrameError(f"unreadable weight {text!r}", frame)
        if pending == "zero":
            return ScaleAck("zero", True, "weight returned", text)
        return ScaleReading(WeightState.STABLE, to_grams(value, self.unit), self.unit, text)

    def _status(self, status: int, text: str, pending: Pending) -> ScaleReply:
        detail = status_text(status)
        if pending == "zero":
            refused = status & (MOTION | OVER | UNDER | ZERO_RANGE)
            return ScaleAck("zero", not refused, detail, text)
        if status & OVER:
            state = WeightState.OVERLOAD
        elif status & UNDER:
            state = WeightState.UNDERLOAD
        elif status & MOTION:
            state = WeightState.MOTION
        else:
            state = WeightState.ERROR  # a status record with no reason to withhold the weight
        return ScaleReading(state, None, self.unit, text, detail)
