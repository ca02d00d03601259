"""AIM symbology identifiers (ISO/IEC 15424): split ``]C1...`` into identifier and code.

A scanner set to transmit AIM identifiers starts every code with ``]``, one letter for the
symbology and one modifier character. Drivers only split it off (``ScanEvent.symbology``);
naming and interpreting it is `station.scancodes`' job.
"""

from __future__ import annotations

import re

_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")


def split_aim(text: str) -> tuple[str, str]:
    """Return (identifier, rest); the identifier is ``""`` when the text has none."""
    if _AIM.match(text):
        return text[:3], text[3:]
    return "", text
