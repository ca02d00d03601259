"""Serial barcode scanners: frame reassembly, AIM identifiers, repeat suppression, the reader.

A scanner sends ``[prefix] code suffix`` where the suffix is CR, LF or CRLF (configurable).
`ScanFrameParser` rebuilds frames from bytes in any chunking. A frame is accepted only when
every byte is printable ASCII or one of the allowed control characters — GS (0x1D, the
FNC1 separator of GS1 codes) and, for ISO/IEC 15434 envelopes (``[)>RS06GS...RS EOT``), RS
(0x1E) and EOT (0x04). Anything else, and any frame longer than ``max_length``, is reported
as a `FrameError` and never becomes a scan. Stray CR/LF around a frame (a CRLF scanner on a
CR setting) is ignored.

`RepeatFilter` drops a code identical to the previous one seen less than ``window_s`` ago
(sliding: a code held under a presentation scanner stays suppressed); a different code
passes at once. `ScannerSession` ties both to a `SerialDevice` and emits `ScanEvent` /
`DeviceError`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from drivers.events import DeviceError, EventSink, ScanEvent
from drivers.framing import DelimitedFrameParser, FrameError
from drivers.scanners.aim import split_aim
from drivers.serial_link import Link, PortLister, ReconnectPolicy, SerialDevice, SerialSettings
from drivers.serial_link import system_ports as _system_ports

GS, RS, EOT = 0x1D, 0x1E, 0x04
DEFAULT_CONTROLS = frozenset({GS, RS, EOT})
_LINE_ENDS = b"\r\n"


@dataclasses.dataclass(frozen=True, slots=True)
class ScanFrame:
    """One complete scanner frame: its bytes (prefix/suffix removed) and their text."""

    raw: bytes
    text: str
    symbology: str  # AIM identifier, e.g. "]C1", or ""

    @property
    def payload(self) -> str:
        return self.text[len(self.symbology) :]


class ScanFrameParser:
    """Incremental scanner framing. ``feed`` returns frames and errors in arrival order."""

    def __init__(
        self,
        *,
        prefix: bytes = b"",
        suffix: bytes = b"\r",
        max_length: int = 512,
        encoding: str = "ascii",
        allowed_controls: frozenset[int] = DEFAULT_CONTROLS,
    ) -> None:
        if not suffix:
            raise ValueError("a scanner suffix is required (CR, LF or CRLF)")
        self._prefix = prefix
        self._max = max_length
        self._encoding = encoding
        self._controls = allowed_controls
        single = len(prefix) == 1
        # Room for stray line ends and a multi-byte prefix on top of the code itself.
        self._frames = DelimitedFrameParser(
            end=suffix,
            start=prefix if single else None,
            max_length=max_length + len(prefix) + 2,
            restart_on_start=single,
        )
        self._check_prefix = len(prefix) > 1

    @property
    def pending(self) -> bool:
        return self._frames.pending

    def reset(self) -> None:
        self._frames.reset()

    def feed(self, chunk: bytes) -> list[ScanFrame | FrameError]:
        out: list[ScanFrame | FrameError] = []
        for item in self._frames.feed(chunk):
            if isinstance(item, FrameError):
                if item.message.startswith("frame longer"):  # say the limit the user set
                    item = FrameError(f"frame longer than {self._max} bytes dropped", item.raw)
                out.append(item)
                continue
            frame = self._accept(item)
            if frame is not None:
                out.append(frame)
        return out

    def _accept(self, content: bytes) -> ScanFrame | FrameError | None:
        body = content.strip(_LINE_ENDS)
        if self._check_prefix and body:
            if not body.startswith(self._prefix):
                return FrameError("frame without the configured prefix", content)
            body = body[len(self._prefix) :].strip(_LINE_ENDS)
        if not body:
            return None  # an empty line: nothing was scanned
        if len(body) > self._max:
            return FrameError(f"frame longer than {self._max} bytes dropped", body[: self._max])
        bad = [b for b in body if (b < 0x20 or b == 0x7F) and b not in self._controls]
        if bad:
            return FrameError(f"{len(bad)} control byte(s) in frame (0x{bad[0]:02X} first)", body)
        try:
            text = body.decode(self._encoding)
        except (UnicodeDecodeError, LookupError):
            return FrameError(f"frame is not valid {self._encoding}", body)
        if not all(ch.isprintable() or ord(ch) in self._controls for ch in text):
            return FrameError("unprintable characters in frame", body)
        symbology, _ = split_aim(text)
        return ScanFrame(body, text, symbology)


class RepeatFilter:
    """Suppresses a repeat of the last code within ``window_s`` (sliding window)."""

    def __init__(self, window_s: float = 0.4, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self._clock = clock
        self._last: str | None = None
        self._seen_at = 0.0

    def admit(self, code: str, now: float | None = None) -> bool:
        now = self._clock() if now is None else now
        repeat = code == self._last and now - self._seen_at < self.window_s
        self._last = code
        self._seen_at = now
        return not repeat


@dataclasses.dataclass(frozen=True, slots=True)
class ScannerOptions:
    prefix: bytes = b""
    suffix: bytes = b"\r"
    max_length: int = 512
    repeat_window_s: float = 0.4
    encoding: str = "ascii"


class ScannerSession:
    """Turns the bytes of one serial scanner into `ScanEvent` and `DeviceError` events."""

    def __init__(self, name: str, options: ScannerOptions, emit: EventSink) -> None:
        self.name = name
        self._emit = emit
        self._parser = ScanFrameParser(
            prefix=options.prefix,
            suffix=options.suffix,
            max_length=options.max_length,
            encoding=options.encoding,
        )
        self._repeats = RepeatFilter(options.repeat_window_s)

    def opened(self, link: Link, now: float) -> None:
        self._parser.reset()  # half a frame from before an unplug is not a scan

    def received(self, data: bytes, now: float) -> None:
        for item in self._parser.feed(data):
            if isinstance(item, FrameError):
                self._emit(DeviceError(self.name, item.message, now, item.raw))
            elif self._repeats.admit(item.text, now):
                self._emit(ScanEvent(self.name, item.text, item.symbology, "serial", now))

    def tick(self, now: float) -> None:
        pass

    def closed(self, now: float) -> None:
        pass


def serial_scanner(
    name: str,
    settings: SerialSettings,
    options: ScannerOptions,
    emit: EventSink,
    *,
    lister: PortLister = _system_ports,
    policy: ReconnectPolicy | None = None,
) -> SerialDevice:
    """A serial scanner device; call ``start()`` to begin reading."""
    return SerialDevice(
        name, settings, ScannerSession(name, options, emit), emit, lister=lister, policy=policy
    )
