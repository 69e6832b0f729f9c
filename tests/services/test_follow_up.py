"""Outcome at discharge and the follow-up at 3/6/12 months (issue 18), on both engines: the
discharge's outcome fields are checked against the vocabulary; a follow-up is recorded only
after discharge, on a day between the discharge and today; its rows never change (a
correction is a newer row, the latest counts); the alerts ask for a due follow-up, also in an
archived case; a disposal destroys the follow-up with its case."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.clock import CHINA
from desktop_app.db.models import AuditEvent, FollowUp, RehabCase
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.clinical import treatment, worklist_view
from desktop_app.services.clinical.follow_up import FollowUpInput, record_follow_up
from desktop_app.services.clinical.follow_up_view import follow_up_sheet, latest_return_to_work
from desktop_app.services.core.commands import DischargeInput
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import disposal, retention
from tests.archive_fixture import DISCHARGE, Archive
from tests.services.test_retention import PASSWORD, in_2056, set_passwords

CONTACT = DISCHARGE + timedelta(days=5)  # 2026-05-25, before the fixture's today (2026-06-01)


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def follow(months: int = 3, on: date = CONTACT, method: str = "phone", status: str = "same_job",
           satisfaction: int | None = None, note: str | None = None) -> FollowUpInput:
    return FollowUpInput(months, on, method, status, satisfaction, note)


def test_discharge_requires_a_known_destination_and_work_status(archive: Archive) -> None:
    case_id = archive.admitted_case()
    for inp, wrong in (
            (DischargeInput(DISCHARGE, "completed"), {"destination", "return_to_work"}),
            (DischargeInput(DISCHARGE, "completed", None, "moon", "same_job"), {"destination"}),
            (DischargeInput(DISCHARGE, "completed", None, "home", "retired"), {"return_to_work"}),
            (DischargeInput(DISCHARGE, "completed", None, "home", "same_job", 6), {"satisfaction"}),
            (DischargeInput(DISCHARGE, "completed", None, "home", "same_job", 0), {"satisfaction"})):
        with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
            treatment.discharge(u, case_id, inp)
        assert keys(caught.value) == wrong, inp
        assert all(e.zh and e.en for e in caught.value.errors)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None and case.status == "admitted" and case.return_to_work is None
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "work",
                                                       "other_job_same_employer", 4))
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert (case.discharge_destination, case.return_to_work, case.discharge_satisfaction) == (
            "work", "other_job_same_employer", 4)
        # Satisfaction is optional (no region asks for it).
    other = archive.admitted_case()
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, other, DischargeInput(DISCHARGE, "completed", None, "home", "not_working"))
    with archive.uow() as u:
        assert latest_return_to_work(u.session, [case_id, other]) == {
            case_id: "other_job_same_employer", other: "not_working"}


def test_a_follow_up_is_checked(archive: Archive) -> None:
    admitted = archive.admitted_case()
    with pytest.raises(UserError, match="not been discharged"), archive.uow(archive.therapist) as u:
        record_follow_up(u, admitted, follow())
    case_id = archive.discharged_case()
    for inp, wrong in ((follow(months=4), {"months"}), (follow(method="email"), {"method"}),
                       (follow(status="retired"), {"return_to_work"}),
                       (follow(status=""), {"return_to_work"}),
                       (follow(on=DISCHARGE - timedelta(days=1)), {"contacted_on"}),
                       (follow(on=archive.clock.today() + timedelta(days=1)), {"contacted_on"}),
                       (follow(satisfaction=9), {"satisfaction"})):
        with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
            record_follow_up(u, case_id, inp)
        assert keys(caught.value) == wrong, inp
    with pytest.raises(PermissionDenied), archive.uow(archive.assistant) as u:
        record_follow_up(u, case_id, follow())
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(FollowUp)) == 0
    with archive.uow(archive.therapist) as u:  # on the day of discharge and today are fine
        record_follow_up(u, case_id, follow(on=DISCHARGE))
    with archive.uow(archive.officer) as u:
        record_follow_up(u, case_id, follow(months=6, on=archive.clock.today(), satisfaction=5))


def test_a_correction_is_a_newer_row_and_the_latest_counts(archive: Archive, engine: Engine) -> None:
    case_id = archive.archived_case()  # recorded after archiving too
    with archive.uow(archive.officer) as u:
        first = record_follow_up(u, case_id, follow(status="not_working", note="电话未接通后回拨"))
    with archive.uow(archive.physician) as u:
        second = record_follow_up(u, case_id, follow(status="other_employer", satisfaction=4))
    with archive.uow() as u:
        sheet = follow_up_sheet(u.session, case_id)
        assert [(m.months, m.due_on) for m in sheet.milestones] == [
            (3, date(2026, 8, 20)), (6, date(2026, 11, 20)), (12, date(2027, 5, 20))]
        three = sheet.milestones[0]
        assert three.latest is not None and (three.latest.id, three.latest.return_to_work,
                                             three.latest.satisfaction, three.earlier) == (
            second, "other_employer", 4, 1)
        assert [r.id for r in sheet.history] == [first, second] and sheet.can_record
        assert sheet.milestones[1].latest is None
        assert latest_return_to_work(u.session, [case_id]) == {case_id: "other_employer"}
        events = u.session.scalars(select(AuditEvent.action).where(
            AuditEvent.record_type == "follow_up")).all()
        assert events == ["create", "create"]
    with archive.uow(archive.officer) as u:  # a later milestone, contacted later: it counts
        record_follow_up(u, case_id, follow(months=6, on=archive.clock.today(), status="vocational_training"))
    with archive.uow() as u:
        assert latest_return_to_work(u.session, [case_id, 999]) == {case_id: "vocational_training"}
    report = verify_archive(engine)  # the rows reconcile with their audit events
    assert report.ok, report.lines()


def test_follow_up_rows_are_append_only_in_the_database(archive: Archive, engine: Engine) -> None:
    case_id = archive.discharged_case()
    with archive.uow(archive.therapist) as u:
        row = record_follow_up(u, case_id, follow())
    for statement in (f"UPDATE follow_up SET return_to_work = 'not_working' WHERE id = {row}",
                      f"DELETE FROM follow_up WHERE id = {row}"):
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text(statement))
        assert "REHAB_IMMUTABLE" in str(caught.value), statement
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text("TRUNCATE follow_up"))
        assert "REHAB_IMMUTABLE" in str(caught.value)
    with archive.uow() as u:
        found = u.session.get(FollowUp, row)
        assert found is not None and found.return_to_work == "same_job"


def test_the_alerts_ask_for_a_due_follow_up_until_it_is_recorded(archive: Archive) -> None:
    open_case = archive.discharged_case()
    archived = archive.archived_case()
    sealed = archive.archived_case()
    with archive.uow(archive.officer) as u:
        retention.seal_case(u, sealed, "医疗纠纷")

    def asked(day: date) -> dict[int, list[str]]:
        with archive.uow() as u:
            found: dict[int, list[str]] = {}
            for alert in worklist_view.alerts(u.session, day):
                if alert.kind.startswith("follow_up"):
                    found.setdefault(alert.case_id, []).append(alert.kind)
            return found

    assert asked(date(2026, 8, 19)) == {}  # not due yet
    assert asked(date(2026, 8, 20)) == {open_case: ["follow_up_due_3"], archived: ["follow_up_due_3"]}
    archive.clock.current = datetime(2026, 8, 21, 9, 0, tzinfo=CHINA)
    with archive.uow(archive.officer) as u:
        record_follow_up(u, archived, follow(on=date(2026, 8, 21)))
    assert asked(date(2026, 8, 21)) == {open_case: ["follow_up_due_3"]}
    assert asked(date(2026, 11, 20)) == {open_case: ["follow_up_due_6"], archived: ["follow_up_due_6"]}
    assert asked(date(2027, 11, 19)) == {open_case: ["follow_up_due_12"], archived: ["follow_up_due_12"]}
    assert asked(date(2027, 11, 20)) == {}  # 18 months after discharge: no longer asked


def test_a_disposal_destroys_the_follow_up_with_its_case(archive: Archive, engine: Engine) -> None:
    case_id = archive.archived_case()
    with archive.uow(archive.officer) as u:
        record_follow_up(u, case_id, follow())
    set_passwords(archive)
    in_2056(archive)
    with archive.uow(archive.officer) as u:
        request_id = disposal.propose(u, [r.id for r in disposal.eligible(u)], "保管期满")
    with archive.uow(archive.admin) as u:
        disposal.approve(u, request_id, PASSWORD)
    for witness in (archive.physician, archive.therapist):
        with archive.uow(witness) as u:
            disposal.witness(u, request_id, PASSWORD)
    with archive.uow(archive.officer) as u:
        disposal.carry_out(u, request_id)
    with archive.uow() as u:
        assert u.session.get(RehabCase, case_id) is None
        assert u.session.scalar(select(func.count()).select_from(FollowUp)) == 0
    report = verify_archive(engine)
    assert report.ok, report.lines()
