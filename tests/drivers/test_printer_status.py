"""Decoding Zebra ~HS replies: every documented flag, garbage refused, never "ok" by accident."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printers.status import (
    PrinterError,
    PrinterStatus,
    format_host_status,
    parse_host_status,
    reply_complete,
)

# A reply as a ZD421 in tear-off mode sends it: 4x6" labels, nothing wrong.
HEALTHY = (
    b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n"
    b"\x02001,0,0,0,0,2,6,0,00000000,1,000\x03\r\n"
    b"\x021234,0\x03\r\n"
)


def reply(one: list[str] | None = None, two: list[str] | None = None) -> bytes:
    first = one or ["030", "0", "0", "1218", "000", "0", "0", "0", "000", "0", "0", "0"]
    second = two or ["001", "0", "0", "0", "0", "2", "6", "0", "00000000", "1", "000"]
    return (
        b"\x02" + ",".join(first).encode() + b"\x03\r\n"
        b"\x02" + ",".join(second).encode() + b"\x03\r\n"
        b"\x021234,0\x03\r\n"
    )


def with_field(string: int, index: int, value: str) -> bytes:
    one = ["030", "0", "0", "1218", "000", "0", "0", "0", "000", "0", "0", "0"]
    two = ["001", "0", "0", "0", "0", "2", "6", "0", "00000000", "1", "000"]
    (one if string == 1 else two)[index] = value
    return reply(one, two)


def test_healthy_printer_is_ok_with_its_numbers() -> None:
    status = parse_host_status(HEALTHY)
    assert status.ok and status.known
    assert status.problems == () and status.warnings == ()
    assert status.summary == "ready"
    assert status.label_length_dots == 1218
    assert status.print_mode == "tear-off"
    assert status.formats_in_buffer == 0 and status.labels_remaining == 0


@pytest.mark.parametrize(
    ("string", "index", "attribute", "problem"),
    [
        (1, 1, "paper_out", "Paper out — load labels and press FEED"),
        (1, 2, "paused", "Printer paused — press PAUSE to resume"),
        (1, 5, "buffer_full", "Printer memory full — wait until it has printed what it has"),
        (1, 6, "diagnostic_mode", "Printer in diagnostics mode — switch it off and on again"),
        (1, 11, "head_too_hot", "Print head too hot — let the printer cool down"),
        (2, 2, "head_open", "Print head open — close the print head"),
    ],
)
def test_each_blocking_flag_is_a_plain_english_problem(
    string: int, index: int, attribute: str, problem: str
) -> None:
    status = parse_host_status(with_field(string, index, "1"))
    assert getattr(status, attribute) is True
    assert not status.ok
    assert status.problems == (problem,)
    assert status.summary == problem


@pytest.mark.parametrize(
    ("string", "index", "attribute"),
    [(1, 7, "partial_format"), (1, 9, "corrupt_ram"), (1, 10, "head_too_cold")],
)
def test_warnings_do_not_stop_printing(string: int, index: int, attribute: str) -> None:
    status = parse_host_status(with_field(string, index, "1"))
    assert getattr(status, attribute) is True
    assert status.ok
    assert len(status.warnings) == 1


def test_ribbon_out_matters_only_for_thermal_transfer() -> None:
    direct = parse_host_status(with_field(2, 3, "1"))
    assert direct.ribbon_out and not direct.thermal_transfer and direct.ok
    two = ["001", "0", "0", "1", "1", "2", "6", "0", "00000000", "1", "000"]
    transfer = parse_host_status(reply(two=two))
    assert transfer.problems == ("Ribbon out — load a new ribbon",)
    assert transfer.fault_codes == ("ribbon_out",)


def test_counters_and_modes_are_decoded() -> None:
    one = ["030", "0", "0", "0812", "004", "0", "0", "0", "000", "0", "0", "0"]
    two = ["001", "0", "0", "0", "1", "1", "6", "1", "00000012", "1", "003"]
    status = parse_host_status(reply(one, two))
    assert status.label_length_dots == 812
    assert status.formats_in_buffer == 4
    assert status.labels_remaining == 12
    assert status.graphics_stored == 3
    assert status.print_mode == "peel-off"
    assert status.label_waiting and status.thermal_transfer


def test_extra_fields_from_newer_firmware_are_ignored() -> None:
    one = [*["030", "1", "0", "1218", "000", "0", "0", "0", "000", "0", "0", "0"], "7", "9"]
    status = parse_host_status(reply(one))
    assert status.paper_out


def test_several_problems_are_all_listed() -> None:
    one = ["030", "1", "1", "1218", "000", "0", "0", "0", "000", "0", "0", "0"]
    two = ["001", "0", "1", "0", "0", "2", "6", "0", "00000000", "1", "000"]
    status = parse_host_status(reply(one, two))
    assert status.fault_codes == ("paper_out", "head_open", "paused")
    assert len(status.problems) == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "0 status strings"),
        (HEALTHY[:-4], "unterminated"),
        (HEALTHY.replace(b"1218", b"12x8"), "field 4"),
        (with_field(1, 1, "2"), "should be 0 or 1"),
        (HEALTHY.replace(b"030,0,0,", b"030,0,"), "11 fields"),
        (b"garbage" + HEALTHY, "stray"),
        (HEALTHY + HEALTHY, "6 status strings"),
        (HEALTHY.replace(b"1234", "1234\u00e9".encode()), "not ASCII"),
        (b"\x02" + b"0," * 600 + b"\x03", "too long"),
    ],
)
def test_unreadable_replies_raise_printer_error(data: bytes, message: str) -> None:
    with pytest.raises(PrinterError, match=message):
        parse_host_status(data)


def test_simulator_format_round_trips() -> None:
    status = PrinterStatus(
        paper_out=True, head_open=True, label_length_dots=1218, labels_remaining=5
    )
    decoded = parse_host_status(format_host_status(status))
    assert dataclasses.replace(decoded, raw="", print_mode="") == dataclasses.replace(
        status, print_mode=""
    )


def test_reply_complete_needs_three_strings_and_the_last_crlf() -> None:
    assert reply_complete(HEALTHY)
    assert not reply_complete(HEALTHY[:-2])
    assert not reply_complete(HEALTHY[:40])


def test_unknown_status_is_not_a_problem_but_says_so() -> None:
    status = PrinterStatus.unknown("spooler queue 'x' does not report paper or head")
    assert status.ok and not status.known
    assert status.summary.startswith("status unknown")


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_raise_nothing_but_printer_error(data: bytes) -> None:
    try:
        status = parse_host_status(data)
    except PrinterError:
        return
    # Only a reply with the three framed strings can decode at all.
    assert data.count(b"\x02") == 3 and data.count(b"\x03") == 3
    assert isinstance(status, PrinterStatus)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300).filter(lambda b: b"\x02" not in b))
def test_garbage_without_framing_is_never_ok(data: bytes) -> None:
    with pytest.raises(PrinterError):
        parse_host_status(data)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.binary(max_size=40).filter(lambda b: b"\x02" not in b and b"\x03" not in b),
        min_size=3,
        max_size=3,
    )
)
def test_framed_garbage_is_refused_or_decoded_never_crashes(bodies: list[bytes]) -> None:
    data = b"".join(b"\x02" + body + b"\x03\r\n" for body in bodies)
    try:
        status = parse_host_status(data)
    except PrinterError:
        return
    # Decoding succeeded only because every required field was digits.
    assert bodies[0].count(b",") >= 11 and bodies[1].count(b",") >= 10
    assert isinstance(status.ok, bool)
