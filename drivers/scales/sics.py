"""Mettler Toledo MT-SICS (level 0): ``S``, ``SI``, ``Z``, ``T`` and their replies.

Commands and replies are ASCII lines ending CR LF. The weight reply is
``S <status> <value> <unit>``, the value right-aligned in a 10-character field::

    S S     100.00 g     stable weight            S +     overload
    S D     100.01 g     dynamic (in motion)      S -     underload
    S I                  not executable now (busy, or no stability before the timeout)
    Z A / Z I / Z + / Z -            zero done / not now / above / below the zero range
    T S  20.00 g / T I / T + / T -   tare stored (the tare) / not now / out of range
    ES / ET / EL                     syntax / transmission / logical error

We poll with ``SI`` (the current value at once, stable or not) so motion shows on screen;
a dynamic value is reported as state ``motion`` without grams. ``S I`` is reported as
motion too: the balance has no weight to give right now, which is not a fault.
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

_ERRORS = {"ES": "syntax error", "ET": "transmission error", "EL": "logical error"}
_ZERO = {"I": "not executable now", "+": "above the zero range", "-": "below the zero range"}
_TARE = {"I": "not executable now", "+": "above the tare range", "-": "below the tare range"}


class SicsProtocol:
    name = "sics"
    demand = True

    def __init__(self, poll: str = "SI") -> None:
        self._poll = poll

    def new_parser(self) -> FrameSource:
        # Split on LF and strip the CR, so a stray lone CR cannot glue two replies together.
        return DelimitedFrameParser(end=b"\n", max_length=128)

    def poll_command(self) -> bytes:
        return self._poll.encode("ascii") + b"\r\n"

    def command(self, action: ScaleAction) -> bytes | None:
        return b"Z\r\n" if action == "zero" else b"T\r\n"

    def decode(self, frame: bytes, pending: Pending) -> ScaleReply:
        text = text_of(frame)
        if text is None:
            return FrameError("reply is not ASCII", frame)
        text = text.strip("\r\n ")
        tokens = text.split()
        if not tokens:
            return FrameError("empty reply", frame)
        head = tokens[0]
        if head in _ERRORS and len(tokens) == 1:
            if pending in ("zero", "tare"):
                return ScaleAck(pending, False, _ERRORS[head], text)
            return ScaleReading(WeightState.ERROR, None, "", text, _ERRORS[head])
        if head == "S":
            return _weight(tokens, text, frame)
        if head == "Z" and len(tokens) == 2:
            if tokens[1] == "A":
                return ScaleAck("zero", True, "zeroed", text)
            if tokens[1] in _ZERO:
                return ScaleAck("zero", False, _ZERO[tokens[1]], text)
        if head == "T" and len(tokens) >= 2:
            if tokens[1] == "S" and len(tokens) == 4:
                return ScaleAck("tare", True, f"tare {tokens[2]} {tokens[3]}", text)
            if tokens[1] in _TARE and len(tokens) == 2:
                return ScaleAck("tare", False, _TARE[tokens[1]], text)
        return FrameError(f"unexpected MT-SICS reply {text[:40]!r}", frame)


def _weight(tokens: list[str], text: str, frame: bytes) -> ScaleReply:
    if len(tokens) == 2:
        status = tokens[1]
        if status == "+":
            return ScaleReading(WeightState.OVERLOAD, None, "", text)
        if status == "-":
            return ScaleReading(WeightState.UNDERLOAD, None, "", text)
        if status == "I":
            return ScaleReading(WeightState.MOTION, None, "", text, "balance busy or not stable")
    if len(tokens) == 4 and tokens[1] in ("S", "D"):
        unit = tokens[3]
        value = parse_number(tokens[2])
        try:
            if value is None:
                raise ValueError(tokens[2])
            grams = to_grams(value, unit)
        except ValueError:
            return ScaleReading(
                WeightState.ERROR, None, unit, text, f"cannot read {tokens[2]} {unit}"
            )
        if tokens[1] == "D":
            return ScaleReading(WeightState.MOTION, None, unit, text)
        return ScaleReading(WeightState.STABLE, grams, unit, text)
    return FrameError(f"unexpected MT-SICS weight reply {text[:40]!r}", frame)
