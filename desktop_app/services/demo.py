"""A realistic, reproducible demo archive, written through the real services.

Same seed and same ``as_of`` date → the same data. Every write goes through the
use cases, so the demo obeys the rules the app enforces: sessions stay within the
plan's and the prescription's counts and never overlap (a therapist or a patient in two
places at once), except where a case below goes beyond a count on purpose, with the
reason stated.

The institution is in 泸州 and works under the Luzhou pack plus the national baseline.
Whatever the number of patients, the first three are discharged cases whose settlement
claims exercise every payer class (``SHOWCASE``):

* patient 0 (outpatient): an out-of-catalogue drug with the worker's signed consent
  (self-paid, Luzhou Art. 31), an out-of-catalogue item without consent (borne by the
  institution, Art. 31), daily necessities (excluded, Art. 32(4)) and an examination
  before the approved period (excluded, Art. 32(1)); its discharge claim is final;
* patient 1 (inpatient): one session beyond the plan's count, recorded with its reason
  (excluded, Art. 32(1)), and a course ended while the worker refused to leave: the bed
  days after it are the worker's (Art. 32(7)); its discharge claim is final;
* patient 2 (inpatient): an out-of-catalogue item charged without consent, its claim
  made final, then the worker's consent signed on the day of the item is filed late: the
  correction (version 2, final) reverses the institution's line and bills it self-paid.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import OperationalError

from desktop_app.clock import FixedClock, china_datetime
from desktop_app.db.engine import SQLITE_BEGIN
from desktop_app.db.models import CatalogueItem, RehabCase
from desktop_app.domain.alerts import follow_up_due
from desktop_app.domain.identity import make_credit_code, make_resident_id
from desktop_app.domain.instruments import load_instruments
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.domain.vocabulary import (
    FOLLOW_UP_METHODS,
    FOLLOW_UP_MONTHS,
    RETURN_TO_WORK,
    RETURNED_TO_WORK,
    ConsentSigner,
    FeeCategory,
    Meaning,
    Role,
    SignerKind,
)
from desktop_app.errors import EnvironmentProblem, UserError
from desktop_app.services.admin import accounts, setup
from desktop_app.services.claims import bed_days, catalogue, charge_signing, claims, fees
from desktop_app.services.claims.claim_gate import DISCHARGE as DISCHARGE_PERIOD
from desktop_app.services.clinical import consent, course_end, follow_up, session_signing, treatment
from desktop_app.services.core import lookup
from desktop_app.services.core.commands import (
    AdmissionInput,
    ApprovalInput,
    ApprovedItemInput,
    AssessmentInput,
    DiagnosisInput,
    DischargeInput,
    EmployerInput,
    PlanInput,
    PlanItemInput,
    PrescriptionInput,
    RegistrationInput,
    SessionInput,
)
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.intake import intake
from desktop_app.services.integrity import signing
from desktop_app.services.records import retention

# Work status at discharge, in RETURN_TO_WORK's order: most return to work, some do not.
OUTCOME_WEIGHTS = (45, 15, 10, 12, 8, 10)
# Every demo account's password: for trying the demo archive only, never for real data.
DEMO_PASSWORD = "demo-2026"
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
            "许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
         "秀英", "建华", "志强", "海燕", "国庆", "春梅", "德胜", "小龙", "红霞", "建国", "永刚",
         "桂兰", "玉珍", "文博", "思远", "晓东", "丽娟", "金山", "卫东", "长江"]
AREAS = ["110105", "510502", "510521", "150203", "150207", "370302", "370303", "640104",
         "510503", "110108"]
EMPLOYERS = ["泸州市江阳建筑工程有限公司", "包头市钢铁机械制造有限公司", "淄博市陶瓷材料有限公司",
             "北京市朝阳物流配送有限公司", "宁夏银川煤化工有限公司", "泸州老窖酿酒配套服务有限公司",
             "包头稀土冶炼有限公司", "淄博市化工设备安装有限公司"]


@dataclass(frozen=True)
class InjuryProfile:
    category: str
    diagnosis: tuple[str, str]
    body_parts: tuple[str, ...]
    item_names: tuple[str, ...]


PROFILES = (
    InjuryProfile("WI01", ("S06.200", "弥漫性脑损伤"), ("头部",),
                  ("偏瘫肢体综合训练", "作业疗法", "言语训练", "认知知觉功能障碍训练")),
    InjuryProfile("WI02", ("S06.700", "颅内损伤伴延长昏迷"), ("头部",),
                  ("电动起立床训练", "运动疗法", "吞咽功能障碍训练")),
    InjuryProfile("WI03", ("S24.100", "胸段脊髓损伤"), ("胸椎", "脊髓"),
                  ("截瘫肢体综合训练", "减重支持系统训练", "轮椅功能训练")),
    InjuryProfile("WI04", ("S54.000", "前臂水平尺神经损伤"), ("右前臂",),
                  ("运动疗法", "手功能训练", "作业疗法")),
    InjuryProfile("WI05", ("S72.001", "股骨颈骨折"), ("右髋", "右大腿"),
                  ("运动疗法", "关节松动训练", "平衡功能训练")),
    InjuryProfile("WI06", ("S88.101", "创伤性小腿截肢"), ("左小腿",),
                  ("运动疗法", "平衡功能训练", "有氧训练")),
    InjuryProfile("WI07", ("S62.600", "手指骨折"), ("右手",),
                  ("手功能训练", "作业疗法", "关节松动训练")),
    InjuryProfile("WI08", ("S83.500", "膝交叉韧带扭伤"), ("左膝",),
                  ("运动疗法", "关节松动训练", "有氧训练")),
    InjuryProfile("WI09", ("T22.200", "肩和上肢二度烧伤"), ("左上肢", "左肩"),
                  ("运动疗法", "作业疗法", "关节松动训练")),
)


# The patients whose claims exercise every payer class (see the module docstring).
CONSENTED_CASE, REFUSED_TO_LEAVE_CASE, CORRECTED_CASE = 0, 1, 2
CONSENT_AFTER_DAYS = 3  # the out-of-catalogue drug is given (and consented to) on the 4th day
SHOWCASE = (CONSENTED_CASE, REFUSED_TO_LEAVE_CASE, CORRECTED_CASE)
# Half-hour treatment slots: 08:00–12:00 and 14:00–18:00.
SLOTS = tuple((hour, minute) for hour in (8, 9, 10, 11, 14, 15, 16, 17) for minute in (0, 30))
SESSION_MINUTES = 30
BEYOND_PLAN_REASON = "患者要求加强训练，经医师同意；超出方案次数，不由基金支付"
# Items outside the work-injury catalogues (demo names and prices).
CONSENTED_DRUG = ("ZF-DRUG-0001", "鼠神经生长因子注射液（目录外，演示）", "支", Decimal("198.00"))
UNCONSENTED_ITEM = ("ZF-MED-0001", "体外冲击波治疗（目录外，演示）", "次", Decimal("180.00"))
LATE_CONSENT_DRUG = ("ZF-DRUG-0002", "复方氨基酸营养液（目录外，演示）", "瓶", Decimal("56.50"))
NECESSITY = ("SH-0001", "生活用品（护理垫、洗漱用品，演示）", "套", Decimal("32.00"))


@dataclass
class DemoSummary:
    patients: int
    cases: int
    as_of: date


log = logging.getLogger(__name__)
# The demo's largest tables, analysed on PostgreSQL every few patients (_Demo.refresh_statistics).
ANALYZED_TABLES = ("treatment_session", "signature", "signature_item", "audit_event", "fee_line",
                   "prescription", "plan_item", "assessment", "staff_user", "rehab_case")
ANALYZE_EVERY = 3


class _Demo:
    # How the patients spread (a benchmark narrows it): days from injury to ``as_of``, which
    # indexes (mod 10) still wait for the approval or the admission, which (mod 5) finish early.
    injury_days = (30, 260)
    waiting_for_approval, waiting_for_admission = (9,), (8,)
    early_finishers = (0, 2)
    approval_lengths = (60, 90, 120)
    showcase = SHOWCASE  # patients whose claims exercise every payer class
    extra_therapists = 0  # beyond the four named ones (a therapist gives 16 sessions a day)

    def __init__(self, engine: Engine | Connection, seed: int, as_of: date) -> None:
        self.engine = engine
        self.rng = random.Random(seed)
        self.seed = seed
        self.as_of = as_of
        self.clock = FixedClock(china_datetime(as_of - timedelta(days=400), 8))
        self.staff: dict[str, list[int]] = {}
        self.booked: dict[tuple[date, int], set[int]] = {}  # (day, therapist) → slots taken
        self.handwriting: dict[int, tuple[list[list[tuple[float, float, int]]], bytes]] = {}

    def uow(self, actor: int | None = None) -> UnitOfWork:
        return UnitOfWork(self.engine, clock=self.clock, actor_id=actor)

    def at(self, day: date, hour: int = 9, minute: int = 0) -> None:
        """Move the clock forward (never back) to a moment of the simulated day."""
        self.at_moment(china_datetime(day, hour, minute))

    def at_moment(self, moment: datetime) -> None:
        if moment > self.clock.current:
            self.clock.current = moment
        else:
            self.clock.current += timedelta(seconds=1)

    def begin_patient(self, day: date) -> None:
        """Each patient's story runs on its own days: the clock starts again at the first
        step of it (patients are written one after another, their courses overlap), so every
        record and signature of a patient carries the moment it happened."""
        self.clock.current = china_datetime(day, 8)

    def run(self, patients: int, progress: Callable[[int, int], None] | None = None) -> DemoSummary:
        self.setup()
        for index in range(patients):
            self.patient(index)
            if index % ANALYZE_EVERY == 0:
                self.refresh_statistics()
            if progress is not None:
                progress(index + 1, patients)
        return DemoSummary(patients, patients, self.as_of)

    def refresh_statistics(self) -> None:
        """PostgreSQL plans the demo's queries from table statistics taken while the tables
        were empty (the demo is one transaction, which autovacuum never sees): a join it
        believes empty becomes a nested scan over thousands of rows (a 10-patient demo took
        six minutes). ``ANALYZE`` inside the transaction counts its own new rows."""
        if not isinstance(self.engine, Connection) or self.engine.dialect.name != "postgresql":
            return
        for table in ANALYZED_TABLES:
            self.engine.exec_driver_sql(f"ANALYZE {table}")

    def setup(self) -> None:
        with self.uow() as uow:
            setup.save_institution(uow, setup.InstitutionInput(
                name="泸州市工伤康复医院（演示）", region="泸州市", agreement_number="LZGS-XY-2025-007",
                agreement_valid_from=date(2025, 1, 1), agreement_valid_to=date(2027, 12, 31),
                credit_code=make_credit_code("12510500MB158321X"),
                address="四川省泸州市江阳区康复路1号", phone="0830-0000000"))
        people = [("admin", "系统管理员", Role.ADMIN), ("doc_wang", "王建国", Role.PHYSICIAN),
                  ("doc_li", "李静", Role.PHYSICIAN), ("pt_zhang", "张伟", Role.THERAPIST),
                  ("pt_chen", "陈敏", Role.THERAPIST), ("ot_liu", "刘洋", Role.THERAPIST),
                  ("st_zhao", "赵芳", Role.THERAPIST), ("ro_sun", "孙丽娟", Role.RECORDS_OFFICER)]
        for username, name, role in people:
            with self.uow(self.staff.get(Role.ADMIN, [None])[0]) as uow:
                staff_id = setup.add_staff(uow, username, name, role,
                                           licence_number=f"LIC-{username.upper()}")
            self.staff.setdefault(role, []).append(staff_id)
            with self.uow(self.staff[Role.ADMIN][0]) as uow:
                accounts.set_password(uow, staff_id, DEMO_PASSWORD, hasher=accounts.DEMO_HASHER)
        for n in range(self.extra_therapists):
            with self.uow(self.staff[Role.ADMIN][0]) as uow:
                self.staff[Role.THERAPIST].append(setup.add_staff(
                    uow, f"pt_{n + 1:03d}", f"康复治疗师{n + 1:03d}", Role.THERAPIST,
                    licence_number=f"LIC-PT-{n + 1:03d}"))
        with self.uow(self.staff[Role.ADMIN][0]) as uow:
            catalogue.import_catalogue(uow, catalogue.demo_pack_path(), catalogue.PackInfo(
                region="演示", version="2025.1", name="演示收费目录（价格为演示值）",
                effective_from=date(2020, 1, 1), source="resources/catalogues/demo_pack.csv",
                is_demo=True))
        with self.uow(self.staff[Role.ADMIN][0]) as uow:  # the demo ward treats on weekdays
            setup.set_ward_rules(uow, (time(8, 0), time(18, 0)), (6, 7))
        with self.uow() as uow:
            items = uow.session.scalars(select(CatalogueItem)).all()
            self.by_name = {i.name: i.national_code for i in items}
            self.bed_code = next(i.national_code for i in items if i.category == FeeCategory.BED)

    def name(self) -> str:
        surname = self.rng.choice(SURNAMES)
        return surname + self.rng.choice(GIVEN)

    def patient(self, index: int) -> None:
        rng = self.rng
        profile = PROFILES[index % len(PROFILES)]
        # Spread injuries over the last ~8 months, so some courses are over and many run.
        # A showcase case starts early enough to have been discharged by ``as_of``.
        injury_days = (max(200, self.injury_days[0]), max(260, self.injury_days[1])) \
            if index in self.showcase else self.injury_days
        injury_date = self.as_of - timedelta(days=rng.randint(*injury_days))
        recognition_date = injury_date + timedelta(days=rng.randint(10, 25))
        stage = ("ACUTE", "STABLE", "STABLE", "MAINT", "RECUR")[index % 5]
        grade = rng.randint(1, 4) if stage == "MAINT" else rng.choice([None, 5, 7, 8, 9, 10])
        setting = "inpatient" if index % 3 else "outpatient"
        birth = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
        sex = rng.choice("MF")
        resident_id = make_resident_id(rng.choice(AREAS), birth, rng.randint(1, 499), sex)
        employer_name = EMPLOYERS[index % len(EMPLOYERS)]
        credit = make_credit_code(f"91510500{index % len(EMPLOYERS):03d}0000{7:02d}")
        self.begin_patient(recognition_date)
        self.at(recognition_date, 10)
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            registered = intake.register_case(uow, RegistrationInput(
                name=self.name(), resident_id=resident_id,
                phone=f"13{rng.randint(100000000, 999999999)}",
                employer=EmployerInput(employer_name, credit, insurance_region="泸州市"),
                recognition_number=f"泸人社工认〔{injury_date.year}〕{1000 + index}号",
                recognition_date=recognition_date, injury_date=injury_date,
                injured_body_parts=profile.body_parts,
                diagnoses=(DiagnosisInput(*profile.diagnosis),),
                disease_category=profile.category, stage=stage, setting=setting,
                modes=("early_intervention",) if stage == "ACUTE" else (),
                disability_grade=grade,
                relative_name=self.name(), relative_relation=rng.choice(["配偶", "子女", "父母"]),
                rehab_value_assessment="经评估具有康复价值，预计功能可明显改善。",
                rehab_value_date=recognition_date,
                treatment_recommendation="建议住院康复治疗，以运动疗法、作业疗法为主。",
            ))
        case_id = registered.case_id
        if index % 10 in self.waiting_for_approval:
            return  # waiting for approval
        approval_date = recognition_date + timedelta(days=rng.randint(3, 20))
        if approval_date >= self.as_of:
            return
        length = rng.choice(self.approval_lengths)
        period_to = approval_date + timedelta(days=length)
        codes = [self.by_name[n] for n in profile.item_names]
        self.at(approval_date, 11)
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            intake.record_approval(uow, case_id, ApprovalInput(
                kind="approval", decision_number=f"泸工康核〔{approval_date.year}〕{200 + index}号",
                decision_date=approval_date, issuing_body="泸州市劳动能力鉴定委员会",
                period_from=approval_date, period_to=period_to,
                items=tuple(ApprovedItemInput(c, n, length) for c, n in
                            zip(codes, profile.item_names, strict=True))
                + ((ApprovedItemInput(self.bed_code, "床位费", None),)
                   if setting == "inpatient" else ())))
        if index % 10 in self.waiting_for_admission:
            return  # approved, not yet admitted
        admission = approval_date + timedelta(days=rng.randint(1, 5))
        if admission >= self.as_of:
            return
        self.at(admission, 9)
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            intake.admit(uow, case_id, AdmissionInput(
                admission, resident_id, check_method="id_card_reader",
                bed_number=f"{rng.randint(3, 9)}-{rng.randint(1, 40):02d}" if setting == "inpatient"
                else None))
        self.treat(case_id, codes, admission, period_to, index)

    def treat(self, case_id: int, codes: list[str], admission: date, period_to: date,
              index: int) -> None:
        rng = self.rng
        physician = self.staff[Role.PHYSICIAN][index % 2]
        therapists = self.staff[Role.THERAPIST]
        # Some finish early; every case whose approved period is over has been discharged.
        stay = timedelta(days=rng.randint(30, 55))
        early = index % 5 in self.early_finishers and admission + stay < self.as_of
        discharged = early or period_to < self.as_of
        last_day = min(period_to, self.as_of - timedelta(days=1))
        if early:
            last_day = min(last_day, admission + stay)
        showcase = index in self.showcase and discharged
        # The course ends a week before the discharge while the worker refuses to leave.
        course_ended = last_day - timedelta(days=7) if showcase and \
            index == REFUSED_TO_LEAVE_CASE and last_day - admission > timedelta(days=14) else None
        self.at(admission, 9, 30)
        self.assess(case_id, "pre", admission, physician, 0.25)
        # Every item once a working day at most: the plan and the prescriptions count the
        # working days of the approved period, so a course stays within them.
        planned = dict.fromkeys(codes, _weekdays(admission + timedelta(days=1), period_to))
        beyond_plan = None
        if course_ended is not None:
            planned[codes[0]] = 20  # one session goes beyond it, with the reason stated
            beyond_plan = codes[0]
        with self.uow(physician) as uow:
            plan = treatment.create_plan(uow, case_id, PlanInput(
                period_from=admission, period_to=period_to,
                goals="改善肢体运动功能，提高日常生活活动能力。",
                expected_effect="Barthel指数提高20分以上，可独立完成大部分日常生活活动。",
                precautions="训练中注意防跌倒；如有不适立即停止并告知治疗师。",
                items=tuple(PlanItemInput(c, "每日1次", planned[c]) for c in codes)))
        self.patient_signs(case_id, therapists[0], [("treatment_plan", plan.id)],
                           Meaning.PATIENT_CONFIRMS_PLAN, proxy=index % 7 == 3)
        self.staff_signs(physician, [("treatment_plan", plan.id)], Meaning.PHYSICIAN_SIGNS)
        prescriptions: dict[str, int] = {}
        for code, therapist in zip(codes, therapists * 2, strict=False):
            with self.uow(physician) as uow:
                prescriptions[code] = treatment.prescribe(uow, case_id, PrescriptionInput(
                    national_code=code, count=planned[code], frequency="每日1次",
                    prescribed_on=admission, prescriber_id=physician,
                    assigned_therapist_id=therapist, parameters="每次30分钟")).id
        self.staff_signs(physician, [("prescription", i) for i in prescriptions.values()],
                         Meaning.PHYSICIAN_SIGNS)
        done = dict.fromkeys(codes, 0)
        day = admission + timedelta(days=1)
        last_session_day = course_ended or last_day
        mid_done = False
        # The worker consents to the out-of-catalogue drug on the day it is given.
        consent_day = admission + timedelta(days=CONSENT_AFTER_DAYS) \
            if showcase and index == CONSENTED_CASE else None
        while day <= last_session_day:
            if day.weekday() < 5:
                ids = self.sessions_on(case_id, day, codes, prescriptions, therapists, planned,
                                       done, beyond_plan)
                if beyond_plan is not None and done[beyond_plan] > planned[beyond_plan]:
                    beyond_plan = None  # once
                # The patient signs for the day's sessions right after the last one; a
                # running course's last day still waits for the patient's signature.
                if ids and (discharged or day < last_day):
                    self.at_moment(self.clock.current + timedelta(minutes=2))
                    self.patient_signs(case_id, therapists[0], [("treatment_session", i) for i in ids],
                                       Meaning.PATIENT_CONFIRMS_SESSIONS)
            if day == consent_day:
                self.at(day, 15)
                self.consent(case_id, physician, CONSENTED_DRUG, 10, day)
            if not mid_done and (day - admission).days >= 28:
                self.assess(case_id, "mid", day, physician, 0.55)
                mid_done = True
            day += timedelta(days=1)
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            fees.charge_sessions(uow, case_id)
        if course_ended is not None:
            self.at(course_ended, 16)
            with self.uow(physician) as uow:
                course_end.record_course_end(uow, case_id, course_ended, "worker_refused")
        if discharged:
            self.assess(case_id, "post", course_ended or last_day, physician, 0.85)
            self.at(last_day, 16)
            with self.uow(physician) as uow:
                treatment.discharge(uow, case_id, DischargeInput(
                    last_day, "completed" if index % 2 == 0 else "no_further_benefit",
                    f"{course_ended}康复结束，职工拒不出院至{last_day}。" if course_ended else
                    "按计划完成康复治疗，功能明显改善。", *self.outcome_at_discharge(case_id)))
        self.bed_days(case_id, admission, last_day)
        if showcase:
            self.payers(index, case_id, admission, physician)
        if discharged:
            with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
                retention.archive_case(uow, case_id)
            self.follow_ups(case_id, last_day)

    # -------------------------------------------------------------- outcome and follow-up

    def outcome_rng(self, case_id: int) -> random.Random:
        """The case's own generator for its outcome: the main one's sequence (and so every
        other demo record) stays what it was before outcomes were added."""
        return random.Random(f"{self.seed}:outcome:{case_id}")

    def outcome_at_discharge(self, case_id: int) -> tuple[str, str, int | None]:
        """Destination, work status and satisfaction (asked of most): most return to work."""
        rng = self.outcome_rng(case_id)
        work = rng.choices(RETURN_TO_WORK, weights=OUTCOME_WEIGHTS)[0]
        if work in RETURNED_TO_WORK:
            destination = "work" if rng.random() < 0.8 else "home"
        elif work == "unknown":
            destination = rng.choice(("home", "other_institution", "care_facility"))
        else:
            destination = "home" if rng.random() < 0.85 else "other"
        return destination, work, rng.randint(3, 5) if rng.random() < 0.7 else None

    def follow_ups(self, case_id: int, discharged: date) -> None:
        """The follow-ups due by ``as_of`` (3/6/12 months after discharge), by the records
        officer a few days after each falls due; about one in five is missing, so the
        alerts ask for it. A worker not back at work sometimes is by the next one."""
        rng = random.Random(f"{self.seed}:follow_up:{case_id}")
        with self.uow() as uow:
            work = str(uow.session.get(RehabCase, case_id).return_to_work)  # type: ignore[union-attr]
        officer = self.staff[Role.RECORDS_OFFICER][0]
        for months in FOLLOW_UP_MONTHS:
            contacted = follow_up_due(discharged, months) + timedelta(days=rng.randint(0, 12))
            if contacted >= self.as_of or rng.random() < 0.2:
                continue
            if work not in RETURNED_TO_WORK and rng.random() < 0.35:
                work = rng.choice(("other_employer", "other_job_same_employer"))
            self.at(contacted, 10)
            with self.uow(officer) as uow:
                follow_up.record_follow_up(uow, case_id, follow_up.FollowUpInput(
                    months, contacted, rng.choices(FOLLOW_UP_METHODS, weights=(8, 2, 1, 1))[0], work,
                    rng.randint(3, 5) if rng.random() < 0.6 else None,
                    "电话随访，已返岗。" if work in RETURNED_TO_WORK else "电话随访，尚未就业。"))

    # -------------------------------------------------------------- every payer class

    def payers(self, index: int, case_id: int, admission: date, physician: int) -> None:
        """The charges, consents and claims of a showcase case (module docstring)."""
        officer = self.staff[Role.RECORDS_OFFICER][0]
        if index == CONSENTED_CASE:
            with self.uow(officer) as uow:
                approved_from = min(a.period_from for a in lookup.approvals(uow.session, case_id))
            drug_day = admission + timedelta(days=CONSENT_AFTER_DAYS)  # consented that day
            # Imported as the pharmacy and the ward send them (domain.charges_csv).
            rows = [(drug_day, CONSENTED_DRUG, FeeCategory.DRUG, 10, ""),
                    (admission + timedelta(days=8), UNCONSENTED_ITEM, FeeCategory.MEDICAL, 2, ""),
                    (admission + timedelta(days=10), NECESSITY, FeeCategory.OTHER, 1, "daily_necessity")]
            text = "occurred_on,national_code,category,quantity,unit_price,name,unit,out_of_scope," \
                   "charge_kind,without_consent\n" + "".join(
                       f"{day},{code},{category},{quantity},{price},{name},{unit},是,{kind},"
                       f"{'' if code == CONSENTED_DRUG[0] else '是'}\n"
                       for day, (code, name, unit, price), category, quantity, kind in rows)
            self.at(admission + timedelta(days=10), 17)
            with self.uow(officer) as uow:
                report = fees.import_charges(uow, case_id, text)
            assert report.ok, report.errors
            # An examination the day before the approved period began: outside it.
            with self.uow(officer) as uow:
                fees.add_charge(uow, case_id, fees.ChargeInput(
                    self.by_name["演示检查（X线摄影 单部位）"], approved_from - timedelta(days=1),
                    Decimal(1), FeeCategory.MEDICAL))
            self.sign_charges(case_id)
            self.final_claim(case_id)
        elif index == REFUSED_TO_LEAVE_CASE:
            self.final_claim(case_id)
        elif index == CORRECTED_CASE:
            drug_day = admission + timedelta(days=5)
            code, name, unit, price = LATE_CONSENT_DRUG
            with self.uow(officer) as uow:
                fees.add_charge(uow, case_id, fees.ChargeInput(
                    code, drug_day, Decimal(4), FeeCategory.DRUG, out_of_scope=True, name=name, unit=unit,
                    unit_price=price, without_consent=True))
            self.sign_charges(case_id)
            first = self.final_claim(case_id)
            # The consent the worker signed that day turns up after the claim was frozen.
            self.consent(case_id, physician, LATE_CONSENT_DRUG, 4, drug_day)
            with self.uow(officer) as uow:
                corrected = claims.correct_claim(uow, first, f"补交{drug_day}签署的目录外用药知情同意书，"
                                                 "该药品改为自付（泸州第三十一条）")
            with self.uow(officer) as uow:
                claims.finalize_claim(uow, corrected)

    def consent(self, case_id: int, physician: int, item: tuple[str, str, str, Decimal],
                count: int, signed_on: date) -> None:
        """The worker's written consent to an out-of-catalogue item, signed on the pad."""
        code, name, unit, price = item
        with self.uow(physician) as uow:
            worker = uow.session.get(RehabCase, case_id).worker.name  # type: ignore[union-attr]
            recorded = consent.record_consent(uow, case_id, consent.ConsentInput(
                (consent.ConsentItemInput(code, count, name, unit, price),), ConsentSigner.WORKER, worker,
                signed_on, note="已告知该药品不在工伤保险目录内，费用自负"))
        self.patient_signs(case_id, physician, [("out_of_scope_consent", recorded.id)],
                           Meaning.PATIENT_CONSENTS)

    def sign_charges(self, case_id: int) -> None:
        """The records officer signs off the charges they entered (charge_signing)."""
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            charge_signing.sign_charges(uow, case_id, DEMO_PASSWORD)

    def final_claim(self, case_id: int) -> int:
        officer = self.staff[Role.RECORDS_OFFICER][0]
        with self.uow(officer) as uow:
            claim_id = claims.build_claim(uow, case_id, DISCHARGE_PERIOD)
        with self.uow(officer) as uow:
            claims.finalize_claim(uow, claim_id)
        return claim_id

    def staff_signs(self, actor: int, records: list[tuple[str, int]], meaning: str) -> None:
        with self.uow(actor) as uow:
            signing.sign(uow, records, meaning, signing.Signer(
                SignerKind.STAFF, staff_user_id=actor, password=DEMO_PASSWORD))

    def patient_signs(self, case_id: int, actor: int, records: list[tuple[str, int]],
                      meaning: str, *, proxy: bool = False) -> None:
        # One handwriting per patient (and one for proxies): rendering is the slow part.
        seed = 0 if proxy else case_id
        if seed not in self.handwriting:
            strokes = synthetic_strokes(seed + 100)
            self.handwriting[seed] = (strokes, render_png(strokes))
        strokes, image = self.handwriting[seed]
        with self.uow(actor) as uow:
            patient = uow.session.get(RehabCase, case_id)
            assert patient is not None
            signer = (signing.Signer(SignerKind.RELATIVE, self.name(), relationship="配偶",
                                     proof_note="患者右手骨折无法书写，配偶代签，已核对身份证和结婚证")
                      if proxy else signing.Signer(SignerKind.PATIENT, patient.worker.name))
            signing.sign(uow, records, meaning, signer, handwriting=signing.Handwriting(
                strokes, image, device="演示数据（合成笔迹）"))

    def sessions_on(self, case_id: int, day: date, codes: list[str],
                    prescriptions: dict[str, int], therapists: list[int],
                    planned: dict[str, int], done: dict[str, int],
                    beyond_plan: str | None = None) -> list[int]:
        """The day's sessions: each item at most once, within the plan's count (except
        ``beyond_plan``, once, with its reason), each in a free half-hour slot of its
        therapist (or a colleague's) after the patient's previous one."""
        todays = [c for c in codes if self.rng.random() < 0.8] or codes[:1]
        slot = self.rng.randrange(4)  # the patients arrive at different times
        ids = []
        for code in todays:
            reason = None
            if done[code] >= planned[code]:
                if code != beyond_plan:
                    continue
                reason = BEYOND_PLAN_REASON
            preferred = therapists[codes.index(code) % len(therapists)]
            found = self.book(day, slot, [preferred, *(t for t in therapists if t != preferred)])
            if found is None:
                continue  # everyone is busy: not today
            taken, therapist = found
            slot = taken + 1
            hour, minute = SLOTS[taken]
            start = china_datetime(day, hour, minute)
            end = start + timedelta(minutes=SESSION_MINUTES)
            # Recorded and signed by its therapist (实施人签名) as it ends.
            self.at_moment(end)
            with self.uow(therapist) as uow:
                ids.append(session_signing.record_and_sign(uow, case_id, SessionInput(
                    national_code=code, therapist_id=therapist, started_at=start,
                    ended_at=end, count=1, location="康复治疗大厅",
                    prescription_id=prescriptions[code], limit_reason=reason),
                    DEMO_PASSWORD).id)
            done[code] += 1
        return ids

    def book(self, day: date, first: int, therapists: list[int]) -> tuple[int, int] | None:
        """The earliest slot from ``first`` on that one of ``therapists`` has free (taken)."""
        for slot in range(first, len(SLOTS)):
            for therapist in therapists:
                taken = self.booked.setdefault((day, therapist), set())
                if slot not in taken:
                    taken.add(slot)
                    return slot, therapist
        return None

    def bed_days(self, case_id: int, admission: date, last_day: date) -> None:
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            setting = uow.session.get(RehabCase, case_id).setting  # type: ignore[union-attr]
        if setting != "inpatient":
            return
        # One line a day at the day's price (admission day in, discharge day out), the days the
        # worker stayed on after the course's end included: the coverage rules judge each day.
        self.at(last_day, 17)
        with self.uow(self.staff[Role.RECORDS_OFFICER][0]) as uow:
            bed_days.charge_bed_days(uow, case_id, max(admission, last_day - timedelta(days=1)),
                                     self.bed_code)
        self.sign_charges(case_id)

    def assess(self, case_id: int, phase: str, day: date, assessor: int, level: float) -> None:
        ids = []
        for code in ("BI", "BBS"):
            values = _values_at(code, level, self.rng.random)
            self.at(day, 8, 30)
            with self.uow(assessor) as uow:
                ids.append(treatment.record_assessment(uow, case_id, AssessmentInput(
                    phase=phase, instrument_code=code, values=values, assessed_on=day,
                    assessor_id=assessor)).id)
        self.staff_signs(assessor, [("assessment", i) for i in ids], Meaning.ASSESSOR_SIGNS)


