"""ThingMagic Mercury embedded-module serial protocol (M5e, M6e, M6e Nano): frames and tag reads.

Framing (all multi-byte numbers big-endian)::

    host -> reader:  FF len opcode data[len] crc_hi crc_lo
    reader -> host:  FF len opcode status_hi status_lo data[len] crc_hi crc_lo

``len`` counts ``data`` only. The CRC covers everything after FF up to the CRC. It is
ThingMagic's CRC-16: polynomial 0x1021, register preset 0xFFFF, fed four bits at a time
with the data shifted *into* the register (the "augmented" form). That is not
CRC-16/CCITT-FALSE, which uses the same polynomial and preset but XORs data into the top of
the register and gives other values: the version command is ``FF 00 03 1D 0C`` on the
wire, where CCITT-FALSE would give ``2D 6C``. `MercuryFrameParser` resynchronises on the
next FF after garbage or a CRC failure.

Supported replies (what `decode_tag_reads` understands):

* ``0x22`` Read Tag ID Multiple, streaming form — sent continuously after the "start
  continuous read" command (``0x2F`` with an embedded ``0x22``, option 0x10)::

      data = option(0x10) search_flags(2) metadata_flags(2) response_type(1) record

  response_type 0x01 carries one tag record; 0x00 ends the stream; 0x02 is a statistics
  report (ignored). Status 0x0400 (no tags found) is a keep-alive and yields nothing.
* ``0x22`` Read Tag ID Multiple, synchronous form (data of 4, 5, 7 or 8 bytes): the number
  of tags found in the search; the tags themselves are fetched with ``0x29``.
* ``0x29`` Get Tag ID Buffer::

      data = metadata_flags(2) read_options(1) count(1) record * count

A tag record holds the metadata fields present in ``metadata_flags``, in this order: read
count (1 byte, 0x0001), RSSI (1, signed dBm, 0x0002), antenna (1, TX port in the high
nibble, RX in the low, 0x0004), frequency (3, kHz, 0x0008), timestamp (4, ms, 0x0010),
phase (2, 0x0020), protocol (1, 0x0040), embedded data (2-byte bit length + bytes,
0x0080), GPIO (1, 0x0100), Gen2 Q, link frequency, target (1 each, 0x0200, 0x0400,
0x0800); then the EPC length in bits (2 bytes, PC + EPC + tag CRC), the PC word (plus XPC
words when the PC's XI bit 0x0200 is set), the EPC and the tag's CRC-16. Records are taken
as Gen2 when the protocol field is absent. Other metadata bits are refused, since the
record length could not be known.

Other replies — version (0x03), start/stop acknowledgements (0x2F), clear buffer (0x2A) —
are framed and passed on but carry no tags. A non-zero status other than 0x0400 is
reported as an error.
"""

from __future__ import annotations

import dataclasses
import enum

from drivers.framing import FrameError

SOH = 0xFF

OP_VERSION = 0x03
OP_READ_TAG_ID_SINGLE = 0x21
OP_READ_TAG_ID_MULTIPLE = 0x22
OP_GET_TAG_ID_BUFFER = 0x29
OP_CLEAR_TAG_ID_BUFFER = 0x2A
OP_MULTI_PROTOCOL_TAG_OP = 0x2F

STATUS_OK = 0x0000
STATUS_NO_TAGS_FOUND = 0x0400
STATUS_INVALID_OPCODE = 0x0101

STATUS_NAMES = {
    0x0100: "wrong number of data bytes",
    0x0101: "invalid opcode",
    0x0102: "unimplemented opcode",
    0x0105: "invalid parameter value",
    0x0400: "no tags found",
    0x0504: "temperature too high, reading throttled",
    0x0505: "high return loss (antenna not connected?)",
    0x7F01: "firmware assertion failed",
}

PROTOCOL_GEN2 = 0x05


class Metadata(enum.IntFlag):
    """Which fields each tag record carries (the reader's metadata flags)."""

    READ_COUNT = 0x0001
    RSSI = 0x0002
    ANTENNA = 0x0004
    FREQUENCY = 0x0008
    TIMESTAMP = 0x0010
    PHASE = 0x0020
    PROTOCOL = 0x0040
    DATA = 0x0080
    GPIO = 0x0100
    GEN2_Q = 0x0200
    GEN2_LF = 0x0400
    GEN2_TARGET = 0x0800


