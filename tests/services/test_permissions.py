"""Walk the whole permission table through the real services, on both engines.

What the table should say is written out below (``EXPECTED``), cell by cell, apart from
``domain.permissions``: a wrong cell there is caught twice, by the table test and by the
walk. For every action, every role and every state its target can be in, the walk does
the action as that role: an allowed cell must leave the action's effect (the row or state
it creates or changes, by that member of staff), a refused cell must raise
``PermissionDenied``, leave a ``denied`` audit event naming the actor, the action, the
role and the state, and nothing else. What happened in each cell is then compared with
``EXPECTED`` as a whole."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import product
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from desktop_app.clock import CHINA, china_datetime
from desktop_app.db.models import (
    Amendment,
    Approval,
    Assessment,
    Attachment,
    AuditEvent,
    CaseTransfer,
    CataloguePack,
    Claim,
    ClaimAnswer,
    CourseNotice,
    DeviceRecord,
    DisposalRecord,
    DisposalRequest,
    DisposalRequestItem,
    ExpertEvaluation,
    FeeLine,
    FollowUp,
    Institution,
    MonthlySummary,
    OutOfScopeConsent,
    Prescription,
    RehabApplication,
    RehabCase,
    RetentionRecord,
    Signature,
    SignatureItem,
    StaffUser,
    TreatmentPlan,
    TreatmentSession,
    ValueReport,
)
from desktop_app.domain.permissions import PERMISSIONS, ROLES, TARGET_STATES, permitted
from desktop_app.domain.rules.packs import pack_for
from desktop_app.domain.statistics.report import Period
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import (
    catalogue,
    claim_answers,
    claim_gate,
    claims,
    fees,
    monthly_summary,
    settlement_ids,
)
from desktop_app.services.clinical import (
    appraisal_summary,
    consent,
    device,
    expert,
    follow_up,
    notice,
    transfer,
    treatment,
    value_report,
    vocational,
)
from desktop_app.services.core import lookup
from desktop_app.services.core.commands import (
    AssessmentInput,
    AttachmentInput,
    DischargeInput,
    PrescriptionInput,
)
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import application, intake
from desktop_app.services.integrity import amendments, audit_view, signing
from desktop_app.services.records import archive_export, attachments, disposal, retention
from desktop_app.services.statistics import statistics_reads
from tests.archive_fixture import ADMISSION, APPROVAL, DISCHARGE, Archive

T = TypeVar("T")
PASSWORD = "权限-表-2026"
BI_ZERO = {k: 0 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                          "toilet", "transfer", "mobility", "stairs")}

# Who may do what, written out cell by cell (not read from domain.permissions). One line
# per action, one ``state=mask`` per state its target can be in (``-``: the archive as a
# whole, which has no state). In a mask a letter is a role allowed, a dot a role refused,
# always in this order: A admin, P physician, T therapist, S assistant (therapy support),
# R records officer.
EXPECTED_TABLE = """
case.register             -=.P..R
case.open                 draft=APTSR     archived=APTSR  sealed=APTSR
case.record_approval      draft=.P..R     archived=.....  sealed=.....
case.admit                draft=.P..R     archived=.....  sealed=.....
case.attach               draft=.PTSR     archived=.....  sealed=.....
plan.write                draft=.P...     archived=.....  sealed=.....
prescription.write        draft=.P...     archived=.....  sealed=.....
session.record            draft=.PTS.     archived=.....  sealed=.....
assessment.record         draft=.PT..     archived=.....  sealed=.....
consent.record            draft=.PTSR     archived=.....  sealed=.....
case.discharge            draft=.P...     archived=.....  sealed=.....
follow_up.record          draft=.PT.R     archived=.PT.R  sealed=.....
case.archive              draft=A...R     archived=.....  sealed=.....
case.seal                 draft=A...R     archived=A...R  sealed=.....
case.delete               draft=A....     archived=.....  sealed=.....
fee.charge                draft=....R     archived=....R  sealed=.....
claim.build               draft=....R     archived=....R  sealed=.....
claim.finalize            draft=....R     archived=....R  sealed=.....
claim.export              draft=....R     archived=....R  sealed=.....
claim.correct             draft=....R     archived=....R  sealed=.....
case.settlement_ids       draft=....R     archived=.....  sealed=.....
claim.summary             -=....R
claim.summary_sign        -=A...R
claim.answer              draft=....R     archived=....R  sealed=.....
archive.export            draft=A...R     archived=A...R  sealed=A...R
retention.hold            draft=.....     archived=A...R  sealed=A...R
retention.extend          draft=.....     archived=A....  sealed=A....
record.sign               draft=.PTSR     signed=.PTSR    archived=.....  sealed=.....
record.cosign             draft=.PT..     signed=.PT..    archived=.....  sealed=.....
record.patient_sign       draft=.PTSR     signed=.PTSR    archived=.....  sealed=.....
record.amend              draft=.....     signed=.PT..    archived=.PT..  sealed=.....
record.approve_amendment  archived=A....
user.manage               -=A....
settings.edit             -=A....
catalogue.import          -=A....
audit.view                -=A...R
retention.report          -=A...R
disposal.propose          -=A...R
disposal.approve          -=A....
disposal.witness          -=APTSR
disposal.execute          -=A...R
statistics.view           -=A...R
application.record        draft=.P..R     archived=.....  sealed=.....
vocational.record         draft=.PT..     archived=.....  sealed=.....
appraisal.conclude        draft=.P...     archived=.....  sealed=.....
appraisal.summary         draft=.P..R     archived=.P..R  sealed=.....
value_report.write        draft=.P...     archived=.....  sealed=.....
notice.issue              draft=.P...     archived=.....  sealed=.....
transfer.record           draft=.P...     archived=.....  sealed=.....
expert.record             draft=.P...     archived=.....  sealed=.....
device.record             draft=.PT.R     archived=.....  sealed=.....
"""
ROLE_LETTERS = {"admin": "A", "physician": "P", "therapist": "T", "assistant": "S",
                "records_officer": "R"}  # the columns of a mask, in order

Cell = tuple[str, str | None]  # (role, state)


def parse_expected(text: str) -> dict[str, dict[Cell, bool]]:
    """action → (role, state) → allowed."""
    table: dict[str, dict[Cell, bool]] = {}
    for line in text.strip().splitlines():
        action, *columns = line.split()
        assert action not in table, f"{action} is written twice"
        table[action] = {}
        for column in columns:
            state_text, mask = column.split("=")
            state = None if state_text == "-" else state_text
            assert len(mask) == len(ROLE_LETTERS), line
            for (role, own), letter in zip(ROLE_LETTERS.items(), mask, strict=True):
                assert letter in (own, "."), f"{line}: {letter!r} in the column of {role}"
                table[action][(role, state)] = letter != "."
    return table


EXPECTED = parse_expected(EXPECTED_TABLE)


@dataclass
class World:
    """The archive, every staff member with a password, and a second administrator who
    approves disposals so that the first may witness them."""

    archive: Archive
    admin2: int
    made: dict[str, int] = field(default_factory=dict)

    def uow(self, actor: int):  # type: ignore[no-untyped-def]
        return self.archive.uow(actor)


@pytest.fixture
def world(archive: Archive) -> World:
    with archive.uow(archive.admin) as u:
        admin2 = setup.add_staff(u, "admin2", "第二管理员", "admin")
    for user in (*archive.staff.values(), admin2):
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, user, PASSWORD)
        archive.passwords[user] = PASSWORD
    return World(archive, admin2)


# ----------------------------------------------------------------------------- targets


def own_half_hour(day: date, actor: int) -> datetime:
    """A session start no other actor's session in the walk shares (the patient and the
    therapist are never in two sessions at once)."""
    return china_datetime(day, 8) + timedelta(minutes=30 * (actor % 20))


def case_in(w: World, state: str | None) -> int:
    a = w.archive
    if state == "draft":
        return a.admitted_case()
    case_id = a.archived_case()
    if state == "sealed":
        with a.uow(a.officer) as u:
            retention.seal_case(u, case_id, "医疗纠纷")
    return case_id


def beijing_case(w: World, state: str | None) -> int:
    """An open case judged by the Beijing pack (whose Art. 14 has the written notice)."""
    if state != "draft":
        return case_in(w, state)
    case_id = w.archive.admitted_case()
    with w.uow(w.archive.officer) as u:
        u.session.get(RehabCase, case_id).policy_pack = pack_for("beijing", APPROVAL).code
        u.commit()
    return case_id


def registered_case(w: World, state: str | None) -> int:
    return w.archive.register() if state == "draft" else case_in(w, state)


def approved_case(w: World, state: str | None) -> int:
    if state != "draft":
        return case_in(w, state)
    case_id = w.archive.register()
    with w.uow(w.archive.officer) as u:
        intake.record_approval(u, case_id, w.archive.approval())
    return case_id


def discharged_case(w: World, state: str | None) -> int:
    return w.archive.discharged_case() if state == "draft" else case_in(w, state)


def session_in(w: World, state: str | None) -> int:
    a = w.archive
    case_id = a.admitted_case() if state in ("draft", "signed") else None
    if case_id is None:
        case_id = case_in(w, state)
        with a.uow(a.officer) as u:
            return int(u.session.scalar(select(retention.SIGNABLE["treatment_session"].id)
                                        .where(retention.SIGNABLE["treatment_session"].case_id
                                               == case_id).limit(1)))
    session_id = a.record_session(case_id, ADMISSION + timedelta(days=3))
    if state == "signed":
        a.sign_as_patient([("treatment_session", session_id)])
    return session_id


def claimable_case(w: World, state: str | None) -> int:
    """A case whose archive passes the claim gate: open (a claim for 2026-04) or
    discharged and archived (a discharge claim), then sealed if asked."""
    a = w.archive
    with a.uow(a.admin) as u:
        claim_gate.set_mid_assessment_after_days(u, 90)
    case_id = a.admitted_case()
    session_id = a.record_session(case_id, ADMISSION + timedelta(days=3))
    with a.uow() as u:
        plan = lookup.current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    a.sign_as_therapist([session_id])
    a.sign_as_patient([("treatment_plan", plan_id), ("treatment_session", session_id)])
    phases = ("pre",) if state == "draft" else ("pre", "post")
    for phase in phases:  # assessed and signed that day
        with a.at(china_datetime(ADMISSION, 15)), a.uow(a.physician) as u:
            record = treatment.record_assessment(u, case_id, AssessmentInput(
                phase, "BI", BI_ZERO, ADMISSION, a.physician)).id
        with a.at(china_datetime(ADMISSION, 15, 5)), a.uow(a.physician) as u:
            signing.sign(u, [("assessment", record)], "assessor_signs",
                         signing.Signer("staff", staff_user_id=a.physician, password=PASSWORD))
    w.made[f"period{case_id}"] = "2026-04" if state == "draft" else "discharge"  # type: ignore[assignment]
    if state == "draft":
        return case_id
    with a.uow(a.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
    with a.uow(a.officer) as u:
        retention.archive_case(u, case_id)
    if state == "sealed":
        with a.uow(a.officer) as u:
            retention.seal_case(u, case_id, "医疗纠纷")
    return case_id


def claim_on(stage: str) -> Callable[[World, str | None], int]:
    """A claim at ``stage`` (draft / final / exported) of a case in the state."""
    def build(w: World, state: str | None) -> int:
        a = w.archive
        case_id = claimable_case(w, "archived" if state == "sealed" else state)
        with a.uow(a.officer) as u:
            claim_id = claims.build_claim(u, case_id, str(w.made[f"period{case_id}"]))
        if stage != "draft":
            with a.uow(a.officer) as u:
                claims.finalize_claim(u, claim_id)
            code = a.codes["演示检查（X线摄影 单部位）"]
            with a.uow(a.officer) as u:  # a late charge, for a correction to carry
                fees.add_charge(u, case_id, fees.ChargeInput(code, ADMISSION, Decimal(1), "medical"))
        if stage == "exported":
            with a.uow(a.officer) as u:
                claims.mark_exported(u, claim_id)
        if state == "sealed":
            with a.uow(a.officer) as u:
                retention.seal_case(u, case_id, "医疗纠纷")
        return claim_id
    return build


def build_claim(w: World, actor: int, case_id: int) -> object:
    with w.uow(actor) as u:
        return claims.build_claim(u, case_id, str(w.made.get(f"period{case_id}", "discharge")))


def in_2056(w: World) -> None:
    w.archive.clock.current = datetime(2056, 7, 1, 9, 0, tzinfo=CHINA)


def expired_retention(w: World, _state: str | None) -> int:
    w.archive.clock.current = datetime(2026, 6, 1, 9, 0, tzinfo=CHINA)
    case_id = w.archive.archived_case()
    in_2056(w)
    with w.uow(w.archive.officer) as u:
        record = retention.retention_of(u.session, case_id)
        assert record is not None
        return record.id


def disposal_request(w: World, state: str | None, witnesses: int = 0,
                     approved: bool = True) -> int:
    retention_id = expired_retention(w, state)
    a = w.archive
    with w.uow(a.officer) as u:
        request_id = disposal.propose(u, [retention_id], "保管期满，经鉴定无保存价值")
    if approved:
        with w.uow(w.admin2) as u:
            disposal.approve(u, request_id, PASSWORD)
    for witness in (a.physician, a.therapist)[:witnesses]:
        with w.uow(witness) as u:
            disposal.witness(u, request_id, PASSWORD)
    return request_id


def nothing(_w: World, _state: str | None) -> int:
    return 0


def case_with_session(w: World, state: str | None) -> int:
    """A case with a session to charge: an open one with a session recorded, or an archived
    (and maybe sealed) one, whose two sessions were never charged."""
    if state != "draft":
        return case_in(w, state)
    case_id = w.archive.admitted_case()
    w.archive.record_session(case_id, ADMISSION + timedelta(days=3))
    return case_id


def archived_retention(w: World, _state: str | None) -> int:
    """The retention record of a newly archived case, for the report to list."""
    case_id = w.archive.archived_case()
    with w.uow(w.archive.officer) as u:
        record = retention.retention_of(u.session, case_id)
        assert record is not None
        return record.id


# ----------------------------------------------------------------------------- actions

Perform = Callable[[World, int, int], object]


def staff_sign(meaning: str) -> Perform:
    def perform(w: World, actor: int, target: int) -> object:
        with w.uow(actor) as u:
            return signing.sign(u, [("treatment_session", target)], meaning,
                                signing.Signer("staff", staff_user_id=actor, password=PASSWORD))
    return perform


def patient_sign(w: World, actor: int, target: int) -> object:
    from desktop_app.domain.strokes import render_png, synthetic_strokes

    strokes = synthetic_strokes(3)
    with w.uow(actor) as u:
        return signing.sign(u, [("treatment_session", target)], "patient_confirms_sessions",
                            signing.Signer("patient", "张三"),
                            handwriting=signing.Handwriting(strokes, render_png(strokes)))


def amend(w: World, actor: int, target: int, approver: int | None = None) -> object:
    with w.uow(actor) as u:
        return amendments.amend(u, "treatment_session", target, {"count": 2}, "次数笔误",
                                password=PASSWORD,
                                approver_id=approver if approver else w.archive.admin,
                                approver_password=PASSWORD)


def approve_amendment(w: World, approver: int, target: int) -> object:
    return amend(w, w.archive.physician, target, approver)


def revise_plan(w: World, actor: int, case_id: int) -> object:
    with w.uow(actor) as u:
        return treatment.revise_plan(u, case_id, w.archive.plan(), "调整频次")


def prescribe(w: World, actor: int, case_id: int) -> object:
    code = w.archive.codes["运动疗法"]
    with w.uow(actor) as u:
        return treatment.prescribe(u, case_id, PrescriptionInput(code, 5, "每日1次", ADMISSION,
                                                                  actor))


def assess(w: World, actor: int, case_id: int) -> object:
    with w.uow(actor) as u:
        return treatment.record_assessment(u, case_id, AssessmentInput(
            "pre", "BI", BI_ZERO, ADMISSION, actor))


def import_pack(w: World, actor: int, _target: int) -> object:
    w.made["pack"] = w.made.get("pack", 1) + 1
    with w.uow(actor) as u:
        return catalogue.import_catalogue(u, catalogue.demo_pack_path(), catalogue.PackInfo(
            region="演示", version=str(w.made["pack"]), name="演示目录",
            effective_from=date(2021, 1, 1), is_demo=True))


def add_user(w: World, actor: int, _target: int) -> object:
    w.made["user"] = w.made.get("user", 0) + 1
    with w.uow(actor) as u:
        return setup.add_staff(u, f"new{w.made['user']}", "新同事", "therapist")


def call(fn: Callable[..., object], *args: object) -> Perform:
    """An action on the target with the unit of work of the actor."""
    def perform(w: World, actor: int, target: int) -> object:
        with w.uow(actor) as u:
            return fn(u, target, *args)
    return perform


def call_archive(fn: Callable[..., object], *args: object) -> Perform:
    def perform(w: World, actor: int, _target: int) -> object:
        with w.uow(actor) as u:
            return fn(u, *args)
    return perform


def register(w: World, actor: int, _target: int) -> object:
    w.made["person"] = w.made.get("person", 0) + 1
    from desktop_app.domain.identity import make_resident_id

    resident = make_resident_id("110105", date(1970, 1, 1), w.made["person"], "M")
    with w.uow(actor) as u:
        return intake.register_case(u, w.archive.registration(resident_id=resident, name="王五"))


def summary_to_sign(w: World, _state: str | None) -> int:
    """A month's summary of its own (each signs a fresh one), made by the records officer."""
    w.made["summary"] = w.made.get("summary", 0) + 1
    with w.uow(w.archive.officer) as u:
        return monthly_summary.summarise_month(u, f"2031-{w.made['summary']:02d}")


