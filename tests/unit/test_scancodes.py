"""Scan code interpretation: every kind, with and without AIM prefixes, and hostile input."""

from __future__ import annotations

import dataclasses
import statistics
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.scancodes import (
    DEFAULT_FORMATS,
    CodeKind,
    ScanCode,
    ScanFormats,
    gtin14,
    is_valid_gtin,
    parse_epc,
    parse_scan,
)

GS = "\x1d"

# (raw scanner text, kind, value, symbology, symbology_name)
CLASSIFIED = [
    # station references
    ("RMA-0001234", CodeKind.RMA, "RMA-0001234", "", ""),
    ("rma0001234", CodeKind.RMA, "RMA-0001234", "", ""),
    ("]C0RMA-0001234", CodeKind.RMA, "RMA-0001234", "]C0", "Code 128"),
    ("RMA-0001234\r\n", CodeKind.RMA, "RMA-0001234", "", ""),
    ("ORD-0012345", CodeKind.ORDER, "ORD-0012345", "", ""),
    ("]A0so98765", CodeKind.ORDER, "SO-98765", "]A0", "Code 39"),
    ("LPN0010000001", CodeKind.LPN, "LPN0010000001", "", ""),
    ("]C0lpn0010000001\r", CodeKind.LPN, "LPN0010000001", "]C0", "Code 128"),
    ("B1001", CodeKind.BADGE, "B1001", "", ""),
    ("]C0B2001", CodeKind.BADGE, "B2001", "]C0", "Code 128"),
    ("BADGE:B9001", CodeKind.BADGE, "B9001", "", ""),
    ("badge: ab-77", CodeKind.BADGE, "AB-77", "", ""),
    # GTIN / UPC / EAN
    ("]E00012345678905", CodeKind.GTIN, "00012345678905", "]E0", "UPC-A"),
    ("012345678905", CodeKind.GTIN, "00012345678905", "", ""),
    ("]E05901234123457", CodeKind.GTIN, "05901234123457", "]E0", "EAN-13"),
    ("5901234123457\n", CodeKind.GTIN, "05901234123457", "", ""),
    ("]E496385074", CodeKind.GTIN, "00000096385074", "]E4", "EAN-8"),
    ("96385074", CodeKind.GTIN, "00000096385074", "", ""),
    ("]I110012345678902", CodeKind.GTIN, "10012345678902", "]I1", "ITF-14"),
    ("]E001234565", CodeKind.GTIN, "00012345000065", "]E0", "UPC-E"),
    ("]E3978030640615712345", CodeKind.GTIN, "09780306406157", "]E3", "EAN-13 with add-on"),
    # GS1 element strings, Digital Link, SSCC
    (
        "]C101006141411234521726123110LOT42" + GS + "21SN12345",
        CodeKind.GS1,
        "00614141123452",
        "]C1",
        "GS1-128",
    ),
    (
        "]d2" + GS + "010061414112345221SN0000000001" + GS + "10B7" + GS + "17270630",
        CodeKind.GS1,
        "00614141123452",
        "]d2",
        "GS1 DataMatrix",
    ),
    (
        "]Q3https://id.gs1.org/01/09506000134352/21/XYZ",
        CodeKind.GS1,
        "09506000134352",
        "]Q3",
        "GS1 QR Code",
    ),
    (
        "https://id.gs1.org/01/09506000134352/21/XYZ",
        CodeKind.GS1,
        "09506000134352",
        "",
        "GS1 Digital Link",
    ),
    ("(01)00614141123452(21)ABC", CodeKind.GS1, "00614141123452", "", ""),
    ("010061414112345221ABC", CodeKind.GS1, "00614141123452", "", ""),
    (GS + "010061414112345221ABC", CodeKind.GS1, "00614141123452", "", ""),
    (
        "[)>\x1e05" + GS + "0100614141123452" + GS + "21ABC\x1e\x04",
        CodeKind.GS1,
        "00614141123452",
        "",
        "",
    ),
    ("]C100106141412345678908", CodeKind.GS1, "106141412345678908", "]C1", "GS1-128"),
    # carrier tracking numbers
    ("1Z999AA10123456784", CodeKind.TRACKING, "1Z999AA10123456784", "", ""),
    ("]C01z999aa10123456784", CodeKind.TRACKING, "1Z999AA10123456784", "]C0", "Code 128"),
    ("012345678901", CodeKind.TRACKING, "012345678901", "", ""),
    ("]C0012345678901", CodeKind.TRACKING, "012345678901", "]C0", "Code 128"),
    ("123456789012345", CodeKind.TRACKING, "123456789012345", "", ""),
    ("9400111899223100000000", CodeKind.TRACKING, "9400111899223100000000", "", ""),
    ("420123459400111899223100000000", CodeKind.TRACKING, "9400111899223100000000", "", ""),
    ("EA123456789US", CodeKind.TRACKING, "EA123456789US", "", ""),
    ("3SABCD1234567", CodeKind.TRACKING, "3SABCD1234567", "", ""),
    # RFID EPCs typed by a keyboard-mode reader, and EPC URIs
    (
        "3074257BF7194E4000001A85",
        CodeKind.EPC,
        "urn:epc:id:sgtin:0614141.812345.6789",
        "",
        "RFID SGTIN-96",
    ),
    (
        "urn:epc:id:sgtin:0614141.812345.6789",
        CodeKind.EPC,
        "urn:epc:id:sgtin:0614141.812345.6789",
        "",
        "EPC URI",
    ),
    (
        "urn:epc:tag:sgtin-96:1.0614141.812345.6789",
        CodeKind.EPC,
        "urn:epc:id:sgtin:0614141.812345.6789",
        "",
        "EPC URI",
    ),
    # serial numbers
    ("C02XK1JHJG5H", CodeKind.SERIAL, "C02XK1JHJG5H", "", ""),
    ("]C0SN4K9Q2Z7M1P", CodeKind.SERIAL, "SN4K9Q2Z7M1P", "]C0", "Code 128"),
    ("AB-1234/XY", CodeKind.SERIAL, "AB-1234/XY", "", ""),
    ("1234567890", CodeKind.SERIAL, "1234567890", "", ""),
]


