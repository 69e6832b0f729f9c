"""The agency's answers to a claim on both engines: append-only rows the database guards,
the checks of each answer, the derived desk state, and the correction version after a
deduction or a return — the frozen claim never changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.clock import china_datetime
from desktop_app.db.models import AuditEvent, Claim, ClaimAnswer, FeeLine
from desktop_app.domain.claim_states import DeskState
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.claims import claim_desk_view, claims
from desktop_app.services.claims.claim_answers import (
    DeductionInput,
    issue_correction,
    record_deductions,
    record_paid,
    record_returned,
    record_submitted,
    standing_of,
)
from desktop_app.services.core.permissions import PermissionDenied
from tests.archive_fixture import Archive
from tests.services.test_claims import Course, make_course

SUBMITTED = date(2026, 6, 5)
ANSWERED = date(2026, 6, 20)


def exported_april(archive: Archive) -> tuple[Course, int]:
    course = make_course(archive)
    april = course.build("2026-04")
    course.finalize(april)
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, april)
    archive.clock.current = china_datetime(date(2026, 6, 25), 9)
    return course, april


def state_of(archive: Archive, claim_id: int) -> DeskState:
    with archive.uow() as u:
        return standing_of(u.session, claims.get_claim(u.session, claim_id)).state


def fund_lines(archive: Archive, claim_id: int) -> list[claim_desk_view.LineRow]:
    with archive.uow() as u:
        return [ln for ln in claim_desk_view.claim_lines(u.session, claim_id) if ln.coverage == "fund"]


def test_answers_move_the_desk_state_and_never_touch_the_frozen_claim(archive: Archive) -> None:
    course, april = exported_april(archive)
    with archive.uow() as u:
        claim = claims.get_claim(u.session, april)
        digest, version, fund = claim.frozen_sha256, claim.version, standing_of(u.session, claim).fund
    assert state_of(archive, april) == DeskState.EXPORTED
    with archive.uow(archive.officer) as u:
        answer = record_submitted(u, april, SUBMITTED)
    assert state_of(archive, april) == DeskState.SUBMITTED
    line = fund_lines(archive, april)[0]
    with archive.uow(archive.officer) as u:
        record_deductions(u, april, ANSWERED, [
            DeductionInput(line.fee_line_id, Decimal("10.50"), "超出限定频次")])
    with archive.uow(archive.officer) as u:
        record_paid(u, april, ANSWERED, Decimal("100.00"))
    assert state_of(archive, april) == DeskState.PARTLY_PAID
    due = fund - Decimal("10.50")
    with archive.uow(archive.officer) as u:
        record_paid(u, april, ANSWERED, due - Decimal("100.00"))
    with archive.uow() as u:
        standing = standing_of(u.session, claims.get_claim(u.session, april))
        assert (standing.state, standing.paid, standing.deducted, standing.due) == (
            DeskState.PAID, due, Decimal("10.50"), due)
        claim = claims.get_claim(u.session, april)
        assert (claim.frozen_sha256, claim.version, claim.status) == (digest, version, "exported")
        assert claims.check_frozen(u.session, april)
        event = u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "claim_answer", AuditEvent.record_id == answer)).one()
        assert (event.action, event.actor_id) == ("create", archive.officer)
    with pytest.raises(UserError, match="paid"), archive.uow(archive.officer) as u:
        record_paid(u, april, ANSWERED, Decimal("0.01"))  # a paid claim takes no more
    del course


def test_each_answer_is_checked(archive: Archive) -> None:
    course = make_course(archive)
    april = course.build("2026-04")
    with pytest.raises(UserError, match="draft"), archive.uow(archive.officer) as u:
        record_submitted(u, april, date(2026, 6, 1))  # only an exported claim is submitted
    course.finalize(april)
    with pytest.raises(UserError, match="final"), archive.uow(archive.officer) as u:
        record_submitted(u, april, date(2026, 6, 1))
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, april)
    archive.clock.current = china_datetime(date(2026, 6, 25), 9)
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        record_submitted(u, april, date(2026, 7, 1))
    assert [e.key for e in caught.value.errors] == ["on_date"]  # not in the future
    with pytest.raises(UserError, match="exported"), archive.uow(archive.officer) as u:
        record_paid(u, april, ANSWERED, Decimal("1.00"))  # not submitted yet
    with pytest.raises(PermissionDenied), archive.uow(archive.therapist) as u:
        record_submitted(u, april, SUBMITTED)
    with archive.uow(archive.officer) as u:
        record_submitted(u, april, SUBMITTED)
    lines = fund_lines(archive, april)
    with archive.uow() as u:
        reversal_or_foreign = u.session.scalars(select(FeeLine.id).where(
            (FeeLine.claim_id != april) | FeeLine.claim_id.is_(None))).first()
    too_much = lines[0].amount + Decimal("0.01")
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        record_deductions(u, april, ANSWERED, [
            DeductionInput(lines[0].fee_line_id, too_much, "超额"),
            DeductionInput(lines[1].fee_line_id, Decimal("1.00"), " "),
            DeductionInput(reversal_or_foreign or 0, Decimal("1.00"), "别的申报")])
    assert [e.key for e in caught.value.errors] == [
        "deduction.1.amount", "deduction.2.reason", "deduction.3"]
    assert "超过该行剩余金额" in caught.value.errors[0].zh
    with archive.uow(archive.officer) as u:  # the whole line, in two answers
        record_deductions(u, april, ANSWERED, [DeductionInput(lines[0].fee_line_id, Decimal("1.00"), "部分")])
    with pytest.raises(ValidationFailed), archive.uow(archive.officer) as u:
        record_deductions(u, april, ANSWERED, [DeductionInput(lines[0].fee_line_id, lines[0].amount, "再扣")])
    with archive.uow(archive.officer) as u:
        record_deductions(u, april, ANSWERED, [DeductionInput(
            lines[0].fee_line_id, lines[0].amount - Decimal("1.00"), "其余")])
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        record_returned(u, april, date(2026, 6, 4), "")  # before the submission, no reason
    assert sorted(e.key for e in caught.value.errors) == ["on_date", "reason"]
    with archive.uow() as u:
        assert u.session.scalar(select(ClaimAnswer.id).where(ClaimAnswer.kind == "returned")) is None


def test_answers_are_append_only_in_the_database(archive: Archive, engine: Engine) -> None:
    _course, april = exported_april(archive)
    with archive.uow(archive.officer) as u:
        answer = record_submitted(u, april, SUBMITTED)
    for statement in (f"UPDATE claim_answer SET on_date = '2026-06-06' WHERE id = {answer}",
                      f"DELETE FROM claim_answer WHERE id = {answer}"):
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text(statement))
        assert "REHAB_IMMUTABLE" in str(caught.value), statement
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text("TRUNCATE claim_answer"))
        assert "REHAB_IMMUTABLE" in str(caught.value)
    with archive.uow() as u:
        assert u.session.get(ClaimAnswer, answer) is not None


def test_a_deduction_leads_to_a_correction_version(archive: Archive) -> None:
    _course, april = exported_april(archive)
    with pytest.raises(UserError, match="neither"), archive.uow(archive.officer) as u:
        issue_correction(u, april)
    with archive.uow(archive.officer) as u:
        record_submitted(u, april, SUBMITTED)
    line = fund_lines(archive, april)[0]
    with archive.uow(archive.officer) as u:
        record_deductions(u, april, ANSWERED, [DeductionInput(line.fee_line_id, Decimal("20.00"), "无医嘱")])
    with archive.uow(archive.officer) as u:
        record_paid(u, april, ANSWERED, Decimal("500.00"))
    with archive.uow() as u:
        [row] = claim_desk_view.desk_rows(u.session)
        assert (row.claim_id, row.state, row.deducted, row.paid, row.correction_offered) == (
            april, DeskState.PARTLY_PAID, Decimal("20.00"), Decimal("500.00"), True)
    with archive.uow(archive.officer) as u:
        v2 = issue_correction(u, april)
    with archive.uow() as u:
        new = u.session.get(Claim, v2)
        assert new is not None and (new.supersedes_id, new.version_no, new.status) == (april, 2, "draft")
        assert new.correction_reason is not None and "无医嘱" in new.correction_reason \
            and "20.00" in new.correction_reason
        assert claims.check_frozen(u.session, april)
        rows = claim_desk_view.desk_rows(u.session)
        assert [(r.claim_id, r.state) for r in rows] == [(v2, DeskState.DRAFT)]
        every = claim_desk_view.desk_rows(u.session, all_versions=True)
        assert [(r.claim_id, r.state, r.latest, r.correction_offered) for r in every] == [
            (v2, DeskState.DRAFT, True, False), (april, DeskState.PARTLY_PAID, False, False)]
        assert claim_desk_view.desk_rows(u.session, state="partly_paid") == []
        assert [r.claim_id for r in claim_desk_view.desk_rows(
            u.session, state="partly_paid", all_versions=True)] == [april]


def test_a_return_leads_to_a_correction_version(archive: Archive) -> None:
    _course, april = exported_april(archive)
    with archive.uow(archive.officer) as u:
        record_submitted(u, april, SUBMITTED)
    with archive.uow(archive.officer) as u:
        record_returned(u, april, ANSWERED, "缺少核准通知书复印件")
    assert state_of(archive, april) == DeskState.RETURNED
    with pytest.raises(UserError, match="returned"), archive.uow(archive.officer) as u:
        record_paid(u, april, ANSWERED, Decimal("1.00"))
    with archive.uow(archive.officer) as u:
        v2 = issue_correction(u, april)
    with archive.uow() as u:
        new = u.session.get(Claim, v2)
        assert new is not None and new.correction_reason == \
            f"经办机构 {ANSWERED} 退回：缺少核准通知书复印件"
        lines = claims.lines_of(u.session, v2)
        reversals = [ln for ln in lines if ln.reverses_id is not None]
        assert reversals and len(reversals) * 2 == len(lines)  # each line reversed and claimed again
