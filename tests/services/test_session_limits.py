"""Every limit on recording a session, refused or flagged in the words of the case's own
pack (Luzhou for the fixture, Beijing when the institution is in Beijing), and nothing
invalid written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import AuditEvent, CatalogueItem, Institution, RehabCase, TreatmentSession
from desktop_app.domain.identity import make_resident_id
from desktop_app.domain.rules.packs import pack_for
from desktop_app.domain.rules.policy import cite, cite_short_zh
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.clinical import leave, treatment, worklist_view
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovedItemInput,
    DischargeInput,
    PlanItemInput,
    PrescriptionInput,
    SessionInput,
)
from desktop_app.services.intake import intake
from desktop_app.services.rules.session_limits import REASON_KEY, idle_bed_days
from tests.archive_fixture import ADMISSION, APPROVAL, VALID_ID, Archive

DAY = date(2026, 4, 7)  # a Tuesday
OTHER_ID = make_resident_id("510502", date(1980, 1, 2), 11, "M")


def admitted(archive: Archive, *, planned: int = 10, approved: int = 10,
             resident_id: str = VALID_ID, name: str = "张三", number: str = "1") -> int:
    """An admitted inpatient case with 运动疗法 approved and planned as many times as asked."""
    code = archive.codes["运动疗法"]
    case_id = archive.register(resident_id=resident_id, name=name)
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(
            decision_number=f"泸工康核〔2026〕{number}号",
            items=(ApprovedItemInput(code, "运动疗法", approved),)))
    with archive.uow(archive.officer) as u:
        intake.admit(u, case_id, AdmissionInput(ADMISSION, resident_id))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, case_id, archive.plan(
            items=(PlanItemInput(code, "每日1次", planned),)))
    return case_id


def session_at(archive: Archive, day: date, hour: int, minute: int = 0, *, minutes: int = 30,
               **changes: object) -> SessionInput:
    start = china_datetime(day, hour, minute)
    return archive.session(day, started_at=start, ended_at=start + timedelta(minutes=minutes),
                           **changes)


def record(archive: Archive, case_id: int, inp: SessionInput) -> treatment.Recorded:
    with archive.uow(archive.therapist) as u:
        return treatment.record_session(u, case_id, inp)


def sessions(archive: Archive) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(TreatmentSession)) or 0


def set_region(archive: Archive, region: str) -> None:
    """Before the first approval, so the case is judged by that region's pack."""
    with archive.uow() as u:
        u.session.scalars(select(Institution)).one().policy_region = region
        u.commit()


def set_catalogue(archive: Archive, **values: object) -> None:
    with archive.uow() as u:
        item = u.session.scalars(select(CatalogueItem).where(
            CatalogueItem.national_code == archive.codes["运动疗法"])).one()
        for key, value in values.items():
            setattr(item, key, value)
        u.commit()


def set_setting(archive: Archive, key: str, value: object) -> None:
    with archive.uow() as u:
        institution = u.session.scalars(select(Institution)).one()
        institution.settings = {**(institution.settings or {}), key: value}
        u.commit()


# ----------------------------------------------------------------- table of limits

@dataclass(frozen=True)
class Limit:
    name: str
    key: str  # the refusal's key
    topic: str  # the pack topic it cites
    flag: str | None  # recorded with a reason under this flag; None: never recorded
    setup: Callable[[Archive], tuple[int, SessionInput]]


def _therapist_overlap(archive: Archive) -> tuple[int, SessionInput]:
    first = admitted(archive)
    record(archive, first, session_at(archive, DAY, 10))
    other = admitted(archive, resident_id=OTHER_ID, name="李四", number="2")
    return other, session_at(archive, DAY, 10, 15)


def _patient_overlap(archive: Archive) -> tuple[int, SessionInput]:
    case_id = admitted(archive)
    record(archive, case_id, session_at(archive, DAY, 10))
    return case_id, session_at(archive, DAY, 10, 15, therapist_id=archive.assistant)


def _on_leave(archive: Archive) -> tuple[int, SessionInput]:
    case_id = admitted(archive)
    with archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, DAY, DAY + timedelta(days=1), "回家处理家事")
    return case_id, session_at(archive, DAY + timedelta(days=1), 10)