def concluded_case(w: World, state: str | None) -> int:
    """A case with the physician's conclusion for the appraisal: open, or discharged, concluded
    and archived (then sealed if asked)."""
    a = w.archive
    case_id = a.admitted_case() if state == "draft" else a.discharged_case()
    with a.uow(a.physician) as u:
        appraisal_summary.conclude(u, case_id, appraisal_summary.ConclusionInput(
            "stable_ready", "伤情稳定"), PASSWORD)
    if state != "draft":
        with a.uow(a.officer) as u:
            retention.archive_case(u, case_id)
    if state == "sealed":
        with a.uow(a.officer) as u:
            retention.seal_case(u, case_id, "医疗纠纷")
    return case_id


# action → (target builder, perform)
WALK: dict[str, tuple[Callable[[World, str | None], int], Perform]] = {
    "case.register": (nothing, register),
    "case.open": (case_in, call(retention.open_case)),
    "case.record_approval": (registered_case, lambda w, a, t: call(intake.record_approval,
                                                                    w.archive.approval())(w, a, t)),
    "case.admit": (approved_case, lambda w, a, t: call(intake.admit, intake.AdmissionInput(
        ADMISSION, w.archive.registration().resident_id))(w, a, t)),
    "case.attach": (case_in, call(attachments.add_attachment, AttachmentInput(
        "认定书.pdf", b"%PDF-1.4 scan", "recognition_decision"))),
    "plan.write": (case_in, revise_plan),
    "prescription.write": (case_in, prescribe),
    "session.record": (case_in, lambda w, a, t: call(treatment.record_session, w.archive.session(
        ADMISSION + timedelta(days=4), therapist_id=a,  # each actor at its own half hour
        started_at=own_half_hour(ADMISSION + timedelta(days=4), a),
        ended_at=own_half_hour(ADMISSION + timedelta(days=4), a) + timedelta(minutes=30)))(w, a, t)),
    "assessment.record": (case_in, assess),
    "consent.record": (case_in, lambda w, a, t: call(consent.record_consent, consent.ConsentInput(
        (consent.ConsentItemInput(w.archive.codes["徒手平衡功能检查"], 1),), "worker", "张三",
        ADMISSION))(w, a, t)),
    "case.discharge": (case_in, call(treatment.discharge, DischargeInput(DISCHARGE, "completed",
                                                                         None, "home", "same_job"))),
    "follow_up.record": (discharged_case, call(follow_up.record_follow_up, follow_up.FollowUpInput(
        3, DISCHARGE + timedelta(days=5), "phone", "other_employer"))),
    "case.archive": (discharged_case, call(retention.archive_case)),
    "case.seal": (case_in, call(retention.seal_case, "医疗纠纷")),
    "case.delete": (registered_case, call(retention.delete_case)),
    "fee.charge": (case_with_session, call(fees.charge_sessions)),
    "claim.build": (claimable_case, build_claim),
    "claim.finalize": (claim_on("draft"), call(claims.finalize_claim)),
    "claim.export": (claim_on("final"), call(claims.mark_exported)),
    "claim.correct": (claim_on("exported"), call(claims.correct_claim, "补记漏报费用")),
    "case.settlement_ids": (case_in, call(settlement_ids.set_agency_ids,
                                          settlement_ids.AgencyIdsInput("P0012", "M0012"))),
    "claim.summary": (nothing, call_archive(monthly_summary.summarise_month, "2026-04")),
    "claim.summary_sign": (summary_to_sign, call(monthly_summary.sign_summary, PASSWORD)),
    "claim.answer": (claim_on("exported"), lambda w, a, t: call(
        claim_answers.record_submitted, w.archive.clock.today())(w, a, t)),
    "archive.export": (case_in, lambda w, a, t: call(
        archive_export.export_archive, Path(tempfile.mkdtemp(prefix="binder-")))(w, a, t)),
    "retention.hold": (case_in, call(retention.set_legal_hold, True, "诉讼")),
    "retention.extend": (case_in, call(retention.extend_retention, date(2070, 1, 1), "随访")),
    "record.sign": (session_in, staff_sign("therapist_signs")),
    "record.cosign": (session_in, staff_sign("reviewer_cosigns")),
    "record.patient_sign": (session_in, patient_sign),
    "record.amend": (session_in, amend),
    "record.approve_amendment": (session_in, approve_amendment),
    "user.manage": (nothing, add_user),
    "settings.edit": (nothing, call_archive(setup.save_institution, setup.InstitutionInput(
        name="测试康复医院", region="泸州市", agreement_number="XY-2"))),
    "catalogue.import": (nothing, import_pack),
    "audit.view": (nothing, call_archive(audit_view.history)),
    "retention.report": (archived_retention, call_archive(retention.retention_report)),
    "disposal.propose": (expired_retention, lambda w, a, t: call_archive(
        disposal.propose, [t], "期满鉴定")(w, a, t)),
    "disposal.approve": (lambda w, s: disposal_request(w, s, approved=False),
                         lambda w, a, t: call(disposal.approve, PASSWORD)(w, a, t)),
    "disposal.witness": (disposal_request, lambda w, a, t: call(disposal.witness,
                                                                 PASSWORD)(w, a, t)),
    "disposal.execute": (lambda w, s: disposal_request(w, s, witnesses=2),
                         call(disposal.carry_out)),
    "statistics.view": (lambda w, _s: w.archive.admitted_case(),
                        call_archive(statistics_reads.report_for, Period(2026))),
    "application.record": (registered_case, call(application.add_application, application.ApplicationInput(
        APPROVAL - timedelta(days=5), "employer", "泸州市劳动能力鉴定委员会"))),
    "vocational.record": (case_in, call(vocational.set_vocational_goal, vocational.VocationalGoalInput(
        "other_job_same_employer", ADMISSION))),
    "appraisal.conclude": (case_in, call(appraisal_summary.conclude, appraisal_summary.ConclusionInput(
        "stable_ready", "伤情稳定，可申请劳动能力鉴定"), PASSWORD)),
    "appraisal.summary": (concluded_case, call(appraisal_summary.issue_summary)),
    "value_report.write": (case_in, call(value_report.add_value_report, value_report.ValueReportInput(
        APPROVAL, "STABLE", "has_value", "骨折术后关节活动受限，具有康复价值", "物理治疗与作业治疗"))),
    "notice.issue": (beijing_case, call(notice.add_notice, notice.NoticeInput(
        ADMISSION + timedelta(days=2), "non_cooperation", "连续三日拒绝参加治疗", "in_person", "signed"))),
    "transfer.record": (case_in, call(transfer.transfer_out, transfer.TransferOutInput(
        "成都市第二康复医院", DISCHARGE, "需要专科康复条件"))),
    "expert.record": (registered_case, call(expert.add_evaluation, expert.EvaluationInput(
        APPROVAL - timedelta(days=2), (expert.Expert("刘专家", "主任医师"),), ("vocational",),
        "具备职业康复条件", AttachmentInput("评估意见.pdf", b"%PDF-1.4 scan", "expert_evaluation")))),
    "device.record": (case_in, lambda w, a, t: call(device.add_opinion, device.OpinionInput(
        ADMISSION, "FZQJ00001", "膝踝足矫形器", w.archive.physician))(w, a, t)),
}

