"""Scan code interpretation: raw scanner text or an RFID EPC becomes a classified ScanCode.

:func:`parse_scan` never raises on device input: garbage, control characters and empty
frames come back as :attr:`CodeKind.UNKNOWN` with ``error`` set and ``value`` empty (nothing
to look up). A code that is recognised but flawed (a GTIN with a wrong check digit, a UPS
number whose check digit fails, a corrupt EPC) keeps its kind and carries ``error``.

``value`` is the normalised key to look up: ``RMA-0001234``, ``ORD-0012345``, a GTIN-14,
``LPN0010000001``, a tracking number in upper case, a badge id, a serial as scanned, or the
EPC pure identity URI. Whenever ``gtin`` is set (kinds GTIN, GS1 and EPC/SGTIN), look the
product up by ``gtin``; ``serial`` carries GS1 AI (21) or the SGTIN serial.

Classification order (first match wins; deterministic):

1. Not text, empty after trimming CR/LF/TAB/spaces (and a trailing GS), or longer than
   :data:`MAX_SCAN_LENGTH` characters → UNKNOWN.
2. An AIM symbology identifier (ISO/IEC 15424, ``]`` + code character + modifier, e.g.
   ``]C1``, ``]E0``, ``]d2``, ``]Q3``) is split off into ``symbology``/``symbology_name``.
   A leading GS (FNC1 in first position, as some scanners send it) is dropped and marks the
   content as GS1. An ISO/IEC 15434 envelope of format 05 (``[)>`` RS ``05`` GS ...) is
   unwrapped to its GS1 content; other envelope formats are UNKNOWN.
3. Any control character other than GS → UNKNOWN.
4. ``BADGE:`` prefix (``ScanFormats.badge_prefix``, any case) → BADGE with the rest.
5. Station references, whole-text match, ASCII case-insensitive, in this order:
   RMA, ORDER, LPN, BADGE (``ScanFormats.rma/order/lpn/badge``). RMA and order values are
   rewritten as ``PREFIX-DIGITS`` in upper case (``rma0001234`` → ``RMA-0001234``).
6. EPC: an ``urn:epc:id:``/``urn:epc:tag:`` URI, or (``ScanFormats.epc_hex``) 24, 50 or 52
   hex characters starting with an EPC header pyepc decodes (30 SGTIN-96, 36 SGTIN-198,
   31 SSCC-96) and that decode cleanly → EPC. RFID readers in keyboard mode type these.
7. GS1 (interpreted with biip): a GS1 Digital Link URL (``http(s)://…/01/…``); content
   under a GS1 symbology (``]C1 ]d2 ]Q3 ]e0 ]e1 ]e2 ]J1``) or with FNC1/GS separators;
   human-readable ``(01)…`` text; or unprefixed digits that start with ``01`` + a GTIN-14
   with a valid check digit, or ``00`` + a valid SSCC, and carry more than that key.
   ``value`` is the GTIN-14 (else the SSCC, else the element strings in HRI form);
   AIs 01/21/10/17 fill gtin/serial/lot/expiry (expiry as an ISO date). Explicit GS1
   content that does not parse → UNKNOWN with biip's message.
8. GTIN: 8, 12, 13 or 14 ASCII digits → GTIN, value zero-padded to GTIN-14. Under ``]E0``
   6 to 8 digits are UPC-E (expanded to UPC-A); under ``]E3`` a 2 or 5 digit add-on after
   the EAN-13 is ignored. A wrong check digit keeps kind GTIN with ``error`` set, except a
   12-digit number not read from an EAN/UPC symbology: that is a FedEx Express tracking
   number (kind TRACKING) — a real UPC-A symbol cannot carry a wrong check digit.
9. Tracking numbers by carrier pattern (``ScanFormats.tracking``, first carrier wins).
   USPS numbers with a ``420`` + ZIP routing prefix are shortened to the 22-digit tracking
   number; UPS ``1Z`` numbers have their check digit verified.
10. Serial: ``ScanFormats.serial`` (6..30 letters/digits, inner ``-`` ``.`` ``/``) → SERIAL.
11. Anything else → UNKNOWN.

Only step 7 and the GTIN/UPC-E check of step 8 call into biip, so the common RMA/order/LPN
scans stay on the fast path (a few precompiled regular expressions).

Badges: ``B`` + 4 to 6 digits (``B1001``) or any printable text after ``BADGE:``. The
default is narrower than ``B\\d{4,}`` on purpose: product serials such as ``B12345678``
must not log anybody in.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any
from urllib.parse import unquote

import pyepc
from biip import ParseConfig
from biip.checksums import gs1_standard_check_digit
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message
from biip.upc import Upc

__all__ = [
    "DEFAULT_FORMATS",
    "MAX_SCAN_LENGTH",
    "CodeKind",
    "ScanCode",
    "ScanFormats",
    "gtin14",
    "is_valid_gtin",
    "parse_epc",
    "parse_scan",
]

MAX_SCAN_LENGTH = 4096  # a full-size QR code holds ~3 KB; anything longer is not a scan

GS = "\x1d"
_RS = "\x1e"
_EOT = "\x04"
_GTIN_LENGTHS = frozenset((8, 12, 13, 14))
_BIIP = ParseConfig()


class CodeKind(enum.StrEnum):
    RMA = "rma"
    ORDER = "order"
    TRACKING = "tracking"
    LPN = "lpn"
    GTIN = "gtin"
    GS1 = "gs1"
    SERIAL = "serial"
    EPC = "epc"
    BADGE = "badge"
    UNKNOWN = "unknown"


@dataclasses.dataclass(frozen=True, slots=True)
class ScanCode:
    """One interpreted scan or RFID read; immutable, safe to pass between threads."""

    raw: str
    kind: CodeKind
    value: str  # the normalised key to look up; "" for UNKNOWN
    symbology: str = ""  # AIM identifier as sent, e.g. "]C1"
    symbology_name: str = ""  # e.g. "GS1-128", "EAN-13", "RFID SGTIN-96"
    gtin: str = ""  # GTIN-14
    serial: str = ""
    lot: str = ""
    expiry: str = ""  # ISO date from AI (17)
    epc_uri: str = ""  # pure identity URI, e.g. urn:epc:id:sgtin:0614141.812345.6789
    company_prefix: str = ""
    item_reference: str = ""  # indicator digit + item reference, as in the EPC URI
    carrier: str = ""  # for TRACKING: "UPS", "FedEx", "USPS", ...
    error: str = ""

    @property
    def ok(self) -> bool:
        """Recognised and without a flaw."""
        return self.kind is not CodeKind.UNKNOWN and not self.error


_DEFAULT_TRACKING: tuple[tuple[str, str], ...] = (
    ("UPS", r"1Z[0-9A-Z]{16}"),
    # USPS Intelligent Mail package barcode, bare or behind its "420" + ZIP routing code.
    ("USPS", r"(?:420[0-9]{5}(?:[0-9]{4})?)?9[1-5][0-9]{20}"),
    ("FedEx", r"[0-9]{15}|96[0-9]{20}|[0-9]{34}"),
    ("", r"[0-9]{20}|[0-9]{22}"),
    ("UPU", r"[A-Z]{2}[0-9]{9}[A-Z]{2}"),  # S10 international postal items
    ("PostNL", r"3S[A-Z]{4}[0-9]{7,11}"),
    ("SF Express", r"SF[0-9]{12,13}"),
    ("DHL", r"JJD[0-9]{10,22}"),
)

_FLAGS = re.ASCII | re.IGNORECASE


def _compile(name: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise ValueError(f"scan format {name}: bad regular expression {pattern!r}: {exc}") from exc


@dataclasses.dataclass(frozen=True)
class ScanFormats:
    """The station's own code formats. Patterns must match the whole (AIM-stripped) text;
    they are matched ASCII-only and case-insensitively.

    ``tracking`` is an ordered list of (carrier, pattern). ``epc_hex`` lets hex EPCs typed
    by a keyboard-mode RFID reader be recognised in scanner text.
    """

    rma: str = r"RMA-?\d{5,}"
    order: str = r"(?:ORD|SO)-?\d{5,}"
    lpn: str = r"LPN\d{8,}"
    badge: str = r"B\d{4,6}"
    badge_prefix: str = "BADGE:"
    tracking: tuple[tuple[str, str], ...] = _DEFAULT_TRACKING
    serial: str = r"[0-9A-Z][0-9A-Z./-]{4,28}[0-9A-Z]"
    epc_hex: bool = True
    _rma: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    _order: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    _lpn: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    _badge: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    _serial: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    _tracking: tuple[tuple[str, re.Pattern[str]], ...] = dataclasses.field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Compiled once per formats object: parse_scan sits on the scan-to-screen hot path.
        for name in ("rma", "order", "lpn", "badge", "serial"):
            object.__setattr__(self, f"_{name}", _compile(name, getattr(self, name)))
        tracking = tuple(
            (carrier, _compile(f"tracking {carrier or 'numeric'}", pattern))
            for carrier, pattern in self.tracking
        )
        object.__setattr__(self, "_tracking", tracking)


DEFAULT_FORMATS = ScanFormats()


# -- AIM symbology identifiers (ISO/IEC 15424) --------------------------------------------

_AIM_CODES = {
    "A": "Code 39",
    "B": "Telepen",
    "C": "Code 128",
    "D": "Code One",
    "E": "EAN/UPC",
    "F": "Codabar",
    "G": "Code 93",
    "H": "Code 11",
    "I": "ITF",
    "J": "DotCode",
    "K": "Code 16K",
    "L": "PDF417",
    "M": "MSI",
    "N": "Anker",
    "O": "Codablock",
    "P": "Plessey",
    "Q": "QR Code",
    "R": "Straight 2 of 5",
    "S": "Straight 2 of 5",
    "T": "Code 49",
    "U": "MaxiCode",
    "X": "Other",
    "Z": "Keyboard",
    "c": "Channel Code",
    "d": "Data Matrix",
    "e": "GS1 DataBar",
    "o": "OCR",
    "p": "PosiCode",
    "s": "SuperCode",
    "z": "Aztec",
}
_AIM_SPECIAL = {
    "]C1": "GS1-128",
    "]d2": "GS1 DataMatrix",
    "]Q3": "GS1 QR Code",
    "]e0": "GS1 DataBar",
    "]e1": "GS1 Composite",
    "]e2": "GS1 Composite",
    "]J1": "GS1 DotCode",
    "]E0": "EAN-13",
    "]E1": "EAN add-on",
    "]E2": "EAN add-on",
    "]E3": "EAN-13 with add-on",
    "]E4": "EAN-8",
    "]I1": "ITF-14",
}
_GS1_AIMS = frozenset(("]C1", "]d2", "]Q3", "]e0", "]e1", "]e2", "]J1"))
_EAN_UPC_AIMS = frozenset(("]E0", "]E3", "]E4", "]I1"))


# -- helpers -------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_HEX = re.compile(r"[0-9A-Fa-f]+", re.ASCII)
_REF = re.compile(r"([A-Z]+)-?([0-9]+)", re.ASCII)
_HRI = re.compile(r"\([0-9]{2,4}\)", re.ASCII)
_EPC_ID_URI = re.compile(r"urn:epc:id:([a-z0-9]+):([!-~]+)", _FLAGS)
_EPC_TAG_URI = re.compile(r"urn:epc:tag:([a-z0-9]+)-[0-9]+:[0-9]+\.([!-~]+)", _FLAGS)
_CONTROL = re.compile(r"[\x00-\x1c\x1e\x1f\x7f]")
_TRIM = " \t\r\n"


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def _check_digit_ok(digits: str) -> bool:
    return gs1_standard_check_digit(digits[:-1]) == int(digits[-1])


def _check_digit_error(digits: str) -> str:
    expected = gs1_standard_check_digit(digits[:-1])
    return f"bad GTIN check digit: expected {expected}, got {digits[-1]}"


def gtin14(code: str) -> str:
    """Normalise a UPC-A, EAN-8, EAN-13 or GTIN-14 to 14 digits (the check digit is not
    verified; see :func:`is_valid_gtin`). Raises ValueError for anything else."""
    code = code.strip()
    if not _is_digits(code) or len(code) not in _GTIN_LENGTHS:
        raise ValueError(f"not a GTIN (8, 12, 13 or 14 digits): {code!r}")
    return code.zfill(14)


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit GTIN whose check digit is right."""
    code = code.strip()
    return _is_digits(code) and len(code) in _GTIN_LENGTHS and _check_digit_ok(code)


