"""签署时效 on both engines: each signature's delay from the event it signs, the institution's
limits, the gate warning on late signatures (and, distinctly, signatures after discharge),
the records officer's acknowledgement with a reason before a claim is built, and the
acknowledgement on the claim cover."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.clock import china_datetime
from desktop_app.db.models import AuditEvent, Claim, LateSignatureAck
from desktop_app.documents.claim_cover import build_claim_cover
from desktop_app.documents.execution_sheet import build_execution_sheet
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.claims import claim_gate, late_signatures
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import DischargeInput
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.integrity import signature_timing, signing
from desktop_app.services.integrity.sign_summary_view import records_to_sign
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import archive_export
from desktop_app.services.records.document_view import claim_documents, execution_sheet_data
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive
from tests.documents import samples
from tests.services.test_claims import MAY_SESSIONS, PASSWORD, make_course

DAY = date(2026, 5, 6)


def _timings(archive: Archive, record: tuple[str, int]) -> list[signature_timing.Timing]:
    with archive.uow() as u:
        return signature_timing.record_timings(u.session, *record)


def _report(archive: Archive, case_id: int, period: str = "2026-05") -> claim_gate.GateReport:
    with archive.uow() as u:
        return claim_gate.report(u.session, case_id, period, archive.clock.today())


def _late_codes(report: claim_gate.GateReport) -> dict[str, claim_gate.Gap]:
    return {g.code: g for g in report.gaps if g.code.startswith(("late_signatures", "signed_after"))}


def _patient_signs(archive: Archive, record: tuple[str, int], meaning: str) -> None:
    """The patient signs now (the clock as the test set it; the fixture's helper would sign
    on the event's day)."""
    strokes = synthetic_strokes(7)
    with archive.uow(archive.therapist) as u:
        signing.sign(u, [record], meaning, signing.Signer("patient", "张三"),
                     handwriting=signing.Handwriting(strokes, render_png(strokes)))


def _staff_signs(archive: Archive, record: tuple[str, int]) -> None:
    with archive.uow(archive.therapist) as u:
        signing.sign(u, [record], "therapist_signs",
                     signing.Signer("staff", staff_user_id=archive.therapist, password=PASSWORD))


def _sign_next_day(archive: Archive, session_id: int, day: date = DAY) -> None:
    with archive.at(china_datetime(day + timedelta(days=1), 9)):
        _patient_signs(archive, ("treatment_session", session_id), "patient_confirms_sessions")


def test_a_same_day_signature_is_not_flagged(archive: Archive) -> None:
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, DAY)
    archive.sign_as_patient([("treatment_session", session_id)])  # five minutes after its end
    [timing] = _timings(archive, ("treatment_session", session_id))
    assert timing.delay_days == 0 and not timing.late and not timing.after_discharge
    assert timing.delay == timedelta(minutes=5)
    assert signature_timing.delay_text(timing)[0] == "签署时效：当日签署（治疗结束后5分钟）"
    assert _late_codes(_report(archive, case_id)) == {}


def test_a_signature_the_next_day_is_flagged_with_its_delay(archive: Archive) -> None:
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, DAY)
    _sign_next_day(archive, session_id)
    [timing] = _timings(archive, ("treatment_session", session_id))
    assert timing.delay_days == 1 and timing.late and not timing.after_discharge
    zh, en = signature_timing.delay_text(timing)
    assert zh.startswith("签署时效：晚1天签署（治疗结束后") and "超过时限（当日）" in zh
    assert "1 day(s) later" in en and "beyond the limit (the same day)" in en
    gap = _late_codes(_report(archive, case_id))["late_signatures"]
    assert not gap.blocking and gap.needs_acknowledgement
    assert (gap.record_type, gap.record_id) == ("treatment_session", session_id)
    assert f"治疗记录 #{session_id}" in gap.zh and "晚1天签署" in gap.zh
    assert "待病案人员说明原因并确认" in gap.zh and "to be acknowledged" in gap.en


