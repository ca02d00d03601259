"""Demo data generator: catalog, RMA and operator CSVs plus a replay file for the demo bench.

The CSVs are exactly what ``station import`` reads (UTF-8, header row, ``\\n`` line ends):

- ``catalog.csv``: sku,gtin,description,category,unit_value,weight_g,weight_tolerance_g,
  serialized,returnable,supplier,hazmat — GTIN-13s with a correct check digit (several for
  one SKU joined by ``|``), values like ``129.99``, flags ``true``/``false``. Categories:
  electronics, apparel, home, toys, beauty. Hygiene and personalised items are not
  returnable; lithium-battery devices, perfume and nail polish are hazmat.
- ``rmas.csv``: rma,order,channel,customer,delivered_on,reason,preference,sku,qty,serial —
  one row per expected line (about 10% of RMAs have 2 or 3 lines; RMA-level columns repeat).
  Delivery dates relative to ``today``: ~70% 1-29 days ago (in the 30-day window), ~5%
  exactly 30 days ago (the boundary), ~15% 31-120 days ago, ~10% 121-365 days ago.
  Serialized SKUs carry a serial ``SN`` + 10 letters/digits, one unit per line.
- ``operators.csv``: badge,name,role,pin — the fixed demo operators below.

Demo operators (the same for every seed; PINs are demo-only, change them for real use):

=========  ==============  =========  =======
badge      name            role       PIN
=========  ==============  =========  =======
B1001      Ana Lopez       inspector  1234
B1002      Wei Chen        inspector  2345
B1003      Sanne de Vries  inspector  3456
B1004      Zoë Janssen     inspector  4567
B2001      Priya Nair      lead       2468
B2002      Jonas Berg      lead       13579
B9001      Sam Okafor      admin      900900
=========  ==============  =========  =======

Log in by scanning (or typing) the badge, e.g. ``B1001``, then the PIN ``1234``.

Codes follow :data:`station.scancodes.DEFAULT_FORMATS`: ``RMA-0000001``, ``ORD-0010003``,
badges ``B`` + 4 digits. GTINs use 7-digit GS1 company prefixes (one per supplier), which
:func:`demo_replay_events` relies on to build SGTIN EPCs.

Everything is deterministic for a given ``seed`` and ``today``; rows are streamed to disk, so
:func:`generate_large` (200,000 SKUs, 1,000,000 RMAs) needs only a few hundred kilobytes of
per-SKU state (two bytes per SKU), never the rows themselves.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import dataclasses
import json
import random
import string
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from biip.checksums import gs1_standard_check_digit
from pyepc import SGTIN

from station.domain import Disposition, ReasonCode, Role, Sku

__all__ = [
    "CATALOG_COLUMNS",
    "DEFAULT_PHOTOS_PER_UNIT",
    "DEMO_OPERATORS",
    "OPERATOR_COLUMNS",
    "RMA_COLUMNS",
    "DemoFiles",
    "DemoOperator",
    "QuestionsFor",
    "demo_replay_events",
    "generate_demo_data",
    "generate_large",
]

CATALOG_COLUMNS = (
    "sku",
    "gtin",
    "description",
    "category",
    "unit_value",
    "weight_g",
    "weight_tolerance_g",
    "serialized",
    "returnable",
    "supplier",
    "hazmat",
)
RMA_COLUMNS = (
    "rma",
    "order",
    "channel",
    "customer",
    "delivered_on",
    "reason",
    "preference",
    "sku",
    "qty",
    "serial",
)
OPERATOR_COLUMNS = ("badge", "name", "role", "pin")

REPLAY_FILE = "demo_scans.jsonl"
DEFAULT_PHOTOS_PER_UNIT = 3
_DEMO_PHOTOS = 24  # distinct pictures, so units rarely share one (photos are stored by sha256)
GS = "\x1d"


@dataclasses.dataclass(frozen=True, slots=True)
class DemoOperator:
    badge: str
    name: str
    role: Role
    pin: str


DEMO_OPERATORS: tuple[DemoOperator, ...] = (
    DemoOperator("B1001", "Ana Lopez", Role.INSPECTOR, "1234"),
    DemoOperator("B1002", "Wei Chen", Role.INSPECTOR, "2345"),
    DemoOperator("B1003", "Sanne de Vries", Role.INSPECTOR, "3456"),
    DemoOperator("B1004", "Zoë Janssen", Role.INSPECTOR, "4567"),
    DemoOperator("B2001", "Priya Nair", Role.LEAD, "2468"),
    DemoOperator("B2002", "Jonas Berg", Role.LEAD, "13579"),
    DemoOperator("B9001", "Sam Okafor", Role.ADMIN, "900900"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class DemoFiles:
    """Where the generator wrote its files."""

    catalog: Path
    rmas: Path
    operators: Path
    replay: Path | None = None  # demo_scans.jsonl (generate_demo_data only)
    photos: tuple[Path, ...] = ()  # test-pattern photos the replay file refers to


# A bare question id is answered "1" (yes, or a choice question's first option); a
# (question id, value) pair gives the answer to type.
QuestionsFor = Callable[[str], Sequence[str | tuple[str, str]]]


# -- catalog model -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Template:
    text: str  # description with {variant} fields
    weight_g: int
    price: tuple[int, int]  # whole currency units, inclusive range
    serialized: bool = False
    returnable: bool = True
    hazmat: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class _Category:
    name: str
    sku_prefix: str
    share: int  # percent of the catalog
    tolerance_pct: float
    min_tolerance_g: int
    suppliers: tuple[tuple[str, str], ...]  # (supplier, 7-digit GS1 company prefix)
    reasons: tuple[tuple[ReasonCode, int], ...]
    templates: tuple[_Template, ...]


_R = ReasonCode
_VARIANTS: dict[str, tuple[str, ...]] = {
    "color": ("black", "white", "navy", "grey", "red", "olive", "beige", "blue"),
    "size": ("XS", "S", "M", "L", "XL", "XXL"),
    "storage": ("128 GB", "256 GB", "512 GB"),
    "ram": ("8 GB", "16 GB", "32 GB"),
    "shoe": tuple(str(n) for n in range(36, 47)),
    "kids_shoe": tuple(str(n) for n in range(26, 36)),
    "waist": tuple(str(n) for n in range(28, 40, 2)),
    "inseam": ("30", "32", "34"),
    "belt": tuple(str(n) for n in range(80, 115, 5)),
    "bed": ("single", "double", "king size"),
    "shade": ("ruby red", "nude", "coral", "plum", "rose"),
    "watch": ("41", "45"),
    "layout": ("US", "UK", "German", "Nordic"),
}

_CATEGORIES: tuple[_Category, ...] = (
    _Category(
        "electronics",
        "EL",
        30,
        3.0,
        5,
        (
            ("Northwind Audio", "0614141"),
            ("Contoso Electronics", "4012345"),
            ("Proseware Devices", "6901234"),
        ),
        (
            (_R.DEFECTIVE, 30),
            (_R.NOT_AS_DESCRIBED, 12),
            (_R.WRONG_ITEM, 8),
            (_R.COLOR_MISMATCH, 2),
            (_R.FULFILLMENT_ERROR, 8),
            (_R.DAMAGED_IN_TRANSIT, 12),
            (_R.NO_LONGER_NEEDED, 28),
        ),
        (
            _Template("Wireless earbuds, {color}", 55, (39, 179), serialized=True, hazmat=True),
            _Template("Bluetooth speaker, {color}", 540, (29, 149), hazmat=True),
            _Template(
                "Smartphone {storage}, {color}", 190, (299, 1099), serialized=True, hazmat=True
            ),
            _Template(
                'Laptop 14", {ram} RAM, {storage} SSD',
                1350,
                (599, 1899),
                serialized=True,
                hazmat=True,
            ),
            _Template(
                'Tablet 10", {storage}, {color}', 480, (249, 899), serialized=True, hazmat=True
            ),
            _Template("USB-C charger 65 W", 120, (19, 59)),
            _Template(
                "Smartwatch {watch} mm, {color}", 45, (149, 449), serialized=True, hazmat=True
            ),
            _Template(
                "Noise-cancelling headphones, {color}",
                250,
                (99, 399),
                serialized=True,
                hazmat=True,
            ),
            _Template("Power bank 20000 mAh", 350, (25, 69), hazmat=True),
            _Template("HDMI cable 2 m", 90, (8, 24)),
            _Template("Digital camera 24 MP", 650, (399, 1299), serialized=True, hazmat=True),
            _Template("Wireless mouse, {color}", 95, (15, 79)),
            _Template("Mechanical keyboard, {layout} layout", 900, (59, 189)),
            _Template("Prepaid SIM card", 10, (10, 30), returnable=False),
        ),
    ),
    _Category(
        "apparel",
        "AP",
        30,
        10.0,
        10,
        (
            ("Fabrikam Apparel", "5012345"),
            ("Lucerne Textiles", "7612345"),
            ("Adatum Outdoor", "8712345"),
        ),
        (
            (_R.SIZE_MISMATCH, 35),
            (_R.COLOR_MISMATCH, 12),
            (_R.NOT_AS_DESCRIBED, 12),
            (_R.DEFECTIVE, 5),
            (_R.WRONG_ITEM, 6),
            (_R.FULFILLMENT_ERROR, 5),
            (_R.DAMAGED_IN_TRANSIT, 3),
            (_R.NO_LONGER_NEEDED, 22),
        ),
        (
            _Template("Men's rain jacket, size {size}, {color}", 650, (59, 179)),
            _Template("Women's running shoes, EU {shoe}", 620, (69, 159)),
            _Template("Men's slim jeans, W{waist} L{inseam}", 700, (39, 99)),
            _Template("Women's wool sweater, size {size}, {color}", 450, (49, 129)),
            _Template("Kids' winter boots, EU {kids_shoe}", 800, (39, 79)),
            _Template("Cotton T-shirt, size {size}, {color}", 180, (9, 29)),
            _Template("Leather belt, {belt} cm, brown", 200, (19, 59)),
            _Template("Women's trench coat, size {size}, beige", 1100, (119, 249)),
            _Template("Sports socks, 5-pack, EU {shoe}", 250, (9, 19)),
            _Template("Winter gloves, size {size}", 120, (14, 39)),
            _Template("Women's swimsuit, size {size}, {color}", 150, (29, 79), returnable=False),
            _Template("Men's boxer briefs, 3-pack, size {size}", 200, (19, 39), returnable=False),
        ),
    ),
    _Category(
        "home",
        "HM",
        20,
        5.0,
        10,
        (
            ("Wide World Home", "9506000"),
            ("Litware Kitchen", "5901234"),
            ("Tailor & Loom", "3012345"),
        ),
        (
            (_R.DEFECTIVE, 15),
            (_R.NOT_AS_DESCRIBED, 14),
            (_R.WRONG_ITEM, 8),
            (_R.COLOR_MISMATCH, 8),
            (_R.FULFILLMENT_ERROR, 7),
            (_R.DAMAGED_IN_TRANSIT, 20),
            (_R.NO_LONGER_NEEDED, 28),
        ),
        (
            _Template("Ceramic pour-over coffee set", 1200, (29, 69)),
            _Template("Stainless steel saucepan set, 3 pieces", 3500, (59, 179)),
            _Template("Cotton duvet cover, {bed}, {color}", 1400, (39, 99)),
            _Template("Table lamp with linen shade", 1800, (39, 129)),
            _Template("Chef's knife, 20 cm", 250, (29, 149)),
            _Template("Non-stick frying pan, 28 cm", 1300, (24, 79)),
            _Template("Bath towel set, 4 pieces, {color}", 2000, (29, 69)),
            _Template("Glass food storage containers, set of 5", 2600, (19, 49)),
            _Template("Memory foam pillow", 1100, (29, 79)),
            _Template("Cordless stick vacuum", 2700, (149, 499), serialized=True, hazmat=True),
            _Template("Espresso machine, {color}", 4200, (199, 699), serialized=True),
            _Template("Made-to-measure curtains, {color}", 1500, (79, 249), returnable=False),
        ),
    ),
    _Category(
        "toys",
        "TY",
        10,
        6.0,
        10,
        (("Tailspin Toys", "8412345"), ("Blue Yonder Games", "7312345")),
        (
            (_R.DEFECTIVE, 18),
            (_R.NOT_AS_DESCRIBED, 12),
            (_R.WRONG_ITEM, 8),
            (_R.FULFILLMENT_ERROR, 7),
            (_R.DAMAGED_IN_TRANSIT, 15),
            (_R.NO_LONGER_NEEDED, 40),
        ),
        (
            _Template("Wooden train set, 40 pieces", 1600, (39, 89)),
            _Template("Building bricks, city fire station", 1900, (49, 129)),
            _Template("Plush teddy bear, 35 cm", 400, (14, 39)),
            _Template("Remote-control car, 1:16", 900, (39, 99), hazmat=True),
            _Template("Jigsaw puzzle, 1000 pieces", 700, (12, 29)),
            _Template("Family strategy board game", 1200, (24, 59)),
            _Template("Camera drone, 4K", 600, (99, 399), serialized=True, hazmat=True),
            _Template("Personalised name puzzle", 500, (24, 49), returnable=False),
        ),
    ),
    _Category(
        "beauty",
        "BT",
        10,
        5.0,
        5,
        (("Litware Beauty", "5012346"), ("Margie's Salon Supply", "0614142")),
        (
            (_R.DEFECTIVE, 12),
            (_R.NOT_AS_DESCRIBED, 14),
            (_R.WRONG_ITEM, 8),
            (_R.COLOR_MISMATCH, 12),
            (_R.FULFILLMENT_ERROR, 8),
            (_R.DAMAGED_IN_TRANSIT, 14),
            (_R.NO_LONGER_NEEDED, 32),
        ),
        (
            _Template("Hair dryer, 2000 W", 650, (29, 149)),
            _Template("Hair straightener, ceramic plates", 400, (29, 119)),
            _Template("Electric toothbrush, {color}", 450, (39, 149), hazmat=True),
            _Template("Men's electric shaver", 300, (59, 249), serialized=True, hazmat=True),
            _Template("Eau de parfum, 100 ml", 380, (49, 149), hazmat=True),
            _Template("Lipstick, {shade}", 30, (9, 39), returnable=False),
            _Template("Face moisturiser, 50 ml", 110, (14, 69), returnable=False),
            _Template("Toothbrush heads, 4-pack", 60, (14, 29), returnable=False),
            _Template("Nail polish set, 6 colours", 250, (14, 34), returnable=False, hazmat=True),
        ),
    ),
)

_CENTS = ("99", "99", "99", "49", "95", "00")
_ITEM_REFS_PER_PREFIX = 100_000  # 7-digit company prefix + 5-digit item reference
_SERIAL_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I/O: they read as 1/0


def _cumulative(weights: Sequence[int]) -> list[int]:
    total = 0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


class _Pick:
    """Weighted choice from precomputed cumulative weights (faster than random.choices)."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, items: Sequence[Any], weights: Sequence[int]) -> None:
        self._items = tuple(items)
        self._cum = _cumulative(weights)
        self._total = self._cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self._items[bisect.bisect_right(self._cum, rng.random() * self._total)]