def _outside_hours(archive: Archive) -> tuple[int, SessionInput]:
    set_setting(archive, "opening_hours", ["07:30", "18:00"])
    return admitted(archive), session_at(archive, DAY, 6, 45)


def _beyond_plan(archive: Archive) -> tuple[int, SessionInput]:
    case_id = admitted(archive, planned=2)
    for n in range(2):
        record(archive, case_id, session_at(archive, DAY + timedelta(days=n), 10))
    return case_id, session_at(archive, DAY + timedelta(days=2), 10)


def _beyond_approval(archive: Archive) -> tuple[int, SessionInput]:
    case_id = admitted(archive, approved=2)
    for n in range(2):
        record(archive, case_id, session_at(archive, DAY + timedelta(days=n), 10))
    return case_id, session_at(archive, DAY + timedelta(days=2), 10)


def _max_per_day(archive: Archive) -> tuple[int, SessionInput]:
    case_id = admitted(archive)  # the demo catalogue allows 运动疗法 twice a day
    for hour in (8, 9):
        record(archive, case_id, session_at(archive, DAY, hour))
    return case_id, session_at(archive, DAY, 10)


def _max_per_course(archive: Archive) -> tuple[int, SessionInput]:
    set_catalogue(archive, max_per_course=2)
    case_id = admitted(archive)
    for n in range(2):
        record(archive, case_id, session_at(archive, DAY + timedelta(days=n), 10))
    return case_id, session_at(archive, DAY + timedelta(days=2), 10)


def _indication(archive: Archive) -> tuple[int, SessionInput]:
    set_catalogue(archive, indication="病种=WI01,WI02")  # the case is WI05 (fracture)
    return admitted(archive), session_at(archive, DAY, 10)


LIMITS = [
    Limit("therapist_overlap", "therapist", "records", None, _therapist_overlap),
    Limit("patient_overlap", "started_at", "records", None, _patient_overlap),
    Limit("on_leave", "session_date", "records", None, _on_leave),
    Limit("outside_hours", REASON_KEY, "records", "outside_hours", _outside_hours),
    Limit("beyond_plan", REASON_KEY, "plan_count", "beyond_plan", _beyond_plan),
    Limit("over_approved_count", REASON_KEY, "plan_count", "over_approved_count",
          _beyond_approval),
    Limit("max_per_day", REASON_KEY, "catalogue_limit", "max_per_day", _max_per_day),
    Limit("max_per_course", REASON_KEY, "catalogue_limit", "max_per_course", _max_per_course),
    Limit("indication", REASON_KEY, "catalogue_limit", "indication", _indication),
]
REGIONS = [("luzhou", "泸州", "北京"), ("beijing", "北京", "泸州")]


@pytest.mark.parametrize("limit", LIMITS, ids=[limit.name for limit in LIMITS])
@pytest.mark.parametrize(("region", "own", "foreign"), REGIONS, ids=[r for r, *_ in REGIONS])
def test_each_limit_is_refused_citing_the_cases_own_pack(
        archive: Archive, limit: Limit, region: str, own: str, foreign: str) -> None:
    set_region(archive, region)
    case_id, inp = limit.setup(archive)
    before = sessions(archive)
    with pytest.raises(ValidationFailed) as caught:
        record(archive, case_id, inp)
    refusals = [e for e in caught.value.errors if not e.warning]
    assert [e.key for e in refusals] == [limit.key]
    zh, en = cite(pack_for(region, APPROVAL).basis(limit.topic))
    assert zh in refusals[0].zh and en in refusals[0].en
    assert own in refusals[0].zh and foreign not in refusals[0].zh
    assert sessions(archive) == before, "a refused session is not written"


@pytest.mark.parametrize("limit", [lm for lm in LIMITS if lm.flag],
                         ids=[lm.name for lm in LIMITS if lm.flag])
