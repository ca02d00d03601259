"""Keyboard-wedge (HID) scanners: tell a scanner's key burst from a person typing.

A wedge scanner types its code as fast key presses ended by Enter. `WedgeDecoder` is fed
each typed character with its timestamp (seconds, any monotonic clock; the Qt adapter
passes event times) and answers with `ScanEvent` (kind ``"hid"``) for a burst and
`PassThrough` for keys a person typed, which the UI then delivers to the focused widget.

A burst is at least ``min_length`` characters whose gaps, and the gap to the closing Enter,
are all under ``max_gap_s`` (scanners type a key every 1-10 ms; people rarely under 30 ms).
Keys are held back at most ``max_gap_s``: when nothing follows in time, call ``flush(now)``
(``deadline`` says when) and they come out as `PassThrough`. Scanners cannot type GS
(0x1D) through every keyboard layout, so they are usually set to type a substitute such as
``|`` for FNC1; with ``fnc1="|"`` that character is turned back into GS inside a burst
(never in typed text). Decoding works on characters, so it does not depend on the layout
beyond the scanner and the PC agreeing on it.
"""

from __future__ import annotations

import dataclasses

from drivers.events import ScanEvent
from drivers.scanners.aim import split_aim

GS = "\x1d"


@dataclasses.dataclass(frozen=True, slots=True)
class PassThrough:
    """Keys a person typed, in order, to hand on to the focused widget."""

    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class WedgeOptions:
    max_gap_s: float = 0.030
    min_length: int = 4
    fnc1: str | None = None
    terminators: str = "\r\n"
    max_length: int = 512


class WedgeDecoder:
    """Splits a stream of (character, time) key presses into scans and typed text."""

    def __init__(self, device: str = "wedge", options: WedgeOptions | None = None) -> None:
        self.device = device
        self.options = options or WedgeOptions()
        if self.options.fnc1 is not None and len(self.options.fnc1) != 1:
            raise ValueError("the FNC1 substitute is one character")
        self._keys: list[str] = []
        self._last_at: float | None = None

    @property
    def deadline(self) -> float | None:
        """When held keys must be released with ``flush`` if no other key comes first."""
        if not self._keys or self._last_at is None:
            return None
        return self._last_at + self.options.max_gap_s

    def feed(self, char: str, at: float) -> list[ScanEvent | PassThrough]:
        out: list[ScanEvent | PassThrough] = []
        if self._keys and self._last_at is not None and at - self._last_at > self.options.max_gap_s:
            out.extend(self._release())
        if char in self.options.terminators and len(char) == 1:
            if len(self._keys) >= self.options.min_length:
                out.append(self._scan(at))
            else:
                out.extend(self._release(char))
            return out
        self._keys.append(char)
        self._last_at = at
        if len(self._keys) > self.options.max_length:
            out.extend(self._release())  # nothing this long is a barcode
        return out

    def flush(self, now: float) -> list[ScanEvent | PassThrough]:
        """Release held keys whose burst can no longer become a scan."""
        deadline = self.deadline
        if deadline is not None and now >= deadline:
            return self._release()
        return []

    def _release(self, extra: str = "") -> list[ScanEvent | PassThrough]:
        text = "".join(self._keys) + extra
        self._keys.clear()
        self._last_at = None
        return [PassThrough(text)] if text else []

    def _scan(self, at: float) -> ScanEvent:
        text = "".join(self._keys)
        if self.options.fnc1:
            text = text.replace(self.options.fnc1, GS)
        self._keys.clear()
        self._last_at = None
        symbology, _ = split_aim(text)
        return ScanEvent(self.device, text, symbology, "hid", at)
