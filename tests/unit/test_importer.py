"""CSV import: good files load; any bad row refuses the whole import with its line number."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station.importer import ImportError_, import_files
from station.storage.db import Database
from station.storage.models import OperatorRow, RmaLineRow, RmaRow, SkuGtinRow, SkuRow
from station.storage.repo import check_pin, find_rma, find_sku_by_gtin

CATALOG = (
    "sku,gtin,description,category,unit_value,weight_g,weight_tolerance_g,serialized,returnable,"
    "supplier,hazmat\n"
    "EL-1,5901234123457|4006381333931,Wireless earbuds,electronics,129.99,250,15,true,true,"
    "Acme,false\n"
    "AP-1,0012345678905,Rain jacket L,apparel,59.00,600,40,false,true,Wear Co,false\n"
    "HM-1,96385074,Pour-over set,Home,24.50,,,false,true,,false\n"
)
RMAS = (
    "rma,order,channel,customer,delivered_on,reason,preference,sku,qty,serial\n"
    "RMA-00001,ORD-00001,web,C-1,2026-11-01,defective,refund,EL-1,1,SN123456\n"
    "RMA-00001,ORD-00001,web,C-1,2026-11-01,defective,refund,AP-1,2,\n"
    "RMA-00002,ORD-00002,store,C-2,,no_longer_needed,store_credit,HM-1,1,\n"
)
OPERATORS = "badge,name,role,pin\nB1001,Ann Inspector,inspector,1234\nB2001,Lee Lead,lead,9876\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _counts(db: Database) -> tuple[int, ...]:
    with db.sessions() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (SkuRow, SkuGtinRow, RmaRow, RmaLineRow, OperatorRow)
        )


def test_good_files_import(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        summary = import_files(
            s,
            catalog=_write(tmp_path, "c.csv", CATALOG),
            rmas=_write(tmp_path, "r.csv", RMAS),
            operators=_write(tmp_path, "o.csv", OPERATORS),
        )
    assert (summary.skus, summary.gtins, summary.rmas, summary.rma_lines, summary.operators) == (
        3,
        4,
        2,
        3,
        2,
    )
    assert _counts(db) == (3, 4, 2, 3, 2)
    with db.sessions() as s:
        sku = find_sku_by_gtin(s, "05901234123457")
        assert sku is not None and sku.sku == "EL-1" and sku.unit_value_cents == 12999
        assert sku.serialized and sku.weight_g == 250
        assert find_sku_by_gtin(s, "00000096385074") is not None  # EAN-8 padded to GTIN-14
        rma = find_rma(s, "RMA-00001")
        assert rma is not None and [ln.sku for ln in rma.lines] == ["EL-1", "AP-1"]
        assert rma.lines[0].serial == "SN123456"
        pin_hash = s.scalar(select(OperatorRow.pin_hash).where(OperatorRow.badge == "B2001"))
        assert pin_hash is not None and "9876" not in pin_hash and check_pin("9876", pin_hash)


def test_reimport_updates_instead_of_duplicating(db: Database, tmp_path: Path) -> None:
    for _ in range(2):
        with db.transaction() as s:
            import_files(
                s, catalog=_write(tmp_path, "c.csv", CATALOG), rmas=_write(tmp_path, "r.csv", RMAS)
            )
    assert _counts(db)[:4] == (3, 4, 2, 3)


@pytest.mark.parametrize(
    ("file", "bad_line", "line_no", "message"),
    [
        (
            "catalog",
            "EL-2,5901234123458,X,electronics,1.00,,,false,true,,false",
            5,
            "not a valid GTIN",
        ),
        ("catalog", "EL-2,,X,electronics,abc,,,false,true,,false", 5, "unit_value"),
        ("catalog", "EL-2,,X,electronics,1.999,,,false,true,,false", 5, "2 decimals"),
        ("catalog", "EL-2,,X,electronics,1.00,100,,false,true,,false", 5, "weight_tolerance_g"),
        ("catalog", "EL-2,,X,electronics,1.00,,,maybe,true,,false", 5, "serialized"),
        ("catalog", "EL-1,,dup,electronics,1.00,,,false,true,,false", 5, "appears twice"),
        ("catalog", "EL-2,,,electronics,1.00,,,false,true,,false", 5, "description"),
        ("catalog", "EL-2,too,few", 5, "expected 11 fields"),
        ("rmas", "RMA-9,ORD-9,web,C,2026-13-01,defective,refund,EL-1,1,", 5, "delivered_on"),
        ("rmas", "RMA-9,ORD-9,web,C,2026-11-01,bored,refund,EL-1,1,", 5, "reason"),
        ("rmas", "RMA-9,ORD-9,web,C,2026-11-01,defective,cash,EL-1,1,", 5, "preference"),
        ("rmas", "RMA-9,ORD-9,web,C,2026-11-01,defective,refund,NOPE,1,", 5, "not in the catalog"),
        ("rmas", "RMA-9,ORD-9,web,C,2026-11-01,defective,refund,EL-1,0,", 5, "qty"),
        (
            "rmas",
            "RMA-00002,ORD-77,web,C-2,,no_longer_needed,store_credit,HM-1,1,",
            5,
            "other order",
        ),
        ("operators", "B3001,Bob,boss,1234", 4, "role"),
        ("operators", "B3001,Bob,inspector,12", 4, "pin"),
        ("operators", "B1001,Ann again,inspector,1234", 4, "appears twice"),
    ],
)
def test_a_bad_row_refuses_everything(
    db: Database, tmp_path: Path, file: str, bad_line: str, line_no: int, message: str
) -> None:
    texts = {"catalog": CATALOG, "rmas": RMAS, "operators": OPERATORS}
    texts[file] = texts[file] + bad_line + "\n"
    paths = {k: _write(tmp_path, f"{k}.csv", v) for k, v in texts.items()}
    with pytest.raises(ImportError_) as err, db.transaction() as s:
        import_files(s, **paths)
    assert any(f"{paths[file]}:{line_no}:" in e and message in e for e in err.value.errors), (
        err.value.errors
    )
    assert _counts(db) == (0, 0, 0, 0, 0), "nothing partial committed"


def test_missing_columns_and_empty_file(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="missing columns gtin"), db.transaction() as s:
        import_files(s, catalog=_write(tmp_path, "c.csv", "sku,description\nA,B\n"))
    with pytest.raises(ImportError_, match="empty"), db.transaction() as s:
        import_files(s, catalog=_write(tmp_path, "e.csv", ""))


def test_not_utf8_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(CATALOG.encode() + b"EL-9,,caf\xe9,home,1.00,,,false,true,,false\n")
    with pytest.raises(ImportError_, match="unreadable"), db.transaction() as s:
        import_files(s, catalog=path)
    assert _counts(db)[0] == 0


def test_cli_reports_line_numbers_and_exit_code(tmp_path: Path, station_home: Path) -> None:
    bad = _write(tmp_path, "r.csv", RMAS + "RMA-9,ORD-9,web,C,2026-11-01,bored,refund,EL-1,1,\n")
    good = _write(tmp_path, "c.csv", CATALOG)
    done = subprocess.run(
        [sys.executable, "-m", "station.cli", "import", "--catalog", str(good), "--rmas", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{bad}:5: reason" in done.stderr
    assert "nothing was changed" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "station.cli", "import", "--catalog", str(good)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 3 SKUs" in done.stdout
