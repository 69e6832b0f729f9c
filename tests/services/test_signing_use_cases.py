"""The signing family as declared use cases: ``sign`` picks the use case of who signs and
what the signature means, each use case signs only its own kind, nothing of it commits
before the outermost use case, and the wrong-password trace is the one exception."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.models import AuditEvent, Signature, TreatmentSession
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.integrity import amendments, signing
from tests.archive_fixture import ADMISSION, Archive

PASSWORD = "签名-用例-2026"


def with_passwords(archive: Archive) -> Archive:
    for user in archive.staff.values():
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, user, PASSWORD, hasher=accounts.DEMO_HASHER)
        archive.passwords[user] = PASSWORD
    return archive


def draft_session(archive: Archive) -> int:
    return archive.record_session(archive.admitted_case(), ADMISSION + timedelta(days=1))


def staff(actor: int, password: str = PASSWORD) -> signing.Signer:
    return signing.Signer("staff", staff_user_id=actor, password=password)


def committed(archive: Archive) -> tuple[list[str], list[tuple[str, dict[str, object]]]]:
    """Signatures (meanings) and sign_failed / denied events, as another connection sees them."""
    with archive.uow() as u, Session(u.engine) as other:
        meanings = list(other.scalars(select(Signature.meaning).order_by(Signature.id)))
        events = [(e.action, e.details) for e in other.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(("sign_failed", "denied"))).order_by(AuditEvent.id))]
    return meanings, events


def state_of(archive: Archive, session_id: int) -> str:
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, session_id)
        assert row is not None
        return row.record_state


def test_sign_picks_the_use_case_of_who_signs_and_the_meaning() -> None:
    patient = signing.Signer("relative", "张大", relationship="子", proof_note="户口簿")
    assert signing.signing_action(staff(1), "therapist_signs") == "record.sign"
    assert signing.signing_action(staff(1), "reviewer_cosigns") == "record.cosign"
    assert signing.signing_action(patient, "patient_confirms_sessions") == "record.patient_sign"
    assert signing.SIGNING_USE_CASES[signing.signing_action(staff(1), "reviewer_cosigns")] is signing.cosign


def test_a_co_signature_through_sign_needs_the_cosign_permission(archive: Archive) -> None:
    """The assistant may sign their own record (record.sign) but not co-sign (record.cosign):
    ``sign`` went through ``cosign``, whose declaration refused and audited it."""
    with_passwords(archive)
    session_id = draft_session(archive)
    with pytest.raises(PermissionDenied), archive.uow(archive.assistant) as u:
        signing.sign(u, [("treatment_session", session_id)], "reviewer_cosigns", staff(archive.assistant))
    meanings, events = committed(archive)
    assert meanings == [] and [(action, {k: details[k] for k in ("action", "role", "state")})
                               for action, details in events] == [
        ("denied", {"action": "record.cosign", "role": "assistant", "state": "draft"})]
    with archive.uow(archive.assistant) as u:
        signing.sign(u, [("treatment_session", session_id)], "therapist_signs", staff(archive.assistant))
    assert committed(archive)[0] == ["therapist_signs"]


def test_each_signing_use_case_signs_only_its_own_kind(archive: Archive) -> None:
    with_passwords(archive)
    session_id = draft_session(archive)
    strokes = synthetic_strokes(3)
    calls = [
        lambda u: signing.cosign(u, [("treatment_session", session_id)], "therapist_signs",
                                 staff(archive.therapist)),
        lambda u: signing.sign_as_staff(u, [("treatment_session", session_id)], "reviewer_cosigns",
                                        staff(archive.therapist)),
        lambda u: signing.sign_as_staff(u, [("treatment_session", session_id)],
                                        "patient_confirms_sessions", signing.Signer("patient", "张三"),
                                        handwriting=signing.Handwriting(strokes, render_png(strokes))),
    ]
    for call in calls:
        with pytest.raises(ValidationFailed, match="签名人或签名含义与此签名不符"), \
                archive.uow(archive.therapist) as u:
            call(u)
    assert committed(archive) == ([], [])
    assert state_of(archive, session_id) == "draft"


@pytest.mark.parametrize("meaning", ["disposal_approves", "disposal_witness", "amender_signs",
                                     "amendment_approves"])
def test_sign_refuses_the_meanings_of_other_use_cases(archive: Archive, meaning: str) -> None:
    """A disposal's approval or a correction's signatures carry permissions of their own:
    ``sign`` (record.sign) never writes them."""
    with_passwords(archive)
    session_id = draft_session(archive)
    with pytest.raises(ValidationFailed, match="只在其专门的流程中签署"), \
            archive.uow(archive.physician) as u:
        signing.sign(u, [("treatment_session", session_id)], meaning, staff(archive.physician))
    assert committed(archive) == ([], [])


def test_a_signing_inside_a_larger_use_case_lands_only_with_it(archive: Archive) -> None:
    with_passwords(archive)
    session_id = draft_session(archive)
    with pytest.raises(RuntimeError, match="later step"), archive.uow(archive.therapist) as u, \
            u.atomic():
        signing.sign(u, [("treatment_session", session_id)], "therapist_signs", staff(archive.therapist))
        assert u.session.scalars(select(Signature.id)).first() is not None  # flushed only
        raise RuntimeError("a later step failed")
    assert committed(archive) == ([], [])
    assert state_of(archive, session_id) == "draft"


def test_the_wrong_password_trace_is_committed_on_its_own(archive: Archive) -> None:
    """The one commit of the signing module outside the declarations: the refused signing
    and the larger block around it roll back, the ``sign_failed`` event stays."""
    with_passwords(archive)
    session_id = draft_session(archive)
    with pytest.raises(ValidationFailed, match="密码"), archive.uow(archive.therapist) as u, u.atomic():
        signing.sign(u, [("treatment_session", session_id)], "therapist_signs",
                     staff(archive.therapist, "not-it"))
    meanings, events = committed(archive)
    assert meanings == [] and state_of(archive, session_id) == "draft"
    assert events == [("sign_failed", {"meaning": "therapist_signs", "reason": "wrong_password",
                                       "records": [["treatment_session", session_id]]})]


def archived_session(archive: Archive) -> int:
    case_id = archive.archived_case()
    with archive.uow() as u:
        found = u.session.scalars(select(TreatmentSession.id).where(
            TreatmentSession.case_id == case_id)).first()
    assert found is not None
    return found


def test_amend_archived_approves_only_archived_records(archive: Archive) -> None:
    with_passwords(archive)
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, ADMISSION + timedelta(days=1))
    archive.sign_as_patient([("treatment_session", session_id)])
    with pytest.raises(UserError, match="只有已归档记录的更正需要批准"), archive.uow(archive.physician) as u:
        amendments.amend_archived(u, "treatment_session", session_id, {"count": 2}, "笔误",
                                  password=PASSWORD, approver_id=archive.admin,
                                  approver_password=PASSWORD)
    assert committed(archive)[1] == []


def test_amend_archived_authorises_the_corrector_as_well_as_the_approver(archive: Archive) -> None:
    """Called directly, the approval's use case still checks record.amend for the actor."""
    with_passwords(archive)
    original = archived_session(archive)
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        amendments.amend_archived(u, "treatment_session", original, {"count": 2}, "笔误",
                                  password=PASSWORD, approver_id=archive.admin,
                                  approver_password=PASSWORD)
    denied = committed(archive)[1]
    assert [(action, details["action"], details["role"]) for action, details in denied] == [
        ("denied", "record.amend", "records_officer")]
    with archive.uow(archive.physician) as u:
        replacement = amendments.amend_archived(u, "treatment_session", original, {"count": 2}, "笔误",
                                                password=PASSWORD, approver_id=archive.admin,
                                                approver_password=PASSWORD)
    with archive.uow() as u:
        assert sorted(s.meaning for s in signing.signatures_of(
            u.session, "treatment_session", replacement)) == ["amender_signs", "amendment_approves"]
