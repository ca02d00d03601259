"""ZPL labels for returned units: templates filled with escaped field data, previewed with zplkit.

A template is a ZPL file in ``resources/labels/<name>.zpl``, laid out in dots for a 4 x 6 inch
label at 203 dpi. For a 300 dpi printer every dimension in it is scaled by 300/203 (a known
list of commands; a template using any other command is refused, so nothing is scaled by
guesswork). Conventions inside a template:

* ``^FD${name}^FS`` or ``^FD${name:option,option}^FS``: the whole field data is one placeholder
  named after a :class:`LabelData` field (or ``dpi`` / ``test_code``, see below). Text fields
  need ``^A0N,h,w`` (font 0) and ``^FBwidth,lines,spacing,justification`` in the same field:
  the ``^FB`` box is the space the text may take (justification ``C`` of one line is measured
  here, not left to the printer). Options: ``upper`` (upper-case it), ``shrink`` (step the
  font down, to half size at most, before truncating), ``middle`` (centre the printed lines
  vertically in the ``^FB`` block).
* A field with ``^BC`` is a Code 128 barcode: it needs ``^BY`` in the same field and the option
  ``w=<dots>``, the width of its clear box from the ``^FO`` x. The bars are centred in the box,
  quiet zones included; the module width steps down (never under 0.25 mm) if the data is long.
* Fixed text in a field with ``^A0`` and ``^FB`` is fitted and centred the same way, so write
  it plainly (no ``^FH`` escapes). Fields start with ``^FO``; ``^FT`` is not supported.
* ``${dpi}`` and ``${test_code}`` (a fixed Code 128 test value) are filled by the renderer.
* ``^FX IF name`` ... ``^FX ELSE`` ... ``^FX END``: a section printed only when the field is
  (not) empty. ``^FX`` is a ZPL comment, so a template stays valid ZPL for Zebra's own tools.

Field data never reaches the printer raw: text is folded to the characters the font prints,
fitted to its box, and written through ``^FH`` hex escapes for anything but plain letters,
digits and harmless punctuation, so ``^``, ``~``, ``_``, ``\\`` and control bytes can neither
start a command nor break a line. Barcode data is checked against Code 128 set B and written
with the ``^BC`` invocation codes for ``>``, ``^`` and ``~``; what cannot be encoded is refused.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import string
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import zplkit

__all__ = [
    "TEST_BARCODE",
    "LabelData",
    "LabelError",
    "TemplateError",
    "available_templates",
    "code128_zpl",
    "escape_field_data",
    "fold_to_font",
    "label_size",
    "render_preview_png",
    "render_zpl",
    "text_width",
]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "resources" / "labels"
DESIGN_DPI = 203
SUPPORTED_DPI = (203, 300)
_LABEL_INCHES = (4, 6)


class LabelError(Exception):
    """A label cannot be made or previewed; the message says why, for a person to act on."""


class TemplateError(LabelError):
    """A template file is missing or breaks the conventions described in this module."""


@dataclasses.dataclass(frozen=True, slots=True)
class LabelData:
    """What one disposition label shows; every value already formatted for display."""

    lpn: str
    rma: str
    sku: str
    description: str
    grade: str
    disposition: str
    destination: str
    date: str
    operator: str
    station: str
    serial: str = ""
    hold_reason: str = ""  # non-empty: the unit is held and its label says HOLD prominently


def label_size(dpi: int) -> tuple[int, int]:
    """Width and height in dots of the 4 x 6 inch label at ``dpi`` (812 x 1218 or 1200 x 1800)."""
    _check_dpi(dpi)
    return _LABEL_INCHES[0] * dpi, _LABEL_INCHES[1] * dpi


def available_templates() -> tuple[str, ...]:
    """Names of the label templates found in ``resources/labels``."""
    return tuple(sorted(p.stem for p in TEMPLATE_DIR.glob("*.zpl") if _NAME.fullmatch(p.stem)))


def render_zpl(data: LabelData, *, template: str = "disposition", dpi: int = 203) -> str:
    """The ZPL of one label: ``template`` filled with ``data`` for a ``dpi`` printer.

    Raises LabelError when the LPN cannot be printed as a scannable Code 128 and
    TemplateError when the template is missing or malformed.
    """
    _check_dpi(dpi)
    values = _field_values(data, dpi)
    tokens = _load_template(template, dpi)
    width, _ = label_size(dpi)
    out: list[str] = []
    field: list[_Token] = []
    for token in _select_sections(tokens, values):
        if token.code == "FO":
            if field:  # a field origin before the last field ended: flush it unchanged
                out.extend(t.text for t in field)
            field = [token]
        elif field:
            field.append(token)
            if token.code == "FS":
                out.extend(_fill_field(field, values, width, dpi))
                field = []
        elif token.code != "FX":  # comments are for template authors, not printers
            out.append(token.text)
    out.extend(t.text for t in field)
    zpl = "".join(out)
    # Belt and braces: the escaping above makes this impossible, and a label that prints as two
    # (or none) must never reach a printer.
    if zpl.count("^XA") != 1 or zpl.count("^XZ") != 1:
        raise LabelError(f"template {template!r} did not produce exactly one label")
    return zpl


def render_preview_png(zpl: str, *, dpi: int = 203) -> bytes:
    """A PNG picture of the label ``zpl`` as a ``dpi`` printer would print it (via zplkit)."""
    _check_dpi(dpi)
    width, height = label_size(dpi)
    try:
        document = zplkit.render(zpl, zplkit.Options(width=width, height=height, dpi=dpi))
        labels = document.labels
        if len(labels) != 1:
            raise LabelError(f"label preview: expected one label, the ZPL holds {len(labels)}")
        png: bytes = labels[0].png()
    except ValueError as exc:  # zplkit's RenderError, ParseError and OutputError all are
        raise LabelError(f"label preview failed: {exc}") from exc
    return png


# --- template loading and dpi scaling ------------------------------------------------------

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_PLACEHOLDER = re.compile(r"\$\{(?P<name>[a-z_]+)(?::(?P<options>[a-z0-9=,]*))?\}")
# Placeholders the renderer fills itself, for the printer test label.
_DERIVED_FIELDS = ("dpi", "test_code")
TEST_BARCODE = "ZPL-TEST-0123456789"


@dataclasses.dataclass(frozen=True, slots=True)
class _Token:
    """One ZPL command of a template: prefix, two-letter code, parameters as written."""

    text: str
    code: str = dataclasses.field(init=False)  # e.g. "FO", "A0"
    params: str = dataclasses.field(init=False)  # everything after the code, as written
    section: tuple[str, str] | None = dataclasses.field(init=False)  # ^FX IF/ELSE/END
    holder: tuple[str, frozenset[str]] | None = dataclasses.field(init=False)  # ^FD${...}

    def __post_init__(self) -> None:
        # Worked out once per template command: rendering walks these for every label.
        object.__setattr__(self, "code", self.text[1:3].upper())
        object.__setattr__(self, "params", self.text[3:])
        object.__setattr__(self, "section", _section(self.code, self.params))
        object.__setattr__(self, "holder", _placeholder(self.code, self.params))


def _tokens(text: str) -> list[_Token]:
    return [_Token(match.group()) for match in re.finditer(r"[\^~][^\^~]*", text)]


# Which parameters of a command are lengths in dots (scaled for 300 dpi). Index lists refer to
# the comma-separated parameters after the two-letter code; ^A0 and ^CF start with a letter
# (orientation / font) at index 0.
_SCALED_PARAMS: dict[str, tuple[int, ...]] = {
    "PW": (0,),
    "LL": (0,),
    "LH": (0, 1),
    "FO": (0, 1),
    "GB": (0, 1, 2),
    "A0": (1, 2),
    "CF": (1, 2),
    "BY": (0, 2),
    "BC": (1,),
    "FB": (0, 2, 4),
}
# Commands without lengths that templates may use as they are.
_UNSCALED = frozenset({"XA", "XZ", "CI", "FH", "FD", "FS", "FX", "FR", "PQ", "PO", "PR", "MD"})


@functools.lru_cache(maxsize=32)
def _parse_template(path: Path, mtime_ns: int, dpi: int) -> tuple[_Token, ...]:
    del mtime_ns  # part of the cache key only: an edited template is read again
    text = path.read_text(encoding="ascii", errors="strict")
    tokens: list[_Token] = []
    lead = re.match(r"\s*", text)
    start = lead.end() if lead else 0
    for token in _tokens(text[start:]):
        if token.text.startswith("~"):
            raise TemplateError(f"{path.name}: control command {token.text[:3]!r} in a template")
        if len(token.text) < 3:
            raise TemplateError(f"{path.name}: incomplete command {token.text!r}")
        if token.code not in _SCALED_PARAMS and token.code not in _UNSCALED:
            raise TemplateError(
                f"{path.name}: command ^{token.code} is not supported in label templates "
                "(add it to station.labels so it is scaled correctly for 300 dpi)"
            )
        if token.code == "FD" and "${" in token.params and not token.holder:
            raise TemplateError(f"{path.name}: malformed placeholder in {token.text.strip()!r}")
        tokens.append(_scale_token(token, dpi) if dpi != DESIGN_DPI else token)
    codes = [t.code for t in tokens]
    if codes.count("XA") != 1 or codes.count("XZ") != 1 or codes[0] != "XA" or codes[-1] != "XZ":
        raise TemplateError(f"{path.name}: a template must be exactly one ^XA ... ^XZ format")
    for token in tokens:
        found = token.holder
        if found and found[0] not in _FIELD_NAMES + _DERIVED_FIELDS:
            raise TemplateError(f"{path.name}: unknown placeholder ${{{found[0]}}}")
    _check_sections(path.name, tokens)
    _check_fields(path.name, tokens)
    return tuple(_prefill_fixed_text(tokens))


def _load_template(name: str, dpi: int) -> tuple[_Token, ...]:
    if not _NAME.fullmatch(name):
        raise TemplateError(f"no label template named {name!r}")
    path = TEMPLATE_DIR / f"{name}.zpl"
    try:
        mtime = path.stat().st_mtime_ns
        return _parse_template(path, mtime, dpi)
    except FileNotFoundError:
        known = ", ".join(available_templates()) or "none"
        raise TemplateError(f"no label template named {name!r} (known: {known})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"label template {name!r} cannot be read: {exc}") from exc


def _scale_token(token: _Token, dpi: int) -> _Token:
    indices = _SCALED_PARAMS.get(token.code)
    if not indices:
        return token
    body = token.params.rstrip()
    trailer = token.params[len(body) :]
    parts = body.split(",")
    for i in indices:
        if i < len(parts) and parts[i].strip():
            try:
                dots = int(parts[i])
            except ValueError:
                raise TemplateError(
                    f"not a whole number of dots in {token.text.strip()!r}"
                ) from None
            parts[i] = str(_scale(dots, dpi, minimum=1 if dots > 0 else 0))
    return _Token(token.text[:3] + ",".join(parts) + trailer)


def _scale(dots: int, dpi: int, *, minimum: int = 0) -> int:
    return max(minimum, round(dots * dpi / DESIGN_DPI))


def _check_sections(name: str, tokens: Sequence[_Token]) -> None:
    depth = 0
    for token in tokens:
        kind = token.section
        if kind is None:
            continue
        if kind[0] == "IF":
            if kind[1] not in _FIELD_NAMES:
                raise TemplateError(f"{name}: ^FX IF on unknown field {kind[1]!r}")
            depth += 1
        elif depth == 0:
            raise TemplateError(f"{name}: ^FX {kind[0]} without ^FX IF")
        elif kind[0] == "END":
            depth -= 1
    if depth:
        raise TemplateError(f"{name}: ^FX IF without ^FX END")


def _check_fields(name: str, tokens: Sequence[_Token]) -> None:
    # A placeholder is filled only inside ^FO ... ^FS, once per field, and only when the
    # field says how big it may get: catch a template that would print "${lpn}" or overflow.
    field: list[_Token] | None = None
    for token in tokens:
        if token.code == "FO":
            field = [token]
            continue
        found = token.holder
        if found and field is None:
            raise TemplateError(f"{name}: {token.text.strip()!r} is outside a ^FO ... ^FS field")
        if field is None:
            continue
        field.append(token)
        if token.code != "FS":
            continue
        holders = [t.holder for t in field if t.holder]
        codes = {t.code for t in field}
        shown = "".join(t.text for t in field).strip()
        if len(holders) > 1:
            raise TemplateError(f"{name}: more than one placeholder in {shown!r}")
        if holders:
            options = holders[0][1]
            if "BC" in codes:
                needs, allowed = ("BY", "BC"), {o for o in options if re.fullmatch(r"w=\d+", o)}
                if not allowed:
                    raise TemplateError(f"{name}: barcode {shown!r} needs the option w=<dots>")
            else:
                needs, allowed = ("A0", "FB"), {"upper", "shrink", "middle"}
            if not set(needs) <= codes:
                raise TemplateError(f"{name}: {shown!r} needs ^{' and ^'.join(needs)}")
            if options - allowed:
                raise TemplateError(
                    f"{name}: unknown option(s) {sorted(options - allowed)} in {shown!r}"
                )
        field = None


def _section(code: str, params: str) -> tuple[str, str] | None:
    if code != "FX":
        return None
    words = params.split()
    if len(words) == 2 and words[0] == "IF":
        return "IF", words[1]
    if words in (["ELSE"], ["END"]):
        return words[0], ""
    return None


def _select_sections(tokens: Sequence[_Token], values: dict[str, str]) -> Iterator[_Token]:
    # A stack of "is this branch printed" flags; the template was checked to be well nested.
    printing: list[bool] = []
    for token in tokens:
        kind = token.section
        if kind is None:
            if all(printing):
                yield token
        elif kind[0] == "IF":
            printing.append(bool(values[kind[1]]))
        elif kind[0] == "ELSE":
            printing[-1] = not printing[-1]
        else:
            printing.pop()


def _placeholder(code: str, params: str) -> tuple[str, frozenset[str]] | None:
    if code != "FD":
        return None
    match = _PLACEHOLDER.fullmatch(params.rstrip())
    if match is None:
        return None
    options = frozenset(o for o in (match.group("options") or "").split(",") if o)
    return match.group("name"), options


def _prefill_fixed_text(tokens: Sequence[_Token]) -> list[_Token]:
    # Fixed text fields come out the same for every label: fit and centre them once, here.
    out: list[_Token] = []
    field: list[_Token] = []
    for token in tokens:
        if token.code == "FO":
            out.extend(field)
            field = [token]
        elif not field:
            out.append(token)
        else:
            field.append(token)
            if token.code == "FS":
                out.extend(_fixed_text(field))
                field = []
    out.extend(field)
    return out


def _fixed_text(field: list[_Token]) -> list[_Token]:
    data = [i for i, t in enumerate(field) if t.code == "FD"]
    codes = {t.code for t in field}
    if len(data) != 1 or field[data[0]].holder or not {"A0", "FB"} <= codes:
        return field
    index = data[0]
    filled = _fill_text(field, index, field[index].params.rstrip(), frozenset({"shrink"}))
    return _tokens("".join(filled))


# --- filling one field ----------------------------------------------------------------------

_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(LabelData))


def _field_values(data: LabelData, dpi: int) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in _FIELD_NAMES:
        value = getattr(data, name)
        if not isinstance(value, str):
            raise LabelError(f"label field {name} must be text, got {type(value).__name__}")
        values[name] = value
    values["dpi"] = f"{dpi} dpi"
    values["test_code"] = TEST_BARCODE
    return values


def _fill_field(field: list[_Token], values: dict[str, str], width: int, dpi: int) -> list[str]:
    for index, token in enumerate(field):
        if token.holder is not None:
            name, options = token.holder
            if any(t.code == "BC" for t in field):
                return _fill_barcode(field, index, values[name], options, width, dpi)
            return _fill_text(field, index, values[name], options)
    return [t.text for t in field]


def _params(token: _Token) -> list[str]:
    return token.params.rstrip().split(",")


def _find(field: list[_Token], code: str, what: str) -> int:
    for i, token in enumerate(field):
        if token.code == code:
            return i
    raise TemplateError(f"{what} field {''.join(t.text for t in field).strip()!r} needs ^{code}")


def _fill_text(field: list[_Token], index: int, value: str, options: frozenset[str]) -> list[str]:
    font_at = _find(field, "A0", "text")
    box_at = _find(field, "FB", "text")
    origin, font, box = _params(field[0]), _params(field[font_at]), _params(field[box_at])
    try:
        x, y = int(origin[0]), int(origin[1])
        height, font_width = int(font[1]), int(font[2])
        box_width = int(box[0])
        lines = int(box[1]) if len(box) > 1 and box[1] else 1
        spacing = int(box[2]) if len(box) > 2 and box[2] else 0
        if lines < 1 or box_width < 1:
            raise ValueError
    except (IndexError, ValueError):
        raise TemplateError(
            f"text field {''.join(t.text for t in field).strip()!r} needs "
            "^FOx,y ^A0N,height,width and ^FBwidth,lines with numbers"
        ) from None
    text = fold_to_font(value)
    if "upper" in options:
        text = text.upper()
    scale, wrapped = _fit(text, box_width, font_width, lines, 0.5 if "shrink" in options else 1.0)
    shown_height, shown_width = max(1, round(height * scale)), max(1, round(font_width * scale))
    font[1:3] = [str(shown_height), str(shown_width)]
    if len(wrapped) == 1 and len(box) > 3 and box[3].strip() == "C":
        # Centre one line ourselves: a ZD621 centres as if a trailing space were part of the
        # text (zplkit's zd621 profile reproduces it), which puts a lone grade letter visibly
        # left of centre. Measured placement is the same on every printer.
        x += max(0, box_width - round(text_width(wrapped[0], shown_width))) // 2
        box[3] = "L"
    if "middle" in options:
        # Centre the printed lines vertically in the block the template reserved.
        designed = lines * height + (lines - 1) * spacing
        printed = len(wrapped) * shown_height + (len(wrapped) - 1) * spacing
        y += max(0, designed - printed) // 2
    origin[0:2] = [str(x), str(y)]
    result = [t.text for t in field]
    result[0] = _with_params(field[0], origin)
    result[font_at] = _with_params(field[font_at], font)
    result[box_at] = _with_params(field[box_at], box)
    result[index] = "^FH^FD" + "\\&".join(escape_field_data(line) for line in wrapped)
    return result


def _with_params(token: _Token, params: list[str]) -> str:
    return token.text[:3] + ",".join(params)


def _fill_barcode(
    field: list[_Token],
    index: int,
    value: str,
    options: frozenset[str],
    label_width: int,
    dpi: int,
) -> list[str]:
    module_at = _find(field, "BY", "barcode")
    barcode = _params(field[_find(field, "BC", "barcode")])
    if len(barcode) < 3 or barcode[2] != "N" or (len(barcode) > 5 and barcode[5] not in ("", "N")):
        raise TemplateError("^BC must be ^BCo,height,N,... in mode N: the template prints the text")
    box = [o for o in options if o.startswith("w=")]
    origin = _params(field[0])
    by = _params(field[module_at])
    try:
        x = int(origin[0])
        module = int(by[0])
        box_width = _scale(int(box[0][2:]), dpi) if box else 0
    except (IndexError, ValueError):
        raise TemplateError(
            "a barcode field needs ^FOx,y, ^BYmodule and the option w=<dots>"
        ) from None
    if box_width <= 0 or x + box_width > label_width:
        raise TemplateError(f"barcode box w= must be positive and inside the label, got {box}")
    data, modules = code128_zpl(value)
    # 10 modules of quiet zone on both sides; 0.25 mm (10 mil) is the narrowest bar handheld
    # scanners read reliably from a label on a tote.
    narrowest = max(2, math.ceil(0.25 / 25.4 * dpi))
    while module > narrowest and (modules + 20) * module > box_width:
        module -= 1
    if (modules + 20) * module > box_width:
        raise LabelError(
            f"LPN {value!r} is too long to print as a scannable Code 128 on this label "
            f"({(modules + 20) * module} dots needed, {box_width} available)"
        )
    result = [t.text for t in field]
    by[0] = str(module)
    result[module_at] = _with_params(field[module_at], by)
    origin[0] = str(x + (box_width - modules * module) // 2)
    result[0] = _with_params(field[0], origin)
    result[index] = "^FD" + data
    return result


# --- text: folding to the font, fitting, escaping ---------------------------------------------

# Font 0 as zplkit renders it (zplkit 0.3.2 ships bitmap strikes captured from a ZD621) prints
# printable ASCII and only seven characters beyond it (¢ · À Â é ð and the soft hyphen); any
# other character, even ë, is a RenderError "unsupported embedded font glyph". Measured by
# rendering every code point U+0020..U+024F plus common punctuation at several sizes and both
# resolutions. Bitmap fonts A-G cover Latin-1 and the Windows-1252 extras, but none covers
# Greek, Cyrillic, CJK, Hebrew or Arabic. So field text is folded to printable ASCII: accents are
# dropped (ë -> e, ĳ -> ij), a few letters and marks are spelled out (ß -> ss, € -> EUR) and
# anything else becomes "?". The raw value stays in the database; the label is for finding the
# unit. Backslash is folded too: the fonts print 0x5C as ¢, and in a ^FB block "\&" breaks lines.
_SPELLED_OUT = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG", "ĸ": "k",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
    "″": '"', "«": '"', "»": '"', "‹": "'", "›": "'", "‐": "-", "‑": "-", "‒": "-",
    "–": "-", "—": "-", "―": "-", "−": "-", "…": "...", "•": "*", "·": ".", "€": "EUR",
    "£": "GBP", "¥": "JPY", "¢": "c", "©": "(C)", "®": "(R)", "™": "TM", "°": " deg",
    "×": "x", "÷": "/", "±": "+/-", "⁄": "/", "\\": "/", "¿": "?", "¡": "!", "§": "S.",
    "¶": "P.", "µ": "u", "¼": "1/4", "½": "1/2", "¾": "3/4", "→": "->", "←": "<-",
    "⇒": "=>", "≤": "<=", "≥": ">=", "≠": "!=",
}  # fmt: skip
_PRINTABLE = frozenset(chr(c) for c in range(0x20, 0x7F)) - {"\\"}
_SPACE_LIKE = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def fold_to_font(text: str) -> str:
    """``text`` in the characters font 0 prints: accents dropped, unknown characters as ``?``.

    Line breaks and tabs become spaces, invisible format characters (bidi marks, zero-width
    joiners, soft hyphens) are dropped and runs of spaces collapse to one.
    """
    out: list[str] = []
    for char in text:
        if char in _PRINTABLE:
            out.append(char)
        elif char in _SPELLED_OUT:
            out.append(_SPELLED_OUT[char])
        elif char in _SPACE_LIKE or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Mn", "Me", "Co", "Cn"):
            # Control and format characters print nothing useful; combining marks belong to the
            # letter before them, which was already folded. Unassigned/private-use: nothing.
            if unicodedata.category(char) in ("Co", "Cn"):
                out.append("?")
        else:
            out.append(_decompose(char))
    return " ".join("".join(out).split())


def _decompose(char: str) -> str:
    # NFKD splits ë into e + combining diaeresis, ﬁ into fi, ĳ into ij, full-width Ａ into A.
    base = "".join(
        _SPELLED_OUT.get(c, c)
        for c in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(c)
    )
    if base and all(c in _PRINTABLE for c in base):
        return base
    return "?"


def escape_field_data(text: str) -> str:
    """``text`` for a ``^FH^FD`` field: all but letters, digits and plain punctuation hex-escaped.

    ``^`` and ``~`` would start a command, ``_`` starts an escape, ``\\`` is a ``^FB`` line break,
    control bytes end lines; they, and every non-ASCII byte (UTF-8, for ``^CI28``), go out as
    ``_XX``. The result contains no ``^``, ``~``, ``\\`` and no control byte.
    """
    return "".join(c if c in _PLAIN else "".join(f"_{b:02X}" for b in c.encode()) for c in text)


_PLAIN = frozenset(string.ascii_letters + string.digits + " .,:;/#()+*&'!?@%=-")

# Advance of each printable ASCII glyph of font 0, as a fraction of the ^A0 width parameter.
# Measured with zplkit at ^A0N,100,100 (ink width of 40 repeats between two H's, rounded up);
# advances scale linearly with the width parameter (checked at 30, 40, 60, 100 and 150).
_FONT0_ADVANCE_GROUPS = {
    0.25: "ijl",
    0.282: " !'(),./:;I[]`ft",
    0.344: "r",
    0.375: "z",
    0.438: "?Jcksvxy",
    0.469: '"#$*0123456789L\\aeo',
    0.5: "EFTZ^_bdghnpqu{|}",
    0.532: "CSV",
    0.563: "ABKOPQXY",
    0.594: "DGR",
    0.625: "&HNU",
    0.657: "w",
    0.75: "Mm",
    0.813: "W",
    0.907: "%+-=@",
    1.0: "<>~",
}
_FONT0_ADVANCE = {c: a for a, chars in _FONT0_ADVANCE_GROUPS.items() for c in chars}
# The last glyph's ink may reach past its advance (W does by ~3 %), and a printer's font may
# differ slightly from zplkit's capture: keep this much of the box free.
_FIT_MARGIN = 0.96
_ELLIPSIS = "..."


def text_width(text: str, font_width: int) -> float:
    """Width in dots of folded ``text`` in font 0 with ``^A0`` width parameter ``font_width``."""
    return sum(_FONT0_ADVANCE.get(c, 1.0) for c in text) * font_width


def _fit(text: str, box: int, font_width: int, lines: int, floor: float) -> tuple[float, list[str]]:
    """The font scale and the lines that put ``text`` into ``lines`` lines of ``box`` dots."""
    usable = box * _FIT_MARGIN
    scale = 1.0
    while True:
        measure = functools.partial(text_width, font_width=max(1, round(font_width * scale)))
        wrapped, complete = _wrap(text, measure, usable, lines)
        if complete or scale - 0.05 < floor - 1e-9:
            return scale, wrapped
        scale = round(scale - 0.05, 2)


def _wrap(
    text: str, measure: Callable[[str], float], box: float, lines: int
) -> tuple[list[str], bool]:
    """Greedy word wrap into at most ``lines`` lines; the last one ends in "..." when cut."""
    words = text.split()
    out: list[str] = []
    current = ""
    i = 0
    while i < len(words) and len(out) < lines:
        candidate = f"{current} {words[i]}" if current else words[i]
        if measure(candidate) <= box:
            current, i = candidate, i + 1
        elif current:
            out.append(current)
            current = ""
        else:  # one word wider than the box: break it where it stops fitting
            cut = _longest_prefix(words[i], measure, box)
            out.append(words[i][:cut])
            words[i] = words[i][cut:]
    if current:  # only built while a line was still free
        out.append(current)
    complete = i == len(words)
    if not complete:
        last = " ".join([out[-1], *words[i:]])
        cut = _longest_prefix(last, lambda s: measure(s.rstrip() + _ELLIPSIS), box)
        out[-1] = last[:cut].rstrip() + _ELLIPSIS
    return out or [""], complete


def _longest_prefix(text: str, measure: Callable[[str], float], box: float) -> int:
    # At least one character, so a line always makes progress.
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if measure(text[:mid]) <= box:
            low = mid
        else:
            high = mid - 1
    return low


# --- Code 128 ---------------------------------------------------------------------------------

_START_B, _START_C, _TO_C, _TO_B = ">:", ">;", ">5", ">6"
# In ^BC data, ">" introduces an invocation code; these write the three set-B characters that
# must not appear literally (">" itself, and the ZPL prefixes "^" and "~").
_INVOKED = {">": ">0", "^": "><", "~": ">="}


def code128_zpl(data: str) -> tuple[str, int]:
    """``data`` as ``^BC`` mode N field data, and the symbol's width in modules (no quiet zones).

    Only Code 128 set B characters (printable ASCII) are accepted; runs of digits use set C so
    LPNs stay short. Raises LabelError for empty data, surrounding spaces or other characters.
    """
    if not data:
        raise LabelError("the LPN is empty: nothing to print as a barcode")
    if data != data.strip():
        raise LabelError(f"LPN {data!r} has leading or trailing spaces a scanner would not show")
    bad = sorted({c for c in data if not " " <= c <= "~"})
    if bad:
        shown = ", ".join(repr(c) for c in bad[:5])
        raise LabelError(f"LPN {data!r} has characters a Code 128 barcode cannot carry: {shown}")
    out: list[str] = []
    symbols = 0
    i, subset = 0, ""
    while i < len(data):
        digits = len(data) - i - len(data[i:].lstrip("0123456789"))
        # Set C pays for itself for 4+ digits at the start or end, 6+ in the middle.
        worth_c = digits >= (4 if i == 0 or i + digits == len(data) else 6)
        if worth_c and subset != "C":
            if digits % 2:  # odd run: the first digit goes in set B
                if subset != "B":
                    out.append(_START_B if not subset else _TO_B)
                    symbols += 1
                    subset = "B"
                out.append(data[i])
                symbols += 1
                i += 1
                digits -= 1
            out.append(_START_C if not subset else _TO_C)
            symbols += 1
            subset = "C"
        if subset == "C" and digits >= 2:
            pairs = digits // 2 * 2
            out.append(data[i : i + pairs])
            symbols += pairs // 2
            i += pairs
            continue
        if subset != "B":
            out.append(_START_B if not subset else _TO_B)
            symbols += 1
            subset = "B"
        out.append(_INVOKED.get(data[i], data[i]))
        symbols += 1
        i += 1
    symbols += 1  # check symbol
    return "".join(out), symbols * 11 + 13  # every symbol is 11 modules, the stop is 13


def _check_dpi(dpi: int) -> None:
    if dpi not in SUPPORTED_DPI:
        raise LabelError(f"label printers are 203 or 300 dpi, not {dpi}")