# ----------------------------------------------------------------------------- effects


@dataclass
class Done:
    """An allowed action that returned: what it returned, and the audit events written
    while it ran, read back in a session of their own."""

    w: World
    actor: int
    state: str | None
    target: int
    result: Any
    session: Session
    events: list[AuditEvent]

    def row(self, model: type[T], row_id: object) -> T:
        found = self.session.get(model, row_id)
        assert found is not None, f"no {model.__name__} #{row_id}"
        return found

    def case(self) -> RehabCase:
        return self.row(RehabCase, self.target)

    def wrote(self, action: str, record_type: str, record_id: int | None = None) -> None:
        """An audit event of the action's own, by the actor (every change is traced)."""
        assert any((e.action, e.record_type, e.actor_id) == (action, record_type, self.actor)
                   and record_id in (None, e.record_id) for e in self.events), (
            f"no {action} {record_type} #{record_id} event by #{self.actor} among "
            f"{[(e.action, e.record_type, e.record_id, e.actor_id) for e in self.events]}")

    def created(self, model: type[T], row_id: object) -> T:
        """A row the actor created, with its audit event."""
        found = self.row(model, row_id)
        assert getattr(found, "created_by_id", self.actor) == self.actor
        self.wrote("create", model.__tablename__, int(row_id))  # type: ignore[attr-defined,call-overload]
        return found

    def signature(self, record_type: str, record_id: int, meaning: str) -> Signature:
        """The signature the action returned, covering the record, with that meaning."""
        signature = self.created(Signature, self.result)
        assert signature.meaning == meaning
        assert self.session.scalars(select(SignatureItem).where(
            SignatureItem.signature_id == signature.id, SignatureItem.record_type == record_type,
            SignatureItem.record_id == record_id)).one()
        return signature