SUPPORTED_METADATA = 0x0FFF
DEFAULT_METADATA = Metadata.READ_COUNT | Metadata.RSSI | Metadata.ANTENNA | Metadata.PROTOCOL

# Field widths in record order; DATA is variable and handled apart.
_FIXED_FIELDS = (
    (Metadata.READ_COUNT, 1),
    (Metadata.RSSI, 1),
    (Metadata.ANTENNA, 1),
    (Metadata.FREQUENCY, 3),
    (Metadata.TIMESTAMP, 4),
    (Metadata.PHASE, 2),
    (Metadata.PROTOCOL, 1),
)
_TRAILING_FIELDS = (
    (Metadata.GPIO, 1),
    (Metadata.GEN2_Q, 1),
    (Metadata.GEN2_LF, 1),
    (Metadata.GEN2_TARGET, 1),
)

_CRC_TABLE = (
    0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50A5, 0x60C6, 0x70E7,
    0x8108, 0x9129, 0xA14A, 0xB16B, 0xC18C, 0xD1AD, 0xE1CE, 0xF1EF,
)  # fmt: skip


class MercuryError(ValueError):
    """A well-framed reply that cannot be used (error status, malformed tag record)."""


def crc16(data: bytes) -> int:
    """ThingMagic's message CRC (see the module docstring)."""
    crc = 0xFFFF
    for byte in data:
        crc = (((crc << 4) | (byte >> 4)) ^ _CRC_TABLE[crc >> 12]) & 0xFFFF
        crc = (((crc << 4) | (byte & 0x0F)) ^ _CRC_TABLE[crc >> 12]) & 0xFFFF
    return crc


