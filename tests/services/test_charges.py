"""Every charge of a case on both engines: bed-days (leave, a price change mid-stay,
idempotence), reversal lines, the enterer's sign-off and the gate's gap, CSV (UTF-8, GBK)
and XLSX imports all or nothing, out-of-scope items and the consent Luzhou Art. 31 asks
for, meals no pack pays, and the order details each line keeps."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from desktop_app.clock import CHINA, china_datetime
from desktop_app.db.models import AuditEvent, FeeLine, Signature, SignatureItem
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.claims import (
    bed_days,
    catalogue,
    charge_signing,
    charges_view,
    claim_gate,
    claims,
    fees,
)
from desktop_app.services.clinical import consent, leave
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.signing import check_signature
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import ADMISSION, Archive
from tests.conftest import without_guards
from tests.services.test_claims import make_course

DRUG = "演示药品（布洛芬缓释胶囊 0.3g×20粒）"
XRAY = "演示检查（X线摄影 单部位）"
BED = "演示床位费（康复病房普通床位）"
HEADER = "occurred_on,national_code,category,quantity\n"


def lines_of(archive: Archive, case_id: int) -> list[FeeLine]:
    with archive.uow() as u:
        rows = list(u.session.scalars(select(FeeLine).where(FeeLine.case_id == case_id)
                                      .order_by(FeeLine.id)))
        u.session.expunge_all()
        return rows


def charge(archive: Archive, case_id: int, inp: fees.ChargeInput) -> int:
    with archive.uow(archive.officer) as u:
        return fees.add_charge(u, case_id, inp)


def gap_codes(archive: Archive, case_id: int, period: str = "2026-04") -> list[str]:
    with archive.uow() as u:
        return [g.code for g in claim_gate.report(u.session, case_id, period, archive.clock.today()).gaps]


def test_bed_days_skip_leave_follow_the_price_in_force_and_never_charge_twice(
        archive: Archive, tmp_path: Path) -> None:
    case_id = archive.admitted_case()  # admitted 2026-04-03
    with archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, date(2026, 4, 5), date(2026, 4, 6), "回家处理家事")
    # The bed price rises from 2026-04-08 (a new version of the catalogue).
    demo = catalogue.demo_pack_path().read_text(encoding="utf-8-sig").splitlines()
    bed_row = next(line for line in demo if line.startswith("DEMOBED0001,"))
    raised = tmp_path / "pack2.csv"
    raised.write_text(demo[0] + "\n" + bed_row.replace(",40.00,", ",45.00,") + "\n", encoding="utf-8")
    with archive.uow(archive.admin) as u:
        catalogue.import_catalogue(u, raised, catalogue.PackInfo(
            region="演示", version="2", name="演示目录（床位调价）", effective_from=date(2026, 4, 8),
            is_demo=True))
    with archive.uow(archive.officer) as u:
        done = bed_days.charge_bed_days(u, case_id, date(2026, 4, 9))
    assert done.charged == (date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 7), date(2026, 4, 8),
                            date(2026, 4, 9))
    assert done.on_leave == (date(2026, 4, 5), date(2026, 4, 6)) and done.already == 0
    rows = lines_of(archive, case_id)
    assert [(r.occurred_on.day, r.quantity, r.unit_price) for r in rows] == [
        (3, 1, Decimal("40.00")), (4, 1, Decimal("40.00")), (7, 1, Decimal("40.00")),
        (8, 1, Decimal("45.00")), (9, 1, Decimal("45.00"))]
    assert {r.price_version for r in rows} == {"演示/1", "演示/2"} and {r.category for r in rows} == {"bed"}
    # A second run through a later day adds only the new days.
    with archive.uow(archive.officer) as u:
        again = bed_days.charge_bed_days(u, case_id, date(2026, 4, 11))
    assert again.charged == (date(2026, 4, 10), date(2026, 4, 11)) and again.already == 5
    with archive.uow(archive.officer) as u:
        assert bed_days.charge_bed_days(u, case_id, date(2026, 4, 11)).lines == ()
    assert len(lines_of(archive, case_id)) == 7
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed, match="入院日期"):
        bed_days.charge_bed_days(u, case_id, date(2026, 4, 1))


def test_the_discharge_day_is_not_a_bed_day() -> None:
    day = date(2026, 4, 3)
    assert bed_days.stay_days(day, date(2026, 4, 6), date(2026, 5, 1)) == [
        day, date(2026, 4, 4), date(2026, 4, 5)]
    assert bed_days.stay_days(day, day, day) == [day]  # a same-day stay is one day


def test_reversal_is_a_new_negative_line_never_twice_and_never_billed(archive: Archive) -> None:
    case_id = archive.admitted_case()
    line_id = charge(archive, case_id, fees.ChargeInput(archive.codes[DRUG], date(2026, 4, 10),
                                                        Decimal(3), "drug"))
    with archive.uow(archive.officer) as u:
        reversal = fees.reverse_charge(u, line_id, "录入错误：应为2盒")
    original, negative = lines_of(archive, case_id)
    assert (original.id, original.quantity, original.amount, original.reverses_id) == (
        line_id, 3, Decimal("47.40"), None)
    assert (negative.id, negative.reverses_id, negative.quantity, negative.amount, negative.unit_price) == (
        reversal, line_id, -3, Decimal("-47.40"), original.unit_price)
    for target, message in ((line_id, "已被冲销"), (reversal, "本身是冲销行")):
        with archive.uow(archive.officer) as u, pytest.raises(UserError, match=message):
            fees.reverse_charge(u, target, "再次冲销")
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed, match="冲销原因"):
        fees.reverse_charge(u, line_id, "  ")
    with archive.uow() as u:
        event = u.session.scalars(select(AuditEvent).where(AuditEvent.action == "reverse")).one()
        assert event.details == {"reverses": line_id, "reason": "录入错误：应为2盒"}
        window = (date(2026, 4, 1), date(2026, 4, 30))
        assert claim_gate.candidate_lines(u.session, case_id, "2026-04", window) == []
        view = charges_view.charges(u.session, case_id)
    assert view.total == 0 and view.row(line_id).reversed_by_id == reversal  # type: ignore[union-attr]
    assert view.row(reversal).reason == "录入错误：应为2盒"  # type: ignore[union-attr]


def test_a_line_on_a_final_claim_is_reversed_by_the_claims_correction(archive: Archive) -> None:
    course = make_course(archive)
    line_id = course.charge(XRAY, date(2026, 5, 12), "1", "medical")
    claim_id = course.build("discharge")
    with archive.uow(archive.officer) as u, pytest.raises(UserError, match="草稿"):
        fees.reverse_charge(u, line_id, "重复收费")
    course.finalize(claim_id)
    with archive.uow(archive.officer) as u, pytest.raises(UserError, match="更正") as refused:
        fees.reverse_charge(u, line_id, "重复收费")
    assert f"#{claim_id}" in refused.value.zh and "correct that claim" in refused.value.en
    # The correction's own reversals and replacements need no sign-off.
    with archive.uow(archive.officer) as u:
        corrected = claims.correct_claim(u, claim_id, "检查重复收费", reverse_all=True)
        claims.finalize_claim(u, corrected)


def test_sign_off_binds_the_entries_and_the_gate_blocks_until_it(archive: Archive, engine: Engine) -> None:
    course = make_course(archive)  # its charges are signed off as entered (Course.charge)
    with archive.uow(archive.officer) as u:
        line_id = fees.add_charge(u, course.case_id, fees.ChargeInput(
            archive.codes[XRAY], date(2026, 5, 12), Decimal(1), "medical"))
    with archive.uow() as u:
        report = claim_gate.report(u.session, course.case_id, "discharge", archive.clock.today())
    gap = next(g for g in report.gaps if g.code == "charges_not_signed_off")
    assert gap.blocking and (gap.record_type, gap.record_id) == ("fee_line", line_id)
    assert gap.zh.startswith("费用未经录入人签名确认：1笔") and "not signed off" in gap.en
    with archive.uow(archive.officer) as u, pytest.raises(claim_gate.ClaimBlocked):
        claims.build_claim(u, course.case_id, "discharge")
    # Another person cannot sign it off for the enterer; a wrong password signs nothing.
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed, match="密码"):
        charge_signing.sign_charges(u, course.case_id, "wrong")
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "sign_failed")) == 1
        assert charge_signing.unsigned_entries(u.session, course.case_id, archive.admin) == []
    signature_id = archive.sign_charges(course.case_id)
    with archive.uow() as u:
        items = list(u.session.scalars(select(SignatureItem).where(
            SignatureItem.signature_id == signature_id)))
        assert [(i.record_type, i.record_id) for i in items] == [("fee_entry", line_id)]
        assert charge_signing.unsigned_entries(u.session, course.case_id) == []
    with archive.uow(archive.officer) as u, pytest.raises(UserError, match="没有待您签名确认的费用"):
        charge_signing.sign_charges(u, course.case_id, archive.password_of(archive.officer))
    claim_id = course.build("discharge")
    course.finalize(claim_id)
    # The claim decided payer and claim on the lines: the sign-offs still verify.
    with archive.uow() as u:
        line = u.session.get(FeeLine, line_id)
        assert line is not None and line.claim_id == claim_id and line.coverage != "pending"
        offs = list(u.session.scalars(select(Signature).where(Signature.record_type == "fee_entry")))
        assert len(offs) >= 2 and all(check_signature(u.session, s).valid for s in offs)
        # Any change to what was entered breaks it (hash of the entry part, not the claim's).
        entry = signing.record_content(u.session, "fee_entry", line_id)["content"]
        assert "coverage" not in entry and "claim_id" not in entry and entry["quantity"] == 1
    assert verify_archive(engine).ok
    # Changed behind the app's back (triggers off), the entry no longer matches its sign-off.
    without_guards(engine, f"UPDATE fee_line SET physician_name = '改过' WHERE id = {line_id}")
    report = verify_archive(engine)
    assert any(f"fee_entry #{line_id}" in p.zh and "内容已被改动" in p.zh for p in report.problems)


def test_import_csv_utf8_gbk_and_xlsx_all_or_nothing(archive: Archive) -> None:
    case_id = archive.admitted_case()
    drug, xray = archive.codes[DRUG], archive.codes[XRAY]
    good = ("发生日期,项目编码,费用类别,数量,发生时间,开单科室编码,开单科室,开单医师编码,开单医师\n"
            f"2026-04-10,{drug},drug,2,08:30,KF01,康复医学科,D001,王医生\n"
            f"2026-04-11,{xray},medical,1,14:05,FS01,放射科,D002,刘医生\n")
    bad = good + f"2026-04-12,{drug},drug,abc,,,,,\n2026-04-13,NOPE,drug,1,,,,,\n"
    for data in (bad.encode("utf-8"), bad.encode("gbk")):
        with archive.uow(archive.officer) as u:
            report = fees.import_charge_file(u, case_id, data, "his.csv")
        assert not report.ok and report.imported == () and report.rows == 3
        assert [e.key for e in report.errors] == ["line.4.quantity", "line.5.national_code"]
        assert report.errors[0].field.startswith("第4行") and "line 5" in report.errors[1].en
    assert lines_of(archive, case_id) == []
    for data, name in ((good.encode("gbk"), "his.csv"), (("\ufeff" + good).encode("utf-8"), "his.csv")):
        with archive.uow(archive.officer) as u:
            report = fees.import_charge_file(u, case_id, data, name)
        assert report.ok and len(report.imported) == 2
    rows = lines_of(archive, case_id)
    assert len(rows) == 4
    first = rows[0]
    assert first.occurred_at == china_datetime(date(2026, 4, 10), 8, 30).astimezone(UTC)
    assert (first.dept_code, first.dept_name, first.physician_code, first.physician_name) == (
        "KF01", "康复医学科", "D001", "王医生")
    assert first.created_by_id == archive.officer and first.amount == Decimal("31.60")

    def workbook(*rows: tuple[object, ...]) -> bytes:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(("occurred_on", "national_code", "category", "quantity", "fee_ocur_time",
                      "bilg_dept_name", "bilg_dr_name"))
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    day = datetime(2026, 4, 14)
    with archive.uow(archive.officer) as u:
        report = fees.import_charge_file(u, case_id, workbook(
            (day, drug, "drug", 1, "09:15", "康复医学科", "王医生"), (day, xray, "medical", 0, "", "", "")),
            "his.xlsx")
    assert not report.ok and [e.key for e in report.errors] == ["line.3.quantity"]
    with archive.uow(archive.officer) as u:
        report = fees.import_charge_file(u, case_id, workbook(
            (day, drug, "drug", 1, "09:15", "康复医学科", "王医生"), (day, xray, "medical", 2, "", "", "")),
            "his.xlsx")
    assert report.ok and len(report.imported) == 2
    xlsx = lines_of(archive, case_id)[-2:]
    assert [(r.occurred_on, r.quantity) for r in xlsx] == [(date(2026, 4, 14), 1), (date(2026, 4, 14), 2)]
    assert xlsx[0].occurred_at is not None
    assert xlsx[0].occurred_at.astimezone(CHINA).strftime("%H:%M") == "09:15"
    assert xlsx[0].physician_name == "王医生" and xlsx[1].occurred_at is None


def test_out_of_scope_needs_luzhous_consent_and_meals_are_refused(archive: Archive) -> None:
    case_id = archive.admitted_case()
    item = fees.ChargeInput("ZF-DRUG-9", date(2026, 4, 10), Decimal(2), "drug", out_of_scope=True,
                            name="目录外营养药", unit="盒", unit_price=Decimal("28.35"))
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed) as refused:
        fees.add_charge(u, case_id, item)
    assert "知情同意书" in refused.value.zh and "泸州" in refused.value.zh
    assert "第三十一条" in refused.value.zh
    assert "Luzhou Art. 31" in refused.value.en
    # Knowingly without consent (the institution bears it), or with a signed consent.
    assert charge(archive, case_id, fees.ChargeInput(**{**item.__dict__, "without_consent": True}))
    strokes = synthetic_strokes(3)
    with archive.at(china_datetime(date(2026, 4, 9), 10)):
        with archive.uow(archive.physician) as u:
            recorded = consent.record_consent(u, case_id, consent.ConsentInput(
                (consent.ConsentItemInput("ZF-DRUG-9", 2, "目录外营养药", "盒", Decimal("28.35")),),
                "worker", archive.patient_name(), date(2026, 4, 9)))
        with archive.uow(archive.physician) as u:
            signing.sign(u, [("out_of_scope_consent", recorded.id)], "patient_consents",
                         signing.Signer("patient", archive.patient_name()),
                         handwriting=signing.Handwriting(strokes, render_png(strokes)))
    assert charge(archive, case_id, item)
    with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed) as meals:
        fees.add_charge(u, case_id, fees.ChargeInput(archive.codes[DRUG], date(2026, 4, 10), Decimal(1),
                                                     "meals"))
    assert "伙食补助费" in meals.value.zh and "luzhou" in meals.value.zh and "meal subsidy" in meals.value.en
    assert len(lines_of(archive, case_id)) == 2


def test_order_details_are_kept_and_checked(archive: Archive) -> None:
    case_id = archive.admitted_case()
    code = archive.codes[XRAY]
    line_id = charge(archive, case_id, fees.ChargeInput(
        code, date(2026, 4, 10), Decimal(1), "medical", occurred_at=datetime(2026, 4, 10, 23, 50),
        dept_code="FS01", dept_name="放射科", physician_code="D002", physician_name="刘医生"))
    with archive.uow() as u:
        line = u.session.get(FeeLine, line_id)
        assert line is not None and line.occurred_on == date(2026, 4, 10)
        assert line.occurred_at == datetime(2026, 4, 10, 15, 50, tzinfo=UTC)
        row = charges_view.charges(u.session, case_id, archive.officer).row(line_id)
    assert row is not None and (row.occurred_at, row.dept, row.physician) == (
        "23:50", "放射科（FS01）", "刘医生（D002）")
    assert row.entry and row.signed_by == "" and row.entered_by == "孙档案员"
    for bad, key in ((dict(occurred_at=datetime(2026, 4, 11, 0, 10)), "occurred_at"),
                     (dict(dept_name="=HYPERLINK(1)"), "dept_name"),
                     (dict(physician_code="X" * 31), "physician_code")):
        with archive.uow(archive.officer) as u, pytest.raises(ValidationFailed) as refused:
            fees.add_charge(u, case_id, fees.ChargeInput(code, date(2026, 4, 10), Decimal(1), "medical",
                                                         **bad))  # type: ignore[arg-type]
        assert [e.key for e in refused.value.errors] == [key]
    assert date(2026, 4, 3) == ADMISSION