def staff_signature(meaning: str) -> Callable[[Done], None]:
    def check(d: Done) -> None:
        signature = d.signature("treatment_session", d.target, meaning)
        assert (signature.signer_kind, signature.staff_user_id, signature.method) == (
            "staff", d.actor, "password")
        assert d.row(TreatmentSession, d.target).record_state == "signed"
    return check


def registered(d: Done) -> None:
    case = d.created(RehabCase, d.result.case_id)
    assert (case.status, case.record_state, case.worker.name) == ("registered", "draft", "王五")


def opened(d: Done) -> None:
    assert sa_inspect(d.result).identity == (d.target,)
    d.wrote("open", "rehab_case", d.target)
    assert d.events[-1].details == {"record_state": d.state}


def approval_recorded(d: Done) -> None:
    approval = d.created(Approval, d.result)
    assert (approval.case_id, approval.decision_number) == (d.target, "泸工康核〔2026〕1号")
    assert d.case().status == "approved"


def admitted(d: Done) -> None:
    case = d.case()
    assert (case.status, case.admission_date, case.admitted_by_id) == (
        "admitted", ADMISSION, d.actor)
    d.wrote("update", "rehab_case", d.target)


def attached(d: Done) -> None:
    attachment = d.created(Attachment, d.result)
    assert (attachment.case_id, attachment.filename, attachment.kind) == (
        d.target, "认定书.pdf", "recognition_decision")


