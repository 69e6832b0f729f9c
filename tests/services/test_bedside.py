"""Bedside signing helpers: the summary the patient reads, the signer checks, the handwriting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.clock import china_datetime
from desktop_app.domain.identity import make_resident_id
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.errors import NotFound, UserError
from desktop_app.services.clinical import bedside, treatment
from desktop_app.services.core.commands import AdmissionInput
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signature_timing, signing
from desktop_app.services.integrity.signing import Signer
from tests.archive_fixture import ADMISSION, Archive


def record(archive: Archive, case_id: int, day_offsets: list[int]) -> list[int]:
    ids = []
    for offset in day_offsets:
        with archive.uow(archive.therapist) as u:
            ids.append(treatment.record_session(
                u, case_id, archive.session(ADMISSION + timedelta(days=offset))).id)
    return ids


check = signing.patient_signer_errors


def test_the_summary_names_the_sessions_signing_now_would_confirm_late(archive: Archive) -> None:
    case_id = archive.admitted_case()
    two_days, same_day = record(archive, case_id, [1, 3])
    now = china_datetime(ADMISSION + timedelta(days=3), 18)  # the evening of the second
    with archive.uow() as u:
        assert bedside.sessions_to_sign(u.session, [two_days, same_day]).late == ()  # not asked
        late = bedside.sessions_to_sign(u.session, [two_days, same_day], signing_at=now).late
    assert [n.session_id for n in late] == [two_days]
    assert late[0].zh.startswith(f"治疗记录 #{two_days}（2026-04-04 运动疗法）签署时效：晚2天签署")
    assert late[0].zh.endswith("超过时限（当日）")
    assert late[0].en.startswith(f"Session #{two_days} (2026-04-04): Signed 2 day(s) later")
    assert late[0].en.endswith("beyond the limit (the same day)")
    with archive.uow(archive.admin) as u:  # the institution allows two days
        signature_timing.set_signature_limits(u, 2, 0)
    with archive.uow() as u:
        assert bedside.sessions_to_sign(u.session, [two_days, same_day], signing_at=now).late == ()


def test_summary_lists_the_sessions_in_order_with_the_records_to_sign(archive: Archive) -> None:
    case_id = archive.admitted_case()
    late, early, middle = record(archive, case_id, [3, 1, 2])
    with archive.uow() as u:
        summary = bedside.sessions_to_sign(u.session, [late, early, middle, early])
    assert summary.records == (("treatment_session", early), ("treatment_session", middle),
                               ("treatment_session", late))
    assert summary.lines[0] == "2026-04-04　10:00–10:30　运动疗法　1 次　治疗师 李治疗师"
    assert [line[:10] for line in summary.lines] == ["2026-04-04", "2026-04-05", "2026-04-06"]
    assert summary.patient_name == "张三"
    assert summary.heading.startswith("患者 张三　病例 ") and summary.heading.endswith("共 3 条治疗记录")


def test_summary_refuses_nothing_missing_or_mixed_cases(archive: Archive) -> None:
    case_id = archive.admitted_case()
    (session_id,) = record(archive, case_id, [1])
    with archive.uow() as u:
        with pytest.raises(UserError):
            bedside.sessions_to_sign(u.session, [])
        with pytest.raises(NotFound) as caught:
            bedside.sessions_to_sign(u.session, [session_id, 9999])
        assert "9999" in caught.value.zh
    other = make_resident_id("510502", date(1980, 5, 6), 12, "M")
    second = archive.register(name="李四", resident_id=other, recognition_number="泸人社工认〔2026〕102号")
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, second, archive.approval(decision_number="泸工康核〔2026〕2号"))
    with archive.uow(archive.officer) as u:
        intake.admit(u, second, AdmissionInput(ADMISSION, other))
    with archive.uow(archive.physician) as u:
        treatment.create_plan(u, second, archive.plan())
    (elsewhere,) = record(archive, second, [2])  # the therapist is busy on day 1
    with archive.uow() as u, pytest.raises(UserError) as caught:
        bedside.sessions_to_sign(u.session, [session_id, elsewhere])
    assert "同一病例" in caught.value.zh


def test_signer_checks_for_the_patient_and_for_someone_signing_for_them() -> None:
    assert check(Signer("patient", "张三")) == []
    assert [e.key for e in check(Signer("patient", "  "))] == ["signer_name"]
    assert [e.key for e in check(Signer("relative", "张大"))] == ["relationship", "proof"]
    assert [e.key for e in check(Signer("legal_rep", "张大", relationship="监护人"))] \
        == ["proof"]
    assert check(Signer("authorised", "王五", relationship="同事",
                                        proof_note="患者昏迷，查验授权委托书")) == []
    assert "无效" in check(Signer("staff", "王医生"))[0].zh


def test_handwriting_is_rendered_fitted_and_the_device_fits_its_column() -> None:
    strokes = synthetic_strokes(5, width=900, height=300)
    written = bedside.handwriting(strokes, "pen; " + "x" * 400)
    assert written.strokes == [[(float(x), float(y), int(t)) for x, y, t in s] for s in strokes]
    assert written.image_png == render_png(strokes, fit=True)
    assert len(written.device) == bedside.DEVICE_MAX == 200
