"""Jiangsu 工伤 networked settlement (江苏省工伤机构联网结算) — an UNOFFICIAL layout.

UNOFFICIAL. The only source is a third-party write-up of 江苏省工伤机构联网结算接口开发手册
V2.1, copied with its address in ``resources/reference/jiangsu_workinjury_txn_UNOFFICIAL.csv``.
It lists the interface's transactions, not their fields; the official manual is not public.
So this adapter shapes the claim as the messages of those transactions — 2201 门诊/住院登记
(the visit), 2204 处方明细上报 (the fee lines), 2207 费用结算 (the settlement) — and fills
them with the national medical-insurance platform's field names the archive uses everywhere
(``documents.data_files``), which Jiangsu's hospital software is said to share. Every file it
writes says UNOFFICIAL in its name and, for the JSON, in a ``notice``; check the layout with the
agency before relying on it.

Files (beside the archive's own ``claim.json``, always written and schema-checked):

* ``jiangsu_workinjury_UNOFFICIAL.json`` — ``{"layout", "notice", "source", "transactions":
  [{"infno", "name_zh", "input"}…]}``: one message per transaction, ``input`` keyed as the
  national platform keys its messages (``mdtrtinfo``, ``feedetail``, ``setlinfo``);
* ``jiangsu_2204_feedetail_UNOFFICIAL.csv`` and ``jiangsu_2207_setlinfo_UNOFFICIAL.csv`` —
  the same rows as tables for machines (UTF-8 with a BOM, one header row of field names);
* ``jiangsu_UNOFFICIAL.xlsx`` — both tables for people and systems (Chinese header, then the
  field names; amounts as numbers, codes as text).

The registration id the agency returns for 2201 (登记流水号) goes in ``mdtrt_id``, the person
number read by 1101 读卡 in ``psn_no``: the records officer enters both for the case
(``services.claims.settlement_ids``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Any

from desktop_app.documents.data_files import (
    FEE_DETAIL_FIELDS,
    MED_TYPE,
    SETTLEMENT_FIELDS,
    DataFile,
    claim_json_file,
    fee_detail_rows,
    json_bytes,
    register,
    settlement_id,
    settlement_row,
    to_csv,
    to_xlsx,
)
from desktop_app.domain.claim_data import ClaimView
from desktop_app.paths import resources_dir

CODE = "jiangsu"
LAYOUT = "jiangsu-workinjury/UNOFFICIAL-1"
REFERENCE = "jiangsu_workinjury_txn_UNOFFICIAL.csv"
NOTICE = ("UNOFFICIAL 非官方格式：依据第三方整理的《江苏省工伤机构联网结算接口开发手册 V2.1》交易清单，"
          "字段沿用国家医保平台字段名；使用前请与经办机构核对。/ UNOFFICIAL layout: from a third-party "
          "write-up of the Jiangsu work-injury networked-settlement transaction list, with the "
          "national platform's field names; check it with the agency before relying on it.")
REGISTER, FEE_DETAIL, SETTLE = "2201", "2204", "2207"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@cache
def transactions() -> dict[str, tuple[str, str]]:
    """Transaction code → (name, source) as the reference file lists them."""
    path = resources_dir() / "reference" / REFERENCE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first_source = rows[0]["source"]
    return {r["code"]: (r["name_zh"], first_source if r["source"] == "same" else r["source"])
            for r in rows}


def _visit(view: ClaimView) -> dict[str, str]:
    """The 2201 registration as the claim knows it: who, which stay, from when to when."""
    c, ids = view.cover, view.agency
    return {"psn_no": ids.psn_no or "", "mdtrt_id": ids.mdtrt_id or "",
            "psn_name": c.worker_name, "certno": c.resident_id,
            "mdtrt_cert_type": ids.mdtrt_cert_type or "02", "insutype": ids.insutype or "",
            "med_type": MED_TYPE.get(c.setting, ""),
            "begntime": c.admission_date.isoformat() if c.admission_date else "",
            "endtime": c.discharge_date.isoformat() if c.discharge_date else "",
            "medins_setl_id": settlement_id(view), "wi_case_no": c.case_number,
            "wi_recognition_number": c.recognition_number,
            "dise_codg": c.diagnoses[0][0] if c.diagnoses else "",
            "dise_name": c.diagnoses[0][1] if c.diagnoses else ""}


def message(view: ClaimView) -> dict[str, Any]:
    """The UNOFFICIAL document: one message per transaction."""
    known = transactions()
    inputs: dict[str, dict[str, Any]] = {
        REGISTER: {"mdtrtinfo": _visit(view)},
        FEE_DETAIL: {"feedetail": fee_detail_rows(view)},
        SETTLE: {"setlinfo": settlement_row(view)},
    }
    return {"layout": LAYOUT, "notice": NOTICE, "source": known[FEE_DETAIL][1],
            "transactions": [{"infno": code, "name_zh": known[code][0], "input": body}
                             for code, body in inputs.items()]}


@dataclass(frozen=True)
class JiangsuAdapter:
    """江苏工伤联网结算 (UNOFFICIAL, see the module docstring)."""

    code: str = CODE
    name_zh: str = "江苏省工伤联网结算（非官方格式）"

    def files(self, view: ClaimView) -> list[DataFile]:
        details, settlement = fee_detail_rows(view), settlement_row(view)
        when = view.frozen_at or view.created_at
        return [
            claim_json_file(view, self.code),
            DataFile("jiangsu_workinjury_UNOFFICIAL.json", json_bytes(message(view)),
                     "application/json", "江苏工伤联网结算报文 2201/2204/2207（非官方格式，JSON，机读）"),
            DataFile(f"jiangsu_{FEE_DETAIL}_feedetail_UNOFFICIAL.csv",
                     to_csv([f.name for f in FEE_DETAIL_FIELDS], details), "text/csv",
                     "江苏 2204 处方明细（非官方格式，CSV，UTF-8 BOM，机读）"),
            DataFile(f"jiangsu_{SETTLE}_setlinfo_UNOFFICIAL.csv",
                     to_csv([f.name for f in SETTLEMENT_FIELDS], [settlement]), "text/csv",
                     "江苏 2207 费用结算（非官方格式，CSV，UTF-8 BOM，机读）"),
            DataFile("jiangsu_UNOFFICIAL.xlsx",
                     to_xlsx([(f"{FEE_DETAIL}_feedetail", FEE_DETAIL_FIELDS, details),
                              (f"{SETTLE}_setlinfo", SETTLEMENT_FIELDS, [settlement])], when),
                     XLSX_TYPE, "江苏 2204/2207 明细与结算（非官方格式，XLSX，人读）"),
        ]


register(JiangsuAdapter())