def plan_revised(d: Done) -> None:
    plan = d.created(TreatmentPlan, d.result.id)
    assert (plan.case_id, plan.version_no, plan.revision_reason) == (d.target, 2, "调整频次")
    assert plan.supersedes_id is not None


def prescribed(d: Done) -> None:
    prescription = d.created(Prescription, d.result.id)
    assert (prescription.case_id, prescription.prescriber_id, prescription.count) == (
        d.target, d.actor, 5)


def session_recorded(d: Done) -> None:
    row = d.created(TreatmentSession, d.result.id)
    assert (row.case_id, row.therapist_id, row.record_state) == (d.target, d.actor, "draft")


def assessed(d: Done) -> None:
    assessment = d.created(Assessment, d.result.id)
    assert (assessment.case_id, assessment.assessor_id, assessment.phase,
            assessment.instrument_code, assessment.total) == (d.target, d.actor, "pre", "BI", 0)


def consent_recorded(d: Done) -> None:
    consent_row = d.created(OutOfScopeConsent, d.result.id)
    assert (consent_row.case_id, consent_row.signer_name) == (d.target, "张三")


def discharged(d: Done) -> None:
    case = d.case()
    assert (case.status, case.discharge_date, case.end_reason) == (
        "discharged", DISCHARGE, "completed")
    d.wrote("update", "rehab_case", d.target)