@pytest.mark.parametrize(("raw", "kind", "value", "symbology", "name"), CLASSIFIED)
def test_classifies(raw: str, kind: CodeKind, value: str, symbology: str, name: str) -> None:
    code = parse_scan(raw)
    assert (code.kind, code.value, code.symbology, code.symbology_name) == (
        kind,
        value,
        symbology,
        name,
    )
    assert code.raw == raw
    assert code.error == ""
    assert code.ok


def test_gs1_128_with_gtin_serial_lot_expiry() -> None:
    code = parse_scan("]C101006141411234521726123110LOT42" + GS + "21SN12345")
    assert (code.gtin, code.serial, code.lot, code.expiry) == (
        "00614141123452",
        "SN12345",
        "LOT42",
        "2026-12-31",
    )


def test_gs1_variable_fields_first_need_the_separator() -> None:
    code = parse_scan("]C10100614141123452" + "21ABC123" + GS + "10L1" + GS + "17261231")
    assert (code.gtin, code.serial, code.lot, code.expiry) == (
        "00614141123452",
        "ABC123",
        "L1",
        "2026-12-31",
    )


def test_gs1_datamatrix_with_group_separators() -> None:
    raw = "]d2" + GS + "010061414112345221SN0000000001" + GS + "10B7" + GS + "17270630"
    code = parse_scan(raw)
    assert (code.kind, code.gtin, code.serial, code.lot, code.expiry) == (
        CodeKind.GS1,
        "00614141123452",
        "SN0000000001",
        "B7",
        "2027-06-30",
    )


def test_gs1_expiry_day_zero_means_end_of_month() -> None:
    assert parse_scan("]C101006141411234521726020010A").expiry == "2026-02-28"


def test_digital_link_fields() -> None:
    code = parse_scan("https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?17=251231")
    assert (code.gtin, code.lot, code.serial, code.expiry) == (
        "09506000134352",
        "ABC",
        "XYZ",
        "2025-12-31",
    )