_FIELDS = {
    t.text: tuple(f for _, f, _, _ in string.Formatter().parse(t.text) if f)
    for c in _CATEGORIES
    for t in c.templates
}


class _GtinAllocator:
    """Hands out unique GTIN-13s, item references counting up per supplier prefix."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        ref = self._next.get(prefix, 1)
        if ref >= _ITEM_REFS_PER_PREFIX:
            raise ValueError(f"more than {_ITEM_REFS_PER_PREFIX - 1} GTINs for prefix {prefix}")
        self._next[prefix] = ref + 1
        payload = f"{prefix}{ref:05d}"
        return payload + str(gs1_standard_check_digit(payload))


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


@dataclasses.dataclass(slots=True)
class _SkuIndex:
    """Two bytes per SKU: what RMA lines need to know about the catalog."""

    category: bytearray
    serialized: bytearray

    def sku(self, i: int) -> str:
        return f"{_CATEGORIES[self.category[i]].sku_prefix}-{i + 1:06d}"


def _write_catalog(path: Path, skus: int, rng: random.Random) -> _SkuIndex:
    if skus < 1:
        raise ValueError("at least one SKU is needed")
    pick_category = _Pick(range(len(_CATEGORIES)), [c.share for c in _CATEGORIES])
    pick_gtin_count = _Pick((1, 2, 3), (88, 10, 2))
    allocate = _GtinAllocator()
    index = _SkuIndex(bytearray(skus), bytearray(skus))
    with _csv_writer(path) as write:
        write(CATALOG_COLUMNS)
        for i in range(skus):
            c = pick_category(rng)
            category = _CATEGORIES[c]
            t = category.templates[int(rng.random() * len(category.templates))]
            fields = _FIELDS[t.text]
            description = (
                t.text.format(**{f: rng.choice(_VARIANTS[f]) for f in fields}) if fields else t.text
            )
            weight = max(5, round(t.weight_g * (0.9 + 0.2 * rng.random())))
            tolerance = max(category.min_tolerance_g, round(weight * category.tolerance_pct / 100))
            price = f"{rng.randint(*t.price)}.{_CENTS[int(rng.random() * len(_CENTS))]}"
            supplier, prefix = category.suppliers[int(rng.random() * len(category.suppliers))]
            gtins = "|".join(allocate(prefix) for _ in range(pick_gtin_count(rng)))
            index.category[i] = c
            index.serialized[i] = t.serialized
            write(
                (
                    index.sku(i),
                    gtins,
                    description,
                    category.name,
                    price,
                    str(weight),
                    str(tolerance),
                    _bool(t.serialized),
                    _bool(t.returnable),
                    supplier,
                    _bool(t.hazmat),
                )
            )
    return index


def _write_rmas(path: Path, rmas: int, index: _SkuIndex, rng: random.Random, today: date) -> None:
    skus = len(index.category)
    delivered = [(today - timedelta(days=d)).isoformat() for d in range(366)]
    pick_reason = [
        _Pick([r.value for r, _ in c.reasons], [w for _, w in c.reasons]) for c in _CATEGORIES
    ]
    pick_channel = _Pick(("web", "store", "marketplace"), (60, 25, 15))
    pick_pref_fit = _Pick(("exchange", "refund", "store_credit"), (55, 30, 15))
    pick_pref = _Pick(("refund", "store_credit", "exchange"), (65, 25, 10))
    pick_lines = _Pick((1, 2, 3), (90, 7, 3))
    pick_qty = _Pick(("1", "2", "3"), (93, 5, 2))
    alphabet = _SERIAL_ALPHABET
    with _csv_writer(path) as write:
        write(RMA_COLUMNS)
        for r in range(rmas):
            u = rng.random()
            if u < 0.70:
                age = rng.randint(1, 29)
            elif u < 0.75:
                age = 30
            elif u < 0.90:
                age = rng.randint(31, 120)
            else:
                age = rng.randint(121, 365)
            # Returns cluster on popular SKUs: squaring skews towards the low indexes.
            first = int(skus * rng.random() ** 2)
            reason = pick_reason[index.category[first]](rng)
            fit = reason in ("size_mismatch", "color_mismatch")
            header = (
                f"RMA-{r + 1:07d}",
                f"ORD-{10_000 + 9 * r + int(rng.random() * 9):07d}",
                pick_channel(rng),
                f"C-{rng.randint(1, 99_999):05d}",
                delivered[age],
                reason,
                (pick_pref_fit if fit else pick_pref)(rng),
            )
            for line in range(pick_lines(rng)):
                i = first if line == 0 else int(skus * rng.random())
                if index.serialized[i]:
                    serial = "SN" + "".join(rng.choices(alphabet, k=10))
                    write((*header, index.sku(i), "1", serial))
                else:
                    write((*header, index.sku(i), pick_qty(rng), ""))


def _write_operators(path: Path) -> None:
    with _csv_writer(path) as write:
        write(OPERATOR_COLUMNS)
        for op in DEMO_OPERATORS:
            write((op.badge, op.name, op.role.value, op.pin))


@contextlib.contextmanager
def _csv_writer(path: Path) -> Iterator[Callable[[Sequence[str]], Any]]:
    """Open a UTF-8 CSV for streaming rows; yields the writer's writerow."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        yield csv.writer(handle, lineterminator="\n").writerow