def followed_up(d: Done) -> None:
    row = d.created(FollowUp, d.result)
    assert (row.case_id, row.months, row.return_to_work) == (d.target, 3, "other_employer")


def value_report_written(d: Done) -> None:
    row = d.created(ValueReport, d.result)
    assert (row.case_id, row.physician_id, row.version_no, row.record_state) == (
        d.target, d.actor, 1, "draft")


def notice_written(d: Done) -> None:
    row = d.created(CourseNotice, d.result)
    assert (row.case_id, row.issued_by_id, row.reason) == (d.target, d.actor, "non_cooperation")
def evaluation_recorded(d: Done) -> None:
    row = d.created(ExpertEvaluation, d.result)
    assert (row.case_id, row.supports) == (d.target, ["vocational"])


def device_opinion_recorded(d: Done) -> None:
    row = d.created(DeviceRecord, d.result)
    assert (row.case_id, row.kind, row.device_code) == (d.target, "opinion", "FZQJ00001")


def application_recorded(d: Done) -> None:
    row = d.created(RehabApplication, d.result)
    assert (row.case_id, row.applicant, row.pack_code) == (d.target, "employer", "luzhou/2025-1")


def vocational_goal_set(d: Done) -> None:
    case = d.case()
    assert (case.vocational_goal, case.vocational_goal_set_on) == ("other_job_same_employer", ADMISSION)
    d.wrote("update", "rehab_case", d.target)


def appraisal_concluded(d: Done) -> None:
    case = d.case()
    assert (case.appraisal_conclusion, case.appraisal_physician_id) == ("stable_ready", d.actor)
    d.wrote("update", "rehab_case", d.target)


def appraisal_summary_issued(d: Done) -> None:
    assert d.result.kind == "appraisal_summary" and d.result.pdf.startswith(b"%PDF")
    d.wrote("export", "issued_document")
def transferred_out(d: Done) -> None:
    row = d.created(CaseTransfer, d.result.transfer_id)
    assert (row.case_id, row.direction, row.other_institution) == (d.target, "out", "成都市第二康复医院")


def archived(d: Done) -> None:
    assert d.case().record_state == "archived" and d.case().archived_at is not None
    assert d.created(RetentionRecord, d.result).record_id == d.target


def sealed(d: Done) -> None:
    case = d.case()
    assert (case.record_state, case.seal_reason) == ("sealed", "医疗纠纷")
    d.wrote("update", "rehab_case", d.target)


def deleted(d: Done) -> None:
    assert d.session.get(RehabCase, d.target) is None
    d.wrote("delete", "rehab_case", d.target)


def charged(d: Done) -> None:
    lines = d.session.scalars(select(FeeLine).where(FeeLine.case_id == d.target)).all()
    sessions = d.session.scalars(select(TreatmentSession.id).where(
        TreatmentSession.case_id == d.target)).all()
    assert d.result == len(sessions) >= 1
    assert Counter(line.session_id for line in lines) == Counter(sessions)  # one line each
    assert {line.created_by_id for line in lines} == {d.actor}
    d.wrote("create", "fee_line")


def claim_built(d: Done) -> None:
    claim = d.created(Claim, d.result)
    assert (claim.case_id, claim.status, claim.period) == (
        d.target, "draft", d.w.made[f"period{d.target}"])


def claim_finalized(d: Done) -> None:
    claim = d.row(Claim, d.target)
    assert (claim.status, claim.frozen_sha256) == ("final", d.result)
    d.wrote("update", "claim", d.target)


def claim_exported(d: Done) -> None:
    assert d.row(Claim, d.target).status == "exported"
    d.wrote("update", "claim", d.target)


def claim_corrected(d: Done) -> None:
    claim = d.created(Claim, d.result)
    assert (claim.supersedes_id, claim.version_no, claim.status, claim.correction_reason) == (
        d.target, 2, "draft", "补记漏报费用")


def agency_ids_set(d: Done) -> None:
    case = d.case()
    assert (case.agency_psn_no, case.agency_mdtrt_id) == ("P0012", "M0012")
    d.wrote("update", "rehab_case", d.target)