def test_tracking_carriers() -> None:
    assert parse_scan("1Z999AA10123456784").carrier == "UPS"
    assert parse_scan("012345678901").carrier == "FedEx"
    assert parse_scan("9400111899223100000000").carrier == "USPS"
    assert parse_scan("EA123456789US").carrier == "UPU"


@pytest.mark.parametrize(
    ("raw", "kind", "value", "error_start"),
    [
        ("0012345678904", CodeKind.GTIN, "00012345678904", "bad GTIN check digit"),
        ("]E00012345678904", CodeKind.GTIN, "00012345678904", "bad GTIN check digit"),
        # Under an EAN/UPC symbology a 12-digit code is a UPC-A, never a FedEx number.
        ("]E0012345678901", CodeKind.GTIN, "00012345678901", "bad GTIN check digit"),
        ("96385075", CodeKind.GTIN, "00000096385075", "bad GTIN check digit"),
        ("10012345678903", CodeKind.GTIN, "10012345678903", "bad GTIN check digit"),
        ("]C10100614141123453", CodeKind.GS1, "00614141123453", "bad GTIN check digit"),
        ("1Z999AA10123456785", CodeKind.TRACKING, "1Z999AA10123456785", "bad UPS check digit"),
        ("]E001234566", CodeKind.GTIN, "", "bad UPC-E"),
    ],
)
def test_flawed_codes_keep_their_kind(
    raw: str, kind: CodeKind, value: str, error_start: str
) -> None:
    code = parse_scan(raw)
    assert (code.kind, code.value) == (kind, value)
    assert code.error.startswith(error_start)
    assert not code.ok


def test_bad_check_digit_names_the_expected_digit() -> None:
    assert parse_scan("0012345678904").error == "bad GTIN check digit: expected 5, got 4"


@pytest.mark.parametrize(
    ("raw", "error_part"),
    [
        ("", "empty"),
        ("\r\n", "empty"),
        ("   \t", "empty"),
        ("]C1", "empty"),
        (GS + GS, "empty"),
        ("\x00\x01\x02", "control characters"),
        ("RMA-00\x0712345", "control characters"),
        ("\x1b[31mRMA-0001234", "control characters"),
        ("abc", "unrecognised"),
        ("€€€€€€€", "unrecognised"),
        ("RMA 0001234", "unrecognised"),
        ("]C1ABC", "not valid GS1"),
        ("]d2" + GS + "01123", "not valid GS1"),
        ("]Q1https://example.com/returns", "GS1 Digital Link"),
        ("[)>\x1e06" + GS + "1ZABC\x1e\x04", "15434"),
        ("]E112", "add-on"),
        ("BADGE:", "badge"),
        ("urn:epc:id:", "malformed EPC URI"),
        ("x" * 5000, "longer than"),
    ],
)
def test_garbage_is_unknown(raw: str, error_part: str) -> None:
    code = parse_scan(raw)
    assert code.kind is CodeKind.UNKNOWN
    assert code.value == ""
    assert error_part in code.error
    assert not code.ok


def test_not_text_is_unknown() -> None:
    code = parse_scan(b"RMA-0001234")  # type: ignore[arg-type]
    assert code.kind is CodeKind.UNKNOWN and code.error == "scan data is not text"


def test_unicode_digits_are_not_digits() -> None:
    # Arabic-Indic digits pass str.isdigit() but no scanner sends them for a GTIN.
    assert parse_scan("٠١٢٣٤٥٦٧٨٩٠٥").kind is CodeKind.UNKNOWN


def test_scan_code_is_immutable() -> None:
    code = parse_scan("RMA-0001234")
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.value = "RMA-9"  # type: ignore[misc]
    assert hash(code) == hash(parse_scan("RMA-0001234"))


# -- EPC ----------------------------------------------------------------------------------


def test_sgtin_96() -> None:
    code = parse_epc("3074257BF7194E4000001A85")
    assert code == ScanCode(
        raw="3074257BF7194E4000001A85",
        kind=CodeKind.EPC,
        value="urn:epc:id:sgtin:0614141.812345.6789",
        symbology_name="RFID SGTIN-96",
        gtin="80614141123458",
        serial="6789",
        epc_uri="urn:epc:id:sgtin:0614141.812345.6789",
        company_prefix="0614141",
        item_reference="812345",
    )


