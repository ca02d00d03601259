"""ZPL labels: every template at 203 and 300 dpi renders one label whose barcode scans back,
and hostile field data can neither inject ZPL nor push text off the label."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import statistics
import time
from pathlib import Path

import pytest
import zplkit
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from zplkit.output import Scene

from station import labels
from station.labels import (
    TEST_BARCODE,
    LabelData,
    LabelError,
    TemplateError,
    available_templates,
    code128_zpl,
    escape_field_data,
    fold_to_font,
    label_size,
    render_preview_png,
    render_zpl,
)

DPIS = (203, 300)
TEXT_FIELDS = tuple(
    f.name for f in dataclasses.fields(LabelData) if f.name != "lpn"
)  # the LPN is also a barcode: it has its own rules

UNIT = LabelData(
    lpn="LPN0070000042",
    rma="RMA-2025-004711",
    sku="PHI-HD7459-20",
    description="Philips HD7459/20 Koffiezetapparaat, zwart",
    grade="B",
    disposition="RESELL OPEN BOX",
    destination="Open-box shelf B-12",
    date="2026-01-14",
    operator="B0042",
    station="BENCH-07",
    serial="SN4C19A22871",
)
HELD = dataclasses.replace(UNIT, hold_reason="Serial mismatch: RMA says SN4C19A00000")

HOSTILE = {
    "end and restart format": "^XZ^XA",
    "control command": "~JR",
    "hex escape": "_1D",
    "field data command": "^FD",
    "full injection": "^FS^XZ~JA^XA^FO0,0^GB812,1218,812^FS^XZ",
    "pre-escaped": "_5E_7E_5F",
    "newlines": "line one\nline two\r\nthree\rfour",
    "nul and controls": "a\x00b\x1dc\x1bd\x7fe\x85f",
    "fb line break": "a\\&b\\(*)c\\",
    "placeholder": "${lpn} ${hold_reason:upper}",
    "2000 W": "W" * 2000,
    "2000 widest": "<>" * 1000,
    "2000 words": "word " * 400,
    "emoji": "📦👍🏽 👨‍👩‍👧 ✅",
    "chinese": "翻新处理 退货 商品描述",
    "dutch": "ë ĳ Zoë Ĳsselmeer",
    "rtl": "שלום עולם مرحبا",
    "bidi override": "\u202eevil\u202c \u200bzero\u200dwidth",
    "lone surrogate": "bad\ud800half",
    "tabs and wide spaces": "a\tb\u3000c\u00a0d",
}


# --- helpers -------------------------------------------------------------------------------------


def decode_barcodes(png: bytes) -> list[tuple[str, str]]:
    """Every barcode zxing-cpp finds in a label picture, as (format name, text)."""
    image = Image.open(io.BytesIO(png))
    return [(result.format.name, result.text) for result in zxingcpp.read_barcodes(image)]


def scenes(zpl: str, dpi: int) -> list[Scene]:
    width, height = label_size(dpi)
    return list(zplkit.render(zpl, zplkit.Options(width=width, height=height, dpi=dpi)).labels)


def pixels(zpl: str, dpi: int, *, wide: bool = False) -> Image.Image:
    """The label as a greyscale picture; ``wide`` draws on a canvas far wider than the label."""
    if wide:
        options = zplkit.Options(width=4000, height=label_size(dpi)[1], dpi=dpi)
        (scene,) = zplkit.render(zpl, options).labels
    else:
        (scene,) = scenes(zpl, dpi)
    raster = scene.rasterize()
    return Image.frombytes("L", (raster.width, raster.height), raster.pixels)


def commands(zpl: str) -> list[str]:
    """The command codes of a ZPL stream in order: what a printer would execute."""
    return [token[:3] for token in re.findall(r"[\^~][^\^~]*", zpl)]


def expected_barcode(template: str, data: LabelData) -> str:
    return TEST_BARCODE if template == "test" else data.lpn


def assert_one_clean_label(zpl: str, dpi: int) -> None:
    assert zpl.count("^XA") == 1 and zpl.count("^XZ") == 1
    assert "~" not in zpl  # no template uses a control command, so none may appear
    assert "${" not in zpl
    assert zpl.isascii()
    assert not set(zpl) & {chr(c) for c in range(32) if c != 10}  # only the template's newlines
    assert len(scenes(zpl, dpi)) == 1


# --- templates at both resolutions ---------------------------------------------------------------


def test_templates_are_found() -> None:
    assert {"disposition", "test"} <= set(available_templates())


@pytest.mark.parametrize("dpi", DPIS)
def test_label_size_is_4_by_6_inches(dpi: int) -> None:
    assert label_size(dpi) == {203: (812, 1218), 300: (1200, 1800)}[dpi]


@pytest.mark.parametrize("dpi", [0, 150, 200, 600])
def test_unsupported_resolution_is_refused(dpi: int) -> None:
    with pytest.raises(LabelError, match="203 or 300 dpi"):
        render_zpl(UNIT, dpi=dpi)
    with pytest.raises(LabelError, match="203 or 300 dpi"):
        render_preview_png("^XA^XZ", dpi=dpi)


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("template", ["disposition", "test"])
@pytest.mark.parametrize(
    "data",
    [UNIT, HELD, dataclasses.replace(UNIT, serial="", destination="")],
    ids=["unit", "held", "no-serial"],
)
def test_every_template_renders_one_label_whose_barcode_scans(
    template: str, dpi: int, data: LabelData
) -> None:
    zpl = render_zpl(data, template=template, dpi=dpi)
    assert_one_clean_label(zpl, dpi)
    width, height = label_size(dpi)
    assert f"^PW{width}" in zpl and f"^LL{height}" in zpl
    (scene,) = scenes(zpl, dpi)
    assert (scene.width, scene.height, scene.dpi) == (width, height, dpi)
    png = render_preview_png(zpl, dpi=dpi)
    assert png.startswith(b"\x89PNG")
    assert decode_barcodes(png) == [("Code128", expected_barcode(template, data))]


@pytest.mark.parametrize("dpi", DPIS)
def test_a_held_unit_says_hold_and_why(dpi: int) -> None:
    held = render_zpl(HELD, dpi=dpi)
    assert "^FDON HOLD: DO NOT PUT AWAY^FS" in held
    assert "^FDHOLD^FS" in held
    assert "Serial mismatch: RMA says SN4C19A00000" in held.replace("\\&", " ")
    assert "RESELL" not in held  # the proposed disposition is not an instruction yet
    normal = render_zpl(UNIT, dpi=dpi)
    assert "HOLD" not in normal
    assert "RESELL" in normal and "Open-box shelf B-12" in normal
    # The HOLD panel is solid black: far more ink than the disposition text in its place.
    panel = (296, 456, 788, 662) if dpi == 203 else (437, 674, 1164, 978)
    assert _ink(pixels(held, dpi), panel) > 0.5 > _ink(pixels(normal, dpi), panel)


def test_serial_section_only_when_there_is_a_serial() -> None:
    assert "SERIAL" in render_zpl(UNIT) and "SN4C19A22871" in render_zpl(UNIT)
    assert "SERIAL" not in render_zpl(dataclasses.replace(UNIT, serial=""))


def test_300_dpi_scales_the_layout_not_the_data() -> None:
    at_203, at_300 = render_zpl(UNIT, dpi=203), render_zpl(UNIT, dpi=300)
    assert commands(at_203) == commands(at_300)
    assert "^FO24,808" in at_203 and "^FO35,1194" in at_300  # 808 * 300 / 203 = 1194
    assert "^PW812^LL1218" in at_203 and "^PW1200^LL1800" in at_300
    assert "RMA-2025-004711" in at_203 and "RMA-2025-004711" in at_300


# --- hostile field data --------------------------------------------------------------------------


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("dpi", DPIS)
def test_hostile_text_in_every_field_still_prints_one_scannable_label(value: str, dpi: int) -> None:
    data = dataclasses.replace(UNIT, **dict.fromkeys(TEXT_FIELDS, value))
    benign = dataclasses.replace(UNIT, **dict.fromkeys(TEXT_FIELDS, "x"))
    zpl = render_zpl(data, dpi=dpi)
    assert_one_clean_label(zpl, dpi)
    assert commands(zpl) == commands(render_zpl(benign, dpi=dpi))
    assert decode_barcodes(render_preview_png(zpl, dpi=dpi)) == [("Code128", UNIT.lpn)]


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_in_one_field_adds_no_command(field: str, value: str) -> None:
    zpl = render_zpl(dataclasses.replace(UNIT, **{field: value}))
    baseline = render_zpl(dataclasses.replace(UNIT, **{field: "x"}))
    assert_one_clean_label(zpl, 203)
    assert commands(zpl) == commands(baseline)
    # The only field data that changed is this field's, and it is plainly escaped.
    for line in zpl.splitlines():
        for data in re.findall(r"\^FD([^\^]*)", line):
            assert re.fullmatch(r"[A-Za-z0-9 .,:;/#()+*&'!?@%=_>\\-]*", data), data


def test_injection_attempt_is_printed_as_text() -> None:
    zpl = render_zpl(dataclasses.replace(UNIT, description="^XZ~JR_1D"))
    assert "^FH^FD_5EXZ_7EJR_5F1D^FS" in zpl


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("filler", ["W" * 400, "<" * 400, "WWWWWWW " * 60, "@%" * 200])
def test_long_text_stays_in_its_box(dpi: int, filler: str) -> None:
    for data in (UNIT, HELD):
        everything = dataclasses.replace(
            data,
            **{f: filler for f in TEXT_FIELDS if getattr(data, f)},
        )
        image = pixels(render_zpl(everything, dpi=dpi), dpi)
        width, height = label_size(dpi)
        s = dpi / 203
        blank = [
            (0, 100, 20, 1218),  # left margin below the header band
            (792, 100, 812, 1218),  # right margin
            (0, 1168, 812, 1218),  # bottom margin
            (400, 800, 412, 884),  # between RMA and SKU
            (278, 456, 294, 790),  # between the grade frame and the disposition column
            (272, 1100, 282, 1166),  # between date and operator
            (532, 1100, 542, 1166),  # between operator and station
        ]
        for box in blank:
            left, top, right, bottom = (round(v * s) for v in box)
            scaled = (left, top, right, bottom)
            assert _ink(image, scaled) == 0, f"text crossed into {box} at {dpi} dpi"
        assert image.size == (width, height)


TEXT_FIELD_ZPL = re.compile(
    r"\^FO(\d+),(\d+)\^A0N,(\d+),(\d+)(\^FR)?\^FB(\d+),[^\^]*\^FH\^FD([^\^]*)\^FS"
)


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("filler", ["W" * 400, "<" * 400, "WWWWWWW " * 60, "Mm@% " * 80])
@pytest.mark.parametrize("template", ["disposition", "test"])
def test_every_printed_line_fits_its_box(dpi: int, filler: str, template: str) -> None:
    # ^FB would wrap or overprint what does not fit, hiding an overflow in a whole-label
    # picture; so draw every printed line on its own, without ^FB, and measure its ink.
    for data in (UNIT, HELD):
        everything = dataclasses.replace(
            data, **{f: filler for f in TEXT_FIELDS if getattr(data, f)}
        )
        fields = TEXT_FIELD_ZPL.findall(render_zpl(everything, template=template, dpi=dpi))
        assert len(fields) > 10
        for x, _, height, width, _, box, text in fields:
            for line in text.split("\\&"):
                alone = f"^XA^CI28^FO{x},10^A0N,{height},{width}^FH^FD{line}^FS^XZ"
                ink = Image.eval(pixels(alone, dpi, wide=True), lambda p: 255 - p).getbbox()
                assert ink is not None and int(x) <= ink[0] and ink[2] <= int(x) + int(box), line
                assert ink[2] <= label_size(dpi)[0] - 8


def test_long_text_is_cut_with_an_ellipsis() -> None:
    zpl = render_zpl(dataclasses.replace(UNIT, description="Koffiezetapparaat " * 40))
    (description,) = [line for line in zpl.splitlines() if "Koffiezetapparaat" in line]
    assert description.endswith("...^FS")
    assert description.count("\\&") == 1  # two lines, as the template's ^FB allows


def test_big_fields_shrink_before_they_are_cut() -> None:
    zpl = render_zpl(dataclasses.replace(UNIT, disposition="return to vendor"))
    assert "RETURN TO\\&VENDOR" in zpl or "RETURN TO VENDOR" in zpl
    zpl = render_zpl(dataclasses.replace(UNIT, disposition="liquidate via secondary market"))
    (line,) = [line for line in zpl.splitlines() if "LIQUIDATE" in line]
    font = re.search(r"\^A0N,(\d+),(\d+)", line)
    assert font is not None and int(font.group(1)) < 96  # smaller than the template's 96


def test_field_values_must_be_text() -> None:
    with pytest.raises(LabelError, match="grade must be text"):
        render_zpl(dataclasses.replace(UNIT, grade=None))  # type: ignore[arg-type]


# --- the LPN barcode -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lpn",
    [
        "LPN0070000042",
        "1",
        "12",
        "12345",
        "123456789012",
        "A1234567B",
        "A12345B",
        "LPN 0001",
        "A^B~C>D_E\\F<G",
        "^XZ^XA",
        "~JR",
        "_1D",
        ">:>5>6",
        "a" * 24,
        "0" * 40,
    ],
)
@pytest.mark.parametrize("dpi", DPIS)
def test_any_code128_b_lpn_scans_back_exactly(lpn: str, dpi: int) -> None:
    zpl = render_zpl(dataclasses.replace(UNIT, lpn=lpn), dpi=dpi)
    assert_one_clean_label(zpl, dpi)
    assert decode_barcodes(render_preview_png(zpl, dpi=dpi)) == [("Code128", lpn)]


@pytest.mark.parametrize(
    ("lpn", "why"),
    [
        ("", "empty"),
        (" LPN1", "leading or trailing spaces"),
        ("LPN1\n", "leading or trailing spaces"),
        ("LPN\x001", "cannot carry"),
        ("LPNë1", "cannot carry"),
        ("LPN📦", "cannot carry"),
        ("LPN\x1d1", "cannot carry"),
        ("A" * 60, "too long"),
    ],
)
def test_an_lpn_code128_cannot_carry_is_refused(lpn: str, why: str) -> None:
    with pytest.raises(LabelError, match=why):
        render_zpl(dataclasses.replace(UNIT, lpn=lpn))


@pytest.mark.parametrize("lpn", ["LPN0070000042", "12345", "A1234567B", "x>y^z~", "0" * 20])
def test_code128_width_is_what_the_printer_draws(lpn: str) -> None:
    data, modules = code128_zpl(lpn)
    zpl = f"^XA^FO50,50^BY2,3,100^BCN,100,N,N,N,N^FD{data}^FS^XZ"
    box = Image.eval(pixels(zpl, 203), lambda p: 255 - p).getbbox()
    assert box is not None and box[2] - box[0] == modules * 2


def test_long_lpns_get_narrower_bars_but_never_under_quarter_millimetre() -> None:
    def module(lpn: str, dpi: int) -> int:
        match = re.search(r"\^BY(\d+)", render_zpl(dataclasses.replace(UNIT, lpn=lpn), dpi=dpi))
        assert match is not None
        return int(match.group(1))

    assert module("LPN0070000042", 203) == 4 and module("LPN0070000042", 300) == 6
    assert module("ABCDEFGHIJKLMNOPQRSTUVWX", 203) == 2
    assert module("ABCDEFGHIJKLMNOPQRSTUVWX", 300) == 3


# --- folding and escaping ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("ë ĳ Zoë", "e ij Zoe"),
        ("Straße Ærø Łódź", "Strasse AEro Lodz"),
        ("“quoted” – dash … €5 → B", '"quoted" - dash ... EUR5 -> B'),
        ("翻新 ok", "?? ok"),
        ("a\nb\r\n\tc", "a b c"),
        ("\u202eabc\u200b", "abc"),
        ("a\\b", "a/b"),
        ("ＦＵＬＬ", "FULL"),
        ("  spaced   out  ", "spaced out"),
    ],
)
def test_fold_to_font(raw: str, printed: str) -> None:
    assert fold_to_font(raw) == printed


def test_folded_text_is_always_printable_ascii_without_backslash() -> None:
    every_plane_sample = "".join(chr(c) for c in range(0, 0x3000, 7) if not 0xD800 <= c < 0xE000)
    folded = fold_to_font(every_plane_sample)
    assert all(" " <= c <= "~" for c in folded) and "\\" not in folded


def test_escape_leaves_no_command_prefix_or_control_byte() -> None:
    escaped = escape_field_data("^~_\\\x00\n{}$é")
    assert escaped == "_5E_7E_5F_5C_00_0A_7B_7D_24_C3_A9"
    assert escape_field_data("Plain text, 1-2 (ok)") == "Plain text, 1-2 (ok)"


# --- templates that break the rules --------------------------------------------------------------


GOOD_FIELD = "^FO10,10^A0N,30,30^FB300,1,0,L^FD${sku}^FS"


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("^XA^FO10,10^ADN,36,20^FB300,1,0,L^FD${sku}^FS^XZ", "^AD is not supported"),
        ("^XA^FO10,10^A0N,30,30^FB300,1,0,L^FD${nope}^FS^XZ", "unknown placeholder"),
        ("^XA^FD${sku}^FS^XZ", "outside a ^FO"),
        ("^XA^FO10,10^A0N,30,30^FD${sku}^FS^XZ", "needs ^A0 and ^FB"),
        ("^XA^FO10,10^BY2^BCN,80,N,N,N,N^FD${lpn}^FS^XZ", "w=<dots>"),
        ("^XA^FO10,10^A0N,30,30^FB300,1,0,L^FD${sku:bold}^FS^XZ", "unknown option"),
        ("^XA^FO10,10^A0N,30,30^FB300,1,0,L^FDRMA ${rma}^FS^XZ", "malformed placeholder"),
        (f"^XA^FX IF serial\n{GOOD_FIELD}^XZ", "without ^FX END"),
        (f"^XA{GOOD_FIELD}^FX END\n^XZ", "without ^FX IF"),
        (f"^XA^FX IF nope\n{GOOD_FIELD}^FX END\n^XZ", "unknown field"),
        (f"^XA{GOOD_FIELD}~JR^XZ", "control command"),
        (f"^XA{GOOD_FIELD}^XZ^XA^XZ", "exactly one"),
        (f"^XA{GOOD_FIELD}", "exactly one"),
        ("^XA^FO10,10^GBx,2,2^FS^XZ", "whole number"),
    ],
)
def test_broken_templates_are_refused_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, complaint: str
) -> None:
    (tmp_path / "broken.zpl").write_text(body, encoding="ascii")
    monkeypatch.setattr(labels, "TEMPLATE_DIR", tmp_path)
    with pytest.raises(TemplateError, match=re.escape(complaint)):
        render_zpl(UNIT, template="broken", dpi=300)


def test_an_edited_template_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(labels, "TEMPLATE_DIR", tmp_path)
    path = tmp_path / "mini.zpl"
    path.write_text(f"^XA{GOOD_FIELD}^XZ", encoding="ascii")
    assert "PHI-HD7459-20" in render_zpl(UNIT, template="mini")
    path.write_text(f"^XA{GOOD_FIELD.replace('sku', 'rma')}^XZ", encoding="ascii")
    stat = path.stat()  # coarse file-system clocks: make sure the change is visible
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "RMA-2025-004711" in render_zpl(UNIT, template="mini")


@pytest.mark.parametrize("name", ["nope", "../station/labels", "disposition.zpl", "", "Test"])
def test_unknown_template_names_are_refused(name: str) -> None:
    with pytest.raises(TemplateError, match="no label template"):
        render_zpl(UNIT, template=name)


# --- preview -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zpl", "complaint"),
    [
        ("^XA^FO10,10~ZZ^XZ", "label preview failed"),
        ("^XA^FO10,10^A0N,30,30^FD\u4e2d^FS^XZ", "label preview failed"),
        ("^XA^XZ^XA^XZ", "holds 2"),
        ("", "no labels"),
    ],
)
def test_preview_failures_are_label_errors(zpl: str, complaint: str) -> None:
    with pytest.raises(LabelError, match=complaint):
        render_preview_png(zpl)


# --- property: arbitrary text in any field -------------------------------------------------------

ZPL_SPECIALS = st.sampled_from(["^", "~", "_", "\\", "\\&", "\n", "\x00", "${", "}", ">", "^XZ"])
ANY_TEXT = st.lists(st.one_of(st.text(max_size=20), ZPL_SPECIALS), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.fixed_dictionaries({name: ANY_TEXT for name in TEXT_FIELDS}),
    dpi=st.sampled_from(DPIS),
    template=st.sampled_from(["disposition", "test"]),
)
def test_any_text_in_any_field_renders_one_label(
    values: dict[str, str], dpi: int, template: str
) -> None:
    data = dataclasses.replace(UNIT, **values)
    zpl = render_zpl(data, template=template, dpi=dpi)
    assert_one_clean_label(zpl, dpi)
    benign = dataclasses.replace(UNIT, **{k: "x" if v else "" for k, v in values.items()})
    assert commands(zpl) == commands(render_zpl(benign, template=template, dpi=dpi))
    assert decode_barcodes(render_preview_png(zpl, dpi=dpi)) == [
        ("Code128", expected_barcode(template, data))
    ]


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of black dots in ``box`` (left, top, right, bottom)."""
    region = image.crop(box)
    return sum(region.histogram()[:128]) / (region.width * region.height)


@pytest.mark.benchmark
@pytest.mark.parametrize("dpi", DPIS)
def test_benchmark_render_and_preview(dpi: int) -> None:
    render_zpl(HELD, dpi=dpi)  # template parsed and cached
    zpl_ms, preview_ms = [], []
    for i in range(300):
        data = dataclasses.replace(HELD, lpn=f"LPN007{i:07d}", description=f"unit {i} " * 8)
        start = time.perf_counter()
        zpl = render_zpl(data, dpi=dpi)
        middle = time.perf_counter()
        png = render_preview_png(zpl, dpi=dpi)
        zpl_ms.append((middle - start) * 1000)
        preview_ms.append((time.perf_counter() - middle) * 1000)
    assert png.startswith(b"\x89PNG")
    for name, figures in (("render_zpl", zpl_ms), ("render_preview_png", preview_ms)):
        p99 = statistics.quantiles(figures, n=100)[98]
        print(f"{name} at {dpi} dpi: p50 {statistics.median(figures):.2f} ms, p99 {p99:.2f} ms")