def test_with_a_stated_reason_it_is_recorded_flagged_and_not_for_the_fund(
        archive: Archive, limit: Limit) -> None:
    case_id, inp = limit.setup(archive)
    recorded = record(archive, case_id, replace(inp, limit_reason=" 医嘱加强训练 "))
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, recorded.id)
        assert row is not None
        assert row.limit_flags == [limit.flag] and row.limit_reason == "医嘱加强训练"
        assert row.over_approved_count == (limit.flag == "over_approved_count")
    zh, en = cite(pack_for("luzhou", APPROVAL).basis(limit.topic))
    told = [w for w in recorded.warnings if zh in w.zh and en in w.en]
    assert told and all(w.warning for w in recorded.warnings)
    if limit.topic != "records":  # the counts and the catalogue: never the fund's
        assert "不由工伤保险基金支付" in told[0].zh and "not billed to the fund" in told[0].en


def test_a_reason_never_lifts_a_conflict(archive: Archive) -> None:
    case_id, inp = _patient_overlap(archive)
    with pytest.raises(ValidationFailed) as caught:
        record(archive, case_id, replace(inp, limit_reason="补记"))
    assert "患者同一时段另有治疗" in caught.value.zh
    assert sessions(archive) == 1


def test_opening_hours_unset_are_not_checked(archive: Archive) -> None:
    case_id = admitted(archive)
    assert record(archive, case_id, session_at(archive, DAY, 5)).warnings == ()


def test_a_back_dated_session_counts_after_the_recorded_ones(archive: Archive) -> None:
    """Recording an earlier day must not silently push a later session beyond the plan."""
    case_id = admitted(archive, planned=2)
    for n in (1, 2):
        record(archive, case_id, session_at(archive, DAY + timedelta(days=n), 10))
    with pytest.raises(ValidationFailed) as caught:
        record(archive, case_id, session_at(archive, DAY, 10))
    assert "超出方案次数" in caught.value.zh


# ----------------------------------------------------------------- warnings near a count

def test_the_plans_and_the_prescriptions_counts_warn_at_80_percent_and_at_the_limit(
        archive: Archive) -> None:
    case_id = admitted(archive, planned=10)
    with archive.uow(archive.physician) as u:
        prescription = treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 5, "每日1次", ADMISSION, archive.physician)).id
    told = []
    for n in range(10):
        recorded = record(archive, case_id, session_at(archive, DAY + timedelta(days=n), 10,
                                                       prescription_id=prescription))
        told.append(" ".join(w.zh for w in recorded.warnings))
    zh, _ = cite(pack_for("luzhou", APPROVAL).basis("plan_count"))
    assert told[:3] == ["", "", ""]
    assert "已做 4/5 次：已达处方次数的 80% 以上" in told[3]
    assert "已做 5/5 次：已达处方次数" in told[4]
    assert "超出处方次数" in told[5]
    assert "方案" not in told[6]
    assert "已做 8/10 次：已达方案次数的 80% 以上" in told[7]
    assert "已做 10/10 次：已达方案次数" in told[9]
    assert all(zh in t for t in told[3:6] + told[7:])
    assert sessions(archive) == 10


def test_a_free_text_indication_is_a_reminder_only(archive: Archive) -> None:
    set_catalogue(archive, indication="骨折术后功能障碍")
    case_id = admitted(archive)
    recorded = record(archive, case_id, session_at(archive, DAY, 10))
    assert [w.key for w in recorded.warnings] == ["item"]
    assert "目录适应症：骨折术后功能障碍" in recorded.warnings[0].zh
    with archive.uow() as u:
        assert u.session.get(TreatmentSession, recorded.id).limit_flags == []  # type: ignore[union-attr]


# ----------------------------------------------------------------- leave

def test_leave_is_recorded_audited_and_listed(archive: Archive) -> None:
    case_id = admitted(archive)
    with archive.uow(archive.therapist) as u:
        leave_id = leave.record_leave(u, case_id, DAY, DAY + timedelta(days=2), " 回家 ")
    with archive.uow() as u:
        [row] = leave.list_leave(u.session, case_id)
        assert (row.id, row.leave_from, row.days, row.reason) == (leave_id, DAY, 3, "回家")
        assert u.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.record_type == "inpatient_leave", AuditEvent.record_id == leave_id,
            AuditEvent.action == "create", AuditEvent.actor_id == archive.therapist)) == 1


