"""Repeat courses of the same injury (issue 19 item 4), on both engines: a new course of an
injury already registered writes no second injury and names the earlier course it follows and
why; it is refused (Chinese and English, nothing written) while a course of the injury is open,
for another worker's injury, for a case of another injury to follow, and for a relapse outside
the stage RECUR; the earlier courses show their dates, end, return to work and sessions per
item; the intake dialog's choices come from the worker's ID number; readmission within 90 days
follows the link."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.clock import china_datetime
from desktop_app.db.models import AuditEvent, Injury, RehabCase
from desktop_app.domain.statistics.report import Period
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.core.commands import AdmissionInput
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.intake.earlier_courses_view import (
    case_courses,
    earlier_courses,
    injury_courses,
    worker_injuries,
)
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.statistics.stats_view import statistics_report
from tests.archive_fixture import VALID_ID, Archive
from tests.services.test_statistics import by_key, course, resident_id

VALUE = "既往康复有效，旧伤复发后仍有康复价值"
RECOMMENDATION = "运动疗法每日1次，作业疗法每日1次，预计30天"


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def relapse(a: Archive, injury_id: int, **changes: object) -> intake.Registered:
    fields: dict[str, object] = {"resident_id": VALID_ID, "injury_id": injury_id,
                                 "reason": "relapse", "stage": "RECUR", "setting": "inpatient",
                                 "rehab_value_assessment": VALUE,
                                 "rehab_value_date": a.clock.today(),
                                 "treatment_recommendation": RECOMMENDATION, **changes}
    with a.uow(a.officer) as u:
        return intake.register_course(u, intake.CourseInput(**fields))  # type: ignore[arg-type]


def injury_of(a: Archive, case_id: int) -> int:
    with a.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        return case.injury_id


def test_a_relapse_opens_a_linked_course_on_the_same_injury(archive: Archive, engine: Engine) -> None:
    first = archive.discharged_case()  # 2026-04-03 – 2026-05-20, two sessions of 运动疗法
    injury_id = injury_of(archive, first)
    with archive.uow() as u:
        injuries = u.session.scalar(select(func.count()).select_from(Injury))
    done = relapse(archive, injury_id)
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Injury)) == injuries == 1
        case = u.session.get(RehabCase, done.case_id)
        assert case is not None
        assert (case.injury_id, case.previous_case_id, case.course_reason, case.stage) == (
            injury_id, first, "relapse", "RECUR")
        assert case.worker_id == done.worker_id and case.status == "registered"
        assert case.rehab_value_assessment == VALUE
        audited = u.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.record_type == "rehab_case", AuditEvent.record_id == done.case_id))
        assert audited and audited >= 1
        (earlier,) = earlier_courses(u.session, done.case_id)
        assert earlier_courses(u.session, first) == []
        assert [c.case_id for c in case_courses(u.session, first)] == [first, done.case_id]
        assert [c.case_id for c in injury_courses(u.session, injury_id)] == [first, done.case_id]
    assert (earlier.case_id, earlier.admission_date, earlier.discharge_date) == (
        first, date(2026, 4, 3), date(2026, 5, 20))
    assert (earlier.end_reason, earlier.return_to_work, earlier.open) == ("completed", "same_job", False)
    assert earlier.course_reason is None and earlier.previous_case_id is None
    uses = {i.name: (i.used, i.approved) for i in earlier.items}
    assert uses == {"运动疗法": (2, 10), "作业疗法": (0, 20)} and earlier.sessions == 2
    # a repeat application after the relapse course ended, following it by default
    with archive.at(china_datetime(date(2026, 6, 1), 9)), archive.uow(archive.officer) as u:
        second = u.session.get(RehabCase, done.case_id)
        assert second is not None
        second.status = "discharged"  # (a course's discharge is tested elsewhere)
        u.commit()
    again = relapse(archive, injury_id, reason="repeat_application", stage="STABLE")
    with archive.uow() as u:
        third = u.session.get(RehabCase, again.case_id)
        assert third is not None and third.previous_case_id == done.case_id
        assert [c.case_id for c in earlier_courses(u.session, again.case_id)] == [done.case_id, first]
    report = verify_archive(engine)
    assert report.ok, report.lines()


def test_a_new_course_is_refused_while_one_is_open_or_not_the_workers(archive: Archive) -> None:
    open_case = archive.admitted_case()
    injury_id = injury_of(archive, open_case)
    with archive.uow() as u:
        cases = u.session.scalar(select(func.count()).select_from(RehabCase))
    with pytest.raises(ValidationFailed) as caught:
        relapse(archive, injury_id)
    assert keys(caught.value) == {"follows_case"}
    (error,) = caught.value.errors
    assert "尚未出院" in error.zh and "still open" in error.en
    # another worker (registered with their own injury) cannot take this one
    other = archive.register(resident_id=resident_id(7), name="李四",
                             recognition_number="泸人社工认〔2026〕202号")
    with pytest.raises(ValidationFailed) as caught:
        relapse(archive, injury_id, resident_id=resident_id(7))
    assert keys(caught.value) == {"injury", "follows_case"}
    assert any("另一名职工" in e.zh and "another worker" in e.en for e in caught.value.errors)
    # a case of another injury to follow; a relapse outside RECUR; an unknown reason
    with archive.uow(archive.officer) as u:
        u.session.get(RehabCase, open_case).status = "discharged"  # type: ignore[union-attr]
        u.commit()
    with pytest.raises(ValidationFailed) as caught:
        relapse(archive, injury_id, follows_case_id=other)
    assert keys(caught.value) == {"follows_case"}
    assert "不是该工伤的疗程" in caught.value.errors[0].zh
    with pytest.raises(ValidationFailed) as caught:
        relapse(archive, injury_id, stage="STABLE")
    assert keys(caught.value) == {"stage"}
    assert "旧伤复发" in caught.value.errors[0].zh and "RECUR" in caught.value.errors[0].en
    with pytest.raises(ValidationFailed) as caught:
        relapse(archive, injury_id, reason="moved")
    assert keys(caught.value) == {"course_reason"}
    with pytest.raises(UserError) as unknown:
        relapse(archive, 999)
    assert "999" in unknown.value.zh and "999" in unknown.value.en
    with pytest.raises(PermissionDenied), archive.uow(archive.therapist) as u:
        intake.register_course(u, intake.CourseInput(VALID_ID, injury_id, "relapse", "RECUR",
                                                     "inpatient"))
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(RehabCase)) == cases + 1  # 李四's
        assert u.session.scalar(select(func.count()).select_from(Injury)) == 2
    assert relapse(archive, injury_id).case_id > other  # once ended, it may start


def test_the_intake_dialog_finds_the_workers_injuries(archive: Archive) -> None:
    first = archive.discharged_case()
    with archive.uow(archive.officer) as u:
        case = u.session.get(RehabCase, first)
        assert case is not None
        case.rehab_value_assessment, case.treatment_recommendation = VALUE, RECOMMENDATION
        u.commit()
    with archive.uow() as u:
        assert worker_injuries(u.session, "110105194912") == []  # a partial number finds nobody
        assert worker_injuries(u.session, resident_id(9)) == []
        (choice,) = worker_injuries(u.session, VALID_ID.lower())
    assert (choice.worker_name, choice.recognition_number, choice.disease_category) == (
        "张三", "泸人社工认〔2026〕101号", "WI05")
    assert choice.diagnoses == (("S72.001", "股骨颈骨折"),) and choice.injured_body_parts == ("右髋",)
    assert (choice.latest_case_id, choice.open_case_number) == (first, None)
    assert (choice.rehab_value_assessment, choice.treatment_recommendation) == (VALUE, RECOMMENDATION)
    assert choice.employer_name == "泸州市江阳建筑工程有限公司"
    registered = relapse(archive, choice.injury_id)
    with archive.uow() as u:
        (choice,) = worker_injuries(u.session, VALID_ID)
    assert (choice.latest_case_id, choice.open_case_number) == (registered.case_id, registered.case_number)


def test_readmission_within_90_days_follows_the_link(archive: Archive, engine: Engine) -> None:
    """Worker 2's first injury is discharged on 3-30 and its relapse admitted on 5-04 (35 days):
    a readmission of the first course. Worker 2's second injury (admitted 4-06, discharged 4-20)
    is followed by that relapse 14 days later too, but the relapse names the first course: not
    a readmission of the second injury's course."""
    a = archive
    a.clock.current = china_datetime(date(2026, 12, 31), 12)
    first = course(a, 2, date(2026, 3, 2), date(2026, 3, 30))
    other_injury = course_on_new_injury(a)
    with a.at(china_datetime(date(2026, 5, 2), 9)):
        again = relapse(a, injury_of(a, first), resident_id=resident_id(2)).case_id
        with a.uow(a.officer) as u:
            intake.record_approval(u, again, a.approval(
                decision_number="泸工康核〔2026〕复1号", decision_date=date(2026, 5, 2),
                period_from=date(2026, 5, 2), period_to=date(2026, 6, 30)))
    with a.at(china_datetime(date(2026, 5, 4), 9)), a.uow(a.officer) as u:
        intake.admit(u, again, AdmissionInput(date(2026, 5, 4), resident_id(2)))
    with Session(engine) as session:
        year = by_key(statistics_report(session, Period(2026)))
    assert year["discharged"].case_ids == (first, other_injury)
    assert (year["readmission_90"].value, year["readmission_90"].case_ids) == (50.0, (first,))


def course_on_new_injury(a: Archive) -> int:
    """Worker 2's second injury (another recognition decision): 4-06 to 4-20."""
    a.registration_defaults = {"recognition_number": "泸人社工认〔2026〕303号"}
    try:
        return course(a, 2, date(2026, 4, 6), date(2026, 4, 20))
    finally:
        a.registration_defaults = {}