def _unknown(raw: str, error: str, symbology: str = "", name: str = "") -> ScanCode:
    return ScanCode(
        raw=raw,
        kind=CodeKind.UNKNOWN,
        value="",
        symbology=symbology,
        symbology_name=name,
        error=error,
    )


def _canonical_ref(text: str) -> str:
    upper = text.upper()
    m = _REF.fullmatch(upper)
    return f"{m[1]}-{m[2]}" if m else upper


def _ups_check_ok(number: str) -> bool:
    # UPS: letters map to (position in alphabet + 2) mod 10; even positions weigh double.
    total = 0
    for i, c in enumerate(number[2:17]):
        v = int(c) if c.isdigit() else (ord(c) - 65 + 2) % 10
        total += v * 2 if i % 2 else v
    return (10 - total % 10) % 10 == int(number[17]) if number[17].isdigit() else False


def _split_aim(text: str) -> tuple[str, str]:
    """Return (AIM identifier or "", rest)."""
    if len(text) >= 3 and text[0] == "]" and text[1] in _AIM_CODES:
        return text[:3], text[3:]
    return "", text


def _aim_name(aim: str) -> str:
    if not aim:
        return ""
    return _AIM_SPECIAL.get(aim) or _AIM_CODES[aim[1]]


# -- parse_scan ----------------------------------------------------------------------------


