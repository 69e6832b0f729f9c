"""实施人签名: a session is billed and archived only once the therapist who performed it
(or, for an assistant's session, a supervising therapist) has signed its current content,
besides the patient. Signing at recording, the day at once, and co-signing assistants."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEvent, Signature, SignatureItem, TreatmentSession
from desktop_app.documents.execution_sheet import build_execution_sheet
from desktop_app.domain.vocabulary import Meaning
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import claim_gate, claims
from desktop_app.services.clinical import session_signing, treatment, worklist_view
from desktop_app.services.clinical.execution_sheet_view import awaiting_therapist, sheet_rows
from desktop_app.services.core.commands import AssessmentInput
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.integrity import signing
from desktop_app.services.records import document_view
from tests.archive_fixture import ADMISSION, STAFF_PASSWORD, Archive
from tests.documents.samples import ANCHOR, INSTITUTION

BI = {k: 5 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                     "toilet", "transfer", "mobility", "stairs")}
DAY = ADMISSION + timedelta(days=3)  # 2026-04-06, a Monday
TODAY = date(2026, 6, 1)


def passwords(archive: Archive, *staff: int) -> None:
    for user in staff:
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, user, STAFF_PASSWORD, hasher=accounts.DEMO_HASHER)
        archive.passwords[user] = STAFF_PASSWORD


def claimable_case(archive: Archive) -> int:
    """Admitted, plan signed by the patient, a signed pre-assessment: an April claim
    passes the gate once its sessions are signed."""
    passwords(archive, archive.physician, archive.therapist, archive.assistant)
    case_id = archive.admitted_case()
    with archive.uow() as u:
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    archive.sign_as_patient([("treatment_plan", plan_id)])
    with archive.uow(archive.physician) as u:
        pre = treatment.record_assessment(u, case_id, AssessmentInput(
            "pre", "BI", BI, ADMISSION, archive.physician)).id
    with archive.uow(archive.physician) as u:
        signing.sign(u, [("assessment", pre)], Meaning.ASSESSOR_SIGNS, signing.Signer(
            "staff", staff_user_id=archive.physician, password=STAFF_PASSWORD))
    return case_id


def gate(archive: Archive, case_id: int) -> claim_gate.GateReport:
    with archive.uow() as u:
        return claim_gate.report(u.session, case_id, "2026-04", TODAY)


def therapist_gaps(report: claim_gate.GateReport) -> list[tuple[str, str, int]]:
    return [(g.code, g.record_type, g.record_id) for g in report.blocking
            if g.code == "session_not_signed_by_therapist"]


def other_therapist(archive: Archive) -> int:
    with archive.uow(archive.admin) as u:
        other = setup.add_staff(u, "pt2", "周治疗师", "therapist", licence_number="LIC-pt2")
    passwords(archive, other)
    return other


def test_the_gate_blocks_a_session_the_therapist_has_not_signed(archive: Archive) -> None:
    case_id = claimable_case(archive)
    session_id = archive.record_session(case_id, DAY)
    archive.sign_as_patient([("treatment_session", session_id)])
    report = gate(archive, case_id)
    assert therapist_gaps(report) == [("session_not_signed_by_therapist", "treatment_session", session_id)]
    gap = report.blocking[0]
    assert f"#{session_id}" in gap.zh and "实施人" in gap.zh
    assert f"Session #{session_id}" in gap.en and "therapist who performed it" in gap.en
    with pytest.raises(claim_gate.ClaimBlocked) as caught, archive.uow(archive.officer) as u:
        claims.build_claim(u, case_id, "2026-04")
    assert f"治疗记录 #{session_id}" in caught.value.zh
    archive.sign_as_therapist([session_id])
    assert gate(archive, case_id).ok


def test_a_signature_by_a_therapist_who_did_not_perform_does_not_count(archive: Archive) -> None:
    case_id = claimable_case(archive)
    session_id = archive.record_session(case_id, DAY)
    archive.sign_as_patient([("treatment_session", session_id)])
    other = other_therapist(archive)
    archive.sign_as_therapist([session_id], actor=other)  # signed, but not by its performer
    assert therapist_gaps(gate(archive, case_id)) == [
        ("session_not_signed_by_therapist", "treatment_session", session_id)]
    with archive.uow() as u:  # nor does it count as a performer's day signature
        assert session_signing.awaiting_own_signature(u.session, archive.therapist, DAY) == [session_id]
        assert session_signing.awaiting_own_signature(u.session, other, DAY) == []


def test_one_password_signature_covers_the_days_sessions(archive: Archive) -> None:
    case_id = claimable_case(archive)
    first = archive.record_session(case_id, DAY)
    with archive.uow(archive.therapist) as u:
        second = treatment.record_session(u, case_id, archive.session(
            DAY, started_at=archive.session(DAY).started_at + timedelta(hours=2),
            ended_at=archive.session(DAY).ended_at + timedelta(hours=2))).id
    elsewhere = archive.record_session(case_id, DAY + timedelta(days=1))
    archive.sign_as_patient([("treatment_session", i) for i in (first, second, elsewhere)])
    with pytest.raises(ValidationFailed) as wrong, archive.uow(archive.therapist) as u:
        session_signing.sign_day(u, DAY, "not-the-password")
    assert wrong.value.errors[0].key == "password"
    with archive.uow(archive.therapist) as u:
        signature_id = session_signing.sign_day(u, DAY, STAFF_PASSWORD)
    with archive.uow() as u:
        covered = sorted(u.session.scalars(select(SignatureItem.record_id).where(
            SignatureItem.signature_id == signature_id)))
        signature = u.session.get(Signature, signature_id)
        assert signature is not None and signature.meaning == Meaning.THERAPIST_SIGNS
        assert signature.method == "password" and signature.staff_user_id == archive.therapist
    assert covered == sorted([first, second])
    assert therapist_gaps(gate(archive, case_id)) == [
        ("session_not_signed_by_therapist", "treatment_session", elsewhere)]
    with pytest.raises(UserError) as nothing, archive.uow(archive.therapist) as u:
        session_signing.sign_day(u, DAY, STAFF_PASSWORD)  # nothing left that day
    assert "没有" in nothing.value.zh


def test_an_assistants_session_needs_a_supervisors_cosignature(archive: Archive) -> None:
    case_id = claimable_case(archive)
    start = archive.session(DAY).started_at
    with archive.uow(archive.assistant) as u:
        session_id = treatment.record_session(u, case_id, archive.session(
            DAY, therapist_id=archive.assistant)).id
    archive.sign_as_patient([("treatment_session", session_id)])
    # the assistant's own signature is not enough
    archive.sign_as_therapist([session_id], actor=archive.assistant)
    report = gate(archive, case_id)
    assert therapist_gaps(report) == [("session_not_signed_by_therapist", "treatment_session", session_id)]
    assert "助理" in report.blocking[0].zh and "co-signature" in report.blocking[0].en
    with archive.uow() as u:
        assert session_signing.awaiting_cosignature(u.session, archive.therapist, DAY) == [session_id]
        assert session_signing.awaiting_own_signature(u.session, archive.assistant, DAY) == []
    with archive.uow(archive.therapist) as u:
        session_signing.cosign_day(u, DAY, STAFF_PASSWORD)
    assert gate(archive, case_id).ok
    with archive.uow() as u:
        mark = session_signing.performer_signatures(u.session, [session_id])[session_id]
        assert mark.cosigned and mark.signer_name == "李治疗师"
        assert session_signing.awaiting_cosignature(u.session, archive.therapist, DAY) == []
    assert start.date() == DAY


def test_recording_and_signing_in_one_step(archive: Archive) -> None:
    case_id = claimable_case(archive)
    with pytest.raises(ValidationFailed) as wrong, archive.uow(archive.therapist) as u:
        session_signing.record_and_sign(u, case_id, archive.session(DAY), "wrong-password")
    assert wrong.value.errors[0].key == "password"
    with archive.uow() as u:  # nothing recorded; the attempt audited
        assert u.session.scalar(select(func.count()).select_from(TreatmentSession)) == 0
        assert u.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "sign_failed")) == 1
    with pytest.raises(ValidationFailed) as other, archive.uow(archive.therapist) as u:
        session_signing.record_and_sign(u, case_id, archive.session(
            DAY, therapist_id=archive.assistant), STAFF_PASSWORD)  # for someone else
    assert other.value.errors[0].key == "therapist"
    with archive.uow(archive.therapist) as u:
        recorded = session_signing.record_and_sign(u, case_id, archive.session(DAY), STAFF_PASSWORD)
    with archive.uow() as u:
        rows = sheet_rows(u.session, case_id)
        assert [r.session_id for r in rows] == [recorded.id]
        assert rows[0].therapist_signed is not None and rows[0].patient_signed is None
        assert awaiting_therapist(rows, archive.therapist) == []
        facts = {f.case_id: f for f in worklist_view.open_case_facts(u.session)}
        assert facts[case_id].unsigned_sessions == 1  # still awaits the patient
    # the patient still signs it at the bedside (the therapist's signature came first)
    archive.sign_as_patient([("treatment_session", recorded.id)])
    assert gate(archive, case_id).ok


def test_archiving_counts_a_session_without_its_therapists_signature_as_unsigned(
        archive: Archive) -> None:
    case_id = claimable_case(archive)
    session_id = archive.record_session(case_id, DAY)
    archive.sign_as_patient([("treatment_session", session_id)])
    from desktop_app.services.records import retention
    with archive.uow() as u:
        assert ("treatment_session", session_id) in retention.unsigned_records(u.session, case_id)
    archive.sign_as_therapist([session_id])
    with archive.uow() as u:
        assert ("treatment_session", session_id) not in retention.unsigned_records(u.session, case_id)


def test_the_execution_sheet_names_both_signatures_by_number(archive: Archive, tmp_path: Path) -> None:
    case_id = claimable_case(archive)
    ids = [archive.record_session(case_id, DAY + timedelta(days=n)) for n in (0, 1)]
    first_day = archive.sign_as_therapist(ids[:1])
    therapist_signature = archive.sign_as_therapist(ids[1:])  # each day at its end
    patient_signature = archive.sign_as_patient([("treatment_session", ids[0])])
    with archive.uow() as u:
        data = document_view.execution_sheet_data(u.session, case_id, (date(2026, 4, 1),
                                                                       date(2026, 4, 30)), "2026-04")
        rows = sheet_rows(u.session, case_id)
    assert [(r.staff_signature_id, r.patient_signature_id) for r in data.rows] == [
        (first_day, patient_signature), (therapist_signature, None)]
    assert rows[0].patient_signed == f"张三 签名 #{patient_signature}"
    assert rows[1].therapist_signed == f"李治疗师 签名 #{therapist_signature}"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(build_execution_sheet(data, institution=INSTITUTION, anchor=ANCHOR).pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count(f"签名 #{first_day}") == text.count(f"签名 #{therapist_signature}") == 1  # 实施人签名
    assert text.count(f"签名 #{patient_signature}") == 1  # the patient signed the first only
    assert "未签" in text  # the second row's patient column
