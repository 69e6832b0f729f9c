"""The rehabilitation application and the agreement's expiry (issue 19 items 1 and 9), on both
engines: the application is checked (no future date, accepted after submitted, a known
applicant, a body); its checklist and answer deadline are the active pack's alone (Luzhou
Arts. 12–13: 20 calendar days + 20; Beijing Art. 7: 4 working days; Baotou: silent, none);
an item marked not applicable needs a reason; rows never change; the approval links to its
application and ends the overdue alert; the agreement warns at 90 and 30 days and is urgent
once ended; a claim dated after its end is refused at building and at finalizing; new claims
carry the agreement in their frozen totals, the cover and claim.json."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select, text

from desktop_app.db.models import ApplicationItem, Approval, Claim, Institution, RehabApplication
from desktop_app.documents.data_files import claim_json
from desktop_app.domain.rules.application import AnswerDeadline, add_working_days, answer_due
from desktop_app.errors import UserError, ValidationFailed
from desktop_app.services.admin import setup
from desktop_app.services.claims import claim_gate, claims
from desktop_app.services.clinical import worklist_view
from desktop_app.services.core.commands import AttachmentInput
from desktop_app.services.core.guards import SignedRecordChange
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import application, intake
from desktop_app.services.intake.application_view import (
    agreement_alerts,
    application_alerts,
    case_applications,
)
from desktop_app.services.integrity.verify import verify_archive
from desktop_app.services.records import disposal, retention
from desktop_app.services.records.document_view import claim_documents
from tests.archive_fixture import APPROVAL, Archive
from tests.region_fixture import regional_archive
from tests.services.test_claims import make_course
from tests.services.test_retention import PASSWORD, in_2056, set_passwords

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBMITTED = date(2026, 3, 25)


def keys(error: ValidationFailed) -> set[str]:
    return {e.key for e in error.errors if not e.warning}


def apply(a: Archive, case_id: int, **changes: object) -> int:
    fields: dict[str, object] = {"submitted_on": SUBMITTED, "applicant": "employer",
                                 "submitted_to": "泸州市劳动能力鉴定委员会", **changes}
    with a.uow(a.officer) as u:
        return application.add_application(u, case_id, application.ApplicationInput(**fields))  # type: ignore[arg-type]


def mark(a: Archive, case_id: int, application_id: int, **fields: object) -> int:
    with a.uow(a.officer) as u:
        return application.mark_item(u, case_id, application_id, application.ItemMark(**fields))  # type: ignore[arg-type]


def test_the_application_is_checked(archive: Archive) -> None:
    case_id = archive.register()
    today = archive.clock.today()
    for changes, wrong in (({"submitted_on": today + timedelta(days=1)}, {"submitted_on"}),
                           ({"submitted_on": date(2026, 2, 1)}, {"submitted_on"}),  # before the injury
                           ({"accepted_on": SUBMITTED - timedelta(days=1)}, {"accepted_on"}),
                           ({"accepted_on": today + timedelta(days=1)}, {"accepted_on"}),
                           ({"applicant": "neighbour"}, {"applicant"}),
                           ({"submitted_to": "  "}, {"submitted_to"})):
        with pytest.raises(ValidationFailed) as caught:
            apply(archive, case_id, **changes)
        assert keys(caught.value) == wrong, changes
        assert all(e.zh and e.en for e in caught.value.errors)
    with archive.uow() as u:
        assert u.session.scalar(select(RehabApplication.id)) is None  # nothing written
    with pytest.raises(PermissionDenied), archive.uow(archive.therapist) as u:
        application.add_application(u, case_id, application.ApplicationInput(
            SUBMITTED, "worker", "泸州市劳动能力鉴定委员会"))


def test_luzhou_checklist_deadline_and_the_approval_that_answers(archive: Archive,
                                                                engine: Engine) -> None:
    case_id = archive.register()
    app_id = apply(archive, case_id, accepted_on=date(2026, 3, 27))
    with archive.uow() as u:
        (row,) = case_applications(u.session, case_id)
    assert row.pack_code == "luzhou/2025-1"
    assert [i.code for i in row.checklist] == ["application_form", "recognition_decision",
                                               "diagnosis_records", "latest_value_report"]
    assert all("Luzhou Art. 13" in i.basis_en for i in row.checklist)
    # 20 calendar days from acceptance (Luzhou Art. 12), 20 more when necessary.
    assert (row.due, row.due_extended) == (date(2026, 4, 16), date(2026, 5, 6))
    assert "Luzhou Art. 12" in row.deadline_en and not row.complete
    # Not applicable needs a reason; an unknown item and another case's scan are refused.
    for fields, wrong in (({"item_code": "latest_value_report", "status": "not_applicable"}, {"reason"}),
                          ({"item_code": "latest_value_report", "status": "not_applicable",
                            "reason": "   "}, {"reason"}),
                          ({"item_code": "treatment_recommendation", "status": "attached",
                            "scan": AttachmentInput("a.pdf", PDF, "application_material")},
                           {"item_code"}),  # Beijing's item: not in Luzhou's list
                          ({"item_code": "application_form", "status": "attached"}, {"attachment"})):
        with pytest.raises(ValidationFailed) as caught:
            mark(archive, case_id, app_id, **fields)
        assert keys(caught.value) == wrong, fields
        assert all(e.zh and e.en for e in caught.value.errors)
    other = archive.register(resident_id="110105196001020258", name="李四")
    with archive.uow(archive.officer) as u:
        from desktop_app.services.records.attachments import add_attachment

        foreign = add_attachment(u, other, AttachmentInput("b.pdf", PDF, "application_material"))
    with pytest.raises(ValidationFailed) as caught:
        mark(archive, case_id, app_id, item_code="application_form", status="attached",
             attachment_id=foreign)
    assert keys(caught.value) == {"attachment"}
    with pytest.raises(UserError, match="no application"):
        mark(archive, other, app_id, item_code="application_form", status="not_applicable", reason="x")
    # Attach three (one a new scan, stored in the case), mark one not applicable, then correct one.
    mark(archive, case_id, app_id, item_code="application_form", status="attached",
         scan=AttachmentInput("申请表.pdf", PDF, "application_material"))
    for code in ("recognition_decision", "diagnosis_records"):
        mark(archive, case_id, app_id, item_code=code, status="attached",
             scan=AttachmentInput(f"{code}.pdf", PDF + code.encode(), "application_material"))
    mark(archive, case_id, app_id, item_code="latest_value_report", status="not_applicable",
         reason="首次申请")
    mark(archive, case_id, app_id, item_code="diagnosis_records", status="not_applicable",
         reason="病历随后补交")
    with archive.uow() as u:
        (row,) = case_applications(u.session, case_id)
        assert u.session.scalar(select(ApplicationItem.id).order_by(ApplicationItem.id.desc())) is not None
    assert row.complete
    states = {i.code: (i.status, i.attachment_name, i.reason) for i in row.checklist}
    assert states["application_form"] == ("attached", "申请表.pdf", None)
    assert states["diagnosis_records"] == ("not_applicable", None, "病历随后补交")  # the latest counts
    # Overdue after 16 April (a warning while the extension runs), urgent after 6 May.
    with archive.uow() as u:
        assert application_alerts(u.session, date(2026, 4, 16)) == []
        (late,) = application_alerts(u.session, date(2026, 4, 17))
        (later,) = application_alerts(u.session, date(2026, 5, 7))
    assert (late.kind, late.severity, late.case_id) == ("application_overdue", "warning", case_id)
    assert "2026-05-06" in late.zh and "extended" in late.en
    assert later.severity == "urgent" and "泸州市劳动能力鉴定委员会" in later.zh
    # The approval names another case's application: refused; its own: answered, no alert.
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        intake.record_approval(u, other, archive.approval(application_id=app_id))
    assert keys(caught.value) == {"application"}
    with archive.uow(archive.officer) as u:
        approval_id = intake.record_approval(u, case_id, archive.approval(application_id=app_id))
    with archive.uow() as u:
        (row,) = case_applications(u.session, case_id)
        assert application_alerts(u.session, date(2026, 5, 7)) == []
        approval = u.session.get(Approval, approval_id)
        assert approval is not None and approval.application_id == app_id
    assert row.answered_by == (approval_id, archive.approval().decision_number, APPROVAL)
    report = verify_archive(engine)  # every row audited, the approval's link in its state
    assert report.ok, report.lines()


def test_application_rows_never_change(archive: Archive) -> None:
    case_id = archive.register()
    app_id = apply(archive, case_id)
    mark(archive, case_id, app_id, item_code="latest_value_report", status="not_applicable", reason="首次")
    for statement in ("UPDATE rehab_application SET submitted_to = 'x'",
                      "DELETE FROM rehab_application",
                      "UPDATE application_item SET reason = 'x'", "DELETE FROM application_item"):
        with pytest.raises(SignedRecordChange), archive.uow() as u:
            u.session.execute(text(statement))


def test_the_approvals_link_is_frozen_once_signed(archive: Archive) -> None:
    """The SQLite guard lists the new column (PostgreSQL's compares whole rows)."""
    case_id = archive.register()
    app_id = apply(archive, case_id)
    with archive.uow(archive.officer) as u:
        approval_id = intake.record_approval(u, case_id, archive.approval())
    with archive.uow() as u:
        u.session.execute(text("UPDATE approval SET record_state = 'signed' WHERE id = :i"),
                          {"i": approval_id})
        u.commit()
    with pytest.raises(SignedRecordChange, match="REHAB_IMMUTABLE|never changed|signed"), archive.uow() as u:
        u.session.execute(text("UPDATE approval SET application_id = :a WHERE id = :i"),
                          {"a": app_id, "i": approval_id})


def test_beijing_counts_working_days_and_a_silent_region_sets_none(uow, clock) -> None:  # type: ignore[no-untyped-def]
    beijing = regional_archive(uow, clock, "beijing")
    case_id = beijing.register()
    app_id = apply(beijing, case_id, submitted_on=date(2026, 5, 8), submitted_to="朝阳区社会保险经办机构")
    with beijing.uow() as u:
        (row,) = case_applications(u.session, case_id)
    assert row.pack_code == "beijing/2026-1"
    assert [i.code for i in row.checklist] == ["treatment_recommendation"]
    assert row.due == date(2026, 5, 14)  # Friday + 4 working days = Thursday (Beijing Art. 7)
    assert row.due_extended is None and "Beijing Art. 7" in row.deadline_en
    with beijing.uow() as u:
        (alert,) = application_alerts(u.session, date(2026, 5, 15))
    assert alert.severity == "urgent"  # no extension in Beijing's text
    # A public holiday the institution lists moves the deadline by a day.
    with beijing.uow(beijing.admin) as u:
        institution = u.session.scalars(select(Institution)).one()
        institution.settings = {**institution.settings, "public_holidays": ["2026-05-11"]}
        u.commit()
    with beijing.uow() as u:
        (row,) = case_applications(u.session, case_id)
    assert row.due == date(2026, 5, 15) and app_id == row.id


def test_a_region_whose_text_is_silent_has_no_checklist_and_no_deadline(uow, clock) -> None:  # type: ignore[no-untyped-def]
    baotou = regional_archive(uow, clock, "baotou")
    case_id = baotou.register()
    app_id = apply(baotou, case_id, submitted_on=date(2026, 3, 21), submitted_to="包头市社会保险经办机构")
    with baotou.uow() as u:
        (row,) = case_applications(u.session, case_id)
        assert application_alerts(u.session, date(2027, 1, 1)) == []
    assert row.pack_code.startswith("baotou/") and row.checklist_silent and row.checklist == ()
    assert row.due is None and "sets no answer deadline" in row.deadline_en and row.complete
    with pytest.raises(ValidationFailed) as caught:
        mark(baotou, case_id, app_id, item_code="application_form", status="not_applicable", reason="x")
    assert keys(caught.value) == {"item_code"}


def test_working_days_and_calendar_days() -> None:
    assert add_working_days(date(2026, 5, 8), 4) == date(2026, 5, 14)
    assert add_working_days(date(2026, 5, 8), 1, holidays=[date(2026, 5, 11)]) == date(2026, 5, 12)
    assert add_working_days(date(2026, 5, 8), 1, workdays=[date(2026, 5, 9)]) == date(2026, 5, 9)
    rule = AnswerDeadline(20, False, 20)
    assert answer_due(rule, date(2026, 1, 31)) == date(2026, 2, 20)
    assert answer_due(rule, date(2026, 1, 31), extended=True) == date(2026, 3, 12)


def set_agreement(a: Archive, valid_to: date | None, number: str | None = "LZGS-XY-2025-007") -> None:
    with a.uow(a.admin) as u:
        setup.save_institution(u, setup.InstitutionInput(
            name="测试康复医院", region="泸州市", agreement_number=number,
            agreement_valid_from=date(2025, 1, 1), agreement_valid_to=valid_to))


def test_agreement_alerts_at_90_and_30_days_and_once_ended(archive: Archive) -> None:
    with archive.uow() as u:
        assert agreement_alerts(u.session, date(2026, 6, 1)) == []  # none recorded
    set_agreement(archive, date(2026, 12, 31))
    with archive.uow() as u:
        found = {day: agreement_alerts(u.session, day) for day in (
            date(2026, 10, 1), date(2026, 10, 2), date(2026, 12, 1), date(2026, 12, 31),
            date(2027, 1, 1))}
        home = worklist_view.alerts(u.session, date(2027, 1, 1))
    assert found[date(2026, 10, 1)] == []  # 91 days ahead
    assert [(a.kind, a.severity) for a in found[date(2026, 10, 2)]] == [("agreement_ends_90", "warning")]
    assert [(a.kind, a.severity) for a in found[date(2026, 12, 1)]] == [("agreement_ends_30", "warning")]
    assert found[date(2026, 12, 31)][0].kind == "agreement_ends_30"
    (ended,) = found[date(2027, 1, 1)]
    assert (ended.kind, ended.severity, ended.case_id) == ("agreement_ended", "urgent", 0)
    assert "2026-12-31" in ended.zh and ended.en.startswith("The institution's agreement")
    assert home[0] == ended  # on the home screen, first


def test_a_claim_after_the_agreement_ended_is_refused(archive: Archive) -> None:
    course = make_course(archive)
    set_agreement(archive, date(2026, 4, 30))  # May's sessions are after it
    with pytest.raises(claim_gate.ClaimBlocked) as caught:
        course.build("2026-05")
    (gap,) = [g for g in caught.value.report.blocking if g.code == "after_agreement_end"]
    assert "2026-04-30" in gap.zh and "2026-05-" in gap.zh and "cannot be claimed" in gap.en
    assert "Luzhou Art. 32(2)" in gap.basis_en and "Beijing" not in gap.basis_en
    assert "协议" in caught.value.zh and "agreement" in caught.value.en
    april = course.build("2026-04")  # April lies within the agreement
    # Finalizing checks again: a draft built before the agreement was found ended is refused.
    set_agreement(archive, date(2026, 3, 31))
    with pytest.raises(claim_gate.ClaimBlocked, match="agreement"):
        course.finalize(april)
    set_agreement(archive, date(2027, 12, 31))
    course.finalize(april)


def test_new_claims_carry_the_agreement_and_old_ones_hash_as_before(archive: Archive) -> None:
    course = make_course(archive)
    without = course.build("2026-04")
    course.finalize(without)
    set_agreement(archive, date(2027, 12, 31))
    with_agreement = course.build("2026-05")
    course.finalize(with_agreement)
    with archive.uow() as u:
        old, new = (u.session.get(Claim, i) for i in (without, with_agreement))
        assert old is not None and new is not None
        assert "agreement" not in old.totals  # built before: unchanged, still verifies
        assert claims.check_frozen(u.session, without) and claims.check_frozen(u.session, with_agreement)
        assert new.totals["agreement"] == {"number": "LZGS-XY-2025-007", "valid_from": "2025-01-01",
                                           "valid_to": "2027-12-31"}
    old_view, new_view = course.view(without), course.view(with_agreement)
    assert new_view.totals.agreement_valid_to == date(2027, 12, 31)
    institution = json.loads(json.dumps(claim_json(new_view, "national")))["institution"]
    assert institution["agreement_valid_from"] == "2025-01-01"
    assert institution["agreement_valid_to"] == "2027-12-31"
    assert "agreement_valid_to" not in claim_json(old_view, "national")["institution"]
    new_docs, old_docs = claim_documents(new_view), claim_documents(old_view)
    assert ("协议有效期", "2025-01-01 至 2027-12-31") in new_docs.fee_list.identity
    assert all(label != "协议有效期" for label, _ in old_docs.fee_list.identity)
    assert new_docs.cover.case.agreement_validity == "2025-01-01 至 2027-12-31"


def test_an_approval_recorded_without_the_link_still_answers_later_applications_only(
        archive: Archive) -> None:
    case_id = archive.register()
    first = apply(archive, case_id)  # 2026-03-25
    with archive.uow(archive.officer) as u:  # from the approval page: no application named
        approval_id = intake.record_approval(u, case_id, archive.approval())  # decided 2026-04-01
    second = apply(archive, case_id, submitted_on=date(2026, 4, 5))  # an application after it
    with archive.uow() as u:
        rows = {r.id: r for r in case_applications(u.session, case_id)}
        alerts = application_alerts(u.session, date(2026, 5, 20))
    assert rows[first].answered_by is None
    assert rows[first].answered_unlinked == (approval_id, archive.approval().decision_number, APPROVAL)
    assert not rows[first].overdue(date(2026, 5, 20))
    assert rows[second].answered_unlinked is None and rows[second].overdue(date(2026, 5, 20))
    assert [a.case_id for a in alerts] == [case_id] and "2026-04-05" in alerts[0].zh


def test_a_disposal_destroys_the_application_with_its_case(archive: Archive, engine: Engine) -> None:
    case_id = archive.discharged_case()
    app_id = apply(archive, case_id)
    mark(archive, case_id, app_id, item_code="application_form", status="attached",
         scan=AttachmentInput("申请表.pdf", PDF, "application_material"))
    with archive.uow(archive.officer) as u:
        retention.archive_case(u, case_id)
    set_passwords(archive)
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
        assert u.session.scalar(select(func.count()).select_from(RehabApplication)) == 0
        assert u.session.scalar(select(func.count()).select_from(ApplicationItem)) == 0
    report = verify_archive(engine)
    assert report.ok, report.lines()
