"""Archiving, retention, legal hold, sealing and disposal, on both engines.

The clock moves to 2056 to let the 30-year retention of a 2026 case run out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.clock import CHINA
from desktop_app.db.models import (
    AuditEvent,
    DisposalRecord,
    RehabCase,
    RetentionRecord,
    Signature,
    TreatmentSession,
    Worker,
)
from desktop_app.errors import UserError
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import DischargeInput
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import disposal, retention
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive

PASSWORD = "监销-2056-secret"


def denials(archive: Archive) -> list[dict[str, object]]:
    with archive.uow() as u:
        return [e.details for e in u.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "denied").order_by(AuditEvent.id))]


def test_archiving_locks_the_case_and_keeps_it_30_years(archive: Archive) -> None:
    case_id = archive.archived_case()
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        record = retention.retention_of(u.session, case_id)
        assert case is not None and record is not None
        assert case.record_state == "archived" and case.archived_at is not None
        assert record.retention_start == DISCHARGE
        assert record.retain_until == date(2056, 5, 20)
        assert record.record_class == "inpatient_rehab" and not record.legal_hold
    with pytest.raises(PermissionDenied) as caught, archive.uow(archive.therapist) as u:
        treatment.record_session(u, case_id, archive.session(ADMISSION + timedelta(days=3)))
    assert "已归档" in caught.value.zh
    assert denials(archive)[-1]["action"] == "session.record"


def test_archiving_needs_discharge_and_every_signature(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(UserError) as caught, archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    assert "尚未出院" in caught.value.zh
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
    with pytest.raises(UserError) as caught, archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    assert "未签名" in caught.value.zh and "治疗方案 #" in caught.value.zh  # named, never a code
    assert "treatment plan #" in caught.value.en


def test_deleting_a_case_under_retention_is_refused_by_service_and_database(
        archive: Archive, engine: Engine) -> None:
    case_id = archive.archived_case()
    with pytest.raises(PermissionDenied) as caught, archive.uow(archive.admin) as u:
        retention.delete_case(u, case_id)
    assert "保管期内" in caught.value.zh and "2056-05-20" in caught.value.zh
    assert "under retention" in caught.value.en
    assert denials(archive)[-1]["action"] == "case.delete"
    for statement in (f"DELETE FROM rehab_case WHERE id = {case_id}",
                      f"DELETE FROM treatment_session WHERE case_id = {case_id}",
                      f"DELETE FROM treatment_plan WHERE case_id = {case_id}",
                      "DELETE FROM retention_record",
                      "UPDATE retention_record SET retain_until = '2030-01-01'",
                      "UPDATE retention_record SET disposal_state = 'destroying'",
                      "UPDATE retention_record SET disposal_state = 'destroyed'"):
        with pytest.raises(DBAPIError, match="REHAB_IMMUTABLE"), engine.begin() as conn:
            conn.execute(text(statement))
            pytest.fail(f"not refused: {statement}")
    with archive.uow() as u:
        assert u.session.get(RehabCase, case_id) is not None


def test_a_case_registered_by_mistake_can_be_deleted_by_the_administrator(
        archive: Archive) -> None:
    case_id = archive.register()
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        retention.delete_case(u, case_id)
    with archive.uow(archive.admin) as u:
        retention.delete_case(u, case_id)
    with archive.uow() as u:
        assert u.session.get(RehabCase, case_id) is None
        assert u.session.scalar(select(func.count()).select_from(Worker)) == 0
        deleted = u.session.scalars(select(AuditEvent.record_type).where(
            AuditEvent.action == "delete")).all()
    assert {"rehab_case", "injury", "worker"} <= set(deleted)


def test_retention_only_extends_and_holds_are_recorded(archive: Archive) -> None:
    case_id = archive.archived_case()
    with pytest.raises(UserError), archive.uow(archive.admin) as u:
        retention.extend_retention(u, case_id, date(2050, 1, 1), "缩短")
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        retention.extend_retention(u, case_id, date(2060, 1, 1), "诉讼")
    with archive.uow(archive.admin) as u:
        retention.extend_retention(u, case_id, date(2060, 1, 1), "职业病随访")
    with archive.uow(archive.officer) as u:
        retention.set_legal_hold(u, case_id, True, "劳动争议仲裁")
    with archive.uow(archive.officer) as u:
        rows = retention.retention_report(u)
    assert [(r.case_id, r.retain_until, r.status) for r in rows] == [
        (case_id, date(2060, 1, 1), "held")]


def set_passwords(archive: Archive) -> None:
    for user in (archive.admin, archive.physician, archive.therapist, archive.officer):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, user, PASSWORD)
        archive.passwords[user] = PASSWORD


def in_2056(archive: Archive) -> None:
    archive.clock.current = datetime(2056, 7, 1, 9, 0, tzinfo=CHINA)


def test_disposal_in_2056_removes_the_case_and_keeps_the_disposal_record(
        archive: Archive, engine: Engine) -> None:
    case_id = archive.archived_case()
    kept = archive.register(resident_id="110105196001020258", name="李四")
    set_passwords(archive)
    with archive.uow(archive.officer) as u:
        assert disposal.eligible(u) == []  # still 2026
    in_2056(archive)
    with archive.uow(archive.officer) as u:
        assert [r.status for r in retention.retention_report(u)] == ["expired"]
        retention_ids = [r.id for r in disposal.eligible(u)]
    with archive.uow(archive.officer) as u:
        request_id = disposal.propose(u, retention_ids, "保管期满，经鉴定无继续保存价值")
    with pytest.raises(UserError), archive.uow(archive.officer) as u:
        disposal.carry_out(u, request_id)
    with pytest.raises(DBAPIError) as raw, engine.begin() as conn:
        conn.execute(text("UPDATE retention_record SET disposal_state = 'destroying'"))
    assert "approved, witnessed" in str(raw.value)
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        disposal.approve(u, request_id, PASSWORD)
    with archive.uow(archive.admin) as u:
        disposal.approve(u, request_id, PASSWORD)
    with pytest.raises(UserError), archive.uow(archive.admin) as u:
        disposal.witness(u, request_id, PASSWORD)  # the approver cannot witness
    with archive.uow(archive.physician) as u:
        disposal.witness(u, request_id, PASSWORD)
    with pytest.raises(UserError), archive.uow(archive.officer) as u:
        disposal.carry_out(u, request_id)  # one witness is not enough
    with archive.uow(archive.therapist) as u:
        disposal.witness(u, request_id, PASSWORD)
    with archive.uow(archive.officer) as u:
        disposal_id = disposal.carry_out(u, request_id)
    with archive.uow() as u:
        assert u.session.get(RehabCase, case_id) is None
        assert u.session.get(RehabCase, kept) is not None
        assert u.session.scalar(select(func.count()).select_from(TreatmentSession)) == 0
        assert u.session.scalars(select(Signature.meaning)).all() == [
            "disposal_approves", "disposal_witness", "disposal_witness"]
        record = u.session.get(DisposalRecord, disposal_id)
        assert record is not None and record.state == "destroyed"
        assert record.destroyed_on == date(2056, 7, 1) and len(record.witnesses) == 2
        item = record.items[0]
        assert item["record_id"] == case_id
        assert item["tables"]["treatment_session"]["rows"] == 2
        assert len(item["sha256"]) == 64 and item["attachments_sha256"]
        assert u.session.scalars(select(RetentionRecord.disposal_state)).all() == ["destroyed"]
        events = u.session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "dispose")).all()
    assert events and events[0]["sha256"] == item["sha256"]
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text(f"DELETE FROM disposal_record WHERE id = {disposal_id}"))
    report = verify_archive(engine)
    assert report.ok, report.lines()


def test_a_held_case_is_never_disposed_of(archive: Archive) -> None:
    case_id = archive.archived_case()
    with archive.uow(archive.officer) as u:
        retention.set_legal_hold(u, case_id, True, "工伤待遇诉讼")
    in_2056(archive)
    with archive.uow(archive.officer) as u:
        assert disposal.eligible(u) == []
        retention_id = retention.retention_of(u.session, case_id).id  # type: ignore[union-attr]
    with pytest.raises(UserError) as caught, archive.uow(archive.officer) as u:
        disposal.propose(u, [retention_id], "期满")
    assert "held" in caught.value.en


def test_a_sealed_case_is_read_only_and_its_opening_is_audited(archive: Archive) -> None:
    case_id = archive.archived_case()
    with pytest.raises(PermissionDenied), archive.uow(archive.physician) as u:
        retention.seal_case(u, case_id, "医疗纠纷")
    with archive.uow(archive.officer) as u:
        retention.seal_case(u, case_id, "医疗纠纷，患者申请封存")
    with archive.uow(archive.physician) as u:
        case = retention.open_case(u, case_id)
    assert case.record_state == "sealed"
    with pytest.raises(PermissionDenied) as caught, archive.uow(archive.physician) as u:
        intake.record_approval(u, case_id, archive.approval())
    assert "已封存" in caught.value.zh
    with archive.uow() as u:
        opened = u.session.execute(select(AuditEvent.actor_id, AuditEvent.details).where(
            AuditEvent.action == "open")).all()
    assert [(actor, details["record_state"]) for actor, details in opened] == [
        (archive.physician, "sealed")]


def test_retention_command_lists_due_held_and_expired(
        archive: Archive, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    expired, held = archive.archived_case(), archive.archived_case()
    with archive.uow(archive.officer) as u:
        retention.set_legal_hold(u, held, True, "劳动争议仲裁")
        number = u.session.get(RehabCase, expired).case_number  # type: ignore[union-attr]
    assert main(["--db", db_url, "retention", "--as-of", "2026-07-01"]) == 0
    out = capsys.readouterr().out
    assert "retention as of 2026-07-01: 1" in out and "劳动争议仲裁" in out  # only the hold
    assert main(["--db", db_url, "retention", "--as-of", "2055-12-01"]) == 0
    out = capsys.readouterr().out
    assert f"一年内到期 due\t{number}" in out and "held" in out
    assert main(["--db", db_url, "retention", "--as-of", "2056-07-01"]) == 0
    out = capsys.readouterr().out
    assert f"已过保管期 expired\t{number}" in out and "2026-05-20 ~ 2056-05-20" in out


def test_an_assistants_session_is_archived_only_after_a_licensed_cosignature(
        archive: Archive) -> None:
    for user in (archive.therapist, archive.assistant, archive.officer):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, user, PASSWORD)
        archive.passwords[user] = PASSWORD
    case_id = archive.admitted_case()
    with archive.uow(archive.assistant) as u:
        session_id = treatment.record_session(u, case_id, archive.session(
            ADMISSION + timedelta(days=1), therapist_id=archive.assistant)).id
    with archive.uow() as u:
        plan_id = u.session.scalar(text(f"SELECT id FROM treatment_plan WHERE case_id = {case_id}"))
    archive.sign_as_patient([("treatment_plan", plan_id), ("treatment_session", session_id)])
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
    with pytest.raises(UserError) as caught, archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    assert f"treatment_session #{session_id}" in caught.value.zh and "上级审核" in caught.value.zh
    cosign = signing.Signer("staff", staff_user_id=archive.officer, password=PASSWORD)
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        signing.sign(u, [("treatment_session", session_id)], "reviewer_cosigns", cosign)
    with archive.uow(archive.therapist) as u:
        signing.sign(u, [("treatment_session", session_id)], "reviewer_cosigns",
                     signing.Signer("staff", staff_user_id=archive.therapist, password=PASSWORD))
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)


def test_the_institution_may_keep_archives_longer_never_shorter(archive: Archive) -> None:
    from desktop_app.services.admin import setup

    def settings(years: int) -> setup.InstitutionInput:
        return setup.InstitutionInput(name="测试康复医院", region="泸州市", retention_years=years)

    with pytest.raises(UserError) as caught, archive.uow(archive.admin) as u:
        setup.save_institution(u, settings(20))
    assert "不少于30年" in caught.value.zh
    with archive.uow(archive.admin) as u:
        setup.save_institution(u, settings(40))
    with pytest.raises(UserError), archive.uow(archive.admin) as u:
        setup.save_institution(u, settings(35))  # once longer, never back
    case_id = archive.archived_case()
    with archive.uow() as u:
        record = retention.retention_of(u.session, case_id)
        assert record is not None and record.retain_until == date(2066, 5, 20)
