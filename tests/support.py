"""Test data shared by core tests: a small catalog, RMAs, operators and photo files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PIL import Image

from station.importer import import_files
from station.storage.db import Database

TODAY = date(2026, 11, 22)


def _d(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


CATALOG = (
    "sku,gtin,description,category,unit_value,weight_g,weight_tolerance_g,serialized,returnable,"
    "supplier,hazmat\n"
    "EL-1,5901234123457,Wireless earbuds,electronics,129.99,250,15,true,true,Acme,false\n"
    "AP-1,0012345678905,Rain jacket L,apparel,59.00,600,40,false,true,Wear Co,false\n"
    "HM-1,4006381333931,Pour-over coffee set,home,24.50,900,60,false,true,Casa,false\n"
    "EL-2,8711253001202,OLED television 55in,electronics,1299.00,18000,500,true,true,Acme,false\n"
)
RMAS = (
    "rma,order,channel,customer,delivered_on,reason,preference,sku,qty,serial\n"
    f"RMA-00001,ORD-00001,web,C-1,{_d(5)},no_longer_needed,refund,AP-1,1,\n"
    f"RMA-00002,ORD-00002,web,C-2,{_d(5)},defective,refund,EL-1,1,SN12345678\n"
    f"RMA-00003,ORD-00003,store,C-3,{_d(60)},no_longer_needed,refund,HM-1,1,\n"
    f"RMA-00004,ORD-00004,web,C-4,{_d(3)},defective,refund,EL-2,1,SNTV000001\n"
)
OPERATORS = "badge,name,role,pin\nB1001,Ann Inspector,inspector,1234\nB2001,Lee Lead,lead,9876\n"

APPAREL_GOOD = {"tags_attached": "Y", "worn": "N", "stains_odour": "N", "damage_cause": "1"}
ELECTRONICS_GOOD = {
    "powers_on": "Y",
    "screen_intact": "Y",
    "accessories_complete": "Y",
    "factory_reset": "Y",
    "packaging": "1",
    "damage_cause": "1",
}
HOME_GOOD = {"packaging_intact": "Y", "parts_complete": "Y", "used": "N", "damage_cause": "1"}


def seed(db: Database, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in (("catalog", CATALOG), ("rmas", RMAS), ("operators", OPERATORS)):
        paths[name] = folder / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    with db.transaction() as session:
        import_files(session, **paths)


def photos(folder: Path, count: int = 8) -> list[Path]:
    """Distinct small JPEG files, like a camera would drop them."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        path = folder / f"photo{i}.jpg"
        Image.new("RGB", (320, 240), (20 * i % 255, 90, 255 - 20 * i % 255)).save(path)
        out.append(path)
    return out