@pytest.mark.parametrize(
    "epc",
    [
        "3074257bf7194e4000001a85",
        "30 74 25 7B F7 19 4E 40 00 00 1A 85",
        "0x3074257BF7194E4000001A85",
    ],
)
def test_sgtin_96_spellings(epc: str) -> None:
    code = parse_epc(epc)
    assert (code.gtin, code.serial, code.raw) == ("80614141123458", "6789", epc)


def test_sgtin_198_alphanumeric_capable() -> None:
    for epc in (
        "36D4257BF7194E58B266D1A800000000000000000000000000",  # 198 bits as pyepc writes it
        "36D4257BF7194E58B266D1A800000000000000000000000000" + "00",  # padded to 13 words
    ):
        code = parse_epc(epc)
        assert (code.kind, code.gtin, code.serial, code.symbology_name) == (
            CodeKind.EPC,
            "80614141123458",
            "12345",
            "RFID SGTIN-198",
        )
        assert code.epc_uri == "urn:epc:id:sgtin:0614141.812345.12345"


def test_sscc_96() -> None:
    code = parse_epc("3114257BF4499602D2000000")
    assert (code.kind, code.value, code.company_prefix, code.gtin) == (
        CodeKind.EPC,
        "urn:epc:id:sscc:0614141.1234567890",
        "0614141",
        "",
    )


def test_other_epc_scheme_is_epc_with_raw_uri() -> None:
    code = parse_epc("3374257BF7194E4000001A85")  # GRAI-96: not decoded by pyepc
    assert (code.kind, code.epc_uri, code.error) == (
        CodeKind.EPC,
        "urn:epc:raw:96.x3374257BF7194E4000001A85",
        "",
    )


@pytest.mark.parametrize(
    ("epc", "error_part"),
    [
        ("30FFFFFFFFFFFFFFFFFFFFFF", "cannot decode SGTIN-96"),  # partition 7 does not exist
        ("3074257BF7194E40", "must be 24"),
        ("36D4257BF7194E58", "must be 50 or 52"),
    ],
)
def test_corrupt_epc_is_epc_with_error(epc: str, error_part: str) -> None:
    code = parse_epc(epc)
    assert code.kind is CodeKind.EPC
    assert error_part in code.error
    assert code.gtin == ""


@pytest.mark.parametrize("epc", ["", "   ", "ZZ", "30Z4257BF7194E4000001A85", "307", "30" * 65])
def test_invalid_hex_is_unknown(epc: str) -> None:
    code = parse_epc(epc)
    assert code.kind is CodeKind.UNKNOWN and code.error and code.value == ""


def test_epc_in_scanner_text_can_be_switched_off() -> None:
    formats = ScanFormats(epc_hex=False)
    assert parse_scan("3074257BF7194E4000001A85", formats=formats).kind is CodeKind.SERIAL
    # A 24-hex serial that does not decode as an EPC stays a serial.
    assert parse_scan("30FFFFFFFFFFFFFFFFFFFFFF").kind is CodeKind.SERIAL


def test_epc_uri_with_escaped_serial() -> None:
    code = parse_epc("urn:epc:id:sgtin:0614141.812345.A%2FB")
    assert (code.serial, code.gtin, code.epc_uri) == (
        "A/B",
        "80614141123458",
        "urn:epc:id:sgtin:0614141.812345.A%2FB",
    )


# -- formats and helpers --------------------------------------------------------------------


def test_custom_formats() -> None:
    formats = ScanFormats(rma=r"R\d{6}", badge=r"EMP\d{3}", tracking=(("Acme", r"AC\d{8}"),))
    assert parse_scan("R123456", formats=formats).kind is CodeKind.RMA
    assert parse_scan("RMA-0001234", formats=formats).kind is CodeKind.SERIAL
    assert parse_scan("EMP007", formats=formats).value == "EMP007"
    acme = parse_scan("AC12345678", formats=formats)
    assert (acme.kind, acme.carrier) == (CodeKind.TRACKING, "Acme")
    assert parse_scan("1Z999AA10123456784", formats=formats).kind is CodeKind.SERIAL


