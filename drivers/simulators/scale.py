"""A virtual scale speaking MT-SICS, Toledo 8217, Toledo continuous or NCI.

Script actions (weights are always given in grams; the scale shows them in its own unit)::

    weight 1234.5 stable     a settled load
    weight 1200 motion       a load still moving (readings jitter, motion flagged)
    overload / underload     out of range
    error                    a fault the protocol can express (see below)

Demand protocols answer the host's commands as the real scale does (``SI``/``S``/``Z``/``T``
/``I4`` for MT-SICS; ``W``/``Z`` for 8217; ``W``/``S``/``Z`` for NCI). The continuous scale
sends a frame every ``1/rate_hz`` seconds and obeys ``Z`` and ``T``. "error" is ``EL`` in
MT-SICS, "outside zero capture range" for 8217, "not zeroed since power-up" for continuous
output and a RAM error for NCI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drivers.scales.toledo_continuous import build_frame
from drivers.scales.units import from_grams
from drivers.simulators.base import PtySimulator, ScriptError, script_number

PROTOCOLS = ("sics", "toledo8217", "toledo_continuous", "nci")
DEFAULT_UNIT = {"sics": "g", "toledo8217": "lb", "toledo_continuous": "kg", "nci": "lb"}
DECIMALS = {"g": 1, "kg": 3, "lb": 3, "oz": 2}
STATES = ("stable", "motion", "overload", "underload", "error")


class ScaleSimulator(PtySimulator):
    kind = "scale"

    def __init__(
        self,
        protocol: str = "sics",
        *,
        unit: str | None = None,
        rate_hz: float = 10.0,
        checksum: bool = True,
        link: str | Path | None = None,
    ) -> None:
        if protocol not in PROTOCOLS:
            raise ValueError(f"unknown scale protocol {protocol!r}")
        super().__init__(link=link)
        self.protocol = protocol
        self.unit = unit or DEFAULT_UNIT[protocol]
        if self.unit not in DECIMALS:
            raise ValueError(f"the simulated scale shows g, kg, lb or oz, not {self.unit!r}")
        self.rate_hz = rate_hz
        self.checksum = checksum
        self.gross_g = 0.0
        self.zero_g = 0.0
        self.tare_g = 0.0
        self.state = "stable"
        self.commands: list[str] = []  # what the host asked, for tests
        self._line = bytearray()
        self._jitter = 0
        self._next_frame = 0.0

    # -- the load -------------------------------------------------------------------------

    def set_weight(self, grams: float, state: str = "stable") -> None:
        if state not in STATES:
            raise ValueError(f"state is one of {', '.join(STATES)}")
        self.gross_g = grams
        self.state = state

    def set_state(self, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"state is one of {', '.join(STATES)}")
        self.state = state

    def do_weight(self, argument: str) -> None:
        parts = argument.split()
        if not 1 <= len(parts) <= 2:
            raise ScriptError("weight GRAMS [stable|motion]")
        try:
            grams = float(parts[0])
        except ValueError:
            raise ScriptError("weight GRAMS [stable|motion]") from None
        self.set_weight(grams, parts[1] if len(parts) == 2 else "stable")

    def do_overload(self, argument: str) -> None:
        self.set_state("overload")

    def do_underload(self, argument: str) -> None:
        self.set_state("underload")

    def do_error(self, argument: str) -> None:
        self.set_state("error")

    def do_rate(self, argument: str) -> None:
        self.rate_hz = max(0.1, script_number(argument, "rate HZ"))

    @property
    def net_g(self) -> float:
        return self.gross_g - self.zero_g - self.tare_g

    def _shown(self) -> float:
        """The displayed value in the scale's unit (jittering while in motion)."""
        grams = self.net_g
        if self.state == "motion":
            self._jitter += 1
            grams += 3.0 if self._jitter % 2 else -3.0
        return round(from_grams(grams, self.unit), DECIMALS[self.unit])

    # -- host commands --------------------------------------------------------------------

    def received(self, data: bytes) -> None:
        if self.protocol == "sics":
            self._lines(data, b"\n", self._sics)
        elif self.protocol == "nci":
            self._lines(data, b"\r", self._nci)
        else:
            for byte in data:
                char = chr(byte & 0x7F)
                if char in "\r\n":
                    continue
                self.commands.append(char)
                if self.protocol == "toledo8217":
                    self._toledo8217(char)
                else:
                    self._continuous(char)

    def _lines(self, data: bytes, end: bytes, handle: Callable[[str], None]) -> None:
        self._line += data
        while end in self._line:
            line, _, rest = bytes(self._line).partition(end)
            self._line = bytearray(rest)
            command = line.decode("ascii", "replace").strip("\r\n ")
            if command:
                self.commands.append(command)
                handle(command)
        if len(self._line) > 256:
            self._line.clear()

    def _zero(self) -> bool:
        if self.state != "stable":
            return False
        self.zero_g = self.gross_g
        self.tare_g = 0.0
        return True

    def _tare(self) -> bool:
        if self.state != "stable":
            return False
        self.tare_g = self.gross_g - self.zero_g
        return True

    # MT-SICS
    def _sics(self, command: str) -> None:
        verb = command.split()[0].upper()
        if verb in ("SI", "S"):
            self._reply_line(self._sics_weight(wait_for_stable=verb == "S"))
        elif verb == "Z":
            self._reply_line("Z A" if self._zero() else "Z I")
        elif verb == "T":
            if self._tare():
                value = round(from_grams(self.tare_g, self.unit), DECIMALS[self.unit])
                self._reply_line(f"T S {value:>10.{DECIMALS[self.unit]}f} {self.unit}")
            else:
                self._reply_line("T I")
        elif verb in ("I4", "@"):
            self._reply_line('I4 A "0123456789"')
        else:
            self._reply_line("ES")

    def _sics_weight(self, *, wait_for_stable: bool) -> str:
        if self.state == "overload":
            return "S +"
        if self.state == "underload":
            return "S -"
        if self.state == "error":
            return "EL"
        if self.state == "motion" and wait_for_stable:
            return "S I"
        flag = "D" if self.state == "motion" else "S"
        return f"S {flag} {self._shown():>10.{DECIMALS[self.unit]}f} {self.unit}"

    def _reply_line(self, text: str) -> None:
        self.send(text.encode("ascii") + b"\r\n")

    # Toledo 8217
    def _toledo8217(self, char: str) -> None:
        if char == "W":
            status = self._8217_status()
            if status:
                self.send(b"\x02?" + bytes((0x60 | status,)) + b"\r")
            else:
                self.send(b"\x02" + f"{self._shown():06.3f}".encode() + b"\r")
        elif char == "Z":
            self._zero()
            self.send(b"\x02?" + bytes((0x60 | (self._8217_status() or 0x10),)) + b"\r")
        else:
            self.send(b"\x02?" + bytes((0x60 | self._8217_status(),)) + b"\r")

    def _8217_status(self) -> int:
        return {
            "motion": 0x01,
            "overload": 0x02,
            "underload": 0x04,
            "error": 0x08,
        }.get(self.state, 0x04 if self.net_g < 0 else 0)

    # NCI
    def _nci(self, command: str) -> None:
        verb = command[:1].upper()
        if verb == "W":
            status = self._nci_status()
            if self.state == "stable":
                weight = f"{self._shown():8.{DECIMALS[self.unit]}f}{self.unit.upper()}"
                self.send(b"\n" + weight.encode() + b"\r\n" + status + b"\r\x03")
            else:
                self.send(b"\n" + status + b"\r\x03")
        elif verb == "S":
            self.send(b"\n" + self._nci_status() + b"\r\x03")
        elif verb == "Z":
            self._zero()
            self.send(b"\n" + self._nci_status() + b"\r\x03")
        else:
            self.send(b"\n?\r\x03")

    def _nci_status(self) -> bytes:
        first = 0x30
        second = 0x30
        if self.state == "motion":
            first |= 0x01
        if self.state == "error":
            first |= 0x04
        if self.state == "stable" and abs(self.net_g) < 0.5:
            first |= 0x02
        if self.state == "underload":
            second |= 0x01
        if self.state == "overload":
            second |= 0x02
        return bytes((first, second))

    # Toledo continuous
    def _continuous(self, char: str) -> None:
        if char == "Z":
            self._zero()
        elif char == "T":
            self._tare()

    def idle(self, now: float) -> None:
        if self.protocol != "toledo_continuous" or not self.plugged or now < self._next_frame:
            return
        self._next_frame = now + 1.0 / self.rate_hz
        frame = build_frame(
            self._shown(),
            decimals=DECIMALS[self.unit] if self.unit != "g" else 0,
            unit=self.unit,
            motion=self.state == "motion",
            over=self.state == "overload",
            under=self.state == "underload",
            tare=from_grams(self.tare_g, self.unit),
            with_checksum=self.checksum,
        )
        if self.state == "error":
            frame = frame[:2] + bytes((frame[2] | 0x40,)) + frame[3:17]
            if self.checksum:
                frame += bytes((-sum(b & 0x7F for b in frame) & 0x7F,))
        self.send(frame)
