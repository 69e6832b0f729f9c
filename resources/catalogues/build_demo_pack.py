"""Build ``demo_pack.csv``, the demo catalogue pack, from the verified reference codes.

Run from anywhere: ``python resources/catalogues/build_demo_pack.py``. The output is
deterministic (same input → same bytes), so the committed file can be checked against it.

* Every row of ``../reference/price_items_3402_verified.csv`` (real national price codes
  of the rehabilitation section) becomes a ``rehab`` item: assessments (评定) and therapies
  (治疗) alike. Its national code is the first 15-digit national code seen for it
  (preferring one ending in 0000); where only the 11-digit form was seen, that is used.
* A few clearly marked demo lines (codes starting ``DEMO``) cover the other fee categories.
* Prices and count limits are **demo values**, not official: every note says so.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "reference" / "price_items_3402_verified.csv"
OUTPUT = HERE / "demo_pack.csv"

HEADER = (
    "national_code",
    "local_code",
    "name",
    "unit",
    "price",
    "category",
    "max_per_day",
    "max_per_course",
    "indication",
    "source",
    "note",
)
DEMO_NOTE = "演示价格，非官方 / demo price, not official"
DEMO_LIMIT_NOTE = "演示价格与限次，非官方 / demo price and limits, not official"
ELEVEN_DIGIT_NOTE = "仅见11位国家编码 / only the 11-digit national code was seen"
SUB_CODE_NOTE = "国家编码为子项“{label}”的编码 / the national code is that of the sub-item {label}"
DEMO_SOURCE = "演示数据，非任何官方目录 / demo data, from no official list"

# Clearly demo, non-rehabilitation lines so that every fee category is represented.
DEMO_EXTRAS = (
    ("DEMOBED0001", "DEMO-BED-0001", "演示床位费（康复病房普通床位）", "床日", "40.00", "bed", "1", ""),
    ("DEMODRUG0001", "DEMO-DRUG-0001", "演示药品（布洛芬缓释胶囊 0.3g×20粒）", "盒", "15.80", "drug", "", ""),
    ("DEMOMED0001", "DEMO-MED-0001", "演示检查（X线摄影 单部位）", "次", "60.00", "medical", "1", ""),
    ("DEMOMED0002", "DEMO-MED-0002", "演示诊察费（康复医师诊察）", "次", "10.00", "medical", "1", ""),
    ("DEMOOTH0001", "DEMO-OTH-0001", "演示其他费用（诊断证明书）", "份", "5.00", "other", "", ""),
)


def national_code(codes_seen: str) -> tuple[str, str]:
    """The national code to use and a remark on it ("" when it is the plain base code).

    ``codes_seen`` looks like ``003402000050000;003402000050100(徒手)``.
    """
    seen = []
    for part in codes_seen.split(";"):
        match = re.match(r"([0-9]+)(?:\((.*)\))?$", part.strip())
        if match:
            seen.append((match.group(1), match.group(2) or ""))
    fifteen = [(code, label) for code, label in seen if len(code) == 15]
    if not fifteen:
        return seen[0][0], ELEVEN_DIGIT_NOTE
    code, label = next(((c, lb) for c, lb in fifteen if c.endswith("0000")), fifteen[0])
    return code, SUB_CODE_NOTE.format(label=label) if label and not code.endswith("0000") else ""


def demo_price(price_code: str, kind: str) -> Decimal:
    """A plausible, deterministic demo price in yuan (assessments 30–80, therapies 25–85)."""
    n = int(price_code[-3:])
    base = 30 + (n * 7 % 11) * 5 if kind == "评定" else 25 + (n * 11 % 13) * 5
    return (Decimal(base) + Decimal("0.50") * (n % 2)).quantize(Decimal("0.01"))


def build_rows(reference: Path = REFERENCE) -> list[tuple[str, ...]]:
    with reference.open(encoding="utf-8-sig", newline="") as handle:
        source_rows = list(csv.DictReader(handle))
    rows: list[tuple[str, ...]] = []
    for item in source_rows:
        price_code = item["price_code"].strip()
        kind = item["category"].strip()
        code, remark = national_code(item["nhsa_15_codes_seen"])
        assessment = kind == "评定"
        note = DEMO_LIMIT_NOTE + ("；" + remark if remark else "")
        rows.append(
            (
                code,
                f"DEMO-{price_code}",
                item["name_zh"].strip(),
                item["unit_seen_in_vendor_seed"].strip() or "次",
                f"{demo_price(price_code, kind)}",
                "rehab",
                "1" if assessment else "2",
                "3" if assessment else "",
                "",
                item["source"].strip(),
                note,
            )
        )
    for code, local, name, unit, price, category, per_day, per_course in DEMO_EXTRAS:
        note = DEMO_LIMIT_NOTE if per_day or per_course else DEMO_NOTE
        rows.append((code, local, name, unit, price, category, per_day, per_course, "", DEMO_SOURCE, note))
    return rows


def render(rows: list[tuple[str, ...]]) -> bytes:
    """The CSV file's bytes: UTF-8 with BOM (so Excel shows the Chinese), LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else OUTPUT
    rows = build_rows()
    target.write_bytes(render(rows))
    print(f"wrote {len(rows)} items to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