def test_a_plan_signed_after_discharge_is_flagged_distinctly(archive: Archive) -> None:
    case_id = archive.admitted_case()
    ids = [archive.record_session(case_id, ADMISSION + timedelta(days=n)) for n in (1, 2)]
    archive.sign_as_patient([("treatment_session", i) for i in ids])
    with archive.at(china_datetime(DISCHARGE, 16)), archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    with archive.at(china_datetime(DISCHARGE + timedelta(days=2), 10)):
        _patient_signs(archive, ("treatment_plan", plan_id), "patient_confirms_plan")
    [timing] = _timings(archive, ("treatment_plan", plan_id))
    assert timing.after_discharge and timing.late
    assert "出院后签署" in signature_timing.delay_text(timing)[0]
    codes = _late_codes(_report(archive, case_id, "discharge"))
    assert set(codes) == {"signed_after_discharge"}
    assert codes["signed_after_discharge"].needs_acknowledgement
    assert f"治疗方案 #{plan_id}" in codes["signed_after_discharge"].zh
    assert "出院后签署" in codes["signed_after_discharge"].zh
    # a generous limit does not excuse it: after discharge is late by definition
    with archive.uow(archive.admin) as u:
        signature_timing.set_signature_limits(u, 30, 30)
    assert _timings(archive, ("treatment_plan", plan_id))[0].late


def test_the_limit_setting_changes_the_outcome_per_side(archive: Archive) -> None:
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.therapist, PASSWORD)
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, DAY)
    _sign_next_day(archive, session_id)
    with archive.at(china_datetime(DAY + timedelta(days=1), 9, 30)):
        _staff_signs(archive, ("treatment_session", session_id))
    assert [(t.staff, t.late) for t in _timings(archive, ("treatment_session", session_id))] == [
        (False, True), (True, True)]
    with archive.uow(archive.admin) as u:  # the patient side may sign the next day, staff not
        signature_timing.set_signature_limits(u, 1, 0)
    with archive.uow() as u:
        assert signature_timing.signature_limits(u.session) == signature_timing.Limits(1, 0)
    assert [(t.staff, t.late) for t in _timings(archive, ("treatment_session", session_id))] == [
        (False, False), (True, True)]
    with archive.uow(archive.admin) as u:
        signature_timing.set_signature_limits(u, 1, 1)
    assert _late_codes(_report(archive, case_id)) == {}
    with pytest.raises(ValidationFailed) as refused, archive.uow(archive.admin) as u:
        signature_timing.set_signature_limits(u, -1, 400)
    assert {e.key for e in refused.value.errors} == {"patient_limit", "staff_limit"}


def test_the_claim_waits_for_the_acknowledgement_which_the_cover_shows(
        archive: Archive, engine: Engine, tmp_path: Path) -> None:
    course = make_course(archive)
    late_session = course.sessions[MAY_SESSIONS[0]]
    # the therapist signs a session of 6 May two days later
    with archive.at(china_datetime(MAY_SESSIONS[0] + timedelta(days=2), 8)):
        _staff_signs(archive, ("treatment_session", late_session))
    with pytest.raises(claim_gate.AcknowledgementNeeded) as caught:
        course.build("discharge")
    assert "晚2天签署" in caught.value.zh and "acknowledge" in caught.value.en
    with archive.uow() as u:
        assert u.session.scalar(select(Claim.id)) is None  # nothing written
    with pytest.raises(ValidationFailed) as refused, archive.uow(archive.officer) as u:
        late_signatures.acknowledge(u, course.case_id, "discharge", "  ")
    assert [e.key for e in refused.value.errors] == ["reason"]
    reason = "治疗师外出培训，返岗后补签；已核对治疗记录"
    with archive.uow(archive.officer) as u:
        assert late_signatures.acknowledge(u, course.case_id, "discharge", reason) == 1
    report = _report(archive, course.case_id, "discharge")
    assert report.unacknowledged == ()
    assert "late_signatures_acknowledged" in {g.code for g in report.gaps}
    with archive.uow() as u:
        ack = u.session.scalars(select(LateSignatureAck)).one()
        assert (ack.record_type, ack.record_id, ack.delay_days, ack.after_discharge, ack.reason) == (
            "treatment_session", late_session, 2, False, reason)
        event = u.session.scalars(select(AuditEvent).where(
            AuditEvent.record_type == "late_signature_ack", AuditEvent.action == "create")).one()
        assert event.actor_id == archive.officer and event.case_id == course.case_id
        assert event.details["new"]["reason"] == reason and event.row_sha256
    with pytest.raises(UserError, match="没有需要确认"), archive.uow(archive.officer) as u:
        late_signatures.acknowledge(u, course.case_id, "discharge", reason)
    claim_id = course.build("discharge")
    course.finalize(claim_id)
    view = course.view(claim_id)
    [note] = view.late_signatures
    assert note.reason == reason and note.acknowledged_by == "孙档案员"
    assert note.record_zh == f"治疗记录 #{late_session}" and "晚2天签署" in note.delay_zh
    cover = claim_documents(view).cover
    pdf = build_claim_cover(cover, institution=samples.INSTITUTION, anchor=samples.ANCHOR).pdf
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    flat = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "").replace("\n", "")
    assert "签署时效确认" in flat and "孙档案员" in flat
    assert "治疗师外出培训" in flat and f"治疗记录#{late_session}" in flat
    assert verify_archive(engine).ok  # the acknowledgement reconciles with its audit event
    # the rows are the archive's: append-only whoever connects
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("UPDATE late_signature_ack SET reason = 'x'"))
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("DELETE FROM late_signature_ack"))


