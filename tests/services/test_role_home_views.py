"""The role homes' read models on both engines: a therapist's own patients, a physician's
due items, a records officer's claim tasks, an administrator's system health."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import Institution
from desktop_app.domain.alerts import OK, URGENT, WARNING
from desktop_app.domain.claim_states import DeskState
from desktop_app.services.admin import health_view
from desktop_app.services.claims.claim_desk_view import DeskRow
from desktop_app.services.claims.claim_tasks_view import _desk_task, previous_month
from desktop_app.services.clinical import physician_view, treatment, worklist_view
from desktop_app.services.core.audit import record_event
from desktop_app.services.integrity.verify import record_anchor, verify_archive
from tests.archive_fixture import Archive
from tests.services.test_worklist_search import prescribed_case

TODAY = date(2026, 6, 1)  # the fixture clock's day


def test_a_therapists_own_patients(archive: Archive) -> None:
    case_id, prescription_id = prescribed_case(archive)
    other = archive.discharged_case()  # the therapist performed its sessions (in April)
    with archive.uow() as u:
        mine = worklist_view.own_case_ids(u.session, archive.therapist, TODAY)
        assistants = worklist_view.own_case_ids(u.session, archive.assistant, TODAY)
        home = worklist_view.therapist_home(u.session, archive.therapist, TODAY)
        everyone = worklist_view.alerts(u.session, TODAY)
    assert mine == {case_id, other} and assistants == set()
    assert [p.case_id for p in home.patients] == [case_id]  # the open ones are listed
    assert {a.case_id for a in home.alerts} == {case_id, other}
    assert home.alerts == [a for a in everyone if a.case_id in mine]
    # the assistant's covering session makes the open case theirs for two weeks only; the
    # therapist keeps it by the prescription assigned to them
    start = china_datetime(TODAY - timedelta(days=3), 8)
    with archive.uow(archive.assistant) as u:
        treatment.record_session(u, case_id, archive.session(
            TODAY - timedelta(days=3), therapist_id=archive.assistant, started_at=start,
            ended_at=start + timedelta(minutes=30), prescription_id=prescription_id))
    with archive.uow() as u:
        assert worklist_view.own_case_ids(u.session, archive.assistant, TODAY) == {case_id}
        assert worklist_view.own_case_ids(u.session, archive.assistant, TODAY + timedelta(days=11)) == {
            case_id}
        assert worklist_view.own_case_ids(u.session, archive.assistant, TODAY + timedelta(days=12)) == set()
        assert case_id in worklist_view.own_case_ids(u.session, archive.therapist, TODAY + timedelta(days=90))


def test_a_physicians_due_items(archive: Archive) -> None:
    case_id, _prescription = prescribed_case(archive)
    with archive.uow() as u:
        [facts] = [f for f in physician_view.due_facts(u.session) if f.case_id == case_id]
        tasks = physician_view.physician_tasks(u.session, TODAY)
    assert facts.has_plan and facts.plan_unsigned and facts.prescriptions_unsigned == 0
    assert facts.phases_assessed == frozenset() and facts.approved_until == date(2026, 6, 30)
    assert {t.kind for t in tasks if t.case_id == case_id} == {
        "pre_assessment_due", "mid_assessment_due", "plan_to_sign"}


def test_the_systems_health(archive: Archive, engine: Engine) -> None:
    prescribed_case(archive)  # its prescription signed on 1 June for 3 April: late
    with archive.uow() as u:
        first = {a.kind: a for a in health_view.system_health(u.session, TODAY)}
    assert first["backup"].severity == URGENT and first["verify"].severity == WARNING
    assert first["late_signatures"].severity == WARNING and "1 个签名" in first["late_signatures"].zh
    assert "可用" in first["disk"].zh and first["disk"].severity in (OK, WARNING, URGENT)
    with archive.uow(archive.admin) as u:
        record_event(u.session, "backup", "archive", details={"folder": "/backups/2026-06-01"})
        institution = u.session.scalars(select(Institution)).one()
        institution.agreement_number = "泸工康协〔2026〕3号"
        institution.agreement_valid_to = TODAY + timedelta(days=20)
        u.commit()
    report = verify_archive(engine)
    assert report.ok, report.problems
    assert record_anchor(engine, report, clock=archive.clock) is not None
    with archive.uow() as u:
        health = {a.kind: a for a in health_view.system_health(u.session, TODAY)}
    assert health["backup"].severity == OK and health["backup"].on == TODAY
    assert health["verify"].severity == OK and "完整校验通过" in health["verify"].zh
    assert health["agreement"].severity == WARNING and "泸工康协〔2026〕3号" in health["agreement"].zh
    assert health["agreement"].opens == "institution"


def desk_row(state: DeskState, correction: bool = False) -> DeskRow:
    created = datetime(2026, 6, 2, 17, tzinfo=UTC)  # 3 June in China
    zero = Decimal("0.00")
    return DeskRow(7, 3, "GS2026-000003", "张三", "2026-05", 1, None, True, "final", state,
                   Decimal("100.00"), Decimal("100.00"), zero, zero, Decimal("100.00"), created,
                   created if state != DeskState.DRAFT else None, None,
                   date(2026, 6, 20) if correction else None, None, correction)


def test_each_claim_state_is_a_task_or_none() -> None:
    returned = _desk_task(desk_row(DeskState.RETURNED, correction=True))
    assert returned is not None and (returned.kind, returned.severity) == ("claim_returned", URGENT)
    assert returned.on == date(2026, 6, 20) and "更正版本" in returned.zh and returned.case_id == 3
    draft = _desk_task(desk_row(DeskState.DRAFT))
    assert draft is not None and draft.kind == "claim_draft" and draft.on == date(2026, 6, 3)
    final = _desk_task(desk_row(DeskState.FINAL))
    assert final is not None and final.kind == "claim_export_due" and final.severity == WARNING
    exported = _desk_task(desk_row(DeskState.EXPORTED))
    assert exported is not None and exported.kind == "claim_submit_due"
    assert _desk_task(desk_row(DeskState.PAID)) is None
    assert _desk_task(desk_row(DeskState.SUBMITTED)) is None


def test_the_month_to_claim_is_the_one_before() -> None:
    assert previous_month(date(2026, 6, 1)) == "2026-05"
    assert previous_month(date(2027, 1, 31)) == "2026-12"
