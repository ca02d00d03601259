"""Device events: the immutable values drivers hand to callbacks, from their own threads.

Every driver reports through one callback taking a ``DeviceEvent``. Events are frozen
dataclasses holding plain data only, so they can cross into the GUI thread (a queued Qt
signal) or be printed as JSON without copying. ``at`` is ``time.monotonic()`` when the
driver saw the event complete (the frame's last byte, the reply, the state change).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import Literal, TypeAlias

ScanKind: TypeAlias = Literal["serial", "hid"]


class WeightState(enum.StrEnum):
    """What the scale says about the load. Only ``STABLE`` readings carry grams."""

    STABLE = "stable"
    MOTION = "motion"
    UNDERLOAD = "underload"
    OVERLOAD = "overload"
    ERROR = "error"


class ConnectionStatus(enum.StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ERROR = "error"  # open but not answering, or the port cannot be opened (permissions)


@dataclasses.dataclass(frozen=True, slots=True)
class ScanEvent:
    """One barcode read, as the scanner sent it.

    ``data`` is the scanner text with the configured prefix/suffix removed but the AIM
    symbology identifier and GS (0x1D) separators kept — the raw form `station replay`
    takes. ``symbology`` is that identifier (``"]C1"``) or ``""`` when the scanner sends none.
    """

    device: str
    data: str
    symbology: str
    kind: ScanKind
    at: float

    @property
    def payload(self) -> str:
        """The code without its AIM identifier."""
        return self.data[len(self.symbology) :]


@dataclasses.dataclass(frozen=True, slots=True)
class RfidEvent:
    """One tag seen by an RFID reader (repeat reads inside the burst window already folded)."""

    device: str
    epc: str  # upper-case hex, no separators
    rssi: int | None  # dBm, as the reader reports it
    antenna: int | None
    at: float
    read_count: int = 1


@dataclasses.dataclass(frozen=True, slots=True)
class WeightEvent:
    """A scale reading.

    ``grams`` is set only when ``state`` is ``STABLE``: motion, under- and overload and
    errors are states, never a weight of 0. ``unit`` is the unit the scale displays
    (``g``, ``kg``, ``lb``, ``oz``); ``grams`` is always converted. ``settled`` marks the one
    event at which `StableWeightFilter` accepted the weight (enough agreeing stable readings
    over enough time) — the value a bench step may use.
    """

    device: str
    grams: float | None
    unit: str
    state: WeightState
    raw: str
    at: float
    settled: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class DeviceStatusEvent:
    """A device was connected, lost, or is present but failing (``detail`` says why)."""

    device: str
    status: ConnectionStatus
    detail: str
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class PrinterStatusEvent:
    """A printer's readiness. ``faults`` are short words: paper_out, head_open, paused, ..."""

    device: str
    ready: bool
    faults: tuple[str, ...]
    detail: str
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class DeviceError:
    """Something a device sent that could not be used: garbage, an over-long or corrupt frame.

    The bytes are dropped (never turned into a scan or a weight); this event says so.
    """

    device: str
    message: str
    at: float
    raw: bytes = b""


DeviceEvent: TypeAlias = (
    ScanEvent | RfidEvent | WeightEvent | DeviceStatusEvent | PrinterStatusEvent | DeviceError
)
EventSink: TypeAlias = Callable[[DeviceEvent], None]