def test_the_execution_sheet_prints_each_signatures_delay(archive: Archive) -> None:
    case_id = archive.admitted_case()
    on_time = archive.record_session(case_id, DAY)
    archive.sign_as_patient([("treatment_session", on_time)])
    late = archive.record_session(case_id, DAY + timedelta(days=1))
    _sign_next_day(archive, late, DAY + timedelta(days=1))
    with archive.uow() as u:
        data = execution_sheet_data(u.session, case_id, (DAY, DAY + timedelta(days=1)), "2026-05")
    timings = [m.timing for m in data.signatures]
    assert timings[0].startswith("签署时效：当日签署")
    assert timings[1].startswith("签署时效：晚1天签署") and "超过时限" in timings[1]
    build_execution_sheet(data, institution=samples.INSTITUTION, anchor=samples.ANCHOR)


def test_the_test_helpers_sign_on_time(archive: Archive) -> None:
    """The tests' own helpers sign as a ward does: nothing late in a whole course."""
    course = make_course(archive)
    with archive.uow() as u:
        records = signature_timing.case_records(u.session, course.case_id)
        found = signature_timing.timings(u.session, records)
    assert len(found) >= 5 and [t for t in found if t.late] == []


def test_the_binder_records_each_delay_and_the_acknowledgements(archive: Archive, tmp_path: Path) -> None:
    course = make_course(archive)
    late = course.sessions[MAY_SESSIONS[0]]
    with archive.at(china_datetime(MAY_SESSIONS[0] + timedelta(days=2), 8)):
        _staff_signs(archive, ("treatment_session", late))
    with archive.uow(archive.officer) as u:
        late_signatures.acknowledge(u, course.case_id, "discharge", "补签已核对")
    course.finalize(course.build("discharge"))
    with archive.uow(archive.officer) as u:
        result = archive_export.export_archive(u, course.case_id, tmp_path / "out")
    claims_folder = result.folder / "data" / "06_claims"
    [ack] = json.loads((claims_folder / "late_signature_acknowledgements.json").read_text("utf-8"))
    assert (ack["record_type"], ack["record_id"], ack["delay_days"], ack["reason"]) == (
        "treatment_session", late, 2, "补签已核对")
    sheets = sorted((result.folder / "data" / "04_execution").glob("*.pdf"))
    text = "".join(subprocess.run(["pdftotext", "-layout", str(sheet), "-"], capture_output=True,
                                  text=True, check=True).stdout for sheet in sheets).replace(" ", "")
    assert "签署时效：当日签署" in text and "签署时效：晚2天签署" in text, text


def test_the_sign_summary_names_the_event_and_the_delays_so_far(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with archive.uow() as u:
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
        [line] = records_to_sign(u.session, [("treatment_plan", plan_id)]).lines
    assert line.endswith(f"所签事件：建立 {ADMISSION} 10:00")
    with archive.at(china_datetime(ADMISSION + timedelta(days=2), 9)):
        _patient_signs(archive, ("treatment_plan", plan_id), "patient_confirms_plan")
    with archive.uow() as u:
        [line] = records_to_sign(u.session, [("treatment_plan", plan_id)]).lines
    assert "已签：张三 晚2天签署（建立后47小时0分）；超过时限（当日）" in line
