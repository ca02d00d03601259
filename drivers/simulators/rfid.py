"""A virtual ThingMagic Mercury RFID module (the subset `drivers.rfid.mercury` documents).

It answers version (0x03), start/stop continuous reading (0x2F), Read Tag ID Multiple
(0x22), Get Tag ID Buffer (0x29) and Clear Tag ID Buffer (0x2A); anything else gets status
0x0101 (invalid opcode). Script actions::

    tag 3074257BF7194E4000001A85 [RSSI] [ANTENNA]    one read of a tag
    burst 3074257BF7194E4000001A85 5                 the same tag read N times in a row

While streaming, each read is sent at once as a 0x22 record; otherwise reads wait for the
host's next search (0x22), which moves them into the tag buffer for 0x29 to fetch.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from drivers.framing import FrameError
from drivers.rfid import mercury
from drivers.simulators.base import PtySimulator, ScriptError


@dataclasses.dataclass(slots=True)
class _Buffered:
    epc: bytes
    rssi: int
    antenna: int
    count: int


class RfidSimulator(PtySimulator):
    kind = "rfid"

    def __init__(self, *, link: str | Path | None = None) -> None:
        super().__init__(link=link)
        self.streaming = False
        self.streaming_started = threading.Event()  # for tests: the host started reading
        self.metadata = int(mercury.DEFAULT_METADATA)
        self.opcodes: list[int] = []  # commands the host sent, for tests
        self._parser = mercury.MercuryFrameParser(replies=False)
        self._buffer: list[_Buffered] = []  # what the last searches found, until cleared
        self._field: list[_Buffered] = []  # reads the next search will find
        self._buffer_lock = threading.Lock()  # the script adds tags, the host takes them

    def plugged_in(self) -> None:
        self.streaming = False  # a module that lost power forgets it was streaming
        self.streaming_started.clear()
        with self._buffer_lock:
            self._buffer.clear()
            self._field.clear()
        self._parser.reset()

    # -- tags -----------------------------------------------------------------------------

    def tag(self, epc_hex: str, rssi: int = -60, antenna: int = 1) -> None:
        epc = _epc_bytes(epc_hex)
        if self.streaming:
            record = mercury.build_tag_record(epc, self.metadata, rssi=rssi, antenna=antenna)
            head = bytes((0x10,)) + b"\x00\x1b" + self.metadata.to_bytes(2, "big") + b"\x01"
            self.send(mercury.build_reply(mercury.OP_READ_TAG_ID_MULTIPLE, 0, head + record))
            return
        with self._buffer_lock:
            _merge(self._field, _Buffered(epc, rssi, antenna, 1))

    def do_tag(self, argument: str) -> None:
        parts = argument.split()
        if not 1 <= len(parts) <= 3:
            raise ScriptError("tag EPC_HEX [RSSI] [ANTENNA]")
        try:
            rssi = int(parts[1]) if len(parts) > 1 else -60
            antenna = int(parts[2]) if len(parts) > 2 else 1
        except ValueError:
            raise ScriptError("tag EPC_HEX [RSSI] [ANTENNA]") from None
        if not -128 <= rssi <= 127 or not 1 <= antenna <= 16:
            raise ScriptError("RSSI is -128..127 dBm, ANTENNA 1..16")
        self.tag(parts[0], rssi, antenna)

    def do_burst(self, argument: str) -> None:
        parts = argument.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise ScriptError("burst EPC_HEX COUNT")
        self.burst(parts[0], int(parts[1]))

    def burst(self, epc_hex: str, count: int, rssi: int = -60, antenna: int = 1) -> None:
        for _ in range(count):
            self.tag(epc_hex, rssi, antenna)

    # -- host commands --------------------------------------------------------------------

    def received(self, data: bytes) -> None:
        for item in self._parser.feed(data):
            if isinstance(item, FrameError):
                continue  # a real module ignores what it cannot frame
            self.opcodes.append(item.opcode)
            self._answer(item)

    def _answer(self, frame: mercury.MercuryFrame) -> None:
        with self._buffer_lock:
            self._answer_locked(frame)

    def _answer_locked(self, frame: mercury.MercuryFrame) -> None:
        op, data = frame.opcode, frame.data
        if op == mercury.OP_VERSION:
            version = bytes.fromhex("1208000018000000202401010109010000000010")
            self.send(mercury.build_reply(op, 0, version))
        elif op == mercury.OP_MULTI_PROTOCOL_TAG_OP and len(data) >= 3:
            self.send(mercury.build_reply(op, 0, data[:3]))  # the acknowledgement comes first
            if data[2] == 0x01:
                if len(data) >= 16:  # metadata flags at the end of the embedded 0x22
                    self.metadata = int.from_bytes(data[-2:], "big") & mercury.SUPPORTED_METADATA
                self.streaming = True
                self.streaming_started.set()
            elif data[2] == 0x02:
                self.streaming = False
                self.streaming_started.clear()
        elif op == mercury.OP_READ_TAG_ID_MULTIPLE:
            for entry in self._field:
                _merge(self._buffer, entry)
            self._field.clear()
            count = min(len(self._buffer), 255)
            status = 0 if count else mercury.STATUS_NO_TAGS_FOUND
            reply = bytes((data[0] if data else 0,)) + b"\x00\x00" + bytes((count,))
            self.send(mercury.build_reply(op, status, reply if count else b""))
        elif op == mercury.OP_GET_TAG_ID_BUFFER and len(data) >= 2:
            flags = int.from_bytes(data[:2], "big") & mercury.SUPPORTED_METADATA
            records = b""
            sent = 0
            for entry in self._buffer:
                record = mercury.build_tag_record(
                    entry.epc, flags, rssi=entry.rssi, antenna=entry.antenna, read_count=entry.count
                )
                if len(records) + len(record) > 250:
                    break
                records += record
                sent += 1
            del self._buffer[:sent]
            body = flags.to_bytes(2, "big") + b"\x00" + bytes((sent,)) + records
            self.send(mercury.build_reply(op, 0, body))
        elif op == mercury.OP_CLEAR_TAG_ID_BUFFER:
            self._buffer.clear()
            self.send(mercury.build_reply(op, 0))
        else:
            self.send(mercury.build_reply(op, mercury.STATUS_INVALID_OPCODE))


def _merge(entries: list[_Buffered], read: _Buffered) -> None:
    for entry in entries:
        if entry.epc == read.epc and entry.antenna == read.antenna:
            entry.count = min(entry.count + read.count, 255)
            entry.rssi = max(entry.rssi, read.rssi)
            return
    entries.append(_Buffered(read.epc, read.rssi, read.antenna, read.count))


def _epc_bytes(epc_hex: str) -> bytes:
    try:
        epc = bytes.fromhex(epc_hex)
    except ValueError:
        raise ScriptError(f"EPC must be hex, got {epc_hex!r}") from None
    if not 2 <= len(epc) <= 62 or len(epc) % 2:
        raise ScriptError("an EPC is a whole number of 16-bit words (4 to 124 hex digits)")
    return epc