def parse_scan(raw: str, *, formats: ScanFormats = DEFAULT_FORMATS) -> ScanCode:
    """Classify one scanner frame (see the module docstring for the order of the rules)."""
    if not isinstance(raw, str):
        return _unknown(repr(raw), "scan data is not text")
    if len(raw) > MAX_SCAN_LENGTH:
        return _unknown(raw, f"scan longer than {MAX_SCAN_LENGTH} characters")
    text = raw.strip(_TRIM)
    aim, body = _split_aim(text)
    name = _aim_name(aim)
    gs1_flagged = False
    if body.startswith(GS):
        gs1_flagged = True  # FNC1 in first position: GS1 element strings follow
    body = body.strip(GS + _TRIM)
    if body.startswith("[)>"):
        body, error = _unwrap_iso15434(body)
        if error:
            return _unknown(raw, error, aim, name)
        gs1_flagged = True
    if not body:
        return _unknown(raw, "empty scan", aim, name)
    if _CONTROL.search(body):
        return _unknown(raw, "control characters in scan data", aim, name)

    # 4-5: the station's own codes, cheapest and most frequent first.
    prefix = formats.badge_prefix
    if prefix and body[: len(prefix)].upper() == prefix.upper():
        badge = body[len(prefix) :].strip()
        if not badge:
            return _unknown(raw, "badge prefix without a badge id", aim, name)
        return ScanCode(raw, CodeKind.BADGE, badge.upper(), aim, name)
    if formats._rma.fullmatch(body):
        return ScanCode(raw, CodeKind.RMA, _canonical_ref(body), aim, name)
    if formats._order.fullmatch(body):
        return ScanCode(raw, CodeKind.ORDER, _canonical_ref(body), aim, name)
    if formats._lpn.fullmatch(body):
        return ScanCode(raw, CodeKind.LPN, body.upper(), aim, name)
    if formats._badge.fullmatch(body):
        return ScanCode(raw, CodeKind.BADGE, body.upper(), aim, name)

    # 6: EPC typed by an RFID reader, or an EPC URI.
    if body[:8].lower() == "urn:epc:":
        return dataclasses.replace(_parse_epc_uri(body), raw=raw, symbology=aim)
    if (
        formats.epc_hex
        and len(body) in (24, 50, 52)
        and body[:2] in ("30", "31", "36")
        and _HEX.fullmatch(body)
    ):
        epc = parse_epc(body)
        if epc.kind is CodeKind.EPC and not epc.error:
            return dataclasses.replace(epc, raw=raw, symbology=aim)

    # 7: GS1 content.
    lowered = body[:8].lower()
    if lowered.startswith(("http://", "https://")):
        return _parse_digital_link(raw, body, aim, name)
    digits = _is_digits(body)
    if aim in _GS1_AIMS or gs1_flagged or GS in body:
        return _parse_gs1(raw, body, aim, name, explicit=True)
    if body[0] == "(" and _HRI.match(body):
        return _parse_gs1(raw, body, aim, name, explicit=True, hri=True)
    if _looks_like_gs1(body):
        gs1 = _parse_gs1(raw, body, aim, name, explicit=False)
        if gs1.kind is CodeKind.GS1:
            return gs1

    # 8: GTIN / UPC / EAN.
    if digits:
        gtin = _parse_gtin(raw, body, aim, name, formats)
        if gtin is not None:
            return gtin

    # 9: carrier tracking numbers.
    for carrier, pattern in formats._tracking:
        if pattern.fullmatch(body):
            return _tracking(raw, body.upper(), carrier, aim, name)

    # 10: serial numbers.
    if formats._serial.fullmatch(body):
        return ScanCode(raw, CodeKind.SERIAL, body, aim, name, serial=body)
    return _unknown(raw, "unrecognised code", aim, name)


