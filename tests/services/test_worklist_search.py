"""The home screen's data: today's work per therapist, alerts, and the search box."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import ApprovedItem, Institution
from desktop_app.domain.identity import make_resident_id
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment, worklist_view
from desktop_app.services.core.commands import PrescriptionInput
from desktop_app.services.intake import intake
from desktop_app.services.intake.search_view import search_cases
from desktop_app.services.integrity import signing
from tests.archive_fixture import ADMISSION, VALID_ID, Archive

PASSWORD = "康复2026-secret"
TODAY = date(2026, 6, 1)  # the fixture clock's day


def prescribed_case(archive: Archive) -> tuple[int, int]:
    """An admitted case with a signed prescription of 运动疗法 for the therapist."""
    case_id = archive.admitted_case()
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.physician, PASSWORD)
    with archive.uow(archive.physician) as u:
        prescription_id = treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 10, "每日1次", ADMISSION, archive.physician,
            assigned_therapist_id=archive.therapist)).id
    with archive.uow(archive.physician) as u:
        signing.sign(u, [("prescription", prescription_id)], "physician_signs",
                     signing.Signer("staff", staff_user_id=archive.physician, password=PASSWORD))
    return case_id, prescription_id


def test_todays_work_lists_the_therapists_prescriptions_with_what_was_done(archive: Archive) -> None:
    case_id, prescription_id = prescribed_case(archive)
    earlier = archive.record_session(case_id, ADMISSION + timedelta(days=1))
    archive.sign_as_patient([("treatment_session", earlier)])
    morning = china_datetime(TODAY, 8)
    with archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(
            TODAY, started_at=morning, ended_at=morning + timedelta(minutes=30),
            prescription_id=prescription_id))
    with archive.uow() as u:
        mine = worklist_view.todays_work(u.session, archive.therapist, TODAY)
        others = worklist_view.todays_work(u.session, archive.physician, TODAY)
    assert others == []
    assert len(mine) == 1
    item = mine[0]
    assert (item.case_id, item.prescription_id, item.item_name) == (case_id, prescription_id, "运动疗法")
    assert (item.prescribed_count, item.done_count, item.done_today, item.unsigned_today) == (10, 2, 1, 1)
    assert item.patient_name == "张三"


def test_alerts_of_open_cases(archive: Archive) -> None:
    case_id = archive.admitted_case()  # admitted 59 days ago, no assessment, period ends in 29 days
    session_id = archive.record_session(case_id, ADMISSION + timedelta(days=1))
    archived = archive.archived_case()
    with archive.uow() as u:
        found = worklist_view.alerts(u.session, TODAY)
        near_the_end = worklist_view.alerts(u.session, date(2026, 6, 20))
    kinds = {(a.case_id, a.kind) for a in found}
    # one session in 59 days: the other inpatient days are idle beds (挂床)
    assert kinds == {(case_id, "mid_assessment_due"), (case_id, "unsigned_sessions"),
                     (case_id, "idle_bed")}
    assert all(a.case_id != archived for a in found)
    assert (case_id, "period_ends_14") in {(a.case_id, a.kind) for a in near_the_end}
    archive.sign_as_patient([("treatment_session", session_id)])
    with archive.uow() as u:
        assert "unsigned_sessions" not in {a.kind for a in worklist_view.alerts(u.session, TODAY)}


def test_the_institution_sets_when_the_mid_assessment_is_due(archive: Archive) -> None:
    archive.admitted_case()
    with archive.uow() as u:
        institution = u.session.scalars(select(Institution)).one()
        institution.settings = {**institution.settings, "mid_assessment_after_days": 90}
        u.commit()
    with archive.uow() as u:
        assert worklist_view.mid_assessment_after_days(u.session) == 90
        assert [a.kind for a in worklist_view.alerts(u.session, TODAY)] == ["idle_bed"]


def register(archive: Archive, name: str, sequence: int) -> int:
    resident_id = make_resident_id("510502", date(1980, 1, 2), sequence, "M")
    return archive.register(name=name, resident_id=resident_id)


def test_search_by_short_names_initials_id_and_case_number(archive: Archive) -> None:
    zhang = archive.register()  # 张三, VALID_ID
    wang = register(archive, "王五", 11)
    ouyang = register(archive, "欧阳娜娜", 13)
    zhangsan_feng = register(archive, "张三丰", 15)
    with archive.uow() as u:
        def found(text: str) -> list[int]:
            return [row.id for row in search_cases(u.session, text, TODAY)]

        number = next(r.case_number for r in search_cases(u.session, "王五", TODAY))
        assert found("张三") == [zhang, zhangsan_feng]  # the exact name first
        assert found("王") == [wang]  # one character
        assert found("五") == [wang]  # part of the given name
        assert found("娜娜") == [ouyang]
        assert found("zs") == [zhang, zhangsan_feng]  # pinyin initials, exact first
        assert found("ZSF") == [zhangsan_feng]
        assert found("oyn") == [ouyang]
        assert found(VALID_ID) == [zhang]
        assert found(VALID_ID[:10].lower()) == [zhang]
        assert found(VALID_ID[:-1] + "x") == [zhang]  # a lower-case check character
        assert found(number) == [wang]
        assert found(number[:-1]) == sorted([zhang, wang, ouyang, zhangsan_feng], reverse=True)
        assert found("李") == [] and found("  ") == [] and found("%") == [] and found("_") == []


def test_search_treats_like_wildcards_as_text(archive: Archive) -> None:
    archive.register()
    with archive.uow() as u:
        assert search_cases(u.session, "张%", TODAY) == []
        assert search_cases(u.session, "_三", TODAY) == []
        assert intake.name_initials("张三") == "zs"


def test_sessions_without_an_approved_count(archive: Archive) -> None:
    """An approval may list no items (an early-intervention filing): no count alert, no error."""
    case_id = archive.admitted_case()
    archive.record_session(case_id, ADMISSION + timedelta(days=1))
    with archive.uow() as u:
        facts = {f.case_id: f for f in worklist_view.open_case_facts(u.session)}
        u.session.execute(delete(ApprovedItem))
        u.commit()
    with archive.uow() as u:
        [item] = facts[case_id].counts
        assert item.approved == 10
        [again] = [f for f in worklist_view.open_case_facts(u.session) if f.case_id == case_id]
        assert [(c.done, c.approved) for c in again.counts] == [(1, None)]
        assert "count_exceeded" not in {a.kind for a in worklist_view.alerts(u.session, TODAY)}
