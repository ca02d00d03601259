"""The RFID reader device: drives a Mercury module, folds tag bursts, emits `RfidEvent`.

Two ways to read, chosen by ``mode``:

* ``stream`` (default): on connect, send "start continuous read"; the module then streams
  one ``0x22`` record per tag read. If the start is not acknowledged within
  ``reply_timeout_s`` it is sent again and the device reported in error.
* ``poll``: every ``poll_s`` send Read Tag ID Multiple (search ``search_ms``), fetch the
  tags found with Get Tag ID Buffer (repeated until all are in) and clear the buffer.

A tag lying on the bench is read many times a second; `TagDeduplicator` lets an EPC through
only when it was not seen during the last ``dedupe_s`` (sliding, so a tag that stays in
the field is reported once, and again after it has been away for ``dedupe_s``).
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Literal

from drivers.events import ConnectionStatus, DeviceError, DeviceStatusEvent, EventSink, RfidEvent
from drivers.framing import FrameError
from drivers.rfid import mercury
from drivers.serial_link import Link, PortLister, ReconnectPolicy, SerialDevice, SerialSettings
from drivers.serial_link import system_ports as _system_ports

_STALE_PARTIAL_S = 0.2


class TagDeduplicator:
    """Admits an EPC unless it was seen less than ``window_s`` ago (sliding window)."""

    def __init__(self, window_s: float = 1.0) -> None:
        self.window_s = window_s
        self._seen: dict[str, float] = {}

    def admit(self, epc: str, now: float) -> bool:
        last = self._seen.get(epc)
        self._seen[epc] = now
        if len(self._seen) > 4096:
            self._forget(now)
        return last is None or now - last >= self.window_s

    def _forget(self, now: float) -> None:
        self._seen = {k: t for k, t in self._seen.items() if now - t < self.window_s}


@dataclasses.dataclass(frozen=True, slots=True)
class RfidOptions:
    mode: Literal["stream", "poll"] = "stream"
    dedupe_s: float = 1.0
    poll_s: float = 0.25
    search_ms: int = 150
    reply_timeout_s: float = 1.0
    metadata: int = int(mercury.DEFAULT_METADATA)


class _Step(enum.Enum):
    IDLE = "idle"
    STARTING = "starting"  # stream: start sent, waiting for its acknowledgement
    STREAMING = "streaming"
    SEARCHING = "searching"  # poll: 0x22 sent
    FETCHING = "fetching"  # poll: 0x29 sent
    CLEARING = "clearing"  # poll: 0x2A sent


class RfidSession:
    """Mercury protocol over one serial link; see the module docstring."""

    def __init__(self, name: str, options: RfidOptions, emit: EventSink) -> None:
        self.name = name
        self.options = options
        self._emit = emit
        self._parser = mercury.MercuryFrameParser()
        self._dedupe = TagDeduplicator(options.dedupe_s)
        self._link: Link | None = None
        self._step = _Step.IDLE
        self._sent_at = 0.0
        self._next_poll = 0.0
        self._last_rx = 0.0
        self._remaining = 0
        self._silent = False

    def opened(self, link: Link, now: float) -> None:
        self._link = link
        self._parser.reset()
        self._silent = False
        if self.options.mode == "stream":
            self._send(
                mercury.cmd_start_continuous_read(self.options.metadata), _Step.STARTING, now
            )
        else:
            self._step = _Step.IDLE
            self._next_poll = now

    def received(self, data: bytes, now: float) -> None:
        self._last_rx = now
        self._handle(self._parser.feed(data), now)

    def tick(self, now: float) -> None:
        if self._parser.pending and now - self._last_rx > _STALE_PARTIAL_S:
            self._last_rx = now
            self._handle(self._parser.resync(), now)
        waiting = self._step not in (_Step.IDLE, _Step.STREAMING)
        limit = self.options.reply_timeout_s + self.options.search_ms / 1000
        if waiting and now - self._sent_at > limit:
            self._report_silence(now)
            if self.options.mode == "stream":
                self._send(
                    mercury.cmd_start_continuous_read(self.options.metadata), _Step.STARTING, now
                )
            else:
                self._step = _Step.IDLE
                self._next_poll = now + self.options.poll_s
        if self.options.mode == "poll" and self._step is _Step.IDLE and now >= self._next_poll:
            self._next_poll = now + self.options.poll_s
            self._send(mercury.cmd_read_tag_multiple(self.options.search_ms), _Step.SEARCHING, now)

    def closed(self, now: float) -> None:
        self._link = None
        self._step = _Step.IDLE

    # -- replies ---------------------------------------------------------------------------

    def _send(self, command: bytes, step: _Step, now: float) -> None:
        if self._link is not None:
            self._link.write(command)
        self._step = step
        self._sent_at = now

    def _report_silence(self, now: float) -> None:
        if not self._silent:
            self._silent = True
            detail = f"no reply from the reader within {self.options.reply_timeout_s:.1f} s"
            self._emit(DeviceStatusEvent(self.name, ConnectionStatus.ERROR, detail, now))

    def _handle(self, items: list[mercury.MercuryFrame | FrameError], now: float) -> None:
        for item in items:
            if isinstance(item, FrameError):
                self._emit(DeviceError(self.name, item.message, now, item.raw))
                continue
            if self._silent:
                self._silent = False
                self._emit(
                    DeviceStatusEvent(self.name, ConnectionStatus.CONNECTED, "reader answers", now)
                )
            try:
                tags = mercury.decode_tag_reads(item)
            except mercury.MercuryError as exc:
                self._emit(DeviceError(self.name, str(exc), now, item.raw))
                tags = []
                self._after_error(item, now)
            else:
                self._advance(item, tags, now)
            for tag in tags:
                if self._dedupe.admit(tag.epc, now):
                    self._emit(
                        RfidEvent(self.name, tag.epc, tag.rssi, tag.antenna, now, tag.read_count)
                    )

    def _after_error(self, frame: mercury.MercuryFrame, now: float) -> None:
        if frame.opcode == mercury.OP_MULTI_PROTOCOL_TAG_OP and self._step is _Step.STARTING:
            self._step = _Step.STREAMING  # it answered; an error here usually means "already on"
        elif self.options.mode == "poll" and self._step is not _Step.IDLE:
            self._step = _Step.IDLE

    def _advance(
        self, frame: mercury.MercuryFrame, tags: list[mercury.TagRead], now: float
    ) -> None:
        op = frame.opcode
        if self._step is _Step.STARTING and op == mercury.OP_MULTI_PROTOCOL_TAG_OP:
            self._step = _Step.STREAMING
        elif self._step is _Step.SEARCHING and op == mercury.OP_READ_TAG_ID_MULTIPLE:
            found = mercury.tags_found(frame) or 0
            if found:
                self._remaining = found
                self._send(mercury.cmd_get_tag_buffer(self.options.metadata), _Step.FETCHING, now)
            else:
                self._step = _Step.IDLE
        elif self._step is _Step.FETCHING and op == mercury.OP_GET_TAG_ID_BUFFER:
            self._remaining -= len(tags)
            if tags and self._remaining > 0:
                self._send(mercury.cmd_get_tag_buffer(self.options.metadata), _Step.FETCHING, now)
            else:
                self._send(mercury.cmd_clear_tag_buffer(), _Step.CLEARING, now)
        elif self._step is _Step.CLEARING and op == mercury.OP_CLEAR_TAG_ID_BUFFER:
            self._step = _Step.IDLE


def rfid_reader(
    name: str,
    settings: SerialSettings,
    options: RfidOptions,
    emit: EventSink,
    *,
    lister: PortLister = _system_ports,
    policy: ReconnectPolicy | None = None,
) -> SerialDevice:
    """An RFID reader device; call ``start()`` to begin reading."""
    return SerialDevice(
        name, settings, RfidSession(name, options, emit), emit, lister=lister, policy=policy
    )