def _unwrap_iso15434(body: str) -> tuple[str, str]:
    """ISO/IEC 15434 "[)>" RS format GS ... RS EOT; format 05 carries GS1 element strings."""
    inner = body[3:].lstrip(_RS)
    if not inner.startswith("05" + GS):
        return "", f"ISO/IEC 15434 envelope format {inner[:2]!r} is not supported"
    inner = inner[3:]
    end = inner.find(_RS)
    if end >= 0:
        inner = inner[:end]
    return inner.rstrip(_EOT + GS), ""


def _looks_like_gs1(body: str) -> bool:
    """Unprefixed element strings: AI 01 + valid GTIN-14, or AI 00 + valid SSCC, plus more
    (or exactly) that key — a plain GTIN or tracking number never passes both tests."""
    if body.startswith("01") and len(body) >= 16 and _is_digits(body[2:16]):
        return _check_digit_ok(body[2:16])
    if body.startswith("00") and len(body) >= 20 and _is_digits(body[2:20]):
        return _check_digit_ok(body[2:20])
    return False


def _tracking(raw: str, number: str, carrier: str, aim: str, name: str) -> ScanCode:
    error = ""
    if carrier == "UPS" and number.startswith("1Z") and not _ups_check_ok(number):
        error = "bad UPS check digit"
    if carrier == "USPS" and number.startswith("420") and len(number) in (30, 34):
        number = number[-22:]  # drop the ZIP routing code: the tracking number remains
    return ScanCode(raw, CodeKind.TRACKING, number, aim, name, carrier=carrier, error=error)


