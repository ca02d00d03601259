"""NCI / Weigh-Tronix ECR protocol (NCI 3835 and its clones), usually 9600 baud 7E1.

The host sends ``W<CR>`` (weight), ``S<CR>`` (status) or ``Z<CR>`` (zero). Replies run
from LF to ETX::

    LF  1.250LB CR LF hh CR ETX       weight with unit, then the status bytes
    LF  hh CR ETX                     status only (motion, out of range, errors, S, Z)

Some scales put an ``S`` before the status bytes; both forms are read, as are units in
either case and the pounds-ounces form ``1LB 4.0OZ``. Each status byte has bits 4 and 5 set;
bit 6 means another status byte follows (bit 7 is parity):

* byte 1: 0 motion, 1 at zero, 2 RAM error, 3 EEPROM error
* byte 2: 0 under capacity, 1 over capacity, 2 ROM error, 3 faulty calibration
* byte 3 (optional): 0-1 range, 2 net weight, 3 initial zero error
"""

from __future__ import annotations

import re

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

LF, CR, ETX = b"\n", b"\r", b"\x03"

_WEIGHT = re.compile(r"^\s*(-?)\s*(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]{1,3})\s*$")
_LB_OZ = re.compile(r"^\s*(-?)\s*(\d+)\s*LB\s+(\d+(?:\.\d*)?)\s*OZ\s*$", re.IGNORECASE)
_LINES = re.compile(r"[\r\n]+")

_FLAGS = (
    # (status byte, bit, fault)
    (0, 0x04, "RAM error"),
    (0, 0x08, "EEPROM error"),
    (1, 0x04, "ROM error"),
    (1, 0x08, "faulty calibration"),
    (2, 0x08, "initial zero error"),
)


def status_bytes(line: str) -> list[int] | None:
    """The status bytes of a status line (``hh``, ``hhh`` or ``Shh``), or None if it is not one."""
    body = line[1:] if line[:1] == "S" else line
    codes = [ord(ch) & 0x7F for ch in body]
    if not 2 <= len(codes) <= 3 or any(c & 0x30 != 0x30 for c in codes):
        return None
    for position, code in enumerate(codes):
        follows = bool(code & 0x40)
        last = position == len(codes) - 1
        if position == 0 and follows:
            return None  # byte 1 has no "follows" bit
        if position > 0 and follows == last:
            return None  # bit 6 must announce exactly the bytes that follow
    return codes


class NciProtocol:
    name = "nci"
    demand = True

    def new_parser(self) -> FrameSource:
        # LF starts a reply and also separates its lines: only the first LF opens a frame.
        return DelimitedFrameParser(start=LF, end=ETX, max_length=64, restart_on_start=False)

    def poll_command(self) -> bytes:
        return b"W\r"

    def command(self, action: ScaleAction) -> bytes | None:
        return b"Z\r" if action == "zero" else None

    def decode(self, frame: bytes, pending: Pending) -> ScaleReply:
        text = text_of(frame)
        if text is None:
            return FrameError("reply is not ASCII", frame)
        lines = [line for line in _LINES.split(text) if line.strip()]
        if not lines or len(lines) > 2:
            return FrameError(f"malformed NCI reply {text!r}", frame)
        status = status_bytes(lines[-1].strip())
        if status is None:
            return FrameError(f"bad NCI status bytes {lines[-1]!r}", frame)
        status += [0x30] * (3 - len(status))
        raw = " | ".join(line.strip() for line in lines)
        faults = [name for index, bit, name in _FLAGS if status[index] & bit]
        motion = bool(status[0] & 0x01)
        under, over = bool(status[1] & 0x01), bool(status[1] & 0x02)
        if pending == "zero":
            reasons = faults + [
                name
                for flag, name in (
                    (motion, "motion"),
                    (under, "under capacity"),
                    (over, "over capacity"),
                )
                if flag
            ]
            return ScaleAck("zero", not reasons, ", ".join(reasons) or "zeroed", raw)
        if faults:
            return ScaleReading(WeightState.ERROR, None, "", raw, ", ".join(faults))
        if over:
            return ScaleReading(WeightState.OVERLOAD, None, "", raw)
        if under:
            return ScaleReading(WeightState.UNDERLOAD, None, "", raw)
        if motion:
            return ScaleReading(WeightState.MOTION, None, "", raw)
        if len(lines) == 1:
            return ScaleReading(WeightState.ERROR, None, "", raw, "status without a weight")
        return _weight(lines[0], raw, frame)


def _weight(line: str, raw: str, frame: bytes) -> ScaleReply:
    pounds_ounces = _LB_OZ.match(line)
    if pounds_ounces:
        sign = -1 if pounds_ounces.group(1) else 1
        grams = to_grams(float(pounds_ounces.group(2)), "lb") + to_grams(
            float(pounds_ounces.group(3)), "oz"
        )
        return ScaleReading(WeightState.STABLE, round(sign * grams, 3), "lb", raw)
    match = _WEIGHT.match(line)
    value = parse_number(match.group(2)) if match else None
    if match is None or value is None:
        return FrameError(f"unreadable NCI weight {line.strip()!r}", frame)
    unit = match.group(3).lower()
    try:
        grams = to_grams(-value if match.group(1) else value, unit)
    except ValueError:
        return ScaleReading(WeightState.ERROR, None, unit, raw, f"unknown unit {unit!r}")
    return ScaleReading(WeightState.STABLE, grams, unit, raw)
