"""Demo data: exact CSV formats, realistic spreads, determinism, replay events, import."""

from __future__ import annotations

import collections
import csv
import json
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from station.demo import (
    CATALOG_COLUMNS,
    DEFAULT_PHOTOS_PER_UNIT,
    DEMO_OPERATORS,
    OPERATOR_COLUMNS,
    RMA_COLUMNS,
    DemoFiles,
    demo_replay_events,
    generate_demo_data,
    generate_large,
)
from station.domain import Disposition, ReasonCode, Role, Sku
from station.events import parse_event
from station.scancodes import CodeKind, gtin14, is_valid_gtin, parse_epc, parse_scan
from station.storage.db import Database

TODAY = date(2026, 11, 22)
VOCABULARY = {
    "login", "scan", "rfid", "weight", "answer", "photo", "disposition", "confirm", "cancel",
    "escalate", "approve", "deny",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return generate_demo_data(tmp_path_factory.mktemp("demo"), today=TODAY)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(next(csv.reader(handle)))


def test_exact_headers(demo: DemoFiles) -> None:
    assert _header(demo.catalog) == CATALOG_COLUMNS == (
        "sku", "gtin", "description", "category", "unit_value", "weight_g",
        "weight_tolerance_g", "serialized", "returnable", "supplier", "hazmat",
    )  # fmt: skip
    assert _header(demo.rmas) == RMA_COLUMNS == (
        "rma", "order", "channel", "customer", "delivered_on", "reason", "preference", "sku",
        "qty", "serial",
    )  # fmt: skip
    assert _header(demo.operators) == OPERATOR_COLUMNS == ("badge", "name", "role", "pin")


def test_files_are_utf8_with_unix_line_ends(demo: DemoFiles) -> None:
    data = demo.operators.read_bytes()
    assert "Zoë".encode() in data
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")


def test_catalog(demo: DemoFiles) -> None:
    rows = _rows(demo.catalog)
    assert len(rows) == 200
    assert len({r["sku"] for r in rows}) == 200
    gtins = [g for r in rows for g in r["gtin"].split("|")]
    assert all(len(g) == 13 and is_valid_gtin(g) for g in gtins)
    assert len(set(gtins)) == len(gtins)
    assert any("|" in r["gtin"] for r in rows)
    for r in rows:
        assert re.fullmatch(r"[0-9]+\.[0-9]{2}", r["unit_value"]), r
        assert int(r["weight_g"]) > 0 and int(r["weight_tolerance_g"]) > 0
        for flag in ("serialized", "returnable", "hazmat"):
            assert r[flag] in ("true", "false")
        assert r["description"] and r["supplier"]
    categories = collections.Counter(r["category"] for r in rows)
    assert {"electronics", "apparel", "home", "toys", "beauty"} <= set(categories)
    assert sum(r["returnable"] == "false" for r in rows) >= 5
    assert any(r["hazmat"] == "true" and r["category"] == "electronics" for r in rows)
    assert any(r["serialized"] == "true" for r in rows)
    assert len({r["supplier"] for r in rows}) >= 6


def test_rmas(demo: DemoFiles) -> None:
    catalog = {r["sku"]: r for r in _rows(demo.catalog)}
    rows = _rows(demo.rmas)
    by_rma: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for r in rows:
        by_rma[r["rma"]].append(r)
    assert len(by_rma) == 1000
    header_columns = ("order", "channel", "customer", "delivered_on", "reason", "preference")
    for lines in by_rma.values():
        assert 1 <= len(lines) <= 3
        assert len({tuple(ln[c] for c in header_columns) for ln in lines}) == 1
    multi = sum(len(lines) > 1 for lines in by_rma.values()) / len(by_rma)
    assert 0.05 <= multi <= 0.15

    orders = {lines[0]["order"] for lines in by_rma.values()}
    assert len(orders) == len(by_rma)  # one order per RMA: an order scan finds one RMA
    for number, lines in by_rma.items():
        first = lines[0]
        assert parse_scan(number).value == number and parse_scan(number).kind is CodeKind.RMA
        assert parse_scan(first["order"]).kind is CodeKind.ORDER
        assert re.fullmatch(r"RMA-[0-9]{7}", number) and re.fullmatch(
            r"ORD-[0-9]{7}", first["order"]
        )
        assert re.fullmatch(r"C-[0-9]{5}", first["customer"])
        assert first["channel"] in ("web", "store", "marketplace")
        assert first["preference"] in ("refund", "store_credit", "exchange")

    for r in rows:
        item = catalog[r["sku"]]
        if item["serialized"] == "true":
            assert re.fullmatch(r"SN[0-9A-Z]{10}", r["serial"]) and r["qty"] == "1"
            assert parse_scan(r["serial"]).kind is CodeKind.SERIAL
        else:
            assert r["serial"] == "" and r["qty"] in ("1", "2", "3")
    assert any(catalog[r["sku"]]["returnable"] == "false" for r in rows)
    assert {r["reason"] for r in rows} == {code.value for code in ReasonCode}


def test_delivery_dates_spread_around_the_window(demo: DemoFiles) -> None:
    ages = {
        r["rma"]: (TODAY - date.fromisoformat(r["delivered_on"])).days for r in _rows(demo.rmas)
    }
    share = collections.Counter(
        "in" if a < 30 else "edge" if a == 30 else "expired" if a <= 120 else "old"
        for a in ages.values()
    )
    n = len(ages)
    assert 0.62 <= share["in"] / n <= 0.78
    assert 0.10 <= share["expired"] / n <= 0.20
    assert share["edge"] > 0 and share["old"] > 0
    assert min(ages.values()) >= 1 and max(ages.values()) <= 365
    exceptions = {
        r["reason"]
        for r in _rows(demo.rmas)
        if ages[r["rma"]] > 30 and r["reason"] in ("defective", "damaged_in_transit", "wrong_item")
    }
    assert exceptions == {"defective", "damaged_in_transit", "wrong_item"}


def test_operators(demo: DemoFiles) -> None:
    rows = _rows(demo.operators)
    roles = collections.Counter(r["role"] for r in rows)
    assert roles[Role.INSPECTOR] >= 4 and roles[Role.LEAD] >= 2 and roles[Role.ADMIN] >= 1
    for r in rows:
        code = parse_scan(r["badge"])
        assert (code.kind, code.value) == (CodeKind.BADGE, r["badge"])
        assert re.fullmatch(r"[0-9]{4,6}", r["pin"])
    assert [(r["badge"], r["pin"]) for r in rows] == [(o.badge, o.pin) for o in DEMO_OPERATORS]
    assert ("B1001", "1234") in {(o.badge, o.pin) for o in DEMO_OPERATORS}


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    a = generate_demo_data(tmp_path / "a", skus=50, rmas=200, seed=3, today=TODAY)
    b = generate_demo_data(tmp_path / "b", skus=50, rmas=200, seed=3, today=TODAY)
    c = generate_demo_data(tmp_path / "c", skus=50, rmas=200, seed=4, today=TODAY)
    for name in ("catalog", "rmas", "operators"):
        assert getattr(a, name).read_bytes() == getattr(b, name).read_bytes()
    assert a.catalog.read_bytes() != c.catalog.read_bytes()
    assert a.replay is not None and b.replay is not None
    replay_a = a.replay.read_text(encoding="utf-8").replace(str(a.catalog.parent.resolve()), "")
    replay_b = b.replay.read_text(encoding="utf-8").replace(str(b.catalog.parent.resolve()), "")
    assert replay_a == replay_b


def test_dates_follow_today(tmp_path: Path) -> None:
    a = generate_demo_data(tmp_path / "a", skus=30, rmas=50, today=TODAY)
    b = generate_demo_data(tmp_path / "b", skus=30, rmas=50, today=TODAY + timedelta(days=10))
    shifted = [
        (date.fromisoformat(x["delivered_on"]) + timedelta(days=10)).isoformat()
        for x in _rows(a.rmas)
    ]
    assert shifted == [y["delivered_on"] for y in _rows(b.rmas)]


def test_no_skus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one SKU"):
        generate_demo_data(tmp_path, skus=0, today=TODAY)


# -- replay ---------------------------------------------------------------------------------


def _units(events: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    units: list[list[dict[str, object]]] = []
    for e in events[1:]:
        if not units or units[-1][-1]["type"] in ("confirm", "approve"):
            units.append([])
        units[-1].append(e)
    return units


def test_replay_events(demo: DemoFiles) -> None:
    asked: list[str] = []

    def questions_for(category: str) -> list[str | tuple[str, str]]:
        asked.append(category)
        return [f"{category}_ok", (f"{category}_grade", "2")]

    photo_requests: list[tuple[str, bool]] = []

    def photos_for(sku: Sku) -> int:
        photo_requests.append((sku.category, sku.serialized))
        return 4 if sku.serialized else 2

    events = demo_replay_events(demo, questions_for, photos_for=photos_for)
    assert {e["type"] for e in events} <= VOCABULARY
    for e in events:
        parse_event(json.loads(json.dumps(e)))  # the bench's own event parser accepts each

    operators = {r["badge"]: r for r in _rows(demo.operators)}
    login = events[0]
    assert login["type"] == "login"
    assert operators[str(login["badge"])]["role"] == "inspector"
    assert operators[str(login["badge"])]["pin"] == login["pin"]

    catalog = {r["sku"]: r for r in _rows(demo.catalog)}
    rmas = {r["rma"]: r for r in _rows(demo.rmas)}
    by_order = {r["order"]: r for r in rmas.values()}
    units = _units(events)
    assert len(units) == 5
    categories = []
    for unit in units:
        scans = [parse_scan(str(e["data"])) for e in unit if e["type"] == "scan"]
        scans += [parse_epc(str(e["epc"])) for e in unit if e["type"] == "rfid"]
        assert all(s.ok for s in scans), scans
        ref = scans[0]
        line = rmas[ref.value] if ref.kind is CodeKind.RMA else by_order[ref.value]
        item = catalog[line["sku"]]
        categories.append(item["category"])
        product = next(s for s in scans if s.gtin)
        assert product.gtin in {gtin14(g) for g in item["gtin"].split("|")}
        if item["serialized"] == "true":
            assert product.serial == line["serial"]
        answers = [(e["question"], e["value"]) for e in unit if e["type"] == "answer"]
        assert answers == [(f"{item['category']}_ok", "1"), (f"{item['category']}_grade", "2")]
        photos = [Path(str(e["path"])) for e in unit if e["type"] == "photo"]
        assert len(photos) == (4 if item["serialized"] == "true" else 2)
        assert all(p.is_absolute() and p.is_file() for p in photos)
        weights = [e for e in unit if e["type"] == "weight" and e["stable"]]
        assert len(weights) == 1
    assert (
        sorted(categories) == sorted(asked) == ["apparel", "beauty", "electronics", "home", "toys"]
    )

    kinds = [e["type"] for e in events]
    assert "rfid" in kinds and "escalate" in kinds
    override = next(e for e in events if e["type"] == "disposition")
    assert Disposition(str(override["code"])) and override["reason"]
    approve = next(e for e in events if e["type"] == "approve")
    assert operators[str(approve["badge"])]["role"] == "lead"
    assert operators[str(approve["badge"])]["pin"] == approve["pin"]
    raw_scans = [str(e["data"]) for e in events if e["type"] == "scan"]
    assert any(s.startswith("]d2\x1d01") for s in raw_scans)  # GS1 DataMatrix with FNC1
    assert any(s.endswith("\r") and not s.startswith("]") for s in raw_scans)  # wedge style


def test_replay_file_holds_the_events_without_answers(demo: DemoFiles) -> None:
    assert demo.replay is not None
    lines = demo.replay.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == demo_replay_events(demo, lambda _category: ())
    types = collections.Counter(json.loads(x)["type"] for x in lines)
    assert types["answer"] == 0
    assert types["photo"] == 5 * DEFAULT_PHOTOS_PER_UNIT
    photos = [json.loads(x)["path"] for x in lines if json.loads(x)["type"] == "photo"]
    assert len(set(photos)) == len(photos)  # every unit gets its own pictures


def test_demo_files_import(demo: DemoFiles, db: Database) -> None:
    from station.importer import import_files
    from station.storage.repo import check_pin, find_operator, find_rma, find_sku_by_gtin

    with db.transaction() as session:
        summary = import_files(
            session, catalog=demo.catalog, rmas=demo.rmas, operators=demo.operators
        )
    assert (summary.skus, summary.rmas, summary.operators) == (200, 1000, len(DEMO_OPERATORS))
    first = _rows(demo.catalog)[0]
    with db.sessions() as session:
        sku = find_sku_by_gtin(session, gtin14(first["gtin"].split("|")[0]))
        assert sku is not None and sku.sku == first["sku"]
        assert find_rma(session, "RMA-0000001") is not None
        found = find_operator(session, "B1001")
        assert found is not None and check_pin("1234", found[1])


# -- large ----------------------------------------------------------------------------------


def test_generate_large_streams_the_same_formats(tmp_path: Path) -> None:
    files = generate_large(tmp_path / "a", skus=500, rmas=2000, seed=11, today=TODAY)
    again = generate_large(tmp_path / "b", skus=500, rmas=2000, seed=11, today=TODAY)
    assert files.replay is None
    assert files.rmas.read_bytes() == again.rmas.read_bytes()
    assert _header(files.catalog) == CATALOG_COLUMNS and _header(files.rmas) == RMA_COLUMNS
    assert len(_rows(files.catalog)) == 500
    assert len({r["rma"] for r in _rows(files.rmas)}) == 2000
    skus = {r["sku"] for r in _rows(files.catalog)}
    assert {r["sku"] for r in _rows(files.rmas)} <= skus


@pytest.mark.benchmark
def test_generate_large_full_size(tmp_path: Path) -> None:
    start = time.perf_counter()
    files = generate_large(tmp_path, today=TODAY)
    elapsed = time.perf_counter() - start
    size_mb = (files.catalog.stat().st_size + files.rmas.stat().st_size) / 1e6
    print(f"generate_large 200,000 SKUs + 1,000,000 RMAs: {elapsed:.1f} s, {size_mb:.0f} MB")
    with files.catalog.open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 200_001
