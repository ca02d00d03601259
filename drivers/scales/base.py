"""What every scale protocol provides: its framing, its commands and decoded replies."""

from __future__ import annotations

import dataclasses
import re
from typing import Literal, Protocol

from drivers.events import WeightState
from drivers.framing import FrameError

ScaleAction = Literal["zero", "tare"]
Pending = Literal["poll", "zero", "tare"] | None


@dataclasses.dataclass(frozen=True, slots=True)
class ScaleReading:
    """A decoded weight reply. ``grams`` is None unless ``state`` is STABLE."""

    state: WeightState
    grams: float | None
    unit: str
    raw: str
    detail: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class ScaleAck:
    """The scale's answer to a zero or tare command."""

    action: ScaleAction
    ok: bool
    detail: str
    raw: str


ScaleReply = ScaleReading | ScaleAck | FrameError


class FrameSource(Protocol):
    @property
    def pending(self) -> bool: ...

    def reset(self) -> None: ...

    def feed(self, chunk: bytes) -> list[bytes | FrameError]: ...


class ScaleProtocol(Protocol):
    """A scale's serial protocol.

    ``demand`` protocols answer ``poll_command``; the others stream readings on their own.
    ``decode`` is told which command (if any) the reply answers, because some protocols use
    the same reply for different commands.
    """

    name: str
    demand: bool

    def new_parser(self) -> FrameSource: ...

    def poll_command(self) -> bytes: ...

    def command(self, action: ScaleAction) -> bytes | None: ...

    def decode(self, frame: bytes, pending: Pending) -> ScaleReply: ...


def text_of(frame: bytes) -> str | None:
    """The frame as ASCII text, or None if it holds anything else."""
    try:
        return frame.decode("ascii")
    except UnicodeDecodeError:
        return None


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(text: str) -> float | None:
    """A plain decimal number (no exponent, no nan/inf), or None."""
    text = text.strip()
    return float(text) if _NUMBER.match(text) else None
