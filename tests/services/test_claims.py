"""Claims on both engines: a hand-computed example, the gate, freezing, corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.clock import china_datetime
from desktop_app.db.models import (
    AuditEvent,
    Claim,
    FeeLine,
    InpatientLeave,
    RehabCase,
    TreatmentSession,
)
from desktop_app.domain.claim_data import ClaimView
from desktop_app.errors import UserError
from desktop_app.services.admin import accounts
from desktop_app.services.claims import claim_gate, claims, fees
from desktop_app.services.claims.claim_view import claim_view
from desktop_app.services.clinical import course_end, treatment
from desktop_app.services.core.commands import (
    AdmissionInput,
    AssessmentInput,
    DischargeInput,
    PlanItemInput,
    PrescriptionInput,
)
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.intake import intake
from desktop_app.services.integrity import amendments, signing
from desktop_app.services.rules import region, session_limits
from tests.archive_fixture import ADMISSION, DISCHARGE, VALID_ID, Archive
from tests.conftest import without_guards

PASSWORD = "结算-口令-2026"
BI = {k: 5 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                     "toilet", "transfer", "mobility", "stairs")}
APRIL_SESSIONS = (date(2026, 4, 6), date(2026, 4, 7), date(2026, 4, 8))
MAY_SESSIONS = (date(2026, 5, 6), date(2026, 5, 7))


@dataclass
class Course:
    """A demo-like inpatient course: 运动疗法 sessions, assessments, other charges."""

    archive: Archive
    case_id: int
    sessions: dict[date, int]

    def uow(self, actor: int):  # type: ignore[no-untyped-def]
        return self.archive.uow(actor)

    @property
    def officer(self) -> int:
        return self.archive.officer

    def charge(self, code_name: str, day: date, quantity: str, category: str, **more: object) -> int:
        code = self.archive.codes.get(code_name, code_name)
        with self.uow(self.officer) as u:
            line_id = fees.add_charge(u, self.case_id, fees.ChargeInput(
                code, day, Decimal(quantity), category, **more))  # type: ignore[arg-type]
        self.archive.sign_charges(self.case_id)  # 录入人签名确认 (charge_signing)
        return line_id

    def build(self, period: str) -> int:
        with self.uow(self.officer) as u:
            return claims.build_claim(u, self.case_id, period)

    def finalize(self, claim_id: int) -> str:
        with self.uow(self.officer) as u:
            return claims.finalize_claim(u, claim_id)

    def view(self, claim_id: int) -> ClaimView:
        with self.archive.uow() as u:
            return claim_view(u.session, claim_id)


def staff_sign(a: Archive, actor: int, records: list[tuple[str, int]], meaning: str) -> None:
    with a.at(a.on_time(records)), a.uow(actor) as u:
        signing.sign(u, records, meaning, signing.Signer("staff", staff_user_id=actor,
                                                         password=PASSWORD))


def make_course(a: Archive, *, sign_all: bool = True, prescribe: bool = False,
                drug_order: dict[str, object] | None = None, charges: bool = True) -> Course:
    """The April–May course; ``drug_order``: the drug line's time and ordering physician;
    ``charges=False``: sessions, signatures and assessments only (the test enters charges)."""
    for staff in (a.physician, a.therapist):
        with a.uow(a.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
        a.passwords[staff] = PASSWORD
    case_id = a.admitted_case()
    with a.uow() as u:
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    a.sign_as_patient([("treatment_plan", plan_id)])
    if prescribe:  # a physician's signed prescription of the plan's item
        with a.uow(a.physician) as u:
            prescription = treatment.prescribe(u, case_id, PrescriptionInput(
                a.codes["运动疗法"], 10, "每日1次", ADMISSION, a.physician, a.therapist,
                "髋关节活动度训练")).id
        staff_sign(a, a.physician, [("prescription", prescription)], "physician_signs")
    sessions = {day: a.record_session(case_id, day) for day in (*APRIL_SESSIONS, *MAY_SESSIONS)}
    signed = [i for d, i in sessions.items() if sign_all or d != MAY_SESSIONS[-1]]
    a.sign_as_therapist(list(sessions.values()), password=PASSWORD)
    a.sign_as_patient([("treatment_session", i) for i in signed])
    for phase, day in (("pre", ADMISSION), ("mid", date(2026, 5, 1)), ("post", date(2026, 5, 19))):
        with a.at(china_datetime(day, 15)), a.uow(a.physician) as u:  # assessed that day
            assessment_id = treatment.record_assessment(u, case_id, AssessmentInput(
                phase, "BI", BI, day, a.physician)).id
        staff_sign(a, a.physician, [("assessment", assessment_id)], "assessor_signs")
    course = Course(a, case_id, sessions)
    if not charges:
        return course
    course.charge("演示药品（布洛芬缓释胶囊 0.3g×20粒）", date(2026, 4, 10), "3", "drug",
                  **(drug_order or {}))
    course.charge("演示检查（X线摄影 单部位）", date(2026, 4, 10), "1", "medical")
    course.charge("演示其他费用（诊断证明书）", date(2026, 4, 12), "2", "other",
                  charge_kind="daily_necessity")
    course.charge("演示床位费（康复病房普通床位）", date(2026, 4, 30), "28", "bed")
    course.charge("X-DRUG-1", date(2026, 5, 8), "2", "drug", out_of_scope=True, without_consent=True,
                  name="目录外营养药", unit="盒", unit_price=Decimal("28.35"))
    course.charge("演示床位费（康复病房普通床位）", date(2026, 5, 19), "19", "bed")
    with a.uow(a.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
    return course


def money(text_: str) -> Decimal:
    return Decimal(text_)


def test_claim_totals_match_the_hand_computed_example(archive: Archive) -> None:
    """April 2026 (window 04-01..04-30):
         运动疗法 85.00 × 1, three sessions (04-06, 04-07, 04-08)       255.00 rehab   fund
         演示药品 15.80 × 3 (04-10)                                      47.40 drug    fund
         演示检查 60.00 × 1 (04-10)                                      60.00 medical fund
         演示其他费用 5.00 × 2 (04-12), daily necessities                10.00 other   excluded
         床位费 40.00 × 28 (04-03..04-30)                              1120.00 bed     fund
         total 1492.40 = fund 1482.40 + excluded 10.00
       At discharge (everything left):
         运动疗法 85.00 × 1, two sessions (05-06, 05-07)                170.00 rehab   fund
         目录外营养药 28.35 × 2 (05-08), no consent                      56.70 drug    institution
         床位费 40.00 × 19 (05-01..05-19)                               760.00 bed     fund
         total 986.70 = fund 930.00 + institution 56.70
    """
    course = make_course(archive)
    april = course.view(course.build("2026-04"))
    t = april.totals
    assert (april.window_from, april.window_to, april.status) == (date(2026, 4, 1), date(2026, 4, 30),
                                                                   "draft")
    assert t.by_category == {"rehab": money("255.00"), "medical": money("60.00"),
                             "drug": money("47.40"), "bed": money("1120.00"), "other": money("10.00")}
    assert t.total == money("1492.40") and t.line_count == 7
    assert t.by_payer == {"fund": money("1482.40"), "self_paid": 0, "institution": 0, "worker": 0,
                          "excluded": money("10.00")}
    assert t.by_category_payer["other"]["excluded"] == money("10.00")
    assert t.settlement.method == "per_item" and t.settlement.fund_amount == money("1482.40")
    necessity = next(ln for ln in april.lines if ln.category == "other")
    # the Luzhou pack's article, never another region's
    assert necessity.coverage_rule == "daily_necessities" and "Luzhou Art. 32(4)" in str(
        necessity.coverage_reason)
    assert not any(other in str(ln.coverage_reason) for ln in april.lines
                   for other in ("Beijing", "Baotou", "Shandong", "Ningxia"))
    assert {ln.performed_by for ln in april.lines if ln.session_id} == {"李治疗师"}
    assert april.cover.worker_name == "张三" and april.cover.approvals[0][1] == "泸工康核〔2026〕1号"

    rest = course.view(course.build("discharge"))
    assert rest.totals.total == money("986.70")
    assert rest.totals.by_payer["fund"] == money("930.00")
    assert rest.totals.by_payer["institution"] == money("56.70")
    out = next(ln for ln in rest.lines if ln.national_code == "X-DRUG-1")
    assert (out.coverage, out.coverage_rule) == ("institution", "out_of_scope_without_consent")
    # every line claimed once
    with archive.uow() as u:
        assert u.session.scalar(select(FeeLine.id).where(FeeLine.claim_id.is_(None))) is None


def test_luzhou_offers_per_item_only_and_names_art_28(archive: Archive) -> None:
    course = make_course(archive)
    with pytest.raises(UserError) as caught, course.uow(archive.officer) as u:
        claims.set_payment_terms(u, course.case_id, "per_bed_day", {"rate": "180.50"})
    assert "Luzhou Art. 28" in caught.value.en and "第二十八条" in caught.value.zh
    assert "Shandong" not in caught.value.en
    totals = course.view(course.build("2026-04")).totals
    assert (totals.pack_code, totals.settlement.method) == ("luzhou/2025-1", "per_item")
    assert "泸州市工伤康复管理暂行办法" in totals.pack_zh
    assert totals.terms_zh.startswith("按服务项目") and "Luzhou Art. 28" in totals.terms_en


def test_per_bed_day_settlement_replaces_the_fund_items(archive: Archive) -> None:
    """Shandong §四(十) offers per bed-day; the claim records the pack and the terms."""
    with archive.uow(archive.admin) as u:
        region.set_policy_region(u, "shandong", "机构在山东")
    course = make_course(archive)
    with course.uow(archive.officer) as u:
        claims.set_payment_terms(u, course.case_id, "per_bed_day", {"rate": "180.50"})
    totals = course.view(course.build("2026-04")).totals
    settlement = totals.settlement
    # 28 bed-days (04-03..04-30) × 180.50 = 5054.00; the fund-payable lines were 1482.40
    assert (settlement.units, settlement.fund_amount) == (28, money("5054.00"))
    assert settlement.difference == money("3571.60")
    assert totals.pack_code == "shandong/2023-17"
    assert totals.terms_en == "per bed-day, rate 180.50 (Shandong §四(十))"
    with pytest.raises(UserError), course.uow(archive.officer) as u:
        claims.set_payment_terms(u, course.case_id, "per_bed_day", {"rate": 180.5})
    with pytest.raises(UserError) as caught, course.uow(archive.officer) as u:
        claims.set_payment_terms(u, course.case_id, "package_course",
                                 {"rate": "9000.00", "course_days": 28})
    assert "Shandong §四(十)" in caught.value.en and "Baotou" not in caught.value.en


def test_one_unsigned_billed_session_blocks_until_the_patient_signs(archive: Archive) -> None:
    course = make_course(archive, sign_all=False)
    unsigned = course.sessions[MAY_SESSIONS[-1]]
    staff_sign(archive, archive.therapist, [("treatment_session", unsigned)], "therapist_signs")
    with pytest.raises(claim_gate.ClaimBlocked) as caught:
        course.build("discharge")  # a staff signature is not the patient's
    blocking = caught.value.report.blocking
    assert [(g.code, g.record_type, g.record_id) for g in blocking] == [
        ("session_not_signed_by_patient", "treatment_session", unsigned)]
    assert "未经患者签字确认" in caught.value.zh and "not signed by the patient" in caught.value.en
    assert "Luzhou Art. 21" in blocking[0].basis_en
    with archive.uow() as u:
        assert u.session.scalar(select(Claim.id)) is None  # nothing written
        assert not claim_gate.report(u.session, course.case_id, "discharge", date(2026, 6, 1)).ok
    archive.sign_as_patient([("treatment_session", unsigned)])
    claim_id = course.build("discharge")
    # no April claim was built: the discharge claim bills the whole stay, 1492.40 + 986.70
    assert course.view(claim_id).totals.total == money("2479.10")


def test_gate_lists_missing_assessments_and_plan_signature(archive: Archive) -> None:
    case_id = archive.admitted_case()
    archive.record_session(case_id, date(2026, 5, 6))
    with archive.uow() as u:
        report = claim_gate.report(u.session, case_id, "2026-05", date(2026, 6, 1))
    codes = {g.code: g for g in report.gaps}
    assert {"plan_not_signed_by_patient", "no_pre_assessment", "no_mid_assessment"} <= set(codes)
    assert codes["plan_not_signed_by_patient"].record_type == "treatment_plan"
    # Luzhou Art. 21: the plan signed and the mid assessment are required, so they block
    assert codes["plan_not_signed_by_patient"].blocking
    assert codes["plan_not_signed_by_patient"].basis_en == "Luzhou Art. 21"
    assert codes["no_mid_assessment"].blocking and "Luzhou Art. 21" in codes["no_mid_assessment"].basis_en
    assert all(g.blocking for g in report.gaps
               if g.code not in ("dates_outside_approval", "idle_bed_days"))
    assert not any(other in g.basis_en for g in report.gaps
                   for other in ("Beijing", "Baotou", "Shandong", "Ningxia"))
    # the mid assessment threshold is the institution's setting
    with archive.uow(archive.admin) as u:
        claim_gate.set_mid_assessment_after_days(u, 60)
    with archive.uow() as u:
        report = claim_gate.report(u.session, case_id, "2026-05", date(2026, 6, 1))
    assert "no_mid_assessment" not in {g.code for g in report.gaps}


def test_the_listing_gate_sees_uncharged_sessions_outside_the_approval(
        archive: Archive, engine: Engine) -> None:
    """A session recorded inside the approved period, then the approval's period moved past
    it (an amendment, here done in the database): the month's listing warns before a build
    charges it, as it warns of a line already billed there."""
    case_id = archive.admitted_case()
    archive.record_session(case_id, date(2026, 5, 6))
    with archive.uow() as u:
        before = claim_gate.report(u.session, case_id, "2026-05", date(2026, 6, 1))
    assert "dates_outside_approval" not in {g.code for g in before.gaps}
    without_guards(engine, "UPDATE approval SET period_from = :day WHERE case_id = :case",
                   day=date(2026, 5, 10), case=case_id)
    with archive.uow() as u:
        after = claim_gate.report(u.session, case_id, "2026-05", date(2026, 6, 1))
    outside = [g for g in after.gaps if g.code == "dates_outside_approval"]
    assert len(outside) == 1 and not outside[0].blocking
    assert "2026-05-06" in outside[0].zh and "1笔" in outside[0].zh


def test_final_claim_is_frozen_for_the_service_the_orm_and_the_database(
        archive: Archive, engine: Engine) -> None:
    course = make_course(archive)
    april = course.build("2026-04")
    digest = course.finalize(april)
    with archive.uow() as u:
        claim = u.session.get(Claim, april)
        assert claim is not None and (claim.status, claim.record_state) == ("final", "signed")
        assert claim.frozen_sha256 == digest and claims.check_frozen(u.session, april)
        line_ids = [ln.id for ln in claims.lines_of(u.session, april)]
    with pytest.raises(UserError, match="already final"):
        course.finalize(april)
    with pytest.raises(UserError):
        course.build("2026-04")  # a final period is corrected, not rebuilt
    with pytest.raises(SignedRecordChange), archive.uow(archive.officer) as u:
        claim = u.session.get(Claim, april)
        assert claim is not None
        claim.totals = {**claim.totals, "total": "1.00"}
        u.commit()
    with pytest.raises(SignedRecordChange), archive.uow(archive.officer) as u:
        line = u.session.get(FeeLine, line_ids[0])
        assert line is not None
        line.amount = Decimal("1.00")
        u.commit()
    other = course.charge("演示检查（X线摄影 单部位）", date(2026, 4, 20), "1", "medical")
    for statement in (f"UPDATE claim SET totals = '{{}}' WHERE id = {april}",
                      f"UPDATE claim SET status = 'draft' WHERE id = {april}",
                      f"UPDATE claim SET record_state = 'draft', status = 'draft' WHERE id = {april}",
                      f"UPDATE fee_line SET amount = 1 WHERE id = {line_ids[0]}",
                      f"UPDATE fee_line SET claim_id = NULL WHERE id = {line_ids[0]}",
                      f"UPDATE fee_line SET claim_id = {april} WHERE id = {other}",
                      f"DELETE FROM fee_line WHERE id = {line_ids[0]}",
                      f"DELETE FROM claim WHERE id = {april}"):
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text(statement))
        assert "REHAB_IMMUTABLE" in str(caught.value), statement
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text("INSERT INTO claim (case_id, period, version_no, status, totals, "
                          "created_at, record_state, version) VALUES (:c, '2026-05', 1, 'final', "
                          "'{}', CURRENT_TIMESTAMP, 'signed', 1)"), {"c": course.case_id})
    assert "REHAB_IMMUTABLE" in str(caught.value)
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, april)
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text(f"UPDATE claim SET status = 'final' WHERE id = {april}"))
    # someone with full access who goes around the triggers is caught by the hash
    without_guards(engine, f"UPDATE fee_line SET amount = 1 WHERE id = {line_ids[0]}")
    with archive.uow() as u:
        assert not claims.check_frozen(u.session, april)
        events = u.session.scalars(select(AuditEvent.action).where(
            AuditEvent.record_type == "claim", AuditEvent.record_id == april)
            .order_by(AuditEvent.id)).all()
    # built (inserted, then its totals), finalized, exported: each audited
    assert events == ["create", "update", "update", "update"]


def test_correction_is_a_new_version_with_reversal_lines(archive: Archive) -> None:
    course = make_course(archive)
    april = course.build("2026-04")
    course.finalize(april)
    first = course.sessions[APRIL_SESSIONS[0]]
    with course.uow(archive.therapist) as u:
        replacement = amendments.amend(u, "treatment_session", first, {"count": 2}, "次数笔误",
                                       password=PASSWORD)
    archive.sign_as_patient([("treatment_session", replacement)])
    with course.uow(archive.officer) as u:
        v2 = claims.correct_claim(u, april, "治疗次数更正")
    view = course.view(v2)
    assert (view.version_no, view.supersedes_id, view.correction_reason) == (2, april, "治疗次数更正")
    with archive.uow() as u:
        original = u.session.scalars(select(FeeLine.id).where(FeeLine.session_id == first,
                                                              FeeLine.claim_id == april)).one()
    reversal = next(ln for ln in view.lines if ln.reverses_id is not None)
    assert (reversal.reverses_id, reversal.quantity, reversal.amount) == (
        original, Decimal(-1), money("-85.00"))
    added = next(ln for ln in view.lines if ln.session_id == replacement)
    assert (added.quantity, added.amount, added.coverage) == (Decimal(2), money("170.00"), "fund")
    # the correction's totals are the difference: -85.00 + 170.00
    assert view.totals.total == money("85.00") and view.totals.by_payer["fund"] == money("85.00")
    with archive.uow() as u:  # the original is untouched
        assert claims.check_frozen(u.session, april)
        assert course.view(april).totals.total == money("1492.40")
    with pytest.raises(UserError), course.uow(archive.officer) as u:
        claims.correct_claim(u, v2, "草稿不能更正")
    course.finalize(v2)
    with pytest.raises(UserError), course.uow(archive.officer) as u:
        claims.correct_claim(u, april, "旧版本")  # only the latest version is corrected
    with pytest.raises(UserError), course.uow(archive.officer) as u:
        claims.correct_claim(u, v2, "没有变化")


def test_correction_after_a_consent_reverses_and_replaces_with_self_paid(archive: Archive) -> None:
    """Luzhou Art. 31: a consent found after the claim moves the item from the
    institution to self-paid; the correction reverses and replaces the line."""
    course = make_course(archive)
    rest = course.build("discharge")
    course.finalize(rest)
    with archive.uow(archive.officer) as u:
        from desktop_app.db.models import OutOfScopeConsent

        consent = OutOfScopeConsent(
            case_id=course.case_id, items=[{"national_code": "X-DRUG-1", "name": "目录外营养药"}],
            amount=Decimal("56.70"), signer_kind="worker", signer_name="张三",
            signed_on=date(2026, 5, 8), created_at=archive.clock.now())
        u.session.add(consent)
        u.session.flush()
        consent_id = consent.id
        u.commit()
    archive.sign_as_patient([("out_of_scope_consent", consent_id)])
    with course.uow(archive.officer) as u:
        v2 = claims.correct_claim(u, rest, "补交自费同意书")
    by_payer = course.view(v2).totals.by_payer
    assert by_payer["institution"] == money("-56.70") and by_payer["self_paid"] == money("56.70")


def test_course_end_and_refusal_to_leave_put_later_costs_on_the_worker(archive: Archive) -> None:
    course = make_course(archive)
    with course.uow(archive.physician) as u:
        course_end.record_course_end(u, course.case_id, date(2026, 5, 6), "worker_refused")
    view = course.view(course.build("discharge"))
    later = [ln for ln in view.lines if ln.occurred_on > date(2026, 5, 6)]
    assert later and all(ln.coverage == "worker" for ln in later)
    # after 05-06: 运动疗法 05-07 85.00 + 目录外 56.70 + 床位 760.00 (dated 05-19) = 901.70;
    # up to it: April's 1482.40 fund + 运动疗法 05-06 85.00 = 1567.40
    assert view.totals.by_payer["worker"] == money("901.70")
    assert view.totals.by_payer["fund"] == money("1567.40")


def test_csv_import_is_all_or_nothing(archive: Archive) -> None:
    case_id = archive.admitted_case()
    drug = archive.codes["演示药品（布洛芬缓释胶囊 0.3g×20粒）"]
    bad = (f"occurred_on,national_code,category,quantity,unit_price\n"
           f"2026-04-10,{drug},drug,2,\n"
           f"2026-04-11,{drug},drug,1,99.00\n"
           f"2026-04-12,NOPE,drug,1,\n")
    with archive.uow(archive.officer) as u:
        report = fees.import_charges(u, case_id, bad)
    assert not report.ok and report.imported == ()
    assert [e.key for e in report.errors] == ["line.3.unit_price", "line.4.national_code"]
    assert report.errors[0].en.startswith("line 3:")
    with archive.uow() as u:
        assert u.session.scalar(select(FeeLine.id).where(FeeLine.case_id == case_id)) is None
    good = f"occurred_on,national_code,category,quantity\n2026-04-10,{drug},drug,2\n"
    with archive.uow(archive.officer) as u:
        report = fees.import_charges(u, case_id, good)
    assert report.ok and len(report.imported) == 1
    with archive.uow() as u:
        line = u.session.get(FeeLine, report.imported[0])
        assert line is not None and line.amount == money("31.60")


def test_beijing_gate_warns_where_luzhou_blocks_and_cites_only_beijing(archive: Archive) -> None:
    """Beijing Art. 10 only asks that the patient be told of the plan, and no text sets a
    mid assessment: both are warnings there, citing Beijing or the institution setting."""
    with archive.uow(archive.admin) as u:
        region.set_policy_region(u, "beijing", "机构迁址北京")
    case_id = archive.admitted_case()
    archive.record_session(case_id, date(2026, 5, 6))
    with archive.uow() as u:
        report = claim_gate.report(u.session, case_id, "2026-05", date(2026, 6, 1))
    codes = {g.code: g for g in report.gaps}
    plan, mid = codes["plan_not_signed_by_patient"], codes["no_mid_assessment"]
    assert not plan.blocking and plan.basis_en == "Beijing Art. 10"
    assert not mid.blocking and mid.basis_en.startswith("Institution setting")
    assert codes["no_approval" if "no_approval" in codes else "no_pre_assessment"].blocking
    assert "Beijing Art. 11" in codes["no_pre_assessment"].basis_en
    assert not any("Luzhou" in g.basis_en for g in report.gaps)


def test_idle_inpatient_days_are_a_gate_warning(archive: Archive) -> None:
    case_id = archive.admitted_case()  # admitted 2026-04-03 (a Friday)
    archive.record_session(case_id, date(2026, 4, 6))
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        idle = session_limits.idle_bed_days(u.session, case, date(2026, 4, 1), date(2026, 4, 8))
        u.session.add(InpatientLeave(case_id=case_id, leave_from=date(2026, 4, 7),
                                     leave_to=date(2026, 4, 7), reason="回家",
                                     created_at=archive.clock.now()))
        u.commit()
    # 04-03, 04-04, 04-07, 04-08 idle; 04-05 is a Sunday (rest day), 04-06 has a session
    assert idle == [date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 7), date(2026, 4, 8)]
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        after_leave = session_limits.idle_bed_days(u.session, case, date(2026, 4, 1),
                                                   date(2026, 4, 8))
        report = claim_gate.report(u.session, case_id, "2026-04", date(2026, 6, 1))
    assert date(2026, 4, 7) not in after_leave
    gap = next(g for g in report.gaps if g.code == "idle_bed_days")
    assert not gap.blocking and "2026-04-03" in gap.zh and "Luzhou Art. 29" in gap.basis_en


def test_beyond_plan_and_overlapping_sessions_never_go_on_the_fund(archive: Archive) -> None:
    """Real data: a plan of 3 运动疗法; five sessions, two of them overlapping (the second
    inserted directly, as recording refuses it), the fifth beyond the plan's count."""
    for staff in (archive.physician, archive.therapist):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, staff, PASSWORD)
        archive.passwords[staff] = PASSWORD
    code = archive.codes["运动疗法"]
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval())
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
    with archive.uow(archive.physician) as u:
        plan_id = treatment.create_plan(u, case_id, archive.plan(
            items=(PlanItemInput(code, "每日1次", 3),))).id
    days = (date(2026, 4, 6), date(2026, 4, 7), date(2026, 4, 8))
    ids = [archive.record_session(case_id, d) for d in days]
    with archive.uow(archive.therapist) as u:
        third = u.session.get(TreatmentSession, ids[2])
        assert third is not None
        start = third.started_at + timedelta(minutes=15)  # inside the third session
        row = TreatmentSession(
            case_id=case_id, national_code=code, item_name="运动疗法",
            therapist_id=archive.therapist, session_date=date(2026, 4, 8), started_at=start,
            ended_at=start + timedelta(minutes=30), count=1, over_approved_count=False,
            created_at=archive.clock.now(), created_by_id=archive.therapist)
        u.session.add(row)
        u.session.flush()
        overlap = row.id
        u.commit()
    with archive.uow(archive.therapist) as u:
        beyond = treatment.record_session(u, case_id, archive.session(
            date(2026, 4, 9), limit_reason="患者要求加做一次")).id
    archive.sign_as_patient([("treatment_plan", plan_id)])
    archive.sign_as_therapist([*ids, overlap, beyond], password=PASSWORD)
    archive.sign_as_patient([("treatment_session", i) for i in (*ids, overlap, beyond)])
    with archive.uow(archive.physician) as u:
        pre = treatment.record_assessment(u, case_id, AssessmentInput(
            "pre", "BI", BI, ADMISSION, archive.physician)).id
    staff_sign(archive, archive.physician, [("assessment", pre)], "assessor_signs")
    with archive.uow() as u:
        report = claim_gate.report(u.session, case_id, "2026-04", date(2026, 6, 1))
    warned = {g.code: g for g in report.warnings}
    assert report.ok and {"limit_beyond_plan", "limit_patient_overlap"} <= set(warned)
    assert "Luzhou Art. 32(1)" in warned["limit_beyond_plan"].basis_en
    assert warned["limit_patient_overlap"].basis_en == "Luzhou Art. 29"
    with archive.uow(archive.officer) as u:
        claim_id = claims.build_claim(u, case_id, "2026-04")
    with archive.uow() as u:
        lines = {ln.session_id: ln for ln in claim_view(u.session, claim_id).lines}
    assert {lines[i].coverage for i in ids[:2]} == {"fund"}
    for session_id in (ids[2], overlap):
        assert lines[session_id].coverage == "excluded"
        assert lines[session_id].coverage_rule == "record_conflict"
        assert "Luzhou Art. 29" in str(lines[session_id].coverage_reason)
    assert (lines[beyond].coverage, lines[beyond].coverage_rule) == ("excluded", "beyond_plan")
    assert "Luzhou Art. 32(1)" in str(lines[beyond].coverage_reason)
    # Building decides from the gate's own judgements: the same decisions as judged afresh.
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        claim = u.session.get(Claim, claim_id)
        assert case is not None and claim is not None
        billed = claims.lines_of(u.session, claim_id)
        gate = claim_gate.check(u.session, case, "2026-04", claims._window(claim), billed)
        assert gate.judged_for == {ln.session_id for ln in billed}
        assert claims.decide(u.session, case, billed, gate) == claims.decide(u.session, case, billed)
        assert claims.decide(u.session, case, billed[:2], gate) == claims.decide(u.session, case, billed[:2])


def test_one_off_subsidy_date_excludes_later_costs_luzhou_32_9(archive: Archive) -> None:
    course = make_course(archive)
    with pytest.raises(UserError), course.uow(archive.therapist) as u:
        course_end.record_one_off_subsidy(u, course.case_id, date(2026, 5, 7))  # not theirs
    with course.uow(archive.officer) as u:
        course_end.record_one_off_subsidy(u, course.case_id, date(2026, 5, 7))
    view = course.view(course.build("discharge"))
    later = [ln for ln in view.lines if ln.occurred_on >= date(2026, 5, 7)]
    assert later and all(ln.coverage_rule == "after_one_off_subsidy" for ln in later)
    assert all("Luzhou Art. 32(9)" in str(ln.coverage_reason) for ln in later)
    assert {ln.coverage for ln in view.lines if ln.occurred_on < date(2026, 5, 7)
            and ln.category != "other"} == {"fund"}