def test_bad_format_regex_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="scan format rma"):
        ScanFormats(rma="RMA-(")


def test_formats_compare_by_patterns() -> None:
    assert ScanFormats() == DEFAULT_FORMATS
    assert hash(ScanFormats()) == hash(DEFAULT_FORMATS)
    assert ScanFormats(lpn=r"L\d+") != DEFAULT_FORMATS


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("012345678905", "00012345678905"),
        ("5901234123457", "05901234123457"),
        ("96385074", "00000096385074"),
        (" 10012345678902 ", "10012345678902"),
    ],
)
def test_gtin14(code: str, expected: str) -> None:
    assert gtin14(code) == expected


@pytest.mark.parametrize("code", ["", "12345", "0123456789012345", "59012341234A7", "٠١٢٣٤٥٦٧"])
def test_gtin14_refuses_non_gtins(code: str) -> None:
    with pytest.raises(ValueError, match="not a GTIN"):
        gtin14(code)


def test_is_valid_gtin() -> None:
    assert is_valid_gtin("5901234123457")
    assert is_valid_gtin("96385074")
    assert not is_valid_gtin("5901234123458")
    assert not is_valid_gtin("59012341")
    assert not is_valid_gtin("RMA-0001234")


# -- properties ---------------------------------------------------------------------------

_SCANNER_ALPHABET = st.sampled_from(
    [*"0123456789ABCDEFRMALPNOZSbadge-:()/.]%", GS, "\r", "\n", "\x1e", "\x04", "é", "\x00"]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), st.text(_SCANNER_ALPHABET, max_size=60)))
def test_random_text_never_raises(raw: str) -> None:
    code = parse_scan(raw)
    assert isinstance(code.kind, CodeKind)
    if code.kind is CodeKind.UNKNOWN:
        assert code.value == "" and code.error
    else:
        assert code.value or code.error


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "]C1", "]d2", "]Q3", "]E0", "]C0", "]e0", GS]),
    st.text(st.sampled_from([*"0123456789", GS, "A", "("]), min_size=1, max_size=48),
)
def test_random_gs1_like_content_never_raises(aim: str, body: str) -> None:
    code = parse_scan(aim + body)
    assert code.kind is CodeKind.UNKNOWN or code.value or code.error


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60), st.text(st.sampled_from("0123456789abcdefABCDEF "), max_size=60)
    )
)
def test_random_epc_never_raises(epc: str) -> None:
    code = parse_epc(epc)
    assert code.kind in (CodeKind.EPC, CodeKind.UNKNOWN)
    if code.kind is CodeKind.UNKNOWN:
        assert code.error


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1), st.integers(min_value=0, max_value=9))
def test_every_check_digit_completed_gtin13_round_trips(payload: int, indicator: int) -> None:
    from biip.checksums import gs1_standard_check_digit

    body = f"{payload:012d}"
    gtin = body + str(gs1_standard_check_digit(body))
    code = parse_scan("]E0" + gtin)
    assert (code.kind, code.gtin, code.error) == (CodeKind.GTIN, "0" + gtin, "")


# -- benchmark ----------------------------------------------------------------------------


@pytest.mark.benchmark
def test_parse_scan_speed() -> None:
    samples = {
        "rma": "RMA-0001234",
        "lpn": "LPN0010000001",
        "ean13": "]E05901234123457",
        "ups": "1Z999AA10123456784",
        "serial": "C02XK1JHJG5H",
        "gs1-128 4 AIs": "]C101006141411234521726123110LOT42" + GS + "21SN12345",
        "datamatrix": "]d2" + GS + "010061414112345221SN0000000001",
        "epc hex": "3074257BF7194E4000001A85",
    }
    for label, raw in samples.items():
        timings = []
        for _ in range(2000):
            start = time.perf_counter_ns()
            parse_scan(raw)
            timings.append(time.perf_counter_ns() - start)
        timings.sort()
        p50 = statistics.median(timings) / 1000
        p99 = timings[int(len(timings) * 0.99)] / 1000
        print(f"parse_scan {label:15s} p50 {p50:6.1f} µs  p99 {p99:6.1f} µs")
    assert parse_scan(samples["rma"]).kind is CodeKind.RMA