def _parse_gtin(raw: str, body: str, aim: str, name: str, formats: ScanFormats) -> ScanCode | None:
    n = len(body)
    if aim == "]E0" and n in (6, 7, 8):
        try:
            upc_a = Upc.parse(body, config=_BIIP).as_upc_a()
        except Exception as exc:  # biip raises ParseError; any failure is a bad read
            return ScanCode(raw, CodeKind.GTIN, "", aim, "UPC-E", error=f"bad UPC-E: {exc}")
        value = upc_a.zfill(14)
        return ScanCode(raw, CodeKind.GTIN, value, aim, "UPC-E", gtin=value)
    if aim == "]E3" and n in (15, 18):
        body, n = body[:13], 13  # the 2 or 5 digit add-on (issue, price) is not a key
    if aim in ("]E1", "]E2"):
        return _unknown(raw, "EAN add-on without its main symbol", aim, name)
    if n not in _GTIN_LENGTHS:
        return None
    if aim == "]E0":
        name = "UPC-A" if n == 12 or body[0] == "0" else "EAN-13"
    value = body.zfill(14)
    if _check_digit_ok(body):
        return ScanCode(raw, CodeKind.GTIN, value, aim, name, gtin=value)
    if n == 12 and aim not in _EAN_UPC_AIMS:
        # A printed UPC-A cannot carry a wrong check digit: this is FedEx Express.
        return ScanCode(raw, CodeKind.TRACKING, body, aim, name, carrier="FedEx")
    error = _check_digit_error(body)
    return ScanCode(raw, CodeKind.GTIN, value, aim, name, gtin=value, error=error)


