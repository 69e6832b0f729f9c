"""What a staff signer is shown, and the trace a wrong password leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEvent, Signature
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import accounts
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import PrescriptionInput
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.integrity import signing
from desktop_app.services.integrity.sign_summary_view import records_to_sign
from tests.archive_fixture import ADMISSION, Archive

PASSWORD = "doctor-pass-1"


def test_plan_and_prescription_lines_name_what_is_signed(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with archive.uow(archive.physician) as u:
        prescription_id = treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 6, "隔日1次", ADMISSION, archive.physician)).id
    with archive.uow() as u:
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
        summary = records_to_sign(u.session, [("treatment_plan", plan.id),
                                              ("prescription", prescription_id)])
        price = plan.items[0].unit_price
    assert summary.records == (("treatment_plan", plan_id), ("prescription", prescription_id))
    assert summary.patient_name == "张三" and "共 2 项" in summary.heading
    assert summary.lines[0].startswith("治疗方案 第1版") and "运动疗法×10" in summary.lines[0]
    assert f"¥{price * 10:.2f}" in summary.lines[0]
    assert "运动疗法　6 次　隔日1次　治疗师 未指定" in summary.lines[1]
    with pytest.raises(UserError, match="没有要签名的记录。 / Nothing to sign."), archive.uow() as u:
        records_to_sign(u.session, [])


def test_a_wrong_staff_password_is_audited_and_signs_nothing(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.physician, PASSWORD, hasher=accounts.DEMO_HASHER)
    with archive.uow(archive.physician) as u:
        prescription_id = treatment.prescribe(u, case_id, PrescriptionInput(
            archive.codes["运动疗法"], 6, "隔日1次", ADMISSION, archive.physician)).id
    wrong = signing.Signer("staff", staff_user_id=archive.physician, password="not-it")
    with pytest.raises(ValidationFailed, match="密码：签名须重新输入本人密码，密码不正确"), \
            archive.uow(archive.physician) as u:
        signing.sign(u, [("prescription", prescription_id)], "physician_signs", wrong)
    with archive.uow() as u:
        events = [(e.actor_id, e.record_id, e.case_id, e.details["meaning"]) for e in
                  u.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_failed"))]
        assert u.session.scalars(select(Signature)).first() is None
    assert events == [(archive.physician, prescription_id, case_id, "physician_signs")]
