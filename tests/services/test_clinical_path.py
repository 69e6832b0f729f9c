"""The core clinical path through the services, and bad input refused with nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import (
    Assessment,
    AuditEvent,
    CatalogueItem,
    CataloguePack,
    Employer,
    Injury,
    RehabCase,
    TreatmentPlan,
    TreatmentSession,
    Worker,
)
from desktop_app.errors import ConcurrencyConflict, UserError, ValidationFailed
from desktop_app.services.claims import catalogue
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovedItemInput,
    AssessmentInput,
    DischargeInput,
    EligibilityFacts,
    PlanItemInput,
    SessionInput,
)
from desktop_app.services.intake import intake
from tests.archive_fixture import ADMISSION, APPROVAL, VALID_ID, Archive


def count(archive: Archive, model: type) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(model)) or 0


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def test_whole_path_is_recorded_and_audited(archive: Archive) -> None:
    case_id = archive.admitted_case()
    for offset in range(3):
        with archive.uow(archive.therapist) as u:
            treatment.record_session(u, case_id, archive.session(ADMISSION + timedelta(offset + 1)))
    bi_pre = {k: 0 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                              "toilet", "transfer", "mobility", "stairs")}
    with archive.uow(archive.physician) as u:
        treatment.record_assessment(u, case_id, AssessmentInput(
            "pre", "BI", bi_pre, ADMISSION, archive.physician))
    with archive.uow(archive.physician) as u:
        result = treatment.discharge(u, case_id, DischargeInput(date(2026, 5, 20), "completed",
                                                                None, "home", "same_job"))
    assert result.warnings, "discharge without a post assessment must warn"
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert case.status == "discharged"
        assert case.discharge_date == date(2026, 5, 20)
        assert case.identity_checked_at is not None
        sessions = u.session.scalars(select(TreatmentSession)).all()
        assert [s.session_date for s in sessions] == [ADMISSION + timedelta(d) for d in (1, 2, 3)]
        assessment = u.session.scalars(select(Assessment)).one()
        assert assessment.total == 0 and assessment.grade
        created = u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "treatment_session", AuditEvent.action == "create")).all()
        assert len(created) == 3
        assert {e.actor_id for e in created} == {archive.therapist}
        update = u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "rehab_case", AuditEvent.action == "update")).all()
        assert any(e.details["changes"].get("status", {}).get("new") == "discharged"
                   for e in update)


def test_invalid_id_number_is_refused_and_nothing_written(archive: Archive) -> None:
    audit_before = count(archive, AuditEvent)
    with pytest.raises(ValidationFailed) as caught:
        archive.register(resident_id="110105194912310021")  # wrong check character
    assert "resident_id" in keys(caught.value)
    assert "校验" in caught.value.zh and "check" in caught.value.en.lower()
    for model in (Worker, Employer, Injury, RehabCase):
        assert count(archive, model) == 0
    assert count(archive, AuditEvent) == audit_before


def test_discharge_before_admission_is_refused(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(ADMISSION - timedelta(days=1),
                                                       "completed", None, "home", "same_job"))
    assert "discharge_date" in keys(caught.value)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None and case.status == "admitted" and case.discharge_date is None


def test_session_outside_the_approved_period_is_refused(archive: Archive) -> None:
    case_id = archive.register()
    end = date(2026, 5, 15)
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(period_to=end))
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, archive.plan(period_to=end))
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(date(2026, 5, 20)))
    assert "session_date" in keys(caught.value)
    assert "核准期限" in caught.value.zh
    assert count(archive, TreatmentSession) == 0


def test_extension_opens_the_following_period(archive: Archive) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(period_to=date(2026, 5, 15)))
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            kind="extension", decision_number="延1", decision_date=date(2026, 5, 10),
            period_from=date(2026, 5, 16), period_to=date(2026, 6, 15)))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, archive.plan(period_to=date(2026, 6, 15)))
    with archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(date(2026, 5, 20)))
    assert count(archive, TreatmentSession) == 1


def test_extension_overlapping_the_period_is_refused(archive: Archive) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval())
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            kind="extension", period_from=date(2026, 6, 1), period_to=date(2026, 7, 31)))
    assert "approval_period" in keys(caught.value)


def test_item_not_in_the_plan_is_refused(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
        # 作业疗法 is approved but not in the plan
        treatment.record_session(u, case_id, archive.session(date(2026, 4, 10), "作业疗法"))
    assert "item" in keys(caught.value)
    assert count(archive, TreatmentSession) == 0


def test_plan_item_must_be_approved(archive: Archive) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval())
    plan = archive.plan(items=(PlanItemInput(archive.codes["言语训练"], "每日1次", 5),))
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, plan)
    assert "不在核准项目内" in caught.value.zh
    assert count(archive, TreatmentPlan) == 0


def test_count_beyond_the_approved_count_needs_a_reason_and_is_flagged(archive: Archive) -> None:
    case_id = archive.admitted_case()  # 运动疗法: approved and planned 10 times, 2 a day at most
    day = date(2026, 4, 6)

    def session(n: int, reason: str | None = None) -> SessionInput:
        start = archive.session(day + timedelta(days=n // 2)).started_at + timedelta(hours=n % 2)
        return archive.session(day + timedelta(days=n // 2), started_at=start,
                               ended_at=start + timedelta(minutes=20), limit_reason=reason)

    warnings = []
    for n in range(10):
        with archive.uow(archive.therapist) as u:
            warnings.append(treatment.record_session(u, case_id, session(n)).warnings)
    assert all(not w for w in warnings[:7])
    assert all(w and all(x.warning for x in w) for w in warnings[7:])  # from 80 % of the count
    with archive.uow(archive.therapist) as u, pytest.raises(ValidationFailed) as refused:
        treatment.record_session(u, case_id, session(10))
    assert "超出核准次数" in str(refused.value) or "核准" in str(refused.value)
    assert "泸州" in str(refused.value) and "北京" not in str(refused.value)
    with archive.uow(archive.therapist) as u:
        recorded = treatment.record_session(u, case_id, session(10, "患者病情需要，医嘱加做"))
    assert any("不由工伤保险基金支付" in w.zh for w in recorded.warnings)
    with archive.uow() as u:
        rows = u.session.scalars(select(TreatmentSession).order_by(TreatmentSession.id)).all()
        assert [r.over_approved_count for r in rows] == [False] * 10 + [True]
        assert {"over_approved_count", "beyond_plan"} <= set(rows[-1].limit_flags or ())
        assert rows[-1].limit_reason == "患者病情需要，医嘱加做"


def test_plan_revision_is_a_new_version(archive: Archive) -> None:
    case_id = archive.admitted_case()
    revised = archive.plan(items=(PlanItemInput(archive.codes["运动疗法"], "每日2次", 10),
                                  PlanItemInput(archive.codes["作业疗法"], "每日1次", 10)))
    with archive.uow(archive.physician) as u:
        treatment.revise_plan(u, case_id, revised, "增加作业疗法")
    with archive.uow() as u:
        plans = u.session.scalars(select(TreatmentPlan).order_by(TreatmentPlan.version_no)).all()
        assert [p.version_no for p in plans] == [1, 2]
        assert plans[1].supersedes_id == plans[0].id
        assert len(plans[0].items) == 1 and len(plans[1].items) == 2
        assert plans[1].cost_estimate == sum(i.amount for i in plans[1].items)
        assert plans[1].cost_estimate > plans[0].cost_estimate


def test_identity_check_must_match(archive: Archive) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval())
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, "11010519800101001X"))
    assert "identity_check" in keys(caught.value)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None and case.status == "approved" and case.admission_date is None


def test_ended_insurance_relation_is_not_eligible_in_luzhou(archive: Archive) -> None:
    # The fixture's institution is in 泸州: Luzhou Art. 4 excludes a lapsed insurance
    # relation; employment ended is Beijing Art. 6 only (tests/services/test_region_rules.py).
    with pytest.raises(ValidationFailed) as caught:
        archive.register(eligibility=EligibilityFacts(insurance_relation_ended=True))
    assert "insurance_relation" in keys(caught.value)
    assert count(archive, RehabCase) == 0
    archive.register(eligibility=EligibilityFacts(employment_ended=True))
    assert count(archive, RehabCase) == 1


def test_maintenance_stage_needs_grade_one_to_four(archive: Archive) -> None:
    with pytest.raises(ValidationFailed):
        archive.register(stage="MAINT", disability_grade=7)
    archive.register(stage="MAINT", disability_grade=3)
    assert count(archive, RehabCase) == 1


def test_second_case_reuses_the_worker_but_checks_the_name(archive: Archive) -> None:
    archive.register()
    archive.register(recognition_number="泸人社工认〔2026〕202号", stage="RECUR")
    assert count(archive, Worker) == 1 and count(archive, RehabCase) == 2
    with pytest.raises(ValidationFailed):
        archive.register(name="李四")
    assert count(archive, RehabCase) == 2


def test_assessment_refuses_values_the_instrument_does_not_allow(archive: Archive) -> None:
    case_id = archive.admitted_case()
    values = {k: 0 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                             "toilet", "transfer", "mobility", "stairs")}
    values["feeding"] = 7
    with pytest.raises(ValidationFailed), archive.uow(archive.physician) as u:
        treatment.record_assessment(u, case_id, AssessmentInput(
            "pre", "BI", values, ADMISSION, archive.physician))
    assert count(archive, Assessment) == 0


def test_catalogue_with_one_bad_row_imports_nothing(archive: Archive, tmp_path: Path) -> None:
    good = catalogue.demo_pack_path().read_text(encoding="utf-8-sig").splitlines()
    bad = good[:5] + [good[5].replace(good[5].split(",")[4], "abc", 1)] + good[6:]
    path = tmp_path / "pack.csv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    packs, items = count(archive, CataloguePack), count(archive, CatalogueItem)
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.admin) as u:
        catalogue.import_catalogue(u, path, catalogue.PackInfo(
            region="泸州市", version="2026.1", name="泸州目录", effective_from=date(2026, 1, 1)))
    assert any(e.concerns("row.6") for e in caught.value.errors)
    assert (count(archive, CataloguePack), count(archive, CatalogueItem)) == (packs, items)


def test_the_same_pack_version_cannot_be_imported_twice(archive: Archive) -> None:
    with pytest.raises(ValidationFailed), archive.uow(archive.admin) as u:
        catalogue.import_catalogue(u, catalogue.demo_pack_path(), catalogue.PackInfo(
            region="演示", version="1", name="again", effective_from=date(2020, 1, 1)))


def test_stale_copy_cannot_overwrite_a_newer_one(archive: Archive) -> None:
    case_id = archive.register()
    first, second = archive.uow(), archive.uow()
    with first, second:
        mine = first.session.get(RehabCase, case_id)
        theirs = second.session.get(RehabCase, case_id)
        assert mine is not None and theirs is not None
        mine.treatment_recommendation = "A"
        first.commit()
        theirs.treatment_recommendation = "B"
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None and case.treatment_recommendation == "A"


def test_sessions_need_an_admitted_case(archive: Archive) -> None:
    case_id = archive.register()
    with pytest.raises(UserError), archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(date(2026, 4, 10)))


def test_future_sessions_are_refused(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(ValidationFailed), archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(date(2026, 6, 2)))
    assert count(archive, TreatmentSession) == 0


def test_approved_items_with_zero_count_are_refused(archive: Archive) -> None:
    case_id = archive.register()
    bad = archive.approval(items=(ApprovedItemInput(archive.codes["运动疗法"], "运动疗法", 0),))
    with pytest.raises(ValidationFailed), archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, bad)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None and case.status == "registered"


def test_admission_outside_the_approved_period_is_refused(archive: Archive) -> None:
    case_id = archive.register()
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval())
    with pytest.raises(ValidationFailed), archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(APPROVAL - timedelta(days=1), VALID_ID))
