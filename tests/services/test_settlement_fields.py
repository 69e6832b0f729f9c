"""Issue 17 items 5-7 on both engines: the settlement fields of the claim data files (per line
and per claim, with the agency's ids the records officer entered), the spreadsheet-safe XLSX
and CSV, and the Jiangsu (UNOFFICIAL) adapter's package."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.clock import CHINA, china_datetime
from desktop_app.db.models import (
    AuditEvent,
    CatalogueItem,
    FeeLine,
    RehabCase,
    StaffUser,
    TreatmentSession,
)
from desktop_app.documents.bagit import check_bag
from desktop_app.documents.data_files import (
    FEE_DETAIL_COLUMNS,
    FEE_DETAIL_FIELDS,
    MONEY_FORMAT,
    SETTLEMENT_COLUMNS,
    claim_schema,
    fee_detail_rows,
    settlement_row,
    validate_claim_json,
)
from desktop_app.errors import ValidationFailed
from desktop_app.services.claims import claim_export, claims, settlement_ids
from desktop_app.services.claims.settlement_ids import AgencyIdsInput
from tests.archive_fixture import VALID_ID, Archive
from tests.services.test_claims import APRIL_SESSIONS, Course, make_course

PSN_NO = "00123456789012345678"  # 20 digits, leading zeros: a number would lose both
MDTRT_ID = "000987"
DRUG_TIME = china_datetime(date(2026, 4, 10), 14, 25)
OFFSET_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")


def set_ids(archive: Archive, case_id: int, **values: str) -> settlement_ids.AgencyIds:
    with archive.uow(archive.officer) as u:
        return settlement_ids.set_agency_ids(u, case_id, AgencyIdsInput(**values))


def april(archive: Archive) -> tuple[Course, int, int]:
    """The hand-computed April claim (1,492.40) of a case with the agency's ids, its drug line
    given a time and an ordering physician before the claim is built; frozen."""
    course = make_course(archive, drug_order=dict(
        occurred_at=DRUG_TIME, dept_code="0301", dept_name="康复医学科",
        physician_code="D0042", physician_name="钱医师"))  # entered with the charge (fees)
    set_ids(archive, course.case_id, psn_no=PSN_NO, mdtrt_id=MDTRT_ID, insutype="0410")
    with archive.uow() as u:
        drug_id = u.session.scalars(select(FeeLine.id).where(
            FeeLine.case_id == course.case_id, FeeLine.category == "drug",
            FeeLine.occurred_on == date(2026, 4, 10))).one()
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    return course, claim_id, drug_id


def april_and_its_correction(archive: Archive) -> tuple[Course, int, int]:
    """``april``'s claim, exported, and its correction reversing every line (the agency sent
    it back), frozen: (the course, the April claim, the correction)."""
    course, claim_id, _drug = april(archive)
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, claim_id)
    with archive.uow(archive.officer) as u:
        correction = claims.correct_claim(u, claim_id, "经办机构退回重报", reverse_all=True)
    course.finalize(correction)
    return course, claim_id, correction


def export(archive: Archive, claim_id: int, out: Path,
           region: str = "national") -> claim_export.PackageResult:
    with archive.uow(archive.officer) as u:
        return claim_export.export_claim(u, claim_id, out, region=region)


def data_files(result: claim_export.PackageResult) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (result.folder / "data" / "data_files").iterdir()}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_settlement_fields_per_line_and_per_claim(archive: Archive, tmp_path: Path) -> None:
    course, claim_id, drug_id = april(archive)
    files = data_files(export(archive, claim_id, tmp_path))
    rows = csv_rows(files["fee_detail.csv"])
    assert len(rows) == 7
    by_id = {int(r["feedetl_sn"]): r for r in rows}
    with archive.uow() as u:
        therapist = u.session.get(StaffUser, archive.therapist)
        assert therapist is not None and therapist.licence_number
        performer = (therapist.display_name, therapist.licence_number, therapist.display_name)
        price = u.session.scalar(select(CatalogueItem.price).where(
            CatalogueItem.national_code == archive.codes["运动疗法"]))
        starts = {str(s.id): s.started_at.astimezone(CHINA).isoformat() for s in u.session.scalars(
            select(TreatmentSession).where(TreatmentSession.case_id == course.case_id))}
    # every line: the agency's keys, 21 普通住院, a time with the +08:00 offset
    assert {(r["psn_no"], r["mdtrt_id"], r["med_type"]) for r in rows} == {(PSN_NO, MDTRT_ID, "21")}
    assert all(OFFSET_TIME.match(r["fee_ocur_time"]) for r in rows)
    # a session line: its session's start (China time) and its performer as the physician
    session_rows = [r for r in rows if r["wi_session_id"]]
    assert sorted(r["fee_ocur_time"][:10] for r in session_rows) == [d.isoformat() for d in APRIL_SESSIONS]
    assert all(r["fee_ocur_time"] == starts[r["wi_session_id"]] for r in session_rows)
    assert not any(r["fee_ocur_time"].endswith("T00:00:00+08:00") for r in session_rows)
    assert {(r["bilg_dr_name"], r["bilg_dr_codg"], r["orders_dr_name"]) for r in session_rows} == {
        performer}
    assert {r["pric_uplmt_amt"] for r in session_rows} == {f"{price:f}"}
    # the drug line: its own time, department and physician
    drug = by_id[drug_id]
    assert (drug["fee_ocur_time"], drug["bilg_dept_codg"], drug["bilg_dept_name"],
            drug["bilg_dr_codg"], drug["bilg_dr_name"]) == (
        "2026-04-10T14:25:00+08:00", "0301", "康复医学科", "D0042", "钱医师")
    # a line without a time (the bed-days): its day at midnight
    bed = next(r for r in rows if r["wi_category"] == "bed")
    assert bed["fee_ocur_time"].endswith("T00:00:00+08:00")
    # levels and shares: 工伤 pays catalogue items whole (甲类, no self-pay share)
    assert {(r["wi_coverage"], r["chrgitm_lv"], r["selfpay_prop"]) for r in rows} == {
        ("fund", "01", "0"), ("excluded", "01", "0")}
    fund = sum(Decimal(r["inscp_scp_amt"]) for r in rows)
    assert fund == Decimal("1482.40") and {r["fulamt_ownpay_amt"] for r in rows} == {"0.00"}
    assert {r["overlmt_amt"] for r in rows} == {"0.00"}  # every price is the catalogue's
    # per claim
    setl = csv_rows(files["settlement.csv"])[0]
    assert tuple(setl) == SETTLEMENT_COLUMNS and tuple(rows[0]) == FEE_DETAIL_COLUMNS
    assert (setl["psn_no"], setl["mdtrt_id"], setl["certno"], setl["mdtrt_cert_type"],
            setl["mdtrt_cert_no"], setl["insutype"], setl["psn_cert_type"]) == (
        PSN_NO, MDTRT_ID, VALID_ID, "02", VALID_ID, "0410", "")
    assert (setl["medfee_sumamt"], setl["inscp_scp_amt"], setl["fulamt_ownpay_amt"],
            setl["psn_part_amt"], setl["psn_cash_pay"], setl["overlmt_selfpay"]) == (
        "1492.40", "1482.40", "0.00", "0.00", "0.00", "0.00")
    document = json.loads(files["claim.json"])
    assert validate_claim_json(document) == []
    assert document["setlinfo"] == setl and document["feedetail"] == rows


def test_csv_round_trip_keeps_every_code_and_id_digit(archive: Archive, tmp_path: Path) -> None:
    _course, claim_id, _drug = april(archive)
    files = data_files(export(archive, claim_id, tmp_path))
    with archive.uow() as u:
        from desktop_app.services.claims.claim_view import claim_view

        view = claim_view(u.session, claim_id)
    assert csv_rows(files["fee_detail.csv"]) == fee_detail_rows(view)  # read back: the very values
    assert csv_rows(files["settlement.csv"]) == [settlement_row(view)]
    setl = csv_rows(files["settlement.csv"])[0]
    assert setl["certno"] == VALID_ID and setl["certno"].endswith("X") and len(setl["certno"]) == 18
    assert setl["psn_no"] == PSN_NO and setl["mdtrt_id"] == MDTRT_ID  # leading zeros kept
    assert {r["med_chrgitm_type"] for r in csv_rows(files["fee_detail.csv"])} >= {"01", "05", "09"}


def test_the_workbook_is_for_people_and_systems(archive: Archive, tmp_path: Path) -> None:
    _course, claim_id, _drug = april(archive)
    files = data_files(export(archive, claim_id, tmp_path))
    book = load_workbook(io.BytesIO(files["claim.xlsx"]))
    sheet = book["feedetail"]
    assert sheet.freeze_panes == "A3"
    zh = [c.value for c in sheet[1]]
    names = [c.value for c in sheet[2]]
    assert names == list(FEE_DETAIL_COLUMNS) and zh == [f.zh for f in FEE_DETAIL_FIELDS]
    assert zh[names.index("det_item_fee_sumamt")] == "明细项目费用总额"
    column = names.index("det_item_fee_sumamt") + 1
    amounts = [sheet.cell(r, column) for r in range(3, sheet.max_row + 1)]
    assert len(amounts) == 7 and {c.data_type for c in amounts} == {"n"}
    assert {c.number_format for c in amounts} == {MONEY_FORMAT}  # 1,120.00
    assert sum(Decimal(str(c.value)) for c in amounts) == Decimal("1492.40")  # what SUM gives
    counts = [sheet.cell(r, names.index("cnt") + 1) for r in range(3, sheet.max_row + 1)]
    assert {c.data_type for c in counts} == {"n"}
    for name in ("feedetl_sn", "med_list_codg", "med_chrgitm_type", "psn_no", "mdtrt_id", "fee_ocur_time"):
        cells = [sheet.cell(r, names.index(name) + 1) for r in range(3, sheet.max_row + 1)]
        assert {c.data_type for c in cells} == {"s"} and {c.number_format for c in cells} == {"@"}, name
    assert {sheet.cell(r, names.index("psn_no") + 1).value for r in range(3, 10)} == {PSN_NO}
    assert {sheet.cell(r, names.index("med_chrgitm_type") + 1).value
            for r in range(3, 10)} >= {"01", "05", "09"}
    # widths fitted: no column narrower than its header, the long ids wide enough
    widths = {names[i]: sheet.column_dimensions[chr(ord("A") + i)].width for i in range(26)}
    assert widths["psn_no"] >= len(PSN_NO) and widths["medins_list_name"] > widths["cnt"]
    setl = book["setlinfo"]
    heads = [c.value for c in setl[2]]
    certno = setl.cell(3, heads.index("certno") + 1)
    assert (certno.value, certno.data_type) == (VALID_ID, "s")
    total = setl.cell(3, heads.index("medfee_sumamt") + 1)
    assert (total.data_type, Decimal(str(total.value)), total.number_format) == ("n", Decimal("1492.40"),
                                                                                 MONEY_FORMAT)


def schema_properties(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, spec in value.items():
                    found.append((f"{path}/{name}", spec))
                    found += schema_properties(spec, f"{path}/{name}")
            elif isinstance(value, dict | list):
                found += schema_properties(value, path)
    elif isinstance(node, list):
        for value in node:
            found += schema_properties(value, path)
    return found


def test_every_schema_property_says_whose_field_it_is() -> None:
    props = schema_properties(claim_schema())
    assert len(props) > 100
    assert [p for p, spec in props if spec.get("x-source") not in ("nhsa", "archive")] == []
    flat = [(p.rsplit("/", 1)[1], spec["x-source"]) for p, spec in props
            if p.startswith(("/feedetail/", "/setlinfo/"))]
    assert {name for name, source in flat if source == "archive"} == {
        name for name, _ in flat if name.startswith("wi_")}
    assert ("fee_ocur_time", "nhsa") in flat and ("wi_coverage", "archive") in flat


def test_a_reversal_names_the_line_it_cancels(archive: Archive, tmp_path: Path) -> None:
    course, claim_id, correction = april_and_its_correction(archive)
    rows = csv_rows(data_files(export(archive, correction, tmp_path))["fee_detail.csv"])
    reversals = [r for r in rows if r["init_feedetl_sn"]]
    originals = {int(r["feedetl_sn"]) for r in fee_detail_rows(course.view(claim_id))}
    assert len(reversals) == 7 and {int(r["init_feedetl_sn"]) for r in reversals} == originals
    assert all(r["cnt"].startswith("-") and Decimal(r["det_item_fee_sumamt"]) < 0 for r in reversals)
    assert sum(Decimal(r["inscp_scp_amt"]) for r in reversals) == Decimal("-1482.40")
    assert all(OFFSET_TIME.match(r["fee_ocur_time"]) for r in rows)


def test_agency_ids_are_checked_audited_and_cleared(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(ValidationFailed) as refused:
        set_ids(archive, case_id, psn_no="=1+1", mdtrt_id="a b", mdtrt_cert_type="09", insutype="工伤")
    assert sorted(e.key for e in refused.value.errors) == ["insutype", "mdtrt_cert_type", "mdtrt_id",
                                                           "psn_no"]
    stored = set_ids(archive, case_id, psn_no="００１２３", mdtrt_id=" ZY-2026.001 ", mdtrt_cert_type="03")
    assert (stored.psn_no, stored.mdtrt_id, stored.mdtrt_cert_type) == ("00123", "ZY-2026.001", "03")
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None and (case.agency_psn_no, case.agency_mdtrt_cert_type) == ("00123", "03")
        events = u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "rehab_case", AuditEvent.record_id == case_id,
            AuditEvent.action == "update", AuditEvent.actor_id == archive.officer)).all()
        assert events
    set_ids(archive, case_id)  # nothing given: cleared
    with archive.uow() as u:
        assert settlement_ids.agency_ids(u.session, case_id) == settlement_ids.AgencyIds()


def test_the_jiangsu_package_verifies_offline(archive: Archive, tmp_path: Path) -> None:
    """The second region: chosen by its code, its files in the package, the package checked."""
    _course, claim_id, _drug = april(archive)
    result = export(archive, claim_id, tmp_path, region="jiangsu")
    files = data_files(result)
    assert set(files) == {"claim.json", "claim_canonical.json", "jiangsu_workinjury_UNOFFICIAL.json",
                          "jiangsu_2204_feedetail_UNOFFICIAL.csv", "jiangsu_2207_setlinfo_UNOFFICIAL.csv",
                          "jiangsu_UNOFFICIAL.xlsx"}
    assert check_bag(result.folder).ok and check_bag(result.zip_path).ok
    script = subprocess.run([sys.executable, str(result.folder / "tools" / "check_package.py"),
                             str(result.folder)], capture_output=True, text=True)
    assert script.returncode == 0, script.stdout + script.stderr
    message = json.loads(files["jiangsu_workinjury_UNOFFICIAL.json"])
    assert "UNOFFICIAL" in message["notice"]
    assert [t["infno"] for t in message["transactions"]] == ["2201", "2204", "2207"]
    visit = message["transactions"][0]["input"]["mdtrtinfo"]
    assert (visit["psn_no"], visit["mdtrt_id"], visit["certno"]) == (PSN_NO, MDTRT_ID, VALID_ID)
    rows = csv_rows(files["jiangsu_2204_feedetail_UNOFFICIAL.csv"])
    assert rows == message["transactions"][1]["input"]["feedetail"]
    assert sum(Decimal(r["det_item_fee_sumamt"]) for r in rows) == Decimal("1492.40")
    readme = (result.folder / "README.txt").read_text(encoding="utf-8")
    assert "UNOFFICIAL" in readme and "x-source" in readme and "机读" in readme