def _parse_gs1(
    raw: str, body: str, aim: str, name: str, *, explicit: bool, hri: bool = False
) -> ScanCode:
    try:
        if hri:
            message = GS1Message.parse_hri(body, config=_BIIP)
        else:
            message = GS1Message.parse(body, config=_BIIP)
    except Exception as exc:  # biip raises ParseError; hostile input must not escape
        return _unknown(raw, f"not valid GS1 data: {exc}" if explicit else str(exc), aim, name)
    return _from_elements(raw, message.element_strings, message.as_hri(), aim, name)


def _parse_digital_link(raw: str, body: str, aim: str, name: str) -> ScanCode:
    try:
        link = GS1DigitalLinkURI.parse(body, config=_BIIP)
        hri = link.as_gs1_message().as_hri()
    except Exception as exc:  # biip raises ParseError; hostile input must not escape
        return _unknown(raw, f"URL is not a GS1 Digital Link: {exc}", aim, name)
    return _from_elements(raw, link.element_strings, hri, aim, name or "GS1 Digital Link")


def _from_elements(raw: str, elements: Any, hri: str, aim: str, name: str) -> ScanCode:
    fields = {"gtin": "", "serial": "", "lot": "", "expiry": ""}
    sscc = ""
    error = ""
    for element in elements:
        ai = element.ai.ai
        if ai == "01" and not fields["gtin"]:
            fields["gtin"] = element.value
            if element.gtin_error:
                error = _check_digit_error(element.value)
        elif ai == "21" and not fields["serial"]:
            fields["serial"] = element.value
        elif ai == "10" and not fields["lot"]:
            fields["lot"] = element.value
        elif ai == "17" and not fields["expiry"]:
            fields["expiry"] = element.date.isoformat() if element.date else element.value
        elif ai == "00" and not sscc:
            sscc = element.value
            if element.sscc_error and not error:
                error = f"bad SSCC check digit in {sscc}"
    value = fields["gtin"] or sscc or hri
    return ScanCode(raw, CodeKind.GS1, value, aim, name, error=error, **fields)


# -- EPC -----------------------------------------------------------------------------------

_EPC_NAMES = {"30": "RFID SGTIN-96", "36": "RFID SGTIN-198", "31": "RFID SSCC-96"}


def _raw_epc_uri(hex_upper: str) -> str:
    # EPC Tag Data Standard raw URI: the bits as hex, for schemes we do not decode.
    return f"urn:epc:raw:{len(hex_upper) * 4}.x{hex_upper}"