def gen2_crc16(data: bytes) -> int:
    """The tag's own CRC over PC + EPC (EPC Gen2: CRC-16/GENIBUS)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc ^ 0xFFFF


def build_command(opcode: int, data: bytes = b"") -> bytes:
    if len(data) > 255:
        raise ValueError("a command carries at most 255 data bytes")
    body = bytes((len(data), opcode)) + data
    return bytes((SOH,)) + body + crc16(body).to_bytes(2, "big")


def build_reply(opcode: int, status: int, data: bytes = b"") -> bytes:
    if len(data) > 255:
        raise ValueError("a reply carries at most 255 data bytes")
    body = bytes((len(data), opcode)) + status.to_bytes(2, "big") + data
    return bytes((SOH,)) + body + crc16(body).to_bytes(2, "big")


# -- host commands the driver sends ---------------------------------------------------------


def cmd_version() -> bytes:
    return build_command(OP_VERSION)


def cmd_start_continuous_read(metadata: int = DEFAULT_METADATA) -> bytes:
    """Start streaming Gen2 reads (a 0x2F multi-protocol op embedding 0x22, option 0x10)."""
    sub = bytes((OP_READ_TAG_ID_MULTIPLE, 0x10)) + b"\x00\x1b" + b"\x03\xe8"
    sub += int(metadata).to_bytes(2, "big")
    data = b"\x00\x00\x01" + bytes((OP_READ_TAG_ID_MULTIPLE,)) + b"\x00\x00"
    data += bytes((PROTOCOL_GEN2, len(sub) - 1)) + sub
    return build_command(OP_MULTI_PROTOCOL_TAG_OP, data)


def cmd_stop_continuous_read() -> bytes:
    return build_command(OP_MULTI_PROTOCOL_TAG_OP, b"\x00\x00\x02")


def cmd_read_tag_multiple(timeout_ms: int) -> bytes:
    return build_command(OP_READ_TAG_ID_MULTIPLE, b"\x00\x00\x00" + timeout_ms.to_bytes(2, "big"))


def cmd_get_tag_buffer(metadata: int = DEFAULT_METADATA) -> bytes:
    return build_command(OP_GET_TAG_ID_BUFFER, int(metadata).to_bytes(2, "big") + b"\x00")


def cmd_clear_tag_buffer() -> bytes:
    return build_command(OP_CLEAR_TAG_ID_BUFFER)


# -- framing --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class MercuryFrame:
    """One CRC-checked message. ``status`` is None for host commands."""

    opcode: int
    status: int | None
    data: bytes
    raw: bytes


class MercuryFrameParser:
    """Incremental framing of replies (``replies=True``) or of host commands (simulators)."""

    def __init__(self, *, replies: bool = True) -> None:
        self._overhead = 7 if replies else 5
        self._replies = replies
        self._buffer = bytearray()
        self._garbage = bytearray()
        self._quiet = 0  # leading buffer bytes already reported in a bad frame

    @property
    def pending(self) -> bool:
        return bool(self._buffer) or bool(self._garbage)

    def reset(self) -> None:
        self._buffer.clear()
        self._garbage.clear()
        self._quiet = 0

    def feed(self, chunk: bytes) -> list[MercuryFrame | FrameError]:
        self._buffer += chunk
        return self._parse()

    def resync(self) -> list[MercuryFrame | FrameError]:
        """Give up on a partial frame that stopped arriving: its FF may have been noise."""
        if self._buffer:
            self._drop(1)
        out = self._parse()
        self._flush_garbage(out)
        return out

    def _parse(self) -> list[MercuryFrame | FrameError]:
        out: list[MercuryFrame | FrameError] = []
        while self._buffer:
            start = self._buffer.find(SOH)
            if start < 0:
                self._drop(len(self._buffer))
                break
            if start > 0:
                self._drop(start)
            if len(self._buffer) < 2:
                break
            total = self._buffer[1] + self._overhead
            if len(self._buffer) < total:
                break
            candidate = bytes(self._buffer[:total])
            self._flush_garbage(out)  # what came before this candidate, in arrival order
            if crc16(candidate[1:-2]) == int.from_bytes(candidate[-2:], "big"):
                del self._buffer[:total]
                self._quiet = 0
                out.append(self._frame(candidate))
            else:
                if total > self._quiet:  # not inside bytes already reported as a bad frame
                    out.append(FrameError("CRC mismatch, frame dropped", candidate))
                    self._quiet = total
                self._drop(1)  # the length byte may be noise: look for the next FF
        if len(self._garbage) >= 256:
            self._flush_garbage(out)
        return out

    def _drop(self, count: int) -> None:
        quiet = min(self._quiet, count)
        self._quiet -= quiet
        self._garbage += self._buffer[quiet:count]
        del self._buffer[:count]

    def _flush_garbage(self, out: list[MercuryFrame | FrameError]) -> None:
        if self._garbage:
            out.append(FrameError(f"{len(self._garbage)} bytes of garbage", bytes(self._garbage)))
            self._garbage.clear()

    def _frame(self, raw: bytes) -> MercuryFrame:
        if self._replies:
            return MercuryFrame(raw[2], int.from_bytes(raw[3:5], "big"), raw[5:-2], raw)
        return MercuryFrame(raw[2], None, raw[3:-2], raw)


# -- tag reads ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class TagRead:
    epc: str  # upper-case hex
    rssi: int | None
    antenna: int | None
    read_count: int
    protocol: int | None
    pc: int | None


def decode_tag_reads(frame: MercuryFrame) -> list[TagRead]:
    """The tags a reply carries (often none). Raises `MercuryError` for a bad reply."""
    if frame.status is None:
        return []
    if frame.status == STATUS_NO_TAGS_FOUND:
        return []
    if frame.status != STATUS_OK:
        name = STATUS_NAMES.get(frame.status, "unknown error")
        raise MercuryError(
            f"reader error 0x{frame.status:04X} ({name}) to opcode 0x{frame.opcode:02X}"
        )
    data = frame.data
    if frame.opcode == OP_READ_TAG_ID_MULTIPLE:
        if not data or not data[0] & 0x10:
            return []  # synchronous reply: only the count of tags found
        if len(data) < 6:
            raise MercuryError("streamed read reply too short")
        flags = int.from_bytes(data[3:5], "big")
        if data[5] != 0x01:
            return []  # end of stream (0x00) or a statistics report (0x02)
        tag, end = _record(flags, data, 6)
        if end != len(data):
            raise MercuryError(f"{len(data) - end} unexpected bytes after the tag record")
        return [tag]
    if frame.opcode == OP_GET_TAG_ID_BUFFER:
        if len(data) < 4:
            raise MercuryError("tag buffer reply too short")
        flags = int.from_bytes(data[0:2], "big")
        tags: list[TagRead] = []
        offset = 4
        for _ in range(data[3]):
            tag, offset = _record(flags, data, offset)
            tags.append(tag)
        if offset != len(data):
            raise MercuryError(f"{len(data) - offset} unexpected bytes after the tag records")
        return tags
    return []


def tags_found(frame: MercuryFrame) -> int | None:
    """The count in a synchronous Read Tag ID Multiple reply, else None."""
    if frame.opcode != OP_READ_TAG_ID_MULTIPLE or frame.status is None:
        return None
    if frame.status == STATUS_NO_TAGS_FOUND:
        return 0
    data = frame.data
    if frame.status != STATUS_OK or not data or data[0] & 0x10:
        return None
    if len(data) in (4, 5):
        return data[len(data) - 1]
    if len(data) in (7, 8):
        return int.from_bytes(data[len(data) - 4 :], "big")
    return None


def _take(data: bytes, offset: int, size: int) -> bytes:
    if offset + size > len(data):
        raise MercuryError("tag record cut short")
    return data[offset : offset + size]


def _record(flags: int, data: bytes, offset: int) -> tuple[TagRead, int]:
    if flags & ~SUPPORTED_METADATA:
        raise MercuryError(f"unsupported metadata flags 0x{flags:04X}")
    fields: dict[Metadata, bytes] = {}
    for flag, size in _FIXED_FIELDS:
        if flags & flag:
            fields[flag] = _take(data, offset, size)
            offset += size
    if flags & Metadata.DATA:
        size = (int.from_bytes(_take(data, offset, 2), "big") + 7) // 8
        offset += 2
        _take(data, offset, size)
        offset += size
    for flag, size in _TRAILING_FIELDS:
        if flags & flag:
            _take(data, offset, size)
            offset += size
    epc_bytes = (int.from_bytes(_take(data, offset, 2), "big") + 7) // 8
    offset += 2
    body = _take(data, offset, epc_bytes)
    offset += epc_bytes
    protocol = fields[Metadata.PROTOCOL][0] if Metadata.PROTOCOL in fields else None
    pc: int | None = None
    epc = body[:-2] if len(body) >= 2 else b""  # the tag's CRC closes the field
    if protocol in (None, PROTOCOL_GEN2):
        if len(epc) < 2:
            raise MercuryError("Gen2 tag record without a PC word")
        pc = int.from_bytes(epc[:2], "big")
        skip = 2
        if pc & 0x0200:  # XI: an XPC_W1 word follows, and XPC_W2 if its top bit is set
            if len(epc) < 4:
                raise MercuryError("XPC word missing")
            skip = 6 if epc[2] & 0x80 else 4
        epc = epc[skip:]
    if not epc:
        raise MercuryError("tag record without an EPC")
    rssi = (
        int.from_bytes(fields[Metadata.RSSI], "big", signed=True)
        if Metadata.RSSI in fields
        else None
    )
    antenna: int | None = None
    if Metadata.ANTENNA in fields:
        antenna = fields[Metadata.ANTENNA][0] & 0x0F or 16  # RX port; 0 stands for 16
    count = fields[Metadata.READ_COUNT][0] if Metadata.READ_COUNT in fields else 1
    return TagRead(epc.hex().upper(), rssi, antenna, count, protocol, pc), offset


def build_tag_record(
    epc: bytes,
    flags: int,
    *,
    rssi: int = -60,
    antenna: int = 1,
    read_count: int = 1,
    frequency_khz: int = 915_250,
    timestamp_ms: int = 0,
) -> bytes:
    """A tag record as a reader sends it (for simulators and tests)."""
    if flags & ~SUPPORTED_METADATA:
        raise ValueError(f"unsupported metadata flags 0x{flags:04X}")
    out = bytearray()
    if flags & Metadata.READ_COUNT:
        out.append(max(1, min(read_count, 255)))
    if flags & Metadata.RSSI:
        out += rssi.to_bytes(1, "big", signed=True)
    if flags & Metadata.ANTENNA:
        port = antenna & 0x0F
        out.append(port << 4 | port)
    if flags & Metadata.FREQUENCY:
        out += frequency_khz.to_bytes(3, "big")
    if flags & Metadata.TIMESTAMP:
        out += timestamp_ms.to_bytes(4, "big")
    if flags & Metadata.PHASE:
        out += b"\x00\x5a"
    if flags & Metadata.PROTOCOL:
        out.append(PROTOCOL_GEN2)
    if flags & Metadata.DATA:
        out += b"\x00\x00"
    for flag, size in _TRAILING_FIELDS:
        if flags & flag:
            out += bytes(size)
    pc = ((len(epc) + 1) // 2) << 11
    tagged = pc.to_bytes(2, "big") + epc
    tagged += gen2_crc16(tagged).to_bytes(2, "big")
    out += (len(tagged) * 8).to_bytes(2, "big") + tagged
    return bytes(out)
