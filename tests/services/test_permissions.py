"""Walk the whole permission table through the real services, on both engines.

For every action, every role and every state its target can be in: an allowed
combination must work, a forbidden one must raise ``PermissionDenied`` and leave a
``denied`` audit event naming the action, the role and the state."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.clock import CHINA, china_datetime
from desktop_app.db.models import AuditEvent
from desktop_app.domain.permissions import PERMISSIONS, ROLES, TARGET_STATES, permitted
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import catalogue, claim_gate, claims, fees
from desktop_app.services.clinical import consent, treatment
from desktop_app.services.core import lookup
from desktop_app.services.core.commands import (
    AssessmentInput,
    AttachmentInput,
    DischargeInput,
    PrescriptionInput,
)
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.integrity import amendments, audit_view, signing
from desktop_app.services.records import archive_export, attachments, disposal, retention
from tests.archive_fixture import ADMISSION, DISCHARGE, Archive

PASSWORD = "权限-表-2026"
BI_ZERO = {k: 0 for k in ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder",
                          "toilet", "transfer", "mobility", "stairs")}


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
    a.sign_as_patient([("treatment_plan", plan_id), ("treatment_session", session_id)])
    phases = ("pre",) if state == "draft" else ("pre", "post")
    for phase in phases:
        with a.uow(a.physician) as u:
            record = treatment.record_assessment(u, case_id, AssessmentInput(
                phase, "BI", BI_ZERO, ADMISSION, a.physician)).id
        with a.uow(a.physician) as u:
            signing.sign(u, [("assessment", record)], "assessor_signs",
                         signing.Signer("staff", staff_user_id=a.physician, password=PASSWORD))
    w.made[f"period{case_id}"] = "2026-04" if state == "draft" else "discharge"  # type: ignore[assignment]
    if state == "draft":
        return case_id
    with a.uow(a.physician) as u:
        treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed"))
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
    "case.discharge": (case_in, call(treatment.discharge, DischargeInput(DISCHARGE, "completed"))),
    "case.archive": (discharged_case, call(retention.archive_case)),
    "case.seal": (case_in, call(retention.seal_case, "医疗纠纷")),
    "case.delete": (registered_case, call(retention.delete_case)),
    "fee.charge": (case_in, call(fees.charge_sessions)),
    "claim.build": (claimable_case, build_claim),
    "claim.finalize": (claim_on("draft"), call(claims.finalize_claim)),
    "claim.export": (claim_on("final"), call(claims.mark_exported)),
    "claim.correct": (claim_on("exported"), call(claims.correct_claim, "补记漏报费用")),
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
    "retention.report": (nothing, call_archive(retention.retention_report)),
    "disposal.propose": (expired_retention, lambda w, a, t: call_archive(
        disposal.propose, [t], "期满鉴定")(w, a, t)),
    "disposal.approve": (lambda w, s: disposal_request(w, s, approved=False),
                         lambda w, a, t: call(disposal.approve, PASSWORD)(w, a, t)),
    "disposal.witness": (disposal_request, lambda w, a, t: call(disposal.witness,
                                                                 PASSWORD)(w, a, t)),
    "disposal.execute": (lambda w, s: disposal_request(w, s, witnesses=2),
                         call(disposal.carry_out)),
}

def test_every_action_of_the_table_is_walked() -> None:
    assert set(WALK) == set(PERMISSIONS)


def denied_events(w: World) -> list[dict[str, object]]:
    with w.archive.uow() as u:
        return list(u.session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "denied").order_by(AuditEvent.id)))


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_permission_table(world: World, action: str) -> None:
    build, perform = WALK[action]
    rule = PERMISSIONS[action]
    staff = world.archive.staff
    walked = 0
    for state in TARGET_STATES[rule.target]:
        target = build(world, state)
        for role in ROLES:
            if permitted(role, action, state):
                continue
            before = len(denied_events(world))
            with pytest.raises(PermissionDenied):
                perform(world, staff[role], target)
            events = denied_events(world)
            assert len(events) == before + 1, (action, role, state)
            assert (events[-1]["action"], events[-1]["role"], events[-1]["state"]) == (
                action, role, state)
            walked += 1
        for role in ROLES:
            if permitted(role, action, state):
                fresh = build(world, state)
                perform(world, staff[role], fresh)  # must not raise
                walked += 1
    assert walked == len(ROLES) * len(TARGET_STATES[rule.target])


def test_nobody_signed_in_can_do_anything_once_an_administrator_exists(world: World) -> None:
    with pytest.raises(PermissionDenied) as caught, world.archive.uow() as u:
        setup.add_staff(u, "intruder", "无名", "admin")
    assert "请先登录" in caught.value.zh
    assert denied_events(world)[-1] == {"action": "user.manage", "role": None, "state": None,
                                        "reason": caught.value.en}