def _weekdays(first: date, last: date) -> int:
    return sum(1 for n in range((last - first).days + 1)
               if (first + timedelta(days=n)).weekday() < 5)


def _values_at(code: str, level: float, noise: Callable[[], float]) -> dict[str, object]:
    """Item values around a recovery level between 0 (worst) and 1 (best)."""
    instrument = load_instruments()[code]
    values: dict[str, object] = {}
    for item in instrument.items:
        allowed = list(item.allowed)
        position = min(len(allowed) - 1, max(0, round((level + (noise() - 0.5) * 0.3)
                                                       * (len(allowed) - 1))))
        values[item.key] = allowed[position]
    return values


def _statistics_examples(conn: Connection, as_of: date) -> None:
    """What the patients alone do not show in the statistics (an extension, a readmission,
    a returned and a deducted claim, sessions beyond the daily count), added through the
    same use cases; one that cannot be added (a small demo) is logged, not fatal."""
    from desktop_app.services.statistics.demo_examples import add_statistics_examples

    for line in add_statistics_examples(conn, as_of, DEMO_PASSWORD):
        if line.startswith("not added"):
            log.warning("demo: %s", line)


def generate_demo(engine: Engine, patients: int, seed: int, as_of: date | None = None,
                  progress: Callable[[int, int], None] | None = None, *,
                  statistics_examples: bool = False) -> DemoSummary:
    """Fill an empty archive with ``patients`` demo patients and their cases, in one
    transaction: a demo interrupted anywhere (an error, a kill, a full disk) leaves the
    archive as it was, so it can simply be run again, and nobody ever sees half a demo.
    Each use case's commit only ends its part (the session joins the outer transaction).
    ``statistics_examples``: also what the patients alone do not show in the statistics
    (an extension, a readmission, answered claims, late sessions beyond the daily count);
    the desktop's training archive and the first-run wizard's ask for them, the command
    line's ``demo`` (which the tests build on) does not."""
    if patients < 1:
        raise UserError("演示病人数须至少为1。", "The number of demo patients must be at least 1.")
    as_of = as_of or datetime.now(UTC).date()
    with engine.connect() as conn:
        conn.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})  # the write lock from the start
        try:
            with conn.begin():
                if conn.scalar(select(func.count()).select_from(RehabCase)):
                    raise UserError("档案中已有病例，演示数据只能生成到空档案中。",
                                    "The archive already has cases; demo data goes into an empty "
                                    "archive only.")
                summary = _Demo(conn, seed, as_of).run(patients, progress)
                if statistics_examples:
                    _statistics_examples(conn, as_of)
                return summary
        except (EnvironmentProblem, OperationalError) as error:
            # SQLite ends the whole transaction on a full disk, so the error seen may be a
            # savepoint's; either way nothing of the demo was kept.
            raise EnvironmentProblem(
                f"演示数据未生成（磁盘已满或数据库无法写入），档案未改变：{error}",
                f"The demo was not created (a full disk, or the database could not be written); "
                f"the archive is unchanged: {error}") from error
