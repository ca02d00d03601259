"""Label printer status: the Zebra ``~HS`` host-status reply decoded into plain English.

When a Zebra printer receives ``~HS`` it answers with three strings, each framed as
``<STX> ... <ETX><CR><LF>`` and made of comma-separated decimal fields (ZPL II
Programming Guide, "~HS Host Status Return"):

String 1 ``aaa,b,c,dddd,eee,f,g,h,iii,j,k,l``
    ``aaa`` communication settings (baud, parity, handshake as a bit field),
    ``b`` paper out, ``c`` pause, ``dddd`` label length in dots, ``eee`` formats waiting in
    the receive buffer, ``f`` receive buffer full, ``g`` communications diagnostic mode,
    ``h`` partial format in progress, ``iii`` unused, ``j`` corrupt RAM (settings lost),
    ``k`` under temperature, ``l`` over temperature.
String 2 ``mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www``
    ``mmm`` function settings (media type, sensor profile as a bit field), ``n`` unused,
    ``o`` head up (open), ``p`` ribbon out, ``q`` thermal-transfer mode, ``r`` print mode
    (0 rewind, 1 peel-off, 2 tear-off, 3 cutter, 4 applicator, 5 delayed cut ...),
    ``s`` print width mode, ``t`` label waiting (peel-off), ``uuuuuuuu`` labels remaining in
    the batch, ``v`` format-while-printing (always 1), ``www`` graphics stored in memory.
String 3 ``xxxx,y``
    ``xxxx`` printer password, ``y`` static RAM installed.

Flags are ``0`` or ``1``. Newer firmware may append fields; extra fields are ignored, but
fewer fields, non-digits or flags other than 0/1 make the reply unreadable and raise
:class:`PrinterError` — a garbled reply is never taken for a healthy printer.
"""

from __future__ import annotations

import dataclasses
import re

STX = 0x02
ETX = 0x03

# Longest reply we accept; a real one is under 100 bytes, so more is a flood of garbage.
MAX_REPLY_BYTES = 1024

_FRAME = re.compile(rb"\x02([^\x02\x03]*)\x03")
_DIGITS = re.compile(r"[0-9]+")

PRINT_MODES = {
    0: "rewind",
    1: "peel-off",
    2: "tear-off",
    3: "cutter",
    4: "applicator",
    5: "delayed cut",
}


class PrinterError(Exception):
    """A job could not be handed to the printer; the message says what to check.

    Raised before any byte of the job left the station, so sending it again later is safe.
    """


class PrinterFault(PrinterError):
    """The printer reported a condition that stops printing (paper out, head open ...)."""

    def __init__(self, status: PrinterStatus, where: str = "") -> None:
        self.status = status
        prefix = f"printer at {where}: " if where else "printer: "
        super().__init__(prefix + "; ".join(status.problems))


class PrinterUncertain(PrinterError):
    """The job was partly or wholly sent but the printer never confirmed it.

    The label may or may not have come out, so the job must not be re-sent silently: the
    operator looks at the printer and either confirms it or asks for a reprint.
    """


@dataclasses.dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What a printer says about itself, with the operator's to-do list in ``problems``.

    ``known`` is False for sinks that cannot report (a system spooler queue); such a status
    has no problems, so a job is still attempted, and ``note`` says why nothing is known.
    ``fault`` carries a sink's own blocking problem that is not a ``~HS`` flag (for
    example a label folder that cannot be written).
    """

    known: bool = True
    paper_out: bool = False
    paused: bool = False
    head_open: bool = False
    ribbon_out: bool = False
    thermal_transfer: bool = False
    head_too_hot: bool = False
    head_too_cold: bool = False
    buffer_full: bool = False
    diagnostic_mode: bool = False
    partial_format: bool = False
    corrupt_ram: bool = False
    label_waiting: bool = False
    label_length_dots: int = 0
    formats_in_buffer: int = 0
    labels_remaining: int = 0
    graphics_stored: int = 0
    print_mode: str = ""
    fault: str = ""
    note: str = ""
    raw: str = ""

    @classmethod
    def unknown(cls, note: str) -> PrinterStatus:
        return cls(known=False, note=note)

    @property
    def problems(self) -> tuple[str, ...]:
        """Conditions that stop a label from printing, each with what to do about it."""
        found: list[str] = []
        if self.fault:
            found.append(self.fault)
        if self.paper_out:
            found.append("Paper out — load labels and press FEED")
        if self.head_open:
            found.append("Print head open — close the print head")
        # A direct-thermal printer has no ribbon, so its ribbon sensor means nothing.
        if self.ribbon_out and self.thermal_transfer:
            found.append("Ribbon out — load a new ribbon")
        if self.head_too_hot:
            found.append("Print head too hot — let the printer cool down")
        if self.paused:
            found.append("Printer paused — press PAUSE to resume")
        if self.buffer_full:
            found.append("Printer memory full — wait until it has printed what it has")
        if self.diagnostic_mode:
            # In diagnostics mode the printer prints a hex dump instead of the label.
            found.append("Printer in diagnostics mode — switch it off and on again")
        return tuple(found)

    @property
    def fault_codes(self) -> tuple[str, ...]:
        """The problems as short words (``paper_out``, ``head_open`` ...) for events and JSON."""
        codes = (
            ("fault", bool(self.fault)),
            ("paper_out", self.paper_out),
            ("head_open", self.head_open),
            ("ribbon_out", self.ribbon_out and self.thermal_transfer),
            ("head_too_hot", self.head_too_hot),
            ("paused", self.paused),
            ("buffer_full", self.buffer_full),
            ("diagnostic_mode", self.diagnostic_mode),
        )
        return tuple(code for code, present in codes if present)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Conditions worth showing that do not stop printing."""
        found: list[str] = []
        if self.head_too_cold:
            found.append("Print head cold — labels may print faint")
        if self.corrupt_ram:
            found.append("Printer lost its settings — check label size and darkness")
        if self.partial_format:
            found.append("Printer holds an unfinished label from an interrupted job")
        return tuple(found)

    @property
    def ok(self) -> bool:
        """True when nothing reported stops printing (an unknown status counts as ok)."""
        return not self.problems

    @property
    def summary(self) -> str:
        """One line for a status bar."""
        if self.problems:
            return "; ".join(self.problems)
        if not self.known:
            return f"status unknown — {self.note}" if self.note else "status unknown"
        return "ready"