def claim_answered(d: Done) -> None:
    answer = d.created(ClaimAnswer, d.result)
    assert (answer.claim_id, answer.kind) == (d.target, "submitted")
    assert d.row(Claim, d.target).status == "exported"  # the claim itself never changes


def exported(d: Done) -> None:
    assert d.result.zip_path.is_file() and d.result.folder.is_dir() and d.result.documents
    d.wrote("export", "issued_document")


def retention_row(d: Done) -> RetentionRecord:
    record = retention.retention_of(d.session, d.target)
    assert record is not None
    return record


def held(d: Done) -> None:
    record = retention_row(d)
    assert (record.legal_hold, record.hold_reason) == (True, "诉讼")
    d.wrote("update", "retention_record", record.id)


def extended(d: Done) -> None:
    record = retention_row(d)
    assert record.retain_until == date(2070, 1, 1)
    d.wrote("extend_retention", "retention_record", record.id)


def patient_signed(d: Done) -> None:
    signature = d.signature("treatment_session", d.target, "patient_confirms_sessions")
    assert (signature.signer_kind, signature.signer_name, signature.method) == (
        "patient", "张三", "handwritten")
    assert d.row(TreatmentSession, d.target).record_state == "signed"


def the_amendment(d: Done) -> Amendment:
    amendment = d.session.scalars(select(Amendment).where(
        Amendment.record_type == "treatment_session", Amendment.original_id == d.target)).one()
    assert (amendment.replacement_id, amendment.reason) == (d.result, "次数笔误")
    assert d.row(TreatmentSession, d.result).count == 2
    return amendment


def amended(d: Done) -> None:
    amendment = d.created(Amendment, the_amendment(d).id)
    # An archived record's correction carries the administrator's approval; a signed one's none.
    assert amendment.approved_by_id == (d.w.archive.admin if d.state == "archived" else None)


def amendment_approved(d: Done) -> None:
    amendment = the_amendment(d)
    assert (amendment.created_by_id, amendment.approved_by_id) == (d.w.archive.physician, d.actor)
    assert d.session.scalars(select(Signature).join(SignatureItem).where(
        SignatureItem.record_type == "treatment_session", SignatureItem.record_id == d.result,
        Signature.meaning == "amendment_approves")).one().staff_user_id == d.actor


def summary_made(d: Done) -> None:
    assert d.created(MonthlySummary, d.result).month == "2026-04"


def summary_signed(d: Done) -> None:
    meaning = "summary_prepares" if d.w.archive.staff["records_officer"] == d.actor else "summary_reviews"
    d.signature("monthly_summary", d.target, meaning)


def user_added(d: Done) -> None:
    user = d.row(StaffUser, d.result)
    assert (user.username, user.role) == (f"new{d.w.made['user']}", "therapist")
    d.wrote("create", "staff_user", d.result)


def settings_saved(d: Done) -> None:
    assert d.row(Institution, d.result).agreement_number == "XY-2"
    d.wrote("update", "institution", d.result)


def catalogue_imported(d: Done) -> None:
    pack = d.created(CataloguePack, d.result.pack_id)
    assert (pack.region, pack.version) == ("演示", str(d.w.made["pack"]))
    assert d.result.item_count == len(pack.items) > 0


def audit_shown(d: Done) -> None:
    newest = d.session.scalar(select(func.max(AuditEvent.id)))
    assert d.result and d.result[0].id == newest  # the newest first
    assert [line.id for line in d.result] == sorted((line.id for line in d.result), reverse=True)


def retention_listed(d: Done) -> None:
    assert d.target in {row.retention_id for row in d.result}


def statistics_shown(d: Done) -> None:
    behind = {i for g in d.result.groups for f in g.figures for i in f.case_ids}
    assert d.target in behind  # the case admitted in 2026 is behind a figure of 2026


def disposal_proposed(d: Done) -> None:
    request = d.created(DisposalRequest, d.result)
    assert request.appraisal_note == "期满鉴定"
    assert d.session.scalars(select(DisposalRequestItem.retention_id).where(
        DisposalRequestItem.request_id == d.result)).all() == [d.target]


def disposal_approved(d: Done) -> None:
    d.signature("disposal_request", d.target, "disposal_approves")
    assert disposal.status(d.session, d.target).approved_by == d.actor


def disposal_witnessed(d: Done) -> None:
    d.signature("disposal_request", d.target, "disposal_witness")
    assert disposal.status(d.session, d.target).witnesses == (d.actor,)


def disposal_carried_out(d: Done) -> None:
    record = d.created(DisposalRecord, d.result)
    assert (record.request_id, record.state) == (d.target, "destroyed")
    assert disposal.status(d.session, d.target).carried_out
    assert set(d.session.scalars(select(RetentionRecord.disposal_state).join(
        DisposalRequestItem, DisposalRequestItem.retention_id == RetentionRecord.id).where(
        DisposalRequestItem.request_id == d.target))) == {"destroyed"}