@pytest.mark.parametrize(("start", "end", "reason", "message"), [
    (DAY, DAY, "  ", "请假原因不能为空"),
    (DAY + timedelta(days=1), DAY, "回家", "开始日期不能晚于结束日期"),
    (ADMISSION - timedelta(days=1), DAY, "回家", "不能早于入院日期"),
    (DAY - timedelta(days=1), DAY, "回家", f"已有治疗记录，不能登记为请假：{DAY}"),
    (DAY + timedelta(days=3), DAY + timedelta(days=6), "回家", "重叠"),
])
def test_bad_leave_is_refused(archive: Archive, start: date, end: date, reason: str,
                              message: str) -> None:
    case_id = admitted(archive)
    record(archive, case_id, session_at(archive, DAY, 10))
    with archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, DAY + timedelta(days=5), DAY + timedelta(days=8), "探亲")
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, start, end, reason)
    assert message in caught.value.zh
    with archive.uow() as u:
        assert len(leave.list_leave(u.session, case_id)) == 1


def test_leave_only_for_an_admitted_inpatient_and_by_a_clinician(archive: Archive) -> None:
    outpatient = archive.register(setting="outpatient")
    with pytest.raises(UserError), archive.uow(archive.physician) as u:
        leave.record_leave(u, outpatient, DAY, DAY, "回家")
    case_id = admitted(archive, resident_id=OTHER_ID, name="李四", number="2")
    with pytest.raises(UserError), archive.uow(archive.officer) as u:
        leave.record_leave(u, case_id, DAY, DAY, "回家")


# ----------------------------------------------------------------- idle bed days (挂床)

def test_idle_bed_days_are_inpatient_days_without_session_leave_or_rest(archive: Archive) -> None:
    case_id = admitted(archive)
    record(archive, case_id, session_at(archive, date(2026, 4, 7), 10))  # Tuesday
    with archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, date(2026, 4, 8), date(2026, 4, 9), "回家")
    window = (date(2026, 4, 1), date(2026, 4, 12))
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        # admitted on Fri 3 April; Sunday 5 and 12 are rest days by default
        assert idle_bed_days(u.session, case, *window) == [
            date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 6), date(2026, 4, 10),
            date(2026, 4, 11)]
    set_setting(archive, "rest_weekdays", [6, 7])
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert idle_bed_days(u.session, case, *window) == [
            date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 10)]
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(date(2026, 4, 10), "completed",
                                                       None, "home", "same_job"))
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None  # the discharge day is not a bed day
        assert idle_bed_days(u.session, case, *window) == [date(2026, 4, 3), date(2026, 4, 6)]


def test_an_outpatient_has_no_idle_bed_days(archive: Archive) -> None:
    case_id = archive.register(setting="outpatient")
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        case.admission_date = ADMISSION
        assert idle_bed_days(u.session, case, ADMISSION, DAY) == []


def test_the_worklist_alerts_idle_bed_days_in_the_cases_pack(archive: Archive) -> None:
    case_id = admitted(archive)
    today = date(2026, 4, 14)  # a Tuesday: Sunday 12 is a rest day
    for day in (date(2026, 4, 10), date(2026, 4, 13)):
        record(archive, case_id, session_at(archive, day, 10))
    with archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, date(2026, 4, 3), date(2026, 4, 9), "回家")
    with archive.uow() as u:
        [idle] = [a for a in worklist_view.alerts(u.session, today) if a.kind == "idle_bed"]
    assert idle.zh.startswith("1 个住院日无治疗、未请假（挂床）：2026-04-11")
    basis = pack_for("luzhou", APPROVAL).basis("idle_bed")
    assert cite_short_zh(basis) in idle.zh and cite(basis)[1] in idle.en  # a narrow list
    with archive.uow(archive.physician) as u:
        leave.record_leave(u, case_id, date(2026, 4, 11), date(2026, 4, 11), "探亲")
    with archive.uow() as u:
        assert "idle_bed" not in {a.kind for a in worklist_view.alerts(u.session, today)}