def parse_epc(epc_hex: str) -> ScanCode:
    """Decode an RFID EPC (hex, or an ``urn:epc:`` URI) with pyepc.

    SGTIN-96/198 fill gtin (GTIN-14), serial, company_prefix, item_reference and epc_uri
    (value = the pure identity URI). SSCC-96 fills epc_uri and company_prefix. Other
    headers are kind EPC with the EPC raw URI. A hex EPC that cannot be decoded is kind
    EPC with ``error``; text that is not hex is UNKNOWN.
    """
    if not isinstance(epc_hex, str):
        return _unknown(repr(epc_hex), "EPC is not text")
    raw = epc_hex
    text = "".join(epc_hex.split())  # some readers group the hex in words
    if text[:2].lower() == "0x":
        text = text[2:]
    if text[:8].lower() == "urn:epc:":
        return dataclasses.replace(_parse_epc_uri(text), raw=raw)
    if not text:
        return _unknown(raw, "empty EPC")
    if len(text) > 128 or not _HEX.fullmatch(text) or len(text) % 2:
        return _unknown(raw, "EPC is not an even number of hex digits (at most 128)")
    hex_upper = text.upper()
    header = hex_upper[:2]
    raw_uri = _raw_epc_uri(hex_upper)
    name = _EPC_NAMES.get(header, "RFID EPC")
    expected = {"30": (24,), "31": (24,), "36": (50, 52)}.get(header)
    if expected is None:
        return ScanCode(raw, CodeKind.EPC, raw_uri, symbology_name=name, epc_uri=raw_uri)
    if len(hex_upper) not in expected:
        return ScanCode(
            raw,
            CodeKind.EPC,
            raw_uri,
            symbology_name=name,
            epc_uri=raw_uri,
            error=f"{name[5:]} EPC must be {' or '.join(map(str, expected))} hex digits",
        )
    try:
        decoded = pyepc.decode(hex_upper)
        uri = decoded.pure_identity_uri
    except Exception as exc:  # pyepc raises DecodingError, ValueError, ...: a corrupt tag
        return ScanCode(
            raw,
            CodeKind.EPC,
            raw_uri,
            symbology_name=name,
            epc_uri=raw_uri,
            error=f"cannot decode {name[5:]}: {exc}",
        )
    if header == "31":
        return ScanCode(
            raw,
            CodeKind.EPC,
            uri,
            symbology_name=name,
            epc_uri=uri,
            company_prefix=decoded.company_prefix,
        )
    return _sgtin(
        raw,
        decoded.company_prefix,
        decoded.item_ref_and_indicator,
        decoded.serial_number,
        name,
        raw_uri,
    )


def _sgtin(
    raw: str,
    company_prefix: str,
    item_reference: str,
    serial: str,
    name: str,
    fallback: str,
    uri: str = "",
) -> ScanCode:
    uri = uri or f"urn:epc:id:sgtin:{company_prefix}.{item_reference}.{serial}"
    error = ""
    if (
        not _is_digits(company_prefix + item_reference)
        or len(company_prefix) + len(item_reference) != 13
        or not 6 <= len(company_prefix) <= 12
    ):
        error = "SGTIN company prefix and item reference do not make a GTIN"
    elif not serial or not serial.isprintable() or not serial.isascii():
        error = "SGTIN serial is empty or not printable"
    if error:
        return ScanCode(
            raw, CodeKind.EPC, fallback, symbology_name=name, epc_uri=fallback, error=error
        )
    payload = item_reference[0] + company_prefix + item_reference[1:]
    gtin = payload + str(gs1_standard_check_digit(payload))
    return ScanCode(
        raw,
        CodeKind.EPC,
        uri,
        symbology_name=name,
        gtin=gtin,
        serial=serial,
        epc_uri=uri,
        company_prefix=company_prefix,
        item_reference=item_reference,
    )


def _parse_epc_uri(text: str) -> ScanCode:
    """Pure identity (``urn:epc:id:…``) or tag (``urn:epc:tag:sgtin-96:1.…``) URIs."""
    m = _EPC_ID_URI.fullmatch(text) or _EPC_TAG_URI.fullmatch(text)
    if m is None:
        return _unknown(text, "malformed EPC URI")
    scheme, body = m[1].lower(), m[2]
    uri = f"urn:epc:id:{scheme}:{body}"
    parts = body.split(".")
    if scheme == "sgtin" and len(parts) == 3:
        serial = unquote(parts[2])  # URI escapes such as %2F stand for the serial's characters
        return _sgtin(text, parts[0], parts[1], serial, "EPC URI", uri, uri=uri)
    return ScanCode(text, CodeKind.EPC, uri, symbology_name="EPC URI", epc_uri=uri)