# -- photos --------------------------------------------------------------------------------


def _write_photos(folder: Path, count: int) -> tuple[Path, ...]:
    """Small test-pattern JPEGs standing in for bench camera photos."""
    from PIL import Image, ImageDraw  # only the demo needs Pillow here

    folder.mkdir(parents=True, exist_ok=True)
    colours = ((46, 92, 138), (138, 78, 46), (62, 122, 70), (120, 60, 120), (150, 130, 40))
    paths = []
    for n in range(count):
        image = Image.new("RGB", (640, 480), colours[n % len(colours)])
        draw = ImageDraw.Draw(image)
        for k in range(8):  # colour bars, so a downscaled thumbnail still shows something
            shade = 40 + 25 * k
            draw.rectangle((80 * k, 380, 80 * k + 79, 479), fill=(shade, shade, shade))
        draw.rectangle((40, 40, 600, 340), outline=(255, 255, 255), width=4)
        draw.text((60, 60), f"DEMO PHOTO {n + 1}", fill=(255, 255, 255))
        path = folder / f"demo_photo_{n + 1:02d}.jpg"
        image.save(path, format="JPEG", quality=85)
        paths.append(path.resolve())
    return tuple(paths)


# -- public API ----------------------------------------------------------------------------


def generate_demo_data(
    out_dir: Path,
    *,
    skus: int = 200,
    rmas: int = 1000,
    seed: int = 7,
    today: date,
) -> DemoFiles:
    """Write catalog.csv, rmas.csv, operators.csv, demo photos and demo_scans.jsonl.

    The replay file holds :func:`demo_replay_events` with no checklist answers and
    :data:`DEFAULT_PHOTOS_PER_UNIT` photos per unit; a caller that knows the policy rewrites
    it with its own ``questions_for``/``photos_for``.
    """
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    files = DemoFiles(
        catalog=out_dir / "catalog.csv",
        rmas=out_dir / "rmas.csv",
        operators=out_dir / "operators.csv",
        replay=out_dir / REPLAY_FILE,
        photos=_write_photos(out_dir / "photos", _DEMO_PHOTOS),
    )
    index = _write_catalog(files.catalog, skus, rng)
    _write_rmas(files.rmas, rmas, index, rng, today)
    _write_operators(files.operators)
    events = demo_replay_events(files, lambda _category: ())
    assert files.replay is not None
    files.replay.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return files


