"""Issue 20, a therapist's speed: per-session parameters (signed only when noted: a session
without them hashes exactly as before), several items for one patient in one step (all or
none, each checked and audited as one), and the daily sheet of the therapist's own patients."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.clock import china_datetime
from desktop_app.db.models import AuditEvent, TreatmentSession
from desktop_app.domain.canonical import content_hash
from desktop_app.domain.row_state import row_state_hash
from desktop_app.domain.session_params import SessionParameters
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.clinical import treatment
from desktop_app.services.clinical.daily_sheet_view import daily_sheet_data, write_daily_sheet
from desktop_app.services.clinical.execution_sheet_view import sheet_rows
from desktop_app.services.core.commands import PlanInput, PlanItemInput, PrescriptionInput, SessionInput
from desktop_app.services.integrity import signing
from desktop_app.services.records import document_view
from tests.archive_fixture import ADMISSION, PERIOD_TO, Archive

DAY = ADMISSION + timedelta(days=3)  # 2026-04-06, a Monday
PARAMS = ("duration_minutes", "intensity", "treated_body_part", "reaction", "reaction_note")
NOTED = SessionParameters(20, "中等", "右膝", "pain_worse", "夜间加重")


def two_item_case(archive: Archive) -> int:
    """Admitted with a plan of 运动疗法 and 作业疗法 (approved 10 and 20)."""
    case_id = archive.admitted_case()
    with archive.uow(archive.physician) as u:
        treatment.revise_plan(u, case_id, PlanInput(
            period_from=ADMISSION, period_to=PERIOD_TO, goals="改善步行与手功能",
            expected_effect="生活自理",
            precautions="防跌倒",
            items=(PlanItemInput(archive.codes["运动疗法"], "每日1次", 10),
                   PlanItemInput(archive.codes["作业疗法"], "每日1次", 20))), "加作业疗法")
    return case_id


def record(archive: Archive, case_id: int, inp: SessionInput) -> int:
    with archive.at(inp.ended_at + timedelta(minutes=1)), archive.uow(archive.therapist) as u:
        return treatment.record_session(u, case_id, inp).id


def sessions(archive: Archive) -> int:
    with archive.uow() as u:
        return u.session.scalar(select(func.count()).select_from(TreatmentSession)) or 0


def test_a_session_without_parameters_hashes_as_before(archive: Archive) -> None:
    case_id = archive.admitted_case()
    plain = record(archive, case_id, archive.session(DAY))
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, plain)
        assert row is not None and all(getattr(row, p) is None for p in PARAMS)
        content = signing.record_content(u.session, "treatment_session", plain)
        assert not set(PARAMS) & set(content["content"])
        # The content as it was before migration 0016: the columns without the parameters.
        columns = {c.key: getattr(row, c.key) for c in TreatmentSession.__table__.columns}
        old_columns = {k: v for k, v in columns.items() if k not in PARAMS}
        assert signing.record_hash(u.session, "treatment_session", plain) == content_hash(
            signing.content_of("treatment_session", plain, old_columns))
        assert row_state_hash(columns) == row_state_hash(old_columns)


def test_noted_parameters_are_stored_shown_and_signed(archive: Archive) -> None:
    case_id = archive.admitted_case()
    noted = record(archive, case_id, archive.session(DAY, parameters=NOTED))
    with archive.uow() as u:
        row = u.session.get(TreatmentSession, noted)
        assert row is not None
        assert (row.duration_minutes, row.intensity, row.treated_body_part, row.reaction,
                row.reaction_note) == (20, "中等", "右膝", "pain_worse", "夜间加重")
        content = signing.record_content(u.session, "treatment_session", noted)["content"]
        assert {p: content[p] for p in PARAMS} == {
            "duration_minutes": 20, "intensity": "中等", "treated_body_part": "右膝",
            "reaction": "pain_worse", "reaction_note": "夜间加重"}
        signed_hash = signing.record_hash(u.session, "treatment_session", noted)
        row.intensity = "高"  # a change of a parameter is a change of the signed content
        assert signing.record_hash(u.session, "treatment_session", noted) != signed_hash
        u.session.rollback()
        shown = sheet_rows(u.session, case_id)
        assert shown[0].parameters == "20 分钟；中等；右膝；疼痛加重（夜间加重）"
        data = document_view.execution_sheet_data(u.session, case_id, (DAY, DAY), str(DAY))
        assert data.rows[0].parameters == "20 分钟；中等；右膝；疼痛加重（夜间加重）"


@pytest.mark.parametrize(("params", "key"), [
    (SessionParameters(duration_minutes=0), "duration_minutes"),
    (SessionParameters(duration_minutes=241), "duration_minutes"),
    (SessionParameters(duration_minutes=31), "duration_minutes"),  # the slot is 30 minutes
    (SessionParameters(reaction="other"), "reaction_note"),
    (SessionParameters(reaction="dizzy"), "reaction"),
    (SessionParameters(intensity="强" * 51), "intensity"),
])
def test_bad_parameters_are_refused_in_both_languages(archive: Archive, params: SessionParameters,
                                                       key: str) -> None:
    case_id = archive.admitted_case()
    with pytest.raises(ValidationFailed) as refused:
        record(archive, case_id, archive.session(DAY, parameters=params))
    found = [e for e in refused.value.errors if e.key == key]
    assert found and found[0].zh and found[0].en and found[0].zh != found[0].en
    assert sessions(archive) == 0


def test_several_items_in_one_step_all_or_none(archive: Archive) -> None:
    case_id = two_item_case(archive)
    start = china_datetime(DAY, 9)
    pt, ot = archive.codes["运动疗法"], archive.codes["作业疗法"]
    both = [SessionInput(pt, archive.therapist, start, start + timedelta(minutes=30), parameters=NOTED),
            SessionInput(ot, archive.therapist, start + timedelta(minutes=30), start + timedelta(minutes=60),
                         count=2)]
    with archive.uow() as u:
        events_before = u.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    with archive.at(start + timedelta(hours=2)), archive.uow(archive.therapist) as u:
        done = treatment.record_sessions(u, case_id, both)
    assert len(done.ids) == 2
    with archive.uow() as u:
        rows = {r.national_code: r for r in u.session.scalars(select(TreatmentSession))}
        assert (rows[pt].count, rows[pt].duration_minutes, rows[ot].count, rows[ot].reaction) == \
            (1, 20, 2, None)
        created = u.session.scalars(select(AuditEvent.record_id).where(
            AuditEvent.record_type == "treatment_session", AuditEvent.action == "create")).all()
        assert sorted(created) == sorted(done.ids)  # each session audited as one recorded alone
        assert (u.session.scalar(select(func.count()).select_from(AuditEvent)) or 0) > events_before

    # The second item overlaps the first of the same therapist: neither is recorded.
    later = china_datetime(DAY + timedelta(days=1), 9)
    clash = [SessionInput(pt, archive.therapist, later, later + timedelta(minutes=30)),
             SessionInput(ot, archive.therapist, later + timedelta(minutes=10),
                          later + timedelta(minutes=40))]
    with pytest.raises(ValidationFailed) as refused, archive.at(later + timedelta(hours=2)), \
            archive.uow(archive.therapist) as u:
        treatment.record_sessions(u, case_id, clash)
    assert any(e.zh.startswith("【作业疗法】") and e.en.startswith("[作业疗法]")
               for e in refused.value.errors)
    assert sessions(archive) == 2

    # Beyond the approved count (运动疗法: 10 approved, 1 done): refused per item, nothing written.
    over = [SessionInput(pt, archive.therapist, later, later + timedelta(minutes=30), count=10),
            SessionInput(ot, archive.therapist, later + timedelta(minutes=30), later + timedelta(minutes=60))]
    with pytest.raises(ValidationFailed) as refused, archive.at(later + timedelta(hours=2)), \
            archive.uow(archive.therapist) as u:
        treatment.record_sessions(u, case_id, over)
    assert any(e.zh.startswith("【运动疗法】") and not e.warning for e in refused.value.errors)
    assert sessions(archive) == 2

    with pytest.raises(UserError), archive.uow(archive.therapist) as u:
        treatment.record_sessions(u, case_id, [both[0], replace(both[0], count=2)])
    with pytest.raises(UserError), archive.uow(archive.therapist) as u:
        treatment.record_sessions(u, case_id, [])
    assert sessions(archive) == 2


def prescribed_case(archive: Archive) -> int:
    """Two items prescribed to the therapist, signed by the physician."""
    case_id = two_item_case(archive)
    from tests.services.test_session_signing import passwords

    passwords(archive, archive.physician)
    ids = []
    for code, count in (("运动疗法", 10), ("作业疗法", 5)):
        with archive.uow(archive.physician) as u:
            ids.append(treatment.prescribe(u, case_id, PrescriptionInput(
                archive.codes[code], count, "每日1次", ADMISSION, archive.physician,
                assigned_therapist_id=archive.therapist)).id)
    with archive.uow(archive.physician) as u:
        signing.sign(u, [("prescription", i) for i in ids], "physician_signs", signing.Signer(
            "staff", staff_user_id=archive.physician, password=archive.passwords[archive.physician]))
    return case_id


def test_the_daily_sheet_lists_the_therapists_patients(archive: Archive, tmp_path: Path) -> None:
    case_id = prescribed_case(archive)
    ot = archive.codes["作业疗法"]
    for n in range(4):  # 4 of 5 done: 80 %
        start = china_datetime(DAY - timedelta(days=n), 14)
        record(archive, case_id, archive.session(DAY, national_code=ot, started_at=start,
                                                 ended_at=start + timedelta(minutes=30)))
    made = china_datetime(DAY, 18)
    with archive.uow() as u:
        data = daily_sheet_data(u.session, archive.therapist, DAY, made)
        assert [p.patient_name for p in data.patients] == ["张三"]
        items = {i.item_name: i for i in data.patients[0].items}
        assert (items["运动疗法"].done, items["运动疗法"].prescribed, items["运动疗法"].times) == (0, 10, ())
        assert (items["作业疗法"].done, items["作业疗法"].prescribed) == (4, 5)
        assert items["作业疗法"].times == ("14:00–14:30",)  # today's only
        assert items["作业疗法"].left == "1 将满"
        assert daily_sheet_data(u.session, archive.physician, DAY, made).patients == ()
        out = tmp_path / "daily.pdf"
        write_daily_sheet(u.session, archive.therapist, DAY, out, made)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and b"pdfaid" in pdf
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "治疗师每日治疗单" in text and "张三" in text and "作业疗法" in text and "将满" in text
    assert "患者签名" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_the_parameters_left_out_when_empty_are_columns_of_sessions_only() -> None:
    """``signing.ADDED_LATER`` is keyed by column name: a parameter's name on another signed
    table (``fee_line.body_part`` is signed content) would change that table's hashes."""
    assert set(PARAMS) <= set(signing.ADDED_LATER)
    for record_type, model in signing.SIGNABLE.items():
        names = {c.key for c in model.__table__.columns}  # type: ignore[attr-defined]
        if record_type != "treatment_session":
            assert not names & set(PARAMS), record_type
