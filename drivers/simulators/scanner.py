"""A virtual serial barcode scanner: ``scan TEXT`` sends ``prefix TEXT suffix``.

``scan ]C1RMA-0001234`` types an RMA label with its AIM identifier; ``scan ]C1<GS>01...``
puts a GS separator in. Whatever the host sends to a scanner is ignored.
"""

from __future__ import annotations

from pathlib import Path

from drivers.simulators.base import PtySimulator, ScriptError, unescape


class ScannerSimulator(PtySimulator):
    kind = "scanner"

    def __init__(
        self,
        *,
        prefix: bytes = b"",
        suffix: bytes = b"\r",
        link: str | Path | None = None,
    ) -> None:
        super().__init__(link=link)
        self.prefix = prefix
        self.suffix = suffix

    def scan(self, text: str) -> bool:
        """Send one code; False when unplugged."""
        return self.send(self.prefix + text.encode("latin-1") + self.suffix)

    def do_scan(self, argument: str) -> None:
        if not argument:
            raise ScriptError("scan TEXT")
        try:
            self.scan(unescape(argument))
        except UnicodeEncodeError as exc:
            raise ScriptError(f"scan: {exc}") from exc
