"""The `archive` fixture: an archive with an institution, staff (one per role) and the demo
catalogue, and valid inputs. Imported by tests/conftest.py so every test folder can use it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.clock import FixedClock, china_datetime
from desktop_app.db.models import CatalogueItem
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.domain.vocabulary import Meaning
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import catalogue
from desktop_app.services.clinical import treatment
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovalInput,
    ApprovedItemInput,
    DiagnosisInput,
    DischargeInput,
    EmployerInput,
    PlanInput,
    PlanItemInput,
    RegistrationInput,
    SessionInput,
)
from desktop_app.services.core.lookup import current_plan
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signature_timing, signing
from desktop_app.services.records import retention

VALID_ID = "11010519491231002X"
INJURY = date(2026, 3, 1)
RECOGNITION = date(2026, 3, 20)
APPROVAL = date(2026, 4, 1)
PERIOD_TO = date(2026, 6, 30)
ADMISSION = date(2026, 4, 3)
DISCHARGE = date(2026, 5, 20)
STAFF_PASSWORD = "治疗师-签名-2026"  # what ``sign_as_therapist`` gives a performer with none


@dataclass
class Archive:
    uow: Callable[..., UnitOfWork]
    clock: FixedClock
    admin: int
    physician: int
    therapist: int
    officer: int
    codes: dict[str, str]  # item name → national code
    assistant: int = 0
    # Registration fields every case of this archive gets (a test's own answers).
    registration_defaults: dict[str, object] = field(default_factory=dict)
    # Passwords tests gave staff, by id: ``sign_as_therapist`` signs with them.
    passwords: dict[int, str] = field(default_factory=dict)

    @property
    def staff(self) -> dict[str, int]:
        return {"admin": self.admin, "physician": self.physician, "therapist": self.therapist,
                "assistant": self.assistant, "records_officer": self.officer}

    def registration(self, **changes: object) -> RegistrationInput:
        base = RegistrationInput(
            name="张三", resident_id=VALID_ID, phone="13800000000",
            employer=EmployerInput("泸州市江阳建筑工程有限公司", "91310110666007217T"),
            recognition_number="泸人社工认〔2026〕101号", recognition_date=RECOGNITION,
            injury_date=INJURY, injured_body_parts=("右髋",),
            diagnoses=(DiagnosisInput("S72.001", "股骨颈骨折"),), disease_category="WI05",
            stage="STABLE", setting="inpatient",
        )
        return replace(base, **{**self.registration_defaults, **changes})  # type: ignore[arg-type]

    def approval(self, **changes: object) -> ApprovalInput:
        base = ApprovalInput(
            kind="approval", decision_number="泸工康核〔2026〕1号", decision_date=APPROVAL,
            issuing_body="泸州市劳动能力鉴定委员会", period_from=APPROVAL, period_to=PERIOD_TO,
            items=(ApprovedItemInput(self.codes["运动疗法"], "运动疗法", 10),
                   ApprovedItemInput(self.codes["作业疗法"], "作业疗法", 20)),
        )
        return replace(base, **changes)  # type: ignore[arg-type]

    def plan(self, **changes: object) -> PlanInput:
        base = PlanInput(
            period_from=ADMISSION, period_to=PERIOD_TO, goals="改善步行能力",
            expected_effect="独立步行100米", precautions="防跌倒",
            items=(PlanItemInput(self.codes["运动疗法"], "每日1次", 10),),
        )
        return replace(base, **changes)  # type: ignore[arg-type]

    def session(self, day: date, code_name: str = "运动疗法", **changes: object) -> SessionInput:
        start = china_datetime(day, 10)
        base = SessionInput(national_code=self.codes[code_name], therapist_id=self.therapist,
                            started_at=start, ended_at=start + timedelta(minutes=30))
        return replace(base, **changes)  # type: ignore[arg-type]

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """The clock at ``moment`` for what the ward does then (never later than it was):
        records are written and signed when they happen, as on a real ward."""
        saved = self.clock.current
        self.clock.current = min(moment, saved)
        try:
            yield
        finally:
            self.clock.current = saved

    def register(self, **changes: object) -> int:
        with self.uow(self.officer) as u:
            return intake.register_case(u, self.registration(**changes)).case_id

    def admitted_case(self) -> int:
        """Registered and approved on the approval's day, admitted with a one-item plan on
        the admission day."""
        with self.at(china_datetime(APPROVAL, 9)):
            case_id = self.register()
            with self.uow(self.officer) as u:
                intake.record_approval(u, case_id, self.approval())
        with self.at(china_datetime(ADMISSION, 9)), self.uow(self.officer) as u:
            intake.admit(u, case_id, AdmissionInput(ADMISSION, VALID_ID))
        with self.at(china_datetime(ADMISSION, 10)), self.uow(self.physician) as u:
            treatment.create_plan(u, case_id, self.plan())
        return case_id

    def on_time(self, records: list[tuple[str, int]]) -> datetime:
        """When a ward signs ``records`` at once: just after the latest of their events."""
        with self.uow() as u:
            events = [signature_timing.event_of(u.session, *record) for record in records]
        return max(e.at or china_datetime(e.day, 17) for e in events) + timedelta(minutes=5)

    def patient_name(self) -> str:
        """Who signs as the patient (the registration's name)."""
        return "张三"

    def sign_as_patient(self, records: list[tuple[str, int]]) -> int:
        """The patient signs the records on the day of their events, one signature per day,
        right after the last of that day (``signature_timing``); returns the last signature."""
        strokes = synthetic_strokes(7)
        signature_id = 0
        for moment, group in self._by_event_day(records):
            with self.at(moment), self.uow(self.therapist) as u:
                signature_id = signing.sign(u, group, "patient_confirms_sessions",
                                            signing.Signer("patient", self.patient_name()),
                                            handwriting=signing.Handwriting(strokes, render_png(strokes)))
        return signature_id

    def sign_as_therapist(self, session_ids: list[int], actor: int | None = None,
                          password: str | None = None) -> int:
        """The performer signs the sessions (实施人签名) with one password signature, as a
        ward therapist does at the end of the day, with the password the test gave them
        (``password``, or ``passwords``), else ``STAFF_PASSWORD``, set here."""
        actor = actor or self.therapist
        password = password or self.passwords.get(actor)
        if password is None:
            password = self.passwords[actor] = STAFF_PASSWORD
            with self.uow(self.admin) as u:
                accounts.set_password(u, actor, password, hasher=accounts.DEMO_HASHER)
        signature_id = 0
        for moment, group in self._by_event_day([("treatment_session", i) for i in session_ids]):
            with self.at(moment), self.uow(actor) as u:
                signature_id = signing.sign(u, group, Meaning.THERAPIST_SIGNS, signing.Signer(
                    "staff", staff_user_id=actor, password=password))
        return signature_id

    def password_of(self, actor: int) -> str:
        """The password the test gave ``actor``, else ``STAFF_PASSWORD``, set here."""
        password = self.passwords.get(actor)
        if password is None:
            password = self.passwords[actor] = STAFF_PASSWORD
            with self.uow(self.admin) as u:
                accounts.set_password(u, actor, password, hasher=accounts.DEMO_HASHER)
        return password

    def sign_charges(self, case_id: int, actor: int | None = None) -> int:
        """Who entered the case's charges signs them off (录入人签名确认, charge_signing)."""
        from desktop_app.services.claims import charge_signing

        actor = actor or self.officer
        password = self.password_of(actor)
        with self.uow(actor) as u:
            return charge_signing.sign_charges(u, case_id, password)

    def _by_event_day(self, records: list[tuple[str, int]]) -> list[tuple[datetime, list[tuple[str, int]]]]:
        """``records`` grouped by the day of their events, each with the moment a ward signs
        them: five minutes after the day's last event (``signature_timing``)."""
        days: dict[date, list[tuple[str, int]]] = {}
        moments: dict[date, datetime] = {}
        with self.uow() as u:
            for record in records:
                event = signature_timing.event_of(u.session, *record)
                days.setdefault(event.day, []).append(record)
                moment = event.at or china_datetime(event.day, 17)
                moments[event.day] = max(moments.get(event.day, moment), moment)
        return [(moments[day] + timedelta(minutes=5), group) for day, group in sorted(days.items())]

    def record_session(self, case_id: int, day: date) -> int:
        """A 30-minute session; each case at its own half hour, so the one therapist (and a
        worker registered for several cases) is never in two sessions at once."""
        start = china_datetime(day, 8) + timedelta(minutes=30 * (case_id % 20))
        with self.at(start + timedelta(minutes=31)), self.uow(self.therapist) as u:
            return treatment.record_session(u, case_id, self.session(
                day, started_at=start, ended_at=start + timedelta(minutes=30))).id

    def discharged_case(self) -> int:
        """Admitted; plan and two sessions signed by the therapist and the patient; discharged."""
        case_id = self.admitted_case()
        ids = [self.record_session(case_id, ADMISSION + timedelta(days=n)) for n in (1, 2)]
        with self.uow() as u:
            plan = current_plan(u.session, case_id)
            assert plan is not None
            plan_id = plan.id
        self.sign_as_patient([("treatment_plan", plan_id)])
        self.sign_as_therapist(ids)
        self.sign_as_patient([("treatment_session", i) for i in ids])
        with self.at(china_datetime(DISCHARGE, 16)), self.uow(self.physician) as u:
            treatment.discharge(u, case_id, DischargeInput(DISCHARGE, "completed", None, "home", "same_job"))
        return case_id

    def archived_case(self) -> int:
        case_id = self.discharged_case()
        with self.uow(self.officer) as u:
            retention.archive_case(u, case_id)
        return case_id

    def sealed_case(self) -> int:
        case_id = self.admitted_case()
        with self.uow(self.officer) as u:
            retention.seal_case(u, case_id, "医疗纠纷")
        return case_id


def build_archive(uow: Callable[..., UnitOfWork], clock: FixedClock, region_text: str = "泸州市",
                  policy_region: str | None = None) -> Archive:
    """Institution (its region's pack, read from ``region_text`` unless ``policy_region``
    names it), one member of staff per role and an assistant, the demo catalogue."""
    with uow() as u:
        setup.save_institution(u, setup.InstitutionInput(
            name="测试康复医院", region=region_text, policy_region=policy_region))
    ids = {}
    for username, name, role in (("admin", "管理员", "admin"), ("doc", "王医生", "physician"),
                                 ("pt", "李治疗师", "therapist"), ("ro", "孙档案员", "records_officer")):
        with uow(ids.get("admin")) as u:  # the first run adds the administrator
            licence = f"LIC-{username}" if role in ("physician", "therapist") else None
            ids[role] = setup.add_staff(u, username, name, role, licence_number=licence)
    with uow(ids["admin"]) as u:
        catalogue.import_catalogue(u, catalogue.demo_pack_path(), catalogue.PackInfo(
            region="演示", version="1", name="演示目录", effective_from=date(2020, 1, 1),
            is_demo=True))
    with uow() as u:
        codes = {i.name: i.national_code for i in u.session.scalars(select(CatalogueItem))}
    with uow(ids["admin"]) as u:
        assistant = setup.add_staff(u, "pta", "赵助理", "assistant",
                                    supervisor_id=ids["therapist"])
    return Archive(uow, clock, ids["admin"], ids["physician"], ids["therapist"],
                   ids["records_officer"], codes, assistant)


@pytest.fixture
def archive(uow: Callable[..., UnitOfWork], clock: FixedClock) -> Archive:
    return build_archive(uow, clock)
