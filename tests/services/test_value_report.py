"""The signed, versioned value report and the written notice ending a course (issue 19 items 2
and 8), on both engines: a physician writes and signs a version with their password; a new
version supersedes it and the signed one never changes (services, ORM guard and triggers);
``verify`` finds a signed version altered behind the triggers' back; a second course for the
same injury starts from the earlier course's latest signed version; the Luzhou claim gate asks
for the signed version (Art. 30); the notice exists only under a pack whose text has it
(Beijing Art. 14) — refused elsewhere — and recording a refusal to leave under Beijing needs
the signed notice first; the binder holds both documents."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from desktop_app.db.models import CourseNotice, RehabCase, ValueReport
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import claim_gate
from desktop_app.services.clinical import course_end, notice, treatment, value_report, value_report_documents
from desktop_app.services.core.commands import DischargeInput
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import archive_export
from tests.archive_fixture import ADMISSION, APPROVAL, Archive
from tests.conftest import without_guards
from tests.region_fixture import regional_archive
from tests.services.test_retention import PASSWORD, set_passwords

ASSESSED = APPROVAL - timedelta(days=3)


def report_input(**changes: object) -> value_report.ValueReportInput:
    fields: dict[str, object] = {
        "assessed_on": ASSESSED,
        "stage": "STABLE",
        "conclusion": "has_value",
        "assessment": "右胫骨骨折术后膝关节活动受限，功能可望明显改善，具有康复价值。",
        "recommendation": "住院康复：运动疗法、作业治疗，每日一次。",
        "modes": ("early_intervention",),
        "setting": "inpatient",
        "intended_days": 60,
        "goals": "独立步行，恢复原岗位工作",
        **changes,
    }
    return value_report.ValueReportInput(**fields)  # type: ignore[arg-type]


def write(a: Archive, case_id: int, **changes: object) -> int:
    with a.uow(a.physician) as u:
        return value_report.add_value_report(u, case_id, report_input(**changes))


def sign(a: Archive, case_id: int, report_id: int, password: str = PASSWORD) -> int:
    with a.uow(a.physician) as u:
        return value_report.sign_value_report(u, case_id, report_id, password)


def test_a_physician_signs_a_version_and_a_new_one_supersedes_it(archive: Archive, engine: Engine) -> None:
    set_passwords(archive)
    case_id = archive.register()
    with pytest.raises(ValidationFailed) as caught:
        write(archive, case_id, assessment=" ", conclusion="maybe", intended_days=0)
    assert {e.key for e in caught.value.errors} == {"assessment", "conclusion", "intended_days"}
    with pytest.raises(PermissionDenied), archive.uow(archive.therapist) as u:
        value_report.add_value_report(u, case_id, report_input())
    first = write(archive, case_id)
    with pytest.raises(ValidationFailed):  # the password is checked
        sign(archive, case_id, first, "wrong")
    with archive.uow(archive.admin) as u:  # another physician may not sign what this one wrote
        other = setup.add_staff(u, "doc2", "赵医生", "physician", licence_number="LIC-doc2")
        accounts.set_password(u, other, PASSWORD)
    with pytest.raises(ValidationFailed) as caught, archive.uow(other) as u:
        value_report.sign_value_report(u, case_id, first, PASSWORD)
    assert [e.key for e in caught.value.errors] == ["signer"]
    assert "本人" in caught.value.errors[0].zh and "wrote" in caught.value.errors[0].en
    signature = sign(archive, case_id, first)
    with archive.uow() as u:
        row = u.session.get(ValueReport, first)
        assert row is not None and row.record_state == "signed"
        before = value_report.value_reports(u.session, case_id)[0]
    assert before.signed_by and before.signature_id == signature
    with pytest.raises(UserError, match="已签署"):
        sign(archive, case_id, first)
    second = write(archive, case_id, conclusion="has_value", recommendation="门诊康复，每周三次。")
    with pytest.raises(UserError, match="取代"):
        sign(archive, case_id, first)
    sign(archive, case_id, second)
    with archive.uow() as u:
        rows = value_report.value_reports(u.session, case_id)
        assert [(r.version_no, r.record_state, r.current) for r in rows] == [
            (1, "signed", False),
            (2, "signed", True),
        ]
        assert rows[0] == before.__class__(**{**before.__dict__, "current": False})  # v1 unchanged
        latest = value_report.latest_signed(u.session, case_id)
        assert latest is not None and latest.version_no == 2
        # The ORM guard refuses changing a signed version…
        u.session.get(ValueReport, first).assessment = "改写"  # type: ignore[union-attr]
        with pytest.raises(SignedRecordChange):
            u.session.flush()
    # …and so does the database, whoever connects.
    with pytest.raises(Exception, match="REHAB_IMMUTABLE"), engine.begin() as conn:
        conn.execute(text("UPDATE value_report SET assessment = 'x' WHERE id = :i"), {"i": first})
    with pytest.raises(Exception, match="REHAB_IMMUTABLE"), engine.begin() as conn:
        conn.execute(text("DELETE FROM value_report WHERE id = :i"), {"i": second})
    assert verify_archive(engine).ok


def test_verify_finds_a_signed_version_altered_behind_the_triggers(archive: Archive, engine: Engine) -> None:
    set_passwords(archive)
    case_id = archive.register()
    report_id = write(archive, case_id)
    sign(archive, case_id, report_id)
    assert verify_archive(engine).ok
    without_guards(engine, "UPDATE value_report SET conclusion = 'no_value' WHERE id = :i", i=report_id)
    result = verify_archive(engine)
    assert not result.ok
    found = " ".join(str(p) for p in result.problems)
    assert "value_report" in found


def test_a_second_course_for_the_same_injury_starts_from_the_earlier_signed_version(
    archive: Archive, tmp_path: Path
) -> None:
    set_passwords(archive)
    first_case = archive.register()
    draft_only = write(archive, first_case)
    with archive.uow() as u:
        injury_id = u.session.get(RehabCase, first_case).injury_id  # type: ignore[union-attr]
    second_case = archive.register()
    with archive.uow(archive.officer) as u:  # the repeat course reuses the injury (helper "repeat")
        u.session.get(RehabCase, second_case).injury_id = injury_id  # type: ignore[union-attr]
        u.commit()
    with archive.uow() as u:  # an unsigned draft is not carried
        assert value_report.earlier_value_report(u.session, injury_id, second_case) is None
    sign(archive, first_case, draft_only)
    with archive.uow() as u:
        earlier = value_report.earlier_value_report(u.session, injury_id, second_case)
        assert earlier is not None and earlier.report_id == draft_only
        assert value_report.earlier_value_report(u.session, injury_id, first_case) is None
        draft = value_report.draft_for(u.session, second_case, archive.clock.today())
    assert draft.source == "earlier" and draft.inp.carried_from_id == draft_only
    assert draft.inp.assessment == report_input().assessment and draft.inp.intended_days == 60
    carried = write(archive, second_case, **{**draft.inp.__dict__, "assessed_on": archive.clock.today()})
    with pytest.raises(ValidationFailed) as caught:  # only a signed version of the same injury
        write(archive, first_case, carried_from_id=carried)
    assert {e.key for e in caught.value.errors} == {"carried_from"}
    sign(archive, second_case, carried)
    with archive.uow(archive.physician) as u:
        printed = value_report_documents.print_value_report(u, second_case)
        u.commit()
    with archive.uow() as u:
        data = value_report_documents.value_report_data(
            u.session, second_case, value_report.value_reports(u.session, second_case)[0]
        )
    assert data.version_no == 1 and data.carried_from.endswith("第 1 版") and data.signatures
    assert printed.doc_id.endswith("-V1") and printed.pdf.startswith(b"%PDF")
    (tmp_path / "value.pdf").write_bytes(printed.pdf)


def test_the_luzhou_claim_gate_asks_for_the_signed_version(archive: Archive) -> None:
    set_passwords(archive)
    case_id = archive.admitted_case()
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        codes = {
            g.code
            for g in claim_gate._value_report_gaps(u.session, case, claim_gate.case_pack(u.session, case))
        }
    assert codes == set()  # no version yet (an old case): judged as before
    report_id = write(archive, case_id)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        gaps = claim_gate._value_report_gaps(u.session, case, claim_gate.case_pack(u.session, case))
    assert [(g.code, g.blocking) for g in gaps] == [("value_report_unsigned", True)]
    assert "第三十条" in gaps[0].basis_zh
    sign(archive, case_id, report_id)
    with archive.uow() as u:
        case = u.session.get(RehabCase, case_id)
        assert case is not None
        assert claim_gate._value_report_gaps(u.session, case, claim_gate.case_pack(u.session, case)) == []


def notice_input(**changes: object) -> notice.NoticeInput:
    fields: dict[str, object] = {
        "issued_on": ADMISSION + timedelta(days=10),
        "reason": "refused_to_leave",
        "facts": "康复计划已完成，经多次告知仍拒绝办理出院。",
        "delivery": "in_person",
        "acknowledgement": "refused",
        "delivery_note": "拒绝签收，护士长李某在场见证",
        **changes,
    }
    return notice.NoticeInput(**fields)  # type: ignore[arg-type]


def test_the_notice_is_refused_where_the_text_has_none(archive: Archive) -> None:
    case_id = archive.admitted_case()  # Luzhou
    with pytest.raises(UserError) as caught, archive.uow(archive.physician) as u:
        notice.add_notice(u, case_id, notice_input())
    assert "未规定" in caught.value.zh and "Beijing Art. 14" in caught.value.en
    with archive.uow() as u:
        assert u.session.scalar(select(CourseNotice.id)) is None
        assert notice.notice_allowed(u.session, case_id)[0] is False
    # A refusal to leave is recorded there without any notice (Luzhou Art. 32(7)).
    with archive.uow(archive.physician) as u:
        course_end.record_course_end(u, case_id, ADMISSION + timedelta(days=5), "worker_refused")


def test_under_beijing_a_refusal_to_leave_needs_the_signed_notice(
    uow,
    clock,
    engine: Engine,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    beijing = regional_archive(uow, clock, "beijing")
    set_passwords(beijing)
    case_id = beijing.admitted_case()
    ended = ADMISSION + timedelta(days=5)
    with pytest.raises(ValidationFailed) as refused, beijing.uow(beijing.physician) as u:
        course_end.record_course_end(u, case_id, ended, "worker_refused")
    assert {e.key for e in refused.value.errors} == {"overstay_cause"}
    assert "书面通知" in refused.value.zh and "written notice" in refused.value.en
    with pytest.raises(ValidationFailed) as caught, beijing.uow(beijing.physician) as u:
        notice.add_notice(u, case_id, notice_input(delivery_note=None, facts=""))
    assert {e.key for e in caught.value.errors} == {"facts", "delivery_note"}
    with pytest.raises(PermissionDenied), beijing.uow(beijing.therapist) as u:
        notice.add_notice(u, case_id, notice_input())
    with beijing.uow(beijing.physician) as u:
        notice_id = notice.add_notice(u, case_id, notice_input())
        assert notice.notice_allowed(u.session, case_id)[0] is True
    with pytest.raises(ValidationFailed), beijing.uow(beijing.physician) as u:  # still unsigned
        course_end.record_course_end(u, case_id, ended, "worker_refused")
    with beijing.uow(beijing.physician) as u:
        notice.sign_notice(u, case_id, notice_id, PASSWORD)
    with beijing.uow(beijing.physician) as u:
        course_end.record_course_end(u, case_id, ended, "worker_refused")
    with beijing.uow() as u:
        row = u.session.get(CourseNotice, notice_id)
        assert row is not None and row.record_state == "signed" and "第十四条" in row.basis
        assert "由工伤职工承担" in row.consequence
        assert u.session.get(RehabCase, case_id).overstay_cause == "worker_refused"  # type: ignore[union-attr]
    with pytest.raises(Exception, match="REHAB_IMMUTABLE"), engine.begin() as conn:
        conn.execute(text("UPDATE course_notice SET facts = 'x' WHERE id = :i"), {"i": notice_id})
    report_id = write(beijing, case_id)
    sign(beijing, case_id, report_id)
    with beijing.uow(beijing.officer) as u:
        result = archive_export.export_archive(u, case_id, tmp_path / "binder")
    kinds = [d.kind for d in result.documents]
    assert kinds.count("notice") == 1 and kinds.count("value_assessment") == 1
    names = {p.name for p in (result.folder / "data").rglob("*.pdf")}
    assert any(n.startswith("NOTICE-") for n in names)
    assert any(n.startswith("VALUE-") and n.endswith("-V1.pdf") for n in names)
    with beijing.uow(beijing.physician) as u:
        printed = value_report_documents.print_notice(u, case_id, notice_id)
        u.commit()
    (tmp_path / "notice.pdf").write_bytes(printed.pdf)
    assert verify_archive(engine).ok


def test_a_disposal_destroys_the_value_report_with_its_case(archive: Archive, engine: Engine) -> None:
    from sqlalchemy import func

    from desktop_app.services.records import disposal, retention
    from tests.services.test_retention import in_2056

    set_passwords(archive)
    case_id = archive.discharged_case()
    report_id = write(archive, case_id)
    sign(archive, case_id, report_id)
    latest = write(archive, case_id)  # a version superseding it: the case waits for its signature
    with pytest.raises(UserError, match=f"康复价值评估报告 #{latest}"), archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    sign(archive, case_id, latest)
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    in_2056(archive)
    with archive.uow(archive.officer) as u:
        request_id = disposal.propose(u, [r.id for r in disposal.eligible(u)], "保管期满")
    with archive.uow(archive.admin) as u:
        disposal.approve(u, request_id, PASSWORD)
    for witness in (archive.physician, archive.therapist):
        with archive.uow(witness) as u:
            disposal.witness(u, request_id, PASSWORD)
    with archive.uow(archive.officer) as u:
        disposal.carry_out(u, request_id)
    with archive.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(ValueReport)) == 0
    report = verify_archive(engine)
    assert report.ok, report.lines()


def test_a_draft_is_never_edited_and_a_forged_signed_state_is_found(archive: Archive, engine: Engine) -> None:
    set_passwords(archive)
    case_id = archive.register()
    draft = write(archive, case_id)
    with pytest.raises(Exception, match="REHAB_IMMUTABLE"), engine.begin() as conn:
        conn.execute(text("UPDATE value_report SET assessment = 'x' WHERE id = :i"), {"i": draft})
    with pytest.raises(Exception, match="REHAB_IMMUTABLE"), engine.begin() as conn:
        conn.execute(
            text("UPDATE value_report SET record_state = 'signed', goals = 'x' WHERE id = :i"), {"i": draft}
        )
    # The one change the triggers let through is draft → signed; without a signature,
    # verify names it (and the row no longer matches its audited state).
    with engine.begin() as conn:
        conn.execute(text("UPDATE value_report SET record_state = 'signed' WHERE id = :i"), {"i": draft})
    result = verify_archive(engine)
    assert not result.ok and "value_report" in " ".join(str(p) for p in result.problems)


def test_the_claim_package_carries_the_latest_signed_version(archive: Archive) -> None:
    from desktop_app.services.records.case_documents import case_document_inputs

    set_passwords(archive)
    case_id = archive.register()
    first = write(archive, case_id)
    sign(archive, case_id, first)
    second = write(archive, case_id, recommendation="门诊康复。")
    sign(archive, case_id, second)
    write(archive, case_id)  # a newer draft is not printed
    with archive.uow() as u:
        claim = case_document_inputs(u.session, case_id, ("value_assessment",))
        binder = case_document_inputs(u.session, case_id, ("value_assessment",), every_version=True)
    assert [(s.record_type, s.record_id) for _k, _t, _d, s in claim] == [("value_report", second)]
    assert claim[0][2].recommendation == "门诊康复。" and claim[0][2].version_no == 2
    assert [s.record_id for _k, _t, _d, s in binder] == [first, second]


def test_under_beijing_ending_a_course_for_non_cooperation_needs_its_signed_notice(
    uow, clock, engine: Engine  # type: ignore[no-untyped-def]
) -> None:
    """Beijing Art. 14: the discharge for non-cooperation waits for a signed notice of that
    reason (a notice of a refusal to leave is not one); under Luzhou nothing is asked."""
    beijing = regional_archive(uow, clock, "beijing")
    set_passwords(beijing)
    case_id = beijing.admitted_case()
    ending = DischargeInput(ADMISSION + timedelta(days=12), "non_cooperation", "连续拒绝治疗",
                            destination="home", return_to_work="not_working")
    with pytest.raises(ValidationFailed) as refused, beijing.uow(beijing.physician) as u:
        treatment.discharge(u, case_id, ending)
    assert {e.key for e in refused.value.errors} == {"end_reason"}
    assert "不配合治疗" in refused.value.zh and "第十四条" in refused.value.zh
    assert "non-cooperation" in refused.value.en
    with beijing.uow(beijing.physician) as u:  # a notice for another reason does not do
        other = notice.add_notice(u, case_id, notice_input())
        notice.sign_notice(u, case_id, other, PASSWORD)
    with pytest.raises(ValidationFailed), beijing.uow(beijing.physician) as u:
        treatment.discharge(u, case_id, ending)
    with beijing.uow(beijing.physician) as u:
        own = notice.add_notice(u, case_id, notice_input(reason="non_cooperation",
                                                         facts="连续三日拒绝参加治疗"))
    with pytest.raises(ValidationFailed), beijing.uow(beijing.physician) as u:  # unsigned yet
        treatment.discharge(u, case_id, ending)
    with beijing.uow(beijing.physician) as u:
        notice.sign_notice(u, case_id, own, PASSWORD)
    with beijing.uow(beijing.physician) as u:
        treatment.discharge(u, case_id, ending)
    with beijing.uow() as u:
        assert u.session.get(RehabCase, case_id).end_reason == "non_cooperation"  # type: ignore[union-attr]


def test_elsewhere_non_cooperation_ends_a_course_without_a_notice(archive: Archive) -> None:
    case_id = archive.admitted_case()  # Luzhou: its text has no such notice
    with archive.uow(archive.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(
            ADMISSION + timedelta(days=12), "non_cooperation", destination="home",
            return_to_work="not_working"))
    with archive.uow() as u:
        assert u.session.get(RehabCase, case_id).end_reason == "non_cooperation"  # type: ignore[union-attr]


def test_an_unsigned_notice_keeps_the_case_from_the_archive(uow, clock) -> None:  # type: ignore[no-untyped-def]
    """A notice ending the course is signed by its physician before the case is archived: a
    draft one is listed with the signatures the discharge page waits for, by its name."""
    from desktop_app.services.clinical.discharge_view import pending_signatures
    from desktop_app.services.records import retention

    beijing = regional_archive(uow, clock, "beijing")
    set_passwords(beijing)
    case_id = beijing.discharged_case()
    with beijing.uow(beijing.physician) as u:
        notice_id = notice.add_notice(u, case_id, notice_input())
    with beijing.uow() as u:
        waiting = [(p.record_type, p.record_id, p.kind) for p in pending_signatures(u.session, case_id)]
    assert ("course_notice", notice_id, "终止康复治疗通知") in waiting
    with pytest.raises(UserError) as refused, beijing.uow(beijing.officer) as u:
        retention.archive_case(u, case_id)
    assert f"终止康复治疗通知 #{notice_id}" in refused.value.zh
    assert f"course notice #{notice_id}" in refused.value.en and "_" not in refused.value.en
    with beijing.uow(beijing.physician) as u:
        notice.sign_notice(u, case_id, notice_id, PASSWORD)
    with beijing.uow(beijing.officer) as u:
        retention.archive_case(u, case_id)