def generate_large(
    out_dir: Path,
    skus: int = 200_000,
    rmas: int = 1_000_000,
    seed: int = 7,
    *,
    today: date | None = None,
) -> DemoFiles:
    """Benchmark-sized catalog, RMAs and operators, streamed row by row (no replay file)."""
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    files = DemoFiles(
        catalog=out_dir / "catalog.csv",
        rmas=out_dir / "rmas.csv",
        operators=out_dir / "operators.csv",
    )
    index = _write_catalog(files.catalog, skus, rng)
    _write_rmas(files.rmas, rmas, index, rng, today or date.today())
    _write_operators(files.operators)
    return files


# -- replay --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _UnitPlan:
    category: str
    serialized: bool
    story: str  # what the unit shows in the demo


_UNIT_PLANS: tuple[_UnitPlan, ...] = (
    _UnitPlan("electronics", True, "gs1_datamatrix"),
    _UnitPlan("apparel", False, "rfid"),
    _UnitPlan("home", False, "order_and_override"),
    _UnitPlan("toys", False, "light_box_escalated"),
    _UnitPlan("beauty", False, "keyboard_wedge"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Line:
    rma: str
    order: str
    delivered_on: str
    sku: str
    qty: int
    serial: str


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _pick_rmas(files: DemoFiles, catalog: dict[str, dict[str, str]]) -> dict[str, _Line]:
    """For every plan, a single-line RMA that fits it: not hazmat if possible, then the most
    recently delivered (so inside the return window), then the first in the file."""
    lines_per_rma: dict[str, int] = {}
    for row in _read_csv(files.rmas):
        lines_per_rma[row["rma"]] = lines_per_rma.get(row["rma"], 0) + 1
    best: dict[str, tuple[tuple[bool, str], _Line]] = {}
    for row in _read_csv(files.rmas):
        item = catalog.get(row["sku"])
        if item is None or lines_per_rma[row["rma"]] != 1 or row["qty"] != "1":
            continue
        if item["returnable"] != "true":
            continue
        serialized = item["serialized"] == "true"
        for plan in _UNIT_PLANS:
            if item["category"] != plan.category or serialized != plan.serialized:
                continue
            key = (item["hazmat"] != "true", row["delivered_on"])
            if plan.story not in best or key > best[plan.story][0]:
                line = _Line(
                    row["rma"], row["order"], row["delivered_on"], row["sku"], 1, row["serial"]
                )
                best[plan.story] = (key, line)
    return {story: line for story, (_key, line) in best.items()}


def _answers(questions: Sequence[str | tuple[str, str]]) -> list[dict[str, Any]]:
    events = []
    for q in questions:
        qid, value = (q, "1") if isinstance(q, str) else q
        events.append({"type": "answer", "question": qid, "value": value})
    return events


def _sgtin96(gtin13: str, serial: int) -> str:
    gtin = gtin13.zfill(14)
    # Demo GTINs carry 7-digit company prefixes (see _CATEGORIES).
    return str(SGTIN(gtin[1:8], gtin[0], gtin[8:13], str(serial)).encode()).upper()


def _sku(row: dict[str, str]) -> Sku:
    return Sku(
        sku=row["sku"],
        description=row["description"],
        category=row["category"],
        unit_value_cents=int(Decimal(row["unit_value"]) * 100),
        gtins=tuple(gtin.zfill(14) for gtin in row["gtin"].split("|")),
        weight_g=float(row["weight_g"]),
        weight_tolerance_g=float(row["weight_tolerance_g"]),
        serialized=row["serialized"] == "true",
        returnable=row["returnable"] == "true",
        supplier=row["supplier"],
        hazmat=row["hazmat"] == "true",
    )


def demo_replay_events(
    files: DemoFiles,
    questions_for: QuestionsFor,
    *,
    photos_for: Callable[[Sku], int] | None = None,
) -> list[dict[str, Any]]:
    """Events (DESIGN §4 vocabulary) that log in an inspector and complete five units.

    One unit per category, each showing something different: a serialized electronics item
    identified by a GS1 DataMatrix with its serial (and a scale that settles), an apparel
    item read by RFID, a home item found by its order number with a disposition override, a
    toy whose box is far too light and is escalated and approved by a lead, and a beauty
    item typed by a keyboard-wedge scanner without AIM prefix. ``questions_for(category)``
    gives the checklist to answer (bare id → "1", or (id, value)); ``photos_for(sku)`` how
    many photos the unit needs (default :data:`DEFAULT_PHOTOS_PER_UNIT`). Photo paths are
    the absolute paths of the demo photos, reused round-robin. Plans without a fitting RMA
    in the files are left out.
    """
    operators = list(_read_csv(files.operators))
    inspector = next(o for o in operators if o["role"] == Role.INSPECTOR.value)
    lead = next(o for o in operators if o["role"] == Role.LEAD.value)
    catalog = {row["sku"]: row for row in _read_csv(files.catalog)}
    chosen = _pick_rmas(files, catalog)
    photos = list(files.photos)

    events: list[dict[str, Any]] = [
        {"type": "login", "badge": inspector["badge"], "pin": inspector["pin"]}
    ]
    photo_no = 0
    for n, plan in enumerate(_UNIT_PLANS):
        line = chosen.get(plan.story)
        if line is None:
            continue
        item = catalog[line.sku]
        gtin13 = item["gtin"].split("|")[0]
        expected = float(item["weight_g"])
        tolerance = float(item["weight_tolerance_g"])
        weight = round(expected + 0.25 * tolerance, 1)
        unit: list[dict[str, Any]] = []
        if plan.story == "gs1_datamatrix":
            unit += [
                {"type": "scan", "data": line.rma},
                {"type": "scan", "data": f"]d2{GS}01{gtin13.zfill(14)}21{line.serial}"},
                {"type": "weight", "grams": round(weight * 1.4, 1), "stable": False},
            ]
        elif plan.story == "rfid":
            unit += [
                {"type": "scan", "data": f"]C0{line.rma}"},
                {"type": "rfid", "epc": _sgtin96(gtin13, 1_000_000 + n)},
            ]
        elif plan.story == "order_and_override":
            unit += [
                {"type": "scan", "data": f"]C0{line.order}"},
                {"type": "scan", "data": f"]E0{gtin13}"},
            ]
        elif plan.story == "light_box_escalated":
            weight = round(expected * 0.4, 1)
            unit += [
                {"type": "scan", "data": line.rma},
                {"type": "scan", "data": f"]E0{gtin13}"},
            ]
        else:  # keyboard_wedge: no AIM prefix, trailing CR as the wedge types Enter
            unit += [
                {"type": "scan", "data": f"{line.rma}\r"},
                {"type": "scan", "data": f"{gtin13}\r"},
            ]
        unit.append({"type": "weight", "grams": weight, "stable": True})
        unit += _answers(questions_for(plan.category))
        count = photos_for(_sku(item)) if photos_for else DEFAULT_PHOTOS_PER_UNIT
        for _ in range(count if photos else 0):
            unit.append({"type": "photo", "path": str(photos[photo_no % len(photos)])})
            photo_no += 1
        if plan.story == "order_and_override":
            unit += [
                {
                    "type": "disposition",
                    "code": Disposition.DONATE.value,
                    "reason": "Outer carton crushed; the charity partner takes it as is.",
                },
                {"type": "confirm"},
            ]
        elif plan.story == "light_box_escalated":
            unit += [
                {
                    "type": "escalate",
                    "reason": f"Box weighs {weight:g} g, expected {expected:g} g: parts missing?",
                },
                {"type": "approve", "badge": lead["badge"], "pin": lead["pin"]},
            ]
        else:
            unit.append({"type": "confirm"})
        events += unit
    return events