def _fields(frame: bytes, minimum: int, which: str) -> list[str]:
    try:
        text = frame.decode("ascii")
    except UnicodeDecodeError:
        raise PrinterError(f"unreadable ~HS reply: {which} is not ASCII") from None
    fields = [f.strip() for f in text.split(",")]
    if len(fields) < minimum:
        raise PrinterError(
            f"unreadable ~HS reply: {which} has {len(fields)} fields, expected {minimum}"
        )
    for number, field in enumerate(fields[:minimum], start=1):
        if not _DIGITS.fullmatch(field):
            raise PrinterError(f"unreadable ~HS reply: {which} field {number} is {field!r}")
    return fields


def _flag(fields: list[str], index: int, which: str) -> bool:
    value = fields[index]
    if value not in ("0", "1"):
        raise PrinterError(
            f"unreadable ~HS reply: {which} field {index + 1} should be 0 or 1, got {value!r}"
        )
    return value == "1"


def split_frames(reply: bytes) -> list[bytes]:
    """The bodies of the STX...ETX frames in ``reply``; anything but CR/LF between is an error."""
    if len(reply) > MAX_REPLY_BYTES:
        raise PrinterError(f"unreadable ~HS reply: {len(reply)} bytes is far too long")
    frames: list[bytes] = []
    position = 0
    for match in _FRAME.finditer(reply):
        if reply[position : match.start()].strip(b"\r\n"):
            raise PrinterError("unreadable ~HS reply: stray bytes between status strings")
        frames.append(match.group(1))
        position = match.end()
    if reply[position:].strip(b"\r\n"):
        raise PrinterError("unreadable ~HS reply: stray or unterminated bytes at the end")
    return frames


def parse_host_status(reply: bytes) -> PrinterStatus:
    """Decode a complete ``~HS`` reply; raises :class:`PrinterError` for anything else."""
    frames = split_frames(reply)
    if len(frames) != 3:
        raise PrinterError(f"unreadable ~HS reply: {len(frames)} status strings, expected 3")
    one = _fields(frames[0], 12, "string 1")
    two = _fields(frames[1], 11, "string 2")
    _fields(frames[2], 1, "string 3")
    mode = int(two[5])
    return PrinterStatus(
        known=True,
        paper_out=_flag(one, 1, "string 1"),
        paused=_flag(one, 2, "string 1"),
        label_length_dots=int(one[3]),
        formats_in_buffer=int(one[4]),
        buffer_full=_flag(one, 5, "string 1"),
        diagnostic_mode=_flag(one, 6, "string 1"),
        partial_format=_flag(one, 7, "string 1"),
        corrupt_ram=_flag(one, 9, "string 1"),
        head_too_cold=_flag(one, 10, "string 1"),
        head_too_hot=_flag(one, 11, "string 1"),
        head_open=_flag(two, 2, "string 2"),
        ribbon_out=_flag(two, 3, "string 2"),
        thermal_transfer=_flag(two, 4, "string 2"),
        print_mode=PRINT_MODES.get(mode, f"mode {mode}"),
        label_waiting=_flag(two, 7, "string 2"),
        labels_remaining=int(two[8]),
        graphics_stored=int(two[10]),
        raw=reply.decode("ascii", errors="replace"),
    )


def reply_complete(buffer: bytes) -> bool:
    """True once ``buffer`` holds three ETX-terminated strings and the final CR LF."""
    return buffer.count(bytes([ETX])) >= 3 and buffer.endswith(b"\r\n")


def format_host_status(status: PrinterStatus) -> bytes:
    """The ``~HS`` reply a printer in ``status`` would send (used by the simulator)."""

    def bit(flag: bool) -> str:
        return "1" if flag else "0"

    mode = next((k for k, v in PRINT_MODES.items() if v == status.print_mode), 2)
    one = ",".join(
        [
            "030",
            bit(status.paper_out),
            bit(status.paused),
            f"{status.label_length_dots:04d}",
            f"{status.formats_in_buffer:03d}",
            bit(status.buffer_full),
            bit(status.diagnostic_mode),
            bit(status.partial_format),
            "000",
            bit(status.corrupt_ram),
            bit(status.head_too_cold),
            bit(status.head_too_hot),
        ]
    )
    two = ",".join(
        [
            "001",
            "0",
            bit(status.head_open),
            bit(status.ribbon_out),
            bit(status.thermal_transfer),
            str(mode),
            "6",
            bit(status.label_waiting),
            f"{status.labels_remaining:08d}",
            "1",
            f"{status.graphics_stored:03d}",
        ]
    )
    three = "1234,0"
    return b"".join(b"\x02" + s.encode("ascii") + b"\x03\r\n" for s in (one, two, three))
