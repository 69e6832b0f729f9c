"""Corrections of signed records are new versions; the original stays as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from desktop_app.db.models import Amendment, TreatmentSession
from desktop_app.errors import ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.claims import fees
from desktop_app.services.clinical.treatment import sessions_done
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.integrity import amendments, signing
from desktop_app.services.integrity.verify import verify_archive
from tests.archive_fixture import ADMISSION, Archive

PASSWORD = "更正-2026-secret"


def with_passwords(archive: Archive) -> Archive:
    for user in archive.staff.values():
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, user, PASSWORD)
        archive.passwords[user] = PASSWORD
    return archive


def signed_session(archive: Archive) -> tuple[int, int]:
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, ADMISSION + timedelta(days=1))
    archive.sign_as_patient([("treatment_session", session_id)])
    return case_id, session_id


def test_a_correction_is_a_new_signed_version_and_the_original_stays(
        archive: Archive, engine: Engine) -> None:
    with_passwords(archive)
    case_id, original = signed_session(archive)
    with archive.uow(archive.therapist) as u:
        replacement = amendments.amend(u, "treatment_session", original, {"count": 2},
                                       "次数记录有误", password=PASSWORD)
    with archive.uow() as u:
        old = u.session.get(TreatmentSession, original)
        new = u.session.get(TreatmentSession, replacement)
        assert old is not None and new is not None
        assert (old.count, old.record_state) == (1, "signed")
        assert (new.count, new.record_state, new.case_id) == (2, "signed", case_id)
        link = u.session.scalars(select(Amendment)).one()
        assert (link.original_id, link.replacement_id, link.reason) == (
            original, replacement, "次数记录有误")
        assert link.created_by_id == archive.therapist and link.approved_by_id is None
        meanings = [s.meaning for s in signing.signatures_of(u.session, "treatment_session",
                                                             replacement)]
        assert meanings == ["amender_signs"]
        assert amendments.versions(u.session, "treatment_session", original) == [
            original, replacement]
        assert sessions_done(u, case_id, new.national_code) == 2  # the latest version counts
    with archive.uow(archive.officer) as u:
        assert fees.charge_sessions(u, case_id) == 1  # only the replacement is billed
    assert verify_archive(engine).ok


def test_a_correction_needs_a_reason_a_change_and_the_right_password(archive: Archive) -> None:
    with_passwords(archive)
    _, original = signed_session(archive)
    cases = [({"count": 2}, "", PASSWORD, "更正原因"), ({"count": 1}, "无", PASSWORD, "没有任何改动"),
             ({"case_id": 9}, "改病例", PASSWORD, "不能更正"), ({"count": 2}, "笔误", "wrong", "密码")]
    for changes, reason, password, expected in cases:
        with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
            amendments.amend(u, "treatment_session", original, changes, reason,
                             password=password)
        assert expected in caught.value.zh
    with archive.uow(archive.therapist) as u:
        replacement = amendments.amend(u, "treatment_session", original, {"count": 2}, "笔误",
                                       password=PASSWORD)
    with pytest.raises(ValidationFailed), archive.uow(archive.therapist) as u:
        amendments.amend(u, "treatment_session", original, {"count": 3}, "再改",
                         password=PASSWORD)  # correct the latest version instead
    with archive.uow(archive.therapist) as u:
        amendments.amend(u, "treatment_session", replacement, {"count": 3}, "再改",
                         password=PASSWORD)


def test_an_archived_record_is_corrected_only_with_an_administrators_approval(
        archive: Archive, engine: Engine) -> None:
    with_passwords(archive)
    case_id = archive.archived_case()
    with archive.uow() as u:
        original = u.session.scalars(select(TreatmentSession.id).where(
            TreatmentSession.case_id == case_id)).first()
    assert original is not None
    with pytest.raises(PermissionDenied), archive.uow(archive.physician) as u:
        amendments.amend(u, "treatment_session", original, {"notes": "补记：患者诉疼痛"}, "漏记",
                         password=PASSWORD, approver_id=archive.officer,
                         approver_password=PASSWORD)
    with pytest.raises(ValidationFailed), archive.uow(archive.physician) as u:
        amendments.amend(u, "treatment_session", original, {"notes": "补记"}, "漏记",
                         password=PASSWORD, approver_id=archive.admin, approver_password="x")
    with archive.uow(archive.physician) as u:
        replacement = amendments.amend(u, "treatment_session", original, {"notes": "补记"}, "漏记",
                                       password=PASSWORD, approver_id=archive.admin,
                                       approver_password=PASSWORD)
    with archive.uow() as u:
        link = u.session.scalars(select(Amendment)).one()
        assert link.approved_by_id == archive.admin
        signatures = signing.signatures_of(u.session, "treatment_session", replacement)
        assert sorted(s.meaning for s in signatures) == ["amender_signs", "amendment_approves"]
        assert all(signing.check_signature(u.session, s).valid for s in signatures)
    assert verify_archive(engine).ok