# What an allowed action must leave behind.
EFFECTS: dict[str, Callable[[Done], None]] = {
    "case.register": registered,
    "case.open": opened,
    "case.record_approval": approval_recorded,
    "case.admit": admitted,
    "case.attach": attached,
    "plan.write": plan_revised,
    "prescription.write": prescribed,
    "session.record": session_recorded,
    "assessment.record": assessed,
    "consent.record": consent_recorded,
    "case.discharge": discharged,
    "follow_up.record": followed_up,
    "application.record": application_recorded,
    "vocational.record": vocational_goal_set,
    "appraisal.conclude": appraisal_concluded,
    "appraisal.summary": appraisal_summary_issued,
    "value_report.write": value_report_written,
    "notice.issue": notice_written,
    "transfer.record": transferred_out,
    "expert.record": evaluation_recorded,
    "device.record": device_opinion_recorded,
    "case.archive": archived,
    "case.seal": sealed,
    "case.delete": deleted,
    "fee.charge": charged,
    "claim.build": claim_built,
    "claim.finalize": claim_finalized,
    "claim.export": claim_exported,
    "claim.correct": claim_corrected,
    "case.settlement_ids": agency_ids_set,
    "claim.summary": summary_made,
    "claim.summary_sign": summary_signed,
    "claim.answer": claim_answered,
    "archive.export": exported,
    "retention.hold": held,
    "retention.extend": extended,
    "record.sign": staff_signature("therapist_signs"),
    "record.cosign": staff_signature("reviewer_cosigns"),
    "record.patient_sign": patient_signed,
    "record.amend": amended,
    "record.approve_amendment": amendment_approved,
    "user.manage": user_added,
    "settings.edit": settings_saved,
    "catalogue.import": catalogue_imported,
    "audit.view": audit_shown,
    "retention.report": retention_listed,
    "disposal.propose": disposal_proposed,
    "disposal.approve": disposal_approved,
    "disposal.witness": disposal_witnessed,
    "disposal.execute": disposal_carried_out,
    "statistics.view": statistics_shown,
}


# ----------------------------------------------------------------------------- the walk


def test_every_action_of_the_table_is_walked_and_expected() -> None:
    assert set(WALK) == set(PERMISSIONS) == set(EFFECTS) == set(EXPECTED)
    assert set(ROLE_LETTERS) == set(ROLES)
    for action, rule in PERMISSIONS.items():
        assert set(EXPECTED[action]) == set(product(ROLES, TARGET_STATES[rule.target])), action


def test_the_table_says_what_is_expected() -> None:
    """Cell by cell, ``domain.permissions`` against the table written out above."""
    wrong = [f"{action}: {role} × {state or 'archive'}: expected "
             f"{'allowed' if allowed else 'refused'}"
             for action, cells in EXPECTED.items() for (role, state), allowed in cells.items()
             if permitted(role, action, state) != allowed]
    assert not wrong, "the permission table differs from the expected one:\n" + "\n".join(wrong)


def denied_events(w: World) -> list[dict[str, object]]:
    with w.archive.uow() as u:
        return list(u.session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "denied").order_by(AuditEvent.id)))


def last_event(w: World) -> int:
    with w.archive.uow() as u:
        return int(u.session.scalar(select(func.max(AuditEvent.id))) or 0)


def events_after(session: Session, mark: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.id > mark)
                                .order_by(AuditEvent.id)))


def walk_cell(w: World, action: str, role: str, state: str | None, target: int,
              expect_allowed: bool) -> bool:
    """Do the action as the role; True if it was allowed (and, when expected, left its
    effect), False if refused (with exactly its audited denial)."""
    _, perform = WALK[action]
    actor = w.archive.staff[role]
    # An amendment of an archived record is refused for its approver's role: the physician
    # amending is the actor of the denial.
    acting = w.archive.physician if action == "record.approve_amendment" else actor
    mark = last_event(w)
    try:
        result = perform(w, actor, target)
    except PermissionDenied as refused:
        with w.archive.uow() as u:
            written = [(e.action, e.actor_id, e.details) for e in events_after(u.session, mark)]
        assert written == [("denied", acting, {"action": action, "role": role, "state": state,
                                               "reason": refused.en})], (
            f"{action}: refusing a {role} on a {state} target must write its denial and "
            f"nothing else: {written}")
        return False
    if expect_allowed:
        with w.archive.uow() as u:
            events = events_after(u.session, mark)
            assert "denied" not in {e.action for e in events}, (action, role, state)
            EFFECTS[action](Done(w, actor, state, target, result, u.session, events))
    return True


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_permission_table(world: World, action: str) -> None:
    """Every (role, state) cell of the action once: allowed cells on a target of their own
    (the action uses it up), refused cells on one target per state, which a refusal leaves
    as it was. What happened is compared with ``EXPECTED`` cell by cell."""
    build, _ = WALK[action]
    states = TARGET_STATES[PERMISSIONS[action].target]
    expected = EXPECTED[action]
    denials_before = len(denied_events(world))
    happened: dict[Cell, bool] = {}
    for state in states:
        shared: int | None = None  # built when a refused cell first needs it
        for role in ROLES:
            allowed = expected[(role, state)]
            if allowed:
                target = build(world, state)
            else:
                shared = build(world, state) if shared is None else shared
                target = shared
            assert (role, state) not in happened
            happened[(role, state)] = walk_cell(world, action, role, state, target, allowed)
            if happened[(role, state)] and not allowed:
                shared = None  # a wrongly allowed action may have used the target up
    wrong = [f"{role} × {state or 'archive'}: expected {'allowed' if allowed else 'refused'}, "
             f"was {'allowed' if happened.get((role, state)) else 'refused'}"
             for (role, state), allowed in expected.items() if happened.get((role, state)) != allowed]
    assert not wrong, f"{action}: the services disagree with the expected table:\n" + "\n".join(wrong)
    # Each cell walked exactly once, and every refusal audited once.
    assert sorted(happened, key=str) == sorted(product(ROLES, states), key=str)
    refusals = sum(not allowed for allowed in happened.values())
    assert len(denied_events(world)) - denials_before == refusals


def test_nobody_signed_in_can_do_anything_once_an_administrator_exists(world: World) -> None:
    with pytest.raises(PermissionDenied) as caught, world.archive.uow() as u:
        setup.add_staff(u, "intruder", "无名", "admin")
    assert "请先登录" in caught.value.zh
    assert denied_events(world)[-1] == {"action": "user.manage", "role": None, "state": None,
                                        "reason": caught.value.en}
