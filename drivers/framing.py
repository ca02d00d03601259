"""Incremental byte framing shared by the serial protocols: delimited frames and frame errors.

Parsers here are pure: ``feed(chunk)`` takes bytes in any chunking and returns the frames
completed so far, plus a `FrameError` for each run of bytes that had to be thrown away.
They never raise on input and never emit a frame whose bytes did not arrive contiguously.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class FrameError:
    """Bytes a parser dropped and why (garbage, over-long frame, bad checksum)."""

    message: str
    raw: bytes


class DelimitedFrameParser:
    """Frames that end with ``end`` and, when ``start`` is given, begin with ``start``.

    Returns each frame's content without the delimiters. With a ``start`` byte, bytes seen
    between frames are stray: they are reported (unless they are all in ``ignorable``) when
    the next frame starts. With ``restart_on_start``, a start byte inside a frame means the
    frame was cut off: it is reported and a new frame begins. A frame longer than
    ``max_length`` is reported once and skipped up to its end delimiter.
    """

    def __init__(
        self,
        *,
        end: bytes,
        start: bytes | None = None,
        max_length: int = 512,
        restart_on_start: bool = True,
        ignorable: bytes = b"\r\n",
    ) -> None:
        if not end:
            raise ValueError("a frame needs an end delimiter")
        if start is not None and len(start) != 1:
            raise ValueError("the start delimiter is one byte")
        self._end = end
        self._start = start
        self._max = max_length
        self._restart = restart_on_start
        self._ignorable = frozenset(ignorable)
        self._buffer = bytearray()
        self._in_frame = start is None
        self._discarding = False  # inside an over-long frame, waiting for its end

    @property
    def pending(self) -> bool:
        """True while part of a frame (or stray bytes) is held back waiting for more."""
        return bool(self._buffer) or self._discarding

    def reset(self) -> None:
        self._buffer.clear()
        self._in_frame = self._start is None
        self._discarding = False

    def feed(self, chunk: bytes) -> list[bytes | FrameError]:
        out: list[bytes | FrameError] = []
        for byte in chunk:
            self._take(byte, out)
        return out

    def _take(self, byte: int, out: list[bytes | FrameError]) -> None:
        start = self._start[0] if self._start is not None else None
        if not self._in_frame:
            if byte == start:
                self._report_stray(out)
                self._in_frame = True
            else:
                self._buffer.append(byte)
                if len(self._buffer) > self._max:
                    out.append(FrameError(f"{len(self._buffer)} stray bytes", bytes(self._buffer)))
                    self._buffer.clear()
            return
        if self._restart and byte == start:
            if self._discarding:
                self._discarding = False
            elif self._buffer:
                out.append(FrameError("frame cut off by a new start byte", bytes(self._buffer)))
                self._buffer.clear()
            return
        if self._discarding:
            # Keep only enough tail to spot the end delimiter.
            self._buffer.append(byte)
            if self._buffer.endswith(self._end):
                self._buffer.clear()
                self._discarding = False
                self._in_frame = self._start is None
            elif len(self._buffer) >= len(self._end):
                del self._buffer[: len(self._buffer) - len(self._end) + 1]
            return
        self._buffer.append(byte)
        if self._buffer.endswith(self._end):
            frame = bytes(self._buffer[: len(self._buffer) - len(self._end)])
            self._buffer.clear()
            self._in_frame = self._start is None
            out.append(frame)
        elif len(self._buffer) > self._max + len(self._end) - 1:
            out.append(
                FrameError(
                    f"frame longer than {self._max} bytes dropped",
                    bytes(self._buffer[: self._max]),
                )
            )
            # Keep the tail: it may already hold the beginning of the end delimiter.
            del self._buffer[: len(self._buffer) - len(self._end) + 1]
            self._discarding = True
            if self._buffer.endswith(self._end):
                self._buffer.clear()
                self._discarding = False

    def _report_stray(self, out: list[bytes | FrameError]) -> None:
        if self._buffer and not all(b in self._ignorable for b in self._buffer):
            out.append(FrameError(f"{len(self._buffer)} stray bytes", bytes(self._buffer)))
        self._buffer.clear()
